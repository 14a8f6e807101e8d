"""Deck quality checks that look at more than one card: giveaways, duplicates, longest-answer bias
and true/false balance. Each is a warning (an error under `quizapp lint --strict`) that an author
may silence per card, or for a whole deck, with `lint: {ignore: [name]}`.

The checks of one card alone (untypeable answers, partial proof) live with their card types.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from quizapp.cards.base import CardBase, CheckName, terms, words
from quizapp.cards.choice import ChoiceCard
from quizapp.cards.truefalse import TrueFalseCard
from quizapp.decks.coverage import cites
from quizapp.engine.textnorm import fold

if TYPE_CHECKING:
    from quizapp.decks.deckfile import DeckFile

_ARTICLE = re.compile(r"^(?:the|a|an) ")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")

MIN_ANSWER = 4  # shorter answers ("No", "Yes") are too common to give anything away
LONGEST_MARGIN = 15  # characters by which a right answer is "clearly" the longest
BIAS_P = 0.05  # how unlikely by chance a longest-answer count must be to be reported
BALANCE_MIN_SHARE = 0.25  # true/false statements: the rarer answer should be at least this share


def normalized(text: str) -> str:
    """Words only, folded and lowercased, without a leading article: "The U.S." -> "u s"."""
    return _ARTICLE.sub("", " ".join(words(text)))


def _finished(deck: DeckFile) -> list[tuple[int, CardBase]]:
    """The deck's cards but its stubs: a stub's TODO answers would repeat and give away each other."""
    if deck.finished is None:
        deck.finished = [(index, card) for index, card in deck.checked if not card.stub_fields()]
    return deck.finished


def _ignored(card: CardBase, check: CheckName) -> bool:
    return card.ignores(check)


def check_deck(deck: DeckFile) -> None:
    """The checks across the cards of one deck (stubs, still saying TODO, are left out)."""
    giveaways(deck)
    longest_answer(deck)
    true_false_balance(deck)


def giveaways(deck: DeckFile) -> None:
    """A card's answer, or a telling part of it (a figure, a place or name the source seldom
    uses), that another card of the deck shows before it is answered, in the same context: the
    learner who meets that card first is handed the answer.

    Context matters: a name seen in another card does not tell who said what. So the text that
    shows the answer must also share with the asking card's question one of its distinctive words
    (words few cards of the deck use) or two of its other content words.
    """
    cards = _finished(deck)
    texts = [_Shown(index, card, where, text) for index, card in cards for where, text in card.shown()]
    by_word: dict[str, list[_Shown]] = {}  # each word, to the texts that have it: a needle is looked for only there
    for shown in texts:
        for word in set(shown.folded.split()):
            by_word.setdefault(word, []).append(shown)
    own_texts: dict[int, list[_Shown]] = {}
    for shown in texts:
        own_texts.setdefault(shown.index, []).append(shown)
    frequency = Counter(term for mine in own_texts.values() for term in set().union(*(s.terms for s in mine)))
    common = max(2, len(cards) // 6)
    rare = _rare_words(deck)
    for index, card in cards:
        if _ignored(card, "giveaway"):
            continue
        mine = own_texts.get(index, [])
        own = " ".join(s.folded for s in mine)
        told: set[int] = set()  # the cards already reported for giving this card away
        for answer in card.answer_texts():
            context = {t for s in mine for t in s.terms} - set(terms(answer)) - _GENERIC
            distinctive = {t for t in context if frequency[t] <= common}
            for needle, written in _telling_parts(answer, rare).items():
                if needle in own:
                    continue  # the card shows it itself: it is not what is being asked
                words = needle.split()
                candidates = min((by_word.get(word, []) for word in words), key=len) if words else []
                for other in candidates:
                    if other.index == index or other.index in told or needle not in other.folded:
                        continue
                    if not _same_context(context, distinctive, other.terms):
                        continue
                    told.add(other.index)
                    line = deck.position(("cards", index)).line
                    deck.report(("cards", other.index, *other.where),
                                f"gives away the answer of card {card.id!r} (line {line}): {written!r} appears here; "
                                "reword one of them, or make the two cards test different facts",
                                severity="warning", check="giveaway", card=other.card)


class _Shown:
    """One text a card shows, folded for searching, with its content words."""

    __slots__ = ("card", "folded", "index", "terms", "where")

    def __init__(self, index: int, card: CardBase, where: tuple[str | int, ...], text: str) -> None:
        self.index = index
        self.card = card
        self.where = where
        found = words(text)
        self.folded = f" {_ARTICLE.sub('', ' '.join(found))} "
        self.terms = set(terms(found))


# Words of a question that say nothing about its subject.
_GENERIC = frozenset(terms("article according describe described say says said which what how why when where who name "
                           "named give given card true false"))


def _same_context(context: set[str], distinctive: set[str], other: set[str]) -> bool:
    shared = context & other
    return not context or bool(shared & distinctive) or len(shared) >= 2


def _rare_words(deck: DeckFile) -> frozenset[str]:
    """Names the deck's source uses at most twice (always capitalised): a place or a name that
    rare tells the answer."""
    if deck.source is None:
        return frozenset()
    words = re.findall(r"[A-Za-z]+", fold(deck.source.document.text))
    counts = Counter(word.casefold() for word in words)
    common = {word for word in words if word.islower()}
    return frozenset(word for word, n in counts.items() if n <= 2 and word not in common)


def _telling_parts(answer: str, rare: frozenset[str]) -> dict[str, str]:
    """The whole answer, then each figure in it ("$315 billion" is given away by "315"), then
    each capitalised word the source seldom uses ("Near Yokohama, Japan" by "Yokohama"), each
    as looked for (normalized) and as the author wrote it. Years are left out: they date many
    facts of a text, so one alone tells little."""
    whole = normalized(answer)
    parts = {f" {whole} ": answer.strip()} if len(whole) >= MIN_ANSWER or whole.isdigit() else {}
    for number in _NUMBER.findall(answer):
        if len(number) >= 2 and not _YEAR.fullmatch(number):
            parts.setdefault(f" {normalized(number)} ", number)
    for word in _CAPITALISED.findall(answer):
        name = normalized(word)
        if len(name) >= MIN_ANSWER and name in rare:
            parts.setdefault(f" {name} ", word)
    return parts


def longest_answer(deck: DeckFile) -> None:
    """Single-answer choice cards whose right answer is the longest option much more often than
    chance: learners learn to pick the longest."""
    cards = [(i, c) for i, c in _finished(deck)
             if isinstance(c, ChoiceCard) and not c.multiple and not _ignored(c, "longest-answer")]
    if len(cards) < 4:
        return
    longest: list[tuple[str, int]] = []  # card id, margin over the next longest
    for _, card in cards:
        right = str(card.answer)
        others = [len(choice) for choice in card.choices if choice != right]
        if others and len(right) > max(others):
            longest.append((card.id, len(right) - max(others)))
    chance = [1 / len(card.choices) for _, card in cards]
    if len(longest) < 3 or _tail(chance, len(longest)) >= BIAS_P:
        return
    clear = sum(margin >= LONGEST_MARGIN for _, margin in longest)
    names = ", ".join(card_id for card_id, _ in longest)
    deck.report(("cards",), f"the right answer is the longest choice in {len(longest)} of {len(cards)} single-answer choice "
                f"cards (chance would give about {sum(chance):.0f}), by {LONGEST_MARGIN} or more characters in {clear}; "
                f"learners can pick by length: even out the choices of {names}", severity="warning", check="longest-answer",
                key=True)


def _tail(probabilities: Sequence[float], at_least: int) -> float:
    """The chance of at least `at_least` successes among independent trials (Poisson binomial)."""
    dist = [1.0]
    for p in probabilities:
        dist = [a * (1 - p) + b * p for a, b in zip([*dist, 0.0], [0.0, *dist], strict=True)]
    return sum(dist[at_least:])


def true_false_balance(deck: DeckFile) -> None:
    """A deck whose true/false statements are nearly all true (or all false) teaches to guess."""
    cards = [c for _, c in _finished(deck) if isinstance(c, TrueFalseCard) and not _ignored(c, "true-false-balance")]
    if len(cards) < 4:
        return
    true = sum(c.answer for c in cards)
    rare = min(true, len(cards) - true)
    if rare >= BALANCE_MIN_SHARE * len(cards):
        return
    common, uncommon = ("true", "false") if true > len(cards) - true else ("false", "true")
    deck.report(("cards",), f"{max(true, len(cards) - true)} of the deck's {len(cards)} true/false statements are {common}, "
                f"so guessing {common!r} pays; rewrite some as {uncommon} statements (about half of each is best)",
                severity="warning", check="true-false-balance", key=True)


def duplicates(decks: Iterable[DeckFile]) -> None:
    """Two cards (in one deck or across the decks linted together) that quote the same sentence
    and ask for the same answer: the second repeats the first."""
    first: dict[tuple[str, int, str], tuple[DeckFile, int, CardBase]] = {}
    for deck in decks:
        source = deck.source
        if source is None:
            continue
        identity = source.sha256  # computed once: the sentences of one source text are shared
        sentences = source.document.sentences
        ends = [s.end for s in sentences]
        for index, card in _finished(deck):
            written = {normalized(a): a.strip() for a in reversed(card.answer_texts())}  # the first wins
            answers = sorted(set(written) - {""})
            if not answers:
                continue
            cited: set[int] = set()
            for quote in card.quotes:
                span = source.folded.find(quote)
                at = bisect_right(ends, span[0]) if span else len(sentences)
                while span and at < len(sentences) and sentences[at].start < span[1]:
                    if cites(span, sentences[at]):
                        cited.add(at)
                    at += 1
            repeated = next(((sentence, answer, first[key]) for sentence in sorted(cited) for answer in answers
                             if (key := (identity, sentence, answer)) in first), None)
            for sentence in cited:
                for answer in answers:
                    first.setdefault((identity, sentence, answer), (deck, index, card))
            if repeated is None or _ignored(card, "duplicate") or _ignored(repeated[2][2], "duplicate"):
                continue
            _, answer, (other_deck, other_index, other) = repeated
            line = other_deck.position(("cards", other_index)).line
            at_text = f"{other_deck.display}:{line}" if other_deck is not deck else f"line {line}"
            deck.report(("cards", index, "id"), f"repeats card {other.id!r} ({at_text}): both quote the same "
                        f"sentence and ask for {written[answer]!r}; drop one, or make them test different facts",
                        severity="warning", check="duplicate", card=card)
