"""The matrix: keys characterize cells, the rating follows, gaps and filters."""

from __future__ import annotations

from views import open_matrix as _matrix

from appraise.services import Appraisal
from appraise.tui.screens.confirm import ConfirmDialog
from appraise.tui.screens.matrix import MatrixTable, NoteDialog

SIZE = (120, 40)


def _cell(table: MatrixTable, practice: str, project: str) -> str:
    columns = [*table.projects, "OU"]
    return table.cell(table.practices.index(practice), columns.index(project)).plain


async def test_value_key_sets_the_cell_and_the_rating_follows(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "FI AF"
        await pilot.press("p")  # the cursor starts on REQM SP 1.1 / ALPHA: PI, then moves on to BETA
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "PI AF"
        assert table.cell_target() == ("REQM SP 1.1", "BETA")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        # FI/PI/FI leaves the team a choice (R2.3): the OU column asks, the level waits for it
        assert _cell(table, "REQM SP 1.1", "OU") == "LI/PI?"
        assert "not determined" in str(screen.query_one("#matrix-rating").render())
        await pilot.press("left", "2")  # the digit key of LI
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "LI AF"
        await pilot.press("right", "l")  # GAMMA, the last project: then on to the next practice
        await pilot.pause()
        assert table.cell_target() == ("REQM SP 1.2", "ALPHA")
        await pilot.press("up", "x")
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "·· AF"
    with Appraisal.open(sample_path) as a:  # saved as it was made
        assert "ALPHA" not in a.reader.characterizations()["REQM SP 1.1"]
        assert [c.new for c in a.reader.change_log()[-4:]] == ["PI", "LI", "LI", None]


async def test_notes_are_written_and_not_lost_by_clearing(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NoteDialog)
        await pilot.press(*"trace matrix stale")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Note: trace matrix stale" in str(screen.query_one("#matrix-cell").render())
        await pilot.press("x")  # the cell has a note: ask before it goes
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "FI AF"
        with Appraisal.open(sample_path) as a:
            assert a.cells.notes_for("REQM SP 1.1") == {"ALPHA": "trace matrix stale"}
        await pilot.press("x", "y")
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "ALPHA") == "·· AF"
    with Appraisal.open(sample_path) as a:
        assert a.cells.notes_for("REQM SP 1.1") == {}


async def test_a_not_applicable_area_is_not_characterized(sample_app, sample_path):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        screen.area_filter = "SAM"
        screen._rebuild()
        await pilot.pause()
        assert _cell(table, "SAM SP 1.1", "ALPHA") == "n/a" and _cell(table, "SAM SP 1.1", "OU") == "n/a"
        await pilot.press("f")
        await pilot.pause()
        assert any("not applicable" in n.message for n in pilot.app._notifications)
    with Appraisal.open(sample_path) as a:
        assert "SAM SP 1.1" not in a.reader.characterizations()


async def test_next_gap_and_filters(sample_app):
    async with sample_app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        await pilot.press("g")
        await pilot.pause()
        # the sample's first gap: REQM SP 1.3 in GAMMA (NY, no evidence)
        assert table.cell_target() == ("REQM SP 1.3", "GAMMA")
        await pilot.press("G")
        await pilot.pause()
        assert screen._rows == ["REQM SP 1.3", "PMC SP 1.7", "CM SP 3.2"]
        await pilot.press("G", "a")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # All, REQM, PP
        await pilot.pause()
        assert screen.area_filter == "PP"
        assert all(p.startswith("PP ") for p in screen._rows) and len(screen._rows) == 24


async def test_help_lists_the_matrix_keys_from_the_model(sample_app):
    from appraise.tui.screens.help import HelpScreen

    async with sample_app.run_test(size=SIZE) as pilot:
        await _matrix(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        tables = help_screen._sections()
        text = "\n".join(f"{k} {d}" for table in tables for k, d in zip(table.columns[0].cells, table.columns[1].cells))
        text += "\n" + "\n".join(str(table.title) for table in tables)
        # every value key of the scale, with its digit alias, and the matrix's own keys
        for keys, value in (("f / 1", "FI"), ("l / 2", "LI"), ("p / 3", "PI"), ("n / 4", "NI"), ("y / 5", "NY")):
            assert keys in text and value in text
        assert "x / delete / backspace" in text and "Next gap" in text and "Everywhere" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)


def _line(table: MatrixTable, y: int) -> str:
    """What the grid shows on screen line ``y`` (0: the header)."""
    return "".join(segment.text for segment in table.render_line(y))


def _coded_app(tmp_path, projects: list[str]):
    from appraise.tui.app import AppraiseApp

    path = tmp_path / "codes.appraisal"
    Appraisal.create(path, framework="cmmi-dev-1.3", representation="staged", target=2, unit="Codes",
                     projects=projects).close()
    return AppraiseApp(appraisal=Appraisal.open(path)), path


async def test_project_codes_show_whole_at_80x24(tmp_path):
    app, path = _coded_app(tmp_path, ["PRJ-101", "PRJ-102", "LONG-PROJECT-NAME"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _matrix(pilot)
        header = _line(table, 0)
        assert header.split() == ["Practice", "PRJ-101", "PRJ-102", "LONG-PROJECT-NAME", "OU"]
        assert not screen.query_one("#matrix-legend").display
        await pilot.press("right", "right", "l")  # the value lands in the column the header names
        await pilot.pause()
        assert table.cell_target() == ("REQM SP 1.2", "PRJ-101")
    app.appraisal.close()
    with Appraisal.open(path) as a:
        assert a.reader.characterizations()["REQM SP 1.1"] == {"LONG-PROJECT-NAME": "LI"}


async def test_codes_too_wide_for_the_terminal_get_short_codes_and_a_legend(tmp_path):
    codes = ["PRJ-101", "PRJ-102", "LONG-PROJECT-NAME", "PRJ-103", "OTHER-LONG-NAME", "PRJ-104", "B2"]
    app, _path = _coded_app(tmp_path, codes)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _matrix(pilot)
        header = _line(table, 0).split()
        assert header[0] == "Practice" and header[-1] == "OU"
        shown = header[1:-1]
        assert len(set(shown)) == len(codes) and all(len(h) <= 5 for h in shown)
        assert shown[-1] == "B2"  # a code that fits a cell stays as it is
        legend = str(screen.query_one("#matrix-legend").render())
        assert screen.query_one("#matrix-legend").display
        for short, code in zip(shown, codes):  # the legend names every short code's project
            if short != code:
                assert f"{short}={code}" in legend
        assert "B2" not in legend
        assert sum(len(w) + 1 for w in _line(table, 0).split()) <= 80


async def test_a_wide_terminal_shows_titles_and_the_cells_evidence(sample_app):
    async with sample_app.run_test(size=(200, 50)) as pilot:
        screen, table = await _matrix(pilot)
        assert "Understand Requirements" in _line(table, 1)  # REQM SP 1.1, with its title
        panel = screen.query_one("#matrix-evidence")
        assert panel.display
        shown = str(panel.render())
        assert "REQM SP 1.1 / ALPHA" in shown
        assert "ALPHA software requirements specification" in shown and "artifact" in shown
        assert "Developer group interview, session 4" in shown and "affirmation" in shown
        await pilot.press("right")
        await pilot.pause(0.3)  # the panel follows once the keys pause
        shown = str(panel.render())
        assert "BETA software requirements specification" in shown and "ALPHA software" not in shown
        assert table.region.width + panel.region.width > 150  # the width is used
        await pilot.resize_terminal(80, 24)  # narrow: the panel goes, the titles too; the grid stays usable
        await pilot.pause()
        assert not panel.display
        assert "Understand" not in _line(table, 1)
        await pilot.press("p")
        await pilot.pause()
        assert _cell(table, "REQM SP 1.1", "BETA") == "PI AF"


async def test_an_audit_speaks_of_clauses_sites_and_results_and_g_finds_what_is_not_audited(tmp_path):
    from appraise.services import build_sample
    from appraise.tui.app import AppraiseApp

    path = tmp_path / "audit.appraisal"
    build_sample("acme-iso9001", path, who="Lead auditor").close()
    with Appraisal.open(path) as a:
        first_site = a.info.projects[0]
        a.cells.characterize("7.1.3", first_site, None)  # no result recorded here (the cells before lack evidence)
    app = AppraiseApp(appraisal=Appraisal.open(path))
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _matrix(pilot)
        header = _line(table, 0).split()
        assert header[0] == "Clause" and header[-1] == "Res"
        words = " ".join(str(screen.query_one(f"#matrix-{w}").render()) for w in ("filter", "cell"))
        assert "clauses" in words and "sites" in words
        assert "practice" not in words.lower() and "OU" not in words and "Result" in words
        await pilot.press("g")
        await pilot.pause()
        assert table.cell_target() == ("7.1.3", first_site)
        assert "no result recorded" in str(screen.query_one("#matrix-cell").render())
        await pilot.press("g")  # the sample's auditors left 7.5 open in both sites
        await pilot.pause()
        assert table.cell_target() == ("7.5", first_site)
    app.appraisal.close()


async def test_a_wide_grid_keeps_the_width_for_itself(tmp_path):
    """25 projects at 200 columns: the grid fits whole only without the panel, so the panel stays out; titles
    take only the room the grid leaves."""
    app, _path = _coded_app(tmp_path, [f"P{n:02}" for n in range(1, 26)])
    async with app.run_test(size=(200, 50)) as pilot:
        screen, table = await _matrix(pilot)
        assert not screen.query_one("#matrix-evidence").display
        assert table.virtual_size.width <= table.size.width  # every column in view, nothing to scroll
        assert _line(table, 0).split()[-2:] == ["P25", "OU"]
    app.appraisal.close()
