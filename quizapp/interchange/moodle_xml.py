"""Moodle XML out: every card type as the Moodle question type that grades it.

choice -> multichoice (several right answers share 100%, wrong ones share -100%), truefalse ->
truefalse, typed and basic -> shortanswer with every accepted answer, match -> matching, cloze ->
cloze (Moodle's embedded answers, one SHORTANSWER gap per deletion), order -> ordering (the
ordering question type, standard since Moodle 4.4). Texts are written as HTML; the explanation
and the quote become the general feedback that Moodle shows once a question is answered.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

from quizapp.cards.portable import Portable
from quizapp.interchange.outgoing import OutDeck


def _html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _text(parent: ET.Element, tag: str, text: str, *, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _answer(parent: ET.Element, fraction: float, text: str, *, fmt: str = "html") -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": f"{fraction:.7f}".rstrip("0").rstrip("."), "format": fmt})
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", "")


def _cloze_escape(text: str) -> str:
    # Inside an embedded answer these characters have a meaning; a backslash makes them literal.
    for char in "\\}#~/\"":
        text = text.replace(char, "\\" + char)
    return html.escape(text, quote=False)


def _feedback(card: Portable) -> str:
    parts = []
    if card.explanation:
        parts.append(f"<p>{_html(card.explanation)}</p>")
    for quote in card.quotes:
        parts.append(f"<blockquote>{_html(quote)}</blockquote>")
    return "".join(parts)


def question(card: Portable, deck: OutDeck) -> ET.Element:
    """One card as a Moodle XML <question>."""
    qtype = {"choice": "multichoice", "truefalse": "truefalse", "typed": "shortanswer", "basic": "shortanswer",
             "match": "matching", "cloze": "cloze", "order": "ordering"}[card.kind]
    element = ET.Element("question", {"type": qtype})
    _text(element, "name", card.id, fmt=None)
    if card.kind == "cloze":
        body = "".join(
            f"{{1:SHORTANSWER:={_cloze_escape(s.text)}}}" if s.number else _html(s.text) for s in card.segments
        )
    else:
        body = _html(card.question)
    _text(element, "questiontext", body)
    _text(element, "generalfeedback", _feedback(card))
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = f"{deck.slug}/{card.id}"[:100]
    if card.kind == "choice":
        right = sum(o.correct for o in card.options)
        wrong = len(card.options) - right
        ET.SubElement(element, "single").text = "false" if card.multiple else "true"
        ET.SubElement(element, "shuffleanswers").text = "true" if card.shuffle else "false"
        ET.SubElement(element, "answernumbering").text = "abc"
        for option in card.options:
            if option.correct:
                fraction = 100 / right if card.multiple else 100.0
            else:
                fraction = -100 / wrong if card.multiple else 0.0
            _answer(element, fraction, _html(option.text))
    elif card.kind == "truefalse":
        _answer(element, 100.0 if card.truth else 0.0, "true", fmt="moodle_auto_format")
        _answer(element, 0.0 if card.truth else 100.0, "false", fmt="moodle_auto_format")
    elif card.kind in ("typed", "basic"):
        ET.SubElement(element, "usecase").text = "0"
        for accepted in dict.fromkeys(card.answers):
            _answer(element, 100.0, accepted, fmt="moodle_auto_format")
    elif card.kind == "match":
        ET.SubElement(element, "shuffleanswers").text = "true"
        for left, right_text in card.pairs:
            sub = _text(element, "subquestion", _html(left))
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = right_text
    elif card.kind == "order":
        for name, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                            ("gradingtype", "ABSOLUTE_POSITION"), ("showgrading", "SHOW"), ("numberingstyle", "none")):
            ET.SubElement(element, name).text = value
        for position, item in enumerate(card.order, 1):
            _answer(element, float(position), _html(item))
    if card.tags:
        tags = ET.SubElement(element, "tags")
        for name in card.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = name
    return element


def write_moodle_xml(decks: list[OutDeck], path: Path) -> tuple[int, list[tuple[str, str]]]:
    """Write decks as one Moodle XML question file, a category per deck."""
    quiz = ET.Element("quiz")
    written = 0
    for deck in decks:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        _text(category, "category", f"$course$/top/{deck.title}", fmt=None)
        _text(category, "info", _html(deck.description or ""))
        category.tail = "\n"
        for card in deck.cards:
            element = question(card, deck)
            element.tail = "\n"  # a question per block of lines: readable, without re-indenting the tree
            quiz.append(element)
            written += 1
    quiz.text = "\n"
    path.write_bytes(ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n")
    return written, []
