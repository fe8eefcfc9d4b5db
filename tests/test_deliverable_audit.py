"""The ISO 9001 audit deliverable (deliverables.md §3, checks ISO1, N1) on the acme-iso9001 sample.

The sample is built as ``appraise demo acme-iso9001`` builds it, then changed through the command line as an auditor
would (an exclusion, a new nonconformity citing evidence, evidence collected by a named person); the Document is laid
out by the scheme with a hand-made roster and recorded details, and compared with the audit's own findings.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from appraise.cli import main
from appraise.schemes.document import Bullets, Cell, Facts, Paragraph, Signatures, Table, TeamMember, cell_text
from appraise.services import Appraisal, build_sample
from appraise.services.deliverables import deliverable_input

PLANTED = "Jane Roe"
ROSTER = (TeamMember("Robin Leader", "lead auditor", "Cert Body Ltd"), TeamMember("Kim Second", "auditor"))
DETAILS = {"certification_body": "Cert Body Ltd", "client_address": "1 Payment Street, Metropolis",
           "audit_type": "stage 2", "criteria": "ISO 9001:2015; the client's QMS documentation",
           "appraisal_objectives": "Conformity and effectiveness of the QMS", "dates": "2026-11-30 to 2026-12-02",
           "sponsor": "Quality director", "audit_plan_deviations": "none",
           "changes_since_last_audit": "initial certification", "combined_audit": "no",
           "certificates_and_marks": "not applicable", "conformity_statement": "conforms, except the NCs reported"}
WHY_83 = "Acme designs no products: services follow the card schemes' specifications"
NEW_NC = "Runbook RB-12 has no review date although the procedure requires one"


def cli(*args: object) -> None:
    assert main(["--by", PLANTED, *map(str, args)]) == 0


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("audit")
    sample = root / "sample.appraisal"
    with build_sample("acme-iso9001", sample, who=PLANTED):
        pass
    changed = root / "changed.appraisal"
    shutil.copyfile(sample, changed)
    cli("scope", changed, "--not-applicable", "8.3", "--why", WHY_83)
    (root / "ev.csv").write_text("Practice,Project,Title,Kind,Collected by,Source\n"
                                 f"7.5.3,OPS-CENTER,Runbook RB-12,artifact,{PLANTED},{PLANTED} at the desk\n",
                                 encoding="utf-8")
    cli("evidence", "import", changed, root / "ev.csv")
    with Appraisal.open(changed) as a:
        item = next(e.id for e in a.reader.evidence_items() if e.title == "Runbook RB-12")
    cli("finding", "add", changed, "7.5.3", "--grade", "minor", "--site", "OPS-CENTER", "--evidence", item,
        "--text", NEW_NC)
    return {"sample": sample, "changed": changed}


def doc_of(path: Path, team=ROSTER, details=DETAILS):
    with Appraisal.open(path) as a:
        data = dataclasses.replace(deliverable_input(a), team=tuple(team), details=dict(details),
                                   generated="2026-12-05")
        return a.scheme.document(data), data, a.reader.findings()


@pytest.fixture(scope="module")
def sample(files):
    return doc_of(files["sample"])


@pytest.fixture(scope="module")
def changed(files):
    return doc_of(files["changed"])


def section(doc, sid):
    return next(s for s in doc.sections if s.id == sid)


def block(sec, kind):
    return next(b for b in sec.blocks if isinstance(b, kind))


def rows(table: Table) -> list[tuple[str, ...]]:
    return [tuple(cell_text(c) for c in row) for row in table.rows]


def test_report_has_every_17021_item(sample):
    doc, data, _ = sample
    report = [s.id for s in doc.for_("report")]
    for sid in ("audit", "team", "scope", "results", "nonconformities", "observations", "exclusions",
                "recommendation", "unresolved", "disclaimer"):
        assert sid in report
    facts = dict(block(section(doc, "audit"), Facts).rows)
    assert facts["Certification body"] == "Cert Body Ltd" and facts["Client"] == "Acme Payments"
    assert facts["Client address"] == DETAILS["client_address"] and facts["Audit type"] == "stage 2"
    assert facts["Audit criteria"] == DETAILS["criteria"] and facts["Dates"] == DETAILS["dates"]
    assert facts["Audit objectives"] == DETAILS["appraisal_objectives"]
    assert facts["Deviations from the audit plan"] == "none" and facts["Combined, joint or integrated audit"] == "no"
    assert facts["Conformity and effectiveness of the management system"] == DETAILS["conformity_statement"]
    scope = dict(block(section(doc, "scope"), Facts).rows)
    assert scope["Sites"] == "HQ, OPS-CENTER" and scope["Clauses audited"].startswith("4 Context of the organization")
    disclaimer = block(section(doc, "disclaimer"), Paragraph)
    assert disclaimer.style == "disclaimer" and "sampling" in disclaimer.text
    assert {"deck", "report"} <= set(section(doc, "disclaimer").where)
    assert doc.warnings == () and doc.kind == "Audit report"


def test_missing_client_data_is_warned(files):
    doc, _, _ = doc_of(files["sample"], team=(), details={})
    for key in ("certification_body", "client_address", "audit_type", "appraisal_objectives", "dates",
                "audit_plan_deviations", "changes_since_last_audit", "certificates_and_marks"):
        assert f"{key.replace('_', ' ')} — appraise team FILE --set {key}=VALUE" in doc.warnings
    assert any("lead auditor" in w for w in doc.warnings)
    assert dict(block(section(doc, "audit"), Facts).rows)["Certification body"] == ""


def test_recommendation_with_its_rule(sample, changed):
    doc, data, _ = sample
    paragraphs = [b.text for b in section(doc, "recommendation").blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == "Recommendation of the audit team: Certification recommended, subject to the accepted plans."
    assert paragraphs[1] == data.summary["rating"]["rule"] and paragraphs[1].startswith("A8.2")
    assert block(section(doc, "unresolved"), Bullets).items == ()
    # a new minor NC without an accepted plan: pending (A8.3), and it is unresolved
    doc2, data2, found = changed
    new = next(f for f in found if f.text == NEW_NC)
    assert "A8.3" in [b.text for b in section(doc2, "recommendation").blocks if isinstance(b, Paragraph)][1]
    assert f"NC {new.id} (minor, 7.5.3): no accepted plan yet" in block(section(doc2, "unresolved"), Bullets).items


def test_nonconformity_reports(changed, files):
    doc, data, found = changed
    with Appraisal.open(files["changed"]) as a:
        log = a.reader.change_log()
    table = block(section(doc, "nonconformities"), Table)
    assert table.columns == ("ID", "Grade", "Clause", "Site / process", "Evidence", "Requirement",
                             "Statement of nonconformity", "Status", "Cause analysis, correction and corrective action",
                             "Plan accepted on", "Verified on")
    ncs = [f for f in found if f.kind in ("major", "minor")]
    by_id = {r[0]: r for r in rows(table)}
    assert set(by_id) == {f"NC {f.id}" for f in ncs}
    for f in ncs:
        row = by_id[f"NC {f.id}"]
        assert row[1:4] == (f.kind, f.practice, f.site)
        assert row[5].startswith(f"{f.practice} ") and row[6] == f.text
        assert row[7] == (f.status or "open").replace("_", " ")
        # the client's response: present, not kept; the plan accepted and verification dates: the change log's
        changed_on = {c.new: c.at[:10] for c in log if c.what == f"finding #{f.id} status"}
        assert row[8:] == ("", changed_on.get("plan_accepted", ""), changed_on.get("verified_closed", ""))
    assert any(r[9] for r in by_id.values()) and any(r[10] for r in by_id.values())  # the sample has both
    new = next(f for f in ncs if f.text == NEW_NC)
    assert by_id[f"NC {new.id}"][4] == f"{new.evidence_id}: Runbook RB-12"
    assert by_id[f"NC {new.id}"][5] == "7.5.3 Control of documented information"
    major = next(f for f in ncs if f.kind == "major")
    assert by_id[f"NC {major.id}"][7] == "verified closed"
    observations = rows(block(section(doc, "observations"), Table))
    assert {r[0] for r in observations} == {f"#{f.id}" for f in found if f.kind in ("observation", "ofi")}


def test_clause_results_per_site_are_coloured(sample):
    doc, _, found = sample
    table = block(section(doc, "results"), Table)
    assert table.columns == ("Clause", "Title", "HQ", "OPS-CENTER", "Result") and table.coloured
    cells = {cell_text(r[0]): dict(zip(("HQ", "OPS-CENTER"), r[2:4])) for r in table.rows}
    by = {(f.practice, f.site): f for f in found}
    major, minor, obs = by[("9.2", "OPS-CENTER")], by[("7.5.3", "OPS-CENTER")], by[("9.1.2", "HQ")]
    assert cells["9.2"]["OPS-CENTER"] == Cell(f"Major NC (#{major.id})", "#FF0000")
    assert cells["7.5.3"]["OPS-CENTER"] == Cell(f"Minor NC (#{minor.id})", "#FFC000")
    assert cells["9.1.2"]["HQ"] == Cell(f"Conformity; Observation (#{obs.id})", "#D9D9D9")  # both recorded
    assert cells["4.1"]["HQ"] == Cell("Conformity", "#00B050")
    assert dict(table.legend)["Conformity"] == "#00B050" and table.levels[0] == 0 and max(table.levels) == 2


def test_exclusions_with_their_justification(sample, changed):
    doc, _, _ = sample
    assert block(section(doc, "exclusions"), Table).rows == ()
    doc2, _, _ = changed
    assert rows(block(section(doc2, "exclusions"), Table)) == [("8.3", "Design and development of products and "
                                                                 "services", WHY_83)]
    cells = {cell_text(r[0]): r[2] for r in block(section(doc2, "results"), Table).rows}
    assert cells["8.3.1"] == Cell("Not applicable", "#BFBFBF")


def test_findings_briefing_deck(sample):
    doc, _, _ = sample
    deck = [s.id for s in doc.for_("deck")]
    assert deck[0] == "cover:deck" and section(doc, "cover:deck").title == "Findings briefing"
    assert {"briefing", "briefing:nonconformities", "observations", "recommendation", "disclaimer",
            "team"} <= set(deck) and "nonconformities" not in deck
    short = rows(block(section(doc, "briefing:nonconformities"), Table))
    full = rows(block(section(doc, "nonconformities"), Table))
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in short] == [(r[0], r[1], r[2], r[3], r[6], r[7]) for r in full]
    briefing = {r[0]: r[2:] for r in rows(block(section(doc, "briefing"), Table))}
    assert briefing["4"] == ("Conformity", "Conformity", "Conformity")
    assert briefing["9"][1].startswith("Major NC") and briefing["8"][0].startswith("Minor NC")


def test_names_only_in_team_sections(changed):
    doc, _, _ = changed
    assert PLANTED not in " ".join(doc.texts()) and "Jane" not in " ".join(doc.texts())
    public = " ".join(doc.texts(team=False))
    for member in ROSTER:
        assert member.name not in public and member.name in " ".join(doc.texts(team=True))
    assert DETAILS["sponsor"] not in public  # the client's representative: a team section only
    signatures = block(section(doc, "signatures"), Signatures)
    assert signatures.rows == (("lead auditor", "Robin Leader"),)


def test_a_closure_set_back_shows_no_verification_date(files, tmp_path):
    path = tmp_path / "reopened.appraisal"
    shutil.copyfile(files["sample"], path)
    with Appraisal.open(path) as a:
        closed = next(f for f in a.reader.findings() if f.status == "verified_closed")
        a.findings.set_back(closed.id, "reopen", "the follow-up evidence was for another site", who="lead")
    doc, _data, _found = doc_of(path)
    row = next(r for r in rows(block(section(doc, "nonconformities"), Table)) if r[0] == f"NC {closed.id}")
    assert row[7] == "open" and row[9:] == ("", "")  # the dates it no longer stands on are not printed
