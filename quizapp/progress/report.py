"""The class report: every learner by deck, and the cards the class fails most.

Per learner and deck: items seen, true retention (reviews of review-state items recalled),
mastery (items whose current recall is at least the learner's desired retention), time studied
and quiz score (answers right on that deck's questions across quiz attempts). Per card across
learners: reviews, failures (Again) and the failure rate, from the counters kept on each item's
state (so an undone answer is not counted).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

from quizapp.engine import settings as config
from quizapp.engine.scheduling import Scheduler
from quizapp.store import report_queries
from quizapp.store.database import Store
from quizapp.store.sql import json_column


@dataclass(frozen=True)
class LearnerDeck:
    """One learner's figures on one deck."""

    learner: str
    deck: str
    items: int
    seen: int
    reviews: int
    retention: float | None
    mastery: float
    minutes: float
    quiz_answers: int
    quiz_score: float | None


@dataclass(frozen=True)
class CardFailures:
    """How the class does on one card."""

    deck: str
    card: str
    learners: int
    reviews: int
    failed: int

    @property
    def fail_rate(self) -> float:
        """Share of the card's reviews rated Again."""
        return self.failed / self.reviews if self.reviews else 0.0


@dataclass(frozen=True)
class Report:
    """The whole report."""

    rows: list[LearnerDeck]
    hardest: list[CardFailures]


def class_report(store: Store, at: int) -> Report:
    """Figures for every learner and deck, and the class's hardest cards."""
    data = report_queries.class_rows(store)
    learners, decks, states, reviews, memory, quizzes, cards = (data.learners, data.decks, data.states, data.reviews, data.memory,
                                                                data.quizzes, data.hardest)
    size = {(lid, did): (total, seen) for lid, did, total, seen in states}
    # PostgreSQL sums integers as numeric: back to int.
    done = {(lid, did): (int(n), int(ms or 0), int(due or 0), int(recalled or 0)) for lid, did, n, ms, due, recalled in reviews}
    mastered: dict[tuple[int, int], int] = {}
    schedulers = {}
    for learner_id, _name, settings_json in learners:
        settings = config.load(json_column(settings_json))
        schedulers[learner_id] = (Scheduler(settings, fuzz=False), settings.desired_retention)
    for learner_id, deck_id, stability, last_review in memory:
        scheduler, target = schedulers[learner_id]
        if scheduler.recall(stability, last_review, at) >= target:
            mastered[(learner_id, deck_id)] = mastered.get((learner_id, deck_id), 0) + 1
    quiz: dict[tuple[int, str], list[int]] = {}
    for learner_id, details in quizzes:
        for question in json_column(details):
            entry = quiz.setdefault((learner_id, question["deck"]), [0, 0])
            entry[0] += 1
            entry[1] += bool(question["correct"])
    rows: list[LearnerDeck] = []
    for learner_id, name, _ in learners:
        for deck_id, slug in decks:
            total, seen = size.get((learner_id, deck_id), (0, 0))
            answers, ms, due, recalled = done.get((learner_id, deck_id), (0, 0, 0, 0))
            asked, right = quiz.get((learner_id, slug), (0, 0))
            rows.append(LearnerDeck(
                learner=name, deck=slug, items=int(total), seen=int(seen or 0), reviews=int(answers),
                retention=recalled / due if due else None,
                mastery=mastered.get((learner_id, deck_id), 0) / total if total else 0.0,
                minutes=round(ms / 60000, 1), quiz_answers=asked, quiz_score=right / asked if asked else None,
            ))
    hardest = [CardFailures(slug, key, int(n), int(total), int(failed)) for slug, key, n, total, failed in cards]
    return Report(rows, hardest)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def markdown(report: Report) -> str:
    """The report as two Markdown tables."""
    if not report.rows:
        return "No learners or decks yet.\n"
    lines = ["## Learners by deck", "",
             "| learner | deck | items seen | reviews | true retention | mastery | minutes | quiz score |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in report.rows:
        quiz = f"{_pct(r.quiz_score)} of {r.quiz_answers}" if r.quiz_answers else "–"
        lines.append(f"| {r.learner} | {r.deck} | {r.seen}/{r.items} | {r.reviews} | {_pct(r.retention)} | {_pct(r.mastery)} | "
                     f"{r.minutes:g} | {quiz} |")
    lines += ["", "## Hardest cards (most often failed, all learners)", ""]
    if report.hardest:
        lines += ["| deck | card | learners | reviews | failed | fail rate |", "| --- | --- | ---: | ---: | ---: | ---: |"]
        lines += [
            f"| {c.deck} | {c.card} | {c.learners} | {c.reviews} | {c.failed} | {_pct(c.fail_rate)} |" for c in report.hardest
        ]
    else:
        lines.append("No card has been failed yet.")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "section",
    "learner",
    "deck",
    "items",
    "seen",
    "reviews",
    "retention",
    "mastery",
    "minutes",
    "quiz_answers",
    "quiz_score",
    "card",
    "learners",
    "failed",
    "fail_rate",
)


def as_csv(report: Report) -> str:
    """One CSV: `learner-deck` rows, then `card` rows for the hardest cards."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in report.rows:
        writer.writerow({"section": "learner-deck", **asdict(r)})
    for c in report.hardest:
        writer.writerow({"section": "card", **asdict(c), "fail_rate": c.fail_rate})
    return out.getvalue()


def as_json(report: Report) -> str:
    """The report as JSON."""
    return json.dumps(
        {
            "learners": [asdict(r) for r in report.rows],
            "hardest_cards": [{**asdict(c), "fail_rate": c.fail_rate} for c in report.hardest],
        },
        indent=2,
    )
