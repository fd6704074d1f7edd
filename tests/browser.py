"""Headless Chromium driven over the DevTools protocol, for the HTML report tests.

``Browser.open(url)`` loads a page, waits until every chart on it has been drawn, and returns a
``Page`` with every URL the page requested and every console or CSP message it logged; ``Page.js``
evaluates an expression in it. The browser runs with a fresh profile, no background networking, and a
host resolver that resolves no name at all, so nothing could leave the machine even if a page tried.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-port=0",
)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class Page:
    ws: Any
    requests: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # console errors, exceptions, CSP reports
    _next_id: int = 0

    def send(self, method: str, params: dict | None = None, timeout: float = 60) -> dict:
        self._next_id += 1
        msg_id = self._next_id
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params or {}}))
        deadline = time.monotonic() + timeout
        while True:
            msg = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self._event(msg)

    def wait_event(self, name: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            msg = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            self._event(msg)
            if msg.get("method") == name:
                return msg.get("params", {})

    def _event(self, msg: dict) -> None:
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.exceptionThrown":
            self.messages.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:500])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning"):
            self.messages.append("console: " + json.dumps(params.get("args", []))[:500])
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            self.messages.append("log: " + params["entry"].get("text", ""))

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")


class Browser:
    def __init__(self, profile: Path):
        from websockets.sync.client import connect

        self._connect = connect
        self._pages = contextlib.ExitStack()
        exe = chromium_path()
        if exe is None:
            raise RuntimeError("chromium is not installed")
        profile.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.is_file() and port_file.read_text().strip()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("chromium did not start (no DevToolsActivePort)")
            time.sleep(0.1)
        self.port = int(port_file.read_text().split()[0])

    def open(self, url: str, timeout: float = 60) -> Page:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(req, timeout=10) as resp:
            target = json.load(resp)
        page = Page(self._pages.enter_context(self._connect(target["webSocketDebuggerUrl"], max_size=None, open_timeout=30)))
        for domain in ("Network", "Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        page.send("Page.navigate", {"url": url})
        page.wait_event("Page.loadEventFired", timeout)
        deadline = time.monotonic() + timeout
        while page.js("document.querySelectorAll('div.chart:not([data-rendered])').length") != 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url}: charts not drawn within {timeout}s; messages: {page.messages}")
            time.sleep(0.1)
        return page

    def close(self) -> None:
        if hasattr(self, "_pages"):
            self._pages.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
