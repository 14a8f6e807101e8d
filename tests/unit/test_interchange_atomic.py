"""Every way a deck can fail to come in or go out leaves the database byte for byte as it was:
no half-imported deck, no review log without its deck, and no learner profile made for an import
that did not happen."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.store.database import Store
from tests.builders import record_some_answers
from tests.helpers import EXAMPLE, fingerprint

pytest.importorskip("anki.collection")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _learners(db: Path) -> list[str]:
    store = Store.open(str(db))
    try:
        with store.read() as conn:
            return [str(r[0]) for r in conn.exec_driver_sql("SELECT name FROM learner ORDER BY name")]
    finally:
        store.close()


@pytest.fixture
def studied_package(tmp_path: Path) -> Path:
    """The example deck exported to .apkg with ada's schedule and review log."""
    db = tmp_path / "source.db"
    assert run("--db", str(db), "import", str(EXAMPLE))[0] == 0
    store = Store.open(str(db))
    record_some_answers(store, "ada", 4)
    store.close()
    out = tmp_path / "studied.apkg"
    code, _, err = run("--db", str(db), "export", "example-every-type", "--to", "apkg", "-o", str(out), "--learner", "ada")
    assert code == 0, err
    return out


@pytest.fixture
def existing_db(tmp_path: Path) -> Path:
    """A database with a deck and a learner who has answered some of it."""
    db = tmp_path / "q.db"
    assert run("--db", str(db), "import", str(EXAMPLE))[0] == 0
    store = Store.open(str(db))
    record_some_answers(store, "ada", 2)
    store.close()
    return db


def _corrupt_packages(tmp_path: Path, good: Path) -> dict[str, Path]:
    truncated = tmp_path / "truncated.apkg"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    not_zip = tmp_path / "not-zip.apkg"
    not_zip.write_text("term\tdefinition\n", encoding="utf-8")
    garbage = tmp_path / "garbage-collection.apkg"  # a zip whose collection is not a database
    with zipfile.ZipFile(garbage, "w") as z:
        z.writestr("collection.anki21", b"this is not SQLite" * 100)
    empty = tmp_path / "empty.apkg"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("media", b"{}")
    return {"truncated": truncated, "not a zip": not_zip, "bad collection": garbage, "no collection": empty}


def test_a_failed_history_import_creates_no_learner(tmp_path: Path, existing_db: Path, studied_package: Path) -> None:
    """Regression: `import BAD.apkg --with-history` for a new profile left that profile behind."""
    before = fingerprint(existing_db)
    for name, package in _corrupt_packages(tmp_path, studied_package).items():
        code, _, err = run("--db", str(existing_db), "--profile", "newbie", "import", str(package), "--with-history")
        assert code == 1, (name, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (name, err)
        assert fingerprint(existing_db) == before, name
    assert _learners(existing_db) == ["ada"]


def test_an_import_that_fails_half_way_leaves_the_database_as_it_was(existing_db: Path, studied_package: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The deck is in and the review log half written when the import fails: all of it is undone,
    the new learner included."""
    from quizapp.store import history

    written = history.add_history

    def fail_after_writing(conn: object, *args: object) -> None:
        written(conn, *args)  # type: ignore[arg-type]
        raise OSError("disk I/O error")

    monkeypatch.setattr(history, "add_history", fail_after_writing)
    before = fingerprint(existing_db)
    code, _, err = run("--db", str(existing_db), "--profile", "newbie", "import", str(studied_package), "--with-history")
    assert code == 1 and "disk I/O error" in err and "Traceback" not in err, err
    assert fingerprint(existing_db) == before
    assert _learners(existing_db) == ["ada"]


def test_a_history_import_for_an_unusable_profile_name_changes_nothing(existing_db: Path, studied_package: Path) -> None:
    before = fingerprint(existing_db)
    code, _, err = run("--db", str(existing_db), "--profile", "bad\x1b[31mname", "import", str(studied_package),
                       "--with-history")
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert fingerprint(existing_db) == before


def test_a_repeated_history_import_changes_nothing(existing_db: Path, studied_package: Path) -> None:
    code, _, err = run("--db", str(existing_db), "--profile", "newbie", "import", str(studied_package), "--with-history")
    assert code == 0, err
    before = fingerprint(existing_db)
    code, _, err = run("--db", str(existing_db), "--profile", "newbie", "import", str(studied_package), "--with-history")
    assert code == 1 and "already has reviews" in err, err
    assert fingerprint(existing_db) == before


def test_failed_exports_and_conversions_change_nothing(tmp_path: Path, existing_db: Path, studied_package: Path) -> None:
    before = fingerprint(existing_db)
    db = str(existing_db)
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    failing = [
        ("export", "example-every-type", "--to", "apkg", "-o", str(tmp_path / "o.apkg"), "--learner", "nobody"),
        ("export", "example-every-type", "--to", "tsv", "-o", str(tmp_path / "o.tsv"), "--learner", "ada"),  # no schedule in tsv
        ("export", "no-such-deck", "--to", "csv", "-o", str(tmp_path / "o.csv")),
        ("export", "example-every-type", "--to", "gift", "-o", str(blocked / "o.gift")),  # cannot write there
        ("print", "no-such-deck", "-o", str(tmp_path / "o.html")),
        ("export", "example-every-type", "--to", "yaml", "-o", "-"),  # no file called "-"
        ("print", "example-every-type", "-o", "-"),
        ("convert", str(studied_package), "-o", "-"),
        ("convert", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.yaml")),
        ("import", str(tmp_path / "missing.apkg"), "--with-history"),
        ("import", str(tmp_path / "o.tsv"), "--with-history"),  # history comes only with an Anki package
    ]
    for args in failing:
        code, _, err = run("--db", db, "--profile", "someone-new", *args)
        assert code != 0 and "Traceback" not in err, (args, err)
        assert fingerprint(existing_db) == before, args
    assert not Path("-").exists()
    assert _learners(existing_db) == ["ada"]
