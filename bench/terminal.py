"""Driving a terminal app as a user would, and reading what it painted and when.

- `Pane`: one tmux server per run (its own `-L` socket, so runs never share or crash a server),
  started before the clock: the command waits on a FIFO, and the clock starts when the benchmark
  opens that gate, so tmux's own start-up is not counted for anyone. `keys()` types,
  `wait()` polls the screen as a user sees it, `settle()` waits until the app has finished
  reacting (screen unchanged and its processes idle).
- `Record`: what bench/launch.py logged inside the app (keys as parsed, frames as written), replayed
  through the pyte terminal emulator, so the exact instant a frame first showed something is known
  without polling: the "in-app" times.
- `tree_memory()`: peak and current resident memory of the app and every process under it
  (/proc/<pid>/status VmHWM and VmRSS), not only of the engine.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAUNCH = HERE / "launch.py"
WIDTH, HEIGHT = 120, 36
TICK = os.sysconf("SC_CLK_TCK")

Screen = Callable[[str], bool]


class AppDied(RuntimeError):
    """The app under test exited or crashed; the message holds its last screen."""


class Pane:
    """A command in a tmux pane of its own tmux server."""

    def __init__(self, command: list[str], env: dict[str, str], *, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.socket = f"qbench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.folder = Path(tempfile.mkdtemp(prefix="qbench-"))
        self.gate = self.folder / "gate"
        os.mkfifo(self.gate)
        self.width, self.height = width, height
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        script = f"read _ < {shlex.quote(str(self.gate))}; exec env {exports} {shlex.join(command)}"
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height), "sh", "-c", script)
        self._tmux("set-option", "-t", "bench", "remain-on-exit", "on")
        self.started = 0.0
        self.pid = 0

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def start(self) -> float:
        """Open the gate: the command starts now. Returns the instant (time.monotonic())."""
        with open(self.gate, "w") as gate:
            self.started = time.monotonic()
            gate.write("go\n")
        self.pid = int(self._tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())
        return self.started

    def screen(self) -> str:
        """The pane's text as a user sees it now."""
        return self._tmux("capture-pane", "-p", "-t", "bench")

    def dead(self) -> bool:
        return self._tmux("display-message", "-p", "-t", "bench", "#{pane_dead}").strip() == "1"

    def keys(self, *keys: str) -> float:
        """Type keys (tmux key names); returns the instant just before they were sent."""
        sent = time.monotonic()
        self._tmux("send-keys", "-t", "bench", *keys)
        return sent

    def type(self, text: str) -> float:
        """Type text literally."""
        sent = time.monotonic()
        self._tmux("send-keys", "-l", "-t", "bench", text)
        return sent

    def wait(self, ready: Screen, timeout: float = 120, what: str = "the screen", poll: float = 0.001) -> tuple[float, str]:
        """Poll until `ready(screen)`; returns (the instant of the first capture that held, the text).

        Each poll runs a tmux client (a few ms of CPU on a machine of two cores): poll slowly
        where only the app's own times matter, so the poller does not slow the app down."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            seen = time.monotonic()
            if ready(text):
                return seen, text
            if seen > deadline or self.dead():
                raise AppDied(f"waiting for {what} ({'died' if self.dead() else 'timed out'}); the screen:\n{text}")
            time.sleep(poll)

    def settle(self, quiet: float = 0.4, timeout: float = 300, poll: float = 0.01) -> tuple[float, str]:
        """Wait until the screen has not changed and the app's processes used (almost) no CPU for
        `quiet` seconds; returns (the instant the last change was seen, the final text). Polls
        every `poll` seconds, as `wait()` does."""
        deadline = time.monotonic() + timeout
        text = self.screen()
        changed = time.monotonic()
        ticks = cpu_ticks(self.pid)
        window_start, window_ticks = changed, ticks
        while True:
            time.sleep(poll)
            now_text = self.screen()
            now = time.monotonic()
            if now_text != text:
                text, changed = now_text, now
                window_start, window_ticks = now, cpu_ticks(self.pid)
                continue
            if now - window_start >= quiet:
                used = cpu_ticks(self.pid) - window_ticks
                if used * (1 / TICK) <= 0.05 * (now - window_start):  # under 5% of one core
                    return changed, text
                window_start, window_ticks = now, cpu_ticks(self.pid)
            if now > deadline or self.dead():
                raise AppDied(f"waiting for the app to settle ({'died' if self.dead() else 'timed out'}); the screen:\n{text}")

    def record(self, path: Path, timeout: float = 10) -> Record:
        """Ask the app's recorder (bench/launch.py) for its log so far, and read it."""
        path.unlink(missing_ok=True)
        os.kill(self.pid, signal.SIGUSR1)
        deadline = time.monotonic() + timeout
        while not path.exists():
            if time.monotonic() > deadline:
                raise AppDied(f"the recorder wrote nothing; the screen:\n{self.screen()}")
            time.sleep(0.01)
        return Record.load(path, self.width, self.height)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        for leftover in self.folder.iterdir():
            leftover.unlink()
        self.folder.rmdir()

    def __enter__(self) -> Pane:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def launcher(record: Path, which: str) -> list[str]:
    """The command that runs quizapp or the minimal app under the recorder."""
    return [sys.executable, str(LAUNCH), str(record), which]


# -- the recorder's log ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """The screen right after one write by the app."""

    at: float
    text: str


@dataclass(frozen=True)
class Record:
    """Keys and frames logged inside the app, the frames decoded to text."""

    keys: list[tuple[float, str]]
    frames: list[Frame]

    @classmethod
    def load(cls, path: Path, width: int, height: int) -> Record:
        import pyte

        data = json.loads(path.read_text())
        screen = pyte.Screen(width, height)
        stream = pyte.Stream(screen)
        keys: list[tuple[float, str]] = []
        frames: list[Frame] = []
        for at, kind, payload in data["events"]:
            if kind == "k":
                keys.append((at, payload))
            else:
                stream.feed(payload)
                frames.append(Frame(at, "\n".join(line.rstrip() for line in screen.display)))
        return cls(keys, frames)

    def key_after(self, key: str, after: float) -> float:
        """When the app received `key` (Textual's name) at or after `after`."""
        return next(at for at, name in self.keys if name == key and at >= after)

    def first(self, ready: Screen, after: float = 0.0) -> float | None:
        """The instant of the first frame written after `after` that shows `ready`."""
        return next((f.at for f in self.frames if f.at >= after and ready(f.text)), None)

    def last_change(self, after: float, before: float = float("inf")) -> float | None:
        """The instant of the last frame in (after, before) that changed the screen's text."""
        previous = next((f.text for f in reversed(self.frames) if f.at < after), "")
        last = None
        for frame in self.frames:
            if after <= frame.at < before:
                if frame.text != previous:
                    last = frame.at
                previous = frame.text
        return last

    def first_change(self, after: float) -> float | None:
        """The instant of the first frame after `after` that changed the screen's text."""
        previous = next((f.text for f in reversed(self.frames) if f.at < after), "")
        for frame in self.frames:
            if frame.at >= after:
                if frame.text != previous:
                    return frame.at
                previous = frame.text
        return None


# -- processes -------------------------------------------------------------------------------------


def _tree(pid: int) -> Iterator[int]:
    """`pid` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    todo = [pid]
    while todo:
        current = todo.pop()
        yield current
        todo.extend(children.get(current, []))


def cpu_ticks(pid: int) -> int:
    """User + system CPU ticks used so far by the process tree (threads included)."""
    total = 0
    for member in _tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


@dataclass(frozen=True)
class Memory:
    """Resident memory of a process tree, in MB."""

    peak: float  # the sum of each process's high-water mark (VmHWM)
    current: float  # VmRSS now


def tree_memory(pid: int) -> Memory:
    """Peak and current resident memory of the app and everything it started."""
    peak = current = 0
    for member in _tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak += int(line.split()[1])
            elif line.startswith("VmRSS:"):
                current += int(line.split()[1])
    return Memory(peak / 1024, current / 1024)
