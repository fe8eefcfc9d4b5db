"""The Automotive SPICE / ISO/IEC 33020 deliverable (deliverables.md §2, checks AS1-AS6, CH1, N1).

An assessment of SWE.1 and MAN.3 in two instances is built through the command line as a user types it (ratings,
a justified AS8 deviation, weights, findings, an evidence index collected by a named person); the Document is laid
out from it by the scheme, with a hand-made roster and recorded details, and compared with the rating's own JSON.
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from appraise.cli import main
from appraise.errors import UsageError
from appraise.schemes.document import (
    Bullets,
    Chart,
    Facts,
    Findings,
    Paragraph,
    Signatures,
    Table,
    TeamMember,
    anonymize,
    cell_text,
)
from appraise.services import Appraisal
from appraise.services.deliverables import deliverable_input

PLANTED = "Jane Roe"  # types every change (--by) and collected the evidence: never in a deliverable
ROSTER = (TeamMember("Alex Leader", "lead assessor", "QA Consult", "competent"),
          TeamMember("Sam Second", "co-assessor", "QA Consult", "provisional"))
DETAILS = {"start": "2026-11-30", "end": "2026-12-04", "sponsor": "Head of R&D", "organization": "Acme Automotive",
           "location": "Plant North", "appraisal_objectives": "Capability of the ECU software development",
           "constraints": "ECU-B staff available on one day only"}
WHY_WEIGHTS = "ECU-A is the series product"
WHY_AS8 = "pilot fills the standard process"
ORDER = ("PA 1.1", "PA 2.1", "PA 2.2", "PA 3.1", "PA 3.2")
RATINGS = {"SWE.1": {"ECU-A": "F F F P L", "ECU-B": "F L F L L"},
           "MAN.3": {"ECU-A": "F F F F F", "ECU-B": "F F L F F"}}


def cli(*args: object) -> None:
    assert main(["--by", PLANTED, *map(str, args)]) == 0


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """``plain``: rated, findings and evidence; ``weighted``: plus weights and the AS8 justification."""
    root = tmp_path_factory.mktemp("spice")
    plain = root / "plain.appraisal"
    cli("new", plain, "--framework", "aspice-3.1", "--target", "3", "--unit", "Body Electronics",
        "--projects", "ECU-A,ECU-B", "--processes", "SWE.1,MAN.3")
    lines = ["practice,project,value,note"]
    lines += [f"{p} {pa},{i},{v}," for p, rows in RATINGS.items() for i, row in rows.items()
              for pa, v in zip(ORDER, row.split())]
    lines += ["SWE.1.BP1,ECU-A,L,"]
    (root / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli("characterizations", "import", plain, root / "r.csv")
    (root / "ev.csv").write_text(
        "Practice,Project,Title,Kind,Collected by,Source\n"
        f"SWE.1.BP1,ECU-A,SRS v3,artifact,{PLANTED},{PLANTED}\n"
        f"SWE.1 GP 3.1.1,*,Standard process tailoring record,artifact,{PLANTED},\n"
        f"SWE.1 GP 2.1.1,*,Project lead interview,affirmation,{PLANTED},{PLANTED} interview\n", encoding="utf-8")
    cli("evidence", "import", plain, root / "ev.csv")
    cli("finding", "add", plain, "SWE.1.BP1", "--kind", "weakness", "--text", "The traceability matrix is stale")
    cli("finding", "add", plain, "SWE.1 GP 3.1.1", "--kind", "weakness",
        "--text", "The standard process is not tailored for ECU-A")
    cli("finding", "add", plain, "SWE.1", "--kind", "strength", "--text", "Requirements reviewed with the customer")
    weighted = root / "weighted.appraisal"
    shutil.copyfile(plain, weighted)
    cli("scope", weighted, "--weights", "ECU-A=3,ECU-B=1", "--why", WHY_WEIGHTS)
    cli("decide", weighted, "AS8:SWE.1:ECU-A", "justified", "--why", WHY_AS8)
    return {"plain": plain, "weighted": weighted}


def data_of(path: Path, team=ROSTER, details=DETAILS, generated="2026-12-10"):
    with Appraisal.open(path) as a:
        data = deliverable_input(a)
        scheme = a.scheme
    return scheme, dataclasses.replace(data, team=tuple(team), details=dict(details), generated=generated)


def doc_of(path: Path, **kw):
    scheme, data = data_of(path, **kw)
    return scheme.document(data), data


@pytest.fixture(scope="module")
def weighted(files):
    return doc_of(files["weighted"])


def section(doc, sid):
    return next(s for s in doc.sections if s.id == sid)


def blocks(sec, kind):
    return [b for b in sec.blocks if isinstance(b, kind)]


def texts(table: Table) -> list[tuple[str, ...]]:
    return [tuple(cell_text(c) for c in row) for row in table.rows]


def test_report_chapters_in_the_vda_order(weighted):
    doc, _ = weighted
    ids = [s.id for s in doc.for_("report")]
    chapters = ["general", "formal", "scope", "participants", "constraints", "results"]
    assert [i for i in ids if i in chapters] == chapters
    at = ids.index("results")
    assert {"results:instances", "results:aggregated", "results:deviations", "results:traceability",
            "results:findings:SWE.1", "results:findings:MAN.3"} <= set(ids[at:])
    assert ids[-1] == "log" and doc.kind == "Assessment report"
    assert blocks(section(doc, "constraints"), Paragraph)[0].text == DETAILS["constraints"]


@pytest.mark.parametrize("which", ["plain", "weighted"])
def test_per_instance_and_aggregated_tables_are_the_ratings(files, which):
    doc, data = doc_of(files[which])
    rating = data.summary["rating"]
    instance_tables = {t.key: t for t in blocks(section(doc, "results:instances"), Table)}
    aggregated = texts(blocks(section(doc, "results:aggregated"), Table)[0])
    for row, process in zip(aggregated, rating["processes"], strict=True):
        table = instance_tables[f"pa:{process['id']}"]
        assert table.columns == ("Instance", *ORDER, "Capability level")
        assert texts(table) == [(i, *(a["instances"][i] for a in process["attributes"]),
                                 f"CL {process['instance_levels'][i]}") for i in ("ECU-A", "ECU-B")]
        assert row == (process["id"], process["title"], *(a["rating"] for a in process["attributes"]),
                       f"CL {process['capability_level']}")
    # SWE.1 PA 3.1 is P in ECU-A and L in ECU-B: the mean 1.5 rounds up to L; weighted 3:1 it is 1.25, P
    swe1 = next(r for r in aggregated if r[0] == "SWE.1")
    assert swe1[2 + ORDER.index("PA 3.1")] == ("P" if which == "weighted" else "L")
    assert doc.palette["F"] == "#00B050" and doc.palette["L+"] == doc.palette["L"] == "#FFC000"
    assert doc.palette["P-"] == doc.palette["P"] == "#92D050" and doc.palette["N"] == "#FF0000"


def test_weights_are_shown_with_their_rationale(files, weighted):
    doc, _ = weighted
    tables = {t.key: t for t in blocks(section(doc, "results:aggregated"), Table)}
    assert texts(tables["weights"]) == [("ECU-A", "3", WHY_WEIGHTS), ("ECU-B", "1", WHY_WEIGHTS)]
    plain, _ = doc_of(files["plain"])
    assert "weights" not in {t.key for t in blocks(section(plain, "results:aggregated"), Table)}


def test_a_weight_without_rationale_fails_the_export(files):
    scheme, data = data_of(files["weighted"])
    rating = {**data.summary["rating"], "weights_rationale": None}
    with pytest.raises(UsageError, match=r"ECU-A=3, ECU-B=1 have no rationale.*AS2"):
        scheme.document(dataclasses.replace(data, summary={**data.summary, "rating": rating}))


def test_weaknesses_are_traced_to_bp_and_gp_ids_with_evidence(weighted):
    doc, data = weighted
    gp_item = next(e.id for e in data.evidence if e.title == "Standard process tailoring record")
    findings = blocks(section(doc, "results:findings:SWE.1"), Findings)[0]
    weaknesses = dict(findings.categories)["Weaknesses"]
    assert f"The standard process is not tailored for ECU-A (SWE.1 GP 3.1.1) [evidence {gp_item}]" in weaknesses
    assert dict(findings.categories)["Strengths"] == ("Requirements reviewed with the customer",)
    as3 = [w for w in doc.warnings if "AS3" in w]
    # PA 3.1 has its weakness (GP 3.1.1); PA 2.1 (L in ECU-B), PA 3.2 (L) and MAN.3 PA 2.2 (L in ECU-B) have none
    assert any(w.startswith("a weakness of SWE.1 PA 3.2 (aggregated L; ECU-A L; ECU-B L)") for w in as3)
    assert any(w.startswith("a weakness of SWE.1 PA 2.1 (aggregated F; ECU-B L)") for w in as3)
    assert any(w.startswith("a weakness of MAN.3 PA 2.2") for w in as3)
    assert not any("SWE.1 PA 3.1" in w or "SWE.1 PA 1.1" in w or "SWE.1.BP1 " in w for w in as3)


def test_a_weakness_of_rule_ids_only_is_flagged(files):
    scheme, data = data_of(files["weighted"])
    extra = {"area": "SWE.1", "kind": "weakness", "practice": None, "text": "AS8, M3.3"}
    summary = {**data.summary, "findings": [*data.summary["findings"], extra]}
    doc = scheme.document(dataclasses.replace(data, summary=summary))
    assert any("instead of rule ids only ('AS8, M3.3', AS3)" in w for w in doc.warnings)


def test_deviation_list_has_the_justified_rule_only(files, weighted):
    doc, _ = weighted
    table = blocks(section(doc, "results:deviations"), Table)[0]
    assert table.columns == ("Rule", "Indicator", "Instance", "Justification")
    assert texts(table) == [("AS8", "SWE.1 PA 3.2, SWE.1 PA 3.1", "ECU-A", WHY_AS8)]
    assert not any("AS8:SWE.1:ECU-A" in w for w in doc.warnings)
    plain, _ = doc_of(files["plain"])  # not justified: no row, a warning, listed as open
    assert blocks(section(plain, "results:deviations"), Table)[0].rows == ()
    assert any(w.startswith("a justification of AS8:SWE.1:ECU-A (AS4)") for w in plain.warnings)
    open_list = blocks(section(plain, "results:deviations"), Bullets)[0]
    assert [i.split(":", 3)[:3] for i in open_list.items] == [["AS8", "SWE.1", "ECU-A"]]
    assert blocks(section(doc, "results:deviations"), Bullets)[0].items == ()


def test_pa_rating_evidence_matrix(weighted):
    doc, data = weighted
    ids = {e.title: e.id for e in data.evidence}
    table = blocks(section(doc, "results:traceability"), Table)[0]
    rows = {(r[0], r[1], r[2]): r[3:] for r in texts(table)}
    assert len(rows) == 2 * 5 * 2  # every instance x PA rating of both processes
    assert rows[("SWE.1", "PA 1.1", "ECU-A")] == ("F", "BP1 L", str(ids["SRS v3"]))
    assert rows[("SWE.1", "PA 3.1", "ECU-B")] == ("L", "", str(ids["Standard process tailoring record"]))
    assert rows[("SWE.1", "PA 2.1", "ECU-B")][2] == str(ids["Project lead interview"])
    assert rows[("MAN.3", "PA 2.2", "ECU-B")] == ("L", "", "")


def test_assessment_log(weighted):
    doc, _ = weighted
    log = section(doc, "log")
    assert log.team and "workbook" in log.where and log.sheet_name == "Assessment log"
    facts = dict(blocks(log, Facts)[0].rows)
    assert facts["Lead assessor"] == "Alex Leader (competent)"
    assert facts["Co-assessors"] == "Sam Second (provisional)"
    assert (facts["Last assessment day"], facts["Report date"]) == ("2026-12-04", "2026-12-10")
    assert (facts["Report due by"], facts["Results valid until about"]) == ("2027-01-01", "2027-12-04")
    signatures = blocks(log, Signatures)[0]
    assert signatures.rows == (("lead assessor", "Alex Leader"), ("co-assessor", "Sam Second"),
                               ("Sponsor (approval)", "Head of R&D"))
    assert not any("AS6" in w for w in doc.warnings)
    assert any(p.text.startswith("The results are valid until about 2027-12-04")
               for p in blocks(section(doc, "results"), Paragraph))


def test_a_late_report_and_a_fifth_co_assessor_are_warned(files):
    team = (*ROSTER, *(TeamMember(f"Co {n}", "co-assessor", licence="competent") for n in "BCDE"))
    doc, _ = doc_of(files["weighted"], team=team, generated="2027-01-05")
    warnings = [w for w in doc.warnings if "AS6" in w]
    assert any("the report date 2027-01-05 is 32 days after it" in w for w in warnings)
    assert any("at most 4 co-assessors" in w and "has 5" in w for w in warnings)
    facts = dict(blocks(section(doc, "log"), Facts)[0].rows)
    assert facts["Co-assessors"].count("(") == 4 and "Co E" not in facts["Co-assessors"]


def test_missing_details_are_not_recorded_and_warned(files):
    doc, _ = doc_of(files["weighted"], details={}, team=())
    facts = dict(blocks(section(doc, "formal"), Facts)[0].rows)
    assert facts["Sponsor"] == "" and facts["Results valid until about"] == ""
    for key in ("end", "sponsor", "constraints", "appraisal_objectives"):
        assert f"{key.replace('_', ' ')} — appraise team FILE --set {key}=VALUE" in doc.warnings
    assert any("lead assessor" in w for w in doc.warnings)


def test_capability_profile_uses_whole_levels(weighted):
    doc, data = weighted
    chart = blocks(section(doc, "results"), Chart)[0]
    processes = data.summary["rating"]["processes"]
    assert chart.categories == ("SWE.1", "MAN.3") and chart.integer and chart.y_max == 5
    assert [s.name for s in chart.series] == ["ECU-A", "ECU-B", "Aggregated"]
    for series in chart.series[:2]:
        assert series.values == tuple(float(p["instance_levels"][series.name]) for p in processes)
    assert chart.series[2].values == tuple(float(p["capability_level"]) for p in processes)
    assert all(v is None or (v.is_integer() and 0 <= v <= 5) for s in chart.series for v in s.values)


def test_feedback_deck_per_process(weighted):
    doc, _ = weighted
    deck = [s.id for s in doc.for_("deck")]
    assert deck[:4] == ["cover:deck", "feedback:profile", "feedback:SWE.1", "feedback:MAN.3"]
    assert section(doc, "cover:deck").title == "Feedback presentation"
    assert isinstance(section(doc, "feedback:profile").blocks[0], Chart)
    swe1 = section(doc, "feedback:SWE.1")
    table = blocks(swe1, Table)[0]
    assert texts(table)[-1] == ("Aggregated", "F", "F", "F", "P", "L", "CL 2") and table.coloured
    categories = dict(blocks(swe1, Findings)[0].categories)
    assert set(categories) == {"Strengths", "Potential improvements"}
    assert any("SWE.1.BP1" in s for s in categories["Potential improvements"])


def test_names_only_in_team_sections(weighted):
    doc, _ = weighted
    everything = " ".join(doc.texts())
    assert PLANTED not in everything and "Jane" not in everything
    public = " ".join(doc.texts(team=False))
    for member in ROSTER:
        assert member.name not in public
        assert member.name in " ".join(doc.texts(team=True))
    participants = section(doc, "participants")
    assert participants.team and "Interviewees are not named: 1 interview record" in \
        blocks(participants, Paragraph)[0].text


def test_export_refuses_weights_without_rationale_in_one_line(files, tmp_path, capsys):
    """A file whose weighting lost its rationale (written by another tool, or before --why was required): the
    export names the weights and writes nothing."""
    path = tmp_path / "w.appraisal"
    shutil.copyfile(files["weighted"], path)
    with sqlite3.connect(path) as db:
        assert db.execute("UPDATE decision SET rationale = '' WHERE kind = 'aggregation_weights'").rowcount == 1
    db.close()
    out = tmp_path / "report.html"
    capsys.readouterr()
    assert main(["export", str(path), "--format", "html", "-o", str(out)]) != 0
    stdout, err = capsys.readouterr()
    assert stdout == "" and "Traceback" not in err and len(err.splitlines()) == 1
    assert err.startswith("appraise: ") and "ECU-A=3, ECU-B=1 have no rationale" in err
    assert not out.exists()


def test_anonymized_instances_leave_no_code(weighted):
    doc, _ = weighted
    hidden = anonymize(doc, ("ECU-A", "ECU-B"), "Instance")
    assert not any("ECU-A" in t or "ECU-B" in t for t in hidden.texts())
    chart = blocks(section(hidden, "results"), Chart)[0]
    assert [s.name for s in chart.series] == ["Instance 1", "Instance 2", "Aggregated"]
