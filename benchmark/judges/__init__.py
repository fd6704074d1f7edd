"""Key-fact judges: is each fact stated, missing or contradicted in a summary."""

from .base import DEFAULT_JUDGE, BaseJudge, Judge, JudgeOutput, create_judge, judges

__all__ = ["DEFAULT_JUDGE", "BaseJudge", "Judge", "JudgeOutput", "create_judge", "judges"]
