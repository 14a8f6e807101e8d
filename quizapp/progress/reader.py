"""A source text with what cites it: sentences, paragraphs, the cards quoting each sentence, and
the learner's mastery of every paragraph (the mean current recall of the cards citing it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from quizapp.decks.coverage import cites, coverage
from quizapp.decks.sourcetext import Document, document
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import Scheduler
from quizapp.engine.textnorm import Sentence
from quizapp.store import source_queries
from quizapp.store.database import Store

CitingCard = source_queries.QuotingCard  # a card that quotes the source: its key, deck, excerpts and items


@dataclass
class Paragraph:
    """A block of the source as the reader shows it: a paragraph, heading, list item, block quote
    or code block, with its sentences (headings and code have none)."""

    index: int  # in Reading.paragraphs
    start: int
    end: int
    kind: str = "paragraph"
    marker: str = ""  # shown before the text: "• " for a list item
    number: int | None = None  # the paragraph's number among those with sentences (None for headings)
    sentences: list[int] = field(default_factory=list)  # indexes into Reading.sentences

    @property
    def preformatted(self) -> bool:
        """True for code, shown with its own line breaks; other blocks are reflowed."""
        return self.kind == "code"


@dataclass
class Reading:
    """A source text ready to read: the text the reader shows (the rendered text of a Markdown
    source), its blocks and sentences, and the cards citing each sentence."""

    source_id: int
    name: str
    text: str
    sentences: list[Sentence]
    cited_by: list[list[int]]  # per sentence, the ids of the cards citing it
    cards: dict[int, CitingCard]
    paragraphs: list[Paragraph]
    deck_ids: list[int]
    document: Document | None = None
    cited: bool = True  # False: the citations are not read yet (cited_by and cards are empty)

    def find(self, quote: str) -> tuple[int, int] | None:
        """The span of a quote in the text."""
        source = self.document or document(self.name, self.text)
        return source.folded.find(quote)

    def sentence_at(self, offset: int) -> int | None:
        """The index of the sentence containing a text offset (or the next one after it)."""
        for index, sentence in enumerate(self.sentences):
            if sentence.end > offset:
                return index
        return None

    def paragraph_cards(self, paragraph: Paragraph) -> list[int]:
        """Ids of the cards citing any sentence of a paragraph."""
        return list(dict.fromkeys(card for s in paragraph.sentences for card in self.cited_by[s]))

    def display(self, paragraph: Paragraph) -> str:
        """A paragraph's text as shown: the lines of a hard-wrapped paragraph joined (one space for
        each line break, so offsets into the text still hold)."""
        text = self.text[paragraph.start : paragraph.end]
        return text if paragraph.preformatted else text.replace("\r", " ").replace("\n", " ")


def reading(store: Store, source_id: int | None = None, *, citations: bool = True) -> Reading:
    """The source (the first one when None) with every active card that quotes it; without
    `citations`, the text alone (no card cites it yet), which is quick at any collection size."""
    stored = source_queries.source(store, source_id, with_cards=citations)
    source = document(stored.name, stored.text)
    cards = {c.card_id: c for c in stored.cards}
    cov = coverage(source, [(card.card_id, card.quotes[0] if len(card.quotes) == 1 else list(card.quotes))
                            for card in stored.cards])
    sentences = [entry.sentence for entry in cov.sentences]
    cited_by = [cast("list[int]", entry.cited_by) for entry in cov.sentences]  # the card ids given above
    paragraphs: list[Paragraph] = []
    number = 0
    for index, block in enumerate(source.blocks):
        paragraph = Paragraph(index, block.start, block.end, block.kind, block.marker)
        if block.has_sentences:
            paragraph.number = number
            paragraph.sentences = [s.index for s in sentences if s.paragraph == number]
            number += 1
        paragraphs.append(paragraph)
    return Reading(stored.source_id, stored.name, source.text, sentences, cited_by, cards, paragraphs, stored.deck_ids,
                   source, citations)


def mastery(store: Store, profile: Profile, text: Reading, at: int) -> dict[int, float | None]:
    """Per paragraph, the mean current recall probability of the cards citing it (None: no card).

    A card's recall is the mean over its items (each item weighs 1/items of its card); an item
    never studied counts as 0. A card quoting several excerpts counts for the paragraphs of each.
    """
    curve = Scheduler(profile.settings, fuzz=False).curve()
    rows = source_queries.recall_by_span(store, profile.id, text.deck_ids, curve, at)
    recall = [0.0] * len(text.paragraphs)
    cards = [0.0] * len(text.paragraphs)
    touched: dict[tuple[int, int], set[int]] = {}

    def paragraphs_of(span: tuple[int, int]) -> set[int]:
        if span not in touched:
            touched[span] = {s.paragraph for s in text.sentences if s.start < span[1] and cites(span, s)}
        return touched[span]

    for start, end, total, weight in rows:
        for p in paragraphs_of((start, end)):
            recall[p] += float(total)
            cards[p] += float(weight)
    # The span index holds each card's first excerpt; add the paragraphs only its others cite.
    extra: dict[int, set[int]] = {}
    for card in text.cards.values():
        if len(card.quotes) > 1:
            spans = [span for q in card.quotes if (span := text.find(q)) is not None]
            if spans:
                more = set().union(*(paragraphs_of(span) for span in spans[1:])) - paragraphs_of(spans[0])
                if more:
                    extra[card.card_id] = more
    for card_id, (total, weight) in source_queries.recall_by_card(store, profile.id, list(extra), curve, at).items():
        for p in extra[card_id]:
            recall[p] += total
            cards[p] += weight
    # Sentence.paragraph counts only paragraphs with sentences; map them to the text's blocks.
    result: dict[int, float | None] = {}
    for paragraph in text.paragraphs:
        if paragraph.number is not None:
            result[paragraph.index] = recall[paragraph.number] / cards[paragraph.number] if cards[paragraph.number] else None
    return result
