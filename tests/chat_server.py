"""A real chat-completions server on 127.0.0.1 for tests, built on the stdlib ``ThreadingHTTPServer``.

It speaks ``POST /v1/chat/completions`` and answers each request with a scripted behaviour:

* ``Reply(content, delay)`` — a normal completion (``content=None``: ask the server's ``responder``),
  with ``usage`` token counts; a ``delay`` longer than the client's timeout makes it a slow response,
* ``Status(code, retry_after)`` — an error status such as 429 (with a ``Retry-After`` header) or 500,
* ``Malformed(body)`` — HTTP 200 with a body that is not valid JSON.

``script(*behaviours, match=TEXT)`` queues behaviours for requests whose messages contain ``TEXT`` (or
for any request without ``match``); a request with no queued behaviour gets ``default`` (a plain reply).
Every request is recorded with its headers, JSON body, arrival and finish times (``time.monotonic``),
and the server tracks the largest number of requests it had in flight at once.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Mapping


@dataclass(frozen=True)
class Reply:
    content: str | None = None
    delay: float = 0.0
    usage: bool = True


@dataclass(frozen=True)
class Status:
    code: int
    retry_after: str | None = None
    body: str = '{"error": {"message": "scripted error", "type": "server_error"}}'


@dataclass(frozen=True)
class Malformed:
    body: str = '{"id": "chatcmpl-1", "choices": [{"message": {"content": "trunc'


Behaviour = Reply | Status | Malformed


@dataclass(frozen=True)
class RequestRecord:
    path: str
    headers: Mapping[str, str]
    body: Any
    arrived: float
    finished: float
    behaviour: str

    @property
    def text(self) -> str:
        """All message contents of the request, joined."""
        msgs = self.body.get("messages", []) if isinstance(self.body, dict) else []
        return "\n".join(str(m.get("content", "")) for m in msgs)


def _echo(body: Mapping[str, Any]) -> str:
    last = body["messages"][-1]["content"] if body.get("messages") else ""
    return "Summary: " + " ".join(str(last).split()[:12])


class ChatServer:
    def __init__(self, responder: Callable[[Mapping[str, Any]], str] = _echo, default: Behaviour = Reply()):
        self.responder = responder
        self.default = default
        self._lock = threading.Lock()
        self._scripts: list[tuple[str | None, list[Behaviour]]] = []
        self._records: list[RequestRecord] = []
        self._in_flight = 0
        self.max_in_flight = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="chat-server", daemon=True
        )

    # -- control -------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> "ChatServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "ChatServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, *behaviours: Behaviour, match: str | None = None) -> None:
        with self._lock:
            for m, queue in self._scripts:
                if m == match:
                    queue.extend(behaviours)
                    return
            self._scripts.append((match, list(behaviours)))

    @property
    def requests(self) -> list[RequestRecord]:
        with self._lock:
            return sorted(self._records, key=lambda r: r.arrived)

    def requests_matching(self, text: str) -> list[RequestRecord]:
        return [r for r in self.requests if text in r.text]

    # -- serving -------------------------------------------------------------------------------
    def _next_behaviour(self, body: Any) -> Behaviour:
        text = json.dumps(body, ensure_ascii=False) if body is not None else ""
        with self._lock:
            for match, queue in self._scripts:
                if queue and match is not None and match in text:
                    return queue.pop(0)
            for match, queue in self._scripts:
                if queue and match is None:
                    return queue.pop(0)
        return self.default

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                arrived = time.monotonic()
                with server._lock:
                    server._in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server._in_flight)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                if self.path.rstrip("/") != "/v1/chat/completions":
                    behaviour: Behaviour = Status(404, body='{"error": {"message": "unknown path"}}')
                elif body is None:
                    behaviour = Status(400, body='{"error": {"message": "request body is not JSON"}}')
                else:
                    behaviour = server._next_behaviour(body)
                code, text, headers = self._response(behaviour, body)
                # Record before answering, so a client that has its answer always finds its request here.
                with server._lock:
                    server._in_flight -= 1
                    server._records.append(
                        RequestRecord(
                            path=self.path,
                            headers={k.lower(): v for k, v in self.headers.items()},
                            body=body,
                            arrived=arrived,
                            finished=time.monotonic(),
                            behaviour=type(behaviour).__name__,
                        )
                    )
                try:
                    self._send(code, text, headers)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its timeout): that is what a slow response is for

            def _response(self, behaviour: Behaviour, body: Any) -> tuple[int, str, dict[str, str]]:
                if isinstance(behaviour, Status):
                    extra = {"Retry-After": behaviour.retry_after} if behaviour.retry_after is not None else {}
                    return behaviour.code, behaviour.body, extra
                if isinstance(behaviour, Malformed):
                    return 200, behaviour.body, {}
                if behaviour.delay:
                    time.sleep(behaviour.delay)
                content = behaviour.content if behaviour.content is not None else server.responder(body)
                prompt_words = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
                payload: dict[str, Any] = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "model": body.get("model"),
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
                    ],
                }
                if behaviour.usage:
                    completion = len(content.split())
                    payload["usage"] = {
                        "prompt_tokens": prompt_words,
                        "completion_tokens": completion,
                        "total_tokens": prompt_words + completion,
                    }
                return 200, json.dumps(payload), {}

            def _send(self, code: int, text: str, headers: Mapping[str, str] | None = None) -> None:
                data = text.encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()

        return Handler
