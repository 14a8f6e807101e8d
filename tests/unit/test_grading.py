"""Grading: the typed-answer rules, multi-select, order, match, and the suggested ratings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.cards import ChoicePrompt, ClozeTypedPrompt, MatchPrompt, OrderPrompt, Prompt, TrueFalsePrompt, TypedPrompt
from quizapp.engine.answers import Grade, char_diff, match_typed, normalize, numbers, typo_tolerance
from quizapp.engine.scheduling import AGAIN, EASY, GOOD


def grade(prompt: Prompt, response: object, duration_ms: int, easy_seconds: float) -> Grade:
    return prompt.grade(response, duration_ms, easy_seconds)


SUM = TypedPrompt("How large is the buildup?", ("$315 billion", "315 billion dollars"))
NAME = TypedPrompt("Who?", ("Yoon Suk Yeol", "President Yoon"))


@pytest.mark.parametrize(
    ("given", "correct", "case"),
    [
        ("$315 billion", True, "exact"),
        ("  315 BILLION. ", True, "normalized"),
        ("the $315 billion", True, "normalized"),
        ("315 billion dollars", True, "alternative"),
        ("$315 bilion", True, "typo"),
        ("$351 billion", False, "number"),
        ("$3150 billion", False, "number"),
        ("", False, "empty"),
        ("a lot of money", False, "wrong"),
    ],
)
def test_typed_answers(given: str, correct: bool, case: str) -> None:
    result = grade(SUM, given, 20_000, 8)
    assert (result.correct, result.case) == (correct, case)
    assert result.rating == (GOOD if correct else AGAIN)


def test_accents_and_typos_in_names() -> None:
    assert match_typed("yoon suk-yeol", NAME.answers).case == "normalized"
    assert match_typed("Yon Suk Yeol", NAME.answers).case == "typo"
    assert match_typed("president yoon", NAME.answers).case == "alternative"
    assert match_typed("Kishida", NAME.answers).correct is False
    assert match_typed("Tōkyō", ("Tokyo",)).case == "normalized"


def test_quick_right_answers_suggest_easy_but_not_when_a_typo_was_forgiven() -> None:
    assert grade(SUM, "$315 billion", 3000, 8).rating == EASY
    assert grade(SUM, "$315 bilion", 3000, 8).rating == GOOD
    assert grade(SUM, "$315 billion", 9000, 8).rating == GOOD


def test_typo_tolerance_grows_with_length() -> None:
    assert [typo_tolerance(n) for n in (1, 3, 4, 7, 8, 15, 16, 40)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert match_typed("Aun", ("Aum",)).correct is False  # three letters: no typo forgiven


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_numbers_must_match_exactly(a: int, b: int) -> None:
    result = match_typed(f"{a} billion", (f"{b} billion",))
    assert result.correct == (a == b)


def test_number_extraction_and_normalization() -> None:
    assert numbers("$1,250 in 2023 and 7.5") == ["1250", "2023", "7.5"]
    assert normalize("  The Camp-David  Summit! ") == "camp david summit"


def test_diff_shows_what_differs() -> None:
    parts = char_diff("Yon", "Yoon")
    assert "".join(p.text for p in parts if p.op != "given") == "Yoon"
    assert [p.op for p in parts].count("expected") == 1
    assert grade(NAME, "Yon Suk Yeol", 1, 8).diff == char_diff("Yon Suk Yeol", "Yoon Suk Yeol")


def test_choice_single_and_select_all() -> None:
    single = ChoicePrompt("q", ("a", "b", "c"), frozenset({1}), False)
    assert grade(single, [1], 1000, 8).rating == EASY
    assert grade(single, [0], 1000, 8).rating == AGAIN
    multi = ChoicePrompt("q", ("a", "b", "c", "d"), frozenset({0, 2}), True)
    assert grade(multi, [2, 0], 20_000, 8).correct
    partial = grade(multi, [0, 3], 20_000, 8)
    assert not partial.correct and partial.reason == "Wrong: 1 of 2 right answers chosen, 1 wrong one."


def test_truefalse_order_match_and_cloze() -> None:
    assert grade(TrueFalsePrompt("s", False), False, 20_000, 8).correct
    order = OrderPrompt("q", ("b", "a", "c"), ("a", "b", "c"))
    assert grade(order, ["a", "b", "c"], 20_000, 8).correct
    assert grade(order, ["b", "a", "c"], 20_000, 8).reason == "Wrong: 1 of 3 in place."
    match = MatchPrompt("q", ("x", "y"), ("2", "1"), {"x": "1", "y": "2"})
    assert grade(match, {"x": "1", "y": "2"}, 20_000, 8).correct
    assert grade(match, {"x": "2", "y": "1"}, 20_000, 8).reason == "Wrong: 0 of 2 pairs right."
    cloze = ClozeTypedPrompt("[...] and [...]", "a and b", ("memory chipmaker", "Yokohama"), (None, None))
    assert grade(cloze, ["memory chipmaker", "yokohama"], 20_000, 8).correct
    assert grade(cloze, ["memory chipmaker", "Tokyo"], 20_000, 8).reason == "1 of 2 gaps right."
