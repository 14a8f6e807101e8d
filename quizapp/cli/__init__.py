"""The `quizapp` command line: commands and their text output."""
