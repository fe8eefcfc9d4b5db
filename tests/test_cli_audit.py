"""ISO 9001:2015 audits, the ISO 9001 -> CMMI mapping, compare, reuse and gaps (issue 6, items 1-7), as a user types them.

Everything goes through ``appraise.cli.main([...])`` in a temp dir; the appraisal files are read back
through ``appraise.services.Appraisal`` only to check what was stored. Every refusal: a non-zero exit
code, one line on stderr, no traceback. Figures for compare are the hand counts of the mapping page
(shared/domain/iso-9001-2015-to-cmmi-dev-1.3.md, §3 and §5).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, rate_json, run  # noqa: F401 (_in_tmp: an autouse fixture)
from markdown_tables import rows_with

from appraise.errors import AppraiseError
from appraise.services import Appraisal

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "frameworks" / "mappings" / "iso-9001-2015__cmmi-dev-1.3.yaml"
ISO_SAMPLE = ROOT / "sample_projects" / "acme-iso9001"
UNIT = "Acme GmbH"
SITES = ("HQ", "PLANT-2")
HEADER = "Practice,Project,Title,Kind,Location,Description,Collected by,Date\n"
# the audit's evidence index: clause ids in the practice column, as people type them
EVIDENCE = HEADER + (
    "clause 7.5.3,HQ,Document control procedure,artifact,https://dms.acme.example/qms/DC-01.pdf,"
    "Procedure for the control of documented information,ATM-1,2026-09-14\n"
    "ISO 9001 8.5.1,PLANT-2,PLANT-2 production control plan,artifact,https://dms.acme.example/plant2/PCP.pdf,"
    "Control plan for the assembly line,ATM-2,2026-09-16\n"
    "8.5.1,HQ,\"Production manager interview, session 3\",affirmation,,Production control at HQ,ATM-2,2026-09-15\n"
)
ML2 = ("REQM", "PP", "PMC", "SAM", "MA", "PPQA", "CM")
# What 7.5.3 maps to in an ML2 scope (mapping page §3, row 7.5.3; ALL GP 2.6 in every ML2 area)
FROM_753 = {**{f"{pa} GP 2.6": "strong" for pa in ML2},
            "CM SP 1.1": "strong", "CM SP 1.2": "strong", "CM SP 2.2": "strong", "CM SP 3.1": "strong",
            "CM SP 1.3": "partial", "CM SP 2.1": "partial", "CM SP 3.2": "partial", "PP SP 2.3": "partial"}


def clause(rating: dict, cid: str) -> dict:
    return next(c for c in rating["clauses"] if c["id"] == cid)


def import_evidence(capsys, path, text: str = EVIDENCE) -> None:
    Path("evidence.csv").write_text(text, encoding="utf-8")
    ok(capsys, "evidence", "import", path, "evidence.csv")


def add_finding(capsys, path, clause_id: str, grade: str, *extra: str) -> int:
    data = json.loads(ok(capsys, "finding", "add", path, clause_id, "--grade", grade, "--text",
                         f"{grade} finding on {clause_id} (process owner interview, session 2)", *extra, "--json"))
    return data["id"]


def suggestions(capsys, path, audit, *extra: str) -> list[dict]:
    return json.loads(ok(capsys, "reuse", path, "--from", audit, *extra, "--json"))["suggestions"]


@pytest.fixture(scope="module")
def _templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    with Appraisal.create(folder / "qms.appraisal", framework="iso-9001-2015", target=None, unit=UNIT,
                          projects=list(SITES), who="lead"):
        pass
    with Appraisal.create(folder / "acme.appraisal", framework="cmmi-dev-1.3", target=2, unit="U",
                          projects=["ALPHA", "BETA"], who="lead"):
        pass
    return {"qms": folder / "qms.appraisal", "acme": folder / "acme.appraisal"}


@pytest.fixture
def qms(_templates, tmp_path) -> Path:
    """A fresh ISO 9001:2015 audit of Acme GmbH, sites HQ and PLANT-2, nothing recorded."""
    return Path(shutil.copyfile(_templates["qms"], tmp_path / "qms.appraisal"))


@pytest.fixture
def acme(_templates, tmp_path) -> Path:
    """A fresh CMMI-DEV 1.3 staged ML2 appraisal, projects ALPHA and BETA, nothing recorded."""
    return Path(shutil.copyfile(_templates["acme"], tmp_path / "acme.appraisal"))


# -- 1. a new audit; evidence with clause ids -------------------------------------------------------------

def test_new_audit_needs_no_target(capsys, tmp_path):
    out = ok(capsys, "new", "qms.appraisal", "--framework", "iso-9001-2015", "--unit", UNIT, "--projects",
             "HQ,PLANT-2")
    assert "qms.appraisal" in out and "HQ" in out and "PLANT-2" in out
    with Appraisal.open(tmp_path / "qms.appraisal") as a:
        info, practices = a.info, a.practices
        assert a.view.nonconformities
    assert (info.unit, info.projects, info.framework_id) == (UNIT, SITES, "iso-9001-2015")
    assert len(practices) == 68  # 28 + 38 + 2 sub-clauses of clauses 4-10
    assert {"4.1", "5.1.2", "7.1.5.2", "7.5.3", "8.5", "8.5.1", "10.3"} <= set(practices)
    rating = rate_json(capsys, "qms.appraisal")
    assert (rating["framework"], rating["scheme"], rating["recommendation"]) == ("iso-9001-2015", "audit",
                                                                                "pending")
    assert {"4.1", "8.5.1", "10.3"} <= set(rating["blocked_by"]) and "8.5" not in rating["blocked_by"]
    assert all(c["result"] == "not_audited" for c in rating["clauses"])
    # a model with levels still needs its target
    assert_one_line_error(*run(capsys, "new", "x.appraisal", "--framework", "cmmi-dev-1.3", "--unit", "U",
                               "--projects", "ALPHA"), "--target")
    assert not (tmp_path / "x.appraisal").exists()


def test_evidence_import_normalizes_clause_ids(capsys, qms):
    import_evidence(capsys, qms)
    with Appraisal.open(qms) as a:
        items = {i.title: i.id for i in a.evidence.items()}
        links = a.evidence.links()
    assert links[items["Document control procedure"]] == [("7.5.3", "HQ")]
    assert links[items["PLANT-2 production control plan"]] == [("8.5.1", "PLANT-2")]
    assert links[items["Production manager interview, session 3"]] == [("8.5.1", "HQ")]


def test_a_bad_clause_in_the_evidence_index_is_refused_all_or_nothing(capsys, qms):
    Path("bad.csv").write_text(EVIDENCE + "8.5.9,HQ,Calibration log,artifact,x,y,ATM-1,2026-09-14\n",
                               encoding="utf-8")
    assert_one_line_error(*run(capsys, "evidence", "import", qms, "bad.csv"), "bad.csv:5:", "8.5.9")
    with Appraisal.open(qms) as a:
        assert a.evidence.items() == [] and a.evidence.links() == {}


# -- 2. findings and conformity ------------------------------------------------------------------------

def test_finding_add_prints_its_id_and_json_gives_the_finding(capsys, qms):
    import_evidence(capsys, qms)
    out = ok(capsys, "finding", "add", qms, "8.5.1", "--grade", "minor", "--text",
             "Work instruction WI-12 outdated (line supervisor interview, session 4)", "--site", "PLANT-2",
             "--evidence", "1")
    first = int(out.split()[0])
    data = json.loads(ok(capsys, "finding", "add", qms, "ISO 9001 8.5.1", "--grade", "Observation", "--text",
                         "Line layout could be clearer", "--json"))
    assert data["id"] != first and isinstance(data["id"], int)
    assert (data["clause"], data["grade"], data["site"]) == ("8.5.1", "observation", None)
    with Appraisal.open(qms) as a:
        stored = {f.id: f for f in a.findings.all()}
    assert set(stored) == {first, data["id"]}
    assert (stored[first].kind, stored[first].practice, stored[first].site, stored[first].evidence_id,
            stored[first].status) == ("minor", "8.5.1", "PLANT-2", 1, "open")
    rating = rate_json(capsys, qms)
    c = clause(rating, "8.5.1")
    assert c["result"] == "nonconformity"
    assert [(f["id"], f["grade"]) for f in c["findings"]] == [(first, "minor"), (data["id"], "observation")]
    assert c["findings"][0]["status"] == "open"
    assert (rating["recommendation"], rating["blocked_by"][:1]) == ("pending", ["4.1"])
    assert "8.5.1" in rating["blocked_by"]


@pytest.mark.parametrize("typed", ["8.5.1", "clause 8.5.1", "ISO 9001 8.5.1", "ISO 9001:2015 8.5.1", "§ 8.5.1"])
def test_clause_ids_normalize_in_cli_arguments(capsys, qms, typed):
    ok(capsys, "conform", qms, typed, "--site", "HQ")
    fid = add_finding(capsys, qms, typed, "ofi")
    rating = rate_json(capsys, qms)
    c = clause(rating, "8.5.1")
    assert c["sites"]["HQ"] and not c["sites"]["PLANT-2"]
    assert [f["id"] for f in c["findings"]] == [fid]


def test_conform_with_and_without_site(capsys, qms):
    ok(capsys, "conform", qms, "8.5.1", "--site", "HQ")
    c = clause(rate_json(capsys, qms), "8.5.1")
    assert c["result"] == "not_audited" and c["sites"] == {"HQ": "C", "PLANT-2": None}
    ok(capsys, "conform", qms, "8.5.2")  # every site
    rating = rate_json(capsys, qms)
    assert clause(rating, "8.5.2")["result"] == "conformity"
    assert clause(rating, "8.5.2")["sites"] == {"HQ": "C", "PLANT-2": "C"}
    ok(capsys, "conform", qms, "8.5.1", "--site", "plant-2")
    rating = rate_json(capsys, qms)
    assert clause(rating, "8.5.1")["result"] == "conformity"
    assert clause(rating, "8.5")["result"] == "not_audited"  # 8.5.3 ... 8.5.6 still to audit
    ok(capsys, "conform", qms, "8.5")  # a parent: with every clause below it
    rating = rate_json(capsys, qms)
    assert [clause(rating, c)["result"] for c in ("8.5", "8.5.3", "8.5.6")] == ["conformity"] * 3
    ok(capsys, "conform", qms, "10")  # a top clause: every clause of it
    assert {clause(rate_json(capsys, qms), c)["result"] for c in ("10.1", "10.2", "10.3")} == {"conformity"}


def test_a_nonconformity_after_a_conformity_wins(capsys, qms):
    ok(capsys, "conform", qms, "8.5.1")
    assert clause(rate_json(capsys, qms), "8.5.1")["result"] == "conformity"
    fid = add_finding(capsys, qms, "8.5.1", "minor", "--site", "PLANT-2")
    c = clause(rate_json(capsys, qms), "8.5.1")
    assert c["result"] == "nonconformity" and [f["id"] for f in c["findings"]] == [fid]
    ok(capsys, "conform", qms, "8.5.1")  # recorded again: the open nonconformity still stands
    assert clause(rate_json(capsys, qms), "8.5.1")["result"] == "nonconformity"


def test_finding_update_tracks_plans_and_closure(capsys, qms):
    minor = add_finding(capsys, qms, "7.5.3", "minor")
    major = add_finding(capsys, qms, "9.2", "major", "--site", "PLANT-2")
    observation = add_finding(capsys, qms, "8.5.1", "observation")
    ofi = add_finding(capsys, qms, "10.3", "ofi")

    data = json.loads(ok(capsys, "finding", "update", qms, minor, "--plan-accepted", "--json"))
    assert (data["id"], data["status"]) == (minor, "plan_accepted")
    assert_one_line_error(*run(capsys, "finding", "update", qms, minor, "--plan-accepted"), "already", "A7")
    # observations and OFIs have no plan or closure to track (A4)
    for fid in (observation, ofi):
        for flag in ("--plan-accepted", "--verified-closed"):
            assert_one_line_error(*run(capsys, "finding", "update", qms, fid, flag), str(fid))
    assert_one_line_error(*run(capsys, "finding", "update", qms, 999, "--verified-closed"), "999")
    with Appraisal.open(qms) as a:
        status = {f.id: f.status for f in a.findings.all()}
    assert status[major] == "open" and status[minor] == "plan_accepted"
    assert not status[observation] and not status[ofi]

    # A7: the plan of a major is accepted too; the major still blocks until verified (A6, A8.1)
    data = json.loads(ok(capsys, "finding", "update", qms, major, "--plan-accepted", "--json"))
    assert (data["id"], data["status"]) == (major, "plan_accepted")
    rating = rate_json(capsys, qms)
    assert (rating["recommendation"], rating["rule"][:4]) == ("not_recommended", "A8.1")
    assert "accepted plan awaiting verification" in rating["rule"] and rating["blocked_by"][0] == "9.2"

    out = ok(capsys, "finding", "update", qms, major, "--verified-closed")
    assert out.split()[0] == str(major) and "verified closed" in out
    ok(capsys, "finding", "update", qms, minor, "--verified-closed")
    findings = {f["id"]: f for c in rate_json(capsys, qms)["clauses"] for f in c["findings"]}
    assert findings[major]["status"] == findings[minor]["status"] == "verified_closed"
    # closed stays closed: a mistake is set back with --reopen --why, never by another update
    assert_one_line_error(*run(capsys, "finding", "update", qms, major, "--plan-accepted"), "--reopen")


def test_a_status_set_by_mistake_is_set_back_with_its_reason(capsys, qms):
    """A7, last sentence: --reopen (from plan accepted or verified closed) and --plan-withdrawn (from plan
    accepted) set a nonconformity back to open; the reason is kept in the change log; refused without one."""
    for top in ("4", "5", "6", "7", "8", "9", "10"):
        ok(capsys, "conform", qms, top)
    major = add_finding(capsys, qms, "9.2", "major", "--site", "PLANT-2")
    minor = add_finding(capsys, qms, "7.5.3", "minor")
    ok(capsys, "finding", "update", qms, major, "--verified-closed")
    ok(capsys, "finding", "update", qms, minor, "--plan-accepted")
    assert rate_json(capsys, qms)["recommendation"] == "recommended_subject_to_plans"
    log_before = ok(capsys, "log", qms)
    for args, fragments in [
        ((major, "--reopen"), ("--why",)),
        ((major, "--reopen", "--why", "   "), ("--why",)),
        ((minor, "--plan-withdrawn"), ("--why",)),
        ((major, "--plan-withdrawn", "--why", "x"), (str(major), "verified closed", "plan accepted")),
        ((999, "--reopen", "--why", "x"), ("999",)),
    ]:
        assert_one_line_error(*run(capsys, "finding", "update", qms, *args), *fragments)
    assert ok(capsys, "log", qms) == log_before  # a refused command changes nothing

    out = ok(capsys, "finding", "update", qms, major, "--reopen", "--why", "verification was of the wrong site")
    assert out.split()[0] == str(major) and out.rstrip().endswith("open")
    rating = rate_json(capsys, qms)
    assert (rating["recommendation"], rating["rule"][:4], rating["blocked_by"]) == ("not_recommended", "A8.1",
                                                                                   ["9.2"])
    ok(capsys, "finding", "update", qms, minor, "--plan-withdrawn", "--why", "the plan was for another finding")
    ok(capsys, "finding", "update", qms, major, "--verified-closed")
    rating = rate_json(capsys, qms)
    assert (rating["recommendation"], rating["rule"][:4], rating["blocked_by"]) == ("pending", "A8.3", ["7.5.3"])
    # open again: nothing more to set back
    assert_one_line_error(*run(capsys, "finding", "update", qms, minor, "--reopen", "--why", "x"), "open")

    log = ok(capsys, "log", qms).splitlines()
    assert any(f"finding #{major} status [9.2]: verified_closed -> open" in line and
               "reopened: verification was of the wrong site" in line for line in log)
    assert any(f"finding #{minor} status [7.5.3]: plan_accepted -> open" in line and
               "plan withdrawn: the plan was for another finding" in line for line in log)


# -- A1.1, A8.5: an audit of part of clauses 4-10 ----------------------------------------------------------

def test_the_issues_audit_without_clause_8_is_partial_never_recommended(capsys, tmp_path):
    ok(capsys, "new", "q.appraisal", "--framework", "iso-9001-2015", "--unit", "U", "--projects", "HQ",
       "--process-areas", "4,5,6,7,9,10")
    for top in ("4", "5", "6", "7", "9", "10"):
        ok(capsys, "conform", "q.appraisal", top)
    rating = rate_json(capsys, "q.appraisal")
    assert (rating["recommendation"], rating["rule"][:4], rating["blocked_by"]) == ("partial", "A8.5", ["8"])
    assert rating["outside_audit"] == ["8"]
    text = ok(capsys, "rate", "q.appraisal")
    assert "Partial audit: no certification recommendation" in text and "clauses 8 outside the audit" in text
    # an open major is still reported, whatever the coverage (A8.1)
    major = add_finding(capsys, "q.appraisal", "9.2", "major")
    rating = rate_json(capsys, "q.appraisal")
    assert (rating["recommendation"], rating["blocked_by"]) == ("not_recommended", ["9.2", "8"])
    ok(capsys, "finding", "update", "q.appraisal", major, "--verified-closed")
    add_finding(capsys, "q.appraisal", "7.5.3", "minor")  # pending inside: still partial, the minor named
    rating = rate_json(capsys, "q.appraisal")
    assert (rating["recommendation"], rating["blocked_by"]) == ("partial", ["8", "7.5.3"])
    for fmt in ("md", "csv"):
        assert "partial" in ok(capsys, "export", "q.appraisal", "--format", fmt, "-o", "-").lower()


# -- A1.2: requirements declared not applicable -----------------------------------------------------------

JUSTIFICATION = "products are made to the customer's drawings; no design"


def test_a_requirement_declared_not_applicable(capsys, qms):
    for top in ("4", "5", "6", "7", "8", "9", "10"):
        ok(capsys, "conform", qms, top)
    out = ok(capsys, "scope", qms, "--not-applicable", "8.3", "--why", JUSTIFICATION)
    assert out.startswith("8.3 is not applicable") and "8.3.6" in out
    rating = rate_json(capsys, qms)
    assert_audit_shape(rating)
    assert rating["excluded"] == [{"clause": "8.3", "why": JUSTIFICATION}]
    assert {c["id"]: c["result"] for c in rating["clauses"] if c["id"].startswith("8.3")} == \
        dict.fromkeys(["8.3", "8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.3.6"], "not_applicable")
    assert clause(rating, "8.3.4")["why"] == JUSTIFICATION
    assert (rating["recommendation"], rating["rule"][:4], rating["blocked_by"]) == ("recommended", "A8.4", [])
    assert "6 not applicable" in ok(capsys, "rate", qms)
    assert f"decision: not_applicable [8.3]: — -> not_applicable — {JUSTIFICATION}" in ok(capsys, "log", qms)

    # every export lists it with its justification
    md = ok(capsys, "export", qms, "--format", "md", "-o", "-")
    assert rows_with(md, "8.3", JUSTIFICATION)  # the exclusion with its justification
    rows = list(csv.DictReader(io.StringIO(ok(capsys, "export", qms, "--format", "csv", "-o", "-").lstrip("\ufeff"))))
    row = next(r for r in rows if r["clause"] == "8.3.2")
    assert (row["result"], row["not_applicable_why"], row["HQ"]) == ("not_applicable", JUSTIFICATION, "NA")
    data = json.loads(ok(capsys, "export", qms, "--format", "json", "-o", "-"))
    assert data["rating"]["excluded"] == [{"clause": "8.3", "why": JUSTIFICATION}]

    # made applicable again: its conformity, recorded before, counts again
    ok(capsys, "scope", qms, "--applicable", "8.3", "--why", "design work taken on in 2026")
    rating = rate_json(capsys, qms)
    assert rating["excluded"] == [] and clause(rating, "8.3.2")["result"] == "conformity"
    assert rating["recommendation"] == "recommended"


def test_what_an_exclusion_refuses(capsys, qms):
    minor = add_finding(capsys, qms, "8.5.5", "minor")
    ok(capsys, "scope", qms, "--not-applicable", "8.3", "--why", JUSTIFICATION)
    log_before = ok(capsys, "log", qms)
    for args, fragments in [
        (("scope", qms, "--not-applicable", "8.5.5", "--why", "no service"), ("8.5.5", f"#{minor}")),
        (("scope", qms, "--not-applicable", "8.5", "--why", "no service"), ("8.5", f"#{minor}")),
        (("scope", qms, "--not-applicable", "8", "--why", "x"), ("as a whole", "A1.2")),
        (("scope", qms, "--not-applicable", "8.3.2", "--why", "x"), ("excluded with 8.3",)),
        (("scope", qms, "--not-applicable", "8.4"), ("--why",)),
        (("scope", qms, "--applicable", "8.4", "--why", "x"), ("8.4", "nothing to undo")),
        (("scope", qms, "--not-applicable", "8.5.9", "--why", "x"), ("8.5.9",)),
        (("finding", "add", qms, "8.3.2", "--grade", "minor", "--text", "t"), ("8.3.2", "not applicable")),
        (("finding", "add", qms, "8.3", "--grade", "ofi", "--text", "t"), ("8.3", "not applicable")),
        (("conform", qms, "8.3.1"), ("8.3.1", "not applicable", "--applicable 8.3")),
    ]:
        assert_one_line_error(*run(capsys, *args), *fragments)
    assert ok(capsys, "log", qms) == log_before
    # conformity on the whole top clause skips what is excluded
    out = ok(capsys, "conform", qms, "8")
    recorded = out.split(": ", 1)[1].split(" in ")[0].split(", ")
    assert "8.2.1" in recorded and not any(c == "8.3" or c.startswith("8.3.") for c in recorded)
    with Appraisal.open(qms) as a:
        assert not any(c.startswith("8.3") for c in a.cells.all())


def test_audit_refusals_change_nothing(capsys, qms, acme):
    import_evidence(capsys, qms)
    add = ("finding", "add", qms)
    for args, fragment in [
        ((*add, "8.5.9", "--grade", "minor", "--text", "t"), "8.5.9"),
        ((*add, "clause 11.1", "--grade", "minor", "--text", "t"), "11.1"),
        ((*add, "8.5.1", "--grade", "critical", "--text", "t"), "critical"),
        ((*add, "8.5.1", "--grade", "minor", "--text", "t", "--site", "PLANT-9"), "PLANT-9"),
        ((*add, "8.5.1", "--grade", "minor", "--text", "t", "--evidence", "99"), "99"),
        ((*add, "8.5.1", "--grade", "minor", "--text", "  "), "text"),
        (("conform", qms, "8.5.9"), "8.5.9"),
        (("conform", qms, "8.5.1", "--site", "PLANT-9"), "PLANT-9"),
        (("finding", "update", qms, "1", "--verified-closed"), "1"),
        (("conform", acme, "8.5.1"), "cmmi-dev-1.3"),
        (("finding", "add", acme, "REQM SP 1.1", "--grade", "minor", "--text", "t"), "cmmi-dev-1.3"),
        (("conform", "missing.appraisal", "8.5.1"), "missing.appraisal"),
    ]:
        assert_one_line_error(*run(capsys, *args), fragment)
    with Appraisal.open(qms) as a:
        assert a.findings.all() == [] and a.cells.all() == {}
    with Appraisal.open(acme) as a:
        assert a.findings.all() == []


# -- 3. the recommendation through its rules, rate --json shape -------------------------------------------

def assert_audit_shape(rating: dict) -> None:
    assert {"framework", "scheme", "recommendation", "rule", "blocked_by", "clauses"} <= set(rating)
    assert (rating["framework"], rating["scheme"]) == ("iso-9001-2015", "audit")
    assert rating["recommendation"] in ("pending", "not_recommended", "recommended_subject_to_plans", "recommended",
                                        "partial")
    assert isinstance(rating["rule"], str) and rating["rule"]
    assert isinstance(rating["blocked_by"], list)
    assert len(rating["clauses"]) == 68
    for c in rating["clauses"]:
        assert {"id", "result", "findings"} <= set(c)
        assert c["result"] in ("conformity", "nonconformity", "not_audited", "not_applicable")
        for f in c["findings"]:
            assert {"id", "grade", "status"} <= set(f)
            assert f["grade"] in ("major", "minor", "observation", "ofi")
            if f["grade"] in ("major", "minor"):
                assert f["status"] in ("open", "plan_accepted", "verified_closed")
    json.dumps(rating)


def test_rate_goes_pending_not_recommended_subject_to_plans_recommended(capsys, qms):
    rating = rate_json(capsys, qms)
    assert_audit_shape(rating)
    assert rating["recommendation"] == "pending" and "4.1" in rating["blocked_by"]

    major = add_finding(capsys, qms, "8.5.1", "major", "--site", "PLANT-2")
    rating = rate_json(capsys, qms)  # A8.1, even with clauses unaudited
    assert_audit_shape(rating)
    assert (rating["recommendation"], rating["rule"][:4], rating["blocked_by"]) == ("not_recommended", "A8.1",
                                                                                   ["8.5.1"])

    for top in ("4", "5", "6", "7", "8", "9", "10"):
        ok(capsys, "conform", qms, top)
    minor = add_finding(capsys, qms, "7.5.3", "minor", "--site", "HQ")
    add_finding(capsys, qms, "9.3.1", "observation")
    add_finding(capsys, qms, "10.3", "ofi")
    rating = rate_json(capsys, qms)
    assert (rating["recommendation"], rating["blocked_by"]) == ("not_recommended", ["8.5.1"])
    assert clause(rating, "9.3.1")["result"] == "conformity"  # an observation is not a nonconformity

    ok(capsys, "finding", "update", qms, major, "--verified-closed")
    rating = rate_json(capsys, qms)  # A8.3: the minor has no accepted plan yet
    assert_audit_shape(rating)
    assert (rating["recommendation"], rating["rule"][:4], rating["blocked_by"]) == ("pending", "A8.3", ["7.5.3"])
    c = clause(rating, "7.5.3")
    assert c["result"] == "nonconformity"
    assert c["findings"][0]["id"] == minor and c["findings"][0]["grade"] == "minor"
    assert c["findings"][0]["status"] == "open"

    ok(capsys, "finding", "update", qms, minor, "--plan-accepted")
    rating = rate_json(capsys, qms)
    assert_audit_shape(rating)
    assert (rating["recommendation"], rating["rule"][:4], rating["blocked_by"]) == (
        "recommended_subject_to_plans", "A8.2", [])
    assert clause(rating, "7.5.3")["findings"][0]["status"] == "plan_accepted"

    ok(capsys, "finding", "update", qms, minor, "--verified-closed")
    rating = rate_json(capsys, qms)
    assert_audit_shape(rating)
    assert (rating["recommendation"], rating["rule"][:4], rating["blocked_by"]) == ("recommended", "A8.4", [])
    text = ok(capsys, "rate", qms)
    assert "recommended" in text.lower() and "A8.4" in text


def test_two_minors_on_one_clause_are_pointed_out(capsys, qms):
    add_finding(capsys, qms, "8.5.1", "minor", "--site", "HQ")
    add_finding(capsys, qms, "8.5.1", "minor", "--site", "PLANT-2")
    rating = rate_json(capsys, qms)
    assert [n[:2] for n in rating["attention"]] == ["A3"] and "8.5.1" in rating["attention"][0]
    assert [f["grade"] for f in clause(rating, "8.5.1")["findings"]] == ["minor", "minor"]  # never regraded
    assert rating["recommendation"] == "pending"


# -- 3. export --------------------------------------------------------------------------------------------

def test_export_covers_the_audit_and_names_no_one(capsys, qms, tmp_path):
    by = ("--by", "Jane Roe")
    import_evidence(capsys, qms)
    for top in ("4", "5", "6", "7", "8", "9", "10"):
        ok(capsys, *by, "conform", qms, top)
    out = ok(capsys, *by, "finding", "add", qms, "7.5.3", "--grade", "minor", "--site", "HQ", "--evidence", "1",
             "--text", "Obsolete procedure revision in use (document controller interview, session 1)")
    ok(capsys, *by, "finding", "update", qms, out.split()[0], "--plan-accepted")
    assert "Jane Roe" in ok(capsys, "log", qms)  # the log names who; exports never do

    md = ok(capsys, "export", qms, "--format", "md", "-o", "-")
    assert UNIT in md and "7.5.3" in md and "A8.2" in md
    assert "subject to" in md.replace("_", " ")
    assert "Obsolete procedure revision in use" in md

    text = ok(capsys, "export", qms, "--format", "csv", "-o", "-").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(r and r[0] == "7.5.3" for r in rows)

    data = json.loads(ok(capsys, "export", qms, "--format", "json", "-o", "-"))
    assert data["rating"]["scheme"] == "audit"
    assert data["rating"]["recommendation"] == "recommended_subject_to_plans"
    assert clause(data["rating"], "7.5.3")["result"] == "nonconformity"

    for fmt in ("md", "csv", "json"):
        exported = ok(capsys, "export", qms, "--format", fmt, "-o", "-")
        assert "Jane" not in exported and "Roe" not in exported
        out_path = tmp_path / f"audit.{fmt}"
        ok(capsys, "export", qms, "--format", fmt, "-o", out_path)
        assert "Jane" not in out_path.read_text(encoding="utf-8-sig")
    # the CSV carries the recommendation too
    assert "subject to" in text.replace("_", " "), "the CSV export does not give the recommendation"


# -- 4. the mapping file and its validation ---------------------------------------------------------------

def test_frameworks_validate_the_bundled_mapping(capsys):
    out = ok(capsys, "frameworks", "validate", MAPPING)
    assert out.startswith(f"{MAPPING}: valid mapping")
    assert "iso-9001-2015" in out and "cmmi-dev-1.3" in out and "derived" in out


@pytest.mark.parametrize("find, replace, fragment", [
    ('to: "CM SP 1.1"', 'to: "CM SP 9.9"', "CM SP 9.9"),          # an unknown practice
    ('from: "8.4.3"', 'from: "8.4.9"', "8.4.9"),                  # an unknown clause
    ('to: "ALL GP 2.6"', 'to: "ALL GP 9.9"', "GP 9.9"),            # an unknown generic practice, in every area
    ("strength: strong", "strength: medium", "medium"),
])
def test_a_mapping_naming_an_unknown_id_is_refused_with_file_and_line(capsys, tmp_path, find, replace, fragment):
    lines = MAPPING.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- {") and find in line)
    lines[index] = lines[index].replace(find, replace, 1)
    broken = tmp_path / "broken.yaml"
    broken.write_text("".join(lines), encoding="utf-8")
    assert_one_line_error(*run(capsys, "frameworks", "validate", broken), f"appraise: {broken}:{index + 1}: ",
                          fragment)
    # compare with it is refused the same way
    assert_one_line_error(*run(capsys, "compare", "iso-9001-2015", "cmmi-dev-1.3", "--level", "2", "--map", broken),
                          f"{broken}:{index + 1}: ", fragment)


# -- 5. compare --------------------------------------------------------------------------------------------

def test_compare_at_ml3_gives_the_hand_counted_figures(capsys):
    data = json.loads(ok(capsys, "compare", "iso-9001-2015", "cmmi-dev-1.3", "--level", "3", "--json"))
    assert data["mapping"]["derived"] is True
    assert Path(data["mapping"]["file"]).name == MAPPING.name
    assert data["level"] == 3
    areas = {a["id"]: a for a in data["areas"]}
    assert set(areas) == {*ML2, "RD", "TS", "PI", "VER", "VAL", "OPF", "OPD", "OT", "IPM", "RSKM", "DAR"}
    assert not {"OPP", "QPM", "OPM", "CAR"} & set(areas)
    figures = {k: (areas[k]["ml"], areas[k]["specific_practices"], areas[k]["strong"], areas[k]["partial"],
                   areas[k]["none"]) for k in ("CM", "SAM", "DAR")}
    assert figures == {"CM": (2, 7, 6, 1, 0), "SAM": (2, 6, 3, 2, 1), "DAR": (3, 6, 0, 0, 6)}
    assert areas["CM"]["clauses"] == ["7.5.2", "7.5.3", "8.2.4", "8.3.6", "8.5.2", "8.5.3", "8.5.4", "8.5.6", "8.6",
                                      "8.7"]
    assert areas["SAM"]["clauses"] == ["8.4.1", "8.4.2", "8.4.3", "9.1.3"]
    assert areas["DAR"]["clauses"] == []
    for a in data["areas"]:
        assert a["strong"] + a["partial"] + a["none"] == a["specific_practices"]
    # ML2 areas: 43 of 54 specific practices; ML3 areas: 48 of 86
    ml2 = [a for a in data["areas"] if a["ml"] == 2]
    ml3 = [a for a in data["areas"] if a["ml"] == 3]
    assert (sum(a["strong"] + a["partial"] for a in ml2), sum(a["specific_practices"] for a in ml2)) == (43, 54)
    assert (sum(a["strong"] + a["partial"] for a in ml3), sum(a["specific_practices"] for a in ml3)) == (48, 86)
    summary = json.dumps(data["summary"])
    assert "43" in summary and "54" in summary and "48" in summary and "86" in summary
    assert data["summary"]["areas_without_counterpart"] == ["DAR"]

    text = ok(capsys, "compare", "iso-9001-2015", "cmmi-dev-1.3", "--level", "3")
    assert sum(1 for line in text.splitlines() if "derived" in line.lower()) >= 1
    assert re.search(r"43 of 54\b.*ML2.*48 of 86\b.*ML3", text), text
    assert "DAR" in text


def test_compare_at_ml2_keeps_to_ml2(capsys):
    data = json.loads(ok(capsys, "compare", "iso-9001-2015", "cmmi-dev-1.3", "--level", "2", "--json"))
    assert [a["id"] for a in data["areas"]] == list(ML2)
    assert data["summary"]["areas_without_counterpart"] == []


@pytest.mark.parametrize("args, fragment", [
    (("iso-9001-2015", "cmmi-dev-1.3", "--level", "1"), "--level"),
    (("iso-9001-2015", "cmmi-dev-1.3", "--level", "6"), "--level"),
    (("iso-9001-2015", "nope", "--level", "2"), "nope"),
    (("cmmi-dev-1.3", "iso-9001-2015", "--level", "2"), "iso-9001-2015"),
    (("iso-9001-2015", "cmmi-dev-1.3", "--level", "2", "--map", "missing.yaml"), "missing.yaml"),
])
def test_compare_refusals(capsys, args, fragment):
    assert_one_line_error(*run(capsys, "compare", *args), fragment)


# -- 6. reuse ----------------------------------------------------------------------------------------------

@pytest.fixture
def audit_with_753(capsys, qms) -> Path:
    """The audit with one evidence item, linked to 7.5.3 in HQ."""
    import_evidence(capsys, qms, "".join(EVIDENCE.splitlines(keepends=True)[:2]))
    return qms


def test_reuse_suggests_never_links_and_adds_no_duplicates(capsys, acme, audit_with_753):
    listed = suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")
    assert {s["practice"]: s["strength"] for s in listed} == FROM_753
    assert len(listed) == len(FROM_753)
    for s in listed:
        assert (s["clause"], s["project"], s["status"]) == ("7.5.3", "ALPHA", "open")
        assert s["evidence"] == "Document control procedure"
        assert isinstance(s["id"], int)
    with Appraisal.open(acme) as a:
        assert a.evidence.links() == {} and a.evidence.items() == []
        assert a.cells.all() == {}

    again = suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")
    assert again == listed
    text = ok(capsys, "reuse", acme, "--from", audit_with_753, "--projects", "ALPHA")
    assert "derived" in text.splitlines()[0]  # one line on the mapping's status
    both = suggestions(capsys, acme, audit_with_753)  # default: every project
    assert len(both) == 2 * len(FROM_753)
    assert [s for s in both if s["project"] == "ALPHA"] == listed
    with Appraisal.open(acme) as a:
        assert a.evidence.links() == {}


def test_reuse_accept_makes_a_link_with_its_origin_and_reject_makes_none(capsys, acme, audit_with_753):
    listed = {s["practice"]: s for s in suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")}
    cm11, cm12 = listed["CM SP 1.1"]["id"], listed["CM SP 1.2"]["id"]

    ok(capsys, "reuse", acme, "--accept", cm11)
    with Appraisal.open(acme) as a:
        [item] = a.evidence.items()
        assert item.title == "Document control procedure" and item.kind == "artifact"
        assert a.evidence.links() == {item.id: [("CM SP 1.1", "ALPHA")]}
        origins = a.reader.link_origins()
        assert set(origins) == {(item.id, "CM SP 1.1", "ALPHA")}
        origin = origins[(item.id, "CM SP 1.1", "ALPHA")]
        assert UNIT in origin and "7.5.3" in origin and "strong" in origin
        assert a.cells.all() == {}  # nothing characterizes a practice
    status = {s["practice"]: s["status"] for s in suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")}
    assert status["CM SP 1.1"] == "accepted" and status["CM SP 1.2"] == "open"

    ok(capsys, "reuse", acme, "--reject", cm12)
    with Appraisal.open(acme) as a:
        assert a.evidence.links() == {item.id: [("CM SP 1.1", "ALPHA")]}
    status = {s["practice"]: s["status"] for s in suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")}
    assert status["CM SP 1.2"] == "rejected"

    # an unknown id is refused and changes nothing, even beside a good one
    before = suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")
    for flag, ids in (("--accept", "9999"), ("--accept", f"{listed['CM SP 2.2']['id']},9999"),
                      ("--reject", "9999"), ("--accept", "CM SP 2.2")):
        assert_one_line_error(*run(capsys, "reuse", acme, flag, ids))
    assert suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA") == before
    with Appraisal.open(acme) as a:
        assert a.evidence.links() == {item.id: [("CM SP 1.1", "ALPHA")]}

    ok(capsys, "reuse", acme, "--accept", "all")
    final = {s["practice"]: s["status"] for s in suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")}
    assert final.pop("CM SP 1.2") == "rejected"
    assert set(final.values()) == {"accepted"}
    with Appraisal.open(acme) as a:
        [item] = a.evidence.items()  # one item, many links
        links = a.evidence.links()[item.id]
        assert sorted(p for p, _code in links) == sorted(final)
        assert {code for _p, code in links} == {"ALPHA"}
        assert len(a.reader.link_origins()) == len(final)
    # and once more: nothing new, the decisions stand
    assert {s["practice"]: s["status"] for s in suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")} \
        == {**final, "CM SP 1.2": "rejected"}


def test_reuse_from_a_clause_without_a_row_takes_its_parents_row(capsys, acme, qms):
    """Mapping page §2: 5.2.1 and 7.1.5.1 have no row of their own; they take the rows of 5.2 and 7.1.5."""
    import_evidence(capsys, qms, HEADER + "5.2.1,HQ,Quality policy,artifact,https://dms.acme.example/qms/POL.pdf,"
                                          "Signed quality policy,LA,2026-09-14\n"
                                          "7.1.5.1,PLANT-2,Calibration register,artifact,"
                                          "https://dms.acme.example/plant2/CAL.xlsx,Gauges and due dates,AUD-1,"
                                          "2026-09-16\n")
    listed = suggestions(capsys, acme, qms, "--projects", "ALPHA")
    # 5.2: ALL GP 2.1 strong (OPF SP 1.1 is ML3); 7.1.5: MA SP 1.3 partial (VER, VAL are ML3)
    assert {s["practice"]: s["strength"] for s in listed} == {**{f"{pa} GP 2.1": "strong" for pa in ML2},
                                                              "MA SP 1.3": "partial"}
    assert {s["evidence"] for s in listed} == {"Quality policy", "Calibration register"}


def test_reuse_refusals_change_nothing(capsys, acme, audit_with_753, _templates, tmp_path):
    other = Path(shutil.copyfile(_templates["acme"], tmp_path / "other.appraisal"))
    for args, fragment in [
        (("--from", other), "other.appraisal"),                                # a CMMI appraisal is not an audit
        (("--from", "missing.appraisal"), "missing.appraisal"),
        (("--from", audit_with_753, "--projects", "ZETA"), "ZETA"),
        (("--from", audit_with_753, "--map", "missing.yaml"), "missing.yaml"),
    ]:
        assert_one_line_error(*run(capsys, "reuse", acme, *args), fragment)
    # without --from it lists what is stored and proposes nothing
    assert ok(capsys, "reuse", acme).startswith("No suggestions yet")
    assert json.loads(ok(capsys, "reuse", acme, "--json")) == {"suggestions": []}
    with Appraisal.open(acme) as a:
        assert a.reader.suggestions() == [] and a.evidence.links() == {}


# -- 7. gaps -----------------------------------------------------------------------------------------------

def test_gaps_list_missing_evidence_with_iso_counterparts(capsys, acme, audit_with_753):
    data = json.loads(ok(capsys, "gaps", acme, "--json"))
    gaps = {(g["practice"], g["project"]): g for g in data["gaps"]}
    with Appraisal.open(acme) as a:
        practices = a.practices
    assert set(gaps) == {(p, code) for p in practices for code in ("ALPHA", "BETA")}
    assert all(g["missing"] == ["artifact", "affirmation"] for g in gaps.values())
    assert "7.5.3" in gaps[("CM SP 1.1", "ALPHA")]["iso_counterpart"]
    assert {"8.4.1", "8.4.2"} <= set(gaps[("SAM SP 2.1", "BETA")]["iso_counterpart"])
    assert {"7.5.2", "7.5.3"} <= set(gaps[("REQM GP 2.6", "ALPHA")]["iso_counterpart"])
    # no counterpart: estimating (PP SP 1.1, 1.2, 1.4), SAM SP 2.3 (mapping page §5)
    for practice in ("PP SP 1.1", "PP SP 1.2", "PP SP 1.4", "SAM SP 2.3"):
        assert gaps[(practice, "ALPHA")]["iso_counterpart"] == []
    text = ok(capsys, "gaps", acme)
    pp11 = next(line for line in text.splitlines() if "PP SP 1.1" in line and "ALPHA" in line)
    assert "no ISO counterpart" in pp11
    cm11 = next(line for line in text.splitlines() if "CM SP 1.1" in line and "ALPHA" in line)
    assert "7.5.3" in cm11

    # an accepted suggestion is an artifact: only the affirmation is missing now
    cm = next(s["id"] for s in suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")
              if s["practice"] == "CM SP 1.1")
    ok(capsys, "reuse", acme, "--accept", cm)
    gaps = {(g["practice"], g["project"]): g for g in json.loads(ok(capsys, "gaps", acme, "--json"))["gaps"]}
    assert gaps[("CM SP 1.1", "ALPHA")]["missing"] == ["affirmation"]
    assert gaps[("CM SP 1.1", "BETA")]["missing"] == ["artifact", "affirmation"]


def test_gaps_on_the_bundled_cmmi_sample(capsys):
    """acme-ml2 (EXPECTED.md): 324 cells in scope but SAM (not applicable); 108 have both kinds, the three
    GAMMA cells characterized NY have none, the other 213 lack an affirmation only."""
    ok(capsys, "demo", "--sample", "acme-ml2", "--to", "s.appraisal", "--print")
    gaps = json.loads(ok(capsys, "gaps", "s.appraisal", "--json"))["gaps"]
    assert not [g for g in gaps if g["practice"].startswith("SAM ")]
    both = sorted(g["practice"] for g in gaps if g["missing"] == ["artifact", "affirmation"])
    assert both == ["CM SP 3.2", "PMC SP 1.7", "REQM SP 1.3"]
    assert {g["project"] for g in gaps if g["missing"] == ["artifact", "affirmation"]} == {"GAMMA"}
    assert len(gaps) == 216
    assert sum(1 for g in gaps if g["missing"] == ["affirmation"]) == 213
    # 21 of them have no ISO counterpart: new work (acme-iso9001/EXPECTED.md)
    no_counterpart = [g for g in gaps if g["iso_counterpart"] == []]
    assert len(no_counterpart) == 21 and "PP SP 1.1" in {g["practice"] for g in no_counterpart}


def test_gaps_refuses_what_is_not_an_appraisal(capsys):
    assert_one_line_error(*run(capsys, "gaps", "missing.appraisal"), "missing.appraisal")


# -- the bundled audit sample ------------------------------------------------------------------------------

RECOMMENDATIONS = ("recommended_subject_to_plans", "not_recommended", "recommended", "pending")


@pytest.mark.skipif(not (ISO_SAMPLE / "sample.yaml").is_file(), reason="no acme-iso9001 sample bundled")
def test_the_bundled_audit_sample_gives_the_recommendation_its_expected_md_says(capsys):
    expected_md = (ISO_SAMPLE / "EXPECTED.md").read_text(encoding="utf-8")
    result = re.split(r"^## ", expected_md.split("\n## Result", 1)[1], maxsplit=1, flags=re.M)[0]
    said = [word for word in re.findall(r"`(\w+)`", result) if word in RECOMMENDATIONS]
    assert said, "EXPECTED.md's Result section names no recommendation"
    out = ok(capsys, "demo", "--sample", "acme-iso9001", "--to", "q.appraisal", "--print")
    assert "q.appraisal" in out
    rating = rate_json(capsys, "q.appraisal")
    assert_audit_shape(rating)
    assert rating["recommendation"] == said[0]
    assert rating["rule"].split(":")[0] in result, rating["rule"]
    # the two samples together: reuse and gaps straight away
    ok(capsys, "demo", "--sample", "acme-ml2", "--to", "c.appraisal", "--print")
    listed = suggestions(capsys, "c.appraisal", "q.appraisal")
    assert listed and {s["status"] for s in listed} == {"open"}
    assert {s["project"] for s in listed} == {"ALPHA", "BETA", "GAMMA"}
    with Appraisal.open("c.appraisal") as a:
        assert not a.reader.link_origins()


def test_a_renamed_audit_adds_no_duplicate_suggestions(capsys, acme, audit_with_753, tmp_path):
    first = suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")
    moved = tmp_path / "moved" / "qms-final.appraisal"
    moved.parent.mkdir()
    shutil.copyfile(audit_with_753, moved)
    assert suggestions(capsys, acme, moved, "--projects", "ALPHA") == first


def test_propose_and_decide_are_two_commands(capsys, acme, audit_with_753):
    sid = suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")[0]["id"]
    assert_one_line_error(*run(capsys, "reuse", acme, "--accept", sid, "--from", audit_with_753), "two commands")
    with Appraisal.open(acme) as a:
        assert a.evidence.links() == {}
    out = ok(capsys, "reuse", acme, "--accept", f"{sid},{sid}")  # the same id twice counts once
    assert out.startswith("1 suggestions decided; 1 evidence links added")


def test_an_audit_has_no_target_and_findings_need_a_clause(capsys, tmp_path, qms):
    assert_one_line_error(*run(capsys, "new", tmp_path / "t.appraisal", "--framework", "iso-9001-2015", "--unit", "U",
                               "--projects", "HQ", "--target", "3"), "no target level")
    with Appraisal.open(qms) as a:  # the findings view's dialog goes through save_finding
        with pytest.raises(AppraiseError, match="raised on a clause"):
            a.findings.save("major", "8", "whole clause", practice=None)
        fid = a.findings.save("major", "8", "stale work instructions", practice="8.5.1")
        assert next(f for f in a.findings.all() if f.id == fid).status == "open"
        assert a.rate().level.value == "not_recommended"


def test_a_mapping_without_from_says_so(capsys, tmp_path):
    text = MAPPING.read_text(encoding="utf-8").replace("from: iso-9001-2015\n", "", 1)
    bad = tmp_path / "nofrom.yaml"
    bad.write_text(text, encoding="utf-8")
    assert_one_line_error(*run(capsys, "frameworks", "validate", bad), "missing 'from'")


def test_reuse_on_the_samples_skips_areas_ruled_out_and_proposes_each_link_once(capsys):
    ok(capsys, "demo", "--print")
    ok(capsys, "demo", "--sample", "acme-iso9001", "--print")
    listed = suggestions(capsys, "acme-demo.appraisal", "acme-qms.appraisal", "--projects", "ALPHA")
    assert listed and not any(s["practice"].startswith("SAM ") for s in listed)  # SAM: not applicable
    keys = [(s["evidence"], s["practice"], s["project"]) for s in listed]
    assert len(keys) == len(set(keys))  # an item on two clauses is proposed once, from its strongest pair
    assert all(s["basis"] for s in listed)


def test_a_clause_column_is_the_practice_column_and_closed_stays_closed(capsys, qms, tmp_path):
    index = tmp_path / "clause-index.csv"
    index.write_text("Clause,Site,Title,Kind\n7.5.3,HQ,Document control procedure,artifact\n", encoding="utf-8")
    ok(capsys, "evidence", "import", qms, index)
    fid = add_finding(capsys, qms, "8.5.1", "minor")
    ok(capsys, "finding", "update", qms, fid, "--verified-closed")
    assert_one_line_error(*run(capsys, "finding", "update", qms, fid, "--plan-accepted"), "verified closed already")


def test_reuse_filters_propose_list_and_accept_within_areas_and_strength(capsys, acme, audit_with_753):
    listed = suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA", "--strong", "--specific-only")
    assert listed and all(s["strength"] == "strong" and " GP " not in s["practice"] for s in listed)
    everything = suggestions(capsys, acme, audit_with_753, "--projects", "ALPHA")
    assert len(everything) > len(listed)
    out = ok(capsys, "reuse", acme, "--accept", "all", "--areas", "cm")
    cm_open = [s for s in everything if s["practice"].startswith("CM ")]
    assert out.startswith(f"{len(cm_open)} suggestions decided")
    after = json.loads(ok(capsys, "reuse", acme, "--json"))["suggestions"]
    assert {s["status"] for s in after if s["practice"].startswith("CM ")} == {"accepted"}
    assert {s["status"] for s in after if not s["practice"].startswith("CM ")} == {"open"}
    assert_one_line_error(*run(capsys, "reuse", acme, "--areas", "XX"), "not a process area")
