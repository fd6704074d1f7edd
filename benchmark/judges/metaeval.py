"""Meta-evaluation: how well a fact judge agrees with people who marked key facts present or absent.

Input: JSONL lines ``{"doc_id", "system", "summary", "keyfacts": [str], "labels": [0|1]}`` with an
optional ``"reference"`` (label 1 = a person judged the fact present in the summary), e.g. the
REALSumm annotations (Bhandari et al., 2020, "Re-evaluating Evaluation in Text Summarization",
CC BY 4.0).

Figures, for the judge and (when lines carry a reference) for ROUGE-1/2 recall as baselines:

* fact level (judge only): balanced accuracy, F1, precision, recall of ``stated`` against label 1;
* summary level: Pearson r and Kendall tau-b between predicted and human coverage, computed per
  document across its systems and averaged over documents (the REALSumm / Lite²Pyramid protocol). A
  document where either side is constant has no correlation; it is skipped and the count reported;
* system level: Kendall tau-b and Pearson r between per-system mean predicted and mean human coverage.

Predicted coverage of a summary is, by default (``coverage="score"``), the mean of its facts' verdict
scores - each fact's judged probability of being stated, a contradicted fact counting 0 - so the
correlations see the judge's confidence rather than a coarse count. The alternative
(``coverage="stated"``) is the share of facts judged ``stated`` (unweighted, as REALSumm); the report
carries both: the judge's row under the chosen definition, and a second row, named
``<judge> [stated share]`` or ``<judge> [mean score]``, under the other. Fact-level figures always
use the binary ``stated`` labels. Human coverage = the mean of a summary's labels. Every figure carries a 95% percentile bootstrap interval over
documents (``numpy.random.default_rng(seed)``; documents drawn with replacement, all figures recomputed
on each draw). Summaries the judge failed on are left out of its figures and counted.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import DataError
from ..scoring.aggregate import percentile_interval, resample_indices
from ..types import Failed, JudgeItem, Verdict

DEFAULT_BOOTSTRAP = 1000
COVERAGE_DEFINITIONS: dict[str, str] = {
    "score": "mean score",  # mean verdict score, contradicted facts counting 0 (the default)
    "stated": "stated share",  # share of facts judged stated
}
DEFAULT_COVERAGE = "score"


@dataclass(frozen=True)
class MetaEvalRow:
    doc_id: str
    system: str
    summary: str
    keyfacts: tuple[str, ...]
    labels: tuple[int, ...]
    reference: str | None = None


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


@dataclass(frozen=True)
class MetaEvalReport:
    data: str
    data_sha256: str
    rows: int
    documents: int
    systems: int
    pairs: int
    judge: str
    seed: int
    bootstrap: int
    judge_seconds: float
    scorers: tuple[ScorerReport, ...]
    contradicted: int  # facts the judge called contradicted (people only marked present / absent)
    coverage: str = DEFAULT_COVERAGE  # definition of the judge's predicted coverage: "score" | "stated"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- reading ------------------------------------------------------------------------------------------


def _field(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in obj:
        raise DataError(f"{where}: missing field {key!r}; each line needs doc_id, system, summary, keyfacts, labels")
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise DataError(f"{where}: field {key!r} must be a {kind.__name__}, got {type(value).__name__}")
    return value


def parse_row(line: str, where: str) -> MetaEvalRow:
    """One JSONL line -> ``MetaEvalRow``; ``DataError`` naming ``where`` and the field otherwise."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DataError(f"{where}: not valid JSON ({exc.msg}); fix or remove the line") from None
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected a JSON object")
    doc_id = _field(obj, "doc_id", str, where)
    system = _field(obj, "system", str, where)
    summary = _field(obj, "summary", str, where)
    keyfacts = _field(obj, "keyfacts", list, where)
    labels = _field(obj, "labels", list, where)
    if not all(isinstance(k, str) for k in keyfacts):
        raise DataError(f"{where}: field 'keyfacts' must be a list of strings")
    if not all(lab in (0, 1) and not isinstance(lab, bool) for lab in labels):
        raise DataError(f"{where}: field 'labels' must be a list of 0 or 1")
    if len(labels) != len(keyfacts):
        raise DataError(f"{where}: field 'labels' has {len(labels)} entries for {len(keyfacts)} keyfacts")
    reference = obj.get("reference")
    if reference is not None and not isinstance(reference, str):
        raise DataError(f"{where}: field 'reference' must be a string")
    return MetaEvalRow(doc_id, system, summary, tuple(keyfacts), tuple(int(x) for x in labels), reference)


def load_rows(path: str | Path) -> list[MetaEvalRow]:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"meta-eval data {str(path)!r} not found; pass --data with a JSONL file")
    rows: list[MetaEvalRow] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                rows.append(parse_row(line, f"{path.name} line {n}"))
    if not rows:
        raise DataError(f"{path}: no lines; the file needs one JSON object per summary")
    return rows


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# -- metric arithmetic --------------------------------------------------------------------------------


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


# -- running ------------------------------------------------------------------------------------------


def judge_rows(judge: Any, rows: Sequence[MetaEvalRow]) -> list[list[Verdict] | None]:
    """The judge's verdicts for every row (None where it failed on the row)."""
    items = [
        JudgeItem(id=f"{r.doc_id}/{r.system}", summary=r.summary, keyfacts=r.keyfacts, reference=r.reference)
        for r in rows
    ]
    outputs = judge.judge(items)
    return [None if isinstance(out, Failed) else list(out) for out in outputs]


def predicted_coverage(verdicts: Sequence[Verdict] | None, definition: str = DEFAULT_COVERAGE) -> float | None:
    """A summary's predicted coverage from its verdicts (None without verdicts); see the module docstring."""
    if not verdicts:
        return None
    if definition == "stated":
        return sum(1 for v in verdicts if v.label == "stated") / len(verdicts)
    if definition == "score":
        return sum(0.0 if v.label == "contradicted" else float(v.score) for v in verdicts) / len(verdicts)
    raise DataError(f"unknown coverage definition {definition!r}; use one of: {', '.join(COVERAGE_DEFINITIONS)}")


def rouge_recalls(rows: Sequence[MetaEvalRow]) -> dict[str, list[float | None]]:
    """ROUGE-1 and ROUGE-2 recall (Porter stemming) of each summary against its reference."""
    from ..scoring.rouge import RougeScorer, RougeSettings

    scorer = RougeScorer(RougeSettings(types=("rouge1", "rouge2")))
    with_ref = [i for i, r in enumerate(rows) if r.reference]
    scores = scorer.score_many([(rows[i].summary, [rows[i].reference]) for i in with_ref])
    out: dict[str, list[float | None]] = {"rouge1_recall": [None] * len(rows), "rouge2_recall": [None] * len(rows)}
    for i, s in zip(with_ref, scores):
        out["rouge1_recall"][i] = s["rouge1_r"]
        out["rouge2_recall"][i] = s["rouge2_r"]
    return out


def meta_evaluate(
    judge: Any,
    rows: Sequence[MetaEvalRow],
    *,
    data_name: str = "",
    data_sha256: str = "",
    seed: int = 0,
    bootstrap: int = DEFAULT_BOOTSTRAP,
    baselines: bool = True,
    coverage: str = DEFAULT_COVERAGE,
    clock: Callable[[], float] = time.perf_counter,
) -> MetaEvalReport:
    """Judge every row, then report agreement figures for the judge and the ROUGE baselines.

    ``coverage`` picks the definition of predicted coverage for the judge's main row ("score": mean
    verdict score, the default; "stated": share of facts stated); the other definition is reported in
    a second row.
    """
    if coverage not in COVERAGE_DEFINITIONS:
        raise DataError(f"unknown coverage definition {coverage!r}; use one of: {', '.join(COVERAGE_DEFINITIONS)}")
    start = clock()
    verdicts = judge_rows(judge, rows)
    seconds = clock() - start
    labels = [None if vs is None else [v.label for v in vs] for vs in verdicts]
    fact_preds = [None if ls is None else [1 if x == "stated" else 0 for x in ls] for ls in labels]
    signature = judge.signature() if hasattr(judge, "signature") else judge.spec().text
    other = next(d for d in COVERAGE_DEFINITIONS if d != coverage)
    scorers = [
        evaluate_scorer(signature, rows, [predicted_coverage(vs, coverage) for vs in verdicts], fact_preds,
                        seed=seed, bootstrap=bootstrap),
        # the same verdicts under the other coverage definition (fact-level figures are not repeated)
        evaluate_scorer(f"{signature} [{COVERAGE_DEFINITIONS[other]}]", rows,
                        [predicted_coverage(vs, other) for vs in verdicts], None, seed=seed, bootstrap=bootstrap),
    ]
    if baselines and any(r.reference for r in rows):
        for name, values in rouge_recalls(rows).items():
            scorers.append(evaluate_scorer(name, rows, values, None, seed=seed, bootstrap=bootstrap))
    return MetaEvalReport(
        data=data_name,
        data_sha256=data_sha256,
        rows=len(rows),
        documents=len({r.doc_id for r in rows}),
        systems=len({r.system for r in rows}),
        pairs=sum(len(r.keyfacts) for r in rows),
        judge=signature,
        seed=seed,
        bootstrap=bootstrap,
        judge_seconds=round(seconds, 3),
        scorers=tuple(scorers),
        contradicted=sum(ls.count("contradicted") for ls in labels if ls is not None),
        coverage=coverage,
    )


def _fmt(iv: Interval) -> str:
    if iv.value is None:
        return "n/a"
    if iv.low is None:
        return f"{iv.value:.3f}"
    return f"{iv.value:.3f} [{iv.low:.3f}, {iv.high:.3f}]"


def format_report(report: MetaEvalReport) -> str:
    """A readable table of the report."""
    lines = [
        f"data: {report.data} (sha256 {report.data_sha256[:12]}) - {report.rows} summaries, "
        f"{report.documents} documents, {report.systems} systems, {report.pairs} fact pairs",
        f"judge: {report.judge} ({report.judge_seconds:.1f} s; {report.contradicted} facts judged contradicted)",
        f"predicted coverage of a summary: {COVERAGE_DEFINITIONS[report.coverage]} of its facts"
        + (" (contradicted = 0)" if report.coverage == "score" else "")
        + "; fact-level figures use the stated / not stated labels",
        f"95% bootstrap intervals over documents: {report.bootstrap} draws, seed {report.seed}",
        "",
    ]
    header = ("scorer", "fact BA", "fact F1", "precision", "recall")
    rows = []
    for s in report.scorers:
        if s.fact is not None:
            rows.append((s.name, _fmt(s.fact.balanced_accuracy), _fmt(s.fact.f1), _fmt(s.fact.precision), _fmt(s.fact.recall)))
    if rows:
        lines += _table(header, rows) + [""]
    header = ("scorer", "doc Pearson", "doc Kendall", "sys Kendall", "sys Pearson", "docs used/skipped")
    rows = [
        (
            s.name,
            _fmt(s.summary_pearson),
            _fmt(s.summary_kendall),
            _fmt(s.system_kendall),
            _fmt(s.system_pearson),
            f"{s.documents_used}/{s.documents_skipped}" + (f" ({s.failed} failed)" if s.failed else ""),
        )
        for s in report.scorers
    ]
    lines += _table(header, rows)
    return "\n".join(lines)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*header), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows]
