"""The audit rating scheme on the bundled ISO 9001:2015 model (shared/domain/iso-9001-2015.md, rules A1-A8).

``audit.rate`` takes plain ``{clause: {site: "C"}}`` dicts and ``AuditFinding``s, as the appraisal
file holds them; ``audit.recommendation`` is checked to give the same verdict from the leaf clauses.
The model is the real iso-9001-2015 (``appraise.services.load_framework``).
"""

from __future__ import annotations

import pytest

from appraise.schemes.audit import rules as audit
from appraise.schemes.audit.rules import AuditFinding
from appraise.schemes.common import Decision
from appraise.services import load_framework

SITES = ("HQ", "PLANT-2")


@pytest.fixture(scope="module")
def iso():
    return load_framework("iso-9001-2015")


@pytest.fixture(scope="module")
def scope(iso):
    return audit.make_scope(iso, "audit", 0, (), SITES)


@pytest.fixture(scope="module")
def clauses(iso, scope) -> list[str]:
    return audit.practices_in_scope(iso, scope)


@pytest.fixture(scope="module")
def leaves(clauses) -> list[str]:
    """The clauses with no sub-clause below them: the ones an auditor records results on."""
    return [c for c in clauses if not any(o.startswith(c + ".") for o in clauses)]


def conform_all(clauses, *, but: tuple[str, ...] = (), sites=SITES) -> dict[str, dict[str, str]]:
    """Conformity recorded on every clause in every site, except on the clauses in ``but``."""
    return {c: {s: "C" for s in sites} for c in clauses if c not in but}


def f(fid: int, grade: str, clause: str, status: str = "open", site: str | None = None) -> AuditFinding:
    return AuditFinding(fid, grade, clause, status, site)


def rate(iso, scope, chars, findings=(), decisions=()):
    result = audit.rate(iso, scope, chars, list(decisions), findings=list(findings))
    # audit.recommendation gives the same verdict from the leaf clauses, the findings and the clauses left out
    leaf_results = [c for c in result.clauses if not c.parent]
    audited = {c.id for c in result.clauses}  # findings on clauses outside the audit are not part of it
    findings = [x for x in findings if x.clause in audited and x.grade in audit.GRADES]
    assert audit.recommendation(leaf_results, findings, result.outside_audit) == (
        result.recommendation, result.rule, result.blocked_by)
    return result


def exclude(*clauses: str, why: str = "no design: products are built to the customer's drawings") -> list:
    """A1.2: the team decisions that declare these clauses not applicable."""
    return [Decision("not_applicable", c, "not_applicable", why) for c in clauses]


def clause(result, cid: str):
    return next(c for c in result.clauses if c.id == cid)


# -- the model as the scheme sees it ---------------------------------------------------------------------

def test_the_audit_covers_clauses_4_to_10(iso, scope, clauses, leaves):
    assert iso.scheme == "audit"
    assert scope.areas == ("4", "5", "6", "7", "8", "9", "10")
    assert len(clauses) == 68  # 28 second-level + 38 third-level + 2 fourth-level sub-clauses
    assert {"4.1", "8.5", "8.5.1", "7.1.5", "7.1.5.1", "7.1.5.2", "10.3"} <= set(clauses)
    assert "8.5" not in leaves and "7.1.5" not in leaves and "7.1" not in leaves
    assert {"8.5.1", "7.1.5.1", "9.2", "10.3"} <= set(leaves)


# -- A8: the certification recommendation ----------------------------------------------------------------

@pytest.mark.parametrize("findings, verdict, rule, blocked", [
    # A8.1: a major nonconformity not closed (A6) blocks the recommendation
    ([f(1, "major", "8.5.1")], "not_recommended", "A8.1", ["8.5.1"]),
    ([f(1, "major", "8.5.1", site="PLANT-2")], "not_recommended", "A8.1", ["8.5.1"]),
    # a plan accepted is not closed: only verification closes a major
    ([f(1, "major", "8.5.1", "plan_accepted")], "not_recommended", "A8.1", ["8.5.1"]),
    # A8.1 wins over every minor, whatever their status
    ([f(1, "major", "7.5.3"), f(2, "minor", "8.5.1"), f(3, "minor", "9.2", "plan_accepted")],
     "not_recommended", "A8.1", ["7.5.3"]),
    ([f(1, "major", "8.5.1"), f(2, "major", "7.5.3", "verified_closed"), f(3, "major", "10.2")],
     "not_recommended", "A8.1", ["8.5.1", "10.2"]),
    # a major verified closed no longer blocks
    ([f(1, "major", "8.5.1", "verified_closed")], "recommended", "A8.4", []),
    # A8.3: a minor without an accepted plan leaves it pending, naming the clause
    ([f(1, "minor", "8.5.1")], "pending", "A8.3", ["8.5.1"]),
    ([f(1, "minor", "8.5.1"), f(2, "minor", "7.5.3", "plan_accepted")], "pending", "A8.3", ["8.5.1"]),
    ([f(1, "major", "8.5.1", "verified_closed"), f(2, "minor", "10.2")], "pending", "A8.3", ["10.2"]),
    # A8.2: every minor has an accepted plan
    ([f(1, "minor", "8.5.1", "plan_accepted")], "recommended_subject_to_plans", "A8.2", []),
    ([f(1, "minor", "8.5.1", "plan_accepted"), f(2, "minor", "7.5.3", "plan_accepted")],
     "recommended_subject_to_plans", "A8.2", []),
    ([f(1, "minor", "8.5.1", "plan_accepted"), f(2, "minor", "7.5.3", "verified_closed"),
      f(3, "major", "9.2", "verified_closed")], "recommended_subject_to_plans", "A8.2", []),
    # minors verified closed only: nothing open
    ([f(1, "minor", "8.5.1", "verified_closed")], "recommended", "A8.4", []),
    # A4: observations and OFIs do not enter A8
    ([f(1, "observation", "8.5.1")], "recommended", "A8.4", []),
    ([f(1, "ofi", "8.5.1"), f(2, "observation", "7.5.3", site="HQ")], "recommended", "A8.4", []),
    ([f(1, "observation", "8.5.1"), f(2, "minor", "7.5.3", "plan_accepted")],
     "recommended_subject_to_plans", "A8.2", []),
    # A8.4: conformity everywhere, no finding at all
    ([], "recommended", "A8.4", []),
])
def test_recommendation_with_every_clause_audited(iso, scope, clauses, findings, verdict, rule, blocked):
    result = rate(iso, scope, conform_all(clauses), findings)
    assert result.recommendation == verdict
    assert result.rule.startswith(rule), result.rule
    assert result.blocked_by == blocked
    assert result.to_dict()["recommendation"] == verdict and result.to_dict()["blocked_by"] == blocked


def test_a_major_open_is_not_recommended_even_with_clauses_unaudited(iso, scope):
    result = rate(iso, scope, {}, [f(1, "major", "8.5.1")])
    assert result.recommendation == "not_recommended"
    assert result.rule.startswith("A8.1")
    assert result.blocked_by == ["8.5.1"]


@pytest.mark.parametrize("findings", [
    [f(1, "major", "8.5.1", "plan_accepted")],
    [f(1, "minor", "8.5.1", "plan_accepted"), f(2, "major", "4.1")],
])
def test_a_major_not_verified_closed_blocks_over_unaudited_clauses_and_plans(iso, scope, clauses, findings):
    result = rate(iso, scope, conform_all(clauses, but=("9.2",)), findings)
    assert (result.recommendation, result.rule[:4]) == ("not_recommended", "A8.1")
    assert "9.2" not in result.blocked_by


@pytest.mark.parametrize("unaudited, chars_but_site", [
    ("8.5.1", None),      # not audited in any site
    ("8.5.1", "PLANT-2"),  # audited in HQ only
    ("7.1.5.2", "HQ"),     # a fourth-level clause, audited in PLANT-2 only
    ("10.3", None),
])
def test_a_leaf_clause_not_audited_in_one_site_leaves_it_pending(iso, scope, clauses, unaudited, chars_but_site):
    chars = conform_all(clauses, but=(unaudited,))
    if chars_but_site:
        chars[unaudited] = {s: "C" for s in SITES if s != chars_but_site}
    result = rate(iso, scope, chars)
    assert result.recommendation == "pending"
    assert result.rule
    assert result.blocked_by == [unaudited]
    c = clause(result, unaudited)
    assert c.result == "not_audited"
    missing_sites = [chars_but_site] if chars_but_site else list(SITES)
    assert c.missing == [f"{unaudited} {s}" for s in missing_sites]


def test_unaudited_clauses_and_a_minor_without_plan_are_all_named(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses, but=("4.1", "9.2")), [f(1, "minor", "8.5.1")])
    assert result.recommendation == "pending"
    assert result.rule.startswith("A8.3")
    assert result.blocked_by == ["4.1", "8.5.1", "9.2"]  # in the standard's order


def test_unaudited_clauses_keep_accepted_plans_pending(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses, but=("4.1",)), [f(1, "minor", "8.5.1", "plan_accepted")])
    assert result.recommendation == "pending" and result.blocked_by == ["4.1"]


def test_nothing_audited_is_pending_on_every_leaf_clause(iso, scope, leaves):
    result = rate(iso, scope, {})
    assert result.recommendation == "pending"
    assert result.blocked_by == leaves
    assert all(c.result == "not_audited" for c in result.clauses)


def test_parent_conformity_alone_does_not_audit_the_sub_clauses(iso, scope, clauses):
    """Conformity typed on a parent cell (8.5) is not an audit of 8.5.1 ... 8.5.6 by itself."""
    chars = conform_all(clauses, but=("8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5", "8.5.6"))
    result = rate(iso, scope, chars)
    assert clause(result, "8.5").result == "not_audited"
    assert result.recommendation == "pending"
    assert result.blocked_by == ["8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5", "8.5.6"]


# -- clause results ------------------------------------------------------------------------------------

def test_a_nonconformity_overrides_recorded_conformity(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses), [f(1, "minor", "8.5.1", site="HQ")])
    c = clause(result, "8.5.1")
    assert c.result == "nonconformity"
    # the site shows the nonconformity raised there; the other keeps the conformity recorded
    assert c.instances == {"HQ": "NC", "PLANT-2": "C"}
    assert [(x.id, x.grade, x.status) for x in c.findings] == [(1, "minor", "open")]
    assert c.to_dict()["findings"] == [{"id": 1, "grade": "minor", "status": "open", "site": "HQ"}]
    assert clause(result, "8.5.2").result == "conformity"


def test_a_finding_in_another_site_still_makes_the_clause_nonconforming(iso, scope, clauses):
    chars = conform_all(clauses, but=("8.5.1",))
    chars["8.5.1"] = {"HQ": "C"}
    result = rate(iso, scope, chars, [f(1, "minor", "8.5.1", site="PLANT-2")])
    assert clause(result, "8.5.1").result == "nonconformity"
    result = rate(iso, scope, chars, [f(1, "major", "8.5.1", "verified_closed", site="PLANT-2")])
    assert clause(result, "8.5.1").result == "nonconformity"


@pytest.mark.parametrize("grade", ["observation", "ofi"])
def test_observations_and_ofis_leave_the_clause_result_alone(iso, scope, clauses, grade):
    result = rate(iso, scope, conform_all(clauses), [f(1, grade, "8.5.1")])
    c = clause(result, "8.5.1")
    assert c.result == "conformity"
    assert [x.grade for x in c.findings] == [grade]
    result = rate(iso, scope, {}, [f(1, grade, "8.5.1")])
    assert clause(result, "8.5.1").result == "not_audited"


def test_a_parent_clause_rolls_up_from_its_sub_clauses(iso, scope, clauses):
    # every sub-clause of 8.5 conforms in every site: 8.5 conforms
    result = rate(iso, scope, conform_all(clauses, but=("8.5",)))
    parent = clause(result, "8.5")
    assert parent.parent is True
    assert parent.result == "conformity"
    # a nonconformity on one child: the parent is a nonconformity too
    result = rate(iso, scope, conform_all(clauses), [f(1, "minor", "8.5.3", site="PLANT-2")])
    assert clause(result, "8.5").result == "nonconformity"
    assert [x.id for x in clause(result, "8.5").findings] == [1]
    assert clause(result, "8.4").result == "conformity"
    # one child not audited in one site: not audited
    chars = conform_all(clauses)
    chars["8.5.4"] = {"HQ": "C"}
    result = rate(iso, scope, chars)
    assert clause(result, "8.5").result == "not_audited"
    assert clause(result, "8.5").missing == ["8.5.4 PLANT-2"]


def test_a_parent_with_a_fourth_level_below_conforms_when_its_leaves_do(iso, scope, clauses):
    """7.1 holds 7.1.5, which holds 7.1.5.1 and 7.1.5.2: conformity on every leaf makes 7.1.5 and 7.1 conform."""
    chars = conform_all(clauses, but=("7.1", "7.1.5"))
    result = rate(iso, scope, chars)
    assert clause(result, "7.1.5").result == "conformity"
    assert clause(result, "7.1").result == "conformity"
    assert result.recommendation == "recommended"
    result = rate(iso, scope, chars, [f(1, "minor", "7.1.5.2", "plan_accepted")])
    assert [clause(result, c).result for c in ("7.1.5.2", "7.1.5", "7.1")] == ["nonconformity"] * 3


def test_a_finding_on_a_parent_clause_blocks_by_that_clause(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses), [f(1, "minor", "8.5")])
    assert clause(result, "8.5").result == "nonconformity"
    assert (result.recommendation, result.blocked_by) == ("pending", ["8.5"])


def test_findings_outside_the_scope_or_grades_are_left_out(iso, clauses):
    only_8 = audit.make_scope(iso, "audit", 0, ("8",), SITES)
    chars = conform_all(audit.practices_in_scope(iso, only_8))
    result = rate(iso, only_8, chars, findings=[f(1, "major", "4.1"), f(2, "strength", "8.5.1")])
    # the major on 4.1 is outside this audit; the audit itself is partial (A8.5)
    assert result.recommendation == "partial" and result.blocked_by == ["4", "5", "6", "7", "9", "10"]
    assert clause(result, "8.5.1").result == "conformity"
    assert [c.id for c in result.clauses][0] == "8.1"


# -- A3: several minors against one clause --------------------------------------------------------------

def test_two_minors_against_one_clause_are_pointed_out_never_regraded(iso, scope, clauses):
    findings = [f(1, "minor", "8.5.1", site="HQ"), f(2, "minor", "8.5.1", site="PLANT-2"), f(3, "minor", "7.5.3")]
    result = rate(iso, scope, conform_all(clauses), findings)
    [note] = result.attention
    assert note.startswith("A3") and "8.5.1" in note and "2 minor" in note
    assert "7.5.3" not in note
    # no regrading: still pending on minors (A8.3), not refused as for a major
    assert result.recommendation == "pending" and result.rule.startswith("A8.3")
    assert [x.grade for x in clause(result, "8.5.1").findings] == ["minor", "minor"]
    assert result.to_dict()["attention"] == [note]


def test_one_minor_per_clause_needs_no_attention(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses), [f(1, "minor", "8.5.1"), f(2, "minor", "7.5.3"),
                                                     f(3, "observation", "8.5.1")])
    assert result.attention == []


# -- rate: the result as plain data ----------------------------------------------------------------------

def test_to_dict_has_the_shape_of_the_issue(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses), [f(7, "minor", "8.5.1", "plan_accepted", "PLANT-2")])
    data = result.to_dict()
    assert (data["framework"], data["scheme"], data["recommendation"]) == ("iso-9001-2015", "audit",
                                                                          "recommended_subject_to_plans")
    assert data["rule"].startswith("A8.2") and data["blocked_by"] == []
    assert [c["id"] for c in data["clauses"]] == clauses
    c = next(c for c in data["clauses"] if c["id"] == "8.5.1")
    assert c["result"] == "nonconformity"
    assert c["findings"] == [{"id": 7, "grade": "minor", "status": "plan_accepted", "site": "PLANT-2"}]


# -- clause ids in any usual spelling --------------------------------------------------------------------

@pytest.mark.parametrize("typed, canonical", [
    ("8.5.1", "8.5.1"),
    ("clause 8.5.1", "8.5.1"),
    ("Clause 8.5.1", "8.5.1"),
    ("ISO 9001 8.5.1", "8.5.1"),
    ("ISO 9001:2015 8.5.1", "8.5.1"),
    ("iso 9001 8.5.1", "8.5.1"),
    ("§ 8.5.1", "8.5.1"),
    (" 8.5.1 ", "8.5.1"),
    ("ISO 9001 7.1.5.2", "7.1.5.2"),
    ("clause 10.2", "10.2"),
    ("8.5", "8.5"),
    ("8.5.9", None),
    ("clause 8.5.9", None),
    ("ISO 9001 11.1", None),
])
def test_clause_ids_normalize(iso, typed, canonical):
    assert iso.canonical(typed) == canonical


def test_a_nonconformity_does_not_make_the_other_sites_audited(iso, scope, clauses):
    """A1: 9.2 never audited at PLANT-2; a major raised at HQ and closed leaves it pending, not recommended."""
    chars = conform_all(clauses, but=("9.2",))
    result = rate(iso, scope, chars, [f(1, "major", "9.2", "verified_closed", site="HQ")])
    assert clause(result, "9.2").result == "nonconformity"
    assert clause(result, "9.2").missing == ["9.2 PLANT-2"]
    assert result.recommendation == "pending" and result.blocked_by == ["9.2"]
    # an organization-wide nonconformity audits the clause everywhere
    whole = rate(iso, scope, chars, [f(1, "major", "9.2", "verified_closed")])
    assert whole.recommendation == "recommended" and clause(whole, "9.2").missing == []


# -- A1.1, A8.5: an audit of part of clauses 4-10 is partial ------------------------------------------------

@pytest.fixture(scope="module")
def no_8(iso):
    """The issue's audit: every top clause but 8 (a surveillance visit)."""
    return audit.make_scope(iso, "audit", 0, ("4", "5", "6", "7", "9", "10"), SITES)


def test_a_partial_audit_is_never_recommended(iso, no_8):
    result = rate(iso, no_8, conform_all(audit.practices_in_scope(iso, no_8)))
    assert result.recommendation == "partial"
    assert result.rule.startswith("A8.5") and "8 outside" in result.rule
    assert result.blocked_by == ["8"]
    data = result.to_dict()
    assert (data["recommendation"], data["blocked_by"], data["outside_audit"]) == ("partial", ["8"], ["8"])
    assert data["level_blocked_by"] == ["8"]  # every existing key is still there


@pytest.mark.parametrize("findings, verdict, rule, blocked", [
    # A8.1 wins over coverage: an open major is reported whatever the audit covers, the clauses outside it follow
    ([f(1, "major", "9.2")], "not_recommended", "A8.1", ["9.2", "8"]),
    ([f(1, "major", "9.2", "plan_accepted")], "not_recommended", "A8.1", ["9.2", "8"]),
    # the major verified closed: partial again
    ([f(1, "major", "9.2", "verified_closed")], "partial", "A8.5", ["8"]),
    # partial wins over pending (A8.3), whose blockers it still names after the clauses outside
    ([f(1, "minor", "9.2")], "partial", "A8.5", ["8", "9.2"]),
    # and over A8.2: accepted plans do not make part of the standard recommendable
    ([f(1, "minor", "9.2", "plan_accepted")], "partial", "A8.5", ["8"]),
    # a major on a clause outside the audit is not part of it
    ([f(1, "major", "8.5.1")], "partial", "A8.5", ["8"]),
])
def test_partial_against_majors_and_pending(iso, no_8, findings, verdict, rule, blocked):
    result = rate(iso, no_8, conform_all(audit.practices_in_scope(iso, no_8)), findings)
    assert (result.recommendation, result.rule.split(":")[0], result.blocked_by) == (verdict, rule, blocked)


def test_a_partial_audit_names_its_unaudited_clauses_too(iso, no_8):
    chars = conform_all(audit.practices_in_scope(iso, no_8), but=("4.1",))
    result = rate(iso, no_8, chars)
    assert (result.recommendation, result.blocked_by) == ("partial", ["8", "4.1"])
    assert "1 clauses not audited" in result.rule


def test_a_whole_audit_has_nothing_outside(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses))
    assert result.outside_audit == [] and result.to_dict()["outside_audit"] == []


# -- A1.2: requirements declared not applicable -----------------------------------------------------------

def test_an_excluded_clause_and_its_sub_clauses_are_not_applicable(iso, scope, clauses):
    design = [c for c in clauses if c == "8.3" or c.startswith("8.3.")]
    result = rate(iso, scope, conform_all(clauses, but=tuple(design)), decisions=exclude("8.3"))
    assert {clause(result, c).result for c in design} == {"not_applicable"}
    assert clause(result, "8.3.2").rule.startswith("A1.2") and "with 8.3" in clause(result, "8.3.2").rule
    assert clause(result, "8.3").why.startswith("no design")
    # it does not block A8.4, and the recommendation says so
    assert (result.recommendation, result.blocked_by) == ("recommended", [])
    assert result.rule.startswith("A8.4") and "6 requirements excluded" in result.rule
    data = result.to_dict()
    assert data["excluded"] == [{"clause": "8.3", "why": "no design: products are built to the customer's drawings"}]
    c = next(c for c in data["clauses"] if c["id"] == "8.3.1")
    assert (c["result"], c["sites"], c["why"]) == ("not_applicable", {"HQ": "NA", "PLANT-2": "NA"},
                                                   "no design: products are built to the customer's drawings")
    # the top clause still rolls up from the rest
    assert next(a for a in result.areas if a.id == "8").rating == "conformity"


def test_an_exclusion_withdrawn_counts_the_clause_again(iso, scope, clauses):
    decisions = exclude("8.3") + [Decision("not_applicable", "8.3", "applicable", "we design after all")]
    result = rate(iso, scope, conform_all(clauses, but=("8.3.1",)), decisions=decisions)
    assert clause(result, "8.3.1").result == "not_audited"
    assert (result.recommendation, result.blocked_by, result.excluded) == ("pending", ["8.3.1"], {})


def test_one_sub_clause_excluded_leaves_its_parent_rated_on_the_others(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses, but=("8.5.5",)), decisions=exclude("8.5.5", why="no service"))
    assert clause(result, "8.5.5").result == "not_applicable"
    assert clause(result, "8.5").result == "conformity"
    assert result.recommendation == "recommended"
    # every sub-clause excluded one by one: the parent is not applicable too
    subs = [c for c in clauses if c.startswith("8.3.")]
    result = rate(iso, scope, conform_all(clauses, but=("8.3", *subs)), decisions=exclude(*subs))
    assert clause(result, "8.3").result == "not_applicable" and result.recommendation == "recommended"


def test_an_exclusion_does_not_hide_the_rest_of_the_rules(iso, scope, clauses):
    result = rate(iso, scope, conform_all(clauses, but=("9.2",)), [f(1, "minor", "8.5.1")], exclude("8.3"))
    assert (result.recommendation, result.blocked_by) == ("pending", ["8.5.1", "9.2"])
    result = rate(iso, scope, conform_all(clauses), [f(1, "major", "7.5.3")], exclude("8.3"))
    assert (result.recommendation, result.blocked_by) == ("not_recommended", ["7.5.3"])


@pytest.mark.parametrize("target, message", [
    ("8", "cannot be excluded as a whole"),
    ("8.3.2", "excluded with 8.3"),
])
def test_what_cannot_be_excluded(iso, scope, target, message):
    from appraise.errors import UsageError

    with pytest.raises(UsageError, match=message):
        audit.decision_options(iso, scope, target, {}, exclude("8.3"))
    assert audit.decision_options(iso, scope, "8.3", {}, ())[:2] == ("not_applicable", ("not_applicable",
                                                                                        "applicable"))
