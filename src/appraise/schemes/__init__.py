"""The rating schemes, one package each, behind one protocol (``protocol.Scheme``).

A framework file names its scheme (``scheme: scampi-1.3``); callers look the
scheme up here and never branch on it: a scheme's ``rate()`` returns the
neutral ``RatingTree`` that every face renders, its ``view`` (``view_for``)
the words and capabilities the faces show. Only this module names every
scheme: the schemes themselves are independent plug-ins.
"""

from __future__ import annotations

from appraise.errors import FrameworkError
from appraise.framework import Framework
from appraise.schemes.audit import SCHEME as AUDIT
from appraise.schemes.cmmi_appraisal import SCHEME as CMMI_APPRAISAL
from appraise.schemes.common import Decision, Scope, latest_decisions, requirement_order
from appraise.schemes.iso33020 import SCHEME as ISO33020
from appraise.schemes.protocol import CellAdvice, CellFacts, Refusal, Scheme, ScopeRevision
from appraise.schemes.scampi import SCHEME as SCAMPI
from appraise.schemes.tree import PendingDecision, RatingNode, RatingTree
from appraise.schemes.view import SchemeView

SCHEMES: dict[str, Scheme] = {s.id: s for s in (SCAMPI, ISO33020, AUDIT, CMMI_APPRAISAL)}


def checked_scheme(framework: Framework) -> Scheme:
    """The framework's rating scheme, after it has checked the model fits its rules."""
    scheme = scheme_for(framework)
    scheme.check_framework(framework)
    return scheme


def scheme_for(framework: Framework | str) -> Scheme:
    """The rating scheme of ``framework`` (or of a ``scheme:`` id); a clear error for a scheme appraise lacks."""
    scheme_id = framework if isinstance(framework, str) else framework.scheme
    try:
        return SCHEMES[scheme_id]
    except KeyError:
        known = ", ".join(sorted(SCHEMES))
        raise FrameworkError(f"rating scheme {scheme_id!r} is not supported (supported: {known})") from None


def scheme_view(scheme: str) -> SchemeView:
    """The view of the scheme named ``scheme`` (its package's ``view.VIEW``), without a model's words."""
    view: SchemeView | None = scheme_for(scheme).view
    if view is None:
        raise FrameworkError(f"rating scheme {scheme!r} has no view (schemes/<scheme>/view.py)")
    return view


def view_for(framework: Framework) -> SchemeView:
    """The view of ``framework``'s scheme, with the model's own words (``words:``) over the scheme's."""
    return scheme_view(framework.scheme).with_words(framework.words)


__all__ = ["SCHEMES", "CellAdvice", "CellFacts", "Decision", "Refusal", "ScopeRevision", "PendingDecision", "RatingNode", "RatingTree", "Scheme", "SchemeView", "Scope",
           "checked_scheme", "latest_decisions", "requirement_order", "scheme_for", "scheme_view", "view_for"]
