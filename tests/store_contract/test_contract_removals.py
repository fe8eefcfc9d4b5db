"""The store contract for removing evidence (``remove_evidence``, ``import_evidence(remove=...)``) and for a
file's findings written at once (``add_findings``): one transaction, one undo, a refusal changes nothing."""

from __future__ import annotations

import pytest

from appraise.errors import UsageError
from tests.store_contract.test_contract import item


def _items(store) -> list[tuple[int, str, int, str]]:
    return [(e.id, e.title, e.links, e.imported_from) for e in store.evidence_items()]


def test_removed_items_take_their_links_and_an_undo_brings_both_back(store_factory):
    store = store_factory()
    store.import_evidence([item("Plan"), item("Minutes"), item("Charter")],
                          [(0, "PP SP 1.1", "ALPHA"), (0, "PP SP 1.1", "BETA"), (1, "PP SP 1.2", "ALPHA"),
                           (2, "REQM SP 1.1", "BETA")], "a.csv", "atm1")
    before = _items(store)
    ids = [e.id for e in store.evidence_items()]
    assert [i[3] for i in before] == ["a.csv"] * 3
    with pytest.raises(UsageError, match="no evidence item #999"):
        store.remove_evidence([ids[0], 999], "atm1")
    assert _items(store) == before and len(store.written) == 1
    assert store.remove_evidence([ids[0], ids[2]], "atm1") == 2
    assert [e.title for e in store.evidence_items()] == ["Minutes"]
    assert store.evidence_links(ids) == {(ids[1], "PP SP 1.2", "ALPHA")}
    assert store.change_log()[-1].what == "evidence removed"
    store.reverse_changes([(store.written[-1], "undo")], "atm1")
    assert _items(store) == before
    assert len(store.evidence_links(ids)) == 4


def test_an_import_removes_items_in_its_own_transaction(store_factory):
    store = store_factory()
    store.import_evidence([item("Plan"), item("Minutes")], [(0, "PP SP 1.1", "ALPHA"), (1, "PP SP 1.2", "ALPHA")],
                          "a.csv", "atm1")
    plan, minutes = store.evidence_items()
    assert store.import_evidence([item("Schedule")], [(-plan.id, "PP SP 1.1", "ALPHA"), (0, "PP SP 1.3", "BETA")],
                                 "a.csv", "atm1", remove=[minutes.id]) == (1, 1)
    assert [e.title for e in store.evidence_items()] == ["Plan", "Schedule"]
    store.reverse_changes([(store.written[-1], "undo")], "atm1")
    assert [(e.title, e.links) for e in store.evidence_items()] == [("Plan", 1), ("Minutes", 1)]


def test_findings_of_a_file_are_written_at_once_and_undone_at_once(store_factory):
    store = store_factory()
    assert store.add_findings([("weakness", "PP", "PP SP 1.1", "No WBS", ""), ("strength", "REQM", None, "Trace", "")],
                              "findings.xlsx", "lead") == 2
    assert [(f.kind, f.area, f.practice, f.text) for f in store.findings()] == [
        ("weakness", "PP", "PP SP 1.1", "No WBS"), ("strength", "REQM", None, "Trace")]
    entry = store.change_log()[-1]
    assert (entry.what, entry.target, entry.new) == ("findings imported", "findings.xlsx", "2 findings")
    store.reverse_changes([(store.written[-1], "undo")], "lead")
    assert store.findings() == []


def test_more_items_than_one_statement_names_are_removed_and_put_back(store_factory):
    store = store_factory()
    store.import_evidence([item(f"Record {i}") for i in range(1203)],
                          [(i, "PP SP 1.1", "ALPHA") for i in range(1203)], "big.csv", "atm1")
    ids = [e.id for e in store.evidence_items()]
    assert store.remove_evidence(ids[1:], "atm1") == 1202
    assert [e.title for e in store.evidence_items()] == ["Record 0"]
    store.reverse_changes([(store.written[-1], "undo")], "atm1")
    assert len(store.evidence_items()) == 1203 and store.evidence_counts()["links"] == 1203
