"""What the learner sees after answering: the verdict, the right answer, the explanation and the
sentence of the source the card comes from."""

from __future__ import annotations

from textual.content import Content

from quizapp.cards import Prompt, RevealPrompt, TypedPrompt
from quizapp.cards.item import ItemView
from quizapp.engine.answers import Grade
from quizapp.ui.text import diff, plain


def feedback(view: ItemView, prompt: Prompt, grade: Grade | None, given: str = "") -> Content:
    """The feedback block for an answered (or revealed) item."""
    parts: list[Content] = []
    if grade is None:  # revealed, self-graded
        assert isinstance(prompt, RevealPrompt)
        if prompt.answers:  # a cloze: the hidden words, then the whole sentence
            parts.append(Content.assemble(("Answer: ", "bold"), plain("; ".join(prompt.answers), "bold $accent")))
            parts.append(plain(prompt.back, "$text-muted"))
        else:
            parts.append(Content.assemble(("Answer: ", "bold"), plain(prompt.back, "bold $accent")))
    else:
        verdict = ("✓ ", "bold $success") if grade.correct else ("✗ ", "bold $error")
        parts.append(Content.assemble(verdict, plain(grade.reason, "bold")))
        if not grade.correct or isinstance(prompt, TypedPrompt):
            parts.append(Content.assemble(("Answer: ", "bold"), plain(prompt.answer_text(), "$accent")))
        if grade.diff and given.strip() and grade.case not in ("exact", "empty"):
            parts.append(Content.assemble(("You typed: ", "bold"), plain(given.strip())))
            parts.append(Content.assemble(("Difference: ", "bold"), diff(grade.diff)))
    card = view.card
    if card.explanation:
        parts.append(Content.assemble(("Why: ", "bold"), plain(card.explanation)))
    if card.quotes:
        parts.append(
            Content.assemble(
                ("Source: ", "bold"), plain(card.quoted(), "italic $text-muted"), ("  (o opens it)", "$text-muted")
            )
        )
    return Content("\n").join(parts)
