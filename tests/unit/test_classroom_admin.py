"""Managing a class: passwords and sign-in (slow hashes, wrong passwords slowed down), learners
added, renamed, re-passworded and removed, decks retired and purged, and the bundled-deck rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from quizapp.cli.main import main
from quizapp.collection import Collection
from quizapp.engine import passwords
from quizapp.engine.scheduling import GOOD
from quizapp.errors import SignInError, StoreError
from quizapp.store.database import Store
from tests.helpers import EXAMPLE, FakeClock


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def count(store: Store, table: str, where: str = "true") -> int:
    with store.read() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one())


# -- passwords -------------------------------------------------------------------------------------


def test_hashes_are_salted_slow_and_verified() -> None:
    first, second = passwords.hash_password("correct horse"), passwords.hash_password("correct horse")
    assert first != second and first.startswith("scrypt$16384$8$1$")  # a new salt every time
    assert passwords.verify_password("correct horse", first) and not passwords.verify_password("correct hors", first)
    assert not passwords.verify_password("anything", None) and not passwords.verify_password("x", "md5$abc")
    assert not passwords.verify_password("x" * 1000, first)
    one_time = passwords.one_time_password()
    assert len(one_time) == 19 and one_time.count("-") == 3
    assert passwords.check_new_password("short", "ada") is not None
    assert passwords.check_new_password("Ada", "ada") is not None
    assert passwords.check_new_password("a long passphrase", "ada") is None


def test_wrong_passwords_wait_longer_and_longer() -> None:
    assert [passwords.wait_after(n) for n in range(1, 9)] == [0, 0, 2, 4, 8, 16, 32, 64]
    assert passwords.wait_after(100) == passwords.MAX_WAIT


def test_sign_in_with_a_one_time_password_then_ones_own(store: Store, clock: FakeClock) -> None:
    collection = Collection(store, clock=clock)
    secret = collection.add_learner("ana")
    assert secret is not None
    learning = collection.sign_in("ana", secret)
    assert learning.password_temporary and learning.signed_in and not learning.is_teacher
    with pytest.raises(SignInError, match="at least 8"):
        learning.change_password("short")
    learning.change_password("my own passphrase")
    assert not learning.password_temporary
    with pytest.raises(SignInError, match="wrong name or password"):
        collection.sign_in("ana", secret)  # the one-time password is gone
    again = collection.sign_in("ana", "my own passphrase")
    assert not again.password_temporary
    assert again.profiles() == ["ana"]  # nobody else's name, signed in
    with pytest.raises(PermissionError):
        again.switch("bob")


def test_repeated_wrong_passwords_lock_the_account_for_a_while(store: Store, clock: FakeClock) -> None:
    collection = Collection(store, clock=clock)
    collection.add_learner("ana")
    collection.set_password("ana", "my own passphrase")
    for _ in range(2):
        with pytest.raises(SignInError, match=r"^wrong name or password$"):
            collection.sign_in("ana", "guess")
    with pytest.raises(SignInError, match="wait 2 s"):
        collection.sign_in("ana", "guess")
    # Locked, even with the right password, and for every served session (it is in the database).
    other = Collection(store, clock=clock)
    with pytest.raises(SignInError, match="too many wrong passwords: try again in 2 s"):
        other.sign_in("ana", "my own passphrase")
    clock.advance(2)
    with pytest.raises(SignInError, match="wait 4 s"):
        other.sign_in("ana", "guess")
    clock.advance(4)
    assert other.sign_in("ana", "my own passphrase").name == "ana"  # a right one clears the count
    with pytest.raises(SignInError, match=r"^wrong name or password$"):
        other.sign_in("ana", "guess")
    with pytest.raises(SignInError, match=r"^wrong name or password$"):
        other.sign_in("nobody", "guess")  # the same answer: names cannot be probed


def test_terminal_profiles_have_no_password_and_cannot_sign_in(store: Store, clock: FakeClock) -> None:
    collection = Collection(store, clock=clock)
    collection.learning("me")  # the terminal app: created on first use, no password
    with pytest.raises(SignInError):
        collection.sign_in("me", "")
    assert collection.learning("me").name == "me"


# -- learners ---------------------------------------------------------------------------------------


def test_learners_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "class.db")
    assert run("--db", db, "learners").output.strip() == "No learners yet: quizapp learners add NAME"
    added = run("--db", db, "learners", "add", "ana")
    assert added.exit_code == 0 and added.output.startswith("added student 'ana'\none-time password: ")
    secret = added.output.splitlines()[1].removeprefix("one-time password: ")
    assert run("--db", db, "learners", "add", "tess", "--role", "teacher").exit_code == 0
    duplicate = run("--db", db, "learners", "add", "ana")
    assert duplicate.exit_code == 1 and duplicate.output == "quizapp: error: a learner named 'ana' already exists\n"
    listing = run("--db", db, "learners").output.splitlines()
    assert listing[0].split() == ["name", "role", "password", "last", "active", "items", "seen", "reviews"]
    assert listing[2].split()[:4] == ["ana", "student", "one-time", "never"]
    assert listing[3].split()[:3] == ["tess", "teacher", "one-time"]
    store = Store.open(db)
    try:
        assert Collection(store).sign_in("ana", secret).name == "ana"
        assert run("--db", db, "learners", "rename", "ana", "anna").exit_code == 0
        assert Collection(store).sign_in("anna", secret).name == "anna"
        chosen = run("--db", db, "learners", "set-password", "anna", "--stdin", stdin="a new passphrase\n")
        assert chosen.exit_code == 0 and "a new passphrase" not in chosen.output
        assert Collection(store).sign_in("anna", "a new passphrase").name == "anna"
        reset = run("--db", db, "learners", "set-password", "anna")
        assert reset.output.startswith("one-time password for 'anna': ")
        assert run("--db", db, "learners", "role", "anna", "teacher").exit_code == 0
        assert Collection(store).learning("anna", create=False).is_teacher
    finally:
        store.close()
    missing = run("--db", db, "learners", "rename", "nobody", "x")
    assert missing.exit_code == 1 and missing.output == "quizapp: error: no learner named 'nobody'\n"


def test_removing_a_learner_asks_and_says_what_goes(example_store: Store, clock: FakeClock) -> None:
    collection = Collection(example_store, clock=clock, fuzz=False)
    collection.add_learner("ana")
    session = collection.learning("ana").study()
    for _ in range(3):
        item = session.next()
        assert item is not None
        session.answer(item, GOOD, 2000)
    db = example_store.engine.url.render_as_string(hide_password=False)
    declined = run("--db", db, "learners", "remove", "ana", stdin="n\n")
    assert declined.exit_code == 1 and "Remove 'ana' and all their history: 3 reviews, 3 items studied, 0 quiz attempts?" in (
        declined.output)
    assert count(example_store, "review") == 3  # nothing removed
    removed = run("--db", db, "learners", "remove", "ana", "--yes")
    assert removed.exit_code == 0 and removed.output.startswith("removed 'ana' and all their history: 3 reviews")
    assert count(example_store, "learner") == 0 and count(example_store, "review") == 0
    assert count(example_store, "item_state") == 0 and count(example_store, "review_hour") == 0


def test_names_must_be_printable(store: Store) -> None:
    with pytest.raises(StoreError):
        Collection(store).add_learner("evil\x1b]2;x\x07")


# -- decks ---------------------------------------------------------------------------------------------


def test_a_retired_deck_keeps_its_history_and_comes_back_on_import(example_store: Store, clock: FakeClock) -> None:
    collection = Collection(example_store, clock=clock, fuzz=False)
    session = collection.learning("ana").study()
    item = session.next()
    assert item is not None
    session.answer(item, GOOD, 2000)
    db = example_store.engine.url.render_as_string(hide_password=False)
    retired = run("--db", db, "decks", "remove", "example-every-type")
    assert retired.exit_code == 0 and "1 reviews kept" in retired.output
    assert json.loads(run("--db", db, "--profile", "ana", "decks", "--json").output)["decks"] == []
    assert collection.learning("ana").study().next() is None
    assert count(example_store, "review") == 1
    back = run("--db", db, "import", str(EXAMPLE))
    assert back.exit_code == 0 and "8 restored with their history" in back.output
    decks = json.loads(run("--db", db, "--profile", "ana", "decks", "--json").output)["decks"]
    assert [(d["slug"], d["cards"], d["items"]) for d in decks] == [("example-every-type", 8, 10)]
    assert count(example_store, "item_state", "state != 0") == 1  # ana's studied item, as it was


def test_purging_a_deck_asks_then_deletes_its_history(example_store: Store, clock: FakeClock) -> None:
    collection = Collection(example_store, clock=clock, fuzz=False)
    learning = collection.learning("ana")
    session = learning.study()
    item = session.next()
    assert item is not None
    session.answer(item, GOOD, 2000)
    quiz = learning.quiz(["example-every-type"], 2, seed=1)
    quiz.finish()
    db = example_store.engine.url.render_as_string(hide_password=False)
    declined = run("--db", db, "decks", "remove", "example-every-type", "--purge", stdin="n\n")
    assert declined.exit_code == 1 and count(example_store, "card") == 8
    assert "8 cards and 1 review by 1 learner" in declined.output
    purged = run("--db", db, "decks", "remove", "example-every-type", "--purge", "--yes")
    assert purged.exit_code == 0, purged.output
    for table in ("deck", "card", "item", "item_state", "review", "review_hour", "quiz_attempt", "source"):
        assert count(example_store, table) == 0, table
    assert count(example_store, "learner") == 1  # the learner stays
    gone = run("--db", db, "decks", "remove", "example-every-type")
    assert gone.exit_code == 1 and gone.output == "quizapp: error: no deck 'example-every-type' (see: quizapp decks)\n"


# -- the bundled decks and read-only commands ---------------------------------------------------------


def test_bundled_decks_go_only_into_the_personal_database(tmp_path: Path) -> None:
    class_db = str(tmp_path / "class.db")
    assert json.loads(run("--db", class_db, "decks", "--json").output)["decks"] == []
    assert json.loads(run("decks", "--json").output)["decks"] != []  # the personal default file
    bundled = run("--db", class_db, "import", "--bundled")
    assert bundled.exit_code == 0 and "added" in bundled.output
    assert json.loads(run("--db", class_db, "decks", "--json").output)["decks"] != []
    assert run("--db", class_db, "import").exit_code == 2  # nothing to import: a usage error


@pytest.mark.parametrize("command", [["decks"], ["decks", "--json"], ["report"], ["learners"], ["stats"]])
def test_read_only_commands_never_create_a_learner(command: list[str], tmp_path: Path) -> None:
    db = str(tmp_path / "class.db")
    assert run("--db", db, "import", str(EXAMPLE)).exit_code == 0
    result = run("--db", db, "--profile", "visitor", *command)
    store = Store.open(db)
    try:
        assert count(store, "learner") == 0
    finally:
        store.close()
    if command == ["stats"]:
        assert result.exit_code == 1
        assert result.output == "quizapp: error: no learner named 'visitor' in this database (see: quizapp learners)\n"
    else:
        assert result.exit_code == 0, result.output
