"""Every item of a learner as rows to search, filter and sort, and one item in detail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from quizapp.cards import prompt_for
from quizapp.cards.item import ItemView
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import Memory, Scheduler
from quizapp.engine.states import NEW, STATE_NAMES
from quizapp.store import answers, browse_queries
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow

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


def browse_rows(store: Store, profile: Profile) -> list[BrowseRow]:
    """Every active item with the learner's state, in deck and card order."""
    result = []
    for view, s in browse_queries.learner_items(store, profile.id):
        prompt = prompt_for(view.card, view.item_key, 0)
        result.append(BrowseRow(
            view.item_id, view.deck_slug, view.deck_title, view.card.id, view.item_key, view.card.type,
            prompt.question, prompt.answer_text(), s.state, s.due, s.lapses, s.reps, s.suspended, s.flagged, s.leech, view.tags,
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


def detail(store: Store, profile: Profile, item_id: int, at: int) -> Detail:
    """The card, the schedule (with current recall probability) and every answer of an item."""
    view, state, answered = browse_queries.item_detail(store, profile.id, item_id)
    memory = state.memory if state else Memory()
    chance = Scheduler(profile.settings, fuzz=False).retrievability(memory, at)
    return Detail(view, state, chance, answered)


def set_flags(store: Store, profile: Profile, item_ids: Sequence[int], *, suspended: bool | None = None,
              flagged: bool | None = None) -> None:
    """Suspend or unsuspend, flag or unflag items (unsuspending also clears the leech tag)."""

    def change(row: StateRow) -> StateRow:
        if suspended is not None:
            row = replace(row, suspended=suspended, leech=row.leech and suspended)
        if flagged is not None:
            row = replace(row, flagged=flagged)
        return row

    answers.change_states(store, profile.id, list(item_ids), change)


def reset(store: Store, profile: Profile, item_ids: Sequence[int]) -> None:
    """Make items new again (their history is kept); they return in deck order."""
    browse_queries.reset_items(store, profile.id, item_ids)
