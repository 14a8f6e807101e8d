"""Re-importing decks that did not change costs a hash, not a parse (issue 15), while an edited
deck file or an edited source text is still read and imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.decks.lint import lint
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from tests.helpers import ARTICLE, dump, example_deck, write_deck


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = lint

    def counting(paths: list[str], **kwargs: bool) -> object:
        parsed.extend(paths)
        return real(paths, **kwargs)

    monkeypatch.setattr("quizapp.store.importer.lint", counting)
    return parsed


def test_an_unchanged_folder_is_not_parsed_again(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "decks"
    write_deck(folder, example_deck())
    first, _ = import_paths(store, [str(folder)])
    before = dump(store)
    parsed = refuse_to_parse(monkeypatch)
    again, decks = import_paths(store, [str(folder)])
    assert parsed == [] and decks == []
    assert [str(r) for r in again] == [f"example-every-type: 0 added, 0 updated, 0 retired, {first[0].added} unchanged"]
    assert dump(store) == before


def test_an_edited_source_text_is_noticed(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_deck(tmp_path, example_deck())
    import_paths(store, [str(path)])
    parsed = refuse_to_parse(monkeypatch)
    source = tmp_path / ARTICLE.name
    source.write_text(source.read_text(encoding="utf-8") + "\nA closing line added later.\n", encoding="utf-8")
    reports, _ = import_paths(store, [str(path)])
    assert parsed == [str(path)]
    assert reports[0].source_changed == ARTICLE.name and reports[0].quotes_checked > 0
    assert import_paths(store, [str(path)])[1] == [] and parsed == [str(path)]  # unchanged again: skipped


def test_an_edited_deck_file_is_read_and_a_comment_only_once(store: Store, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    data = example_deck()
    path = write_deck(tmp_path, data)
    import_paths(store, [str(path)])
    parsed = refuse_to_parse(monkeypatch)
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    reports, _ = import_paths(store, [str(path)])
    assert parsed == [str(path)] and reports[0].updated == 0  # read, nothing to store but the new fingerprint
    import_paths(store, [str(path)])
    assert parsed == [str(path)]  # skipped now
    data["cards"][0]["back"] = "A new answer"
    write_deck(tmp_path, data)
    reports, _ = import_paths(store, [str(path)])
    assert reports[0].updated == 1 and len(parsed) == 2


def test_a_missing_source_is_reported_not_skipped(store: Store, tmp_path: Path) -> None:
    path = write_deck(tmp_path, example_deck())
    import_paths(store, [str(path)])
    (tmp_path / ARTICLE.name).unlink()
    reports, decks = import_paths(store, [str(path)])
    assert reports == [] and any("source file not found" in str(p) for d in decks for p in d.problems)
