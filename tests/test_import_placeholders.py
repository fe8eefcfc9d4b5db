"""Placeholder rows are not evidence: a template's TBD, N/A, -, "Evidence name", "link", empty rows and sample text
repeated on many rows are counted and listed with their cells, never linked (io/placeholders.py holds the rule)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, ok  # noqa: F401 - _in_tmp: each test in its own folder
from openpyxl import Workbook

from appraise.errors import InputFileError
from appraise.io.layouts import ImportSpec
from appraise.io.placeholders import REPEATED_SAMPLE_ROWS, is_none, is_pending, is_placeholder
from appraise.services import Appraisal


@pytest.mark.parametrize("text", ["TBD", "tbd", "N/A", "na", "NA", "placeholder", "Placeholder", "-", "—", "?",
                                  "xxx", "XXX", "...", "Evidence name", "EVIDENCE NAME", "link", "none"])
def test_template_texts_are_placeholders_in_any_case(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["Project plan", "SRS v2", "x", "N/A report", "Link budget analysis", "TBD list",
                                  "Review 1/2", "2024-01-05"])
def test_real_titles_are_not(text):
    assert not is_placeholder(text)


def test_a_reference_to_be_filled_in_and_one_saying_there_is_none():
    assert is_pending("link") and is_pending("TBD") and is_pending("?")
    assert not is_pending("N/A") and is_none("N/A") and is_none("-") and is_none("—")
    assert not is_pending("docs/srs.docx") and not is_none("docs/srs.docx")


def plan(appraisal: Path, path: Path, spec: ImportSpec | None = None):
    with Appraisal.open(appraisal) as a:
        return a.evidence.plan_import(path, spec)


CSV = ("Practice,Project,Title,Kind,Location\n"
       "REQM SP 1.1,ALPHA,Requirements spec,artifact,docs/srs.docx\n"
       "REQM SP 1.1,ALPHA,TBD,artifact,\n"
       "REQM SP 1.2,ALPHA, N/A ,artifact,\n"
       "REQM SP 1.2,BETA,Evidence name,artifact,link\n"
       "REQM SP 1.3,BETA,-,artifact,\n"
       "XYZ 9,DELTA,?,artifact,\n"  # a placeholder's other cells are not checked: the row is not evidence
       "REQM SP 1.3,BETA,Trace matrix,artifact,TBD\n"  # a reference to be filled in
       "REQM SP 1.4,BETA,Kick-off minutes,affirmation,N/A\n")  # a reference saying there is none


def test_placeholder_rows_of_a_csv_index_are_counted_and_listed_never_linked(appraisal_file, write_csv):
    path = write_csv("index.csv", CSV)
    p = plan(appraisal_file, path)
    assert p.placeholders == [(f"{path}:3: column 'Title'", "TBD"), (f"{path}:4: column 'Title'", "N/A"),
                              (f"{path}:5: column 'Title'", "Evidence name"), (f"{path}:6: column 'Title'", "-"),
                              (f"{path}:7: column 'Title'", "?"), (f"{path}:8: column 'Location'", "TBD")]
    assert [(i.title, i.location) for i in p.items] == [("Requirements spec", "docs/srs.docx"),
                                                         ("Kick-off minutes", "")]
    assert sorted((p_, c) for _ref, p_, c in p.links) == [("REQM SP 1.1", "ALPHA"), ("REQM SP 1.4", "BETA")]
    assert p.rows == 8


def test_the_cli_prints_the_count_and_the_first_placeholders_with_their_cells(appraisal_file, write_csv, capsys):
    path = write_csv("index.csv", CSV)
    out = ok(capsys, "evidence", "import", appraisal_file, path)
    assert out.startswith("Imported 2 new evidence items (1 artifacts, 1 affirmations), 0 already in the appraisal, "
                          "2 new links from 8 rows.")
    assert "6 placeholder rows (template text, not evidence) not imported:" in out
    assert f"  {path}:3: column 'Title': 'TBD'" in out
    assert "  ... and 1 more" in out
    with Appraisal.open(appraisal_file) as a:
        assert sorted(e.title for e in a.evidence.items()) == ["Kick-off minutes", "Requirements spec"]


def test_an_empty_title_in_a_long_index_stays_a_problem(appraisal_file, write_csv):
    path = write_csv("index.csv", "Practice,Project,Title,Kind\nREQM SP 1.1,ALPHA,  ,artifact\n")
    with pytest.raises(InputFileError, match="column 'Title': is empty: every evidence item needs a title"):
        plan(appraisal_file, path)


# -- the OE database (rows layout) -----------------------------------------------------------------------------

HEADER = ["Heading", "Level\nPractice\nProject\nOE Source", "OE reference", "URL", "Engl", "OE Type", "OE Source",
          "Affirmation Source (Session and Person)", "Suff. Artifact \nYes | No", "Affirm.\nYes | No", "Questions",
          "Weakness", "Strength", "Recommendations", "Rating/\nChar", "Notes", "Update\nY"]
BANNER = [["Fictional area"], ["Fictional statement 1"], [], [], [], [], []]


def oe(kind: str, b: str = "", c: str = "", d: str = "") -> list[str]:
    return [kind, b, c, d, "engl", "ok file", "OE DB", "", "", "", "", "", "", "", "", "", ""]


def oe_database(path: Path) -> Path:
    reqm = BANNER + [HEADER,
                     oe("2 Prac_OU", "REQM SP 1.1", "Fictional statement 2"),
                     oe("4 Prac_Instan", "REQM SP 1.1", "ALPHA"),
                     oe("5 OE", "ALPHA", "Requirements spec", "docs/srs.docx"),
                     oe("5 OE", "ALPHA", "Evidence name", "link"),  # the template's own placeholder row
                     oe("5 OE", "ALPHA", "", ""),  # a row nobody filled in
                     oe("5 OE", "BETA", "Trace matrix", "TBD"),
                     oe("5 OE", "BETA", "Kick-off minutes", "N/A")]
    pp = BANNER + [HEADER]
    practices = ["PP SP 1.1", "PP SP 1.2", "PP SP 1.3", "PP SP 1.4", "PP SP 2.1", "PP SP 2.2", "PP SP 2.3",
                 "PP SP 2.4", "PP SP 2.5", "PP SP 2.6"]
    for n, practice in enumerate(practices):
        pp.append(oe("2 Prac_OU", practice, "Fictional statement"))
        for unit in ("ALPHA", "BETA"):
            pp.append(oe("4 Prac_Instan", practice, unit))
            pp.append(oe("5 OE", unit, "Artifact name here", ""))  # the template's sample text, on every practice
            if unit == "ALPHA" and n < 5:
                pp.append(oe("5 OE", unit, "Status report", ""))  # a real document, named on five rows
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (("REQM", reqm), ("PP", pp)):
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_an_oe_databases_placeholder_rows_and_repeated_sample_text_are_not_evidence(tmp_path, appraisal_file,
                                                                                   capsys):
    path = oe_database(tmp_path / "oe.xlsx")
    source = hashlib.sha256(path.read_bytes()).digest()
    p = plan(appraisal_file, path, ImportSpec(layout="rows", sheets="*", header_row=8))
    assert REPEATED_SAMPLE_ROWS == 20
    assert p.placeholders[:3] == [(f"{path}!REQM:C12", "Evidence name"), (f"{path}!REQM:C13", ""),
                                  (f"{path}!REQM:D14", "TBD")]
    samples = p.placeholders[3:]
    assert len(samples) == 20 and {text for _w, text in samples} == {"Artifact name here"}
    assert samples[0][0] == f"{path}!PP:C11"
    assert sorted((i.title, i.location) for i in p.items) == [("Kick-off minutes", ""), ("Requirements spec",
                                                                                          "docs/srs.docx"),
                                                               ("Status report", "")]
    by_title = {i.title: n for n, i in enumerate(p.items)}
    status = sorted(practice for ref, practice, _c in p.links if ref == by_title["Status report"])
    assert status == ["PP SP 1.1", "PP SP 1.2", "PP SP 1.3", "PP SP 1.4", "PP SP 2.1"]
    assert len(p.links) == 7 and all(0 <= ref < len(p.items) for ref, _p, _c in p.links)

    out = ok(capsys, "evidence", "import", appraisal_file, path, "--layout", "rows", "--sheets", "*", "--header-row", "8")
    assert out.startswith("Imported 3 new evidence items")
    assert "23 placeholder rows (template text, not evidence) not imported:" in out
    with Appraisal.open(appraisal_file) as a:
        assert sorted(e.title for e in a.evidence.items()) == ["Kick-off minutes", "Requirements spec",
                                                                "Status report"]
        assert sum(e.links for e in a.evidence.items()) == 7
    assert hashlib.sha256(path.read_bytes()).digest() == source
