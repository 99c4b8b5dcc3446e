"""Shared by the scripts that derive package data from a pinned npm package: fetch it, turn it
into a compact JSON file with one entry per line (a reviewable diff), write it."""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "scripts" / "petition" / "data"


class IntegrityError(Exception):
    """A tarball whose bytes are not the pinned ones."""


def integrity(data: bytes) -> str:
    """npm's integrity string of a tarball (`dist.integrity` in the registry's metadata)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(package: str, version: str, dest: Path, pinned: str) -> Path:
    """`npm pack` the package into `dest`, check its bytes against the `pinned` integrity before
    anything is unpacked, and unpack it; the folder holding package.json."""
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=dest, check=True,
                   stdout=subprocess.DEVNULL)
    (tarball,) = dest.glob("*.tgz")
    found = integrity(tarball.read_bytes())
    if found != pinned:
        raise IntegrityError(f"{package}@{version}: integrity {found}, pinned {pinned}")
    with tarfile.open(tarball) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def dump(data: dict[str, Any]) -> str:
    """JSON with one entry per line inside each table (stable, diff-friendly)."""
    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        if isinstance(value, dict):
            lines.append(f"{json.dumps(key)}: {{")
            entries = list(value.items())
            for j, (k, v) in enumerate(entries):
                comma = "," if j < len(entries) - 1 else ""
                lines.append(f"{json.dumps(k, ensure_ascii=False)}: "
                             f"{json.dumps(v, ensure_ascii=False, separators=(',', ':'))}{comma}")
            lines.append("}" + sep)
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{sep}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def build(doc: str | None, package: str, version: str, pinned: str, output: Path,
          derive: Callable[[Path], dict[str, Any]]) -> None:
    """The command line of a deriving script: --package-dir to skip the download, --output."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help="an unpacked npm package")
    parser.add_argument("--output", type=Path, default=output)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        package_dir = args.package_dir or fetch(package, version, Path(tmp), pinned)
        text = dump(derive(package_dir))
    write(args.output, text)


def write(output: Path, text: str) -> None:
    json.loads(text)  # never ship a file that does not parse
    output.write_text(text, encoding="utf-8")
    print(f"{output}: {len(text.encode()):,} octets")
