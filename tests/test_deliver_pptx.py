"""The findings deck (appraise.io.deliver.pptx), read back with python-pptx: what a user opens in PowerPoint.

Documents are built by hand (every block kind, long and wide tables, long findings) and from real appraisals;
the slides' titles and order, table cells and fills, chart types and values, notes, continuation slides, a
template's master, layouts and kept slides are read from the written file. Tables and charts are native shapes,
never pictures (X1). LibreOffice opens the deck where it is installed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from office import NO_SOFFICE, SOFFICE, convert_with_soffice, pdf_pages
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Inches

from appraise.errors import UsageError
from appraise.io.deliver import write
from appraise.schemes.document import (
    Bullets,
    Cell,
    Chart,
    Document,
    Facts,
    Findings,
    Paragraph,
    Section,
    Series,
    Signatures,
    Table,
    cell_text,
)

PALETTE = {"FM": "#00B050", "LM": "#FFFF00", "PM": "#FF0000"}


def every_block() -> Document:
    ratings = Table(columns=("Practice", "P1", "P2", "OU"),
                    rows=(("XA 1.1", "FM", "LM", "LM"), ("XA 1.2", "PM", Cell("NA", fill="#000000"), "PM"),
                          ("XA 1.3", Cell("FM", fill="#ABCDEF", bold=True, link="https://example.org/ev/1"), "FM", "FM")),
                    title="Practices", groups=(("", 1), ("Projects", 2), ("", 1)), coloured=True)
    chart = Chart("Profile", ("XA", "XB", "XC"), (Series("Level", (3, 2, None)), Series("Target", (3, 3, 3))),
                  y_max=5)
    return Document(
        title="Final findings", subtitle="Zeta Unit", palette=PALETTE, sections=(
            Section("cover", "Final findings", (Paragraph("Zeta Unit\nModel Q 9\n2026-12-06"),), kind="title"),
            Section("overview", "Overview", kind="divider", blocks=(Paragraph("Why we are here"),)),
            Section("scope", "Scope", (Facts((("Unit", "Zeta Unit"), ("Sponsor", ""))),
                                       Bullets(("first aim", "second aim"), title="Objectives")),
                    notes="From the plan."),
            Section("grid", "Ratings grid", (ratings,), notes="R1.1: a rule"),
            Section("chart", "Profile", (chart,)),
            Section("xa", "Area XA (XA)", (Findings((("Strengths", ("Good reviews",)), ("Weaknesses", ()))),)),
            Section("report-only", "Only in the report", (Paragraph("not on a slide"),), where=("report",)),
            Section("sign", "Team affirmation", (Signatures("We support these findings.",
                                                            (("Lead appraiser", "Ann Example"),)),), team=True),
        ))


def slides_of(path: Path) -> list:
    return list(Presentation(str(path)).slides)


def title(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def shapes(slide, kind):
    return [s for s in slide.shapes if s.shape_type == kind]


def texts(slide) -> list[str]:
    out = []
    for s in slide.shapes:
        if s.has_text_frame:
            out.extend(p.text for p in s.text_frame.paragraphs)
        if s.has_table:
            out.extend(c.text for row in s.table.rows for c in row.cells)
    return out


def grid(shape) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in shape.table.rows]


def no_pictures(path: Path) -> None:
    for slide in slides_of(path):
        assert not shapes(slide, MSO_SHAPE_TYPE.PICTURE)
    with zipfile.ZipFile(path) as z:
        assert not [n for n in z.namelist() if n.startswith("ppt/media/")]


def test_every_block_kind_is_drawn_natively_in_order(tmp_path):
    out = write(every_block(), "pptx", tmp_path / "deck.pptx")
    prs = Presentation(str(out))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(prs.slides)
    assert [title(s) for s in slides] == ["Final findings", "Overview", "Scope", "Ratings grid", "Profile",
                                          "Area XA (XA)", "Team affirmation"]
    cover, divider, scope, ratings, chart, findings, sign = slides
    assert "Model Q 9" in texts(cover) and "Zeta Unit" in texts(cover)
    assert "Why we are here" in texts(divider)
    assert divider.slide_layout != scope.slide_layout != cover.slide_layout
    # facts: a two-column table, the missing value said; bullets
    (facts,) = shapes(scope, MSO_SHAPE_TYPE.TABLE)
    assert grid(facts) == [["Unit", "Zeta Unit"], ["Sponsor", "not recorded"]]
    assert {"Objectives", "first aim", "second aim"} <= set(texts(scope))
    assert scope.notes_slide.notes_text_frame.text == "From the plan."
    # the coloured grid: the group row merged, the header, fills from the palette, Cell.fill wins
    (table,) = shapes(ratings, MSO_SHAPE_TYPE.TABLE)
    cells = grid(table)
    assert cells[1] == ["Practice", "P1", "P2", "OU"]
    assert cells[2:] == [["XA 1.1", "FM", "LM", "LM"], ["XA 1.2", "PM", "NA", "PM"], ["XA 1.3", "FM", "FM", "FM"]]
    group = table.table.cell(0, 1)
    assert group.is_merge_origin and group.span_width == 2 and group.text == "Projects"
    fill = {(r, c): str(table.table.cell(r, c).fill.fore_color.rgb) for r in (2, 3, 4) for c in (1, 2)}
    assert fill == {(2, 1): "00B050", (2, 2): "FFFF00", (3, 1): "FF0000", (3, 2): "000000", (4, 1): "ABCDEF",
                    (4, 2): "00B050"}
    black = table.table.cell(3, 2).text_frame.paragraphs[0].runs[0].font
    assert str(black.color.rgb) == "FFFFFF"
    linked = table.table.cell(4, 1).text_frame.paragraphs[0].runs[0]
    assert linked.font.bold and linked.hyperlink.address == "https://example.org/ev/1"
    assert any("FM" in t and "LM" in t and "PM" in t for t in texts(ratings))  # the legend line
    assert ratings.notes_slide.notes_text_frame.text == "R1.1: a rule"
    # the chart: a native clustered column chart holding the series' values
    (frame,) = [s for s in chart.shapes if s.has_chart]
    graph = frame.chart
    assert graph.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(graph.plots[0].categories) == ["XA", "XB", "XC"]
    assert [(s.name, tuple(s.values)) for s in graph.plots[0].series] == [("Level", (3.0, 2.0, None)),
                                                                         ("Target", (3.0, 3.0, 3.0))]
    assert (graph.value_axis.maximum_scale, graph.value_axis.major_unit) == (5.0, 1.0)
    assert graph.has_legend
    # findings: side by side, "None" when empty
    boxes = [s for s in findings.shapes if s.has_text_frame and s != findings.shapes.title]
    assert [b.text_frame.text for b in boxes] == ["Strengths", "Good reviews", "Weaknesses", "None"]
    assert boxes[2].left > boxes[0].left + boxes[0].width and boxes[2].top == boxes[0].top
    # signatures: the statement, then role, name and empty signature and date cells
    assert "We support these findings." in texts(sign)
    (table,) = shapes(sign, MSO_SHAPE_TYPE.TABLE)
    assert grid(table) == [["Role", "Name", "Signature", "Date"], ["Lead appraiser", "Ann Example", "", ""]]
    no_pictures(out)


def test_a_bar_chart_with_one_series_has_no_legend_and_keeps_whole_levels(tmp_path):
    doc = Document("D", "", (Section("c", "Capability", (Chart("Levels", ("P.1", "P.2"), (Series("CL", (1, 4)),),
                                                               kind="bar", y_max=5),)),))
    (slide,) = slides_of(write(doc, "pptx", tmp_path / "d.pptx"))
    graph = next(s for s in slide.shapes if s.has_chart).chart
    assert graph.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert not graph.has_legend
    assert tuple(graph.plots[0].series[0].values) == (1.0, 4.0)


def test_capability_levels_are_labelled_on_the_axis_and_a_hierarchy_is_indented(tmp_path):
    chart = Chart("CL", ("P.1",), (Series("CL", (2,)),), y_max=5, labels={i: f"CL{i}" for i in range(6)})
    tree = Table(("Element", "Value"), (("Area", "S"), ("Goal 1", "S"), ("Practice 1.1", "FM")), levels=(0, 1, 2))
    doc = Document("D", "", (Section("c", "Levels", (chart, tree)),))
    slides = slides_of(write(doc, "pptx", tmp_path / "d.pptx"))
    axis = next(s for s in slides[0].shapes if s.has_chart).chart.value_axis
    assert axis.tick_labels.number_format == '"CL"0'
    (table,) = [t for s in slides for t in shapes(s, MSO_SHAPE_TYPE.TABLE)]
    first = [table.table.cell(r, 0) for r in (1, 2, 3)]
    assert first[0].margin_left < first[1].margin_left < first[2].margin_left
    assert [c.text_frame.paragraphs[0].runs[0].font.bold for c in first] == [True, False, False]


def test_a_long_table_continues_on_more_slides_with_its_header(tmp_path):
    rows = tuple((f"XX {i}.1", f"statement number {i} " * 3, "FM" if i % 2 else "LM") for i in range(90))
    doc = Document("D", "", (Section("t", "Evidence", (Table(("Id", "Text", "Value"), rows, coloured=True),),
                                     notes="n"),), palette=PALETTE)
    slides = slides_of(write(doc, "pptx", tmp_path / "d.pptx"))
    assert len(slides) > 2
    assert [title(s) for s in slides] == ["Evidence"] + ["Evidence (cont.)"] * (len(slides) - 1)
    seen = []
    for slide in slides:
        (table,) = shapes(slide, MSO_SHAPE_TYPE.TABLE)
        cells = grid(table)
        assert cells[0] == ["Id", "Text", "Value"]
        seen.extend(tuple(r) for r in cells[1:])
        assert table.top + table.height <= Inches(7.5)
        assert slide.notes_slide.notes_text_frame.text == "n"
    assert seen == [tuple(r) for r in rows]


def test_a_wide_table_is_split_by_columns_repeating_the_frozen_one(tmp_path):
    units = tuple(f"PROJECT-{i:02}" for i in range(40))
    rows = tuple((f"XA {i}", *("FM",) * 40) for i in range(3))
    doc = Document("D", "", (Section("w", "Wide", (Table(("Practice", *units), rows, coloured=True),)),),
                   palette=PALETTE)
    slides = slides_of(write(doc, "pptx", tmp_path / "d.pptx"))
    tables = [t for s in slides for t in shapes(s, MSO_SHAPE_TYPE.TABLE)]
    assert len(tables) > 1
    headers = [grid(t)[0] for t in tables]
    assert all(h[0] == "Practice" for h in headers)
    assert list(dict.fromkeys(u for h in headers for u in h[1:])) == list(units)  # a part continued repeats
    for t in tables:
        assert t.left + t.width <= Inches(13.34)
        font = t.table.cell(1, 1).text_frame.paragraphs[0].runs[0].font
        assert font.size.pt >= 9


def test_long_findings_continue_and_nothing_is_lost(tmp_path):
    weak = tuple(f"Weakness {i}: the plan is not kept up to date across the sampled work (XA {i}.1)" for i in range(30))
    doc = Document("D", "", (Section("f", "Area XA", (Findings((("Strengths", ("One",)), ("Weaknesses", weak))),)),))
    slides = slides_of(write(doc, "pptx", tmp_path / "d.pptx"))
    assert len(slides) > 1 and title(slides[1]) == "Area XA (cont.)"
    shown = [t for s in slides for t in texts(s) if t.startswith("Weakness ")]
    assert shown == list(weak)
    assert sum(t == "One" for s in slides for t in texts(s)) == 1
    for slide in slides:
        for shape in slide.shapes:
            assert shape.top + shape.height <= Inches(7.5)


def test_a_long_paragraph_is_split_not_shrunk(tmp_path):
    words = " ".join(f"word{i}" for i in range(1500))
    doc = Document("D", "", (Section("p", "Notes", (Paragraph(words),)),))
    slides = slides_of(write(doc, "pptx", tmp_path / "d.pptx"))
    assert len(slides) > 1
    text = " ".join(t for s in slides for t in texts(s) if t.startswith("word"))
    assert text.split() == words.split()
    sizes = {r.font.size.pt for s in slides for sh in s.shapes if sh.has_text_frame and sh != s.shapes.title
             for p in sh.text_frame.paragraphs for r in p.runs}
    assert sizes == {16}


def test_no_text_is_added_that_the_document_does_not_hold(tmp_path):
    """Non-attribution (N1) rests on the document: the renderer writes its texts and its own words only."""
    doc = every_block()
    allowed = set(doc.texts("deck")) | {"None", "not recorded", ""}
    lines = {line for t in doc.texts("deck") for line in t.split("\n")}
    for slide in slides_of(write(doc, "pptx", tmp_path / "d.pptx")):
        for text in texts(slide):
            bare = text.removesuffix(" (cont.)")
            assert bare in allowed or bare in lines or {"FM", "LM", "PM"} >= set(bare.replace("■", " ").split()), text
    assert "Ann Example" not in str(doc.texts("deck", team=False))


# -- the user's template ------------------------------------------------------------------------------------------

DEFINITIONS = "Findings Definitions"


def corporate_template(path: Path) -> Path:
    """A corporate deck: a master with a mark of its own, renamed layouts, a definitions slide and another one."""
    prs = Presentation()
    names = {0: "Corp Cover", 1: "Corp Body", 2: "Corp Section"}
    for i, name in names.items():
        prs.slide_layouts[i].name = name
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    mark = scratch.shapes.add_textbox(Inches(0.2), Inches(7.0), Inches(3), Inches(0.4))
    mark.text_frame.text = "CORP-MASTER-MARK"
    prs.slide_master.shapes._spTree.append(mark._element)  # noqa: SLF001 - the master's own shape
    prs.part.drop_rel(prs.slides._sldIdLst[0].rId)  # noqa: SLF001
    prs.slides._sldIdLst.remove(prs.slides._sldIdLst[0])  # noqa: SLF001
    agenda = prs.slides.add_slide(prs.slide_layouts[1])
    agenda.shapes.title.text = "Old agenda"
    agenda.placeholders[1].text_frame.text = "OLD-AGENDA-TEXT"
    definitions = prs.slides.add_slide(prs.slide_layouts[1])
    definitions.shapes.title.text = DEFINITIONS
    definitions.placeholders[1].text_frame.text = "Weakness: the method's own words\nStrength: more of them"
    ids = "".join(f'<p14:sldId id="{el.id}"/>' for el in prs.slides._sldIdLst)  # noqa: SLF001
    sections = parse_xml(  # PowerPoint 2010's sections, naming the template's slides
        f'<p:extLst {nsdecls("p")} xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">'
        '<p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"><p14:sectionLst><p14:section name="Intro" '
        f'id="{{8E1B5A2F-3C4D-4E5F-9A6B-7C8D9E0F1A2B}}"><p14:sldIdLst>{ids}</p14:sldIdLst></p14:section>'
        "</p14:sectionLst></p:ext></p:extLst>")
    prs.part._element.append(sections)  # noqa: SLF001
    prs.save(str(path))
    return path


def templated() -> Document:
    return Document("Final findings", "Zeta", (
        Section("cover", "Final findings", (Paragraph("Zeta"),), kind="title"),
        Section("defs", "Findings definitions", (Paragraph("Copy them from your template"),),
                from_template="findings definitions"),
        Section("part", "Area findings", kind="divider"),
        Section("xa", "Area XA", (Findings((("Strengths", ()), ("Weaknesses", ("W (XA 1.1)",)))),)),
    ))


def test_a_template_gives_its_master_layouts_and_definitions_slide(tmp_path):
    source = corporate_template(tmp_path / "corp.pptx")
    out = write(templated(), "pptx", tmp_path / "deck.pptx", source)
    prs = Presentation(str(out))
    slides = list(prs.slides)
    assert [title(s) for s in slides] == ["Final findings", DEFINITIONS, "Area findings", "Area XA"]
    assert [s.slide_layout.name for s in slides] == ["Corp Cover", "Corp Body", "Corp Section", "Corp Body"]
    assert any(s.has_text_frame and s.text_frame.text == "CORP-MASTER-MARK" for s in prs.slide_master.shapes)
    kept = Presentation(str(source)).slides[1]
    assert slides[1].part.blob == kept.part.blob  # verbatim (FF2)
    assert "Copy them from your template" not in str([texts(s) for s in slides])
    assert "OLD-AGENDA-TEXT" not in str([texts(s) for s in slides])
    with zipfile.ZipFile(out) as z:
        assert not any(b"OLD-AGENDA-TEXT" in z.read(n) for n in z.namelist() if n.endswith(".xml"))
        assert b"sectionLst" not in z.read("ppt/presentation.xml")  # it named a slide that is gone
    with zipfile.ZipFile(source) as z:
        assert b"sectionLst" in z.read("ppt/presentation.xml")


def test_without_a_template_the_definitions_section_says_where_they_go(tmp_path):
    slides = slides_of(write(templated(), "pptx", tmp_path / "deck.pptx"))
    assert title(slides[1]) == "Findings definitions"
    assert "Copy them from your template" in texts(slides[1])


def test_a_potx_template_is_read_as_a_deck(tmp_path):
    deck = corporate_template(tmp_path / "corp.pptx")
    potx = tmp_path / "corp.potx"
    with zipfile.ZipFile(deck) as source, zipfile.ZipFile(potx, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            target.writestr(info, body)
    with pytest.raises(ValueError):
        Presentation(str(potx))  # python-pptx alone refuses it
    slides = slides_of(write(templated(), "pptx", tmp_path / "deck.pptx", potx))
    assert [s.slide_layout.name for s in slides][:2] == ["Corp Cover", "Corp Body"]
    assert title(slides[1]) == DEFINITIONS


@pytest.mark.parametrize("name, body, says", [
    ("corp.pptx", b"not a zip at all", "not a PowerPoint deck or template"),
    ("corp.pptx", None, "no such template"),
    ("corp.docx", b"PK", "a template is a PowerPoint deck (.pptx) or template (.potx)"),
])
def test_a_template_that_is_no_deck_is_refused_and_nothing_is_written(tmp_path, name, body, says):
    template = tmp_path / name
    if body is not None:
        template.write_bytes(body)
    dest = tmp_path / "deck.pptx"
    with pytest.raises(UsageError) as refused:
        write(templated(), "pptx", dest, template)
    assert says in str(refused.value) and name in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not dest.exists()


def test_a_damaged_zip_template_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    (tmp_path / "corp.pptx").write_bytes(buffer.getvalue())
    with pytest.raises(UsageError, match="corp.pptx: not a PowerPoint deck"):
        write(templated(), "pptx", tmp_path / "deck.pptx", tmp_path / "corp.pptx")


# -- real appraisals ------------------------------------------------------------------------------------------------


def deck_titles(doc: Document) -> list[str]:
    return [s.title or doc.title for s in doc.for_("deck")]


@pytest.mark.parametrize("sample", ["acme-ml2", "orion-v3", "acme-iso9001"])
def test_a_real_appraisal_deck_holds_its_document(tmp_path, sample):
    from appraise.services import build_sample
    from appraise.services.deliverables import document

    with build_sample(sample, tmp_path / "s.appraisal", who="Lead appraiser") as appraisal:
        doc = document(appraisal)
    out = write(doc, "pptx", tmp_path / "deck.pptx")
    slides = slides_of(out)
    titles = [title(s) for s in slides if not title(s).endswith("(cont.)")]
    assert titles == deck_titles(doc)
    tables = [b for s in doc.for_("deck") for b in s.blocks if isinstance(b, Table) and b.rows]
    drawn = [tuple(r) for s in slides for t in shapes(s, MSO_SHAPE_TYPE.TABLE) for r in grid(t)]
    for table in tables:
        for row in table.rows:
            assert tuple(cell_text(v) for v in row) in drawn
    no_pictures(out)


@pytest.mark.skipif(SOFFICE is None, reason=NO_SOFFICE)
def test_libreoffice_opens_the_deck(tmp_path):
    source = corporate_template(tmp_path / "corp.pptx")
    for name, template in (("plain.pptx", None), ("templated.pptx", source)):
        doc = every_block() if template is None else templated()
        out = write(doc, "pptx", tmp_path / name, template)
        pdf = convert_with_soffice(out, "pdf", tmp_path / "pdf")
        assert pdf_pages(pdf) == len(slides_of(out))


def test_the_export_command_writes_the_deck_and_refuses_a_bad_template(tmp_path, capsys):
    from cli_helpers import assert_one_line_error, run

    from appraise.services import build_sample

    build_sample("acme-ml2", tmp_path / "acme.appraisal", who="Lead appraiser").close()
    dest = tmp_path / "findings.pptx"
    rc, out, err = run(capsys, "export", tmp_path / "acme.appraisal", "--format", "pptx", "-o", dest)
    assert (rc, err) == (0, "")
    assert out.splitlines()[0] == f"Wrote {dest} (pptx)"
    assert title(slides_of(dest)[0]) == "Final findings"
    bad = tmp_path / "corp.pptx"
    bad.write_text("a note, not a deck")
    rc, out, err = run(capsys, "export", tmp_path / "acme.appraisal", "--format", "pptx", "-o", tmp_path / "b.pptx",
                       "--template", bad)
    assert_one_line_error(rc, out, err, "corp.pptx", "not a PowerPoint deck")
    assert not (tmp_path / "b.pptx").exists()


def test_a_long_title_is_set_smaller_to_stay_on_one_line_and_a_short_one_keeps_the_layouts_size(tmp_path):
    long = "SWE.1 Software Requirements Analysis and Traceability"
    doc = Document("D", "", (Section("a", "Scope"), Section("b", long)))
    short, wide = slides_of(write(doc, "pptx", tmp_path / "d.pptx"))
    assert short.shapes.title.text_frame.paragraphs[0].runs[0].font.size is None
    size = wide.shapes.title.text_frame.paragraphs[0].runs[0].font.size
    assert size is not None and 28 <= size.pt <= 40


def test_degenerate_blocks_are_drawn_as_none_or_mended_not_as_a_damaged_file(tmp_path):
    doc = Document("D", "", (Section("x", "Odd", (
        Chart("Empty chart", (), ()),
        Table(("A", "B", "C"), (("1", "2"),), groups=(("G", 5),)),  # a short row, a group wider than the table
        Table((), (("lost",),), title="No columns"),
        Findings(()),
    )),))
    out = write(doc, "pptx", tmp_path / "d.pptx")
    slides = slides_of(out)
    shown = [t for s in slides for t in texts(s)]
    assert "Empty chart" in shown and "No columns" in shown and shown.count("None") >= 3
    (table,) = [t for s in slides for t in shapes(s, MSO_SHAPE_TYPE.TABLE)]
    assert grid(table)[1:] == [["A", "B", "C"], ["1", "2", ""]]
    assert table.table.cell(0, 0).span_width == 3
    assert not [s for sl in slides for s in sl.shapes if s.has_chart]
    if SOFFICE:
        assert pdf_pages(convert_with_soffice(out, "pdf", tmp_path / "pdf")) == len(slides)


def test_a_template_with_only_a_blank_layout_still_gives_titled_slides(tmp_path):
    prs = Presentation()
    for layout in [lo for lo in prs.slide_layouts if lo.name != "Blank"]:
        prs.slide_layouts.remove(layout)
    prs.save(str(tmp_path / "bare.pptx"))
    slides = slides_of(write(templated(), "pptx", tmp_path / "deck.pptx", tmp_path / "bare.pptx"))
    assert {s.slide_layout.name for s in slides} == {"Blank"}
    assert [texts(s)[0] for s in slides] == ["Final findings", "Findings definitions", "Area findings", "Area XA"]
    assert "W (XA 1.1)" in texts(slides[3])


def test_the_deck_never_replaces_its_template(tmp_path):
    from pptx import Presentation

    from appraise.errors import UsageError
    from appraise.io.deliver import write as deliver
    from appraise.schemes.document import Document, Paragraph, Section

    template = tmp_path / "corp.pptx"
    Presentation().save(str(template))
    before = template.read_bytes()
    doc = Document("T", "", (Section("s", "S", (Paragraph("x"),)),))
    with pytest.raises(UsageError, match="is the template"):
        deliver(doc, "pptx", template, template)
    assert template.read_bytes() == before
