"""Comparing answers and suggesting a rating: the rules every card type grades by. Pure functions.

The suggestion policy: a wrong answer suggests Again; a right one suggests Good; a right answer
given within the learner's `easy_seconds` suggests Easy, unless something had to be forgiven (a
typo, or extra words). The learner may always override the suggestion.

Typed answers are compared as canonical tokens (see `canonical`):
- case, accents, punctuation, surrounding whitespace and a leading "a", "an" or "the" are ignored;
  "U.S." is "US" and "People's" is "Peoples";
- a number is the same however it is written: "$220,000,000", "$220 million", "220 million
  dollars" and "two hundred twenty million dollars" are one number of dollars; "fourth", "4th"
  and "4" are one number (an ordinal and a cardinal of the same value are not told apart);
- a currency may be left out ("315 billion" for "$315 billion"), but not changed;
- symbols count: "C++" and "C#" are not "C", and an answer made only of symbols or emoji must be
  given exactly;
- any `accept` alternative counts;
- small typos are forgiven (none up to 3 characters, 1 up to 7, 2 up to 15, then 3), but never in
  a number: "315" is not "351" and "-5" is not "5";
- a fuller answer is not a wrong one: an answer that contains an expected answer whole plus a few
  words ("in 1910", "7 bases", "presidential retreat in Maryland") is right, as long as the extra
  words carry no other number, no symbol and no hedge ("or", "not", ...). It suggests Good, never
  Easy: the extra words cost the quick-answer bonus, not the grade.

The feedback's diff compares folded characters, so it shows only what counted: a difference in
case or punctuation that was ignored is never shown as an edit.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import Levenshtein

from quizapp.engine.scheduling import AGAIN, EASY, GOOD

TypedCase = Literal["exact", "normalized", "alternative", "contains", "typo", "number", "wrong", "empty"]

ARTICLES = frozenset({"the", "a", "an"})
# Words that turn "contains the answer" into a hedge or a denial: "Seoul or Tokyo", "not Seoul".
HEDGES = frozenset({
    "or", "and", "nor", "not", "no", "never", "neither", "either", "except", "but", "without", "non", "versus", "vs",
    "maybe", "perhaps", "possibly", "instead", "rather", "unlike", "isnt", "wasnt", "arent", "werent", "dont", "doesnt",
    "didnt", "cannot", "cant", "wont",
})
# At most this many extra words (or as many as the expected answer has, if more) make a fuller answer.
EXTRA_WORDS = 3

# Punctuation that carries meaning and is kept as a symbol ("C#", "50%" becomes "50 percent").
_KEPT_PUNCTUATION = frozenset("#%&@*§†‰")
_WORDS_FOR = {"%": "percent", "&": "and", "‰": "permille"}
_CURRENCY = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₩": "won", "₹": "rupees"}
_CURRENCY_WORDS = {
    "dollar": "dollars", "usd": "dollars", "euro": "euros", "eur": "euros", "pound": "pounds", "gbp": "pounds",
    "jpy": "yen", "krw": "won", "rupee": "rupees", "inr": "rupees",
}
_SCALES = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6, "mio": 10**6, "billion": 10**9, "b": 10**9,
    "bn": 10**9, "trillion": 10**12, "tn": 10**12,
}
_SHORT_SCALES = frozenset({"k", "m", "b"})  # only after a currency sign: "$220m", never "100m" (metres)

_INITIALISM = re.compile(r"(?<!\w)[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)")  # u.s. / d.c / e.g.
_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ`](?=\w)")
_US_DOLLAR = re.compile(r"(?<!\w)us\s?\$")
_NEGATIVE = re.compile(r"(?<![\w.,])[-−–](?=\d)")
_DASH = re.compile(r"[-‐‑‒–—―−]")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_NAMES = "|".join(sorted(_SCALES, key=len, reverse=True))
_SCALED = re.compile(rf"(?P<sign>[$€£¥₩₹]\s*)?(?P<number>{_NUMBER})\s*(?P<scale>{_SCALE_NAMES})(?!\w)")
_TOKEN = re.compile(rf"(?P<number>{_NUMBER})(?:st|nd|rd|th)?(?![^\W_])|(?P<word>\w+)|(?P<other>\S)")


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


# -- canonical tokens ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Casefolded, compatibility-decomposed, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _number_text(value: Decimal) -> str:
    """A number as one canonical string: no exponent, no trailing zeros after the point."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(match: re.Match[str]) -> str:
    sign, scale = match["sign"], match["scale"]
    if scale in _SHORT_SCALES and not sign:
        return match.group()
    value = Decimal(match["number"].replace(",", "")) * _SCALES[scale]
    return f"{(sign or '').strip()}{_number_text(value)}"


def _is_kept_symbol(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] == "S" or ch in _KEPT_PUNCTUATION or category in ("Co", "Cn")


@lru_cache(maxsize=4096)
def canonical(text: str) -> tuple[str, ...]:
    """The tokens an answer is compared by: words, numbers (as plain decimals, "-5", "1.5") and
    kept symbols, with currency signs after their number as words ("$220m" -> 220000000 dollars)."""
    from text_to_num import alpha2digit  # the Rust extension loads only when an answer is graded

    s = _fold(text)
    s = _INITIALISM.sub(lambda m: m.group().replace(".", ""), s)
    s = _APOSTROPHE.sub("", s)
    s = _US_DOLLAR.sub("$", s)
    s = _NEGATIVE.sub(" minus ", s)
    s = _DASH.sub(" ", s)
    s = _SCALED.sub(_scaled, s)
    s = alpha2digit(s, "en", 0.0)  # spelled numbers: "two hundred twenty million" -> 220000000, "fourth" -> 4th
    s = _SCALED.sub(_scaled, s)  # "1.5 million" written half in words
    tokens: list[str] = []
    for match in _TOKEN.finditer(s):
        if match["number"]:
            try:
                tokens.append(_number_text(Decimal(match["number"].replace(",", ""))))
            except InvalidOperation:  # pragma: no cover - the pattern only matches decimals
                tokens.append(match["number"])
        elif match["word"]:
            word = match["word"]
            tokens.append(_CURRENCY_WORDS.get(word, word))
        else:
            ch = match["other"]
            if ch in _CURRENCY or ch in _WORDS_FOR:
                tokens.append(ch)
            elif _is_kept_symbol(ch):
                tokens.append(ch)
    return _settle(tokens)


def _settle(tokens: list[str]) -> tuple[str, ...]:
    """Currency signs after their number, symbol words spelled out, signs folded into numbers,
    and a leading article dropped."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _CURRENCY:
            if i + 1 < len(tokens) and is_number(tokens[i + 1]):
                out += [tokens[i + 1], _CURRENCY[token]]
                i += 2
                continue
            out.append(_CURRENCY[token])
        elif token in _WORDS_FOR:
            out.append(_WORDS_FOR[token])
        elif token in ("minus", "negative") and i + 1 < len(tokens) and is_number(tokens[i + 1]):
            value = tokens[i + 1]
            out.append(value if value == "0" else f"-{value}")
            i += 2
            continue
        else:
            out.append(token)
        i += 1
    if len(out) > 1 and out[0] in ARTICLES:
        out = out[1:]
    return tuple(out)


def is_number(token: str) -> bool:
    """True for a canonical number token ("1910", "-5", "1.5")."""
    return bool(re.fullmatch(r"-?\d+(?:\.\d+)?", token))


def _is_symbol(token: str) -> bool:
    return not token[0].isalnum() and not is_number(token)


def _digits(tokens: Sequence[str]) -> list[str]:
    """Every number, and every digit run inside a word with the letters glued after it ("f16" ->
    "16", "220m" -> "220m", "1990s" -> "1990s"): they must match exactly, so "220" is never one
    typo away from "220m"."""
    found: list[str] = []
    for token in tokens:
        if is_number(token):
            found.append(token)
        else:
            found += re.findall(r"\d+[^\W\d_]*", token)
    return sorted(found)


def normalize(text: str) -> str:
    """The canonical tokens of an answer as one string."""
    return " ".join(canonical(text))


def answer_key(text: str) -> str:
    """An answer as grading tells answers apart, for counting them: canonical tokens, with a
    currency after a number left out ("$351 Billion" and "351 billion" are one answer, as grading
    accepts a number with or without its unit)."""
    units = set(_CURRENCY.values()) | set(_CURRENCY_WORDS.values())
    tokens = canonical(text)
    return " ".join(t for i, t in enumerate(tokens) if not (t in units and i > 0 and is_number(tokens[i - 1])))


def numbers(text: str) -> list[str]:
    """The numbers in a text, in canonical form: "$1,250 in 2023" -> ["1250", "2023"]."""
    return [t for t in canonical(text) if is_number(t)]


def typo_tolerance(length: int) -> int:
    """How many edits are forgiven in an answer of this many characters."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 15:
        return 2
    return 3


# -- matching -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TypedMatch:
    """How a typed answer compares with the expected answers."""

    correct: bool
    case: TypedCase
    matched: str  # the expected answer it was compared with
    distance: int = 0
    extra: tuple[str, ...] = ()  # for "contains": the words beyond the expected answer


def _close(given: Sequence[str], expected: Sequence[str]) -> int | None:
    """Edit distance between two token runs when within the typo tolerance and every number and
    symbol is the same; None otherwise."""
    if _digits(given) != _digits(expected):
        return None
    if [t for t in given if _is_symbol(t)] != [t for t in expected if _is_symbol(t)]:
        return None
    joined = " ".join(expected)
    distance = Levenshtein.distance(" ".join(given), joined)
    return distance if distance <= typo_tolerance(len(joined)) else None


def _contains(given: Sequence[str], expected: Sequence[str]) -> tuple[int, tuple[str, ...]] | None:
    """(distance, extra words) when `given` holds `expected` whole plus a few harmless words."""
    size = len(expected)
    extra_count = len(given) - size
    if size == 0 or not 1 <= extra_count <= max(EXTRA_WORDS, size):
        return None
    if any(t in HEDGES and t not in expected for t in given):
        return None
    best: tuple[int, tuple[str, ...]] | None = None
    for start in range(extra_count + 1):
        rest = (*given[:start], *given[start + size :])
        if any(is_number(t) or _is_symbol(t) or t in HEDGES or any(c.isdigit() for c in t) for t in rest):
            continue
        distance = _close(given[start : start + size], expected)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, rest)
    return best


_UNITS = frozenset(_CURRENCY.values())


def _unit_optional(expected: tuple[str, ...], given: tuple[str, ...]) -> tuple[str, ...]:
    """The expected tokens without their currency when the answer names none: "315 billion" is
    right for "$315 billion" (a different currency named is still wrong)."""
    if any(t in _UNITS for t in given) or not any(is_number(t) for t in expected):
        return expected
    return tuple(t for t in expected if t not in _UNITS) or expected


def match_typed(given: str, answers: Sequence[str]) -> TypedMatch:
    """Compare a typed answer with the expected answer and its alternatives."""
    main = answers[0]
    if not given.strip():
        return TypedMatch(False, "empty", main)
    tokens = canonical(given)
    typo: TypedMatch | None = None
    fuller: TypedMatch | None = None
    number: TypedMatch | None = None
    for index, answer in enumerate(answers):
        alternative = index > 0
        if given.strip() == answer.strip():
            return TypedMatch(True, "alternative" if alternative else "exact", answer)
        expected = _unit_optional(canonical(answer), tokens)
        if not expected or not tokens:
            # Only symbols or punctuation on one side: nothing to fold, so it must be given as written.
            if unicodedata.normalize("NFKC", given).split() == unicodedata.normalize("NFKC", answer).split():
                return TypedMatch(True, "alternative" if alternative else "normalized", answer)
            continue
        if tokens == expected:
            return TypedMatch(True, "alternative" if alternative else "normalized", answer)
        distance = _close(tokens, expected)
        if distance is not None:
            if typo is None or distance < typo.distance:
                typo = TypedMatch(True, "typo", answer, distance)
            continue
        contained = _contains(tokens, expected)
        if contained is not None:
            if fuller is None or (contained[0], len(contained[1])) < (fuller.distance, len(fuller.extra)):
                fuller = TypedMatch(True, "contains", answer, contained[0], contained[1])
            continue
        if number is None and _digits(tokens) != _digits(expected):
            # Say "numbers must match" only when the rest of the answer was right.
            words, words_expected = [t for t in tokens if not is_number(t)], [t for t in expected if not is_number(t)]
            joined = " ".join(words_expected)
            if Levenshtein.distance(" ".join(words), joined) <= typo_tolerance(len(joined)):
                number = TypedMatch(False, "number", answer)
    found = typo or fuller or number or TypedMatch(False, "wrong", main)
    if not found.correct and (fixed := _fix_scale_typos(given)) != given:
        retried = match_typed(fixed, answers)
        if retried.correct:  # "$315 bilion": one typo, in a word that scales a number
            return TypedMatch(True, "typo", retried.matched, retried.distance + 1)
    return found


_SCALE_WORDS = ("thousand", "million", "billion", "trillion")
_AFTER_NUMBER = re.compile(r"(?<=\d)(\s*)([^\W\d_]{6,9})(?!\w)")


def _fix_scale_typos(text: str) -> str:
    """`text` with a misspelt scale word after a number put right ("315 bilion" -> "315 billion")."""

    def fix(match: re.Match[str]) -> str:
        word = match[2].casefold()
        if word in _SCALE_WORDS:
            return match.group()
        close = [w for w in _SCALE_WORDS if Levenshtein.distance(word, w) == 1]
        return match[1] + close[0] if close else match.group()

    return _AFTER_NUMBER.sub(fix, text)


def suggest(correct: bool, duration_ms: int, easy_seconds: float, *, forgiven: bool = False) -> int:
    """The suggested rating under the documented policy."""
    if not correct:
        return AGAIN
    if not forgiven and duration_ms <= easy_seconds * 1000:
        return EASY
    return GOOD


_REASONS = {
    "exact": "Right.",
    "normalized": "Right (case, accents, punctuation or the way a number is written ignored).",
    "number": "Wrong: the numbers must match exactly.",
    "wrong": "Wrong.",
    "empty": "No answer given.",
}


def _reason(match: TypedMatch) -> str:
    typos = f"{match.distance} typo{'s' * (match.distance != 1)} forgiven"
    if match.case == "alternative":
        return f"Right: {match.matched!r} is an accepted answer."
    if match.case == "typo":
        return f"Right, with {typos}."
    if match.case == "contains":
        extra = " ".join(match.extra)
        return (f"Right: your answer contains {match.matched!r}; the extra words ({extra!r}) were not needed"
                + (f", and {typos}." if match.distance else "."))
    return _REASONS[match.case]


def grade_text(given: str, answers: Sequence[str], duration_ms: int, easy_seconds: float) -> Grade:
    """Grade a typed answer against the expected answer and its alternatives."""
    match = match_typed(given, answers)
    forgiven = match.case in ("typo", "contains")
    rating = suggest(match.correct, duration_ms, easy_seconds, forgiven=forgiven)
    # Only what counted is shown: no diff for an answer taken as it is, or for the words a fuller
    # answer added.
    shown = match.case in ("typo", "number", "wrong")
    return Grade(match.correct, rating, _reason(match), match.case, char_diff(given.strip(), match.matched) if shown else ())


# -- the diff ---------------------------------------------------------------------------------------


def _keys(text: str) -> tuple[list[str], list[int]]:
    """The characters that count, folded (case, accents), with their offsets in `text`; ignored
    punctuation is left out and runs of spaces count as one."""
    keys: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold(ch)
        if not folded:
            continue
        if folded.isspace() or unicodedata.category(ch) == "Pd":  # a dash separates words, as a space does
            if keys and keys[-1] != " ":
                keys.append(" ")
                offsets.append(i)
            continue
        if unicodedata.category(ch)[0] == "P" and ch not in _KEPT_PUNCTUATION:
            continue
        keys.append(folded)
        offsets.append(i)
    if keys and keys[-1] == " ":
        keys.pop()
        offsets.pop()
    return keys, offsets


def _span(text: str, offsets: list[int], start: int, end: int) -> str:
    """The original text behind keys [start, end), ignored characters around them included."""
    begin = 0 if start == 0 else offsets[start]
    finish = len(text) if end >= len(offsets) else offsets[end]
    return text[begin:finish]


def char_diff(given: str, expected: str) -> tuple[DiffPart, ...]:
    """A character diff from the answer given to the expected answer, on folded characters: an
    ignored difference (case, accents, punctuation, spacing) is shown as equal, in the learner's
    own writing."""
    given_keys, given_at = _keys(given)
    expected_keys, expected_at = _keys(expected)
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(None, given_keys, expected_keys, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", _span(given, given_at, a1, a2)))
            continue
        if a2 > a1:
            parts.append(DiffPart("given", _span(given, given_at, a1, a2)))
        if b2 > b1:
            # An insertion at the very end of the given text keeps the expected text's own spelling.
            parts.append(DiffPart("expected", expected[expected_at[b1] : expected_at[b2 - 1] + 1]))
    return tuple(p for p in parts if p.text)
