"""The default fact judge ``align`` with its fitted parameters and private helpers."""

from .judge import AlignJudge

__all__ = ["AlignJudge"]
