"""Agreement figures of one scorer with human key-fact labels: fact-level balanced accuracy, F1,
precision and recall; per-document and system-level Pearson and Kendall correlations; each with a
percentile bootstrap interval over documents (the one bootstrap of ``scoring.aggregate``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..scoring.aggregate import DEFAULT_RESAMPLES, percentile_interval, resample_indices

if TYPE_CHECKING:
    from .metaeval import MetaEvalRow

DEFAULT_BOOTSTRAP = DEFAULT_RESAMPLES


@dataclass(frozen=True)
class Interval:
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class FactAgreement:
    balanced_accuracy: Interval
    f1: Interval
    precision: Interval
    recall: Interval
    pairs: int


@dataclass(frozen=True)
class ScorerReport:
    """All figures for one scorer (the judge or a ROUGE baseline)."""

    name: str
    fact: FactAgreement | None
    summary_pearson: Interval
    summary_kendall: Interval
    system_kendall: Interval
    system_pearson: Interval
    documents_used: int
    documents_skipped: int  # constant predicted or human coverage in the document
    summaries: int
    failed: int = 0


def agreement_from_counts(tp: float, fp: float, fn: float, tn: float) -> tuple[float, float, float, float]:
    """(balanced accuracy, F1, precision, recall) from a confusion matrix; an empty denominator is NaN."""
    recall = tp / (tp + fn) if tp + fn else math.nan
    specificity = tn / (tn + fp) if tn + fp else math.nan
    precision = tp / (tp + fp) if tp + fp else math.nan
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else math.nan
    return (recall + specificity) / 2, f1, precision, recall


def confusion(labels: Sequence[int], predicted: Sequence[int]) -> np.ndarray:
    """[tp, fp, fn, tn] of binary predictions (1 = stated) against binary labels (1 = present)."""
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    return np.array([np.sum(y & p), np.sum(~y & p), np.sum(y & ~p), np.sum(~y & ~p)], dtype=float)


def fact_agreement(labels: Sequence[int], predicted: Sequence[int]) -> tuple[float, float, float, float]:
    """(balanced accuracy, F1, precision, recall) of binary predictions against binary labels."""
    return agreement_from_counts(*confusion(labels, predicted))


def _correlations(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(Pearson r, Kendall tau-b), NaN when either side is constant or has fewer than two values."""
    from scipy.stats import kendalltau, pearsonr

    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan, math.nan
    return float(pearsonr(x, y)[0]), float(kendalltau(x, y)[0])


def per_document_correlations(predicted: np.ndarray, human: np.ndarray) -> np.ndarray:
    """For a documents x systems matrix pair (NaN = no summary): per-document (Pearson, Kendall) rows."""
    out = np.full((predicted.shape[0], 2), np.nan)
    for d in range(predicted.shape[0]):
        ok = ~np.isnan(predicted[d]) & ~np.isnan(human[d])
        out[d] = _correlations(predicted[d, ok], human[d, ok])
    return out


def system_correlations(predicted: np.ndarray, human: np.ndarray) -> tuple[float, float]:
    """(Kendall, Pearson) of per-system mean coverage over the documents given (rows)."""
    with np.errstate(all="ignore"):
        p = np.nanmean(predicted, axis=0)
        h = np.nanmean(human, axis=0)
    ok = ~np.isnan(p) & ~np.isnan(h)
    r, tau = _correlations(p[ok], h[ok])
    return tau, r


def _mean(values: np.ndarray) -> float:
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else math.nan


def _interval(point: float, draws: list[float]) -> Interval:
    arr = np.array([d for d in draws if not math.isnan(d)])
    if math.isnan(point):
        return Interval(None, None, None)
    if len(arr) == 0:
        return Interval(round(point, 4), None, None)
    low, high = percentile_interval(arr)
    return Interval(round(point, 4), round(low, 4), round(high, 4))


@dataclass(frozen=True)
class _Matrix:
    documents: list[str]
    systems: list[str]
    predicted: np.ndarray  # documents x systems, NaN where no (usable) summary
    human: np.ndarray


def _matrix(rows: Sequence[MetaEvalRow], predicted: Sequence[float | None]) -> _Matrix:
    documents = sorted({r.doc_id for r in rows})
    systems = sorted({r.system for r in rows})
    di = {d: i for i, d in enumerate(documents)}
    si = {s: i for i, s in enumerate(systems)}
    pm = np.full((len(documents), len(systems)), np.nan)
    hm = np.full_like(pm, np.nan)
    for row, pred in zip(rows, predicted):
        if pred is None or not row.labels:
            continue
        pm[di[row.doc_id], si[row.system]] = pred
        hm[di[row.doc_id], si[row.system]] = float(np.mean(row.labels))
    return _Matrix(documents, systems, pm, hm)


def evaluate_scorer(
    name: str,
    rows: Sequence[MetaEvalRow],
    coverage: Sequence[float | None],
    fact_predictions: Sequence[Sequence[int] | None] | None,
    *,
    seed: int = 0,
    bootstrap: int = DEFAULT_BOOTSTRAP,
) -> ScorerReport:
    """All figures for one scorer; ``coverage[i]`` is None where the scorer failed on ``rows[i]``.

    ``fact_predictions[i]`` (1 = stated) gives the fact-level figures; pass None for a scorer that only
    scores whole summaries (ROUGE).
    """
    m = _matrix(rows, coverage)
    per_doc = per_document_correlations(m.predicted, m.human)
    used = int(np.sum(~np.isnan(per_doc[:, 0])))
    sys_tau, sys_r = system_correlations(m.predicted, m.human)

    # per-document confusion counts, so that bootstrap draws only add rows
    counts = np.zeros((len(m.documents), 4))
    if fact_predictions is not None:
        di = {d: i for i, d in enumerate(m.documents)}
        for row, preds in zip(rows, fact_predictions):
            if preds is None:
                continue
            counts[di[row.doc_id]] += confusion(row.labels, preds)

    point_fact = agreement_from_counts(*counts.sum(axis=0))
    draws: dict[str, list[float]] = {k: [] for k in ("ba", "f1", "p", "r", "sp", "sk", "yk", "yp")}
    for pick in resample_indices(len(m.documents), bootstrap, seed) if bootstrap else ():
        if fact_predictions is not None:
            for key, val in zip(("ba", "f1", "p", "r"), agreement_from_counts(*counts[pick].sum(axis=0))):
                draws[key].append(val)
        draws["sp"].append(_mean(per_doc[pick, 0]))
        draws["sk"].append(_mean(per_doc[pick, 1]))
        tau, r = system_correlations(m.predicted[pick], m.human[pick])
        draws["yk"].append(tau)
        draws["yp"].append(r)

    fact = None
    if fact_predictions is not None:
        fact = FactAgreement(
            balanced_accuracy=_interval(point_fact[0], draws["ba"]),
            f1=_interval(point_fact[1], draws["f1"]),
            precision=_interval(point_fact[2], draws["p"]),
            recall=_interval(point_fact[3], draws["r"]),
            pairs=int(counts.sum()),
        )
    return ScorerReport(
        name=name,
        fact=fact,
        summary_pearson=_interval(_mean(per_doc[:, 0]), draws["sp"]),
        summary_kendall=_interval(_mean(per_doc[:, 1]), draws["sk"]),
        system_kendall=_interval(sys_tau, draws["yk"]),
        system_pearson=_interval(sys_r, draws["yp"]),
        documents_used=used,
        documents_skipped=len(m.documents) - used,
        summaries=sum(1 for c in coverage if c is not None),
        failed=sum(1 for c in coverage if c is None),
    )
