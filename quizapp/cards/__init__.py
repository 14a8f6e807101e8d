"""Card types: the deck format of each card, what it asks and how it is graded (no SQL, no Textual)."""
