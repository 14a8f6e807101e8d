"""The deck writer's YAML reads back, with the safe loader, as exactly the data written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.interchange.yaml_writer import dump_deck

DECKS = sorted((Path(__file__).resolve().parents[2] / "decks").glob("*.yaml"))

scalars = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
                    st.sampled_from(["yes", "No", "null", "~", "1945", "12:30", "a: b", "x #y", "- a", " lead",
                                     "trail ", "a:", "line\n", "a\n\n", "x\n  y", "\u2028", "\x85", "\ufeff", "'\"'"]))
trees = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=30), inner, max_size=4), max_leaves=30)


@settings(max_examples=400)
@given(st.dictionaries(st.text(max_size=30), trees, max_size=6))
def test_any_tree_reads_back_as_written(data: dict[str, Any]) -> None:
    assert yaml.safe_load(dump_deck(data)) == data


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_every_bundled_deck_reads_back_as_written(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert yaml.safe_load(dump_deck(data)) == data


def test_text_is_written_as_a_teacher_would_write_it() -> None:
    text = dump_deck({"quizapp": 1, "cards": [{"id": "a", "front": "What year?", "back": "1945",
                                               "accept": ["true", "it's"], "text": "two\nlines", "tags": []}]})
    assert text == ("quizapp: 1\ncards:\n- id: a\n  front: What year?\n  back: '1945'\n  accept:\n  - 'true'\n"
                    "  - it's\n  text: |-\n    two\n    lines\n  tags: []\n")
