"""Anki packages (.apkg), both ways, through the `anki` package (Anki's own code, the extra
`quizapp[anki]`), which reads every collection version, the compressed one current Anki writes
included.

In: the package is checked as a zip first (no paths outside the folder, no zip bomb), imported
by Anki into a throwaway collection, and its notes read back: Basic, Basic (and reversed card),
Basic (type in the answer) and Cloze note types (and any note type shaped like them) become
basic, reverse, typed and cloze cards; fields named Explanation, Extra, Back Extra or Notes
become the explanation, a field named Quote or Source the quote; HTML becomes plain text; images
and sounds are reported as skipped. Notes of quizapp's own note type come back exactly as the
card they were written from, unless their question or answer was edited in Anki.

Out: basic and cloze cards become notes of quizapp's Basic, Basic (and reversed card) and Cloze
note types (Anki's with an Explanation and a Quote field); choice, true/false, typed, order and
match cards notes of the "quizapp" note type, whose back shows the answer, explanation and quote.
With a learner, each card carries that learner's schedule and memory state, and the review log
comes along.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from quizapp.cards.portable import Portable
from quizapp.cards.registry import CARD_TYPES, deck_fields
from quizapp.interchange.common import Conversion, InterchangeError, clean, tag
from quizapp.interchange.htmltext import has_media, html_to_text, strip_media
from quizapp.interchange.outgoing import OutDeck

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.dbproxy import DBProxy

# Refuse packages whose contents would unpack to more than this, or whose entries compress
# better than any real collection or media file does (a zip bomb).
MAX_UNPACKED = 4 * 1024**3
MAX_RATIO = 200
_RATIO_FROM = 16 * 1024 * 1024  # small entries (an empty collection) may compress very well
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
# Fields read as a card's explanation and quote, by lower-case name, the first with text winning.
_EXPLANATION = ("explanation", "extra", "back extra", "notes", "note", "remarks")
_QUOTE = ("quote", "source", "quotation")
# Between the excerpts of a card with several in quizapp's own notes: a line holding an ellipsis.
EXCERPT_BREAK = "\n…\n"
_DROPPED_TAGS = {"leech", "marked"}
OWN_NOTETYPE = "quizapp"


def require_anki() -> None:
    """Fail with one clear line when the optional `anki` package is not installed."""
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        raise InterchangeError("Anki packages need the anki extra: pip install 'quizapp[anki]'") from None


def check_zip(path: Path) -> None:
    """Refuse what is not an Anki package, or is a hostile one, before Anki unpacks it."""
    try:
        if not zipfile.is_zipfile(path):
            raise InterchangeError(f"{path}: not an Anki package (not a zip file)")
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except FileNotFoundError:
        raise InterchangeError(f"{path}: file not found") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InterchangeError(f"{path}: damaged Anki package ({exc})") from None
    total = 0
    names = set()
    for entry in entries:
        name = PurePosixPath(entry.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or ":" in entry.filename:
            raise InterchangeError(f"{path}: refused: the package holds a file outside its folder ({entry.filename!r})")
        total += entry.file_size
        if entry.file_size > _RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise InterchangeError(f"{path}: refused: {entry.filename!r} unpacks to {entry.file_size / 1048576:.0f} MiB "
                                   f"from {entry.compress_size / 1048576:.1f} MiB (a zip bomb)")
        names.add(entry.filename)
    if total > MAX_UNPACKED:
        raise InterchangeError(f"{path}: refused: the package unpacks to {total / 1024**3:.1f} GiB")
    if not names & set(_COLLECTIONS):
        raise InterchangeError(f"{path}: not an Anki package (no collection inside)")


def _db(col: Collection) -> DBProxy:
    """The collection's database (open for as long as the collection is)."""
    assert col.db is not None
    return col.db


@contextmanager
def scratch_collection() -> Iterator[Collection]:
    """An empty Anki collection in a temporary folder, removed afterwards."""
    require_anki()
    from anki.collection import Collection

    with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        try:
            yield col
        finally:
            col.close()


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class AnkiCard:
    """One Anki card's schedule, as its cards table holds it."""

    id: int
    note_id: int
    ord: int
    type: int  # 0 new, 1 learning, 2 review, 3 relearning
    queue: int  # -1 suspended, -2/-3 buried, 0 new, 1 learning, 2 review, 3 day-learning
    due: int
    ivl: int
    reps: int
    lapses: int
    flags: int


@dataclass
class AnkiPackage:
    """What quizapp read from a package: its cards in neutral form (as a Conversion), each note's
    Anki cards, and the review log."""

    conversion: Conversion
    cards: dict[int, list[AnkiCard]] = field(default_factory=dict)  # note id -> its cards
    # (ms id, card id, ease, ms, type), by card then time
    revlog: Sequence[Sequence[int]] = field(default_factory=list)
    today: int = 0  # the collection's day number when read (review due dates count from it)
    leeches: set[int] = field(default_factory=set)  # notes tagged leech

    def note_of(self, where: str) -> int:
        """The note id of a conversion location ("note 123")."""
        return int(where.removeprefix("note "))


def read_apkg(path: Path) -> AnkiPackage:
    """Read an Anki package into cards (and keep its schedule and review log for a history import)."""
    require_anki()
    check_zip(path)
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with scratch_collection() as col:
        request = ImportAnkiPackageRequest(
            package_path=str(path.resolve()),
            options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False, merge_notetypes=False),
        )
        try:
            col.import_anki_package(request)
        except Exception as exc:  # noqa: BLE001 - Anki's errors have no common base we can rely on
            raise InterchangeError(f"{path}: Anki could not read this package: {str(exc).strip().splitlines()[0]}") from None
        return _read_collection(col, path)


def _read_collection(col: Collection, path: Path) -> AnkiPackage:
    notetypes = {int(m["id"]): m for m in col.models.all()}
    deck_names = {int(d.id): d.name for d in col.decks.all_names_and_ids()}
    package = AnkiPackage(Conversion(path.stem.replace("_", " ").strip() or "Imported"), today=int(col.sched.today))
    deck_of_card: dict[int, int] = {}
    for cid, nid, ord_, ctype, queue, due, ivl, reps, lapses, flags, did, odid in _db(col).all(
            "SELECT id, nid, ord, type, queue, due, ivl, reps, lapses, flags, did, odid FROM cards ORDER BY nid, ord"):
        card = AnkiCard(int(cid), int(nid), int(ord_), int(ctype), int(queue), int(due), int(ivl), int(reps),
                        int(lapses), int(flags))
        package.cards.setdefault(card.note_id, []).append(card)
        deck_of_card[card.id] = int(odid or did)
    note_deck = {nid: next(iter(cards)) for nid, cards in package.cards.items()}
    used_decks = {deck_names.get(deck_of_card[c.id], "") for c in note_deck.values()}
    media = has_media_files(col)
    conversion = package.conversion
    real_decks = sorted(d for d in used_decks if d and d != "Default")
    if len(real_decks) == 1:
        conversion.title = real_decks[0].replace("::", " - ")
    unmapped: dict[str, set[str]] = {}
    shapes: dict[int, _Shape] = {}
    media_notes = 0
    for nid, mid, flds, tags in _db(col).all("SELECT id, mid, flds, tags FROM notes ORDER BY id"):
        where = f"note {nid}"
        notetype = notetypes.get(int(mid))
        if notetype is None:  # pragma: no cover - Anki's importer keeps note types with their notes
            conversion.skip(where, "its note type is missing")
            continue
        shape = shapes.get(int(mid))
        if shape is None:
            shape = shapes[int(mid)] = _Shape.of(notetype)
        names = shape.names
        fields = dict(zip(names, str(flds).split("\x1f"), strict=False))
        if any(has_media(value) for value in fields.values()):
            media_notes += 1
        note_tags = [t for t in str(tags).split() if t.lower() not in _DROPPED_TAGS]
        if "leech" in str(tags).lower().split():
            package.leeches.add(int(nid))
        cards = package.cards.get(int(nid), [])
        deck = deck_names.get(deck_of_card[cards[0].id], "") if cards else ""
        extra = (tag(deck.rsplit("::", 1)[-1]),) if len(real_decks) > 1 and deck else ()
        try:
            made = _note_card(shape, fields, cards, unmapped, (*map(tag, note_tags), *extra))
        except InterchangeError as exc:
            raise InterchangeError(f"{path}: {where}: {exc.message}") from None
        if isinstance(made, str):
            conversion.skip(where, made)
            continue
        conversion.add(where, made)
    for name, left in unmapped.items():
        conversion.notes.append(f"note type {name!r}: fields not carried: {', '.join(sorted(left))}")
    if media or media_notes:
        conversion.notes.append(f"media skipped: {media} file{'s' * (media != 1)} in the package, "
                                f"shown by {media_notes} note{'s' * (media_notes != 1)} (their text was kept)")
    # By card, then time; CAST makes every value an integer whatever a hostile file stored.
    package.revlog = _db(col).all("SELECT CAST(id AS INTEGER), CAST(cid AS INTEGER), CAST(ease AS INTEGER), "
                                  "CAST(time AS INTEGER), CAST(type AS INTEGER) FROM revlog ORDER BY cid, id")
    return package


def has_media_files(col: Collection) -> int:
    """How many media files the package brought (they are not imported)."""
    folder = Path(col.media.dir())
    return sum(1 for p in folder.iterdir() if p.is_file()) if folder.is_dir() else 0


def _text(value: str) -> str:
    return clean(html_to_text(strip_media(value)))


@dataclass(frozen=True)
class _Shape:
    """What a note type says about every note of it, worked out once per type."""

    name: str
    names: list[str]  # its fields, in order
    explanation: tuple[str, ...]  # the fields that may hold the explanation, in order of preference
    quote: tuple[str, ...]
    ours: bool  # one of quizapp's note types (its quote field may hold several excerpts)
    own: bool  # quizapp's own note type, whose Card field holds the card
    cloze: bool
    typed: bool  # its first template asks to type the answer
    reversible: bool  # it has a second template

    @classmethod
    def of(cls, notetype: dict[str, Any]) -> _Shape:
        names = [str(f["name"]) for f in notetype["flds"]]
        lower = {name.lower(): name for name in names}
        templates = notetype.get("tmpls", [])
        return cls(
            name=str(notetype["name"]), names=names,
            explanation=tuple(lower[n] for n in _EXPLANATION if n in lower),
            quote=tuple(lower[n] for n in _QUOTE if n in lower),
            ours=str(notetype["name"]).startswith("quizapp"), own=notetype["name"] == OWN_NOTETYPE,
            cloze=int(notetype.get("type", 0)) == 1,
            typed=any("{{type:" in str(t.get("qfmt", "")) + str(t.get("afmt", "")) for t in templates[:1]),
            reversible=len(templates) >= 2,
        )


def _note_card(shape: _Shape, fields: dict[str, str], cards: list[AnkiCard],
               unmapped: dict[str, set[str]], tags: tuple[str, ...]) -> Portable | str:
    """A card for one note with the note's `tags` (or why there is none)."""
    names = list(fields)  # a note may hold fewer fields than its type names
    explanation = next((_text(fields[n]) for n in shape.explanation if n in fields and fields[n].strip()), "")
    quote = next((_text(fields[n]) for n in shape.quote if n in fields and fields[n].strip()), "")
    used = {*shape.explanation, *shape.quote}
    # quizapp's own notes may hold several excerpts; another program's quote field is one quote.
    quotes = tuple(q for q in re.split(r"\n…\n", quote) if q) if shape.ours else ((quote,) if quote else ())
    common: dict[str, Any] = {"explanation": explanation or None, "quotes": quotes, "tags": tuple(dict.fromkeys(tags))}
    if shape.own and "Card" in fields:
        own = _own_card(fields)
        if own is not None:
            return replace(own, tags=tuple(dict.fromkeys((*own.tags, *tags))))
    if shape.cloze:
        text_field = {name.lower(): name for name in names}.get("text", names[0])
        text = _text(fields[text_field])
        if not text:
            return "its cloze text is empty (an image occlusion note, or only media)"
        _note_unmapped(shape.name, fields, {text_field, *used}, unmapped)
        return Portable(kind="cloze", id=text, front=text, back="", question=text, **common)
    if len(names) < 2:
        return "its note type has one field: no question and answer"
    front_name, back_name = names[0], names[1]
    front, back = _text(fields[front_name]), _text(fields[back_name])
    if not front or not back:
        return "its first two fields need text (a question and an answer); media alone cannot be studied here"
    _note_unmapped(shape.name, fields, {front_name, back_name, *used}, unmapped)
    if shape.typed:
        return Portable(kind="typed", id=front, front=front, back=back, question=front, answers=(back,), **common)
    reverse = shape.reversible and any(c.ord == 1 for c in cards)
    return Portable(kind="basic", id=front, front=front, back=back, question=front, answers=(back,), reverse=reverse,
                    **common)


def _note_unmapped(notetype: str, fields: dict[str, str], used: set[str], unmapped: dict[str, set[str]]) -> None:
    extra = {name for name, value in fields.items() if name not in used and _text(value)}
    if extra:
        unmapped.setdefault(notetype, set()).update(extra)


def _own_card(fields: dict[str, str]) -> Portable | None:
    """The card a note of quizapp's own note type was written from, unless edited in Anki."""
    try:
        data = json.loads(html.unescape(fields["Card"]))
        card = CARD_TYPES[data["type"]].model_validate(data).portable()
    except (ValueError, KeyError, TypeError):
        return None
    if _text(fields.get("Question", "")) != clean(card.front) or _text(fields.get("Answer", "")) != clean(card.back):
        return None  # edited in Anki: read it as the question and answer the user now has
    return card


def item_key(kind: str, ord_: int, reverse: bool) -> str | None:
    """Our item key for an Anki card's template number."""
    if kind == "cloze":
        return f"c{ord_ + 1}"
    if kind == "basic":
        return ("fwd", "rev")[ord_] if ord_ < (2 if reverse else 1) else None
    return "main" if ord_ == 0 else None


# ----------------------------------------------------------------------------- writing

_CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; max-width: 40em; margin: auto; }
.explanation { margin-top: 1em; color: #444; }
blockquote { margin: 1em 0 0 0; padding-left: .8em; border-left: 3px solid #999; color: #555; font-style: italic; }"""
_BACK_EXTRAS = ("{{#Explanation}}<div class=explanation>{{Explanation}}</div>{{/Explanation}}"
                "{{#Quote}}<blockquote>{{Quote}}</blockquote>{{/Quote}}")
NOTETYPES: dict[str, tuple[tuple[str, ...], list[tuple[str, str]], bool]] = {
    # name: (fields, [(question template, answer template)], is cloze)
    "quizapp Basic": (("Front", "Back", "Explanation", "Quote"),
                      [("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}" + _BACK_EXTRAS)], False),
    "quizapp Basic (and reversed card)": (("Front", "Back", "Explanation", "Quote"),
                                          [("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}" + _BACK_EXTRAS),
                                           ("{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}" + _BACK_EXTRAS)], False),
    "quizapp Cloze": (("Text", "Explanation", "Quote"), [("{{cloze:Text}}", "{{cloze:Text}}" + _BACK_EXTRAS)], True),
    OWN_NOTETYPE: (("Question", "Answer", "Explanation", "Quote", "Card"),
                   [("{{Question}}", "{{FrontSide}}<hr id=answer>{{Answer}}" + _BACK_EXTRAS)], False),
}


def _add_notetypes(col: Collection) -> dict[str, Any]:
    models = col.models
    made: dict[str, Any] = {}
    for name, (field_names, templates, cloze) in NOTETYPES.items():
        model = models.new(name)
        if cloze:
            model["type"] = 1
        for field_name in field_names:
            models.add_field(model, models.new_field(field_name))
        for number, (question, answer) in enumerate(templates, 1):
            template = models.new_template("Cloze" if cloze else f"Card {number}")
            template["qfmt"], template["afmt"] = question, answer
            models.add_template(model, template)
        model["css"] = _CSS
        models.add(model)
        made[name] = models.by_name(name)
    return made


def _html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _note_fields(card: Portable) -> tuple[str, dict[str, str]]:
    extras = {"Explanation": _html(card.explanation or ""), "Quote": _html(EXCERPT_BREAK.join(card.quotes))}
    if card.kind == "cloze":
        return "quizapp Cloze", {"Text": _html(card.question), **extras}
    if card.kind == "basic":
        name = "quizapp Basic (and reversed card)" if card.reverse else "quizapp Basic"
        return name, {"Front": _html(card.front), "Back": _html(card.back), **extras}
    data = html.escape(json.dumps(deck_fields(card), ensure_ascii=False), quote=False)
    return OWN_NOTETYPE, {"Question": _html(card.front), "Answer": _html(card.back), **extras, "Card": data}


@dataclass(frozen=True)
class ItemSchedule:
    """A learner's state of one item, as an Anki card carries it, and its answers."""

    state: int  # 0 new, 1 learning, 2 review, 3 relearning
    due: int  # an instant
    stability: float | None
    difficulty: float | None
    last_review: int | None
    reps: int
    lapses: int
    suspended: bool
    answers: tuple[tuple[int, int, int, int], ...]  # (instant, rating, duration ms, state before)


def write_apkg(decks: list[OutDeck], path: Path, schedules: dict[tuple[str, str, str], ItemSchedule] | None = None,
               now: int = 0) -> int:
    """Write decks as an Anki package; with `schedules` ((deck, card, item) -> schedule), each
    card carries that schedule and its review log. Returns the number of notes written."""
    from anki.collection import AddNoteRequest, ExportAnkiPackageOptions

    written = 0
    with scratch_collection() as col:
        notetypes = _add_notetypes(col)
        note_ids: dict[int, tuple[str, Portable]] = {}
        for deck in decks:
            deck_id = col.decks.id(deck.title.replace("::", ":").replace("\n", " "), create=True)
            assert deck_id is not None
            requests = []
            for card in deck.cards:
                name, values = _note_fields(card)
                note = col.new_note(notetypes[name])
                for key, value in values.items():
                    note[key] = value
                note.tags = [*card.tags, *deck.tags]
                requests.append(AddNoteRequest(note=note, deck_id=deck_id))
            if requests:
                col.add_notes(requests)
            note_ids.update({int(r.note.id): (deck.slug, card) for r, card in zip(requests, deck.cards, strict=True)})
            written += len(requests)
        if schedules:
            _schedule(col, note_ids, schedules, now)
        col.export_anki_package(
            out_path=str(path.resolve()),
            options=ExportAnkiPackageOptions(with_scheduling=bool(schedules), with_deck_configs=bool(schedules),
                                             with_media=False, legacy=False),
            limit=None,
        )
    return written


def _schedule(col: Collection, note_ids: dict[int, tuple[str, Portable]],
              schedules: dict[tuple[str, str, str], ItemSchedule], now: int) -> None:
    """Give each Anki card its item's schedule and memory state, and write the review log."""
    from anki.cards import FSRSMemoryState
    from anki.consts import CardQueue, CardType

    today = int(col.sched.today)
    changed = []
    revlog: list[tuple[int, ...]] = []
    used_ids: set[int] = set()
    for card_id, note_id, ord_ in _db(col).all("SELECT id, nid, ord FROM cards"):
        deck_slug, card = note_ids[int(note_id)]
        key = item_key(card.kind, int(ord_), card.reverse)
        schedule = schedules.get((deck_slug, card.id, key or ""))
        if schedule is None or (schedule.state == 0 and not schedule.answers):
            continue
        anki_card = col.get_card(card_id)
        anki_card.type = CardType(schedule.state)
        anki_card.reps, anki_card.lapses = schedule.reps, schedule.lapses
        if schedule.state == 2:
            anki_card.queue = CardQueue(2)
            anki_card.due = today + (schedule.due - now) // 86400
            anki_card.ivl = max(1, (schedule.due - (schedule.last_review or now)) // 86400)
        elif schedule.state in (1, 3):
            anki_card.queue = CardQueue(1)
            anki_card.due = schedule.due
        if schedule.suspended:
            anki_card.queue = CardQueue(-1)
        if schedule.stability is not None and schedule.difficulty is not None:
            anki_card.memory_state = FSRSMemoryState(stability=schedule.stability, difficulty=schedule.difficulty)
        changed.append(anki_card)
        for at, rating, duration, state in schedule.answers:
            log_id = at * 1000
            while log_id in used_ids:
                log_id += 1
            used_ids.add(log_id)
            kind = {0: 0, 1: 0, 2: 1, 3: 2}.get(state, 1)  # Anki's revlog: learn, review, relearn
            revlog.append((log_id, int(card_id), -1, rating, 0, 0, 0, min(duration, 60_000), kind))
    if changed:
        col.update_cards(changed)
    for row in revlog:
        _db(col).execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?,?,?,?,?,?,?,?,?)",
                       *row)
