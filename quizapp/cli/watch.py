"""`quizapp lint --watch`: lint again whenever a deck or a source text it names is saved.

Polling, not an OS file-watching service: deck folders hold a few dozen small files, so reading
their modification times twice a second costs nothing, and polling works the same on every
system and file system (network shares and containers included) with no extra dependency.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from quizapp.cli import output
from quizapp.decks.files import find_decks
from quizapp.decks.lint import LintResult, lint

Stamp = dict[Path, tuple[int, int]]
INTERVAL = 0.5  # seconds between looks at the files


def stamp(paths: Sequence[str], sources: set[Path]) -> Stamp:
    """The modification time and size of every deck under `paths` and of the sources they name."""
    found: Stamp = {}
    for path in [*(p for p, _ in find_decks(list(paths)).decks), *sources]:
        try:
            info = path.stat()
        except OSError:
            continue  # gone: its absence is the change
        found[path] = (info.st_mtime_ns, info.st_size)
    return found


def report(result: LintResult, echo: Callable[[str], None]) -> None:
    """Every problem and the summary, as `quizapp lint` prints them."""
    for problem in result.problems:
        echo(str(problem))
    echo(result.summary())


def watch(paths: Sequence[str], *, strict: bool, echo: Callable[[str], None] = output.echo,
          sleep: Callable[[float], None] | None = None, rounds: int | None = None) -> int:
    """Lint `paths`, then again after each change, until interrupted (or for `rounds` looks, in
    tests). Returns the exit status of the last lint: 0 when it passed."""
    seen: Stamp | None = None
    sources: set[Path] = set()
    passed = False
    looks = 0
    try:
        while rounds is None or looks < rounds:
            looks += 1
            current = stamp(paths, sources)
            if current != seen:
                if seen is not None:
                    echo(f"\n-- {time.strftime('%H:%M:%S')}: a file changed; linting again --")
                result = lint(paths)
                report(result, echo)
                passed = result.passed(strict=strict)
                sources = {deck.source_path for deck in result.decks if deck.source_path is not None}
                seen = stamp(paths, sources)  # a save during the lint shows at the next look
                if seen != current:
                    seen = {**seen, **current}
                echo(f"watching {len(seen)} file{'s' * (len(seen) != 1)} for changes (ctrl+c stops)")
            (sleep or time.sleep)(INTERVAL)
    except KeyboardInterrupt:
        echo("stopped watching")
    return 0 if passed else 1
