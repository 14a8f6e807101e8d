"""Item states as py-fsrs numbers them, plus 0 for an item the learner has not studied yet.

A module of its own so that light modules (the queue, the home screen's counts) need not import
the table models. STATE_NAMES is the one place the states are named.
"""

NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}
