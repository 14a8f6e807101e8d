"""The statistics screen's charts, drawn with block characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizapp.ui.widgets.charts import EIGHTHS, Bars, bar_chart, joined, sparkline


def test_a_bar_chart_draws_each_value_to_scale_with_its_axis_and_labels() -> None:
    chart = bar_chart(Bars(["<1d", "1-7d", "1-4w", "1-3m", ">3m"], [100, 50, 25, 0, 75], top=100, unit="%", line=90), 60, 9)
    lines = chart.plain.split("\n")
    assert len(lines) == 9
    assert lines[0].startswith("100% │") and lines[7].startswith("  0% │")
    assert lines[8].split() == ["<1d", "1-7d", "1-4w", "1-3m", ">3m"]
    # 8 rows: 100% fills all, 50% the lower 4, 25% the lower 2, 0% none, 75% the lower 6.
    heights = [sum(1 for line in lines[:8] if line[6 + 8 * n] == "█") for n in range(5)]
    assert heights == [8, 4, 2, 0, 6]
    assert "┈" in lines[0]  # the desired level (90%) falls in the top row, drawn where no bar is


def test_partial_cells_use_eighth_blocks() -> None:
    lines = bar_chart(Bars(["a", "b"], [1, 0.5]), 20, 2).plain.split("\n")
    assert lines[0][3:8] == "█" * 5 and lines[0][11:16] == EIGHTHS[4] * 5  # bars of five cells, three apart


def test_labels_that_would_run_together_are_left_out() -> None:
    labels = [f"label{n}" for n in range(30)]
    under = bar_chart(Bars(labels, [1] * 30), 70, 4).plain.split("\n")[-1]
    shown = under.split()
    assert shown and len(shown) < 30 and all(label in labels for label in shown)


def test_untrusted_labels_are_shown_as_text() -> None:
    chart = bar_chart(Bars(["\x1b[2J", "[b]x[/b]"], [1, 2]), 40, 4)
    assert "\x1b" not in chart.plain and "[b]x[/b]" in chart.plain


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=60), st.integers(10, 200), st.integers(2, 20))
def test_a_chart_never_exceeds_its_box(values: list[float], width: int, height: int) -> None:
    lines = bar_chart(Bars([str(n) for n in range(len(values))], values), width, height).plain.split("\n")
    assert len(lines) == height
    assert max(len(line) for line in lines) <= max(width, 8 + 2 * len(values))  # one cell per bar at the least


def test_a_sparkline_has_one_block_per_value() -> None:
    assert sparkline([0, 50, 100]) == EIGHTHS[1] + EIGHTHS[4] + EIGHTHS[8]
    assert sparkline([]) == ""


def test_a_chart_line_is_one_span_per_run_of_a_style() -> None:
    bars = Bars([str(n) for n in range(30)], [n % 3 + 1 for n in range(30)], top=3, line=1.5)
    top, level, bottom, _labels = bar_chart(bars, 120, 4).split("\n")
    # The axis, then the bars and the blanks beside them in one style; the level line alone
    # alternates its dots with the bars it crosses.
    assert (len(top.spans), len(bottom.spans)) == (2, 2)
    assert len(level.spans) > 20 and "┈" in level.plain
    assert joined([("a", "x"), ("b", "x"), ("c", "y"), ("d", "x")]) == [("ab", "x"), ("c", "y"), ("d", "x")]
