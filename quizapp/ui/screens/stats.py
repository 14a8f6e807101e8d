"""Statistics: today, the due forecast, the review calendar, true retention, items by state,
mastery per deck, the hardest items and quiz history. Every chart has its numbers beside it; a
chart with nothing to draw is hidden and its numbers line says so."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from quizapp.printable import printable
from quizapp.progress.statistics import Stats
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import minutes, percent, plain
from quizapp.ui.widgets.charts import Bars, bar_chart, joined, sparkline
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.line_table import Column, LineTable
from quizapp.ui.widgets.page import Block, Page
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp

SHOW_AT_ONCE_WITHIN = 0.1  # seconds the key waits for the figures, to show them in the screen's first paint
OPEN_ANYWAY_AFTER = 1.0  # seconds from the key after which the screen opens without them, saying "Computing…"
MASTERY = [Column("deck", "Deck", least=12, most=48), Column("items", "Items", 7, right=True),
           Column("mastered", "Mastered", 8, right=True), Column("share", "Share", 5, right=True)]
HARDEST = [Column("why", "Why", 10), Column("deck", "Deck", 16), Column("item", "Item", least=16, most=80),
           Column("lapses", "Lapses", 6, right=True), Column("recall", "Recall now", 10, right=True)]

HEAT = ("#2d2d2d", "#0e4429", "#006d32", "#26a641", "#39d353")  # none, then more reviews
# The heatmap's 266 cells as parsed styles: a colour string is parsed again at every render (4x slower).
HEAT_STYLES = tuple(Style(foreground=Color.parse(c)) for c in HEAT)


def heatmap(stats: Stats, width: int = 80) -> Content:
    """The past year as weeks (columns) by weekday (rows), darker for fewer reviews: the latest
    weeks that fit in `width` cells, so no row wraps (80 columns hold about 36 weeks)."""
    days = stats.calendar
    peak = max((n for _, n in days), default=0)
    first_weekday = days[0][0].weekday()
    cells: list[list[tuple[str, str | Style]]] = [[] for _ in range(7)]
    for row in range(first_weekday):
        cells[row].append(("  ", ""))
    for day, count in days:
        level = 0 if count == 0 else 1 + min(3, int(4 * count / (peak + 1)))
        cells[day.weekday()].append(("■ ", HEAT_STYLES[level]))
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    # Column n is week n in every row (the first week is padded), so the rows are cut at one column:
    # cutting each row's last cells would shift the weekdays after today by a week.
    start = max(0, max(len(row) for row in cells) - max(1, (width - 4) // 2))
    lines = [
        Content.assemble((f"{names[r]} ", "$text-muted"), *joined(cells[r][start:]))
        for r in range(7)
    ]
    legend = Content.assemble(("less ", "$text-muted"), *[("■ ", c) for c in HEAT_STYLES], (" more", "$text-muted"))
    return Content("\n").join([*lines, legend])


class StatsScreen(AppScreen):
    """The statistics."""

    CSS_PATH = "stats.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_item", "Open in browse", id="stats.open"),
        Binding("n", "numbers", "Charts/numbers", id="stats.numbers"),
        Binding("question_mark", "keys", "Keys", id="stats.keys"),
        Binding("escape", "back", "Back", id="stats.back"),
    ]

    app: QuizApp
    # The page is focused once the first frame is out (see on_mount), not before it: focusing it
    # styles every node under it again, 5-10 ms of the way to that frame.
    AUTO_FOCUS = ""  # none (None would take the app's, which focuses the first focusable)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="stats"):
            yield Page([Block("today", plain("Computing…"))], id="figures")
            yield LineTable(MASTERY, cursor=False, id="mastery")
            yield Static(Content.styled("Hardest items (enter opens one in browse)", "bold"), classes="section")
            yield LineTable(HARDEST, id="hardest")
            yield Page(id="quizzes")
        yield KeyBar()

    stats: Stats | None = None

    def __init__(self, pending: Future[Stats]) -> None:
        super().__init__()
        self.pending = pending  # the figures, being computed since the key press

    def on_mount(self) -> None:
        self.sub_title = "Statistics"
        self.call_after_refresh(self._focus_the_page)
        self.hard_keys: list[str] = []
        # Figures ready by now (the key's handler waited SHOW_AT_ONCE_WITHIN for them) are shown in
        # the screen's first paint: no "Computing…" screen laid out and drawn meanwhile, then
        # everything again. Otherwise (or on a failure, which the worker reports as ever) a worker
        # waits for them.
        if self.pending.done() and self.pending.exception() is None:
            self.show(self.pending.result())
        else:
            self.load()

    def _focus_the_page(self) -> None:
        if self.focused is None:  # a key may have focused the hardest items already
            self.query_one("#stats", VerticalScroll).focus()

    @work(thread=True, exclusive=True, group="stats")
    def load(self) -> None:
        stats = self.pending.result()
        self.app.call_from_thread(self.show, stats)

    def show(self, stats: Stats) -> None:
        """Fill every section from freshly computed figures."""
        self.stats = stats
        self.query_one("#figures", Page).set_blocks(
            [*_today(stats), *_forecast(stats), *_calendar(stats), *_retention(stats), *_states(stats),
             Block("mastery-title", section("Mastery per deck (recall now at least the desired retention)"))])
        self.query_one("#mastery", LineTable).set_rows(
            [(deck.title, str(deck.items), str(deck.mastered), percent(deck.share)) for deck in stats.decks])
        self._show_hardest(stats)
        self.query_one("#quizzes", Page).set_blocks(_quizzes(stats))

    def _show_hardest(self, stats: Stats) -> None:
        rows: list[tuple[str, ...]] = []
        self.hard_keys = []
        seen: set[int] = set()
        for why, items in (("leech", stats.leeches), ("lapses", stats.most_lapses), ("low recall", stats.lowest_recall)):
            for item in items:
                if item.item_id in seen:
                    continue
                seen.add(item.item_id)
                self.hard_keys.append(item.card_key)
                rows.append((why, item.deck, item.prompt, str(item.lapses), percent(item.recall)))
        self.query_one("#hardest", LineTable).set_rows(rows or [("—", "", "Nothing hard yet.", "", "")])

    def action_open_item(self) -> None:
        table = self.query_one("#hardest", LineTable)
        table.focus()
        if 0 <= table.cursor_row < len(self.hard_keys):
            self.app.action_browse(self.hard_keys[table.cursor_row])

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        if event.table.id == "hardest":
            self.action_open_item()

    def action_numbers(self) -> None:
        """Hide the charts and keep their numbers (for small terminals and screen readers)."""
        for page in self.query(Page):
            page.charts = not page.charts

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_back(self) -> None:
        self.app.pop_screen()


# -- the sections, as blocks of the page ---------------------------------------------------------------

CHART_LINES = 10  # a bar chart's height, its labels included


def section(title: str) -> Content:
    """A section's title, a blank line above it."""
    return Content.assemble("\n", (title, "bold"))


def numbers(text: str) -> Content:
    """The figures under a chart, in full (the chart may be hidden)."""
    return plain(text, "$text-muted")


def _today(stats: Stats) -> list[Block]:
    t = stats.today
    return [
        Block("today", Content.assemble(
            ("Today: ", "bold"),
            plain(f"{t.answers} answer{'s' * (t.answers != 1)} on {t.items} item{'s' * (t.items != 1)} · "
                  f"{minutes(t.seconds)} · accuracy {percent(t.accuracy)} · "
                  f"streak {t.streak} day{'s' * (t.streak != 1)} · learner {stats.learner}"),
        )),
    ]


def _forecast(stats: Stats) -> list[Block]:
    due = sum(n for _, n in stats.forecast)
    bars = Bars([d.strftime("%d") for d, _ in stats.forecast], [n for _, n in stats.forecast])
    return [
        Block("forecast-title", section("Due in the next 30 days")),
        *([Block("forecast", lambda width: bar_chart(bars, width, CHART_LINES), chart=True, height=CHART_LINES)] if due else []),
        Block("forecast-numbers", numbers(
            "  ".join(f"{d:%a %d}: {n}" for d, n in stats.forecast[:7]) + f"  · next 30 days: {due}"
            if due else "Nothing falls due in the next 30 days yet."
        )),
    ]


def _calendar(stats: Stats) -> list[Block]:
    total = sum(n for _, n in stats.calendar)
    days = sum(1 for _, n in stats.calendar if n)
    said = plain(f"Total in the past year: {total} review{'s' * (total != 1)} on {days} day{'s' * (days != 1)}")
    return [
        Block("calendar-title", section("Reviews in the past year")),
        # As many weeks as the width holds, at any width: seven weekdays, the legend, the total.
        Block("calendar", lambda width: Content.assemble(heatmap(stats, width), "\n", said), height=9),
    ]


def _retention(stats: Stats) -> list[Block]:
    weeks, intervals = stats.retention_weeks, stats.retention_intervals
    desired = f"  · ┈┈ desired {percent(stats.desired_retention)}"
    # The dotted line across each chart is the desired retention.
    by_week = Bars([w.label[5:] for w in weeks], [(w.rate or 0) * 100 for w in weeks], top=100, unit="%",
                   line=stats.desired_retention * 100)
    by_interval = Bars([r.label for r in intervals], [(r.rate or 0) * 100 for r in intervals], top=100, unit="%",
                       line=stats.desired_retention * 100)
    weekly = any(w.reviews for w in weeks)
    reviewed = any(r.reviews for r in intervals)
    return [
        Block("retention-weeks-title", section("True retention (due reviews recalled) by week")),
        *([Block("retention-weeks", lambda width: bar_chart(by_week, width, CHART_LINES), chart=True, height=CHART_LINES)]
          if any(w.rate is not None for w in weeks) else []),
        Block("retention-weeks-numbers", numbers(
            "  ".join(f"{w.label[5:]}: {percent(w.rate)} of {w.reviews}" for w in weeks if w.reviews) + desired
            if weekly else "No due reviews yet."
        )),
        Block("retention-intervals-title", section("True retention by interval")),
        *([Block("retention-intervals", lambda width: bar_chart(by_interval, width, CHART_LINES), chart=True, height=CHART_LINES)]
          if reviewed else []),
        Block("retention-intervals-numbers", numbers(
            "  ".join(f"{r.label}: {percent(r.rate)} of {r.reviews}" for r in intervals) + desired
            if reviewed else "No due reviews yet."
        )),
    ]


def _states(stats: Stats) -> list[Block]:
    return [
        Block("states-title", section("Items by state")),
        Block("states", numbers("  ".join(f"{name}: {count}" for name, count in stats.states.items()))),
    ]


def _quizzes(stats: Stats) -> list[Block]:
    quizzes = stats.quizzes
    decks = sorted({d for q in quizzes for d in q.by_deck})

    def chart(width: int) -> Content:
        # One line per deck: its scores in order of the attempts, the latest on the right.
        room = max(10, width - 38)
        name = min(24, max(len(printable(slug)) for slug in decks))
        lines = []
        for slug in decks:
            scores = [score * 100 for q in quizzes if (score := q.deck_score(slug)) is not None]
            lines.append(Content.assemble(
                (f"{printable(slug)[:name]:<{name}}  ", "$text-muted"),
                (sparkline(scores[-room:]), "$accent"),
                (f"  last {scores[-1]:.0f}% · {len(scores)} quiz{'zes' * (len(scores) != 1)}", "$text-muted"),
            ))
        return Content("\n").join(lines)

    return [
        Block("quiz-title", section("Quiz scores over time, per deck")),
        *([Block("quiz-chart", chart, chart=True, height=len(decks))] if decks else []),
        Block("quizzes", numbers(
            "\n".join(
                f"{q.day}  {', '.join(q.decks)}: {q.correct}/{q.questions} answered ({percent(q.score)})"
                + (f", {q.skipped} skipped" if q.skipped else "")
                for q in quizzes[-10:]
            )
            or "No quiz taken yet."
        )),
    ]
