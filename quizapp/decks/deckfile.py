"""Read one deck file into validated models, with a file:line:col for every problem found."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from quizapp.cards import CARD_TYPES
from quizapp.cards.base import SIZE_MAX, SIZE_MIN, CardBase, Severity, Where
from quizapp.cards.choice import MANY, ONE
from quizapp.decks.header import FORMAT_VERSION, DeckHeader
from quizapp.decks.yamltree import Position, YamlProblem, build, compose, decode, locate
from quizapp.engine.textnorm import FoldedText, fold, fold_with_origin

Path_ = Where


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of the linter, printed as `path:line:col: severity: message`."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Source:
    """A source text that card quotes are checked against."""

    name: str
    text: str
    folded: FoldedText

    @property
    def sha256(self) -> str:
        """Content hash, so re-imports notice an edited source."""
        return hashlib.sha256(self.text.encode()).hexdigest()


@dataclass
class DeckFile:
    """A deck file after linting: its header and valid cards, and every problem found."""

    path: Path
    display: str
    header: DeckHeader | None = None
    cards: list[CardBase] = field(default_factory=list)
    source: Source | None = None
    problems: list[Problem] = field(default_factory=list)
    root: Node | None = None
    card_count: int = 0  # cards written in the file, valid or not
    _card_hashes: list[str] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        """True when the deck has no errors (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Line and column of the node at `path` in this file."""
        return locate(self.root, path, key=key) if self.root is not None else Position(1, 1)

    def report(self, path: Path_, message: str, *, severity: Severity = "error", key: bool = False) -> None:
        """Record a problem at the node found by `path`."""
        pos = self.position(path, key=key)
        self.problems.append(Problem(self.display, pos.line, pos.col, severity, message))

    def card_hashes(self) -> list[str]:
        """One hash per valid card of what an import stores for it, computed once."""
        if len(self._card_hashes) != len(self.cards):
            self._card_hashes = [hashlib.sha256(card.model_dump_json().encode()).hexdigest()[:32] for card in self.cards]
        return self._card_hashes

    def content_hash(self) -> str:
        """Hash of everything an import stores, to skip unchanged decks without writing."""
        digest = hashlib.sha256()
        assert self.header is not None
        # Without an exam date the header hashes as before the field existed (no spurious update).
        digest.update(self.header.model_dump_json(exclude={"cards"} | ({"exam"} if self.header.exam is None else set())).encode())
        digest.update((self.source.sha256 if self.source else "-").encode())
        for card_digest in self.card_hashes():
            digest.update(card_digest.encode())
        return digest.hexdigest()


_SOURCE_CACHE: dict[tuple[Path, float, int], Source] = {}


def load_source(path: Path) -> Source:
    """Read a source text (cached by path, mtime and size; many decks share one)."""
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime, stat.st_size)
    cached = _SOURCE_CACHE.get(key)
    if cached is None:
        text = path.read_bytes().decode("utf-8-sig")
        cached = Source(path.name, text, fold_with_origin(text))
        _SOURCE_CACHE[key] = cached
    return cached


def read_deck(path: Path, display: str | None = None) -> DeckFile:
    """Lint one deck file: parse, validate every card, and check quotes against the source."""
    deck = DeckFile(path=path, display=display or str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        deck.problems.append(Problem(deck.display, 1, 1, "error", "file not found"))
        return deck
    except IsADirectoryError:
        deck.problems.append(Problem(deck.display, 1, 1, "error", "is a directory, not a deck file"))
        return deck
    except OSError as exc:
        deck.problems.append(Problem(deck.display, 1, 1, "error", f"cannot read file: {exc.strerror}"))
        return deck
    try:
        text = decode(data)
        deck.root = compose(text)
        raw = build(deck.root, len(text)) if deck.root is not None else None
    except YamlProblem as exc:
        deck.problems.append(Problem(deck.display, exc.position.line, exc.position.col, "error", exc.message))
        return deck
    _validate(deck, raw)
    deck.problems.sort(key=lambda p: (p.line, p.col))
    return deck


def _validate(deck: DeckFile, raw: Any) -> None:
    if not isinstance(raw, dict):
        deck.report((), "a deck file must be a mapping with quizapp, deck, title and cards")
        return
    version = raw.get("quizapp")
    if version is None:
        deck.report((), f"missing required field 'quizapp' (the format version, {FORMAT_VERSION})")
        return
    if str(version).strip() != str(FORMAT_VERSION):
        deck.report(("quizapp",), f"deck format version {version} is not supported; this quizapp reads version {FORMAT_VERSION}")
        return
    try:
        deck.header = DeckHeader.model_validate(raw)
    except ValidationError as exc:
        _report_validation(deck, exc, (), DeckHeader)
        # Cards can still be checked when only other header fields are wrong.
        if not isinstance(raw.get("cards"), list):
            return
    if deck.header is not None and deck.header.source is not None:
        source_path = deck.path.parent / deck.header.source
        try:
            deck.source = load_source(source_path)
        except FileNotFoundError:
            deck.report(("source",), f"source file not found: {source_path}")
        except IsADirectoryError:
            deck.report(("source",), f"source is a directory, not a text file: {source_path}")
        except UnicodeDecodeError:
            deck.report(("source",), f"source file is not valid UTF-8: {source_path}")
    has_source = raw.get("source") is not None
    seen_ids: dict[str, int] = {}
    deck.card_count = len(raw["cards"])
    for index, raw_card in enumerate(raw["cards"]):
        card = _validate_card(deck, index, raw_card)
        card_id = raw_card.get("id") if isinstance(raw_card, dict) else None
        if isinstance(card_id, str):
            first = seen_ids.setdefault(card_id, index)
            if first != index:
                line = deck.position(("cards", first, "id")).line
                deck.report(("cards", index, "id"), f"duplicate card id {card_id!r} (first used on line {line})")
                continue
        if card is not None:
            _check_card(deck, index, card, has_source)
            deck.cards.append(card)


def _validate_card(deck: DeckFile, index: int, raw: Any) -> CardBase | None:
    where: Path_ = ("cards", index)
    if not isinstance(raw, dict):
        deck.report(where, "each card must be a mapping of fields (id, type, ...)")
        return None
    card_type = raw.get("type", "basic")
    model = CARD_TYPES.get(card_type) if isinstance(card_type, str) else None
    if model is None:
        hint = _did_you_mean(str(card_type), CARD_TYPES)
        deck.report((*where, "type"), f"unknown card type {card_type!r}{hint}; expected one of {', '.join(CARD_TYPES)}")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        _report_validation(deck, exc, where, model)
        return None


def _check_card(deck: DeckFile, index: int, card: CardBase, has_source: bool) -> None:
    """Checks that need more than one field: answers among choices, deletions, quotes."""
    where: Path_ = ("cards", index)

    def report(at: Where, message: str, *, severity: Severity = "error") -> None:
        deck.report((*where, *at), message, severity=severity)

    card.check(report)
    if card.quote is None:
        if has_source:
            deck.report(where, f"card {card.id!r} has no quote; every card of a deck with a source needs one")
    elif deck.source is not None:
        if deck.source.folded.find(card.quote) is None:
            deck.report((*where, "quote"), _quote_miss(card.quote, deck.source))
    elif not has_source:
        deck.report((*where, "quote"), "quote cannot be checked: the deck names no source", severity="warning")
    if card.explanation is None:
        deck.report(where, f"card {card.id!r} has no explanation", severity="warning")


def _quote_miss(quote: str, source: Source) -> str:
    """Say where a quote stops matching the source, so the author sees the typo."""
    needle = fold(quote)
    low, high = 0, len(needle)
    while low < high:  # longest prefix of the quote that the source contains
        mid = (low + high + 1) // 2
        if needle[:mid] in source.folded.folded:
            low = mid
        else:
            high = mid - 1
    if low < 8:
        return f"quote not found in {source.name}: {_clip(needle)!r}"
    at = source.folded.folded.find(needle[:low])
    expected = source.folded.folded[at + low : at + low + 20]
    return (
        f"quote not found in {source.name}: it matches up to {_clip(needle[:low], tail=True)!r}, "
        f"then has {_clip(needle[low:])!r} where the source has {expected!r}"
    )


def _clip(text: str, limit: int = 30, *, tail: bool = False) -> str:
    if len(text) <= limit:
        return text
    return "..." + text[-limit:] if tail else text[:limit] + "..."


def _did_you_mean(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_KIND = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _report_validation(deck: DeckFile, exc: ValidationError, where: Path_, model: type[BaseModel]) -> None:
    """Turn pydantic's errors into one plain-language problem per field."""
    done: set[tuple[str | int, ...]] = set()
    errors = _branch_errors(exc.errors(include_url=False))
    # A typo such as `anwser` is reported once, as an unknown field with a hint, not also as a
    # missing `answer`.
    fields = list(model.model_fields)
    typos = {
        (*e["loc"][:-1], close[0])
        for e in errors
        if e["type"] == "extra_forbidden" and (close := difflib.get_close_matches(str(e["loc"][-1]), fields, n=1, cutoff=0.6))
    }
    errors = [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in typos)]
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        field_name = str(loc[0]) if loc else ""
        label = ".".join(str(step) for step in loc)
        if loc in done:
            continue
        done.add(loc)
        if kind == "missing":
            extra = " (the format version)" if field_name == "quizapp" else ""
            deck.report((*where, *loc[:-1]), f"missing required field {label!r}{extra}{_for_type(model)}")
        elif kind == "extra_forbidden":
            deck.report((*where, *loc), _unknown_field(str(loc[-1]), model), key=True)
        elif kind in ("too_short", "too_long"):
            found = len(error["input"]) if hasattr(error["input"], "__len__") else "?"
            if field_name == "cards":
                deck.report((*where, *loc), "a deck needs at least one card")
            else:
                deck.report((*where, *loc), f"{label!r} must have {SIZE_MIN} to {SIZE_MAX} entries (found {found})")
        elif kind in _KIND:
            deck.report((*where, *loc), f"{label!r} must be {_KIND[kind]}, not {_describe(error['input'])}")
        elif kind == "value_error":
            message = error["msg"].removeprefix("Value error, ")
            if message.startswith("must"):
                message = f"{label!r} {message}"
            deck.report((*where, *loc), message)
        elif kind == "literal_error":
            deck.report((*where, *loc), f"{label!r} must be {error['ctx']['expected']}")
        else:  # pragma: no cover - a pydantic error type we have not met in a deck yet
            deck.report((*where, *loc), f"{label!r}: {error['msg']}")


def _branch_errors(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop the union branch name pydantic puts into a choice answer's location ("one"/"many")."""
    return [
        {**e, "loc": (e["loc"][0], *e["loc"][2:])} if e["loc"][:1] == ("answer",) and e["loc"][1:2] in ((ONE,), (MANY,)) else e
        for e in errors
    ]


def _for_type(model: type[BaseModel]) -> str:
    name = next((t for t, m in CARD_TYPES.items() if m is model), None)
    return f" for a {name} card" if name else ""


def _unknown_field(name: str, model: type[BaseModel]) -> str:
    allowed = list(model.model_fields)
    hint = _did_you_mean(name, allowed)
    if not hint:
        owners = [t for t, m in CARD_TYPES.items() if name in m.model_fields]
        if owners and model is not DeckHeader:
            return f"unknown field {name!r}: it belongs to {', '.join(owners)} cards{_for_type(model).replace(' for', ', not')}"
    return f"unknown field {name!r}{hint}"

