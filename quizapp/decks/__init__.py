"""The deck format: YAML deck files, lint, quote matching and source coverage (no SQL, no Textual)."""
