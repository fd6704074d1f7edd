"""Meta-evaluate fact judges on human labels and compare them with the targets of issue #4.

    .venv/bin/python benchmarks/judge_metaeval.py [--data ../shared/metaeval/realsumm_dev.jsonl] [--judge align ...]

Runs ``benchmark.judges.metaeval.meta_evaluate`` (the code behind ``bench meta-eval``) for each judge, prints
the table with the ROUGE-1/2 recall baselines and checks the targets: fact balanced accuracy >= 0.80,
per-document Pearson >= 0.60, system-level Kendall >= 0.80. The data is REALSumm (Bhandari et al.,
2020, "Re-evaluating Evaluation in Text Summarization", CC BY 4.0); nothing of it is stored here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "metaeval" / "realsumm_dev.jsonl"
TARGETS = (("fact balanced accuracy", 0.80), ("per-document Pearson", 0.60), ("system-level Kendall", 0.80))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--judge", action="append", default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()

    from benchmark.judges.metaeval import file_sha256, format_report, load_rows, meta_evaluate
    from benchmark.judges import create_judge

    rows = load_rows(args.data)
    for spec in args.judge or ["align"]:
        report = meta_evaluate(
            create_judge(spec), rows, data_name=args.data.name, data_sha256=file_sha256(args.data),
            seed=args.seed, bootstrap=args.bootstrap,
        )
        print(format_report(report))
        judge = report.scorers[0]
        got = (judge.fact.balanced_accuracy.value, judge.summary_pearson.value, judge.system_kendall.value)
        for (name, target), value in zip(TARGETS, got):
            status = "meets" if value is not None and value >= target else "BELOW"
            print(f"  {name}: {value} ({status} target {target})")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
