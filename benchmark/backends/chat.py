"""A small client for OpenAI-compatible chat-completions servers, shared by the ``openai:`` summarizer
and the ``llm:`` fact judge.

What it does for the caller:

* one ``POST {base_url}/chat/completions`` per call, with a per-request deadline (``timeout``),
* retries on 429, 5xx, timeouts, connection errors and unreadable response bodies, waiting with
  exponential backoff and bounded jitter, or as long as the server's ``Retry-After`` asks, up to
  ``max_wait`` seconds (a longer request is capped, and the cap is announced on stderr),
* ``iter_many`` / ``complete_many`` send many calls ``concurrency`` at a time on daemon threads, so
  Ctrl-C is never held up by requests in flight; the first call goes alone, so a fatal error costs
  one request,
* a call that still fails after its retries comes back as a ``ChatFailure`` value, never as an
  exception, so one bad task never stops a run. A *fatal* failure (401/403: the key; 404: the URL or
  model; connection refused before any answer: no server) is marked ``fatal``, and every later call of
  the same client fails at once without sending anything: the caller stops the run.

The API key is read from the environment variable named by ``api_key_env`` and is only ever placed in
the ``Authorization`` header. It is scrubbed from every error text this module produces, including
error bodies that a server echoes back.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterator, Mapping, Sequence
from urllib.parse import urlsplit, urlunsplit

import httpx

from ..errors import PluginError
from ..options import Option
from .concurrency import iter_concurrently

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_KEY_ENV = "OPENAI_API_KEY"
BASE_URL_ENV = "OPENAI_BASE_URL"

USAGE_KEYS = ("prompt_tokens", "completion_tokens", "total_tokens")
# Status codes worth another attempt: rate limits, timeouts and server-side trouble.
_RETRY_STATUS = frozenset({408, 409, 425, 429})
# Status codes no retry and no other task can fix: the key, the URL or the model name is wrong.
_FATAL_STATUS = frozenset({401, 403, 404})

log = logging.getLogger("newsbench.chat")



@dataclass(frozen=True)
class ChatConfig:
    """Where and how to send chat-completions requests. Holds the *name* of the key variable only."""

    model: str
    base_url: str = DEFAULT_BASE_URL
    api_key_env: str = DEFAULT_KEY_ENV
    timeout: float = 60.0  # seconds, for one whole request (connect + wait + read)
    max_retries: int = 5  # attempts after the first one
    concurrency: int = 4
    backoff: float = 1.0  # first wait in seconds; doubles per attempt, with jitter in [0.5, 1] x
    max_wait: float = 60.0  # upper bound on any single wait, Retry-After included

    def __post_init__(self) -> None:
        if not self.model:
            raise PluginError("no model name: write the model after the colon, e.g. openai:gpt-4o-mini")
        if self.timeout <= 0:
            raise PluginError(f"timeout={self.timeout} must be a positive number of seconds")
        if self.max_retries < 0:
            raise PluginError(f"max_retries={self.max_retries} must be 0 or more")
        if self.concurrency < 1:
            raise PluginError(f"concurrency={self.concurrency} must be at least 1")
        if self.backoff < 0 or self.max_wait < 0:
            raise PluginError("backoff and max_wait must be 0 or more seconds")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PluginError(
                f"base_url {redact_url(self.base_url)!r} is not an http(s) URL; "
                "pass e.g. -M base_url=http://127.0.0.1:8000/v1"
            )

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


@dataclass(frozen=True)
class ChatReply:
    """A successful completion: the message text, token usage if reported, and attempts used."""

    content: str
    usage: Mapping[str, int] | None = None
    finish_reason: str | None = None
    attempts: int = 1


@dataclass(frozen=True)
class ChatFailure:
    """A request that failed for good: why, and after how many attempts."""

    error: str
    attempts: int = 1
    fatal: bool = False  # no later request can succeed: stop sending


ChatResult = ChatReply | ChatFailure


@dataclass(frozen=True)
class _AttemptError:
    message: str
    retryable: bool
    retry_after: float | None = None
    fatal: bool = False


def redact_url(url: str) -> str:
    """The URL without any ``user:password@`` part, safe to record."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = datetime.now(timezone.utc).timestamp() if now is None else now
    return max(0.0, when.timestamp() - current)


class _Scrubber:
    """Removes the API key (and the partial forms servers echo, like ``sk-abcd***wxyz``) from text."""

    def __init__(self, secret: str | None):
        self._patterns: list[re.Pattern[str]] = []
        if secret:
            self._patterns.append(re.compile(re.escape(secret)))
            if len(secret) >= 12:
                # Anything starting with the key's first 8 or ending with its last 8 characters.
                self._patterns.append(re.compile(re.escape(secret[:8]) + r"\S*"))
                self._patterns.append(re.compile(r"\S*" + re.escape(secret[-8:])))

    def __call__(self, text: str) -> str:
        for p in self._patterns:
            text = p.sub("[REDACTED]", text)
        return text


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ChatClient:
    """Thread-safe: one ``httpx.Client`` with a connection pool sized to ``concurrency``."""

    def __init__(self, config: ChatConfig, *, sleep: Callable[[float], None] = time.sleep, seed: int | None = None):
        self.config = config
        key = os.environ.get(config.api_key_env) or None
        self._scrub = _Scrubber(key)
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if key is not None:
            self._headers["Authorization"] = f"Bearer {key}"
        self._sleep = sleep
        self._closed = threading.Event()
        self._fatal: ChatFailure | None = None
        self._answered = False  # has the server ever answered? (connection refused is fatal until then)
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        limits = httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency)
        self._http = httpx.Client(limits=limits, timeout=httpx.Timeout(config.timeout), follow_redirects=False)

    @property
    def has_key(self) -> bool:
        return "Authorization" in self._headers

    def __repr__(self) -> str:  # never show headers
        return f"ChatClient(model={self.config.model!r}, base_url={redact_url(self.config.base_url)!r})"

    def close(self) -> None:
        """Stop: calls still running on other threads give up at their next step."""
        self._closed.set()
        self._http.close()

    def __enter__(self) -> "ChatClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one call, with retries ----------------------------------------------------------------
    def complete(self, messages: Sequence[Mapping[str, str]], **params: Any) -> ChatResult:
        """Send one chat request; ``params`` (temperature, max_tokens, seed, ...) go into the body."""
        body = {"model": self.config.model, "messages": list(messages)}
        body.update({k: v for k, v in params.items() if v is not None})
        attempts = 0
        last: _AttemptError | None = None
        while attempts <= self.config.max_retries:
            if self._fatal is not None:
                return self._fatal
            if self._closed.is_set():
                return ChatFailure("the client was closed (the run was interrupted)", attempts)
            attempts += 1
            outcome = self._attempt(body)
            if isinstance(outcome, ChatReply):
                return ChatReply(outcome.content, outcome.usage, outcome.finish_reason, attempts)
            last = outcome
            if outcome.fatal or not outcome.retryable or attempts > self.config.max_retries:
                break
            self._sleep(self._wait_seconds(attempts, outcome.retry_after))
        assert last is not None
        noun = "attempt" if attempts == 1 else "attempts"
        failure = ChatFailure(
            self._scrub(f"request failed after {attempts} {noun}: last error {last.message}"), attempts, last.fatal
        )
        if failure.fatal:
            self._fatal = failure
        return failure

    def _wait_seconds(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            if retry_after > self.config.max_wait:
                log.warning(
                    "%s asked to retry after %g s; waiting %g s instead (raise -M max_wait to wait longer)",
                    redact_url(self.config.base_url), retry_after, self.config.max_wait,
                )
            return min(retry_after, self.config.max_wait)
        with self._rng_lock:
            jitter = 0.5 + 0.5 * self._rng.random()
        return min(self.config.backoff * (2 ** (attempt - 1)) * jitter, self.config.max_wait)

    def _attempt(self, body: Mapping[str, Any]) -> ChatReply | _AttemptError:
        deadline = time.monotonic() + self.config.timeout
        try:
            with self._http.stream("POST", self.config.endpoint, json=body, headers=self._headers) as resp:
                chunks: list[bytes] = []
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        return _AttemptError(f"timed out after {self.config.timeout:g} s (slow body)", True)
                raw = b"".join(chunks)
        except httpx.TimeoutException:
            return _AttemptError(f"timed out after {self.config.timeout:g} s", True)
        except httpx.ConnectError as exc:
            if not self._answered:  # nothing listens there: retrying for minutes will not help
                return _AttemptError(
                    f"cannot connect to {redact_url(self.config.base_url)} ({_clip(str(exc))}); "
                    "is the server running? check -M base_url", False, fatal=True,
                )
            return _AttemptError(f"connection problem ({type(exc).__name__}: {_clip(str(exc))})", True)
        except httpx.TransportError as exc:
            return _AttemptError(f"connection problem ({type(exc).__name__}: {_clip(str(exc))})", True)

        self._answered = True
        status = resp.status_code
        if status != 200:
            text = _clip(raw.decode("utf-8", "replace"))
            retryable = status in _RETRY_STATUS or status >= 500
            hint = ""
            if status in (401, 403):
                hint = f"; check the key in ${self.config.api_key_env} (or -M api_key_env=NAME)"
            elif status == 404:
                hint = f"; check -M base_url (now {redact_url(self.config.base_url)}) and the model name"
            return _AttemptError(
                f"HTTP {status}: {text}{hint}", retryable, parse_retry_after(resp.headers.get("retry-after")),
                fatal=status in _FATAL_STATUS,
            )
        return _parse_completion(raw)

    # -- many calls ----------------------------------------------------------------------------
    def iter_many(
        self, requests: Sequence[tuple[Sequence[Mapping[str, str]], Mapping[str, Any]]]
    ) -> Iterator[tuple[int, ChatResult]]:
        """``(index, result)`` for ``[(messages, params), ...]`` as each finishes.

        The first request is sent alone; after a fatal failure nothing more is sent (every remaining
        index gets that failure), so a wrong key or URL costs one request, not one per task.
        """
        if not requests:
            return
        first = self.complete(requests[0][0], **requests[0][1])
        yield 0, first
        if isinstance(first, ChatFailure) and first.fatal:
            for i in range(1, len(requests)):
                yield i, first
            return
        rest = iter_concurrently(lambda r: self.complete(r[0], **r[1]), requests[1:], self.config.concurrency)
        for i, result in rest:
            yield i + 1, result

    def complete_many(self, requests: Sequence[tuple[Sequence[Mapping[str, str]], Mapping[str, Any]]]) -> list[ChatResult]:
        """``[(messages, params), ...]`` -> one result per request, in order (see ``iter_many``)."""
        out: list[ChatResult | None] = [None] * len(requests)
        for i, result in self.iter_many(requests):
            out[i] = result
        return [r for r in out if r is not None]


def _parse_completion(raw: bytes) -> ChatReply | _AttemptError:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _AttemptError(f"response is not JSON: {_clip(raw.decode('utf-8', 'replace'), 80)!r}", True)
    try:
        choice = data["choices"][0]
        content = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return _AttemptError("response JSON has no choices[0].message.content", True)
    if content is None:
        content = ""
    if not isinstance(content, str):
        return _AttemptError("response choices[0].message.content is not a string", True)
    return ChatReply(content, _usage(data.get("usage")), choice.get("finish_reason") if isinstance(choice, dict) else None)


def _usage(raw: Any) -> dict[str, int] | None:
    if not isinstance(raw, dict):
        return None
    usage = {k: raw[k] for k in USAGE_KEYS if isinstance(raw.get(k), int) and not isinstance(raw.get(k), bool)}
    return usage or None


@dataclass(frozen=True)
class ClientOptions:
    """The connection options ``openai:`` and ``llm:`` share, read from ``-M`` options."""

    base_url: str
    api_key_env: str
    concurrency: int
    max_retries: int
    timeout: float
    backoff: float
    max_wait: float = 60.0

    def config(self, model: str) -> ChatConfig:
        return ChatConfig(
            model=model,
            base_url=self.base_url,
            api_key_env=self.api_key_env,
            timeout=self.timeout,
            max_retries=self.max_retries,
            concurrency=self.concurrency,
            backoff=self.backoff,
            max_wait=self.max_wait,
        )


CLIENT_OPTIONS = (
    Option("base_url", str, None, f"The OpenAI-compatible endpoint (default: ${BASE_URL_ENV} or {DEFAULT_BASE_URL})."),
    Option("api_key_env", str, DEFAULT_KEY_ENV, "NAME of the environment variable that holds the API key (never the key)."),
    Option("concurrency", int, 4, "Requests in flight at once.", minimum=1),
    Option("max_retries", int, 5, "Retries of a request that failed with a network error, 429 or 5xx.", minimum=0),
    Option("timeout", float, 60.0, "Seconds per request.", minimum=0.001),
    Option("backoff", float, 1.0, "First retry delay in seconds (doubles each retry, with jitter).", minimum=0.0),
    Option("max_wait", float, 60.0, "Longest single wait between retries, a server's Retry-After included.", minimum=0.0),
)


def read_client_options(reader: Any) -> ClientOptions:
    """Read the ``CLIENT_OPTIONS`` (endpoint, key variable, concurrency, retries, waits) from an OptionReader."""
    base_url = reader.get("base_url") or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    api_key_env = reader.get("api_key_env")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", api_key_env or ""):
        raise PluginError(
            "api_key_env must be the NAME of an environment variable (e.g. -M api_key_env=MY_KEY), "
            "never the key itself"
        )
    return ClientOptions(
        base_url=base_url,
        api_key_env=api_key_env,
        concurrency=reader.get("concurrency"),
        max_retries=reader.get("max_retries"),
        timeout=reader.get("timeout"),
        backoff=reader.get("backoff"),
        max_wait=reader.get("max_wait"),
    )
