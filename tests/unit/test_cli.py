"""The command line as a user meets it: lint output, exit codes, decks, bundled decks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizapp.cli.main import main
from tests.helpers import DECKS, EXAMPLE, REPO, example_deck, write_deck


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_lint_clean_deck(tmp_path: Path) -> None:
    code, out = run("lint", "--strict", str(EXAMPLE))
    assert code == 0
    assert out.strip() == "1 file, 8 cards checked: 0 errors, 0 warnings"


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    data = example_deck()
    del data["cards"][0]["explanation"]
    path = write_deck(tmp_path, data)
    code, out = run("lint", str(path))
    assert code == 0
    assert f"{path}:9:3: warning: card 'samsung-site' has no explanation" in out
    assert run("lint", "--strict", str(path))[0] == 1


def test_lint_walks_folders_and_checks_deck_ids_across_files(tmp_path: Path) -> None:
    write_deck(tmp_path / "a", example_deck())
    write_deck(tmp_path / "b" / "nested", example_deck())
    (tmp_path / "notes.txt").write_text("not a deck")
    code, out = run("lint", str(tmp_path))
    assert code == 1
    assert "2 files, 16 cards checked: 1 error, 4 warnings" in out
    assert "deck id 'example-every-type' is already used by" in out
    # The copies' cards repeat each other across the files.
    assert "repeats card 'buildup-sum' (" in out


def test_lint_of_nothing_is_an_error(tmp_path: Path) -> None:
    code, out = run("lint", str(tmp_path))
    assert code == 1
    assert out.strip() == f"quizapp: error: no deck files (*.yaml, *.yml) found in {tmp_path}"


def test_lint_of_a_missing_file(tmp_path: Path) -> None:
    code, out = run("lint", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert f"{tmp_path / 'nope.yaml'}:1:1: error: file not found" in out


def test_bundled_decks_lint_clean_and_strict() -> None:
    code, out = run("lint", "--strict", str(DECKS))
    assert code == 0, out


def test_first_use_imports_the_bundled_decks_once() -> None:
    code, out = run("decks", "--json")
    assert code == 0, out
    decks = json.loads(out)["decks"]
    bundled = {yaml.safe_load(path.read_text(encoding="utf-8"))["deck"] for path in DECKS.glob("*.yaml")}
    assert {d["slug"] for d in decks} == bundled
    # Everything is new: each deck offers today's whole new-item limit (20), or all its items.
    assert all((d["new"], d["learning"], d["due"]) == (min(20, d["items"]), 0, 0) for d in decks), decks
    again = json.loads(run("decks", "--json")[1])["decks"]
    assert [d["cards"] for d in again] == [d["cards"] for d in decks]


def test_decks_table_has_a_total_row(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert run("--db", db, "import", str(EXAMPLE))[0] == 0
    code, out = run("--db", db, "--profile", "ada", "decks")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["deck", "title", "cards", "items", "new", "learning", "due"]
    assert lines[2].split()[0] == "example-every-type"
    assert lines[-3].split() == ["total", "8", "10", "10", "0", "0"]
    assert lines[-2] == "learner: ada (has not studied in this database yet)"  # read-only: ada is not created
    assert lines[-1] == "new today: 20 of 20 left, shared by all decks"


def test_import_of_nothing_and_of_broken_yaml(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("quizapp: 1\ndeck: [\n")
    code, out = run("--db", str(tmp_path / "x.db"), "import", str(tmp_path / "bad.yaml"))
    assert code == 1
    assert "bad.yaml:3:1: error: YAML syntax error" in out
    assert out.strip().splitlines()[-1] == "quizapp: error: nothing imported: 1 error in the decks"


def test_python_dash_m_works() -> None:
    out = subprocess.run([sys.executable, "-m", "quizapp", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("quizapp, version")


@pytest.mark.parametrize(
    "command",
    [
        ["lint", str(EXAMPLE)],
        ["import", str(EXAMPLE)],
        ["decks"],
        ["decks", "--json"],
        ["optimize"],
        ["stats"],
        ["stats", "--json"],
        ["coverage", str(EXAMPLE)],
        ["report"],
        ["report", "--csv"],
        ["schema"],
        ["report", "--json"],
        ["learners"],
        ["serve", "--help"],
    ],
)
def test_headless_commands_never_import_textual(command: list[str], tmp_path: Path) -> None:
    # The learner exists first: read-only commands never create one.
    script = (
        "import sys\n"
        "from quizapp.cli.main import main\n"
        "main(['learners', 'add', '--no-password', 'probe'], standalone_mode=False)\n"
        "try:\n"
        f"    main(['--profile', 'probe', *{command!r}], standalone_mode=False)\n"
        "finally:\n"
        "    assert 'textual' not in sys.modules, 'textual was imported'\n"
        "    assert 'quizapp.ui' not in sys.modules\n"
    )
    env = {"QUIZAPP_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_the_wheel_ships_the_bundled_decks(tmp_path: Path) -> None:
    """A plain `pip install .` (not only an editable one) must carry the decks."""
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("quizapp-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {p.name for p in DECKS.iterdir()}
    assert {f"quizapp/bundled_decks/{name}" for name in bundled} <= names
    assert "quizapp/store/migrations/versions/0001_initial_schema.py" in names
    assert "quizapp/store/schema.sql" in names  # a new database is made from it


@pytest.mark.parametrize("command", ["lint", "import", "decks", "optimize", "stats", "coverage", "report"])
def test_every_command_lists_db_and_profile_in_its_help(command: str) -> None:
    code, out = run(command, "--help")
    assert code == 0 and "--db PATH|URL" in out and "--profile NAME" in out


def test_db_and_profile_work_before_or_after_the_command(tmp_path: Path) -> None:
    db = str(tmp_path / "where.db")
    assert run("decks", "--profile", "amy", "--db", db)[1].count("learner: amy") == 1
    assert "learner: bob" in run("--profile", "bob", "--db", db, "decks")[1]
    assert "learner: cy" in run("--profile", "bob", "decks", "--profile", "cy", "--db", db)[1]  # the later one wins
    code, out = run("decks", "--json", "--db", db, "--profile", "amy")
    assert code == 0 and json.loads(out)["learner"] == "amy"
    assert (tmp_path / "where.db").exists()


def test_decks_total_is_capped_by_the_shared_new_limit(tmp_path: Path) -> None:
    assert run("--db", str(tmp_path / "c.db"), "import", "--bundled")[0] == 0
    code, out = run("--db", str(tmp_path / "c.db"), "decks")
    assert code == 0
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert total.split()[3] == "20"  # not 20 per deck
    assert "new today: 20 of 20 left, shared by all decks" in out


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    # `quizapp schema | head -1`: the reader has gone before the output is written; the rest of
    # the output has nowhere to go, which is no error worth a message.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        writer = subprocess.run(
            [sys.executable, "-m", "quizapp", "schema"], stdout=write_end, stderr=subprocess.PIPE,
            text=True, cwd=tmp_path, timeout=60,
        )
    finally:
        os.close(write_end)
    assert writer.stderr == ""
    assert writer.returncode == 1


def test_a_missing_library_is_one_line_that_says_how_to_mend_it(tmp_path: Path) -> None:
    # quizapp run without its libraries installed (python -m quizapp from a bare checkout): one
    # line that names the library and the fix, even when the error log's folder cannot be found.
    script = (
        "import sys; sys.modules['rapidfuzz'] = None; sys.modules['platformdirs'] = None; "
        "sys.argv = ['quizapp', 'lint', 'decks']; from quizapp.entry import main; main()"
    )
    env = {k: v for k, v in os.environ.items() if k != "QUIZAPP_DATA_DIR"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "rapidfuzz" in line and "pip install" in line, line
