"""The bundled decks: lint clean and strict, big enough, every type used well, the article covered."""

from __future__ import annotations

from collections import Counter

from quizapp.cards.choice import ChoiceCard
from quizapp.decks.coverage import coverage
from quizapp.decks.lint import lint
from quizapp.decks.sourcetext import document
from tests.helpers import ARTICLE, DECKS

RESULT = lint([DECKS])
CARDS = [card for deck in RESULT.decks for card in deck.cards]


def test_bundled_decks_pass_strict_lint() -> None:
    assert [str(p) for p in RESULT.problems] == []


def test_size_and_types() -> None:
    assert len(RESULT.decks) >= 6
    assert len(CARDS) >= 150
    types = Counter(card.type for card in CARDS)
    for kind in ("cloze", "choice", "truefalse", "typed", "order", "match"):
        assert types[kind] >= 10, kind
    assert sum(1 for c in CARDS if isinstance(c, ChoiceCard) and c.multiple) >= 5


def test_every_card_quotes_and_explains() -> None:
    assert all(card.quote and card.explanation for card in CARDS)
    assert all(deck.source is not None and deck.source.name == ARTICLE.name for deck in RESULT.decks)


def test_cards_cite_every_sentence_of_the_article() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    cov = coverage(document(ARTICLE.name, text), [(card.id, card.quotes) for card in CARDS])
    assert cov.share == 1.0, [s.text for s in cov.uncited()]
    # Every paragraph with a factual claim is cited at least once.
    paragraphs = {s.sentence.paragraph for s in cov.sentences}
    cited_paragraphs = {s.sentence.paragraph for s in cov.sentences if s.cited_by}
    assert paragraphs == cited_paragraphs


def test_no_two_cards_ask_the_same_thing_the_same_way() -> None:
    prompts = Counter(
        str(getattr(c, "front", None) or getattr(c, "question", None) or getattr(c, "statement", None) or getattr(c, "text", ""))
        .strip()
        .casefold()
        for c in CARDS
    )
    assert [p for p, n in prompts.items() if n > 1 and not p.startswith(("match", "put"))] == []


def test_a_silenced_check_says_why() -> None:
    # The quality checks run above (strict lint); a card or deck may silence one only with a
    # comment beside it saying why.
    for path in sorted(DECKS.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            if line.strip().startswith("lint:"):
                assert "#" in line or lines[n - 1].strip().startswith("#"), f"{path.name}:{n + 1}: say why in a comment"
