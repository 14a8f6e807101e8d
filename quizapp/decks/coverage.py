"""Which sentences of a source text the cards quote, and which they leave out.

A quote cites a sentence when it covers the whole sentence or at least 25 characters of it, so a
quote that only grazes the end of the previous sentence does not count for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quizapp.engine.textnorm import Sentence

if TYPE_CHECKING:
    from quizapp.decks.deckfile import Source
    from quizapp.decks.sourcetext import Document

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


def coverage(source: Document, quotes: Iterable[tuple[object, str | list[str]]]) -> SourceCoverage:
    """Citations of every sentence of a source by the (key, quote) pairs given; a key's quote
    may be a list of excerpts, which together cite every sentence any of them cites."""
    result = SourceCoverage(source.name, [SentenceCitations(s) for s in source.sentences])
    cited: dict[str, list[SentenceCitations]] = {}  # many cards share a quote: find each once
    for key, quote in quotes:
        entries: dict[int, SentenceCitations] = {}
        for excerpt in [quote] if isinstance(quote, str) else quote:
            found = cited.get(excerpt)
            if found is None:
                span = source.folded.find(excerpt)
                found = [] if span is None else [
                    e for e in result.sentences if e.sentence.start < span[1] and cites(span, e.sentence)
                ]
                cited[excerpt] = found
            entries.update((e.sentence.index, e) for e in found)
        for entry in entries.values():
            entry.cited_by.append(key)
    return result


@dataclass
class DeckCoverage:
    """Coverage of every source text used by a set of deck files."""

    sources: list[tuple[str, int, int, SourceCoverage]]  # name, decks, cards, coverage
    errors: int

    def as_dict(self) -> dict[str, object]:
        """JSON-ready figures."""
        return {
            "sources": [
                {
                    "source": name,
                    "decks": decks,
                    "cards": cards,
                    "sentences": len(cov.sentences),
                    "cited": cov.covered,
                    "share": round(cov.share, 4),
                    "uncited": [{"sentence": s.index + 1, "paragraph": s.paragraph + 1, "text": " ".join(s.text.split())}
                                for s in cov.uncited()],
                }
                for name, decks, cards, cov in self.sources
            ],
            "lint_errors": self.errors,
        }

    def text(self) -> str:
        """The report a deck author reads."""
        if not self.sources:
            return "No deck here names a source text."
        lines: list[str] = []
        for name, decks, cards, cov in self.sources:
            lines.append(
                f"{name}: {cov.covered} of {len(cov.sentences)} sentences cited ({cov.share * 100:.1f}%) "
                f"by {cards} cards in {decks} deck{'s' * (decks != 1)}"
            )
            uncited = cov.uncited()
            if uncited:
                lines.append("Not cited by any card:")
                lines += [f"  {s.index + 1:>3}. (paragraph {s.paragraph + 1}) {' '.join(s.text.split())}" for s in uncited]
            else:
                lines.append("Every sentence is cited.")
        return "\n".join(lines)


def deck_coverage(paths: Iterable[str]) -> DeckCoverage:
    """Lint the decks under `paths` and measure how their valid cards cover each source."""
    from pathlib import Path

    from quizapp.decks.lint import lint
    from quizapp.errors import QuizError

    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise QuizError(f"no such file or folder: {', '.join(missing)}")
    result = lint(paths)
    if not result.decks:
        raise QuizError(f"no deck files (*.yaml, *.yml) found in {', '.join(map(str, paths))}")
    by_source: dict[tuple[str, str], tuple[Source, list[str], list[tuple[object, str | list[str]]]]] = {}
    for deck in result.decks:
        if deck.source is None or deck.header is None:
            continue
        _, decks, quotes = by_source.setdefault((deck.source.name, deck.source.sha256), (deck.source, [], []))
        decks.append(deck.header.deck)
        quotes += [(card.id, card.quotes) for card in deck.cards if card.quotes]
    sources = [
        (source.name, len(decks), len(quotes), coverage(source.document, quotes))
        for source, decks, quotes in by_source.values()
    ]
    return DeckCoverage(sources, result.errors)
