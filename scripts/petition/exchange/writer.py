"""Motion data to YAML text, the way a person would write it: the schema line first, keys in the
schema's order, long texts as blocks. Always through `yaml.safe_dump`, so a
value can never inject a key."""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from petition.core.characters import forbidden_in_value, shown
from petition.core.cut import cut
from petition.core.destinations import Destination, failing
from petition.core.model import SCHEMA_LINE
from petition.core.schemas import flat_schema
from petition.core.tempfiles import clean_folder, temp_name


class _Dumper(yaml.SafeDumper):
    pass


# Plain scalars another YAML reader (1.1 or 1.2: editors, check-jsonschema) could type: quote them,
# so that `code: 09341` is read as the text "09341" everywhere, not only by our strict loader.
_AMBIGUOUS = re.compile(r"[-+.0-9]|(?:y|n|yes|no|on|off|true|false|null|~)\Z", re.IGNORECASE)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if not value or _AMBIGUOUS.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)

# libyaml's emitter (C) writes what PyYAML's (Python) writes, four times faster, for ordinary
# text; it folds long double-quoted lines, escapes characters beyond the BMP (emoji) and ends
# some blocks with « ... » differently. So it writes only data whose every text is ordinary (see
# `_ordinary`, differential-tested in tests/test_writer.py): the file is the same byte for byte.
_FastDumper: Any = None
if hasattr(yaml, "CSafeDumper"):
    class _CDumper(yaml.CSafeDumper):
        pass

    _CDumper.add_representer(str, _str)  # type: ignore[arg-type]
    _FastDumper = _CDumper
_ORDINARY_CHARS = re.compile(r"[^\t\r\x85\u2028\u2029\ufeff\U00010000-\U0010ffff]*\Z")


def _ordinary(value: Any) -> bool:
    """Whether both emitters write `value` the same: texts within the BMP, without tab, carriage
    return or Unicode line break, without space at either end or beside a line break, starting
    with none and ending with at most one; a text written in double quotes (`_AMBIGUOUS`) on one line is short
    enough never to be folded (libyaml folds such lines otherwise)."""
    if isinstance(value, str):
        return _ORDINARY_CHARS.match(value) is not None and value == value.strip(" ") \
            and not value.startswith("\n") and not value.endswith("\n\n") \
            and " \n" not in value and "\n " not in value \
            and ("\n" in value or len(value) <= 40 or _AMBIGUOUS.match(value) is None)
    if isinstance(value, dict):
        return all(_ordinary(k) and _ordinary(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_ordinary(v) for v in value)
    return True


def _ordered(value: Any, node: dict[str, Any]) -> Any:
    """`value` with the keys of every mapping in the order of `node`'s properties, unknown last."""
    if isinstance(value, dict):
        props = node.get("properties", {})
        rank = {k: i for i, k in enumerate(props)}
        keys = sorted(value, key=lambda k: (rank.get(k, len(rank)), k))
        return {k: _ordered(value[k], props.get(k, {})) for k in keys}
    if isinstance(value, list):
        return [_ordered(v, node.get("items", {})) for v in value]
    return value


def unwritable(value: Any) -> str | None:
    """The first string of `value` holding a character the loader refuses in any value
    (controls but newline and tab, invisible, private-use…), or None."""
    if isinstance(value, str):
        return value if forbidden_in_value(value, multiline=True) is not None else None
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, item in items:
        found = unwritable(key) if isinstance(key, str) else None
        found = found if found is not None else unwritable(item)
        if found is not None:
            return found
    return None


def dump_motion(data: dict[str, Any], kind: str = "motion", schema_line: str = SCHEMA_LINE) -> str:
    """The text of a motion (or campaign, sending, answer: `kind`) file; `schema_line` is the
    first line's pattern, for files one folder deeper than motions. Every caller checks values
    where they enter (`petition.core.characters`); a character the loader would refuse (PyYAML
    writes U+0085 or U+2028 as is in a block) is a programming error here, never written."""
    bad = unwritable(data)
    if bad is not None:
        raise ValueError(f"valeur impossible à écrire : {cut(shown(bad), 80)}")
    ordered = _ordered(data, flat_schema(kind))
    dumper = _FastDumper if _FastDumper is not None and _ordinary(ordered) else _Dumper
    body = yaml.dump(ordered, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)
    # safe_dump quotes every string YAML 1.1 would type (codes, dates, times), and the strict
    # loader types even less, so the text reads back as exactly `data`.
    return schema_line.format(kind) + "\n" + body


_DEFERRED = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the file is in place and its temporary file removed (a few
    milliseconds): then no interruption can leave a temporary file behind."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not \
            threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _temp_beside(path: Path, content: bytes) -> Path:
    """`content` in a new temporary file next to `path` (`petition.core.tempfiles` names it, and
    removes what a killed run left in that folder), with the usual permissions (os.open with
    0o666 and the umask, not mkstemp's 0o600, so web servers and git see ordinary files). On any
    failure (full disk, Ctrl-C, SIGTERM) the temporary file is removed before the error goes on."""
    clean_folder(path.parent)
    tmp = path.parent / temp_name()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_new(target: Destination, text: str | bytes) -> bool:
    """Write `text` (or bytes) to the checked `target` atomically, never overwriting: False if the
    path exists. The link is the exclusive creation: of two processes writing the same path,
    exactly one succeeds and the other sees the first one's complete file. A refusal of the
    system is a WriteError naming `target`, never the temporary file."""
    target.make_folders()
    with _uninterrupted(), failing(target.shown):
        tmp = _temp_beside(target.path, text.encode("utf-8") if isinstance(text, str) else text)
        try:
            os.link(tmp, target.path)  # atomic, and fails if the target exists
        except FileExistsError:
            return False
        finally:
            tmp.unlink(missing_ok=True)
    return True


def replace_file(target: Destination, content: bytes) -> None:
    """Write `content` to the checked `target` atomically: a reader never sees half a file, and a
    failure leaves the previous version in place (a WriteError naming `target`)."""
    target.make_folders()
    with _uninterrupted(), failing(target.shown):
        tmp = _temp_beside(target.path, content)
        try:
            tmp.replace(target.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
