from conftest import FIXTURES, ROOT, SAMPLE_LENS, SAMPLE_REGION, RepoBuilder, motion_data


def test_sample_repository_is_valid(sample_repo: RepoBuilder) -> None:
    result = sample_repo.run("validate")
    assert result.exit_code == 0, result.output
    # The two fixture documents are known by their text only: no address, no PDF to point to.
    assert result.stdout.splitlines() == [
        f"{path}:{line}: avertissement : aucune source : ajoutez sous « sources: » l'adresse web du "
        "document (« - url: https://… ») ou son PDF déposé dans motions/documents/ (« - fichier: "
        "documents/… »), pour que chacun puisse vérifier la motion"
        for path in (SAMPLE_REGION, SAMPLE_LENS)
        for line in [(FIXTURES / path).read_text("utf-8").splitlines().index("sources:") + 1]]
    assert result.stderr == "4 fichier(s) vérifié(s) : 0 erreur(s), 2 avertissement(s).\n"


def test_builder_writes_valid_motion(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    result = repo.run("validate")
    assert result.exit_code == 0, result.output
    # In a temporary folder, never in the work tree.
    assert (repo.root / "motions").is_dir()
    assert not repo.root.resolve().is_relative_to(ROOT)
