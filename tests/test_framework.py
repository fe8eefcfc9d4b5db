"""Models as data: the bundled CMMI-DEV v1.3 file, the schema checks, id normalization."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from appraise.errors import FrameworkError
from appraise.framework import (
    bundled_framework_ids,
    id_key,
    load_bundled,
    load_framework_file,
)
from appraise.schemes import SCHEMES

DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain" / "cmmi-dev-1.3.md"
BUNDLED = Path(__file__).resolve().parents[1] / "frameworks" / "cmmi-dev-1.3.yaml"


@pytest.fixture(scope="module")
def cmmi():
    return load_bundled("cmmi-dev-1.3")


def test_every_bundled_framework_loads_and_has_its_scheme():
    ids = bundled_framework_ids()
    assert "cmmi-dev-1.3" in ids
    for fid in ids:
        fw = load_bundled(fid)
        assert fw.id == fid
        assert fw.scheme in SCHEMES


def test_cmmi_counts_match_the_model(cmmi):
    assert cmmi.counts() == {"process_areas": 22, "specific_goals": 49, "specific_practices": 167,
                             "generic_goals": 3, "generic_practices": 13}
    assert cmmi.scale.ids == ("FI", "LI", "PI", "NI", "NY")
    assert cmmi.scheme == "scampi-1.3"
    by_level = {}
    for area in cmmi.areas:
        by_level.setdefault(area.maturity_level, []).append(area.id)
    assert {lv: len(a) for lv, a in by_level.items()} == {2: 7, 3: 11, 4: 2, 5: 2}
    assert [a.id for a in cmmi.areas if a.may_be_not_applicable] == ["SAM"]


@pytest.mark.skipif(not DOMAIN.is_file(), reason="shared/domain is beside the checkout only")
def test_cmmi_ids_and_titles_match_the_domain_page(cmmi):
    """Every PA row and every SG/SP of the domain page is in the file with the same title."""
    text = DOMAIN.read_text(encoding="utf-8")
    for pa, name, ml, category in re.findall(r"^\| ([A-Z]+) \| ([^|]+) \| (\d) \| ([^|]+) \|$", text, re.M):
        area = cmmi.area(pa)
        assert (area.title, area.maturity_level, area.category) == (name.strip(), int(ml), category.strip())
    for line in re.findall(r"^\*\*([A-Z]+)\*\* — (.*)$", text, re.M):
        pa, body = line
        for goal in re.split(r"(?=SG \d+ )", body):
            m = re.match(r"SG (\d+) ([^:]+): (.*)", goal.strip())
            if not m:
                continue
            assert cmmi.goal(f"{pa} SG {m.group(1)}").title == m.group(2).strip()
            for num, title in re.findall(r"SP (\d+\.\d+) ([^;]+?)(?:;|\.\s*$)", m.group(3).strip()):
                assert cmmi.practice(f"{pa} SP {num}").title == title.strip()


def test_generic_goals_apply_to_every_area(cmmi):
    reqm = cmmi.area("REQM")
    assert [g.id for g in reqm.generic_goals] == ["REQM GG 1", "REQM GG 2", "REQM GG 3"]
    assert cmmi.goal("REQM GG 1").representations == ("continuous",)
    assert cmmi.practice("CAR GP 2.10").title == "Review Status with Higher Level Management"
    assert cmmi.practice("CAR GP 2.10").generic


@pytest.mark.parametrize("typed", ["REQM SP 1.1", "REQM SP1.1", "reqm.sp.1.1", "REQM.SP.1.1", " reqm sp 01.1 ",
                                   "REQM_SP_1.1", "REQM-SP-1.1"])
def test_practice_id_spellings_normalize(cmmi, typed):
    assert cmmi.resolve_practice(typed) == "REQM SP 1.1"


def test_normalization_keeps_ids_apart(cmmi):
    assert cmmi.resolve_practice("PI SP 1.1") == "PI SP 1.1"
    assert cmmi.resolve_practice("REQM GP 2.1") == "REQM GP 2.1"
    assert cmmi.resolve_practice("PP GP 2.10") == "PP GP 2.10"
    assert cmmi.resolve_practice("PP GP 2.1") == "PP GP 2.1"
    assert cmmi.resolve_practice("REQM SP 1.9") is None
    assert cmmi.resolve_practice("REQM SG 1") is None
    assert cmmi.resolve_goal("reqm sg1") == "REQM SG 1"
    assert cmmi.resolve_area("opm") == "OPM"
    assert id_key("SWE.1.BP1") == id_key("swe1 bp 1") == ("SWE", "1", "BP", "1")


def _broken(tmp_path, old, new, count=1):
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path, text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("old, new, message", [
    ("      - id: SG 2\n        title: \"Develop a Project Plan\"", "      - id: SG 2\n        name: oops",
     "missing 'title'"),
    ("    maturity_level: 2\n    category: Project Management\n    goals:\n      - id: SG 1\n        title: \"Establish Estimates\"",
     "    maturity_level: two\n    category: Project Management\n    goals:\n      - id: SG 1\n        title: \"Establish Estimates\"",
     "must be a whole number"),
    ("          - {id: SP 1.2, title: \"Obtain Commitment to Requirements\"}",
     "          - {id: SP 1.2, title: \"Obtain Commitment to Requirements\", weight: 3}", "unknown key 'weight'"),
    ("          - {id: SP 1.2, title: \"Obtain Commitment to Requirements\"}",
     "          - {id: SP1.1, title: \"Obtain Commitment to Requirements\"}", "same as 'REQM SP 1.1'"),
])
def test_broken_file_is_refused_with_file_and_line(tmp_path, old, new, message):
    path, line = _broken(tmp_path, old, new)
    with pytest.raises(FrameworkError) as err:
        load_framework_file(path)
    text = str(err.value)
    assert str(path) in text and message in text
    reported = int(re.match(rf"{re.escape(str(path))}:(\d+):", text).group(1))
    assert abs(reported - line) <= 2, text


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("schema: 1\nid: x\ntitle: [unclosed\nscheme: scampi-1.3\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=rf"{re.escape(str(path))}:\d+: not valid YAML"):
        load_framework_file(path)


def test_schema_version_and_missing_file(tmp_path):
    path = tmp_path / "v2.yaml"
    path.write_text(BUNDLED.read_text(encoding="utf-8").replace("schema: 1", "schema: 2"), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r":6: schema: must be 1"):
        load_framework_file(path)
    with pytest.raises(FrameworkError, match="no such framework file"):
        load_framework_file(tmp_path / "missing.yaml")


SPICE_LIKE = """
schema: 1
id: spice-like
title: A process model with dotted base-practice ids
scheme: scampi-1.3
ids:
  practice: "{area}.{id}"
scale:
  values:
    - {id: FI, title: Fully Implemented}
process_areas:
  - id: SWE.1
    title: Software requirements analysis
    goals:
      - {id: PA 1.1, title: Process performance, practices: [{id: BP1, title: Specify requirements}]}
generic_goals:
  - {id: PA 2.1, title: Performance management, level: 2, practices: [{id: GP 2.1.1, title: Identify objectives}]}
"""


def test_a_model_forms_its_own_ids(tmp_path):
    """SPICE base practices read SWE.1.BP1, generic practices SWE.1 GP 2.1.1; typed spellings still resolve."""
    from appraise.framework import load_framework_text

    fw = load_framework_text(SPICE_LIKE, origin="spice-like.yaml")
    assert [p.id for p in fw.practices] == ["SWE.1.BP1", "SWE.1 GP 2.1.1"]
    assert fw.practice("SWE.1.BP1").local_id == "BP1" and fw.goal("SWE.1 PA 2.1").local_id == "PA 2.1"
    for typed in ("swe.1.bp1", "SWE1.BP1", "SWE.1 BP1", "SWE.1.BP.1"):
        assert fw.resolve_practice(typed) == "SWE.1.BP1"
    assert fw.resolve_practice("SWE.1 GP2.1.1") == "SWE.1 GP 2.1.1"


@pytest.mark.parametrize("fmt, message", [("{area}", "must contain {id}"), ("{area}-{clause}", "only {area} and {id}")])
def test_a_bad_id_format_is_refused_with_its_line(fmt, message):
    from appraise.framework import load_framework_text

    text = SPICE_LIKE.replace('practice: "{area}.{id}"', f'practice: "{fmt}"')
    with pytest.raises(FrameworkError, match=rf"spice-like.yaml:7: ids.practice: .*{re.escape(message)}"):
        load_framework_text(text, origin="spice-like.yaml")
