"""The neutral rating tree: what every scheme's rate() returns, read back from real appraisal files.

The files are the ones kept from schema 5 (tests/data, one per scheme): each is copied, opened (migrated),
rated, and its tree compared with the JSON document the same rating gives — which must keep every key
the stored ``rate --json`` of that file has (scripts rely on them; the tree may add keys, never drop one).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from appraise.schemes.tree import KINDS, STATUSES, RatingNode, RatingTree
from appraise.services import Appraisal

DATA = Path(__file__).parent / "data"
#: One kept file per scheme, with the ``rate --json`` its own code printed.
PER_SCHEME = {"scampi-1.3": "schema-5", "iso-33020": "schema-5-spice", "audit": "schema-5-audit"}


def keys(node: Any, path: str = "") -> set[str]:
    """Every key path in a JSON document (list items share their list's path)."""
    out: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(f"{path}/{key}")
            out |= keys(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            out |= keys(item, f"{path}[]")
    return out


@pytest.fixture(params=sorted(PER_SCHEME), ids=str)
def rated(request, tmp_path) -> tuple[str, RatingTree, dict[str, Any], dict[str, Any]]:
    stem = PER_SCHEME[request.param]
    path = tmp_path / f"{stem}.appraisal"
    shutil.copy(DATA / f"{stem}.appraisal", path)
    with Appraisal.open(path) as a:
        tree = a.rate()
    stored = json.loads((DATA / f"{stem}.rate.json").read_text(encoding="utf-8"))
    return request.param, tree, tree.to_dict(), stored


def test_rate_json_keeps_every_documented_key(rated):
    scheme, _tree, document, stored = rated
    missing = keys(stored) - keys(document)
    assert not missing, f"{scheme}: rate --json lost {sorted(missing)}"
    assert document["scheme"] == scheme


def test_every_node_is_of_a_kind_and_status_the_faces_know(rated):
    _scheme, tree, _document, _stored = rated
    nodes = list(tree.walk())
    assert len(nodes) > 50
    assert {n.kind for n in nodes} <= set(KINDS)
    assert {n.status for n in nodes} <= set(STATUSES)
    assert all(isinstance(n, RatingNode) and n.id for n in nodes)
    with pytest.raises(AttributeError):  # frozen: a face cannot change the rating it shows
        nodes[1].value = "x"  # type: ignore[misc]


def test_the_tree_holds_what_the_document_says(rated):
    scheme, tree, document, _stored = rated
    assert tree.units == tuple(document["projects"])
    areas = {"scampi-1.3": "process_areas", "iso-33020": "processes", "audit": None}[scheme]
    if areas is not None:
        assert [a.id for a in tree.areas] == [a["id"] for a in document[areas]]
    if scheme == "scampi-1.3":
        for area in document["process_areas"]:
            node = tree[area["id"]]
            assert (node.kind, node.value, node.rule, list(node.blocked_by)) == \
                ("area", area["rating"], area["rule"], area["blocked_by"])
            for goal in area["goals"]:
                assert tree[goal["id"]].value == goal["rating"]
                for practice in goal["practices"]:
                    cell = tree[practice["id"]]
                    assert cell.kind == "practice" and dict(cell.cells) == practice["instances"]
                    assert (cell.value, list(cell.options), cell.decided) == \
                        (practice["ou"], practice["options"], practice["decided"])
        assert tree.level is not None and tree.level.rule == document["level_rule"]
        assert tree.level.value == (None if document["maturity_level"] is None else f"ML {document['maturity_level']}")
    elif scheme == "iso-33020":
        for process in document["processes"]:
            node = tree[process["id"]]
            assert node.value == (None if process["capability_level"] is None else f"CL {process['capability_level']}")
            for attribute in process["attributes"]:
                a = tree[attribute["id"]]
                assert (a.kind, a.value, dict(a.cells)) == ("attribute", attribute["rating"], attribute["instances"])
                assert [c.id for c in a.children] == [i["id"] for i in attribute["indicators"]]
            for hit in process["consistency"]:
                assert tree[hit["id"]].kind == "check" and dict(tree[hit["id"]].cells) == hit["values"]
        om = document["organizational_maturity"]
        assert tree.root.extra.get("maturity_rule") == (om["rule"] if om else None)
        assert tree.root.extra.get("maturity_note") == (None if om else document["organizational_maturity_note"])
    else:
        assert tree.level is not None and tree.level.value == document["recommendation"]
        assert list(tree.level.blocked_by) == document["blocked_by"]
        by_id = {n.id: n for n in tree.nodes("clause")}
        for clause in document["clauses"]:
            assert by_id[clause["id"]].extra["result"] == clause["result"]
            assert [f.extra["grade"] for f in by_id[clause["id"]].children] == [f["grade"] for f in clause["findings"]]
    assert [d.target for d in tree.pending] == [d["target"] for d in document["pending_decisions"]]
    assert [d.target for d in tree.stale] == [d["target"] for d in document["stale_decisions"]]


def test_the_headline_is_the_level_line_and_its_rule(rated):
    scheme, tree, document, _stored = rated
    line, rule = tree.headline
    expected = {"scampi-1.3": "Maturity level", "iso-33020": "processes at target CL",
                "audit": "57 requirements"}[scheme]
    assert expected in line
    assert rule and (rule == document.get("level_rule") or rule.startswith("Aggregation:"))


def test_a_node_is_found_by_id_and_an_unknown_id_is_a_key_error(rated):
    _scheme, tree, _document, _stored = rated
    first = tree.areas[0]
    assert tree.find(first.id) is first and tree[first.id] is first
    assert tree.find("no such node") is None
    with pytest.raises(KeyError):
        tree["no such node"]
    assert tree.parent_of(first.children[0].id) is first


def test_every_scheme_satisfies_the_protocol_and_is_found_by_its_framework():
    from appraise.errors import FrameworkError
    from appraise.framework import load_framework_file
    from appraise.schemes import SCHEMES, Scheme, scheme_for
    from appraise.services import framework_path

    for scheme in SCHEMES.values():
        assert isinstance(scheme, Scheme)
    for name, scheme_id in {"cmmi-dev-1.3": "scampi-1.3", "aspice-3.1": "iso-33020",
                            "iso-9001-2015": "audit"}.items():
        framework = load_framework_file(framework_path(name))
        assert scheme_for(framework) is SCHEMES[scheme_id]
    with pytest.raises(FrameworkError, match="rating scheme 'cmmi-3.0' is not supported"):
        scheme_for("cmmi-3.0")


def test_a_scheme_s_view_is_its_view_module_s_when_it_has_one(tmp_path, monkeypatch):
    """The hook schemes/<scheme>/view.py fills: VIEW of that module, None while there is none."""
    import importlib
    import sys

    from appraise.schemes.protocol import load_view

    package = tmp_path / "viewpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert load_view("viewpkg") is None
        (package / "view.py").write_text("VIEW = {'unit': 'site'}\n")
        importlib.invalidate_caches()
        assert load_view("viewpkg") == {"unit": "site"}
    finally:
        sys.modules.pop("viewpkg.view", None)
        sys.modules.pop("viewpkg", None)


def test_the_rows_are_the_matrix_s_rows_each_under_its_group(tmp_path):
    """``rows()``: one node per practice, indicator, attribute or clause the appraisal rates per unit, each found
    under a goal or attribute of its area (``groups``), the value the matrix's OU column shows."""
    for scheme, stem in PER_SCHEME.items():
        path = tmp_path / f"{stem}.appraisal"
        shutil.copy(DATA / f"{stem}.appraisal", path)
        with Appraisal.open(path) as a:
            tree, practices = a.rate(), list(a.practices)
        rows = tree.rows()
        assert list(rows) == [p for p in practices if p in rows] and set(practices) <= set(rows), scheme
        for area in tree.areas:
            assert area.groups and all(g.kind in ("goal", "attribute") for g in area.groups)
            for group in area.groups:
                assert all(rows[r.id] is r and r.kind in ("practice", "clause", "attribute") for r in group.rows)
        attributes = tree.nodes("attribute")
        assert bool(attributes) == (scheme == "iso-33020")
        for attribute in attributes:  # its indicators have no aggregate; the attribute itself is the last row
            assert tree[attribute.id].rows[-1] is attribute and attribute.aggregated
            assert [i.aggregated for i in attribute.rows[:-1]] == [False] * len(attribute.children)
            assert isinstance(attribute.extra["proposal"], dict)


def test_a_decided_value_carries_its_rationale(tmp_path):
    path = tmp_path / "schema-5.appraisal"
    shutil.copy(DATA / "schema-5.appraisal", path)
    with Appraisal.open(path) as a:
        decided = [n for n in a.rate().nodes("practice") if n.decided]
    assert decided, "the kept SCAMPI file holds a team decision"
    assert all(n.rationale == n.extra.get("rationale", "") for n in decided)
    assert RatingNode("x", "practice").rationale == "" and RatingNode("x", "practice").aggregated
    assert not RatingNode("x", "practice", extra={"aggregated": False}).aggregated
    assert RatingNode("x", "practice", extra={"rationale": "why"}).rationale == "why"
