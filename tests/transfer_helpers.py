"""What the push / pull tests share: an appraisal with every kind of change, a database holding another one, and
the appraisal's content without its ids (``content``) to compare a copy with its original."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from conftest import create_appraisal

from appraise.services import Appraisal

STEPS = 12  # the changes at the end of the history undone and redone in both places


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def make_history(path: Path, folder: Path) -> None:
    """Every kind of change the change log can undo, by "lead", ending with changes of each kind."""
    first = write_rows(folder / "first.csv", ["Practice", "Project", "Title", "Kind"],
                 [["REQM SP 1.1", "ALPHA", "SRS", "artifact"], ["REQM SP 1.2", "BETA", "Trace matrix", "artifact"]])
    second = write_rows(folder / "second.csv", ["Practice", "Project", "Title", "Kind"],
                  [["PP SP 1.1", "ALPHA", "WBS", "artifact"], ["PP SP 1.2", "GAMMA", "PM interview", "affirmation"]])
    third = write_rows(folder / "third.csv", ["Practice", "Project", "Title", "Kind"],
                 [["PMC SP 1.1", "BETA", "Status report", "artifact"], ["PMC SP 1.2", "BETA", "Risk log", "artifact"],
                  ["REQM SP 1.1", "GAMMA", "SRS", "artifact"]])
    rated = write_rows(folder / "rated.csv", ["Practice", "Project", "Assessor", "Rating", "Note"],
                 [["CM SP 1.1", "ALPHA", "Yorick Vane", "FI", ""], ["CM SP 1.1", "ALPHA", "Zelda Quux", "LI", "x"]])
    with Appraisal.open(path) as a:
        a.cells.characterize("REQM SP 1.1", "ALPHA", "FI", note="trace matrix current", who="lead")
        a.evidence.import_plan(a.evidence.plan_import(first), "lead")
        srs = next(e for e in a.evidence.items() if e.title == "SRS")
        a.evidence.import_plan(a.evidence.plan_import(second), "lead")
        a.history.undo(who="lead")  # the second import's items are gone: their ids only in the undo data now
        a.decisions.decide("SAM", "not_applicable", "no supplier agreements", who="lead")
        a.decisions.decide("SAM", "applicable", "a supplier was found", who="lead")
        a.history.undo(who="lead")  # a decision withdrawn
        a.team.add("Ada Lovelace", "lead appraiser", who="lead")
        a.team.add("Alan Turing", "team member", who="lead")
        a.team.remove("Alan Turing", who="lead")
        a.assessors.record(a.assessors.plan(a.cells.plan_import(rated)), "lead")
        # the last STEPS changes: undone and redone in both places
        a.cells.characterize("REQM SP 1.2", "BETA", "LI", note="CR-112 not traced", who="lead")
        a.evidence.import_plan(a.evidence.plan_import(third), "lead")  # reuses SRS, links it in GAMMA
        a.evidence.link(srs.id, "REQM SP 1.3", "GAMMA", who="lead")
        a.evidence.link(srs.id, "REQM SP 1.1", "ALPHA", who="lead", link=False)
        trace = next(e for e in a.evidence.items() if e.title == "Trace matrix")
        a.evidence.remove([trace.id], who="lead")
        fid = a.findings.save("weakness", "REQM", "Trace matrix stale", practice="REQM SP 1.4", who="lead")
        a.findings.save("strength", "REQM", "Trace matrix current", practice="REQM SP 1.4", finding_id=fid,
                        who="lead")
        gone = a.findings.save("weakness", "PP", "No estimates", who="lead")
        a.findings.delete(gone, who="lead")
        a.decisions.decide("SAM", "not_applicable", "no supplier agreements again", who="lead")
        a.team.add("Grace Hopper", "team member", who="lead")
        a.cells.characterize("REQM SP 1.1", "ALPHA", None, who="lead")


def content(a: Appraisal) -> dict:
    """What the appraisal holds, without its ids (evidence named by its item key)."""
    key = {e.id: (e.kind, e.title, e.location) for e in a.evidence.items()}

    def plain(record: object, **changes: object) -> tuple:
        return dataclasses.astuple(dataclasses.replace(record, **changes))[1:]  # type: ignore[type-var]

    return {
        "rating": a.rate().to_dict(),
        "cells": a.reader.characterizations(), "notes": a.cells.notes(),
        "ratings": a.assessors.ratings(), "team": a.team.members(),
        "decisions": [plain(d) for d in a.decisions.all()],
        "findings": [plain(f, evidence_id=key.get(f.evidence_id)) for f in a.findings.all()],
        "evidence": sorted(plain(e) for e in a.evidence.items()),
        "links": sorted((key[i], tuple(sorted(links))) for i, links in a.evidence.links().items()),
    }


def log_rows(a: Appraisal) -> list[tuple]:
    return [(c.at, c.who, c.what, c.target, c.old, c.new) for c in a.history.log()]


def make_original(tmp_path: Path) -> Path:
    """``acme.appraisal`` with the history of ``make_history``."""
    path = create_appraisal(tmp_path / "acme.appraisal")
    make_history(path, tmp_path)
    return path


def make_shared(tmp_path: Path) -> Path:
    """A database that already holds another appraisal with evidence, findings and a log of its own."""
    path = create_appraisal(tmp_path / "team.appraisal")
    other = write_rows(tmp_path / "other.csv", ["Practice", "Project", "Title", "Kind"],
                 [[f"REQM SP 1.{i}", "ALPHA", f"Other item {i}", "artifact"] for i in range(1, 6)])
    with Appraisal.open(path) as a:
        a.evidence.import_plan(a.evidence.plan_import(other), "someone")
        a.findings.save("weakness", "PP", "Theirs", who="someone")
        a.decisions.decide("SAM", "not_applicable", "theirs", who="someone")
        for v in ("FI", "LI", "PI"):
            a.cells.characterize("REQM SP 1.1", "BETA", v, who="someone")
    return path


__all__ = ["STEPS", "content", "log_rows", "make_history", "make_original", "make_shared", "write_rows"]
