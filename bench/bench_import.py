"""Importing decks: a generated 10,000-card deck of every card type, each card quoting a sentence
of the bundled article, against parsing the same file with PyYAML's C safe loader, measured in the
same run, interleaved (parse, import, import, parse, ...), each import on a fresh copy.

Goals: re-import of the unchanged deck <= 0.5x the parse (issue 15: skip unchanged files by hash
before parsing them); import into an empty database <= 3x; lint <= 2x.
Run: python bench/bench_import.py [--cards 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collection_cache import fresh_copy
from bench.common import OUT, interleave, report_pair, target
from quizapp.decks.lint import lint
from quizapp.decks.sourcetext import document
from quizapp.opening import open_collection

ARTICLE = Path(__file__).resolve().parent.parent / "decks" / "collective-security.txt"


def generate(folder: Path, count: int = 10_000, seed: int = 7) -> Path:
    """A deck of `count` cards of every type, each quoting a sentence of the article."""
    rng = random.Random(seed)
    text = ARTICLE.read_text(encoding="utf-8")
    quotes = [
        s.text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2014", "-")
        for s in document(ARTICLE.name, text).sentences
    ]
    cards = []
    for n in range(count):
        kind = ("basic", "cloze", "choice", "truefalse", "typed", "order", "match")[n % 7]
        card: dict[str, object] = {
            "id": f"card-{n}",
            "type": kind,
            "quote": rng.choice(quotes),
            "explanation": f"Because of sentence {n}.",
            "tags": ["bench"],
        }
        if kind == "basic":
            card |= {"front": f"Question number {n}?", "back": f"Answer {n}", "reverse": n % 2 == 0}
        elif kind == "cloze":
            card["text"] = f"Fact {{{{c1::number {n}}}}} follows {{{{c2::fact {n - 1}::a hint}}}}."
        elif kind == "choice":
            card |= {"question": f"Which is {n}?", "choices": [f"{n}", f"{n + 1}", f"{n + 2}", f"{n + 3}"], "answer": f"{n}"}
        elif kind == "truefalse":
            card |= {"statement": f"{n} is even.", "answer": n % 2 == 0}
        elif kind == "typed":
            card |= {"question": f"Type {n}.", "answer": f"{n}", "accept": [f"number {n}"]}
        elif kind == "order":
            card |= {"question": "Order these.", "items": [f"{n}a", f"{n}b", f"{n}c", f"{n}d"]}
        else:
            card |= {"question": "Match these.", "pairs": {f"L{n}a": f"R{n}a", f"L{n}b": f"R{n}b", f"L{n}c": f"R{n}c"}}
        cards.append(card)
    shutil.copyfile(ARTICLE, folder / ARTICLE.name)  # a deck reads its source only from its own folder
    deck = {"quizapp": 1, "deck": "bench", "title": "Benchmark deck", "source": ARTICLE.name, "tags": ["bench"], "cards": cards}
    path = folder / "bench.yaml"
    path.write_text(yaml.safe_dump(deck, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return path


def timed(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def import_into(db: Path, deck: Path) -> float:
    """Seconds to import `deck` into the database at `db` (opened before, closed after the clock)."""
    collection = open_collection(str(db), bundled=False)
    try:
        started = time.perf_counter()
        reports, linted = collection.import_paths([str(deck)])
        elapsed = time.perf_counter() - started
    finally:
        collection.close()
    assert reports, f"the benchmark deck did not import: {[str(d) for d in linted]}"
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description="Import and lint against parsing the same YAML.")
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        folder = Path(tmp)
        deck = generate(folder, args.cards)
        print(f"deck: {deck.stat().st_size / 1e6:.1f} MB, {args.cards:,} cards; {args.runs} interleaved repetitions")
        data = deck.read_bytes()

        def parse(_: int) -> float:
            return timed(lambda: yaml.load(data, Loader=yaml.CSafeLoader))

        empty = folder / "empty.db"
        open_collection(str(empty), bundled=False).close()
        imported = folder / "imported.db"
        fresh_copy(empty, folder, imported.name)
        import_into(imported, deck)
        work = folder / "work"
        work.mkdir()

        def first_import(_: int) -> float:
            return import_into(fresh_copy(empty, work, "rep.db"), deck)

        def reimport(_: int) -> float:
            return import_into(fresh_copy(imported, work, "rep.db"), deck)

        # The same deck with every card edited (its explanation and wording), re-imported from
        # its own file: each card is updated in place, its history kept.
        edited_data = (data.decode("utf-8").replace("\n  explanation: ", "\n  explanation: Edited. ")
                       .replace("\n  front: ", "\n  front: Edited ").replace("\n  question: ", "\n  question: Edited ")
                       .encode("utf-8"))

        def reimport_edited(_: int) -> float:
            db = fresh_copy(imported, work, "rep.db")
            deck.write_bytes(edited_data)
            try:
                return import_into(db, deck)
            finally:
                deck.write_bytes(data)

        def parse_edited(_: int) -> float:
            return timed(lambda: yaml.load(edited_data, Loader=yaml.CSafeLoader))

        def linting(_: int) -> float:
            return timed(lambda: lint([str(deck)]))

        again, parsed_a = interleave(args.runs, reimport, parse)
        changed, parsed_d = interleave(args.runs, reimport_edited, parse_edited)
        first, parsed_b = interleave(args.runs, first_import, parse)
        linted, parsed_c = interleave(args.runs, linting, parse)
    print()
    reimport_ratio = report_pair("re-import unchanged vs parse", again, parsed_a, "parse")
    import_ratio = report_pair("import into an empty database vs parse", first, parsed_b, "parse")
    edited_ratio = report_pair("re-import with every card edited vs parse", changed, parsed_d, "parse")
    lint_ratio = report_pair("lint vs parse", linted, parsed_c, "parse")
    results = [
        target("reimport_unchanged_vs_parse", reimport_ratio.median, 0.5),
        target("import_vs_parse", import_ratio.median, 3.0),
        target("reimport_edited_vs_parse", edited_ratio.median, 3.0),  # an import's goal: it rewrites every card
        target("lint_vs_parse", lint_ratio.median, 2.0),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
