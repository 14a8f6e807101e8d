"""Decks in and out at scale, each path as a ratio to its format's library alone doing the same
reading or writing (measured in the same run). Goal: every ratio <= 3x.

- export: a 10,000-card deck (read from the database once, in neutral form) written in every
  format, against the library writing the same content already rendered (anki: notes added and
  the package exported; csv: the rows; json/yaml: the mapping dumped; moodle-xml: ElementTree
  serialising the same document). GIFT and HTML have no library: their baseline is PyYAML's C
  parser reading the deck, the cost of the data itself.
- convert: each exported file back to a YAML deck, against the library reading the file and
  PyYAML's C emitter writing the same deck (anki: Anki importing the package into an empty
  collection).
- import: a 10,000-note .apkg with 100,000 reviews into the database with --with-history,
  against Anki importing the same package into an empty collection.

Run: python bench/bench_interchange.py
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_import import generate
from bench.common import median_time, target
from quizapp.collection import Collection
from quizapp.interchange import read_foreign
from quizapp.interchange.building import build_deck, dump_yaml
from quizapp.interchange.deckjson import deck_data
from quizapp.interchange.exporting import export_decks
from quizapp.interchange.moodle_xml import question
from quizapp.interchange.outgoing import from_stored
from quizapp.store.catalog import load_deck
from quizapp.store.database import Store
from quizapp.store.importer import import_paths

GOAL = 3.0
SUFFIX = {"apkg": ".apkg", "tsv": ".tsv", "csv": ".csv", "gift": ".gift", "moodle-xml": ".xml", "json": ".json",
          "yaml": ".yaml", "html": ".html"}


def _csv_write(rows: list[tuple[str, str]], path: Path, delimiter: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)


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
        col.db.all("SELECT id, mid, flds, tags FROM notes")  # type: ignore[union-attr]
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


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "decks").mkdir()
        deck_file = generate(root / "decks")
        store = Store.open(str(root / "bench.db"))
        import_paths(store, [str(deck_file)])
        slug = yaml.safe_load(deck_file.read_text(encoding="utf-8"))["deck"]
        deck = from_stored(load_deck(store, slug))
        data = deck_data(deck)
        rows = [(card.front, card.back) for card in deck.cards]
        yaml_text = deck_file.read_text(encoding="utf-8")
        parse = median_time(lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader), runs=3)
        load = median_time(lambda: from_stored(load_deck(store, slug)), runs=3)
        print(f"10,000-card deck: {len(deck.cards)} cards; PyYAML C parse {parse * 1000:.0f} ms; "
              f"read from the database in neutral form {load * 1000:.0f} ms (not in the export figures)")

        same_tree = ET.Element("quiz")  # the document our exporter writes, built beforehand
        for card in deck.cards:
            same_tree.append(question(card, deck))

        baselines_out = {
            "apkg": lambda: _anki_write(rows, root / "base.apkg"),
            "tsv": lambda: _csv_write(rows, root / "base.tsv", "\t"),
            "csv": lambda: _csv_write(rows, root / "base.csv", ","),
            "json": lambda: json.dumps(data, ensure_ascii=False, indent=2),
            "yaml": lambda: yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False),
            "moodle-xml": lambda: (root / "base.xml").write_bytes(ET.tostring(same_tree, encoding="utf-8")),
            "gift": lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader),
            "html": lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader),
        }
        runs = {"apkg": 3}
        for fmt, baseline in baselines_out.items():
            out = root / f"out{SUFFIX[fmt]}"
            ours = median_time(lambda fmt=fmt, out=out: export_decks([deck], fmt, out), runs=runs.get(fmt, 5))
            base = median_time(baseline, runs=runs.get(fmt, 5))
            print(f"export {fmt:10s} ours {ours * 1000:7.0f} ms   library {base * 1000:7.0f} ms")
            ok &= target(f"export_{fmt.replace('-', '_')}_vs_library", ours / base, GOAL)
        baselines_in = {
            "apkg": lambda: _anki_read(root / "out.apkg"),
            "tsv": lambda: (list(csv.reader(io.StringIO((root / "out.tsv").read_text(encoding="utf-8")), delimiter="\t")),
                            dump_yaml(data)),
            "csv": lambda: (list(csv.reader(io.StringIO((root / "out.csv").read_text(encoding="utf-8")))), dump_yaml(data)),
            "gift": lambda: (yaml.load(yaml_text, Loader=yaml.CSafeLoader), dump_yaml(data)),
        }
        for fmt, baseline in baselines_in.items():
            path = root / f"out{SUFFIX[fmt]}"
            ours = median_time(lambda path=path: dump_yaml(build_deck(read_foreign(path)).data), runs=runs.get(fmt, 3))
            base = median_time(baseline, runs=runs.get(fmt, 3))
            print(f"convert {fmt:9s} ours {ours * 1000:7.0f} ms   library {base * 1000:7.0f} ms")
            ok &= target(f"convert_{fmt}_vs_library", ours / base, GOAL)
        store.close()

        history = root / "history.apkg"
        _history_package(history)
        counter = iter(range(100))

        def ours_import() -> None:
            db = Store.open(str(root / f"import-{next(counter)}.db"))
            Collection(db).import_anki(history, learner="bench", keep_in=root / "kept")
            db.close()

        ours = median_time(ours_import, runs=3)
        base = median_time(lambda: _anki_read(history), runs=3)
        print(f"import 10,000 notes + 100,000 reviews: ours {ours:.2f} s   Anki alone {base:.2f} s")
        ok &= target("import_apkg_with_history_vs_anki", ours / base, GOAL)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
