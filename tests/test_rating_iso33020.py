"""ISO/IEC 33020 rules (shared/domain/iso-33020.md), one test row per table row of the page."""

from __future__ import annotations

from fractions import Fraction

import pytest

from appraise.schemes.iso33020 import rules as iso33020

LEVELS = {1: ("PA 1.1",), 2: ("PA 2.1", "PA 2.2"), 3: ("PA 3.1", "PA 3.2"), 4: ("PA 4.1", "PA 4.2"),
          5: ("PA 5.1", "PA 5.2")}
ORDER = [a for level in sorted(LEVELS) for a in LEVELS[level]]


# -- M2: the page's worked examples ("—" above the target, so not rated) -----------------------
@pytest.mark.parametrize("row, target, level", [
    ("P F F F F — —", 3, 0),
    ("L — — — — — —", 1, 1),
    ("L F F F F — —", 3, 1),
    ("F L F — — — —", 2, 2),
    ("F F L F F — —", 3, 2),
    ("F F F L P — —", 3, 2),
    ("F F F L L — —", 3, 3),
    ("F F F F F — —", 3, 3),
    ("F F F F F L F", 4, 4),
    ("F L+ L- — — — —", 2, 2),
    ("F P+ F — — — —", 2, 1),
])
def test_capability_level_examples(row, target, level):
    ratings = {a: (None if v == "—" else v) for a, v in zip(ORDER, row.split())}
    result = iso33020.capability_level(ratings, LEVELS, target)
    assert result.level == level
    assert result.level <= target


@pytest.mark.parametrize("row, blocked", [
    ("L F F F F — —", ["PA 1.1"]),
    ("F F L F F — —", ["PA 2.2"]),
    ("F F F L P — —", ["PA 3.2"]),
    ("F P+ F — — — —", ["PA 2.1"]),
])
def test_what_blocks_the_next_level(row, blocked):
    ratings = {a: (None if v == "—" else v) for a, v in zip(ORDER, row.split())}
    target = max(int(a[3]) for a, v in ratings.items() if v is not None)
    assert iso33020.capability_level(ratings, LEVELS, target).blocked_by == blocked


def test_a_missing_rating_leaves_the_level_undetermined():
    ratings = {"PA 1.1": "F", "PA 2.1": "F", "PA 2.2": None}
    result = iso33020.capability_level(ratings, LEVELS, 2)
    assert result.level is None and result.at_least == 1
    assert result.missing == ["PA 2.2"] and result.rule.startswith("M2.3")
    # M2.3 and issue 5: never a level over a gap, even where a rated attribute already fails a level
    failed = iso33020.capability_level({"PA 1.1": "P", "PA 2.1": None, "PA 2.2": None}, LEVELS, 2)
    assert failed.level is None and failed.at_least == 0 and failed.missing == ["PA 2.1", "PA 2.2"]


# -- M3.3: the page's aggregation examples, rounding half up --------------------------------------
@pytest.mark.parametrize("ratings, mean, value", [
    ("F L", Fraction(5, 2), "F"),
    ("F P", Fraction(2), "L"),
    ("L P", Fraction(3, 2), "L"),
    ("N P", Fraction(1, 2), "P"),
    ("N F", Fraction(3, 2), "L"),
    ("F F P", Fraction(7, 3), "L"),
    ("F F L", Fraction(8, 3), "F"),
    ("P N N", Fraction(1, 3), "N"),
    ("L P P N", Fraction(1), "P"),
    ("F L P N", Fraction(3, 2), "L"),
])
def test_aggregation_examples(ratings, mean, value):
    result = iso33020.aggregate({f"I{i}": r for i, r in enumerate(ratings.split())})
    assert (result.mean, result.value) == (mean, value)
    assert result.rule.startswith("M3.3")


def test_weighted_aggregation_rounds_half_up():
    result = iso33020.aggregate({"ECU-A": "F", "ECU-B": "P"}, {"ECU-A": 3, "ECU-B": 1})
    assert (result.mean, result.value) == (Fraction(5, 2), "F")
    assert result.rule.startswith("M3.4")
    with pytest.raises(ValueError):
        iso33020.aggregate({"ECU-A": "F", "ECU-B": "P"}, {"ECU-A": 3})


@pytest.mark.parametrize("ratings, value", [("L- L+", "L"), ("P+ L-", "L"), ("P- P+", "P"), ("F P- P-", "L")])
def test_refined_values_aggregate_as_their_base_value(ratings, value):
    """M4.2's base-value reading (the six-step reading is unconfirmed; one switch in the module)."""
    assert iso33020.aggregate({f"I{i}": r for i, r in enumerate(ratings.split())}).value == value


def test_an_attribute_not_rated_everywhere_has_no_aggregate():
    result = iso33020.aggregate({"ECU-A": "F", "ECU-B": None})
    assert result.value is None and result.missing == ("ECU-B",) and result.rule.startswith("M3.6")


def test_instances_and_aggregate_can_differ():
    """M3.5: A = F L F L L and B = F F L L L are CL 2 each; their aggregate F F F L L is CL 3."""
    a = dict(zip(ORDER, "F L F L L".split()))
    b = dict(zip(ORDER, "F F L L L".split()))
    assert iso33020.capability_level(a, LEVELS, 3).level == 2
    assert iso33020.capability_level(b, LEVELS, 3).level == 2
    aggregated = {pa: iso33020.aggregate({"A": a[pa], "B": b[pa]}).value for pa in a}
    assert [aggregated[pa] for pa in ORDER[:5]] == ["F", "F", "F", "L", "L"]
    assert iso33020.capability_level(aggregated, LEVELS, 3).level == 3


@pytest.mark.parametrize("typed, base", [("p+", "P"), ("L−", "L"), ("l-", "L"), ("F", "F")])
def test_base_value(typed, base):
    assert iso33020.base_value(typed) == base
    with pytest.raises(ValueError):
        iso33020.base_value("X")
