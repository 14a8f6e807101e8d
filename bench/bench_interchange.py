"""Decks in and out at scale, each path as a ratio to its format's library alone doing the same
reading or writing, measured in the same run, interleaved (ours, library, library, ours, ...);
each figure is the median of the per-pair ratios, with its spread. Goal: every ratio <= 3x.

- export: a 10,000-card deck (read from the database once, in neutral form) written in every
  format, against the library writing the same content already rendered: anki: Anki adding the
  same number of notes (two fields each, fewer than ours carry) and exporting the package;
  tsv/csv: the csv module writing the very rows ours writes; json/yaml: the deck mapping dumped;
  moodle-xml: ElementTree serialising the same document. GIFT and HTML have no library: their
  baseline is PyYAML's C parser reading the deck, the cost of the data itself.
- convert: each exported file back to a YAML deck, against the library reading the file and
  PyYAML's C emitter writing the deck that ours wrote (anki: Anki importing the package into an
  empty collection and its notes and cards read back).
- import: a 10,000-note .apkg with 100,000 reviews into the database with --with-history,
  against Anki importing the same package into an empty collection and reading its notes, cards
  and review log back.

Run: python bench/bench_interchange.py [--runs 3] [--only convert] [--profile convert_apkg]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import pstats
import random
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_import import generate
from bench.collection_cache import fresh_copy
from bench.common import interleave, report_pair, target
from quizapp.collection import Collection
from quizapp.interchange import read_foreign
from quizapp.interchange.building import build_deck, dump_yaml
from quizapp.interchange.deckjson import deck_data
from quizapp.interchange.exporting import export_decks
from quizapp.interchange.moodle_xml import question
from quizapp.interchange.outgoing import from_stored
from quizapp.interchange.spreadsheet import COLUMNS, row_of
from quizapp.store.catalog import load_deck
from quizapp.store.database import Store
from quizapp.store.importer import import_paths

GOAL = 3.0
SUFFIX = {"apkg": ".apkg", "tsv": ".tsv", "csv": ".csv", "gift": ".gift", "moodle-xml": ".xml", "json": ".json",
          "yaml": ".yaml", "html": ".html"}


def _csv_write(rows: list[tuple[str, ...]], path: Path, delimiter: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=delimiter, lineterminator="\n").writerows(rows)


def _anki_write(rows: list[tuple[str, str]], out: Path) -> None:
    from anki.collection import AddNoteRequest, ExportAnkiPackageOptions
    from anki.collection import Collection as AnkiCollection

    with tempfile.TemporaryDirectory() as folder:
        col = AnkiCollection(str(Path(folder) / "c.anki2"))
        basic = col.models.by_name("Basic")
        deck = col.decks.id("Bench")
        requests = []
        for front, back in rows:
            note = col.new_note(basic)
            note["Front"], note["Back"] = front, back
            requests.append(AddNoteRequest(note=note, deck_id=deck))
        col.add_notes(requests)
        col.export_anki_package(out_path=str(out), options=ExportAnkiPackageOptions(with_scheduling=False), limit=None)
        col.close()


def _anki_read(path: Path) -> None:
    from anki.collection import Collection as AnkiCollection
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with tempfile.TemporaryDirectory() as folder:
        col = AnkiCollection(str(Path(folder) / "c.anki2"))
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path),
                                                         options=ImportAnkiPackageOptions(with_scheduling=True)))
        db = col.db
        assert db is not None
        db.all("SELECT id, mid, flds, tags FROM notes")
        db.all("SELECT id, nid, did, odid, ord, type, queue, due, ivl, reps, lapses, flags FROM cards")
        db.all("SELECT id, cid, ease, time, type FROM revlog")
        col.close()


def _history_package(path: Path, notes: int = 10_000, reviews: int = 100_000) -> None:
    """An .apkg of `notes` basic notes whose cards have `reviews` answers in all, a day or more apart."""
    from anki.collection import AddNoteRequest, ExportAnkiPackageOptions
    from anki.collection import Collection as AnkiCollection

    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        col = AnkiCollection(str(Path(folder) / "c.anki2"))
        basic = col.models.by_name("Basic")
        deck = col.decks.id("History bench")
        requests = []
        for n in range(notes):
            note = col.new_note(basic)
            note["Front"], note["Back"] = f"Question {n}?", f"Answer {n}"
            requests.append(AddNoteRequest(note=note, deck_id=deck))
        col.add_notes(requests)
        db = col.db
        assert db is not None
        card_ids = [int(c) for c in db.list("SELECT id FROM cards ORDER BY id")]
        start = 1_700_000_000_000
        rows = []
        for k in range(reviews):
            card = card_ids[k % len(card_ids)]
            at = start + (k // len(card_ids)) * 3 * 86_400_000 + k
            rows.append((at, card, -1, rng.choice((1, 3, 3, 3, 4)), 3, 1, 2500, 4000, 0 if k < len(card_ids) else 1))
        db.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?,?,?,?,?,?,?,?,?)",
                       rows)
        db.execute("UPDATE cards SET type = 2, queue = 2, due = 10, ivl = 3, reps = 10")
        col.export_anki_package(out_path=str(path), options=ExportAnkiPackageOptions(with_scheduling=True), limit=None)
        col.close()


def _timed(func: Callable[[], object], setup: Callable[[], object] | None = None) -> Callable[[int], float]:
    def run(_: int) -> float:
        if setup is not None:
            setup()  # not timed
        started = time.perf_counter()
        func()
        return time.perf_counter() - started

    return run


def _profile(name: str, func: Callable[[], object]) -> None:
    """Run ours once under cProfile and print where its time goes."""
    profiler = cProfile.Profile()
    profiler.runcall(func)
    print(f"profile of {name} (ours), by cumulative time:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> int:
    parser = argparse.ArgumentParser(description="Decks in and out against each format's library alone (goal <= 3x).")
    parser.add_argument("--runs", type=int, default=3, help="interleaved repetitions of each pair (default 3)")
    parser.add_argument("--only", action="append", default=[],
                        help="measure only the figures whose name holds this text (repeatable): export_tsv, convert, import")
    parser.add_argument("--profile", metavar="NAME", help="instead of timing, profile ours for the figure NAME once")
    parser.add_argument("--notes", type=int, default=10_000, help="notes of the history package (default 10,000)")
    parser.add_argument("--reviews", type=int, default=100_000, help="its reviews (default 100,000)")
    args = parser.parse_args()

    def wanted(name: str) -> bool:
        if args.profile:
            return name == args.profile
        return not args.only or any(part in name for part in args.only)

    ok = True
    results: list[tuple[str, float, float, float]] = []

    def measure(name: str, ours: Callable[[], object], library: Callable[[], object], peer: str,
                setup: Callable[[], object] | None = None) -> None:
        nonlocal ok
        if args.profile:
            if setup is not None:
                setup()
            _profile(name, ours)
            return
        mine, theirs = interleave(args.runs, _timed(ours, setup), _timed(library))
        ratio = report_pair(name, mine, theirs, peer)
        results.append((name, ratio.median, ratio.low, ratio.high))
        ok &= target(f"{name}_vs_library", ratio.median, GOAL)

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        decks_wanted = any(wanted(f"{step}_{fmt}") for step in ("export", "convert")
                           for fmt in ("apkg", "tsv", "csv", "gift", "moodle_xml", "json", "yaml", "html"))
        if decks_wanted:
            (root / "decks").mkdir()
            deck_file = generate(root / "decks")
            store = Store.open(str(root / "bench.db"))
            import_paths(store, [str(deck_file)])
            slug = yaml.safe_load(deck_file.read_text(encoding="utf-8"))["deck"]
            deck = from_stored(load_deck(store, slug))
            store.close()
            data = deck_data(deck)
            rows = [(card.front, card.back) for card in deck.cards]
            table = [COLUMNS, *(row_of(card) for card in deck.cards)]  # the rows a spreadsheet export holds
            yaml_text = deck_file.read_text(encoding="utf-8")
            print(f"10,000-card deck: {len(deck.cards)} cards, {len(yaml_text) / 1e6:.1f} MB of YAML; "
                  f"{args.runs} interleaved runs of each pair; ratios are medians of the per-pair ratios")

            same_tree = ET.Element("quiz")  # the document our exporter writes, built beforehand
            for card in deck.cards:
                same_tree.append(question(card, deck))

            baselines_out: dict[str, tuple[Callable[[], object], str]] = {
                "apkg": (lambda: _anki_write(rows, root / "base.apkg"), "anki"),
                "tsv": (lambda: _csv_write(table, root / "base.tsv", "\t"), "csv"),
                "csv": (lambda: _csv_write(table, root / "base.csv", ","), "csv"),
                "json": (lambda: json.dumps(data, ensure_ascii=False, indent=2), "json"),
                "yaml": (lambda: yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), "PyYAML"),
                "moodle-xml": (lambda: (root / "base.xml").write_bytes(ET.tostring(same_tree, encoding="utf-8")), "ET"),
                "gift": (lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader), "PyYAML"),
                "html": (lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader), "PyYAML"),
            }
            needed_out = {fmt for fmt in baselines_out if wanted(f"export_{fmt.replace('-', '_')}")}
            needed_out |= {fmt for fmt in ("apkg", "tsv", "csv", "gift") if wanted(f"convert_{fmt}")}
            for fmt, (baseline, peer) in baselines_out.items():
                out = root / f"out{SUFFIX[fmt]}"
                name = f"export_{fmt.replace('-', '_')}"
                if wanted(name):
                    measure(name, lambda fmt=fmt, out=out: export_decks([deck], fmt, out), baseline, peer)
                elif fmt in needed_out:
                    export_decks([deck], fmt, out)

            def convert(path: Path) -> str:
                return dump_yaml(build_deck(read_foreign(path)).data)

            for fmt in ("apkg", "tsv", "csv", "gift"):
                name = f"convert_{fmt}"
                if not wanted(name):
                    continue
                path = root / f"out{SUFFIX[fmt]}"
                converted = build_deck(read_foreign(path)).data  # the deck ours writes, for the library to write too
                emit = lambda converted=converted: yaml.dump(converted, Dumper=yaml.CSafeDumper,  # noqa: E731
                                                             allow_unicode=True, sort_keys=False)
                readers: dict[str, Callable[[], object]] = {
                    "apkg": lambda path=path: _anki_read(path),
                    "tsv": lambda path=path: list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""),
                                                             delimiter="\t")),
                    "csv": lambda path=path: list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))),
                    "gift": lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader),
                }
                read = readers[fmt]
                measure(name, lambda path=path: convert(path), lambda read=read, emit=emit: (read(), emit()),
                        "anki+yaml" if fmt == "apkg" else "PyYAML" if fmt == "gift" else "csv+yaml")

        if wanted("import_apkg_with_history"):
            history = root / "history.apkg"
            _history_package(history, args.notes, args.reviews)
            empty = root / "empty.db"
            Store.open(str(empty)).close()  # the schema made once: an import goes into an existing database
            counter = iter(range(1000))
            opened: list[Store] = []

            def open_empty() -> None:  # a database opened before the clock starts, as the command has it
                opened.append(Store.open(str(fresh_copy(empty, root, f"import-{next(counter)}.db"))))

            def ours_import() -> None:
                db = opened.pop()
                Collection(db).import_anki(history, learner="bench", keep_in=root / "kept")
                db.close()

            measure("import_apkg_with_history", ours_import, lambda: _anki_read(history), "anki", setup=open_empty)
    if results:
        print("\nsummary (median ratio, min-max of the per-pair ratios):")
        for name, median, low, high in results:
            print(f"  {name:28s} {median:5.2f}x  ({low:.2f}-{high:.2f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
