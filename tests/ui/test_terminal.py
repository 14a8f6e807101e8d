"""End to end in a real terminal: the installed `quizapp` under tmux, driven by keystrokes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

TMUX = shutil.which("tmux") or "tmux"  # absent: the tests below are skipped
HAVE_TMUX = shutil.which("tmux") is not None
QUIZAPP = Path(sys.executable).parent / "quizapp"


class Terminal:
    """A tmux session running one command, on a tmux server of its own: on the shared default
    server, one test's last session closing could take the server down while another test's
    session was starting (new-session then fails)."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.name = f"quizapp-test-{uuid.uuid4().hex[:8]}"
        self.base = [TMUX, "-L", self.name]
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(
            [*self.base, "-f", "/dev/null", "new-session", "-d", "-s", self.name, "-x", "100", "-y", "30",
             f"env {exports} {command}"],
            check=True,
        )

    def screen(self) -> str:
        result = subprocess.run([*self.base, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return str(result.stdout)

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.base, "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, check: Callable[[str], bool], timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"timed out; the screen shows:\n{self.screen()}")

    def alive(self) -> bool:
        return subprocess.run([*self.base, "has-session", "-t", self.name], capture_output=True).returncode == 0

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


def near_day_end() -> bool:
    """True when learning items answered now fall due after the study day ends (4 AM local by
    default), so the deck list counts them tomorrow. Within two minutes of the end, waits for the
    new day first: a test across the change would see today's answers reset."""
    from quizapp.engine.settings import Settings
    from quizapp.engine.studyday import DayClock

    settings = Settings()
    clock = DayClock(settings.zone(), settings.day_starts_at)
    left = clock.day_of(int(time.time())).end - time.time()
    if left < 120:
        time.sleep(left + 1)
        left = clock.day_of(int(time.time())).end - time.time()
    return left < 15 * 60


def home_ready(screen: str) -> bool:
    """The deck table has its counts (the footer also says "All decks", so look for numbers)."""
    return re.search(r"All decks\s+\d+\s+\d+", screen) is not None


def first_deck_counts(screen: str) -> tuple[int, int, int, int]:
    """Cards, new, learning and due of the first deck row."""
    for line in screen.splitlines():
        match = re.match(r"^\s+(?!Deck\b)(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", line)
        if match:
            return int(match[2]), int(match[3]), int(match[4]), int(match[5])
    raise AssertionError(f"no deck row on:\n{screen}")


ANSWERS = [
    ("Recall the answer", ["Space"]),
    ("Press the number of your answer", ["1"]),
    ("Select all that apply: press", ["1", "Enter"]),
    ("t  True", ["t"]),
    ("Type your answer", ["x", "Enter"]),
    ("Put these in order", ["Enter", "Enter"]),  # unchanged: enter twice
    ("Press a number, then the letter", [*(k for pair in zip("12345678", "abcdefgh", strict=True) for k in pair), "Enter"]),
]


@pytest.mark.skipif(not HAVE_TMUX, reason="tmux is not installed (.ci/run installs it)")
def test_study_three_items_quit_and_relaunch(tmp_path: Path) -> None:
    assert QUIZAPP.exists(), "quizapp is not installed in this environment"
    late = near_day_end()
    env = {
        "QUIZAPP_DATA_DIR": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "QUIZAPP_PROFILE": "e2e",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    term = Terminal(str(QUIZAPP), env)
    try:
        home = term.wait_for(home_ready)
        cards, new, learning, due = first_deck_counts(home)
        assert (learning, due) == (0, 0) and 3 < new <= 20  # a deck's new items, up to the daily limit
        term.keys("Enter")
        for n in range(3):
            screen = term.wait_for(lambda s: any(hint in s for hint, _ in ANSWERS) and "1 Again" not in s)
            keys = next(k for hint, k in ANSWERS if hint in screen)
            time.sleep(0.5)  # a card takes keys a moment after it is painted (the key guard)
            term.keys(*keys)
            term.wait_for(lambda s: "1 Again" in s)
            time.sleep(0.5)
            term.keys("3")
            term.wait_for(lambda s, done=n + 1: f"Done {done} " in s)  # type: ignore[misc]
        term.keys("Escape")
        term.wait_for(home_ready)
        term.keys("q")
        deadline = time.monotonic() + 10
        while term.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not term.alive(), "quizapp did not quit on q"
    finally:
        term.close()
    again = Terminal(str(QUIZAPP), env)
    try:
        home = again.wait_for(lambda s: home_ready(s) and "Today: 3 answers" in s)
        cards_after, new_after, learning_after, due_after = first_deck_counts(home)
        assert cards_after == cards
        assert new_after <= new - 3 and due_after == 0
        # Rated Good, each is a learning item due in 10 minutes: counted today unless that falls
        # after the study day's end.
        assert learning_after == 3 or (late and learning_after < 3)
    finally:
        again.close()


@pytest.mark.skipif(not HAVE_TMUX, reason="tmux is not installed (.ci/run installs it)")
def test_an_editor_that_is_not_there_leaves_the_app_working(tmp_path: Path) -> None:
    # `e` hands the terminal to $EDITOR; when it cannot be started the app takes the terminal
    # back and says why (a failure inside Textual's suspend() would leave it blank and deaf).
    env = {
        "QUIZAPP_DATA_DIR": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "EDITOR": "no-such-editor-here",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    term = Terminal(str(QUIZAPP), env)
    try:
        term.wait_for(home_ready)
        term.keys("b")
        term.wait_for(lambda s: "quizapp — Browse" in s and "Prompt:" in s)
        term.keys("e")
        # The notice wraps beside the card's details, as the terminal's width has it.
        screen = term.wait_for(lambda s: "'no-such-editor-here'" in s)
        assert "The editor" in screen and "$EDITOR" in screen
        term.keys("Escape")
        term.wait_for(home_ready)
    finally:
        term.close()
