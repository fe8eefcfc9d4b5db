"""The store contract for several assessors' ratings of one cell (schema 8), through the interface alone."""

from __future__ import annotations

import pytest

from appraise.errors import UsageError


def test_assessor_ratings_are_written_with_their_cells_logged_and_undone(store_factory):
    store = store_factory()
    rows = [("REQM SP 1.1", "ALPHA", "atm1", "LI", "trace stale"), ("REQM SP 1.1", "ALPHA", "atm2", "FI", None),
            ("PP SP 1.1", "BETA", "atm1", "FI", None), ("PP SP 1.1", "BETA", "atm2", "FI", None)]
    assert store.set_assessor_ratings(rows, "lead", cells=[("PP SP 1.1", "BETA", "FI", None)]) == 4
    assert store.assessor_ratings() == {("REQM SP 1.1", "ALPHA"): {"atm1": "LI", "atm2": "FI"},
                                        ("PP SP 1.1", "BETA"): {"atm1": "FI", "atm2": "FI"}}
    assert store.assessor_notes() == {("REQM SP 1.1", "ALPHA"): {"atm1": "trace stale"}}
    assert store.characterizations() == {"PP SP 1.1": {"BETA": "FI"}}
    log = [(c.what, c.target, c.old, c.new) for c in store.change_log()[1:]]
    assert log[0] == ("assessor rating", "REQM SP 1.1 / ALPHA / atm1", None, "LI (trace stale)")
    assert log[-1] == ("characterization (assessors)", "PP SP 1.1 / BETA", None, "FI")
    assert len(store.written) == 1  # one call, one undo step
    # the same ratings again change nothing; a note of None keeps the assessor's note; None removes a rating
    assert store.set_assessor_ratings(rows[:1], "lead") == 0
    assert store.set_assessor_ratings([("REQM SP 1.1", "ALPHA", "atm1", "FI", None),
                                       ("PP SP 1.1", "BETA", "atm2", None, None)], "lead",
                                      cells=[("REQM SP 1.1", "ALPHA", "FI", None)]) == 2
    assert store.assessor_ratings()[("PP SP 1.1", "BETA")] == {"atm1": "FI"}
    assert store.assessor_notes() == {("REQM SP 1.1", "ALPHA"): {"atm1": "trace stale"}}
    assert store.characterizations()["REQM SP 1.1"] == {"ALPHA": "FI"}
    (undone,) = store.reverse_changes([(store.written[-1], "undo")], "lead")
    assert undone.target == "3 ratings and cells"
    assert store.assessor_ratings()[("REQM SP 1.1", "ALPHA")] == {"atm1": "LI", "atm2": "FI"}
    assert "REQM SP 1.1" not in store.characterizations()
    # another window changed a rating since: the undo of the first call is refused and changes nothing
    other = store_factory.again(store)
    other.set_assessor_ratings([("PP SP 1.1", "BETA", "atm1", "LI", None)], "atm9")
    with pytest.raises(UsageError, match="changed since by atm9"):
        store.reverse_changes([(store.written[0], "undo")], "lead")
    assert store.assessor_ratings()[("PP SP 1.1", "BETA")] == {"atm1": "LI", "atm2": "FI"}


def test_a_decision_sets_its_cell_in_the_same_step(store_factory):
    store = store_factory()
    record = store.add_decision("consensus", "REQM SP 1.1 / ALPHA", "LI", "agreed in the team", "lead", None,
                                '{"atm1": "LI", "atm2": "FI"}', cells=[("REQM SP 1.1", "ALPHA", "LI", None)])
    assert store.characterizations() == {"REQM SP 1.1": {"ALPHA": "LI"}} and store.decisions() == [record]
    store.reverse_changes([(store.written[-1], "undo")], "lead")
    assert store.characterizations() == {} and store.decisions() == []


def test_a_project_with_assessor_ratings_is_not_removed_and_a_rename_keeps_them(store_factory):
    from appraise.errors import StoreError
    from appraise.store import ScopeChange

    store = store_factory(projects=("ALPHA", "BETA"))
    store.set_assessor_ratings([("REQM SP 1.1", "BETA", "atm1", "LI", None)], "lead")
    assert store.recorded_on_project("BETA")["assessor ratings"] == 1
    with pytest.raises(StoreError, match="something was recorded on it"):
        store.change_scope(ScopeChange(removes=("BETA",)), "lead")
    store.change_scope(ScopeChange(renames=(("BETA", "BRAVO"),)), "lead")
    assert store.assessor_ratings() == {("REQM SP 1.1", "BRAVO"): {"atm1": "LI"}}
    store.reverse_changes([(store.written[0], "undo")], "lead")  # the undo data follows the rename
    assert store.assessor_ratings() == {}
