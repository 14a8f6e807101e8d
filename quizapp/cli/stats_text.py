"""`quizapp stats` as text: the statistics screen's figures, in plain lines and tables."""

from __future__ import annotations

from quizapp.progress.statistics import Stats


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def render(stats: Stats) -> str:
    """Every figure of the statistics screen as text."""
    t = stats.today
    lines = [
        f"Statistics of {stats.learner}",
        "",
        f"Today: {t.answers} answer{'s' * (t.answers != 1)} on {t.items} item{'s' * (t.items != 1)}, "
        f"{t.seconds / 60:.1f} min, accuracy {_pct(t.accuracy)}, "
        f"streak {t.streak} day{'s' * (t.streak != 1)}",
        "",
        f"Due in the next {len(stats.forecast)} days ({sum(n for _, n in stats.forecast)} in all):",
    ]
    week: list[str] = []
    for day, count in stats.forecast:
        week.append(f"{day:%a %d %b} {count:>4}")
        if len(week) == 7:
            lines.append("  " + "   ".join(week))
            week = []
    if week:
        lines.append("  " + "   ".join(week))
    active = [(d, n) for d, n in stats.calendar if n]
    lines += ["", f"Reviews in the past year: {sum(n for _, n in stats.calendar)} on {len(active)} days"]
    if active:
        busiest = max(active, key=lambda x: x[1])
        lines.append(f"  busiest day {busiest[0]} with {busiest[1]}; last 14 days: " +
                     " ".join(str(n) for _, n in stats.calendar[-14:]))
    lines += ["", f"True retention (due reviews recalled; desired {_pct(stats.desired_retention)}):", "  by week:"]
    lines += [f"    week of {r.label}: {_pct(r.rate):>4} of {r.reviews}" for r in stats.retention_weeks if r.reviews] or [
        "    no due reviews yet"
    ]
    lines.append("  by interval since the previous answer:")
    lines += [f"    {r.label:>8}: {_pct(r.rate):>4} of {r.reviews}" for r in stats.retention_intervals]
    lines += [
        "",
        "Items by state: " + ", ".join(f"{name} {count}" for name, count in stats.states.items()),
        "",
        "Mastery per deck (recall now at least the desired retention):",
    ]
    width = max((len(d.title) for d in stats.decks), default=4)
    lines += [f"  {d.title:<{width}}  {d.mastered:>5} of {d.items:<5} {_pct(d.share):>4}" for d in stats.decks]
    for title, items in (
        ("Leeches", stats.leeches),
        ("Most lapses", stats.most_lapses),
        ("Lowest recall now", stats.lowest_recall),
    ):
        lines += ["", f"{title}:"]
        lines += [f"  [{i.deck}] {i.prompt[:70]}  (lapses {i.lapses}, recall {_pct(i.recall)})" for i in items] or ["  none"]
    lines += ["", "Quiz history:"]
    lines += [
        f"  {q.day}  {q.correct}/{q.questions} answered ({_pct(q.score)})" + (f", {q.skipped} skipped" if q.skipped else "")
        + ": " + ", ".join(f"{deck} {right}/{asked}" for deck, (right, asked) in sorted(q.by_deck.items()))
        for q in stats.quizzes
    ] or ["  no quiz taken yet"]
    return "\n".join(lines)
