"""Round trips as properties: any valid deck written in a format and read back keeps every field
that format can carry. What each format cannot carry is stated (and normalised) per format."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quizapp.cards.base import CardBase, CheckName, Severity, Where
from quizapp.cards.portable import Portable
from quizapp.cards.registry import CARD_TYPES, deck_fields
from quizapp.engine.textnorm import fold
from quizapp.interchange import read_foreign
from quizapp.interchange.building import build_deck
from quizapp.interchange.exporting import export_decks
from quizapp.interchange.outgoing import OutDeck

# Text as decks hold it: words of letters, digits and the characters formats treat specially,
# separated by single spaces or line breaks, no surrounding blank space (every format but JSON
# and YAML trims it). No "->" (GIFT reads it as a matching pair in any answer) and no "|"
# (spreadsheet cells list accepted answers and tags with it).
_ALPHABET = st.sampled_from(list("abcxyzABC019~=#{}:[]%<>&'\"*-.,?!éß漢\\"))
words = st.lists(st.text(_ALPHABET, min_size=1, max_size=8), min_size=1, max_size=4).flatmap(
    lambda parts: st.lists(st.sampled_from([" ", " ", "\n"]), min_size=len(parts) - 1, max_size=len(parts) - 1).map(
        lambda seps: "".join(p + s for p, s in zip(parts, [*seps, ""], strict=True)))
).filter(lambda s: "->" not in s and s.strip() == s and "{{" not in s and "}}" not in s and s != "*"
         and "\n\n" not in s and not s.startswith("//"))
plain = words.filter(lambda s: "::" not in s and "{" not in s and "}" not in s and "\n" not in s)
ident = st.from_regex(r"\A[a-z]{1,6}(-[a-z0-9]{1,4})?\Z")


def distinct(min_size: int = 2) -> st.SearchStrategy[list[str]]:
    return st.lists(words, min_size=min_size, max_size=6, unique_by=lambda s: fold(s).casefold())


@st.composite
def cards(draw: st.DrawFn, card_id: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(CARD_TYPES)))
    card: dict[str, Any] = {"id": card_id, "type": kind}
    if kind == "basic":
        card |= {"front": draw(words), "back": draw(words), "reverse": draw(st.booleans())}
    elif kind == "cloze":
        before, answer, after = draw(plain), draw(plain), draw(plain)
        hint = draw(st.none() | plain)
        card["text"] = f"{before} {{{{c1::{answer}{'::' + hint if hint else ''}}}}} {after}"
    elif kind == "choice":
        choices = draw(distinct())
        multiple = draw(st.booleans())
        right: list[str] | str = (draw(st.lists(st.sampled_from(choices), min_size=1, unique=True)) if multiple
                                  else draw(st.sampled_from(choices)))
        card |= {"question": draw(words), "choices": choices, "answer": right, "shuffle": draw(st.booleans())}
    elif kind == "truefalse":
        card |= {"statement": draw(words), "answer": draw(st.booleans())}
    elif kind == "typed":
        # The accepted answers differ from the answer and from each other: GIFT lists each once.
        answers = draw(distinct(min_size=1))[:3]
        card |= {"question": draw(words), "answer": answers[0], "accept": answers[1:]}
    elif kind == "order":
        card |= {"question": draw(words), "items": draw(distinct())}
    else:
        lefts = draw(st.lists(words, min_size=2, max_size=5, unique=True))
        rights = draw(distinct(len(lefts)).map(lambda r: r[: len(lefts)]).filter(lambda r: len(r) == len(lefts)))
        card |= {"question": draw(words), "pairs": dict(zip(lefts, rights, strict=True))}
    card["explanation"] = draw(st.none() | words)
    card["quote"] = draw(st.none() | words)
    card["tags"] = draw(st.lists(st.from_regex(r"\A[a-z]{1,6}\Z"), max_size=2, unique=True))
    return card


@st.composite
def decks(draw: st.DrawFn) -> OutDeck:
    ids = draw(st.lists(ident, min_size=1, max_size=5, unique=True))
    models = []
    for card_id in ids:
        raw = draw(cards(card_id))
        model = CARD_TYPES[raw["type"]].model_validate(raw)
        if not _problems(model):
            models.append(model)
    assume(models)
    return OutDeck("prop", "Property deck", None, None, (), tuple(m.portable() for m in models))


def _problems(model: CardBase) -> list[str]:
    found: list[str] = []

    def report(where: Where, message: str, /, *, severity: Severity = "error", check: CheckName | None = None,
               span: tuple[int, int] | None = None) -> None:
        if severity == "error":
            found.append(message)

    model.check(report, warnings=False)
    return found


def _read_back(deck: OutDeck, fmt: str, tmp: Path) -> list[dict[str, Any]]:
    suffix = {"apkg": ".apkg", "gift": ".gift", "tsv": ".tsv", "csv": ".csv", "json": ".json", "yaml": ".yaml"}[fmt]
    out = tmp / f"deck{suffix}"
    out.unlink(missing_ok=True)
    export_decks([deck], fmt, out)
    if fmt in ("json", "yaml"):
        import json

        import yaml

        text = out.read_text(encoding="utf-8")
        data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
        return list(data["cards"])
    built = build_deck(read_foreign(out))
    assert not built.skipped, built.skipped
    return built.cards


def _fields(card: Portable) -> dict[str, Any]:
    return deck_fields(card)


_SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                              HealthCheck.too_slow])


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@_SETTINGS
@given(deck=decks())
def test_json_and_yaml_carry_everything(fmt: str, deck: OutDeck, tmp_path: Path) -> None:
    assert _read_back(deck, fmt, tmp_path) == [_fields(card) for card in deck.cards]


@_SETTINGS
@given(deck=decks())
def test_anki_carries_everything_but_ids_of_basic_and_cloze_cards(deck: OutDeck, tmp_path: Path) -> None:
    pytest.importorskip("anki.collection")
    back = _read_back(deck, "apkg", tmp_path)
    # Anki's Basic and Cloze notes have no field for our card id: it is made from the text. Anki
    # keeps a note's tags as a set, so their order is not carried.
    for got, card in zip(back, deck.cards, strict=True):
        want = _fields(card)
        if card.kind in ("basic", "cloze"):
            got, want = {**got, "id": ""}, {**want, "id": ""}
        if "tags" in want:
            got, want = {**got, "tags": sorted(got["tags"])}, {**want, "tags": sorted(want["tags"])}
        assert got == want


@_SETTINGS
@given(deck=decks())
def test_gift_carries_questions_answers_explanations_quotes_and_tags(deck: OutDeck, tmp_path: Path) -> None:
    back = _read_back(deck, "gift", tmp_path)
    assert len(back) == len(deck.cards)
    for got, card in zip(back, deck.cards, strict=True):
        # GIFT cannot carry: basic vs typed (both are short answers), a reverse side, a choice's
        # shuffle flag (Moodle shuffles by its own setting), a cloze hint.
        want = card
        if card.kind == "basic":
            want = replace(card, kind="typed", reverse=False)
        elif card.kind == "choice":
            want = replace(card, shuffle=True)
        elif card.kind == "cloze":
            want = replace(card, question="", segments=tuple(replace(s, hint=None, text=s.text.strip()) for s in card.segments
                                                          if s.text.strip()))
            got = {**got, "text": got["text"].replace(" {{", "{{").replace("}} ", "}}")}
            expected = _fields(want)
            expected["text"] = expected["text"].replace(" {{", "{{").replace("}} ", "}}")
            assert got == expected
            continue
        assert got == _fields(want)


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
@_SETTINGS
@given(deck=decks())
def test_spreadsheets_carry_question_answer_accepted_answers_explanation_quote_and_tags(fmt: str, deck: OutDeck,
                                                                                       tmp_path: Path) -> None:
    back = _read_back(deck, fmt, tmp_path)
    assert len(back) == len(deck.cards)
    for got, card in zip(back, deck.cards, strict=True):
        # A row is a question and an answer: the card type, id and reverse side are not carried
        # (every row comes back as a basic card, or a typed one when it has accepted answers).
        expected: dict[str, Any] = {"type": "typed" if card.kind == "typed" and len(card.answers) > 1 else "basic"}
        if expected["type"] == "typed":
            expected |= {"question": card.front, "answer": card.answers[0], "accept": list(card.answers[1:])}
        else:
            expected |= {"front": card.front, "back": card.back}
        expected |= {k: v for k, v in _fields(card).items() if k in ("quote", "explanation", "tags")}
        assert {k: v for k, v in got.items() if k != "id"} == expected
