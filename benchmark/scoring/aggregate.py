"""Per-run aggregates: the exact mean of each metric over tasks, with a seeded bootstrap interval.
The one bootstrap of newsbench (``resample_indices``, ``percentile_interval``): ``bench diff`` and
``bench meta-eval`` resample with it too.

The interval is the percentile bootstrap of the mean: draw ``n_resamples`` samples of the tasks with
replacement, take each sample's mean, and report the ``(1 - confidence) / 2`` and
``(1 + confidence) / 2`` percentiles of those means (NumPy's default linear interpolation). Resampling
uses its own ``numpy.random.default_rng(seed)`` (never the global NumPy state), created afresh for
each metric: the same rows give the same floats on every call, and metrics with no missing values
are resampled with the same task indices (paired resamples).

``None`` (or an absent key) means "no value for this task" (a judge that failed, a compression ratio
of an empty summary): it is skipped and counted in ``missing``. With fewer than two values there is
nothing to resample: ``low == high == mean`` and ``bootstrapped`` is False; with none, all three are
``None``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 0
DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True)
class MeanCI:
    """A mean over tasks and its bootstrap interval."""

    mean: float | None
    low: float | None
    high: float | None
    n: int  # values averaged
    missing: int  # tasks without a value (None), not averaged
    bootstrapped: bool  # False when n < 2: the interval is the mean itself, not an estimate
    confidence: float = DEFAULT_CONFIDENCE
    n_resamples: int = DEFAULT_RESAMPLES

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "MeanCI":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


def _finite_floats(values: Iterable[float], what: str) -> list[float]:
    out: list[float] = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError(f"{what}: expected a number or None, got {v!r}")
        f = float(v)
        if not math.isfinite(f):
            raise ValueError(f"{what}: {f!r} is not a finite number; a scorer produced it, which is a bug")
        out.append(f)
    return out


def mean_with_ci(
    values: Sequence[float | None],
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = DEFAULT_CONFIDENCE,
    what: str = "values",
) -> MeanCI:
    """Exact arithmetic mean of the non-``None`` values and its percentile bootstrap interval."""
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, got {n_resamples}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    present = _finite_floats((v for v in values if v is not None), what)
    n = len(present)
    missing = len(values) - n
    common = {"n": n, "missing": missing, "confidence": confidence, "n_resamples": n_resamples}
    if n == 0:
        return MeanCI(mean=None, low=None, high=None, bootstrapped=False, **common)
    mean = math.fsum(present) / n
    if n < 2:
        return MeanCI(mean=mean, low=mean, high=mean, bootstrapped=False, **common)
    data = np.asarray(present, dtype=np.float64)
    means = data[resample_indices(n, n_resamples, seed)].mean(axis=1)
    low, high = percentile_interval(means, confidence)
    return MeanCI(mean=mean, low=low, high=high, bootstrapped=True, **common)


def resample_indices(n: int, n_resamples: int, seed: int) -> np.ndarray:
    """The bootstrap: ``n_resamples`` rows of ``n`` indices drawn with replacement from ``range(n)``,
    from a fresh ``numpy.random.default_rng(seed)`` (row ``i`` is the same as the ``i``-th of
    ``n_resamples`` successive draws of ``n``)."""
    return np.random.default_rng(seed).integers(0, n, size=(n_resamples, n))


def percentile_interval(draws: Sequence[float] | np.ndarray, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
    """The ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` percentiles of the bootstrap draws."""
    alpha = (1.0 - confidence) / 2.0
    low, high = np.percentile(np.asarray(draws, dtype=np.float64), [100.0 * alpha, 100.0 * (1.0 - alpha)])
    return float(low), float(high)


def aggregate(
    rows: Sequence[Mapping[str, float | None]],
    keys: Sequence[str],
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = DEFAULT_CONFIDENCE,
) -> dict[str, MeanCI]:
    """``mean_with_ci`` of each key over ``rows``, in ``keys`` order; a row without the key counts as None."""
    return {
        key: mean_with_ci(
            [row.get(key) for row in rows],
            n_resamples=n_resamples,
            seed=seed,
            confidence=confidence,
            what=f"metric {key!r}",
        )
        for key in keys
    }


def signature_fields(n_resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> dict[str, str]:
    """Signature fields of the aggregation: ``{"boot": "1000", "seed": "0"}``."""
    return {"boot": str(n_resamples), "seed": str(seed)}


__all__ = ["MeanCI", "aggregate", "mean_with_ci", "percentile_interval", "resample_indices", "signature_fields"]
