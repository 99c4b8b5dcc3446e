#!/usr/bin/env python3
"""Fetch axe-core, the accessibility engine the browser tests inject into each page.

Usage: python tools/fetch_axe.py [--dest DIR]

`npm pack` downloads the pinned version from the npm registry (the only network CI has); the
tarball is checked against the registry's published sha512 integrity, written here, before anything
is unpacked, so every machine tests with the same bytes. axe-core is MPL-2.0: its licence is kept
beside the script. Nothing is committed: the result lives in .tools/ (ignored by git).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "axe-core"
VERSION = "4.14.1"
INTEGRITY = ("sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37"
             "OgudVGtQ==")
FILES = ("axe.min.js", "LICENSE")
DEST = Path(__file__).resolve().parent.parent / ".tools" / "axe-core"


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEST)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        (tarball,) = Path(tmp).glob("*.tgz")
        data = tarball.read_bytes()
        if integrity(data) != INTEGRITY:
            print(f"{PACKAGE}@{VERSION} : empreinte inattendue ({integrity(data)})", file=sys.stderr)
            return 1
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, members=[tar.getmember(f"package/{name}") for name in FILES],
                           filter="data")
        args.dest.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            (args.dest / name).write_bytes((Path(tmp) / "package" / name).read_bytes())
    (args.dest / "VERSION").write_text(f"{VERSION}\n", encoding="utf-8")
    print(f"{args.dest / 'axe.min.js'} : {PACKAGE} {VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
