"""The overview and the matrix of each scheme, pinned with pytest-textual-snapshot, and a model's own words on screen.

The screens render each scheme's view (its words and capabilities) without asking which scheme it is: these
snapshots hold that a CMMI appraisal (SCAMPI, and V3.0 by the CMMI Appraisal Method), an Automotive SPICE
assessment and an ISO 9001 audit still look as they did. Update after an intended change of look: ``pytest tests/tui/test_snapshots_schemes.py --snapshot-update``,
then look at the new SVGs under tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from v3_appraisal import create_v3
from views import open_matrix, show_view, shown_text

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.overview import OverviewScreen
from appraise.tui.screens.practices import PracticesScreen

SIZE = (120, 40)
ROOT = Path(__file__).resolve().parents[2]


def _spice(path: Path) -> None:
    """An Automotive SPICE 3.1 assessment of two instances, a few indicators and an attribute rated."""
    with Appraisal.create(path, framework="aspice-3.1", target=2, unit="Body Electronics",
                          projects=["ECU-A", "ECU-B"], areas=["SWE.1", "MAN.3"], who="Lead assessor") as a:
        for cell, instance, value in (("SWE.1.BP1", "ECU-A", "F"), ("SWE.1.BP2", "ECU-A", "L"),
                                      ("SWE.1.BP1", "ECU-B", "P"), ("SWE.1 PA 1.1", "ECU-A", "L")):
            a.cells.characterize(cell, instance, value, who="Lead assessor")


def _appraisal(scheme: str) -> Path:
    """The scheme's appraisal in the current folder: the bundled samples, and an assessment made here."""
    path = Path(f"{scheme}.appraisal")
    if scheme == "spice":
        _spice(path)
    elif scheme == "cmmi-v3":
        create_v3(path)
    else:
        build_sample({"cmmi": "acme-ml2", "audit": "acme-iso9001"}[scheme], path, who="Lead appraiser").close()
    return path


SCHEMES = pytest.mark.parametrize("scheme", ["cmmi", "spice", "audit", "cmmi-v3"])
#: In the matrix: the second column (the OU's rule, the clause's result), an attribute (its proposal, AS2.3), or
#: a cell whose evidence proposes a value (V1.4).
MOVES = {"cmmi": ["right"], "spice": ["down"] * 9, "audit": ["right"], "cmmi-v3": ["down"] * 5}


@SCHEMES
def test_overview_look_per_scheme(snap_compare, frozen_time, scheme):
    app = AppraiseApp(appraisal=Appraisal.open(_appraisal(scheme)))
    assert snap_compare(app, terminal_size=SIZE)


@SCHEMES
def test_matrix_look_per_scheme(snap_compare, frozen_time, scheme):
    async def matrix(pilot) -> None:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press(*MOVES[scheme])  # a cell whose line says what the scheme explains there
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    app = AppraiseApp(appraisal=Appraisal.open(_appraisal(scheme)))
    assert snap_compare(app, terminal_size=SIZE, run_before=matrix)


# -- a model's own words (words: in its file) --------------------------------------------------------

def _team_model(folder: Path) -> Path:
    text = (ROOT / "frameworks" / "cmmi-dev-1.3.yaml").read_text(encoding="utf-8")
    text = text.replace("scheme: scampi-1.3\n", "scheme: scampi-1.3\nwords: {unit: team, units: teams}\n", 1)
    path = folder / "team-model.yaml"
    path.write_text(text.replace("id: cmmi-dev-1.3", "id: team-dev", 1), encoding="utf-8")
    return path


async def test_the_screens_speak_the_models_words(tmp_path):
    path = tmp_path / "teams.appraisal"
    Appraisal.create(path, framework=str(_team_model(tmp_path)), target=2, unit="Acme", projects=["RED", "BLUE"],
                     who="Lead appraiser").close()
    app = AppraiseApp(appraisal=Appraisal.open(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        overview = pilot.app.screen
        assert isinstance(overview, OverviewScreen)
        scope = shown_text(overview, "#scope")
        assert "Teams" in scope and "RED, BLUE" in scope and "Projects" not in scope
        matrix, _table = await open_matrix(pilot)
        assert "× 2 teams — all process areas" in shown_text(matrix, "#matrix-filter")
        practices = await show_view(pilot, "f3", PracticesScreen)
        assert practices.query_one("#practice-evidence").project_label == "Team"  # its first column's heading


# -- the views that read the rating tree: the rating itself, the practices, the findings --------------------------

#: A view's key, and the keys that bring a node worth reading to its detail (a goal, a practice, an attribute).
TREE_VIEWS = {"rating": ("f6", []), "practices": ("f3", ["right", "down", "right", "down", "down"]), "findings": ("f7", ["down"])}


def _laid_out(app) -> bool:
    """The practices view's evidence table has its height: a DataTable sizes itself on an idle tick, which a
    loaded machine may not have given it yet when the picture is taken (it was drawn 0 lines high)."""
    screen = app.screen
    if not isinstance(screen, PracticesScreen):
        return True
    tables = screen.query("#practice-evidence")
    return bool(tables) and (not tables.first().display or tables.first().size.height > 0)


@SCHEMES
@pytest.mark.parametrize("view", sorted(TREE_VIEWS))
def test_rating_views_look_per_scheme(snap_compare, frozen_time, wait_until, scheme, view):
    key, moves = TREE_VIEWS[view]

    async def show(pilot) -> None:
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if moves:
            await pilot.press(*moves)
        await pilot.app.workers.wait_for_complete()
        await wait_until(pilot, lambda: _laid_out(pilot.app))
        await pilot.pause(0.3)

    app = AppraiseApp(appraisal=Appraisal.open(_appraisal(scheme)))
    assert snap_compare(app, terminal_size=SIZE, run_before=show)
