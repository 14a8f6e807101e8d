"""SQLModel tables. Every instant is an integer count of seconds since the Unix epoch (UTC).

Integers keep instants unambiguous on SQLite and PostgreSQL alike and let the queue and the
statistics do their arithmetic in SQL.
"""

from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint, false, text
from sqlmodel import Field, SQLModel

from quizapp.engine.states import NEW


class Learner(SQLModel, table=True):
    """A person studying: a profile with its own schedule, history and settings."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    created_at: int = Field(sa_type=BigInteger)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    role: str = Field(default="student", max_length=16, sa_column_kwargs={"server_default": "student"})  # or "teacher"
    password_hash: str | None = Field(default=None, max_length=255)  # scrypt, see quizapp.engine.passwords
    # A one-time password (made by the teacher): a new one is chosen at sign-in.
    password_temporary: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    failed_signins: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # wrong passwords in a row
    locked_until: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"})  # no sign-in before this


class Source(SQLModel, table=True):
    """A source text that cards quote; kept in the database so a shared server needs no files."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=255)
    sha256: str = Field(max_length=64)
    text: str


class Deck(SQLModel, table=True):
    """A deck as last imported; `slug` is the deck id written in its YAML file."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=64)
    title: str
    description: str | None = None
    source_id: int | None = Field(default=None, foreign_key="source.id")
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=64)
    file_path: str | None = None  # the deck file on the machine that imported it, to edit a card from the app
    # The deck file's text hash and its source file when imported (store/unchanged.py): an
    # unchanged file is not parsed again.
    file_fingerprint: str | None = None
    cards: int = 0  # active cards, kept by the importer so the home screen need not count them
    items: int = 0  # active items
    created_at: int = Field(sa_type=BigInteger)
    updated_at: int = Field(sa_type=BigInteger)
    retired: bool = Field(default=False, sa_column_kwargs={"server_default": false()})  # `decks remove`; import revives it
    exam_on: str | None = Field(default=None, max_length=10)  # the teacher's exam date (YYYY-MM-DD)


class ExamDate(SQLModel, table=True):
    """A learner's own exam date for a deck (it overrides the teacher's)."""

    __tablename__ = "exam_date"

    learner_id: int = Field(foreign_key="learner.id", primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", primary_key=True)
    exam_on: str = Field(max_length=10)  # YYYY-MM-DD


class Card(SQLModel, table=True):
    """One card of a deck; (deck_id, key) is the identity that keeps history across edits."""

    __table_args__ = (
        UniqueConstraint("deck_id", "key"),
        # The few cards quoting several places of the source: the reader adds their later excerpts.
        Index("ix_card_excerpts", "deck_id", "retired", sqlite_where=text("quotes IS NOT NULL"),
              postgresql_where=text("quotes IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    deck_id: int = Field(foreign_key="deck.id")
    key: str = Field(max_length=64)
    type: str = Field(max_length=16)
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    quote: str | None = None
    quote_start: int | None = None  # where the quote stands in the deck's source (character offsets)
    quote_end: int | None = None
    # A card quoting several excerpts: each with its span, as [{"text", "start", "end"}]; the
    # first is also in quote, quote_start and quote_end. NULL for a card with one excerpt.
    quotes: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON(none_as_null=True), nullable=True))
    line: int | None = None  # the card's line in its deck file
    explanation: str | None = None
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    position: int
    retired: bool = False
    content_hash: str = Field(max_length=64)
    updated_at: int = Field(sa_type=BigInteger)


class Item(SQLModel, table=True):
    """A reviewable unit of a card: a cloze number, a reverse side, or the card itself."""

    __table_args__ = (
        UniqueConstraint("card_id", "key"),
        Index("ix_item_deck_order", "deck_id", "retired", "position"),
        Index("ix_item_browse", "deck_id", "id"),  # browse pages a deck in item order (keyset)
    )

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id")
    deck_id: int = Field(foreign_key="deck.id")  # the card's deck, copied for cheap per-deck counts
    key: str = Field(max_length=16)
    position: int  # study order within the deck for new items
    retired: bool = False
    # What browse lists and searches, written at import so browse never decodes a card per row
    # (store/browse_text.py): the prompt and answer as shown, their words with the card's key and
    # tags case-folded for search, and the card's own tags one a line ("\ntag\n").
    prompt: str = Field(default="", sa_column_kwargs={"server_default": ""})
    answer: str = Field(default="", sa_column_kwargs={"server_default": ""})
    search: str = Field(default="", sa_column_kwargs={"server_default": ""})
    tags: str = Field(default="", sa_column_kwargs={"server_default": ""})


class ItemState(SQLModel, table=True):
    """A learner's scheduling state of one item. Every learner has a row for every item: a new
    item's row has state NEW and its deck position as `due`, so one index serves the whole queue."""

    __tablename__ = "item_state"
    __table_args__ = (
        # One covering index for the queue, the counts and the statistics: equality filters first
        # (the learner, not retired, a state, not suspended), then due for ranges and order, then
        # what the statistics read.
        Index(
            "ix_state_study",
            "learner_id",
            "retired",
            "state",
            "suspended",
            "due",
            "deck_id",
            "buried_until",
            "stability",
            "last_review",
            "lapses",
            "item_id",
        ),
        # The hardest items' lists, in lapse order (partial: most items never lapse).
        Index("ix_state_leech", "learner_id", "lapses", "item_id", "retired", sqlite_where=text("leech"),
              postgresql_where=text("leech")),
        Index("ix_state_lapses", "learner_id", "lapses", "item_id", "retired", sqlite_where=text("lapses > 0"),
              postgresql_where=text("lapses > 0")),
        # By deck: the statistics' per-deck counts and mastery, and the mastery map, which sums
        # recall by the span of the source the item's card quotes, one deck at a time.
        Index(
            "ix_state_cite",
            "learner_id",
            "deck_id",
            "cite_start",
            "cite_end",
            "retired",
            "state",
            "suspended",
            "stability",
            "last_review",
            "weight",
        ),
    )

    learner_id: int = Field(foreign_key="learner.id", primary_key=True)
    item_id: int = Field(foreign_key="item.id", primary_key=True)
    deck_id: int = Field(foreign_key="deck.id")
    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int = Field(default=0, sa_type=BigInteger)
    last_review: int | None = Field(default=None, sa_type=BigInteger)
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: int = Field(default=0, sa_type=BigInteger)
    flagged: bool = False
    leech: bool = False
    fails: int = 0  # answers rated Again, for the class's hardest cards
    retired: bool = False  # the item's retired flag, copied so the queue never joins the item table
    # Copied from the item's card, kept by the importer, so the mastery map reads one index:
    cite_start: int | None = None  # the card's quote span in its source
    cite_end: int | None = None
    weight: float = 1.0  # 1 / the card's active items, so each card counts once


class Review(SQLModel, table=True):
    """One answer, appended when given and never changed (undo deletes the row it added). Ids are
    never reused, on SQLite too (AUTOINCREMENT): an undone answer's id means nothing else later."""

    __table_args__ = (
        Index("ix_review_learner_time", "learner_id", "reviewed_at"),
        Index("ix_review_item", "item_id", "reviewed_at"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id")
    item_id: int = Field(foreign_key="item.id")
    reviewed_at: int = Field(sa_type=BigInteger)
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    duration_ms: int
    auto_graded: bool
    state: int  # the item's state before this answer (NEW, LEARNING, REVIEW, RELEARNING)
    elapsed: int | None = Field(default=None, sa_type=BigInteger)  # seconds since the item's previous answer
    given: str | None = Field(default=None, sa_type=Text)  # the answer given, as JSON (None when self-rated)
    correct: bool | None = None  # how the app graded it (None when self-rated): an override is wrong but rated Hard or better


class ReviewHour(SQLModel, table=True):
    """The review log summed by learner, deck, hour, state before and interval bucket.

    Kept with every answer (and undo) so statistics over a million reviews read thousands of
    rows; `quizapp.store.answers.rebuild_summary` recomputes it from the log, which stays the truth.
    """

    __tablename__ = "review_hour"

    learner_id: int = Field(foreign_key="learner.id", primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", primary_key=True)
    hour: int = Field(primary_key=True, sa_type=BigInteger)  # reviewed_at // 3600
    state: int = Field(primary_key=True)
    bucket: int = Field(primary_key=True)  # interval since the previous answer, see quizapp.store.answers.BUCKETS; -1 for none
    reviews: int = 0
    recalled: int = 0  # rated Hard or better
    duration_ms: int = Field(default=0, sa_type=BigInteger)


class QuizAttempt(SQLModel, table=True):
    """A finished quiz: its score and, per question, what was asked, answered and expected."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (Index("ix_quiz_learner_time", "learner_id", "finished_at"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id")
    started_at: int = Field(sa_type=BigInteger)
    finished_at: int = Field(sa_type=BigInteger)
    decks: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    questions: int
    correct: int
    time_limit: int | None = None  # seconds
    scheduled: bool = False  # whether the answers also counted as reviews
    details: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


# The tables as SQLAlchemy Core sees them, for bulk statements (typed, unlike `Model.__table__`).
LEARNER_TABLE = SQLModel.metadata.tables["learner"]
SOURCE_TABLE = SQLModel.metadata.tables["source"]
DECK_TABLE = SQLModel.metadata.tables["deck"]
CARD_TABLE = SQLModel.metadata.tables["card"]
ITEM_TABLE = SQLModel.metadata.tables["item"]
ITEM_STATE_TABLE = SQLModel.metadata.tables["item_state"]
REVIEW_TABLE = SQLModel.metadata.tables["review"]
QUIZ_ATTEMPT_TABLE = SQLModel.metadata.tables["quiz_attempt"]
EXAM_DATE_TABLE = SQLModel.metadata.tables["exam_date"]
