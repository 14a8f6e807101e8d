"""Reading deck and source files safely: regular files only, of bounded size, never blocking, and
a source only from inside the folder of the deck that names it.

A deck is shared between teachers and learners, so its `source:` must not reach anything else on
the machine: not /etc/passwd, not /proc/self/environ, not a device that never ends (/dev/zero) or
a named pipe that never answers. The folder walk does not follow a symbolic link into a loop.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 16 * 1024 * 1024  # decks and source texts alike
DECK_SUFFIXES = (".yaml", ".yml")

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a named pipe must not wait for a writer
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class FileProblem(Exception):
    """A file that cannot be read as a deck or a source; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_regular_file(path: Path, *, what: str = "file", limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileProblem for anything else.

    The file is opened without blocking and checked on its open descriptor, so a file swapped
    for a pipe or a device between the check and the read is refused too.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    except FileNotFoundError:
        raise FileProblem(f"{what} not found") from None
    except OSError as exc:
        raise FileProblem(_os_problem(exc, what)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem(f"{what} is a directory, not a text file")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(f"{what} is {_kind(info.st_mode)}, not a regular text file")
        if info.st_size > limit:
            raise FileProblem(f"{what} is {info.st_size / 1048576:.1f} MiB; decks and source texts are limited to "
                              f"{limit // 1048576} MiB")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # files that report no size (procfs and the like) are bounded too
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileProblem(f"{what} is larger than {limit // 1048576} MiB; decks and source texts are limited to "
                              f"{limit // 1048576} MiB")
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblem(_os_problem(exc, what)) from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"  # pragma: no cover - every other kind is listed above


def _os_problem(exc: OSError, what: str) -> str:
    if exc.errno == errno.ELOOP:
        return f"{what} is a symbolic link loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{what} cannot be read: permission denied"
    return f"{what} cannot be read: {exc.strerror or exc}"


def source_path(deck: Path, named: str) -> Path:
    """The file a deck's `source:` names, which must lie inside the deck's folder tree once
    symbolic links are resolved; FileProblem otherwise (the message quotes what was named)."""
    relative = Path(named)
    if relative.is_absolute() or named.startswith(("/", "\\")) or (len(named) > 1 and named[1] == ":"):
        raise FileProblem(f"source must be a path relative to the deck file's folder, not an absolute path: {named!r}")
    folder = _resolve(deck.parent)
    target = _resolve(deck.parent / relative, named)
    if target != folder and folder not in target.parents:
        raise FileProblem(
            f"source {named!r} is outside the deck's folder: a deck may only name a file in its own folder or below it"
        )
    return target


def _resolve(path: Path, named: str | None = None) -> Path:
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop, 3.13 OSError
        raise FileProblem(f"source {named!r} is a symbolic link loop" if named else f"{path} is a symbolic link loop") from None


@dataclass(frozen=True)
class Found:
    """The deck files under the paths given, and what could not be walked (path, message)."""

    decks: list[tuple[Path, str]]
    problems: list[tuple[str, str]]


def find_decks(paths: list[str | Path]) -> Found:
    """Expand files and folders (recursively, in name order) into deck files, each with the name
    to print. A symbolic link to a folder is followed once; one that leads back to a folder
    containing it (a loop) is reported, never walked."""
    decks: list[tuple[Path, str]] = []
    problems: list[tuple[str, str]] = []
    visited: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            real = _resolve_or_none(path)
            if real is not None and real not in visited:
                visited.add(real)
                _walk(path, str(given), (real,), visited, decks, problems)
        else:
            decks.append((path, str(given)))
    return Found(decks, problems)


def _resolve_or_none(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (RuntimeError, OSError):
        return None


def _walk(folder: Path, shown: str, ancestors: tuple[Path, ...], visited: set[Path], decks: list[tuple[Path, str]],
          problems: list[tuple[str, str]]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append((shown, _os_problem(exc, "folder")))
        return
    for entry in entries:
        child = Path(entry.path)
        name = os.path.join(shown, entry.name)
        try:
            is_dir = entry.is_dir()  # follows a symbolic link
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            loop = exc.errno == errno.ELOOP
            problems.append((name, "symbolic link loop: it leads to itself" if loop else _os_problem(exc, "entry")))
            continue
        if is_dir:
            real = _resolve_or_none(child)
            if real is None or real in ancestors:
                problems.append((name, "symbolic link loop: it leads back to a folder that contains it"))
            elif real not in visited:
                visited.add(real)
                _walk(child, name, (*ancestors, real), visited, decks, problems)
        elif is_file and child.suffix in DECK_SUFFIXES:
            decks.append((child, name))
