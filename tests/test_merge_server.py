"""Mini-team copies of an appraisal on a team's server: forked into files, merged back into the server appraisal,
conflicts decided there. Against a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from appraise.services import Appraisal, build_sample
from appraise.services.transfer import push


def test_fork_a_server_appraisal_to_a_file_and_merge_the_copy_back(pg_dsn: str, tmp_path: Path) -> None:
    local = tmp_path / "acme.appraisal"
    build_sample("acme-ml2", local, who="Lead").close()
    server = f"{pg_dsn}?appraisal=acme"
    push(local, server)
    with Appraisal.open(server) as lead:
        copy = lead.merging.fork(tmp_path / "acme-A.appraisal", "Mini-team A", who="Lead")
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
