"""SCAMPI A v1.3 for CMMI-DEV v1.3: ``rules`` (the method), ``tree`` (its rating as the neutral tree)."""

from __future__ import annotations

from appraise.schemes.protocol import RulesScheme
from appraise.schemes.scampi import report, rules
from appraise.schemes.scampi.tree import build_tree

SCHEME = RulesScheme(rules.SCHEME_ID, rules, build_tree, report, package=__name__)

__all__ = ["SCHEME"]
