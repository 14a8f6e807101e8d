"""The served app in a real browser: `quizapp serve` on a free local port, driven in headless
Chromium (Debian's package, through Playwright's Python API) with real keystrokes: a student
signs in, studies three cards and signs out; the teacher signs in and reads the Class screen.

The screen is read from the terminal stream the page receives (escape sequences stripped), and
a screenshot of each step is kept in the test's folder (QUIZAPP_SCREENSHOTS names another one).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from quizapp.collection import Collection
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.ui.app import KEY_GUARD
from tests.helpers import example_deck, write_deck

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.slow

# CSI, OSC and the few two-byte escapes Textual writes.
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
STUDENT, TEACHER = ("ana", "ana's passphrase"), ("tess", "tess's passphrase")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def class_db(tmp_path: Path) -> str:
    """A class database: the example deck, a student and a teacher with their own passwords."""
    db = str(tmp_path / "class.db")
    store = Store.open(db)
    try:
        import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
        collection = Collection(store)
        for (name, password), role in ((STUDENT, "student"), (TEACHER, "teacher")):
            collection.add_learner(name, role)
            collection.set_password(name, password)
    finally:
        store.close()
    return db


@pytest.fixture
def server(class_db: str, tmp_path: Path) -> Iterator[str]:
    """`quizapp serve` on a free port (the default host), stopped afterwards."""
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "quizapp", "--db", class_db, "serve", "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "serve.log").read_text()) from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


class Browser:
    """One page of the served app: keys in, the terminal's text out."""

    def __init__(self, page: Any, shots: Path) -> None:
        self.page = page
        self.shots = shots
        self.frames: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: bytes | str) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode())

    def text(self) -> str:
        """Everything the terminal was sent since the last `mark`, escape sequences removed."""
        return ANSI.sub(b"", b"".join(self.frames)).decode("utf-8", "replace")

    def mark(self) -> None:
        self.frames.clear()

    def wait_for(self, *texts: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not all(t in self.text() for t in texts):
            if time.monotonic() > deadline:
                self.shot("timeout")
                raise AssertionError(f"never shown: {texts!r}; last screen text: {self.text()[-1500:]!r}")
            self.page.wait_for_timeout(100)

    def press(self, *keys: str, pause: int = 150) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(pause)

    def reader(self, *keys: str) -> None:
        """Press keys as a reader does: each after a pause longer than the app's key guard."""
        for key in keys:
            self.page.wait_for_timeout(int(KEY_GUARD * 1000) + 250)
            self.press(key)

    def type(self, value: str) -> None:
        self.page.keyboard.type(value, delay=20)
        self.page.wait_for_timeout(150)

    def shot(self, name: str) -> Path:
        self.page.wait_for_timeout(400)  # let the last frame paint
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def sign_in(self, name: str, password: str) -> None:
        # Each step waits for the screen to echo it, so a slow machine cannot reorder the keys.
        self.wait_for("Sign in to study")
        self.page.wait_for_timeout(500)
        self.mark()
        self.type(name)
        self.wait_for(name)
        self.mark()
        self.press("Tab")
        self.type(password)
        self.wait_for("•" * len(password))  # the password field has it, masked
        self.mark()
        self.press("Enter")
        self.wait_for(f"Learner: {name}")


def test_a_class_in_a_real_browser(server: str, class_db: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("no chromium: apt-get install chromium")

    shots = Path(os.environ.get("QUIZAPP_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = chromium.new_page(viewport={"width": 1280, "height": 800})
            browser = Browser(page, shots)
            page.goto(server, wait_until="domcontentloaded")
            assert "class.db" not in page.content()  # the database never reaches the browser
            assert "https://" not in page.content()  # nor does the page fetch anything from a third party
            page.click("#terminal")
            browser.sign_in(*STUDENT)
            browser.shot("1-home")
            browser.mark()
            browser.press("Enter")  # study the highlighted deck
            # Three cards with real keys: a basic card revealed and rated Good, a cloze likewise,
            # then a choice answered with its first option and the suggested rating accepted.
            # Each key waits like a reader: a card takes keys only a moment after it is painted,
            # and a rating a moment after the answer (quizapp.ui.app.KEY_GUARD).
            browser.wait_for("Done 0")
            browser.reader("Space", "3")
            browser.wait_for("Done 1")
            browser.reader("Space", "3")
            browser.wait_for("Done 2")
            browser.reader("1", "Enter")
            browser.shot("2-graded")
            browser.mark()
            browser.reader("Enter")
            browser.wait_for("Done 3")
            browser.shot("3-studied")
            browser.press("Escape")
            browser.mark()
            browser.press("x")  # sign out
            browser.sign_in(*TEACHER)
            browser.mark()
            browser.press("c")
            browser.wait_for("Students by deck", "Hardest cards", "ana")
            browser.shot("4-class")
            assert "class.db" not in browser.text()
        finally:
            chromium.close()
    store = Store.open(class_db)
    try:
        with store.read() as conn:
            rows = conn.execute(text("SELECT l.name, r.rating, r.auto_graded, r.given FROM review AS r "
                                     "JOIN learner AS l ON l.id = r.learner_id ORDER BY r.id")).all()
    finally:
        store.close()
    assert [(name, rating) for name, rating, _auto, _given in rows][:2] == [("ana", 3), ("ana", 3)]
    assert len(rows) == 3 and rows[2][0] == "ana" and bool(rows[2][2])
    assert isinstance(json.loads(rows[2][3]), list)  # the choice picked, kept for the report


def listening(port: int) -> set[str]:
    """The local addresses a TCP port listens on, from the kernel's tables (IPv4 and IPv6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, _remote, state = line.split()[1:4]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]) if len(address) == 8 else address)
    return found


def test_the_server_listens_on_the_loopback_only_and_keeps_the_database_to_itself(server: str, class_db: str) -> None:
    import urllib.request

    port = int(server.rstrip("/").rsplit(":", 1)[1])
    assert listening(port) == {"127.0.0.1"}
    with urllib.request.urlopen(server, timeout=30) as response:
        page = response.read().decode()
    assert "<div>quizapp</div>" in page and "quizapp.serve.session" not in page  # named, without the command
    assert "class.db" not in page and "QUIZAPP_DB" not in page and "https://" not in page
