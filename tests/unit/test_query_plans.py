"""The statistics and the mastery map read item_state through its indexes without sorting it, and
an answer's UPDATE touches only the columns (so only the indexes) that changed.

Plans are checked as a learner's database has them: the app never runs ANALYZE, so SQLite plans
without statistics. A plan that reads item_state whole or sorts it grows with the collection
(bench/bench_screens.py: statistics at 100k and 1M items)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from quizapp.engine.scheduling import Memory
from quizapp.progress.statistics import statistics
from quizapp.store import item_states, source_queries, stats_queries
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow, write_state
from tests.helpers import profile

Recorded = list[tuple[str, dict[str, Any]]]


def _recording(monkeypatch: pytest.MonkeyPatch, module: Any, into: Recorded) -> None:
    real = module.fetch

    def fetch(conn: Any, statement: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        into.append((statement, dict(params or {})))
        rows: list[tuple[Any, ...]] = real(conn, statement, params)
        return rows

    monkeypatch.setattr(module, "fetch", fetch)


def _plan(path: Path, statement: str, params: dict[str, Any]) -> str:
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() == (0,)
        return "\n".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}", params))


def test_statistics_and_mastery_map_never_scan_or_sort_item_state(
    bundled_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = profile(bundled_store, "ada")
    statements: Recorded = []
    _recording(monkeypatch, stats_queries, statements)
    _recording(monkeypatch, source_queries, statements)
    statistics(bundled_store, ada, 1_800_000_000)
    with bundled_store.driver_read() as conn:
        decks = [int(r[0]) for r in conn.execute("SELECT id FROM deck").fetchall()]
    spans = source_queries.recall_by_span(bundled_store, ada.id, decks, (19 / 81, -0.5), 1_800_000_000)
    assert spans == sorted(spans) and spans, "spans come back in source order"

    plans = {s: _plan(tmp_path / "solo.db", s, p) for s, p in statements if "FROM item_state" in s}
    assert len(plans) >= 6
    for statement, plan in plans.items():
        assert "SCAN item_state" not in plan, (statement, plan)
        assert "USING COVERING INDEX" in plan or "ix_state_leech" in plan, (statement, plan)  # leeches are few
    by_deck = [p for s, p in plans.items() if "GROUP BY deck_id" in s]
    by_span = [p for s, p in plans.items() if "GROUP BY cite_start, cite_end" in s]
    lists = [p for s, p in plans.items() if "ORDER BY lapses DESC" in s]
    assert len(by_deck) == len(by_span) == 1 and len(lists) == 2
    # The states are counted by a seek each, not tested for in the per-deck scan.
    by_state = [p for s, p in plans.items() if "GROUP BY state" in s]
    assert len(by_state) == 2 and all("ix_state_study (learner_id=? AND retired=? AND state=?" in p for p in by_state)
    assert "state =" not in next(s for s in plans if "GROUP BY deck_id" in s)
    for plan in [*by_deck, *by_span, *lists]:
        assert "TEMP B-TREE" not in plan, plan
    assert any("ix_state_leech" in p for p in lists) and any("ix_state_lapses" in p for p in lists)


def test_an_update_sets_only_the_columns_that_changed(
    bundled_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = profile(bundled_store, "ada")
    statements: Recorded = []
    _recording(monkeypatch, item_states, statements)
    with bundled_store.driver_read() as conn:
        ((item_id, deck_id),) = conn.execute(
            "SELECT item_id, deck_id FROM item_state WHERE learner_id = ? LIMIT 1", (ada.id,)).fetchall()
    with bundled_store.driver_write() as conn:
        conn.execute("UPDATE item_state SET due = 5 WHERE learner_id = ? AND item_id = ?", (ada.id, item_id))
        before = item_states.read_states(conn, ada.id, [item_id])[item_id]
        assert before is not None
        write_state(conn, ada.id, item_id, before, before)  # nothing changed: nothing written
        after = StateRow(Memory(state=2, stability=3.5, difficulty=5.0, due=99, last_review=42, reps=1, lapses=0),
                         deck_id, buried_until=7)
        write_state(conn, ada.id, item_id, before, after)
        assert item_states.read_states(conn, ada.id, [item_id])[item_id] == after
    updates = [s for s, _ in statements if s.startswith("UPDATE")]
    assert len(updates) == 1
    set_list = updates[0].split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    assert sorted(part.split(" = ")[0] for part in set_list.split(", ")) == [
        "buried_until", "difficulty", "due", "last_review", "reps", "stability", "state"]


def test_the_due_counts_read_the_study_index(bundled_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not ix_state_cite, which starts with the deck and would spare the GROUP BY's sort at the
    cost of visiting every item of the learner (the due counts were 2x Anki's at 100k items)."""
    from quizapp.engine.studyday import DayClock
    from quizapp.store import counts as today

    ada = profile(bundled_store, "ada")
    statements: Recorded = []
    _recording(monkeypatch, today, statements)
    day = DayClock(ada.settings.zone(), ada.settings.day_starts_at).day_of(1_800_000_000)
    with bundled_store.driver_read() as conn:
        counts = today.deck_counts(conn, ada.id, ada.settings, day, 1_800_000_000, today.done_today(conn, ada.id, day))
    assert counts and sum(c.new + c.held for c in counts.values()) > 0
    plans = [_plan(tmp_path / "solo.db", s, p) for s, p in statements if "FROM item_state" in s]
    assert len(plans) == 2
    for plan in plans:
        assert "USING COVERING INDEX ix_state_study" in plan, plan


def test_the_reader_counts_citations_without_reading_every_card(
    bundled_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The marks come from the span index (no sort) and the multi-excerpt cards' partial index;
    the cards of a sentence, read when asked, are found through indexes too."""
    from quizapp.progress.reader import reading

    ada = profile(bundled_store, "ada")
    assert ada.id is not None
    statements: Recorded = []
    _recording(monkeypatch, source_queries, statements)
    text = reading(bundled_store, ada.id)
    assert text.excerpts, "the bundled decks have cards quoting several places"
    busiest = max(range(len(text.counts)), key=text.counts.__getitem__)
    spans, cards = text.citing([busiest])
    assert source_queries.quoting_cards(bundled_store, ada.id, text.deck_ids, spans, cards)
    plans = {s: _plan(tmp_path / "solo.db", s, p) for s, p in statements if "FROM source" not in s and "FROM deck" not in s}
    assert len(plans) >= 5
    for statement, plan in plans.items():
        assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", ""), (statement, plan)
    assert any("ix_card_excerpts" in p for s, p in plans.items() if "quotes IS NOT NULL" in s)
    for statement, plan in plans.items():
        if "GROUP BY cite_start, cite_end" in statement:
            assert "TEMP B-TREE" not in plan and "ix_state_cite" in plan, plan


def test_the_deck_list_reads_todays_answers_once(bundled_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Home's first view (before the first paint) reads what was done today once, for the per-deck
    limits and the totals alike."""
    from quizapp.store import counts as today
    from quizapp.store.overview import overview_from

    ada = profile(bundled_store, "ada")
    statements: Recorded = []
    _recording(monkeypatch, today, statements)
    with bundled_store.driver_read() as conn:
        view = overview_from(conn, ada.id, "ada", ada.settings, 1_800_000_000)
    assert view.decks
    assert sum("FROM review" in s for s, _ in statements) == 1
