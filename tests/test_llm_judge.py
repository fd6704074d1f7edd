"""The ``llm:`` fact judge against a real chat-completions server on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from benchmark.errors import PluginError
from benchmark.judges import create_judge
from benchmark.judges.llm import LLMJudge, MalformedAnswer, parse_verdicts
from benchmark.types import Failed, JudgeItem, Verdict
from chat_server import ChatServer, Malformed, Reply, Status

SUMMARY = (
    "NATO and Russia met in Brussels on Thursday to discuss missile defence.\n"
    "The talks ended without an agreement.\n"
    "Russia said it would deploy missiles in Kaliningrad."
)
FACTS = (
    "NATO and Russia held talks on missile defence.",
    "The talks produced an agreement.",
    "The meeting took place in Brussels.",
    "The US plans a radar in Turkey.",
)
GOOD = [
    {"fact": 1, "verdict": "stated", "sentence": 1},
    {"fact": 2, "verdict": "contradicted", "sentence": 2},
    {"fact": 3, "verdict": "Stated", "sentence": "1"},
    {"fact": 4, "verdict": "missing", "sentence": None},
]


@pytest.fixture
def server():
    with ChatServer() as s:
        yield s


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSBENCH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def judge(server: ChatServer, **options) -> LLMJudge:
    opts = {"base_url": server.base_url, "backoff": "0.05", "max_retries": "1", "timeout": "5"}
    opts.update({k: str(v) for k, v in options.items()})
    return LLMJudge("judge-model", opts)


def item(summary: str = SUMMARY, facts: tuple[str, ...] = FACTS, id: str = "t1") -> JudgeItem:
    return JudgeItem(id=id, summary=summary, keyfacts=facts)


def test_verdicts_map_labels_scores_and_evidence(server):
    server.script(Reply(json.dumps(GOOD)))
    (out,) = judge(server).judge([item()])
    assert out == [
        Verdict("stated", 1.0, "NATO and Russia met in Brussels on Thursday to discuss missile defence."),
        Verdict("contradicted", 0.0, "The talks ended without an agreement."),
        Verdict("stated", 1.0, "NATO and Russia met in Brussels on Thursday to discuss missile defence."),
        Verdict("missing", 0.0, None),
    ]
    (req,) = server.requests
    assert req.body["temperature"] == 0.0 and req.body["model"] == "judge-model"
    user = req.body["messages"][-1]["content"]
    assert "1. NATO and Russia met in Brussels" in user and "3. Russia said it would deploy" in user
    assert "4. The US plans a radar in Turkey." in user and "exactly 4 objects" in user


def test_code_fenced_json_with_prose_is_accepted(server):
    answer = "Here is my assessment:\n```json\n" + json.dumps(GOOD, indent=2) + "\n```\nHope this helps."
    server.script(Reply(answer))
    (out,) = judge(server).judge([item()])
    assert [v.label for v in out] == ["stated", "contradicted", "stated", "missing"]


def test_malformed_then_good_json_is_retried(server):
    server.script(Reply('[{"fact": 1, "verdict": "stated", "sentence": 1}, {"fact": 2'), Reply(json.dumps(GOOD)))
    (out,) = judge(server).judge([item()])
    assert [v.score for v in out] == [1.0, 0.0, 1.0, 0.0]
    first, second = server.requests
    # the retry shows the model its bad answer and says what was wrong
    assert len(second.body["messages"]) == len(first.body["messages"]) + 2
    assert second.body["messages"][-2]["role"] == "assistant"
    assert "could not be used" in second.body["messages"][-1]["content"]


def test_incomplete_answer_is_retried(server):
    server.script(Reply(json.dumps(GOOD[:3])), Reply(json.dumps(GOOD)))
    (out,) = judge(server).judge([item()])
    assert len(out) == 4
    assert "no verdict for fact(s) 4 of 4" in server.requests[1].body["messages"][-1]["content"]


def test_always_malformed_is_a_recorded_failure_never_a_zero(server):
    server.default = Reply("I think the summary is quite good overall.")
    j = judge(server, json_retries=1)
    (out,) = j.judge([item()])
    assert isinstance(out, Failed)
    assert "no usable verdict JSON after 2 answer(s)" in out.error and out.error.startswith("llm:judge-model")
    assert len(server.requests) == 2
    # failures are not cached: the next call asks again
    j.judge([item()])
    assert len(server.requests) == 4


def test_server_errors_exhaust_into_failure(server):
    server.default = Status(503)
    (out,) = judge(server, max_retries=1).judge([item()])
    assert isinstance(out, Failed) and "after 2 attempts" in out.error and "HTTP 503" in out.error


def test_second_call_is_served_from_cache(server, cache_dir):
    server.script(Reply(json.dumps(GOOD)))
    first = judge(server).judge([item()])
    assert len(server.requests) == 1
    again = judge(server).judge([item()])  # a new judge object: the cache is on disk
    assert again == first and len(server.requests) == 1
    assert (cache_dir / "llm_judge.sqlite").is_file()
    # another summary is another key
    server.script(Reply(json.dumps(GOOD)))
    judge(server).judge([item(summary=SUMMARY + "\nIt was cold.")])
    assert len(server.requests) == 2
    # cache=false always asks
    server.script(Reply(json.dumps(GOOD)))
    judge(server, cache="false").judge([item()])
    assert len(server.requests) == 3


def test_batch_keeps_order_and_skips_trivial_items(server):
    server.default = Reply(json.dumps(GOOD[:1]), delay=0.1)
    items = [
        item(facts=FACTS[:1], id="a"),
        item(summary="   ", id="empty"),
        item(facts=(), id="nofacts"),
        item(summary="Another summary.", facts=FACTS[:1], id="b"),
    ]
    out = judge(server, concurrency=2).judge(items)
    assert out[0] == [Verdict("stated", 1.0, "NATO and Russia met in Brussels on Thursday to discuss missile defence.")]
    assert out[1] == [Verdict("missing", 0.0, None)] * 4
    assert out[2] == []
    assert out[3] == [Verdict("stated", 1.0, "Another summary.")]
    assert len(server.requests) == 2  # the empty summary and the fact-less item cost no request


def test_signature_and_spec_name_model_and_prompt(server, tmp_path):
    j = judge(server)
    sig = j.signature()
    assert sig.startswith("llm:judge-model@1+p") and len(sig.split("+p")[1]) == 8
    assert j.spec().options["temperature"] == 0.0
    custom = tmp_path / "judge.txt"
    custom.write_text("Facts:\n{facts}\nSummary:\n{summary}\nAnswer for {n_facts} facts as JSON.", encoding="utf-8")
    j2 = judge(server, prompt=custom)
    assert j2.signature() != sig
    server.script(Reply(json.dumps(GOOD[:1])))
    j2.judge([item(facts=FACTS[:1])])
    (msg,) = server.requests[0].body["messages"]
    assert msg["content"].startswith("Facts:\n1. NATO and Russia held talks")


def test_registered_as_llm_judge_and_bad_options():
    assert isinstance(create_judge("llm:some-model", {"base_url": "http://127.0.0.1:9/v1"}), LLMJudge)
    with pytest.raises(PluginError, match="model name"):
        create_judge("llm", {})
    with pytest.raises(PluginError, match="unknown option"):
        create_judge("llm:m", {"temperature": "0.5"})


def test_parser_tolerance_and_strictness():
    wrapped = json.dumps({"verdicts": [{"fact": 1, "verdict": "missing", "sentence": None}]})
    assert parse_verdicts(wrapped, 1) == [("missing", None)]
    unnumbered = '[{"verdict": "stated", "sentence": [2, 3]}, {"verdict": "missing"}]'
    assert parse_verdicts(unnumbered, 2) == [("stated", 2), ("missing", None)]
    with pytest.raises(MalformedAnswer, match="use one of"):
        parse_verdicts('[{"fact": 1, "verdict": "yes", "sentence": 1}]', 1)
    with pytest.raises(MalformedAnswer, match="no JSON array"):
        parse_verdicts("stated, missing", 2)
    # an unusable array in the prose does not hide a good one later in the answer
    text = 'Format: [{"fact": 0}]. Answer: [{"fact": 1, "verdict": "stated", "sentence": 9}]'
    assert parse_verdicts(text, 1) == [("stated", 9)]


def test_sentence_number_out_of_range_gives_no_evidence(server):
    server.script(Reply('[{"fact": 1, "verdict": "stated", "sentence": 42}]'))
    (out,) = judge(server).judge([item(facts=FACTS[:1])])
    assert out == [Verdict("stated", 1.0, None)]


def test_malformed_http_body_is_retried_by_the_client(server):
    server.script(Malformed(), Reply(json.dumps(GOOD)))
    (out,) = judge(server).judge([item()])
    assert len(out) == 4 and len(server.requests) == 2
