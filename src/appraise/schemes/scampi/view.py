"""SCAMPI A v1.3 (CMMI-DEV v1.3) as the faces see it: practices characterized per project, goals, decisions."""

from __future__ import annotations

from appraise.schemes import grids
from appraise.schemes.document import Chart
from appraise.schemes.tree import RatingTree
from appraise.schemes.view import SchemeView, Words


def _staged_level(area: object) -> int | None:
    """A process area's bar in the staged profile: its maturity level when satisfied, 0 when unsatisfied, no bar
    while it is not rated or not applicable."""
    value = getattr(area, "value", None)
    if value == "satisfied":
        return int(getattr(area, "extra", {}).get("maturity_level") or 0) or None
    return 0 if value == "unsatisfied" else None


def profile_chart(tree: RatingTree) -> Chart | None:
    """The rating profile: continuous, one bar per process area at its capability level (CL0-5); staged, one bar
    per process area at the maturity level it is satisfied for (0: unsatisfied)."""
    areas = [a for a in tree.areas if a.status != "not_applicable"]
    if any(a.extra.get("capability_level") is not None or (a.value or "").startswith("CL") for a in areas):
        return grids.level_chart(areas, lambda a: a.extra.get("capability_level"), title="Capability profile",
                                 axis_title="Capability level", prefix="CL")
    return grids.level_chart(areas, _staged_level, title="Process areas by maturity level",
                             axis_title="Maturity level", prefix="ML")

VIEW = SchemeView(
    scheme="scampi-1.3",
    words=Words(),  # CMMI's words are the defaults
    finding_kinds=("strength", "weakness"),
    reuse_target=True,
    profile_chart=profile_chart,
    demo_hints=("Try: appraise characterize {dest} \"REQM SP 1.1\" BETA PI --note \"...\"\n"
                "     appraise rate {dest}      (the practice now awaits a team decision)\n"
                "     appraise --help"),
)
