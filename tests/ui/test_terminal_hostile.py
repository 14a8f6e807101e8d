"""The real app in a real terminal (tmux) on a database full of escape sequences: the window title,
the clipboard and the screen stay as they were."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.builders import hostile_database

TMUX = shutil.which("tmux")
QUIZAPP = Path(sys.executable).parent / "quizapp"


class Tmux:
    """A private tmux server (its own socket) running one command, with OSC 52 clipboard writes
    and window titles honoured, so an escape sequence that got through would show."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        assert TMUX is not None
        self.base = [TMUX, "-L", f"quizapp-hostile-{uuid.uuid4().hex[:8]}"]
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run([*self.base, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "100", "-y", "30",
                        f"env {exports} {command}"], check=True)
        subprocess.run([*self.base, "set", "-g", "set-clipboard", "on"], check=True)
        subprocess.run([*self.base, "set", "-g", "allow-rename", "on"], check=True)

    def tmux(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, *, gone: str = "", timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown and not (gone and gone in shown):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed; the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_escape_sequences_in_the_database_have_no_effect_on_a_real_terminal(tmp_path: Path) -> None:
    db = hostile_database(tmp_path / "evil.db", tmp_path / "decks")
    env = {"QUIZAPP_DATA_DIR": str(tmp_path / "data"), "QUIZAPP_DB": str(db), "QUIZAPP_PROFILE": "ada",
           "TERM": "xterm-256color", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    term = Tmux(str(QUIZAPP), env)
    try:
        title = term.tmux("display", "-p", "-t", "t", "#{pane_title}")
        home = term.wait_for("All decks")
        assert "Deck ␛]52;c;aGk=␇" in home  # the deck title, its escapes shown
        term.keys("r")
        term.wait_for("Title ␛]52;c;aGk=␇␛]2;pwned␇␛[2J")  # the source, in the reader
        term.keys("Escape")
        term.wait_for("All decks", gone="Title ␛")
        term.keys("s")
        term.wait_for("Due in the next 30 days", gone="All decks")
        term.keys("Escape")
        term.wait_for("All decks", gone="Due in the next")
        term.keys("Enter")
        term.wait_for("␛]2;pwned", gone="All decks")  # a card whose every field carries escapes
        time.sleep(0.5)
        assert term.tmux("display", "-p", "-t", "t", "#{pane_title}") == title  # OSC 2 did not retitle
        assert "pwned" not in term.tmux("display", "-p", "-t", "t", "#{window_name}")
        assert term.tmux("list-buffers") == ""  # OSC 52 wrote no clipboard
        assert "quizapp" in term.screen()  # CSI 2J did not clear the screen under the app
    finally:
        term.close()
