"""HTML from a foreign field (Anki notes, GIFT's [html] texts) as plain text, with inscriptis.

inscriptis lays out block elements, line breaks and entities as a browser would; text without
markup skips the parser entirely, which keeps large imports fast.
"""

from __future__ import annotations

import re
from html import unescape

MEDIA = re.compile(r"\[sound:[^\]]*\]")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ONLY_BREAKS = re.compile(r"(?:[^<&]|<br\s*/?>|&(?:lt|gt|amp|quot|#39|nbsp);)*", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """The text a browser would show for an HTML fragment, one line per block."""
    if "<" not in html and "&" not in html:
        return html
    if _ONLY_BREAKS.fullmatch(html):  # what quizapp itself writes: escaped text and line breaks
        return unescape(_BREAK.sub("\n", html))
    from inscriptis import get_text  # imported here: only imports of HTML fields need it
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    # The strict profile adds no margins around blocks, so a <div> per line reads as lines.
    text = get_text(html, ParserConfig(css=CSS_PROFILES["strict"]))
    return _BLANK_RUNS.sub("\n\n", "\n".join(line.rstrip() for line in text.splitlines())).strip()


_BLANK_RUNS = re.compile(r"\n{3,}")


def has_media(html: str) -> bool:
    """True when a field shows an image or plays a sound (neither comes through as text)."""
    return "[sound:" in html or "<img" in html.lower()


def strip_media(html: str) -> str:
    """A field without its sound references (images vanish when the HTML becomes text)."""
    return MEDIA.sub("", html)
