"""Moodle GIFT, both ways, with a parser of our own that follows Moodle's (question/format/gift).

No well-kept Python GIFT parser exists (pygiftparser's last release was in 2017 and it does not
know tags, ids or general feedback), so this module reads GIFT the way Moodle's importer does:
questions are separated by blank lines; lines starting with // are comments, which may carry
[tag:...] and [id:...]; `::name::` names a question; `[html]`, `[moodle]`, `[plain]` and
`[markdown]` set a text's format; the first `{` to the first `}` is the answer block, and text
after it makes a "missing word" question; `####` starts the general feedback; `\\` escapes
`~ = # { } :` and itself, and `\\n` is a line break.

Card types map to Moodle's question types: choice to multiple choice (several right answers get
equal partial credits, wrong ones an equal penalty), truefalse to true/false, typed to short
answer with every accepted answer, match to matching, cloze to a missing-word short answer (one
question per deletion number), basic to short answer (its back is the one accepted answer: an
essay would leave the answer out), and order to a matching question from positions 1, 2, ... to
the items, which Moodle grades and quizapp reads back as an order card. GIFT has no place for a
quote, so quizapp writes it in a `// quote:` comment that Moodle ignores and quizapp reads back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quizapp.cards.portable import Option, Portable, Segment
from quizapp.interchange.common import Conversion, InterchangeError, clean, decode_text, read_limited, slug, tag
from quizapp.interchange.htmltext import html_to_text
from quizapp.interchange.outgoing import OutDeck

# Escaped characters are swapped for private-use characters while the structure is parsed.
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005", "n": "\ue006"}
_RESTORE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_RESTORE_TABLE = str.maketrans(_RESTORE)
_BACKSLASH = "\ue007"
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"^%(-?\d{1,3}(?:\.\d*)?)%")
_TAG = re.compile(r"\[(tag|id):((?:\\.|[^\]\\])*)\]")
_QUOTE = re.compile(r"^//\s*quote:\s?(.*)$")
_BLANK = "_____"


@dataclass
class GiftQuestion:
    """One question as Moodle's GIFT reader sees it."""

    line: int
    qtype: str
    name: str | None
    text: str
    missing_word: tuple[str, str] | None = None  # text before and after the answer block
    answers: list[tuple[str, float, str]] = field(default_factory=list)  # (text, fraction, feedback)
    single: bool = True
    pairs: list[tuple[str, str]] = field(default_factory=list)
    truth: bool | None = None
    general_feedback: str = ""
    tags: list[str] = field(default_factory=list)
    idnumber: str = ""
    quotes: tuple[str, ...] = ()  # from `// quote:` comments, one per excerpt
    category: str | None = None


def _pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, mark in _ESCAPES.items():
        text = text.replace("\\" + char, mark)
    return text.replace(_BACKSLASH, "\\")


def _post(text: str) -> str:
    return text.translate(_RESTORE_TABLE)


def _formatted(text: str, default: str = "moodle") -> tuple[str, str]:
    """A text and its format, the leading [format] marker taken off and escapes restored."""
    text = text.strip()
    found = _FORMAT.match(text)
    fmt = default
    if found:
        fmt, text = found.group(1), text[found.end() :]
    return _post(text).strip(), fmt


def _plain(text: str, fmt: str) -> str:
    return clean(html_to_text(text) if fmt == "html" else text)


def split_questions(text: str) -> list[tuple[int, list[str]]]:
    """The blank-line separated blocks of a GIFT file, each with its first line's number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def parse_question(line: int, lines: list[str]) -> GiftQuestion | None:
    """One block of lines as Moodle reads it (None for a block of comments only); raises
    ValueError with Moodle's reason for a malformed one."""
    comments = [ln.strip() for ln in lines if ln.strip().startswith("//")]
    body = [" " if ln.strip().startswith("//") else ln for ln in lines]
    text = "\n".join(body).strip()
    if not text:
        return None
    tags: list[str] = []
    idnumber = ""
    quotes: list[str] = []
    for comment in comments:
        for kind, value in _TAG.findall(comment):
            value = value.replace("\\]", "]").strip()
            if kind == "tag" and value:
                tags.append(value)
            elif kind == "id":
                idnumber = value
        found_quote = _QUOTE.match(comment)
        if found_quote and (excerpt := _post(_pre(found_quote.group(1))).strip()):
            quotes.append(excerpt)
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return GiftQuestion(line, "category", None, "", category=_post(text[len("$CATEGORY:") :]).strip())
    name = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            name = _post(text[2:end]).strip()
            text = text[end + 2 :].strip()
        else:
            text = text[2:]
    start, finish = text.find("{"), text.find("}")
    question = GiftQuestion(line, "", name, "", tags=tags, idnumber=idnumber, quotes=tuple(quotes))
    if start < 0 and finish < 0:
        question.qtype = "description"
        question.text, fmt = _formatted(text)
        question.text = _plain(question.text, fmt)
        return question
    if start < 0 or finish < 0 or finish < start:
        raise ValueError("braces do not match: each question needs one { ... } answer block")
    answer_text = text[start + 1 : finish].strip()
    before, after = text[:start], text[finish + 1 :]
    if not text.endswith("}"):
        question.missing_word = (before, after)
        question_text = before + _BLANK + after
    else:
        question_text = before
    feedback_at = answer_text.rfind("####")
    general = ""
    if feedback_at >= 0:
        general = answer_text[feedback_at + 4 :]
        answer_text = answer_text[:feedback_at].strip()
    question.text, fmt = _formatted(question_text)
    general_text, general_fmt = _formatted(general, fmt)
    question.general_feedback = _plain(general_text, general_fmt)
    if question.missing_word is not None:
        question.missing_word = tuple(_plain(*_formatted(part, fmt)) for part in question.missing_word)  # type: ignore[assignment]
    question.text = _plain(question.text, fmt)
    _answers(question, answer_text, fmt)
    return question


def _answers(question: GiftQuestion, answer_text: str, fmt: str) -> None:
    """Decide the question type as Moodle does and read its answers."""
    if answer_text == "":
        question.qtype = "essay"
    elif answer_text.startswith("#"):
        question.qtype = "numerical"
        _numerical(question, answer_text[1:], fmt)
    elif "~" in answer_text:
        question.qtype = "multichoice"
        question.single = "=" in answer_text
        parts = [p.strip() for p in answer_text.replace("=", "~=").split("~")]
        for part in (p for p in parts if p):
            if part.startswith("="):
                fraction, part = 1.0, part[1:]
            elif weight := _WEIGHT.match(part):
                fraction, part = float(weight.group(1)) / 100, part[weight.end() :]
            else:
                fraction = 0.0
            text, feedback = _comment(part, fmt)
            question.answers.append((text, fraction, feedback))
        if len(question.answers) < 2:
            raise ValueError("a multiple choice question needs at least two answers")
    elif "=" in answer_text and "->" in answer_text:
        question.qtype = "match"
        for part in (p.strip() for p in answer_text.split("=")):
            if not part:
                continue
            if "->" not in part:
                raise ValueError("each matching answer must be written =question -> answer")
            left, right = part.split("->", 1)
            left_text, left_fmt = _formatted(left, fmt)
            question.pairs.append((_plain(left_text, left_fmt), clean(_post(right))))
        if len(question.pairs) < 2:
            raise ValueError("a matching question needs at least two pairs")
    else:
        check = answer_text.split("#", 1)[0].strip() if "#" in answer_text[1:] else answer_text
        if check in ("T", "TRUE", "F", "FALSE"):
            question.qtype = "truefalse"
            question.truth = check in ("T", "TRUE")
        else:
            question.qtype = "shortanswer"
            question.answers += _weighted_answers(answer_text, fmt)
            if not question.answers:
                raise ValueError("a short answer question needs at least one answer")


def _weighted_answers(answer_text: str, fmt: str) -> list[tuple[str, float, str]]:
    """The `=answer#feedback` list of a short answer or numerical question, each with its share
    of the mark (`=%50%answer`: 0.5; 1.0 when none is written)."""
    found: list[tuple[str, float, str]] = []
    for part in (p.strip() for p in answer_text.split("=")):
        if not part:
            continue
        fraction = 1.0
        if weight := _WEIGHT.match(part):
            fraction, part = float(weight.group(1)) / 100, part[weight.end() :]
        text, feedback = _comment(part, fmt)
        found.append((text, fraction, feedback))
    return found


def _comment(part: str, fmt: str) -> tuple[str, str]:
    """An answer and its feedback (after #), each as plain text."""
    answer, _, feedback = part.partition("#")
    text, text_fmt = _formatted(answer, fmt)
    feedback_text, feedback_fmt = _formatted(feedback, fmt)
    return _plain(text, text_fmt), _plain(feedback_text, feedback_fmt)


def _numerical(question: GiftQuestion, answer_text: str, fmt: str) -> None:
    answer_text = answer_text.split("~", 1)[0]  # after ~ comes feedback for any other answer
    question.answers += _weighted_answers(answer_text, fmt)
    if not question.answers:
        raise ValueError("a numerical question needs at least one number")


def parse(text: str) -> tuple[list[GiftQuestion], list[tuple[int, str]]]:
    """Every question of a GIFT text, and (line, reason) for each block Moodle would refuse."""
    questions: list[GiftQuestion] = []
    errors: list[tuple[int, str]] = []
    for line, lines in split_questions(text):
        try:
            question = parse_question(line, lines)
        except ValueError as exc:
            errors.append((line, str(exc)))
            continue
        if question is not None:
            questions.append(question)
    return questions, errors


def read_gift(path: Path) -> Conversion:
    """Read a GIFT file into cards; what has no card type is reported with its line."""
    text = decode_text(path, read_limited(path))
    if "\x00" in text:
        raise InterchangeError(f"{path}: not a text file (it holds NUL bytes)")
    try:
        questions, errors = parse(text)
    except InterchangeError as exc:
        raise InterchangeError(f"{path}: {exc.message}") from None
    if not questions and not errors:
        raise InterchangeError(f"{path}: no GIFT questions found")
    conversion = Conversion(path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Imported")
    for line, why in errors:
        conversion.skip(f"line {line}", why)
    category: str | None = None
    categories = {q.category for q in questions if q.qtype == "category"}
    for question in questions:
        if question.qtype == "category":
            category = question.category
            continue
        where = f"line {question.line}"
        card = to_card(question)
        if isinstance(card, str):
            conversion.skip(where, card)
            continue
        if category and len(categories) > 1:
            card = _with_tag(card, slug(category.rsplit("/", 1)[-1]))
        conversion.add(where, card)
    if len(categories) == 1:
        only = next(iter(categories))
        conversion.title = (only or "").rsplit("/", 1)[-1].strip() or conversion.title
    return conversion


def _with_tag(card: Portable, extra: str) -> Portable:
    return replace(card, tags=(*card.tags, extra)) if extra not in card.tags else card


def to_card(q: GiftQuestion) -> Portable | str:
    """A card for a GIFT question, or why there is none."""
    wanted = q.idnumber or q.name or q.text
    common: dict[str, Any] = {"id": wanted, "explanation": q.general_feedback or None, "quotes": q.quotes,
              "tags": tuple(tag(t) for t in q.tags)}
    if q.qtype == "description":
        return "a description, not a question"
    if q.qtype == "essay":
        if not q.general_feedback:
            return "an essay question has no answer to learn"
        return Portable(kind="basic", front=q.text, back=q.general_feedback, question=q.text,
                        answers=(q.general_feedback,), **{**common, "explanation": None})
    if q.qtype == "truefalse":
        return Portable(kind="truefalse", front=q.text, back=str(q.truth), question=q.text, truth=q.truth, **common)
    if q.qtype == "multichoice":
        options = tuple(Option(text, fraction >= 1 if q.single else fraction > 0) for text, fraction, _ in q.answers)
        return Portable(kind="choice", front=q.text, back="", question=q.text, options=options,
                        multiple=not q.single, **common)
    if q.qtype == "match":
        lefts = [left for left, _ in q.pairs]
        if lefts == [str(n) for n in range(1, len(lefts) + 1)]:
            return Portable(kind="order", front=q.text, back="", question=q.text,
                            order=tuple(right for _, right in q.pairs), **common)
        pairs = tuple((left, right) for left, right in q.pairs if left)
        return Portable(kind="match", front=q.text, back="", question=q.text, pairs=pairs, **common)
    if q.qtype in ("shortanswer", "numerical"):
        right = [text for text, fraction, _ in q.answers if fraction >= 1 and text != "*"]
        if not right:
            return "no answer gets full credit"
        if q.qtype == "numerical" and any(".." in r or (":" in r and not r.endswith(":0")) for r in right):
            return "a numerical answer with a tolerance or range cannot be typed exactly"
        if q.qtype == "numerical":
            right = [r.removesuffix(":0") for r in right]  # "5:0" is 5 with no tolerance
        if q.missing_word is not None and len(right) == 1:
            before, after = q.missing_word
            segments = tuple(s for s in (Segment(before), Segment(right[0], 1), Segment(after)) if s.text)
            return Portable(kind="cloze", front=q.text, back="", segments=segments, **common)
        return Portable(kind="typed", front=q.text, back=right[0], question=q.text, answers=tuple(right), **common)
    return f"unsupported question type {q.qtype}"  # pragma: no cover - every GIFT type is handled above


# ----------------------------------------------------------------------------- writing

_SPECIAL = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:",
                          "\n": "\\n", "\r": ""})


def escape(text: str) -> str:
    """Text as GIFT writes it: special characters escaped, line breaks as \\n. Text that starts
    like a format marker or a weight gets an explicit [moodle] marker, which Moodle takes off."""
    escaped = text.translate(_SPECIAL)
    return "[moodle]" + escaped if escaped.startswith(("[", "%")) else escaped


def _match_left(text: str) -> str:
    # "->" separates a pair, and GIFT has no escape for it: an arrow in the left side is written
    # as HTML, which Moodle shows as an arrow and quizapp reads back as one.
    if "->" not in text:
        return escape(text)
    html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    return "[html]" + html.translate(_SPECIAL)


def _weight(fraction: float) -> str:
    return f"{fraction * 100:.5f}".rstrip("0").rstrip(".")


def write_card(card: Portable) -> tuple[list[str], str | None]:
    """The GIFT questions for one card (one per cloze number), or why it cannot be written."""
    head: list[str] = []
    if card.tags:
        head.append("// " + " ".join(f"[tag:{t.replace(']', chr(92) + ']')}]" for t in card.tags))
    head += ["// quote: " + quote.translate(_SPECIAL) for quote in card.quotes]  # one comment per excerpt
    feedback = f"####{escape(card.explanation)}" if card.explanation else ""
    name = f"::{card.id}::"
    question = escape(card.question)
    if card.kind == "cloze":
        return _write_cloze(card, head, feedback)
    if card.kind in ("basic", "typed"):
        answers = "".join(f"\n\t={escape(a)}" for a in dict.fromkeys(card.answers))
        body = f"{name}{question}{{{answers}\n{feedback and chr(9) + feedback + chr(10)}}}"
    elif card.kind == "truefalse":
        body = f"{name}{question}{{{'TRUE' if card.truth else 'FALSE'}{feedback}}}"
    elif card.kind == "choice":
        right = [o for o in card.options if o.correct]
        wrong = [o for o in card.options if not o.correct]
        lines = []
        for option in card.options:
            if not card.multiple:
                mark = "=" if option.correct else "~"
            elif option.correct:
                mark = f"~%{_weight(1 / len(right))}%"
            else:
                mark = f"~%-{_weight(1 / len(wrong))}%"
            lines.append(f"\t{mark}{escape(option.text)}")
        body = f"{name}{question}{{\n" + "\n".join(lines) + f"\n{feedback and chr(9) + feedback + chr(10)}}}"
    elif card.kind in ("match", "order"):
        pairs = card.pairs if card.kind == "match" else tuple((str(n), item) for n, item in enumerate(card.order, 1))
        # Moodle reads no [format] marker on the right of a pair, so it is escaped without one.
        lines = [f"\t={_match_left(left)} -> {right.translate(_SPECIAL)}" for left, right in pairs]
        body = f"{name}{question}{{\n" + "\n".join(lines) + f"\n{feedback and chr(9) + feedback + chr(10)}}}"
    else:  # pragma: no cover - every card type is handled above
        return [], f"GIFT has no question type for {card.kind} cards"
    return ["\n".join([*head, body])], None


def _write_cloze(card: Portable, head: list[str], feedback: str) -> tuple[list[str], str | None]:
    numbers = sorted({s.number for s in card.segments if s.number})
    out: list[str] = []
    for number in numbers:
        gaps = [s for s in card.segments if s.number == number]
        if len(gaps) > 1:
            return [], f"cloze number {number} has {len(gaps)} gaps; a GIFT question holds one"
        parts = []
        for segment in card.segments:
            if segment.number == number:
                parts.append(f"{{={escape(segment.text)}{feedback}}}")
            else:
                parts.append(escape(segment.text))
        text = "".join(parts)
        if text.endswith("}"):
            text += "\\n"  # an escaped line break ends it: Moodle reads a blank at the end, not a short answer
        suffix = f"-c{number}" if len(numbers) > 1 else ""
        out.append("\n".join([*head, f"::{card.id}{suffix}::{text}"]))
    return out, None


def write_gift(decks: list[OutDeck], path: Path) -> tuple[int, list[tuple[str, str]]]:
    """Write decks as one GIFT file, a $CATEGORY per deck; returns cards written and
    (card, why) for each card left out."""
    chunks: list[str] = []
    written = 0
    skipped: list[tuple[str, str]] = []
    for deck in decks:
        chunks.append(f"// {deck.title.replace(chr(10), ' ')}\n$CATEGORY: $course$/top/{deck.title.replace(chr(10), ' ')}")
        for card in deck.cards:
            questions, why = write_card(card)
            if why is not None:
                skipped.append((f"{deck.slug}/{card.id}", why))
                continue
            chunks.extend(questions)
            written += 1
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
    return written, skipped
