"""Roles where they can be got round: a merge (it brings a copy's roster and decisions in) is the lead's, and on a
team's server a database user who is a member's login is that member whatever --by says. Real files, a real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise.errors import UsageError
from appraise.services import Appraisal, build_sample


def _sample_with_team(tmp_path: Path, lead_login: str = "dana", observer_login: str = "olga") -> Path:
    """The sample in a file, its roster replaced by a lead (Dana), a team member (Tom) and an observer (Olga)."""
    path = tmp_path / "acme.appraisal"
    build_sample("acme-ml2", path, who="Lead").close()
    with Appraisal.open(path) as a:
        for name in [m.name for m in a.team.members()]:
            a.team.remove(name, who="setup")
        a.team.add("Dana Lee", "lead appraiser", login=lead_login, who="setup")
        a.team.add("Tom Hu", "team member", login="tom", who="dana")
        a.team.add("Olga Kim", "observer", login=observer_login, who="dana")
    return path


def test_a_team_member_cannot_merge_a_copy_that_made_them_lead(tmp_path: Path) -> None:
    lead = _sample_with_team(tmp_path)
    with Appraisal.open(lead) as a:
        copy = a.merging.fork(tmp_path / "tom.appraisal", "Tom", who="tom")
    with Appraisal.open(copy) as c:  # in his own copy Tom makes himself lead
        c.team.update("Tom Hu", role="lead appraiser", who="dana")
        c.store.set_characterizations([("REQM SP 1.1", "ALPHA", "NI", None)], "tom")
    with Appraisal.open(lead) as a:
        with pytest.raises(UsageError, match="Tom Hu is a team member .* only the lead can change the merge"):
            a.merging.merge([copy], who="tom")
        assert a.team.role_of("tom") == "team member"
        assert a.reader.characterization("REQM SP 1.1", "ALPHA") != "NI"
        report = a.merging.merge([copy], who="dana")  # the lead merges it: then the team decides
        assert report.changes or report.conflicts


def test_on_a_server_the_database_user_on_the_roster_is_who_the_roles_see(pg_dsn: str, tmp_path: Path) -> None:
    from appraise.services.transfer import push

    local = _sample_with_team(tmp_path, observer_login="appraise")  # the server's database user is the observer Olga
    server = f"{pg_dsn}?appraisal=acme"
    push(local, server)
    with Appraisal.open(server) as a:
        with pytest.raises(UsageError, match="Olga Kim is an observer"):
            a.cells.characterize("REQM SP 1.1", "ALPHA", "NI", who="dana")  # --by dana does not make Olga the lead
        assert a.reader.characterization("REQM SP 1.1", "ALPHA") != "NI"


def test_a_roster_conflict_is_decided_by_the_lead(tmp_path: Path) -> None:
    lead = _sample_with_team(tmp_path)
    with Appraisal.open(lead) as a:
        copy = a.merging.fork(tmp_path / "a.appraisal", "A", who="dana")
    with Appraisal.open(copy) as c:
        c.team.update("Olga Kim", role="team member", who="dana")
    with Appraisal.open(lead) as a:
        a.team.update("Olga Kim", role="sponsor", who="dana")
        (conflict,) = a.merging.merge([copy], who="dana").conflicts
        assert conflict.record == "member"
        with pytest.raises(UsageError, match="Tom Hu is a team member .* only the lead can change the team roster"):
            a.merging.resolve(conflict.id, take="A", why="she works with us", who="tom")
        assert a.team.role_of("olga") == "sponsor"
        a.merging.resolve(conflict.id, take="A", why="she works with us", who="dana")
        assert a.team.role_of("olga") == "team member"
