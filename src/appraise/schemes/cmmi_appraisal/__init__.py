"""CMMI Appraisal Method (CMMI V2.0/V3.0) — the scheme package (shared/domain/cmmi-appraisal-v3.md): ``rules``
(the method), ``tree`` (its rating as the neutral tree), ``view`` (its words), ``report`` (text, Markdown, CSV)."""

from __future__ import annotations

from appraise.schemes.cmmi_appraisal import report, rules
from appraise.schemes.cmmi_appraisal.tree import build_tree
from appraise.schemes.protocol import RulesScheme

SCHEME = RulesScheme(rules.SCHEME_ID, rules, build_tree, report, package=__name__)

__all__ = ["SCHEME"]
