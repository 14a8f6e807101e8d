"""Text folding for quote matching, and the sentence splitter used for coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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


def fold(text: str) -> str:
    """Fold typographic quotes, apostrophes and dashes to ASCII and collapse whitespace."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


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
        end = start + len(needle) - 1
        return self.origin[start], self.origin[end] + 1


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


def _is_false_end(paragraph: str, end: int) -> bool:
    """True when the period before `end` belongs to an abbreviation rather than ending a sentence."""
    word_start = max(paragraph.rfind(" ", 0, end), paragraph.rfind("\u2014", 0, end)) + 1
    word = paragraph[word_start:end]
    if word in _ABBREVIATIONS:
        return True
    if _INITIALISM.search(word):
        # "the U.S. Institute" goes on; "the U.S. \u201cFormally ..." starts a new sentence.
        following = paragraph[end:].lstrip()
        return not following.startswith(("\u201c", '"'))
    return False


def _is_heading(paragraph: str) -> bool:
    """Headings, the byline and the title carry no claim: they end without sentence punctuation."""
    return not re.search(r"[.?!][\"'\u201d\u2019)\]]*\s*$", paragraph)


@lru_cache(maxsize=16)
def sentences(text: str) -> tuple[Sentence, ...]:
    """Split a source text into sentences; each line is a paragraph and headings are skipped."""
    result: list[Sentence] = []
    offset = 0
    paragraph_index = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped or _is_heading(stripped):
            continue
        lead = len(line) - len(line.lstrip())
        start = 0
        body = line.strip()
        for match in _END.finditer(body):
            end = match.end()
            if body[match.start()] == "." and _is_false_end(body, match.start() + 1):
                continue
            result.append(_sentence(len(result), paragraph_index, line_start + lead, body, start, end))
            start = end + (len(body[end:]) - len(body[end:].lstrip()))
        if start < len(body):
            result.append(_sentence(len(result), paragraph_index, line_start + lead, body, start, len(body)))
        paragraph_index += 1
    return tuple(result)


def _sentence(index: int, paragraph: int, base: int, body: str, start: int, end: int) -> Sentence:
    return Sentence(index, paragraph, base + start, base + end, body[start:end])
