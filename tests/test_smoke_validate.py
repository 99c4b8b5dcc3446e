from conftest import ROOT, RepoBuilder, motion_data


def test_real_repository_is_valid(seeded_repo: RepoBuilder) -> None:
    result = seeded_repo.run("validate")
    assert result.exit_code == 0, result.output
    # The two seed documents are known by their text only: no address, no PDF to point to.
    assert result.stdout.splitlines() == [
        f"{path}:{line}: avertissement : aucune source : ajoutez sous « sources: » l'adresse web du "
        "document (« - url: https://… ») ou son PDF déposé dans motions/documents/ (« - fichier: "
        "documents/… »), pour que chacun puisse vérifier la motion"
        for path in ("motions/canssm-2022/region-32-hauts-de-france-2022-06-23.yml",
                     "motions/canssm-2023/commune-62498-lens-2023-09-27.yml")
        for line in [(ROOT / path).read_text("utf-8").splitlines().index("sources:") + 1]]
    assert result.stderr == "4 fichier(s) vérifié(s) : 0 erreur(s), 2 avertissement(s).\n"


def test_builder_writes_valid_motion(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    result = repo.run("validate")
    assert result.exit_code == 0, result.output
    assert (ROOT / "motions").is_dir()
