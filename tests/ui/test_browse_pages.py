"""Browse on a collection bigger than a page (issue 15): the first page shows at once, the next
comes as the cursor nears the end, the count says how many match, and a search's results arrive
from a worker where an older, slower search can never overwrite a newer one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Select, Static

from quizapp.progress.browse import Filters, Page
from quizapp.progress.reader import reading
from quizapp.store.database import Store
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.browse import PAGE, BrowseScreen
from quizapp.ui.widgets.line_table import LineTable
from quizapp.ui.widgets.page import Block as PageBlock
from quizapp.ui.widgets.page import Page as PageView
from tests.helpers import profile
from tests.ui.driving import count_layouts, open_browse, run, settle


def test_browse_fetches_a_page_at_a_time(bundled_store: Store, make_app: Callable[..., QuizApp]) -> None:
    profile(bundled_store, "ada")
    total = len(make_app(bundled_store).learning.browse_page(Filters()).rows)
    assert total > PAGE

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        table = screen.query_one("#cards", LineTable)
        assert table.row_count == PAGE  # not every item
        assert f"{total:,} of {total:,} items" in str(screen.query_one("#count", Static).render())
        await pilot.press("ctrl+end")  # the last row fetched: the next page comes
        await settle(pilot)
        assert table.row_count == min(total, 2 * PAGE)
        assert len({r.item_id for r in screen.shown}) == len(screen.shown)  # no row twice
        await pilot.press("slash", *"japan")
        await settle(pilot)
        found = table.row_count
        assert 0 < found < PAGE and all("japan" in " ".join((r.prompt, r.answer, r.deck_title, r.card_key, *r.tags)).casefold()
                                        for r in screen.shown)
        # A slower, older search answering late is dropped: the table keeps the newer results.
        screen._paged(screen.generation - 1, Page([], None), None)
        screen._counted(screen.generation - 1, 0, 0)
        assert table.row_count == found and "0 of 0" not in str(screen.query_one("#count", Static).render())

    run(make_app(bundled_store), script)


def test_a_key_pressed_while_a_sort_loads_is_kept(bundled_store: Store, make_app: Callable[..., QuizApp]) -> None:
    """The row highlighted when the re-sorted page arrives stays highlighted: a down arrow pressed
    while it loaded is not undone by the row that was highlighted when sort was pressed."""
    profile(bundled_store, "ada")

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        assert screen.current is not None
        table = screen.query_one("#cards", LineTable)
        at_sort = screen.current.item_id
        resorted = Page(list(reversed(screen.shown)), None)  # what the sort's worker will bring
        generation = screen.generation + 1
        screen.generation = generation  # the sort's load has begun...
        await pilot.press("down")  # ...and the learner moves on meanwhile
        moved_to = screen.shown[1].item_id
        screen._paged(generation, resorted, at_sort)
        assert screen.current is not None and screen.current.item_id == moved_to != at_sort
        assert table.cursor_row == len(resorted.rows) - 2

    run(make_app(bundled_store), script)


def test_the_reader_text_comes_before_its_citations(ui_store: Store) -> None:
    ada = profile(ui_store, "ada").id
    assert ada is not None
    quick, full = reading(ui_store, ada, citations=False), reading(ui_store, ada)
    assert (quick.text, quick.sentences, quick.paragraphs) == (full.text, full.sentences, full.paragraphs)
    assert not quick.cited and not any(quick.counts) and not any(quick.spans)
    assert full.cited and any(full.counts) and any(full.spans)


def test_browse_draws_its_rows_once_and_cuts_them_to_each_width(bundled_store: Store,
                                                                   make_app: Callable[..., QuizApp]) -> None:
    profile(bundled_store, "ada")
    drawn: list[int] = []
    original = BrowseScreen.render_rows

    def counted(self: BrowseScreen, keep: int | None = None) -> None:
        drawn.append(self.app.size.width)
        original(self, keep)

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        assert drawn == [80]  # the first layout's Resize does not draw the rows again
        table = screen.query_one("#cards", LineTable)
        longest = max(range(table.row_count), key=lambda n: len(screen.shown[n].prompt))
        narrow = table.row_text(longest)
        assert len(narrow) == table.size.width - 2 and "…" in narrow  # cut to fit, beside the scrollbar
        await pilot.resize_terminal(140, 24)
        await settle(pilot)
        wide = table.row_text(longest)
        assert len(wide) == table.size.width - 2 and len(wide.split("…")[0]) > len(narrow.split("…")[0])
        assert drawn == [80]  # the table cuts its rows for the new width itself

    BrowseScreen.render_rows = counted  # type: ignore[method-assign]
    try:
        run(make_app(bundled_store), script)
    finally:
        BrowseScreen.render_rows = original  # type: ignore[method-assign]


def test_the_filter_lists_replace_their_look_alikes_after_the_first_paint(bundled_store: Store,
                                                                          make_app: Callable[..., QuizApp]) -> None:
    profile(bundled_store, "ada")
    looks: dict[str | None, str] = {}  # what the first frame held where the lists go
    original = BrowseScreen._after_first_paint

    async def spied(self: BrowseScreen, generation: int) -> None:
        looks.update({w.id: str(w.render()) for w in self.query(".later")})
        assert not self.query(Select)
        await original(self, generation)

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        assert looks.keys() == {"deck-later", "state-later", "tag-later"}
        assert not screen.query(".later")
        for name in ("deck", "state", "tag"):
            # As wide as the list and saying the same.
            assert looks[f"{name}-later"].split() == ["Any", name, "▼"]
            assert screen.query_one(f"#{name}", Select).size.width == len(looks[f"{name}-later"])
        decks = screen.query_one("#deck", Select)
        slug = "key-terms"
        assert any(value == slug for _, value in decks._options)  # filled after the first paint
        decks.value = slug
        await settle(pilot)
        assert screen.shown and {r.deck_slug for r in screen.shown} == {slug}

    BrowseScreen._after_first_paint = spied  # type: ignore[method-assign]
    try:
        run(make_app(bundled_store), script)
    finally:
        BrowseScreen._after_first_paint = original  # type: ignore[method-assign]


def test_the_detail_pane_follows_the_cursor_without_laying_the_screen_out(
        bundled_store: Store, make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each row highlighted (each search keystroke's first row) shows its item in the detail
    pane; a detail as tall as the one before, or shorter by less than the pane's height, is
    repainted in place (blank lines keep the height): laying the screen out again cost 15 ms of a
    search keystroke at a million items (issue 15)."""
    profile(bundled_store, "ada")

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        detail = screen.query_one("#detail", PageView)
        pane = screen.query_one("#detail-box").scrollable_content_region.height
        layouts = count_layouts(monkeypatch)
        in_place = padded = 0
        for _ in range(24):
            before = detail.size.height
            layouts.clear()
            await pilot.press("down")
            await settle(pilot)
            row = screen.current
            assert row is not None and row.prompt[:20] in detail.text("detail")
            shown = len(detail.lines("detail"))
            assert shown <= detail.size.height < shown + pane  # never cut; less than a pane of blank below
            assert detail.lines("padding") == [""] * (detail.size.height - shown)
            if detail.size.height == before:
                in_place += 1
                padded += detail.size.height > shown
                assert not layouts, "a detail kept at the height before laid the screen out"
            else:
                assert detail.size.height == shown  # taller, or shorter by a pane or more: laid out anew
        assert in_place and padded

    run(make_app(bundled_store), script)


def test_another_item_is_shown_from_the_top_of_its_detail(
        bundled_store: Store, make_app: Callable[..., QuizApp]) -> None:
    """A detail scrolled down (its history) and then the cursor moved: the next item's detail
    starts at its first line, never in the middle of its history or in blank lines below it."""
    profile(bundled_store, "ada")

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_browse(pilot)
        pane = screen.query_one("#detail-box")
        detail = screen.query_one("#detail", PageView)
        detail.set_blocks([PageBlock("detail", Content("\n".join(f"line {n}" for n in range(40))))])
        await settle(pilot)
        pane.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        assert pane.scroll_y > 0
        await pilot.press("down")
        await settle(pilot)
        row = screen.current
        assert row is not None and row.prompt[:20] in detail.text("detail")
        assert pane.scroll_y == 0

    run(make_app(bundled_store), script)
