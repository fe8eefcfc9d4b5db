"""Use cases the screens share with the CLI: evidence links, findings, export, notes."""

from __future__ import annotations

import pytest

from appraise.errors import UsageError


def test_link_and_unlink_evidence(appraisal_file, write_csv):
    from appraise.services import Appraisal

    index = write_csv("i.csv", "Practice,Project,Title,Kind\nREQM SP 1.1,ALPHA,SRS,artifact\n")
    with Appraisal.open(appraisal_file) as a:
        a.evidence.import_plan(a.evidence.plan_import(index), who="atm1")
        (item,) = a.evidence.items()
        assert (item.title, item.links) == ("SRS", 1)
        assert a.evidence.link(item.id, "reqm sp1.2", "beta", who="atm1") is True
        assert a.evidence.link(item.id, "REQM SP 1.2", "BETA", who="atm1") is False  # already linked
        assert [i.title for i in a.evidence.for_practice("REQM SP 1.2")["BETA"]] == ["SRS"]
        assert a.evidence.for_practice("REQM SP 1.2")["ALPHA"] == []
        assert a.evidence.items()[0].links == 2
        assert a.evidence.link(item.id, "REQM SP 1.1", "ALPHA", who="atm2", link=False) is True
        assert a.evidence.for_practice("REQM SP 1.1")["ALPHA"] == []
        log = [(c.what, c.target, c.who) for c in a.reader.change_log()[-2:]]
        assert log == [("evidence linked", "REQM SP 1.2 / BETA", "atm1"),
                       ("evidence unlinked", "REQM SP 1.1 / ALPHA", "atm2")]
        with pytest.raises(UsageError, match="no evidence item #99"):
            a.evidence.link(99, "REQM SP 1.1", "ALPHA")


def test_findings_are_saved_changed_and_deleted(appraisal_file):
    from appraise.services import Appraisal

    with Appraisal.open(appraisal_file) as a:
        fid = a.findings.save("weakness", "reqm", "Trace matrix not kept current after CR-112",
                             practice="REQM SP 1.4", who="lead")
        a.findings.save("strength", "PP", "Estimates use historical data", who="lead")
        assert [(f.kind, f.area, f.practice) for f in a.findings.all()] == [
            ("strength", "PP", None), ("weakness", "REQM", "REQM SP 1.4")]
        a.findings.save("weakness", "REQM", "Trace matrix stale in BETA", practice="REQM SP 1.4", finding_id=fid)
        assert [f.text for f in a.findings.all() if f.id == fid] == ["Trace matrix stale in BETA"]
        a.findings.delete(fid)
        assert [f.area for f in a.findings.all()] == ["PP"]
        for bad, message in [(dict(kind="issue", area="PP", text="x"), "strength or a weakness"),
                             (dict(kind="strength", area="RD", text="x"), "not a process area of this"),
                             (dict(kind="strength", area="PP", text="x", practice="REQM SP 1.1"), "not a practice of PP"),
                             (dict(kind="strength", area="PP", text=" "), "needs its text")]:
            with pytest.raises(UsageError, match=message):
                a.findings.save(**bad)


def test_notes_and_export_through_the_service(appraisal_file, tmp_path):
    import json

    from appraise.services import Appraisal

    with Appraisal.open(appraisal_file) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", note="stale trace matrix")
        assert a.cells.notes_for("reqm sp 1.1") == {"ALPHA": "stale trace matrix"}
        out = a.export("json", tmp_path / "s.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["rating"]["process_areas"][0]["goals"][0]["practices"][0]["instances"]["ALPHA"] == "LI"


def test_findings_are_in_every_export(appraisal_file, tmp_path):
    import csv
    import json

    from appraise.services import Appraisal

    with Appraisal.open(appraisal_file) as a:
        a.findings.save("weakness", "REQM", "Trace matrix not kept current", practice="REQM SP 1.4")
        a.findings.save("strength", "PP", "Estimates use historical data")
        md = a.export("md", tmp_path / "s.md").read_text(encoding="utf-8")
        data = json.loads(a.export("json", tmp_path / "s.json").read_text(encoding="utf-8"))
        rows = list(csv.DictReader(a.export("csv", tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()))
    # each area's findings under its Strengths / Weaknesses, the practice a finding is about after it (FF3)
    reqm = md.split("## Requirements Management (REQM)", 1)[1].split("\n## ", 1)[0]
    assert "### Weaknesses\n\n- Trace matrix not kept current (REQM SP 1.4)" in reqm
    pp = md.split("## Project Planning (PP)", 1)[1].split("\n## ", 1)[0]
    assert "### Strengths\n\n- Estimates use historical data" in pp
    assert {(f["area"], f["kind"], f["practice"]) for f in data["findings"]} == {
        ("REQM", "weakness", "REQM SP 1.4"), ("PP", "strength", None)}
    assert next(r for r in rows if r["practice"] == "REQM SP 1.4")["findings"] == \
        "weakness: Trace matrix not kept current"
    # a finding about the whole area is on each of its rows
    assert {r["area_findings"] for r in rows if r["area"] == "PP"} == {"strength: Estimates use historical data"}
    assert {r["area_findings"] for r in rows if r["area"] == "REQM"} == {""}
