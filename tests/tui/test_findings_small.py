"""The findings view (F7) and its dialog at 80x24, on the CMMI sample and the audit sample: no column cut off,
no sideways scrolling, every field of the dialog and its text box in view without scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Button, DataTable, Label, Select, TextArea
from views import open_findings as _findings

from appraise.services import Appraisal, build_sample
from appraise.tui.app import AppraiseApp
from appraise.tui.screens.findings import KIND_LABEL, FindingDialog, FindingsScreen

SMALL = (80, 24)
WIDE = (180, 40)


@pytest.fixture(params=["acme-ml2", "acme-iso9001"])
def any_app(request, tmp_path: Path):
    path = tmp_path / "s.appraisal"
    build_sample(request.param, path, who="Lead").close()
    app = AppraiseApp(appraisal=Appraisal.open(path))
    yield app
    if app.appraisal is not None:
        app.appraisal.close()


def _inside(inner, outer) -> bool:
    return outer.x <= inner.x and inner.right <= outer.right and outer.y <= inner.y and inner.bottom <= outer.bottom


def _cells_fit(table: DataTable) -> None:
    widths = [c.width for c in table.columns.values()]
    for key in table.rows:
        for cell, width in zip(table.get_row(key), widths, strict=True):
            shown = cell if isinstance(cell, Text) else Text(str(cell))
            assert shown.cell_len <= width, (key.value, shown.plain, width)


async def test_every_column_shows_whole_at_80x24(any_app):
    async with any_app.run_test(size=SMALL) as pilot:
        screen, table = await _findings(pilot)
        await pilot.pause()
        assert table.max_scroll_x == 0  # nothing off to the right
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.scrollable_content_region.width
        _cells_fit(table)
        findings = any_app.appraisal.findings.all()
        for f in findings:  # the kind in full (was "Observat"), the text starting in view
            kind = table.get_cell(f"finding:{f.id}", "kind")  # a Text where styled (an audit's grade), else a str
            assert getattr(kind, "plain", kind) == KIND_LABEL.get(f.kind, f.kind)
            line = table.get_cell(f"finding:{f.id}", "text")
            line = getattr(line, "plain", line)
            assert f.text.split()[0] in line
            if f.site:
                assert line.startswith(f"[{f.site}")
        await pilot.resize_terminal(*WIDE)  # a wide terminal: the text takes the room
        await pilot.pause()
        await pilot.pause()
        assert table.columns["text"].width >= 100
        _cells_fit(table)
        for f in findings:
            if f.site:
                where = " · ".join(x for x in (f.site, f.status.replace("_", " ")) if x)
                assert table.get_cell(f"finding:{f.id}", "text").plain.startswith(f"[{where}] ")


async def test_the_finding_dialog_fits_80x24_without_scrolling(any_app):
    async with any_app.run_test(size=SMALL) as pilot:
        await _findings(pilot)
        await pilot.press("n")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, FindingDialog)
        box = dialog.query_one("#finding-dialog")
        assert box.max_scroll_y == 0  # nothing below the fold
        view = box.content_region
        fields = [*dialog.query(Label), *dialog.query(Select), *dialog.query(Button)]
        assert len(fields) >= 8
        for widget in fields:
            assert _inside(widget.region, view), widget
        text = dialog.query_one("#finding-text", TextArea)
        assert _inside(text.region, view) and text.content_region.height >= 4  # was one line in view
        await pilot.press("tab", "tab", "enter", "down", "enter")  # the first practice (sub-clause)
        await pilot.click(text)  # the text box is there to click on, no need to scroll to it
        await pilot.press(*"Reviews are not recorded", "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindingsScreen), dialog.query_one("#finding-error").render()
        assert any(f.text == "Reviews are not recorded" for f in any_app.appraisal.findings.all())
