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
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from ..errors import DataError
from ..types import Failed, JudgeItem, Verdict
from .lines import decode_line, json_object
from .agreement import (
    DEFAULT_BOOTSTRAP,
    Interval,
    ScorerReport,
    evaluate_scorer,
    fact_agreement,
    per_document_correlations,
    system_correlations,
)
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
    obj = json_object(line, where, "", todo="; fix or remove the line")
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
    with path.open("rb") as fh:
        for n, data in enumerate(fh, 1):
            if data.strip():
                where = f"{path.name} line {n}"
                rows.append(parse_row(decode_line(data, where), where))
    if not rows:
        raise DataError(f"{path}: no lines; the file needs one JSON object per summary")
    return rows


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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


# the agreement figures are re-exported: scripts and tests reach them through this module
__all__ = [
    "DEFAULT_BOOTSTRAP", "MetaEvalReport", "MetaEvalRow", "evaluate_scorer", "fact_agreement", "file_sha256",
    "format_report", "judge_rows", "load_rows", "meta_evaluate", "per_document_correlations",
    "predicted_coverage", "rouge_recalls", "system_correlations",
]
