"""The screens a learner opens read SQLite through the driver alone (issue 15): loading
SQLAlchemy costs about 0.3 s, which browse, the source reader and statistics used to pay on
their first read. A fresh process opens a migrated file and does what those screens do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quizapp.store.database import Store
from quizapp.store.importer import ensure_bundled
from tests.helpers import profile

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from quizapp.opening import open_learning
from quizapp.progress.browse import Filters

learning = open_learning(sys.argv[1], "lean")
page = learning.browse_page(Filters(), "deck", False, limit=100)
assert len(page.rows) == 100, len(page.rows)
assert learning.browse_count(Filters(search="samsung"), 1001) > 0
first, found = learning.browse_search(Filters(search="samsung"), "deck", False, 100, 1001)
assert first.rows and found == len(first.rows)
assert learning.browse_total() > 100
decks, tags = learning.browse_choices()
assert decks and tags
item = page.rows[0].item_id
assert learning.detail(item).view.card is not None
learning.set_flags([item], flagged=True)
learning.reset([item])
text = learning.reading()
assert "Samsung" in text.text
learning.mastery(text)
learning.statistics()
session = learning.study()
studied = session.next()
assert studied is not None
session.answer(studied, 3, 1000)
learning.close()
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic"))
assert not loaded, loaded
"""


def run_fresh(script: str, tmp_path: Path) -> None:
    """Run `script` in a fresh process on a migrated file with the bundled decks; it must pass."""
    db = tmp_path / "lean.db"
    store = Store.open(str(db))
    try:
        ensure_bundled(store)
    finally:
        store.close()
    result = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, text=True, cwd=REPO,
                            env={"QUIZAPP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_browse_reader_statistics_and_answers_never_load_sqlalchemy(tmp_path: Path) -> None:
    run_fresh(SCRIPT, tmp_path)


STUDY_SCRIPT = """
import sys
from quizapp.opening import open_learning

learning = open_learning(sys.argv[1], "lean")
session = learning.study()
studied = session.next()
assert studied is not None
session.answer(studied, 3, 1000)
learning.close()
loaded = sorted(name for name in sys.modules
                if name.startswith(("quizapp.progress", "quizapp.practice.quiz", "quizapp.practice.cram")))
assert not loaded, loaded
"""


def test_the_way_to_the_first_study_item_imports_only_what_studying_needs(tmp_path: Path) -> None:
    """Browse, the reader, statistics, quizzes, cramming and the class report are imported when
    first used: the app opens the learner's door on its way to the first study item, and importing
    them cost 50-80 ms of that wait (issue 15)."""
    run_fresh(STUDY_SCRIPT, tmp_path)


FIRST_VIEW_SCRIPT = """
import sys
from quizapp.opening import first_view

view = first_view(sys.argv[1], "lean")
assert view is not None and view.overview.decks
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("sqlalchemy", "sqlmodel", "pydantic", "textual")
                or name in ("quizapp.store.queue", "quizapp.engine.profile", "quizapp.learning"))
assert not loaded, loaded
"""


def test_the_first_view_imports_only_the_counts(tmp_path: Path) -> None:
    """Home's first view, read before the first paint, imports the deck counts but not today's
    queue or the learner's door: each frozen dataclass costs about 1 ms to create on Python 3.11,
    and everything imported here comes before the first frame (issue 15)."""
    db = tmp_path / "lean.db"
    store = Store.open(str(db))
    try:
        ensure_bundled(store)
        profile(store, "lean")
    finally:
        store.close()
    result = subprocess.run([sys.executable, "-c", FIRST_VIEW_SCRIPT, str(db)], capture_output=True, text=True, cwd=REPO,
                            env={"QUIZAPP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
