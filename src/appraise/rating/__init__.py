"""The appraisal methods' rules as pure functions, one module per rating scheme.

A framework file names its scheme (``scheme: scampi-1.3``); callers look the
module up here and never branch on the scheme themselves.
"""

from __future__ import annotations

from types import ModuleType

from appraise.errors import FrameworkError
from appraise.framework import Framework
from appraise.rating import audit, iso33020, scampi
from appraise.rating.common import Decision, Scope

SCHEMES: dict[str, ModuleType] = {scampi.SCHEME_ID: scampi, iso33020.SCHEME_ID: iso33020, audit.SCHEME_ID: audit}


def checked_scheme(framework: Framework) -> ModuleType:
    """The framework's rating module, after it has checked the model fits its rules."""
    scheme = scheme_for(framework.scheme)
    scheme.check_framework(framework)
    return scheme


def scheme_for(scheme_id: str) -> ModuleType:
    """The rating module of ``scheme_id``; a clear error for a scheme appraise lacks."""
    try:
        return SCHEMES[scheme_id]
    except KeyError:
        known = ", ".join(sorted(SCHEMES))
        raise FrameworkError(f"rating scheme {scheme_id!r} is not supported (supported: {known})") from None


__all__ = ["SCHEMES", "Decision", "Scope", "checked_scheme", "scheme_for"]
