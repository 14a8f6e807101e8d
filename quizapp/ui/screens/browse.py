"""Browse: search, filter and sort every card; see one in detail; suspend, flag or reset it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static
from textual.worker import get_current_worker

from quizapp.engine.scheduling import RATING_NAMES
from quizapp.engine.states import NEW, STATE_NAMES
from quizapp.errors import StoreError
from quizapp.progress import browse
from quizapp.progress.browse import BrowseRow, Filters
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import VISIBLE, plain
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.line_table import Column, LineTable
from quizapp.ui.widgets.ordered_input import OrderedInput
from quizapp.ui.widgets.page import Block, Page
from quizapp.ui.widgets.ticks import TickBox
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp

PAGE = 100  # rows fetched at a time; the next page comes as the cursor nears the last one
COUNT_CAP = 1_000  # counting matches stops here ("more than 1,000"): a keystroke must not cost a full count
# Fixed widths (the prompt takes the rest), so the columns stay put from one search to the next:
# a deck's slug is cut, "truefalse" and "relearning" are the longest type and state, a due date
# is yy-mm-dd.
# Below 96 cells (a 100-column terminal) the type and the lapses, which the detail pane shows,
# give their room to the prompt: 34 cells instead of 18 at 80 columns.
COLUMNS = [Column("deck", "Deck", 12), Column("type", "Type", 9, shown_from=96), Column("prompt", "Prompt", least=16),
           Column("state", "State", 10), Column("due", "Due", 8), Column("lapses", "Lapses", 6, right=True, shown_from=96),
           Column("flags", "Flags", 5)]
SORTABLE: list[browse.SortKey] = ["deck", "type", "prompt", "state", "due", "lapses"]


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question."""

    CSS_PATH = "browse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(plain(self.question), ("\n\ny yes · n no", "$text-muted")))

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


FILTER_WIDTHS = {"deck": 28, "state": 16, "tag": 22}  # as in browse.tcss


def _later(name: str) -> Static:
    """What the filter list `name` looks like before it is mounted (after the first paint)."""
    return Static(Content.assemble((f"Any {name}".ljust(FILTER_WIDTHS[name] - 2), "$text-muted"), ("▼ ", "")),
                  id=f"{name}-later", classes="later")


def _select(name: str) -> Select[Any]:
    """The filter list `name` (deck, state or tag); its decks and tags are filled in later."""
    if name == "state":
        return Select[int]([(label, value) for value, label in STATE_NAMES.items()], prompt="Any state", id="state",
                           compact=True)
    return Select[str]([], prompt=f"Any {name}", id=name, compact=True)


class BrowseScreen(AppScreen):
    """The card browser."""

    CSS_PATH = "browse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: "/" moves the focus to the search box as the app reads the key, so the keys
        # typed after it (even in the same burst) go to the box, not to the table's bindings
        # (a fast "/sec" sorted, opened the editor and crammed). Typed in a text box, "/" is text.
        Binding("slash", "search", "Search", id="browse.search", priority=True),
        Binding("s", "sort", "Sort", id="browse.sort"),
        Binding("exclamation_mark", "suspend", "Suspend/unsuspend", id="browse.suspend"),
        Binding("asterisk", "flag", "Flag", id="browse.flag"),
        Binding("R", "reset", "Reset", id="browse.reset"),
        Binding("o", "open_source", "Source", id="browse.source"),
        Binding("e", "edit", "Edit card", id="browse.edit"),
        Binding("c", "cram", "Cram these", id="browse.cram"),
        Binding("question_mark", "keys", "Keys", id="browse.keys"),
        Binding("escape", "back", "Back", id="browse.back"),
    ]

    app: QuizApp

    def __init__(self, search: str = "", filters: Filters | None = None) -> None:
        super().__init__()
        self.shown: list[BrowseRow] = []  # the rows fetched so far, in table order
        self.after: tuple[object, ...] | None = None  # where the next page starts (None: no more)
        self.loaded = False
        self.total: int | None = None
        self.generation = 0  # bumped by every change of filter or sort: older pages are dropped
        self.fetching_more = False
        self.filters = filters or Filters(search=search)
        self.sort_key: browse.SortKey = "deck"
        self.reverse = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(classes="filters"):
            yield OrderedInput(self.filters.search, placeholder="Search text, deck, id or tag  (/)", id="search", compact=True,
                               highlighter=VISIBLE)
            yield _later("deck")
            yield _later("state")
        with Horizontal(classes="filters"):
            yield _later("tag")
            yield TickBox(plain("flagged"), id="flagged", compact=True)
            yield TickBox(plain("leech"), id="leech", compact=True)
            yield TickBox(plain("suspended"), id="suspended", compact=True)
            yield Static(id="count")
        yield LineTable(COLUMNS, id="cards")
        with VerticalScroll(id="detail-box"):
            yield Page(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Browse"
        table = self.query_one("#cards", LineTable)
        table.focus()
        self.query_one("#search", OrderedInput).then = table  # enter goes back to the rows at once, even in a burst
        self.watch(table, "scroll_y", self._scrolled, init=False)  # the wheel scrolls without moving the cursor
        # The first page is read here, not in a worker: it costs a few milliseconds at any size
        # (keyset paging on ix_item_browse), and the screen's first paint then has its rows
        # instead of painting twice. Counting, searching and later pages run off the UI thread.
        self.generation += 1
        self._paged(self.generation, self.app.learning.browse_page(self.filters, self.sort_key, self.reverse, limit=PAGE), None)
        # The count and the filters' choices scan every item (65 and 150 ms at a million): they
        # start once the rows are painted, so they do not compete with the first frame.
        self.call_after_refresh(self._after_first_paint, self.generation)

    async def _after_first_paint(self, generation: int) -> None:
        self.count(generation, self.filters)
        # The filter lists replace their look-alikes now: three Selects are about a third of the
        # time it takes to mount this screen.
        with self.app.batch_update():
            for placeholder in list(self.query(".later")):
                name = (placeholder.id or "").removesuffix("-later")
                await placeholder.parent.mount(_select(name), before=placeholder)  # type: ignore[union-attr]
                await placeholder.remove()
        self.load_choices()

    def load(self, keep: int | None = None, *, again: bool = True) -> None:
        """Fetch the rows again for the current filters and sort, off the UI thread; the latest
        call wins (a slower earlier one is dropped). `keep` stays highlighted; `again` reads as
        many rows as are shown (after an edit), else the first page (a new search)."""
        self.generation += 1
        self.fetching_more = False
        size = max(PAGE, len(self.shown)) if again else PAGE
        self.fetch(self.generation, self.filters, self.sort_key, self.reverse, keep, size)

    @work(thread=True, exclusive=True, group="browse")
    def fetch(self, generation: int, filters: Filters, key: browse.SortKey, reverse: bool, keep: int | None,
              size: int) -> None:
        # The rows and their count are read together and shown together: one repaint per
        # keystroke (the count is capped, so it costs about as much as the page).
        learning = self.app.learning
        total = self._total()
        if filters == Filters():  # every item passes
            page, found = learning.browse_page(filters, key, reverse, limit=size), total
        else:
            page, found = learning.browse_search(filters, key, reverse, size, COUNT_CAP + 1)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._paged, generation, page, keep, (found, total))

    def _total(self) -> int:
        """Every item the learner has, read once (in a worker) and kept."""
        return self.app.learning.browse_total() if self.total is None else self.total

    @work(thread=True, exclusive=True, group="browse-count")
    def count(self, generation: int, filters: Filters) -> None:
        learning = self.app.learning
        total = self._total()
        found = total if filters == Filters() else learning.browse_count(filters, COUNT_CAP + 1)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._counted, generation, found, total)

    @work(thread=True, exclusive=True, group="browse-choices")
    def load_choices(self) -> None:
        decks, tags = self.app.learning.browse_choices()
        self.app.call_from_thread(self._choices, decks, tags)

    def _choices(self, decks: list[tuple[str, str]], tags: list[str]) -> None:
        with self.prevent(Select.Changed):  # filling the lists changes no filter
            self.query_one("#deck", Select).set_options(decks)
            self.query_one("#tag", Select).set_options([(tag, tag) for tag in tags])

    def _paged(self, generation: int, page: browse.Page, keep: int | None, counted: tuple[int, int] | None = None) -> None:
        if generation != self.generation:
            return  # a newer search or sort is on its way
        if keep is not None and (now := self.current) is not None:
            keep = now.item_id  # the row highlighted now: a key pressed while the page loaded moved it
        self.loaded = True
        self.shown, self.after = page.rows, page.after
        with self.app.batch_update():
            self.render_rows(keep)
            if counted is not None:
                self._counted(generation, *counted)

    def _counted(self, generation: int, found: int, total: int) -> None:
        if generation != self.generation:
            return
        self.total = total
        matches = f"more than {COUNT_CAP:,}" if found > COUNT_CAP else f"{found:,}"
        self.query_one("#count", Static).update(plain(f"{matches} of {total:,} items"), layout=False)

    def fetch_more(self) -> None:
        """The next page, once the cursor nears the last row fetched."""
        if self.after is None or self.fetching_more:
            return
        self.fetching_more = True
        self.fetch_page(self.generation, self.filters, self.sort_key, self.reverse, self.after)

    @work(thread=True, exclusive=True, group="browse-more")
    def fetch_page(self, generation: int, filters: Filters, key: browse.SortKey, reverse: bool,
                   after: tuple[object, ...]) -> None:
        page = self.app.learning.browse_page(filters, key, reverse, after=after, limit=PAGE)
        self.app.call_from_thread(self._appended, generation, page)

    def _appended(self, generation: int, page: browse.Page) -> None:
        if generation != self.generation:
            return
        self.fetching_more = False
        self.after = page.after
        self.query_one("#cards", LineTable).add_rows(self._cells(page.rows))
        self.shown += page.rows

    # -- filtering and sorting ---------------------------------------------------------------------

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    @on(TickBox.Changed)
    def _filters_changed(self) -> None:
        def value(selector: str) -> object:
            chosen = next(iter(self.query(selector).results(Select)), None)
            if chosen is None:  # not mounted yet: nothing chosen
                return None
            return None if chosen.value is Select.NULL else chosen.value

        self.filters = Filters(
            search=self.query_one("#search", Input).value,
            deck=value("#deck"),  # type: ignore[arg-type]
            tag=value("#tag"),  # type: ignore[arg-type]
            state=value("#state"),  # type: ignore[arg-type]
            flagged=self.query_one("#flagged", TickBox).value,
            leech=self.query_one("#leech", TickBox).value,
            suspended=self.query_one("#suspended", TickBox).value,
        )
        self.load(again=False)

    def render_rows(self, keep: int | None = None) -> None:
        table = self.query_one("#cards", LineTable)
        index = next((i for i, r in enumerate(self.shown) if r.item_id == keep), 0) if keep is not None else 0
        table.set_rows(self._cells(self.shown), cursor=index)
        for column in COLUMNS:
            arrow = (" ▼" if self.reverse else " ▲") if column.key == self.sort_key else ""
            table.set_label(column.key, column.label + arrow)
        self.show_detail()

    def _cells(self, rows: list[BrowseRow]) -> list[tuple[str, ...]]:
        """The table's text of `rows`, a string per column (the time zone read once per page)."""
        zone = self.app.settings.zone()

        def due(row: BrowseRow) -> str:
            return "—" if row.state == NEW else datetime.fromtimestamp(row.due, tz=UTC).astimezone(zone).strftime("%y-%m-%d")

        return [(row.deck_slug, row.type, row.prompt, row.state_name, due(row), str(row.lapses), row.flags) for row in rows]

    def resort(self) -> None:
        self.load(keep=self.current.item_id if self.current else None, again=False)

    def action_sort(self) -> None:
        if self.reverse or self.sort_key not in SORTABLE:
            self.sort_key = SORTABLE[(SORTABLE.index(self.sort_key) + 1) % len(SORTABLE)]
            self.reverse = False
        else:
            self.reverse = True
        self.resort()

    def on_line_table_header_selected(self, event: LineTable.HeaderSelected) -> None:
        key = next((k for k in SORTABLE if k == event.column_key), None)
        if key is not None:
            self.reverse = not self.reverse if key == self.sort_key else False
            self.sort_key = key
            self.resort()

    # -- the highlighted item ----------------------------------------------------------------------

    @property
    def current(self) -> BrowseRow | None:
        table = self.query_one("#cards", LineTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _scrolled(self, scroll_y: float) -> None:
        table = self.query_one("#cards", LineTable)
        if scroll_y >= table.max_scroll_y - PAGE // 4:
            self.fetch_more()

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.shown) - PAGE // 4:
            self.fetch_more()
        if self.current is None or self.current.item_id != self.detail_of:  # rows shown again already drew it
            self.show_detail()

    detail_of: int | None = None  # the item the detail pane shows

    def show_detail(self) -> None:
        row = self.current
        box = self.query_one("#detail", Page)
        pane = self.query_one("#detail-box", VerticalScroll)
        item_id = row.item_id if row is not None else None
        if item_id != self.detail_of:
            pane.scroll_home(animate=False, immediate=True)  # another item is read from its top
        self.detail_of = item_id
        if row is None:
            box.set_blocks([Block("detail", plain("No item matches." if self.loaded else "Loading…"))])
            return
        d = self.app.learning.detail(row.item_id)
        zone = self.app.settings.zone()

        def when(seconds: int) -> str:
            return datetime.fromtimestamp(seconds, tz=UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")

        card = d.view.card
        lines: list[Content] = [
            plain(f"{row.deck_title} · {row.type} · {row.card_key} ({row.item_key})", "$text-muted"),
            Content.assemble(("Prompt: ", "bold"), plain(row.prompt)),
            Content.assemble(("Answer: ", "bold"), plain(row.answer)),
        ]
        if card.quotes:
            lines.append(Content.assemble(("Quote: ", "bold"), plain(card.quoted(), "italic")))
        if card.explanation:
            lines.append(Content.assemble(("Why: ", "bold"), plain(card.explanation)))
        memory = d.state.memory if d.state else None
        if memory is None or memory.state == NEW:
            schedule = "new: not studied yet"
        else:
            recall = f"{d.retrievability * 100:.0f}%" if d.retrievability is not None else "—"
            schedule = (
                f"{row.state_name}, due {when(memory.due)}, stability {memory.stability or 0:.1f} d, "
                f"difficulty {memory.difficulty or 0:.1f}, recall now {recall}, {memory.reps} reviews, {memory.lapses} lapses"
            )
        if row.flags:
            schedule += (
                "  ["
                + ", ".join(n for n, on in (("suspended", row.suspended), ("flagged", row.flagged), ("leech", row.leech)) if on)
                + "]"
            )
        lines.append(Content.assemble(("Schedule: ", "bold"), plain(schedule)))
        if d.history:
            lines.append(Content.styled("History:", "bold"))
            for entry in d.history:
                auto = " auto-graded" if entry["auto_graded"] else ""
                lines.append(
                    plain(
                        f"  {when(int(entry['reviewed_at']))}  {RATING_NAMES[int(entry['rating'])]:<5}  "
                        f"{int(entry['duration_ms']) / 1000:.1f} s{auto}"
                    )
                )
        box.set_blocks([Block("detail", Content("\n").join(lines))], slack=pane.scrollable_content_region.height)

    # -- actions ---------------------------------------------------------------------------------------

    def _changed(self, row: BrowseRow) -> None:
        # Shown at once; read again, as the change may take the row out of the filters.
        self.shown = [row if r.item_id == row.item_id else r for r in self.shown]
        self.render_rows(keep=row.item_id)
        self.load(keep=row.item_id)

    def action_suspend(self) -> None:
        row = self.current
        if row is not None:
            try:
                self.app.learning.set_flags([row.item_id], suspended=not row.suspended)
            except StoreError as exc:
                self.app.refused(exc)
                return
            self._changed(replace(row, suspended=not row.suspended, leech=row.leech and not row.suspended))
            self.notify("Unsuspended." if row.suspended else "Suspended.", timeout=2)

    def action_flag(self) -> None:
        row = self.current
        if row is not None:
            try:
                self.app.learning.set_flags([row.item_id], flagged=not row.flagged)
            except StoreError as exc:
                self.app.refused(exc)
                return
            self._changed(replace(row, flagged=not row.flagged))

    def action_reset(self) -> None:
        row = self.current
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                try:
                    self.app.learning.reset([row.item_id])
                except StoreError as exc:
                    self.app.refused(exc)
                    return
                self.load(keep=row.item_id)
                self.notify("Reset: the item is new again; its history is kept.", timeout=3)

        self.app.push_screen(
            ConfirmScreen(f"Reset “{row.prompt[:60]}” to new? Its schedule is forgotten; its history is kept."), confirmed
        )

    def action_open_source(self) -> None:
        row = self.current
        if row is not None:
            d = self.app.learning.detail(row.item_id)
            if d.view.source_id is None:
                self.notify("This card's deck has no source text.", timeout=3)
            else:
                self.app.action_read(d.view.source_id, d.view.card.first_quote)

    def unavailable_keys(self) -> set[str]:
        """Binding ids `?` leaves out: in a browser the editor would run on the class server."""
        return {"browse.edit"} if self.app.served else set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and isinstance(self.focused, Input):
            return False  # "/" is typed into the box (a priority binding would take it)
        return f"browse.{action}" not in self.unavailable_keys()

    def action_edit(self) -> None:
        row = self.current
        if row is not None:
            self.app.edit_card(row.item_id, self._edited)

    def _edited(self) -> None:
        self.load(keep=self.current.item_id if self.current else None)

    def action_cram(self) -> None:
        ids = self.app.learning.browse_ids(self.filters)
        if ids:
            self.app.action_cram(ids, f"Cram: {len(ids)} items from browse")

    def action_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))  # at once, not after the keys already read

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_back(self) -> None:
        if self.focused is not None and self.focused is not self.query_one("#cards", LineTable):
            self.query_one("#cards", LineTable).focus()
        else:
            self.app.pop_screen()

