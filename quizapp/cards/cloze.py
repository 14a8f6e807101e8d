"""Cloze cards: text with Anki-style deletions `{{c1::answer}}` or `{{c1::answer::hint}}`;
each distinct number is its own item."""

from __future__ import annotations

import random
import re
from typing import Any, ClassVar, Literal

from quizapp.cards.base import CardBase, Report, Text, Where
from quizapp.cards.clozetext import CLOZE, cloze_deletions, cloze_render
from quizapp.cards.portable import Portable, Segment
from quizapp.cards.prompts import Prompt, ask_cloze, cloze_keys
from quizapp.cards.stored import LABELS


class ClozeCard(CardBase):
    """Text with Anki-style deletions: each distinct number is its own item."""

    LABEL: ClassVar[str] = LABELS["cloze"]
    type: Literal["cloze"]
    text: Text

    def item_keys(self) -> list[str]:
        return cloze_keys(self.text)

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return ask_cloze(self.text, item_key, quiz=quiz)

    def check(self, report: Report, *, warnings: bool = True) -> None:
        problems = cloze_problems(self.text)
        for start, end, message in problems:
            report(("text",), message, span=(start, end))
        if not problems and not cloze_deletions(self.text):
            report(("text",), "cloze text has no deletions; mark them like {{c1::answer}} or {{c1::answer::hint}}")

    def answer_texts(self) -> list[str]:
        return [d.answer for d in cloze_deletions(self.text)]

    def shown(self) -> list[tuple[Where, str]]:
        return [(("text",), CLOZE.sub(" ... ", self.text))]

    def portable(self) -> Portable:
        segments: list[Segment] = []
        at = 0
        for d in cloze_deletions(self.text):
            if d.start > at:
                segments.append(Segment(self.text[at : d.start]))
            segments.append(Segment(d.answer, d.number, d.hint))
            at = d.end
        if at < len(self.text):
            segments.append(Segment(self.text[at:]))
        front = "".join(s.text if not s.number else f"[{s.hint}]" if s.hint else "[...]" for s in segments)
        return self._portable(front, cloze_render(self.text, 0, reveal=True), question=self.text, segments=tuple(segments))

    @classmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        if card.question:
            return {"text": card.question}
        return {"text": "".join(cloze_mark(s.text, s.number, s.hint) if s.number else s.text for s in card.segments)}


_OPEN_OR_CLOSE = re.compile(r"\{\{|\}\}")
_NUMBERED = re.compile(r"c(\d+)(:*)(.*)", re.DOTALL)


def cloze_problems(text: str) -> list[tuple[int, int, str]]:
    """Every malformed deletion as (start, end, what is wrong), in the order written; also a gap
    in the numbers (c1, c3). A well-formed text gives an empty list."""
    problems: list[tuple[int, int, str]] = []
    numbers: dict[int, int] = {}  # number -> offset of its first deletion
    opened: int | None = None
    for match in _OPEN_OR_CLOSE.finditer(text):
        if match.group() == "{{":
            if opened is not None:
                problems.append((opened, match.start(), _unclosed(text[opened : match.start()])))
            opened = match.start()
            continue
        if opened is None:
            problems.append((match.start(), match.end(), "'}}' closes no deletion: open it with {{cN::"))
            continue
        start, end = opened, match.end()
        opened = None
        message, number = _deletion_problem(text[start + 2 : end - 2])
        if message:
            problems.append((start, end, f"deletion {_clip(text[start:end])!r}: {message}"))
        elif number is not None:
            numbers.setdefault(number, start)
    if opened is not None:
        problems.append((opened, len(text), _unclosed(text[opened:])))
    expected = 1
    for number in sorted(numbers):
        if number > expected:
            missing = ", ".join(f"c{n}" for n in range(expected, number))
            problems.append((numbers[number], numbers[number] + 2 + len(f"c{number}"),
                             f"cloze numbers skip {missing}: number the deletions c1, c2, c3 ... without gaps"))
        expected = number + 1
    return sorted(problems)


def _deletion_problem(inner: str) -> tuple[str, int | None]:
    """What is wrong with the inside of one {{...}} (empty when nothing is), and its number."""
    match = _NUMBERED.fullmatch(inner)
    if match is None:
        return "a deletion starts with c and a number, like {{c1::answer}}", None
    number, colons, rest = int(match.group(1)), match.group(2), match.group(3)
    if colons != "::":
        return f"write two colons after c{number}, like {{{{c{number}::answer}}}}", None
    if number < 1:
        return "cloze numbers start at 1 ({{c1::...}})", None
    answer, separator, hint = rest.partition("::")
    if not answer.strip():
        return "the answer is empty: write the hidden words after the two colons", None
    if separator and not hint.strip():
        return "the hint is empty: write a hint after the second '::', or leave out the '::'", None
    if "::" in hint:
        return "a deletion has at most an answer and a hint: {{cN::answer::hint}}", None
    return "", number


def _unclosed(deletion: str) -> str:
    return f"deletion {_clip(deletion.rstrip())!r} is not closed: end it with }}}}"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."

def cloze_mark(answer: str, number: int, hint: str | None = None) -> str:
    """One deletion as the deck format writes it."""
    return f"{{{{c{number}::{answer}::{hint}}}}}" if hint else f"{{{{c{number}::{answer}}}}}"
