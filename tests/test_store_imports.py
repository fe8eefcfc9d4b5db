"""Writing commands never import the ORM: the store writes through the standard library's sqlite3.

Each command runs as its own process with ``-X importtime`` (every module it imports, on stderr); the
file it writes is read back, so the write really happened. Creating a file is the one command that
imports SQLModel (its tables are the schema's one definition).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[1] / "src")
ORM = ("sqlmodel", "sqlalchemy", "pydantic")


def appraise(*args: object) -> tuple[int, str, set[str]]:
    """Run ``appraise ARGS`` in a new process; (exit status, stdout, top-level modules it imported)."""
    env = {**os.environ, "PYTHONPATH": SRC, "APPRAISE_USER": "lead"}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "appraise", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)
    modules = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    said = [line for line in proc.stderr.splitlines() if not line.startswith("import time:")]
    return proc.returncode, proc.stdout + "\n".join(said), modules


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.appraisal"
    rc, out, modules = appraise("new", path, "--framework", "cmmi-dev-1.3", "--representation", "staged",
                                "--target", "2", "--unit", "Acme", "--projects", "ALPHA,BETA")
    assert rc == 0, out
    assert "sqlmodel" in modules  # the control: -X importtime does see the ORM where it is imported
    return path


def test_characterize_decide_and_evidence_import_never_import_the_orm(acme, tmp_path):
    for project, value in (("ALPHA", "FI"), ("BETA", "PI")):
        rc, out, modules = appraise("characterize", acme, "REQM SP 1.1", project, value)
        assert rc == 0, out
        assert not modules & set(ORM), modules & set(ORM)
    rc, out, modules = appraise("decide", acme, "REQM SP 1.1", "LI", "--why", "one project weak")
    assert rc == 0, out
    assert not modules & set(ORM)
    index = tmp_path / "index.csv"
    index.write_text("Practice,Project,Title,Kind\nREQM SP 1.1,ALPHA,Trace matrix,artifact\n"
                     "REQM SP 1.2,*,Plan,artifact\n", encoding="utf-8")
    rc, out, modules = appraise("evidence", "import", acme, index)
    assert rc == 0, out
    assert not modules & set(ORM)
    conn = sqlite3.connect(acme)
    try:
        assert conn.execute("SELECT value FROM characterization").fetchall() == [("FI",), ("PI",)]
        assert conn.execute("SELECT count(*) FROM decision").fetchone()[0] == 1
        assert conn.execute("SELECT count(*), (SELECT count(*) FROM evidence_link) FROM evidence").fetchone() == (2, 3)
    finally:
        conn.close()
