"""Seeded bootstrap aggregates: exact means, deterministic intervals, missing values counted."""

from __future__ import annotations

import inspect
import math
from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from benchmark.scoring.aggregate import MeanCI, aggregate, mean_with_ci, signature_fields

VALUES = [0.31, 0.52, 0.18, 0.44, 0.27, 0.6, 0.05]


def test_mean_is_the_exact_arithmetic_mean():
    ci = mean_with_ci(VALUES)
    assert ci.mean == math.fsum(VALUES) / 7
    assert ci.mean == pytest.approx(2.37 / 7)
    assert (ci.n, ci.missing, ci.bootstrapped) == (7, 0, True)
    assert ci.low < ci.mean < ci.high


def test_interval_equals_scipy_percentile_bootstrap():
    """The same resampling as scipy.stats.bootstrap(method='percentile') with the same generator."""
    kw = "rng" if "rng" in inspect.signature(stats.bootstrap).parameters else "random_state"
    for seed in (0, 1, 42):
        want = stats.bootstrap(
            (np.array(VALUES),),
            np.mean,
            n_resamples=1000,
            confidence_level=0.95,
            method="percentile",
            vectorized=True,
            **{kw: np.random.default_rng(seed)},
        ).confidence_interval
        got = mean_with_ci(VALUES, seed=seed)
        assert got.low == pytest.approx(float(want.low), rel=1e-12)
        assert got.high == pytest.approx(float(want.high), rel=1e-12)


def test_deterministic_and_independent_of_global_numpy_state():
    a = mean_with_ci(VALUES, seed=3)
    np.random.seed(12345)
    np.random.random(10)
    b = mean_with_ci(VALUES, seed=3)
    assert a == b
    assert a.to_dict() == b.to_dict()
    assert mean_with_ci(VALUES, seed=4) != a  # the seed matters


def test_confidence_level_widens_the_interval():
    narrow = mean_with_ci(VALUES, confidence=0.5)
    wide = mean_with_ci(VALUES, confidence=0.99)
    assert wide.low < narrow.low < narrow.high < wide.high


def test_constant_values_have_a_point_interval():
    ci = mean_with_ci([0.25, 0.25, 0.25])
    assert (ci.mean, ci.low, ci.high) == (0.25, 0.25, 0.25)


def test_fewer_than_two_values_are_flagged():
    one = mean_with_ci([0.4])
    assert (one.mean, one.low, one.high, one.n, one.bootstrapped) == (0.4, 0.4, 0.4, 1, False)
    none = mean_with_ci([None, None])
    assert (none.mean, none.low, none.high, none.n, none.missing, none.bootstrapped) == (
        None, None, None, 0, 2, False,
    )
    assert mean_with_ci([]).n == 0


def test_none_values_are_skipped_and_counted():
    ci = mean_with_ci([0.2, None, 0.4, None])
    assert (ci.mean, ci.n, ci.missing) == (pytest.approx(0.3), 2, 2)
    # Same resamples as without the Nones: only the count of missing values differs.
    assert ci == replace(mean_with_ci([0.2, 0.4]), missing=2)


def test_bad_values_are_refused():
    with pytest.raises(ValueError, match="not a finite number"):
        mean_with_ci([0.1, float("nan")])
    with pytest.raises(TypeError, match="expected a number"):
        mean_with_ci([0.1, "0.2"])
    with pytest.raises(ValueError, match="n_resamples"):
        mean_with_ci(VALUES, n_resamples=0)


def test_aggregate_rows():
    rows = [
        {"rouge1_f": 0.5, "compression": 10.0, "fact_coverage": None},
        {"rouge1_f": 0.3, "compression": None},
        {"rouge1_f": 0.1, "compression": 20.0, "fact_coverage": 0.75},
    ]
    agg = aggregate(rows, ["rouge1_f", "compression", "fact_coverage", "absent"], n_resamples=200, seed=5)
    assert list(agg) == ["rouge1_f", "compression", "fact_coverage", "absent"]
    assert agg["rouge1_f"].mean == pytest.approx(0.3)
    assert (agg["rouge1_f"].n, agg["rouge1_f"].missing, agg["rouge1_f"].n_resamples) == (3, 0, 200)
    assert (agg["compression"].mean, agg["compression"].n, agg["compression"].missing) == (15.0, 2, 1)
    assert (agg["fact_coverage"].mean, agg["fact_coverage"].bootstrapped, agg["fact_coverage"].missing) == (
        0.75, False, 2,
    )
    assert agg["absent"].mean is None and agg["absent"].missing == 3
    # Key order does not change any number (each key has its own generator from the same seed).
    again = aggregate(rows, ["absent", "compression", "rouge1_f"], n_resamples=200, seed=5)
    assert again["rouge1_f"] == agg["rouge1_f"]
    assert MeanCI.from_dict(agg["rouge1_f"].to_dict()) == agg["rouge1_f"]


def test_signature_fields():
    assert signature_fields() == {"boot": "1000", "seed": "0"}
    assert signature_fields(500, 7) == {"boot": "500", "seed": "7"}
