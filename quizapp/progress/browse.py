"""Every item of a learner as rows to search, filter and sort, and one item in detail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from quizapp.cards import prompt_for
from quizapp.engine import settings as config
from quizapp.engine.scheduling import Memory, Scheduler
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.store.answers import StateRow, history, read_states, write_state
from quizapp.store.catalog import ItemView, item_views
from quizapp.store.database import Store
from quizapp.store.models import Learner
from quizapp.store.sql import fetch

STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}
SortKey = Literal["deck", "type", "prompt", "state", "due", "lapses"]


@dataclass(frozen=True)
class BrowseRow:
    """One item as the browse table lists it."""

    item_id: int
    deck_slug: str
    deck_title: str
    card_key: str
    item_key: str
    type: str
    prompt: str
    answer: str
    state: int
    due: int
    lapses: int
    reps: int
    suspended: bool
    flagged: bool
    leech: bool
    tags: tuple[str, ...]

    @property
    def state_name(self) -> str:
        """new, learning, review or relearning."""
        return STATE_NAMES.get(self.state, "?")

    @property
    def flags(self) -> str:
        """Short marks: S suspended, F flagged, L leech."""
        return "".join(mark for mark, on in (("S", self.suspended), ("F", self.flagged), ("L", self.leech)) if on)

    def matches(self, words: str) -> bool:
        """True when every word of the search appears in the prompt, answer, deck, id or tags."""
        haystack = " ".join((self.prompt, self.answer, self.deck_title, self.card_key, *self.tags)).casefold()
        return all(word in haystack for word in words.casefold().split())


def browse_rows(store: Store, learner: Learner) -> list[BrowseRow]:
    """Every active item with the learner's state, in deck and card order."""
    assert learner.id is not None
    with store.read() as conn:
        rows = fetch(
            conn,
            """SELECT s.item_id, s.state, s.due, s.lapses, s.reps, s.suspended, s.flagged, s.leech
               FROM item_state AS s JOIN item AS i ON i.id = s.item_id
               WHERE s.learner_id = :learner AND i.retired = false""",
            {"learner": learner.id},
        )
        views = item_views(conn, [r[0] for r in rows])
    result = []
    for item_id, state, due, lapses, reps, suspended, flagged, leech in rows:
        view = views[item_id]
        prompt = prompt_for(view.card, view.item_key, 0)
        result.append(BrowseRow(
            item_id, view.deck_slug, view.deck_title, view.card.id, view.item_key, view.card.kind,
            prompt.question, prompt.answer_text(), state, due, lapses, reps, bool(suspended), bool(flagged), bool(leech), view.tags,
        ))
    result.sort(key=lambda r: (r.deck_title, r.item_id))
    return result


@dataclass(frozen=True)
class Filters:
    """What the browse table shows."""

    search: str = ""
    deck: str | None = None
    tag: str | None = None
    state: int | None = None
    flagged: bool = False
    leech: bool = False
    suspended: bool = False


def apply(rows: Sequence[BrowseRow], filters: Filters) -> list[BrowseRow]:
    """The rows that pass every filter."""
    return [
        r for r in rows
        if (filters.deck is None or r.deck_slug == filters.deck)
        and (filters.tag is None or filters.tag in r.tags)
        and (filters.state is None or r.state == filters.state)
        and (not filters.flagged or r.flagged)
        and (not filters.leech or r.leech)
        and (not filters.suspended or r.suspended)
        and (not filters.search or r.matches(filters.search))
    ]


def sort(rows: Sequence[BrowseRow], key: SortKey, reverse: bool = False) -> list[BrowseRow]:
    """Rows sorted by one column (new items have no due date and sort last)."""
    keys = {
        "deck": lambda r: (r.deck_title, r.item_id),
        "type": lambda r: (r.type, r.item_id),
        "prompt": lambda r: (r.prompt.casefold(), r.item_id),
        "state": lambda r: (r.state, r.item_id),
        "due": lambda r: (r.state == NEW, r.due, r.item_id),
        "lapses": lambda r: (r.lapses, r.item_id),
    }
    return sorted(rows, key=keys[key], reverse=reverse)


@dataclass(frozen=True)
class Detail:
    """One item in full: its card, schedule and history."""

    view: ItemView
    state: StateRow | None
    retrievability: float | None
    history: list[dict[str, int | bool]]


def detail(store: Store, learner: Learner, item_id: int, at: int) -> Detail:
    """The card, the schedule (with current recall probability) and every answer of an item."""
    assert learner.id is not None
    with store.read() as conn:
        view = item_views(conn, [item_id])[item_id]
        state = read_states(conn, learner.id, [item_id])[item_id]
        answers = history(conn, learner.id, item_id)
    memory = state.memory if state else Memory()
    chance = Scheduler(config.load(learner.settings), fuzz=False).retrievability(memory, at)
    return Detail(view, state, chance, answers)


def set_flags(store: Store, learner: Learner, item_ids: Sequence[int], *, suspended: bool | None = None,
              flagged: bool | None = None) -> None:
    """Suspend or unsuspend, flag or unflag items (unsuspending also clears the leech tag)."""
    assert learner.id is not None
    with store.write() as conn:
        for item_id, before in read_states(conn, learner.id, item_ids).items():
            if before is None:
                continue
            after = before
            if suspended is not None:
                after = replace(after, suspended=suspended, leech=after.leech and suspended)
            if flagged is not None:
                after = replace(after, flagged=flagged)
            write_state(conn, learner.id, item_id, before, after)


def reset(store: Store, learner: Learner, item_ids: Sequence[int]) -> None:
    """Make items new again (their history is kept); they return in deck order."""
    assert learner.id is not None
    ids = ",".join(str(int(i)) for i in item_ids) or "NULL"
    with store.write() as conn:
        positions = dict(fetch(conn, f"SELECT id, position FROM item WHERE id IN ({ids})"))
        for item_id, before in read_states(conn, learner.id, item_ids).items():
            if before is not None:
                write_state(conn, learner.id, item_id, before, StateRow(Memory(due=positions[item_id]), before.deck_id, flagged=before.flagged))
