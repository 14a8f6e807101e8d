"""Runs quizapp with a probe on the grade key: from the moment the study screen handles the key
to the moment the next item has been painted (the refresh after it), written to $PROBE_OUT."""

from __future__ import annotations

import os
import sys
import time

import quizapp.ui.screens.study as study

times: list[float] = []
handle = study.StudyScreen.action_rate


def action_rate(self: study.StudyScreen, rating: int) -> None:
    started = time.perf_counter()
    handle(self, rating)
    self.call_after_refresh(lambda: times.append(time.perf_counter() - started))


study.StudyScreen.action_rate = action_rate  # type: ignore[method-assign]

if __name__ == "__main__":
    import quizapp.entry

    sys.argv = ["quizapp"]
    try:
        quizapp.entry.main()
    finally:
        with open(os.environ["PROBE_OUT"], "w") as out:
            out.write("\n".join(str(t) for t in times))
