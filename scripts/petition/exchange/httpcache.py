"""The download cache of `petition discover`: each file kept with what the server said about it.

A file is kept with its `ETag` / `Last-Modified` and its SHA-256, outside the repository (beside
the validation cache). It is served again only after the server answered « 304 Not Modified » to a
conditional request, and only if its bytes still have their recorded digest and size: a foreign,
truncated or altered entry, or a description that is not ours, is ignored and the file downloaded
again (fail-closed). Never used on shared machines (`CI` set), like the validation cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from petition.core.tempfiles import clean_folder, temp_name

CHUNK = 1024 * 1024
_CACHE_VERSION = 1


@dataclass(frozen=True)
class _Entry:
    """A kept file: where its bytes are, what the server said about them."""

    body: Path
    etag: str
    last_modified: str


class HttpCache:
    """Downloaded files kept with their validators, in `folder` (one pair of files per address:
    `<key>.json` describes `<key>.body`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:40]
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def lookup(self, url: str) -> _Entry | None:
        """The kept file of `url`, only if its description is ours and its bytes match it."""
        meta_path, body = self._paths(url)
        try:
            meta = json.loads(meta_path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(meta, dict) or meta.get("version") != _CACHE_VERSION \
                or meta.get("url") != url:
            return None
        etag, modified, digest, size = (meta.get(k) for k in ("etag", "last_modified",
                                                               "sha256", "size"))
        if not (isinstance(etag, str) and isinstance(modified, str) and (etag or modified)
                and isinstance(digest, str) and isinstance(size, int)):
            return None
        try:
            if body.stat().st_size != size or _sha256(body) != digest:
                return None
        except OSError:
            return None
        return _Entry(body, etag, modified)

    def temporary(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        clean_folder(self.folder)
        return self.folder / temp_name()

    def store(self, url: str, downloaded: Path, etag: str, modified: str, digest: str) -> Path:
        """Keep `downloaded` as the file of `url`; its path in the cache."""
        meta_path, body = self._paths(url)
        downloaded.replace(body)
        meta = {"version": _CACHE_VERSION, "url": url, "etag": etag, "last_modified": modified,
                "sha256": digest, "size": body.stat().st_size}
        tmp = self.folder / temp_name()
        try:
            tmp.write_text(json.dumps(meta), "utf-8")
            tmp.replace(meta_path)
        finally:
            tmp.unlink(missing_ok=True)
        return body


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_cache_folder(base: Path) -> Path:
    return base / "telechargements"


def cache_allowed() -> bool:
    """Never on a shared runner (CI set), like the validation cache."""
    return not os.environ.get("CI")
