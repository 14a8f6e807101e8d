"""Statistics, the class report and coverage, computed from a hand-built history whose right
values are worked out below by hand."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from quizapp.cli.main import main
from quizapp.cli.stats_text import render
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW, STATE_NAMES
from quizapp.progress.report import class_report, markdown
from quizapp.progress.statistics import statistics
from quizapp.store.database import Store
from tests.builders import E_ITEM, NOW, A, C, build_history
from tests.helpers import EXAMPLE, learning, profile


@pytest.fixture
def history(example_store: Store) -> Store:
    return build_history(example_store)


def test_statistics_of_a_known_history(history: Store) -> None:
    stats = statistics(history, profile(history, "ada"), NOW)
    # Today (10 March from 04:00): B at 10:00, C at 11:00 (Again) and 11:30.
    assert (stats.today.answers, stats.today.items, stats.today.seconds) == (3, 2, 16.0)
    assert stats.today.accuracy == pytest.approx(2 / 3)
    assert stats.today.streak == 2  # 9 and 10 March; nothing on the 8th
    # Calendar: 28 Feb 1, 2 Mar 2, 9 Mar 3 (D at 03:00 on the 10th counts for the 9th), 10 Mar 3.
    active = {d: n for d, n in stats.calendar if n}
    assert active == {date(2026, 2, 28): 1, date(2026, 3, 2): 2, date(2026, 3, 9): 3, date(2026, 3, 10): 3}
    assert len(stats.calendar) == 365 and stats.calendar[-1][0] == date(2026, 3, 10)
    # Forecast: A (overdue) and C today, D on the 12th, B on the 30th; E is suspended.
    due = {d: n for d, n in stats.forecast if n}
    assert due == {date(2026, 3, 10): 2, date(2026, 3, 12): 1, date(2026, 3, 30): 1}
    assert len(stats.forecast) == 30
    # True retention over reviews of items in the review state: A 2d recalled, A 7d forgotten,
    # B 7d23h recalled, D 40d recalled, D 4h recalled (Hard counts as recalled).
    by_interval = {r.label: (r.reviews, r.recalled) for r in stats.retention_intervals}
    assert by_interval == {"1-2 d": (2, 2), "3-7 d": (2, 1), "8-30 d": (0, 0), "31-90 d": (1, 1), "91+ d": (0, 0)}
    weeks = {r.label: (r.reviews, r.recalled) for r in stats.retention_weeks if r.reviews}
    assert weeks == {"2026-03-04": (4, 3), "2026-02-25": (1, 1)}
    assert stats.states == {"new": 5, "learning": 1, "review": 2, "relearning": 1, "suspended": 1}
    # Mastered: recall now >= 90%, i.e. elapsed <= stability: A (26 h of 2 d), B, C, D; not E.
    (deck,) = stats.decks
    assert (deck.items, deck.mastered) == (10, 4)
    assert [i.item_id for i in stats.leeches] == [E_ITEM]
    assert [i.item_id for i in stats.most_lapses] == [E_ITEM, A]
    # Low recall lists only weak items: every studied one is still at or above 90% now...
    assert stats.lowest_recall == []
    # ...but three days on, A (2 d stability) and C (1 d) have slipped below it; most overdue first.
    later = statistics(history, profile(history, "ada"), NOW + 3 * 86400)
    assert [i.item_id for i in later.lowest_recall] == [C, A]
    assert all(i.recall is not None and i.recall < 0.9 for i in later.lowest_recall)
    assert [(q.day, q.correct, q.questions) for q in stats.quizzes] == [(date(2026, 3, 5), 6, 8)]
    assert (
        stats.quizzes[0].by_deck == {"example-every-type": (6, 8)} and stats.quizzes[0].deck_score("example-every-type") == 0.75
    )


def test_statistics_of_nothing(example_store: Store) -> None:
    stats = statistics(example_store, profile(example_store, "new"), NOW)
    assert stats.today.answers == 0 and stats.today.accuracy is None and stats.today.streak == 0
    assert sum(n for _, n in stats.calendar) == 0 and sum(n for _, n in stats.forecast) == 0
    assert all(r.rate is None for r in stats.retention_intervals)
    assert stats.states["new"] == 10 and stats.decks[0].mastered == 0



# (state, suspended, retired) for each of the example's ten items. Reviewed items are counted as
# what is left of all items once the other states are counted, so each mix makes another state
# the many, and suspended and retired items sit in every state.
_MIXES = {
    "all new": [(NEW, False, False)] * 10,
    "all reviewed": [(REVIEW, False, False)] * 10,
    "every kind": [
        (NEW, False, False), (NEW, True, False), (NEW, False, True), (LEARNING, False, False), (LEARNING, True, False),
        (REVIEW, False, False), (REVIEW, True, False), (REVIEW, False, True), (RELEARNING, False, False),
        (RELEARNING, True, True),
    ],
    "mostly relearning": [(RELEARNING, False, False)] * 7 + [(REVIEW, True, False), (LEARNING, False, True), (NEW, False, False)],
}


@pytest.mark.parametrize("mix", list(_MIXES))
def test_the_states_add_up_whatever_their_mix(example_store: Store, mix: str) -> None:
    ada = profile(example_store, "ada")
    with example_store.write() as conn:
        items = [row[0] for row in conn.execute(text("SELECT item_id FROM item_state WHERE learner_id = :l ORDER BY item_id"),
                                                 {"l": ada.id})]
        assert len(items) == len(_MIXES[mix])
        for item_id, (state, suspended, retired) in zip(items, _MIXES[mix], strict=True):
            conn.execute(
                text("UPDATE item_state SET state = :s, suspended = :p, retired = :r, stability = 1.0, last_review = :t "
                     "WHERE learner_id = :l AND item_id = :i"),
                {"s": state, "p": suspended, "r": retired, "t": NOW - 86400, "l": ada.id, "i": item_id},
            )
    shown = [(state, suspended) for state, suspended, retired in _MIXES[mix] if not retired]
    expected = {name: sum(1 for s, p in shown if s == state and not p) for state, name in STATE_NAMES.items()}
    expected["suspended"] = sum(1 for _, p in shown if p)
    assert statistics(example_store, ada, NOW).states == expected

def test_class_report(history: Store) -> None:
    report = class_report(history, NOW)
    ada, bob = report.rows
    assert (ada.learner, ada.items, ada.seen, ada.answers, ada.right) == ("ada", 10, 5, 9, 7)
    assert ada.accuracy == pytest.approx(7 / 9) and ada.retention == pytest.approx(4 / 5)
    # Mastered: answered right at least once and recalled now at or above 90%: four items (the
    # leech "experts" has no right answer and has faded).
    assert ada.mastered == 4 and ada.mastery == pytest.approx(0.4)
    assert ada.minutes == 0.7  # 40 s
    assert (ada.quiz_attempts, ada.quiz_latest, ada.quiz_best, ada.quiz_all) == (1, 0.75, 0.75, 0.75)
    assert (bob.learner, bob.seen, bob.answers, bob.accuracy, bob.retention, bob.mastery, bob.quiz_latest) == (
        "bob", 0, 0, None, None, 0.0, None)
    assert [(c.card, c.answers, c.wrong) for c in report.hardest] == [("summit-place", 2, 1), ("samsung-site", 3, 1)]
    assert report.hardest[1].item_label == "front side"  # samsung-site is reversed: which side, said
    text = markdown(report)
    assert "| ada | example-every-type | 2026-03-10 | 78% of 9 | 80% of 5 | 40% (4/10) | 5/10 |" in text
    assert "| bob | example-every-type | never | – | – | 0% (0/10) | 0/10 | 0 | 0 | 0 | – |" in text
    assert "Where did Yoon, Kishida and Biden hold their August 2023 summit?" in text  # the question, not only its id


def test_report_and_stats_commands(history: Store) -> None:
    db = history.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    out = runner.invoke(main, ["--db", db, "report", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [r["learner"] for r in data["learners"]] == ["ada", "bob"]
    assert data["learners"][0]["accuracy"] == 7 / 9  # exact in JSON
    learners_csv = runner.invoke(main, ["--db", db, "report", "--csv"]).output.splitlines()
    assert learners_csv[0].startswith('"learner","deck","last_active"') and len(learners_csv) == 3
    cards_csv = runner.invoke(main, ["--db", db, "report", "--csv", "--table", "cards"]).output.splitlines()
    assert cards_csv[0].startswith('"deck","card","item"') and len(cards_csv) == 11  # one row per item, one table
    stats = runner.invoke(main, ["--db", db, "--profile", "ada", "stats", "--json"])
    assert stats.exit_code == 0 and json.loads(stats.output)["learner"] == "ada"
    text = runner.invoke(main, ["--db", db, "--profile", "bob", "stats"])
    assert text.exit_code == 0 and "Statistics of bob" in text.output and "no quiz taken yet" in text.output


def test_one_answer_on_one_item_is_said_in_the_singular(history: Store) -> None:
    stats = statistics(history, profile(history, "ada"), NOW)
    assert "Today: 3 answers on 2 items," in render(stats)
    one = replace(stats, today=replace(stats.today, answers=1, items=1))
    assert "Today: 1 answer on 1 item," in render(one)


def test_report_of_an_empty_database(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["--db", str(tmp_path / "empty.db"), "report"])
    assert out.exit_code == 0 and out.output.strip() == "No students or decks yet (teachers are not counted)."


def test_coverage_command(tmp_path: Path) -> None:
    source = tmp_path / "text.txt"
    source.write_text(
        "Title\nThe first sentence is here. The second sentence is there.\nA third one closes the text.\n", encoding="utf-8"
    )
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "quizapp: 1\ndeck: d\ntitle: D\nsource: text.txt\ncards:\n"
        "  - id: a\n    front: f\n    back: b\n    quote: The second sentence is there.\n    explanation: e\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    out = runner.invoke(main, ["coverage", str(tmp_path)])
    assert out.exit_code == 0
    assert out.output.splitlines()[:4] == [
        "text.txt: 1 of 3 sentences cited (33.3%) by 1 cards in 1 deck",
        "Not cited by any card:",
        "    1. (paragraph 1) The first sentence is here.",
        "    3. (paragraph 2) A third one closes the text.",
    ]
    data = json.loads(runner.invoke(main, ["coverage", "--json", str(deck)]).output)
    assert data["sources"][0]["cited"] == 1 and [u["sentence"] for u in data["sources"][0]["uncited"]] == [1, 3]
    bundled = runner.invoke(main, ["coverage", str(EXAMPLE.parent.parent.parent / "decks")])
    assert "67 of 67 sentences cited (100.0%)" in bundled.output
    empty = runner.invoke(main, ["coverage", str(tmp_path / "nothing")])
    assert empty.exit_code == 1 and "no such file or folder" in empty.output
    (tmp_path / "blank").mkdir()
    none = runner.invoke(main, ["coverage", str(tmp_path / "blank")])
    assert none.exit_code == 1 and "no deck files" in none.output


def test_mastery_map_matches_py_fsrs(history: Store) -> None:
    """The SQL sums agree with recall computed card by card with py-fsrs itself."""
    from quizapp.engine.scheduling import Scheduler
    from quizapp.progress.reader import CitingCard, mastery
    from quizapp.store.item_states import read_states

    ada = profile(history, "ada")
    assert ada.id is not None
    door = learning(history, "ada")
    text = door.reading()
    scheduler = Scheduler(ada.settings, fuzz=False)
    every = door.citing_cards(text, [s.index for s in text.sentences])
    with history.read() as conn:
        states = read_states(conn, ada.id, [i for card in every for i in card.item_ids])

    def card_recall(card: CitingCard) -> float:
        items = card.item_ids
        recalls = [scheduler.retrievability(row.memory, NOW) or 0.0 if (row := states[i]) is not None else 0.0 for i in items]
        return sum(recalls) / len(items)

    expected = {}
    for paragraph in text.paragraphs:
        if paragraph.sentences:
            cited = door.citing_cards(text, paragraph.sentences)
            expected[paragraph.index] = sum(card_recall(c) for c in cited) / len(cited) if cited else None
    got = mastery(history, ada, text, NOW)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert (got[key] is None) == (value is None)
        if value is not None:
            assert got[key] == pytest.approx(value, abs=1e-9)
    assert any(v for v in got.values())
