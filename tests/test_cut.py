"""Text cut for a length limit never cuts a grapheme, an escape or a placeholder (issue 25)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from petition.core.characters import shown
from petition.core.cut import boundary, cut
from petition.core.yamlstrict import YamlError, load_bytes
from petition.intake.fromissue import problem_text
from petition.intake.issueform import FormProblem
from petition.intake.summary import escape
from work import HANG_GUARD, cpu_seconds

E_ACUTE_NFD = "e\u0301"  # « é » as macOS writes it
NURSE = "\U0001f469\u200d\u2695\ufe0f"  # 👩‍⚕️: four code points, one character
FRANCE = "\U0001f1eb\U0001f1f7"  # 🇫🇷


def test_a_decomposed_accent_is_never_separated_from_its_letter() -> None:
    text = "a" * 8 + E_ACUTE_NFD + "b" * 10
    assert cut(text, 10) == "a" * 8 + "…"  # [:9] would keep « e » and drop the accent
    assert cut(text, 11) == "a" * 8 + E_ACUTE_NFD + "…"


def test_emoji_sequences_and_flags_stay_whole() -> None:
    assert cut("ab" + NURSE + "cdef", 5) == "ab…"
    assert cut("a" + FRANCE + FRANCE + "xyz", 5) == "a" + FRANCE + "…"
    assert cut("a" + FRANCE + FRANCE + "xyz", 4) == "a" + FRANCE + "…"
    assert cut("a" + FRANCE + FRANCE + "xyz", 3) == "a…"  # never half a flag


def test_crlf_is_one_line_end() -> None:
    assert cut("abc\r\ndef", 5) == "abc…"


def test_an_escape_or_a_placeholder_is_dropped_whole() -> None:
    escaped = shown("abc\u202edef")
    assert escaped == "abc\\u202edef"
    assert cut(escaped, 7) == "abc…"  # never « abc\\u2… »
    token = "Le conseil \ue000conseil\ue001 demande"
    assert cut(token, 20) == "Le conseil…"  # the placeholder and the space before it
    assert "\ue000" not in cut(token, 20) and "\ue001" not in cut(token, 20)


def test_short_text_is_untouched() -> None:
    assert cut("Liévin", 6) == "Liévin"
    assert cut("", 0) == ""


def test_a_run_of_flags_is_cut_between_two_flags() -> None:
    flags = "\U0001f1eb" * 200_000  # one run of regional indicators: the worst case
    assert cut(flags, 150_001) == "\U0001f1eb" * 150_000 + "…"  # 75,000 whole flags
    assert cut(flags, 150_002) == "\U0001f1eb" * 150_000 + "…"  # never half of one
    assert cpu_seconds(cut, flags, 150_001) < HANG_GUARD  # linear; its speed is the benchmark's


ATOMS = ["a", "é", E_ACUTE_NFD, NURSE, FRANCE, "\r\n", "\\u202e", "\ue000nom\ue001", " ", "🙂"]


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(ATOMS), max_size=30), limit=st.integers(1, 60))
def test_every_cut_ends_on_a_whole_unit(parts: list[str], limit: int) -> None:
    text = "".join(parts)
    result = cut(text, limit)
    assert len(result) <= max(limit, 1)
    if result == text:
        return
    kept = result.removesuffix("…")
    # The kept part ends where one of the atoms it was built from ends.
    ends = {0}
    position = 0
    for part in parts:
        position += len(part)
        ends.add(position)
    assert text.startswith(kept) and len(kept) in ends
    assert boundary(text, len(kept))


def test_the_issue_comment_line_keeps_its_accents() -> None:
    label = problem_text(FormProblem("date", 3, "", True))  # « Date de la séance : »
    message = "n" * (498 - len(label)) + E_ACUTE_NFD + "tait pas une date"  # the accent at 500
    line = problem_text(FormProblem("date", 3, message, True))
    assert line == label + "n" * (498 - len(label)) + "…"
    assert not line.removesuffix("…").endswith("e")  # the accent went with its letter


def test_the_summary_cut_keeps_graphemes() -> None:
    text = "x" * 298 + NURSE
    assert escape(text) == "x" * 298 + "…"


def test_a_yaml_message_quotes_a_line_without_splitting_it() -> None:
    line = "objet:" + "é" * 100  # the missing space after the colon: the fix quotes the line
    try:
        load_bytes(line.encode("utf-8"))
    except YamlError as error:
        assert "\ufffd" not in error.message
