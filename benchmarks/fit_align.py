"""Fit the ``align`` judge's feature weights and threshold on human key-fact labels.

    .venv/bin/python benchmarks/fit_align.py --data ../shared/metaeval/realsumm_dev.jsonl [--write]

The data is the REALSumm dev split (Bhandari et al., 2020, "Re-evaluating Evaluation in Text
Summarization", CC BY 4.0), read from where it lies; nothing of it is copied into the project. The
features are computed as the judge computes them, with every item's topic words weighed down
(``topic.checklist_salience`` at ``topic.TOPIC_STRENGTH``); ``--strengths 0,0.5,1,2`` prints the
full-fit and cross-validated figures at other strengths (0 = plain rarity, as in judge version 3). The
model is a logistic regression on the ``features.FEATURE_NAMES`` features (bias + one weight each, a
small L2 penalty; three of the features are interaction terms), so the judge's ``score`` is a
probability; the threshold is the score that maximises fact-level balanced accuracy.

The script prints, for the full fit and for 5-fold cross-validation with folds by document (weights
and threshold fitted on four folds, applied to the fifth): fact balanced accuracy, and the per-document
Pearson and system-level Kendall correlations of predicted coverage (the mean score of a summary's
facts, as ``bench meta-eval`` defines it) with human coverage. These are figures before the
contradiction checks, which only ever lower a score to 0. ``--write`` stores the full fit in
``benchmark/judges/align/align_params.json`` with its provenance. The two contradiction thresholds
are set by hand (see ``HAND_SET``) and carried over unchanged. The predicate gate of judge version 5
applies only to items with probes, so it leaves every figure here unchanged; ``--predicate-gate``
prints what its checklist part would do if it were applied to REALSumm's items too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from benchmark.judges.metaeval import evaluate_scorer, file_sha256, fact_agreement, load_rows
from benchmark.judges.align.judge import PARAMS_FILE, PREDICATE_CAP, AlignJudge
from benchmark.judges.align.features import FEATURE_NAMES, align_checklist
from benchmark.judges.align.lexicon import analyse
from benchmark.judges.align.predicate import GATE, checklist_predicates
from benchmark.judges.align.synonyms import canonical_stem
from benchmark.judges.align.topic import TOPIC_STRENGTH
from benchmark.text import split_sentences

L2 = 1e-4
FOLDS = 5
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)
HAND_SET = ("conflict_min_match", "probe_min_match")


def features(rows, strength=TOPIC_STRENGTH):
    X, y, docs = [], [], []
    for r in rows:
        sentences = [analyse(s) for s in split_sentences(r.summary)]
        alignments = align_checklist([analyse(f) for f in r.keyfacts], sentences, strength)
        for alignment, label in zip(alignments, r.labels):
            X.append(alignment.features)
            y.append(label)
            docs.append(r.doc_id)
    return np.array(X), np.array(y), np.array(docs)


def figures(rows, p, stated):
    """(fact balanced accuracy, per-document Pearson, system Kendall) of scores ``p`` and 0/1 verdicts
    ``stated`` over all pairs, in row order."""
    ends = np.cumsum([len(r.keyfacts) for r in rows])
    starts = ends - np.array([len(r.keyfacts) for r in rows])
    coverage = [float(p[a:b].mean()) if b > a else None for a, b in zip(starts, ends)]
    rep = evaluate_scorer("fit", rows, coverage, [list(stated[a:b]) for a, b in zip(starts, ends)], bootstrap=0)
    return rep.fact.balanced_accuracy.value, rep.summary_pearson.value, rep.system_kendall.value


def fit_logistic(X, y):
    """Bias + weights of an L2-penalised logistic regression; fitted on standardised features (so the
    penalty treats every feature alike) and returned for the raw features."""
    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd[sd == 0] = 1.0
    Xb = np.c_[np.ones(len(X)), (X - mu) / sd]

    def loss(w):
        z = Xb @ w
        return float(np.mean(np.logaddexp(0, z) - y * z) + L2 * np.sum(w[1:] ** 2))

    def grad(w):
        p = 1 / (1 + np.exp(-(Xb @ w)))
        g = Xb.T @ (p - y) / len(y)
        g[1:] += 2 * L2 * w[1:]
        return g

    wz = minimize(loss, np.zeros(Xb.shape[1]), jac=grad, method="L-BFGS-B", options={"maxiter": 5000, "gtol": 1e-9}).x
    weights = wz[1:] / sd
    return np.r_[wz[0] - np.sum(weights * mu), weights]


def predict(w, X):
    return 1 / (1 + np.exp(-(np.c_[np.ones(len(X)), X] @ w)))


def best_threshold(p, y):
    scores = [fact_agreement(y, (p >= t).astype(int))[0] for t in THRESHOLDS]
    i = int(np.argmax(scores))
    return float(THRESHOLDS[i]), float(scores[i])


def gate_figures(rows, w, threshold):
    """Figures of the fitted model with the predicate gate's checklist part (``predicate``) applied to
    every item, as if REALSumm's checklists had probes: a fact whose summary lacks its predicate is
    capped below the threshold, as the judge does. Returns (figures, pairs capped among the stated,
    share of those labelled present)."""
    X, y, _ = features(rows)
    p = predict(w, X)
    passes = []
    for r in rows:
        facts = [analyse(f) for f in r.keyfacts]
        summary = {canonical_stem(s) for sent in split_sentences(r.summary) for s in analyse(sent).stems}
        passes.extend(pr.passes(summary) for pr in checklist_predicates(facts, [[] for _ in facts]))
    failed = ~np.array(passes)
    capped = np.where(failed, np.minimum(p, threshold * PREDICATE_CAP), p)
    turned = failed & (p >= threshold)
    return figures(rows, capped, (capped >= threshold).astype(int)), int(turned.sum()), float(y[turned].mean())


def fit_and_measure(rows, strength):
    """Full fit and 5-fold cross-validation (folds by document) at one topic strength:
    (weights, threshold, full-fit BA at that threshold, full-fit figures, CV figures)."""
    X, y, docs = features(rows, strength)
    w = fit_logistic(X, y)
    threshold, full_ba = best_threshold(predict(w, X), y)
    full = figures(rows, predict(w, X), (predict(w, X) >= threshold).astype(int))

    perm = np.random.default_rng(0).permutation(sorted(set(docs)))
    cv_score = np.zeros(len(y))
    cv_stated = np.zeros(len(y), dtype=int)
    for k in range(FOLDS):
        test = np.isin(docs, perm[k::FOLDS])
        wk = fit_logistic(X[~test], y[~test])
        tk, _ = best_threshold(predict(wk, X[~test]), y[~test])
        cv_score[test] = predict(wk, X[test])
        cv_stated[test] = cv_score[test] >= tk
    cv = figures(rows, cv_score, cv_stated)
    return w, threshold, full_ba, full, cv


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--write", action="store_true", help="write align_params.json")
    ap.add_argument(
        "--strengths", default="",
        help="comma-separated topic strengths to compare by cross-validation (e.g. 0,0.5,1,2); "
        f"the judge uses topic.TOPIC_STRENGTH = {TOPIC_STRENGTH}",
    )
    ap.add_argument(
        "--predicate-gate", action="store_true",
        help="also print the full-fit figures with the predicate gate's checklist part applied to every item "
        "(the judge gates only items with probes, which REALSumm lacks)",
    )
    args = ap.parse_args()

    rows = load_rows(args.data)
    for strength in [float(x) for x in args.strengths.split(",") if x.strip()]:
        _, t, _, full, cv = fit_and_measure(rows, strength)
        print(f"topic strength {strength:g}: full fit (threshold {t:.2f}) BA {full[0]:.4f}, Pearson {full[1]:.4f}, "
              f"Kendall {full[2]:.4f}; {FOLDS}-fold CV BA {cv[0]:.4f}, Pearson {cv[1]:.4f}, Kendall {cv[2]:.4f}")

    w, threshold, full_ba, full, cv = fit_and_measure(rows, TOPIC_STRENGTH)
    n_pairs = sum(len(r.keyfacts) for r in rows)
    print(f"{len(rows)} summaries, {n_pairs} fact pairs, {len({r.doc_id for r in rows})} documents; "
          f"topic strength {TOPIC_STRENGTH:g}")
    print("weights:", {"bias": round(float(w[0]), 4), **{n: round(float(v), 4) for n, v in zip(FEATURE_NAMES, w[1:])}})
    print("before contradiction checks; coverage = mean score:")
    print(f"  full fit (threshold {threshold:.2f}): fact BA {full[0]:.4f}, per-doc Pearson {full[1]:.4f}, "
          f"system Kendall {full[2]:.4f}")
    print(f"  {FOLDS}-fold CV by document: fact BA {cv[0]:.4f}, per-doc Pearson {cv[1]:.4f}, "
          f"system Kendall {cv[2]:.4f}")

    if args.predicate_gate:
        (ba, pearson, kendall), turned, positive = gate_figures(rows, w, threshold)
        print(f"  with the predicate gate on every item (recall < {GATE:g}): fact BA {ba:.4f}, per-doc Pearson "
              f"{pearson:.4f}, system Kendall {kendall:.4f}; {turned} stated pairs turned missing, "
              f"{positive:.0%} of them labelled present")

    if args.write:
        out = Path(__file__).resolve().parent.parent / "benchmark" / "scoring" / "facts" / PARAMS_FILE
        current = json.loads(out.read_text(encoding="utf-8"))  # raw: the old file may lack new features
        params = {
            "bias": round(float(w[0]), 4),
            "weights": {n: round(float(v), 4) for n, v in zip(FEATURE_NAMES, w[1:])},
            "threshold": threshold,
            **{k: current[k] for k in HAND_SET},
            "provenance": {
                "data": args.data.name,
                "data_sha256": file_sha256(args.data),
                "data_source": "REALSumm (Bhandari et al., 2020), CC BY 4.0; dev split",
                "fitted": dt.date.today().isoformat(),
                "command": "python benchmarks/fit_align.py --data realsumm_dev.jsonl --write",
                "model": f"logistic regression on standardised features (3 interaction terms), L2={L2}; threshold maximising fact balanced accuracy",
                "features": f"rarity weights times the checklist topic factor (topic.py, strength {TOPIC_STRENGTH:g})",
                "hand_set": list(HAND_SET),
                "judge_version": AlignJudge.version,
                "figures_before_contradiction_checks": True,
                "predicate_gate": "applies only to items with probes; the fitting data has none, so these "
                "figures are the judge's (see --predicate-gate for the gate applied to every item)",
                "full_fit_balanced_accuracy": round(full_ba, 4),
                "full_fit_doc_pearson": full[1],
                "full_fit_system_kendall": full[2],
                "cv5_balanced_accuracy": cv[0],
                "cv5_doc_pearson": cv[1],
                "cv5_system_kendall": cv[2],
            },
        }
        out.write_text(json.dumps(params, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
