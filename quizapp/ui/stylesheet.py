"""The app's stylesheet: Textual's, keeping what it has parsed when a screen adds styles.

Textual parses every source again, from an empty cache, each time a screen or a widget class
brings styles of its own (`Stylesheet.reparse` makes a fresh stylesheet). The study screen's first
opening paid 35 ms for it, on the way from Enter to the first card. The parsed rules of a source
depend only on its text, its place and the CSS variables, and Textual's own cache is keyed by the
first two and emptied whenever the variables change (a theme), so handing that cache to the fresh
stylesheet parses only the new sources. Textual is pinned (pyproject.toml): this reaches into its
private attributes, and the tests that open every screen, in both themes, would fail if they moved.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet

SOURCES = 256  # more than the app's stylesheets and widget classes together (Textual keeps 64)


class ReusingStylesheet(Stylesheet):
    """A Stylesheet whose `reparse` parses only the sources it has not parsed before."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache = LRUCache(SOURCES)

    def reparse(self) -> None:
        """Textual's reparse, on a fresh stylesheet that shares this one's parse cache."""
        fresh = Stylesheet(variables=self._variables)
        fresh._parse_cache = self._parse_cache
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker, scope=scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
