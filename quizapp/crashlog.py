"""The full story of an unexpected failure, kept in a log file instead of shown on the terminal.

A traceback on the terminal is noise to a learner and, with local variables, can show a database
password; so the terminal gets one line and this file gets the traceback: Python's own format
(no local variables), every line redacted (quizapp.redaction), newest at the end, the file cut
back to its last 256 KiB so it never grows without bound.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from quizapp import locations
from quizapp.redaction import redact

LOG_NAME = "quizapp-errors.log"
_KEEP = 256 * 1024


def log_path() -> Path:
    """Where unexpected failures are written: a file in the data folder's logs."""
    return locations.data_dir() / "logs" / LOG_NAME


def record(exc: BaseException, context: str = "") -> Path | None:
    """Append the redacted traceback of `exc` to the log; returns the log's path (None when it
    cannot be written, which must not hide the original failure)."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S %z")
    body = "".join(traceback.format_exception(exc))
    entry = redact(f"--- {stamp} {context}\n{body}\n")
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.read_text(encoding="utf-8", errors="replace")[-_KEEP:] if path.exists() else ""
        path.write_text(old + entry, encoding="utf-8")
    except Exception:  # noqa: BLE001 - no log folder (even a library missing to find it): the failure still shows
        return None
    return path


def one_line(exc: BaseException) -> str:
    """An unexpected failure as one redacted line for the terminal."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return redact(f"unexpected {type(exc).__name__}" + (f": {message}" if message else ""))
