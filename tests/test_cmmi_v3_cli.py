"""CMMI Appraisal Method (V2.0/V3.0) appraisals from the command line, on the bundled FICTIONAL model
fictional-v3 (made-up areas: ADO and STE per process, ALP BRV CHA DUN in Core, KEL VOY in Voyages).

Real files in tmp_path through ``appraise.cli.main``: new with the scheme's options, scope revisions and their
log entries, characterize per process, imports with a process column, decisions on practices and practice
groups, coverage with dates and channels, the schema-7 migration and the orion-v3 sample.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, rate_json, run  # noqa: F401 (_in_tmp: autouse)

from appraise.schemes.cmmi_appraisal.plan import plan_of
from appraise.services import Appraisal
from appraise.store import records

FILE = "v3.appraisal"
NEW = ["new", FILE, "--framework", "fictional-v3", "--target", "2", "--unit", "Orion", "--projects", "P1,P2,P3"]
PROCESSES = ["--processes", "Project delivery,Support"]


def new(capsys, *extra: str) -> str:
    return ok(capsys, *NEW, "--domains", "Voyages", "--support-functions", "QA", *PROCESSES, *extra)


def write(path: str, text: str) -> str:
    Path(path).write_text(text, encoding="utf-8")
    return path


def log(capsys) -> list[str]:
    return ok(capsys, "log", FILE).splitlines()


# -- new ----------------------------------------------------------------------------------------------

def test_new_with_every_option(capsys, tmp_path):
    out = ok(capsys, "new", FILE, "--framework", "fictional-v3", "--type", "sustainment", "--target", "3",
             "--representation", "maturity", "--domains", "Voyages", "--unit", "Orion", "--projects", "P1,P2,P3",
             "--support-functions", "QA,EPG", *PROCESSES, "--pa-target", "ALP=2", "--pa-target", "BRV=1",
             "--benchmark-level", "3", "--phase2-start", "2026-11-15")
    assert "Sustainment" in out and "QA, EPG (support functions)" in out and "Project delivery, Support" in out
    with Appraisal.open(tmp_path / FILE) as a:
        plan = plan_of(a.scope)
        assert a.info.projects == ("P1", "P2", "P3", "QA", "EPG")
        assert a.info.representation == "maturity" and a.info.target == 3
        assert (plan.appraisal_type, plan.domains, plan.processes) == ("sustainment", ("Voyages",),
                                                                       ("Project delivery", "Support"))
        assert [u.kind for u in plan.units] == ["project"] * 3 + ["support_function"] * 2
        assert plan.area_targets["ALP"] == 2 and plan.area_targets["BRV"] == 1 and plan.area_targets["KEL"] == 3
        assert plan.benchmark_level == 3 and plan.phase2_start == "2026-11-15"
        assert "STE 2.1 @ Support" in a.practices and "ALP 3.1" not in a.practices
    rating = rate_json(capsys, FILE)
    assert (rating["scheme"], rating["appraisal_type"], rating["target"]) == ("cmmi-appraisal", "sustainment", 3)


def test_new_capability_and_evaluation(capsys, tmp_path):
    ok(capsys, *NEW, "--representation", "capability")
    assert rate_json(capsys, FILE)["representation"] == "capability"
    ok(capsys, "new", "e.appraisal", "--framework", "fictional-v3", "--type", "evaluation", "--target", "2",
       "--unit", "Orion", "--projects", "P1")
    with Appraisal.open(tmp_path / "e.appraisal") as a:
        assert a.values == ("L", "M", "H", "NY", "NC")


@pytest.mark.parametrize("extra, fragment", [
    (["--type", "audit"], "--type"),
    (["--domains", "Nowhere"], "Nowhere"),
    (["--pa-target", "ALP"], "AREA=LEVEL"),
    (["--pa-target", "XYZ=2"], "XYZ"),
    (["--pa-target", "ALP=4"], "ALP"),
    (["--phase2-start", "15/11/2026"], "--phase2-start"),
    (["--benchmark-level", "2"], "sustainment"),
    (["--representation", "staged"], "staged"),
    (["--support-functions", "P1"], "P1"),
])
def test_bad_options_are_one_line_and_create_nothing(capsys, tmp_path, extra, fragment):
    assert_one_line_error(*run(capsys, *NEW, *extra), fragment)
    assert not (tmp_path / FILE).exists()


def test_a_scheme_without_the_options_refuses_them(capsys, tmp_path):
    rc, out, err = run(capsys, "new", "a.appraisal", "--framework", "cmmi-dev-1.3", "--target", "2", "--unit", "U",
                       "--projects", "A", "--type", "benchmark", "--support-functions", "QA")
    assert_one_line_error(rc, out, err, "--appraisal-type", "--support-functions", "scampi")
    assert not (tmp_path / "a.appraisal").exists()
    # --processes stays the processes to assess where the model's areas are processes
    ok(capsys, "new", "s.appraisal", "--framework", "aspice-3.1", "--processes", "SWE.1", "--target", "1",
       "--unit", "U", "--projects", "ECU-A")


# -- scope revisions ------------------------------------------------------------------------------

def test_scope_revisions_are_written_and_logged(capsys, tmp_path):
    new(capsys)
    assert ok(capsys, "scope", FILE, "--pa-target", "BRV=1", "--why", "plan v2").splitlines() == [
        "BRV target: 2 -> 1 (V4.2) — plan v2"]
    ok(capsys, "scope", FILE, "--assign", "P3=-KEL,+VOY", "--assign", "QA=-ALP")
    ok(capsys, "scope", FILE, "--out-of-scope", "VOY")
    ok(capsys, "scope", FILE, "--processes", "Delivery,Support,Services")
    with Appraisal.open(tmp_path / FILE) as a:
        plan = plan_of(a.scope)
        assert plan.target_of("BRV") == 1 and plan.target_of("VOY") is None and "VOY" in plan.out_of_scope
        assert not plan.in_sample("P3", "KEL") and not plan.in_sample("QA", "ALP") and plan.in_sample("P1", "KEL")
        assert plan.processes == ("Delivery", "Support", "Services")
        assert "STE 1.1 @ Services" in a.practices and "BRV 2.1" not in a.practices
    entries = log(capsys)
    assert any("BRV target [v3.appraisal]: 2 -> 1 (V4.2) — plan v2" in e for e in entries)
    assert any("P3 x KEL" in e and "IS -> OoS" in e for e in entries)
    assert any("VOY" in e and "out of scope" in e for e in entries)
    ok(capsys, "scope", FILE, "--in-scope", "VOY")
    assert "Phase 2 start: not set -> 2026-11-20 (V8.5)" in ok(capsys, "scope", FILE, "--phase2-start", "2026-11-20")
    with Appraisal.open(tmp_path / FILE) as a:
        assert plan_of(a.scope).target_of("VOY") == 2 and plan_of(a.scope).phase2_start == "2026-11-20"
    assert_one_line_error(*run(capsys, "scope", FILE, "--benchmark-level", "2"), "sustainment")


def test_scope_revision_leaving_characterizations_out_asks_for_yes(capsys, tmp_path):
    new(capsys)
    ok(capsys, "characterize", FILE, "ALP 2.1", "P3", "FM")
    before = (tmp_path / FILE).read_bytes()
    assert_one_line_error(*run(capsys, "scope", FILE, "--assign", "P3=-ALP"), "ALP (1)", "--yes")
    assert_one_line_error(*run(capsys, "scope", FILE, "--pa-target", "ALP=1"), "ALP (1)", "--yes")
    assert (tmp_path / FILE).read_bytes() == before
    ok(capsys, "scope", FILE, "--assign", "P3=-ALP", "--yes")
    assert "P3" not in rate_json(capsys, FILE)["practice_areas"][1]["practice_groups"][1]["practices"][0]["instances"]
    with Appraisal.open(tmp_path / FILE) as a:  # kept in the file, back with the assignment
        assert a.cells.all()["ALP 2.1"] == {"P3": "FM"}


@pytest.mark.parametrize("args, fragment", [
    (["--assign", "P3"], "UNIT=+AREA"),
    (["--assign", "P3=KEL"], "UNIT=+AREA"),
    (["--pa-target", "BRV=9"], "BRV"),
    (["--out-of-scope", "XYZ"], "XYZ"),
    (["--pa-target", "BRV=1", "--target", "3"], "a command of its own"),
])
def test_bad_scope_revisions_change_nothing(capsys, tmp_path, args, fragment):
    new(capsys)
    before = (tmp_path / FILE).read_bytes()
    assert_one_line_error(*run(capsys, "scope", FILE, *args), fragment)
    assert (tmp_path / FILE).read_bytes() == before


def test_revise_scope_adds_units_in_one_transaction(capsys, tmp_path):
    new(capsys)
    with Appraisal.open(tmp_path / FILE) as a:
        done = a.setup.revise_scope({"sample": {"units": [{"code": "P4", "kind": "project", "subgroup": "North"}],
                                                "cells": {"P4": {"KEL": "SE", "ALP": "RS"}}}}, "sample RGS-2",
                                    "lead", add_units=[("P4", "project", "North")], confirm=True)
        assert a.info.projects == ("P1", "P2", "P3", "QA", "P4")
        assert not plan_of(a.scope).in_sample("P4", "KEL")
        assert done.changes[0][:2] == ("unit added", "P4")
    conn = sqlite3.connect(tmp_path / FILE)
    try:
        assert conn.execute("SELECT subgroup FROM project WHERE code = 'P4'").fetchone() == ("North",)
    finally:
        conn.close()
    with Appraisal.open(tmp_path / FILE) as a, pytest.raises(Exception, match="exists already"):
        a.setup.revise_scope({"sample": {"units": [{"code": "P1"}], "cells": {}}}, "", "lead",
                             add_units=[("P1", "project", "")])


# -- characterizing ----------------------------------------------------------------------------------

def test_characterize_per_process(capsys, tmp_path):
    new(capsys)
    out = ok(capsys, "characterize", FILE, "STE 2.1", "P1", "LM", "--process", "support", "--note", "no follow-up")
    assert out.strip() == "STE 2.1 @ Support / P1: — -> LM"
    assert_one_line_error(*run(capsys, "characterize", FILE, "STE 2.1", "P1", "FM"), "--process", "Support")
    assert_one_line_error(*run(capsys, "characterize", FILE, "STE 2.1", "P1", "NY", "--process", "Support"),
                          "never NY", "V7.2")
    assert_one_line_error(*run(capsys, "characterize", FILE, "STE 2.1", "P1", "FM", "--process", "Nowhere"),
                          "Nowhere")
    assert_one_line_error(*run(capsys, "characterize", FILE, "ALP 2.1", "P1", "FM", "--process", "Support"),
                          "not characterized per process")
    ok(capsys, "scope", FILE, "--assign", "P3=-KEL")
    assert_one_line_error(*run(capsys, "characterize", FILE, "KEL 2.1", "P3", "FM"), "P3", "KEL", "sample")
    ok(capsys, "characterize", FILE, "KEL 2.1", "P1", "NY")  # NY is fine outside II and GOV
    practice = next(p for a in rate_json(capsys, FILE)["practice_areas"] if a["id"] == "STE"
                    for g in a["practice_groups"] for p in g["practices"] if p["id"] == "STE 2.1")
    assert practice["processes"]["Support"]["instances"]["P1"] == "LM"


def test_import_with_a_process_column(capsys, tmp_path):
    new(capsys)
    ok(capsys, "scope", FILE, "--assign", "P3=-KEL")
    good = write("good.csv", "practice,project,value,note,process\nSTE 1.1,P1,FM,,Support\n"
                             "STE 1.1,P1,LM,late minutes,Project delivery\nALP 1.1,P2,FM,,\nKEL 1.1,QA,NY,,\n")
    assert "Recorded 4 characterizations" in ok(capsys, "characterizations", "import", FILE, good)
    with Appraisal.open(tmp_path / FILE) as a:
        cells = a.cells.all()
        assert cells["STE 1.1 @ Support"] == {"P1": "FM"} and cells["STE 1.1 @ Project delivery"] == {"P1": "LM"}
    bad = write("bad.csv", "practice,project,value,note,process\nSTE 1.1,P2,NY,,Support\n"
                           "STE 1.1,P2,FM,,Nowhere\nKEL 1.1,P3,FM,,\nALP 1.1,P1,FM,,Support\nSTE 2.1,P2,FM,,\n")
    before = (tmp_path / FILE).read_bytes()
    rc, out, err = run(capsys, "characterizations", "import", FILE, bad)
    assert rc == 1 and "Traceback" not in err and "nothing was recorded" in err
    assert "bad.csv:2: column 'value': STE is never NY" in err
    assert "bad.csv:3: column 'process': no process 'Nowhere'" in err
    assert "bad.csv:4: column 'project': P3 is not in KEL's sample" in err
    assert "bad.csv:5: column 'process': ALP 1.1 is not characterized per process" in err
    assert "bad.csv:6: column 'practice': STE 2.1 is characterized per process" in err
    assert (tmp_path / FILE).read_bytes() == before


# -- decisions ----------------------------------------------------------------------------------------

def test_decide_on_a_practice_and_on_a_practice_group(capsys, tmp_path):
    ok(capsys, *NEW)
    rows = "".join(f"BRV {p},{u},FM,,\n" for p in ("1.1", "2.2", "2.3") for u in ("P1", "P2", "P3"))
    ok(capsys, "characterizations", "import", FILE, write("c.csv", "practice,project,value,note,process\n" + rows
                                                           + "BRV 2.1,P1,FM,,\nBRV 2.1,P2,PM,gap,\nBRV 2.1,P3,LM,gap,\n"))
    pending = rate_json(capsys, FILE)["pending_decisions"]
    assert {"target": "BRV 2.1", "kind": "ou_characterization", "options": ["LM", "PM"]}.items() <= pending[0].items()
    assert_one_line_error(*run(capsys, "decide", FILE, "BRV 2.1", "FM", "--why", "x"), "LM, PM")
    assert_one_line_error(*run(capsys, "decide", FILE, "BRV L2", "satisfied", "--why", "x"), "BRV L2")
    ok(capsys, "decide", FILE, "BRV 2.1", "lm", "--why", "limited to P2's early releases")
    pending = rate_json(capsys, FILE)["pending_decisions"]
    assert [(p["target"], p["kind"], p["options"]) for p in pending] == [
        ("BRV L2", "practice_group", ["satisfied", "unsatisfied"])]
    assert "BRV L2 = satisfied" in ok(capsys, "decide", FILE, "brv l2", "satisfied", "--why", "not significant")
    brv = next(a for a in rate_json(capsys, FILE)["practice_areas"] if a["id"] == "BRV")
    assert brv["rating"] == 2 and brv["practice_groups"][1]["rating"] == "satisfied"


# -- coverage -------------------------------------------------------------------------------------------

EVIDENCE = """practice,project,title,kind,location,date,source,channel,process
ALP 2.1,P1,P1 plan,artifact,dms/p1/plan,2026-10-01,,,
ALP 2.1,P1,Session A,affirmation,,2026-11-16,Interview session A,interview,
ALP 2.2,P1,Late plan,artifact,dms/p1/late,2026-11-20,,,
STE 1.1,P1,Steering minutes,artifact,dms/ste,2026-10-02,,,Support
STE 1.1,P1,Board chat,affirmation,,2026-10-03,Chat board C-1,Chat,Support
"""


def test_gaps_with_dates_and_channels(capsys, tmp_path):
    new(capsys, "--phase2-start", "2026-11-15")
    ok(capsys, "scope", FILE, "--assign", "P3=-KEL")
    ok(capsys, "evidence", "import", FILE, write("ev.csv", EVIDENCE))
    data = json.loads(ok(capsys, "gaps", FILE, "--json"))
    gaps = {(g["practice"], g["project"]): g["missing"] for g in data["gaps"]}
    assert ("ALP 2.1", "P1") not in gaps and ("STE 1.1 @ Support", "P1") not in gaps
    assert gaps[("STE 1.1 @ Project delivery", "P1")] == ["artifact", "affirmation"]
    assert gaps[("ALP 2.1", "P2")] == ["artifact", "affirmation"]
    assert ("KEL 1.1", "P3") not in gaps and ("KEL 1.1", "P2") in gaps  # out of the sample: no gap
    assert data["evidence_cutoff"] == "2026-11-15"
    # V8.5: an artifact dated in Phase 2 is warned about; an interview held then (an affirmation) is not
    assert data["late_evidence"] == [{"evidence": 3, "kind": "artifact", "title": "Late plan",
                                      "collected_on": "2026-11-20", "channel": None, "source": None,
                                      "cells": [{"practice": "ALP 2.2", "unit": "P1"}]}]
    text = ok(capsys, "gaps", FILE)
    assert "Warning (V8.5): 1 evidence item is dated on or after 2026-11-15" in text
    assert "(V8.1)" in text and "#3 artifact" in text and "Session A" not in text.split("Warning")[1]
    with Appraisal.open(tmp_path / FILE) as a:
        assert {i.title: i.channel for i in a.evidence.items()} == {
            "P1 plan": "", "Session A": "interview", "Late plan": "", "Steering minutes": "", "Board chat": "chat"}


def test_evidence_channel_is_checked(capsys, tmp_path):
    new(capsys)
    bad = write("ev.csv", "practice,project,title,kind,channel\nALP 2.1,P1,Plan,artifact,interview\n"
                          "ALP 2.1,P1,Talk,affirmation,telepathy\n")
    rc, out, err = run(capsys, "evidence", "import", FILE, bad)
    assert rc == 1 and "Traceback" not in err
    assert "ev.csv:2: column 'channel': an artifact has no channel" in err
    assert "ev.csv:3: column 'channel': unknown channel 'telepathy'" in err
    with Appraisal.open(tmp_path / FILE) as a:
        assert a.evidence.items() == []


# -- the migration to schema 7 ---------------------------------------------------------------------------

def test_a_schema_6_file_opens_with_no_channels(capsys, tmp_path):
    src = Path(__file__).parent / "data" / "schema-6.appraisal"
    shutil.copy(src, tmp_path / "old.appraisal")
    with Appraisal.open(tmp_path / "old.appraisal") as a:
        items = a.evidence.items()
        assert len(items) == 4 and {i.channel for i in items} == {""}
    conn = sqlite3.connect(tmp_path / "old.appraisal")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == records.SCHEMA_VERSION  # migrated to the latest
        assert conn.execute("SELECT count(*) FROM evidence WHERE channel = ''").fetchone()[0] == 4
    finally:
        conn.close()
    assert ok(capsys, "gaps", "old.appraisal")  # an old CMMI v1.3 file: no cutoff, no warning


# -- the sample -----------------------------------------------------------------------------------------

def test_the_orion_sample_builds_and_rates(capsys, tmp_path):
    out = ok(capsys, "demo", "orion-v3", "--to", "orion.appraisal", "--print")
    assert "FICTIONAL practice model (not CMMI)" in out
    rating = rate_json(capsys, "orion.appraisal")
    areas = {a["id"]: a for a in rating["practice_areas"]}
    assert {k: a["rating"] for k, a in areas.items()} == {
        "ADO": 2, "ALP": 2, "BRV": 2, "CHA": 2, "DUN": None, "STE": 2, "KEL": 2, "VOY": None}
    assert rating["maturity_level"] is None
    assert [(p["target"], p["options"]) for p in rating["pending_decisions"]] == [
        ("DUN 2.2", ["LM", "PM"]), ("VOY L2", ["satisfied", "unsatisfied"])]
    ste21 = areas["STE"]["practice_groups"][1]["practices"][0]
    assert (ste21["ou"], ste21["processes"]["Support"]["ou"], ste21["processes"]["Project delivery"]["ou"]) == (
        "LM", "LM", "FM")
    assert set(areas["VOY"]["practice_groups"][1]["practices"][1]["instances"]) == {"P1", "P2"}
    with Appraisal.open(tmp_path / "orion.appraisal") as a:  # the cells outside the sample are not counted
        progress = a.progress()
        assert (progress["cells"], progress["characterized"]) == (104, 104)
    gaps = json.loads(ok(capsys, "gaps", "orion.appraisal", "--json"))
    assert len(gaps["gaps"]) == 96 and [e["title"] for e in gaps["late_evidence"]] == ["P3 dune log"]
    ok(capsys, "decide", "orion.appraisal", "DUN 2.2", "LM", "--why", "P3's late start only")
    ok(capsys, "decide", "orion.appraisal", "DUN L2", "satisfied", "--why", "not significant")
    ok(capsys, "decide", "orion.appraisal", "VOY L2", "satisfied", "--why", "not significant")
    assert rate_json(capsys, "orion.appraisal")["maturity_level"] == 2


def test_a_weak_value_without_a_weakness_statement_is_flagged_when_recorded(capsys):
    """V1.2: LM, PM or DM needs a weakness statement; the command records the value and says what is missing."""
    new(capsys)
    out = ok(capsys, "characterize", FILE, "ALP 2.1", "P1", "PM")
    assert "V1.2" in out and "weakness" in out
    assert "V1.2" not in ok(capsys, "characterize", FILE, "ALP 2.1", "P2", "PM", "--note", "plans not reviewed")
