"""Letters to the Minister: what they say (compose), as Markdown (markdown) and PDF (pdf)."""

from petition.letters.compose import NoRecipient
from petition.letters.render import (
    FORMATS,
    LetterError,
    compose_letters,
    render_letter,
    render_letters,
    repository_version,
    write_letters,
)

__all__ = ["FORMATS", "LetterError", "NoRecipient", "compose_letters", "render_letter", "render_letters",
           "repository_version", "write_letters"]
