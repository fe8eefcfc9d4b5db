"""The evidence import streams: the file is read row by row through the check, the plan keeps the new items
and the links compactly, the store writes them in chunks inside one transaction."""

from __future__ import annotations

from appraise.services import Appraisal
from appraise.store.sqlite import evidence as evidence_writes

HEADER = "Practice,Project,Title,Kind\n"


def rows(n: int) -> str:
    return "".join(f"REQM SP 1.{1 + i % 5},{'ALPHA' if i % 2 else '*'},Doc {i // 3},artifact\n" for i in range(n))


def test_a_plan_counts_without_holding_the_file_and_the_import_writes_in_chunks(appraisal_file, tmp_path,
                                                                              monkeypatch):
    monkeypatch.setattr(evidence_writes, "CHUNK", 7)  # many chunks in one transaction
    index = tmp_path / "index.csv"
    index.write_text(HEADER + rows(300) + rows(30), encoding="utf-8")  # the first 30 rows again: no new links
    with Appraisal.open(appraisal_file) as a:
        plan = a.evidence.plan_import(index)
        assert (len(plan.items), plan.rows, plan.by_kind["artifact"]) == (100, 330, 100)
        assert plan.items[0].title == "Doc 0" and plan.items[99].title == "Doc 99"
        assert [i.title for i in plan.items[98:]] == ["Doc 98", "Doc 99"]
        distinct = {(ref, p, c) for ref, p, c in plan.links}
        assert len(distinct) == len(plan.links) == plan.new_links == sum(3 if i % 2 == 0 else 1 for i in range(300))
        assert a.evidence.import_plan(plan, who="atm1") == (100, len(distinct))
        items = a.evidence.items()
        assert [e.title for e in items] == [f"Doc {i}" for i in range(100)]
        assert sum(e.links for e in items) == len(distinct)
        assert [c.what for c in a.history.log()][-1] == "evidence imported"
