"""Compatibility path: the judges now live in ``benchmark.judges``; plug-ins written against this path keep working."""

from ...judges import DEFAULT_JUDGE, BaseJudge, Judge, JudgeOutput, create_judge, judges

__all__ = ["DEFAULT_JUDGE", "BaseJudge", "Judge", "JudgeOutput", "create_judge", "judges"]
