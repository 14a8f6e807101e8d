"""Which sentences of a source text the cards quote, and which they leave out.

A quote cites a sentence when it covers the whole sentence or at least 25 characters of it, so a
quote that only grazes the end of the previous sentence does not count for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from quizapp.textnorm import Sentence, fold_with_origin, sentences

MIN_OVERLAP = 25


@dataclass
class SentenceCitations:
    """One sentence and the cards (by any key the caller chooses) that cite it."""

    sentence: Sentence
    cited_by: list[object] = field(default_factory=list)


@dataclass
class SourceCoverage:
    """A source text's sentences with their citations."""

    name: str
    sentences: list[SentenceCitations]

    @property
    def covered(self) -> int:
        """How many sentences at least one card cites."""
        return sum(1 for s in self.sentences if s.cited_by)

    @property
    def share(self) -> float:
        """The share of sentences cited, 0 to 1."""
        return self.covered / len(self.sentences) if self.sentences else 1.0

    def uncited(self) -> list[Sentence]:
        """Sentences no card cites, in text order."""
        return [s.sentence for s in self.sentences if not s.cited_by]


def cites(span: tuple[int, int], sentence: Sentence) -> bool:
    """True when a quote's span cites the sentence."""
    start, end = span
    if start <= sentence.start and end >= sentence.end:
        return True
    return min(end, sentence.end) - max(start, sentence.start) >= MIN_OVERLAP


def coverage(name: str, text: str, quotes: Iterable[tuple[object, str]]) -> SourceCoverage:
    """Citations of every sentence of `text` by the (key, quote) pairs given."""
    folded = fold_with_origin(text)
    result = SourceCoverage(name, [SentenceCitations(s) for s in sentences(text)])
    for key, quote in quotes:
        span = folded.find(quote)
        if span is None:
            continue
        for entry in result.sentences:
            if entry.sentence.start >= span[1]:
                break
            if cites(span, entry.sentence):
                entry.cited_by.append(key)
    return result
