"""`e` on a card in study and browse opens its deck file at the card's line in the learner's
editor, then imports the deck again and shows what changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from quizapp.store.database import Store
from quizapp.store.models import CARD_TABLE, ITEM_TABLE
from quizapp.ui.app import QuizApp
from quizapp.ui.editor import editor_command
from tests.ui.driving import open_browse, run, settle, study_screen

OLD_FRONT = "Samsung's new R&D facility"
NEW_FRONT = "Samsung's planned R&D site"


def deck_file(tmp_path: Path) -> Path:
    return tmp_path / "decks" / "example-every-type.yaml"


class Editor:
    """Stands in for the learner's editor: records the command and edits the file as told."""

    def __init__(self, change: Callable[[Path], None] | None = None) -> None:
        self.commands: list[list[str]] = []
        self.change = change

    def __call__(self, command: list[str]) -> str | None:
        self.commands.append(command)
        if self.change is not None:
            self.change(Path(command[-1]))
        return None


def retitle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert OLD_FRONT in text
    path.write_text(text.replace(OLD_FRONT, NEW_FRONT), encoding="utf-8")


def capture(app: QuizApp) -> list[tuple[str, str]]:
    said: list[tuple[str, str]] = []

    def notify(message: str, **options: Any) -> None:
        said.append((str(message), str(options.get("severity", "information"))))

    app.notify = notify  # type: ignore[method-assign]
    return said


def card_line(path: Path, card: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.endswith(f"id: {card}"))


def test_e_in_study_edits_the_card_and_shows_it_changed(make_app: Callable[..., QuizApp], ui_store: Store, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "myeditor --flag")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app()
    editor = Editor(retitle)
    app.run_editor = editor  # type: ignore[method-assign]
    said = capture(app)
    seen: list[int] = []

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        screen = study_screen(pilot)
        assert screen.item is not None and screen.item.prompt.question == OLD_FRONT
        seen.append(screen.item.item_id)
        await pilot.press("e")
        await settle(pilot)
        assert screen.item is not None and screen.item.item_id == seen[0]
        assert screen.item.prompt.question == NEW_FRONT and screen.phase == "answer"

    line = card_line(deck_file(tmp_path), "samsung-site")
    run(app, script)
    assert editor.commands == [["myeditor", "--flag", f"+{line}", str(deck_file(tmp_path).resolve())]]
    assert said == [("Imported again: example-every-type: 0 added, 1 updated, 0 retired, 7 unchanged", "information")]
    with ui_store.read() as conn:
        content = conn.execute(select(CARD_TABLE.c.content).where(CARD_TABLE.c.key == "samsung-site")).scalar_one()
        item = conn.execute(select(ITEM_TABLE.c.id).where(ITEM_TABLE.c.key == "fwd")).scalar_one()
    assert NEW_FRONT in str(content) and item == seen[0]


def test_e_in_browse_edits_the_highlighted_card(make_app: Callable[..., QuizApp], tmp_path: Path) -> None:
    app = make_app()
    editor = Editor(retitle)
    app.run_editor = editor  # type: ignore[method-assign]
    said = capture(app)

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        await pilot.press("down")  # the reverse side of the same card
        assert screen.current is not None and screen.current.item_key == "rev"
        await pilot.press("e")
        await settle(pilot)
        # The table is read again, and stays on the highlighted item.
        assert screen.current is not None and screen.current.item_key == "rev"
        assert screen.current.answer == NEW_FRONT

    run(app, script)
    assert len(editor.commands) == 1 and said[0][0].startswith("Imported again: example-every-type: 0 added, 1 updated")


def test_an_edit_that_breaks_the_deck_imports_nothing_and_says_why(make_app: Callable[..., QuizApp], ui_store: Store,
                                                                    tmp_path: Path) -> None:
    def break_it(path: Path) -> None:
        path.write_text(path.read_text(encoding="utf-8").replace(f"front: {OLD_FRONT}", "front: Why: because"),
                        encoding="utf-8")

    app = make_app()
    app.run_editor = Editor(break_it)  # type: ignore[method-assign]
    said = capture(app)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.press("e")
        await settle(pilot)
        assert study_screen(pilot).item is not None

    with ui_store.read() as conn:
        before = conn.execute(select(CARD_TABLE.c.content).where(CARD_TABLE.c.key == "samsung-site")).scalar_one()
    run(app, script)
    path = deck_file(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.endswith("front: Why: because"))
    col = lines[line - 1].index(": because") + 1
    assert said == [(
        f"Not imported: 1 error in the deck. The first: {path}:{line}:{col}: error: this text has a colon followed by a space, "
        "which YAML reads as the start of another field; put the whole text in quotes: front: 'Why: because'\n"
        "    (YAML syntax error: mapping values are not allowed in this context)",
        "error",
    )]
    with ui_store.read() as conn:
        assert conn.execute(select(CARD_TABLE.c.content).where(CARD_TABLE.c.key == "samsung-site")).scalar_one() == before


def test_a_deck_without_its_file_here_says_so(make_app: Callable[..., QuizApp], tmp_path: Path) -> None:
    deck_file(tmp_path).unlink()
    app = make_app()
    editor = Editor()
    app.run_editor = editor  # type: ignore[method-assign]
    said = capture(app)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.press("e")
        await settle(pilot)

    run(app, script)
    assert editor.commands == []
    assert said == [("This card's deck was not imported from a file on this machine: there is no file to edit.", "warning")]


@pytest.mark.parametrize(
    ("environ", "command"),
    [
        ({"EDITOR": "vim"}, ["vim", "+12", "/d/deck.yaml"]),
        ({"VISUAL": "nvim -p", "EDITOR": "nano"}, ["nvim", "-p", "+12", "/d/deck.yaml"]),
        ({"EDITOR": "code"}, ["code", "--wait", "--goto", "/d/deck.yaml:12"]),
        ({"EDITOR": "code -w"}, ["code", "-w", "--goto", "/d/deck.yaml:12"]),
        ({"EDITOR": "/usr/bin/subl"}, ["/usr/bin/subl", "--wait", "/d/deck.yaml:12"]),
        ({"EDITOR": "hx"}, ["hx", "/d/deck.yaml:12"]),
    ],
)
def test_the_editor_opens_at_the_line(environ: dict[str, str], command: list[str]) -> None:
    assert editor_command(Path("/d/deck.yaml"), 12, environ) == command


def test_without_an_editor_set_nano_or_vi_is_used() -> None:
    assert editor_command(Path("/d/deck.yaml"), 3, {})[0] in ("nano", "vi")
