"""Grading: the typed-answer rules, multi-select, order, match, and the suggested ratings."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.cards import ChoicePrompt, ClozeTypedPrompt, MatchPrompt, OrderPrompt, Prompt, TrueFalsePrompt, TypedPrompt
from quizapp.engine.answers import HEDGES, DiffPart, Grade, canonical, char_diff, match_typed, normalize, numbers, typo_tolerance
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
        ("315 billion dollars", True, "normalized"),  # the same number, written differently
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


def test_diff_shows_only_what_counted() -> None:
    # Case, accents and punctuation were ignored, so they are not edits: only the missing "o" is.
    parts = char_diff("yon suk-yeol", "Yoon Suk Yeol")
    assert [(p.op, p.text) for p in parts if p.op != "equal"] == [("expected", "o")]
    assert "".join(p.text for p in parts if p.op != "expected") == "yon suk-yeol"  # in the learner's own writing
    assert char_diff("washington dc", "Washington, D.C.") == (DiffPart("equal", "washington dc"),)
    # An answer taken as it is (exactly, normalized or as an accepted alternative) shows no diff.
    assert grade(NAME, "President Yoon", 1, 8).diff == ()
    assert grade(NAME, "yoon SUK yeol!", 1, 8).diff == ()


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


# -- a fuller answer, numbers written differently, symbols ------------------------------------------

CAMP_DAVID = ("U.S. presidential retreat", "presidential retreat", "US presidential retreat")


@pytest.mark.parametrize(
    ("given", "answers", "case"),
    [
        ("presidential retreat in Maryland", CAMP_DAVID, "contains"),
        ("the U.S. presidential retreat in Maryland", CAMP_DAVID, "contains"),
        ("in 1910", ("1910",), "contains"),
        ("7 bases", ("seven", "7"), "contains"),
        ("$220,000,000", ("$220 million",), "normalized"),
        ("220 million dollars", ("$220 million",), "normalized"),
        ("two hundred twenty million dollars", ("$220 million",), "normalized"),
        ("$220m", ("220 million dollars",), "normalized"),
        ("fourth", ("4th",), "normalized"),
        ("4th", ("fourth",), "normalized"),
        ("US$315 billion", ("$315 billion",), "normalized"),
        ("People's Republic of China", ("Peoples Republic of China",), "normalized"),
        ("Washington DC", ("Washington, D.C.",), "normalized"),
    ],
)
def test_fuller_answers_and_numbers_written_differently_are_right(given: str, answers: tuple[str, ...], case: str) -> None:
    result = match_typed(given, answers)
    assert (result.correct, result.case) == (True, case)


def test_a_fuller_answer_says_so_and_suggests_good_not_easy() -> None:
    graded = grade(TypedPrompt("What kind of place is Camp David?", CAMP_DAVID), "presidential retreat in Maryland", 1000, 8)
    assert graded.correct and graded.rating == GOOD
    assert graded.reason == "Right: your answer contains 'presidential retreat'; the extra words ('in maryland') were not needed."
    assert graded.diff == ()  # the extra words did not count, so they are not shown as edits


@pytest.mark.parametrize(
    ("given", "answers"),
    [
        ("315", ("351",)),
        ("-5", ("5",)),
        ("minus five", ("5",)),
        ("1910 or 1945", ("1910",)),
        ("in 1945", ("1910",)),
        ("Seoul or Tokyo", ("Seoul",)),
        ("not Seoul", ("Seoul",)),
        ("€", ("🍣",)),
        ("🍜", ("🍣",)),
        ("C++", ("C",)),
        ("C#", ("C",)),
        ("C", ("C++",)),
        ("F-15", ("F-16",)),
        ("220", ("$220 million", "220m")),  # a unit glued to a number is part of it, never a typo
        ("1990", ("1990s",)),
        ("a city somewhere far away in Asia", ("Seoul",)),
    ],
)
def test_wrong_answers_stay_wrong(given: str, answers: tuple[str, ...]) -> None:
    assert not match_typed(given, answers).correct


def test_symbol_answers_must_be_given_as_written() -> None:
    assert match_typed(" 🍣 ", ("🍣",)).correct
    assert match_typed("C#", ("c#",)).correct


# Words that never spell a number or a hedge, for the generated answers.
VOCABULARY = ["seoul", "tokyo", "retreat", "summit", "alliance", "pact", "chip", "maryland", "ocean", "treaty", "navy",
              "yoon", "kishida", "security", "trade", "island", "region", "capital", "border", "memory"]
words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4).map(" ".join)


@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != ""))
def test_the_expected_answer_itself_always_passes(answer: str) -> None:
    assert match_typed(answer, (answer,)).correct
    assert match_typed(f"  {answer}  ", (answer,)).correct


@given(words, st.sampled_from(["UPPER", "title", "punct"]))
def test_case_and_punctuation_never_matter(answer: str, change: str) -> None:
    given_text = {"UPPER": answer.upper(), "title": answer.title(), "punct": answer.replace(" ", ", ") + "."}[change]
    assert match_typed(given_text, (answer,)).correct


@given(words, st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=2), st.booleans())
def test_the_expected_answer_with_a_couple_of_words_passes(answer: str, extra: list[str], before: bool) -> None:
    given_text = f"{' '.join(extra)} {answer}" if before else f"{answer} {' '.join(extra)}"
    assert match_typed(given_text, (answer,)).correct


@given(words, st.sampled_from(sorted(HEDGES - {"no"})))
def test_a_hedge_never_passes(answer: str, hedge: str) -> None:
    assert not match_typed(f"{answer} {hedge} {VOCABULARY[0] if answer != VOCABULARY[0] else VOCABULARY[1]}", (answer,)).correct


@given(st.integers(-10**9, 10**9), st.integers(-10**9, 10**9), st.sampled_from(["", "in ", "about $"]),
       st.sampled_from(["", " billion", " bases", " dollars"]), st.booleans())
def test_a_different_number_never_passes(a: int, b: int, before: str, after: str, commas: bool) -> None:
    written = f"{a:,}" if commas else str(a)
    result = match_typed(f"{before}{written}{after}", (f"{b}{after}",))
    if a != b:
        assert not result.correct
    elif after != " bases" or before == "":
        assert result.correct


@given(st.characters(categories=["So"]), st.characters(categories=["So", "Sc", "Sm"]))
def test_a_symbol_is_not_a_wildcard(expected: str, other: str) -> None:
    if unicodedata.normalize("NFKC", expected) != unicodedata.normalize("NFKC", other):
        assert not match_typed(other, (expected,)).correct


def test_canonical_numbers() -> None:
    assert canonical("$220,000,000") == canonical("220 million dollars") == canonical("$220 million") == ("220000000", "dollars")
    assert canonical("fourth") == canonical("4th") == ("4",)
    assert canonical("-5") == canonical("minus five") == ("-5",)
