"""Import and lint speed on a generated 10,000-card deck, as ratios to parsing the same file
with PyYAML's C safe loader (measured in the same run).

Goals: import <= 3x the parse, re-import unchanged <= 1.5x, lint <= 2x.
Run: python bench/bench_import.py
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import median_time, target
from quizapp.decks.lint import lint
from quizapp.decks.sourcetext import document
from quizapp.store.database import Store
from quizapp.store.importer import import_paths

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


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = generate(folder)
        print(f"deck: {path.stat().st_size / 1e6:.1f} MB, 10,000 cards")
        data = path.read_bytes()
        parse = median_time(lambda: yaml.load(data, Loader=yaml.CSafeLoader))
        lint_time = median_time(lambda: lint([path]))
        counter = iter(range(100))

        def fresh_store() -> None:
            global store
            store = Store.open(str(folder / f"db{next(counter)}.sqlite"))

        first = median_time(lambda: import_paths(store, [str(path)]), setup=fresh_store)
        again = median_time(lambda: import_paths(store, [str(path)]))
        print(f"parse (yaml CSafeLoader): {parse * 1000:.0f} ms median")
        print(
            f"lint: {lint_time * 1000:.0f} ms; import into an empty database: {first * 1000:.0f} ms; "
            f"re-import unchanged: {again * 1000:.0f} ms"
        )
        results = [
            target("import_vs_parse", first / parse, 3.0),
            target("reimport_unchanged_vs_parse", again / parse, 1.5),
            target("lint_vs_parse", lint_time / parse, 2.0),
        ]
    return 0 if all(results) else 1


store: Store

if __name__ == "__main__":
    sys.exit(main())
