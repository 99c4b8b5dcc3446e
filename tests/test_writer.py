"""Motion files are written by libyaml's emitter when their texts are ordinary, by PyYAML's
otherwise: the file is the same byte for byte either way."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, motion_data
from petition.core.schemas import flat_schema
from petition.core.yamlstrict import load_bytes
from petition.exchange import writer
from petition.exchange.writer import dump_motion

# French text as councils write it, the characters YAML treats apart, and what only PyYAML's
# emitter writes as we want (emoji, tabs, spaces at the ends, long lines).
WORDS = ["le", "conseil", "municipal", "demande", "l'État", "«", "»", "garantisse", "d'accès",
         "aux", "soins", ";", "considérant", "n°", "2023-12", "1er", "janvier,", "50", "%", "—",
         "-", "?", "!", "Œuvre", "’", "“", "”", "…", "(", ")", ".", ",", ":", "#", "&", "*", "[",
         "]", "{", "}", "|", ">", "@", "`", "'", '"', "\\", "\u00a0", "\u202f", "\n", "\n\n",
         " ", "  ", "\t", "🙂", "anticonstitutionnellement", "x" * 90, "true", "~", "null"]
texts = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join) | \
    st.lists(st.sampled_from(WORDS), max_size=40).map("".join)


def python_dump(data: dict[str, Any]) -> str:
    """What dump_motion writes with PyYAML's emitter only."""
    body = yaml.dump(writer._ordered(data, flat_schema("motion")), Dumper=writer._Dumper,
                     allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "# yaml-language-server: $schema=../../schema/motion.schema.json\n" + body


@given(objet=texts, texte=texts, notes=texts, nom=texts, mots=st.lists(texts, max_size=3))
def test_both_emitters_write_the_same_file(objet: str, texte: str, notes: str, nom: str,
                                           mots: list[str]) -> None:
    data = motion_data(objet=objet, texte=texte, notes=notes, mots_cles=mots,
                       collectivite={"type": "commune", "code": "62498", "nom": nom})
    if writer.unwritable(data) is None:
        assert dump_motion(data) == python_dump(data)


def test_ordinary_motions_take_libyaml() -> None:
    assert writer._FastDumper is not None  # PyYAML is installed with libyaml (its wheels are)
    motions = [load_bytes(path.read_bytes()).data for path in FIXTURES.rglob("*.yml")
               if path.name != "campagne.yml" and "/motions/" in path.as_posix()]
    motions.append(motion_data(texte="Le conseil municipal,\n\nConsidérant « le texte »,\n\n"
                                     "Demande que chaque ligne reste telle quelle, même plus "
                                     "longue que la largeur de cent caractères du fichier."))
    assert len(motions) >= 3
    for data in motions:
        assert writer._ordinary(writer._ordered(data, flat_schema("motion")))
        assert dump_motion(data) == python_dump(data)
    for odd in ("🙂", " espace au début", "tab\tulation", "2" * 41, "lignes\n\n"):
        assert not writer._ordinary(motion_data(objet=odd))
