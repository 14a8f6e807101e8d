"""quizapp: learn a text by heart with spaced repetition in the terminal."""

__version__ = "0.1.0"
