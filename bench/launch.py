"""Runs quizapp (or the minimal app) under a recorder of what reaches and leaves Textual's driver:
every key event as the driver parses it and every write of a frame to the terminal, each with its
`time.monotonic()` (the same clock in every process on Linux, so the benchmark compares them
with the instant it started the process).

The benchmark decodes the frames afterwards with a terminal emulator (bench/terminal.py), so the
app pays only for appending to a list: that is how "in-app" times are measured without any hook
in quizapp's own code. Patched at the driver, it works whatever the screens do inside.

Run (by the benchmarks, inside tmux): python bench/launch.py RECORD_FILE quizapp|minimal
SIGUSR1 (or the app's exit) writes the record as JSON to RECORD_FILE.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # first, before any import

import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

Event = tuple[float, str, str]


def install(record: Path) -> None:
    """Patch the Linux driver to log keys and writes; dump the log on SIGUSR1 and at exit."""
    from textual import events
    from textual.drivers.linux_driver import LinuxDriver
    from textual.message import Message

    log: list[Event] = []
    write = LinuxDriver.write
    process = LinuxDriver.process_message

    def recorded_write(self: LinuxDriver, data: str) -> None:
        log.append((time.monotonic(), "w", data))
        write(self, data)

    def recorded_process(self: LinuxDriver, message: Message) -> None:
        if isinstance(message, events.Key):
            log.append((time.monotonic(), "k", message.key))
        process(self, message)

    LinuxDriver.write = recorded_write  # type: ignore[method-assign]
    LinuxDriver.process_message = recorded_process  # type: ignore[method-assign]

    def dump(*_: Any) -> None:
        partial = record.with_name(record.name + ".part")
        partial.write_text(json.dumps({"started": STARTED, "pid": os.getpid(), "events": list(log)}))
        os.replace(partial, record)

    signal.signal(signal.SIGUSR1, dump)
    import atexit

    atexit.register(dump)


def main() -> None:
    record, which = Path(sys.argv[1]), sys.argv[2]
    sys.path.pop(0)  # bench/ itself: nothing of it may shadow what the app imports
    install(record)
    if which == "minimal":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from bench.minimal_app import Minimal

        Minimal().run()
        return
    import quizapp.entry

    sys.argv = ["quizapp"]
    quizapp.entry.main()


if __name__ == "__main__":
    main()
