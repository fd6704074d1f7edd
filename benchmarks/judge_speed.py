"""Time the default fact judge on a meta-eval file (by default the REALSumm dev split).

    .venv/bin/python benchmarks/judge_speed.py [--data ../shared/metaeval/realsumm_dev.jsonl] [--judge align]

Builds a fresh judge, judges every summary against its key facts once (cold caches), and prints the
summaries, fact pairs, seconds and pairs per second. Target for ``align``: the 750 dev summaries
(about 7,900 pairs) in under 60 s on 2 CPU cores. The data is REALSumm (Bhandari et al., 2020, CC BY 4.0).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "metaeval" / "realsumm_dev.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--judge", default="align")
    args = ap.parse_args()

    from benchmark.judges.metaeval import judge_rows, load_rows
    from benchmark.judges import create_judge

    rows = load_rows(args.data)
    start = time.perf_counter()
    judge = create_judge(args.judge)
    labels = judge_rows(judge, rows)
    seconds = time.perf_counter() - start
    pairs = sum(len(r.keyfacts) for r in rows)
    failed = sum(1 for x in labels if x is None)
    print(json.dumps({
        "judge": judge.signature() if hasattr(judge, "signature") else args.judge,
        "summaries": len(rows), "pairs": pairs, "failed": failed,
        "seconds": round(seconds, 2), "pairs_per_second": round(pairs / seconds, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
