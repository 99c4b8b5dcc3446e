"""What people type, read as they meant it, when the meaning is certain.

`date: 27/09/2023`, Word's curly quotes around a date or a code, `pour: 1 234`, `effectif: "35"`,
`nature: Vœu`: the schema refuses each, but one reading only makes the value valid. Each becomes one
`Fix`: the line as written, the line to write, and one French message naming both. A fix edits one
line and nothing else, so `petition validate --fix` keeps the rest of the file byte for byte; it is
offered for writing only when the whole file, once edited, reads back as exactly the intended data.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from petition.core.dates import DateError, parse_date
from petition.core.schemas import field_schema, label_of
from petition.core.yamlstrict import Path, YamlError, glued_key, load_bytes

if TYPE_CHECKING:  # jsonschema is imported only to explain a file with an error
    from jsonschema import Draft202012Validator

FIX_HINT = "ou lancez « petition validate --fix »"
_CURLY = re.compile(r"[“”«»„‟‘’‚‛\"']\s*(.*?)\s*[“”«»„‟‘’‚‛\"']", re.DOTALL)
_CURLY_CHARS = "“”«»„‟‘’‚‛"
_FRENCH_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_LOOSE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# « 18h30 », « 18 h », « 9h05 », « 18:30:00 »: an hour as people write it; HH:MM is wanted.
_HOUR = re.compile(r"(\d{1,2})\s*(?:h|H|:|heures?)\s*(\d{2})?(?::00)?")
_TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+")
_DIGITS = re.compile(r"\d{1,9}")
_PLAIN = re.compile(r"[a-z][a-z0-9_-]*")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


@dataclass(frozen=True)
class Fix:
    """One line to rewrite: `old` as written, `new` to write (both without the line ending)."""

    path: Path
    line: int
    old: str
    new: str
    message: str


@cache
def _validator(kind: str, shape: tuple[str, ...]) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    path: Path = tuple(0 if part == "#" else part for part in shape)
    return Draft202012Validator(field_schema(kind, path), format_checker=FormatChecker())


def _valid(kind: str, path: Path, value: Any) -> bool:
    shape = tuple("#" if isinstance(p, int) else p for p in path)
    return bool(_validator(kind, shape).is_valid(value))


def _fold(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def _readings(value: str, schema: dict[str, Any]) -> Iterator[tuple[Any, str]]:
    """What `value` most likely means for a field of this schema, with what was typed."""
    why: list[str] = []
    quoted = _CURLY.fullmatch(value)
    if quoted and any(c in _CURLY_CHARS for c in (value[0], value[-1])):
        value = quoted.group(1)
        why.append("des guillemets typographiques (Word) entourent la valeur")
    if schema.get("format") == "date":
        try:
            iso = parse_date(value)
        except DateError:
            iso = value
        if iso != value:
            why.append("la date est écrite JJ/MM/AAAA" if _FRENCH_DATE.fullmatch(value) else
                       "le mois et le jour s'écrivent sur deux chiffres"
                       if _LOOSE_ISO.fullmatch(value) else "la date est écrite en toutes lettres")
            value = iso
    if schema.get("pattern") == _TIME_PATTERN:
        hour = _HOUR.fullmatch(value.strip())
        if hour and value != f"{int(hour[1]):02d}:{hour[2] or '00'}":
            value = f"{int(hour[1]):02d}:{hour[2] or '00'}"
            why.append("l'heure s'écrit HH:MM")
    if schema.get("type") == "integer":
        if _GROUPED.fullmatch(value):
            why.append("le nombre est écrit avec des espaces")
            yield int(re.sub(r"\D", "", value)), " ; ".join(why)
            return
        if _DIGITS.fullmatch(value):
            why.append("le nombre est entre guillemets, donc lu comme un texte")
            yield int(value), " ; ".join(why)
            return
    if "enum" in schema:
        for choice in schema["enum"]:
            if isinstance(choice, str) and choice != value and _fold(value) == choice:
                why.append("les valeurs permises s'écrivent sans majuscule ni accent")
                value = choice
    elif schema.get("pattern") and " " in value.strip() and "\n" not in value:
        compact = value.replace(" ", "").upper() if re.fullmatch(r"[\d ABab]+", value) else value
        if compact != value:
            why.append("le code s'écrit sans espace")
            value = compact
    if why:
        yield value, " ; ".join(why)


def scalar_text(value: Any) -> str:
    """How a value is written in a file: plain when nothing could misread it, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _edited_line(line: str, path: Path, value: Any) -> str | None:
    """`line` with the value of `path` replaced, or None when the line is not a simple one."""
    key = path[-1]
    lead = r"\s*-\s+" if isinstance(key, int) else rf"\s*(?:-\s+)?{re.escape(str(key))}\s*:[ \t]+"
    match = re.match(rf"({lead})(.*?)([ \t]+#[^\"'“”«»]*)?\Z", line)
    if match is None or match.group(2).startswith(("|", ">", "{", "[")):
        return None
    return f"{match.group(1)}{scalar_text(value)}{match.group(3) or ''}"


def find_fixes(kind: str, data: Any, lines: dict[Path, int], text: str) -> list[Fix]:
    """Every value the schema refuses but one certain reading makes valid, as a line to write."""
    if not isinstance(data, dict):
        return []
    rows = text.split("\n")
    fixes: list[Fix] = []
    for path, value in _leaves(data):
        if not isinstance(value, (str, int)) or isinstance(value, bool) or not path \
                or path not in lines or _valid(kind, path, value):
            continue
        schema = field_schema(kind, path)
        readings = _readings(value, schema) if isinstance(value, str) else \
            iter([(str(value), "sans guillemets, la valeur est lue comme un nombre")]) \
            if schema.get("type") == "string" else iter(())
        for reading, why in readings:
            if not _valid(kind, path, reading):
                continue
            number = lines[path]
            old = rows[number - 1].rstrip("\r")
            new = _edited_line(old, path, reading)
            key = path[-1]
            shown = new.strip() if new is not None else \
                f"{key}: {scalar_text(reading)}" if isinstance(key, str) else f"- {scalar_text(reading)}"
            message = (f"{label_of(kind, path)} : « {value} » : {why} ; écrivez « {shown} » "
                       f"({FIX_HINT})")
            fixes.append(Fix(path, number, old, new if new is not None else old, message))
    return fixes


def fixed_data(data: Any, fixes: list[Fix], kind: str) -> Any:
    """The data as the fixes mean it."""
    result = copy.deepcopy(data)
    for fix in fixes:
        target = result
        for part in fix.path[:-1]:
            target = target[part]
        value = target[fix.path[-1]]
        target[fix.path[-1]] = str(value) if isinstance(value, int) else \
            next(r for r, _ in _readings(value, field_schema(kind, fix.path)))
    return result


def apply_fixes(raw: bytes, fixes: list[Fix]) -> bytes:
    """The file with each fixed line replaced and every other byte kept."""
    rows = raw.decode("utf-8").split("\n")
    for fix in fixes:
        ending = "\r" if rows[fix.line - 1].endswith("\r") else ""
        rows[fix.line - 1] = fix.new + ending
    return "\n".join(rows).encode("utf-8")


TAB_MESSAGE = "tabulation dans l'indentation : chaque tabulation remplacée par deux espaces"


def tab_fixes(text: str) -> list[Fix]:
    """Lines indented with tabs (which YAML refuses), each tab as two spaces: a file indented one
    tab per level reads as its author meant. A line mixing spaces and tabs is left alone."""
    fixes = []
    for number, row in enumerate(text.split("\n"), start=1):
        indent = row[:len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent and " " not in indent:
            fixes.append(Fix((), number, row.rstrip("\r"), "  " * len(indent) + row[len(indent):]
                             .rstrip("\r"), TAB_MESSAGE))
    return fixes


def _merged(first: list[Fix], then: list[Fix]) -> list[Fix]:
    """`then` computed on the text `first` wrote: one fix per line, from the original line."""
    by_line = {f.line: f for f in first}
    merged = dict(by_line)
    for fix in then:
        earlier = by_line.get(fix.line)
        merged[fix.line] = fix if earlier is None else \
            Fix(fix.path, fix.line, earlier.old, fix.new, f"{earlier.message} ; {fix.message}")
    return sorted(merged.values(), key=lambda f: f.line)


def writable_fixes(kind: str, raw: bytes) -> list[Fix]:
    """The fixes `petition validate --fix` may write: only when the edited file reads back as
    exactly the intended data (one fix per line, nothing else changed). Tabs in the indentation
    and a key glued to its value (`pour:32`) are mended first, since nothing can be read before."""
    tabs = tab_fixes(raw.decode("utf-8", "replace"))
    raw = apply_fixes(raw, tabs)
    text = raw.decode("utf-8", "replace")
    glued: list[Fix] = []
    for _ in range(50):
        try:
            loaded = load_bytes(apply_fixes(raw, glued))
            break
        except YamlError as exc:
            found = glued_key(apply_fixes(raw, glued).decode("utf-8", "replace"), exc.line)
            if found is None or any(f.line == found[0] for f in glued):
                return []
            number, _, new = found
            key = new.strip().lstrip("- ").split(":", 1)[0]
            glued.append(Fix((key,), number, text.split("\n")[number - 1].rstrip("\r"),
                             new, f"espace manquante après « {key}: »"))
    else:
        return []
    fixes = [f for f in find_fixes(kind, loaded.data, loaded.lines,
                                   apply_fixes(raw, glued).decode("utf-8")) if f.new != f.old]
    if len({f.line for f in [*glued, *fixes]}) != len(glued) + len(fixes):
        return []
    try:
        after = load_bytes(apply_fixes(raw, [*glued, *fixes]))
    except YamlError:
        return []
    if after.data != fixed_data(loaded.data, fixes, kind):
        return []
    return _merged(tabs, sorted([*glued, *fixes], key=lambda f: f.line))
