"""Writing decks faster: `quizapp new` writes a skeleton that lints with one warning per stub, and
`quizapp lint --watch` lints again when a deck or its source is saved."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.cli.watch import watch
from quizapp.decks.lint import lint
from quizapp.decks.sourcetext import document
from tests.helpers import ARTICLE


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_new_writes_a_stub_per_sentence_that_lints(tmp_path: Path) -> None:
    shutil.copyfile(ARTICLE, tmp_path / ARTICLE.name)
    code, out = run("new", "collective-security", "--source", str(tmp_path / ARTICLE.name))
    deck = tmp_path / "collective-security.yaml"
    assert code == 0, out
    assert out == (f"wrote {deck}: 67 stub cards, one per sentence of {ARTICLE.name}\n"
                   f"next: write the questions, then run quizapp lint --watch {deck}\n")
    result = lint([deck])
    assert result.errors == 0
    assert {p.check for p in result.problems} == {"todo"} and result.warnings == 67
    header = result.decks[0].header
    assert header is not None and (header.title, header.source) == ("Collective Security", ARTICLE.name)
    sentences = document(ARTICLE.name, ARTICLE.read_text(encoding="utf-8")).sentences
    assert [card.quote for card in result.decks[0].cards] == [s.text for s in sentences]
    assert (run("lint", "--strict", str(deck))[0], run("lint", str(deck))[0]) == (1, 0)


def test_new_quotes_hard_wrapped_and_markdown_sources_exactly(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "wrapped.txt").write_text(
        "Harbour\n\nThe harbour opened in 1887, when the first pier was\nfinished. Fishing boats came first.\n", encoding="utf-8")
    (tmp_path / "texts" / "notes.md").write_text("# Notes\n\nThe **harbour** opened in 1887.\n\n- Boats came *first*.\n",
                                                 encoding="utf-8")
    wrapped = tmp_path / "texts" / "wrapped.txt"
    assert run("new", "wrapped", "--source", str(wrapped), "-o", str(tmp_path / "wrapped.yaml"))[0] == 0
    assert run("new", "notes", "--source", str(tmp_path / "texts" / "notes.md"), "--title", "My notes",
               "-o", str(tmp_path / "notes.yaml"))[0] == 0
    result = lint([tmp_path])
    assert result.errors == 0 and result.warnings == 4
    quotes = {deck.display.rsplit("/", 1)[1]: [card.quote for card in deck.cards] for deck in result.decks}
    assert quotes == {
        "notes.yaml": ["The harbour opened in 1887.", "Boats came first."],
        "wrapped.yaml": ["The harbour opened in 1887, when the first pier was finished.", "Fishing boats came first."],
    }
    titles = {deck.display.rsplit("/", 1)[1]: deck.header.title for deck in result.decks if deck.header}
    assert titles == {"notes.yaml": "My notes", "wrapped.yaml": "Harbour"}
    assert "source: \"texts/notes.md\"" in (tmp_path / "notes.yaml").read_text(encoding="utf-8")


def test_new_refuses_what_would_not_lint(tmp_path: Path) -> None:
    source = tmp_path / "texts" / "a.txt"
    source.parent.mkdir()
    source.write_text("One sentence here.\n", encoding="utf-8")
    assert run("new", "Bad Id", "--source", str(source)) == (
        1, "quizapp: error: 'Bad Id' is not a valid id: use lowercase letters, digits and single '-' between them "
           "(at most 64 characters)\n")
    code, out = run("new", "a", "--source", str(source), "-o", str(tmp_path / "elsewhere" / "a.yaml"))
    assert code == 1 and "the source must be in the deck file's folder or below it" in out
    assert not (tmp_path / "elsewhere").exists()
    assert run("new", "a", "--source", str(tmp_path / "missing.txt"))[1] == (
        f"quizapp: error: source file not found: {tmp_path / 'missing.txt'}\n")
    assert run("new", "a", "--source", str(source))[0] == 0
    code, out = run("new", "a", "--source", str(source))
    assert code == 1 and "exists; choose another file with -o, or overwrite it with --force" in out
    assert run("new", "a", "--source", str(source), "--force")[0] == 0


def test_watch_lints_again_when_a_deck_or_its_source_is_saved(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The harbour opened in 1887.\n", encoding="utf-8")
    deck = tmp_path / "a.yaml"
    deck.write_text("quizapp: 1\ndeck: a\ntitle: A\nsource: a.txt\ncards:\n  - id: a\n    front: When?\n    back: '1887'\n"
                    "    quote: The harbour opened in 1887.\n", encoding="utf-8")
    lines: list[str] = []

    def save(path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        stat = path.stat()  # a second later, so that coarse file-system clocks see the change
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    edits = {
        # After the first look, the author adds the missing explanation...
        1: lambda: save(deck, deck.read_text(encoding="utf-8") + "    explanation: It says so.\n"),
        # ...then the source changes under the quote.
        3: lambda: save(tmp_path / "a.txt", "The harbour opened in 1888, they say.\n"),
    }
    looks = iter(range(1, 100))

    def sleep(_seconds: float) -> None:
        edits.get(next(looks), lambda: None)()

    status = watch([str(deck)], strict=True, echo=lines.append, sleep=sleep, rounds=5)
    runs = [n for n, line in enumerate(lines) if " checked: " in line]
    assert len(runs) == 3
    assert lines[runs[0]] == "1 file, 1 card checked: 0 errors, 1 warning"
    assert lines[runs[1]] == "1 file, 1 card checked: 0 errors, 0 warnings"
    assert "quote not found in a.txt" in lines[runs[2] - 1] and status == 1
    assert lines[1 + runs[0]] == "watching 2 files for changes (ctrl+c stops)"
    assert sum("a file changed; linting again" in line for line in lines) == 2


def test_lint_watch_from_the_command_line_stops_on_ctrl_c(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(ARTICLE, tmp_path / ARTICLE.name)
    assert run("new", "article", "--source", str(tmp_path / ARTICLE.name))[0] == 0

    def interrupt(_seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("quizapp.cli.watch.time.sleep", interrupt)
    code, out = run("lint", "--watch", str(tmp_path))
    assert code == 0  # the stubs are warnings; without --strict the deck passes
    assert out.endswith("1 file, 67 cards checked: 0 errors, 67 warnings\nwatching 2 files for changes (ctrl+c stops)\n"
                        "stopped watching\n")
