"""ISO/IEC 33020 process assessments (Automotive SPICE): ``rules`` (the method), ``tree`` (its rating)."""

from __future__ import annotations

from appraise.schemes.iso33020 import report, rules
from appraise.schemes.iso33020.tree import build_tree
from appraise.schemes.protocol import RulesScheme

SCHEME = RulesScheme(rules.SCHEME_ID, rules, build_tree, report, package=__name__,
                     weights_decision=(rules.WEIGHTS, rules.WEIGHTS_TARGET))

__all__ = ["SCHEME"]
