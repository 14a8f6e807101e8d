"""Text folding for quote matching, and the sentence splitter used for coverage and the reader."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Typographic characters folded to ASCII so a teacher can type quotes with a plain keyboard.
_FOLD = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)
_SPACE = re.compile(r"\s+")
# A run of hyphens is one dash: a plain-text "--" matches a typographic em or en dash.
_DASHES = re.compile(r"-{2,}")


def fold(text: str) -> str:
    """Fold typographic quotes, apostrophes and dashes to ASCII, read "--" as one dash, and
    collapse whitespace."""
    return _DASHES.sub("-", _SPACE.sub(" ", text.translate(_FOLD))).strip()


@dataclass(frozen=True)
class FoldedText:
    """A text folded with :func:`fold`, remembering where each folded character came from."""

    original: str
    folded: str
    origin: tuple[int, ...]  # origin[i] is the index in `original` of folded[i]

    def find(self, quote: str) -> tuple[int, int] | None:
        """The span of `quote` in the original text, or None when it is not a contiguous excerpt."""
        needle = fold(quote)
        if not needle:
            return None
        start = self.folded.find(needle)
        if start < 0:
            return None
        return self.span(start, start + len(needle))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded characters start..end."""
        stop = self.origin[end - 1] + 1
        if self.folded[end - 1] == "-":  # a run of dashes folded to one: take the whole run
            while stop < len(self.original) and self.original[stop : stop + 1].translate(_FOLD) == "-":
                stop += 1
        return self.origin[start], stop

    def count(self, quote: str) -> int:
        """How many times `quote` occurs in the text (a quote must point at one place)."""
        needle = fold(quote)
        if not needle:
            return 0
        found, at = 0, self.folded.find(needle)
        while at >= 0:
            found += 1
            at = self.folded.find(needle, at + 1)
        return found


def fold_with_origin(text: str) -> FoldedText:
    """Fold `text` and keep a map from folded offsets back to original offsets."""
    translated = text.translate(_FOLD)  # one char to one char, so offsets are kept
    out: list[str] = []
    origin: list[int] = []
    pending_space = False
    for i, ch in enumerate(translated):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if ch == "-" and not pending_space and out and out[-1] == "-" and translated[i - 1] == "-":
            continue  # "--" (or "—-") folds to one dash
        if pending_space:
            out.append(" ")
            origin.append(i - 1)
            pending_space = False
        out.append(ch)
        origin.append(i)
    return FoldedText(text, "".join(out), tuple(origin))


@dataclass(frozen=True)
class Sentence:
    """One sentence of a source text: its index, its paragraph and its span in the original."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


# A sentence ends at . ? or ! (maybe followed by a closing quote or bracket), then whitespace,
# then a capital letter or an opening quote.
_END = re.compile(r"[.?!][\"'\u201d\u2019)\]]*(?=\s+[\"\u201c\u2018(\[]?[A-Z])")
_ABBREVIATIONS = frozenset({"Dr.", "Capt.", "Corp.", "Mr.", "Mrs.", "Ms.", "St.", "Gen.", "Lt.", "Col.", "Adm.", "No."})
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}$")
_WORD_BEFORE = re.compile(r"[^\s\u2014]*$")


def _is_false_end(paragraph: str, end: int) -> bool:
    """True when the period before `end` belongs to an abbreviation rather than ending a sentence."""
    found = _WORD_BEFORE.search(paragraph, 0, end)
    word = found.group() if found else ""
    if word in _ABBREVIATIONS:
        return True
    if _INITIALISM.search(word):
        # "the U.S. Institute" goes on; "the U.S. \u201cFormally ..." starts a new sentence.
        following = paragraph[end:].lstrip()
        return not following.startswith(("\u201c", '"'))
    return False


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of one paragraph (`text[start:end]`), as spans of `text`."""
    body = text[start:end]
    spans: list[tuple[int, int]] = []
    first = 0
    for match in _END.finditer(body):
        stop = match.end()
        if body[match.start()] == "." and _is_false_end(body, match.start() + 1):
            continue
        spans.append((start + first, start + stop))
        first = stop + (len(body[stop:]) - len(body[stop:].lstrip()))
    if first < len(body.rstrip()):
        spans.append((start + first, start + len(body.rstrip())))
    return spans
