"""Deck quality warnings: each can be silenced for one card or a whole deck, by name, and only
warnings can; duplicates are found across the decks linted together; YAML mistakes beyond the
corpus get advice; dashes and repeated quotes are matched as an author expects."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.decks.lint import lint
from quizapp.decks.quality import _tail
from quizapp.decks.yamltree import YamlProblem, compose
from quizapp.engine.textnorm import fold, fold_with_origin
from tests.helpers import REPO

CORPUS = REPO / "tests" / "broken_decks"


def copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A corpus deck copied (with its source) and edited."""
    for extra in ("quality.txt", "source.txt"):
        (tmp_path / extra).write_bytes((CORPUS / extra).read_bytes())
    text = (CORPUS / name).read_text(encoding="utf-8").split("\n# expect")[0]
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def checks(path: Path) -> list[str | None]:
    return [p.check for p in lint([path]).problems]


def test_a_card_silences_a_check_for_itself(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "quality-card-checks.yaml", "  - id: long-back\n",
                     "  - id: long-back\n    # The whole consequence is the point of this card.\n"
                     "    lint: {ignore: [untypeable]}\n")
    found = checks(path)
    assert found.count("untypeable") == 1  # the typed card's warning is still given
    assert "partial-proof" in found


def test_a_deck_silences_a_check_for_every_card(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "quality-bias-balance.yaml", "source: quality.txt\n",
                     "source: quality.txt\n# A drill deck: every statement is meant to be true.\n"
                     "lint: {ignore: [true-false-balance]}\n")
    assert checks(path) == ["longest-answer"]


def test_a_card_left_out_of_a_deck_check_leaves_too_few_to_judge(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "quality-bias-balance.yaml", "  - id: storm\n",
                     "  - id: storm\n    lint: {ignore: [longest-answer]}\n")
    # Three single-answer choice cards are too few to tell a habit from chance.
    assert "longest-answer" not in checks(path)


def test_the_giving_card_or_the_given_card_may_silence_a_giveaway(tmp_path: Path) -> None:
    for card in ("lighthouse-year", "lighthouse-works"):
        path = copy_with(tmp_path, "quality-giveaway-duplicate.yaml", f"  - id: {card}\n",
                         f"  - id: {card}\n    lint: {{ignore: [giveaway]}}\n")
        assert checks(path) == ["duplicate"], card


def test_a_telling_part_of_an_answer_is_a_giveaway(tmp_path: Path) -> None:
    # A figure of the answer ("240" of "240 moorings"), or a name the source seldom uses
    # ("Samsung" of "the Samsung company"), tells the answer as well as the whole of it.
    (tmp_path / "source.txt").write_bytes((CORPUS / "source.txt").read_bytes())
    (tmp_path / "quality.txt").write_bytes((CORPUS / "quality.txt").read_bytes())
    cards = {
        "quality.txt": ("moorings", "How many moorings does the harbour hold today?", "240 moorings", "'240'",
                        "Today the harbour holds 240 moorings",
                        "Besides its 240 berths, the harbour today holds a small museum.",
                        "Today the harbour holds 240 moorings and a small museum."),
        "source.txt": ("company", "Which company's venture is expected to open in 2025?", "The Samsung company",
                       "Samsung", "expected to open in 2025", "The Samsung venture is expected to open in 2025.",
                       "expected to open in 2025"),
    }
    for source, (card, question, answer, accept, quote, statement, told_quote) in cards.items():
        path = tmp_path / f"{card}.yaml"
        path.write_text(f"quizapp: 1\ndeck: {card}\ntitle: T\nsource: {source}\ncards:\n"
                        f"  - id: {card}\n    type: typed\n    question: {question}\n    answer: {answer}\n"
                        f"    accept: [{accept}]\n    quote: {quote}\n    explanation: e\n"
                        f"  - id: told\n    type: truefalse\n    statement: {statement}\n    answer: true\n"
                        f"    quote: {told_quote}\n    explanation: e\n", encoding="utf-8")
    assert [f"{Path(p.path).name}:{p.line}:{p.col}: {p.message}" for p in lint([tmp_path]).problems] == [
        "company.yaml:15:16: gives away the answer of card 'company' (line 6): 'Samsung' appears here; reword one of them, "
        "or make the two cards test different facts",
        "moorings.yaml:15:16: gives away the answer of card 'moorings' (line 6): '240' appears here; reword one of them, "
        "or make the two cards test different facts",
    ]


def test_errors_cannot_be_silenced(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "many-errors.yaml", "  - id: a\n", "  - id: a\n    lint: {ignore: [explanation]}\n")
    assert [p.severity for p in lint([path]).problems] == ["error", "error", "error"]


def test_duplicates_are_found_across_the_decks_linted_together(tmp_path: Path) -> None:
    for name in ("first", "second"):
        (tmp_path / f"{name}.yaml").write_text(
            f"quizapp: 1\ndeck: {name}\ntitle: T\nsource: quality.txt\ncards:\n"
            f"  - id: moorings-{name}\n    type: typed\n    question: How many moorings{' now' if name == 'second' else ''}?\n"
            "    answer: '240'\n    quote: Today the harbour holds 240 moorings\n    explanation: e\n", encoding="utf-8")
    (tmp_path / "quality.txt").write_bytes((CORPUS / "quality.txt").read_bytes())
    problems = lint([tmp_path]).problems
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'second.yaml'}:6:9: warning: repeats card 'moorings-first' ({tmp_path / 'first.yaml'}:6): both quote "
        "the same sentence and ask for '240'; drop one, or make them test different facts [duplicate]"
    ]
    assert lint([tmp_path / "second.yaml"]).passed(strict=True)  # alone, it repeats nothing


def test_a_duplicate_names_the_answer_as_the_author_wrote_it(tmp_path: Path) -> None:
    (tmp_path / "quality.txt").write_bytes((CORPUS / "quality.txt").read_bytes())
    card = ("  - id: {id}\n    front: {question}\n    back: {answer}\n"
            "    quote: The harbour master keeps a log of every ship that enters.\n    explanation: e\n")
    (tmp_path / "log.yaml").write_text(
        "quizapp: 1\ndeck: log\ntitle: T\nsource: quality.txt\ncards:\n"
        + card.format(id="keeper", question="Who keeps a log of every ship?", answer="The harbour master")
        + card.format(id="keeper-again", question="Whose log lists the ships that enter?", answer="the Harbour Master."),
        encoding="utf-8")
    assert [f"{p.line}:{p.col}: {p.message}" for p in lint([tmp_path]).problems] == [
        "11:9: repeats card 'keeper' (line 6): both quote the same sentence and ask for 'the Harbour Master.'; "
        "drop one, or make them test different facts"
    ]


def test_strict_fails_on_a_quality_warning(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "quality-giveaway-duplicate.yaml", "x", "x")
    relaxed = CliRunner().invoke(main, ["lint", str(path)])
    strict = CliRunner().invoke(main, ["lint", "--strict", str(path)])
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert "[giveaway]" in strict.output and strict.output.endswith("1 file, 4 cards checked: 0 errors, 2 warnings\n")


def test_the_chance_of_a_longest_answer_count() -> None:
    assert _tail([0.25] * 4, 0) == pytest.approx(1.0)
    assert _tail([0.25] * 4, 4) == pytest.approx(0.25**4)
    assert _tail([0.5, 0.25], 1) == pytest.approx(1 - 0.5 * 0.75)


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("cards:\n  -id: a\n    front: f\n", "a list item needs a space after its dash: write '- id: a'"),
        ("cards:\n  - id: a\n    front:f\n    back: b\n", "a field name needs a space after its colon: write 'front: f'"),
        ("cards:\n  - id: a\n    front: @home\n", "a text cannot start with '@' in YAML; put the whole text in quotes: "
                                                  "front: '@home'"),
        ("cards:\n  - id: a\n    front: *bold* words\n", "a text starting with '*' is read as a YAML alias (a reference to an "
                                                         "anchor); put the whole text in quotes: front: '*bold* words'"),
        ("cards:\n  - id: a\n    front: [South] Korea\n", "this text starts with '[', which YAML reads as a list; put the whole "
                                                          "text in quotes: front: '[South] Korea'"),
        ("cards:\n  - id: a\n    front: 'It's here'\n    back: b\n", "this text is in single quotes and also holds one (an "
                                                                       "apostrophe), which ends it early; write it in "
                                                                       "double quotes instead: front: \"It's here\""),
        ("cards:\n  - id: a\n    front: \"He said \"yes\" today\"\n    back: b\n", "this text starts with a quote mark (\"), "
                                                                                 "so YAML reads the text only up to the "
                                                                                 "closing \" and cannot read what follows; "
                                                                                 "put the whole text in quotes of the other "
                                                                                 "kind ('): front: '\"He said \"yes\" today\"'"),
        ("cards:\n  - id: a\n    front: Korea's: view\n", "this text has a colon followed by a space, which YAML reads as the "
                                                          "start of another field; put the whole text in quotes: "
                                                          "front: \"Korea's: view\""),
    ],
)
def test_more_yaml_mistakes_get_advice(text: str, advice: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        compose(text)
    first, original = caught.value.message.split("\n")
    assert first == advice and original.startswith("    (YAML syntax error: ")


def test_a_double_hyphen_matches_a_dash_and_back() -> None:
    source = fold_with_origin("Japan and the ROK \u2014 South Korea's formal name -- agree.")
    assert source.find("the ROK -- South Korea's formal name") is not None
    assert source.find("formal name \u2013 agree") is not None
    span = source.find("formal name --")
    assert span is not None and source.original[span[0] : span[1]] == "formal name --"
    assert fold("a --- b") == "a - b"
    assert source.count("agree") == 1 and fold_with_origin("a b a b a").count("a b") == 2


def test_a_source_text_or_a_table_linted_by_mistake_says_what_it_looks_like(tmp_path: Path) -> None:
    table = tmp_path / "cards.tsv"
    table.write_text("front\tback\nWhere?\tYokohama\nWhen?\t2025\n", encoding="utf-8")
    commas = tmp_path / "export.csv"
    commas.write_text("front,back\nWhere?,Yokohama\n", encoding="utf-8")
    untitled = tmp_path / "cards.txt"
    untitled.write_text("Where?\tYokohama\nWhen?\t2025\n", encoding="utf-8")
    prose = tmp_path / "notes.yaml"
    prose.write_text("The harbour opened in 1887, when the first pier was finished, and the ferries followed.\n",
                     encoding="utf-8")
    result = lint([REPO / "decks" / "collective-security.txt", table, commas, untitled, prose])
    deck = "a deck is a YAML file starting with quizapp: 1 (quizapp new DECK-ID --source FILE writes one)"
    assert [f"{Path(p.path).name}:{p.line}:{p.col}: {p.message}" for p in result.problems] == [
        f"collective-security.txt:1:1: this looks like a source text, not a deck: {deck} and names the text in source:",
        f"cards.tsv:1:1: this looks like a tab-separated table (TSV), not a deck: {deck}",
        f"export.csv:1:1: this looks like a comma-separated table (CSV), not a deck: {deck}",
        f"cards.txt:1:1: this looks like a tab-separated table (TSV), not a deck: {deck}",
        f"notes.yaml:1:1: this looks like a source text, not a deck: {deck} and names the text in source:",
    ]
