"""The class report: how each student does on each deck, and how the class does on each card.

Figures (teachers are never counted; see the README's "Progress and reports"):
- accuracy: the share of answers that were right: graded right by the app, or, for cards the
  learner rates themselves, rated Hard or better. An override (graded wrong, rated Good) counts
  as wrong here, and is shown to the teacher per card.
- true retention: the share of answers to items in the review state rated Hard or better.
- mastery: the share of a deck's items answered right at least once whose current recall is at
  least the learner's desired retention.
- due now: studied items due at this instant; overdue: due more than a day ago.
- quizzes: each attempt scored on the deck's questions; the latest, the best and all attempts
  together, saying how many attempts there were.
Per card: answers, wrong answers, overrides and flags; the wrong answers typed (most frequent
first) with an `accept:` line for typed cards, and how often each wrong choice was picked.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from quizapp.cards import prompt_for
from quizapp.cards.choice import ChoiceCard
from quizapp.cards.item import ItemView
from quizapp.cards.typed import TypedCard
from quizapp.engine import settings as config
from quizapp.engine.answers import answer_key
from quizapp.engine.scheduling import Scheduler
from quizapp.printable import printable
from quizapp.store import report_queries
from quizapp.store.database import Store
from quizapp.store.report_queries import ClassRows, Scope
from quizapp.store.sql import json_column

__all__ = ["TABLES", "CardRow", "LearnerDeck", "Report", "Scope", "as_csv", "as_json", "class_report", "markdown"]

HARDEST_SHOWN = 20  # cards in the Markdown report; CSV and JSON have every card
WRONG_SHOWN = 5  # wrong answers (and choices) per card in Markdown
TABLES = ("learners", "cards")
# Answers typed by the learner (in study or quizzes): the card types whose wrong answers are text.
TEXT_ANSWERS = ("typed", "cloze", "basic")


@dataclass(frozen=True)
class QuizScore:
    """One attempt's score on one deck's questions."""

    attempt: int
    finished_at: int
    asked: int  # questions answered (the score's denominator)
    right: int
    unanswered: int  # skipped: the quiz ended early or time ran out


@dataclass(frozen=True)
class LearnerDeck:
    """One student's figures on one deck."""

    learner: str
    deck: str
    last_active: int | None  # the student's latest answer or quiz, any deck (never filtered)
    items: int
    seen: int
    mastered: int
    answers: int
    right: int
    retention_answers: int  # answers to items in the review state
    recalled: int
    minutes: float
    due: int  # due now
    overdue: int  # due more than a day ago
    quiz_attempts: int
    quiz_latest: float | None
    quiz_best: float | None
    quiz_all: float | None  # right answers over questions asked, every attempt

    @property
    def accuracy(self) -> float | None:
        """Share of answers that were right."""
        return self.right / self.answers if self.answers else None

    @property
    def retention(self) -> float | None:
        """True retention: share of review-state answers recalled."""
        return self.recalled / self.retention_answers if self.retention_answers else None

    @property
    def mastery(self) -> float:
        """Share of the deck's items mastered."""
        return self.mastered / self.items if self.items else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Every field and ratio, exact."""
        return {**asdict(self), "accuracy": self.accuracy, "retention": self.retention, "mastery": self.mastery}


@dataclass(frozen=True)
class CardRow:
    """How the class does on one item of a card."""

    deck: str
    card: str
    item: str  # the item key: main, fwd, rev, c1, c2, ...
    item_label: str  # "", "reverse side", "cloze 2"
    type: str
    question: str
    learners: int  # students who answered it
    answers: int
    wrong: int
    overrides: int  # graded wrong, rated Hard or better by the student
    flags: int  # students who flagged it
    quiz_asked: int  # quiz questions answered (skipped ones are not counted)
    quiz_right: int
    wrong_answers: list[tuple[str, int]] = field(default_factory=list)  # typed and cloze, most frequent first
    wrong_choices: list[tuple[str, int]] = field(default_factory=list)  # choices picked that are not right
    accept: str | None = None  # a line to paste into a typed card

    @property
    def accuracy(self) -> float | None:
        """Share of the item's answers that were right."""
        return (self.answers - self.wrong) / self.answers if self.answers else None

    def as_dict(self) -> dict[str, Any]:
        """Every field and ratio, exact."""
        data = asdict(self)
        data["wrong_answers"] = [{"answer": a, "count": n} for a, n in self.wrong_answers]
        data["wrong_choices"] = [{"choice": c, "count": n} for c, n in self.wrong_choices]
        return {**data, "accuracy": self.accuracy}


@dataclass(frozen=True)
class Report:
    """The whole report, for a scope, at an instant."""

    at: int
    scope: Scope
    rows: list[LearnerDeck]
    cards: list[CardRow]  # hardest first: lowest accuracy, then most wrong

    @property
    def hardest(self) -> list[CardRow]:
        """The cards the class got wrong, hardest first."""
        return [c for c in self.cards if c.wrong or c.overrides or c.flags or c.quiz_right < c.quiz_asked]


def item_label(view: ItemView) -> str:
    """Which item of its card: the reverse side, a cloze number, or nothing for a card's only item."""
    if view.item_key == "rev":
        return "reverse side"
    if view.item_key == "fwd" and view.card.item_keys() != ["fwd"]:
        return "front side"
    if view.card.type == "cloze":
        return f"cloze {view.item_key.removeprefix('c')}"
    return ""


def class_report(store: Store, at: int, scope: Scope | None = None) -> Report:
    """The report of every student (or those in `scope`) on every deck, and every card."""
    scope = scope or Scope()
    data = report_queries.class_rows(store, scope, at, _horizon)
    quiz_scores, quiz_items = _quizzes(data)
    rows = _learner_rows(data, quiz_scores)
    cards = _card_rows(data, quiz_items)
    return Report(at, scope, rows, cards)


def _horizon(settings_json: Any) -> float:
    """How long (in units of stability) a learner's recall stays at or above their desired retention."""
    settings = config.load(json_column(settings_json))
    return Scheduler(settings, fuzz=False).recall_horizon(settings.desired_retention)


def _learner_rows(data: ClassRows, quiz_scores: dict[tuple[int, str], list[QuizScore]]) -> list[LearnerDeck]:
    sums = {(r[0], r[1]): r[2:] for r in data.by_deck}
    rows = []
    for learner_id, name, _settings, last_review, last_quiz in data.learners:
        active = [int(t) for t in (last_review, last_quiz) if t is not None]
        for deck_id, slug in data.decks:
            items, seen, due, overdue, mastered, n, right, review_n, recalled, ms = sums.get((learner_id, deck_id), (0,) * 10)
            scores = quiz_scores.get((int(learner_id), str(slug)), [])
            ratios = [q.right / q.asked for q in scores if q.asked]
            asked = sum(q.asked for q in scores)
            rows.append(LearnerDeck(
                learner=str(name), deck=str(slug), last_active=max(active) if active else None, items=items, seen=seen,
                mastered=mastered, answers=n, right=right, retention_answers=review_n, recalled=recalled,
                minutes=round(ms / 60000, 1), due=due, overdue=overdue, quiz_attempts=len(scores),
                quiz_latest=ratios[-1] if ratios else None, quiz_best=max(ratios) if ratios else None,
                quiz_all=sum(q.right for q in scores) / asked if asked else None,
            ))
    return rows


@dataclass
class _QuizItem:
    asked: int = 0
    right: int = 0
    wrong_given: list[str] = field(default_factory=list)


def _quizzes(data: ClassRows) -> tuple[dict[tuple[int, str], list[QuizScore]], dict[int, _QuizItem]]:
    """Per student and deck, each attempt's score; per item, questions asked, right and the wrong
    answers given. Unanswered questions (the quiz ended early or time ran out) are not answers:
    they are counted as skipped, never as asked and wrong, as on the learner's result screen."""
    decks = {str(slug) for _id, slug in data.decks}
    scores: dict[tuple[int, str], list[QuizScore]] = {}
    items: dict[int, _QuizItem] = {}
    for learner_id, attempt_id, finished_at, details in data.quizzes:
        per_deck: dict[str, list[int]] = {}
        for question in json_column(details) or []:
            deck = str(question.get("deck", ""))
            if deck not in decks:
                continue
            answered = bool(question.get("answered", True))
            correct = bool(question.get("correct"))
            entry = per_deck.setdefault(deck, [0, 0, 0])
            entry[0] += answered
            entry[1] += answered and correct
            entry[2] += not answered
            item_id = data.keyed.get((deck, str(question.get("card", "")), str(question.get("item", ""))))
            if item_id is None or not answered:
                continue  # the card was removed from the deck since, or the question was skipped
            item = items.setdefault(item_id, _QuizItem())
            item.asked += 1
            item.right += correct
            if answered and not correct and isinstance(question.get("given"), str) and question["given"].strip():
                item.wrong_given.append(question["given"])
        for deck, (asked, right, unanswered) in per_deck.items():
            scores.setdefault((int(learner_id), deck), []).append(QuizScore(int(attempt_id), int(finished_at), asked, right,
                                                                            unanswered))
    return scores, items


def _card_rows(data: ClassRows, quiz_items: dict[int, _QuizItem]) -> list[CardRow]:
    counts = {r[0]: r[1:] for r in data.by_item}  # item -> students who answered, answers, wrong, overrides, flags
    given: dict[int, list[tuple[Any, int, int]]] = {}
    for item_id, value, n, overrides in data.given:
        given.setdefault(int(item_id), []).append((_decoded(value), int(n), int(overrides or 0)))
    rows = []
    for item_id, view in data.views.items():
        learners, answers, wrong, overrides, flags = counts.get(item_id, (0, 0, 0, 0, 0))
        quiz = quiz_items.get(item_id, _QuizItem())
        texts: list[tuple[str, int, int]] = [(v, n, o) for v, n, o in given.get(item_id, []) if isinstance(v, str)]
        if view.card.type in TEXT_ANSWERS:
            texts += [(text, 1, 0) for text in quiz.wrong_given]
        wrong_answers, overridden = _grouped(texts)
        choices = _wrong_choices(view, given.get(item_id, []), quiz.wrong_given)
        rows.append(CardRow(
            deck=view.deck_slug, card=view.card.id, item=view.item_key, item_label=item_label(view), type=view.card.type,
            question=prompt_for(view.card, view.item_key, 0).question, learners=learners, answers=answers, wrong=wrong,
            overrides=overrides, flags=flags, quiz_asked=quiz.asked, quiz_right=quiz.right,
            wrong_answers=wrong_answers, wrong_choices=choices, accept=_accept(view, wrong_answers, overridden),
        ))
    rows.sort(key=lambda c: (_hardness(c), c.deck, c.card, c.item))
    return rows


def _hardness(card: CardRow) -> tuple[float, int, int]:
    """Sort key: lowest accuracy (answers and quiz questions together) first, then most wrong."""
    asked = card.answers + card.quiz_asked
    right = card.answers - card.wrong + card.quiz_right
    return (right / asked if asked else 2.0, -(card.wrong + card.quiz_asked - card.quiz_right), -card.overrides - card.flags)


def _decoded(value: Any) -> Any:
    try:
        return json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return value  # written by hand: keep it as text


def _grouped(texts: Iterable[tuple[str, int, int]]) -> tuple[list[tuple[str, int]], list[str]]:
    """Wrong answers grouped as grading compares them (case, accents, punctuation, a unit after a
    number), each shown in
    its most frequent spelling (then the shortest), most frequent first; and the spellings some
    student overrode as right, as they typed them."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    overridden: Counter[str] = Counter()
    for text, n, overrides in texts:
        key = answer_key(text) or text.strip()
        if not key:
            continue
        counts[key] += n
        spellings.setdefault(key, Counter())[text.strip()] += n
        if overrides:
            overridden[text.strip()] += overrides
    best = {key: min(found.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for key, found in spellings.items()}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], best[kv[0]]))
    return [(best[key], n) for key, n in ordered], [text for text, _n in overridden.most_common()]


def _wrong_choices(view: ItemView, given: list[tuple[Any, int, int]], quiz_given: list[str]) -> list[tuple[str, int]]:
    """How often each wrong choice was picked (study answers keep the choices; quiz answers keep
    them joined by "; ", matched here against the card's choices)."""
    card = view.card.model
    if not isinstance(card, ChoiceCard):
        return []
    wrong = [c for c in card.choices if c not in card.answers]
    picked: Counter[str] = Counter()
    for value, n, _overrides in given:
        for choice in value if isinstance(value, list) else []:
            if choice in wrong:
                picked[choice] += n
    for text in quiz_given:
        parts = f"; {text}; "
        for choice in wrong:
            if f"; {choice}; " in parts:
                picked[choice] += 1
    return sorted(picked.items(), key=lambda kv: (-kv[1], kv[0]))


def _accept(view: ItemView, wrong_answers: list[tuple[str, int]], overridden: list[str]) -> str | None:
    """For a typed card with wrong answers, an `accept:` line to paste into its deck file: the
    alternatives it has, plus the answers students overrode as right (or else the most frequent
    wrong answer), for the author to judge."""
    card = view.card.model
    if not isinstance(card, TypedCard) or not wrong_answers:
        return None
    new = overridden or [wrong_answers[0][0]]
    return "accept: " + json.dumps([*card.accept, *(a for a in new if a not in card.accept)], ensure_ascii=False)


# -- formats ---------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _date(at: int | None) -> str:
    from datetime import UTC, datetime

    return "never" if at is None else datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d")


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a `|` would end the cell, a newline the row; nothing in it
    reaches the terminal as a control character."""
    return printable(text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " "))


def _quiz(row: LearnerDeck) -> str:
    if not row.quiz_attempts:
        return "–"
    attempts = f"{row.quiz_attempts} attempt{'s' * (row.quiz_attempts != 1)}"
    return f"{_pct(row.quiz_latest)} latest · {_pct(row.quiz_best)} best · {_pct(row.quiz_all)} all {attempts}"


def markdown(report: Report) -> str:
    """The report as Markdown: students by deck, then the hardest cards with the answers given."""
    if not report.rows:
        return "No students or decks yet (teachers are not counted).\n"
    since = f" since {_date(report.scope.since)}" if report.scope.since is not None else ""
    lines = [f"## Students by deck{since}", "",
             "| learner | deck | last active | accuracy | true retention | mastery | seen | due now | overdue | minutes "
             "| quizzes |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in report.rows:
        accuracy = f"{_pct(r.accuracy)} of {r.answers}" if r.answers else "–"
        retention = f"{_pct(r.retention)} of {r.retention_answers}" if r.retention_answers else "–"
        lines.append(f"| {_cell(r.learner)} | {_cell(r.deck)} | {_date(r.last_active)} | {accuracy} | {retention} | "
                     f"{_pct(r.mastery)} ({r.mastered}/{r.items}) | {r.seen}/{r.items} | {r.due} | {r.overdue} | "
                     f"{r.minutes:g} | {_quiz(r)} |")
    lines += ["", "Accuracy: answers right. Mastery: items answered right at least once whose recall now is at least "
                  "the desired retention. Overdue: due more than a day ago.", "",
              f"## Hardest cards{since}", ""]
    hardest = report.hardest[:HARDEST_SHOWN]
    if not hardest:
        lines.append("No card has been answered wrong yet.")
    for c in hardest:
        which = f" ({c.item_label})" if c.item_label else ""
        quiz = f", quizzes {c.quiz_right}/{c.quiz_asked} right" if c.quiz_asked else ""
        lines += [f"### {_cell(c.deck)} / {_cell(c.card)}{which}: {_pct(c.accuracy)} right", "",
                  f"{_cell(c.question)}", "",
                  f"- {c.answers} answer{'s' * (c.answers != 1)} by {c.learners} student{'s' * (c.learners != 1)}, "
                  f"{c.wrong} wrong{quiz}; "
                  f"{c.overrides} override{'s' * (c.overrides != 1)}, flagged by {c.flags}"]
        if c.wrong_answers:
            shown = ", ".join(f"\"{_cell(a)}\" ×{n}" for a, n in c.wrong_answers[:WRONG_SHOWN])
            lines.append(f"- wrong answers: {shown}")
        if c.wrong_choices:
            shown = ", ".join(f"\"{_cell(a)}\" ×{n}" for a, n in c.wrong_choices[:WRONG_SHOWN])
            lines.append(f"- wrong choices picked: {shown}")
        if c.accept:
            lines.append(f"- suggestion for the deck file: `{c.accept}`")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# OWASP's advice against formula injection: a cell that starts with one of these is read as a
# formula by spreadsheets, so it gets a leading apostrophe (shown as text, never run).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: numbers as they are, text neutralised if a spreadsheet would read
    it as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _table(report: Report, table: str) -> tuple[list[str], list[dict[str, Any]]]:
    if table == "learners":
        learner_rows = [r.as_dict() for r in report.rows]
        return (list(learner_rows[0]) if learner_rows else list(LearnerDeck.__dataclass_fields__)), learner_rows
    card_rows = []
    for c in report.cards:
        data = c.as_dict()
        data["wrong_answers"] = "; ".join(f"{a} ×{n}" for a, n in c.wrong_answers)
        data["wrong_choices"] = "; ".join(f"{a} ×{n}" for a, n in c.wrong_choices)
        card_rows.append(data)
    return (list(card_rows[0]) if card_rows else [*CardRow.__dataclass_fields__, "accuracy"]), card_rows


def as_csv(report: Report, table: str = "learners") -> str:
    """One table of the report as CSV (`learners` or `cards`); text cells are quoted and
    neutralised against formula injection; ratios are exact."""
    columns, rows = _table(report, table)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell("" if v is None else v) for k, v in row.items()})
    return out.getvalue()


def as_json(report: Report) -> str:
    """The report as JSON, every ratio exact."""
    scope = {"decks": list(report.scope.decks), "learners": list(report.scope.learners), "since": report.scope.since}
    return json.dumps({"at": report.at, "scope": scope, "learners": [r.as_dict() for r in report.rows],
                       "cards": [c.as_dict() for c in report.cards]}, indent=2, ensure_ascii=False)
