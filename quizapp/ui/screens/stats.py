"""Statistics: today, the due forecast, the review calendar, true retention, items by state,
mastery per deck, the hardest items and quiz history. Every chart has its numbers beside it; a
chart with nothing to draw is hidden and its numbers line says so."""

from __future__ import annotations

from concurrent.futures import Future, wait
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Header, Static

from quizapp.printable import printable
from quizapp.progress.statistics import Stats
from quizapp.ui.text import minutes, percent, plain
from quizapp.ui.widgets.charts import BarChart, Bars, joined, sparkline
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.line_table import Column, LineTable

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp

SHOW_AT_ONCE_WITHIN = 0.1  # seconds the screen's first paint waits for the figures
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


class StatsScreen(Screen[None]):
    """The statistics."""

    CSS_PATH = "stats.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_item", "Open in browse", id="stats.open"),
        Binding("n", "numbers", "Charts/numbers", id="stats.numbers"),
        Binding("question_mark", "keys", "Keys", id="stats.keys"),
        Binding("escape", "back", "Back", id="stats.back"),
    ]

    app: QuizApp

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(plain("Computing…"), id="today")
            yield Static(Content.styled("Due in the next 30 days", "bold"), classes="section")
            yield BarChart(id="forecast", classes="chart")
            yield Static(id="forecast-numbers", classes="numbers")
            yield Static(Content.styled("Reviews in the past year", "bold"), classes="section")
            yield Static(id="calendar")
            yield Static(Content.styled("True retention (due reviews recalled) by week", "bold"), classes="section")
            yield BarChart(id="retention-weeks", classes="chart")
            yield Static(id="retention-weeks-numbers", classes="numbers")
            yield Static(Content.styled("True retention by interval", "bold"), classes="section")
            yield BarChart(id="retention-intervals", classes="chart")
            yield Static(id="retention-intervals-numbers", classes="numbers")
            yield Static(Content.styled("Items by state", "bold"), classes="section")
            yield Static(id="states", classes="numbers")
            yield Static(
                Content.styled("Mastery per deck (recall now at least the desired retention)", "bold"), classes="section"
            )
            yield LineTable(MASTERY, cursor=False, id="mastery")
            yield Static(Content.styled("Hardest items (enter opens one in browse)", "bold"), classes="section")
            yield LineTable(HARDEST, id="hardest")
            yield Static(Content.styled("Quiz scores over time, per deck", "bold"), classes="section")
            yield Static(id="quiz-chart", classes="chart sparklines")
            yield Static(id="quizzes", classes="numbers")
        yield KeyBar()

    stats: Stats | None = None

    def __init__(self, pending: Future[Stats]) -> None:
        super().__init__()
        self.pending = pending  # the figures, being computed since the key press

    def on_mount(self) -> None:
        self.sub_title = "Statistics"
        self.hard_keys: list[str] = []
        # Figures ready within a frame or so are shown in the screen's first paint: no "Computing…"
        # screen laid out and drawn meanwhile, then everything again. Otherwise (or on a failure,
        # which the worker reports as ever) a worker waits for them.
        wait([self.pending], timeout=SHOW_AT_ONCE_WITHIN)
        if self.pending.done() and self.pending.exception() is None:
            self.show(self.pending.result())
        else:
            self.load()

    def on_resize(self) -> None:
        if self.stats is not None:
            self.call_after_refresh(self._show_calendar, self.stats)  # as many weeks as the new width holds

    @work(thread=True, exclusive=True, group="stats")
    def load(self) -> None:
        stats = self.pending.result()
        self.app.call_from_thread(self.show, stats)

    def show(self, stats: Stats) -> None:
        """Fill every section from freshly computed figures."""
        self.stats = stats
        self._show_today(stats)
        self._show_forecast(stats)
        self._show_retention(stats)
        self._show_mastery(stats)
        self._show_hardest(stats)
        self._show_quizzes(stats)

    def _show_today(self, stats: Stats) -> None:
        t = stats.today
        self.query_one("#today", Static).update(
            Content.assemble(
                ("Today: ", "bold"),
                plain(
                    f"{t.answers} answers on {t.items} items · {minutes(t.seconds)} · accuracy {percent(t.accuracy)} · "
                    f"streak {t.streak} day{'s' * (t.streak != 1)} · learner {stats.learner}"
                ),
            )
        )
        self.query_one("#states", Static).update(plain("  ".join(f"{name}: {count}" for name, count in stats.states.items())))

    def _show_forecast(self, stats: Stats) -> None:
        due = sum(n for _, n in stats.forecast)
        if self._chart("#forecast", due > 0):
            self._bar("#forecast", Bars([d.strftime("%d") for d, _ in stats.forecast], [n for _, n in stats.forecast]))
        self.query_one("#forecast-numbers", Static).update(
            plain(
                "  ".join(f"{d:%a %d}: {n}" for d, n in stats.forecast[:7]) + f"  · next 30 days: {due}"
                if due
                else "Nothing falls due in the next 30 days yet."
            )
        )
        self._show_calendar(stats)

    calendar_width = 0  # the width the calendar was drawn for

    def _show_calendar(self, stats: Stats) -> None:
        calendar = self.query_one("#calendar", Static)
        # Before the first layout, the screen's width less the padding and the scrollbar's gutter.
        width = calendar.content_size.width or self.app.size.width - 6
        if width == self.calendar_width and stats is self.stats:
            return
        self.calendar_width = width
        calendar.update(
            Content.assemble(
                heatmap(stats, width),
                ("\n", ""),
                plain(
                    f"Total in the past year: {(total := sum(n for _, n in stats.calendar))} review{'s' * (total != 1)} on "
                    f"{(days := sum(1 for _, n in stats.calendar if n))} day{'s' * (days != 1)}"
                ),
            )
        )

    def _show_retention(self, stats: Stats) -> None:
        weeks = stats.retention_weeks
        measured = [(x, w) for x, w in enumerate(weeks) if w.rate is not None]
        if self._chart("#retention-weeks", bool(measured)):
            # The dotted line across is the desired retention.
            self._bar("#retention-weeks", Bars([w.label[5:] for w in weeks], [(w.rate or 0) * 100 for w in weeks], top=100,
                                               unit="%", line=stats.desired_retention * 100))
        self.query_one("#retention-weeks-numbers", Static).update(
            plain(
                "  ".join(f"{w.label[5:]}: {percent(w.rate)} of {w.reviews}" for w in weeks if w.reviews)
                + f"  · ┈┈ desired {percent(stats.desired_retention)}"
                if any(w.reviews for w in weeks)
                else "No due reviews yet."
            )
        )
        intervals = stats.retention_intervals
        reviewed = any(r.reviews for r in intervals)
        if self._chart("#retention-intervals", reviewed):
            self._bar("#retention-intervals", Bars([r.label for r in intervals], [(r.rate or 0) * 100 for r in intervals],
                                                   top=100, unit="%", line=stats.desired_retention * 100))
        self.query_one("#retention-intervals-numbers", Static).update(
            plain(
                "  ".join(f"{r.label}: {percent(r.rate)} of {r.reviews}" for r in intervals)
                + f"  · ┈┈ desired {percent(stats.desired_retention)}"
                if reviewed
                else "No due reviews yet."
            )
        )

    def _show_mastery(self, stats: Stats) -> None:
        self.query_one("#mastery", LineTable).set_rows(
            [(deck.title, str(deck.items), str(deck.mastered), percent(deck.share)) for deck in stats.decks])

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

    def _show_quizzes(self, stats: Stats) -> None:
        quizzes = stats.quizzes
        decks = sorted({d for q in quizzes for d in q.by_deck})
        if self._chart("#quiz-chart", bool(decks)):
            # One line per deck: its scores in order of the attempts, the latest on the right.
            room = max(10, self.app.size.width - 44)
            name = min(24, max(len(printable(slug)) for slug in decks))
            lines = []
            for slug in decks:
                scores = [score * 100 for q in quizzes if (score := q.deck_score(slug)) is not None]
                lines.append(Content.assemble(
                    (f"{printable(slug)[:name]:<{name}}  ", "$text-muted"),
                    (sparkline(scores[-room:]), "$accent"),
                    (f"  last {scores[-1]:.0f}% · {len(scores)} quiz{'zes' * (len(scores) != 1)}", "$text-muted"),
                ))
            self.query_one("#quiz-chart", Static).update(Content("\n").join(lines))
        self.query_one("#quizzes", Static).update(
            plain(
                "\n".join(
                    f"{q.day}  {', '.join(q.decks)}: {q.correct}/{q.questions} answered ({percent(q.score)})"
                    + (f", {q.skipped} skipped" if q.skipped else "")
                    for q in quizzes[-10:]
                )
                or "No quiz taken yet."
            )
        )

    def _chart(self, selector: str, has_data: bool) -> bool:
        """Show a chart only when it has something to draw; returns whether it is shown."""
        self.query_one(selector).set_class(not has_data, "-empty")
        return has_data

    def _bar(self, selector: str, bars: Bars) -> None:
        self.query_one(selector, BarChart).bars = bars

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
        self.toggle_class("-numbers-only")

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_back(self) -> None:
        self.app.pop_screen()
