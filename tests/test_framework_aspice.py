"""Automotive SPICE 3.1 and 4.0 as data: counts, ids and titles checked against the domain page.

The files are read with yaml.safe_load directly, not through appraise's loader, so these
tests check the transcription only. The numbers below are copied from the domain page
(shared/domain/automotive-spice.md: Counts table, process tables, BP and GP lists).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

FRAMEWORKS = Path(__file__).resolve().parents[1] / "frameworks"
DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain" / "automotive-spice.md"

VDA_31 = ["ACQ.4", "MAN.3", "SUP.1", "SUP.8", "SUP.9", "SUP.10", "SYS.2", "SYS.3", "SYS.4", "SYS.5",
          "SWE.1", "SWE.2", "SWE.3", "SWE.4", "SWE.5", "SWE.6"]

# Whole PAM 3.1, in the page's order.
PROCESSES_31 = [
    "ACQ.3", "ACQ.4", "ACQ.11", "ACQ.12", "ACQ.13", "ACQ.14", "ACQ.15", "SPL.1", "SPL.2",
    "SYS.1", "SYS.2", "SYS.3", "SYS.4", "SYS.5",
    "SWE.1", "SWE.2", "SWE.3", "SWE.4", "SWE.5", "SWE.6",
    "SUP.1", "SUP.2", "SUP.4", "SUP.7", "SUP.8", "SUP.9", "SUP.10",
    "MAN.3", "MAN.5", "MAN.6", "PIM.3", "REU.2",
]

# Processes, 3.1 table: BP counts.
BPS_31 = {
    "ACQ.4": 5, "MAN.3": 10, "SYS.1": 6, "SYS.2": 8, "SYS.3": 8, "SYS.4": 9, "SYS.5": 7,
    "SWE.1": 8, "SWE.2": 9, "SWE.3": 8, "SWE.4": 7, "SWE.5": 9, "SWE.6": 7,
    "SUP.1": 6, "SUP.8": 9, "SUP.9": 9, "SUP.10": 8,
}

# Processes, 4.0 table, in its order: BP counts.
BPS_40 = {
    "ACQ.4": 5, "SPL.2": 8, "SYS.1": 4, "SYS.2": 6, "SYS.3": 5, "SYS.4": 5, "SYS.5": 5,
    "SWE.1": 6, "SWE.2": 5, "SWE.3": 5, "SWE.4": 5, "SWE.5": 7, "SWE.6": 5, "VAL.1": 5,
    "MLE.1": 6, "MLE.2": 7, "MLE.3": 5, "MLE.4": 7,
    "HWE.1": 6, "HWE.2": 6, "HWE.3": 6, "HWE.4": 6,
    "SUP.1": 7, "SUP.8": 8, "SUP.9": 7, "SUP.10": 6, "SUP.11": 6,
    "MAN.3": 10, "MAN.5": 7, "MAN.6": 6, "PIM.3": 8, "REU.2": 6,
}
# 4.0 processes whose BP titles the page does not transcribe: ids only.
UNTITLED_40 = {"SPL.2", "MLE.1", "MLE.2", "MLE.3", "MLE.4", "HWE.1", "HWE.2", "HWE.3", "HWE.4",
               "SUP.11", "MAN.5", "MAN.6", "PIM.3", "REU.2"}

PA_IDS = ["PA 1.1", "PA 2.1", "PA 2.2", "PA 3.1", "PA 3.2", "PA 4.1", "PA 4.2", "PA 5.1", "PA 5.2"]
PA_LEVELS = [1, 2, 2, 3, 3, 4, 4, 5, 5]
GPS_31 = [1, 7, 4, 5, 6, 7, 5, 4, 3]
GPS_40 = [1, 6, 4, 4, 4, 6, 3, 3, 3]

SCOPE_NOTE_40 = (
    "4.0's recommended scope (AS1.3) could not be confirmed; choose the processes with --processes, "
    "e.g. --processes MAN.3,SUP.1,SUP.8,SUP.9,SUP.10,SYS.2,SYS.3,SYS.4,SYS.5,SWE.1,SWE.2,SWE.3,SWE.4,SWE.5,SWE.6"
)


def _load(fid: str) -> dict:
    with (FRAMEWORKS / f"{fid}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def v31() -> dict:
    return _load("aspice-3.1")


@pytest.fixture(scope="module")
def v40() -> dict:
    return _load("aspice-4.0")


def _processes(fw: dict) -> dict[str, dict]:
    return {p["id"]: p for p in fw["processes"]}


def _bp_counts(fw: dict) -> dict[str, int]:
    return {p["id"]: len(p["base_practices"]) for p in fw["processes"] if "base_practices" in p}


def _bp(fw: dict, pid: str, bp: str) -> str | None:
    return next(b for b in _processes(fw)[pid]["base_practices"] if b["id"] == bp).get("title")


def _gp(fw: dict, gid: str) -> str:
    return next(g["title"] for pa in fw["process_attributes"] for g in pa["practices"] if g["id"] == gid)


# --- common header -------------------------------------------------------------------------------

@pytest.mark.parametrize("fid, version", [("aspice-3.1", "3.1"), ("aspice-4.0", "4.0")])
def test_header(fid, version):
    fw = _load(fid)
    assert fw["schema"] == 1
    assert fw["id"] == fid
    assert fw["version"] == version
    assert fw["scheme"] == "iso-33020"
    assert fw["representations"] == ["continuous"]
    assert fw["capability_levels"] == [0, 1, 2, 3, 4, 5]
    assert fw["ids"] == {"practice": "{area}.{id}", "generic_goal": "{area} {id}",
                         "generic_practice": "{area} {id}"}
    values = fw["scale"]["values"]
    assert [v["id"] for v in values] == ["F", "L+", "L", "L-", "P+", "P", "P-", "N"]
    assert [v["id"] for v in values if v.get("refined")] == ["L+", "L-", "P+", "P-"]
    keys = [k for v in values for k in v["keys"]]
    assert len(keys) == len(set(keys)) == 10
    assert fw["consistency_rules"] == ["AS8", "AS10"]
    assert "no organizational maturity levels" in fw["organizational_maturity"]
    assert "maturity_levels" not in fw


@pytest.mark.parametrize("fid", ["aspice-3.1", "aspice-4.0"])
def test_ids_unique_and_bps_numbered_without_gaps(fid):
    fw = _load(fid)
    pids = [p["id"] for p in fw["processes"]]
    assert len(pids) == len(set(pids))
    for p in fw["processes"]:
        assert p["title"] and p["category"]
        bps = [b["id"] for b in p.get("base_practices", [])]
        assert len(bps) == len(set(bps)), p["id"]
        assert all(re.fullmatch(r"BP[1-9]\d*", b) for b in bps), p["id"]
        assert bps == [f"BP{n}" for n in range(1, len(bps) + 1)], p["id"]
    pas = [pa["id"] for pa in fw["process_attributes"]]
    assert pas == PA_IDS
    for pa in fw["process_attributes"]:
        gps = [g["id"] for g in pa["practices"]]
        assert gps == [f"GP {pa['id'][3:]}.{n}" for n in range(1, len(gps) + 1)], pa["id"]


# --- 3.1 -----------------------------------------------------------------------------------------

def test_31_processes_and_bps(v31):
    assert [p["id"] for p in v31["processes"]] == PROCESSES_31
    assert len(v31["processes"]) == 32
    counts = _bp_counts(v31)
    assert counts == BPS_31
    assert len(counts) == 17
    assert sum(counts.values()) == 133
    assert sum(counts[p] for p in VDA_31) == 127
    assert sum(counts[p] for p in VDA_31 + ["SYS.1"]) == 133
    procs = _processes(v31)
    assert procs["SYS.1"]["category"] == "System engineering"
    assert procs["SPL.2"]["category"] == "Supply"
    assert procs["REU.2"]["title"] == "Reuse Program Management"
    assert procs["SYS.5"]["title"] == "System Qualification Test"
    assert all(b.get("title") for p in v31["processes"] for b in p.get("base_practices", []))


def test_31_attributes(v31):
    pas = v31["process_attributes"]
    assert [pa["level"] for pa in pas] == PA_LEVELS
    assert [len(pa["practices"]) for pa in pas] == GPS_31
    assert sum(GPS_31) == 42 and sum(GPS_31[:5]) == 23
    assert pas[1]["title"] == "Performance management"


def test_31_vda_scope(v31):
    vda = v31["scopes"]["vda"]
    assert vda["rule"] == "AS1.1"
    assert vda["processes"] == VDA_31
    assert "SYS.1" not in vda["processes"]
    assert "unconfirmed" in vda["note"]


# --- 4.0 -----------------------------------------------------------------------------------------

def test_40_processes_and_bps(v40):
    assert [p["id"] for p in v40["processes"]] == list(BPS_40)
    assert len(v40["processes"]) == 32
    counts = _bp_counts(v40)
    assert counts == BPS_40
    assert sum(counts.values()) == 196
    assert sum(counts[p] for p in VDA_31) == 97
    assert sum(counts[p] for p in VDA_31 + ["SYS.1"]) == 101
    assert sum(counts[p] for p in VDA_31 + ["SYS.1", "VAL.1"]) == 106
    for p in v40["processes"]:
        titled = [b for b in p["base_practices"] if "title" in b]
        if p["id"] in UNTITLED_40:
            assert titled == [], p["id"]
        else:
            assert len(titled) == len(p["base_practices"]) and all(b["title"] for b in titled), p["id"]
    procs = _processes(v40)
    assert procs["SWE.5"]["title"] == "Software Component Verification and Integration Verification"
    assert procs["REU.2"]["title"] == "Management of Products for Reuse"
    assert procs["MLE.1"]["category"] == "Machine learning engineering"
    assert procs["HWE.1"]["category"] == "Hardware engineering"
    assert procs["VAL.1"]["category"] == "Validation"
    for removed in ("SUP.2", "SUP.4", "SUP.7", "ACQ.3", "ACQ.11", "SPL.1"):
        assert removed not in procs


def test_40_attributes(v40):
    pas = v40["process_attributes"]
    assert [pa["level"] for pa in pas] == PA_LEVELS
    assert [len(pa["practices"]) for pa in pas] == GPS_40
    assert sum(GPS_40) == 34 and sum(GPS_40[:5]) == 19
    assert pas[1]["title"] == "Process performance management"


def test_40_vda_scope_is_unconfirmed(v40):
    vda = v40["scopes"]["vda"]
    assert vda["rule"] == "AS1.3"
    assert "processes" not in vda
    assert vda["note"] == SCOPE_NOTE_40


# --- the versions differ under the same ids ------------------------------------------------------

def test_same_ids_different_content(v31, v40):
    assert _bp(v31, "SUP.8", "BP1") == "Develop a configuration management strategy"
    assert _bp(v40, "SUP.8", "BP1") == "Identify configuration items"
    assert _bp(v31, "SYS.2", "BP5") == "Develop verification criteria"
    assert _bp(v40, "SYS.2", "BP5") == "Ensure consistency and establish bidirectional traceability"
    assert _gp(v31, "GP 2.1.3") == "Monitor the performance of the process against the plans"
    assert _gp(v40, "GP 2.1.3") == "Determine resource needs"
    assert v31["id"] != v40["id"] and v31["version"] != v40["version"]


# --- optional: every id and title against the domain page ----------------------------------------

def _section(text: str, heading: str) -> str:
    m = re.search(r"^## " + re.escape(heading) + r"[^\n]*\n(.*?)(?=^## )", text, re.S | re.M)
    assert m, heading
    return m.group(1)


def _page_bps(section: str) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    out = {}
    for m in re.finditer(r"^\*\*([A-Z]+\.\d+)\*\* (.+?) \((\d+)\) — (.+)$", section, re.M):
        pid, name, n, body = m.groups()
        items = re.split(r";\s*(?=" + re.escape(pid) + r"\.BP\d+ )", body.strip())
        bps = []
        for item in items:
            im = re.fullmatch(re.escape(pid) + r"\.(BP\d+) (.+)", item.strip())
            assert im, item
            bps.append((im.group(1), im.group(2).rstrip(".")))
        assert len(bps) == int(n), pid
        out[pid] = (name, bps)
    return out


def _page_gps(section: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    out = []
    for m in re.finditer(r"^- \*\*(PA \d\.\d) (.+?)\*\* — (.+)$", section, re.M):
        pa, name, body = m.groups()
        gps = []
        for item in re.split(r";\s*(?=GP \d)", body.strip()):
            im = re.fullmatch(r"(GP \d\.\d\.\d)\.? (.+)", item.strip())
            assert im, item
            gps.append((im.group(1), im.group(2).rstrip(".")))
        out.append((pa, name, gps))
    return out


@pytest.mark.skipif(not DOMAIN.is_file(), reason="shared/domain is beside the checkout only")
@pytest.mark.parametrize("fid, version", [("aspice-3.1", "3.1"), ("aspice-4.0", "4.0")])
def test_matches_the_domain_page(fid, version):
    text = DOMAIN.read_text(encoding="utf-8")
    fw = _load(fid)
    procs = _processes(fw)

    page_bps = _page_bps(_section(text, f"Base practices, {version}"))
    assert len(page_bps) == (17 if version == "3.1" else 18)
    for pid, (name, bps) in page_bps.items():
        assert procs[pid]["title"] == name, pid
        assert [(b["id"], b.get("title")) for b in procs[pid]["base_practices"]] == bps, pid
    # every process with titled BPs in the file is one the page lists
    titled = {p["id"] for p in fw["processes"] if any("title" in b for b in p.get("base_practices", []))}
    assert titled == set(page_bps)

    page_gps = _page_gps(_section(text, f"Generic practices, {version}"))
    assert len(page_gps) == 9
    file_gps = [(pa["id"], pa["title"], [(g["id"], g["title"]) for g in pa["practices"]])
                for pa in fw["process_attributes"]]
    assert file_gps == page_gps

    # process tables: ids, names and BP counts
    table = _section(text, f"Processes, {version}")
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.splitlines()
            if re.match(r"\|\s*[A-Z]+\.\d+\s*\|", line)]
    for row in rows:
        pid, name, n = row[0], row[1], int(row[3] if version == "3.1" else row[2])
        assert procs[pid]["title"] == name, pid
        assert len(procs[pid]["base_practices"]) == n, pid
        if version == "3.1":
            assert procs[pid]["category"] == row[2], pid
    if version == "4.0":
        assert [r[0] for r in rows] == [p["id"] for p in fw["processes"]]
    else:
        whole = re.search(r"Whole PAM 3\.1 \(32 processes\): (.+)$", table, re.M).group(1).rstrip(".")
        named = dict(m.groups() for m in re.finditer(r"([A-Z]+\.\d+) ([A-Z][^;]+)", whole))
        for pid, name in named.items():
            assert procs[pid]["title"] == name, pid
