"""Two people on one appraisal on a team's PostgreSQL server, each in the terminal UI: each sees the other's change
within 2 s, says who made it, and two edits of one cell at once leave the later one shown to both with the earlier
one in the change log. Two real app instances (Pilot) against a real server."""

from __future__ import annotations

import pytest

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.matrix import MatrixScreen, MatrixTable

SIZE = (120, 36)


@pytest.fixture
def server_appraisal(pg_dsn: str) -> str:
    location = f"{pg_dsn}?appraisal=acme"
    Appraisal.create(location, framework="cmmi-dev-1.3", target=2, unit="Acme Payments", projects=["ALPHA", "BETA"],
                     who="lead").close()
    return location


async def test_two_app_instances_on_the_server_see_each_others_changes(server_appraisal: str, wait_until) -> None:
    ann = AppraiseApp(appraisal=Appraisal.open(server_appraisal))
    bob = AppraiseApp(appraisal=Appraisal.open(server_appraisal))
    ann.appraisal.user, bob.appraisal.user = "ann", "bob"  # two people (one database user in the tests)
    x = Appraisal.open(server_appraisal)  # a third look at the server
    notes: dict[str, list[str]] = {"ann": [], "bob": []}
    try:
        async with ann.run_test(size=SIZE) as a, bob.run_test(size=SIZE) as b:
            for name, app in (("ann", ann), ("bob", bob)):
                app.notify = lambda message, _n=name, **kw: notes[_n].append(f"{kw.get('title')}: {message}")
            for pilot in (a, b):
                await pilot.press("f4")
                await pilot.pause()
                assert isinstance(pilot.app.screen, MatrixScreen)
            table_a = ann.screen.query_one(MatrixTable)
            table_b = bob.screen.query_one(MatrixTable)
            assert table_a.cell_target() == table_b.cell_target() == ("REQM SP 1.1", "ALPHA")
            await a.press("l")  # ann characterizes LI
            await wait_until(b, lambda: table_b.cell(0, 0).plain.startswith("LI"), timeout=2.0)
            assert any("REQM SP 1.1 / ALPHA: — → LI (ann)" in n for n in notes["bob"]), notes["bob"]
            # both type on the same cell at once: the later stands, shown to both, the earlier in the log
            await a.press("left")  # a value moves the cursor on: back to the cell
            assert table_a.cell_target() == table_b.cell_target() == ("REQM SP 1.1", "ALPHA")
            await b.press("p")
            await a.press("f")
            await wait_until(a, lambda: len(x.reader.change_log()) >= 4)
            final = ann.appraisal.reader.characterization("REQM SP 1.1", "ALPHA")
            await wait_until(a, lambda: table_a.cell(0, 0).plain.startswith(final), timeout=2.0)
            await wait_until(b, lambda: table_b.cell(0, 0).plain.startswith(final), timeout=2.0)
    finally:
        ann.appraisal.close()
        bob.appraisal.close()
        x.close()
    with Appraisal.open(server_appraisal) as x:
        log = [(c.old, c.new, c.who) for c in x.reader.change_log() if c.target == "REQM SP 1.1 / ALPHA"]
    assert log[0] == (None, "LI", "ann")
    assert sorted(log[1:]) == sorted([("LI", "PI", "bob"), ("PI", "FI", "ann")]) or \
        sorted(log[1:]) == sorted([("LI", "FI", "ann"), ("FI", "PI", "bob")])
    assert log[-1][1] == final  # the later one stands, and the earlier one is in the log before it
