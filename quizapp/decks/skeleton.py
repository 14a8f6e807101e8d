"""A deck skeleton for a source text: the header and one stub card per sentence, each quoting its
sentence exactly, so a teacher only writes the questions (`quizapp new`)."""

from __future__ import annotations

import json
from pathlib import Path

from quizapp.decks.header import FORMAT_VERSION
from quizapp.decks.sourcetext import Document


def _scalar(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def default_title(source: Document, path: Path) -> str:
    """The source's first heading, else its file name as a title."""
    heading = next((b for b in source.blocks if b.kind == "heading"), None)
    if heading is not None:
        return " ".join(source.text[heading.start : heading.end].split())
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


def skeleton(deck_id: str, title: str, source_name: str, source: Document) -> str:
    """The text of a deck whose every card is a stub quoting one sentence of `source`. It lints
    without errors; each stub is a `todo` warning until it is written or deleted."""
    lines = [
        f"# A deck skeleton for {source_name}, written by `quizapp new`: one stub card per sentence.",
        "# Write each card's question, answer and explanation in place of TODO (change its type if",
        "# another fits better: see the deck format in the README), and delete the cards you do not",
        "# want. `quizapp lint --watch` lists the stubs left as you save.",
        f"quizapp: {FORMAT_VERSION}",
        f"deck: {deck_id}",
        f"title: {_scalar(title)}",
        f"source: {_scalar(source_name)}",
        "cards:",
    ]
    for sentence in source.sentences:
        text = " ".join(sentence.text.split())
        lines += [
            f"  # paragraph {sentence.paragraph + 1}, sentence {sentence.index + 1}",
            f"  - id: s{sentence.index + 1}",
            "    type: basic",
            f"    front: {_scalar('TODO: ask about this sentence')}",
            "    back: TODO",
            f"    quote: {_scalar(text)}",
            "    explanation: TODO",
        ]
    return "\n".join(lines) + "\n"
