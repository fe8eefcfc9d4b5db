"""Mini-team copies of an appraisal on a team's server: forked into files, merged back into the server appraisal,
conflicts decided there. Against a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from appraise.services import Appraisal, build_sample
from appraise.services.transfer import push


def _server_and_copy(pg_dsn: str, tmp_path: Path) -> tuple[str, Path]:
    """The sample pushed to the server as ``acme``, and a copy of it forked into a file for Mini-team A."""
    local = tmp_path / "acme.appraisal"
    build_sample("acme-ml2", local, who="Lead").close()
    server = f"{pg_dsn}?appraisal=acme"
    push(local, server)
    with Appraisal.open(server) as lead:
        return server, lead.merging.fork(tmp_path / "acme-A.appraisal", "Mini-team A", who="Lead")


def test_fork_a_server_appraisal_to_a_file_and_merge_the_copy_back(pg_dsn: str, tmp_path: Path) -> None:
    server, copy = _server_and_copy(pg_dsn, tmp_path)
    with Appraisal.open(copy) as a:
        a.store.set_characterizations([("REQM SP 1.1", "ALPHA", "NI", "no trace matrix"),
                                       ("PP SP 1.1", "BETA", "LI", None)], "alice")
    with Appraisal.open(server) as lead:
        lead.store.set_characterizations([("REQM SP 1.1", "ALPHA", "PI", None)], "lead")
        report = lead.merging.merge([copy], who="Lead")
        (conflict,) = report.conflicts
        assert conflict.target == "REQM SP 1.1 / ALPHA"
        assert lead.reader.characterization("PP SP 1.1", "BETA") == "LI"  # the copy's own change came in
        assert lead.reader.characterization("REQM SP 1.1", "ALPHA") == "PI"  # the conflict: the lead's, pending
        lead.merging.resolve(conflict.id, take="Mini-team A", why="the trace matrix is missing", who="Lead")
        assert lead.reader.characterization("REQM SP 1.1", "ALPHA") == "NI"
        again = lead.merging.merge([copy], who="Lead")
        assert again.changes == 0 and not again.conflicts  # the same copy twice adds nothing


def test_a_merge_and_a_consensus_undo_after_a_round_trip_through_the_server(pg_dsn: str, tmp_path: Path) -> None:
    """The merge's undo data names its conflict and fork rows with their ids: push renumbers them, and undo still
    takes back the consensus, then the merge, on the server and in the file pulled back."""
    from appraise.services.transfer import pull

    lead = tmp_path / "lead.appraisal"
    build_sample("acme-ml2", lead, who="Lead").close()
    with Appraisal.open(tmp_path / "lead.appraisal") as a:
        copy = a.merging.fork(tmp_path / "a.appraisal", "Mini-team A", who="Lead")
    with Appraisal.open(copy) as c:
        c.store.set_characterizations([("REQM SP 1.1", "ALPHA", "NI", None)], "alice")
    with Appraisal.open(lead) as a:
        a.store.set_characterizations([("REQM SP 1.1", "ALPHA", "PI", None)], "lead")
        (conflict,) = a.merging.merge([copy], who="Lead").conflicts
        a.merging.resolve(conflict.id, take="Mini-team A", why="agreed", who="Lead")
    # another appraisal with merges on the server first, so the conflicts' and forks' ids really move
    push(lead, f"{pg_dsn}?appraisal=first")
    push(lead, f"{pg_dsn}?appraisal=acme")
    back = tmp_path / "back.appraisal"
    pull(f"{pg_dsn}?appraisal=acme", back)
    for where in (f"{pg_dsn}?appraisal=acme", back):
        with Appraisal.open(where) as a:
            assert a.reader.characterization("REQM SP 1.1", "ALPHA") == "NI"
            a.history.undo(who="Lead")  # the consensus
            assert a.reader.characterization("REQM SP 1.1", "ALPHA") == "PI"
            assert [c.status for c in a.merging.conflicts(pending_only=False)] == ["pending"]
            a.history.undo(who="Lead")  # the merge: its conflict goes with it
            assert a.merging.conflicts(pending_only=False) == []
            a.history.redo(who="Lead")
            assert [c.target for c in a.merging.conflicts()] == ["REQM SP 1.1 / ALPHA"]


def test_a_write_on_the_server_while_a_merge_is_prepared_refuses_the_merge(pg_dsn: str, tmp_path: Path,
                                                                          monkeypatch) -> None:
    import pytest

    from appraise.errors import UsageError
    from appraise.store.postgres import PostgresStore

    server, copy = _server_and_copy(pg_dsn, tmp_path)
    with Appraisal.open(copy) as a:
        a.store.set_characterizations([("REQM SP 1.1", "ALPHA", "NI", None)], "alice")
    apply = PostgresStore.apply_merge

    def late(self, *args, **kwargs):  # another member's edit lands between the plan and its writing
        monkeypatch.undo()
        with Appraisal.open(server) as other:
            other.store.set_characterizations([("REQM SP 1.1", "ALPHA", "PI", None)], "bob")
        return apply(self, *args, **kwargs)

    monkeypatch.setattr(PostgresStore, "apply_merge", late)
    with Appraisal.open(server) as lead:
        with pytest.raises(UsageError, match=r"^acme changed while the merge was prepared \(by bob\): nothing was "
                                             "merged; run the merge again$"):
            lead.merging.merge([copy], who="Lead")
        assert lead.reader.characterization("REQM SP 1.1", "ALPHA") == "PI"  # bob's edit stands
        (conflict,) = lead.merging.merge([copy], who="Lead").conflicts  # again: a conflict, for the team
        assert conflict.target == "REQM SP 1.1 / ALPHA"
