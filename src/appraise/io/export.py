"""The rating summary as data (CSV or JSON), and how an export is written.

Exports never name a person: evidence sources and decisions appear by role,
rule and rationale only (SCAMPI non-attribution). The rating tree's
``to_dict()`` is the one description of a rating; each scheme's report
(``appraise.schemes.<scheme>.report``) renders it as CSV and text. Markdown
is the report the scheme lays out (``Scheme.document``), drawn by
``appraise.io.deliver.markdown``; ``FORMATS`` still lists it, the format
``appraise export`` writes by default.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from appraise.errors import UsageError
from appraise.framework import Framework
from appraise.schemes import latest_decisions, scheme_for
from appraise.schemes.protocol import Report
from appraise.store import AppraisalInfo, DecisionRecord, Finding

FORMATS = ("md", "csv", "json")


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Read once at import: os.umask() sets as it reads, and exports run in worker threads.
_UMASK = _read_umask()


def summary(info: AppraisalInfo, framework: Framework, rating: dict[str, Any],
            decisions: Sequence[DecisionRecord], progress: dict[str, int],
            notes: Mapping[tuple[str, str], str] | None = None,
            findings: Sequence[Finding] = ()) -> dict[str, Any]:
    """The rating summary as data: the appraisal, its rating, the team's decisions, notes and findings.

    No names: decisions keep their rationale and date, not who decided; notes and
    findings are the team's own words.
    """
    latest = latest_decisions(decisions)
    stale = {(d["kind"], d["target"]) for d in rating.get("stale_decisions", [])}
    rates_findings = scheme_for(framework).rates_findings
    return {
        "appraisal": {
            "organizational_unit": info.unit,
            "framework": framework.id,
            # "CMMI for Development 1.3"; a title that names its version already ("ISO 9001:2015 ...") as it is
            "framework_title": (framework.title if framework.version and framework.version in framework.title
                                else f"{framework.title} {framework.version}".strip()),
            "representation": info.representation,
            "target": info.target,
            ("processes" if framework.attributes else "process_areas"): list(info.areas),
            "projects": list(info.projects),
        },
        "progress": progress,
        "rating": rating,
        "decisions": [{"target": d.target, "kind": d.kind, "value": d.value, "rationale": d.rationale,
                       "decided_at": d.decided_at, "stale": (d.kind, d.target) in stale}
                      for d in latest.values()],
        "notes": [{"practice": practice, "project": project, "note": note}
                  for (practice, project), note in sorted((notes or {}).items())],
        # a scheme that rates on its findings (an audit) lists them with their grade and status
        **({"audit_findings": [{"id": f.id, "clause": f.practice or f.area, "grade": f.kind, "status": f.status or None,
                                "site": f.site or None, "evidence": f.evidence_id, "text": f.text}
                               for f in findings]} if rates_findings else {
            "findings": [{"area": f.area, "kind": f.kind, "practice": f.practice, "text": f.text} for f in findings]}),
    }


def level_line(rating: dict[str, Any]) -> str:
    """One line: the level reached against the target, or the profile, or the recommendation (the scheme's)."""
    return report_of(rating).level_line(rating)


def level_rule(rating: dict[str, Any]) -> str:
    """The rule (or rules) behind the level line."""
    return report_of(rating).level_rule(rating)


def report_of(rating: dict[str, Any]) -> Report:
    """The report of the scheme that made ``rating`` (its JSON document names it)."""
    return scheme_for(rating["scheme"]).report


def render_csv(data: dict[str, Any]) -> str:
    """The scheme's sheet: one row per practice, indicator or clause, with its values and ratings."""
    return report_of(data["rating"]).csv(data)


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "csv": render_csv, "json": render_json,
}


def format_for(dest: str | Path, fmt: str | None) -> str:
    """The export format: ``fmt`` when given, else from the file's extension (``.md`` by default)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
        return fmt
    suffix = Path(dest).suffix.lower().lstrip(".")
    return {"markdown": "md"}.get(suffix, suffix) if suffix in (*FORMATS, "markdown") else "md"


def render(data: dict[str, Any], fmt: str) -> str:
    """The data as csv or json (md is the report: ``appraise.io.deliver.markdown`` draws it from a Document)."""
    fmt = format_for("", fmt)
    if fmt not in RENDERERS:
        raise UsageError(f"{fmt} is drawn from the appraisal's report, not from the summary's data")
    return RENDERERS[fmt](data)


def write_atomically(p: Path, data: bytes, what: str) -> None:
    """``data`` to ``p`` through a temporary file in the same folder (no half-written file), with the usual
    permissions (the umask), so colleagues on a share can read it; ``what`` names it in the refusal."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, p)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"{p}: cannot write {what} there ({exc.strerror or exc})") from None


def write_export(data: dict[str, Any], fmt: str, dest: str | Path) -> Path:
    """Render ``data`` as ``fmt`` and write it to ``dest`` atomically (no half-written file).

    The file gets the usual permissions (umask), so colleagues on a share can read it.
    """
    text = render(data, fmt)
    p = destination(dest, fmt)
    write_atomically(p, text.encode("utf-8-sig" if fmt == "csv" else "utf-8"), "the export")
    return p


def destination(dest: str | Path, fmt: str) -> Path:
    """``dest`` as a file an export can be written to: refused when it is a folder or its folder is missing."""
    p = Path(dest)
    if p.is_dir():
        raise UsageError(f"{p} is a folder: give a file name, e.g. {p / ('summary.' + fmt)}")
    if not p.parent.is_dir():
        raise UsageError(f"{p.parent} is not a folder: cannot write {p.name} there")
    return p
