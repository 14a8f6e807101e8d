"""A test run leaves the working tree as it found it: the check in conftest.py fails the run when
a test writes a database (or anything else) into the repository."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from tests.helpers import REPO


def test_a_run_that_leaves_a_stray_database_fails(tmp_path: Path) -> None:
    stray = REPO / f"quizapp_test_{uuid.uuid4().hex[:12]}"
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        f"from pathlib import Path\n\n\ndef test_writes() -> None:\n    Path({str(stray)!r}).write_bytes(b'SQLite format 3')\n"
    )
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider", str(probe)],
                             cwd=REPO, capture_output=True, text=True, timeout=120)
    finally:
        stray.unlink(missing_ok=True)
    assert run.returncode != 0, run.stdout
    assert f"the tests left files in the working tree: {stray.name}" in run.stdout
