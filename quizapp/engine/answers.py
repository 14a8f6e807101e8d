"""Comparing answers and suggesting a rating: the rules every card type grades by. Pure functions.

The suggestion policy: a wrong answer suggests Again; a right one suggests Good; a right answer
given within the learner's `easy_seconds` suggests Easy, unless a typo had to be forgiven. The
learner may always override the suggestion.

Typed answers ignore case, accents, punctuation, surrounding whitespace and a leading "a", "an" or
"the"; any `accept` alternative counts; small typos are forgiven (none up to 3 characters, 1 up to
7, 2 up to 15, then 3); but numbers, years and sums must match exactly ("315" is not "351").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz.distance import Levenshtein

from quizapp.engine.scheduling import AGAIN, EASY, GOOD

TypedCase = Literal["exact", "normalized", "alternative", "typo", "number", "wrong", "empty"]
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_NUMBER = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?")


@dataclass(frozen=True)
class DiffPart:
    """One piece of a character diff: text in both, only in the answer given, or only in the expected."""

    op: Literal["equal", "given", "expected"]
    text: str


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer."""

    correct: bool
    rating: int  # the suggested rating
    reason: str  # one line for the learner
    case: str = ""  # for typed answers: which rule decided (exact, typo, number, ...)
    diff: tuple[DiffPart, ...] = field(default=())


def normalize(text: str) -> str:
    """Case, accents, punctuation, extra spaces and a leading article removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for ch in decomposed:
        category = unicodedata.category(ch)
        if category == "Mn":  # accents
            continue
        kept.append(" " if category[0] in "PSZ" else ch)
    collapsed = " ".join("".join(kept).split())
    return _ARTICLE.sub("", collapsed)


def numbers(text: str) -> list[str]:
    """The numbers in a text, thousands separators removed: "$1,250 in 2023" -> ["1250", "2023"]."""
    return [n.replace(",", "") for n in _NUMBER.findall(text)]


def _without_digits(text: str) -> str:
    return " ".join(re.sub(r"\d", " ", text).split())


def typo_tolerance(length: int) -> int:
    """How many edits are forgiven in an answer of this many characters."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 15:
        return 2
    return 3


def char_diff(given: str, expected: str) -> tuple[DiffPart, ...]:
    """A character diff from the answer given to the expected answer."""
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(None, given, expected, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", given[a1:a2]))
            continue
        if a2 > a1:
            parts.append(DiffPart("given", given[a1:a2]))
        if b2 > b1:
            parts.append(DiffPart("expected", expected[b1:b2]))
    return tuple(parts)


@dataclass(frozen=True)
class TypedMatch:
    """How a typed answer compares with the expected answers."""

    correct: bool
    case: TypedCase
    matched: str  # the expected answer it was compared with
    distance: int = 0


def match_typed(given: str, answers: Sequence[str]) -> TypedMatch:
    """Compare a typed answer with the expected answer and its alternatives."""
    main = answers[0]
    if not given.strip():
        return TypedMatch(False, "empty", main)
    given_norm = normalize(given)
    best: TypedMatch | None = None
    for index, answer in enumerate(answers):
        alternative = index > 0
        if given.strip() == answer.strip():
            return TypedMatch(True, "alternative" if alternative else "exact", answer)
        answer_norm = normalize(answer)
        if given_norm == answer_norm:
            return TypedMatch(True, "alternative" if alternative else "normalized", answer)
        if numbers(given) != numbers(answer):
            # Say "numbers must match" only when the rest of the answer was right.
            words_given, words_answer = _without_digits(given_norm), _without_digits(answer_norm)
            if best is None and Levenshtein.distance(words_given, words_answer) <= typo_tolerance(len(words_answer)):
                best = TypedMatch(False, "number", answer)
            continue
        distance = Levenshtein.distance(given_norm, answer_norm)
        if distance <= typo_tolerance(len(answer_norm)) and (best is None or not best.correct or distance < best.distance):
            best = TypedMatch(True, "typo", answer, distance)
    if best is not None and (best.correct or best.case == "number"):
        return best
    return TypedMatch(False, "wrong", main)


def suggest(correct: bool, duration_ms: int, easy_seconds: float, *, forgiven: bool = False) -> int:
    """The suggested rating under the documented policy."""
    if not correct:
        return AGAIN
    if not forgiven and duration_ms <= easy_seconds * 1000:
        return EASY
    return GOOD


_REASONS = {
    "exact": "Right.",
    "normalized": "Right (case, accents or punctuation ignored).",
    "number": "Wrong: the numbers must match exactly.",
    "wrong": "Wrong.",
    "empty": "No answer given.",
}


def grade_text(given: str, answers: Sequence[str], duration_ms: int, easy_seconds: float) -> Grade:
    """Grade a typed answer against the expected answer and its alternatives."""
    match = match_typed(given, answers)
    if match.case == "alternative":
        reason = f"Right: {match.matched!r} is an accepted answer."
    elif match.case == "typo":
        reason = f"Right, with {match.distance} typo{'s' * (match.distance != 1)} forgiven."
    else:
        reason = _REASONS[match.case]
    rating = suggest(match.correct, duration_ms, easy_seconds, forgiven=match.case == "typo")
    return Grade(match.correct, rating, reason, match.case, char_diff(given.strip(), match.matched))
