"""ISO 9001:2015 audits: ``rules`` (clause results, the recommendation), ``tree`` (its rating)."""

from __future__ import annotations

from appraise.schemes.audit import report, rules
from appraise.schemes.audit.tree import build_tree
from appraise.schemes.protocol import RulesScheme

SCHEME = RulesScheme(rules.SCHEME_ID, rules, build_tree, report, package=__name__, needs_target=rules.NEEDS_TARGET,
                     rates_findings=rules.RATES_FINDINGS, finding_kinds=rules.FINDING_KINDS,
                     nonconformities=rules.NONCONFORMITIES, set_back_from=rules.SET_BACK_FROM)

__all__ = ["SCHEME"]
