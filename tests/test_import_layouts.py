"""The layouts of an import (long, wide, rows) over real files: workbooks written with openpyxl to tmp_path and
CSV files, read back as records with the fields an importer asks for.

Until ``appraise.io.sheets.open_sheets`` reads workbooks, a workbook's sheets are read here by ``WorkbookSheet``, a
small ``Sheet`` that holds the cells as text and fills merged ranges as the real one does ("unmerge and fill");
``records_from_sheets`` is the layouts' entry after the file is opened (``read_records`` = open + that).
Fixtures use made-up areas and text, never a model's statements.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from appraise.errors import InputFileError
from appraise.io.characterizations import CHARACTERIZATION_FIELDS
from appraise.io.evidence import EVIDENCE_FIELDS
from appraise.io.headers import EXTRA_SYNONYMS, fold, propose_mapping
from appraise.io.layouts import (
    ImportSpec,
    Records,
    looks_like_location,
    map_columns,
    read_records,
    records_from_sheets,
)
from appraise.io.oe_rows import row_roles
from appraise.io.sheets import Sheet
from appraise.io.table import Field, Problems

EVIDENCE = ("practice", "project", "title", "kind", "location", "area", "process")
CHARACTERIZATIONS = ("practice", "project", "value", "note", "area", "process", "self_check")
FINDING_FIELDS = {f.name: f for f in (Field("practice", ("practice id",)), Field("project", ()),
                                      Field("weakness", ()), Field("strength", ()), Field("area", ()),
                                      Field("process", ()), Field("description", ()))}
FINDINGS = ("practice", "project", "weakness", "strength", "area", "process")
#: A person's name in column H of a ``4 Prac_Instan`` row: must reach no record.
PERSON = "Jane Roe"


@dataclass
class WorkbookSheet(Sheet):
    """One sheet of a workbook as text cells (merged ranges filled with their top-left value)."""

    grid: list[list[str]] = field(default_factory=list)

    def rows(self, problems: Problems | None = None) -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(self.grid[self.header_row:], start=self.header_row + 1):
            if any(c for c in cells):
                yield number, cells


def workbook_sheets(path: Path, header_row: int = 1, names: tuple[str, ...] = ()) -> list[Sheet]:
    wb = openpyxl.load_workbook(path, data_only=True)  # not read-only: the test needs the merged ranges
    out: list[Sheet] = []
    for ws in wb.worksheets:
        if names and ws.title not in names:
            continue
        grid = [["" if v is None else str(v).strip() for v in row] for row in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = top
        out.append(WorkbookSheet(path, ws.title, header_row, grid[header_row - 1], header_row != 1, grid=grid))
    wb.close()
    return out


def write_workbook(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None
                   ) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    wb.save(path)
    return path


def all_records(records: Records) -> list[dict[str, str]]:
    problems = Problems(records.path)
    out = [dict(zip(records.fields, r.values, strict=True)) for r in records.iterate(problems)]
    assert problems.count == 0, problems.lines
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- long ----------------------------------------------------------------------------------------------

def test_long_csv_with_spanish_headers_units_and_a_default_project(tmp_path):
    path = tmp_path / "indice.csv"
    path.write_text("Práctica,Proyecto,Evidencia,Tipo,Ubicación,Comentario libre\n"
                    "ALP 1.1,Equipo A,Plan del proyecto,artifact,docs/plan.docx,x\n"
                    "ALP 2.1,,Acta de revisión,affirmation,,y\n", encoding="utf-8")
    before = digest(path)
    spec = ImportSpec(units={"equipo a": "ALPHA"}, project="BETA")
    records = read_records(path, spec, EVIDENCE_FIELDS, EVIDENCE, ("ALPHA", "BETA"))
    rows = all_records(records)
    assert [(r["practice"], r["project"], r["title"], r["kind"], r["location"]) for r in rows] == [
        ("ALP 1.1", "ALPHA", "Plan del proyecto", "artifact", "docs/plan.docx"),
        ("ALP 2.1", "BETA", "Acta de revisión", "affirmation", "")]
    assert records.mapped["practice"] == "Práctica" and records.header_of("location") == "Ubicación"
    assert records.ignored == ["Comentario libre"] and records.row_count == 2
    first = next(records.iterate(Problems(path)))
    assert records.where(first, "title") == f"{path}:2: column 'Evidencia'"
    assert digest(path) == before


def test_long_german_and_french_headers_map_every_field():
    german = ["Praktik", "Projekt", "Nachweis", "Art", "Ablage", "Bemerkung"]
    columns, _ = map_columns(german, EVIDENCE_FIELDS, {}, "x.csv:1")
    assert columns == {"practice": 0, "project": 1, "title": 2, "kind": 3, "location": 4, "description": 5}
    french = ["Pratique", "Projet", "Évaluation", "Évaluateur", "Remarque"]
    fields = {**CHARACTERIZATION_FIELDS, "assessor": Field("assessor", ())}
    columns, _ = map_columns(french, fields, {}, "x.csv:1")
    assert columns == {"practice": 0, "project": 1, "value": 2, "assessor": 3, "note": 4}


def test_every_field_has_spanish_german_and_french_names_each_meaning_one_field():
    assert set(EXTRA_SYNONYMS) == {"practice", "project", "title", "kind", "location", "value", "assessor", "note",
                                   "date", "source", "area", "process", "description", "channel", "weakness",
                                   "strength"}
    meaning: dict[str, str] = {}
    for name, synonyms in EXTRA_SYNONYMS.items():
        for synonym in synonyms:
            assert meaning.setdefault(fold(synonym), name) == name, synonym
    assert fold(" Práctica-ID ") == "practicaid" and fold("ÉVALUATION") == "evaluation"


def test_the_dialog_proposal_guesses_each_field_once_and_never_refuses():
    headers = ["Nº", "Práctica", "Proyecto", "Evidencia", "Tipo de evidencia", "Ubicación", "Practice ID (old)"]
    assert propose_mapping(headers, EVIDENCE_FIELDS) == {"practice": 1, "project": 2, "title": 3, "kind": 4,
                                                         "location": 5}
    assert propose_mapping(["Bewertung", "Prüfer", "Bemerkung", "Projektcode", "Praktik"],
                           ["value", "assessor", "note", "project", "practice"]) == {
        "value": 0, "assessor": 1, "note": 2, "project": 3, "practice": 4}
    assert propose_mapping(["Proj.", "Evidence Titel"], EVIDENCE_FIELDS) == {"project": 0, "title": 1}
    assert propose_mapping([], EVIDENCE_FIELDS) == {}
    assert propose_mapping(["", "???", "12"], EVIDENCE_FIELDS) == {}


def test_an_empty_column_in_the_map_leaves_a_field_no_column_whatever_the_headers_say(tmp_path):
    path = tmp_path / "index.csv"
    path.write_text("Practice,Project,Title,Kind,Collected by\nALP 1.1,ALPHA,Plan,artifact,Jane Roe\n",
                    encoding="utf-8")
    records = read_records(path, ImportSpec(columns={"collected_by": ""}), EVIDENCE_FIELDS,
                           ("practice", "title", "collected_by"))
    assert all_records(records)[0]["collected_by"] == "" and "collected_by" not in records.mapped
    assert records.ignored == ["Collected by"]
    taken = read_records(path, ImportSpec(), EVIDENCE_FIELDS, ("practice", "title", "collected_by"))
    assert all_records(taken)[0]["collected_by"] == "Jane Roe"  # without the empty column, the header takes it


def test_long_without_a_project_column_needs_the_spec_project(tmp_path):
    path = tmp_path / "one-project.csv"
    path.write_text("Practice,Title,Kind\nALP 1.1,Plan,artifact\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="missing column 'project'"):
        read_records(path, ImportSpec(), EVIDENCE_FIELDS, EVIDENCE)
    rows = all_records(read_records(path, ImportSpec(project="ECU-A"), EVIDENCE_FIELDS, EVIDENCE))
    assert rows[0]["project"] == "ECU-A"


def test_long_workbook_sheet_where_names_sheet_row_and_column(tmp_path):
    path = write_workbook(tmp_path / "index.xlsx", {"Index": [
        ["Fictional evidence index"], [], ["Practice", "Project", "Title", "Kind"],
        ["ALP 1.1", "ALPHA", "Plan", "artifact"]]})
    records = records_from_sheets(path, workbook_sheets(path, header_row=3), ImportSpec(), EVIDENCE_FIELDS,
                                  EVIDENCE)
    record = next(records.iterate(Problems(path)))
    assert records.where(record, "title") == f"{path}!Index:C4" and record.row == 4
    assert records.notes == ["Index: header found on row 3"]


# -- wide ----------------------------------------------------------------------------------------------

def test_wide_evidence_one_item_per_line_with_locations_and_units(tmp_path):
    path = write_workbook(tmp_path / "matrix.xlsx", {"Matrix": [
        ["Area", "Practice", "alpha", "Team B", "Status"],
        ["ALP", "1.1", "plan.docx\n\n  Kick-off minutes \nhttps://wiki.example/alp", "", "ignored"],
        ["ALP", "2.1", "", "\\\\server\\share\\review.pdf", ""]]})
    before = digest(path)
    records = records_from_sheets(path, workbook_sheets(path), ImportSpec(layout="wide", units={"team b": "BETA"}),
                                  EVIDENCE_FIELDS, EVIDENCE, ("ALPHA", "BETA"))
    rows = all_records(records)
    assert [(r["area"], r["practice"], r["project"], r["title"], r["location"], r["kind"]) for r in rows] == [
        ("ALP", "1.1", "ALPHA", "plan.docx", "plan.docx", "artifact"),
        ("ALP", "1.1", "ALPHA", "Kick-off minutes", "", "artifact"),
        ("ALP", "1.1", "ALPHA", "https://wiki.example/alp", "https://wiki.example/alp", "artifact"),
        ("ALP", "2.1", "BETA", "\\\\server\\share\\review.pdf", "\\\\server\\share\\review.pdf", "artifact")]
    first = next(records.iterate(Problems(path)))
    assert records.where(first, "title") == f"{path}!Matrix:C2"
    assert records.where(first, "practice") == f"{path}!Matrix:B2"
    assert records.ignored == ["Status"]
    assert digest(path) == before


def test_wide_characterizations_take_the_cell_and_skip_empty_ones(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("Practice,ALPHA,BETA\nALP 1.1,FM,LM\nALP 2.1,,PM\n", encoding="utf-8")
    rows = all_records(read_records(path, ImportSpec(layout="wide"), CHARACTERIZATION_FIELDS, CHARACTERIZATIONS,
                                    ("ALPHA", "BETA"), purpose="characterizations"))
    assert [(r["practice"], r["project"], r["value"]) for r in rows] == [
        ("ALP 1.1", "ALPHA", "FM"), ("ALP 1.1", "BETA", "LM"), ("ALP 2.1", "BETA", "PM")]


def test_wide_with_no_unit_column_says_how_to_name_them(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("Practice,Team A\nALP 1.1,FM\n", encoding="utf-8")
    with pytest.raises(InputFileError, match='no column of this wide sheet names a project.*--units "Header=CODE"'):
        read_records(path, ImportSpec(layout="wide"), CHARACTERIZATION_FIELDS, CHARACTERIZATIONS, ("ALPHA",),
                     purpose="characterizations")


def test_wide_refuses_two_columns_of_one_project(tmp_path):
    """Two columns naming one project would write one cell twice, the second value silently winning."""
    path = tmp_path / "ratings.csv"
    path.write_text("Practice,ALPHA,Team A,BETA\nALP 1.1,FM,PM,LM\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="columns 'ALPHA' and 'Team A' are both project ALPHA"):
        read_records(path, ImportSpec(layout="wide", units={"Team A": "ALPHA"}), CHARACTERIZATION_FIELDS,
                     CHARACTERIZATIONS, ("ALPHA", "BETA"), purpose="characterizations")


def test_merged_cells_arrive_filled_from_the_sheet(tmp_path):
    """An area written once over its practices (a merged range) is every row's area."""
    path = write_workbook(tmp_path / "merged.xlsx", {"Matrix": [
        ["Area", "Practice", "ALPHA"], ["ALP", "1.1", "FM"], [None, "2.1", "LM"], [None, "3.1", "PM"],
        ["BRV", "1.1", "FM"]]}, {"Matrix": ["A2:A4"]})
    rows = all_records(records_from_sheets(path, workbook_sheets(path), ImportSpec(layout="wide"),
                                           CHARACTERIZATION_FIELDS, CHARACTERIZATIONS, ("ALPHA",),
                                           "characterizations"))
    assert [(r["area"], r["practice"], r["value"]) for r in rows] == [
        ("ALP", "1.1", "FM"), ("ALP", "2.1", "LM"), ("ALP", "3.1", "PM"), ("BRV", "1.1", "FM")]


def test_what_looks_like_a_location():
    assert all(map(looks_like_location, ("https://x.example/a", "docs/plan.docx", "plan.docx", "C:\\a\\b.txt",
                                         "\\\\srv\\share", "~/notes.md", "docs/my plan.docx")))
    assert not any(map(looks_like_location, ("Project plan v2", "Kick-off minutes", "Review 1/2", "v1.2", "")))


# -- rows (the OE database) --------------------------------------------------------------------------------

HEADER = ["Heading", "Level\nPractice\nProject\nOE Source", "OE reference", "URL", "Engl", "OE Type", "OE Source",
          "Affirmation Source (Session and Person)", "Suff. Artifact \nYes | No", "Affirm.\nYes | No", "Questions",
          "Weakness", "Strength", "Recommendations", "Rating/\nChar", "Notes", "Update\nY"]


def oe_row(kind: str, b: str = "", c: str = "", d: str = "", h: str = "", i: str = "", j: str = "", l_: str = "",
           m: str = "", o: str = "") -> list[str]:
    return [kind, b, c, d, "engl", "ok file", "OE DB", h, i, j, "", l_, m, "", o, "", ""]


def oe_database(path: Path) -> Path:
    banner = [["Fictional area ALP"], ["Fictional intent"], [], [], [], [], []]
    alp = banner + [HEADER,
                    oe_row("1 Prac_Group", "Level 1"),
                    oe_row("2 Prac_OU", "ALP 1.1", "Fictional statement 1", l_="OU gap", o="LM"),
                    oe_row("4 Prac_Instan", "ALP 1.1", "p1alpha", h=f"[1] Lead({PERSON})", i="Yes", j="no",
                           l_="no baseline", m="good reviews", o="LM"),
                    oe_row("5 OE", "p1alpha", "Project plan", "https://wiki.example/plan"),
                    oe_row("5 OE", "", "Review minutes", "minutes.docx"),
                    oe_row("4 Prac_Instan", "ALP 1.1", "Team Beta", h=f"[2] Dev({PERSON})"),
                    oe_row("5 OE", "BETA", "Evidence name", "link"),
                    oe_row("Comment", "a note row"),
                    oe_row("2 Prac_OU", "ALP 2.1", "Fictional statement 2"),
                    oe_row("4", "", "p1alpha", h=PERSON, o="FM"),
                    oe_row("OE", "p1alpha", "Test report", "reports/test.pdf")]
    ste = banner + [HEADER,
                    oe_row("2 Prac_OU", "STE 2.1", "Fictional statement 3"),
                    oe_row("3 Process", "STE 2.1", "Support", o="PM"),
                    oe_row("4 Prac_Instan", "STE 2.1", "p1alpha", h=PERSON, o="PM", l_="late"),
                    oe_row("5 OE", "p1alpha", "Support log", "logs/support.xlsx")]
    return write_workbook(path, {"ALP": alp, "STE": ste})


def oe_records(path: Path, purpose: str, spec: ImportSpec | None = None) -> tuple[Records, list[dict[str, str]]]:
    fields = {"evidence": EVIDENCE_FIELDS, "characterizations": CHARACTERIZATION_FIELDS,
              "findings": FINDING_FIELDS}[purpose]
    want = {"evidence": EVIDENCE, "characterizations": CHARACTERIZATIONS, "findings": FINDINGS}[purpose]
    spec = spec or ImportSpec(layout="rows", units={"p1alpha": "ALPHA", "Team Beta": "BETA"})
    records = records_from_sheets(path, workbook_sheets(path, header_row=8), spec, fields, want,
                                  ("ALPHA", "BETA"), purpose)
    rows = all_records(records)
    assert all(PERSON not in v for r in rows for v in r.values()), "column H (people's names) was read"
    return records, rows


def test_rows_evidence_one_record_per_oe_row_across_sheets(tmp_path):
    path = oe_database(tmp_path / "oe.xlsx")
    before = digest(path)
    records, rows = oe_records(path, "evidence")
    assert [(r["area"], r["practice"], r["process"], r["project"], r["title"], r["location"], r["kind"])
            for r in rows] == [
        ("ALP", "ALP 1.1", "", "ALPHA", "Project plan", "https://wiki.example/plan", "artifact"),
        ("ALP", "ALP 1.1", "", "ALPHA", "Review minutes", "minutes.docx", "artifact"),  # the unit of the 4 row
        ("ALP", "ALP 1.1", "", "BETA", "Evidence name", "link", "artifact"),  # a placeholder: the planner's rule
        ("ALP", "ALP 2.1", "", "ALPHA", "Test report", "reports/test.pdf", "artifact"),
        ("STE", "STE 2.1", "Support", "ALPHA", "Support log", "logs/support.xlsx", "artifact")]
    got = list(records.iterate(Problems(path)))
    assert [r.sheet for r in got] == [0, 0, 0, 0, 1]
    assert records.where(got[0], "title") == f"{path}!ALP:C12"
    assert records.where(got[-1], "location") == f"{path}!STE:D12"
    assert records.where(got[0], "practice") == f"{path}!ALP:12"  # taken from the 2 row above
    assert "ALP: header found on row 8" in records.notes
    assert "ALP: 1 row of no known type skipped (first: row 16, 'Comment')" in records.notes
    assert digest(path) == before


def test_rows_characterizations_from_instance_rows(tmp_path):
    records, rows = oe_records(oe_database(tmp_path / "oe.xlsx"), "characterizations")
    assert [(r["practice"], r["process"], r["project"], r["value"], r["note"], r["self_check"]) for r in rows] == [
        ("ALP 1.1", "", "ALPHA", "LM", "no baseline", "artifact: Yes; affirmation: no"),
        ("ALP 2.1", "", "ALPHA", "FM", "", ""),
        ("STE 2.1", "Support", "ALPHA", "PM", "late", "")]
    assert "ALP: 1 instance row without a characterization (column O) skipped" in records.notes
    assert (records.header_of("value"), records.header_of("note"), records.header_of("project")) == ("O", "L", "C")


def test_rows_findings_from_practice_and_instance_rows(tmp_path):
    _records, rows = oe_records(oe_database(tmp_path / "oe.xlsx"), "findings")
    assert [(r["practice"], r["project"], r["weakness"], r["strength"]) for r in rows] == [
        ("ALP 1.1", "", "OU gap", ""), ("ALP 1.1", "ALPHA", "no baseline", "good reviews"),
        ("STE 2.1", "ALPHA", "late", "")]


def test_rows_never_map_column_h(tmp_path):
    path = oe_database(tmp_path / "oe.xlsx")
    spec = ImportSpec(layout="rows", columns={"source": "H"})
    with pytest.raises(InputFileError, match="column H holds people's names"):
        records_from_sheets(path, workbook_sheets(path, header_row=8), spec, EVIDENCE_FIELDS, EVIDENCE + ("source",))


def test_rows_explicit_map_adds_a_field_from_the_record_row(tmp_path):
    path = oe_database(tmp_path / "oe.xlsx")
    spec = ImportSpec(layout="rows", columns={"source": "OE Source", "kind": "E"}, project="ALPHA")
    records = records_from_sheets(path, workbook_sheets(path, header_row=8), spec, EVIDENCE_FIELDS,
                                  EVIDENCE + ("source",), ("ALPHA", "BETA"))
    got = all_records(records)
    assert {(r["source"], r["kind"]) for r in got} == {("OE DB", "engl")}


def test_row_types_by_number_name_or_override():
    role = row_roles({})
    assert [role(t) for t in ("5 OE", "5", "OE", "5. oe", "4 Prac_Instan", "prac_ou", "3 Process", "x", "")] == [
        "evidence", "evidence", "evidence", "evidence", "instance", "practice", "process", None, None]
    custom = row_roles({"evidence": "Evidence line", "instance": "7 Unit"})
    assert [custom(t) for t in ("Evidence line", "evidence-line", "7", "Unit", "5 OE", "2 Prac_OU")] == [
        "evidence", "evidence", "instance", "instance", None, "practice"]


def test_rows_with_a_custom_row_type_label(tmp_path):
    path = write_workbook(tmp_path / "custom.xlsx", {"BRV": [
        ["Type", "B", "C", "D"], ["Practice", "BRV 1.1"], ["Item", "ALPHA", "Plan", "plan.docx"]]})
    spec = ImportSpec(layout="rows", row_types={"practice": "Practice", "evidence": "Item"})
    rows = all_records(records_from_sheets(path, workbook_sheets(path), spec, EVIDENCE_FIELDS, EVIDENCE, ("ALPHA",)))
    assert [(r["practice"], r["project"], r["title"]) for r in rows] == [("BRV 1.1", "ALPHA", "Plan")]
    with pytest.raises(InputFileError, match="row type 'evidences': not a role"):
        records_from_sheets(path, workbook_sheets(path), ImportSpec(layout="rows", row_types={"evidences": "x"}),
                            EVIDENCE_FIELDS, EVIDENCE)


def test_several_sheets_come_in_workbook_order_with_their_own_headers(tmp_path):
    path = write_workbook(tmp_path / "two.xlsx", {
        "PA-ALP": [["Practice", "Project", "Title", "Kind"], ["ALP 1.1", "ALPHA", "Plan", "artifact"]],
        "PA-BRV": [["Kind", "Title", "Practice", "Project"], ["affirmation", "Talk", "BRV 1.1", "BETA"]]})
    records = records_from_sheets(path, workbook_sheets(path), ImportSpec(sheets="PA-*"), EVIDENCE_FIELDS, EVIDENCE)
    got = list(records.iterate(Problems(path)))
    assert [(r.sheet, r.values[:4]) for r in got] == [(0, ("ALP 1.1", "ALPHA", "Plan", "artifact")),
                                                      (1, ("BRV 1.1", "BETA", "Talk", "affirmation"))]
    assert records.where(got[1], "title") == f"{path}!PA-BRV:B2" and records.row_count == 2


def test_unknown_layout_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Practice,Project,Title,Kind\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="--layout diagonal: not a layout"):
        read_records(path, ImportSpec(layout="diagonal"), EVIDENCE_FIELDS, EVIDENCE)
