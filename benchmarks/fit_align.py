"""Fit the ``align`` judge's feature weights and threshold on human key-fact labels.

    .venv/bin/python benchmarks/fit_align.py --data ../shared/metaeval/realsumm_dev.jsonl [--write]

The data is the REALSumm dev split (Bhandari et al., 2020, "Re-evaluating Evaluation in Text
Summarization", CC BY 4.0), read from where it lies; nothing of it is copied into the project. The
model is a logistic regression on the ``features.FEATURE_NAMES`` features (bias + one weight each, a
small L2 penalty), and the threshold is the score that maximises fact-level balanced accuracy. The
script prints full-fit and 5-fold cross-validated (folds by document) balanced accuracy; ``--write``
stores the full fit in ``benchmark/scoring/facts/align_params.json`` with its provenance. The two
contradiction thresholds are set by hand (see ``HAND_SET``) and carried over unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from benchmark.metaeval import file_sha256, fact_agreement, load_rows
from benchmark.scoring.facts.align import PARAMS_FILE, load_params
from benchmark.scoring.facts.features import FEATURE_NAMES, align
from benchmark.scoring.facts.lexicon import analyse
from benchmark.text import split_sentences

L2 = 1e-4
FOLDS = 5
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)
HAND_SET = ("conflict_min_match", "probe_min_match")


def features(rows):
    X, y, docs = [], [], []
    for r in rows:
        sentences = [analyse(s) for s in split_sentences(r.summary)]
        for fact, label in zip(r.keyfacts, r.labels):
            X.append(align(analyse(fact), sentences).features)
            y.append(label)
            docs.append(r.doc_id)
    return np.array(X), np.array(y), np.array(docs)


def fit_logistic(X, y):
    Xb = np.c_[np.ones(len(X)), X]

    def loss(w):
        z = Xb @ w
        return float(np.mean(np.logaddexp(0, z) - y * z) + L2 * np.sum(w[1:] ** 2))

    def grad(w):
        p = 1 / (1 + np.exp(-(Xb @ w)))
        g = Xb.T @ (p - y) / len(y)
        g[1:] += 2 * L2 * w[1:]
        return g

    return minimize(loss, np.zeros(Xb.shape[1]), jac=grad, method="L-BFGS-B").x


def predict(w, X):
    return 1 / (1 + np.exp(-(np.c_[np.ones(len(X)), X] @ w)))


def best_threshold(p, y):
    scores = [fact_agreement(y, (p >= t).astype(int))[0] for t in THRESHOLDS]
    i = int(np.argmax(scores))
    return float(THRESHOLDS[i]), float(scores[i])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--write", action="store_true", help="write align_params.json")
    args = ap.parse_args()

    rows = load_rows(args.data)
    X, y, docs = features(rows)
    w = fit_logistic(X, y)
    threshold, full_ba = best_threshold(predict(w, X), y)

    order = sorted(set(docs))
    perm = np.random.default_rng(0).permutation(order)
    cv_pred = np.zeros(len(y), dtype=int)
    for k in range(FOLDS):
        test = np.isin(docs, perm[k::FOLDS])
        wk = fit_logistic(X[~test], y[~test])
        tk, _ = best_threshold(predict(wk, X[~test]), y[~test])
        cv_pred[test] = predict(wk, X[test]) >= tk
    cv_ba = fact_agreement(y, cv_pred)[0]

    print(f"{len(rows)} summaries, {len(y)} fact pairs, {len(order)} documents")
    print("weights:", {"bias": round(w[0], 4), **{n: round(v, 4) for n, v in zip(FEATURE_NAMES, w[1:])}})
    print(f"threshold {threshold:.2f}: full-fit balanced accuracy {full_ba:.4f} (before contradiction checks)")
    print(f"{FOLDS}-fold cross-validated (by document) balanced accuracy {cv_ba:.4f}")

    if args.write:
        current = load_params()
        params = {
            "bias": round(float(w[0]), 4),
            "weights": {n: round(float(v), 4) for n, v in zip(FEATURE_NAMES, w[1:])},
            "threshold": threshold,
            **{k: getattr(current, k) for k in HAND_SET},
            "provenance": {
                "data": args.data.name,
                "data_sha256": file_sha256(args.data),
                "data_source": "REALSumm (Bhandari et al., 2020), CC BY 4.0; dev split",
                "fitted": dt.date.today().isoformat(),
                "command": "python benchmarks/fit_align.py --data realsumm_dev.jsonl --write",
                "model": f"logistic regression, L2={L2}; threshold maximising fact balanced accuracy",
                "hand_set": list(HAND_SET),
                "full_fit_balanced_accuracy": round(full_ba, 4),
                "cv5_balanced_accuracy": round(float(cv_ba), 4),
            },
        }
        out = Path(__file__).resolve().parent.parent / "benchmark" / "scoring" / "facts" / PARAMS_FILE
        out.write_text(json.dumps(params, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
