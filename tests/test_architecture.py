"""DESIGN's layer table and the lint hold in CI: the import contracts (pyproject's [tool.importlinter]) and ruff.

They run here, in the README's one test command, so CI (which runs exactly that command) holds them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}  # the code in this checkout, installed or not
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_import_contracts_hold():
    """Faces reach the appraisal through the services, no face names a scheme, schemes are independent plug-ins,
    rules are pure (each contract is named in pyproject.toml)."""
    done = _run(str(BIN / "lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_ruff_finds_nothing():
    done = _run(sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests", "bench")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


#: A module longer than this is split by what it does (issue 11: "no module over ~400 lines").
MAX_MODULE_LINES = 450


def test_no_module_is_over_the_limit():
    """Every module under src/appraise reads in one sitting: screens, services, rules and the store alike."""
    long = {str(p.relative_to(ROOT / "src")): n for p in sorted((ROOT / "src" / "appraise").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}
