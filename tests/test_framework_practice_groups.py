"""Models laid out by practice groups (CMMI V2.0/V3.0 shape): the loader, its refusals, the bundled fictional
model. Every id and statement here is made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise.errors import FrameworkError
from appraise.framework.loader import load_framework_file, load_framework_text

ROOT = Path(__file__).resolve().parents[1]
FICTIONAL = ROOT / "frameworks" / "fictional-v3.yaml"

SMALL = """\
schema: 1
id: tiny-v3
title: Tiny made-up model
scheme: cmmi-appraisal
method_version: "3.0"
scale:
  values:
    - {id: FM, title: Fully Meets, keys: [f]}
    - {id: LM, title: Largely Meets, keys: [l]}
    - {id: L, title: Low, keys: [l]}
domains: [Core, Orchards]
practice_areas:
  - id: ALP
    domain: Core
    practice_groups:
      - level: 1
        practices:
          - {id: "1.1"}
      - level: 2
        practices:
          - {id: "2.1", title: ""}
          - {id: "2.2", title: "Fictional statement 2"}
  - id: STE
    title: Steering
    domain: Core
    per_process: true
    practice_groups:
      - level: 2
        practices:
          - {id: "2.1"}
  - id: PEA
    title: Pears
    domain: orchards
    practice_groups:
      - level: 1
        practices:
          - {id: "1.1"}
"""


def _refused(text: str) -> str:
    with pytest.raises(FrameworkError) as exc:
        load_framework_text(text, origin="m.yaml")
    return str(exc.value)


def test_a_practice_group_model_loads_into_areas_groups_and_practices():
    fw = load_framework_text(SMALL, origin="m.yaml")
    assert fw.shape == "practice_groups" and fw.method_version == "3.0" and fw.scheme == "cmmi-appraisal"
    assert fw.representations == ("maturity", "capability")
    assert fw.maturity_levels == (1, 2, 3, 4, 5) and fw.capability_levels == (0, 1, 2, 3, 4, 5)
    assert fw.domains == ("Core", "Orchards") and fw.level_areas == {}
    assert fw.counts() == {"practice_areas": 3, "practice_groups": 4, "practices": 5}
    alp = fw.area("ALP")
    assert (alp.title, alp.category, alp.per_process, alp.maturity_level) == ("ALP", "Core", False, None)
    assert fw.area("PEA").category == "Orchards"  # the domain as the domains list spells it
    assert fw.area("STE").per_process
    group = fw.goal("ALP L2")
    assert (group.local_id, group.level, group.area, group.title) == ("L2", 2, "ALP", "Level 2")
    assert [p.id for p in group.practices] == ["ALP 2.1", "ALP 2.2"]
    practice = fw.practice("ALP 2.2")
    assert (practice.local_id, practice.goal, practice.title) == ("2.2", "ALP L2", "Fictional statement 2")
    assert fw.practice("ALP 2.1").title == "" and fw.practice("ALP 1.1").title == ""
    assert fw.resolve_practice("alp 2.1") == "ALP 2.1" and fw.resolve_goal("alp l2") == "ALP L2"
    # one key may set a value of each set; the appraisal's allowed values pick one
    assert fw.scale.by_key("l") == "LM" and fw.scale.by_key("l", among=("L", "FM")) == "L"


def test_maturity_level_areas_name_the_areas_a_level_requires():
    fw = load_framework_text(SMALL.replace("domains:", "maturity_level_areas: {2: [ALP, STE]}\ndomains:"), "m")
    assert fw.level_areas == {2: ("ALP", "STE")}


@pytest.mark.parametrize(("change", "expected"), [
    (('          - {id: "2.2", title: "Fictional statement 2"}', '          - {id: "3.2"}'),
     'm.yaml:22: practice_areas[1].practice_groups[2].practices[2].id: practice ALP 3.2 is in the level 2 group, '
     'but its level digit says 3'),
    (('          - {id: "2.2", title: "Fictional statement 2"}', '          - {id: "2.1"}'),
     "m.yaml:22: practice_areas[1].practice_groups[2].practices[2].id: practice 'ALP 2.1' appears twice"),
    (("  - id: PEA", "  - id: alp"), "m.yaml:31: practice_areas[3].id: practice area 'alp' appears twice"),
    (("    domain: orchards", "    domain: Vineyards"),
     "m.yaml:33: practice_areas[3].domain: unknown domain 'Vineyards' (the file's domains: Core, Orchards)"),
    (('    per_process: true\n    practice_groups:\n      - level: 2\n        practices:\n          - {id: "2.1"}\n',
      "    per_process: true\n    practice_groups: []\n"),
     "m.yaml:27: practice_areas[2].practice_groups: STE a per-process area (per_process: true) still needs a "
     "non-empty list of practice groups"),
    (('          - {id: "1.1"}\n      - level: 2', '          - {id: "one"}\n      - level: 2'),
     "m.yaml:18: practice_areas[1].practice_groups[1].practices[1].id: 'one' is not a practice number"),
    (("      - level: 2\n        practices:\n          - {id: \"2.1\", title: \"\"}",
      "      - level: 1\n        practices:\n          - {id: \"1.2\", title: \"\"}"),
     "m.yaml:19: practice_areas[1].practice_groups[2].level: ALP: practice group level 1 comes after level 1"),
    (('method_version: "3.0"', "method_version: three"), "m.yaml:5: method_version: 'three' is not a method version"),
    (("scheme: cmmi-appraisal", "scheme: cmmi-appraisal\nrepresentations: [staged]"),
     "m.yaml:5: representations[1]: unknown representation 'staged' for a practice-group model"),
    (("domains: [Core, Orchards]", "domains: [Core, core]"), "m.yaml:11: domains[2]: domain 'core' appears twice"),
    (("domains:", "maturity_level_areas: {2: [ALP, XYZ]}\ndomains:"),
     "m.yaml:11: maturity_level_areas.2[2]: 'XYZ' is not a practice area of this file"),
    (("    domain: orchards\n    practice_groups:\n      - level: 1", "    domain: orchards\n    practice_groups:\n      - level: 6"),
     "m.yaml:35: practice_areas[3].practice_groups[1].level: a practice group's level is 1 to 5, not 6"),
    (("  - id: PEA", "  - id: P E A"), "practice_areas[3].id: 'P E A' is not a practice area id"),
])
def test_a_broken_model_is_refused_with_file_line_where_and_what(change, expected):
    old, new = change
    assert old in SMALL
    message = _refused(SMALL.replace(old, new, 1))
    assert expected in message, message
    assert message.startswith("m.yaml:")


def test_the_fictional_model_loads_and_says_it_is_fictional():
    fw = load_framework_file(FICTIONAL)
    assert fw.id == "fictional-v3" and fw.title.startswith("FICTIONAL practice model (not CMMI) —")
    assert fw.shape == "practice_groups" and fw.scheme == "cmmi-appraisal" and fw.method_version == "3.0"
    assert fw.counts() == {"practice_areas": 8, "practice_groups": 28, "practices": 39}
    assert fw.domains == ("Core", "Voyages")
    by_domain: dict[str, list[str]] = {}
    for area in fw.areas:
        by_domain.setdefault(area.category, []).append(area.id)
    assert by_domain == {"Core": ["ADO", "ALP", "BRV", "CHA", "DUN", "STE"], "Voyages": ["KEL", "VOY"]}
    assert [a.id for a in fw.areas if a.per_process] == ["ADO", "STE"]
    assert max(g.level for a in fw.areas for g in a.goals) == 5
    assert fw.scale.ids == ("FM", "LM", "PM", "DM", "NY", "NC", "L", "M", "H")
    for practice in fw.practices:  # made-up text only
        assert practice.title.startswith("Fictional statement ")
        assert practice.goal == f"{practice.area} L{practice.local_id.split('.')[0]}"
