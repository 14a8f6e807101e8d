"""The corpus of broken decks: each reports exactly the problems written at its end, and an
import of it changes nothing in the database."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.decks.lint import lint
from tests.helpers import REPO

CORPUS = REPO / "tests" / "broken_decks"
UNITS = [*sorted(p.name for p in CORPUS.glob("*.yaml")), "dup-deck"]
EXPECT = re.compile(rb"^# expect: (.*)$", re.MULTILINE)


def expected(unit: Path) -> tuple[Path, list[str]]:
    target = unit if unit.is_file() else unit / "second.yaml"
    return target, [m.decode() for m in EXPECT.findall(target.read_bytes())]


def test_corpus_is_large_enough() -> None:
    assert len(UNITS) >= 25


@pytest.mark.parametrize("name", UNITS)
def test_lint_reports_exactly_the_expected_problems(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    unit = Path("tests/broken_decks") / name
    target, want = expected(unit)
    assert want, f"{target} declares no expected problem"
    result = lint([unit])
    got = [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in result.problems]
    assert [str(p).split(":", 1)[0] for p in result.problems] == [str(target)] * len(got)
    assert got == want
    assert not result.passed()


def _fingerprint(db: Path) -> str:
    # The CLI closes the database, which folds the write-ahead log back into the file.
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    return hashlib.sha256(db.read_bytes()).hexdigest()


@pytest.fixture
def populated_db(tmp_path: Path) -> Path:
    db = tmp_path / "class.db"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "import", str(REPO / "tests" / "fixtures" / "example.yaml")])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("name", UNITS)
def test_import_of_a_broken_deck_changes_nothing(name: str, populated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    before = _fingerprint(populated_db)
    runner = CliRunner()
    # The good deck goes along: all or nothing means it is not imported either.
    args = ["--db", str(populated_db), "import", "tests/fixtures/example.yaml", f"tests/broken_decks/{name}"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "nothing imported" in result.output
    target, want = expected(Path("tests/broken_decks") / name)
    assert f"{target}:{want[0]}" in result.output
    assert _fingerprint(populated_db) == before
