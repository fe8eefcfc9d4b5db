"""The ``appraise`` command end to end: ``appraise.cli.main([...])`` in a temp dir, plus the console script."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, rate_json, run  # noqa: F401 (_in_tmp: an autouse fixture)
from markdown_tables import rows_with

from appraise.cli import main
from appraise.services import Appraisal

FRAMEWORK = Path(__file__).resolve().parents[1] / "frameworks" / "cmmi-dev-1.3.yaml"
ML2_AREAS = ["REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM"]
ML3_AREAS = ["RD", "TS", "PI", "VER", "VAL", "OPF", "OPD", "OT", "IPM", "RSKM", "DAR"]


def cells_csv(appraisal: Path, dest: Path, value: str = "FI", overrides: dict | None = None,
              skip_areas: tuple[str, ...] = ()) -> Path:
    """A characterizations CSV with ``value`` for every practice x project (``overrides``: practice -> value)."""
    overrides = overrides or {}
    with Appraisal.open(appraisal) as a:
        practices, projects = a.practices, a.info.projects
    with dest.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["practice", "project", "value", "note"])
        for p in practices:
            if p.split(" ", 1)[0] in skip_areas:
                continue
            for code in projects:
                w.writerow([p, code, overrides.get(p, value), ""])
    return dest


# -- new ---------------------------------------------------------------------------------

def test_new_staged_ml3_brings_ml2_and_ml3_areas(capsys, tmp_path):
    rc, out, err = run(capsys, "new", "acme.appraisal", "--framework", "cmmi-dev-1.3", "--representation", "staged",
                       "--target", "3", "--unit", "Acme Payments", "--projects", "ALPHA,BETA,GAMMA")
    assert (rc, err) == (0, "")
    assert "18 process areas, 356 practices x 3 projects (ALPHA, BETA, GAMMA)" in out
    with Appraisal.open(tmp_path / "acme.appraisal") as a:
        info, practices = a.info, set(a.practices)
    assert (info.unit, info.representation, info.target) == ("Acme Payments", "staged", 3)
    assert list(info.areas) == ML2_AREAS + ML3_AREAS
    assert info.projects == ("ALPHA", "BETA", "GAMMA")
    # 140 specific practices + 18 areas x (GP 2.1-2.10 + GP 3.1-3.2)
    assert len(practices) == 140 + 18 * 12
    assert {"REQM GP 2.10", "REQM GP 3.2", "SAM SP 2.3", "DAR GP 3.1", "DAR SP 1.6"} <= practices
    assert not any(p.endswith("GP 1.1") for p in practices)  # GG 1 is continuous only
    assert not any(p.startswith(("OPP ", "QPM ", "OPM ", "CAR ")) for p in practices)  # ML4/5


def test_new_staged_ml2(capsys):
    rc, out, _ = run(capsys, "new", "a.appraisal", "--framework", "cmmi-dev-1.3", "--target", "2",
                     "--unit", "U", "--projects", " ALPHA , BETA ")
    assert rc == 0
    assert "7 process areas, 124 practices x 2 projects (ALPHA, BETA)" in out


def test_new_continuous_scopes_the_chosen_areas_with_gg1(capsys, tmp_path):
    rc, out, err = run(capsys, "new", "c.appraisal", "--framework", "cmmi-dev-1.3", "--representation",
                       "continuous", "--target", "3", "--process-areas", "REQM,PP,pmc,CM", "--unit", "Acme",
                       "--projects", "ALPHA,BETA")
    assert (rc, err) == (0, "")
    with Appraisal.open(tmp_path / "c.appraisal") as a:
        info, practices = a.info, a.practices
    assert (info.representation, info.target, info.areas) == ("continuous", 3, ("REQM", "PP", "PMC", "CM"))
    # SPs 5 + 14 + 10 + 7, and GP 1.1, 2.1-2.10, 3.1-3.2 per area
    assert len(practices) == 36 + 4 * 13
    assert {"REQM GP 1.1", "CM GP 1.1", "PMC GP 3.2", "PP SP 3.3"} <= set(practices)
    assert not any(p.startswith(("SAM ", "MA ", "RD ")) for p in practices)
    assert "4 process areas, 88 practices x 2 projects" in out


def test_new_continuous_target_1_has_no_generic_practices_beyond_gp_1_1(capsys, tmp_path):
    assert run(capsys, "new", "c1.appraisal", "--framework", "cmmi-dev-1.3", "--representation", "continuous",
               "--target", "1", "--process-areas", "REQM", "--unit", "U", "--projects", "A")[0] == 0
    with Appraisal.open(tmp_path / "c1.appraisal") as a:
        assert [p for p in a.practices if " GP " in p] == ["REQM GP 1.1"]


# -- evidence, characterize, characterizations --------------------------------------------

def test_evidence_import_and_dry_run(capsys, appraisal_file, write_csv):
    path = write_csv("index.csv", "Practice;Project;Title;Kind;Collected by\nREQM SP 1.1;*;SRS;artifact;Ann\n"
                     "REQM SP 1.1;ALPHA;PM interview;affirmation;Ann\n")
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, path, "--dry-run")
    assert (rc, err) == (0, "")
    assert out.startswith("Dry run, nothing written: would import 2 new evidence items (1 artifacts, "
                          "1 affirmations), 0 already in the appraisal, 4 new links from 2 rows")
    with sqlite3.connect(appraisal_file) as db:
        assert db.execute("SELECT count(*) FROM evidence").fetchone() == (0,)
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, path)
    assert (rc, err) == (0, "")
    assert out.startswith("Imported 2 new evidence items (1 artifacts, 1 affirmations), 0 already in the appraisal, 4 new links")
    with sqlite3.connect(appraisal_file) as db:
        assert db.execute("SELECT count(*) FROM evidence_link").fetchone() == (4,)


def test_evidence_import_refused_lists_every_problem(capsys, appraisal_file, write_csv):
    path = write_csv("index.csv", "Practice,Project,Title,Kind\nRD SP 1.1,ALPHA,x,artifact\nREQM SP 1.1,ZETA,y,artifact\n")
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, path)
    assert rc == 1 and out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert lines == [f"appraise: {path}: 2 problems; nothing was imported",
                     f"  {path}:2: column 'Practice': RD SP 1.1 is not in this appraisal's scope",
                     f"  {path}:3: column 'Project': unknown project 'ZETA' (projects: ALPHA, BETA, GAMMA; "
                     "'*' means all; a unit named otherwise in the file: --units \"ZETA=CODE\")"]


def test_characterize_sets_and_clears_a_cell(capsys, appraisal_file):
    rc, out, err = run(capsys, "--by", "Ann", "characterize", appraisal_file, "reqm sp1.1", "alpha", "li",
                       "--note", "trace matrix stale")
    assert (rc, err) == (0, "")
    assert out.strip() == "REQM SP 1.1 / ALPHA: — -> LI"
    rc, out, _ = run(capsys, "characterize", appraisal_file, "REQM SP 1.1", "ALPHA", "FI")
    assert out.strip() == "REQM SP 1.1 / ALPHA: LI -> FI"
    with Appraisal.open(appraisal_file) as a:
        assert a.store.characterizations() == {"REQM SP 1.1": {"ALPHA": "FI"}}
        # no --note: the cell keeps its note
        assert a.store.characterization_notes() == {("REQM SP 1.1", "ALPHA"): "trace matrix stale"}
        log = a.store.change_log()
    assert [(c.who, c.target, c.old, c.new) for c in log[-2:]] == [
        ("Ann", "REQM SP 1.1 / ALPHA", None, "LI (trace matrix stale)"),
        ("tester", "REQM SP 1.1 / ALPHA", "LI", "FI (trace matrix stale)")]
    rc, out, _ = run(capsys, "characterize", appraisal_file, "REQM SP 1.1", "ALPHA", "clear")
    assert out.strip() == "REQM SP 1.1 / ALPHA: FI -> cleared"
    with Appraisal.open(appraisal_file) as a:
        assert a.store.characterizations() == {}


@pytest.mark.parametrize("args, fragment", [
    (["REQM SP 1.1", "ALPHA", "XX"], "'XX' is not a characterization: use one of FI, LI, PI, NI, NY"),
    (["REQM SP 9.1", "ALPHA", "FI"], "unknown practice 'REQM SP 9.1'"),
    (["RD SP 1.1", "ALPHA", "FI"], "RD SP 1.1 is not in this appraisal's scope"),
    (["REQM SP 1.1", "OMEGA", "FI"], "unknown project 'OMEGA' (projects: ALPHA, BETA, GAMMA)"),
])
def test_characterize_refusals(capsys, appraisal_file, args, fragment):
    assert_one_line_error(*run(capsys, "characterize", appraisal_file, *args), fragment)


def test_characterizations_import(capsys, appraisal_file, write_csv):
    path = write_csv("chars.csv", "practice,project,value,note\nREQM SP 1.1,ALPHA,fi,\nREQM SP 1.1,BETA,pi,gap\n")
    rc, out, err = run(capsys, "characterizations", "import", appraisal_file, path)
    assert (rc, err, out.strip()) == (0, "", "Recorded 2 characterizations (2 changed).")
    with Appraisal.open(appraisal_file) as a:
        assert a.store.characterizations() == {"REQM SP 1.1": {"ALPHA": "FI", "BETA": "PI"}}
    bad = write_csv("bad.csv", "practice,project,value\nREQM SP 1.2,ALPHA,XX\n")
    assert_one_line_error(*run(capsys, "characterizations", "import", appraisal_file, bad),
                          f"{bad}:2: column 'value': 'XX' is not a characterization (FI, LI, PI, NI, NY)")


# -- decide, scope -----------------------------------------------------------------------

def test_decide_ou_characterization(capsys, appraisal_file, write_csv):
    path = write_csv("chars.csv", "practice,project,value\nREQM SP 1.3,ALPHA,FI\nREQM SP 1.3,BETA,PI\n"
                     "REQM SP 1.3,GAMMA,FI\n")
    assert run(capsys, "characterizations", "import", appraisal_file, path)[0] == 0
    rating = rate_json(capsys, appraisal_file)
    assert {"target": "REQM SP 1.3", "kind": "ou_characterization", "options": ["LI", "PI"]} \
        in rating["pending_decisions"]

    assert_one_line_error(*run(capsys, "decide", appraisal_file, "REQM SP 1.3", "FI", "--why", "x"),
                          "'FI' is not an option for REQM SP 1.3: choose one of LI, PI")
    assert_one_line_error(*run(capsys, "decide", appraisal_file, "REQM SP 1.3", "LI", "--why", "  "),
                          "rationale")
    with pytest.raises(SystemExit) as exit_:
        main(["decide", str(appraisal_file), "REQM SP 1.3", "LI"])
    assert exit_.value.code != 0
    assert "--why" in capsys.readouterr().err
    with Appraisal.open(appraisal_file) as a:
        assert a.decisions.all() == []

    rc, out, err = run(capsys, "--by", "Ann", "decide", appraisal_file, "reqm sp 1.3", "li", "--why",
                       "weakness limited to one release")
    assert (rc, err) == (0, "")
    assert out.startswith("Decision recorded: REQM SP 1.3 = LI (Ann, ")
    with Appraisal.open(appraisal_file) as a:
        (d,) = a.decisions.all()
    assert (d.kind, d.target, d.value, d.rationale, d.decided_by) == (
        "ou_characterization", "REQM SP 1.3", "LI", "weakness limited to one release", "Ann")
    assert d.decided_at[:4].isdigit() and "T" in d.decided_at
    rating = rate_json(capsys, appraisal_file)
    assert all(p["target"] != "REQM SP 1.3" for p in rating["pending_decisions"])
    practice = next(p for pa in rating["process_areas"] for g in pa["goals"] for p in g["practices"]
                    if p["id"] == "REQM SP 1.3")
    assert (practice["ou"], practice["options"], practice["decided"]) == ("LI", ["LI", "PI"], True)
    assert practice["instances"] == {"ALPHA": "FI", "BETA": "PI", "GAMMA": "FI"}


def test_decide_refuses_a_practice_with_nothing_to_decide(capsys, appraisal_file):
    assert_one_line_error(*run(capsys, "decide", appraisal_file, "REQM SP 1.1", "LI", "--why", "w"),
                          "REQM SP 1.1 is not characterized in ALPHA, BETA, GAMMA yet")
    assert_one_line_error(*run(capsys, "decide", appraisal_file, "nonsense", "LI", "--why", "w"),
                          "'nonsense' names nothing the team decides on in cmmi-dev-1.3: a practice, one of its goals")


def test_scope_not_applicable(capsys, appraisal_file):
    rc, out, err = run(capsys, "--by", "Ann", "scope", appraisal_file, "--not-applicable", "sam", "--why",
                       "no supplier agreements")
    assert (rc, err) == (0, "")
    assert out.strip() == "SAM is not applicable (Ann: no supplier agreements)"
    sam = next(pa for pa in rate_json(capsys, appraisal_file)["process_areas"] if pa["id"] == "SAM")
    assert sam["rating"] == "not_applicable"
    assert_one_line_error(*run(capsys, "scope", appraisal_file, "--not-applicable", "REQM", "--why", "no"),
                          "only SAM may be rated not applicable")
    assert_one_line_error(*run(capsys, "scope", appraisal_file, "--not-applicable", "SAM", "--why", ""),
                          "rationale")
    # and back again
    assert run(capsys, "scope", appraisal_file, "--applicable", "SAM", "--why", "a supplier after all")[0] == 0
    sam = next(pa for pa in rate_json(capsys, appraisal_file)["process_areas"] if pa["id"] == "SAM")
    assert sam["rating"] == "not_rated"
    with Appraisal.open(appraisal_file) as a:
        assert [(d.value, d.decided_by) for d in a.decisions.all()] == [("not_applicable", "Ann"),
                                                                  ("applicable", "tester")]


# -- rate ---------------------------------------------------------------------------------

def test_rate_json_shape(capsys, appraisal_file):
    data = rate_json(capsys, appraisal_file)
    assert (data["framework"], data["representation"], data["target"]) == ("cmmi-dev-1.3", "staged", 2)
    assert data["maturity_level"] is None and data["equivalent_maturity_level"] is None
    assert isinstance(data["pending_decisions"], list)
    assert [pa["id"] for pa in data["process_areas"]] == ML2_AREAS
    for pa in data["process_areas"]:
        assert {"id", "rating", "capability_level", "rule", "blocked_by", "goals"} <= set(pa)
        assert isinstance(pa["rule"], str) and isinstance(pa["blocked_by"], list)
        assert pa["rating"] == "not_rated"
        for g in pa["goals"]:
            assert {"id", "rating", "rule", "blocked_by", "practices"} <= set(g)
            assert g["id"].startswith(pa["id"] + " ")
            for p in g["practices"]:
                assert {"id", "instances", "ou", "options", "decided", "rule"} <= set(p)
                assert p["instances"] == {"ALPHA": None, "BETA": None, "GAMMA": None}
                assert (p["ou"], p["options"], p["decided"]) == (None, [], False)
    n = sum(len(g["practices"]) for pa in data["process_areas"] for g in pa["goals"])
    assert n == 124


def test_every_practice_fi_reaches_the_target(capsys, appraisal_file, tmp_path):
    path = cells_csv(appraisal_file, tmp_path / "all-fi.csv")
    rc, out, _ = run(capsys, "characterizations", "import", appraisal_file, path)
    assert (rc, out.strip()) == (0, "Recorded 372 characterizations (372 changed).")
    data = rate_json(capsys, appraisal_file)
    assert data["maturity_level"] == 2
    assert data["pending_decisions"] == []
    assert {pa["rating"] for pa in data["process_areas"]} == {"satisfied"}
    assert {g["rating"] for pa in data["process_areas"] for g in pa["goals"]} == {"satisfied"}
    assert {p["ou"] for pa in data["process_areas"] for g in pa["goals"] for p in g["practices"]} == {"FI"}
    rc, out, _ = run(capsys, "rate", appraisal_file)
    assert rc == 0 and "Maturity level 2 — target ML2" in out

    # Every practice FI: no weaknesses noted, so none for the team to judge.
    assert_one_line_error(*run(capsys, "decide", appraisal_file, "REQM SG 1", "unsatisfied", "--why", "x"),
                          "every practice of REQM SG 1 is FI")
    # With a weakness noted (LI in BETA), the team judges it significant: REQM unsatisfied, ML1.
    assert run(capsys, "characterize", appraisal_file, "REQM SP 1.4", "BETA", "LI")[0] == 0
    assert run(capsys, "decide", appraisal_file, "REQM SG 1", "unsatisfied", "--why", "weak traceability")[0] == 0
    data = rate_json(capsys, appraisal_file)
    reqm = data["process_areas"][0]
    assert (reqm["rating"], reqm["blocked_by"]) == ("unsatisfied", ["REQM SG 1"])
    assert data["maturity_level"] == 1
    assert data["level_blocked_by"] == ["REQM SG 1"]


def test_not_applicable_sam_does_not_block_the_level(capsys, appraisal_file, tmp_path):
    path = cells_csv(appraisal_file, tmp_path / "no-sam.csv", skip_areas=("SAM",))
    assert run(capsys, "characterizations", "import", appraisal_file, path)[0] == 0
    data = rate_json(capsys, appraisal_file)
    assert data["maturity_level"] is None
    assert data["level_blocked_by"] == ["SAM SG 1", "SAM SG 2", "SAM GG 2"]
    assert run(capsys, "scope", appraisal_file, "--not-applicable", "SAM", "--why", "no suppliers")[0] == 0
    assert rate_json(capsys, appraisal_file)["maturity_level"] == 2


def test_ml3_target_with_an_unsatisfied_ml3_goal_rates_ml2(capsys, appraisal_file_ml3, tmp_path):
    path = cells_csv(appraisal_file_ml3, tmp_path / "ml3.csv", overrides={"RD SP 2.1": "PI"})
    assert run(capsys, "characterizations", "import", appraisal_file_ml3, path)[0] == 0
    data = rate_json(capsys, appraisal_file_ml3)
    assert data["maturity_level"] == 2
    assert data["level_blocked_by"] == ["RD SG 2"]
    rd = next(pa for pa in data["process_areas"] if pa["id"] == "RD")
    assert rd["rating"] == "unsatisfied"


def test_continuous_all_fi_gives_cl3_per_area(capsys, tmp_path, make_appraisal):
    appraisal = make_appraisal("c.appraisal", representation="continuous", target=3,
                               areas=["REQM", "PP", "PMC", "CM"])
    path = cells_csv(appraisal, tmp_path / "c.csv")
    assert run(capsys, "characterizations", "import", appraisal, path)[0] == 0
    data = rate_json(capsys, appraisal)
    assert data["maturity_level"] is None
    assert [(pa["id"], pa["capability_level"]) for pa in data["process_areas"]] == [
        ("REQM", 3), ("PP", 3), ("PMC", 3), ("CM", 3)]
    # Equivalent staging needs every ML2 area; SAM, MA, PPQA were not appraised.
    assert data["equivalent_maturity_level"] == 1
    assert {"SAM (not in scope)", "MA (not in scope)", "PPQA (not in scope)"} <= set(data["level_blocked_by"])


# -- export ------------------------------------------------------------------------------

def test_export_md_csv_json(capsys, appraisal_file, tmp_path, write_csv):
    evidence = write_csv("ev.csv", "Practice,Project,Title,Kind,Collected by,Source\n"
                         "REQM SP 1.1,*,PM interview,affirmation,Zelda Quux,PM interview session 1\n")
    assert run(capsys, "--by", "Zelda Quux", "evidence", "import", appraisal_file, evidence)[0] == 0
    path = cells_csv(appraisal_file, tmp_path / "all.csv", overrides={"PP SP 1.1": "LI"})
    assert run(capsys, "--by", "Zelda Quux", "characterizations", "import", appraisal_file, path)[0] == 0
    assert run(capsys, "--by", "Zelda Quux", "scope", appraisal_file, "--not-applicable", "SAM", "--why",
               "no suppliers")[0] == 0

    with Appraisal.open(appraisal_file) as a:
        practices = a.practices
    for fmt in ("md", "csv", "json"):
        out_path = tmp_path / f"summary.{fmt}"
        rc, out, err = run(capsys, "export", appraisal_file, "--format", fmt, "-o", out_path)
        assert (rc, err, out.strip()) == (0, "", f"Wrote {out_path} ({fmt})")
        # CSV carries a byte-order mark so Excel reads it as UTF-8
        text = out_path.read_text(encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        assert out_path.read_bytes().startswith(b"\xef\xbb\xbf") == (fmt == "csv")
        assert "Zelda" not in text  # non-attribution: no person's name in an export
        if fmt == "json":
            data = json.loads(text)
            assert data["appraisal"]["organizational_unit"] == "Acme Payments"
            assert data["rating"]["maturity_level"] == 2
            assert data["progress"]["characterized"] == data["progress"]["cells"] == 108 * 3  # SAM owes no cells
            assert [(d["target"], d["value"], d["rationale"]) for d in data["decisions"]] == [
                ("SAM", "not_applicable", "no suppliers")]
        elif fmt == "csv":
            rows = list(csv.DictReader(text.splitlines()))
            assert {"area", "goal", "practice", "ALPHA", "BETA", "GAMMA", "ou"} <= set(rows[0])
            assert [r["practice"] for r in rows] == practices
            pp11 = next(r for r in rows if r["practice"] == "PP SP 1.1")
            assert (pp11["ALPHA"], pp11["ou"], pp11["area"], pp11["goal"]) == ("LI", "LI", "PP", "PP SG 1")
            assert {r["area_rating"] for r in rows if r["area"] == "SAM"} == {"not_applicable"}
        else:
            assert text.startswith("# ") and "\nAcme Payments\n" in text
            assert "\nMaturity level 2 — target ML2\n" in text
            sam = text.split("## SAM Supplier Agreement Management", 1)[1].split("\n## ", 1)[0]
            assert "Not applicable" in sam  # the area's rating, in its section
            assert rows_with(text, "SAM", "not applicable", "no suppliers")  # the decision and its rationale


def test_export_to_a_missing_folder(capsys, appraisal_file, tmp_path):
    assert_one_line_error(*run(capsys, "export", appraisal_file, "--format", "md", "-o",
                               tmp_path / "nope" / "x.md"), "is not a folder")


# -- frameworks ----------------------------------------------------------------------------

def test_frameworks_list_and_show(capsys):
    rc, out, _ = run(capsys, "frameworks", "list")
    assert rc == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert set(lines) == {"cmmi-dev-1.3", "aspice-3.1", "aspice-4.0", "iso-15504-5-2012", "iso-9001-2015",
                          "fictional-v3"}
    assert "(7 clauses, 68 sub clauses, 57 requirements to audit; scheme audit)" in lines["iso-9001-2015"]
    assert "(22 process areas, 49 specific goals, 167 specific practices, 3 generic goals, 13 generic practices; " \
           "scheme scampi-1.3)" in lines["cmmi-dev-1.3"]
    assert "(32 processes, 133 base practices, 9 process attributes, 42 generic practices; scheme iso-33020)" \
        in lines["aspice-3.1"]
    assert "(32 processes, 196 base practices, 9 process attributes, 34 generic practices" in lines["aspice-4.0"]
    assert "(60 processes, 0 base practices, 9 process attributes" in lines["iso-15504-5-2012"]
    rc, out, _ = run(capsys, "frameworks", "show", "cmmi-dev-1.3")
    assert rc == 0
    assert "REQM Requirements Management (ML2, Project Management)" in out
    assert "    SP 1.4 Maintain Bidirectional Traceability of Requirements" in out
    assert "GG 1 Achieve Specific Goals — CL 1, continuous" in out
    assert "    GP 2.10 Review Status with Higher Level Management" in out
    assert_one_line_error(*run(capsys, "frameworks", "show", "nope"), "no framework 'nope'")


def test_frameworks_validate_the_bundled_file(capsys):
    rc, out, err = run(capsys, "frameworks", "validate", FRAMEWORK)
    assert (rc, err) == (0, "")
    assert out.strip() == (f"{FRAMEWORK}: valid (cmmi-dev-1.3; 22 process areas, 49 specific goals, "
                           "167 specific practices, 3 generic goals, 13 generic practices)")


def _broken_copy(tmp_path: Path, old: str, new: str, nth: int = 1) -> tuple[Path, int]:
    """Copy the bundled framework with the ``nth`` line containing ``old`` changed; return (path, line)."""
    lines = FRAMEWORK.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if old in line]
    index = hits[nth - 1]
    lines[index] = lines[index].replace(old, new, 1)
    path = tmp_path / "broken.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path, index + 1


@pytest.mark.parametrize("old, new, nth, message", [
    ("maturity_level: 2", "maturity_level: two", 1, "maturity_level: must be a whole number, not 'two'"),
    ('{id: SP 1.2, title: "Obtain Commitment', '{id: SP 1.1, title: "Obtain Commitment', 1,
     "id 'REQM SP 1.1' is the same as"),
    ('title: "Obtain Commitment to Requirements"', 'titel: "x"', 1, "missing 'title'"),
    ("may_be_not_applicable: true", "may_be_not_applicable: perhaps", 1, "must be true or false"),
    ("{id: NI, title: Not Implemented", "{id: FI, title: Not Implemented", 1, "scale value 'FI' appears twice"),
    ("title: \"Project Planning\"", "title: \"Project Planning", 1, "not valid YAML"),
])
def test_frameworks_validate_refuses_a_broken_file_naming_file_and_line(capsys, tmp_path, old, new, nth, message):
    path, line = _broken_copy(tmp_path, old, new, nth)
    rc, out, err = run(capsys, "frameworks", "validate", path)
    if message == "not valid YAML":
        # An unclosed quote is found where the parser gives up: at or after the edited line.
        assert_one_line_error(rc, out, err, f"{path}:", message)
        assert int(err.split(f"{path}:", 1)[1].split(":", 1)[0]) >= line
    else:
        assert_one_line_error(rc, out, err, f"appraise: {path}:{line}: ", message)
    # `new` with the broken file is refused the same way and creates nothing
    rc2, out2, err2 = run(capsys, "new", "x.appraisal", "--framework", path, "--target", "2", "--unit", "U",
                          "--projects", "A")
    assert (rc2, err2) == (rc, err)
    assert not Path("x.appraisal").exists()


# -- errors a user can cause -----------------------------------------------------------------

NEW = ["new", "b.appraisal", "--unit", "U", "--projects", "A"]


@pytest.mark.parametrize("args, fragment", [
    (NEW + ["--framework", "cmmi-dev-9", "--target", "2"], "no framework 'cmmi-dev-9'"),
    (NEW + ["--framework", "missing.yaml", "--target", "2"], "missing.yaml: no such framework file"),
    (NEW + ["--framework", "cmmi-dev-1.3", "--target", "1"], "a staged target is a maturity level: one of 2, 3, 4, 5"),
    (NEW + ["--framework", "cmmi-dev-1.3", "--target", "6"], "a staged target is a maturity level: one of 2, 3, 4, 5"),
    (NEW + ["--framework", "cmmi-dev-1.3", "--representation", "continuous", "--target", "4"],
     "a continuous target is a capability level: one of 1, 2, 3"),
    (NEW + ["--framework", "cmmi-dev-1.3", "--representation", "continuous", "--target", "2",
            "--process-areas", "REQM,XYZ"], "unknown process area 'XYZ'"),
    (NEW + ["--framework", "cmmi-dev-1.3", "--target", "2", "--process-areas", "REQM"],
     "choose areas in a continuous appraisal instead"),
    (["new", "b.appraisal", "--unit", "U", "--projects", "A,a", "--framework", "cmmi-dev-1.3", "--target", "2"],
     "is listed twice"),
    (["new", "b.appraisal", "--unit", " ", "--projects", "A", "--framework", "cmmi-dev-1.3", "--target", "2"],
     "needs a name"),
    (["new", "b.appraisal", "--unit", "U", "--projects", ",", "--framework", "cmmi-dev-1.3", "--target", "2"],
     "at least one project"),
    (["new", "no/such/dir/b.appraisal", "--unit", "U", "--projects", "A", "--framework", "cmmi-dev-1.3",
      "--target", "2"], "is not a folder"),
], ids=["unknown-framework", "missing-framework-file", "staged-target-1", "staged-target-6", "continuous-target-4",
        "unknown-area", "staged-with-areas", "duplicate-project", "blank-unit", "no-projects", "no-folder"])
def test_new_refusals_create_nothing(capsys, tmp_path, args, fragment):
    assert_one_line_error(*run(capsys, *args), fragment)
    assert not (tmp_path / "b.appraisal").exists()


def test_new_refuses_an_existing_file_and_leaves_it_alone(capsys, appraisal_file):
    before = appraisal_file.read_bytes()
    assert_one_line_error(*run(capsys, "new", appraisal_file, "--framework", "cmmi-dev-1.3", "--target", "3",
                               "--unit", "Other", "--projects", "X"), f"{appraisal_file} already exists")
    assert appraisal_file.read_bytes() == before


@pytest.mark.parametrize("command", [["rate", "@"], ["rate", "@", "--json"], ["log", "@"],
                                     ["export", "@", "--format", "md", "-o", "o.md"],
                                     ["characterize", "@", "REQM SP 1.1", "ALPHA", "FI"],
                                     ["decide", "@", "SAM", "not_applicable", "--why", "w"],
                                     ["evidence", "import", "@", "index.csv"]],
                         ids=["rate", "rate-json", "log", "export", "characterize", "decide", "evidence"])
@pytest.mark.parametrize("kind", ["missing", "text", "other-sqlite", "empty"])
def test_commands_refuse_what_is_not_an_appraisal(capsys, tmp_path, command, kind):
    target = tmp_path / "thing.appraisal"
    if kind == "text":
        target.write_text("practice,project\nREQM SP 1.1,ALPHA\n", encoding="utf-8")
    elif kind == "other-sqlite":
        with sqlite3.connect(target) as db:
            db.execute("CREATE TABLE t (x)")
    elif kind == "empty":
        target.write_bytes(b"")
    (tmp_path / "index.csv").write_text("Practice,Project,Title,Kind\nREQM SP 1.1,ALPHA,T,artifact\n")
    args = [target if a == "@" else a for a in command]
    expected = "no such appraisal file" if kind == "missing" else "is not an appraisal file"
    assert_one_line_error(*run(capsys, *args), f"appraise: {target}", expected)
    assert not Path("o.md").exists()


@pytest.mark.parametrize("command", [["rate", "@"], ["characterize", "@", "REQM SP 1.1", "ALPHA", "FI"]],
                         ids=["rate", "characterize"])
def test_a_damaged_appraisal_file_is_refused_with_a_message(capsys, appraisal_file, command):
    data = bytearray(appraisal_file.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # keep page 1 (header, application id), break the rest
    appraisal_file.write_bytes(bytes(data))
    assert_one_line_error(*run(capsys, *[appraisal_file if a == "@" else a for a in command]),
                          f"appraise: {appraisal_file}")


def test_missing_csv(capsys, appraisal_file):
    assert_one_line_error(*run(capsys, "evidence", "import", appraisal_file, "nope.csv"), "nope.csv: no such file")
    assert_one_line_error(*run(capsys, "characterizations", "import", appraisal_file, "nope.csv"),
                          "nope.csv: no such file")


def test_log_shows_who_and_what(capsys, appraisal_file):
    assert run(capsys, "--by", "Ann", "characterize", appraisal_file, "PP SP 1.1", "BETA", "PI")[0] == 0
    rc, out, _ = run(capsys, "log", appraisal_file)
    lines = out.splitlines()
    assert rc == 0 and len(lines) == 2
    assert "lead" in lines[0] and "appraisal created [acme.appraisal]" in lines[0]
    assert "Ann" in lines[1] and "characterization [PP SP 1.1 / BETA]: — -> PI" in lines[1]


# -- the installed console script -------------------------------------------------------------

def _script() -> str:
    found = Path(sys.executable).parent / "appraise"
    if found.exists():
        return str(found)
    which = shutil.which("appraise")
    if which is None:  # pragma: no cover - depends on the install
        pytest.skip("the appraise console script is not installed")
    return which


def test_console_script_end_to_end(tmp_path):
    script = _script()
    env_run = dict(capture_output=True, text=True, cwd=tmp_path, timeout=60)
    r = subprocess.run([script, "new", "acme.appraisal", "--framework", "cmmi-dev-1.3", "--representation", "staged",
                        "--target", "3", "--unit", "Acme Payments", "--projects", "ALPHA,BETA,GAMMA"], **env_run)
    assert (r.returncode, r.stderr) == (0, "")
    r = subprocess.run([script, "rate", "acme.appraisal", "--json"], **env_run)
    assert r.returncode == 0
    data = json.loads(r.stdout)
    assert (data["target"], len(data["process_areas"])) == (3, 18)
    r = subprocess.run([script, "new", "acme.appraisal", "--framework", "cmmi-dev-1.3", "--target", "3",
                        "--unit", "U", "--projects", "A"], **env_run)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.splitlines() == ["appraise: acme.appraisal already exists: choose another file name or "
                                     "remove it first"]
    r = subprocess.run([script, "rate", "nothing.appraisal"], **env_run)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("appraise: nothing.appraisal: no such appraisal file")


def test_demo_builds_the_sample_and_reopens_it(capsys, tmp_path):
    dest = tmp_path / "demo.appraisal"
    rc, out, err = run(capsys, "demo", "--to", dest, "--print")
    assert (rc, err) == (0, "")
    assert out.startswith(f"Created {dest} from the bundled sample appraisal (acme-ml2).")
    assert "Maturity level 2 — target ML2" in out
    # the team works on it, then runs the demo again: it opens as it was left
    assert run(capsys, "characterize", dest, "REQM SP 1.1", "BETA", "PI")[0] == 0
    rc, out, _ = run(capsys, "demo", "--to", dest, "--print")
    assert rc == 0 and out.startswith(f"Opened {dest} as it was left")
    assert "REQM SP 1.1: LI or PI" in out
    rc, out, _ = run(capsys, "demo", "--to", dest, "--print", "--force")
    assert rc == 0 and "Maturity level 2 — target ML2" in out and "LI or PI" not in out
    assert_one_line_error(*run(capsys, "demo", "--to", tmp_path, "--print"), "is a folder")
