"""The base of quizapp's full screens."""

from __future__ import annotations

from textual import events, on
from textual.screen import Screen


class AppScreen(Screen[None]):
    """A screen that keeps, on its first resume, the styles its mount has just applied.

    Textual styles every node of a screen again each time it resumes, the first time included,
    right after the mount styled them: 5-11 ms of the statistics screen's way to its first frame
    at 100k items (issue 15), for nothing that changed. Later resumes (back from another screen,
    perhaps after a change of theme) are styled again as Textual does; a change of class or
    pseudo-class between mount and resume restyles its nodes by itself."""

    _styled_once = False

    @on(events.ScreenResume)
    def _keep_the_mount_styles(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (a subclass's handlers come first), which reads
        # refresh_styles.
        if not self._styled_once:
            self._styled_once = True
            event.refresh_styles = False
