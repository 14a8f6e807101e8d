"""Read one deck file into validated models, with a file:line:col for every problem found.

After a YAML syntax error nothing else can be read; after any other error everything that can
still be checked is checked, so an author sees every problem in one run.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode

from quizapp.cards.base import (
    CHECKS,
    MANY,
    ONE,
    QUOTES_MAX,
    SIZE_MAX,
    SIZE_MIN,
    CardBase,
    CheckName,
    LintOptions,
    Severity,
    Where,
)
from quizapp.cards.registry import CARD_TYPES
from quizapp.decks.files import FileProblem, read_regular_file, source_path
from quizapp.decks.header import FORMAT_VERSION, DeckHeader
from quizapp.decks.sourcetext import Document, document
from quizapp.decks.yamlhelp import quoted
from quizapp.decks.yamltree import REFUSED, Position, YamlProblem, build, compose, decode, locate, offset_position
from quizapp.engine.textnorm import FoldedText, fold, fold_with_origin

Path_ = Where


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of the linter, printed as `path:line:col: severity: message [check]`; a
    warning names its check, by which an author can silence it (`lint: {ignore: [check]}`)."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    check: str | None = None

    def __str__(self) -> str:
        check = f" [{self.check}]" if self.check else ""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}{check}"


@dataclass(frozen=True)
class Source:
    """A source text that card quotes are checked against: the file's text, and the document
    quotes match (the same text for plain sources, the rendered text for Markdown)."""

    name: str
    text: str
    document: Document
    problems: tuple[Problem, ...] = ()  # control characters found in it, at its own lines

    @property
    def folded(self) -> FoldedText:
        """The document's text folded for quote matching."""
        return self.document.folded

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
    source_path: Path | None = None  # the source file named, resolved (to watch it for changes)
    problems: list[Problem] = field(default_factory=list)
    root: Node | None = None
    card_count: int = 0  # cards written in the file, valid or not
    text: str = ""  # the file's text, to point into a long text field
    card_lines: list[int] = field(default_factory=list)  # the line of each valid card, for editing it from the app
    checked: list[tuple[int, CardBase]] = field(default_factory=list)  # every card that could be built, by its index
    ignore: frozenset[str] = frozenset()  # checks silenced for the whole deck
    renamed: dict[tuple[int, str], str] = field(default_factory=dict)  # (card index, field) -> the misspelt key written
    warnings: bool = True  # False: only errors are looked for (an import needs nothing else)
    finished: list[tuple[int, CardBase]] | None = field(default=None, repr=False)  # checked cards but stubs, once
    _card_hashes: list[str] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        """True when the deck has no errors (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Line and column of the node at `path` in this file."""
        return locate(self.root, self._written(path), key=key) if self.root is not None else Position(1, 1)

    def _written(self, path: Path_) -> Path_:
        """`path` as the file spells it: a card field read under its meant name is found at its typo."""
        if len(path) >= 3 and path[0] == "cards" and isinstance(path[1], int) and isinstance(path[2], str):
            typo = self.renamed.get((path[1], path[2]))
            if typo is not None:
                return (*path[:2], typo, *path[3:])
        return path

    def report(self, path: Path_, message: str, *, severity: Severity = "error", key: bool = False,
               check: CheckName | None = None, span: tuple[int, int] | None = None, card: CardBase | None = None) -> None:
        """Record a problem at the node found by `path` (at `span` inside a text field when
        given), unless its check is silenced for the deck or for `card`."""
        if check is not None and (not self.warnings or check in self.ignore or (card is not None and card.ignores(check))):
            return
        pos = self._in_text(path, span) if span is not None else self.position(path, key=key)
        self.problems.append(Problem(self.display, pos.line, pos.col, severity, message, check))

    def _in_text(self, path: Path_, span: tuple[int, int]) -> Position:
        """The position of `span` of the text at `path`: found in the file when the text is
        written there as is (a plain or quoted scalar), else the start of the text."""
        node = _node_at(self.root, self._written(path))
        if not isinstance(node, ScalarNode) or node.start_mark is None:
            return self.position(path)
        value: str = node.value
        piece = value[span[0] : min(span[1], span[0] + 24)]
        raw = self.text[node.start_mark.index : node.end_mark.index]
        at, seen = -1, value[: span[0]].count(piece) if piece else 0
        for _ in range(seen + 1):
            at = raw.find(piece, at + 1) if piece else -1
            if at < 0:
                return self.position(path)
        return offset_position(self.text, node.start_mark.index + at)

    def card_hashes(self) -> list[str]:
        """One hash per valid card of what an import stores for it, computed once."""
        if len(self._card_hashes) != len(self.cards):
            self._card_hashes = [
                hashlib.sha256(card.model_dump_json(exclude={"lint"}).encode()).hexdigest()[:32] for card in self.cards
            ]
        return self._card_hashes

    def content_hash(self) -> str:
        """Hash of everything an import stores, to skip unchanged decks without writing (the
        file's place and its cards' lines included, so the app can open a card in an editor)."""
        digest = hashlib.sha256()
        assert self.header is not None
        # Without an exam date the header hashes as before the field existed (no spurious update);
        # `lint` only silences checks, so it changes nothing an import stores.
        exclude = {"cards", "lint"} | ({"exam"} if self.header.exam is None else set())
        digest.update(self.header.model_dump_json(exclude=exclude).encode())
        digest.update((self.source.sha256 if self.source else "-").encode())
        digest.update(f"{self.file_location()}:{self.card_lines}".encode())
        for card_digest in self.card_hashes():
            digest.update(card_digest.encode())
        return digest.hexdigest()

    def file_location(self) -> str:
        """The deck file's absolute path on this machine."""
        return str(self.path.resolve())


def _node_at(root: Node | None, path: Path_) -> Node | None:
    from yaml.nodes import MappingNode, SequenceNode

    node = root
    for step in path:
        if isinstance(node, MappingNode) and isinstance(step, str):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node


_SOURCE_CACHE: dict[tuple[Path, int, int, str], Source] = {}


def load_source(path: Path, display: str) -> Source:
    """Read a source text (cached by path, mtime and size; many decks share one). Raises
    FileProblem for a file that cannot be read; control characters are reported, at their own
    line and column, in the Source's problems."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise FileProblem("source file not found") from None
    except OSError:
        stat = None  # read_regular_file says what is wrong
    key = (path, stat.st_mtime_ns if stat else -1, stat.st_size if stat else -1, display)
    cached = _SOURCE_CACHE.get(key) if stat else None
    if cached is None:
        data = read_regular_file(path, what="source file")
        found: list[YamlProblem] = []
        try:
            text = decode(data, found)
        except YamlProblem as exc:  # not UTF-8
            where = f"{display}:{exc.position.line}:{exc.position.col}"
            raise FileProblem(exc.message.replace("file is", f"source file {where} is", 1)) from None
        problems = tuple(
            Problem(display, p.position.line, p.position.col, "error", p.message + " in a source text") for p in found
        )
        cached = Source(path.name, text, document(path.name, text), problems)
        if len(_SOURCE_CACHE) > 64:
            _SOURCE_CACHE.clear()
        _SOURCE_CACHE[key] = cached
    return cached


_TABLE_SUFFIXES = {".tsv": "tab-separated table (TSV)", ".csv": "comma-separated table (CSV)"}
_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_NOT_A_DECK = "a deck is a YAML file starting with quizapp: 1 (quizapp new DECK-ID --source FILE writes one)"


def _looks_like_table(path: Path, text: str) -> str | None:
    """What kind of table a file given as a deck looks like, if it looks like one."""
    if path.suffix.lower() in _TABLE_SUFFIXES:
        return _TABLE_SUFFIXES[path.suffix.lower()]
    lines = [line for line in text.splitlines()[:50] if line.strip() and not line.lstrip().startswith("#")]
    fields = any(re.match(r"\s*[\w-]+: ", line) for line in lines)
    if len(lines) >= 2 and all("\t" in line.strip() for line in lines) and not fields:
        return _TABLE_SUFFIXES[".tsv"]
    return None


def _prose(path: Path, root: Node | None) -> bool:
    """True when a file given as a deck reads as running text (a source text given by mistake)."""
    if isinstance(root, ScalarNode):
        return len(root.value.split()) > 8
    return root is None and path.suffix.lower() in _TEXT_SUFFIXES


def read_deck(path: Path, display: str | None = None, *, warnings: bool = True) -> DeckFile:
    """Lint one deck file: parse, validate every card, and check quotes against the source; with
    `warnings` false, only errors are looked for."""
    deck = DeckFile(path=path, display=display or str(path), warnings=warnings)
    try:
        data = read_regular_file(path, what="file")
    except FileProblem as exc:
        deck.problems.append(Problem(deck.display, 1, 1, "error", exc.message.replace("a text file", "a deck file")))
        return deck
    found: list[YamlProblem] = []
    try:
        text = decode(data, found)
        deck.text = text
        table = _looks_like_table(path, text)
        if table:
            raise YamlProblem(f"this looks like a {table}, not a deck: {_NOT_A_DECK}", Position(1, 1))
        try:
            deck.root = compose(text)
        except YamlProblem:
            if path.suffix.lower() in _TEXT_SUFFIXES:
                raise YamlProblem(f"this looks like a source text, not a deck: {_NOT_A_DECK} and names the text in source:",
                                  Position(1, 1)) from None
            raise
        if _prose(path, deck.root):
            raise YamlProblem(f"this looks like a source text, not a deck: {_NOT_A_DECK} and names the text in source:",
                              Position(1, 1))
        raw = build(deck.root, len(text), found) if deck.root is not None else None
    except YamlProblem as exc:
        found.append(exc)
        deck.problems += [Problem(deck.display, p.position.line, p.position.col, "error", p.message) for p in found]
        deck.problems.sort(key=lambda p: (p.line, p.col))
        return deck
    deck.problems += [Problem(deck.display, p.position.line, p.position.col, "error", p.message) for p in found]
    _validate(deck, raw)
    if warnings:
        from quizapp.decks.quality import check_deck

        check_deck(deck)
    deck.problems.sort(key=lambda p: (p.path != deck.display, p.line, p.col))
    return deck


def _validate(deck: DeckFile, raw: Any) -> None:
    if not isinstance(raw, dict):
        deck.report((), "a deck file must be a mapping with quizapp, deck, title and cards")
        return
    version = raw.get("quizapp")
    if version is None:
        deck.report((), f"missing required field 'quizapp' (the format version, {FORMAT_VERSION})")
        raw = {"quizapp": FORMAT_VERSION, **raw}  # read the rest as the current version
    elif str(version).strip() != str(FORMAT_VERSION):
        deck.report(("quizapp",), f"deck format version {version} is not supported; this quizapp reads version {FORMAT_VERSION}")
        return
    try:
        deck.header = DeckHeader.model_validate(raw)
        deck.ignore = frozenset(deck.header.lint.ignore if deck.header.lint else ())
    except ValidationError as exc:
        _report_validation(deck, exc, (), DeckHeader)
        try:
            deck.ignore = frozenset(LintOptions.model_validate(raw.get("lint") or {}).ignore)
        except ValidationError:
            pass
    named = raw.get("source")
    if isinstance(named, str) and named.strip():
        _load_source(deck, named)
    has_source = named is not None
    cards = raw.get("cards")
    if not isinstance(cards, list):
        return
    seen_ids: dict[str, int] = {}
    deck.card_count = len(cards)
    for index, raw_card in enumerate(cards):
        card, complete = _validate_card(deck, index, raw_card)
        card_id = raw_card.get("id") if isinstance(raw_card, dict) else None
        if isinstance(card_id, str):
            first = seen_ids.setdefault(card_id, index)
            if first != index:
                line = deck.position(("cards", first, "id")).line
                deck.report(("cards", index, "id"), f"duplicate card id {card_id!r} (first used on line {line})")
                complete = False
        if card is None:
            _check_raw_quotes(deck, index, raw_card)
            continue
        _check_card(deck, index, card, has_source)
        deck.checked.append((index, card))
        if complete:
            deck.cards.append(card)
            deck.card_lines.append(deck.position(("cards", index)).line)


def _load_source(deck: DeckFile, named: str) -> None:
    display = os.path.normpath(os.path.join(os.path.dirname(deck.display), named))
    try:
        path = source_path(deck.path, named)
        deck.source_path = path
        deck.source = load_source(path, display)
    except FileProblem as exc:
        message = exc.message
        if message == "source file not found":
            message = f"source file not found: looked for {display} (a source is named relative to the deck file's folder)"
        elif message.startswith("source file ") and display not in message:
            message = f"{message}: {display}"
        deck.report(("source",), message)
        return
    deck.problems += deck.source.problems


def _validate_card(deck: DeckFile, index: int, raw: Any) -> tuple[CardBase | None, bool]:
    """The card model (None when it cannot be built), and whether it was valid as written. A
    card with mistakes in some fields is built without them, when it can be, so the checks that
    need the rest still run."""
    where: Path_ = ("cards", index)
    if not isinstance(raw, dict):
        deck.report(where, "each card must be a mapping of fields (id, type, ...)")
        return None, False
    card_type = raw.get("type", "basic")
    model = CARD_TYPES.get(card_type) if isinstance(card_type, str) else None
    if model is None:
        deck.report((*where, "type"), _unknown_type(card_type))
        return None, False
    try:
        return model.model_validate(raw), True
    except ValidationError as exc:
        _report_validation(deck, exc, where, model)
        broken = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        rest = {k: v for k, v in raw.items() if k not in broken}
        if "id" in broken:
            rest["id"] = f"card-{index + 1}"  # stands in for a bad id, so the rest is still checked
        # A misspelt field (`anwser`) is read as the field it was meant to be, so the checks that
        # need it (is the answer among the choices?) still run; its problems point at the typo.
        # When what it holds does not fit that field either, the card is read without it.
        meant = dict(rest)
        renamed: dict[tuple[int, str], str] = {}
        for typo in broken - set(model.model_fields):
            close = difflib.get_close_matches(typo, list(model.model_fields), n=1, cutoff=0.6)
            if close and close[0] not in raw:
                meant[close[0]] = raw[typo]
                renamed[(index, close[0])] = typo
        for attempt in ([meant, rest] if renamed else [rest]):
            try:
                card = model.model_validate(attempt)
            except ValidationError:
                continue
            if attempt is meant:
                deck.renamed.update(renamed)
            return card, False
        return None, False


def _unknown_type(card_type: object) -> str:
    expected = f"expected one of {', '.join(CARD_TYPES)}"
    if isinstance(card_type, str) and card_type.lower() in ("reversed", "reverse", "basic-reversed", "basic-reverse", "both"):
        return f"unknown card type {card_type!r}: for a card asked both ways, write type: basic with reverse: true"
    hint = _did_you_mean(str(card_type), CARD_TYPES)
    return f"unknown card type {card_type!r}{hint}; {expected}"


def _check_card(deck: DeckFile, index: int, card: CardBase, has_source: bool) -> None:
    """Checks that need more than one field: the type's own, quotes, explanation, stubs."""
    where: Path_ = ("cards", index)

    def report(at: Where, message: str, *, severity: Severity = "error", check: CheckName | None = None,
               span: tuple[int, int] | None = None) -> None:
        deck.report((*where, *at), message, severity=severity, check=check, span=span, card=card)

    card.check(report, warnings=deck.warnings)
    if not card.quotes:
        if has_source:
            deck.report(where, f"card {card.id!r} has no quote; every card of a deck with a source needs one")
    else:
        _check_quotes(deck, index, card.quotes, isinstance(card.quote, list), has_source, card)
    if not deck.warnings:
        return
    if card.explanation is None:
        report((), f"card {card.id!r} has no explanation", severity="warning", check="explanation")
    stubs = card.stub_fields()
    if stubs:
        report((), f"card {card.id!r} is still a stub: write its {', '.join(stubs)} in place of TODO, or delete the card",
               severity="warning", check="todo")


def _check_raw_quotes(deck: DeckFile, index: int, raw: Any) -> None:
    """The quotes of a card that could not be built are still checked."""
    quote = raw.get("quote") if isinstance(raw, dict) else None
    written = quote if isinstance(quote, list) else [quote]
    quotes = [q for q in written if isinstance(q, str) and q.strip()]
    if quotes and len(quotes) == len(written):
        _check_quotes(deck, index, quotes, isinstance(quote, list), True, None)


def _check_quotes(deck: DeckFile, index: int, quotes: list[str], many: bool, has_source: bool, card: CardBase | None) -> None:
    source = deck.source
    for i, quote in enumerate(quotes):
        at: Path_ = ("cards", index, "quote", i) if many else ("cards", index, "quote")
        if source is None:
            if not has_source:
                deck.report(at, "quote cannot be checked: the deck names no source", severity="warning", check="no-source",
                            card=card)
            continue
        if source.folded.find(quote) is None:
            deck.report(at, _quote_miss(quote, source))
            continue
        times = source.folded.count(quote) if deck.warnings else 1
        if times > 1:
            deck.report(at, f"this quote occurs {times} times in {source.name}, so the card points at the first; quote a few "
                        "more words to make it unique", severity="warning", check="quote-repeats", card=card)


_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"


def _quote_miss(quote: str, source: Source) -> str:
    """Say where a quote stops matching the source, in the author's and the source's own
    characters, so the author sees the typo."""
    bare = quote.strip().strip(_QUOTE_MARKS).strip()
    if bare != quote.strip() and bare and source.folded.find(bare) is not None:
        return (f"quote not found in {source.name}: the quote marks around it are not in the source; remove them "
                f"(quote: {_clip(bare, 40)!r})")
    needle = fold(quote)
    folded = source.folded.folded
    low, high = 0, len(needle)
    while low < high:  # longest prefix of the quote that the source contains
        mid = (low + high + 1) // 2
        if needle[:mid] in folded:
            low = mid
        else:
            high = mid - 1
    own = fold_with_origin(quote)
    if low < 8:
        return f"quote not found in {source.name}: {_clip(quote.strip())!r}"
    matched_end = own.origin[low - 1] + 1
    at = folded.find(needle[:low])
    resume = own.origin[low] if low < len(own.origin) else len(quote)
    original = source.document.text
    next_at = source.folded.origin[at + low] if at + low < len(source.folded.origin) else len(original)
    return (
        f"quote not found in {source.name}: it matches up to {_clip(quote[:matched_end], tail=True)!r}, "
        f"then has {_clip(quote[resume:].strip())!r} where the source has {original[next_at : next_at + 20]!r}"
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
    errors = [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in typos) and e.get("input") is not REFUSED]
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
            elif field_name == "quote":
                deck.report((*where, *loc), f"'quote' must be one excerpt or a list of 1 to {QUOTES_MAX} (found {found})")
            else:
                deck.report((*where, *loc), f"{label!r} must have {SIZE_MIN} to {SIZE_MAX} entries (found {found})")
        elif kind == "string_type" and (written := _colon_text(deck, (*where, *loc), error["input"])):
            deck.report((*where, *loc), f"{label!r} must be text, but the colon followed by a space makes YAML read it as a "
                        f"field and its value; put the whole text in quotes: {quoted(written)}")
        elif kind in _KIND:
            deck.report((*where, *loc), f"{label!r} must be {_KIND[kind]}, not {_describe(error['input'])}")
        elif kind == "value_error":
            message = error["msg"].removeprefix("Value error, ")
            if message.startswith("must"):
                message = f"{label!r} {message}"
            deck.report((*where, *loc), message)
        elif kind == "literal_error" and loc[-2:-1] == ("ignore",):
            hint = _did_you_mean(str(error["input"]), CHECKS)
            deck.report((*where, *loc),
                        f"unknown check {error['input']!r} in lint.ignore{hint}; the checks are {', '.join(CHECKS)}")
        elif kind == "literal_error":
            deck.report((*where, *loc), f"{label!r} must be {error['ctx']['expected']}")
        else:  # pragma: no cover - a pydantic error type we have not met in a deck yet
            deck.report((*where, *loc), f"{label!r}: {error['msg']}")


def _colon_text(deck: DeckFile, path: Path_, value: Any) -> str | None:
    """The text as written when a text field was read as a one-entry mapping because of a colon
    and a space inside it (`- Step one: the plan`), else None."""
    node = _node_at(deck.root, path)
    if not (isinstance(value, dict) and len(value) == 1 and isinstance(node, MappingNode) and node.flow_style is False):
        return None
    ((key, value_node),) = node.value
    if not isinstance(key, ScalarNode) or key.style not in (None, "") or not isinstance(value_node, ScalarNode) \
            or value_node.end_mark.line != key.start_mark.line:
        return None
    line = deck.text.split("\n")[node.start_mark.line]
    return line[node.start_mark.column :].split(" #", 1)[0].rstrip()


def _branch_errors(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop the union branch name pydantic puts into the location of a field that takes one
    value or a list (a choice answer, a quote): "one" or "many"."""
    return [
        {**e, "loc": (e["loc"][0], *e["loc"][2:])}
        if e["loc"][:1] in (("answer",), ("quote",)) and e["loc"][1:2] in ((ONE,), (MANY,)) else e
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

