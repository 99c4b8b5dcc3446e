"""Files and API answers fetched over HTTP, politely, with a cache that can never lie.

Polite: one request at a time, a pause between two requests to the same server (none to this
machine), a User-Agent naming the tool and the repository (`core.tool`, from projet.yml), a
timeout on every wait, a size cap on every answer, `Retry-After` honoured once. Only http(s)
addresses are opened, redirections included; addresses taken from strangers' data (a catalogue's
resources) may not lead to this machine or its private network unless the catalogue itself is
there (a stand-in for tests).

Downloads go through `httpcache.HttpCache` when one is given: a kept file is used only after the
server answered « 304 Not Modified », and only if its bytes are still those recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import json
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any

from petition.core.projectfile import Project
from petition.core.tempfiles import temp_name
from petition.core.tool import user_agent
from petition.exchange.httpcache import HttpCache

TIMEOUT = 30.0  # seconds for each wait on the network (connection, each read)
DEADLINE = 600.0  # seconds for a whole download: a server sending a byte a minute is dropped
INTERVAL = 1.0  # seconds between two requests to the same server
MAX_RETRY_AFTER = 120  # seconds: a longer « come back later » is an error for this run
MAX_REDIRECTS = 5
CHUNK = 1024 * 1024


class DownloadError(Exception):
    """Why an address could not be read, in French: one line, said where it applies."""


def network_reason(exc: OSError) -> str:
    """Why the network failed, in French."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "délai dépassé"
    if isinstance(reason, socket.gaierror):
        return "adresse introuvable (pas de réseau, ou adresse mal écrite)"
    if isinstance(reason, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(reason, DownloadError):
        return str(reason)
    return f"erreur réseau ({reason})"


def http_reason(code: int) -> str:
    """What an HTTP error status means for the reader, in French."""
    if 300 <= code < 400:  # urllib refuses to follow a redirection to file://, ftp://…
        return f"redirection refusée (HTTP {code}) : elle ne mène pas à une adresse http(s)"
    if code in (401, 403):
        return f"accès refusé (HTTP {code})"
    if code in (404, 410):
        return f"adresse introuvable (HTTP {code}) : la ressource a sans doute été déplacée"
    if code == 429:
        return "le serveur limite le nombre de requêtes (HTTP 429) : relancez plus tard"
    if code >= 500:
        return f"le serveur est en panne (HTTP {code}) : relancez plus tard"
    return f"le serveur a refusé la requête (HTTP {code})"


def url_problem(url: str) -> str:
    """What is wrong with an address to read ("" if nothing): http(s) only, with a host."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"« {url} » n'est pas une adresse http(s)://…"
    return ""


def is_local(url: str) -> bool:
    """Whether `url` names this machine (no pause is owed to it)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _private_problem(url: str) -> str:
    """"" if every address `url`'s host resolves to is public; otherwise why it is refused."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ""  # the request itself will say the address is unknown
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            return (f"« {host} » désigne une adresse locale ou privée ({address}) : une ressource "
                    "du catalogue ne peut pas y mener")
    return ""


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirections, to http(s) addresses allowed by `check`."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, check: Any) -> None:
        super().__init__()
        self.check = check

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        wrong = self.check(newurl)
        if wrong:
            raise urllib.error.URLError(DownloadError(f"redirection refusée : {wrong}"))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """Reads addresses one at a time, as `petition COMMAND`, with the limits above.

    `allow_private`: whether an address may lead to this machine or a private network (true for
    addresses a user typed, false for those read from a catalogue on the internet)."""

    def __init__(self, command: str, *, project: Project | None = None,
                 cache: HttpCache | None = None, timeout: float = TIMEOUT,
                 interval: float = INTERVAL, allow_private: bool = True) -> None:
        self.agent = user_agent(project, command)
        self.cache = cache
        self.timeout = timeout
        self.interval = interval
        self.allow_private = allow_private
        self._last: dict[str, float] = {}
        self.requests = 0
        self.from_cache = 0
        self._opener = urllib.request.build_opener(_Redirects(self.check))

    def check(self, url: str) -> str:
        """Why `url` may not be opened ("" if it may)."""
        wrong = url_problem(url)
        if wrong or self.allow_private:
            return wrong
        return _private_problem(url)

    def _pause(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc
        if is_local(url) or not self.interval:
            return
        last = self._last.get(host)
        if last is not None:
            wait = self.interval - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)

    def _open(self, url: str, headers: dict[str, str]) -> Any:
        """The response to GET `url`, after one wait if the server asks for it (429, 503)."""
        wrong = self.check(url)
        if wrong:
            raise DownloadError(wrong)
        for attempt in (1, 2):
            self._pause(url)
            request = urllib.request.Request(url, headers={"User-Agent": self.agent,  # noqa: S310
                                                           **headers})
            self.requests += 1
            try:
                return self._opener.open(request, timeout=self.timeout)
            except urllib.error.HTTPError as exc:
                wait = _retry_after(exc)
                exc.close()
                if exc.code == 304:
                    raise
                if attempt == 1 and exc.code in (429, 503) and wait is not None:
                    time.sleep(wait)
                    continue
                raise DownloadError(http_reason(exc.code)) from None
            except (urllib.error.URLError, OSError, ValueError) as exc:
                reason = network_reason(exc) if isinstance(exc, OSError) else str(exc)
                raise DownloadError(f"pas de réponse : {reason}") from None
            finally:
                self._last[urllib.parse.urlsplit(url).netloc] = time.monotonic()
        raise DownloadError(http_reason(429))  # pragma: no cover - the loop returns or raises

    def get_json(self, url: str, max_bytes: int) -> Any:
        """The JSON document at `url` (never cached: a catalogue changes every day)."""
        try:
            with self._open(url, {"Accept": "application/json"}) as response:
                raw = _read_capped(response, max_bytes, time.monotonic() + DEADLINE)
        except urllib.error.HTTPError as exc:  # a 304 nobody asked for
            raise DownloadError(http_reason(exc.code)) from None
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise DownloadError("réponse illisible (pas du JSON)") from None

    @contextlib.contextmanager
    def file(self, url: str, max_bytes: int) -> Iterator[Path]:
        """A path holding the bytes at `url` while the block runs: the cache's copy if the server
        says it has not changed, else a new download (kept in the cache when it can be checked
        next time, removed after the block otherwise)."""
        entry = self.cache.lookup(url) if self.cache is not None else None
        headers = {}
        if entry is not None:
            if entry.etag:
                headers["If-None-Match"] = entry.etag
            if entry.last_modified:
                headers["If-Modified-Since"] = entry.last_modified
        try:
            response = self._open(url, headers)
        except urllib.error.HTTPError as exc:
            if exc.code == 304 and entry is not None:
                self.from_cache += 1
                yield entry.body
                return
            raise DownloadError(http_reason(exc.code)) from None
        target = self.cache.temporary() if self.cache is not None else \
            Path(tempfile.gettempdir()) / temp_name()
        kept: Path | None = None
        try:
            with response, target.open("xb") as out:
                digest = _copy_capped(response, out, max_bytes, time.monotonic() + DEADLINE)
                etag = response.headers.get("ETag") or ""
                modified = response.headers.get("Last-Modified") or ""
            if self.cache is not None and (etag or modified):
                with contextlib.suppress(OSError):  # a cache that cannot be written costs time
                    kept = self.cache.store(url, target, etag, modified, digest)
            yield kept or target
        finally:
            if kept is None:
                target.unlink(missing_ok=True)


def _retry_after(exc: urllib.error.HTTPError) -> int | None:
    value = exc.headers.get("Retry-After", "") if exc.headers else ""
    return int(value) if value.isdigit() and int(value) <= MAX_RETRY_AFTER else None


def _too_big(max_bytes: int) -> DownloadError:
    return DownloadError(f"fichier trop gros (plus de {max_bytes // (1024 * 1024)} Mo) : laissé "
                         "de côté")


def _check_length(response: Any, max_bytes: int) -> None:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise _too_big(max_bytes)


def _chunks(response: Any, max_bytes: int, deadline: float) -> Iterator[bytes]:
    _check_length(response, max_bytes)
    total = 0
    while True:
        try:
            chunk = response.read(CHUNK)
        except (OSError, ValueError) as exc:
            reason = network_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise DownloadError(f"téléchargement interrompu : {reason}") from None
        if not chunk:
            return
        total += len(chunk)
        if total > max_bytes:
            raise _too_big(max_bytes)
        if time.monotonic() > deadline:
            raise DownloadError(f"téléchargement trop lent (plus de {int(DEADLINE)} s) : laissé "
                                "de côté ; relancez plus tard")
        yield chunk


def _read_capped(response: Any, max_bytes: int, deadline: float) -> bytes:
    return b"".join(_chunks(response, max_bytes, deadline))


def _copy_capped(response: Any, out: IO[bytes], max_bytes: int, deadline: float) -> str:
    digest = hashlib.sha256()
    for chunk in _chunks(response, max_bytes, deadline):
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest()
