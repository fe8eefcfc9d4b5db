"""The ISO 9001:2015 data file (frameworks/iso-9001-2015.yaml), read as plain YAML.

The numbers and titles below are written from the domain page (shared/domain/iso-9001-2015.md),
not computed from the file. appraise's loader is deliberately not used (it is being changed).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "frameworks" / "iso-9001-2015.yaml"
DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain" / "iso-9001-2015.md"

TOP = {
    "4": "Context of the organization",
    "5": "Leadership",
    "6": "Planning",
    "7": "Support",
    "8": "Operation",
    "9": "Performance evaluation",
    "10": "Improvement",
}
SECOND_PER_CLAUSE = {"4": 4, "5": 3, "6": 3, "7": 5, "8": 7, "9": 3, "10": 3}
# second-level sub-clauses with titled third-level sub-clauses, and how many
THIRD_PER_SUBCLAUSE = {"5.1": 2, "5.2": 2, "7.1": 6, "7.5": 3, "8.2": 4, "8.3": 6, "8.4": 3, "8.5": 6,
                       "9.1": 3, "9.3": 3}
FOURTH = {"7.1.5.1": "General", "7.1.5.2": "Measurement traceability"}
UNTITLED = ["4.4.1", "4.4.2", "6.1.1", "6.1.2", "6.2.1", "6.2.2", "8.7.1", "8.7.2", "9.2.1", "9.2.2",
            "10.2.1", "10.2.2"]


@pytest.fixture(scope="module")
def fw():
    return yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))


def walk(nodes, depth=1, parent=None):
    """(depth, parent id, node) for every clause, depth first, in file order."""
    for node in nodes:
        yield depth, parent, node
        yield from walk(node.get("clauses", []), depth + 1, node["id"])


def by_depth(fw, depth):
    return [n for d, _, n in walk(fw["clauses"]) if d == depth]


def test_header_fields(fw):
    assert fw["schema"] == 1
    assert fw["id"] == "iso-9001-2015" == FRAMEWORK.stem
    assert fw["title"] == "ISO 9001:2015 Quality management systems — Requirements"
    assert fw["version"] == "2015"
    assert fw["scheme"] == "audit"
    assert fw["representations"] == ["audit"]
    assert fw["ids"] == {"goal": "{id}", "practice": "{id}"}
    assert fw["id_prefixes"] == ["ISO 9001:2015", "ISO 9001", "ISO9001", "clause", "cl.", "§"]
    assert fw["source"]
    # conformity is recorded per clause and site; nonconformities are findings with a grade (A2)
    assert fw["scale"]["values"] == [{"id": "C", "title": "Conformity", "keys": ["y"]}]


def test_header_comment_states_source_status_and_counts():
    head = "\n".join(ln for ln in FRAMEWORK.read_text(encoding="utf-8").splitlines() if ln.startswith("#"))
    assert "Source:" in head and "Status:" in head
    assert "7 clauses (4-10); 28 sub-clauses; 38 titled third-level sub-clauses" in head
    assert "2 titled fourth-level (7.1.5.1, 7.1.5.2)" in head
    assert "unconfirmed" in head
    for number in UNTITLED:
        assert number in head, number


def test_top_clauses_4_to_10(fw):
    assert [(c["id"], c["title"]) for c in fw["clauses"]] == list(TOP.items())


def test_no_clauses_1_to_3(fw):
    ids = [n["id"] for _, _, n in walk(fw["clauses"])]
    assert not [i for i in ids if i.split(".")[0] in {"1", "2", "3"}]


def test_second_level(fw):
    second = by_depth(fw, 2)
    assert len(second) == 28
    assert {c["id"]: len(c["clauses"]) for c in fw["clauses"]} == SECOND_PER_CLAUSE
    for top in fw["clauses"]:  # numbered 1..n within each clause, in order
        assert [c["id"] for c in top["clauses"]] == [f"{top['id']}.{i}" for i in range(1, len(top["clauses"]) + 1)]


def test_third_level(fw):
    third = by_depth(fw, 3)
    assert len(third) == 38
    assert {n["id"]: len(n["clauses"]) for n in by_depth(fw, 2) if "clauses" in n} == THIRD_PER_SUBCLAUSE


def test_fourth_level(fw):
    fourth = by_depth(fw, 4)
    assert {n["id"]: n["title"] for n in fourth} == FOURTH
    assert [n["id"] for n in by_depth(fw, 3) if "clauses" in n] == ["7.1.5"]
    assert not by_depth(fw, 5)


def test_ids_are_strings_and_nest_under_their_parent(fw):
    for depth, parent, node in walk(fw["clauses"]):
        assert isinstance(node["id"], str), node["id"]
        assert isinstance(node["title"], str) and node["title"].strip() == node["title"] != "", node["id"]
        assert re.fullmatch(r"\d+(\.\d+)*", node["id"]), node["id"]
        assert node["id"].count(".") == depth - 1, node["id"]
        if parent is not None:
            assert node["id"].startswith(parent + "."), node["id"]
        assert set(node) <= {"id", "title", "clauses", "status"}, node["id"]
        if "clauses" in node:
            assert node["clauses"], node["id"]
        if "status" in node:
            assert node["status"] == "unconfirmed", node["id"]


def test_no_duplicate_numbers(fw):
    ids = Counter(n["id"] for _, _, n in walk(fw["clauses"]))
    assert [i for i, k in ids.items() if k > 1] == []
    assert len(ids) == 7 + 28 + 38 + 2


def test_untitled_paragraphs_not_listed(fw):
    ids = {n["id"] for _, _, n in walk(fw["clauses"])}
    assert not ids & set(UNTITLED)


@pytest.mark.parametrize(("cid", "title"), [
    ("7.5.3", "Control of documented information"),
    ("8.5.1", "Control of production and service provision"),
    ("10.2", "Nonconformity and corrective action"),
    ("7.1.5.2", "Measurement traceability"),
    ("4.4", "Quality management system and its processes"),
    ("8.7", "Control of nonconforming outputs"),
])
def test_spot_titles(fw, cid, title):
    titles = {n["id"]: n["title"] for _, _, n in walk(fw["clauses"])}
    assert titles[cid] == title


def test_leaves(fw):
    leaves = [n for _, _, n in walk(fw["clauses"]) if "clauses" not in n]
    assert len(leaves) == 57


def parse_page() -> dict[str, str]:
    """Every clause id and title of the page's table "Clause structure 4–10"."""
    text = DOMAIN.read_text(encoding="utf-8")
    section = text.split("## Clause structure 4–10", 1)[1].split("\n## ", 1)[0]
    out: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not re.fullmatch(r"\**\d+(\.\d+)*\**", cells[0]):
            continue
        cid, title, subs = cells[0].strip("*"), cells[1].strip("*"), cells[2]
        out[cid] = title
        if subs.startswith("("):  # untitled paragraphs only
            continue
        # "7.1.5 Monitoring and measuring resources (7.1.5.1 General; 7.1.5.2 Measurement traceability)"
        for sub, sub_title in re.findall(r"(\d+(?:\.\d+)+) ([^;()]+)", subs):
            assert sub.startswith(cid + "."), sub
            out[sub] = sub_title.strip()
    return out


@pytest.mark.skipif(not DOMAIN.exists(), reason="the shared domain page is not available (CI)")
def test_matches_the_domain_page(fw):
    page = parse_page()
    assert len(page) == 7 + 28 + 38 + 2
    assert {i for i in page if "." not in i} == set(TOP)
    mine = {n["id"]: n["title"] for _, _, n in walk(fw["clauses"])}
    assert sorted(mine) == sorted(page)
    assert [k for k in page if mine[k] != page[k]] == []
    order = [n["id"] for _, _, n in walk(fw["clauses"])]
    assert order == list(page)  # the page's order, depth first
