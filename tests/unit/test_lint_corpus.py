"""The corpus of broken decks: each reports exactly the problems written at its end, in the exact
words a teacher sees, and an import of it changes nothing in the database.

Each `# expect: LINE:COL: SEVERITY: MESSAGE` line is one problem in the deck itself (a problem in
another file, such as its source text, starts with that file's path); `# | ...` lines continue
the message of the expectation above them on a new line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.decks.deckfile import Problem
from quizapp.decks.lint import lint
from tests.helpers import REPO

CORPUS = REPO / "tests" / "broken_decks"
UNITS = [*sorted(p.name for p in CORPUS.glob("*.yaml")), "dup-deck"]
EXPECT = re.compile(rb"^# (expect:|\|) (.*)$", re.MULTILINE)


def expected(unit: Path) -> tuple[Path, list[str]]:
    target = unit if unit.is_file() else unit / "second.yaml"
    want: list[str] = []
    for kind, text in EXPECT.findall(target.read_bytes()):
        if kind == b"|":
            want[-1] += "\n" + text.decode()
        else:
            want.append(text.decode())
    return target, want


def shown(problem: Problem, target: Path) -> str:
    """A problem as lint prints it, without the path when it is the deck's own."""
    text = str(problem)
    return text.removeprefix(f"{target}:")


def test_corpus_is_large_enough() -> None:
    assert len(UNITS) >= 25


@pytest.mark.parametrize("name", UNITS)
def test_lint_reports_exactly_the_expected_problems(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    unit = Path("tests/broken_decks") / name
    target, want = expected(unit)
    assert want, f"{target} declares no expected problem"
    result = lint([unit])
    got = [shown(p, target) for p in result.problems]
    assert got == want
    assert not result.passed(strict=True)


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


def _has_errors(name: str) -> bool:
    return any(": error: " in w.split("\n")[0] for w in expected(CORPUS / name)[1])


@pytest.mark.parametrize("name", [u for u in UNITS if _has_errors(u)])
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
    errors = [w for w in want if ": error: " in w.split("\n")[0]]
    first = errors[0] if errors[0].startswith("tests/") else f"{target}:{errors[0]}"
    assert first in result.output
    assert _fingerprint(populated_db) == before
