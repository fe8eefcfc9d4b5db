"""An appraisal with people's names planted where no deliverable may show them (N1): an evidence item's source
and collector, ``--by`` on changes, decisions and findings, two assessors in an assessor import; and a roster of
two whose names may appear only where the outline lists the team."""

from __future__ import annotations

import csv
from pathlib import Path

from cli_helpers import ok

ROSTER = ("Dana Lee", "Sam Ortiz", "Kim Park")

#: Names planted where a deliverable must never show them.
PLANTED = {"source": "Ursula Witness", "collected_by": "Victor Collector", "by": "Walter Changer",
           "assessor1": "Xena Rater", "assessor2": "Yannick Rater", "finding_by": "Zora Writer"}

APPRAISALS = {
    "cmmi": dict(framework="cmmi-dev-1.3", target=2, units=["ALPHA", "BETA"], areas=None,
                 cell=("REQM SP 1.1", "REQM SP 1.2", "REQM"), values=("FI", "LI", "PI")),
    "spice": dict(framework="aspice-3.1", target=3, units=["ECU-A", "ECU-B"], areas=["SYS.3"],
                  cell=("SYS.3.BP1", "SYS.3.BP2", "SYS.3"), values=("F", "L", "P")),
}


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def planted(capsys, tmp_path: Path, kind: str) -> Path:
    """The appraisal of ``kind`` (cmmi, spice) with the names planted and two members on the roster."""
    spec = APPRAISALS[kind]
    first, second, area = spec["cell"]
    high, mid, low = spec["values"]
    unit, other = spec["units"]
    path = tmp_path / f"{kind}.appraisal"
    new = ["new", path, "--framework", spec["framework"], "--target", spec["target"], "--unit", "Acme Payments",
           "--projects", ",".join(spec["units"]), "--by", PLANTED["by"]]
    ok(capsys, *new, *(["--processes", ",".join(spec["areas"])] if spec["areas"] else []))
    # evidence: an affirmation whose source is a person, an artifact whose collector is one
    index = _write_csv(tmp_path / "index.csv",
                       ["Practice", "Project", "Title", "Kind", "Location", "Description", "Collected by", "Date",
                        "Source"],
                       [[first, unit, "Requirements baseline", "artifact", "dms/srs.docx", "Approved",
                         PLANTED["collected_by"], "2026-10-14", ""],
                        [first, unit, "Developer interview", "affirmation", "", "Traceability", "", "2026-11-10",
                         PLANTED["source"]]])
    ok(capsys, "--by", PLANTED["by"], "evidence", "import", path, index)
    # a change and a finding made by a person; assessors who disagree, and the team's consensus recorded by one
    ok(capsys, "characterize", path, first, unit, high, "--note", "baseline approved", "--by", PLANTED["by"])
    ok(capsys, "--by", PLANTED["finding_by"], "finding", "add", path, first, "--kind", "weakness", "--text",
       "trace matrix stale")
    ratings = _write_csv(tmp_path / "ratings.csv", ["Practice", "Project", "Assessor", "Rating", "Note"],
                         [[second, other, PLANTED["assessor1"], mid, ""], [second, other, PLANTED["assessor2"], low, ""]])
    ok(capsys, "--by", PLANTED["by"], "characterizations", "import", path, ratings)
    ok(capsys, "decide", path, second, other, mid, "--why", "the team agreed on the partial trace",
       "--by", PLANTED["by"])
    ok(capsys, "team", path, "--add", ROSTER[0], "--role", "lead appraiser", "--by", PLANTED["by"])
    ok(capsys, "team", path, "--add", ROSTER[1], "--role", "team member", "--affiliation", "Acme Consulting")
    return path
