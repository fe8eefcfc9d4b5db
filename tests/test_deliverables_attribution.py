"""Non-attribution in the written files (N1): every format the export writes (pptx, xlsx, html, pdf, md, csv, json)
is read back with its own reader; no name planted as an evidence source or collector, as ``--by`` or as an assessor
is in any of them, and the roster's names are only on the slides, sheets and sections that list the team.

The Document-level check is in test_team.py; this one reads the files a sponsor receives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from attribution import PLANTED, ROSTER, planted
from cli_helpers import _in_tmp, ok  # noqa: F401 (_in_tmp: an autouse fixture)

from appraise.services import Appraisal, deliverables


def _slides(path: Path) -> list[tuple[str, str]]:
    """(title, every text on the slide: shapes, tables, speaker notes) per slide."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(path)).slides:
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if getattr(shape, "has_chart", False) and shape.has_chart:
                chart = shape.chart
                texts += [str(c) for c in chart.plots[0].categories] + [s.name for s in chart.plots[0].series]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        out.append((title, "\n".join(texts)))
    return out


def _sheets(path: Path) -> dict[str, str]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return {ws.title: "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
            for ws in book.worksheets}


def _html_sections(path: Path) -> dict[str, str]:
    import lxml.html

    root = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    return {s.get("id") or "": s.text_content() for s in root.iter("section")}


def _md_sections(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    title = ""
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
        parts[title] = parts.get(title, "") + line + "\n"
    return parts


def _no_planted(text: str, where: str) -> None:
    for name in PLANTED.values():
        for part in name.split():
            assert part not in text, (name, where)


@pytest.mark.parametrize("kind", ["cmmi", "spice"])
def test_every_written_format_names_no_one_and_the_roster_only_where_the_team_is_listed(capsys, tmp_path, kind):
    path = planted(capsys, tmp_path, kind)
    with Appraisal.open(path) as a:
        doc = deliverables.document(a)
    team = [s for s in doc.sections if s.team]
    assert team, "the outline lists the team somewhere"
    roster = ROSTER[:2]

    deck = tmp_path / "d.pptx"
    ok(capsys, "export", path, "-o", deck)
    team_titles = {s.title for s in team}
    slides = _slides(deck)
    for title, text in slides:
        _no_planted(text, f"slide {title}")
        if any(n in text for n in roster):
            assert any(title.startswith(t) for t in team_titles), title
    assert any(roster[0] in text for _title, text in slides)

    book = tmp_path / "w.xlsx"
    ok(capsys, "export", path, "-o", book)
    team_sheets = {s.sheet_name[:31] for s in team if "workbook" in s.where}
    sheets = _sheets(book)
    for sheet, text in sheets.items():
        _no_planted(text, f"sheet {sheet}")
        if any(n in text for n in roster):
            assert sheet in team_sheets, sheet
    assert any(roster[0] in text for text in sheets.values())

    report = tmp_path / "r.html"
    ok(capsys, "export", path, "-o", report)
    html = report.read_text(encoding="utf-8")
    _no_planted(html, "html")
    team_ids = {s.id for s in team}
    sections = _html_sections(report)
    assert sections
    for section_id, text in sections.items():
        if any(n in text for n in roster):
            assert section_id in team_ids, section_id
    # every roster name in the page is inside a team section
    assert html.count(roster[0]) == sum(text.count(roster[0]) for sid, text in sections.items() if sid in team_ids)
    assert html.count(roster[0]) > 0

    md = tmp_path / "r.md"
    ok(capsys, "export", path, "-o", md)
    parts = _md_sections(md.read_text(encoding="utf-8"))
    for heading, text in parts.items():
        _no_planted(text, f"md {heading}")
        if any(n in text for n in roster):
            assert any(heading.startswith(t) for t in team_titles), heading
    assert any(roster[0] in text for text in parts.values())

    for fmt in ("csv", "json"):  # the data formats carry no roster at all
        out = tmp_path / f"data.{fmt}"
        ok(capsys, "export", path, "-o", out)
        text = out.read_text(encoding="utf-8-sig")
        _no_planted(text, fmt)
        assert not any(n in text for n in roster), fmt
        if fmt == "json":
            json.loads(text)


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdftotext")),
                    reason="the pdf is printed by Chromium and read by pdftotext (Debian: chromium, poppler-utils)")
def test_the_pdf_names_no_one(capsys, tmp_path):
    path = planted(capsys, tmp_path, "cmmi")
    pdf = tmp_path / "r.pdf"
    ok(capsys, "export", path, "-o", pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "REQM SP 1.1" in text
    _no_planted(text, "pdf")


def test_the_decks_file_properties_name_no_one_even_from_a_template(capsys, tmp_path):
    """python-pptx's own deck names its author and a template names whoever made it: the written deck's
    properties are the document's; no part of the file holds either name."""
    import zipfile

    from pptx import Presentation

    path = planted(capsys, tmp_path, "cmmi")
    template = tmp_path / "corp.pptx"
    corp = Presentation()
    corp.core_properties.author = "Carla Corporate"
    corp.core_properties.last_modified_by = "Carla Corporate"
    corp.core_properties.title = "Q3 board deck"
    corp.save(str(template))
    for extra in ([], ["--template", str(template)]):
        deck = tmp_path / "d.pptx"
        ok(capsys, "export", path, "-o", deck, *extra)
        props = Presentation(str(deck)).core_properties
        assert (props.author, props.last_modified_by, props.title) == ("", "", "Final findings")
        with zipfile.ZipFile(deck) as z:
            everything = b"".join(z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels")))
        for name in ("Carla", "Corporate", "Steve Canny", "Q3 board deck", *PLANTED.values()):
            assert name.encode() not in everything, (name, extra)
