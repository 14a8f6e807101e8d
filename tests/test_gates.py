"""The quality gates run beside the tests: ruff, mypy --strict and the import-linter contracts
in pyproject.toml stay at zero findings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param([str(BIN / "ruff"), "check", "quizapp", "tests", "bench"], id="ruff"),
        pytest.param([str(BIN / "mypy")], id="mypy"),  # files and strictness come from pyproject.toml
        pytest.param([str(BIN / "lint-imports")], id="import-linter"),
    ],
)
def test_gate_reports_nothing(command: list[str]) -> None:
    result = run(*command)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
