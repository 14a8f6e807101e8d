"""A source text as quizapp reads it: its paragraphs, headings and sentences, for plain text of any
shape and for Markdown.

Plain text (any name not ending in .md or .markdown) is used as written, so quote spans are
offsets into the file's own text:

- Paragraphs are separated by blank lines, and the lines inside one are joined, as in
  hard-wrapped text (licences, Project Gutenberg, PDF copy-paste). Lines are taken as wrapped
  when none is longer than 100 characters and most end in the middle of a sentence; otherwise
  (a line wider than anyone wraps, or lines that end with a full stop) each line is a
  paragraph, as in texts that put one paragraph per line without blank lines between them.
- A paragraph is a heading (the title, a section heading, a byline) when it is a single line of
  at most 100 characters that does not end with `.`, `?` or `!` (maybe followed by a closing
  quote or bracket). Headings carry no claim, so they have no sentences.

Markdown is rendered to plain text with markdown-it-py (CommonMark; it is already installed with
Textual): headings are headings, emphasis and links keep only their text, list items and block
quotes are paragraphs of their own, code blocks are shown as written but hold no sentences.
Quotes match this rendered text, and the reader shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Literal

from quizapp.engine.textnorm import FoldedText, Sentence, fold_with_origin, split_sentences

if TYPE_CHECKING:
    from markdown_it.token import Token

BlockKind = Literal["heading", "paragraph", "item", "quote", "code"]
MARKDOWN_SUFFIXES = (".md", ".markdown")
WRAP_WIDTH = 100  # longest line a hard-wrapped text has; also the longest heading

_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")
_ENDS_SENTENCE = re.compile(r"[.?!][\"'\u201d\u2019)\]]*\s*$")


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, list item, block quote or code block: its span in the text."""

    start: int
    end: int
    kind: BlockKind
    marker: str = ""  # shown before the block: "• " or "3. " for list items, "│ " for quotes

    @property
    def has_sentences(self) -> bool:
        """True for the blocks that carry claims (not headings or code)."""
        return self.kind not in ("heading", "code")


@dataclass(frozen=True)
class Document:
    """A source text: what quotes match and the reader shows, cut into blocks and sentences."""

    name: str
    text: str
    blocks: tuple[Block, ...]
    # Bold and italic spans of a Markdown source, for the reader.
    emphasis: tuple[tuple[int, int, str], ...] = field(default=())

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence, in order; `paragraph` counts only the blocks that have sentences."""
        result: list[Sentence] = []
        paragraph = 0
        for block in self.blocks:
            if not block.has_sentences:
                continue
            for start, end in split_sentences(self.text, block.start, block.end):
                result.append(Sentence(len(result), paragraph, start, end, self.text[start:end]))
            paragraph += 1
        return tuple(result)

    @cached_property
    def folded(self) -> FoldedText:
        """The text folded for quote matching, with a map back to the text's own offsets."""
        return fold_with_origin(self.text)


def is_markdown(name: str) -> bool:
    """True when a source's file name says it is Markdown."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


@lru_cache(maxsize=16)
def document(name: str, text: str) -> Document:
    """Read a source text (Markdown when its name ends in .md or .markdown)."""
    if is_markdown(name):
        return _markdown(name, text)
    return Document(name, text, tuple(_plain_blocks(text)))


# -- plain text -------------------------------------------------------------------------------------


def _plain_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    start = 0
    for gap in [*_BLANK.finditer(text), None]:
        end = gap.start() if gap is not None else len(text)
        blocks += _chunk_blocks(text, start, end)
        if gap is not None:
            start = gap.end() - 1  # the newline before the next block's first line
    return blocks


def _chunk_blocks(text: str, start: int, end: int) -> list[Block]:
    """The paragraphs of a run of non-blank lines: one joined paragraph, or one per line."""
    lines: list[tuple[int, int]] = []
    offset = start
    for line in text[start:end].split("\n"):
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            lines.append((offset + lead, offset + lead + len(body)))
        offset += len(line) + 1
    if not lines:
        return []
    if len(lines) > 1 and _hard_wrapped(text, lines[:-1]):
        return [Block(lines[0][0], lines[-1][1], "paragraph")]
    return [Block(a, b, _plain_kind(text[a:b])) for a, b in lines]


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when lines were wrapped at a width: none is wider than WRAP_WIDTH, and most end in
    the middle of a sentence (a text with one short paragraph per line ends them with a stop)."""
    if any(b - a > WRAP_WIDTH for a, b in lines):
        return False
    open_ended = sum(not _ENDS_SENTENCE.search(text[a:b]) for a, b in lines)
    return open_ended * 2 > len(lines)


def _plain_kind(line: str) -> BlockKind:
    return "heading" if len(line) <= WRAP_WIDTH and not _ENDS_SENTENCE.search(line) else "paragraph"


# -- Markdown ---------------------------------------------------------------------------------------

class _Renderer:
    """Builds the rendered text block by block from markdown-it's token stream."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.emphasis: list[tuple[int, int, str]] = []

    def add(self, kind: BlockKind, marker: str, inline: list[Token] | str) -> None:
        """Append one block (blocks are separated by a blank line, as in plain text)."""
        body, emphasis = (inline, []) if isinstance(inline, str) else _inline(inline)
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if not body:
            return
        if self.blocks:
            self._write("\n\n")
        start = self.length
        self._write(body)
        self.blocks.append(Block(start, self.length, kind, marker))
        for a, b, style in emphasis:
            a, b = max(0, a - lead), min(len(body), b - lead)
            if a < b:
                self.emphasis.append((start + a, start + b, style))

    def _write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        """The rendered text so far."""
        return "".join(self.parts)


def _inline(tokens: list[Token]) -> tuple[str, list[tuple[int, int, str]]]:
    """The text of an inline token stream, and its bold and italic spans."""
    parts: list[str] = []
    length = 0
    opened: dict[str, list[int]] = {"strong": [], "em": []}
    spans: list[tuple[int, int, str]] = []
    for token in tokens:
        kind = token.type
        piece = ""
        if kind in ("text", "code_inline"):
            piece = token.content
        elif kind == "softbreak":
            piece = " "  # a hard-wrapped line goes on
        elif kind == "hardbreak":
            piece = "\n"
        elif kind == "image":
            piece = "".join(child.content for child in token.children or [])
        elif kind in ("strong_open", "em_open"):
            opened[kind.removesuffix("_open")].append(length)
        elif kind in ("strong_close", "em_close"):
            style = kind.removesuffix("_close")
            if opened[style]:
                spans.append((opened[style].pop(), length, "bold" if style == "strong" else "italic"))
        # Links keep their text (it comes as text tokens); inline HTML is left out.
        parts.append(piece)
        length += len(piece)
    return "".join(parts), spans


def _markdown(name: str, text: str) -> Document:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    out = _Renderer()
    lists: list[list[int]] = []  # per open list: [next number] (-1 for bullets)
    item_marker: list[str] = []  # the marker of each open list item, given to its first paragraph
    quote_depth = 0
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "bullet_list_open":
            lists.append([-1])
        elif kind == "ordered_list_open":
            lists.append([int(token.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            number = lists[-1][0] if lists else -1
            marker = "• " if number < 0 else f"{number}. "
            if number >= 0:
                lists[-1][0] += 1
            item_marker.append("  " * (len(lists) - 1) + marker)
        elif kind == "list_item_close":
            item_marker.pop()
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "inline":
            opener = tokens[index - 1].type if index else ""
            children = token.children or []
            if opener == "heading_open":
                out.add("heading", "", children)
            elif item_marker:
                marker = item_marker[-1]
                item_marker[-1] = " " * len(marker)  # later paragraphs of the item are indented
                out.add("item", marker, children)
            elif quote_depth:
                out.add("quote", "│ " * quote_depth, children)
            else:
                out.add("paragraph", "", children)
        elif kind in ("fence", "code_block"):
            out.add("code", "", token.content.rstrip("\n"))
    return Document(name, out.text(), tuple(out.blocks), tuple(out.emphasis))
