"""A CMMI V3.0 appraisal of the bundled FICTIONAL model (scheme cmmi-appraisal) for the screens' tests, made as
``appraise new`` and ``appraise scope --assign`` would make it (until the bundled sample ``orion-v3`` exists)."""

from __future__ import annotations

from pathlib import Path

from appraise.services import Appraisal

UNITS = ("P1", "P2", "QA")


def create_v3(path: Path) -> Path:
    """Orion: a Benchmark at ML2 of the FICTIONAL model, projects P1 and P2, support function QA, processes
    Engineering and Support (ADO and STE are characterized per process); P2 is taken out of BRV's sample."""
    with Appraisal.create(path, framework="fictional-v3", target=2, unit="Orion", projects=["P1", "P2"],
                          who="Lead appraiser", options={"support_functions": ["QA"],
                                                         "processes": ["Engineering", "Support"]}) as a:
        revision = a.scheme.revise_scope(a.framework, a.scope, {"assign": {"P2": {"BRV": False}}})
        a.store.set_settings(dict(revision.settings), "Lead appraiser", "scope", "P2 x BRV", None, None)
        for unit, value in zip(UNITS, ("FM", "PM", "FM"), strict=True):  # FM/PM/FM: the team chooses LM or PM
            a.cells.characterize("ALP 1.1", unit, value, who="Lead appraiser")
        for unit in UNITS:  # STE is characterized per process: each process's cells are a row of their own
            a.cells.characterize("STE 1.1 @ Support", unit, "LM", who="Lead appraiser")
        for unit, value in zip(UNITS, ("FM", "PM", "FM"), strict=True):
            a.cells.characterize("STE 2.1 @ Engineering", unit, value, who="Lead appraiser")
        evidence = path.parent / "evidence.csv"
        evidence.write_text("Practice,Project,Title,Kind\nALP 2.1,P1,Plan v2,artifact\n"
                            "ALP 2.1,P1,P1 interviews,affirmation\n", encoding="utf-8")
        a.evidence.import_plan(a.evidence.plan_import(evidence), "Lead appraiser")
    return path
