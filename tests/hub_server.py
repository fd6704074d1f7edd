"""A small stand-in for the Hugging Face Hub's HTTP API on 127.0.0.1, for ``bench publish`` tests.

It answers the calls ``HfApi.create_repo`` + ``HfApi.upload_folder`` make (create the repo, check the
dataset card's YAML, ask how each file is to be uploaded — always "regular", i.e. inline in the
commit — and the NDJSON commit)
and keeps what was committed, so a test can read back the files the real client sent. Any other request
is answered 404 and recorded, so a test sees calls it did not expect.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import yaml


class HubState:
    def __init__(self) -> None:
        self.repos: dict[str, dict[str, Any]] = {}  # repo id -> {"private": bool}
        self.files: dict[str, dict[str, bytes]] = {}  # repo id -> path -> content
        self.tokens: list[str] = []
        self.unexpected: list[str] = []
        self.card_metadata: dict[str, Any] | None = None


def _handler(state: HubState):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _reply(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_POST(self) -> None:  # noqa: N802
            state.tokens.append(self.headers.get("Authorization", ""))
            body = self._body()
            path = self.path.split("?")[0]
            if path == "/api/validate-yaml":  # the dataset card's metadata block must be a YAML mapping
                content = json.loads(body)["content"]
                try:
                    meta = yaml.safe_load(content.split("---")[1]) if content.startswith("---") else None
                except yaml.YAMLError as exc:
                    meta = str(exc)
                if not isinstance(meta, dict):
                    return self._reply(400, {"errors": [{"message": f"metadata is not a mapping: {meta!r}"}]})
                state.card_metadata = meta
                return self._reply(200, {"errors": [], "warnings": []})
            if path == "/api/repos/create":
                req = json.loads(body)
                repo = f"{req['organization']}/{req['name']}" if req.get("organization") else req["name"]
                state.repos[repo] = {"private": bool(req.get("private")), "type": req.get("type")}
                state.files.setdefault(repo, {})
                return self._reply(200, {"url": f"http://{self.headers['Host']}/datasets/{repo}", "name": repo})
            parts = path.split("/")  # /api/datasets/ORG/NAME/(preupload|commit)/REV
            if len(parts) == 7 and parts[1:3] == ["api", "datasets"]:
                repo = f"{parts[3]}/{parts[4]}"
                if repo not in state.repos:
                    return self._reply(404, {"error": f"Repository {repo} not found"})
                if parts[5] == "preupload":
                    files = json.loads(body)["files"]
                    return self._reply(200, {"files": [
                        {"path": f["path"], "uploadMode": "regular", "shouldIgnore": False} for f in files
                    ]})
                if parts[5] == "commit":
                    for line in body.decode().splitlines():
                        item = json.loads(line)
                        if item["key"] == "file":
                            value = item["value"]
                            state.files[repo][value["path"]] = base64.b64decode(value["content"])
                        elif item["key"] != "header":
                            state.unexpected.append(f"commit operation {item['key']}")
                    host = self.headers["Host"]
                    return self._reply(200, {"commitUrl": f"http://{host}/datasets/{repo}/commit/{'0' * 40}",
                                             "commitOid": "0" * 40, "pullRequestUrl": None})
            state.unexpected.append(f"POST {self.path}")
            self._reply(404, {"error": "not implemented in the test hub"})

        def do_GET(self) -> None:  # noqa: N802
            if self.path.startswith("/api/agent-harnesses"):  # optional registry; the client tolerates a 404
                return self._reply(404, {"error": "not served"})
            state.unexpected.append(f"GET {self.path}")
            self._reply(404, {"error": "not implemented in the test hub"})

    return Handler


class HubServer:
    """``with HubServer() as hub: ... hub.url ... hub.state.files``"""

    def __init__(self) -> None:
        self.state = HubState()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "HubServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
