"""The matrix at scale: a staged ML5 appraisal with 200 projects (431 x 200 = 86,200 cells, evidence on most)
opens, shows what the file holds, and takes a burst of keys each landing on the cell it was typed on, as the
three-project sample does. (The speed is measured by bench/bench_tui.py, not asserted here.)"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_keys_burst import VALUES, burst
from views import open_matrix

from appraise.services import Appraisal
from appraise.tui.app import AppraiseApp
from appraise.tui.style import ou_text

PROJECTS = [f"P{n:03d}" for n in range(1, 201)]
SIZE = (160, 45)


def _value(row: int, column: int) -> str:
    """The value the file holds at (row, column): mostly FI and LI, a PI now and then."""
    return "PI" if (row * 7 + column) % 23 == 0 else ("FI", "FI", "LI")[(row + column) % 3]


def _marks(row: int, column: int) -> str:
    """The evidence marks of (row, column): an artifact on two cells of three, an affirmation on every other."""
    return ("A" if (row + column) % 3 else "·") + ("F" if (row + column) % 2 == 0 else "·")


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once through the imports an appraisal team uses: every cell characterized, evidence linked."""
    folder = tmp_path_factory.mktemp("scale")
    path = folder / "ml5-200.appraisal"
    with Appraisal.create(path, framework="cmmi-dev-1.3", representation="staged", target=5, unit="Scale",
                          projects=PROJECTS, who="lead") as a:
        practices = a.practices
        chars, evidence = folder / "chars.csv", folder / "evidence.csv"
        chars.write_text("Practice,Project,Value\n" + "".join(
            f"{p},{c},{_value(i, j)}\n" for i, p in enumerate(practices) for j, c in enumerate(PROJECTS)),
            encoding="utf-8")
        rows = []
        for i, p in enumerate(practices):
            for j, c in enumerate(PROJECTS):
                marks = _marks(i, j)
                if marks[0] == "A":
                    rows.append(f"{p},{c},{c} work products,artifact\n")
                if marks[1] == "F":
                    rows.append(f"{p},{c},{c} interviews,affirmation\n")
        evidence.write_text("Practice,Project,Title,Kind\n" + "".join(rows), encoding="utf-8")
        a.cells.import_plan(a.cells.plan_import(chars), "lead")
        a.evidence.import_plan(a.evidence.plan_import(evidence), "lead")
    return path


@pytest.fixture
def large_app(large_file: Path, tmp_path: Path) -> Iterator[AppraiseApp]:
    path = tmp_path / large_file.name
    shutil.copy(large_file, path)
    app = AppraiseApp(appraisal=Appraisal.open(path))
    yield app
    if app.appraisal is not None:
        app.appraisal.close()


def _shown(table, row: int, column: int) -> tuple[str, str]:
    """(value, evidence marks) the grid shows at (row, column)."""
    text = table.cell(row, column).plain
    return text[:2], text[3:5]


async def test_the_matrix_at_200_projects_shows_the_file(large_app: AppraiseApp) -> None:
    async with large_app.run_test(size=SIZE) as pilot:
        _screen, table = await open_matrix(pilot)
        assert table.row_count == 431 and table.projects == tuple(PROJECTS)
        last = table.row_count - 1
        for row in (0, 1, 200, last):
            for column in (0, 1, 2, 99, 198, 199):
                assert _shown(table, row, column) == (_value(row, column), _marks(row, column)), (row, column)
        await burst(pilot, ["end", *["right"] * 250])  # the far corner: the cursor stops on the last project
        assert table.cell_target() == (table.practices[last], "P200")
        assert _shown(table, last, 199) == (_value(last, 199), _marks(last, 199))


async def test_a_burst_at_200_projects_lands_cell_by_cell(large_app: AppraiseApp) -> None:
    keys = "pnflpnflyp"
    async with large_app.run_test(size=SIZE) as pilot:
        screen, table = await open_matrix(pilot)
        table.move_cursor(300, 195)
        await pilot.pause()
        start = table.cell_target()
        await burst(pilot, keys)
        # five keys at the end of row 300, five at the start of row 301: the cursor moved on after the last
        typed = [(300, 195 + n) for n in range(5)] + [(301, n) for n in range(5)]
        assert table.cell_target() == (table.practices[301], "P006")
        assert [_shown(table, r, c) for r, c in typed] == [(VALUES[k], _marks(r, c)) for k, (r, c) in zip(keys, typed)]
        assert _shown(table, 300, 194) == (_value(300, 194), _marks(300, 194))  # the cell before is as it was
        practices = table.practices
        ou_shown = {row: table.cell(row, len(PROJECTS)).plain for row in (300, 301)}
    assert start == (practices[300], "P196")
    with Appraisal.open(large_app.appraisal.info.path) as a:
        saved = a.reader.characterizations()
        assert [saved[practices[r]][PROJECTS[c]] for r, c in typed] == [VALUES[k] for k in keys]
        assert saved[practices[300]][PROJECTS[194]] == _value(300, 194)
        # the OU column shows the file's rating after the burst (re-rated once the keys were saved)
        rated = a.rate().rows()
    assert ou_shown == {row: ou_text(rated[practices[row]]).plain for row in (300, 301)}


def test_the_evidence_of_some_practices_is_the_whole_read_cut_to_them(large_file: Path) -> None:
    """The matrix reads the evidence marks a screenful of rows at a time: the same marks as the read of every link."""
    with Appraisal.open(large_file) as a:
        page = a.practices[40:84]
        everything = a.evidence.cells()
        assert a.evidence.cells(page) == {cell: kinds for cell, kinds in everything.items() if cell[0] in page}
        assert a.evidence.cells(page[:1]) == {(page[0], c): kinds for (p, c), kinds in everything.items()
                                              if p == page[0]}
        assert a.evidence.cells([]) == {}
        assert len(everything) == sum(1 for i in range(len(a.practices)) for j in range(200) if _marks(i, j) != "··")
