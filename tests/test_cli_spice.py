"""ISO/IEC 33020 process assessments end to end (issue 5, items 1-9), as a user types them.

Automotive SPICE 3.1/4.0 and ISO/IEC 15504-5:2012 through ``appraise.cli.main([...])`` in a
temp dir. Every refusal: a non-zero exit code, one line on stderr, no traceback.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, rate_json, run  # noqa: F401 (_in_tmp: an autouse fixture)
from markdown_tables import rows_with, tables

from appraise.services import Appraisal

ROOT = Path(__file__).resolve().parents[1]
MATURITY_EXAMPLE = ROOT / "sample_projects" / "maturity-model-example.yaml"
VDA = {"ACQ.4", "MAN.3", "SUP.1", "SUP.8", "SUP.9", "SUP.10", "SYS.2", "SYS.3", "SYS.4", "SYS.5",
       "SWE.1", "SWE.2", "SWE.3", "SWE.4", "SWE.5", "SWE.6"}
UNIT = "Body Electronics"


def process(rating: dict, pid: str) -> dict:
    return next(p for p in rating["processes"] if p["id"] == pid)


def attribute(rating: dict, aid: str) -> dict:
    return next(a for a in process(rating, aid.rsplit(" PA ", 1)[0])["attributes"] if a["id"] == aid)


def new_aspice(capsys, name: str = "ecu.appraisal", *extra: str, framework: str = "aspice-3.1",
               target: str = "3") -> Path:
    ok(capsys, "new", name, "--framework", framework, "--target", target, "--unit", UNIT,
       "--projects", "ECU-A,ECU-B", *extra)
    return Path(name)


def rate_process(capsys, path, process_id: str, rows: dict[str, str], *by: str) -> None:
    """Rate a process's attributes per instance, PA 1.1 first (``{"ECU-A": "F F F P L"}``), by a CSV import."""
    order = ("PA 1.1", "PA 2.1", "PA 2.2", "PA 3.1", "PA 3.2", "PA 4.1", "PA 4.2", "PA 5.1", "PA 5.2")
    lines = ["practice,project,value,note"]
    for instance, row in rows.items():
        lines += [f"{process_id} {pa},{instance},{value}," for pa, value in zip(order, row.split())]
    Path("ratings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok(capsys, *by, "characterizations", "import", path, "ratings.csv")


@pytest.fixture(scope="module")
def _swe1_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "s.appraisal"
    with Appraisal.create(path, framework="aspice-3.1", target=3, unit=UNIT, projects=["ECU-A", "ECU-B"],
                          areas=["SWE.1"], who="lead"):
        pass
    return path


@pytest.fixture
def swe1(_swe1_template, tmp_path) -> Path:
    """A fresh Automotive SPICE 3.1 assessment of SWE.1, target CL 3, instances ECU-A and ECU-B."""
    dest = tmp_path / "s.appraisal"
    shutil.copyfile(_swe1_template, dest)
    return dest


# -- 1. frameworks list / show -----------------------------------------------------------------------

def test_frameworks_list_shows_the_process_models(capsys):
    out = ok(capsys, "frameworks", "list")
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert {"cmmi-dev-1.3", "aspice-3.1", "aspice-4.0", "iso-15504-5-2012"} <= set(lines)
    for fid in ("aspice-3.1", "aspice-4.0", "iso-15504-5-2012"):
        assert "9 process attributes" in lines[fid] and "scheme iso-33020" in lines[fid]
    assert "32 processes, 133 base practices" in lines["aspice-3.1"]


def test_frameworks_show_lists_processes_with_bps_and_gps_per_attribute(capsys):
    out = ok(capsys, "frameworks", "show", "aspice-3.1")
    lines = out.splitlines()
    assert "SWE.1 Software Requirements Analysis (Software engineering)" in lines
    assert "  SWE.1.BP1 Specify software requirements" in lines
    assert "MAN.3 Project Management (Management)" in lines
    # SWE.1's base practices follow it, before the next process
    start = lines.index("SWE.1 Software Requirements Analysis (Software engineering)")
    block = lines[start + 1:lines.index("", start + 1)]
    assert [line.split()[0] for line in block] == [f"SWE.1.BP{i}" for i in range(1, 9)]
    # the generic practices, grouped under their process attribute
    pa21 = next(i for i, line in enumerate(lines) if line.strip().startswith("CL 2  PA 2.1"))
    assert "Performance management" in lines[pa21]
    gps = []
    for line in lines[pa21 + 1:]:
        if not line.startswith("      "):
            break
        gps.append(line.split()[0] + " " + line.split()[1])
    assert gps == [f"GP 2.1.{i}" for i in range(1, 8)]  # 3.1 has seven GPs for PA 2.1
    assert any(line.strip().startswith("CL 5  PA 5.2") for line in lines)
    assert "scope vda" in out and "no organizational maturity levels" in out


# -- 2. new: named scope, --processes, --refined -------------------------------------------------------

def test_new_vda_scope_has_the_16_processes(capsys, tmp_path):
    out = ok(capsys, "new", "ecu.appraisal", "--framework", "aspice-3.1", "--scope", "vda", "--target", "3",
             "--unit", UNIT, "--projects", "ECU-A,ECU-B")
    assert "16 processes" in out and "2 instances (ECU-A, ECU-B)" in out
    with Appraisal.open(tmp_path / "ecu.appraisal") as a:
        info, practices = a.info, a.practices
    assert set(info.areas) == VDA and len(info.areas) == 16
    assert "SYS.1" not in info.areas
    assert (info.unit, info.target, info.projects) == (UNIT, 3, ("ECU-A", "ECU-B"))
    # 127 BPs + 16 x (23 GPs of CL 1-3 + 5 attributes)
    assert len(practices) == 127 + 16 * 28
    assert {"SWE.1.BP1", "SWE.1 GP 2.1.7", "SWE.1 PA 3.2", "ACQ.4 PA 1.1"} <= set(practices)
    assert not any(" PA 4." in p or " GP 4." in p for p in practices)


def test_new_aspice_40_vda_scope_is_refused_pointing_to_processes(capsys, tmp_path):
    rc, out, err = run(capsys, "new", "e4.appraisal", "--framework", "aspice-4.0", "--scope", "vda", "--target",
                       "3", "--unit", UNIT, "--projects", "ECU-A")
    assert_one_line_error(rc, out, err, "--processes")
    assert not (tmp_path / "e4.appraisal").exists()


def test_new_processes_picks_the_processes(capsys, tmp_path):
    out = ok(capsys, "new", "e4.appraisal", "--framework", "aspice-4.0", "--processes", "SWE.1,SWE.2,SYS.2,MAN.3",
             "--target", "2", "--unit", UNIT, "--projects", "ECU-A,ECU-B")
    assert "4 processes" in out
    with Appraisal.open(tmp_path / "e4.appraisal") as a:
        assert set(a.info.areas) == {"SWE.1", "SWE.2", "SYS.2", "MAN.3"}
        assert a.info.framework_id == "aspice-4.0"
    assert_one_line_error(*run(capsys, "new", "x.appraisal", "--framework", "aspice-4.0", "--processes",
                               "SWE.1,XYZ.9", "--target", "2", "--unit", UNIT, "--projects", "ECU-A"), "XYZ.9")
    assert_one_line_error(*run(capsys, "new", "x.appraisal", "--framework", "aspice-3.1", "--target", "2",
                               "--unit", UNIT, "--projects", "ECU-A"), "--processes")
    assert not (tmp_path / "x.appraisal").exists()


def test_refined_values_need_refined(capsys, swe1):
    plain = swe1
    assert_one_line_error(*run(capsys, "characterize", plain, "SWE.1.BP1", "ECU-A", "L+"), "'L+'", "--refined")
    refined = new_aspice(capsys, "refined.appraisal", "--processes", "SWE.1", "--refined")
    for value in ("P-", "P+", "L-", "L+"):
        assert ok(capsys, "characterize", refined, "SWE.1 PA 1.1", "ECU-A", value).strip().endswith(f"-> {value}")
    ok(capsys, "characterize", refined, "SWE.1 PA 1.1", "ECU-B", "L")
    rating = rate_json(capsys, refined)
    assert rating["refined"] is True
    assert attribute(rating, "SWE.1 PA 1.1")["instances"] == {"ECU-A": "L+", "ECU-B": "L"}
    assert attribute(rating, "SWE.1 PA 1.1")["rating"] == "L"


# -- 3., 4. indicators and attributes per instance -------------------------------------------------------

@pytest.mark.parametrize("typed, canonical", [
    ("SWE.1.BP1", "SWE.1.BP1"),
    ("swe.1.bp1", "SWE.1.BP1"),
    ("SWE1.BP1", "SWE.1.BP1"),
    ("SWE.1 BP1", "SWE.1.BP1"),
    ("SWE.1 GP 2.1.1", "SWE.1 GP 2.1.1"),
    ("SWE.1 GP2.1.1", "SWE.1 GP 2.1.1"),
    ("swe.1 pa2.1", "SWE.1 PA 2.1"),
    ("SWE.1 PA 2.1", "SWE.1 PA 2.1"),
])
def test_characterize_accepts_the_usual_spellings(capsys, swe1, typed, canonical):
    path = swe1
    assert ok(capsys, "characterize", path, typed, "ecu-a", "L").strip() == f"{canonical} / ECU-A: — -> L"
    with Appraisal.open(path) as a:
        assert a.cells.all() == {canonical: {"ECU-A": "L"}}


def test_characterize_refusals(capsys):
    path = new_aspice(capsys, "s.appraisal", "--processes", "SWE.1", target="2")
    assert_one_line_error(*run(capsys, "characterize", path, "SWE.2.BP1", "ECU-A", "F"), "not in this")
    assert_one_line_error(*run(capsys, "characterize", path, "SWE.1 PA 3.1", "ECU-A", "F"), "not in this")
    assert_one_line_error(*run(capsys, "characterize", path, "SWE.1.BP1", "ECU-C", "F"), "unknown project")
    assert_one_line_error(*run(capsys, "characterize", path, "SWE.1.BP1", "ECU-A", "FI"), "'FI'")


def test_characterizations_import_normalizes_the_spellings(capsys, swe1, tmp_path):
    path = swe1
    (tmp_path / "chars.csv").write_text(
        "practice,project,value,note\n"
        "swe.1.bp1,ECU-A,F,\n"
        "SWE1.BP2,ECU-A,L,trace matrix stale\n"
        "SWE.1 BP3,ecu-b,P,\n"
        "SWE.1 GP2.1.1,ECU-B,F,\n"
        "swe.1 pa2.1,ECU-A,L,\n", encoding="utf-8")
    out = ok(capsys, "characterizations", "import", path, "chars.csv")
    assert out.strip() == "Recorded 5 characterizations (5 changed)."
    with Appraisal.open(path) as a:
        assert a.cells.all() == {"SWE.1.BP1": {"ECU-A": "F"}, "SWE.1.BP2": {"ECU-A": "L"},
                                         "SWE.1.BP3": {"ECU-B": "P"}, "SWE.1 GP 2.1.1": {"ECU-B": "F"},
                                         "SWE.1 PA 2.1": {"ECU-A": "L"}}
        assert a.cells.notes()[("SWE.1.BP2", "ECU-A")] == "trace matrix stale"


@pytest.mark.parametrize("bad_row, column", [
    ("SWE.1.BP2,ECU-A,XX,", "value"),
    ("SWE.1.BP99,ECU-A,F,", "practice"),
    ("SWE.1.BP2,ECU-Z,F,", "project"),
])
def test_a_bad_characterizations_csv_is_refused_all_or_nothing(capsys, swe1, tmp_path, bad_row, column):
    path = swe1
    bad = tmp_path / "bad.csv"
    bad.write_text(f"practice,project,value,note\nSWE.1.BP1,ECU-A,F,\n{bad_row}\n", encoding="utf-8")
    assert_one_line_error(*run(capsys, "characterizations", "import", path, bad), f"{bad}:3: column '{column}'")
    with Appraisal.open(path) as a:
        assert a.cells.all() == {}


def test_the_assessor_rates_attributes_and_the_proposal_is_labelled(capsys):
    path = new_aspice(capsys, "s.appraisal", "--processes", "SWE.1", target="2")
    for bp, value in (("SWE.1.BP1", "F"), ("SWE.1.BP2", "L"), ("SWE.1.BP3", "L")):
        ok(capsys, "characterize", path, bp, "ECU-A", value)
    pa11 = attribute(rate_json(capsys, path), "SWE.1 PA 1.1")
    assert pa11["proposal"] == {"ECU-A": "L"} and pa11["rating"] is None
    assert pa11["proposal_rule"]["ECU-A"].startswith("AS2.3")
    ok(capsys, "characterize", path, "SWE.1 PA 1.1", "ECU-A", "P")
    ok(capsys, "characterize", path, "SWE.1 PA 1.1", "ECU-B", "P")
    pa11 = attribute(rate_json(capsys, path), "SWE.1 PA 1.1")
    assert pa11["rating"] == "P" and pa11["instances"] == {"ECU-A": "P", "ECU-B": "P"}
    assert pa11["proposal"] == {"ECU-A": "L"}


# -- 5. aggregation, weights, not rated -------------------------------------------------------------------

def test_weights_with_rationale_make_a_weighted_mean(capsys):
    path = new_aspice(capsys, "s.appraisal", "--processes", "SWE.1", target="1")
    rate_process(capsys, path, "SWE.1", {"ECU-A": "F", "ECU-B": "P"})
    rating = rate_json(capsys, path)
    assert rating["aggregation"] == "mean" and attribute(rating, "SWE.1 PA 1.1")["rating"] == "L"
    assert process(rating, "SWE.1")["capability_level"] == 1

    assert_one_line_error(*run(capsys, "scope", path, "--weights", "ECU-A=3,ECU-B=1"), "--why")
    assert_one_line_error(*run(capsys, "scope", path, "--weights", "ECU-A=3", "--why", "series product"), "ECU-B")
    assert_one_line_error(*run(capsys, "scope", path, "--weights", "ECU-A=3,ECU-C=1", "--why", "x"), "ECU-C")
    assert_one_line_error(*run(capsys, "scope", path, "--weights", "ECU-A=three,ECU-B=1", "--why", "x"), "three")
    assert rate_json(capsys, path)["aggregation"] == "mean"

    out = ok(capsys, "scope", path, "--weights", "ECU-A=3,ECU-B=1", "--why", "ECU-A is the series product")
    assert "weighted" in out
    rating = rate_json(capsys, path)
    assert rating["aggregation"] == "weighted"
    assert rating["weights"] == {"ECU-A": 3.0, "ECU-B": 1.0}
    assert rating["weights_rationale"] == "ECU-A is the series product"
    assert attribute(rating, "SWE.1 PA 1.1")["rating"] == "F"  # (3*3 + 1*1) / 4 = 2.5, rounded half up
    assert "weighted mean" in ok(capsys, "rate", path)

    ok(capsys, "scope", path, "--weights", "mean", "--why", "back to the plain mean")
    assert rate_json(capsys, path)["aggregation"] == "mean"


def test_a_gap_leaves_the_process_not_rated_listing_the_cells(capsys):
    path = new_aspice(capsys, "s.appraisal", "--processes", "SWE.1,SWE.2", target="2")
    rate_process(capsys, path, "SWE.1", {"ECU-A": "F F F", "ECU-B": "F F"})
    rate_process(capsys, path, "SWE.2", {"ECU-A": "F L F", "ECU-B": "F F L"})
    rating = rate_json(capsys, path)
    swe1 = process(rating, "SWE.1")
    assert swe1["capability_level"] is None
    assert swe1["blocked_by"] == ["SWE.1 PA 2.2 ECU-B"]
    assert swe1["instance_levels"] == {"ECU-A": 2, "ECU-B": None}
    swe2 = process(rating, "SWE.2")
    assert swe2["capability_level"] == 2 and swe2["instance_levels"] == {"ECU-A": 2, "ECU-B": 2}
    assert [a["rating"] for a in swe2["attributes"]] == ["F", "F", "F"]  # 2.5 rounds up
    text = ok(capsys, "rate", path)
    assert "SWE.1 PA 2.2 ECU-B" in text


# -- 6. consistency hits and their justification ------------------------------------------------------------

def test_as8_hit_is_pending_until_justified_and_again_when_a_rating_changes(capsys, swe1):
    path = swe1
    rate_process(capsys, path, "SWE.1", {"ECU-A": "F F F P L", "ECU-B": "F F F F F"})
    rating = rate_json(capsys, path)
    [hit] = process(rating, "SWE.1")["consistency"]
    assert hit["id"] == "AS8:SWE.1:ECU-A" and hit["rule"].startswith("AS8")
    assert hit["cells"] == ["SWE.1 PA 3.2 ECU-A", "SWE.1 PA 3.1 ECU-A"] and hit["justified"] is False
    assert [d["target"] for d in rating["pending_decisions"]] == ["AS8:SWE.1:ECU-A"]
    level = process(rating, "SWE.1")["capability_level"]
    assert "AS8:SWE.1:ECU-A" in ok(capsys, "rate", path)

    assert_one_line_error(*run(capsys, "decide", path, "AS8:SWE.1:ECU-A", "accepted", "--why", "x"), "justified")
    assert_one_line_error(*run(capsys, "decide", path, "AS8:SWE.1:ECU-A", "justified", "--why", " "), "--why")
    out = ok(capsys, "decide", path, "AS8:SWE.1:ECU-A", "justified", "--why", "pilot fills the standard process")
    assert "AS8:SWE.1:ECU-A = justified" in out
    rating = rate_json(capsys, path)
    [hit] = process(rating, "SWE.1")["consistency"]
    assert hit["justified"] is True and rating["pending_decisions"] == []
    assert process(rating, "SWE.1")["capability_level"] == level  # a hit never changes a level
    assert attribute(rating, "SWE.1 PA 3.2")["instances"]["ECU-A"] == "L"  # nor a rating

    ok(capsys, "characterize", path, "SWE.1 PA 3.2", "ECU-A", "F")
    rating = rate_json(capsys, path)
    [hit] = process(rating, "SWE.1")["consistency"]
    assert hit["justified"] is False
    assert [d["target"] for d in rating["pending_decisions"]] == ["AS8:SWE.1:ECU-A"]
    assert [d["target"] for d in rating["stale_decisions"]] == ["AS8:SWE.1:ECU-A"]

    ok(capsys, "characterize", path, "SWE.1 PA 3.1", "ECU-A", "F")  # the rule holds: no hit
    rating = rate_json(capsys, path)
    assert process(rating, "SWE.1")["consistency"] == [] and rating["pending_decisions"] == []


def test_decide_refuses_what_is_not_a_hit(capsys, swe1):
    rate_process(capsys, swe1, "SWE.1", {"ECU-A": "F F F P L", "ECU-B": "F F F F F"})
    for target in ("AS8:SWE.1:ECU-B", "AS8:SWE.2:ECU-A", "SWE.1 PA 3.2", "nonsense"):
        assert_one_line_error(*run(capsys, "decide", swe1, target, "justified", "--why", "x"),
                              "not a consistency check that fired")
    assert run(capsys, "decide", swe1, "as8:swe.1:ecu-a", "justified", "--why", "x")[0] == 0  # as typed


def test_as10_warning_is_not_pending(capsys):
    path = new_aspice(capsys, "s.appraisal", "--processes", "MAN.3,SWE.1", target="2")
    ok(capsys, "characterize", path, "MAN.3.BP4", "ECU-A", "F")
    ok(capsys, "characterize", path, "SWE.1 GP 2.1.2", "ECU-A", "N")
    rating = rate_json(capsys, path)
    [hit] = process(rating, "SWE.1")["consistency"]
    assert hit["id"] == "AS10:SWE.1:ECU-A" and hit["kind"] == "warning" and hit["rule"].startswith("AS10")
    assert rating["pending_decisions"] == []


# -- 9. rate --json shape ----------------------------------------------------------------------------------

def test_rate_json_shape(capsys):
    path = new_aspice(capsys, "ecu.appraisal", "--scope", "vda")
    rate_process(capsys, path, "SWE.1", {"ECU-A": "F F F P L", "ECU-B": "F F F L L"})
    ok(capsys, "characterize", path, "SWE.1.BP1", "ECU-A", "F")
    data = rate_json(capsys, path)
    assert {"framework", "scheme", "target", "aggregation", "processes", "organizational_maturity",
            "pending_decisions"} <= set(data)
    assert (data["framework"], data["scheme"], data["target"]) == ("aspice-3.1", "iso-33020", 3)
    assert data["aggregation"] in ("mean", "weighted")
    assert data["organizational_maturity"] is None
    assert isinstance(data["pending_decisions"], list) and data["pending_decisions"]
    assert {p["id"] for p in data["processes"]} == VDA
    for p in data["processes"]:
        assert {"id", "capability_level", "rule", "blocked_by", "instance_levels", "attributes",
                "consistency"} <= set(p)
        assert isinstance(p["rule"], str) and isinstance(p["blocked_by"], list)
        assert set(p["instance_levels"]) == {"ECU-A", "ECU-B"}
        assert [a["id"] for a in p["attributes"]] == [f"{p['id']} PA {n}" for n in ("1.1", "2.1", "2.2", "3.1",
                                                                                    "3.2")]
        for a in p["attributes"]:
            assert {"id", "rating", "instances", "rule", "proposal", "indicators"} <= set(a)
            assert set(a["instances"]) == {"ECU-A", "ECU-B"}
            for ind in a["indicators"]:
                assert set(ind) >= {"id", "instances"}
        for h in p["consistency"]:
            assert {"id", "rule", "cells", "justified"} <= set(h)
    swe1 = process(data, "SWE.1")
    assert swe1["capability_level"] == 3 and swe1["instance_levels"] == {"ECU-A": 2, "ECU-B": 3}
    assert [h["id"] for h in swe1["consistency"]] == ["AS8:SWE.1:ECU-A"]
    assert process(data, "SWE.2")["capability_level"] is None
    assert attribute(data, "SWE.1 PA 1.1")["indicators"][0] == {"id": "SWE.1.BP1", "instances": {"ECU-A": "F"}}
    json.dumps(data)  # plain data throughout


# -- 7. ISO/IEC 15504-5:2012 -----------------------------------------------------------------------------

def test_iso15504_rates_attributes_to_pa_5_2_directly(capsys):
    ok(capsys, "new", "iso.appraisal", "--framework", "iso-15504-5-2012", "--processes", "PRO.1", "--target", "5",
       "--unit", "U", "--projects", "P1")
    rate_process(capsys, "iso.appraisal", "PRO.1", {"P1": "F F F F F F F F"})
    ok(capsys, "characterize", "iso.appraisal", "pro.1 pa5.2", "P1", "L")
    rating = rate_json(capsys, "iso.appraisal")
    p = process(rating, "PRO.1")
    assert p["capability_level"] == 5 and p["consistency"] == []
    assert [a["id"] for a in p["attributes"]][-1] == "PRO.1 PA 5.2"
    assert all(a["indicators"] == [] and a["proposal"] == {} for a in p["attributes"])


# -- 8. maturity models ----------------------------------------------------------------------------------

def test_maturity_model_reports_the_organizational_level(capsys):
    rc, _out, err = run(capsys, "new", "iso.appraisal", "--framework", "iso-15504-5-2012", "--processes",
                        "PRO.1,ENG.1,DEV.4", "--target", "1", "--unit", "U", "--projects", "P1,P2",
                        "--maturity-model", MATURITY_EXAMPLE)
    # the model names processes this assessment leaves out: said at once, not only at rating time
    assert rc == 0 and err.startswith("Note: the maturity model names processes this assessment does not assess")
    assert "PRO.2" in err and "ENG.1" not in err
    om = rate_json(capsys, "iso.appraisal")["organizational_maturity"]
    assert {"level", "rule", "blocked_by"} <= set(om)
    assert om["level"] is None and om["rule"].startswith("OM1")
    assert set(om["blocked_by"]) == {"PRO.1 (not rated)", "ENG.1 (not rated)", "DEV.4 (not rated)"}

    for pid in ("PRO.1", "ENG.1", "DEV.4"):
        rate_process(capsys, "iso.appraisal", pid, {"P1": "L", "P2": "L"})
    om = rate_json(capsys, "iso.appraisal")["organizational_maturity"]
    assert om["level"] == 1 and "level 2 not reached" in om["rule"]
    assert "PRO.2 (not assessed)" in om["blocked_by"]
    assert "organizational maturity level 1" in ok(capsys, "rate", "iso.appraisal")

    ok(capsys, "characterize", "iso.appraisal", "DEV.4 PA 1.1", "P1", "N")  # mean 1.0: P
    om = rate_json(capsys, "iso.appraisal")["organizational_maturity"]
    assert om["level"] == 0 and om["blocked_by"] == ["DEV.4 (CL 0, needs CL 1)"]

    assert "detached" in ok(capsys, "scope", "iso.appraisal", "--maturity-model", "none")
    assert rate_json(capsys, "iso.appraisal")["organizational_maturity"] is None
    rc, out, err = run(capsys, "scope", "iso.appraisal", "--maturity-model", MATURITY_EXAMPLE)
    assert rc == 0 and "attached" in out and "illustrates the format" in out and "PRO.2" in err
    assert rate_json(capsys, "iso.appraisal")["organizational_maturity"]["level"] == 0


def test_automotive_spice_has_no_maturity_levels(capsys, tmp_path, swe1):
    assert_one_line_error(*run(capsys, "new", "e.appraisal", "--framework", "aspice-3.1", "--processes", "SWE.1",
                               "--target", "2", "--unit", UNIT, "--projects", "ECU-A", "--maturity-model",
                               MATURITY_EXAMPLE), "no organizational maturity levels")
    assert not (tmp_path / "e.appraisal").exists()
    path = swe1
    assert_one_line_error(*run(capsys, "scope", path, "--maturity-model", MATURITY_EXAMPLE),
                          "no organizational maturity levels")
    rating = rate_json(capsys, path)
    assert rating["organizational_maturity"] is None
    assert "no organizational maturity levels" in rating["organizational_maturity_note"]


def test_frameworks_validate_a_maturity_model(capsys, tmp_path):
    out = ok(capsys, "frameworks", "validate", MATURITY_EXAMPLE)
    assert out.startswith(f"{MATURITY_EXAMPLE}: valid maturity model (example-maturity-model for iso-15504-5-2012")
    lines = MATURITY_EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "DEV.4" in line)
    lines[index] = lines[index].replace("DEV.4", "XYZ.9")
    broken = tmp_path / "broken.yaml"
    broken.write_text("".join(lines), encoding="utf-8")
    assert_one_line_error(*run(capsys, "frameworks", "validate", broken),
                          f"appraise: {broken}:{index + 1}: ", "'XYZ.9' is not a process of iso-15504-5-2012")
    # `new` with it is refused the same way and creates nothing
    assert_one_line_error(*run(capsys, "new", "x.appraisal", "--framework", "iso-15504-5-2012", "--processes",
                               "PRO.1", "--target", "1", "--unit", "U", "--projects", "P1", "--maturity-model",
                               broken), f"{broken}:{index + 1}: ", "XYZ.9")
    assert not (tmp_path / "x.appraisal").exists()


def test_frameworks_validate_refuses_a_maturity_model_for_automotive_spice(capsys, tmp_path):
    """Item 8: Automotive SPICE has no maturity levels, so a maturity model written for it is not valid."""
    path = tmp_path / "aspice-mm.yaml"
    path.write_text("schema: 1\nkind: maturity-model\nid: x\ntitle: X\nframework: aspice-3.1\nsource: s\nlevels:\n"
                    "  - level: 1\n    title: Basic\n    requires:\n"
                    "      - {capability_level: 2, processes: [SWE.1]}\n", encoding="utf-8")
    assert_one_line_error(*run(capsys, "frameworks", "validate", path), "no organizational maturity levels")


def test_frameworks_validate_names_file_and_line_for_an_unknown_model(capsys, tmp_path):
    lines = MATURITY_EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("framework: iso-15504-5-2012"))
    lines[index] = lines[index].replace("iso-15504-5-2012", "iso-9999", 1)
    broken = tmp_path / "broken.yaml"
    broken.write_text("".join(lines), encoding="utf-8")
    assert_one_line_error(*run(capsys, "frameworks", "validate", broken), f"appraise: {broken}:{index + 1}: ",
                          "iso-9999")


# -- 9. export --------------------------------------------------------------------------------------------

def test_export_covers_the_assessment_and_names_no_one(capsys, tmp_path):
    path = new_aspice(capsys, "ecu.appraisal", "--processes", "SWE.1,MAN.3")
    by = ("--by", "Jane Roe")
    rate_process(capsys, path, "SWE.1", {"ECU-A": "F F F P L", "ECU-B": "F L F L"}, *by)
    ok(capsys, "characterize", path, "SWE.1 PA 3.2", "ECU-B", "L", *by)
    ok(capsys, *by, "characterize", path, "SWE.1.BP1", "ECU-A", "L", "--note", "trace matrix stale")
    ok(capsys, *by, "scope", path, "--weights", "ECU-A=3,ECU-B=1", "--why", "ECU-A is the series product")
    ok(capsys, *by, "decide", path, "AS8:SWE.1:ECU-A", "justified", "--why", "pilot fills the standard process")
    assert "Jane Roe" in ok(capsys, "log", path)  # the log names who; exports never do

    md = ok(capsys, "export", path, "--format", "md", "-o", "-")
    assert md.startswith("# ") and f"\n{UNIT}\n" in md
    assert rows_with(md, "SWE.1") and rows_with(md, "MAN.3")  # a row per process
    # the attribute, the weights' rationale, the aggregation rule; the deviation (AS8) with its justification
    for text in ("SWE.1 PA 3.2", "ECU-A is the series product", "weighted mean"):
        assert text in md
    assert [row for t in tables(md) for row in t.rows
            if "pilot fills the standard process" in row and any(c.startswith("AS8") for c in row)]

    rows = list(csv.DictReader(io.StringIO(ok(capsys, "export", path, "--format", "csv", "-o", "-").lstrip("\ufeff"))))
    assert {"process", "capability_level", "attribute", "item", "kind", "ECU-A", "ECU-B", "aggregate"} <= set(rows[0])
    assert {r["process"] for r in rows} == {"SWE.1", "MAN.3"}
    pa32 = next(r for r in rows if r["item"] == "SWE.1 PA 3.2")
    assert (pa32["kind"], pa32["ECU-A"], pa32["ECU-B"], pa32["aggregate"]) == ("attribute", "L", "L", "L")
    bp1 = next(r for r in rows if r["item"] == "SWE.1.BP1")
    assert (bp1["kind"], bp1["attribute"], bp1["ECU-A"]) == ("indicator", "SWE.1 PA 1.1", "L")

    text = ok(capsys, "export", path, "--format", "json", "-o", "-")
    data = json.loads(text)
    assert data["rating"]["scheme"] == "iso-33020" and data["rating"]["aggregation"] == "weighted"
    assert [p["id"] for p in data["rating"]["processes"]] == ["SWE.1", "MAN.3"]  # the model's order
    assert {d["kind"] for d in data["decisions"]} == {"aggregation_weights", "consistency"}

    for fmt in ("md", "csv", "json"):
        exported = ok(capsys, "export", path, "--format", fmt, "-o", "-")
        assert "Jane" not in exported and "Roe" not in exported
        out_path = tmp_path / f"summary.{fmt}"
        ok(capsys, "export", path, "--format", fmt, "-o", out_path)
        assert "Jane" not in out_path.read_text(encoding="utf-8-sig")


def test_spice_refusals_speak_of_processes(capsys, swe1):
    """A process in the agreed scope cannot be ruled not applicable (AS1.4): said so, not a CMMI message."""
    assert_one_line_error(*run(capsys, "scope", swe1, "--not-applicable", "SWE.1", "--why", "x"), "AS1.4")
    out = ok(capsys, "scope", swe1, "--weights", "ECU-A=2.5,ECU-B=1", "--why", "team size")
    assert "ECU-A=2.5,ECU-B=1" in out  # shown as a person writes it, not 5/2
    assert rate_json(capsys, swe1)["weights"] == {"ECU-A": 2.5, "ECU-B": 1.0}


def test_bundled_framework_ids_ignore_case(capsys, tmp_path):
    ok(capsys, "new", tmp_path / "a.appraisal", "--framework", "ASPICE-3.1", "--processes", "SWE.1", "--target", "1",
       "--unit", "U", "--projects", "A")


def test_the_bundled_maturity_example_is_found_by_name(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the repository: as from an installed package
    rc, out, err = run(capsys, "new", "o.appraisal", "--framework", "iso-15504-5-2012", "--processes", "PRO.1",
                       "--target", "1", "--unit", "U", "--projects", "P1", "--maturity-model", "maturity-model-example")
    assert rc == 0 and "maturity model example-maturity-model" in out
    assert "valid maturity model" in ok(capsys, "frameworks", "validate", "maturity-model-example")
    om = rate_json(capsys, "o.appraisal")["organizational_maturity"]
    assert "illustrates the format" in om["rule"]


@pytest.mark.parametrize("weights, fragment", [
    ("ECU-A=0,ECU-B=1", "above 0"),
    ("ECU-A=1e400,ECU-B=1", "must be a number"),
    ("ECU-A=3,ecu-a=1,ECU-B=1", "two weights"),
    ("ECU-A=x,ECU-B=1", "must be a number"),
])
def test_weights_that_would_drop_or_break_an_instance_are_refused(capsys, swe1, weights, fragment):
    assert_one_line_error(*run(capsys, "scope", swe1, "--weights", weights, "--why", "size"), fragment)
    assert rate_json(capsys, swe1)["aggregation"] == "mean"


def test_a_hit_in_an_instance_with_a_space_in_its_code_can_be_justified(capsys, tmp_path):
    path = tmp_path / "sp.appraisal"
    ok(capsys, "new", path, "--framework", "aspice-3.1", "--processes", "SWE.1", "--target", "3", "--unit", UNIT,
       "--projects", "ECU A,ECU-B")
    ok(capsys, "characterize", path, "SWE.1 PA 3.2", "ECU A", "F")
    ok(capsys, "characterize", path, "SWE.1 PA 3.1", "ECU A", "P")
    assert [d["target"] for d in rate_json(capsys, path)["pending_decisions"]] == ["AS8:SWE.1:ECU A"]
    ok(capsys, "decide", path, "AS8:SWE.1:ECU A", "justified", "--why", "pilot deployment")
    assert rate_json(capsys, path)["pending_decisions"] == []


def test_a_maturity_model_starting_below_level_1_is_refused(capsys, tmp_path):
    text = Path(MATURITY_EXAMPLE).read_text(encoding="utf-8").replace("- level: 1", "- level: 0", 1)
    bad = tmp_path / "zero.yaml"
    bad.write_text(text, encoding="utf-8")
    assert_one_line_error(*run(capsys, "frameworks", "validate", bad), f"{bad}:", "levels start at 1")
