"""PracticeResolver: an id as a file writes it -> the model's canonical id, for every bundled model, or a Refusal
naming the column to blame and a kind that groups the rows it affects."""

from __future__ import annotations

import pytest

from appraise.errors import UsageError
from appraise.framework import bundled_framework_ids, load_bundled
from appraise.io.resolve import PracticeResolver, Refusal
from appraise.services import Appraisal


def resolver(framework_id: str, aliases: dict[str, str] | None = None) -> PracticeResolver:
    fw = load_bundled(framework_id)
    return PracticeResolver(fw, {p.id for p in fw.practices}, aliases or {})


#: (model, practice cell, area cell, process cell) -> canonical id
COMPOSED = [
    ("cmmi-dev-1.3", "1.1", "PP", "", "PP SP 1.1"),  # a specific practice before the generic GP 1.1
    ("cmmi-dev-1.3", "SP 1.1", "PP", "", "PP SP 1.1"),
    ("cmmi-dev-1.3", "GP 2.1", "REQM", "", "REQM GP 2.1"),
    ("cmmi-dev-1.3", "2.1", "REQM", "", "REQM GP 2.1"),  # REQM has no SP 2.1
    ("cmmi-dev-1.3", "PP 1.1", "", "", "PP SP 1.1"),  # the leading code is the area
    ("cmmi-dev-1.3", "reqm.sp.1.1", "", "", "REQM SP 1.1"),
    ("cmmi-dev-1.3", "1.1", "Requirements Management", "", "REQM SP 1.1"),  # the area's title
    ("cmmi-dev-1.3", "REQM SP 1.1", "PP", "", "REQM SP 1.1"),  # a whole id is what it says
    ("aspice-3.1", "BP3", "", "SYS.3", "SYS.3.BP3"),  # the process column names the area
    ("aspice-3.1", "2.1.1", "", "SYS.3", "SYS.3 GP 2.1.1"),
    ("aspice-3.1", "3", "SYS.3", "", "SYS.3.BP3"),
    ("aspice-3.1", "2.1", "SYS.3", "", "SYS.3 PA 2.1"),
    ("aspice-4.0", "BP3", "", "SYS.3", "SYS.3.BP3"),
    ("aspice-4.0", "2.1.1", "SYS.3", "", "SYS.3 GP 2.1.1"),
    ("aspice-4.0", "SYS.3 BP3", "", "", "SYS.3.BP3"),
    ("iso-15504-5-2012", "1.1", "AGR.1", "", "AGR.1 PA 1.1"),
    ("iso-15504-5-2012", "PA 2.1", "AGR.1A", "", "AGR.1A PA 2.1"),
    ("fictional-v3", "2.1", "ALP", "", "ALP 2.1"),
    ("fictional-v3", "BRV 2.3", "", "", "BRV 2.3"),
    ("iso-9001-2015", "5.1", "8", "", "8.5.1"),  # a clause's number under its clause
    ("iso-9001-2015", "clause 8.5.1", "", "", "8.5.1"),
    ("iso-9001-2015", "4.1", "", "", "4.1"),
]


@pytest.mark.parametrize(("framework_id", "text", "area", "process", "expected"), COMPOSED)
def test_ids_are_composed_for_every_bundled_model(framework_id, text, area, process, expected):
    assert resolver(framework_id).resolve(text, area, process) == expected


def test_every_bundled_model_is_covered():
    assert {c[0] for c in COMPOSED} == set(bundled_framework_ids())


@pytest.mark.parametrize("framework_id", sorted(bundled_framework_ids()))
def test_every_practice_of_every_model_resolves_from_its_area_and_its_own_id(framework_id):
    fw = load_bundled(framework_id)
    r = PracticeResolver(fw, {p.id for p in fw.practices})
    wrong = [(p.id, got) for p in fw.practices if p.local_id and (got := r.resolve(p.local_id, p.area)) != p.id]
    assert wrong == []


def test_aliases_map_the_area_column_and_a_leading_code():
    r = resolver("cmmi-dev-1.3", {"RM": "REQM", "m&a": "MA"})
    assert r.resolve("RM SP 1.1") == "REQM SP 1.1"
    assert r.resolve("1.1", "rm") == "REQM SP 1.1"
    assert r.resolve("SP 1.2", "M&A") == "MA SP 1.2"
    assert r.resolve("M&A SP 1.2") == "MA SP 1.2"
    with pytest.raises(UsageError, match="--alias QA=QQA: 'QQA' is not an area of cmmi-dev-1.3"):
        resolver("cmmi-dev-1.3", {"QA": "QQA"})


def test_an_unknown_area_code_is_one_kind_with_the_closest_codes():
    r = resolver("cmmi-dev-1.3")
    refusals = [r.resolve("RM SP 1.1"), r.resolve("RM SP 1.2"), r.resolve("1.3", "RM"), r.resolve("2.1", " rm ")]
    assert all(isinstance(x, Refusal) for x in refusals)
    assert {x.kind for x in refusals} == {"unknown area code 'RM'"}  # the problems group it once
    assert [x.field for x in refusals] == ["practice", "practice", "area", "area"]
    assert "closest known codes: RSKM, REQM, RD" in refusals[0].message
    assert "--alias RM=CODE" in refusals[0].message
    v3 = resolver("fictional-v3").resolve("2.1", "APL")
    assert isinstance(v3, Refusal) and "closest known codes: ALP" in v3.message


def test_other_refusals():
    r = resolver("cmmi-dev-1.3")
    assert r.resolve("") == Refusal("practice", "empty practice", "is empty: every row needs a practice id")
    unknown = r.resolve("9.9", "PP")
    assert isinstance(unknown, Refusal) and (unknown.field, unknown.kind) == ("practice", "unknown practice")
    assert unknown.message.startswith("unknown practice '9.9' in PP")
    assert isinstance(r.resolve("SP 1.1"), Refusal)  # no area to put it in


def test_scope_and_per_process_cells_through_an_appraisal(tmp_path):
    with Appraisal.create(tmp_path / "v3.appraisal", framework="fictional-v3", target=2, unit="Orion",
                          projects=["P1"], who="lead", options={"processes": ["Engineering", "Support"]}) as a:
        r = PracticeResolver(a.framework, a.in_scope, {"GOV": "STE"}, cell=a.resolve_cell)
        assert r.resolve("2.1", "STE", "Support") == "STE 2.1 @ Support"
        assert r.resolve("GOV 2.1", "", "engineering") == "STE 2.1 @ Engineering"
        missing = r.resolve("STE 2.1")
        assert isinstance(missing, Refusal) and missing.field == "practice" and "Support" in missing.message
        nowhere = r.resolve("STE 2.1", "", "Nowhere")
        assert isinstance(nowhere, Refusal) and nowhere.field == "process" and "no process 'Nowhere'" in \
            nowhere.message
        out = r.resolve("CHA 3.1")  # a level-3 practice of an ML2 appraisal
        assert out == Refusal("practice", "not in scope", "CHA 3.1 is not in this appraisal's scope")
        assert r.resolve("ALP 2.1") == "ALP 2.1"
