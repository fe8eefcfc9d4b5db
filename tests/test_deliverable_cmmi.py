"""The CMMI deliverables as neutral Documents (deliverables.md 1.1-1.4; checks FF1, FF3, FF4, FF6, BC1, BC2, CH1,
ADS1, N1), laid out by each scheme's ``deliverable.py`` from real appraisals: the orion-v3 sample (CMMI V3.0
Benchmark on the FICTIONAL model), the acme-ml2 sample (SCAMPI v1.3 staged ML2), small V3.0 appraisals built
here (weaknesses missing, an area out of scope, an Evaluation) and a SCAMPI continuous one.

The roster is hand-made (``DeliverableInput.team``); names are planted where a deliverable must never show them:
``--by`` (who characterized, decided, recorded a finding), an evidence item's source and collector.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from appraise.cli import main
from appraise.schemes.document import (
    Cell,
    Chart,
    DeliverableInput,
    Document,
    Facts,
    Findings,
    Paragraph,
    Section,
    Signatures,
    Table,
    TeamMember,
    cell_text,
)
from appraise.services import Appraisal, build_sample
from appraise.services.deliverables import deliverable_input

BY, SOURCE, COLLECTOR, DECIDER = "Quentin Plantedby", "Ursula Sourcename", "Victor Collectorname", "Wanda Decidername"
PLANTED = (BY, SOURCE, COLLECTOR, DECIDER)
ROSTER = (TeamMember("Alice Leadname", "Lead appraiser", "Orion Consulting", "LA-0042"),
          TeamMember("Bob Membername", "team member", "Orion Voyages"),
          TeamMember("Cleo Membername", "Team member", "Orion Consulting"),
          TeamMember("Carol Coordname", "OU coordinator", "Orion Voyages"),
          TeamMember("Dave Observername", "observer", "Partner Org"),
          TeamMember("Erin Sponsorname", "sponsor", "Orion Voyages"))
NAMES = tuple(m.name for m in ROSTER)
DETAILS = {"organization": "Orion Group", "location": "Harbour City", "sponsor": "Erin Sponsorname, VP Delivery",
           "sponsor_relationship": "Head of the OU", "business_objectives": "Ship voyages on time",
           "appraisal_objectives": "Benchmark at ML2", "critical_factors": "Two releases in the period",
           "lead_appraiser_id": "LA-0042", "dates": "2026-11-30 to 2026-12-04", "start": "2026-11-30",
           "end": "2026-12-04"}
MARK = {"satisfied": "S", "unsatisfied": "U"}
BLACK = "#000000"


def cli(*args: object) -> None:
    assert main([str(a) for a in args]) == 0


def section(doc: Document, sid: str) -> Section:
    return next(s for s in doc.sections if s.id == sid)


def block(sec: Section, kind: type) -> object:
    return next(b for b in sec.blocks if isinstance(b, kind))


def facts(doc: Document, sid: str) -> dict[str, str]:
    found = block(section(doc, sid), Facts)
    assert isinstance(found, Facts)
    return dict(found.rows)


def layout(data: DeliverableInput, path: Path) -> Document:
    with Appraisal.open(path) as a:
        return a.scheme.document(data)


def _input(path: Path, **changes: object) -> DeliverableInput:
    with Appraisal.open(path) as a:
        data = deliverable_input(a)
    return replace(data, **changes)  # type: ignore[arg-type]


@pytest.fixture
def orion(tmp_path: Path) -> tuple[Path, DeliverableInput, Document]:
    """The orion-v3 sample with findings (a strength, weaknesses for BRV 2.1, STE 2.1 and DUN 2.2, decided LM — none
    for VOY 2.2, LM),
    an evidence item whose source and collector are names, all recorded ``--by`` a name; the hand-made roster."""
    path = tmp_path / "orion.appraisal"
    build_sample("orion-v3", path, who=BY).close()
    index = tmp_path / "index.csv"
    index.write_text("Practice,Project,Title,Kind,Location,Collected by,Date,Source\n"
                     f"ALP 2.1,P1,Gate review minutes,affirmation,,{COLLECTOR},2026-11-20,{SOURCE}\n",
                     encoding="utf-8")
    cli("--by", BY, "evidence", "import", path, index)
    cli("--by", BY, "finding", "add", path, "ALP", "--kind", "strength", "--text", "Plans are reviewed at each gate")
    cli("--by", BY, "finding", "add", path, "BRV 2.1", "--kind", "weakness", "--text", "Reviews skipped in two releases")
    cli("--by", BY, "finding", "add", path, "STE 2.1", "--kind", "weakness", "--text", "Steering minutes incomplete")
    cli("--by", DECIDER, "decide", path, "DUN 2.2", "LM", "--why", "Dunes kept, one log late")
    cli("--by", BY, "finding", "add", path, "DUN 2.2", "--kind", "weakness", "--text", "One dune log late")
    data = _input(path, team=ROSTER, details=DETAILS)
    return path, data, layout(data, path)


@pytest.fixture
def small_v3(tmp_path: Path) -> Path:
    """A V3.0 Benchmark (P1, P2, QA) with KEL out of scope and every cell characterized: ALP 2.1 LM at every unit,
    BRV 2.2 PM, CHA 2.1 DM, the rest FM; no finding at all."""
    path = tmp_path / "small.appraisal"
    cli("new", path, "--framework", "fictional-v3", "--target", "2", "--unit", "Orion", "--projects", "P1,P2",
        "--domains", "Voyages", "--support-functions", "QA")
    cli("scope", path, "--out-of-scope", "KEL", "--why", "no keels are laid in this unit")
    weak = {"ALP 2.1": "LM", "BRV 2.2": "PM", "CHA 2.1": "DM"}
    with Appraisal.open(path) as a:
        for practice in a.practices:
            for unit in a.info.projects:
                a.cells.characterize(practice, unit, weak.get(practice, "FM"), who=BY)
    return path


def test_ff1_the_outline_in_order_with_one_findings_section_per_area_alphabetical(orion):
    _path, data, doc = orion
    areas = sorted(data.tree.areas, key=lambda a: a.title.casefold())
    expected = ["cover", "overview", "business-objectives", "appraisal-objectives", "team", "support", "scope-model",
                "scope-organization", "definitions", "phases", "pa-findings", *(f"findings:{a.id}" for a in areas),
                "ratings", "ratings-grid", "profile", "decisions", "signatures"]
    assert [s.id for s in doc.for_("deck")] == expected
    assert [s.title for s in doc.sections if s.id.startswith("findings:")] == [f"{a.title} ({a.id})" for a in areas]
    assert section(doc, "cover").kind == "title" and section(doc, "pa-findings").kind == "divider"
    assert section(doc, "definitions").from_template == "definition"
    report = [s.id for s in doc.for_("report")]
    assert report.index("decisions") < report.index("ads") < report.index("signatures") < report.index("rules")
    assert {"ads", "area:ALP", "evidence", "traceability", "notes", "rules"} <= {s.id for s in doc.for_("workbook")}
    assert facts(doc, "overview")["Organization"] == "Orion Group"
    assert facts(doc, "overview")["Lead appraiser ID"] == "LA-0042"
    assert "Alice Leadname, Orion Consulting" == facts(doc, "overview")["Appraisal team leader"]


def test_ff1_out_of_scope_area_has_no_findings_section_nor_brick_column(small_v3):
    doc = layout(_input(small_v3, team=ROSTER, details=DETAILS), small_v3)
    ids = [s.id for s in doc.sections]
    assert "findings:KEL" not in ids and "findings:VOY" in ids
    bricks = block(section(doc, "ratings"), Table)
    assert isinstance(bricks, Table) and "KEL" not in bricks.columns
    grid = block(section(doc, "ratings-grid"), Table)
    assert isinstance(grid, Table)
    kel = next(r for r in grid.rows if cell_text(r[0]) == "Keel Laying (KEL)")
    assert {cell_text(c) for c in kel[1:]} <= {"out of scope", ""} and "out of scope" in map(cell_text, kel)


def test_ff3_strengths_and_weaknesses_each_weakness_ending_with_its_practice(orion):
    _path, _data, doc = orion
    for sec in (s for s in doc.sections if s.id.startswith("findings:")):
        found = block(sec, Findings)
        assert isinstance(found, Findings) and [h for h, _ in found.categories] == ["Strengths", "Weaknesses"]
        assert sec.where == ("deck", "report")
    brv = dict(block(section(doc, "findings:BRV"), Findings).categories)  # type: ignore[union-attr]
    assert brv["Strengths"] == () and "Reviews skipped in two releases (BRV 2.1)" in brv["Weaknesses"]
    alp = dict(block(section(doc, "findings:ALP"), Findings).categories)  # type: ignore[union-attr]
    assert alp["Strengths"] == ("Plans are reviewed at each gate",) and alp["Weaknesses"] == ()
    weaknesses = [w for s in doc.sections if s.id.startswith("findings:")
                  for h, items in block(s, Findings).categories if h == "Weaknesses" for w in items]  # type: ignore
    assert weaknesses and all(re.search(r"\([A-Z]+ \d\.\d\)$", w) for w in weaknesses)


def test_ff4_each_lm_pm_dm_practice_without_a_weakness_is_warned_about(orion, small_v3):
    _path, data, doc = orion
    # the sample's findings give each of its LM practices (BRV 2.1, STE 2.1, VOY 2.2) a weakness, and so does the
    # fixture for the one it decides (DUN 2.2)
    weak = [row.id for row in data.tree.nodes("practice") if row.value in ("LM", "PM", "DM")]
    assert {"BRV 2.1", "STE 2.1", "VOY 2.2"} <= set(weak)
    assert not [w for w in doc.warnings if "FF4" in w]
    small = layout(_input(small_v3), small_v3)
    warned = next(w for w in small.warnings if "FF4" in w)
    expected = [f"{row.id} ({row.value})" for area in _input(small_v3).tree.areas for g in area.groups
                for row in g.rows if row.value in ("LM", "PM", "DM")]
    assert expected == ["ALP 2.1 (LM)", "BRV 2.2 (PM)", "CHA 2.1 (DM)"]
    assert all(e in warned for e in expected)
    cli("finding", "add", small_v3, "ALP 2.1", "--kind", "weakness", "--text", "Plans not baselined")
    cli("finding", "add", small_v3, "BRV 2.2", "--kind", "weakness", "--text", "Reviews rarely held")
    cli("finding", "add", small_v3, "CHA 2.1", "--kind", "weakness", "--text", "Charts not kept")
    assert not [w for w in layout(_input(small_v3), small_v3).warnings if "FF4" in w]


def _brick_chart(doc: Document) -> Table:
    found = block(section(doc, "ratings"), Table)
    assert isinstance(found, Table)
    return found


def _model_numbers(data: DeliverableInput, area: str, level: int) -> set[str]:
    return {p.local_id for g in data.framework.area(area).goals if g.level == level for p in g.practices}


@pytest.mark.parametrize("which", ["orion", "small_v3"])
def test_bc1_bc2_the_brick_chart_is_the_tree_at_ou_level(which, request):
    if which == "orion":
        _path, data, doc = request.getfixturevalue("orion")
    else:
        path = request.getfixturevalue("small_v3")
        data = _input(path)
        doc = layout(data, path)
    bricks = _brick_chart(doc)
    in_scope = [a for a in data.tree.areas if a.status != "not_applicable"]
    assert set(bricks.columns[2:]) == {a.id for a in in_scope} and len(bricks.columns) == 2 + len(in_scope)
    assert sum(span for _, span in bricks.groups) == len(bricks.columns)
    at = 2
    for name, span in bricks.groups[1:]:  # each PA column under its domain
        assert {data.framework.area(a).category for a in bricks.columns[at:at + span]} == {name}
        at += span
    assert bricks.coloured and dict(bricks.legend)["FM"] == "#00B050" and dict(bricks.legend)["LM"] == "#FFFF00"
    areas = {a.id: a for a in in_scope}
    level = 0
    practice_rows = 0
    for row in bricks.rows:
        head = cell_text(row[0])
        if head.startswith("Level "):
            level = int(head.split()[1])
            for pa, value in zip(bricks.columns[2:], row[2:], strict=True):
                group = next((g for g in areas[pa].groups if g.id == f"{pa} L{level}"), None)
                if not _model_numbers(data, pa, level):
                    assert isinstance(value, Cell) and value.fill == BLACK
                else:
                    assert group is not None and cell_text(value) == MARK.get(group.value or "", "NR")
            continue
        practice_rows += 1
        number = cell_text(row[1])
        for pa, value in zip(bricks.columns[2:], row[2:], strict=True):
            black = isinstance(value, Cell) and value.fill == BLACK
            assert black == (number not in _model_numbers(data, pa, level)), (pa, number)
            if not black:
                node = data.tree.find(f"{pa} {number}")
                assert node is not None and cell_text(value) == (node.value or "")
                if node.value:
                    expected = {"FM": "#00B050", "LM": "#FFFF00"}.get(node.value, "#FF0000")
                    assert doc.palette[cell_text(value)] == expected
    assert practice_rows == len({(lvl, n) for a in in_scope for lvl in (1, 2) for n in _model_numbers(data, a.id, lvl)})
    grid = block(section(doc, "ratings-grid"), Table)
    assert isinstance(grid, Table)
    assert {cell_text(c) for r in grid.rows for c in r[1:]} <= {"S", "U", "NR", "out of scope", ""}


def test_bc2_small_v3_has_satisfied_unsatisfied_and_not_rated_groups(small_v3):
    data = _input(small_v3)
    bricks = _brick_chart(layout(data, small_v3))
    level2 = next(r for r in bricks.rows if cell_text(r[0]) == "Level 2")
    marks = dict(zip(bricks.columns[2:], map(cell_text, level2[2:]), strict=True))
    assert (marks["ALP"], marks["BRV"], marks["CHA"], marks["DUN"]) == ("NR", "U", "U", "S")  # ALP awaits a decision


def test_ch1_the_profile_chart_holds_whole_levels_per_area(orion, small_v3):
    for data, doc in (orion[1:], (_input(small_v3), layout(_input(small_v3), small_v3))):
        chart = block(section(doc, "profile"), Chart)
        assert isinstance(chart, Chart) and chart.integer and chart.y_max == 5
        values = dict(zip(chart.categories, chart.series[0].values, strict=True))
        for area in data.tree.areas:
            if area.status == "not_applicable":
                assert area.id not in values
                continue
            expected = float(area.value) if (area.value or "").isdigit() else None
            assert values[area.id] == expected
        assert all(v is None or (v == int(v) and 0 <= v <= 5) for v in values.values())
    small = dict(zip(chart.categories, chart.series[0].values, strict=True))
    assert (small["BRV"], small["DUN"], small["ALP"]) == (1.0, 2.0, None)


def test_ads1_every_field_with_the_expiration_date_three_years_after_the_end(orion):
    path, data, doc = orion
    ads = section(doc, "ads")
    assert ads.team and ads.where == ("report", "workbook")
    fields = facts(doc, "ads")
    for name in ("Sponsor", "Appraisal team leader", "Lead appraiser ID", "Appraisal team members", "Organization",
                 "Organizational unit", "Projects and functions excluded", "Organizational scope", "Sample size",
                 "Critical factors", "Reference model", "Appraisal method", "Practice areas rated",
                 "Practice areas not rated", "Level ratings", "Dates of activities", "Expiration date"):
        assert fields[name], name
    assert fields["Expiration date"] == "2029-12-04"
    assert fields["Level ratings"] == data.tree.headline[0] and fields["Practice areas not rated"] == "DUN, VOY"
    assert fields["Appraisal team members"] == "Bob Membername, Orion Voyages; Cleo Membername, Orion Consulting"
    assert fields["Organizational scope"] == "P1, P2, P3 (projects); QA (support function)"
    assert not [w for w in doc.warnings if "FF4" not in w]
    leap = layout(replace(data, details={**DETAILS, "end": "2028-02-29"}), path)
    assert facts(leap, "ads")["Expiration date"] == "2031-02-28"


def test_ads1_a_missing_field_is_not_recorded_and_warned_about(orion):
    path, data, _doc = orion
    details = {k: v for k, v in DETAILS.items() if k not in ("end", "critical_factors", "organization")}
    doc = layout(replace(data, details=details, team=tuple(m for m in ROSTER if m.role != "team member")), path)
    fields = facts(doc, "ads")
    assert (fields["Expiration date"], fields["Critical factors"], fields["Organization"]) == ("", "", "")
    assert block(section(doc, "ads"), Facts).missing == "not recorded"  # type: ignore[union-attr]
    text = "\n".join(doc.warnings)
    for key in ("end", "critical_factors", "organization"):
        assert f"appraise team FILE --set {key}=" in text
    assert "--role" not in text  # Cleo's role is "Team member": found whatever its case
    assert fields["Appraisal team members"] == "Cleo Membername, Orion Consulting"
    nobody = layout(replace(data, team=()), path)
    assert any('--role "team member"' in w for w in nobody.warnings)
    assert any('--role "lead appraiser"' in w for w in nobody.warnings)
    assert block(section(nobody, "signatures"), Signatures).rows == ()  # type: ignore[union-attr]
    bad = layout(replace(data, details={**DETAILS, "end": "4 December"}), path)
    assert facts(bad, "ads")["Expiration date"] == "" and any("'4 December'" in w for w in bad.warnings)


def test_ff6_the_signature_page_has_a_row_per_team_member(orion):
    _path, _data, doc = orion
    sec = section(doc, "signatures")
    sig = block(sec, Signatures)
    assert isinstance(sig, Signatures) and sec.team and "deck" in sec.where
    assert sig.rows == (("Lead appraiser", "Alice Leadname"), ("team member", "Bob Membername"),
                        ("Team member", "Cleo Membername"))
    team = block(section(doc, "team"), Table)
    support = block(section(doc, "support"), Table)
    assert [r[1] for r in team.rows] == ["Alice Leadname", "Bob Membername", "Cleo Membername",  # type: ignore
                                         "Carol Coordname"]
    assert [tuple(r) for r in support.rows] == [("observer", "Dave Observername", "Partner Org")]  # type: ignore


def test_n1_roster_names_only_in_team_sections_and_planted_names_nowhere(orion):
    _path, data, doc = orion
    open_text = "\n".join(doc.texts(team=False))
    assert not [n for n in NAMES if n in open_text]
    assert "Gate review minutes" in open_text  # the evidence item is there, without its source or collector
    every = "\n".join(doc.texts())
    assert not [n for n in PLANTED if n in every]
    assert all(n in every for n in NAMES)
    teamed = {s.id for s in doc.sections if s.team}
    assert teamed == {"overview", "team", "support", "ads", "signatures"}


def test_an_evaluation_has_no_practice_group_ratings(tmp_path):
    path = tmp_path / "eval.appraisal"
    cli("new", path, "--framework", "fictional-v3", "--type", "evaluation", "--target", "2", "--unit", "Orion",
        "--projects", "P1")
    with Appraisal.open(path) as a:
        for practice in a.practices:
            a.cells.characterize(practice, "P1", "L" if practice.startswith("BRV") else "H", who=BY)
    doc = layout(_input(path), path)
    ids = [s.id for s in doc.sections]
    assert "ratings" in ids and "ratings-grid" not in ids and "profile" not in ids
    bricks = _brick_chart(doc)
    level_rows = [r for r in bricks.rows if cell_text(r[0]).startswith("Level ")]
    assert level_rows and all(cell_text(c) == "" for r in level_rows for c in r[2:])
    values = {cell_text(c) for r in bricks.rows if not cell_text(r[0]) for c in r[2:]}
    assert values - {""} == {"H", "L"} and doc.palette["H"] == "#00B050" and doc.palette["L"] == "#FF0000"
    assert facts(doc, "ads")["Expiration date"].startswith("none")


# -- SCAMPI v1.3 ----------------------------------------------------------------------------------------------------


def test_scampi_staged_outline_and_goal_grid(tmp_path):
    path = tmp_path / "acme.appraisal"
    build_sample("acme-ml2", path, who=BY).close()
    cli("--by", BY, "finding", "add", path, "REQM SP 1.3", "--kind", "weakness", "--text", "Traceability stale")
    data = _input(path, team=ROSTER)
    doc = layout(data, path)
    ids = [s.id for s in doc.for_("deck")]
    findings = [f"findings:{a.id}" for a in data.tree.areas if a.status != "not_applicable"]
    assert ids == ["cover", "scope", "team", "support", "pa-findings", *findings, "ratings", "area-ratings",
                   "profile", "decisions", "signatures"]
    # the staged profile: each satisfied process area at its maturity level, SAM (not applicable) without a bar
    profile = block(section(doc, "profile"), Chart)
    assert isinstance(profile, Chart) and profile.categories == tuple(findings_area.split(":")[1]
                                                                      for findings_area in findings)
    assert profile.series[0].values == tuple(2.0 for _ in findings) and profile.y_max == 5 and profile.integer
    ratings = block(section(doc, "area-ratings"), Table)
    assert isinstance(ratings, Table)
    assert ("SAM", "Supplier Agreement Management", "Not applicable") in [tuple(r[:3]) for r in ratings.rows]
    assert "findings:SAM" not in ids
    reqm = dict(block(section(doc, "findings:REQM"), Findings).categories)  # type: ignore[union-attr]
    assert "Traceability stale (REQM SP 1.3)" in reqm["Weaknesses"]  # beside the sample's own
    grid = block(section(doc, "ratings"), Table)
    assert isinstance(grid, Table) and grid.columns[1:] == tuple(a.id for a in data.tree.areas)
    words = {"satisfied": "Satisfied", "unsatisfied": "Unsatisfied", "not_applicable": "Not applicable"}
    for row in grid.rows:
        goal = cell_text(row[0])
        for pa, value in zip(grid.columns[1:], row[1:], strict=True):
            node = data.tree.find(f"{pa} {goal}")
            if node is None:
                assert isinstance(value, Cell) and value.fill == BLACK
            else:
                assert cell_text(value) == words.get(node.value or "", "Not rated")
                assert cell_text(value) in doc.palette
    assert [cell_text(r[0]) for r in grid.rows] == ["SG 1", "SG 2", "SG 3", "GG 2"]
    sig = block(section(doc, "signatures"), Signatures)
    assert [n for _, n in sig.rows] == ["Alice Leadname", "Bob Membername", "Cleo Membername"]  # type: ignore
    every = "\n".join(doc.texts())
    assert not [n for n in PLANTED if n in every]
    assert not [n for n in NAMES if n in "\n".join(doc.texts(team=False))]
    headline = block(section(doc, "ratings"), Paragraph)
    assert isinstance(headline, Paragraph) and headline.text.startswith("Maturity level 2")


def test_scampi_continuous_capability_profile_whole_levels(tmp_path):
    path = tmp_path / "cont.appraisal"
    with Appraisal.create(path, framework="cmmi-dev-1.3", representation="continuous", target=2, unit="Acme",
                          projects=["ALPHA"], areas=["REQM", "CM"], who=BY) as a:
        for practice in a.practices:
            a.cells.characterize(practice, "ALPHA", "PI" if practice.startswith("CM SP 1.1") else "FI", who=BY)
    data = _input(path)
    doc = layout(data, path)
    chart = block(section(doc, "profile"), Chart)
    assert isinstance(chart, Chart) and chart.integer and chart.y_max == 5 and chart.labels[2] == "CL2"
    values = dict(zip(chart.categories, chart.series[0].values, strict=True))
    expected = {a.id: a.extra.get("capability_level") for a in data.tree.areas}
    assert values == {k: float(v) if v is not None else None for k, v in expected.items()}
    assert values["REQM"] == 2.0 and values["CM"] is not None and values["CM"] < 2
    assert all(v is None or v == int(v) for v in values.values())


def test_the_service_lays_out_the_scheme_deliverable_and_anonymizes_units(orion):
    path, _data, _doc = orion
    from appraise.services.deliverables import document

    with Appraisal.open(path) as a:
        plain = document(a)
        anonymous = document(a, anonymize_projects=True)
    assert [s.id for s in plain.for_("deck")][:3] == ["cover", "overview", "business-objectives"]
    assert any("P1, P2, P3 (projects)" in t for t in plain.texts())
    texts = anonymous.texts()
    assert not [t for t in texts if re.search(r"(?<![\w-])(P1|P2|P3|QA)(?![\w-])", t)]
    assert any("Unit 1, Unit 2, Unit 3 (projects); Unit 4 (support function)" in t for t in texts)


def test_a_capability_appraisal_shows_each_area_at_its_own_target(tmp_path):
    path = tmp_path / "cap.appraisal"
    cli("new", path, "--framework", "fictional-v3", "--representation", "capability", "--target", "2", "--unit",
        "Orion", "--projects", "P1", "--pa-target", "ALP=1")
    with Appraisal.open(path) as a:
        for practice in a.practices:
            a.cells.characterize(practice, "P1", "FM", who=BY)
    data = _input(path)
    doc = layout(data, path)
    target = facts(doc, "scope-model")["Target"]
    assert target.endswith("; ALP Capability Level 1") and "ADO, BRV" in target
    chart = block(section(doc, "profile"), Chart)
    assert isinstance(chart, Chart) and chart.title == "Capability profile"
    values = dict(zip(chart.categories, chart.series[0].values, strict=True))
    assert values == {a.id: float(a.extra["capability_level"]) for a in data.tree.areas}  # type: ignore[arg-type]
    assert values["ALP"] == 1.0 and values["ADO"] == 2.0
    assert "ALP CL 1" in facts(doc, "ads")["Level ratings"]
    bricks = _brick_chart(doc)
    level2 = next(r for r in bricks.rows if cell_text(r[0]) == "Level 2")
    alp = bricks.columns.index("ALP")
    assert cell_text(level2[alp]) == "—"  # ALP has level 2 in the model, not in this appraisal's view
    grid = block(section(doc, "ratings-grid"), Table)
    row = next(r for r in grid.rows if cell_text(r[0]) == "Alpine Planning (ALP)")  # type: ignore[union-attr]
    assert [cell_text(c) for c in row[1:3]] == ["S", "out of scope"]


def test_scampi_a_weakness_without_its_practice_is_warned_about(tmp_path):
    path = tmp_path / "acme.appraisal"
    build_sample("acme-ml2", path, who=BY).close()
    cli("finding", "add", path, "PP", "--kind", "weakness", "--text", "Estimates not revisited")
    doc = layout(_input(path), path)
    assert any("FF3" in w and "PP" in w for w in doc.warnings)
    pp = dict(block(section(doc, "findings:PP"), Findings).categories)  # type: ignore[union-attr]
    assert "Estimates not revisited" in pp["Weaknesses"]  # no practice id to end it (FF3 warns)


def test_ff4_a_practice_is_cited_by_its_whole_id_in_a_weakness_of_its_own_area(small_v3):
    # CHA's weakness names ALP 2.1 (another area); an ALP weakness names ALP 2.10 (another practice)
    cli("finding", "add", small_v3, "CHA", "--kind", "weakness", "--text", "Charts ignore ALP 2.1 plans (CHA 2.1)")
    cli("finding", "add", small_v3, "ALP", "--kind", "weakness", "--text", "Gate reviews skipped (ALP 2.10)")
    warned = next(w for w in layout(_input(small_v3), small_v3).warnings if "FF4" in w)
    assert "ALP 2.1 (LM)" in warned and "CHA 2.1" not in warned
    cli("finding", "add", small_v3, "ALP", "--kind", "weakness", "--text", "Plans not reviewed at gates (ALP 2.1)")
    warned = next(w for w in layout(_input(small_v3), small_v3).warnings if "FF4" in w)
    assert "ALP 2.1" not in warned and "BRV 2.2 (PM)" in warned


def test_ff2_without_a_template_the_deck_says_where_the_definitions_come_from(orion, tmp_path):
    from pptx import Presentation

    from appraise.services import write_deliverable

    path, _data, doc = orion
    assert [s.where for s in doc.sections if s.id == "definitions"] == [("deck",)]  # not in the report
    with Appraisal.open(path) as a:
        _out, warnings = write_deliverable(a, "pptx", tmp_path / "plain.pptx")
        assert any(w.startswith("findings definitions — export with --template") for w in warnings)
        template = tmp_path / "corp.pptx"
        corp = Presentation()
        slide = corp.slides.add_slide(corp.slide_layouts[5])
        slide.shapes.title.text = "Findings Definitions"
        corp.save(str(template))
        _out, warnings = write_deliverable(a, "pptx", tmp_path / "corp-deck.pptx", template)
        assert not any("findings definitions" in w for w in warnings)


def test_scampi_the_disclosure_says_when_the_results_expire(tmp_path):
    path = tmp_path / "acme.appraisal"
    build_sample("acme-ml2", path, who=BY).close()  # the sample records end 2026-12-04 and its sponsor
    doc = layout(_input(path), path)
    ads = section(doc, "ads")
    assert ads.team and "deck" not in ads.where
    rows = dict(block(ads, Facts).rows)  # type: ignore[union-attr]
    assert rows["Results expire"] == "2029-12-04" and rows["Sponsor"] == "Chris Lane, VP Engineering"
    bare = layout(_input(path, details={}), path)
    assert dict(block(section(bare, "ads"), Facts).rows)["Results expire"] == ""  # type: ignore[union-attr]
    assert any("the last day of the appraisal — appraise team FILE --set end=VALUE" == w for w in bare.warnings)
