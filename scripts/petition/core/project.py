"""Who this repository is to the outside world: its name, as the requests it sends announce it.

One place for it, so that every command that speaks to a server (`petition siret`,
`petition discover`) names the project the same way, and so that the name can later come from the
project's own description file instead of this constant.
"""

from __future__ import annotations

import unicodedata
from importlib import metadata

PROJECT_NAME = "Motions CANSSM / Filieris"
DISTRIBUTION = "petition-canssm"


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0"


def user_agent(command: str) -> str:
    """The User-Agent of the requests of `petition COMMAND`: the tool, its version, the project
    (in ASCII, as HTTP headers are)."""
    name = unicodedata.normalize("NFKD", PROJECT_NAME).encode("ascii", "ignore").decode()
    return f"{DISTRIBUTION}/{version()} ({name} ; petition {command})"
