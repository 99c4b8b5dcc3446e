from conftest import ROOT, RepoBuilder, motion_data


def test_real_repository_is_valid(seeded_repo: RepoBuilder) -> None:
    result = seeded_repo.run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "4 fichier(s) vérifié(s) : 0 erreur(s), 0 avertissement(s).\n"


def test_builder_writes_valid_motion(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    result = repo.run("validate")
    assert result.exit_code == 0, result.output
    assert (ROOT / "motions").is_dir()
