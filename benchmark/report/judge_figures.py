"""How far the judge of a table agrees with people, as recorded when it was fitted (not computed here).

Only the default ``align`` judge carries measured figures (its fitted parameters record them, from
``benchmarks/fit_align.py`` on the REALSumm dev split); any other judge, or another version of align,
is shown as not measured here rather than borrowing align's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    judge: str
    source: str
    rows: tuple[tuple[str, str, str], ...]  # (figure, full fit, 5-fold cross-validated)
    note: str


def judge_agreement(judge_field: str | None) -> Agreement | None:
    """Measured agreement for a signature's ``judge`` field (``align@5``), or None when there is none."""
    if not judge_field:
        return None
    name, _, version = judge_field.partition("@")
    if name != "align":
        return None
    from ..judges.align.judge import load_params

    prov = load_params().provenance
    if str(prov.get("judge_version")) != version:
        return None

    def fig(key: str) -> str:
        v = prov.get(key, prov.get(f"realsumm_{key}"))  # align@6 records figures per data set
        return "–" if v is None else f"{v:.3f}"

    rows = (
        ("fact balanced accuracy", fig("full_fit_balanced_accuracy"), fig("cv5_balanced_accuracy")),
        ("per-document Pearson", fig("full_fit_doc_pearson"), fig("cv5_doc_pearson")),
        ("system-level Kendall τ", fig("full_fit_system_kendall"), fig("cv5_system_kendall")),
    )
    if all(full == cv == "–" for _, full, cv in rows):
        return None
    return Agreement(
        judge=judge_field,
        source=_realsumm(prov.get("data_source")),
        rows=rows,
        note="Measured against crowd labels before the contradiction checks and without the predicate gate, "
             "which applies only to checklists with probes (such as this benchmark's).",
    )


def _realsumm(source: object) -> str:
    """The figures shown are REALSumm's; align@6 lists several data sources."""
    sources = source if isinstance(source, list) else [source]
    return next((str(x) for x in sources if x and "REALSumm" in str(x)), "REALSumm dev split")
