"""``appraise fork``, ``merge``, ``conflicts`` and ``decide --conflict`` as a user types them."""

from __future__ import annotations

import json

from cli_helpers import _in_tmp, assert_one_line_error, ok, rate_json, run  # noqa: F401 (_in_tmp: an autouse fixture)


def _lead(capsys) -> str:
    ok(capsys, "demo", "acme-ml2", "--to", "acme.appraisal", "--force", "--print")
    return "acme.appraisal"


def test_a_lead_hands_out_copies_merges_them_and_the_team_decides_the_conflict(capsys):
    lead = _lead(capsys)
    out = ok(capsys, "fork", lead, "--for", "Mini-team A", "-o", "acme-A.appraisal", "--areas", "REQM,PP")
    assert "Copy for Mini-team A (areas REQM, PP) written: acme-A.appraisal" in out
    ok(capsys, "fork", lead, "--for", "Mini-team B", "-o", "acme-B.appraisal")
    ok(capsys, "characterize", "acme-A.appraisal", "REQM SP 1.1", "ALPHA", "PI", "--note", "no baseline", "--by", "ann")
    ok(capsys, "characterize", "acme-B.appraisal", "REQM SP 1.1", "ALPHA", "NI", "--by", "bo")
    ok(capsys, "characterize", "acme-B.appraisal", "PMC SP 1.1", "BETA", "LI", "--by", "bo")
    before = rate_json(capsys, lead)

    dry = ok(capsys, "merge", lead, "acme-B.appraisal", "acme-A.appraisal", "--dry-run")
    assert dry.splitlines()[0] == "Dry run, nothing written: 2 changes would come in, 1 conflict."
    # record by record: what would come in, from which copy
    assert "  PMC SP 1.1 / BETA: LI  (Mini-team B)" in dry.splitlines()
    assert "  REQM SP 1.1 / ALPHA (note): no baseline  (Mini-team A)" in dry.splitlines()
    assert rate_json(capsys, lead) == before

    out = ok(capsys, "merge", lead, "acme-B.appraisal", "acme-A.appraisal")
    lines = out.splitlines()
    assert lines[0] == f"Merged into {lead}: 2 changes came in, 1 conflict."
    assert "  Mini-team A: 1 notes" in lines
    assert "  Mini-team B: 1 characterizations" in lines
    assert "  #1 characterization REQM SP 1.1 / ALPHA" in lines
    assert any(line.startswith("      2. Mini-team A: PI  (ann, ") for line in lines)
    assert any(line.startswith("      3. Mini-team B: NI  (bo, ") for line in lines)

    again = ok(capsys, "merge", lead, "acme-A.appraisal", "acme-B.appraisal")
    assert again.splitlines()[0] == f"Merged into {lead}: 0 changes came in, 0 conflicts."

    listed = ok(capsys, "conflicts", lead)
    assert listed.splitlines()[0].startswith("1 conflict pending")
    (pending,) = json.loads(ok(capsys, "conflicts", lead, "--json"))
    assert [s["side"] for s in pending["sides"]] == ["lead", "Mini-team A", "Mini-team B"]

    out = ok(capsys, "decide", lead, "--conflict", "1", "--take", "Mini-team B", "--why", "B saw the evidence",
             "--by", "Ruth")
    assert out.startswith("Conflict #1 decided: REQM SP 1.1 / ALPHA = NI (Ruth, ")
    assert ok(capsys, "conflicts", lead).startswith("0 conflicts pending.")
    (decided,) = json.loads(ok(capsys, "conflicts", lead, "--all", "--json"))
    assert (decided["status"], decided["rationale"], decided["decided_by"]) == ("decided", "B saw the evidence", "Ruth")
    cells = {(c["practice"], c["project"]): c["value"] for c in _cells(capsys, lead)}
    assert cells[("REQM SP 1.1", "ALPHA")] == "NI" and cells[("PMC SP 1.1", "BETA")] == "LI"


def _cells(capsys, path):
    from appraise.services import Appraisal

    with Appraisal.open(path) as a:
        return [{"practice": p, "project": u, "value": v} for p, row in a.reader.characterizations().items()
                for u, v in row.items()]


def test_a_conflict_decided_by_a_value_of_the_scale(capsys):
    lead = _lead(capsys)
    ok(capsys, "fork", lead, "--for", "A", "-o", "a.appraisal")
    ok(capsys, "characterize", "a.appraisal", "PP SP 1.1", "GAMMA", "PI")
    ok(capsys, "characterize", lead, "PP SP 1.1", "GAMMA", "NI")
    ok(capsys, "merge", lead, "a.appraisal")
    out = ok(capsys, "decide", lead, "--conflict", "1", "LI", "--why", "the team met in the middle")
    assert out.startswith("Conflict #1 decided: PP SP 1.1 / GAMMA = LI")
    assert "merged" not in ok(capsys, "conflicts", lead)


def test_every_mistake_is_one_line_and_changes_nothing(capsys, tmp_path):
    lead = _lead(capsys)
    ok(capsys, "fork", lead, "--for", "A", "-o", "a.appraisal")
    ok(capsys, "characterize", "a.appraisal", "PP SP 1.1", "GAMMA", "PI")
    ok(capsys, "characterize", lead, "PP SP 1.1", "GAMMA", "NI")
    ok(capsys, "demo", "acme-ml2", "--to", "other.appraisal", "--force", "--print")
    ok(capsys, "fork", "other.appraisal", "--for", "X", "-o", "other-x.appraisal")
    (tmp_path / "plain.appraisal").write_bytes((tmp_path / lead).read_bytes())
    before = (tmp_path / lead).read_bytes()
    for args, words in [
        (("merge", lead, "a.appraisal", "other-x.appraisal"), "a copy of another appraisal"),
        (("merge", lead, "plain.appraisal"), "not a copy made with appraise fork"),
        (("merge", lead, "missing.appraisal"), "no such appraisal file"),
        (("fork", lead, "--for", "B", "-o", "a.appraisal"), "already exists"),
        (("fork", lead, "--for", "B", "-o", "b.appraisal", "--areas", "XYZ"), "not in this appraisal's scope"),
        (("decide", lead, "--conflict", "7", "--take", "lead", "--why", "w"), "there is no conflict #7"),
    ]:
        assert_one_line_error(*run(capsys, *args), words)
        assert (tmp_path / lead).read_bytes() == before
    ok(capsys, "merge", lead, "a.appraisal")
    decided_before = (tmp_path / lead).read_bytes()
    for args, words in [
        (("decide", lead, "--conflict", "1", "--take", "C", "--why", "w"), "has no side 'C'"),
        (("decide", lead, "--conflict", "1", "ZZ", "--why", "w"), "'ZZ' is not a value"),
        (("decide", lead, "--conflict", "1", "LI", "--take", "A", "--why", "w"), "either --take SIDE or a VALUE"),
        (("decide", lead, "--conflict", "one", "--take", "A", "--why", "w"), "a conflict's number"),
    ]:
        assert_one_line_error(*run(capsys, *args), words)
        assert (tmp_path / lead).read_bytes() == decided_before
    ok(capsys, "decide", lead, "--conflict", "1", "--take", "lead", "--why", "the lead's value stands")
    assert_one_line_error(*run(capsys, "decide", lead, "--conflict", "1", "--take", "A", "--why", "w"),
                          "was decided already")
