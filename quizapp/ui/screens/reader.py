"""The source reader: the article with every cited sentence marked, a sentence cursor, the cards
citing a sentence, and the mastery map that shades each paragraph by how well it is known."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from quizapp.errors import QuizError
from quizapp.progress.reader import CitingCard, Paragraph, Reading
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import plain
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.line_table import Column, LineTable, widest
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp

WEAK, STRONG = Color.parse("#a3312f"), Color.parse("#2f7d3a")


def shade(recall: float) -> Color:
    """Red for nothing recalled, green for everything, through amber."""
    middle = Color.parse("#9a7b1c")
    return WEAK.blend(middle, recall * 2) if recall < 0.5 else middle.blend(STRONG, (recall - 0.5) * 2)


class ParagraphView(Static):
    """One paragraph of the source."""

    def __init__(self, paragraph: Paragraph) -> None:
        super().__init__(classes="paragraph")
        self.paragraph = paragraph


class CitationsScreen(ModalScreen[None]):
    """The cards citing one sentence (the first `LISTED` of them listed; c crams them all)."""

    CSS_PATH = "reader.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="citations.close"),
        Binding("c", "cram", "Cram these", id="citations.cram"),
    ]
    LISTED = 200  # more rows than anyone reads; the question of each listed card is rendered

    app: QuizApp

    def __init__(self, cards: list[CitingCard], sentence: str) -> None:
        super().__init__()
        self.cards = cards
        self.sentence = sentence

    def compose(self) -> ComposeResult:
        self.listed = self.cards[: self.LISTED]
        # The deck column as wide as its longest title (at most 40 cells), the card in the rest.
        deck = min(40, widest((c.deck_title for c in self.listed), len("Deck")))
        table = LineTable([Column("deck", "Deck", deck), Column("card", "Card", least=10)])
        count = len(self.cards)
        table.border_title = (
            f"{count} card{'s' * (count != 1)} cite this sentence"
            + (f" (the first {len(self.listed)} listed)" if len(self.listed) < count else "")
            + " · enter browses one · c crams them"
        )
        yield table

    def on_mount(self) -> None:
        questions = self.app.learning.card_questions([card.item_ids[0] for card in self.listed])
        self.query_one(LineTable).set_rows([(card.deck_title, questions[card.item_ids[0]]) for card in self.listed])

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        card = self.listed[event.cursor_row]
        self.dismiss()
        self.app.action_browse(card.key)

    def action_cram(self) -> None:
        items = [i for c in self.cards for i in c.item_ids]
        self.dismiss()
        self.app.action_cram(items, "Cram: one sentence")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class ReaderScreen(AppScreen):
    """Read the source."""

    CSS_PATH = "reader.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Next sentence", id="reader.next"),
        Binding("up,k", "move(-1)", "Previous", id="reader.previous"),
        Binding("n", "cited(1)", "Next cited", id="reader.next_cited"),
        Binding("p", "cited(-1)", "Previous cited", id="reader.previous_cited"),
        Binding("enter", "citations", "Cards citing it", id="reader.citations"),
        Binding("m", "mastery", "Mastery map", id="reader.mastery"),
        Binding("c", "cram_paragraph", "Cram paragraph", id="reader.cram"),
        Binding("question_mark", "keys", "Keys", id="reader.keys"),
        Binding("escape", "back", "Back", id="reader.back"),
    ]

    app: QuizApp

    def __init__(self, source_id: int | None = None, quote: str | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.quote = quote
        self.text: Reading | None = None
        self.cursor = 0
        self.target: tuple[int, int] | None = None
        self.recall: dict[int, float | None] | None = None  # the mastery map, when shown
        self.views: list[ParagraphView] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield VerticalScroll(id="article")
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Source"
        self.query_one("#status", Static).update(plain("Loading…"))
        self.load()

    @work(thread=True, exclusive=True, group="reader")
    def load(self) -> None:
        # The text first, at once at any collection size; then the cards citing each sentence,
        # which on a big collection take a moment longer.
        try:
            text = self.app.learning.reading(self.source_id, citations=False)
        except QuizError as exc:
            self.app.call_from_thread(self.query_one("#status", Static).update, plain(exc.message))
            return
        self.app.call_from_thread(self._loaded, text)
        cited = self.app.learning.reading(text.source_id)
        self.app.call_from_thread(self._cited, cited)

    def _cited(self, text: Reading) -> None:
        self.text = text
        for view in self.views:
            self.paint(view)
        self.update_status()

    def _loaded(self, text: Reading) -> None:
        self.text = text
        self.sub_title = text.name
        if self.quote:
            self.target = text.find(self.quote)
            if self.target is not None:
                self.cursor = text.sentence_at(self.target[0]) or 0
        self.views = [ParagraphView(p) for p in text.paragraphs]
        self.query_one("#article").mount_all(self.views)
        for view in self.views:
            self.paint(view)
        self.update_status()
        self.call_after_refresh(self.scroll_to_cursor)

    # -- drawing -------------------------------------------------------------------------------

    def paint(self, view: ParagraphView) -> None:
        text = self.text
        assert text is not None
        p = view.paragraph
        line = text.display(p)
        content = plain(line)
        view.set_class(p.kind == "heading", "heading")
        view.set_class(p.kind == "code", "code")
        # List items sit close together, as in a list; the last one keeps the gap below it.
        following = text.paragraphs[p.index + 1] if p.index + 1 < len(text.paragraphs) else None
        view.set_class(p.kind == "item" and following is not None and following.kind == "item", "item")
        for start, end, style in text.document.emphasis if text.document else ():
            if start < p.end and end > p.start:
                content = content.stylize(style, max(0, start - p.start), min(len(line), end - p.start))
        for index in p.sentences:
            sentence = text.sentences[index]
            start, end = sentence.start - p.start, sentence.end - p.start
            if text.counts[index]:
                content = content.stylize("underline", start, end)
            if index == self.cursor:
                content = content.stylize("reverse", start, end)
        if self.target is not None and self.target[0] < p.end and self.target[1] > p.start:
            content = content.stylize("bold $warning", max(0, self.target[0] - p.start), min(len(line), self.target[1] - p.start))
        if p.marker:
            content = Content.assemble((p.marker, "$text-muted"), content)
        if self.recall is not None and p.sentences:
            recall = self.recall.get(p.index)
            view.set_class(recall is None, "uncited")
            if recall is None:
                content = Content.assemble(("[no card] ", "italic"), content)
                view.styles.background = None
            else:
                content = Content.assemble((f"[{recall * 100:3.0f}%] ", "bold"), content)
                view.styles.background = shade(recall).with_alpha(0.45)
        else:
            view.styles.background = None
            view.set_class(False, "uncited")
        view.update(content)

    def update_status(self) -> None:
        text = self.text
        if text is None or not text.sentences:
            return
        status = f"Sentence {self.cursor + 1} of {len(text.sentences)}"
        if not text.cited:
            self.query_one("#status", Static).update(plain(status + " · finding the cards that cite each sentence…"))
            return
        cited = text.counts[self.cursor]
        status += f" · cited by {cited} card{'s' * (cited != 1)}"
        covered = sum(1 for c in text.counts if c)
        status += f" · {covered}/{len(text.sentences)} sentences cited"
        if self.recall is not None:
            known = [r for r in self.recall.values() if r is not None]
            mean = sum(known) / len(known) if known else 0
            legend = Content.assemble(
                "  Mastery: ",
                (" 0% ", f"on {shade(0).hex}"),
                (" 50% ", f"on {shade(0.5).hex}"),
                (" 100% ", f"on {shade(1).hex}"),
                ("  [no card] ", "italic"),
                f" overall {mean * 100:.0f}%",
            )
            self.query_one("#status", Static).update(Content.assemble(plain(status), legend))
        else:
            self.query_one("#status", Static).update(plain(status + " · underlined: cited · m: mastery map"))

    def paragraph_of(self, sentence: int) -> ParagraphView:
        return next(v for v in self.views if sentence in v.paragraph.sentences)

    def scroll_to_cursor(self) -> None:
        if self.text and self.text.sentences:
            self.paragraph_of(self.cursor).scroll_visible(animate=False, top=self.target is not None)

    # -- keys --------------------------------------------------------------------------------------

    def set_cursor(self, index: int) -> None:
        if self.text is None or not self.text.sentences:
            return
        index = max(0, min(len(self.text.sentences) - 1, index))
        old = self.paragraph_of(self.cursor)
        self.cursor = index
        new = self.paragraph_of(index)
        self.paint(old)
        if new is not old:
            self.paint(new)
        self.update_status()
        new.scroll_visible(animate=False)

    def action_move(self, step: int) -> None:
        self.set_cursor(self.cursor + step)

    def action_cited(self, step: int) -> None:
        if self.text is None:
            return
        if not self.text.cited:
            self.notify("Still finding the cards that cite each sentence…", timeout=2)
            return
        index = self.cursor + step
        while 0 <= index < len(self.text.sentences):
            if self.text.counts[index]:
                self.set_cursor(index)
                return
            index += step
        self.notify("No more cited sentences that way.", timeout=2)

    def action_citations(self) -> None:
        if self.text is None or not self.text.sentences:
            return
        if not self.text.cited:
            self.notify("Still finding the cards that cite each sentence…", timeout=2)
            return
        if not self.text.counts[self.cursor]:
            self.notify("No card cites this sentence yet.", timeout=3)
            return
        self.load_citations(self.text, self.cursor)

    @work(thread=True, exclusive=True, group="citations")
    def load_citations(self, text: Reading, sentence: int) -> None:
        # Which cards, read when asked: a sentence of a big collection's source has thousands.
        cards = self.app.learning.citing_cards(text, [sentence])
        self.app.call_from_thread(self._show_citations, cards, text.sentences[sentence].text)

    def _show_citations(self, cards: list[CitingCard], sentence: str) -> None:
        if self.is_current:  # not over a screen the learner went on to meanwhile
            self.app.push_screen(CitationsScreen(cards, sentence))

    def action_mastery(self) -> None:
        if self.text is None:
            return
        if not self.text.cited:
            self.notify("Still finding the cards that cite each sentence…", timeout=2)
            return
        if self.recall is None:
            self.load_mastery()
        else:
            self.recall = None
            for view in self.views:
                self.paint(view)
            self.update_status()

    @work(thread=True, exclusive=True, group="mastery")
    def load_mastery(self) -> None:
        assert self.text is not None
        recall = self.app.learning.mastery(self.text)
        self.app.call_from_thread(self._show_mastery, recall)

    def _show_mastery(self, recall: dict[int, float | None]) -> None:
        self.recall = recall
        for view in self.views:
            self.paint(view)
        self.update_status()

    def action_cram_paragraph(self) -> None:
        if self.text is None or not self.text.sentences:
            return
        if not self.text.cited:
            self.notify("Still finding the cards that cite each sentence…", timeout=2)
            return
        paragraph = self.paragraph_of(self.cursor).paragraph
        if not any(self.text.counts[s] for s in paragraph.sentences):
            self.notify("No card cites this paragraph.", timeout=3)
            return
        self.cram_paragraph(self.text, paragraph)

    @work(thread=True, exclusive=True, group="citations")
    def cram_paragraph(self, text: Reading, paragraph: Paragraph) -> None:
        cards = self.app.learning.citing_cards(text, paragraph.sentences)
        self.app.call_from_thread(self._cram, cards, paragraph)

    def _cram(self, cards: list[CitingCard], paragraph: Paragraph) -> None:
        if not self.is_current:
            return
        items = [i for c in cards for i in c.item_ids]
        # Counted as a reader counts them: the title, byline and headings are not paragraphs.
        self.app.action_cram(items, f"Cram: paragraph {(paragraph.number or 0) + 1} ({len(cards)} card{'s' * (len(cards) != 1)})")

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_back(self) -> None:
        self.app.pop_screen()
