"""A printable quiz: one self-contained HTML page per copy, each shuffled differently, then an
answer key per copy (answers, explanations, quotes), each starting on a new printed page."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from pathlib import Path

from quizapp.cards.portable import Portable
from quizapp.interchange.outgoing import OutDeck

_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11.5pt; line-height: 1.4; color: #000; margin: 0; }
section.copy, section.key { break-before: page; }
section.copy:first-of-type { break-before: auto; }
header { border-bottom: 1.5pt solid #000; margin-bottom: 10pt; padding-bottom: 4pt; }
header h1 { font-size: 16pt; margin: 0; }
header .meta { display: flex; justify-content: space-between; font-size: 10pt; margin-top: 6pt; }
ol.questions > li { break-inside: avoid; margin: 0 0 12pt 0; }
.prompt { white-space: pre-wrap; font-weight: 600; }
.hint { font-weight: normal; font-style: italic; }
ul.options { list-style: none; padding-left: 1.2em; margin: 4pt 0; }
ul.options li::before { content: "\\2610\\00a0"; }
ul.order { list-style: none; padding-left: 1.2em; margin: 4pt 0; }
.line { border-bottom: 0.8pt solid #555; height: 18pt; margin: 2pt 0 0 1.2em; }
table.match td { padding: 2pt 10pt 2pt 0; vertical-align: top; }
.blank { display: inline-block; min-width: 6em; border-bottom: 0.8pt solid #555; }
ol.key > li { break-inside: avoid; margin-bottom: 8pt; }
.answer { font-weight: 600; }
.explanation { margin-top: 2pt; }
blockquote { margin: 3pt 0 0 0; padding-left: 8pt; border-left: 2pt solid #777; font-style: italic; }
"""


@dataclass(frozen=True)
class PaperQuestion:
    """One question as printed in one copy, and its line in that copy's key."""

    body: str  # HTML
    answer: str  # HTML


def _e(text: str) -> str:
    return html.escape(text)


def _letters(n: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(n)]


def paper_question(card: Portable, rng: random.Random) -> PaperQuestion:
    """A card as a printed question (shuffled by `rng`) and its answer."""
    prompt = f'<div class="prompt">{_e(card.question)}</div>'
    if card.kind == "choice":
        options = list(card.options)
        if card.shuffle:
            rng.shuffle(options)
        note = ' <span class="hint">(select all that apply)</span>' if card.multiple else ""
        items = "".join(f"<li>{letter}. {_e(o.text)}</li>" for letter, o in zip(_letters(len(options)), options, strict=True))
        right = ", ".join(f"{letter}. {o.text}" for letter, o in zip(_letters(len(options)), options, strict=True) if o.correct)
        return PaperQuestion(f'<div class="prompt">{_e(card.question)}{note}</div><ul class="options">{items}</ul>', _e(right))
    if card.kind == "truefalse":
        return PaperQuestion(f'{prompt}<ul class="options"><li>True</li><li>False</li></ul>', "True" if card.truth else "False")
    if card.kind == "order":
        shuffled = list(card.order)
        while len(set(shuffled)) > 1 and shuffled == list(card.order):
            rng.shuffle(shuffled)
        rows = "".join(f"<li>____ {_e(item)}</li>" for item in shuffled)
        hint = f'<span class="hint"> Number them from 1 (first) to {len(shuffled)}.</span>'
        key = " &rarr; ".join(_e(item) for item in card.order)
        return PaperQuestion(f'{prompt}{hint}<ul class="order">{rows}</ul>', key)
    if card.kind == "match":
        rights = [right for _, right in card.pairs]
        rng.shuffle(rights)
        letters = _letters(len(rights))
        rows = "".join(
            f"<tr><td>{n}. {_e(left)} ____</td><td>{letter}. {_e(right)}</td></tr>"
            for n, ((left, _), letter, right) in enumerate(zip(card.pairs, letters, rights, strict=True), 1)
        )
        key = "; ".join(f"{n}&ndash;{letters[rights.index(right)]}" for n, (_, right) in enumerate(card.pairs, 1))
        return PaperQuestion(f'{prompt}<table class="match">{rows}</table>', key)
    if card.kind == "cloze":
        gaps = []
        parts = []
        for segment in card.segments:
            if segment.number:
                gaps.append(segment.text)
                hint = f" ({_e(segment.hint)})" if segment.hint else ""
                parts.append(f'<sup>{len(gaps)}</sup><span class="blank">&nbsp;</span>{hint}')
            else:
                parts.append(_e(segment.text))
        key = "; ".join(f"({n}) {_e(gap)}" for n, gap in enumerate(gaps, 1))
        return PaperQuestion(f'<div class="prompt">{"".join(parts)}</div>', key)
    # basic and typed: write the answer on the line
    return PaperQuestion(f'{prompt}<div class="line"></div>', _e(card.answers[0] if card.answers else card.back))


def write_paper(decks: list[OutDeck], path: Path, *, questions: int | None, copies: int, seed: int) -> int:
    """Write the quiz: `questions` cards drawn from the decks (all when None), `copies` copies
    each in its own order, then the key of each copy. Returns the number of questions per copy."""
    cards = [card for deck in decks for card in deck.cards]
    rng = random.Random(seed)
    chosen = rng.sample(cards, questions) if questions is not None and questions < len(cards) else list(cards)
    title = decks[0].title if len(decks) == 1 else "Quiz: " + ", ".join(deck.title for deck in decks)
    copy_sections: list[str] = []
    key_sections: list[str] = []
    for copy in range(copies):
        copy_rng = random.Random(f"{seed}-{copy}")
        order = list(chosen)
        if copies > 1 or copy > 0:
            copy_rng.shuffle(order)
        printed = [(card, paper_question(card, copy_rng)) for card in order]
        label = f"Copy {_letters(26)[copy % 26]}{copy // 26 or ''}" if copies > 1 else ""
        head = (f'<header><h1>{_e(title)}</h1><div class="meta"><span>Name: ____________________</span>'
                f'<span>{label}</span><span>Score: ____ / {len(printed)}</span></div></header>')
        items = "".join(f"<li>{q.body}</li>" for _, q in printed)
        copy_sections.append(f'<section class="copy">{head}<ol class="questions">{items}</ol></section>')
        keys = "".join(
            f'<li><div class="answer">{q.answer}</div>'
            + (f'<div class="explanation">{_e(card.explanation)}</div>' if card.explanation else "")
            + "".join(f"<blockquote>{_e(quote)}</blockquote>" for quote in card.quotes)
            + "</li>"
            for card, q in printed
        )
        key_sections.append(f'<section class="key"><header><h1>Answer key{" - " + label if label else ""}</h1>'
                            f'<div class="meta"><span>{_e(title)}</span></div></header><ol class="key">{keys}</ol></section>')
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{_CSS}</style></head><body>{''.join(copy_sections)}{''.join(key_sections)}</body></html>\n")
    path.write_text(page, encoding="utf-8")
    return len(chosen)
