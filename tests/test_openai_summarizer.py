"""``openai:MODEL`` end to end against a real chat-completions server on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmark.errors import PluginError, UnknownComponent
from benchmark.summarizers import create_summarizer
from benchmark.summarizers.openai import OpenAISummarizer
from benchmark.types import Failed, KeyFact, Summary, Task
from chat_server import ChatServer, Reply, Status
import helpers

KEY = "sk-proj-NEWSBENCH-LEAK-CANARY-5e1f0a9b7c"


def make_task(i: int) -> Task:
    body = (
        f"Officials in town number {i} opened a new bridge on Monday. "
        f"The bridge cost {i + 2} million euros and took three years to build."
    )
    return helpers.make_task(f"task-{i}", body, title=f"Bridge {i} opens", reference=f"Town {i} opened a bridge.",
                             keyfacts=(KeyFact(id="bridge-opened", text=f"Town {i} opened a bridge.", weight=3),))


@pytest.fixture
def server():
    with ChatServer() as s:
        yield s


def summarizer(server: ChatServer, **options) -> OpenAISummarizer:
    opts = {"base_url": server.base_url, "backoff": "0.05", "max_retries": "2", "timeout": "5"}
    opts.update({k: str(v) for k, v in options.items()})
    s = create_summarizer("openai:tiny-chat", opts)
    assert isinstance(s, OpenAISummarizer)
    return s


def test_summaries_in_task_order_with_usage(server):
    server.responder = lambda body: "  " + body["messages"][-1]["content"].split("\n\n")[-2] + "\n"
    tasks = [make_task(i) for i in range(5)]
    outs = summarizer(server, concurrency=3).summarize(tasks)
    assert [type(o) for o in outs] == [Summary] * 5
    for task, out in zip(tasks, outs):
        assert out.text == task.title  # the responder echoes the article title; whitespace stripped
        assert set(out.usage) == {"prompt_tokens", "completion_tokens", "total_tokens"}
        assert out.usage["completion_tokens"] == 3
        assert out.usage["total_tokens"] == out.usage["prompt_tokens"] + 3
    body = server.requests[0].body
    assert body["model"] == "tiny-chat"
    assert body["temperature"] == 0.0 and body["max_tokens"] == 300 and "seed" not in body
    system, user = body["messages"]
    assert system["role"] == "system" and "only facts" in system["content"]
    assert "at most 75 words" in user["content"]


def test_seed_and_generation_options_are_sent_and_recorded(server):
    s = summarizer(server, seed=7, temperature=0.7, max_tokens=50, concurrency=2)
    s.summarize([make_task(1)])
    body = server.requests[0].body
    assert (body["seed"], body["temperature"], body["max_tokens"]) == (7, 0.7, 50)
    options = s.spec().options
    assert options["seed"] == 7 and options["temperature"] == 0.7 and options["max_tokens"] == 50
    # transport settings do not change outputs, so they do not split the prediction cache
    assert "concurrency" not in options and "timeout" not in options


def test_exhausted_retries_fail_one_task_and_the_rest_go_on(server):
    server.script(Status(500), Status(502), Status(503), match="Bridge 1 opens")
    outs = summarizer(server).summarize([make_task(0), make_task(1), make_task(2)])
    assert isinstance(outs[0], Summary) and isinstance(outs[2], Summary)
    assert isinstance(outs[1], Failed)
    assert "after 3 attempts" in outs[1].error and "HTTP 503" in outs[1].error
    assert outs[1].error.startswith("openai:tiny-chat: ")
    assert len(server.requests_matching("Bridge 1 opens")) == 3


def test_429_then_success_inside_a_batch(server):
    server.script(Status(429, retry_after="1"), match="Bridge 0 opens")
    outs = summarizer(server, concurrency=2).summarize([make_task(0), make_task(1)])
    assert all(isinstance(o, Summary) for o in outs)
    first, second = server.requests_matching("Bridge 0 opens")
    assert second.arrived - first.finished >= 0.9


def test_slow_server_past_timeout_fails_the_task(server):
    server.script(Reply("late", delay=1.5), Reply("late", delay=1.5), match="Bridge 3 opens")
    (out,) = summarizer(server, timeout=0.5, max_retries=1).summarize([make_task(3)])
    assert isinstance(out, Failed) and "timed out" in out.error and "after 2 attempts" in out.error


def test_empty_completion_is_a_failure(server):
    server.script(Reply("   \n"))
    (out,) = summarizer(server).summarize([make_task(0)])
    assert isinstance(out, Failed) and "empty completion" in out.error


def test_concurrency_really_overlaps(server):
    server.default = Reply(delay=0.3)
    summarizer(server, concurrency=4).summarize([make_task(i) for i in range(4)])
    assert server.max_in_flight >= 2


def test_concurrency_one_is_sequential(server):
    server.default = Reply(delay=0.05)
    summarizer(server, concurrency=1).summarize([make_task(i) for i in range(3)])
    assert server.max_in_flight == 1


def test_api_key_is_sent_but_never_recorded(server, monkeypatch):
    monkeypatch.setenv("NB_TEST_KEY", KEY)
    server.script(Status(401, body=json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}"}})),
                  match="Bridge 1 opens")
    s = summarizer(server, api_key_env="NB_TEST_KEY")
    with pytest.raises(PluginError) as err:  # a 401 stops the run: no other task can succeed
        s.summarize([make_task(0), make_task(1)])
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in server.requests)
    everything = json.dumps([s.spec().to_dict(), s.signature_fields(), str(err.value), vars(s).keys().__repr__()])
    assert KEY not in everything and KEY[:8] not in str(err.value)
    assert "NB_TEST_KEY" in str(err.value)  # the message says where the key comes from


def test_key_given_as_api_key_env_value_is_refused_without_echo(server):
    with pytest.raises(PluginError) as err:
        summarizer(server, api_key_env=KEY)
    assert KEY not in str(err.value)
    with pytest.raises(PluginError, match="unknown option"):
        summarizer(server, api_key=KEY)


def test_prompt_file_changes_messages_signature_and_spec(server, tmp_path):
    default = summarizer(server)
    prompt = tmp_path / "terse.txt"
    prompt.write_text("Summarize in {word_budget} words, {n_documents} article(s):\n{article}\n", encoding="utf-8")
    custom = summarizer(server, prompt=prompt)
    assert default.signature_fields()["prompt"].startswith("default@")
    assert custom.signature_fields()["prompt"].startswith("terse.txt@")
    assert custom.spec().options["prompt"] == custom.signature_fields()["prompt"]
    custom.summarize([make_task(2)])
    (msg,) = server.requests[0].body["messages"]
    assert msg["role"] == "user" and msg["content"].startswith("Summarize in 75 words, 1 article(s):")
    # editing the file in place changes the recorded prompt, so cached summaries are not reused
    prompt.write_text("Other words: {article}", encoding="utf-8")
    assert summarizer(server, prompt=prompt).spec().options["prompt"] != custom.spec().options["prompt"]


def test_bad_specs_and_options():
    with pytest.raises(PluginError, match="model name"):
        create_summarizer("openai:", {})
    with pytest.raises(PluginError, match="http"):
        create_summarizer("openai:m", {"base_url": "127.0.0.1:9/v1"})
    with pytest.raises(PluginError, match="does not exist"):
        create_summarizer("openai:m", {"prompt": "/nonexistent/prompt.txt"})
    with pytest.raises(UnknownComponent, match="openai"):
        create_summarizer("openia:m", {})


def test_bench_run_records_nothing_secret(server, tmp_path, monkeypatch):
    """A real ``bench run`` into tmp_path; every file of the run directory is searched for the key."""
    pytest.importorskip("benchmark.data.load", reason="the dataset loader is not in this checkout yet")
    from click.testing import CliRunner

    from benchmark.cli.main import cli

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("NEWSBENCH_CACHE_DIR", str(tmp_path / "cache"))

    def respond(body):  # summaries for the summarizer, verdict JSON for the llm judge
        text = body["messages"][-1]["content"]
        n = re.search(r"exactly (\d+) objects", text)
        if n is None:
            return "NATO and Russia held talks on missile defence."
        return json.dumps([{"fact": i, "verdict": "stated" if i == 1 else "missing", "sentence": 1}
                           for i in range(1, int(n.group(1)) + 1)])

    server.responder = respond
    runs = tmp_path / "runs"
    result = CliRunner().invoke(
        cli,
        ["run", "--model", "openai:tiny-chat", "-M", f"base_url={server.base_url}", "-M", "concurrency=2",
         "--judge", "llm:tiny-judge", "-J", f"base_url={server.base_url}",
         "--runs-dir", str(runs), "--cache-dir", str(tmp_path / "cache"), "--quiet"],
    )
    assert result.exit_code == 0, result.output
    assert {r.body["model"] for r in server.requests} == {"tiny-chat", "tiny-judge"}
    assert KEY not in result.output
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in server.requests)
    files = [p for p in Path(tmp_path).rglob("*") if p.is_file()]
    assert any(p.name == "predictions.jsonl" for p in files)
    for path in files:
        data = path.read_bytes()
        assert KEY.encode() not in data, f"API key written to {path}"
    preds = [json.loads(line) for p in files if p.name == "predictions.jsonl" for line in p.read_text().splitlines()]
    assert preds and all(p["usage"]["total_tokens"] > 0 for p in preds)
    (manifest,) = [json.loads(p.read_text()) for p in files if p.name == "manifest.json"]
    assert manifest["status"] == "finished"
    assert "|judge:llm:tiny-judge@1+p" in manifest["signature"] and "|prompt:default@" in manifest["signature"]
