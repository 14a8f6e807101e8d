"""Pure rules of studying: settings, scheduling, the study day, prompts and grading (no SQL, no Textual)."""
