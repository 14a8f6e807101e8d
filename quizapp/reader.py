"""A source text with what cites it: sentences, paragraphs, the cards quoting each sentence, and
the learner's mastery of every paragraph (the mean current recall of the cards citing it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp import config
from quizapp.catalog import item_views
from quizapp.coverage import coverage
from quizapp.errors import NotFoundError
from quizapp.models import Learner
from quizapp.prompts import make_prompt, question_text
from quizapp.reviews import read_states
from quizapp.scheduling import Scheduler
from quizapp.store import Store, fetch
from quizapp.textnorm import Sentence, fold_with_origin


@dataclass(frozen=True)
class CitingCard:
    """A card that quotes the source."""

    card_id: int
    key: str
    deck_title: str
    prompt: str
    quote: str
    item_ids: tuple[int, ...]


@dataclass
class Paragraph:
    """A line of the source with its sentences (headings have none)."""

    index: int
    start: int
    end: int
    sentences: list[int] = field(default_factory=list)  # indexes into Reading.sentences


@dataclass
class Reading:
    """A source text ready to read."""

    source_id: int
    name: str
    text: str
    sentences: list[Sentence]
    cited_by: list[list[int]]  # per sentence, the ids of the cards citing it
    cards: dict[int, CitingCard]
    paragraphs: list[Paragraph]

    def find(self, quote: str) -> tuple[int, int] | None:
        """The span of a quote in the text."""
        return fold_with_origin(self.text).find(quote)

    def sentence_at(self, offset: int) -> int | None:
        """The index of the sentence containing a text offset (or the next one after it)."""
        for index, sentence in enumerate(self.sentences):
            if sentence.end > offset:
                return index
        return None

    def paragraph_cards(self, paragraph: Paragraph) -> list[int]:
        """Ids of the cards citing any sentence of a paragraph."""
        return list(dict.fromkeys(card for s in paragraph.sentences for card in self.cited_by[s]))


def sources(store: Store) -> list[tuple[int, str]]:
    """Every stored source: id and name."""
    with store.read() as conn:
        return [(r[0], r[1]) for r in fetch(conn, "SELECT id, name FROM source ORDER BY name, id")]


def reading(store: Store, source_id: int | None = None) -> Reading:
    """The source (the first one when None) with every active card that quotes it."""
    with store.read() as conn:
        if source_id is None:
            first = fetch(conn, "SELECT id FROM source ORDER BY name, id LIMIT 1")
            if not first:
                raise NotFoundError("no deck names a source text")
            source_id = int(first[0][0])
        found = fetch(conn, "SELECT name, text FROM source WHERE id = :id", {"id": source_id})
        if not found:
            raise NotFoundError(f"no source {source_id}")
        name, text = found[0]
        rows = fetch(
            conn,
            """SELECT c.id, c.quote, min(i.id) FROM card AS c JOIN deck AS d ON d.id = c.deck_id JOIN item AS i ON i.card_id = c.id
               WHERE d.source_id = :source AND c.retired = false AND i.retired = false AND c.quote IS NOT NULL
               GROUP BY c.id, c.quote ORDER BY c.id""",
            {"source": source_id},
        )
        first_items = [r[2] for r in rows]
        views = item_views(conn, first_items)
        items = fetch(conn, f"SELECT card_id, id FROM item WHERE retired = false AND card_id IN ({','.join(str(r[0]) for r in rows) or 'NULL'})")
    by_card: dict[int, list[int]] = {}
    for card_id, item_id in items:
        by_card.setdefault(card_id, []).append(item_id)
    cards = {}
    for card_id, quote, first_item in rows:
        view = views[first_item]
        cards[card_id] = CitingCard(card_id, view.card.id, view.deck_title, question_text(make_prompt(view.card, view.item_key, 0)),
                                    quote, tuple(sorted(by_card.get(card_id, ()))))
    cov = coverage(name, text, [(card_id, quote) for card_id, quote, _ in rows])
    sentences = [entry.sentence for entry in cov.sentences]
    cited_by: list[list[int]] = [list(entry.cited_by) for entry in cov.sentences]  # type: ignore[arg-type]
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, line in enumerate(text.split("\n")):
        paragraph = Paragraph(index, offset, offset + len(line))
        paragraph.sentences = [i for i, s in enumerate(sentences) if paragraph.start <= s.start < paragraph.end]
        paragraphs.append(paragraph)
        offset += len(line) + 1
    return Reading(source_id, name, text, sentences, cited_by, cards, paragraphs)


def mastery(store: Store, learner: Learner, text: Reading, at: int) -> dict[int, float | None]:
    """Per paragraph, the mean current recall probability of the cards citing it (None: no card).

    A card's recall is the mean over its items; an item never studied counts as 0.
    """
    assert learner.id is not None
    scheduler = Scheduler(config.load(learner.settings), fuzz=False)
    with store.read() as conn:
        states = read_states(conn, learner.id, [i for card in text.cards.values() for i in card.item_ids])
    card_recall: dict[int, float] = {}
    for card_id, card in text.cards.items():
        values = [scheduler.retrievability(s.memory, at) or 0.0 if s else 0.0 for s in (states.get(i) for i in card.item_ids)]
        card_recall[card_id] = sum(values) / len(values) if values else 0.0
    result: dict[int, float | None] = {}
    for paragraph in text.paragraphs:
        if not paragraph.sentences:
            continue  # a heading: nothing to master
        cited = text.paragraph_cards(paragraph)
        result[paragraph.index] = sum(card_recall[c] for c in cited) / len(cited) if cited else None
    return result
