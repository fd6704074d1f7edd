"""Issue 11, items 4 and 6: an OpenAI-compatible endpoint that refuses, is absent, throttles or hangs.

A real chat server on 127.0.0.1 (``tests/chat_server.py``) answers a real ``bench run``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time

import pytest

from chat_server import ChatServer, Reply, Status
from conftest import bench, start_bench
from benchmark.records.store import RunDir


@pytest.fixture
def server():
    with ChatServer() as s:
        yield s


def _openai(base_url: str, *extra: str) -> list[str]:
    return ["--model", "openai:tiny-chat", "-M", f"base_url={base_url}", "-M", "backoff=0.01", *extra]


def test_401_stops_the_run_after_one_task(server, tmp_path):
    server.default = Status(401, body='{"error": {"message": "Incorrect API key provided"}}')
    r = bench("run", *_openai(server.base_url), "--runs-dir", str(tmp_path / "runs"), ok=False)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "HTTP 401" in r.output and "check the key" in r.output and "stopped the run" in r.output
    assert len(server.requests) == 1
    (run,) = (tmp_path / "runs").iterdir()
    assert RunDir(run).manifest()["status"] == "failed"


def test_closed_port_fails_at_the_first_attempt(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = bench("run", *_openai(f"http://127.0.0.1:{port}/v1"), "--runs-dir", str(tmp_path / "runs"), ok=False)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "request failed after 1 attempt" in r.output and "is the server running" in r.output


def test_long_retry_after_is_capped_and_announced(server, tmp_path):
    server.script(Status(429, retry_after="100000"))
    proc = start_bench("run", *_openai(server.base_url, "-M", "max_wait=0.2"), "--runs-dir", str(tmp_path / "runs"))
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "asked to retry after 100000 s; waiting 0.2 s instead" in err
    assert "(finished)" in out
    assert len(server.requests) == 4  # the 429, then one request per task


def test_ctrl_c_is_honoured_with_requests_in_flight(server, tmp_path):
    server.default = Reply(delay=300)  # never answers within the test
    proc = start_bench("run", *_openai(server.base_url, "-M", "timeout=600"), "--runs-dir", str(tmp_path / "runs"))
    end = time.monotonic() + 120
    while server.max_in_flight < 1:
        assert proc.poll() is None and time.monotonic() < end, proc.communicate()
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)  # a run that waited for the server would not end here
    assert proc.returncode == 130 and "Traceback" not in err and "resume" in err
    (run,) = (tmp_path / "runs").iterdir()
    assert RunDir(run).manifest()["status"] == "interrupted"


def test_failing_llm_judge_says_why(server, tmp_path):
    server.default = Status(401, body='{"error": {"message": "Incorrect API key provided"}}')
    r = bench("run", "--model", "lead-3", "--judge", "llm:judge-model", "-J", f"base_url={server.base_url}",
              "--runs-dir", str(tmp_path / "runs"), ok=False)
    assert r.exit_code == 1
    assert "the fact judge failed on 3 task(s)" in r.output and "HTTP 401" in r.output


def test_judge_endpoints_get_their_own_run_ids(tmp_path):
    verdicts = json.dumps([{"fact": 1, "verdict": "missing", "sentence": None}])
    with ChatServer(responder=lambda body: verdicts) as one, ChatServer(responder=lambda body: verdicts) as two:
        ids = []
        for srv in (one, two):
            r = bench("run", "--model", "lead-1", "--config", "single", "--judge", "llm:judge-model",
                      "-J", f"base_url={srv.base_url}", "-J", "json_retries=0", "--runs-dir", str(tmp_path / "runs"),
                      "--json", "--allow-failures")
            ids.append(json.loads(r.output)["run_id"])
    assert ids[0] != ids[1]
    assert {p.name for p in (tmp_path / "runs").iterdir()} == set(ids)
