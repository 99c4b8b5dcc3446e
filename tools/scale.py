#!/usr/bin/env python3
"""The site at the scale of every council of France, in a real browser (`make test-scale`).

Builds (once per run, in a temporary folder or in --keep DIR) a repository with one adopted motion
per commune with a council (34,950, as `make bench`), every council of France declared as a target
(the communes that adopted, the intercommunalités, départements and régions still pending), writes
its site with `petition pages` and builds it with MkDocs, then opens each kind of page in Debian's
Chromium (desktop and a 375 px phone) and checks the readers' targets of issue 27: weight gzipped,
DOM nodes at load, no horizontal overflow, no serious or critical axe-core violation, search files
under 50 kB gzipped, and the name searches people type.

    python tools/scale.py [--size N] [--keep DIR] [--build-only]

`make test-scale` runs the same checks as a test (tests/test_scale_browser.py); this script prints
the measures of each kind of page, for a closing note or a look at one page.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIXTURES = ROOT / "tests" / "fixtures" / "motions"
CAMPAIGN = sorted(p.name for p in FIXTURES.iterdir() if (p / "campagne.yml").is_file())[-1]
TODAY = "2026-11-22"


def _run(args: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> None:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in ok:
        sys.exit(f"{' '.join(args)} : sortie {done.returncode}\n{done.stderr[-3000:]}")


def targets_csv(path: Path) -> None:
    """Every council of France: communes, intercommunalités, départements, régions."""
    from petition.core.referential import referential

    ref = referential()
    rows = [("commune", code) for code in sorted(ref.commune_codes())]
    rows += [("epci", siren) for siren in sorted({s for *_, s in ref.communes_with_epci() if s})]
    rows += [("departement", code) for code in sorted(ref.departements())]
    rows += [("region", code) for code in sorted({r for _, r in ref.departements().values() if r})]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["type", "code"])
        writer.writerows(rows)


def build_repository(work: Path, size: int | None = None, project: str | None = None) -> Path:
    """The repository of `size` motions, or one per commune with a council (kept if already there:
    built once per --keep folder), with `project` as its projet.yml (by default this
    repository's)."""
    repo = work / f"depot-{size or 'all'}"
    done = repo / ".complet"
    if done.exists():
        if project is not None:
            (repo / "projet.yml").write_text(project, "utf-8")
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    (repo / "motions" / CAMPAIGN).mkdir(parents=True)
    shutil.copy(FIXTURES / CAMPAIGN / "campagne.yml", repo / "motions" / CAMPAIGN)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    if project is None:
        shutil.copy(ROOT / "projet.yml", repo / "projet.yml")
    else:
        (repo / "projet.yml").write_text(project, "utf-8")
    shutil.copytree(ROOT / "docs", repo / "docs")
    env = {**os.environ, "PETITION_CACHE_DIR": str(work / "cache"), "PETITION_TODAY": TODAY}
    petition = [str(BIN / "petition"), "--repo", str(repo)]
    rows = work / f"communes-{size or 'all'}.csv"
    _run([sys.executable, str(ROOT / "tools" / "make_template_csv.py"), "-o", str(rows),
          *(["--limit", str(size)] if size else [])], ROOT, env)
    # Exit 1: the few « communes » without a council (Saint-Barthélemy…) are refused, rightly.
    _run([*petition, "import", str(rows), "--campaign", CAMPAIGN], repo, env, ok=(0, 1))
    targets = work / "cibles.csv"
    targets_csv(targets)
    _run([*petition, "targets", "import", str(targets), "--campaign", CAMPAIGN], repo, env,
         ok=(0, 1))
    done.write_text("")
    return repo


def site_path(repo: Path) -> str:
    """The path the site is published under (« motions » for https://exemple.fr/motions/), from
    the repository's projet.yml: the 404 page links to its style sheets from there."""
    import yaml

    data = yaml.safe_load((repo / "projet.yml").read_text("utf-8")) or {}
    return urlsplit(str(data.get("site") or "")).path.strip("/")


def build_site(repo: Path, work: Path) -> Path:
    env = {**os.environ, "PETITION_CACHE_DIR": str(work / "cache"), "PETITION_TODAY": TODAY,
           "NO_MKDOCS_2_WARNING": "1"}
    pages = work / "pages"
    site = work / "site"
    _run([str(BIN / "petition"), "--repo", str(repo), "pages", "-o", str(pages)], repo, env,
         ok=(0, 1))
    shutil.rmtree(site, ignore_errors=True)
    _run([str(BIN / "mkdocs"), "build", "--strict", "--config-file", str(pages / "mkdocs.yml"),
          "--site-dir", str(site)], pages, env)
    return site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, help="motions (défaut : une par commune dotée d'un conseil)")
    parser.add_argument("--keep", type=Path, help="garder ici le dépôt et le site construits")
    parser.add_argument("--build-only", action="store_true", help="construire sans vérifier")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="petition-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        repo = build_repository(work, args.size)
        print(f"dépôt : {repo} ({time.perf_counter() - start:.0f} s)", flush=True)
        start = time.perf_counter()
        site = build_site(repo, work)
        print(f"site : {site} ({time.perf_counter() - start:.0f} s)", flush=True)
        if args.build_only:
            return 0
        sys.path.insert(0, str(ROOT / "tools"))
        import pagecheck

        pages = pagecheck.kinds(site, CAMPAIGN)
        with pagecheck.serve(site, site_path(repo)) as base, pagecheck.chromium() as browser:
            measured = pagecheck.measure(browser, base, site, pages)
            searches = pagecheck.check_searches(browser, base)
        print(pagecheck.table(measured))
        heaviest = pagecheck.data_files(site)[:3]
        print("fichiers de données les plus lourds (gzip) :",
              ", ".join(f"{name} {size / 1000:.1f} ko" for name, size in heaviest))
        problems = [p for m in measured for p in m.problems()] + searches
        problems += [f"{name} : {size} octets gzip > {pagecheck.MAX_DATA_GZIP}"
                     for name, size in pagecheck.data_files(site) if size > pagecheck.MAX_DATA_GZIP]
        problems += [f"inutilisé : {name}" for name in pagecheck.unused_theme_files(site)]
        print("\n".join(problems) or "aucun problème")
        return 1 if problems else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
