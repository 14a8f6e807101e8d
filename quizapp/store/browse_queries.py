"""The browse screen's reads and writes: a page of a learner's items with their state (filtered,
searched and sorted in SQL), one in detail, and resetting items to new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.cards.item import ItemView
from quizapp.engine.scheduling import Memory
from quizapp.engine.states import NEW
from quizapp.store import search_index
from quizapp.store.answers import history
from quizapp.store.browse_text import like_escape, tag_pattern
from quizapp.store.catalog import item_views
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow, read_states, write_state
from quizapp.store.sql import fetch, json_column


@dataclass(frozen=True)
class Conditions:
    """Which items browse lists (every field is optional)."""

    words: tuple[str, ...] = ()  # each case-folded word must appear in the item's text, deck or tags
    deck: str | None = None  # a deck slug
    tag: str | None = None
    state: int | None = None
    flagged: bool = False
    leech: bool = False
    suspended: bool = False


# Each sort's key columns, the item id last (keyset pagination compares them as one row value).
# Text sorts case-fold with lower(): ASCII only on SQLite, the whole of Unicode on PostgreSQL.
SORTS: dict[str, tuple[str, ...]] = {
    "deck": ("d.title", "i.id"),
    "type": ("c.type", "i.id"),
    "prompt": ("lower(i.prompt)", "i.id"),
    "state": ("s.state", "i.id"),
    "due": (f"CASE WHEN s.state = {NEW} THEN 1 ELSE 0 END", "s.due", "i.id"),
    "lapses": ("s.lapses", "i.id"),
}

_COLUMNS = """i.id, d.slug, d.title, c.key, i.key, c.type, i.prompt, i.answer, s.state, s.due, s.lapses, s.reps,
              s.suspended, s.flagged, s.leech, i.tags, d.tags"""
_LEAN = "FROM item AS i JOIN item_state AS s ON s.item_id = i.id AND s.learner_id = :learner"  # what WHERE needs
_FROM = f"{_LEAN} JOIN card AS c ON c.id = i.card_id JOIN deck AS d ON d.id = i.deck_id"

Row = tuple[Any, ...]  # _COLUMNS, then the sort key values


@dataclass(frozen=True)
class _Deck:
    id: int
    slug: str
    title: str
    tags: tuple[str, ...]


def _decks(conn: Any) -> list[_Deck]:
    return [_Deck(int(r[0]), str(r[1]), str(r[2]), tuple(str(t) for t in json_column(r[3]) or ()))
            for r in fetch(conn, "SELECT id, slug, title, tags FROM deck ORDER BY title, id")]


@dataclass(frozen=True)
class _Where:
    sql: str
    params: dict[str, Any]
    dense: str | None = None  # a pattern the search index holds in many items, to count from it
    listed: bool = False  # the items that can pass are listed by id (a word few items hold)


def _where(conn: Any, decks: list[_Deck], cond: Conditions) -> _Where:
    """The WHERE clause and its parameters. A word or tag found in a deck's title or tags matches
    every item of that deck (the few decks are checked here, not per row). Where there is a
    search index (quizapp.store.search_index), the items holding a word few items hold are read
    from it once, here, and listed."""
    clauses = ["i.retired = false"]
    indexed = bool(cond.words) and search_index.present(conn)
    params: dict[str, Any] = {}
    dense = None
    listed = False

    def ids(chosen: list[_Deck]) -> str:
        return ",".join(str(d.id) for d in chosen) or "NULL"  # our own integers, inlined

    if cond.deck is not None:
        clauses.append(f"i.deck_id IN ({ids([d for d in decks if d.slug == cond.deck])})")
    if cond.tag is not None:
        params["tag"] = tag_pattern(cond.tag)
        clauses.append(f"(i.tags LIKE :tag ESCAPE '\\' OR i.deck_id IN ({ids([d for d in decks if cond.tag in d.tags])}))")
    if cond.state is not None:
        params["state"] = cond.state
        clauses.append("s.state = :state")
    clauses += [f"s.{flag} = true" for flag in ("flagged", "leech", "suspended") if getattr(cond, flag)]
    for n, word in enumerate(cond.words):
        params[f"w{n}"] = f"%{like_escape(word)}%"
        in_deck = [d for d in decks if word in " ".join((d.title, *d.tags)).casefold()]
        clauses.append(f"(i.search LIKE :w{n} ESCAPE '\\'" + (f" OR i.deck_id IN ({ids(in_deck)}))" if in_deck else ")"))
        if indexed and not in_deck and search_index.usable(word):
            holding = search_index.holding(conn, word)
            if holding is None:
                dense = dense or word
            else:
                clauses.append(f"i.id IN ({','.join(str(i) for i in holding) or 'NULL'})")  # our own integers
                listed = True
    return _Where(" AND ".join(clauses), params, dense, listed)


def page(store: Store, learner_id: int, cond: Conditions, sort: str, reverse: bool, after: tuple[Any, ...] | None,
         limit: int | None) -> list[Row]:
    """Up to `limit` items (all with None) in sort order after the sort key `after` (keyset
    pagination: each row ends with its sort key values, to pass as `after` for the next page).

    By deck, each deck (or group of decks of one title) is read in turn on ix_item_browse, so the
    first page of a million items costs no more than the first page of ten; unless the items
    are listed by id (a rare word), when one query sorts those few (each deck's query looked
    every listed id up again: 15.7 ms for "4242" at a million items, 5.5 ms in one)."""
    with store.driver_read() as conn:
        decks = _decks(conn)
        return _page(conn, decks, _where(conn, decks, cond), learner_id, sort, reverse, after, limit)


def count(store: Store, learner_id: int, cond: Conditions, cap: int) -> int:
    """How many items pass (counting stops at `cap`)."""
    with store.driver_read() as conn:
        return _count(conn, _where(conn, _decks(conn), cond), learner_id, cap)


def search(store: Store, learner_id: int, cond: Conditions, sort: str, reverse: bool, limit: int,
           cap: int) -> tuple[list[Row], int]:
    """The first `limit` items in sort order and how many pass (counting stops at `cap`), from one
    snapshot and one look at the search index: what each search keystroke shows. When fewer than
    `limit` pass, the rows are the count."""
    with store.driver_read() as conn:
        decks = _decks(conn)
        where = _where(conn, decks, cond)
        rows = _page(conn, decks, where, learner_id, sort, reverse, None, limit)
        return rows, (len(rows) if len(rows) < limit else _count(conn, where, learner_id, cap))


def _page(conn: Any, decks: list[_Deck], where: _Where, learner_id: int, sort: str, reverse: bool,
          after: tuple[Any, ...] | None, limit: int | None) -> list[Row]:
    params = {**where.params, "learner": learner_id}
    keys = SORTS[sort]
    if sort != "deck" or where.listed:
        return _rows(conn, where.sql, params, keys, reverse, after, limit)
    groups: dict[str, list[_Deck]] = {}
    for deck in decks:
        groups.setdefault(deck.title, []).append(deck)
    found: list[Row] = []
    for title in sorted(groups, reverse=reverse):
        if after is not None and (title < after[0] if not reverse else title > after[0]):
            continue
        ids = ",".join(str(d.id) for d in groups[title])
        item_after = (after[1],) if after is not None and after[0] == title else None
        rows = _rows(conn, f"{where.sql} AND i.deck_id IN ({ids})", params, ("i.id",), reverse, item_after,
                     None if limit is None else limit - len(found))
        found += [(*r[:-1], title, r[-1]) for r in rows]
        if limit is not None and len(found) >= limit:
            break
    return found


def _rows(conn: Any, where: str, params: dict[str, Any], keys: tuple[str, ...], reverse: bool, after: tuple[Any, ...] | None,
          limit: int | None) -> list[Row]:
    order = ", ".join(f"{k} DESC" if reverse else k for k in keys)
    values = dict(params)
    if after is not None:
        values |= {f"k{n}": v for n, v in enumerate(after)}
        left, right = ", ".join(keys), ", ".join(f":k{n}" for n in range(len(keys)))
        if len(keys) > 1:  # a row value (SQLite and PostgreSQL compare them in order)
            left, right = f"({left})", f"({right})"
        where += f" AND {left} {'<' if reverse else '>'} {right}"
    return fetch(conn, f"SELECT {_COLUMNS}, {', '.join(keys)} {_FROM} WHERE {where} ORDER BY {order}"
                       + (f" LIMIT {int(limit)}" if limit is not None else ""), values)


def _count(conn: Any, where: _Where, learner_id: int, cap: int) -> int:
    params = {**where.params, "learner": learner_id}
    lean, condition = _LEAN, where.sql
    if where.dense is not None:  # read the word's items from the index, in order, until `cap` pass (not every item)
        lean = (f"FROM {search_index.TABLE} AS f CROSS JOIN item AS i ON i.id = f.rowid "
                "JOIN item_state AS s ON s.item_id = i.id AND s.learner_id = :learner")
        condition += f" AND f.{search_index.TABLE} MATCH :dense"
        params["dense"] = search_index.trigrams(where.dense)
    ((found,),) = fetch(conn, f"SELECT count(*) FROM (SELECT 1 {lean} WHERE {condition} LIMIT {int(cap)}) AS m", params)
    return int(found)


def total(store: Store, learner_id: int) -> int:
    """How many active items the learner has."""
    with store.driver_read() as conn:
        ((found,),) = fetch(conn, "SELECT count(*) FROM item_state WHERE learner_id = :learner AND retired = false",
                            {"learner": learner_id})
    return int(found)


def matching_ids(store: Store, learner_id: int, cond: Conditions) -> list[int]:
    """Every item that passes, in deck order."""
    with store.driver_read() as conn:
        where = _where(conn, _decks(conn), cond)
        return [int(r[0]) for r in fetch(conn, f"SELECT i.id {_FROM} WHERE {where.sql} ORDER BY d.title, i.id",
                                         {**where.params, "learner": learner_id})]


def choices(store: Store) -> tuple[list[tuple[str, str]], list[str]]:
    """The decks with active items (title, slug) and every tag of an active card or its deck, to
    filter by."""
    with store.driver_read() as conn:
        decks = [(str(t), str(s)) for t, s in fetch(
            conn, "SELECT title, slug FROM deck AS d WHERE EXISTS (SELECT 1 FROM item WHERE item.deck_id = d.id "
                  "AND item.retired = false) ORDER BY title, slug")]
        tags = {str(t) for (lines,) in fetch(conn, "SELECT DISTINCT tags FROM item WHERE retired = false")
                for t in str(lines).split("\n") if t}
        for (deck_tags,) in fetch(conn, "SELECT d.tags FROM deck AS d WHERE EXISTS (SELECT 1 FROM item WHERE "
                                        "item.deck_id = d.id AND item.retired = false)"):
            tags.update(str(t) for t in json_column(deck_tags) or ())
    return decks, sorted(tags)


def item_detail(store: Store, learner_id: int, item_id: int) -> tuple[ItemView, StateRow | None, list[dict[str, int | bool]]]:
    """An item as shown, the learner's state of it and every answer they gave it."""
    with store.driver_read() as conn:
        return (
            item_views(conn, [item_id])[item_id],
            read_states(conn, learner_id, [item_id])[item_id],
            history(conn, learner_id, item_id),
        )


def reset_items(store: Store, learner_id: int, item_ids: Sequence[int]) -> None:
    """Make items new again (their history is kept); they return in deck order."""
    ids = ",".join(str(int(i)) for i in item_ids) or "NULL"
    with store.driver_write() as conn:
        positions = dict(fetch(conn, f"SELECT id, position FROM item WHERE id IN ({ids})"))
        for item_id, before in read_states(conn, learner_id, item_ids).items():
            if before is not None:
                write_state(
                    conn,
                    learner_id,
                    item_id,
                    before,
                    StateRow(Memory(due=positions[item_id]), before.deck_id, flagged=before.flagged),
                )
