"""The ISO/IEC 15504-5:2012 data file and the example maturity model, read as plain YAML.

The numbers below are written from the domain page (shared/domain/iso-15504-12207.md and iso-33020.md),
not computed from the file. appraise's loader is deliberately not used (it is being changed).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "frameworks" / "iso-15504-5-2012.yaml"
MATURITY = ROOT / "sample_projects" / "maturity-model-example.yaml"
DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain" / "iso-15504-12207.md"

GROUPS = {  # prefix: (group name, entries, of which subprocesses)
    "AGR": ("Agreement Processes", 10, 7),
    "ORG": ("Organizational Project-Enabling Processes", 13, 6),
    "PRO": ("Project Processes", 7, 0),
    "ENG": ("Technical Processes", 13, 2),
    "DEV": ("Software Implementation Processes", 6, 0),
    "SUP": ("Software Support Processes", 8, 0),
    "REU": ("Software Reuse Processes", 3, 0),
}


@pytest.fixture(scope="module")
def fw():
    return yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mm():
    return yaml.safe_load(MATURITY.read_text(encoding="utf-8"))


def test_header_fields(fw):
    assert fw["schema"] == 1
    assert fw["id"] == "iso-15504-5-2012" == FRAMEWORK.stem
    assert fw["version"] == "2012"
    assert fw["scheme"] == "iso-33020"
    assert fw["representations"] == ["continuous"]
    assert fw["capability_levels"] == [0, 1, 2, 3, 4, 5]
    for key in ("base_practices", "scopes", "consistency_rules", "organizational_maturity",
                "organizational_maturity_note"):
        assert key not in fw
    assert all("base_practices" not in p for p in fw["processes"])


def test_header_comment_states_counts_and_edition():
    head = "\n".join(ln for ln in FRAMEWORK.read_text(encoding="utf-8").splitlines() if ln.startswith("#"))
    assert "60 entries (45 processes, 15 subprocesses) in 7 groups" in head
    assert "9 process attributes" in head
    assert "2006" in head and "ENG.1" in head and "SUP.1" in head
    assert "confirmed" in head and "unconfirmed" in head


def test_entry_counts(fw):
    procs = fw["processes"]
    assert len(procs) == 60
    assert sum("subprocess_of" not in p for p in procs) == 45
    assert sum("subprocess_of" in p for p in procs) == 15
    ids = [p["id"] for p in procs]
    assert len(set(ids)) == 60


def test_groups_and_their_counts(fw):
    procs = fw["processes"]
    prefixes = Counter(p["id"].split(".")[0] for p in procs)
    assert dict(prefixes) == {k: v[1] for k, v in GROUPS.items()}
    subs = Counter(p["id"].split(".")[0] for p in procs if "subprocess_of" in p)
    assert {k: subs.get(k, 0) for k in GROUPS} == {k: v[2] for k, v in GROUPS.items()}
    for p in procs:
        assert p["category"] == GROUPS[p["id"].split(".")[0]][0], p["id"]
    # groups appear in the page's order, each in one block
    order = list(dict.fromkeys(p["id"].split(".")[0] for p in procs))
    assert order == list(GROUPS)


def test_subprocesses_name_an_earlier_process_with_the_same_prefix(fw):
    seen: dict[str, dict] = {}
    for p in fw["processes"]:
        parent = p.get("subprocess_of")
        if parent is not None:
            assert parent in seen, p["id"]
            assert "subprocess_of" not in seen[parent], p["id"]
            assert re.fullmatch(re.escape(parent) + r"[A-Z]", p["id"]), p["id"]
            assert "subprocess" not in p["title"]
        seen[p["id"]] = p


def test_status_per_row(fw):
    by_id = {p["id"]: p for p in fw["processes"]}
    assert {p["status"] for p in fw["processes"]} == {"confirmed", "unconfirmed"}
    assert by_id["AGR.1A"]["status"] == "confirmed"
    assert by_id["PRO.3"]["status"] == "confirmed"
    assert by_id["PRO.4"]["status"] == "unconfirmed"
    assert by_id["REU.3"]["status"] == "unconfirmed"
    # AGR.1 … PRO.3 confirmed (26 rows), PRO.4 on unconfirmed (34 rows)
    assert Counter(p["status"] for p in fw["processes"]) == {"confirmed": 26, "unconfirmed": 34}


def test_a_few_titles(fw):
    by_id = {p["id"]: p for p in fw["processes"]}
    assert by_id["AGR.1"]["title"] == "Acquisition Process"
    assert by_id["AGR.1A"] == {"id": "AGR.1A", "title": "Acquisition preparation", "category": "Agreement Processes",
                               "subprocess_of": "AGR.1", "status": "confirmed"}
    assert by_id["ENG.1"]["title"] == "Stakeholder requirements definition"  # 2006: Requirements elicitation
    assert by_id["SUP.1"]["title"] == "Software documentation management"  # 2006: Quality assurance
    assert by_id["ENG.9B"]["subprocess_of"] == "ENG.9"


def test_process_attributes(fw):
    pas = fw["process_attributes"]
    assert len(pas) == 9
    assert [a["id"] for a in pas] == ["PA 1.1", "PA 2.1", "PA 2.2", "PA 3.1", "PA 3.2",
                                      "PA 4.1", "PA 4.2", "PA 5.1", "PA 5.2"]
    assert [a["level"] for a in pas] == [1, 2, 2, 3, 3, 4, 4, 5, 5]
    titles = {a["id"]: a["title"] for a in pas}
    assert titles["PA 4.1"] == "Process measurement"
    assert titles["PA 4.2"] == "Process control"
    assert titles["PA 5.2"] == "Process optimization"
    assert titles["PA 1.1"] == "Process performance"
    assert titles["PA 2.1"] == "Performance management"
    assert all("practices" not in a for a in pas)


def test_scale(fw):
    values = fw["scale"]["values"]
    assert [v["id"] for v in values] == ["F", "L+", "L", "L-", "P+", "P", "P-", "N"]
    assert [v["id"] for v in values if v.get("refined")] == ["L+", "L-", "P+", "P-"]
    keys = [k for v in values for k in v["keys"]]
    assert len(keys) == len(set(keys))


# --- the example maturity model ---------------------------------------------------------------------------------

def test_maturity_example_is_marked_as_an_illustration(mm):
    text = MATURITY.read_text(encoding="utf-8")
    assert text.startswith("# ILLUSTRATION OF THE FORMAT — NOT THE STANDARD'S MATURITY MODEL.")
    assert "illustrates the format" in mm["title"]
    assert "not ISO/IEC TR 15504-7" in mm["title"]
    assert "could not be confirmed" in mm["source"]


def test_maturity_example_refers_to_existing_processes(mm, fw):
    assert mm["schema"] == 1
    assert mm["kind"] == "maturity-model"
    assert mm["framework"] == "iso-15504-5-2012" == fw["id"]
    ids = {p["id"] for p in fw["processes"]}
    levels = [lv["level"] for lv in mm["levels"]]
    assert levels == sorted(set(levels)) and levels == [1, 2, 3, 4, 5]
    for lv in mm["levels"]:
        assert lv["title"] and lv["requires"]
        for req in lv["requires"]:
            assert req["capability_level"] in fw["capability_levels"]
            assert req["processes"]
            for pid in req["processes"]:
                assert pid in ids, (lv["level"], pid)


# --- optional: the file against the domain page ----------------------------------------------------------------

def _page_rows() -> list[tuple[str, str, str | None, str]]:
    text = DOMAIN.read_text(encoding="utf-8")
    section = text.split("## ISO/IEC 15504-5:2012 process dimension", 1)[1].split("\n## ", 1)[0]
    rows = []
    for pid, title, status in re.findall(r"^\| ([A-Z]{3}\.\d+[A-Z]?) \| (.+?) \| (.+?) \|$", section, re.M):
        m = re.fullmatch(r"(.+) \(subprocess of (\S+)\)", title)
        parent = m.group(2) if m else None
        title = m.group(1) if m else title
        if status == "confirmed":
            st = "confirmed"
        elif status.startswith("unconfirmed"):
            st = "unconfirmed"
        else:
            raise AssertionError(f"unknown status {status!r} for {pid}")
        rows.append((pid, title, parent, st))
    return rows


@pytest.mark.skipif(not DOMAIN.is_file(), reason="shared domain page not available")
def test_file_matches_the_domain_page(fw):
    rows = _page_rows()
    assert len(rows) == 60
    got = [(p["id"], p["title"], p.get("subprocess_of"), p["status"]) for p in fw["processes"]]
    assert got == rows
    section = DOMAIN.read_text(encoding="utf-8").split("## ISO/IEC 15504-5:2012 process dimension", 1)[1]
    groups = re.search(r"^Groups: (.+)\.$", section, re.M).group(1)
    page_groups = dict(g.split(" ", 1) for g in groups.split("; "))
    assert page_groups == {k: v[0] for k, v in GROUPS.items()}
