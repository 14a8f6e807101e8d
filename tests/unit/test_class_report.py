"""The class report tells the truth: accuracy from the answers given, mastery only for what was
answered right and is still remembered, the wrong answers students actually gave, overrides,
flags and quizzes; teachers left out; filters; every format (CSV safe against formulas)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cards import ChoicePrompt, RevealPrompt, TypedPrompt
from quizapp.cli.main import main
from quizapp.collection import Collection
from quizapp.engine.scheduling import AGAIN, GOOD, HARD
from quizapp.learning import Learning
from quizapp.practice.study import StudyItem, StudySession
from quizapp.progress.report import Report, Scope, as_csv, as_json, csv_cell, markdown
from quizapp.store.database import Store
from tests.builders import right_response, wrong_response
from tests.helpers import FakeClock

DAY = 86400
Decide = Callable[[StudyItem, int], tuple[object | None, int]]  # item, answer number -> response (None: self-rated), rating


def study(learning: Learning, decide: Decide, answers: int) -> StudySession:
    """Answer today's queue as `decide` says, `answers` answers at most (a learning item waiting
    for its step is studied at once, as a learner pressing n would); returns the session."""
    session = learning.study()
    for n in range(answers):
        item = session.next(ahead=True)
        if item is None:
            break
        response, rating = decide(item, n)
        if response is not None:
            session.grade(item, response, 3000)
            session.answer(item, rating, 3000, auto_graded=True)
        else:
            session.answer(item, rating, 3000)
    return session


def first_right_then_wrong(item: StudyItem, n: int) -> tuple[object | None, int]:
    """The struggling student of the issue: one right answer, then wrong ones; the typed answer
    "351 billion" (for $315 billion) is rated Good anyway: an override."""
    prompt = item.prompt
    if isinstance(prompt, RevealPrompt):
        return None, GOOD if n == 0 else AGAIN
    if n == 0:
        return right_response(prompt), GOOD
    if isinstance(prompt, TypedPrompt):
        return wrong_response(prompt, "351 billion"), GOOD
    return wrong_response(prompt), AGAIN


@pytest.fixture
def classroom(example_store: Store, clock: FakeClock) -> Collection:
    """sam struggles, ana gets the sum wrong twice, tess (a teacher) gets everything right."""
    collection = Collection(example_store, clock=clock, fuzz=False)
    collection.add_learner("tess", "teacher")
    collection.add_learner("sam")
    collection.add_learner("ana")
    study(collection.learning("tess"), lambda item, n: (None, GOOD) if item.prompt.self_graded else
          (right_response(item.prompt), GOOD), 8)
    study(collection.learning("sam"), first_right_then_wrong, 8)

    typed = iter(["$351 Billion", "351 billion"])

    def ana(item: StudyItem, n: int) -> tuple[object | None, int]:
        if isinstance(item.prompt, TypedPrompt):
            return wrong_response(item.prompt, next(typed)), AGAIN
        if isinstance(item.prompt, ChoicePrompt) and not item.prompt.multiple:
            return wrong_response(item.prompt), HARD  # wrong, rated Hard: an override too
        return (None, GOOD) if item.prompt.self_graded else (right_response(item.prompt), GOOD)

    study(collection.learning("ana"), ana, 9)  # the ninth answer is the sum again, back from its learning step
    return collection


def row(report: Report, learner: str) -> dict[str, object]:
    (found,) = [r.as_dict() for r in report.rows if r.learner == learner]
    return found


def card(report: Report, key: str) -> dict[str, object]:
    (found,) = [c.as_dict() for c in report.cards if c.card == key]
    return found


def test_day_one_says_who_struggles_and_mastery_is_not_items_seen(classroom: Collection) -> None:
    report = classroom.class_report()
    assert [r.learner for r in report.rows] == ["ana", "sam"]  # the teacher is not a student
    sam = row(report, "sam")
    assert (sam["answers"], sam["right"], sam["seen"], sam["items"]) == (8, 1, 8, 10)
    assert sam["accuracy"] == 1 / 8  # the override counts as the wrong answer it was
    # Eight items seen, one mastered: the one answered right (the overridden one never was).
    assert (sam["mastered"], sam["mastery"]) == (1, 0.1)
    assert "| sam | example-every-type |" in markdown(report) and "12% of 8" in markdown(report)


def test_a_student_sees_the_accuracy_their_teacher_sees(classroom: Collection) -> None:
    # One meaning of "accuracy" everywhere: an override (graded wrong, rated Good anyway) is the
    # wrong answer it was on the student's Home and statistics too, not only in the class report.
    report = classroom.class_report()
    for name in ("sam", "ana"):
        today = classroom.learning(name).statistics().today
        assert today.accuracy == row(report, name)["accuracy"], name
        assert classroom.learning(name).overview().done.accuracy == today.accuracy


def test_a_session_summary_counts_an_override_as_the_wrong_answer_it_was(example_store: Store, clock: FakeClock) -> None:
    collection = Collection(example_store, clock=clock, fuzz=False)
    session = study(collection.learning("sam"), first_right_then_wrong, 8)
    summary = session.summary()
    assert summary.studied == 8  # one right, one typed answer overridden as Good, six wrong
    assert summary.correct == 1 and summary.accuracy == 1 / 8


def test_cards_show_the_answers_given_overrides_and_an_accept_line(classroom: Collection) -> None:
    report = classroom.class_report()
    typed = card(report, "buildup-sum")
    assert typed["question"] == "How large is the five-year defense buildup Kishida announced in December 2022?"
    assert typed["wrong_answers"] == [{"answer": "351 billion", "count": 3}]  # "$351 Billion" folds into it
    assert (typed["answers"], typed["wrong"], typed["overrides"], typed["learners"]) == (3, 3, 1, 2)
    assert typed["accuracy"] == 0.0
    assert typed["accept"] == 'accept: ["315 billion", "315 billion dollars", "351 billion"]'
    choice = card(report, "summit-place")
    assert choice["wrong_choices"] == [{"choice": "Seoul", "count": 2}]  # shuffle: false, so the first wrong is Seoul
    assert (choice["answers"], choice["wrong"], choice["overrides"]) == (2, 2, 1)  # ana rated her wrong choice Hard
    cloze = [c for c in report.cards if c.card == "samsung-cloze"]
    assert {c.item_label for c in cloze} == {"cloze 1", "cloze 2"}
    text = markdown(report)
    assert '- wrong answers: "351 billion" ×3' in text
    assert '- suggestion for the deck file: `accept: ["315 billion", "315 billion dollars", "351 billion"]`' in text
    assert '- wrong choices picked: "Seoul" ×2' in text
    assert report.hardest[0].accuracy == 0.0 and report.hardest[0].card == "buildup-sum"  # most wrong first


def test_flags_and_quizzes_per_question_with_the_attempts_counted(classroom: Collection, clock: FakeClock) -> None:
    sam = classroom.learning("sam")
    typed_item = next(r.item_id for r in sam.browse_rows() if r.card_key == "buildup-sum")
    sam.set_flags([typed_item], flagged=True)
    for responses in ("wrong", "right"):
        quiz = sam.quiz(["example-every-type"], 3, seed=7)
        for question in quiz.questions:
            right = responses == "right" or question.number == 1
            quiz.answer(question, right_response(question.prompt) if right else wrong_response(question.prompt, "=1+1"), 2000)
        quiz.finish()
        clock.advance(60)
    report = classroom.class_report()
    mine = row(report, "sam")
    assert (mine["quiz_attempts"], mine["quiz_latest"], mine["quiz_best"], mine["quiz_all"]) == (2, 1.0, 1.0, 4 / 6)
    assert card(report, "buildup-sum")["flags"] == 1
    asked = sum(c.quiz_asked for c in report.cards)
    assert asked == 6 and sum(c.quiz_right for c in report.cards) == 4
    assert "latest · 100% best · 67% all 2 attempts" in markdown(report)


def test_a_quiz_ended_early_scores_only_the_questions_answered(classroom: Collection) -> None:
    """Issue 10: skipped questions are not answers, in the class report as on the result screen."""
    sam = classroom.learning("sam")
    quiz = sam.quiz(["example-every-type"], 8, seed=7)
    first = quiz.questions[0]
    quiz.answer(first, right_response(first.prompt), 2000)
    result = quiz.finish()  # escape on question 2: seven skipped
    assert (result.answered, len(result.skipped), result.score) == (1, 7, 1.0)
    report = classroom.class_report()
    mine = row(report, "sam")
    assert (mine["quiz_attempts"], mine["quiz_latest"], mine["quiz_best"], mine["quiz_all"]) == (1, 1.0, 1.0, 1.0)
    assert sum(c.quiz_asked for c in report.cards) == 1 and sum(c.quiz_right for c in report.cards) == 1
    assert not any(c.quiz_right < c.quiz_asked for c in report.cards)  # no card is wrong for being skipped


def test_filters_and_due_counts(classroom: Collection, clock: FakeClock) -> None:
    only_sam = classroom.class_report(Scope(learners=("sam",)))
    assert [r.learner for r in only_sam.rows] == ["sam"]
    assert all(c.learners <= 1 for c in only_sam.cards)
    none = classroom.class_report(Scope(decks=("no-such-deck",)))
    assert none.rows == [] and none.cards == []
    clock.advance(5 * DAY)
    later = classroom.class_report(Scope(since=int(clock()) - DAY))
    sam = row(later, "sam")
    assert sam["answers"] == 0 and sam["accuracy"] is None  # nothing answered since
    assert sam["mastered"] == 0  # five days on, the one right answer has faded: mastery is as of now, never filtered
    assert (sam["due"], sam["overdue"]) == (8, 8)  # all eight were due minutes after the answers: days ago now
    assert sam["last_active"] is not None


def test_csv_is_one_table_and_safe_in_a_spreadsheet(classroom: Collection) -> None:
    classroom.add_learner("=HYPERLINK(\"http://x\")")
    report = classroom.class_report()
    learners = list(csv.reader(io.StringIO(as_csv(report, "learners"))))
    assert learners[0][:3] == ["learner", "deck", "last_active"]
    names = [r[0] for r in learners[1:]]
    assert "'=HYPERLINK(\"http://x\")" in names  # neutralised: a spreadsheet shows it as text
    cards = list(csv.reader(io.StringIO(as_csv(report, "cards"))))
    assert cards[0][:3] == ["deck", "card", "item"] and "learner" not in cards[0]
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "fine", -1, 0.5)] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "fine", -1, 0.5]


def test_json_keeps_ratios_exact(classroom: Collection) -> None:
    data = json.loads(as_json(classroom.class_report()))
    sam = next(r for r in data["learners"] if r["learner"] == "sam")
    assert sam["accuracy"] == 1 / 8 and sam["mastery"] == 0.1


def test_report_command_formats_and_filters(classroom: Collection, tmp_path: Path) -> None:
    db = classroom.store.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    both = runner.invoke(main, ["--db", db, "report", "--csv", "--json"])
    assert both.exit_code == 2 and "exclude each other" in both.output
    unknown = runner.invoke(main, ["--db", db, "report", "--deck", "nope"])
    assert unknown.exit_code == 1 and unknown.output.strip() == "quizapp: error: no deck 'nope' (see: quizapp decks)"
    sam = runner.invoke(main, ["--db", db, "report", "--learner", "sam", "--json"])
    assert [r["learner"] for r in json.loads(sam.output)["learners"]] == ["sam"]
    out = runner.invoke(main, ["--db", db, "report", "--csv", "--output", str(tmp_path / "out")])
    assert out.exit_code == 0, out.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["cards.csv", "learners.csv"]
    since = runner.invoke(main, ["--db", db, "report", "--since", "2030-01-01"])
    assert since.exit_code == 0 and "since 20" in since.output


def test_a_student_cannot_read_the_class_report(classroom: Collection) -> None:
    with pytest.raises(PermissionError):
        classroom.learning("sam").class_report()
    assert [r.learner for r in classroom.learning("tess").class_report().rows] == ["ana", "sam"]


def test_the_study_log_keeps_what_was_answered(classroom: Collection) -> None:
    from sqlalchemy import text

    with classroom.store.read() as conn:
        rows = conn.execute(text("SELECT r.given, r.correct, r.rating FROM review AS r JOIN learner AS l ON l.id = r.learner_id "
                                 "WHERE l.name = 'sam' AND r.given IS NOT NULL ORDER BY r.id")).all()
    given = [json.loads(g) for g, _c, _r in rows]
    assert "351 billion" in given
    assert any(isinstance(g, list) for g in given)  # a choice keeps the texts picked
    assert [bool(c) for _g, c, r in rows if r == GOOD and _g == '"351 billion"'] == [False]  # the override


def test_text_from_the_database_never_drives_the_terminal(classroom: Collection, tmp_path: Path) -> None:
    from sqlalchemy import text as sql

    with classroom.store.write() as conn:  # a name written before names were checked, or by hand
        conn.execute(sql("UPDATE learner SET name = :name WHERE name = 'ana'"), {"name": "evil\x1b]2;owned\x07"})
    text = markdown(classroom.class_report())
    assert "\x1b" not in text and "\x07" not in text and "evil␛]2;owned␇" in text
    db = classroom.store.engine.url.render_as_string(hide_password=False)
    listing = CliRunner().invoke(main, ["--db", db, "learners"]).output
    assert "\x1b" not in listing and "evil␛]2;owned␇" in listing


def test_a_class_with_no_students_yet_reports_nothing(example_store: Store, clock: FakeClock) -> None:
    # A new teacher's first `quizapp report`: a deck and the teacher, nobody to report on yet
    # (PostgreSQL once refused the empty list of students' horizons: text = integer).
    collection = Collection(example_store, clock=clock, fuzz=False)
    collection.add_learner("tess", "teacher")
    empty = collection.class_report()
    assert empty.rows == [] and all(c.answers == 0 for c in empty.cards)
    collection.add_learner("sam")
    assert collection.class_report(Scope(learners=("nobody",))).rows == []
    study(collection.learning("sam"), lambda item, n: (None, AGAIN), 1)
    assert "- 1 answer by 1 student, 1 wrong; 0 overrides, flagged by 0" in markdown(collection.class_report())
    db = example_store.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["--db", db, "report"])
    assert result.exit_code == 0, result.output
