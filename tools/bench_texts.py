"""The text steps of `make bench`: each step on the worst cases its size cap allows, timed in CPU
seconds (the suite proves their work linear by counting steps, tests/test_linear.py; here is how
long they take, against the bounds the suite once timed)."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Case = tuple[str, Callable[[], object]]
TODAY = dt.date(2026, 11, 22)


def worst_cases(size: int) -> dict[str, str]:
    """Runs that make a backtracking pattern rescan the rest of the text at every position."""
    return {
        "point-virgules": "a" + ";" * (size - 2) + "x",
        "deux-points": "a" + ":" * (size - 2) + "x",
        "espaces insécables": "a" + "\u00a0" * (size - 2) + "x",
        "espaces fines": "a " + "\u202f" * (size - 3) + "x",
        "guillemets": '"a' * (size // 2),
        "chevrons": "«" + " " * (size - 2) + "a",
        "lignes": "a\n" * (size // 2),
        "paragraphes": "a\n \n" * (size // 4),
        "titre": "### a" + " " * (size - 6) + "b",
    }


def text_cap() -> int:
    from petition.core.schemas import schema

    cap: int = schema("campaign")["properties"]["texte"]["maxLength"]
    return cap


def text_functions() -> Iterator[Case]:
    from petition.core.characters import shown
    from petition.site import escape
    from petition.text import french, mdtext

    cap = text_cap()
    for function in (french.typeset, french.paragraphs, french.clean, mdtext.inline,
                     escape.paragraphs, escape.text, shown):
        for name, text in worst_cases(cap).items():
            yield f"{function.__module__}.{function.__name__} : {name}", \
                lambda f=function, t=text: f(t)


def issue_form() -> Iterator[Case]:
    from petition.intake.issueform import MAX_BODY_CHARS, parse_body

    for name, text in worst_cases(MAX_BODY_CHARS).items():
        yield name, lambda t=text: parse_body(t)


def loader() -> Iterator[Case]:
    from petition.core.yamlstrict import MAX_BYTES, load_bytes

    for name in ("point-virgules", "espaces insécables", "lignes", "guillemets"):
        body = worst_cases(MAX_BYTES // 3)[name].replace("\n", "\n  ")
        raw = f"texte: |\n  {body}\n".encode()
        yield name, lambda r=raw: load_bytes(r)


def hostile_yaml() -> Iterator[Case]:
    from petition.core.yamlstrict import YamlError, load_bytes

    lol = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lol += f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n".encode()
    nesting = {"crochets": b"a: " + b"[" * 30000 + b"]" * 30000 + b"\n",
               "accolades": b"a: " + b"{b: " * 30000 + b"1" + b"}" * 30000 + b"\n",
               "indentation": b"".join(b"  " * i + b"k:\n" for i in range(400)),
               "tirets": b"- " * 5000 + b"x\n", "milliard de rires": lol}

    def refuse(raw: bytes) -> None:
        try:
            load_bytes(raw)
        except YamlError:
            return
        raise AssertionError("accepted")

    for name, raw in nesting.items():
        yield name, lambda r=raw: refuse(r)


def site_markdown() -> Iterator[Case]:
    import markdown

    from petition.site import escape

    cap = text_cap()
    extensions = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
                  "pymdownx.superfences"]
    cases = {"esperluettes": "&" * cap, "accents graves": "`" * cap, "crochets": "[a]" * (cap // 3),
             "étoiles": "*a" * (cap // 2), "paragraphes": "a\n\n" * (cap // 3)}
    for name, text in cases.items():
        page = f"# Campagne\n\n{escape.paragraphs(text)}\n\n## Suite\n"
        yield name, lambda p=page: markdown.markdown(p, extensions=extensions)


def letters(fmt: str) -> Callable[[], Iterator[Case]]:
    def cases() -> Iterator[Case]:
        from bench import CAMPAIGN, campaign_file
        from petition.core.repository import load_repository
        from petition.core.yamlstrict import load_bytes
        from petition.exchange.writer import dump_motion
        from petition.letters import render_letters

        root = Path(tempfile.mkdtemp(prefix="petition-bench-lettre-"))
        folder = root / "motions" / CAMPAIGN
        folder.mkdir(parents=True)
        data = load_bytes(campaign_file().encode()).data
        data["texte"] = "a" + ";" * (text_cap() - 2) + "x"
        (folder / "campagne.yml").write_text(dump_motion(data, "campaign"), "utf-8")
        (folder / "commune-62498-lens-2023-09-27.yml").write_text(dump_motion({
            "campagne": CAMPAIGN, "collectivite": {"type": "commune", "code": "62498", "nom": "Lens"},
            "instance": "Conseil municipal", "nature": "motion", "objet": "Motion d'essai",
            "seance": {"date": "2023-09-27"},
            "vote": {"resultat": "adoptee", "pour": 37, "contre": 0, "abstentions": 0},
            "sources": [{"url": "https://www.example.fr/motion.pdf"}]}), "utf-8")
        repo = load_repository(root, today=TODAY, use_cache=False)
        yield "texte de 100 000 caractères", \
            lambda: render_letters(repo, CAMPAIGN, fmt, today=TODAY)
    return cases


def attendance() -> Iterator[Case]:
    from petition.core import checks, procedure
    from petition.core.model import Motion
    from petition.core.referential import referential

    presents = [f"M. MEMBRE{i:05d}" for i in range(15000)]
    powers = [{"mandant": f"Mme ABSENTE{i:05d}", "mandataire": presents[i]} for i in range(7000)]
    data: dict[str, Any] = {
        "collectivite": {"type": "commune", "code": "62498", "nom": "Lens"},
        "seance": {"date": "2023-09-27", "secretaire": presents[-1]},
        "presences": {"effectif": 22000, "presents": 15000, "pouvoirs": 7000,
                      "noms": {"presents": presents, "pouvoirs": powers}},
        "vote": {"resultat": "adoptee"}}
    motion = Motion("motions/x/commune-62498-lens-2023-09-27.yml", data, {(): 1})
    ref = referential()
    ref.territory(ref.body("commune", "62498") or ref.body("region", "32"))  # loaded once
    yield "15 000 présents, 7 000 pouvoirs", \
        lambda: [*checks.check_votes(motion), *procedure.check_procedure(motion, ref)]


# (name, bound in CPU seconds, the cases): the bounds the suite's timed tests once held.
CASES: list[tuple[str, float, Callable[[], Iterator[Case]]]] = [
    ("étapes de texte (typographie, échappement…), 100 000 caractères", 3.0, text_functions),
    ("formulaire de signalement, taille maximale", 3.0, issue_form),
    ("lecture YAML d'un fichier de taille maximale", 3.0, loader),
    ("YAML hostile refusé (imbrication, alias)", 1.0, hostile_yaml),
    ("Markdown du site, texte de campagne maximal", 10.0, site_markdown),
    ("lettre Markdown, texte de campagne maximal", 30.0, letters("md")),
    ("lettre PDF, texte de campagne maximal", 30.0, letters("pdf")),
    ("contrôle des présences et pouvoirs", 1.0, attendance),
]


def measure(cases: Callable[[], Iterator[Case]]) -> tuple[float, str]:
    """CPU seconds of the slowest case, and its name."""
    worst = (0.0, "")
    for name, call in cases():
        start = time.process_time()
        call()
        worst = max(worst, (time.process_time() - start, name))
    return worst
