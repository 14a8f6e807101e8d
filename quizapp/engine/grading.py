"""Grading answers and suggesting a rating. Pure functions: no database, no terminal.

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

from quizapp.engine.prompts import ChoicePrompt, ClozeTypedPrompt, MatchPrompt, OrderPrompt, Prompt, TrueFalsePrompt, TypedPrompt
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


def grade_typed(prompt: TypedPrompt, given: str, duration_ms: int, easy_seconds: float) -> Grade:
    """Grade a typed answer."""
    match = match_typed(given, prompt.answers)
    reasons = {
        "exact": "Right.",
        "normalized": "Right (case, accents or punctuation ignored).",
        "alternative": f"Right: {match.matched!r} is an accepted answer.",
        "typo": f"Right, with {match.distance} typo{'s' * (match.distance != 1)} forgiven.",
        "number": "Wrong: the numbers must match exactly.",
        "wrong": "Wrong.",
        "empty": "No answer given.",
    }
    rating = suggest(match.correct, duration_ms, easy_seconds, forgiven=match.case == "typo")
    return Grade(match.correct, rating, reasons[match.case], match.case, char_diff(given.strip(), match.matched))


def grade_cloze(prompt: ClozeTypedPrompt, given: Sequence[str], duration_ms: int, easy_seconds: float) -> Grade:
    """Grade typed cloze gaps, each like a typed answer."""
    matches = [match_typed(g, (a,)) for g, a in zip(list(given) + [""] * len(prompt.gaps), prompt.gaps)]
    right = sum(m.correct for m in matches)
    correct = right == len(prompt.gaps)
    forgiven = any(m.case == "typo" for m in matches)
    if len(matches) == 1:
        reason = grade_typed(TypedPrompt("", prompt.gaps), given[0] if given else "", duration_ms, easy_seconds).reason
    else:
        reason = f"{right} of {len(prompt.gaps)} gaps right." if not correct else "All gaps right."
    diff = char_diff(" | ".join(g.strip() for g in given), " | ".join(prompt.gaps))
    return Grade(correct, suggest(correct, duration_ms, easy_seconds, forgiven=forgiven), reason, "cloze", diff)


def grade_choice(prompt: ChoicePrompt, selected: Sequence[int], duration_ms: int, easy_seconds: float) -> Grade:
    """Grade chosen option indexes; select-all-that-apply must be exactly the right set."""
    chosen = frozenset(selected)
    correct = chosen == prompt.correct
    if correct:
        reason = "Right."
    elif prompt.multiple:
        hits = len(chosen & prompt.correct)
        wrong = len(chosen - prompt.correct)
        reason = f"Wrong: {hits} of {len(prompt.correct)} right answers chosen" + (f", {wrong} wrong one{'s' * (wrong != 1)}." if wrong else ".")
    else:
        reason = "Wrong."
    return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)


def grade_truefalse(prompt: TrueFalsePrompt, given: bool, duration_ms: int, easy_seconds: float) -> Grade:
    """Grade a true/false judgement."""
    correct = given == prompt.answer
    reason = "Right." if correct else f"Wrong: the statement is {'true' if prompt.answer else 'false'}."
    return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)


def grade_order(prompt: OrderPrompt, given: Sequence[str], duration_ms: int, easy_seconds: float) -> Grade:
    """Grade an ordering: right only when every item is in place."""
    in_place = sum(a == b for a, b in zip(given, prompt.correct))
    correct = list(given) == list(prompt.correct)
    reason = "Right." if correct else f"Wrong: {in_place} of {len(prompt.correct)} in place."
    return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)


def grade_match(prompt: MatchPrompt, given: dict[str, str], duration_ms: int, easy_seconds: float) -> Grade:
    """Grade pairings: right only when every left entry has its partner."""
    right = sum(given.get(left) == partner for left, partner in prompt.pairs.items())
    correct = right == len(prompt.pairs)
    reason = "Right." if correct else f"Wrong: {right} of {len(prompt.pairs)} pairs right."
    return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)


def grade(prompt: Prompt, response: object, duration_ms: int, easy_seconds: float) -> Grade:
    """Grade any auto-gradable prompt; the response's form depends on the prompt's type."""
    if isinstance(prompt, TypedPrompt):
        return grade_typed(prompt, str(response), duration_ms, easy_seconds)
    if isinstance(prompt, ClozeTypedPrompt):
        given = [response] if isinstance(response, str) else list(response)  # type: ignore[call-overload]
        return grade_cloze(prompt, given, duration_ms, easy_seconds)
    if isinstance(prompt, ChoicePrompt):
        return grade_choice(prompt, list(response), duration_ms, easy_seconds)  # type: ignore[call-overload]
    if isinstance(prompt, TrueFalsePrompt):
        return grade_truefalse(prompt, bool(response), duration_ms, easy_seconds)
    if isinstance(prompt, OrderPrompt):
        return grade_order(prompt, list(response), duration_ms, easy_seconds)  # type: ignore[call-overload]
    if isinstance(prompt, MatchPrompt):
        return grade_match(prompt, dict(response), duration_ms, easy_seconds)  # type: ignore[call-overload]
    raise TypeError(f"{type(prompt).__name__} is self-graded")
