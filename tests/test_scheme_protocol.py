"""What the services ask a scheme for, through the registry and the ``Scheme`` protocol alone (issue 11, point 1).

A scheme that lacks a capability answers with a neutral value (no tracked findings, no weights, nothing
excluded), and what it answers agrees with what its view tells the faces it can do.
"""

from __future__ import annotations

import pytest

from appraise import services
from appraise.schemes import SCHEMES, Decision, Scheme, requirement_order, scheme_for, scheme_view, view_for
from appraise.services import load_framework

MODELS = {"scampi-1.3": "cmmi-dev-1.3", "iso-33020": "aspice-3.1", "audit": "iso-9001-2015"}
WHY = "no design: products are built to the customer's drawings"


def scope_of(model: str):
    framework = load_framework(model)
    scheme = scheme_for(framework)
    representation = framework.representations[0]
    # a staged appraisal and an audit cover every area they may; an assessment names its processes
    areas = [framework.areas[0].id] if model == "aspice-3.1" else []
    return framework, scheme, scheme.make_scope(framework, representation, 2 if scheme.needs_target else 0, areas,
                                                ("HQ",))


@pytest.mark.parametrize("scheme_id", sorted(SCHEMES))
def test_every_scheme_answers_what_its_view_says_it_can_do(scheme_id: str) -> None:
    scheme = SCHEMES[scheme_id]
    view = scheme_view(scheme_id)
    assert isinstance(scheme, Scheme)
    assert bool(scheme.nonconformities) == bool(scheme.set_back_from) == view.nonconformities
    assert (scheme.weights_decision is not None) == view.weights
    assert set(scheme.nonconformities) <= set(view.finding_kinds)


def test_an_audit_tracks_its_nonconformities_and_sets_them_back_to_open() -> None:
    audit = SCHEMES["audit"]
    assert audit.nonconformities == ("major", "minor")
    assert dict(audit.set_back_from) == {"reopen": ("plan_accepted", "verified_closed"),
                                         "plan_withdrawn": ("plan_accepted",)}


def test_an_assessment_weights_its_instances_with_one_decision() -> None:
    assert SCHEMES["iso-33020"].weights_decision == ("aggregation_weights", "instances")


@pytest.mark.parametrize("model", sorted(MODELS.values()))
def test_only_a_scheme_with_exclusions_excludes(model: str) -> None:
    framework, scheme, scope = scope_of(model)
    clause = scheme.practices_in_scope(framework, scope)[-1]
    decisions = [Decision("not_applicable", clause, "not_applicable", WHY)]
    excluded = scheme.exclusions(framework, scope, decisions)
    assert excluded == ({clause: WHY} if view_for(framework).exclusions else {})
    assert scheme.exclusions(framework, scope, []) == {}


def test_an_exclusion_made_applicable_again_is_no_longer_excluded() -> None:
    framework, scheme, scope = scope_of("iso-9001-2015")
    clause = scheme.practices_in_scope(framework, scope)[-1]
    decisions = [Decision("not_applicable", clause, "not_applicable", WHY),
                 Decision("not_applicable", clause, "applicable", "we design after all")]
    assert scheme.exclusions(framework, scope, decisions) == {}


def test_requirement_numbers_sort_by_their_parts() -> None:
    assert sorted(["10.1", "9.3", "7.1.5.2", "7.1.5", "8"], key=requirement_order) == [
        "7.1.5", "7.1.5.2", "8", "9.3", "10.1"]
    assert services.clause_order is requirement_order  # what `appraise conform` sorts its clauses by


def test_the_registry_gives_the_view_the_services_hand_out() -> None:
    for model in MODELS.values():
        framework = load_framework(model)
        assert services.view_for(framework) == view_for(framework) == scheme_view(framework.scheme)
