"""Quote folding and sentence splitting of the source text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizapp.decks.sourcetext import document
from quizapp.engine.textnorm import fold, fold_with_origin
from tests.helpers import ARTICLE

TEXT = ARTICLE.read_text(encoding="utf-8")


def test_typographic_characters_fold_to_ascii() -> None:
    assert fold("\u201cI\u2019m  here\u201d \u2014 now\n") == "\"I'm here\" - now"


def test_find_maps_back_to_the_original_span() -> None:
    folded = fold_with_origin(TEXT)
    span = folded.find("the Republic of Korea (ROK) - South Korea's formal name")
    assert span is not None
    assert TEXT[span[0] : span[1]] == "the Republic of Korea (ROK) \u2014 South Korea\u2019s formal name"


def test_find_rejects_what_is_not_contiguous() -> None:
    folded = fold_with_origin(TEXT)
    assert folded.find("Samsung venture expected to open") is None
    assert folded.find("   ") is None


@given(st.integers(0, len(TEXT) - 1), st.integers(1, 200))
def test_any_excerpt_of_the_article_is_found(start: int, length: int) -> None:
    excerpt = TEXT[start : start + length]
    if not excerpt.strip():
        return
    span = fold_with_origin(TEXT).find(excerpt)
    assert span is not None
    assert fold(TEXT[span[0] : span[1]]) == fold(excerpt)


def test_article_sentences() -> None:
    found = document(ARTICLE.name, TEXT).sentences
    assert len(found) == 67
    assert found[0].text.startswith("A plan by South Korea-based Samsung")
    # Abbreviations and initialisms do not end sentences; a quote after "the U.S." does.
    assert any(s.text.startswith("Japan and South Korea share values") and "U.S. Institute" in s.text for s in found)
    assert any(s.text.endswith("South Korea and the U.S.") for s in found)
    assert all(TEXT[s.start : s.end] == s.text for s in found)
    # Headings and the byline are not sentences.
    assert not any(s.text in ("Collective Security", "FORUM Staff", "Enhanced Cooperation") for s in found)
