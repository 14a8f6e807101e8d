"""An Anki review log as a learner's own: answers mapped to our items, and each item's state
(its schedule from Anki, its FSRS memory replayed from the answers with fsrs-rs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.engine.profile import Profile
from quizapp.engine.replay import History, day_numbers, memory_states
from quizapp.engine.scheduling import Memory
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.interchange.anki_package import AnkiPackage, item_key
from quizapp.interchange.common import InterchangeError
from quizapp.store import history
from quizapp.store.item_states import StateRow

# Anki's revlog types: 0 learning, 1 review, 2 relearning, 3 filtered deck (cram), 4 manual,
# 5 rescheduled. The first two groups are answers; the last two are changes of date, not recall.
_ANSWERED = {0: LEARNING, 1: REVIEW, 2: RELEARNING, 3: REVIEW}
_DAY = 86400


@dataclass
class HistoryReport:
    """What a history import brought in."""

    reviews: int = 0
    items: int = 0
    left_out: int = 0  # revlog rows that are not answers (manual reschedules) or of cards not imported

    def __str__(self) -> str:
        left = f"; {self.left_out} log entries left out (reschedules, or cards not imported)" if self.left_out else ""
        return f"history: {self.reviews} reviews of {self.items} items, memory states recomputed with FSRS{left}"


def import_history(conn: Any, package: AnkiPackage, deck_slug: str, card_keys: dict[str, str],
                   kinds: dict[str, tuple[str, bool]], profile: Profile, now: int) -> HistoryReport:
    """Add the package's review log to the learner's and set their items' states, in `conn`'s
    transaction. `card_keys` maps a note ("note 123") to the card id it became, `kinds` a card id
    to its type and reverse flag."""
    items = history.item_ids(conn, deck_slug)
    by_anki_card: dict[int, tuple[int, int]] = {}  # Anki card id -> (item id, deck id)
    anki_cards = {}
    for note_id, cards in package.cards.items():
        key = card_keys.get(f"note {note_id}")
        if key is None:
            continue
        kind, reverse = kinds[key]
        for card in cards:
            ikey = item_key(kind, card.ord, reverse)
            found = items.get((key, ikey)) if ikey else None
            if found is not None:
                by_anki_card[card.id] = found
                anki_cards[found[0]] = (card, note_id)
    already = history.reviewed_items(conn, profile.id, [item for item, _ in by_anki_card.values()])
    if already:
        raise InterchangeError(f"learner {profile.name!r} already has reviews of {already} of these cards; "
                               "a review log is imported once (nothing was imported)")
    report = HistoryReport()
    answers: list[history.LoggedAnswer] = []
    replayed: dict[int, History] = {}  # item -> its answers as (study day, rating, instant), for the FSRS replay
    settings = profile.settings
    day = day_numbers(settings.zone(), settings.day_starts_at)
    previous_card: int | None = None
    reviews: History = []
    previous = 0
    for log_id, card_id, ease, duration, log_type in package.revlog:  # by card, then time
        target = by_anki_card.get(card_id)
        if target is None or log_type not in _ANSWERED or not 1 <= ease <= 4:
            report.left_out += 1
            continue
        item_id, at = target[0], log_id // 1000
        if duration < 0:
            duration = 0
        if card_id != previous_card:  # the card's first answer
            answers.append((item_id, at, ease, duration, NEW, None))
            reviews = replayed[item_id] = []
            previous_card = card_id
        else:
            answers.append((item_id, at, ease, duration, _ANSWERED[log_type], at - previous))
        reviews.append((day(at), ease, at))
        previous = at
    memory = memory_states(replayed, settings.parameters)
    states: dict[int, StateRow] = {}
    for item_id, (card, note_id) in anki_cards.items():
        answered = replayed.get(item_id)
        if card.type == 0 and not answered:
            continue  # still new: its row is a new one (made by the import, or after the history)
        stability, difficulty = memory.get(item_id, (float(max(card.ivl, 1)), 5.0))
        if card.type == REVIEW or card.queue == 3:
            due = now + (card.due - package.today) * _DAY
        elif card.type in (LEARNING, RELEARNING):
            due = card.due
        else:
            due = now
        deck_id = by_anki_card[card.id][1]
        states[item_id] = StateRow(
            Memory(state=card.type if card.type in (LEARNING, REVIEW, RELEARNING) else REVIEW,
                   step=0 if card.type in (LEARNING, RELEARNING) else None, stability=stability, difficulty=difficulty,
                   due=due, last_review=answered[-1][2] if answered else None, reps=card.reps, lapses=card.lapses),
            deck_id, suspended=card.queue == -1, flagged=card.flags != 0, leech=note_id in package.leeches,
            fails=[rating for _, rating, _ in answered].count(1) if answered else 0,
        )
    history.add_history(conn, profile.id, answers, states)
    report.reviews, report.items = len(answers), len(states)
    return report
