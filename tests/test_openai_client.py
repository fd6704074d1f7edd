"""The shared chat-completions client against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from benchmark.errors import PluginError
from benchmark.backends.chat import ChatClient, ChatConfig, ChatFailure, ChatReply, parse_retry_after, redact_url
from chat_server import ChatServer, Malformed, Reply, Status

KEY = "sk-test-DISTINCTIVE-9f8e7d6c5b4a3210"
MESSAGES = [{"role": "user", "content": "Say something short."}]


@pytest.fixture
def server():
    with ChatServer() as s:
        yield s


def client(server: ChatServer, **kw) -> ChatClient:
    settings = dict(model="tiny", base_url=server.base_url, backoff=0.05, max_retries=3, timeout=5.0)
    settings.update(kw)
    return ChatClient(ChatConfig(**settings), seed=0)


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("1") == 1.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=7), usegmt=True)
    assert parse_retry_after(later, now=now.timestamp()) == pytest.approx(7.0)
    earlier = format_datetime(now - timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(earlier, now=now.timestamp()) == 0.0


def test_normal_reply_carries_content_usage_and_bearer_key(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    server.script(Reply("Hello there."))
    with client(server) as c:
        out = c.complete(MESSAGES, temperature=0.0, max_tokens=20, seed=None)
    assert out == ChatReply("Hello there.", {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}, "stop", 1)
    (req,) = server.requests
    assert req.path == "/v1/chat/completions"
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.body == {"model": "tiny", "messages": MESSAGES, "temperature": 0.0, "max_tokens": 20}
    assert KEY not in repr(c)


def test_no_key_no_authorization_header(server, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with client(server) as c:
        assert not c.has_key
        assert isinstance(c.complete(MESSAGES), ChatReply)
    assert "authorization" not in server.requests[0].headers


def test_429_retry_after_is_honoured(server):
    server.script(Status(429, retry_after="1"), Reply("after the wait"))
    with client(server, backoff=0.0) as c:
        out = c.complete(MESSAGES)
    assert isinstance(out, ChatReply) and out.content == "after the wait" and out.attempts == 2
    first, second = server.requests
    assert (first.behaviour, second.behaviour) == ("Status", "Reply")
    assert second.arrived - first.finished >= 0.9  # the client waited as the server asked


def test_5xx_is_retried_with_backoff_then_succeeds(server):
    server.script(Status(500), Status(503), Reply("third time"))
    with client(server) as c:
        out = c.complete(MESSAGES)
    assert isinstance(out, ChatReply) and out.content == "third time" and out.attempts == 3
    assert [r.behaviour for r in server.requests] == ["Status", "Status", "Reply"]


def test_malformed_json_body_is_retried(server):
    server.script(Malformed(), Malformed('{"choices": []}'), Reply("fine"))
    with client(server) as c:
        out = c.complete(MESSAGES)
    assert isinstance(out, ChatReply) and out.content == "fine" and out.attempts == 3


def test_slow_response_past_timeout_is_retried(server):
    server.script(Reply("too late", delay=2.0), Reply("in time"))
    with client(server, timeout=0.5) as c:
        out = c.complete(MESSAGES)
    assert isinstance(out, ChatReply) and out.content == "in time" and out.attempts >= 2


def test_timeouts_exhaust_retries_into_a_failure(server):
    server.script(Reply("late", delay=1.5), Reply("late", delay=1.5))
    with client(server, timeout=0.5, max_retries=1) as c:
        out = c.complete(MESSAGES)
    assert isinstance(out, ChatFailure)
    assert out.attempts == 2
    assert "after 2 attempts" in out.error and "timed out after 0.5 s" in out.error


def test_client_errors_are_not_retried(server):
    server.script(Status(400, body='{"error": {"message": "bad model"}}'))
    with client(server) as c:
        out = c.complete(MESSAGES)
    assert isinstance(out, ChatFailure) and out.attempts == 1
    assert "HTTP 400" in out.error and "bad model" in out.error
    assert len(server.requests) == 1


def _closed_port() -> int:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_before_any_answer_fails_at_once():
    config = ChatConfig(model="m", base_url=f"http://127.0.0.1:{_closed_port()}/v1", max_retries=2, backoff=0.01)
    with ChatClient(config) as c:
        out = c.complete(MESSAGES)
        again = c.complete(MESSAGES)
    assert isinstance(out, ChatFailure) and out.attempts == 1 and out.fatal
    assert "cannot connect" in out.error and "is the server running" in out.error
    assert again is out  # nothing more is tried once the client knows nobody listens


def test_key_echoed_by_server_is_scrubbed(server, monkeypatch):
    monkeypatch.setenv("MY_KEY", KEY)
    echoed = f'{{"error": {{"message": "Incorrect API key provided: {KEY}. Also {KEY[:10]}***{KEY[-4:]}"}}}}'
    server.script(Status(401, body=echoed))
    with client(server, api_key_env="MY_KEY") as c:
        out = c.complete(MESSAGES)
    assert isinstance(out, ChatFailure) and out.attempts == 1
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in out.error and KEY[:8] not in out.error
    assert "[REDACTED]" in out.error and "$MY_KEY" in out.error


def test_concurrency_overlaps_requests(server):
    server.default = Reply(delay=0.3)
    requests = [([{"role": "user", "content": f"request {i}"}], {"temperature": 0.0}) for i in range(4)]
    with client(server, concurrency=4) as c:
        outs = c.complete_many(requests)
    # results come back in request order whatever order the server finished them in
    assert [o.content for o in outs] == [f"Summary: request {i}" for i in range(4)]
    assert server.max_in_flight >= 2
    recs = server.requests
    overlapping = sum(1 for a in recs for b in recs if a is not b and a.arrived < b.finished and b.arrived < a.finished)
    assert overlapping > 0


def test_concurrency_one_never_overlaps(server):
    server.default = Reply(delay=0.1)
    requests = [([{"role": "user", "content": f"request {i}"}], {}) for i in range(3)]
    with client(server, concurrency=1) as c:
        outs = c.complete_many(requests)
    assert [o.content for o in outs] == [f"Summary: request {i}" for i in range(3)]
    assert server.max_in_flight == 1


def test_bad_settings_are_refused():
    with pytest.raises(PluginError, match="http"):
        ChatConfig(model="m", base_url="localhost:8000")
    with pytest.raises(PluginError, match="model"):
        ChatConfig(model="")
    with pytest.raises(PluginError, match="concurrency"):
        ChatConfig(model="m", concurrency=0)
    assert redact_url("http://user:pw@host:1/v1") == "http://***@host:1/v1"
