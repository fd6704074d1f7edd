"""Compatibility path for ``benchmark.judges.base`` (the judge protocol and registry)."""

from ...judges.base import *  # noqa: F401,F403
from ...judges.base import BaseJudge, Judge, JudgeOutput, create_judge, judges  # noqa: F401
