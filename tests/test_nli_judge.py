"""nli: fact judge on real (tiny, randomly initialised) sequence-classification models built on the spot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from benchmark.errors import PluginError
from benchmark.judges.nli import NLIJudge, find_labels
from benchmark.text import split_sentences
from benchmark.types import VERDICT_LABELS, Failed, JudgeItem

from hf_fixtures import build_nli

SUMMARY = (
    "NATO and Russia failed to resolve a rift over a European missile shield on Thursday. "
    "They agreed to press on with negotiations.\n"
    "Sergei Lavrov wants clear guarantees that the shield will not target Russia."
)
FACTS = (
    "NATO and Russia failed to resolve the missile defence row.",
    "NATO and Russia agreed to keep talking.",
    "Putin criticized the West.",
)


@pytest.fixture(scope="session")
def nli_models(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("nli_models")
    return {
        "plain": build_nli(root / "plain"),
        "shuffled": build_nli(root / "shuffled", ("CONTRADICTION", "Neutral", "ENTAILMENT")),
        "sentiment": build_nli(root / "sentiment", ("LABEL_0", "LABEL_1")),
    }


def item(summary: str = SUMMARY) -> JudgeItem:
    return JudgeItem(id="t1", summary=summary, keyfacts=FACTS)


def raw_probabilities(folder: Path, premise: str, hypothesis: str) -> list[float]:
    """The classifier's class probabilities, computed without the judge."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    with torch.inference_mode():
        logits = model(**tok(premise, hypothesis, return_tensors="pt", truncation=True)).logits
    return logits.softmax(-1)[0].tolist()


def expected_verdict(folder: Path, e: int, c: int, premises: list[str], fact: str, threshold: float):
    rows = [raw_probabilities(folder, p, fact) for p in premises]
    best_e = max(range(len(rows)), key=lambda i: rows[i][e])
    best_c = max(range(len(rows)), key=lambda i: rows[i][c])
    if rows[best_e][e] >= threshold:
        return "stated", rows[best_e][e], premises[best_e]
    if rows[best_c][c] >= threshold and rows[best_c][c] > rows[best_e][e]:
        return "contradicted", rows[best_e][e], premises[best_c]
    return "missing", rows[best_e][e], premises[best_e]


def test_one_verdict_per_fact_with_a_summary_sentence_as_evidence(nli_models):
    judge = NLIJudge(str(nli_models["plain"]), {})
    [verdicts] = judge.judge([item()])
    assert len(verdicts) == len(FACTS)
    sentences = split_sentences(SUMMARY)
    assert len(sentences) == 3
    for v in verdicts:
        assert v.label in VERDICT_LABELS and 0.0 <= v.score <= 1.0
        assert v.evidence in sentences


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.9])
@pytest.mark.parametrize("model, e, c", [("plain", 0, 2), ("shuffled", 2, 0)])
def test_verdicts_follow_the_decision_rule_on_the_models_own_probabilities(nli_models, model, e, c, threshold):
    folder = nli_models[model]  # the shuffled model's labels are found by name, in any case
    judge = NLIJudge(str(folder), {"threshold": str(threshold), "batch_size": "2"})
    assert (judge.labels["entailment"], judge.labels["contradiction"]) == (e, c)
    [verdicts] = judge.judge([item()])
    premises = split_sentences(SUMMARY)
    for fact, v in zip(FACTS, verdicts):
        label, score, evidence = expected_verdict(folder, e, c, premises, fact, threshold)
        assert (v.label, v.evidence) == (label, evidence)
        assert v.score == pytest.approx(score, abs=1e-5)


def test_the_rule_test_sees_every_label(nli_models):
    """Guard for the test above: on these models and thresholds all three verdicts really occur."""
    seen = set()
    for threshold in (0.2, 0.5, 0.9):
        judge = NLIJudge(str(nli_models["plain"]), {"threshold": str(threshold)})
        seen.update(v.label for v in judge.judge([item()])[0])
    assert seen == set(VERDICT_LABELS)


def test_window_two_adds_adjacent_sentence_pairs(nli_models):
    judge = NLIJudge(str(nli_models["plain"]), {"window": "2"})
    sentences = split_sentences(SUMMARY)
    assert judge.premises(SUMMARY) == sentences + [f"{sentences[0]} {sentences[1]}", f"{sentences[1]} {sentences[2]}"]
    [verdicts] = judge.judge([item()])
    assert all(v.evidence in judge.premises(SUMMARY) for v in verdicts)


def test_empty_summary_states_nothing(nli_models):
    [verdicts] = NLIJudge(str(nli_models["plain"]), {}).judge([item("")])
    assert [(v.label, v.score, v.evidence) for v in verdicts] == [("missing", 0.0, None)] * len(FACTS)


def test_several_items_keep_their_order(nli_models):
    judge = NLIJudge(str(nli_models["plain"]), {})
    items = [item(), JudgeItem("t2", "Lavrov spoke.", ("Lavrov spoke.",)), item("")]
    out = judge.judge(items)
    assert [len(v) for v in out] == [3, 1, 3]
    assert not any(isinstance(o, Failed) for o in out)
    assert out[1][0].evidence == "Lavrov spoke."


def test_spec_records_options_and_weights(nli_models):
    judge = NLIJudge(str(nli_models["plain"]), {"threshold": "0.6"})
    spec = judge.spec().to_dict()
    assert spec["kind"] == "judge" and spec["name"] == "nli"
    assert spec["options"]["threshold"] == 0.6 and spec["options"]["window"] == 1
    assert len(spec["options"]["weights"]) == 12
    assert judge.signature() == f"nli:{nli_models['plain']}@1"


def test_a_model_without_nli_labels_is_refused_naming_its_labels(nli_models):
    with pytest.raises(PluginError) as err:
        NLIJudge(str(nli_models["sentiment"]), {})
    assert "labels (LABEL_0, LABEL_1) include no entailment and no contradiction label" in str(err.value)


def test_find_labels_is_case_insensitive_and_rejects_ambiguity():
    assert find_labels({0: "ENTAILMENT", 1: "CONTRADICTION"}) == {"entailment": 0, "contradiction": 1}
    assert find_labels({"0": "Entailment", "1": "Neutral", "2": "Contradiction"}) == {
        "entailment": 0, "neutral": 1, "contradiction": 2,
    }
    with pytest.raises(PluginError, match="two labels that look like entailment"):
        find_labels({0: "entailment", 1: "entailed", 2: "contradiction"})


def test_bad_options(nli_models):
    with pytest.raises(PluginError, match="threshold must be in"):
        NLIJudge(str(nli_models["plain"]), {"threshold": "1.5"})
    with pytest.raises(PluginError, match="window must be 1"):
        NLIJudge(str(nli_models["plain"]), {"window": "3"})
    with pytest.raises(PluginError, match="unknown option"):
        NLIJudge(str(nli_models["plain"]), {"thresold": "0.5"})


def test_hub_id_offline_is_a_one_line_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf_home"))
    code = (
        "from benchmark.judges.nli import NLIJudge\n"
        "from benchmark.errors import OfflineError\n"
        "try:\n    NLIJudge('roberta-large-mnli', {})\n"
        "except OfflineError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert out.stdout.strip() == (
        "model roberta-large-mnli was not found locally and the Hugging Face hub cannot be reached "
        "(or does not have it); download it where there is network (huggingface-cli download roberta-large-mnli) "
        "and pass its local path"
    ), out.stderr
