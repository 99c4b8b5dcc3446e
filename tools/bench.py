#!/usr/bin/env python3
"""Benchmark at the scale of every council of France (`make bench`).

Builds, in a temporary folder, a repository of its own (a fictitious campaign, written here) with
one adopted motion per commune that has a council (imported from a template CSV generated from the
referential), then runs each step and prints, per size, a table of each step's wall and CPU time
against the targets of performance.md: ratios to the check-jsonschema peer measured in the same run
(its time is the yardstick, since machines differ by 2× from one run to the next), absolute bounds
for the site. Each built site is weighed (apparent size, and which part is what) and its heaviest
page gzipped. Also: the text steps at their size caps (linear work, timed here rather than in the
suite), and `make site` on this repository. Exits 1 when a target is missed at full scale.

    python tools/bench.py [--sizes 3500,all] [--keep DIR] [--skip-peer] [--judge wall|cpu]
                          [--only scale|texts|real]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tools"))

# The benchmark's own campaign: nothing here depends on the repository's campaigns.
CAMPAIGN = "banc-essai-2026"
RECIPIENT = "ministre-essai"
OBJET = "Motion d'essai du banc de mesure des performances"
KEYWORD = "banc de mesure"


def campaign_file() -> str:
    from petition.exchange.writer import dump_motion

    return dump_motion({
        "id": CAMPAIGN,
        "titre": "Campagne d'essai du banc de mesure (2026)",
        "resume": "Campagne fictive du banc de mesure des performances : une motion par conseil.",
        "contexte": "Le banc de mesure construit ce dépôt dans un dossier temporaire.",
        "texte": "Le Conseil demande que le banc de mesure mesure.\n\nConsidérant le besoin de "
                 "mesurer le temps de chaque étape,\n\nLe Conseil demande :",
        "demandes": ["Que chaque étape soit mesurée ;", "Que chaque cible soit tenue."],
        "propose_par": ["le banc de mesure"],
        "mots_cles": [KEYWORD],
        "destinataires": [{"id": RECIPIENT, "fonction": "Ministre chargé des essais",
                           "appel": "Madame la Ministre, Monsieur le Ministre"}],
        "notes": "Campagne fictive, écrite par tools/bench.py.",
    }, "campaign")


# --- running and timing one command --------------------------------------------------------------
@dataclass
class Run:
    wall: float
    cpu: float  # user + system time of the command and every child it waited for
    peak_mib: float  # the largest resident size of one process of the tree

    def __add__(self, other: Run) -> Run:
        return Run(self.wall + other.wall, self.cpu + other.cpu, max(self.peak_mib, other.peak_mib))


@dataclass
class Step:
    name: str
    run: Run | None
    target: str = ""
    ok: bool | None = None
    note: str = ""
    ratio: float | None = None  # the peer's time over this step's


def run(args: list[str], cwd: Path, env: dict[str, str], *, ok_codes: tuple[int, ...] = (0,)) -> Run:
    """Wall time, CPU time (os.wait4's rusage) and peak RSS of one command and its children."""
    # stderr goes to a file, not a pipe: nobody reads a pipe during wait4, so a chatty command
    # would fill it and block forever.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if code not in ok_codes:
            errors.seek(0)
            stderr = errors.read().decode(errors="replace")
            sys.exit(f"{' '.join(args)} exited {code}:\n{stderr[-3000:]}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# --- the site's weight ---------------------------------------------------------------------------
_MOTION_PAGE = re.compile(r"campagnes/[^/]+/[a-z]+-[0-9AB]+-[^/]*-\d{4}-\d{2}-\d{2}/")
_AREA_PAGE = re.compile(r"campagnes/[^/]+/(?:[0-9AB]{2,3}|regions)/")
PARTS = (
    ("pages des motions", lambda p: bool(_MOTION_PAGE.match(p))),
    ("pages des départements et des régions", lambda p: bool(_AREA_PAGE.match(p))),
    ("kit (documents à adopter)", lambda p: "/kit/" in p),
    ("index de recherche", lambda p: p.startswith("recherche/") and not p.endswith(".html")),
    ("lettres et documents", lambda p: p.startswith(("lettres/", "documents/"))
     and not p.endswith(".html")),
    ("fichiers de données", lambda p: p.endswith((".json", ".csv", ".xml", ".svg", ".gz"))
     and not p.startswith("assets/")),
    ("thème (MkDocs Material)", lambda p: p.startswith("assets/") and not
     p.startswith("assets/petition/")),
    ("scripts et styles du site", lambda p: p.startswith("assets/petition/")),
    ("autres pages", lambda p: p.endswith(".html")),
)


def weigh(site: Path) -> tuple[float, list[tuple[str, int, int]]]:
    """The site's apparent size (MiB: what a Pages artifact weighs) and, per part, files and bytes."""
    parts: dict[str, list[int]] = {name: [0, 0] for name, _ in PARTS}
    parts["autres fichiers"] = [0, 0]
    total = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        size = path.stat().st_size
        total += size
        name = next((n for n, match in PARTS if match(rel)), "autres fichiers")
        parts[name][0] += 1
        parts[name][1] += size
    rows = sorted(((n, c, b) for n, (c, b) in parts.items() if c), key=lambda r: -r[2])
    return total / 2**20, rows


def parts_table(rows: list[tuple[str, int, int]]) -> str:
    total = sum(b for _, _, b in rows) or 1
    lines = ["| partie du site | fichiers | Mio | part |", "|---|---:|---:|---:|"]
    lines += [f"| {n} | {c} | {b / 2**20:.1f} | {100 * b / total:.0f} % |" for n, c, b in rows]
    return "\n".join(lines)


_ELEMENT = re.compile(rb"<[a-zA-Z]")
_TEXT = re.compile(rb">[^<]*\S[^<]*<")


def page_weights(site: Path, limit_kb: int) -> list[Step]:
    """The heaviest page (HTML, gzipped as a server sends it), the page with the most DOM nodes
    (elements and text nodes, counted in the HTML: what the browser builds before any script), and
    the heaviest data file a page fetches on demand (search index, lists)."""
    heaviest = ("", 0)
    busiest = ("", 0)
    for page in site.rglob("*.html"):
        raw = page.read_bytes()
        size = len(gzip.compress(raw, 6))
        nodes = len(_ELEMENT.findall(raw)) + len(_TEXT.findall(raw))
        name = page.relative_to(site).as_posix()
        heaviest = max(heaviest, (name, size), key=lambda x: x[1])
        busiest = max(busiest, (name, nodes), key=lambda x: x[1])
    data = ("", 0)
    for item in [*site.glob("recherche/**/*.json"), *site.glob("campagnes/*/collectivites.json")]:
        size = len(gzip.compress(item.read_bytes(), 6))
        data = max(data, (item.relative_to(site).as_posix(), size), key=lambda x: x[1])
    return [
        Step("page la plus lourde (gzip)", None, f"≤ {limit_kb} ko", heaviest[1] <= limit_kb * 1000,
             f"{heaviest[1] / 1000:.1f} ko : {heaviest[0]}"),
        Step("page la plus chargée (nœuds DOM)", None, "< 20 000", busiest[1] < 20_000,
             f"{busiest[1]} nœuds : {busiest[0]}"),
        Step("données chargées à la demande (gzip)", None, f"≤ {limit_kb} ko",
             data[1] <= limit_kb * 1000, f"{data[1] / 1000:.1f} ko : {data[0]}"),
    ]


# --- the scale repository ------------------------------------------------------------------------
def time_peer(motions: list[Path], env: dict[str, str]) -> tuple[Run, str]:
    """check-jsonschema with the project's schema on the same files, as few processes as the
    system's command line allows (file names relative to their folder): their times added."""
    folder = motions[0].parent
    command = [str(BIN / "check-jsonschema"), "--schemafile",
               str(ROOT / "schema" / "motion.schema.json")]
    room = os.sysconf("SC_ARG_MAX") - sum(len(k) + len(v) + 2 for k, v in env.items()) - 64_000
    chunks: list[list[str]] = [[]]
    used = 0
    for name in (m.name for m in motions):
        if used + len(name) + 9 > room and chunks[-1]:  # + the pointer and the final NUL
            chunks.append([])
            used = 0
        chunks[-1].append(name)
        used += len(name) + 9
    total = Run(0, 0, 0)
    for chunk in chunks:
        total += run([*command, *chunk], folder, env)
    return total, "" if len(chunks) == 1 else f"{len(chunks)} processus (longueur de ligne de commande)"


def scale_repository(work: Path, size: int | None) -> tuple[Path, Path, dict[str, str]]:
    """The repository (the benchmark's campaign, the tool's site configuration) and its CSV."""
    label = "all" if size is None else str(size)
    repo = work / f"depot-{label}"
    (repo / "motions" / CAMPAIGN).mkdir(parents=True)
    (repo / "motions" / CAMPAIGN / "campagne.yml").write_text(campaign_file(), "utf-8")
    for name in ("mkdocs.yml", "projet.yml"):  # the tool's settings, never a campaign
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "docs", repo / "docs")
    env = {**os.environ, "PETITION_CACHE_DIR": str(work / f"cache-{label}")}
    env.pop("CI", None)  # the warm run is the cache's
    csv_path = work / f"communes-{label}.csv"
    limit = [] if size is None else ["--limit", str(size)]
    run([sys.executable, str(ROOT / "tools" / "make_template_csv.py"), "-o", str(csv_path),
         "--objet", OBJET, *limit], ROOT, env)
    return repo, csv_path, env


def bench(size: int | None, work: Path, skip_peer: bool, judge: str) -> tuple[str, list[Step], str]:
    repo, csv_path, env = scale_repository(work, size)
    rows = sum(1 for _ in csv_path.open("rb")) - 1
    petition = [str(BIN / "petition"), "--repo", str(repo)]
    steps = []

    def seconds(r: Run) -> float:
        return r.cpu if judge == "cpu" else r.wall

    imported = run([*petition, "import", str(csv_path), "--campaign", CAMPAIGN], repo, env)
    motions = [f for f in sorted((repo / "motions" / CAMPAIGN).glob("*.yml"))
               if f.name != "campagne.yml"]
    if len(motions) != rows:
        sys.exit(f"import wrote {len(motions)} motions, expected {rows}")

    peer: Run | None = None
    if not skip_peer:
        peer, note = time_peer(motions, env)
        steps.append(Step("check-jsonschema (pair, même schéma, mêmes fichiers)", peer, "référence",
                          note=note))

    def against(name: str, r: Run, factor: float, faster: bool) -> Step:
        """A step judged against the peer: at least `factor`× faster (`faster`), or at most the
        peer's time divided by `factor`."""
        target = f"≥ {factor:g}× plus rapide que le pair" if faster else f"≤ pair / {factor:g}"
        if peer is None:
            return Step(name, r, target)
        ratio = seconds(peer) / seconds(r)
        return Step(name, r, target, ratio >= factor, ratio=ratio)

    steps.append(against("petition import", imported, 3, False))
    steps[-1].note = f"{len(motions)} motions écrites"
    steps.append(against("petition validate (à froid)", run([*petition, "validate"], repo, env), 20,
                         True))
    steps.append(against("petition validate (à chaud)", run([*petition, "validate"], repo, env), 100,
                         False))
    steps.append(against("petition stats", run([*petition, "stats", "--format", "json"], repo, env),
                         60, False))
    letters = work / f"lettres-{len(motions)}"
    r = run([*petition, "letter", "--campaign", CAMPAIGN, "--format", "pdf", "-o", str(letters)],
            repo, env)
    steps.append(Step("lettre PDF nommant chaque conseil", r, "≤ 30 s", seconds(r) <= 30))
    # As `make site` does: the site's source written by `petition pages`, then built by MkDocs.
    site, source = work / f"site-{len(motions)}", work / f"pages-{len(motions)}"
    r = run([*petition, "pages", "-o", str(source)], repo, env)
    r += run([str(BIN / "mkdocs"), "build", "--strict", "--config-file", str(source / "mkdocs.yml"),
              "--site-dir", str(site)], repo, env)
    apparent, parts = weigh(site)
    steps.append(Step("site (petition pages, mkdocs build)", r, "≤ 120 s, ≤ 400 Mio, pic ≤ 800 Mio",
                      seconds(r) <= 120 and apparent <= 400 and r.peak_mib <= 800,
                      f"{apparent:.0f} Mio apparents"))
    steps += page_weights(site, 300 if len(motions) >= 30_000 else 150)
    steps.append(discover_step(repo, work, env, seconds))
    title = f"{len(motions):,} motions (une par commune ayant un conseil)".replace(",", " ")
    return title, steps, parts_table(parts)


DISCOVER_ROWS = 100_000
OBJECTS = ("Approbation du compte administratif de l'exercice 2025 du budget principal",
           "Attribution d'une subvention exceptionnelle à l'association sportive « Les Étoiles »",
           "Convention de mise à disposition de locaux avec le centre communal d'action sociale",
           "Création d'un poste d'adjoint technique territorial principal de 2e classe",
           "Tableau des effectifs : filières administrative, technique et médico-sociale")


def discover_file(path: Path, keyword: str, rows: int = DISCOVER_ROWS) -> int:
    """An SCDL file as a large publisher writes it (cp1252, semicolons, dates JJ/MM/AAAA, SIRETs
    with spaces): `rows` deliberations of communes of the referential, one in 10,000 a motion
    naming `keyword`; returns how many motions it holds."""
    import csv
    import io

    from stdnum.fr import siret as siret_number

    from petition.core.referential import referential
    from petition.exchange.csvformats import SCDL_COLUMNS

    ref = referential()
    communes = [b for b in (ref.body("commune", c) for c in sorted(ref.commune_codes())[:2000])
                if b is not None and b.siren]
    sirets = [next(b.siren + f"{n:05d}" for n in range(10, 100_000)
                   if siret_number.is_valid(b.siren + f"{n:05d}")) for b in communes if b.siren]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(SCDL_COLUMNS)
    motions = 0
    for i in range(rows):
        pick = (i * 7919) % len(sirets)  # a prime step: every commune, in no simple order
        body, siret = communes[pick], sirets[pick]
        motion = i % 10_000 == 7
        motions += motion
        objet = f"Motion de soutien : {keyword}" if motion else OBJECTS[i % len(OBJECTS)]
        spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
        writer.writerow([body.nom, spaced, f"2025-{i}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
                         "9.4" if motion else "7.1", "finances locales/décisions budgétaires",
                         objet, "2025", "Budget principal", "", "", "", "", "", "", "",
                         f"https://www.example.fr/deliberations/2025/{i}.pdf"])
    path.write_bytes(out.getvalue().encode("cp1252"))
    return motions


def discover_step(repo: Path, work: Path, env: dict[str, str],
                  seconds: Callable[[Run], float]) -> Step:
    """`petition discover` on a 100,000-row file (read as a stream, linear)."""
    source = work / "deliberations-100000.csv"
    motions = discover_file(source, KEYWORD)
    r = run([str(BIN / "petition"), "--repo", str(repo), "discover", str(source),
             "--campaign", CAMPAIGN, "-o", str(work / "candidates.csv")], repo, env)
    return Step(f"petition discover ({DISCOVER_ROWS:,} lignes)".replace(",", " "), r, "≤ 10 s",
                seconds(r) <= 10, f"{motions} candidates")


def make_site_step(work: Path, judge: str) -> tuple[list[Step], str]:
    """`make site` on this repository (its own motions), once installed."""
    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "PETITION_CACHE_DIR": str(work / "cache-real")}
    # "once installed": -o tells make the environment is up to date, without touching it (a sync
    # from the clone would point the shared .venv's editable install at the clone).
    r = run(["make", "--no-print-directory", "-o", "env", "site"], clone, env)
    _, parts = weigh(clone / "site")
    return [Step("make site (ce dépôt)", r, "≤ 15 s", (r.cpu if judge == "cpu" else r.wall) <= 15),
            *page_weights(clone / "site", 150)], parts_table(parts)


# --- the text steps at their caps (linear work; the suite proves it by counting steps) ------------
def text_steps() -> list[Step]:
    import bench_texts

    steps = []
    for name, bound, function in bench_texts.CASES:
        seconds, worst = bench_texts.measure(function)
        steps.append(Step(name, Run(seconds, seconds, 0), f"≤ {bound:g} s (CPU)", seconds <= bound,
                          worst))
    return steps


# --- the report ----------------------------------------------------------------------------------
def table(title: str, steps: list[Step]) -> str:
    head = (f"\n{title}\n"
            "| étape | temps (s) | CPU (s) | cible | rapport au pair | pic mémoire (Mio) | verdict |\n"
            "|---|---:|---:|---|---:|---:|---|")
    rows = []
    for s in steps:
        verdict = {True: "atteint", False: "MANQUÉ", None: ""}[s.ok]
        timed = (f"{s.run.wall:.2f} | {s.run.cpu:.2f}" if s.run else " | ")
        peak = f"{s.run.peak_mib:.0f}" if s.run and s.run.peak_mib else ""
        ratio = "" if s.ratio is None else (f"{s.ratio:.1f}×" if s.ratio >= 1 else f"1/{1 / s.ratio:.0f}")
        rows.append(f"| {s.name} | {timed} | {s.target} | {ratio} | {peak} | "
                    f"{verdict}{' (' + s.note + ')' if s.note else ''} |")
    return "\n".join([head, *rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="3500,all",
                        help="numbers of motions, « all » for every commune with a council")
    parser.add_argument("--keep", type=Path, help="keep the generated repositories here")
    parser.add_argument("--skip-peer", action="store_true", help="do not time check-jsonschema")
    parser.add_argument("--judge", choices=["wall", "cpu"], default="wall",
                        help="compare wall times (a quiet machine) or CPU times (a busy one)")
    parser.add_argument("--only", choices=["scale", "texts", "real"], action="append",
                        help="run only these parts (repeatable)")
    args = parser.parse_args()
    parts = set(args.only or ["scale", "texts", "real"])
    work = args.keep or Path(tempfile.mkdtemp(prefix="petition-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    missed: list[str] = []
    print(f"Machine : {cpu_count()} cœurs ; Python {sys.version.split()[0]} ; verdicts sur le temps "
          f"{'CPU' if args.judge == 'cpu' else 'écoulé'}", flush=True)
    try:
        if "real" in parts:
            real, weight = make_site_step(work, args.judge)
            print(table("Ce dépôt", real), flush=True)
            print(f"\n{weight}", flush=True)
            missed += [s.name for s in real if s.ok is False]
        if "texts" in parts:
            texts = text_steps()
            print(table("Textes à leur taille maximale (travail linéaire)", texts), flush=True)
            missed += [s.name for s in texts if s.ok is False]
        if "scale" in parts:
            for size in args.sizes.split(","):
                full = size == "all"
                title, steps, weight = bench(None if full else int(size), work, args.skip_peer,
                                             args.judge)
                print(table(title, steps), flush=True)
                print(f"\n{weight}", flush=True)
                if full:
                    missed += [s.name for s in steps if s.ok is False]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nCibles manquées : {len(missed)}" + (f" ({', '.join(missed)})" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
