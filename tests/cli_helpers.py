"""What the command-line tests share: run ``appraise`` in-process and read what a user would see."""

from __future__ import annotations

import json

import pytest

from appraise.cli import main


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Each test in its own folder, changes made as the same user."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("APPRAISE_USER", "tester")


def run(capsys, *args) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``appraise ARGS``."""
    rc = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def ok(capsys, *args) -> str:
    """The output of a command that must succeed without a word on stderr."""
    rc, out, err = run(capsys, *args)
    assert (rc, err) == (0, ""), err
    return out


def assert_one_line_error(rc: int, out: str, err: str, *fragments: str) -> None:
    """A refusal: non-zero exit, nothing on stdout, one ``appraise: ...`` line holding every fragment."""
    assert rc != 0
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("appraise: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def rate_json(capsys, path) -> dict:
    return json.loads(ok(capsys, "rate", path, "--json"))
