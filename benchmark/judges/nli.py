"""``nli:PATH_OR_ID`` — a key-fact judge built on a natural-language-inference classifier.

Any ``transformers`` sequence-classification model trained for NLI works (a local folder, or a hub id
already in the local cache). Its labels are read from ``config.id2label``: the ones whose names contain
``entail``, ``contradict`` and ``neutral`` (any case) are used; a model without an entailment and a
contradiction label is rejected with the labels it does have.

For each key fact (the hypothesis) every premise is scored: each summary sentence, and with
``-M window=2`` also each pair of adjacent sentences, so a fact spread over two sentences can be found.

* stated:       the best entailment probability is at least ``threshold``;
* contradicted: otherwise, when the best contradiction probability is at least ``threshold`` and above
  the best entailment probability;
* missing:      otherwise.

``score`` is the best entailment probability; ``evidence`` is the premise that decided the verdict (the
most entailing one, or the most contradicting one for a contradiction). Options: ``threshold`` (0.5),
``window`` (1 or 2; default 1), ``device`` (cpu), ``batch_size`` (32), ``max_length`` (512 tokens per
premise/hypothesis pair), ``revision``, ``trust_remote_code`` (false).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..errors import PluginError
from ..backends.hf import (
    hub_errors,
    import_transformers,
    locate_model,
    model_fingerprint,
    quiet_transformers,
    resolve_device,
)
from ..options import Option, OptionReader
from ..text import split_sentences
from ..types import Failed, JudgeItem, Verdict
from .base import BaseJudge, JudgeOutput, judges


def find_labels(id2label: Mapping[Any, str]) -> dict[str, int]:
    """Map ``entailment`` / ``contradiction`` / ``neutral`` to class indices by label name."""
    wanted = {"entailment": "entail", "contradiction": "contradict", "neutral": "neutral"}
    found: dict[str, int] = {}
    for index, label in id2label.items():
        name = str(label).lower()
        for role, stem in wanted.items():
            if stem in name:
                if role in found:
                    raise PluginError(f"NLI model has two labels that look like {role}: {dict(id2label)}")
                found[role] = int(index)
    missing = [r for r in ("entailment", "contradiction") if r not in found]
    if missing:
        names = ", ".join(str(v) for _, v in sorted(id2label.items(), key=lambda kv: int(kv[0])))
        raise PluginError(
            f"the NLI model's labels ({names}) include no {' and no '.join(missing)} label; "
            "use a model fine-tuned for NLI (labels such as entailment / neutral / contradiction)"
        )
    return found


class NLIJudge(BaseJudge):
    family = "nli"
    version = "1"
    OPTIONS = (
        Option("threshold", float, 0.5, "Entailment probability from which a fact counts as stated, in (0, 1]."),
        Option("window", int, 1, "Summary sentences joined into one premise.", minimum=1),
        Option("device", str, "cpu", "torch device (cpu, cuda, cuda:1, mps)."),
        Option("batch_size", int, 32, "Premise-hypothesis pairs per forward pass.", minimum=1),
        Option("max_length", int, 512, "Most tokens per pair.", minimum=16),
        Option("revision", str, None, "Model revision (a local folder needs none)."),
        Option("trust_remote_code", bool, False, "Allow the model folder's own code to run."),
    )

    def __init__(self, argument: str | None, options: Mapping[str, Any] | None = None):
        super().__init__(argument, options)
        self._load()
        self.options = {**self.options, "weights": self.weights}

    def configure(self, options: OptionReader) -> None:
        self.threshold = options.get("threshold")
        self.window = options.get("window")
        self.device_name = options.get("device") or "cpu"
        self.batch_size = options.get("batch_size")
        self.max_length = options.get("max_length")
        self.revision = options.get("revision")
        self.trust_remote_code = options.get("trust_remote_code")
        if self.threshold is None or not 0 < self.threshold <= 1:
            raise PluginError(f"{self._text}: threshold must be in (0, 1]")
        if self.window not in (1, 2):
            raise PluginError(f"{self._text}: window must be 1 (single sentences) or 2 (also adjacent pairs)")

    def _load(self) -> None:
        libs = import_transformers("the nli: fact judge")
        quiet_transformers(libs)
        self.torch = libs.torch
        tf = libs.transformers
        self.device = resolve_device(libs, self._text, self.device_name)
        location = locate_model(self.argument or "")
        kw: dict[str, Any] = {"trust_remote_code": self.trust_remote_code}
        if self.revision:
            kw["revision"] = self.revision
        with hub_errors(location):
            self.tokenizer = tf.AutoTokenizer.from_pretrained(location.source, **kw)
            self.model = tf.AutoModelForSequenceClassification.from_pretrained(location.source, **kw)
        self.model.eval()
        self.model.to(self.device)
        self.labels = find_labels(self.model.config.id2label)
        self.weights = model_fingerprint(location, commit=getattr(self.model.config, "_commit_hash", None))

    # -- scoring ----------------------------------------------------------------------------------
    def premises(self, summary: str) -> list[str]:
        sentences = split_sentences(summary)
        out = list(sentences)
        if self.window == 2:
            out.extend(f"{a} {b}" for a, b in zip(sentences, sentences[1:]))
        return out

    def probabilities(self, pairs: list[tuple[str, str]]) -> list[tuple[float, float]]:
        """(entailment, contradiction) probabilities for each (premise, hypothesis) pair."""
        out: list[tuple[float, float]] = []
        e, c = self.labels["entailment"], self.labels["contradiction"]
        for start in range(0, len(pairs), self.batch_size):
            chunk = pairs[start : start + self.batch_size]
            enc = self.tokenizer(
                [p for p, _ in chunk], [h for _, h in chunk],
                return_tensors="pt", padding=True, truncation=True, max_length=self.max_length,
            ).to(self.device)
            with self.torch.inference_mode():
                probs = self.model(**enc).logits.float().softmax(-1).cpu()
            out.extend((float(row[e]), float(row[c])) for row in probs)
        return out

    def judge(self, items: Sequence[JudgeItem]) -> list[JudgeOutput]:
        results: list[JudgeOutput] = []
        for item in items:
            try:
                results.append(self._judge_item(item))
            except PluginError as exc:
                results.append(Failed(str(exc)))
            except RuntimeError as exc:  # e.g. out of memory on one very long summary
                first = (str(exc).strip().splitlines() or [""])[0]
                results.append(Failed(f"{self._text}: item {item.id}: {type(exc).__name__}: {first}"))
        return results

    def _judge_item(self, item: JudgeItem) -> list[Verdict]:
        premises = self.premises(item.summary)
        if not premises:
            return [Verdict("missing", 0.0, None) for _ in item.keyfacts]
        pairs = [(p, fact) for fact in item.keyfacts for p in premises]
        probs = self.probabilities(pairs)
        verdicts: list[Verdict] = []
        n = len(premises)
        for f in range(len(item.keyfacts)):
            rows = probs[f * n : (f + 1) * n]
            best_e = max(range(n), key=lambda i: rows[i][0])
            best_c = max(range(n), key=lambda i: rows[i][1])
            p_e, p_c = rows[best_e][0], rows[best_c][1]
            if p_e >= self.threshold:
                verdicts.append(Verdict("stated", p_e, premises[best_e]))
            elif p_c >= self.threshold and p_c > p_e:
                verdicts.append(Verdict("contradicted", p_e, premises[best_c]))
            else:
                verdicts.append(Verdict("missing", p_e, premises[best_e]))
        return verdicts


judges.register(
    NLIJudge.family,
    NLIJudge,
    help="nli:PATH_OR_ID — an NLI sequence-classification model: entailed facts are stated (-J threshold=0.5)",
)
