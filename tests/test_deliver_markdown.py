"""The Markdown report (issue 14, item 6): drawn from the scheme's Document, readable, a clean table in any viewer.

Each sample appraisal is exported with ``appraise export`` and read back the way a GitHub-flavoured viewer splits
it (``markdown_tables``): a rule's sentence once, a practice x project table per area, every row as wide as its
header whatever the team typed (a ``|``, a line break, a leading ``#``), ``--anonymize-projects`` leaving no code.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)
from markdown_tables import assert_clean_tables, cells, headings, rows_with, tables

from appraise.cli import main
from appraise.io.deliver.markdown import render, text
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
)
from appraise.schemes.scampi.method import RULES
from appraise.services import Appraisal

R3_1 = "satisfied: every practice is FI or LI at the organizational unit and no weakness was judged significant"


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled samples, built once (``appraise demo``); each test exports a copy."""
    folder = tmp_path_factory.mktemp("samples")
    built = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("APPRAISE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        for name in ("acme-ml2", "orion-v3", "acme-iso9001"):
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["demo", "--sample", name, "--to", str(folder / f"{name}.appraisal"), "--force"]) == 0
            built[name] = folder / f"{name}.appraisal"
    return built


def sample(samples: dict[str, Path], name: str, tmp_path: Path) -> Path:
    return Path(shutil.copy(samples[name], tmp_path / f"{name}.appraisal"))


def spice(path: Path, unit: str = "Body Electronics") -> Path:
    """An Automotive SPICE assessment of SWE.1 in two instances, some indicators and attributes rated."""
    with Appraisal.create(path, framework="aspice-3.1", unit=unit, projects=["ECU-A", "ECU-B"], who="lead",
                          target=2, areas=["SWE.1"]) as a:
        for pa, values in (("SWE.1 PA 1.1", ("F", "L")), ("SWE.1 PA 2.1", ("L", "P"))):
            for unit_code, value in zip(("ECU-A", "ECU-B"), values):
                a.cells.characterize(pa, unit_code, value)
        a.cells.characterize("SWE.1.BP1", "ECU-A", "L", note="trace matrix | stale\nsince May")
    return path


# -- the samples, exported ----------------------------------------------------------------------------------------


def test_a_rule_sentence_appears_once_and_tables_cite_its_id(capsys, samples, tmp_path):
    md = ok(capsys, "export", sample(samples, "acme-ml2", tmp_path), "-o", "-")
    assert md.count(R3_1) == 1  # was once per goal (20 times) before
    rule_cells = [row for t in tables(md) if "Rule" in t.columns for row in t.column("Rule")]
    assert rule_cells.count("R3.1") >= 19  # every satisfied goal's row cites it by id
    rows = [row for t in tables(md) for row in t.rows]
    for rule, sentence in RULES.items():  # no rule's sentence is stated in two rows
        assert sum(1 for row in rows for c in row if c.startswith(f"{rule}: {sentence[:20]}")) <= 1, rule


def test_a_practice_by_project_table_per_area(capsys, samples, tmp_path):
    path = sample(samples, "acme-ml2", tmp_path)
    md = ok(capsys, "export", path, "-o", "-")
    with Appraisal.open(path) as a:
        projects = list(a.info.projects)
        areas = list(a.info.areas)
        chars = a.reader.characterizations()
    by_area = {}
    for t in tables(md):
        if t.columns[2:2 + len(projects)] == projects:
            by_area[t.columns and t.heading.removeprefix("## ").split()[0]] = t
    assert sorted(by_area) == sorted(areas)  # one table per process area, the projects as columns
    reqm = by_area["REQM"]
    row = next(r for r in reqm.rows if r[0] == "REQM SP 1.3")
    assert row[2:2 + len(projects)] == [chars["REQM SP 1.3"][p] for p in projects]  # LI FI NY, as characterized
    assert row[2 + len(projects)] == "LI"  # the OU column
    assert [r[0] for r in reqm.rows if r[0].startswith("**")] == ["**REQM SG 1**", "**REQM GG 2**"]  # goals


@pytest.mark.parametrize("name", ["acme-ml2", "orion-v3", "acme-iso9001", "spice"])
def test_each_sample_is_clean_markdown(capsys, samples, tmp_path, name):
    path = spice(tmp_path / "ecu.appraisal") if name == "spice" else sample(samples, name, tmp_path)
    out = tmp_path / "report.md"
    assert ok(capsys, "export", path, "-o", out).strip() == f"Wrote {out} (md)"
    md = out.read_text(encoding="utf-8")
    found = assert_clean_tables(md)
    assert len(found) >= 3
    assert sum(1 for line in md.splitlines() if line.startswith("# ")) == 1
    assert "\n\n\n" not in md and md.endswith("\n") and not md.endswith("\n\n")
    assert all(h.startswith(("# ", "## ", "### ", "#### ")) for h in headings(md))
    assert md == ok(capsys, "export", path, "--format", "md", "-o", "-")  # stdout: the same report


def test_stdout_writes_nothing_else(capsys, samples, tmp_path):
    path = sample(samples, "orion-v3", tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    rc, out, err = run(capsys, "export", path, "-o", "-")
    assert (rc, err) == (0, "") and out.startswith("# ")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    with Appraisal.open(path) as a:
        units = a.info.projects
    assert all(u in out for u in units)


# -- what the team typed cannot break a table -------------------------------------------------------------------


def test_a_pipe_and_a_line_break_in_notes_findings_and_codes_keep_every_row_whole(capsys, tmp_path):
    path = tmp_path / "nasty.appraisal"
    with Appraisal.create(path, framework="cmmi-dev-1.3", unit="# Acme | Payments\n=cmd",
                          projects=["@P1", "#P|2", "-P3"], who="lead", target=2) as a:
        a.cells.characterize("REQM SP 1.1", "#P|2", "LI", note="matrix | stale\nsince May")
        a.cells.characterize("REQM SP 1.2", "@P1", "FI", note="- not a list\n> nor a quote")
        a.findings.save("weakness", "REQM", "links | missing\n# not a heading", practice="REQM SP 1.1")
        a.decisions.decide("SAM", "not_applicable", "no suppliers | none\n2. planned")
    md = ok(capsys, "export", path, "-o", "-")
    assert_clean_tables(md)
    assert [h for h in headings(md) if h.startswith("# ")] == [headings(md)[0]]
    assert "\\# Acme \\| Payments<br>=cmd" in md  # the unit: escaped once, its line break a <br>
    assert rows_with(md, "REQM SP 1.1", "\\#P\\|2", "matrix \\| stale<br>since May")  # the note
    assert rows_with(md, "REQM SP 1.2", "@P1", "\\- not a list<br>> nor a quote")
    assert rows_with(md, "SAM", "no suppliers \\| none<br>2. planned")
    assert "- links \\| missing<br># not a heading (REQM SP 1.1)" in md  # the finding, under Weaknesses
    reqm = next(t for t in tables(md) if "\\#P\\|2" in t.columns and t.heading.startswith("## REQM"))
    assert reqm.columns[2:5] == ["@P1", "\\#P\\|2", "-P3"]  # three project columns, not four
    assert next(r for r in reqm.rows if r[0] == "REQM SP 1.1")[3] == "LI"


def test_text_is_made_safe_once():
    assert text("a | b") == "a \\| b"
    assert text("line one\nline two\r\nthree\rfour") == "line one<br>line two<br>three<br>four"
    assert text("# not a heading") == "\\# not a heading"
    assert [text(t) for t in (">q", "- x", "+ y", "* z", "=cmd", "2. two", "3) three", "---", "~~~")] == \
        ["\\>q", "\\- x", "\\+ y", "\\* z", "\\=cmd", "2\\. two", "3\\) three", "\\---", "\\~~~"]
    assert [text(t) for t in ("-2 defects", "+1 review", "7.5", "2026-12-04", "8.5.1 Control")] == \
        ["-2 defects", "+1 review", "7.5", "2026-12-04", "8.5.1 Control"]  # nothing a block starts with
    assert text("`rm -rf` now") == "\\`rm -rf\\` now"  # backticks literal: no code span
    assert text("<script>x</script> a <= b") == "\\<script>x\\</script> a <= b"
    assert text("&amp; C:\\dir\\ \\|") == "\\&amp; C:\\dir\\ \\\\\\|"  # a backslash escapes only punctuation
    assert text("  padded  \n  lines  ") == "padded<br>lines"
    assert text("x\\\ny") == "x\\\\<br>y"  # a backslash before a break does not escape the <br>


# -- the blocks ---------------------------------------------------------------------------------------------------


def _doc(*blocks, title: str = "Part | one", **kw) -> Document:
    return Document("Final findings", "Acme\nPayments", (
        Section("cover", "Final findings", (Paragraph("Acme\nPayments\nCMMI V3.0\n2026-12-04"),), kind="title",
                where=("deck", "report")),
        Section("part", title, tuple(blocks), **kw),
        Section("deck-only", "Only on slides", (Paragraph("speaker text"),), where=("deck",)),
        Section("sheet-only", "Only in the workbook", (Paragraph("sheet text"),), where=("workbook",)),
    ))


def test_the_document_s_report_sections_in_order_title_and_cover_once():
    md = render(_doc(Paragraph("Body text."), Paragraph("R5.1: the rule", "note"),
                     Paragraph("Findings reflect the samples.", "disclaimer")))
    assert md == ("# Final findings\n\nAcme<br>Payments\n\nCMMI V3.0 · 2026-12-04\n\n## Part \\| one\n\n"
                  "Body text.\n\n*R5.1: the rule*\n\n> Findings reflect the samples.\n")
    assert "speaker text" not in md and "sheet text" not in md


def test_facts_bullets_findings_and_their_empty_texts():
    md = render(_doc(Facts((("Sponsor", "CFO"), ("Dates", "")), title="ADS"), Bullets(("one", "two | 2"), "Kept"),
                     Bullets((), "Empty", empty="None recorded"),
                     Findings((("Strengths", ("Good (ALP 1.1)",)), ("Weaknesses", ())))))
    body = md.split("## Part \\| one\n\n", 1)[1]
    assert body == ("**ADS**\n\n- **Sponsor**: CFO\n- **Dates**: not recorded\n\n**Kept**\n\n- one\n- two \\| 2\n\n"
                    "**Empty**\n\n- None recorded\n\n### Strengths\n\n- Good (ALP 1.1)\n\n### Weaknesses\n\n- None\n")


def test_a_table_with_groups_cells_links_and_short_rows():
    table = Table(("Practice", "Title", "P1", "P2"),
                  ((Cell("ALP L1", bold=True), "Level | one", "FM", Cell("LM", fill="#FFFF00")),
                   ("ALP 1.1", "Do it", Cell("https://x.example/a|b", link="https://x.example/a|b")),
                   ("ALP 1.2", "Doc", Cell("plan", link="https://x.example/plan"), Cell("file", link="\\\\srv\\x"))),
                  title="ALP Alpine", groups=(("", 2), ("Units | all", 2)), coloured=True)
    md = render(_doc(table, Table(("A", "B"), (), title="Nothing", empty="No decisions recorded.")))
    (grid, empty) = tables(md) + [None]  # the empty table is a line, not a table
    assert empty is None and "### Nothing\n\nNo decisions recorded.\n" in md
    assert "### ALP Alpine\n\n**Units \\| all**: P1, P2\n\n| Practice | Title | P1 | P2 |" in md
    assert grid.rows == [["**ALP L1**", "Level \\| one", "FM", "LM"],
                         ["ALP 1.1", "Do it", "<https://x.example/a%7Cb>", ""],
                         ["ALP 1.2", "Doc", "[plan](<https://x.example/plan>)", "file"]]
    assert_clean_tables(md)


def test_a_table_titled_as_its_section_is_not_titled_twice():
    md = render(_doc(Table(("A",), (("1",),), title="Part | one")))
    assert md.count("Part \\| one") == 1


def test_a_chart_is_the_table_of_its_values_and_signatures_have_empty_cells():
    chart = Chart("Capability profile", ("SWE.1", "SWE.2"),
                  (Series("ECU-A", (2.0, None)), Series("Aggregated", (1.0, 3.0))), labels={2: "CL2"})
    md = render(_doc(chart, Signatures("The team affirms.", (("Lead appraiser", "Ann Lee"),)), team=True))
    grids = tables(md)
    assert [(g.columns, g.rows) for g in grids] == [
        (["", "ECU-A", "Aggregated"], [["SWE.1", "CL2", "1"], ["SWE.2", "—", "3"]]),
        (["Role", "Name", "Signature", "Date"], [["Lead appraiser", "Ann Lee", "", ""]])]
    assert "**Capability profile**" in md and "The team affirms." in md
    unsigned = render(_doc(Signatures("Nobody yet.", ())))
    assert tables(unsigned)[0].rows == [["", "", "", ""]]  # a line to sign by hand
    assert_clean_tables(md)


def test_no_line_ends_in_a_space_and_blocks_are_one_blank_line_apart():
    md = render(_doc(Table(("A", "B"), (("", ""), ("x ", " y"))), Paragraph("  end  ")))
    assert all(line == line.rstrip() for line in md.splitlines())
    assert "\n\n\n" not in md
    assert cells("| a \\| b | c |") == ["a \\| b", "c"]


# -- anonymized projects; the data formats ---------------------------------------------------------------------


def test_anonymize_projects_leaves_no_project_code(capsys, samples, tmp_path):
    path = sample(samples, "acme-ml2", tmp_path)
    md = ok(capsys, "export", path, "-o", "-", "--anonymize-projects")
    # the evidence locations too: "SRS-ALPHA.docx" would name the project
    located = [row[t.columns.index("Location")] for t in tables(md) if "Location" in t.columns for row in t.rows]
    assert any("SRS-Project 1" in loc for loc in located)
    for code in ("ALPHA", "BETA", "GAMMA"):
        assert not re.search(rf"(?i)(?<![A-Za-z0-9]){code}(?![A-Za-z0-9])", md), code
    assert rows_with(md, "REQM SP 1.4", "Project 2")  # the notes name the anonymized project
    reqm = next(t for t in tables(md) if t.heading.startswith("## REQM"))
    assert reqm.columns[2:5] == ["Project 1", "Project 2", "Project 3"]
    out = tmp_path / "anon.md"
    ok(capsys, "export", path, "-o", out, "--anonymize-projects")
    assert out.read_text(encoding="utf-8") == md
    assert "ALPHA" in ok(capsys, "export", path, "-o", "-")  # without the flag: the codes


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_data_formats_refuse_to_anonymize_and_write_nothing(capsys, samples, tmp_path, fmt):
    path = sample(samples, "acme-ml2", tmp_path)
    out = tmp_path / f"data.{fmt}"
    assert_one_line_error(*run(capsys, "export", path, "--format", fmt, "-o", out, "--anonymize-projects"),
                          "--anonymize-projects", fmt)
    assert not out.exists()
    assert_one_line_error(*run(capsys, "export", path, "--format", fmt, "-o", "-", "--anonymize-projects"),
                          "--anonymize-projects")


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "html", "xlsx", "pptx"])
def test_an_export_never_replaces_the_appraisal_file(capsys, samples, tmp_path, fmt):
    path = sample(samples, "acme-ml2", tmp_path)
    before = path.read_bytes()
    assert_one_line_error(*run(capsys, "export", path, "--format", fmt, "-o", path), "is the appraisal file itself")
    assert path.read_bytes() == before
    with Appraisal.open(path) as a:  # still an appraisal
        assert a.info.unit == "Acme Payments"


def test_a_format_and_an_extension_that_disagree_are_refused(capsys, samples, tmp_path):
    path = sample(samples, "acme-ml2", tmp_path)
    out = tmp_path / "deck.xlsx"
    assert_one_line_error(*run(capsys, "export", path, "--format", "pptx", "-o", out), "takes the extension .pptx")
    assert not out.exists()
    assert_one_line_error(*run(capsys, "export", path, "--format", "pptx", "-o", "-"), "standard output")


def test_anonymize_finds_codes_in_paths_and_leaves_other_words():
    from appraise.schemes.document import anonymize

    doc = Document("T", "", (Section("a", "A", (Paragraph(
        "P1 and ALPHA: https://dms.x/p1/plan.pdf, \\\\srv\\p2\\x, SRS-alpha.docx; p1 alone, P10, ALPHABET stay"),)),))
    text = anonymize(doc, ["P1", "P2", "ALPHA"]).sections[0].blocks[0].text  # type: ignore[union-attr]
    assert text == ("Project 1 and Project 3: https://dms.x/Project 1/plan.pdf, \\\\srv\\Project 2\\x, "
                    "SRS-Project 3.docx; p1 alone, P10, ALPHABET stay")
