"""Two instances on one file: what another process writes shows in the open app within a second or two."""

from __future__ import annotations

import os
import subprocess
import sys

from textual.widgets import Static

from appraise.services import Appraisal
from appraise.tui.screens.overview import OverviewScreen

SIZE = (120, 40)


def _cli(*args: str) -> None:
    """Run ``appraise ARGS`` as its own process, as a script or a second team member would."""
    env = {**os.environ, "APPRAISE_USER": "bob"}
    done = subprocess.run([sys.executable, "-m", "appraise", *args], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def _screen_text(screen) -> str:
    """What the screen's Static widgets show, as plain text."""
    from rich.console import Console

    console = Console(width=120, color_system=None)
    with console.capture() as captured:
        for widget in screen.query(Static):
            console.print(widget.content)
    return captured.get()


async def test_a_cli_write_is_seen_by_the_open_app_within_two_seconds(sample_app, sample_path, wait_until):
    notes: list[str] = []
    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        app.notify = lambda message, **kw: notes.append(f"{kw.get('title')}: {message}")  # read what it says
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert "Pending decisions    0" in _screen_text(app.screen)
        before = app.data_version
        # another process characterizes a cell so that the team must decide (R2.3): 1 pending decision
        _cli("characterize", str(sample_path), "REQM SP 1.1", "BETA", "PI")
        await wait_until(pilot, lambda: app.data_version > before, timeout=2.0)
        await wait_until(pilot, lambda: "Pending decisions    1" in _screen_text(app.screen), timeout=2.0)
        assert any(n.startswith("Changed elsewhere: 1 change") and "REQM SP 1.1 / BETA: FI → PI (bob)" in n
                   for n in notes), notes
        # the app's own write is not reported as made elsewhere
        count = len(notes)
        app.appraisal.cells.characterize("REQM SP 1.1", "GAMMA", "LI")
        app.changed()
        await pilot.pause(1.2)
        assert len(notes) == count, notes


async def test_own_and_other_writes_in_one_process_are_told_apart(sample_path):
    a, b = Appraisal.open(sample_path), Appraisal.open(sample_path)
    try:
        assert a.changes_elsewhere() is None
        a.cells.characterize("REQM SP 1.1", "ALPHA", "PI", who="ann")
        assert a.changes_elsewhere() is None  # its own
        seen = b.changes_elsewhere()
        assert [(c.target, c.old, c.new, c.who) for c in seen] == [("REQM SP 1.1 / ALPHA", "FI", "PI", "ann")]
        assert b.changes_elsewhere() is None  # reported once
        assert b.cells.all()["REQM SP 1.1"]["ALPHA"] == "PI"
    finally:
        a.close()
        b.close()


async def test_the_matrix_flags_a_cell_changed_elsewhere(sample_app, sample_path, wait_until):
    from appraise.tui.screens.matrix import MatrixScreen, MatrixTable

    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        table = screen.query_one(MatrixTable)
        assert table.cell_target() == ("REQM SP 1.1", "ALPHA")
        before = app.data_version
        _cli("characterize", str(sample_path), "REQM SP 1.2", "BETA", "NI")  # a cell the cursor is not on
        await wait_until(pilot, lambda: app.data_version > before, timeout=2.0)
        await pilot.pause()
        row, column = table.practices.index("REQM SP 1.2"), table.projects.index("BETA")
        cell = table.cell(row, column)
        assert cell.plain.startswith("NI!")  # the file as it is now, marked (without colour too) ...
        assert any("on yellow" in str(span.style) for span in cell.spans)  # ... flagged, not silently repainted
        await pilot.press("down", "right")  # the cursor comes to it: the line says what changed and who
        await pilot.pause()
        assert table.cell_target() == ("REQM SP 1.2", "BETA")
        line = str(screen.query_one("#matrix-cell").render())
        assert "Changed elsewhere" in line and "FI → NI by bob" in line, line
        assert not any("on yellow" in str(span.style) for span in table.cell(row, column).spans)


async def test_a_file_replaced_on_disk_is_shown_anew_and_the_old_one_takes_no_writes(sample_app, sample_path,
                                                                                     tmp_path, wait_until):
    """A restore, a sync tool or `demo --force` replaces the file: the open window must not go on writing to
    the unlinked old one (work nobody would ever see again)."""
    import pytest

    from appraise.errors import StoreError
    from appraise.services import build_sample

    old = Appraisal.open(sample_path)
    notes: list[str] = []
    async with sample_app.run_test(size=SIZE) as pilot:
        app = pilot.app
        app.notify = lambda message, **kw: notes.append(f"{kw.get('title')}: {message}")
        await pilot.pause()
        first = app.appraisal
        build_sample("acme-ml2", sample_path, who="restore", replace=True).close()  # replaced, as --force does
        with pytest.raises(StoreError, match="replaced or removed on disk"):
            old.cells.characterize("REQM SP 1.1", "ALPHA", "NI")
        await wait_until(pilot, lambda: app.appraisal is not first, timeout=2.0)
        assert any(n.startswith("File replaced") for n in notes), notes
        app.appraisal.cells.characterize("REQM SP 1.1", "ALPHA", "NI")  # the new file takes the write
    old.close()
    with Appraisal.open(sample_path) as a:
        assert a.cells.all()["REQM SP 1.1"]["ALPHA"] == "NI"


async def test_a_change_elsewhere_is_reported_even_when_an_own_write_follows_it(sample_path):
    """bob writes, then ann writes before her next look: ann's look still reports bob's change."""
    ann, bob = Appraisal.open(sample_path), Appraisal.open(sample_path)
    try:
        bob.cells.characterize("REQM SP 1.1", "ALPHA", "PI", who="bob")
        ann.cells.characterize("REQM SP 1.2", "ALPHA", "LI", who="ann")
        seen = ann.changes_elsewhere()
        assert [(c.target, c.who) for c in seen] == [("REQM SP 1.1 / ALPHA", "bob")]
        assert ann.changes_elsewhere() is None
        ann.cells.characterize("REQM SP 1.3", "ALPHA", "PI", who="ann")
        assert ann.changes_elsewhere() is None  # only her own
        assert [(c.target, c.who) for c in bob.changes_elsewhere()] == [
            ("REQM SP 1.2 / ALPHA", "ann"), ("REQM SP 1.3 / ALPHA", "ann")]
    finally:
        ann.close()
        bob.close()


async def test_a_change_committed_while_an_own_write_waits_for_the_lock_is_reported(sample_path):
    """bob holds the file's write lock, ann's write waits for it, bob commits a change and lets go, ann's write
    goes through: ann's next look reports bob's change (it came before hers, not from her)."""
    import sqlite3
    import threading
    import time

    ann = Appraisal.open(sample_path)
    try:
        ann.cells.characterize("REQM SP 1.2", "ALPHA", "LI", who="ann")  # her write connection is open
        assert ann.changes_elsewhere() is None
        bob = sqlite3.connect(sample_path, isolation_level=None, timeout=10)
        bob.execute("BEGIN IMMEDIATE")  # another process is writing
        done = threading.Event()
        writer = threading.Thread(target=lambda: (ann.cells.characterize("REQM SP 1.3", "ALPHA", "PI", who="ann"),
                                                  done.set()))
        writer.start()
        time.sleep(0.4)  # ann's write is now waiting for the lock
        assert not done.is_set()
        aid = bob.execute("SELECT id FROM appraisal").fetchone()[0]
        bob.execute("INSERT INTO change_log (appraisal_id, at, who, what, target, old, new, undo) "
                    "VALUES (?, '2026-12-05T00:00:00+00:00', 'bob', 'characterization', 'PP SP 1.1 / BETA', "
                    "'FI', 'PI', '')", (aid,))
        bob.execute("COMMIT")
        bob.close()
        writer.join(10)
        assert done.is_set()
        assert [(c.target, c.who) for c in ann.changes_elsewhere()] == [("PP SP 1.1 / BETA", "bob")]
        assert ann.changes_elsewhere() is None
    finally:
        ann.close()
