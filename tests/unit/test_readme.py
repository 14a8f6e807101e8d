"""The README's promises: its example deck is the one the tests lint, and CI runs its test command."""

from __future__ import annotations

import re

from tests.helpers import EXAMPLE, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_example_is_the_linted_example_deck() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    assert EXAMPLE.read_text(encoding="utf-8") in blocks


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)
    assert len(commands) == 2
    install_and_launch, test = commands
    assert install_and_launch.rstrip().endswith("quizapp")
    assert "pytest" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()
