"""A source text with what cites it: sentences, paragraphs, how many cards quote each sentence
(which ones when asked), and the learner's mastery of every paragraph (the mean current recall
of the cards citing it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.decks.coverage import cites
from quizapp.decks.sourcetext import Document, document
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import Scheduler
from quizapp.engine.textnorm import Sentence
from quizapp.store import source_queries
from quizapp.store.database import Store

CitingCard = source_queries.QuotingCard  # a card that quotes the source: its key, deck, excerpts and items
Span = source_queries.Span


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
    paragraphs: list[Paragraph]
    deck_ids: list[int]
    document: Document | None = None
    cited: bool = False  # False: the citations are not read yet (every count is 0)
    counts: list[int] = field(default_factory=list)  # per sentence, how many cards cite it
    # Per sentence, the spans (each a card's first excerpt) citing it, and the cards citing it only
    # through a later excerpt: which cards these are is read when asked (`Learning.citing_cards`),
    # so a source quoted by a million cards is marked in a second without a million objects.
    spans: list[list[Span]] = field(default_factory=list)
    later: list[list[int]] = field(default_factory=list)
    excerpts: dict[int, list[Span | None]] = field(default_factory=dict)  # cards quoting several places

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

    def citing(self, sentences: list[int]) -> tuple[list[Span], list[int]]:
        """What cites any of `sentences`: the first-excerpt spans, and the cards citing them
        through a later excerpt only (for `source_queries.quoting_cards`)."""
        spans = list(dict.fromkeys(span for s in sentences for span in self.spans[s]))
        cards = list(dict.fromkeys(card for s in sentences for card in self.later[s]))
        return spans, cards

    def display(self, paragraph: Paragraph) -> str:
        """A paragraph's text as shown: the lines of a hard-wrapped paragraph joined (one space for
        each line break, so offsets into the text still hold)."""
        text = self.text[paragraph.start : paragraph.end]
        return text if paragraph.preformatted else text.replace("\r", " ").replace("\n", " ")


def reading(store: Store, learner_id: int, source_id: int | None = None, *, citations: bool = True) -> Reading:
    """The source (the first one when None) with how many active cards cite each sentence; without
    `citations`, the text alone (no card counted yet), which is quick at any collection size."""
    stored = source_queries.source(store, source_id)
    source = document(stored.name, stored.text)
    sentences = list(source.sentences)
    paragraphs: list[Paragraph] = []
    number = 0
    for index, block in enumerate(source.blocks):
        paragraph = Paragraph(index, block.start, block.end, block.kind, block.marker)
        if block.has_sentences:
            paragraph.number = number
            paragraph.sentences = [s.index for s in sentences if s.paragraph == number]
            number += 1
        paragraphs.append(paragraph)
    text = Reading(stored.source_id, stored.name, source.text, sentences, paragraphs, stored.deck_ids, source,
                   counts=[0] * len(sentences), spans=[[] for _ in sentences], later=[[] for _ in sentences])
    if citations:
        _count_citations(store, learner_id, text)
    return text


def sentences_cited(sentences: list[Sentence], span: Span) -> list[int]:
    """Indexes of the sentences a quote's span cites."""
    return [s.index for s in sentences if s.start < span[1] and cites(span, s)]


def _count_citations(store: Store, learner_id: int, text: Reading) -> None:
    """Fill the counts: the cards by first-excerpt span from the span index, then the few cards
    whose later excerpts cite sentences their first does not."""
    for span, cards in source_queries.cards_by_span(store, learner_id, text.deck_ids).items():
        for s in sentences_cited(text.sentences, span):
            text.spans[s].append(span)
            text.counts[s] += cards
    text.excerpts = source_queries.excerpt_spans(store, text.deck_ids)
    for card_id, spans in text.excerpts.items():
        first = set(sentences_cited(text.sentences, spans[0])) if spans[0] is not None else set()
        for s in sorted({s for span in spans[1:] if span is not None for s in sentences_cited(text.sentences, span)} - first):
            text.later[s].append(card_id)
            text.counts[s] += 1
    text.cited = True


def mastery(store: Store, profile: Profile, text: Reading, at: int) -> dict[int, float | None]:
    """Per paragraph, the mean current recall probability of the cards citing it (None: no card).

    A card's recall is the mean over its items (each item weighs 1/items of its card); an item
    never studied counts as 0. A card quoting several excerpts counts for the paragraphs of each.
    """
    curve = Scheduler(profile.settings, fuzz=False).curve()
    rows = source_queries.recall_by_span(store, profile.id, text.deck_ids, curve, at)
    recall = [0.0] * len(text.paragraphs)
    cards = [0.0] * len(text.paragraphs)
    touched: dict[Span, set[int]] = {}

    def paragraphs_of(span: Span) -> set[int]:
        if span not in touched:
            touched[span] = {text.sentences[s].paragraph for s in sentences_cited(text.sentences, span)}
        return touched[span]

    for start, end, total, weight in rows:
        for p in paragraphs_of((start, end)):
            recall[p] += float(total)
            cards[p] += float(weight)
    # The span index holds each card's first excerpt; add the paragraphs only its others cite.
    extra: dict[int, set[int]] = {}
    for card_id, excerpts in text.excerpts.items():
        first = paragraphs_of(excerpts[0]) if excerpts[0] is not None else set()
        more = set().union(*(paragraphs_of(span) for span in excerpts[1:] if span is not None)) - first
        if more:
            extra[card_id] = more
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
