"""Sources of any shape: hard-wrapped plain text and Markdown go through lint, coverage and the
reader with the paragraphs a reader sees, and a card may quote several excerpts."""

from __future__ import annotations

import textwrap
from pathlib import Path

from quizapp.decks.coverage import deck_coverage
from quizapp.decks.lint import lint
from quizapp.decks.sourcetext import document
from quizapp.learning import Learning
from quizapp.progress import reader
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from tests.helpers import ARTICLE, learning

# A licence-style text wrapped at 72 columns: a title, a byline, two sections of paragraphs.
PARAGRAPHS = [
    "The harbour opened in 1887, when the first pier was finished and the town council paid for a small "
    "lighthouse on the north mole. Fishing boats came first. The ferries followed in 1902, after the railway "
    "reached the town.",
    "The lighthouse was rebuilt in 1911 and still works today. Its keeper lived in a cottage beside it until "
    "the light was automated.",
    "In the storm of 1953 the south pier was lost. It was rebuilt two years later, longer and higher than "
    "before. Today the harbour holds 240 moorings.",
]
WRAPPED = (
    "A Short History of the Harbour\n\nby the Harbour Society\n\n"
    + "\n\n".join(textwrap.fill(p, 72) for p in PARAGRAPHS[:2])
    + "\n\nThe Storm\n\n"
    + textwrap.fill(PARAGRAPHS[2], 72)
    + "\n"
)
MARKDOWN = """# A Short History of the *Harbour*

The harbour opened in **1887**, when the first pier was
finished. Fishing boats came first.

## What it holds

- Today the harbour holds 240 moorings.
- A small museum shows the [harbour master's](https://example.org) log.

1. The ferries followed in 1902.
2. The lighthouse was rebuilt in 1911.

> The storm of 1953 took the south pier.

```
not a sentence. Code is shown as written.
```
"""


def harbour_deck(folder: Path, source: str, quotes: list[str | list[str]]) -> Path:
    deck_id = "harbour-" + source.rsplit(".", 1)[1]
    lines = ["quizapp: 1", f"deck: {deck_id}", "title: The harbour", f"source: {source}", "cards:"]
    for n, quote in enumerate(quotes):
        rendered = repr(quote) if isinstance(quote, str) else "[" + ", ".join(repr(q) for q in quote) + "]"
        lines += [f"  - id: card-{n}", f"    front: Question {n}?", f"    back: Answer {n}", f"    quote: {rendered}",
                  "    explanation: The text says so."]
    path = folder / "harbour.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_hard_wrapped_text_has_the_paragraphs_a_reader_sees() -> None:
    source = document("harbour.txt", WRAPPED)
    kinds = [(b.kind, " ".join(source.text[b.start : b.end].split())) for b in source.blocks]
    assert kinds == [
        ("heading", "A Short History of the Harbour"),
        ("heading", "by the Harbour Society"),
        ("paragraph", PARAGRAPHS[0]),
        ("paragraph", PARAGRAPHS[1]),
        ("heading", "The Storm"),
        ("paragraph", PARAGRAPHS[2]),
    ]
    found = source.sentences
    assert len(found) == 8
    assert [s.paragraph for s in found] == [0, 0, 0, 1, 1, 2, 2, 2]
    # A sentence that crosses a line break is one sentence, and found where it stands.
    assert " ".join(found[0].text.split()).endswith("lighthouse on the north mole.")
    assert all(WRAPPED[s.start : s.end] == s.text for s in found)


def test_one_short_paragraph_per_line_is_not_taken_for_wrapping() -> None:
    source = document("notes.txt", "Notes\nThe first sentence is here. Then one more.\nA last line follows.\n")
    assert [(b.kind, source.text[b.start : b.end]) for b in source.blocks] == [
        ("heading", "Notes"),
        ("paragraph", "The first sentence is here. Then one more."),
        ("paragraph", "A last line follows."),
    ]


def test_the_article_keeps_its_paragraphs_and_headings() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    source = document(ARTICLE.name, text)
    headings = [text[b.start : b.end] for b in source.blocks if b.kind == "heading"]
    assert headings == ["Collective Security", "Japan, South Korea partner on mutual challenges", "FORUM Staff",
                        "Enhanced Cooperation", "Similarities, Differences", "Geography Matters"]
    assert len(source.sentences) == 67


def test_markdown_is_read_as_markdown() -> None:
    source = document("harbour.md", MARKDOWN)
    blocks = [(b.kind, b.marker, source.text[b.start : b.end]) for b in source.blocks]
    assert blocks == [
        ("heading", "", "A Short History of the Harbour"),
        ("paragraph", "", "The harbour opened in 1887, when the first pier was finished. Fishing boats came first."),
        ("heading", "", "What it holds"),
        ("item", "• ", "Today the harbour holds 240 moorings."),
        ("item", "• ", "A small museum shows the harbour master's log."),
        ("item", "1. ", "The ferries followed in 1902."),
        ("item", "2. ", "The lighthouse was rebuilt in 1911."),
        ("quote", "│ ", "The storm of 1953 took the south pier."),
        ("code", "", "not a sentence. Code is shown as written."),
    ]
    assert [s.text for s in source.sentences] == [
        "The harbour opened in 1887, when the first pier was finished.", "Fishing boats came first.",
        "Today the harbour holds 240 moorings.", "A small museum shows the harbour master's log.",
        "The ferries followed in 1902.", "The lighthouse was rebuilt in 1911.", "The storm of 1953 took the south pier.",
    ]
    emphasised = {source.text[a:b]: style for a, b, style in source.emphasis}
    assert emphasised == {"Harbour": "italic", "1887": "bold"}


def test_hard_wrapped_and_markdown_sources_lint_and_cover(tmp_path: Path) -> None:
    (tmp_path / "wrapped").mkdir()
    (tmp_path / "wrapped" / "harbour.txt").write_text(WRAPPED, encoding="utf-8")
    harbour_deck(tmp_path / "wrapped", "harbour.txt", [
        # Quotes are matched across the line breaks of the file.
        "the town council paid for a small lighthouse on the north mole",
        ["The lighthouse was rebuilt in 1911", "In the storm of 1953 the south pier was lost."],
    ])
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / "harbour.md").write_text(MARKDOWN, encoding="utf-8")
    deck = harbour_deck(tmp_path / "md", "harbour.md", [
        "The harbour opened in 1887, when the first pier was finished.",  # no ** : the rendered text
        "A small museum shows the harbour master's log",  # link text, without the link
        "The ferries followed in 1902.",
        "The harbour opened in **1887**",  # the Markdown source, not what a reader sees
    ])
    result = lint([tmp_path])
    assert [f"{Path(p.path).parent.name}:{p.line}: {p.message}" for p in result.problems] == [
        "md:24: quote not found in harbour.md: it matches up to 'The harbour opened in ', then has '**1887**' where the "
        "source has '1887, when the first'"
    ]
    deck.write_text(deck.read_text(encoding="utf-8").replace("    quote: 'The harbour opened in **1887**'\n",
                                                             "    quote: 'The storm of 1953 took the south pier.'\n"))
    assert lint([tmp_path]).passed(strict=True)
    report = deck_coverage([str(tmp_path)])
    assert [(name, cov.covered, len(cov.sentences)) for name, _, _, cov in report.sources] == [("harbour.md", 4, 7),
                                                                                                ("harbour.txt", 3, 8)]
    uncited = report.sources[1][3].uncited()[0]
    assert (uncited.index, uncited.paragraph, " ".join(uncited.text.split())) == (1, 0, "Fishing boats came first.")


def reading_of(store: Store, tmp_path: Path, name: str, text: str,
               quotes: list[str | list[str]]) -> tuple[Learning, reader.Reading]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    import_paths(store, [str(harbour_deck(tmp_path, name, quotes))])
    door = learning(store)
    return door, door.reading()


def test_the_reader_shows_a_hard_wrapped_source_as_paragraphs(sqlite_store: Store, tmp_path: Path) -> None:
    door, text = reading_of(sqlite_store, tmp_path, "harbour.txt", WRAPPED,
                             [["Fishing boats came first.", "In the storm of 1953 the south pier was lost."]])
    shown = [(p.kind, p.number, text.display(p)) for p in text.paragraphs]
    assert shown[2] == ("paragraph", 0, WRAPPED[text.paragraphs[2].start : text.paragraphs[2].end].replace("\n", " "))
    assert "\n" not in shown[2][2] and shown[0] == ("heading", None, "A Short History of the Harbour")
    # The card's two excerpts cite a sentence in each of two paragraphs: counted once in each, and
    # found by either sentence.
    cited = [i for i, count in enumerate(text.counts) if count]
    assert [text.sentences[i].paragraph for i in cited] == [0, 2] and [text.counts[i] for i in cited] == [1, 1]
    (first,), (second,) = (door.citing_cards(text, [i]) for i in cited)
    assert first == second and first.quotes == ("Fishing boats came first.", "In the storm of 1953 the south pier was lost.")
    assert door.citing_cards(text, cited) == [first]


def test_the_reader_shows_markdown_rendered(sqlite_store: Store, tmp_path: Path) -> None:
    _door, text = reading_of(sqlite_store, tmp_path, "harbour.md", MARKDOWN, ["Today the harbour holds 240 moorings."])
    assert [(p.kind, p.marker, text.display(p)) for p in text.paragraphs][:4] == [
        ("heading", "", "A Short History of the Harbour"),
        ("paragraph", "", "The harbour opened in 1887, when the first pier was finished. Fishing boats came first."),
        ("heading", "", "What it holds"),
        ("item", "• ", "Today the harbour holds 240 moorings."),
    ]
    assert "**" not in text.text and "](" not in text.text
    assert text.find("Today the harbour holds 240 moorings.") == (text.paragraphs[3].start, text.paragraphs[3].end)


def test_mastery_counts_a_card_for_every_paragraph_it_quotes(sqlite_store: Store, tmp_path: Path) -> None:
    from tests.builders import record_some_answers

    door, text = reading_of(sqlite_store, tmp_path, "harbour.txt", WRAPPED,
                            [["Fishing boats came first.", "In the storm of 1953 the south pier was lost."],
                             "The lighthouse was rebuilt in 1911"])
    record_some_answers(sqlite_store, "ada", count=3)
    recall = door.mastery(text)
    numbered = {p.number: recall[p.index] for p in text.paragraphs if p.number is not None}
    assert numbered[0] is not None and numbered[1] is not None and numbered[2] is not None
    # The first card alone cites paragraphs 0 and 2, so both show its recall.
    assert numbered[0] == numbered[2]


def test_the_reader_counts_what_coverage_finds_card_by_card(bundled_store: Store) -> None:
    """The counts read from the span index, and the cards read when a sentence is asked about,
    agree with coverage run over every active card's excerpts (how the reader found them before
    it counted in SQL), multi-excerpt cards included."""
    from quizapp.decks.coverage import coverage
    from quizapp.store.sql import fetch, json_column

    door = learning(bundled_store)
    text = door.reading()
    with bundled_store.driver_read() as conn:
        rows = fetch(conn, f"SELECT id, quote, quotes FROM card WHERE retired = false AND quote IS NOT NULL "
                           f"AND deck_id IN ({','.join(str(d) for d in text.deck_ids)})")
    quotes: list[tuple[object, str | list[str]]] = [
        (int(card_id), quote if raw is None else [str(q["text"]) for q in json_column(raw)]) for card_id, quote, raw in rows
    ]
    assert any(isinstance(q, list) and len(q) > 1 for _, q in quotes)  # the bundled decks have some
    expected = coverage(document(text.name, text.text), quotes)
    assert text.counts == [len(entry.cited_by) for entry in expected.sentences]
    assert sum(1 for n in text.counts if n) == expected.covered > 0
    for index, entry in enumerate(expected.sentences):
        assert [card.card_id for card in door.citing_cards(text, [index])] == sorted(entry.cited_by)  # type: ignore[type-var]
    every = door.citing_cards(text, [s.index for s in text.sentences])
    assert {c.card_id for c in every} == {card for entry in expected.sentences for card in entry.cited_by}
    assert all(card.item_ids for card in every)
