"""Letters of a campaign to its recipients: what they say (compose, with the bodies listed, the
recipient and what earlier letters said), as Markdown (markdown) and PDF (pdf)."""

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
