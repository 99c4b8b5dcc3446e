"""A stand-in for the web as `petition discover` sees it, on 127.0.0.1: publishers' files (with
ETag and Last-Modified, answering conditional requests with 304 as real servers do) and the
national portal's API (udata's `GET /api/1/datasets/?schema=…&page=…&page_size=…`, pages of
`{"data", "page", "page_size", "total", "next_page"}`). Every request is logged with its headers."""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from discover_corpus import CORPUS, FILES


@dataclass
class StandIn:
    url: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # path → body
    etags: dict[str, str] = field(default_factory=dict)  # path → ETag (none: no validator)
    modified: dict[str, str] = field(default_factory=dict)  # path → Last-Modified
    status: dict[str, int] = field(default_factory=dict)  # path → forced error status
    once: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)  # first answer only
    redirects: dict[str, str] = field(default_factory=dict)  # path → Location
    slow: set[str] = field(default_factory=set)  # paths answered after 2 seconds
    pages: dict[str, Any] = field(default_factory=dict)  # path?query → JSON document
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def requested(self, prefix: str = "") -> list[str]:
        return [path for path, _ in self.log if path.startswith(prefix)]


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.log.append((self.path, dict(self.headers.items())))
            path = urllib.parse.urlsplit(self.path).path
            if path in state.slow:
                time.sleep(2)
            if path in state.once:
                status, headers = state.once.pop(path)
                self._send(status, b"plus tard", headers)
            elif path in state.redirects:
                self._send(302, b"", {"Location": state.redirects[path]})
            elif path in state.status:
                self._send(state.status[path], b"erreur", {})
            elif self.path in state.pages:
                self._send(200, json.dumps(state.pages[self.path]).encode(),
                           {"Content-Type": "application/json"})
            elif path in state.files:
                headers = {"Content-Type": "text/csv"}
                etag, modified = state.etags.get(path), state.modified.get(path)
                if etag:
                    headers["ETag"] = etag
                if modified:
                    headers["Last-Modified"] = modified
                if (etag and self.headers.get("If-None-Match") == etag) or \
                        (not etag and modified and self.headers.get("If-Modified-Since") == modified):
                    self._send(304, b"", headers)
                else:
                    self._send(200, state.files[path], headers)
            else:
                self._send(404, b"introuvable", {})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                with contextlib.suppress(OSError):  # a client that gave up (timeout)
                    self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(name="standin")
def standin_fixture() -> Iterator[StandIn]:
    state = StandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    # Polled every 20 ms: shutdown() returns at once instead of after up to half a second.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


SCHEMA = {"name": "scdl/deliberations", "version": "2.1.5"}


def page_path(number: int) -> str:
    query = urllib.parse.urlencode({"schema": "scdl/deliberations", "page": number,
                                    "page_size": 50})
    return f"/api/1/datasets/?{query}"


def resource(standin: StandIn, name: str, **overrides: Any) -> dict[str, Any]:
    return {"id": name, "title": name, "format": "csv", "url": f"{standin.url}/actes/{name}",
            "schema": SCHEMA, "type": "main", **overrides}


def catalogue(standin: StandIn) -> dict[str, str]:
    """Two pages of datasets, as the portal lists them: the corpus' files (ETag on some,
    Last-Modified on one), an Excel copy, a file of another schema, a file gone (404)."""
    for name in FILES:
        standin.files[f"/actes/{name}"] = (CORPUS / name).read_bytes()
    standin.etags.update({"/actes/agglo-lens-lievin.csv": '"a1"', "/actes/gip-actes.csv": '"g1"'})
    standin.modified["/actes/ville-lievin.csv"] = "Tue, 05 Dec 2023 10:00:00 GMT"
    first = {"id": "d1", "title": "Délibérations de l'agglomération", "page": "https://x/d1",
             "resources": [resource(standin, "agglo-lens-lievin.csv"),
                           resource(standin, "agglo.xlsx", format="xlsx"),
                           resource(standin, "budget.csv", schema={"name": "scdl/budget"})]}
    second = {"id": "d2", "title": "Actes publiés", "page": "https://x/d2",
              "resources": [resource(standin, name) for name in FILES[1:]]
              + [resource(standin, "disparu.csv")]}
    standin.pages[page_path(1)] = {"data": [first], "page": 1, "page_size": 50, "total": 2,
                                   "next_page": f"{standin.url}{page_path(2)}"}
    standin.pages[page_path(2)] = {"data": [second], "page": 2, "page_size": 50, "total": 2,
                                   "next_page": None}
    return {name: f"{standin.url}/actes/{name}" for name in FILES}
