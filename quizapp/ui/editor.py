"""The command that opens a deck file in the learner's editor at a card's line."""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path

# Editors that take FILE:LINE (with the flag that makes them wait until the file is closed, so
# the deck is imported again only after the edit); every other editor takes +LINE FILE, as vi,
# Vim, Neovim, nano, Emacs, micro and kakoune do.
_COLON_LINE = {
    "code": ("--wait", "--goto"), "code-insiders": ("--wait", "--goto"), "codium": ("--wait", "--goto"),
    "cursor": ("--wait", "--goto"), "subl": ("--wait",), "zed": ("--wait",), "hx": (), "helix": (),
}


def editor_command(path: Path, line: int, environ: Mapping[str, str] | None = None) -> list[str]:
    """$VISUAL or $EDITOR (which may carry arguments), else nano, else vi, opened at `line`."""
    env = os.environ if environ is None else environ
    chosen = env.get("VISUAL") or env.get("EDITOR")
    words = shlex.split(chosen) if chosen else ["nano" if shutil.which("nano") else "vi"]
    name = Path(words[0]).name.lower().removesuffix(".exe")
    if name in _COLON_LINE:
        flags = [flag for flag in _COLON_LINE[name] if flag not in words and not (flag == "--wait" and "-w" in words)]
        return [*words, *flags, f"{path}:{line}"]
    return [*words, f"+{line}", str(path)]
