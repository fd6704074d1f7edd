"""newsbench's own regression test: every built-in baseline's numbers are pinned in tests/golden/.

A dependency upgrade (rouge-score, datasets, nupunkt, numpy), a change of the judge or of a metric
setting that moves any pinned number fails here with a list of what moved. Regenerate on purpose with
``python -m tests.golden.regenerate`` (see tests/golden/README.md).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_HERE = Path(__file__).parent / "golden"


def _load_golden_module():
    spec = importlib.util.spec_from_file_location("newsbench_golden_regenerate", _HERE / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


golden = _load_golden_module()
HINT = "\nIf the change is intended, regenerate with: python -m tests.golden.regenerate (see tests/golden/README.md)"


@pytest.fixture(scope="module")
def pinned() -> dict:
    if not golden.GOLDEN_PATH.exists():
        pytest.fail(f"{golden.GOLDEN_PATH} is missing; create it with: python -m tests.golden.regenerate")
    return golden.load()


@pytest.fixture(scope="module")
def current() -> dict:
    return golden.compute()


def test_every_builtin_baseline_is_pinned(pinned):
    assert sorted(pinned["systems"]) == sorted(golden.BASELINES)
    for spec, rec in pinned["systems"].items():
        assert len(rec["tasks"]) == 3, spec
        for task in rec["tasks"].values():
            labels = {f["label"] for f in task["facts"].values()}
            assert labels <= {"stated", "missing", "contradicted"}
            assert {"no-agreement", "talks-continue"} <= set(task["facts"])


def test_golden_scores_have_not_moved(pinned, current):
    moved = golden.compare(pinned, current)
    shown = moved[:80]
    more = f"\n... and {len(moved) - len(shown)} more (python -m tests.golden.regenerate --check lists all)" if len(moved) > len(shown) else ""
    assert not moved, f"{len(moved)} golden value(s) moved:\n" + "\n".join(shown) + more + HINT


def test_signature_settings_are_the_documented_defaults(pinned):
    for spec, rec in pinned["systems"].items():
        sig = rec["signature"]
        assert sig["stem"] == "porter", spec
        assert sig["rougeLsum"] == "newline", spec
        assert sig["rouge"] == "1/2/L/Lsum", spec
        assert sig["trunc"] == "75w", spec
        assert sig["sent"] == "nupunkt", spec
        assert sig["judge"].startswith("align@"), spec


def test_the_oracle_beats_lead_1_on_rouge2(pinned):
    # a sanity anchor on the pinned file itself: the oracle maximises ROUGE against the references
    agg = {s: pinned["systems"][s]["aggregate"]["all"] for s in ("oracle", "lead-1")}
    assert agg["oracle"]["rouge2_f"]["mean"] > agg["lead-1"]["rouge2_f"]["mean"]


def test_turning_stemming_off_fails_the_golden_comparison(pinned):
    from benchmark.scoring.rouge import RougeSettings
    from benchmark.pipeline.score import ScoringSettings

    changed = golden.compute(["lead-3"], ScoringSettings(rouge=RougeSettings(stemmer="none")))
    moved = golden.compare(pinned, changed)
    assert "lead-3/signature/stem: 'porter' -> 'none'" in moved
    # the numbers move too, not only the label in the signature
    assert any(line.startswith("lead-3/tasks/") and "/metrics/rouge1_f:" in line for line in moved), moved
    assert any(line.startswith("lead-3/aggregate/all/rouge1_f/mean:") for line in moved), moved


def test_turning_truncation_off_fails_the_golden_comparison(pinned):
    from benchmark.pipeline.score import ScoringSettings

    # a system with a summary over the 75-word budget: cutting it is what truncation changes
    too_long = sorted(
        spec for spec, rec in pinned["systems"].items()
        if any(t["metrics"]["length_words"] > 75 for t in rec["tasks"].values())
    )
    assert too_long, "no pinned system writes more than 75 words; pick another setting to change"
    spec = too_long[0]
    changed = golden.compute([spec], ScoringSettings(truncate=False))
    moved = golden.compare(pinned, changed)
    assert any(line.startswith(f"{spec}/signature/trunc:") for line in moved), moved
    assert any("/metrics/rouge" in line for line in moved), moved


def test_compare_reports_a_single_moved_number_readably(pinned):
    import copy

    changed = {"systems": {"lead-3": copy.deepcopy(pinned["systems"]["lead-3"])}}
    task = sorted(changed["systems"]["lead-3"]["tasks"])[0]
    changed["systems"]["lead-3"]["tasks"][task]["metrics"]["rouge1_f"] += 0.001
    moved = golden.compare(pinned, changed)
    assert len(moved) == 1
    assert moved[0].startswith(f"lead-3/tasks/{task}/metrics/rouge1_f:") and "+0.001000" in moved[0]
