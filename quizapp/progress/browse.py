"""A learner's items as browse lists them, a page at a time (filtered, searched and sorted in SQL:
browse never holds every row), and one item in detail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from quizapp.cards.item import ItemView
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import Memory, Scheduler
from quizapp.engine.states import STATE_NAMES
from quizapp.store import answers, browse_queries
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow
from quizapp.store.sql import json_column

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

    def conditions(self) -> browse_queries.Conditions:
        """The filters as the query takes them: every word of the search must appear in the
        prompt, answer, deck, card id or tags (case-folded)."""
        return browse_queries.Conditions(tuple(self.search.casefold().split()), self.deck, self.tag, self.state, self.flagged,
                                         self.leech, self.suspended)


@dataclass(frozen=True)
class Page:
    """Rows in sort order, and where the next page starts (None: there is no next page)."""

    rows: list[BrowseRow]
    after: tuple[object, ...] | None


def page(store: Store, profile: Profile, filters: Filters, key: SortKey = "deck", reverse: bool = False,
         after: tuple[object, ...] | None = None, limit: int | None = None) -> Page:
    """The rows that pass the filters, sorted by one column (new items have no due date and sort
    last), `limit` at most, after the key `after` of the page before."""
    fetch = None if limit is None else limit + 1  # one more: is there a next page?
    return _paged(browse_queries.page(store, profile.id, filters.conditions(), key, reverse, after, fetch), key, limit)


def search(store: Store, profile: Profile, filters: Filters, key: SortKey, reverse: bool, limit: int,
           cap: int) -> tuple[Page, int]:
    """The first page of the rows that pass the filters and how many pass (counting stops at
    `cap`), read together: what browse shows after each change of the filters."""
    found, matching = browse_queries.search(store, profile.id, filters.conditions(), key, reverse, limit + 1, cap)
    return _paged(found, key, limit), matching


def _paged(found: list[tuple[Any, ...]], key: SortKey, limit: int | None) -> Page:
    more = limit is not None and len(found) > limit
    rows = found[:limit] if limit is not None else found
    width = len(browse_queries.SORTS[key])
    return Page([_row(r) for r in rows], tuple(rows[-1][-width:]) if more and rows else None)


def _row(r: tuple[Any, ...]) -> BrowseRow:
    card_tags = [t for t in str(r[15]).split("\n") if t]
    tags = tuple(dict.fromkeys([*(str(t) for t in json_column(r[16]) or ()), *card_tags]))
    return BrowseRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), str(r[7]), int(r[8]),
                     int(r[9]), int(r[10]), int(r[11]), bool(r[12]), bool(r[13]), bool(r[14]), tags)


def browse_rows(store: Store, profile: Profile) -> list[BrowseRow]:
    """Every active item with the learner's state, in deck and card order."""
    return page(store, profile, Filters()).rows


def count(store: Store, profile: Profile, filters: Filters, cap: int) -> int:
    """How many rows pass the filters (counting stops at `cap`)."""
    return browse_queries.count(store, profile.id, filters.conditions(), cap)


def total(store: Store, profile: Profile) -> int:
    """How many active items the learner has."""
    return browse_queries.total(store, profile.id)


def matching_ids(store: Store, profile: Profile, filters: Filters) -> list[int]:
    """Every item that passes the filters, in deck order (to cram them)."""
    return browse_queries.matching_ids(store, profile.id, filters.conditions())


def choices(store: Store) -> tuple[list[tuple[str, str]], list[str]]:
    """The decks (title, slug) and tags to filter by."""
    return browse_queries.choices(store)


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
