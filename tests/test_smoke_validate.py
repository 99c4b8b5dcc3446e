from conftest import FIXTURES, ROOT, SAMPLE_LENS, SAMPLE_REGION, RepoBuilder, motion_data


def test_sample_repository_is_valid(sample_repo: RepoBuilder) -> None:
    result = sample_repo.run("validate")
    assert result.exit_code == 0, result.output
    # The two fixture documents are known by their text only, and their files say so once, in a
    # described source: no warning at each run (issue 26).
    for path in (SAMPLE_REGION, SAMPLE_LENS):
        assert "sources:\n  - description: " in (FIXTURES / path).read_text("utf-8")
    assert result.stdout == ""
    assert result.stderr == "4 fichier(s) vérifié(s) : 0 erreur(s), 0 avertissement(s).\n"


def test_builder_writes_valid_motion(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    result = repo.run("validate")
    assert result.exit_code == 0, result.output
    # In a temporary folder, never in the work tree.
    assert (repo.root / "motions").is_dir()
    assert not repo.root.resolve().is_relative_to(ROOT)
