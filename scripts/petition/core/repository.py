"""From the files of a repository to loaded motions, campaigns and their problems.

Per-file results (parsed data, lines, problems) are kept in a content-hash cache outside the work
tree, keyed by the file's bytes and by a fingerprint of the code, schemas, referential and "today":
a changed file, schema, referential or program can never be served from the cache. A file whose
status (size, times, inode) is the one recorded with its result, and settled before that run, is
not even read again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import hashlib
import marshal
import os
import re
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from petition.core import checks, opendata, procedure
from petition.core.dates import DateError, read_date
from petition.core.files import Files
from petition.core.files import discover as discover_files
from petition.core.fixes import find_fixes, fixed_data
from petition.core.model import MOTIONS_DIR as MOTIONS_DIR  # re-exported: where the other modules look for it
from petition.core.model import SCHEMA_LINE, Campaign, Motion, motion_facts
from petition.core.pool import ordered_map
from petition.core.problems import ERROR, WARNING, Problem, sort_problems
from petition.core.projectfile import PROJECT_FILE, Project, checked_project, load_project
from petition.core.referential import referential
from petition.core.schemas import dotted, is_valid, load_mapping, schema_problems
from petition.core.sendingfiles import Answer, Sending, analyse_record, check_records
from petition.core.targetsfile import TargetList, load_targets

PARALLEL_THRESHOLD = 1500
_CACHE_VERSION = 9
# A file's status (size, times, inode) stands for its bytes only once its last change is older
# than this before the run: timestamps are coarse (a clock tick; 1 or 2 s on some file systems),
# so a file changed twice within one tick could keep its status (git's « racy » files).
_SETTLED_NS = 3_000_000_000


@dataclass
class Repository:
    root: Path
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    motions: list[Motion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: Files = field(default_factory=Files)
    sendings: list[Sending] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    targets: dict[str, TargetList] = field(default_factory=dict)  # by campaign folder
    project: Project | None = None  # projet.yml's settings, None when missing or in error

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def valid_motions(self) -> list[Motion]:
        """Motions whose file has no error (what figures, letters and the site use)."""
        bad = {p.path for p in self.errors}
        return [m for m in self.motions if m.path not in bad]


class RepositoryError(Exception):
    """A usage error, not a data error: the folder is not a motions repository, or
    PETITION_TODAY is not a date."""


def today_default() -> dt.date:
    override = os.environ.get("PETITION_TODAY")
    if not override:
        return dt.date.today()
    try:
        return read_date(override)
    except DateError as exc:
        raise RepositoryError(f"PETITION_TODAY : {exc} ; corrigez ou retirez cette "
                              "variable") from None


def find_root(start: Path) -> Path:
    """The repository `start` is in, found as git finds its own: `start` itself or the nearest
    folder above it that holds motions/; `start` when none does (then the command says so)."""
    for folder in (start, *start.parents):
        if (folder / MOTIONS_DIR).is_dir():
            return folder
    return start


def discover(root: Path) -> Files:
    """Every file under motions/, by kind, and the problems of those that are none of them."""
    base = root / MOTIONS_DIR
    if not base.is_dir():
        raise RepositoryError(f"pas de dossier « {MOTIONS_DIR}/ » dans {root} : lancez la commande "
                              "dans le dépôt des motions (ou l'un de ses dossiers), ou passez "
                              "--repo DOSSIER")
    return discover_files(str(base))


# --- one file ----------------------------------------------------------------------------------
def analyse(kind: str, rel: str, raw: bytes, today: dt.date) -> tuple[Any, dict[Any, int],
                                                                      list[Problem]]:
    """Load and check one file on its own: (data or None, lines, problems)."""
    return _analysed(kind, rel, raw, today)[:3]


def _analysed(kind: str, rel: str, raw: bytes, today: dt.date) -> tuple[Any, dict[Any, int],
                                                                         list[Problem], Any]:
    """`analyse`, and a motion's facts (`motion_facts` of its data as loaded; None otherwise),
    which its checks already read."""
    loaded = load_mapping(rel, raw, "le fichier doit être un bloc de champs « clé: valeur », pas "
                          "une liste ni un texte seul (voir le modèle)")
    if isinstance(loaded, Problem):
        return None, {}, [loaded], None
    # What people type (27/09/2023, Word's quotes, 1 234): one message with the line to write,
    # then every other check on the data as meant, so nothing is reported twice.
    valid = is_valid(kind, loaded.data)
    fixes = [] if valid else find_fixes(kind, loaded.data, loaded.lines, raw.decode("utf-8"))
    data = fixed_data(loaded.data, fixes, kind) if fixes else loaded.data
    problems = [Problem(rel, f.line, f.message, field=dotted(f.path)) for f in fixes]
    # The fast check already answered for the data as loaded: never validate a valid file twice.
    problems += schema_problems(kind, data, rel, loaded.lines, valid=valid if not fixes else None,
                                one_line=loaded.one_line and not fixes)
    first_line = SCHEMA_LINE.format(kind)
    if not raw.startswith(first_line.encode()):
        problems.append(Problem(rel, 1, f"première ligne attendue : « {first_line} » (l'éditeur "
                                "vérifie alors le fichier pendant la saisie)", WARNING))
    if kind == "motion":
        motion = Motion(rel, data, loaded.lines)
        problems += checks.check_votes(motion)
        problems += checks.check_inferred_counts(motion)
        problems += checks.check_dates(motion, today)
        problems += checks.check_body(motion, referential())
        problems += checks.check_sources(motion)
        problems += opendata.check_siret(motion, referential())
        problems += opendata.check_formulas(motion)
        problems += procedure.check_procedure(motion, referential())
        # The checks read the facts of the data as meant: the same as loaded without a fix.
        facts = motion.facts if data is loaded.data else motion_facts(loaded.data)
        return loaded.data, loaded.lines, problems, facts
    problems += checks.check_campaign_file(Campaign(rel, data, loaded.lines))
    return loaded.data, loaded.lines, problems, None


def _analyse_batch(batch: list[tuple[str, str, bytes]], today: dt.date) -> list[Any]:
    """Per file: (rel, blob of (data, lines) or None, problems as tuples or None, and for a
    motion its blob of (facts, the session's body as `Motion.session_body` gives it)). Each
    motion's facts are a blob of their own: one small decoding each, far faster than one large
    structure of them all."""
    out = []
    for kind, rel, raw in batch:
        data, lines, problems, facts = _analysed(kind, rel, raw, today)
        blob = marshal.dumps((data, lines)) if data is not None else None
        out.append((rel, blob,
                    [(p.path, p.line, p.message, p.level, p.field) for p in problems] or None,
                    None if facts is None else
                    marshal.dumps((facts, _session_body(facts, problems)))))
    return out


def _session_body(facts: Any, problems: list[Problem]) -> tuple[Any, ...] | None:
    """What the figures look up for a valid adopted motion (its body on its session's date),
    found once here (checks already asked the same) instead of on every command that counts."""
    if facts is None or not facts[5] or not facts[1] or not facts[2] or not facts[4] or \
            any(p.is_error for p in problems):
        return None
    body = referential().body(facts[1], facts[2], facts[4])
    return () if body is None else tuple(vars(body).values())


def read_file(path: str, settled: int) -> tuple[bytes, bytes | None]:
    """A file's bytes and its status as `_statuses` gives it (taken before reading), with as few
    system calls as Python allows (this runs for every file a run reads)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        info = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks), _status(info, settled)


_PENDING = object()


def _read_and_analyse(root: str, batch: list[tuple[str, str, str | None]],
                      today: dt.date) -> list[tuple[str, str | None, bytes | None, Any]]:
    """Per file of `batch` ((kind, rel, key of its cached result or None)): (rel, key of its
    bytes, its status, None) when the key is the cached one, else (rel, key, status, result as
    `_analyse_batch` gives it). Run by the worker processes of a large repository, each reading
    and hashing its share of the files, or by the process itself: the same function, hence the
    same results either way."""
    settled = time.time_ns() - _SETTLED_NS
    read: list[tuple[str, str | None, bytes | None, Any]] = []
    todo: list[tuple[str, str, bytes]] = []
    for kind, rel, cached in batch:
        try:
            raw, status = read_file(f"{root}/{rel}", settled)
        except OSError as exc:  # gone or unreadable since the folder was listed: never cached
            why = "fichier disparu pendant la vérification : relancez la commande" \
                if exc.errno == errno.ENOENT else "fichier illisible : vérifiez ses droits de " \
                "lecture (et le disque)"
            read.append((rel, None, None, (None, [(rel, 1, why, ERROR, "(fichier)")], None)))
            continue
        key = hashlib.blake2b(raw, digest_size=20).hexdigest()
        if key == cached:
            read.append((rel, key, status, None))
        else:
            todo.append((kind, rel, raw))
            read.append((rel, key, status, _PENDING))
    analysed = iter(_analyse_batch(todo, today))
    return [(rel, key, status, tuple(next(analysed)[1:]) if result is _PENDING else result)
            for rel, key, status, result in read]


_STATUS = struct.Struct("<qqqQQ")


def _statuses(root: str, rels: list[str]) -> dict[str, bytes | None]:
    """Each file's status (size, modification and change times, inode, device, packed), taken
    before it is read; None for a file changed too recently to vouch for its bytes, or gone."""
    settled = time.time_ns() - _SETTLED_NS
    statuses: dict[str, bytes | None] = {}
    stat = os.stat
    for rel in rels:
        try:
            statuses[rel] = _status(stat(f"{root}/{rel}"), settled)
        except OSError:
            statuses[rel] = None
    return statuses


def _status(info: os.stat_result, settled: int) -> bytes | None:
    mtime, ctime = info.st_mtime_ns, info.st_ctime_ns
    return None if mtime >= settled or ctime >= settled else \
        _STATUS.pack(info.st_size, mtime, ctime, info.st_ino, info.st_dev)


# --- cache -------------------------------------------------------------------------------------
# What decides a file's own result: the code `analyse` runs, the schemas and data it reads, "today",
# and every installed distribution (an optional one such as rfc3987 changes what jsonschema checks).
# The code is found by following the imports from this module, never listed by hand: a rule added
# to any module it reaches (core/campaignfile.py, core/offices.py…) changes the fingerprint.
_DATA_PACKAGES = ("petition.schema", "petition.data")
_NOT_DATA = (".py", ".pyc", ".ttf")  # the letters' fonts decide no verdict
_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+petition((?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)"
                     rb"|import[ \t]+petition((?:\.\w+)+))", re.MULTILINE)
_MAGIC = b"petition-cache\n"


def _module_file(package_root: Path, name: str) -> Path | None:
    parts = name.split(".")[1:]
    for candidate in (package_root.joinpath(*parts).with_suffix(".py") if parts else None,
                      package_root.joinpath(*parts, "__init__.py")):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def deciding_modules(start: str = __name__) -> dict[str, bytes]:
    """The source of `start` and of every `petition` module it imports, directly or not (imports
    inside functions included), by module name."""
    package_root = Path(__file__).resolve().parent.parent
    found: dict[str, bytes] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        path = None if name in found else _module_file(package_root, name)
        if path is None:
            continue
        found[name] = source = path.read_bytes()
        for match in _IMPORT.finditer(source):
            if match.group(3) is not None:
                todo.append("petition" + match.group(3).decode())
                continue
            module = "petition" + match.group(1).decode()
            todo.append(module)  # and each imported name, in case it is a module
            names = match.group(2) if match.group(2).startswith(b"(") else \
                match.group(2).split(b"#")[0]
            todo += [f"{module}.{word.decode()}" for word in re.findall(rb"\w+", names)]
    return found


def _data_files() -> Iterator[tuple[str, bytes]]:
    for package in _DATA_PACKAGES:
        folders = [resources.files(package)]
        while folders:
            for entry in sorted(folders.pop().iterdir(), key=lambda e: e.name):
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append(entry)
                elif not entry.name.endswith(_NOT_DATA):
                    yield f"{package}/{entry.name}", entry.read_bytes()


@cache
def _code_digest() -> bytes:
    """What the code and data that decide a verdict hash to (once per process)."""
    digest = hashlib.sha256()
    for name, content in [*sorted(deciding_modules().items()), *_data_files()]:
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.digest()


def installed_distributions() -> list[str]:
    """Every installed distribution as its metadata folder's name (which holds its version)."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")  # noqa: PTH208 - names only, on the hot path
        except OSError:
            continue
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def fingerprint(today: dt.date) -> str:
    """Changes whenever anything that decides a file's result changes."""
    digest = hashlib.sha256(f"{_CACHE_VERSION}:{today.isoformat()}".encode())
    digest.update(_code_digest())
    digest.update("\n".join(installed_distributions()).encode())
    return digest.hexdigest()


def cache_enabled() -> bool:
    """Never on a shared runner (CI set): a stranger's job could have planted the cache there."""
    return not os.environ.get("CI")


def cache_folder() -> Path:
    """Where petition keeps its caches, outside every work tree: PETITION_CACHE_DIR, or
    petition/ in the user's cache folder."""
    override = os.environ.get("PETITION_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(override) if override else (Path(xdg) if xdg else Path.home() / ".cache") / "petition"


def cache_file(root: Path) -> Path:
    return cache_folder() / (hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
                             + ".marshal")


def _read_cache(path: Path, stamp: str) -> dict[str, Any]:
    """The entries written for this stamp, or nothing: a foreign, truncated or corrupted file is
    ignored (its checksum is verified before marshal ever sees its bytes)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    head = len(_MAGIC) + 64
    if not raw.startswith(_MAGIC) or len(raw) < head + 4:
        return {}
    payload = memoryview(raw)[head + 4:]
    if raw[len(_MAGIC):head] != stamp.encode() or \
            int.from_bytes(raw[head:head + 4], "big") != zlib.crc32(payload):
        return {}
    try:
        # The cache lives outside the work tree (never in a contributor's pull request), is off in
        # CI, and its checksum matched: these are the bytes its twin below wrote.
        content = marshal.loads(payload)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return {}
    return content if isinstance(content, dict) else {}


def _write_cache(path: Path, stamp: str, entries: dict[str, Any]) -> None:
    payload = marshal.dumps(entries)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
            tmp = handle.name
            handle.write(_MAGIC + stamp.encode() + zlib.crc32(payload).to_bytes(4, "big"))
            handle.write(payload)
        Path(tmp).replace(path)
        tmp = None
    except OSError:
        pass  # a cache that cannot be written (full disk, read-only home) only costs time
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


# --- the whole repository ----------------------------------------------------------------------
@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a repository is loaded: it would otherwise walk,
    again and again, the tens of thousands of values being built (none of them part of a cycle):
    a fifth of a warm run. Worker processes forked meanwhile keep it paused, so that it never
    walks (and copies) the memory they share with this process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_repository(root: Path, *, today: dt.date | None = None, use_cache: bool = True,
                    only: Iterable[str] | None = None) -> Repository:
    """Load and check every campaign and motion; `only` limits reported problems to those files
    (cross-file checks still see the whole repository)."""
    with _collector_paused():
        return _load_repository(root, today, use_cache, only)


def _load_repository(root: Path, today: dt.date | None, use_cache: bool,
                     only: Iterable[str] | None) -> Repository:
    root = root.resolve()
    today = today or today_default()
    files = discover(root)
    campaign_files, motion_files = files.campaigns, files.motions
    problems = list(files.problems)
    stamp = fingerprint(today)
    cache_path = cache_file(root)
    use_cache = use_cache and cache_enabled()
    cache = _read_cache(cache_path, stamp) if use_cache else {}
    results: dict[str, Any] = {}
    keys: dict[str, str] = {}
    # A file whose status is the one cached with its result is not read again (as git's index
    # does): any write changes its change time (ctime, which no program can set back) or inode.
    # Only files cached with a status are looked at here; the others' are taken as they are read.
    statuses = _statuses(str(root), [rel for rel in (*campaign_files, *motion_files)
                                     if (hit := cache.get(rel)) is not None and
                                     hit[4] is not None])
    batch = []
    for kind, paths in (("campaign", campaign_files), ("motion", motion_files)):
        for rel in paths:
            hit = cache.get(rel)
            if hit is not None and hit[4] is not None and hit[4] == statuses.get(rel):
                keys[rel], results[rel] = hit[0], hit[1:4]
            else:
                batch.append((kind, rel, None if hit is None else hit[0]))
    changed = False
    for rel, key, status, result in _run(str(root), batch, today):
        statuses[rel] = status
        if key is not None:
            keys[rel] = key
        if result is None:
            results[rel] = cache[rel][1:4]
            changed = changed or status is not None  # settled since: worth recording
        else:
            results[rel] = result
            changed = True
    # projet.yml's verdict is remembered too (checking it imports and compiles its schema).
    project_entry: list[Any] = []
    project, project_problems = load_project(root, _project_check(cache.get(PROJECT_FILE),
                                                                  project_entry))
    changed = changed or (project_entry[0] if project_entry else None) != cache.get(PROJECT_FILE)
    if use_cache and changed:
        entries = {rel: (keys[rel], *results[rel], statuses[rel]) for rel in results if rel in keys}
        if project_entry:  # its name has no folder: never a motion's or a campaign's
            entries[PROJECT_FILE] = project_entry[0]
        _write_cache(cache_path, stamp, entries)

    repo = Repository(root, files=files)
    loads = marshal.loads  # each motion's facts: written by _analyse_batch
    for rel in campaign_files:
        blob, found, _ = results[rel]
        problems += [Problem(*p) for p in found or ()]
        if blob is not None:
            data, lines = marshal.loads(blob)  # noqa: S302 - written by _analyse_batch
            campaign = Campaign(rel, data, lines)
            repo.campaigns.setdefault(campaign.id or rel, campaign)
    for rel in motion_files:
        blob, found, info = results[rel]
        if found:
            problems += [Problem(*p) for p in found]
        if blob is not None:
            facts, body = loads(info)
            motion = Motion(rel, blob=blob, facts=facts, session_body=body)
            repo.motions.append(motion)
            if facts[7]:  # names a document
                problems += checks.check_documents(motion, root)
    # A misnamed motion's own name check already gives the full new name; otherwise say which.
    named = {p.path for p in problems if p.field == "(fichier)"}
    problems += [p for rel, p in files.misnamed.items() if rel not in named]
    across = list(checks.check_across(repo.motions, repo.campaigns))
    # An unknown campaign's cross-file message names the campaigns: it replaces the schema's.
    named_campaign = {p.path for p in across if p.field == "campagne"}
    problems = [p for p in problems if p.field != "campagne" or p.path not in named_campaign]
    problems += across
    problems += _load_records(repo, today)
    repo.targets, found = load_targets(root, files.targets, (PurePosixPath(rel).parent.name
                                                             for rel in campaign_files),
                                       today.isoformat())
    problems += found
    repo.project = project
    problems += project_problems
    if only is not None:
        wanted = set(only)
        problems = [p for p in problems if p.path in wanted]
    repo.problems = sort_problems(problems)
    return repo


def _load_records(repo: Repository, today: dt.date) -> list[Problem]:
    """The sendings and answers: a few files per campaign, checked on every run (their PDFs'
    hashes too), never cached."""
    problems: list[Problem] = []
    for kind, rel in [*(("sending", r) for r in repo.files.sendings),
                      *(("answer", r) for r in repo.files.answers)]:
        raw = (repo.root / rel).read_bytes()
        record, found = analyse_record(kind, rel, raw, today)
        problems += found
        if isinstance(record, Sending):
            repo.sendings.append(record)
        elif isinstance(record, Answer):
            repo.answers.append(record)
    problems += check_records(repo.sendings, repo.answers, repo.campaigns, repo.root)
    return problems


def _project_check(hit: Any, entry: list[Any]) -> Any:
    """`checked_project`, answered from the cache entry `hit` when projet.yml's bytes are the
    ones checked then; the entry for the bytes checked is put in `entry`."""
    def check(raw: bytes) -> tuple[dict[str, object] | None, list[Problem]]:
        key = hashlib.blake2b(raw, digest_size=20).hexdigest()
        if hit is not None and hit[0] == key:
            entry.append(hit)
            return hit[1], [Problem(*p) for p in hit[2]]
        data, found = checked_project(raw)
        entry.append((key, data, [(p.path, p.line, p.message, p.level, p.field) for p in found]))
        return data, found
    return check


def usable_cores() -> int:
    """The cores this process may run on (its affinity, which containers and `taskset` set),
    not every core of the machine."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS, Windows


def _run(root: str, batch: list[tuple[str, str, str | None]],
         today: dt.date) -> Iterator[tuple[str, str | None, bytes | None, Any]]:
    """Every file of `batch` read, hashed and (unless cached) analysed, in the order of `batch`:
    on every core for a large repository (workers take small chunks, so that they finish
    together), in this process below `PARALLEL_THRESHOLD` files or with one core."""
    workers = min(usable_cores(), 8)
    if len(batch) < PARALLEL_THRESHOLD or workers < 2:
        yield from _read_and_analyse(root, batch, today)
        return
    # What every file's analysis loads once (the referential, the compiled schemas): loaded here,
    # before the workers start, they share it instead of each loading its own.
    referential()
    for kind in ("campaign", "motion"):
        is_valid(kind, {})
    size = max(100, len(batch) // (workers * 16))
    chunks = ((root, batch[i:i + size], today) for i in range(0, len(batch), size))
    for chunk_result in ordered_map(_read_and_analyse, chunks, workers):
        yield from chunk_result
