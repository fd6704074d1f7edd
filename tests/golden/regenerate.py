"""Golden scores of newsbench's built-in baselines: compute, compare, regenerate.

Run from the repository root when a change of the numbers is intended::

    .venv/bin/python -m tests.golden.regenerate           # rewrite tests/golden/baselines.json
    .venv/bin/python -m tests.golden.regenerate --check   # only print what moved; exit 1 if anything did

(``python tests/golden/regenerate.py`` works too.) ``tests/test_golden.py`` imports this file for
``compute``, ``compare`` and ``load``; see ``README.md`` beside it for what is pinned and why.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping

GOLDEN_PATH = Path(__file__).with_name("baselines.json")
SCHEMA = "newsbench.golden/1"
BASELINES = ("lead-1", "lead-3", "random-3", "textrank", "lexrank", "oracle", "reference")
# Six decimals: far finer than any real change (one word more or less in a 75-word summary moves a
# ROUGE F1 by about 1e-3), yet coarse enough that the last-bit noise of float summation order or of a
# different BLAS never shows. Values are compared with an absolute tolerance of 1e-6.
DECIMALS = 6
TOLERANCE = 1e-6
# Signature fields whose change means "these numbers were made differently". Versions are left out of
# the comparison (the numbers decide whether an upgrade matters) and kept in "recorded_with".
PINNED_FIELDS = ("data", "config", "refs", "rouge", "agg", "stem", "rougeLsum", "sent", "trunc", "judge", "boot", "seed")
TASK_METRICS = (
    "fact_coverage",
    "core_fact_coverage",
    "contradiction_rate",
    "rouge1_f", "rouge1_p", "rouge1_r",
    "rouge2_f", "rouge2_p", "rouge2_r",
    "rougeL_f", "rougeL_p", "rougeL_r",
    "rougeLsum_f", "rougeLsum_p", "rougeLsum_r",
    "length_words",
    "coverage",
    "density",
    "compression",
)


def _round(value: Any) -> Any:
    return round(float(value), DECIMALS) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def pinned_signature(signature: str) -> dict[str, str]:
    from benchmark.signature import Signature

    fields = Signature.parse(signature).as_dict()
    out = {k: fields[k] for k in PINNED_FIELDS if k in fields}
    if "sent" in out:  # the splitter's name is pinned, its version is not
        out["sent"] = out["sent"].split("-", 1)[0]
    return out


def record(run: Any) -> dict[str, Any]:
    """The pinned view of one ``RunRecord``."""
    aggregate = {
        config: {
            metric: {k: _round(getattr(v, k)) for k in ("mean", "low", "high", "n")}
            for metric, v in sorted(metrics.items())
        }
        for config, metrics in sorted(run.results.aggregate.items())
    }
    tasks = {}
    for task in sorted(run.tasks, key=lambda t: t.id):
        tasks[task.id] = {
            "error": task.error,
            "metrics": {m: _round(task.values[m]) for m in TASK_METRICS if m in task.values},
            "facts": {f.id: {"label": f.label, "score": _round(f.score), "evidence": f.evidence} for f in task.facts},
        }
    return {"signature": pinned_signature(run.signature), "aggregate": aggregate, "tasks": tasks}


def compute(systems: Iterable[str] = BASELINES, scoring: Any = None) -> dict[str, Any]:
    """Run each system in-process on the packaged dataset, cache off, in a throw-away runs dir."""
    from benchmark.pipeline.provenance import package_versions
    from benchmark.pipeline.runner import RunOptions, run_benchmark
    from benchmark.pipeline.score import ScoringSettings

    out: dict[str, Any] = {"schema": SCHEMA, "decimals": DECIMALS, "systems": {}}
    with tempfile.TemporaryDirectory(prefix="newsbench-golden-") as tmp:
        for spec in systems:
            opts = RunOptions(
                model=spec,
                runs_dir=Path(tmp),
                use_cache=False,
                scoring=scoring if scoring is not None else ScoringSettings(),
                progress=False,
                command=["python", "-m", "tests.golden.regenerate"],
            )
            out["systems"][spec] = record(run_benchmark(opts))
    versions = package_versions()
    out["recorded_with"] = {k: versions[k] for k in sorted(versions) if k != "newsbench"}
    return out


def _walk(expected: Any, actual: Any, path: str, out: list[str]) -> None:
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        for key in expected:
            if key not in actual:
                out.append(f"{path}/{key}: pinned but no longer produced")
            else:
                _walk(expected[key], actual[key], f"{path}/{key}", out)
        for key in actual:
            if key not in expected:
                out.append(f"{path}/{key}: new, not pinned (value {actual[key]!r})")
        return
    both_numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (expected, actual))
    if both_numbers:
        if abs(float(expected) - float(actual)) > TOLERANCE:
            out.append(f"{path}: {expected!r} -> {_round(actual)!r} ({float(actual) - float(expected):+.6f})")
    elif expected != actual:
        out.append(f"{path}: {expected!r} -> {actual!r}")


def compare(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> list[str]:
    """One line per pinned value that moved. Only the systems in ``actual`` are compared."""
    problems: list[str] = []
    if expected.get("schema") != SCHEMA:
        return [f"golden file schema {expected.get('schema')!r}, expected {SCHEMA!r}: regenerate it"]
    pinned = expected.get("systems", {})
    for spec, rec in actual["systems"].items():
        if spec not in pinned:
            problems.append(f"{spec}: not pinned in the golden file")
            continue
        _walk(pinned[spec], rec, spec, problems)
    return problems


def load(path: Path = GOLDEN_PATH) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate or check newsbench's golden baseline scores.")
    parser.add_argument("--check", action="store_true", help="compare with the golden file; write nothing")
    parser.add_argument("--output", type=Path, default=GOLDEN_PATH, help="golden file (default: %(default)s)")
    args = parser.parse_args(argv)
    actual = compute()
    if args.check:
        if not args.output.exists():
            print(f"{args.output} does not exist; run without --check to create it", file=sys.stderr)
            return 1
        problems = compare(load(args.output), actual)
        for line in problems:
            print(line)
        print(f"{len(problems)} pinned value(s) moved" if problems else "golden scores unchanged")
        return 1 if problems else 0
    old = load(args.output) if args.output.exists() else None
    args.output.write_text(json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    if old is not None:
        moved = compare(old, actual)
        for line in moved:
            print(line)
        print(f"{len(moved)} pinned value(s) changed")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
