"""`appraise frameworks build --from-mdd-tool`: the user's Appraisal Tool workbook (synthetic, official layout,
made-up acronyms) becomes a model file that loads, is kept among the user's models and found by id."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401 (_in_tmp: an autouse fixture)
from fixtures.mdd_tool import FULL_AREAS, SMALL_AREAS, ToolArea, write_mdd_tool
from openpyxl import Workbook, load_workbook

from appraise.framework.builder import ToolModel, model_yaml
from appraise.framework.loader import load_framework_file, load_framework_text
from appraise.io.mdd_tool import read_mdd_tool
from appraise.services import framework_path, load_framework


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("APPRAISE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def tool(tmp_path) -> Path:
    return write_mdd_tool(tmp_path / "Appraisal Tool.xlsm")


def _edit(path: Path, sheet: str, cell: str, value) -> Path:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)
    return path


def test_the_workbook_reads_into_areas_domains_and_practice_ids(tool):
    model = read_mdd_tool(tool)
    assert model.method_version == "3.0"
    assert model.domains == ("Core", "Orchards", "Harbours")
    assert [(a.id, a.domain, a.per_process) for a in model.areas] == [
        ("ADO", "Core", True), ("ALP", "Core", False), ("BRV", "Core", False), ("STE", "Core", True),
        ("PEA", "Orchards", False), ("QUI", "Orchards", False), ("KEL", "Harbours", False)]
    for area, spec in zip(model.areas, SMALL_AREAS, strict=True):
        assert [f"{area.id} {p}" for p in area.practices] == spec.practice_ids()
    # GOV/II-like sheets: 500-row blocks, the helper table below (numbers) is not read as practices
    assert model.areas[0].practices == ("1.1", "2.1", "2.2", "3.1")
    # targets: the overall Level 3 capped at each area's top; a domain switched off is OoS
    assert {a.id: a.target for a in model.areas} == {"ADO": "3", "ALP": "3", "BRV": "2", "STE": "3", "PEA": "3",
                                                     "QUI": "2", "KEL": "OoS"}
    assert model.settings == {"appraisal_type": "Benchmark or Sustainment", "representation": "Maturity",
                              "view": "All", "target": "Level 3 (Defined)", "domains_on": "Orchards",
                              "projects": "P-1, P-2, P-3", "processes": "Support"}
    assert model.notes == ()


def test_all_twenty_project_names_are_read(tmp_path):
    tool = write_mdd_tool(tmp_path / "t.xlsm", projects=20)
    assert read_mdd_tool(tool).settings["projects"] == ", ".join(f"P-{i}" for i in range(1, 21))


def test_reading_never_changes_the_workbook(tool):
    before = hashlib.sha256(tool.read_bytes()).hexdigest()
    read_mdd_tool(tool)
    assert hashlib.sha256(tool.read_bytes()).hexdigest() == before


def test_the_built_file_loads_with_the_loader_and_keeps_the_structure(tool, tmp_path):
    model = read_mdd_tool(tool)
    text = model_yaml(model, model_id="acme-v3", title="t", source="s")
    out = tmp_path / "acme-v3.yaml"
    out.write_text(text, encoding="utf-8")
    fw = load_framework_file(out)
    assert fw.shape == "practice_groups" and fw.method_version == "3.0" and fw.scheme == "cmmi-appraisal"
    assert fw.counts() == {"practice_areas": 7, "practice_groups": 20, "practices": 30} == model.counts()
    assert [a.id for a in fw.areas if a.per_process] == ["ADO", "STE"]
    assert fw.goal("BRV L1").level == 1 and [p.id for p in fw.goal("BRV L2").practices] == [
        "BRV 2.1", "BRV 2.2", "BRV 2.3"]
    assert all(p.title == "" for p in fw.practices)  # the workbook holds no statements


def test_model_yaml_quotes_any_text_so_it_loads_back():
    odd = 'He said "yes": #1 \\ done\x7f, ünïcode'
    model = ToolModel((_area("ALP", "Core"),), ("Core",), "3.0")
    fw = load_framework_text(model_yaml(model, model_id="x", title=odd, source=odd,
                                        statements={"ALP 1.1": odd}), "x.yaml")
    assert fw.title == odd and fw.practice("ALP 1.1").title == odd


def test_an_acronym_yaml_would_read_as_a_boolean_stays_an_id():
    fw = load_framework_text(model_yaml(ToolModel((_area("ON", "Core"), _area("NO", "Core")), ("Core",), "3.0"),
                                        model_id="x", title="t", source="s"), "x.yaml")
    assert [a.id for a in fw.areas] == ["ON", "NO"] and fw.practice("NO 2.1").goal == "NO L2"


def _area(acronym: str, domain: str):
    from appraise.framework.builder import ToolArea as Built

    return Built(acronym, "", domain, ("1.1", "2.1"))


def test_full_size_workbook_has_the_tools_counts(tmp_path):
    path = write_mdd_tool(tmp_path / "full.xlsm", FULL_AREAS, domains_on=())
    wb = load_workbook(path, read_only=True)
    assert len(wb.sheetnames) == 57 and sum(wb[n].sheet_state == "hidden" for n in wb.sheetnames) == 16
    wb.close()
    model = read_mdd_tool(path)
    assert model.counts()["practice_areas"] == 31 and model.counts()["practices"] == 276
    assert len(model.domains) == 9 and model.notes == ()


# -- the command -----------------------------------------------------------------------------------------------

def test_build_writes_keeps_and_finds_the_model_by_id(capsys, tool, data_dir, tmp_path):
    out = ok(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "acme-v3.yaml")
    assert "built acme-v3 from Appraisal Tool.xlsm: 7 practice areas, 20 practice groups, 30 practices " \
           "(method version 3.0); per process: ADO, STE" in out
    assert "domains: Core (4), Orchards (2), Harbours (1)" in out
    assert "statements: none" in out
    kept = data_dir / "frameworks" / "acme-v3.yaml"
    assert kept.read_text(encoding="utf-8") == (tmp_path / "acme-v3.yaml").read_text(encoding="utf-8")
    assert "the workbook's appraisal: appraisal type Benchmark or Sustainment; representation Maturity" in out
    listed = ok(capsys, "frameworks", "list")
    line = next(x for x in listed.splitlines() if x.startswith("acme-v3"))
    assert line.endswith("[yours]") and "7 practice areas, 20 practice groups, 30 practices" in line
    assert next(x for x in listed.splitlines() if x.startswith("fictional-v3")).find("[yours]") == -1
    shown = ok(capsys, "frameworks", "show", "ACME-V3")
    assert "Core (4 practice areas)" in shown and "  ADO (levels 1-3, characterized per process)" in shown
    assert "    ALP L2: ALP 2.1, ALP 2.2" in shown
    assert "valid (acme-v3; 7 practice areas, 20 practice groups, 30 practices)" in ok(
        capsys, "frameworks", "validate", kept)
    # --framework <id> finds it (services.framework_path), in any case, and its scheme accepts it
    assert framework_path("Acme-V3") == kept
    assert load_framework("acme-v3").counts()["practices"] == 30


def test_build_takes_an_id_and_refuses_to_replace_without_force(capsys, tool, data_dir, tmp_path):
    ok(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "m.yaml", "--id", "orion-v3")
    assert (data_dir / "frameworks" / "orion-v3.yaml").is_file()
    before = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    assert_one_line_error(*run(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "m.yaml",
                               "--id", "orion-v3"), "already exists")
    assert (tmp_path / "m.yaml").read_text(encoding="utf-8") == before
    ok(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "m.yaml", "--id", "orion-v3",
       "--force")
    assert_one_line_error(*run(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "n.yaml",
                               "--id", "fictional-v3"), "is a bundled model's id")


def test_statements_from_a_csv_become_titles(capsys, tool, data_dir, tmp_path):
    csv = tmp_path / "statements.csv"
    csv.write_text("practice,statement\nalp 2.1,Fictional statement 1\nALP2.2, Fictional  statement 2 \n"
                   "ZZZ 1.1,Fictional statement 3\n", encoding="utf-8")
    out = ok(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "s.yaml", "--statements", csv)
    assert "statements: 2 of 30 practices from statements.csv; not in the model, left out: ZZZ 1.1" in out
    fw = load_framework_file(tmp_path / "s.yaml")
    assert fw.practice("ALP 2.1").title == "Fictional statement 1"
    assert fw.practice("ALP 2.2").title == "Fictional statement 2" and fw.practice("ALP 1.1").title == ""
    shown = ok(capsys, "frameworks", "show", "s")
    assert "      ALP 2.1  Fictional statement 1" in shown and "    ALP L1: ALP 1.1" in shown


def test_statements_from_an_oe_database_workbook(capsys, tool, data_dir, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "ALP"
    ws["A1"] = "Made-up banner"
    ws["A8"], ws["B8"], ws["C8"] = "Heading", "Level\nPractice\nProject\nOE Source", "OE reference"
    rows = [("1 Prac_Group", "Level 1", None), ("2 Prac_OU", "ALP 1.1", "Fictional statement A"),
            ("4 Prac_Instan", "ALP 1.1", "P1"), ("5 OE", "P1", "Evidence name"),
            ("2 Prac_OU", "ALP 2.1", "Fictional statement B")]
    for r, row in enumerate(rows, 9):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)
    wb.create_sheet("ou")["A1"] = "not a PA sheet"
    path = tmp_path / "OEdb.xlsx"
    wb.save(path)
    out = ok(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "o.yaml", "--statements", path)
    assert "statements: 2 of 30 practices from OEdb.xlsx" in out
    fw = load_framework_file(tmp_path / "o.yaml")
    assert (fw.practice("ALP 1.1").title, fw.practice("ALP 2.1").title) == ("Fictional statement A",
                                                                            "Fictional statement B")


# -- bad files: one line naming the file, sheet and cell; nothing written ----------------------------------------

def _refused(capsys, tmp_path, workbook: Path, expected: str, *extra) -> None:
    out = tmp_path / "never.yaml"
    assert_one_line_error(*run(capsys, "frameworks", "build", "--from-mdd-tool", workbook, "-o", out, *extra),
                          expected)
    assert not out.exists()
    assert not list((tmp_path / "data").rglob("*.yaml"))


def test_not_a_workbook(capsys, tmp_path, data_dir):
    bad = tmp_path / "tool.xlsm"
    bad.write_text("not a zip", encoding="utf-8")
    _refused(capsys, tmp_path, bad, "tool.xlsm: not an Excel workbook")
    _refused(capsys, tmp_path, tmp_path / "nope.xlsm", "no such file")


def test_not_the_tool_layout_names_the_sheet_or_cell(capsys, tmp_path, data_dir, tool):
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    _refused(capsys, tmp_path, other, "other.xlsx: not the MDD Appraisal Tool layout: it has no sheet "
                                      "'Organizational Unit Summary'")
    _edit(tool, "Organizational Unit Summary", "D9", "Something else")
    _refused(capsys, tmp_path, tool, "Organizational Unit Summary!D9:F9 should read 'Core/Domains | Target PA Level "
                                     "| Practice Area'")


def test_a_bad_practice_id_names_its_cell(capsys, tmp_path, data_dir, tool):
    _edit(tool, "ALP", "A22", "ALP two.1")  # the second block's first row
    _refused(capsys, tmp_path, tool, "ALP!A22: 'ALP two.1' is not a practice id (ALP <level>.<n>, e.g. ALP 2.1)")


def test_an_id_of_another_area_or_twice_is_refused(capsys, tmp_path, data_dir, tool):
    _edit(tool, "BRV", "A42", "ALP 2.1")
    _refused(capsys, tmp_path, tool, "BRV!A42: practice 'ALP 2.1' is not one of BRV's")
    _edit(tool, "BRV", "A42", "BRV 1.1")
    _refused(capsys, tmp_path, tool, "BRV!A42: practice 'BRV 1.1' appears twice (also on row 2)")


def test_an_area_without_its_sheet_is_refused(capsys, tmp_path, data_dir, tool):
    _edit(tool, "Organizational Unit Summary", "F11", "XYZ")
    _refused(capsys, tmp_path, tool, "Organizational Unit Summary!F11 names the practice area 'XYZ', but the "
                                     "workbook has no sheet 'XYZ'")


def test_the_version_comes_from_the_tool_or_the_option_never_the_stale_sheet(capsys, tmp_path, data_dir):
    tool = write_mdd_tool(tmp_path / "t.xlsm", version_text=None)  # Old-Instructions still says Version 2.0
    _refused(capsys, tmp_path, tool, "does not say its version (Instructions!A1:L40 has no 'Version n.n'); give "
                                     "--method-version")
    out = ok(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "v2.yaml",
             "--method-version", "2.0")
    assert "(method version 2.0)" in out and load_framework_file(tmp_path / "v2.yaml").method_version == "2.0"


def test_the_roll_up_cross_check_notes_a_disagreement(capsys, tmp_path, data_dir, tool):
    wb = load_workbook(tool)
    ws = wb["OU Roll-Up"]
    col = next(c.column for c in ws[3] if c.value == "ALP")
    row = next(r for r in range(4, 40) if ws.cell(r, 1).value == "2.2")
    ws.cell(row, col).value = None
    wb.save(tool)
    out = ok(capsys, "frameworks", "build", "--from-mdd-tool", tool, "-o", tmp_path / "c.yaml")
    assert "note: Appraisal Tool.xlsm: OU Roll-Up disagrees with sheet ALP: not in the roll-up: 2.2 (the model " \
           "takes sheet ALP's)" in out
    assert load_framework_file(tmp_path / "c.yaml").practice("ALP 2.2")


def test_a_name_in_the_mapping_table_becomes_the_title(tmp_path):
    tool = write_mdd_tool(tmp_path / "t.xlsm", [ToolArea("ALP", "Core", (1, 1))], domains_on=())
    _edit(tool, "Organizational Unit Summary", "F10", "Alpine Planning (ALP)")
    assert read_mdd_tool(tool).areas[0].title == "Alpine Planning"


def test_a_broken_model_of_yours_is_listed_with_its_problem_and_hides_nothing(capsys, data_dir):
    folder = data_dir / "frameworks"
    folder.mkdir(parents=True)
    (folder / "mine-v3.yaml").write_text("schema: 1\nid: mine-v3\n", encoding="utf-8")
    (folder / "cmmi-dev-1.3.yaml").write_text("schema: 1\n", encoding="utf-8")
    lines = {line.split()[0]: line for line in ok(capsys, "frameworks", "list").splitlines()}
    assert "cmmi-dev-1.3" in lines and "fictional-v3" in lines
    assert "[yours] cannot be used:" in lines["mine-v3"] and "mine-v3.yaml" in lines["mine-v3"]
    mine = [line for line in ok(capsys, "frameworks", "list").splitlines() if line.startswith("cmmi-dev-1.3")]
    assert len(mine) == 2 and "a bundled model has the id 'cmmi-dev-1.3'" in mine[1]
