"""The ``appraise`` command: a thin layer over ``appraise.services``.

Every error a user can cause ends as one message on stderr (plus the list of
bad cells for a refused file) and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from appraise import __version__
from appraise.cli.collab_parsers import add_collaboration_parsers
from appraise.cli.index_parsers import add_evidence_index_parsers, add_finding_import_parser
from appraise.cli.locations import database_appraisal, location
from appraise.cli.problems import with_common
from appraise.cli.problems import write_errors as _write_errors
from appraise.cli.team_parser import add_team_parser
from appraise.errors import AppraiseError, ImportConflict, InputFileError

EXAMPLES = """\
examples:
  appraise                     the start screen: recent appraisals, new, the sample
  appraise acme.appraisal      open an appraisal in the terminal UI
  appraise demo
  appraise new acme.appraisal --framework cmmi-dev-1.3 --representation staged --target 3 \\
      --unit "Acme Payments" --projects ALPHA,BETA,GAMMA
  appraise evidence import acme.appraisal index.csv --dry-run
  appraise characterize acme.appraisal "REQM SP 1.1" ALPHA LI --note "trace matrix stale"
  appraise decide acme.appraisal "REQM SP 1.3" LI --why "weakness limited to one release"
  appraise decide ecu.appraisal "SYS.3.BP2" ECU-A L --why "consensus: interfaces reviewed late"
  appraise scope acme.appraisal --not-applicable SAM --why "no supplier agreements"
  appraise scope acme.appraisal --rename-project BETA=BRAVO --add-projects DELTA --target 3
  appraise rate acme.appraisal --json
  appraise undo acme.appraisal --steps 2
  appraise export acme.appraisal --format md -o summary.md
  appraise new ecu.appraisal --framework aspice-3.1 --scope vda --target 3 --unit "Body Electronics" \
      --projects ECU-A,ECU-B
  appraise new qms.appraisal --framework iso-9001-2015 --unit "Acme GmbH" --projects HQ,PLANT-2
  appraise compare iso-9001-2015 cmmi-dev-1.3 --level 3
  appraise reuse acme.appraisal --from qms.appraisal --projects ALPHA --strong
"""


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class _Parser(argparse.ArgumentParser):
    """argparse with its errors as one line: ``appraise decide: the following arguments ...``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def add_import_options(p: argparse.ArgumentParser, extra_layouts: tuple[str, ...] = (), layout_help: str = "",
                       alias_help: str = "") -> None:
    """The options every import of a file takes (``spec_from_args`` in cli/commands/importing.py reads them)."""
    g = p.add_argument_group("reading the file")
    sheet = g.add_mutually_exclusive_group()
    sheet.add_argument("--sheet", metavar="NAME", help="a workbook's sheet (default: the first whose header fits)")
    sheet.add_argument("--sheets", metavar="GLOB", help="every visible sheet whose name matches, e.g. \"PA-*\"")
    g.add_argument("--header-row", type=int, metavar="N", help="the header's row number (default: found by itself)")
    g.add_argument("--layout", choices=("long", "wide", "rows", "csv", *extra_layouts), default=None,
                   help="long (default: one row per link or rating), wide (one row per practice, one column per "
                        "project) or rows (the OE database's typed rows)" + layout_help)
    g.add_argument("--map", metavar="FIELD=COLUMN", type=_split, action="extend", default=[],
                   help="the column (header or letter) holding a field, e.g. title=\"Evidence name\" or practice=B "
                        "(repeatable, or a,b)")
    g.add_argument("--units", metavar="NAME=CODE,...", help="the file's unit names (wide columns, unit cells) as "
                                                            "project codes, e.g. \"Team A=ALPHA,Team B=BETA\"")
    g.add_argument("--project", metavar="CODE", help="every row of a file with no project column is on this project")
    g.add_argument("--alias", metavar="CODE=CODE,...", help="the organization's area codes as the model's, e.g. "
                                                            "RM=REQM,M&A=MA" + alias_help)
    g.add_argument("--profile", type=Path, metavar="FILE", help="read these choices from a profile (YAML); options "
                                                                 "given beside it win")
    g.add_argument("--save-profile", type=Path, metavar="FILE", help="save the choices as a profile to reuse")
    g.add_argument("--errors", type=Path, metavar="FILE", help="write every problem of a refused file there, "
                                                               "one a line")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="appraise", description="Run a process appraisal (CMMI/SCAMPI), a process assessment "
                                     "(ISO/IEC 33020: Automotive SPICE, ISO/IEC 15504) or an ISO 9001 audit "
                                     "from the terminal.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"appraise {__version__}")
    by_help = "who makes the change (default: $APPRAISE_USER or login)"
    parser.add_argument("--by", metavar="NAME", help=by_help)
    # --by also after the command: `appraise characterize ... --by ATM-1`
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--by", metavar="NAME", default=argparse.SUPPRESS, help=by_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add = sub.add_parser

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        kw.setdefault("parents", [common])
        kw.setdefault("description", kw.get("help"))
        made = _add(name, **kw)  # and its own actions take --by after them too (`finding add ... --by ann`)
        made.add_subparsers = lambda **k: with_common(argparse.ArgumentParser.add_subparsers(made, **k), common)
        return made

    sub.add_parser = add_parser  # type: ignore[method-assign]

    p = sub.add_parser("demo", help="create the sample appraisal in a working file and open it")
    p.add_argument("name", nargs="?", default=None, metavar="SAMPLE", help="which bundled sample (as --sample)")
    p.add_argument("--to", type=Path, default=None, help="file to create "
                   "(default: acme-demo.appraisal; acme-qms.appraisal for the audit sample)")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.add_argument("--print", action="store_true", help="print the rating instead of opening the terminal UI")
    p.add_argument("--sample", default=None, help="which bundled sample: acme-ml2 (CMMI ML2, the default), "
                                                  "acme-iso9001 (the ISO 9001 audit of the same organization) or "
                                                  "orion-v3 (a CMMI Appraisal Method benchmark on a FICTIONAL "
                                                  "model)")

    p = sub.add_parser("new", help="create an appraisal file")
    p.add_argument("file", type=location)
    p.add_argument("--framework", required=True, help="bundled framework id or a framework file")
    p.add_argument("--representation", default=None, metavar="NAME",
                   help="one the model has: CMMI v1.3 staged (default) or continuous; CMMI V3.0 maturity "
                        "(default) or capability; ISO/IEC 33020 models are continuous")
    p.add_argument("--target", type=int, default=None,
                   help="maturity level (staged) or capability level; an audit has none")
    p.add_argument("--unit", required=True, help="the organizational unit appraised")
    p.add_argument("--projects", required=True, type=_split,
                   help="comma-separated project codes (SPICE: the process instances)")
    p.add_argument("--process-areas", dest="process_areas", type=_split, default=[],
                   help="continuous CMMI: comma-separated areas; SPICE: the processes to assess")
    p.add_argument("--processes", type=_split, default=[],
                   help="SPICE: the processes to assess (as --process-areas); CMMI V3.0: the processes II and "
                        "GOV are characterized over (default: one)")
    # a scheme's own options (CMMI V3.0); a scheme without them refuses them
    p.add_argument("--type", "--appraisal-type", dest="appraisal_type", metavar="TYPE",
                   help="CMMI V3.0: benchmark (default), sustainment or evaluation")
    p.add_argument("--domains", type=_split, default=[], help="CMMI V3.0: the domains beside Core, e.g. "
                                                                "Development,Suppliers")
    p.add_argument("--support-functions", type=_split, default=[], metavar="A,B",
                   help="CMMI V3.0: the organizational support functions (units beside the projects)")
    p.add_argument("--pa-target", "--area-targets", dest="area_targets", metavar="PA=N", type=_split,
                   action="extend", default=[], help="CMMI V3.0: a practice area's own target level "
                                                     "(repeatable, or CM=2,DAR=3)")
    p.add_argument("--benchmark-level", type=int, default=None,
                   help="CMMI V3.0 sustainment: the level of the benchmark it extends (never raised, V5.5)")
    p.add_argument("--phase2-start", metavar="YYYY-MM-DD", default=None,
                   help="CMMI V3.0: the start of the on-site phase; evidence dated on or after it is warned about")
    p.add_argument("--scope", metavar="NAME", help="a scope the model names, e.g. vda (Automotive SPICE 3.1)")
    p.add_argument("--refined", action="store_true", help="ISO/IEC 33020: allow the refined values P-, P+, L-, L+")
    p.add_argument("--maturity-model", metavar="FILE", type=Path,
                   help="ISO/IEC 33020: an organizational maturity model file to rate against "
                        "('maturity-model-example': the bundled illustration of the format)")

    evidence = sub.add_parser("evidence", help="the evidence index").add_subparsers(dest="action",
                                                                                    metavar="ACTION")
    p = evidence.add_parser("import", help="import an evidence index: CSV, XLSX or XLSM (all or nothing)")
    p.add_argument("file", type=location)
    p.add_argument("csv", type=Path, metavar="INDEX", help="the evidence index: a CSV, XLSX or XLSM file")
    p.add_argument("--dry-run", action="store_true", help="check the file and show what would be imported")
    add_import_options(p)
    p.add_argument("--sync", action="store_true", help="also remove the items an earlier import of the same "
                            "source (the file's name and, for a workbook, the sheets read) brought that it no longer holds")
    add_evidence_index_parsers(evidence)

    p = sub.add_parser("characterize", help="characterize one practice (SPICE: rate an indicator or a process "
                                            "attribute) in one project (instance)")
    p.add_argument("file", type=location)
    p.add_argument("practice")
    p.add_argument("project")
    p.add_argument("value", help="the model's scale: FI, LI, PI, NI, NY (CMMI v1.3), FM, LM, PM, DM, NY, NC (CMMI "
                                 "V2.0/V3.0; an evaluation: L, M, H, NY, NC) or N, P, L, F (SPICE; P-, P+, L-, L+ "
                                 "with --refined); 'clear' removes it")
    p.add_argument("--note", default=None, help="the team's note on the cell (kept when not given)")
    p.add_argument("--process", default=None, help="CMMI V3.0 II and GOV: the process the value is for "
                                                   "(may be left out when the appraisal has one)")

    chars = sub.add_parser("characterizations", help="characterizations in bulk").add_subparsers(
        dest="action", metavar="ACTION")
    p = chars.add_parser("import", help="import practice, project, value, note (process, assessor) from a CSV, "
                                         "XLSX or XLSM file (all or nothing)")
    p.add_argument("file", type=location)
    p.add_argument("csv", type=Path, metavar="RATINGS", help="the characterizations: a CSV, XLSX or XLSM file")
    p.add_argument("--dry-run", action="store_true", help="list what would change (cell: old -> new, notes), "
                                                          "write nothing")
    add_import_options(p, extra_layouts=("mdd-tool",),
                       layout_help="; mdd-tool: the filled PA sheets of an MDD Appraisal Tool workbook (CMMI "
                                   "V2.0/V3.0; rows someone filled in, the weakness as the note)",
                       alias_help="; with --layout mdd-tool: the tool's project names as unit codes")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--replace", action="store_true",
                       help="write the file's values over cells recorded differently (else the import stops)")
    group.add_argument("--keep-existing", action="store_true",
                       help="leave cells recorded differently as they are; import the rest")

    p = sub.add_parser("decide", help="record a team decision with its rationale; with a unit, the team's consensus "
                                      "on a cell its assessors rate differently")
    p.add_argument("file", type=location)
    p.add_argument("target", nargs="?", help="a practice, goal or process area; SPICE: a consistency hit "
                                             "(AS8:SWE.1:ECU-A); with a unit: the practice (indicator) of the cell")
    p.add_argument("unit_value", nargs="*", metavar="[UNIT] VALUE",
                   help="one of the options the method offers; for a cell's consensus its unit (project, "
                        "instance) first, then the value of the scale")
    p.add_argument("--why", required=True, help="the team's rationale")
    p.add_argument("--conflict", nargs="+", metavar=("ID", "VALUE"), help="a merge conflict (appraise conflicts), then "
                   "--take SIDE or its VALUE")
    p.add_argument("--take", metavar="SIDE", help="with --conflict: the side the team agreed on (lead, a copy, a number)")

    p = sub.add_parser("scope", help="correct the unit, projects and target; rule a process area not applicable; "
                                     "exclude an audit's requirement; weight instances; attach a maturity model")
    p.add_argument("file", type=location)
    p.add_argument("--unit", help="correct the organizational unit's name")
    p.add_argument("--add-projects", metavar="A,B", type=_split, action="extend", default=[],
                   help="add projects (SPICE: instances; audit: sites)")
    p.add_argument("--rename-project", metavar="OLD=NEW", type=_split, action="extend", default=[],
                   help="rename a project; everything recorded on it stays with it (repeatable, or A=B,C=D)")
    p.add_argument("--remove-project", metavar="CODE", type=_split, action="extend", default=[],
                   help="remove a project with nothing recorded on it (repeatable, or A,B)")
    p.add_argument("--target", type=int, help="change the target level (staged CMMI: the process areas follow)")
    p.add_argument("--yes", action="store_true",
                   help="confirm a change that leaves recorded characterizations out of scope")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--not-applicable", metavar="AREA",
                       help="CMMI: the area does not apply (team decision); audit: the clause (and its "
                            "sub-clauses) is excluded as not applicable, ISO 9001 4.3 (A1.2)")
    group.add_argument("--applicable", metavar="AREA", help="the area (CMMI) or clause (audit) applies again")
    group.add_argument("--weights", metavar="P=W,...",
                       help="ISO/IEC 33020: weight the instances in aggregation (M3.4), e.g. ECU-A=3,ECU-B=1; "
                            "'mean' returns to the plain mean")
    group.add_argument("--maturity-model", metavar="FILE",
                       help="ISO/IEC 33020: attach an organizational maturity model file ('none' detaches it)")
    p.add_argument("--why", help="the rationale (required for a ruling and weights; recorded with a correction)")
    # a scheme's own scope (CMMI V3.0); a scheme without it refuses these
    p.add_argument("--benchmark-level", type=int, default=None,
                   help="CMMI V3.0 sustainment: the level of the benchmark it extends (V5.5)")
    p.add_argument("--phase2-start", metavar="YYYY-MM-DD", default=None,
                   help="CMMI V3.0: the start of the on-site phase (evidence dated on or after it is warned about)")
    p.add_argument("--pa-target", "--area-targets", dest="area_targets", metavar="PA=N", type=_split,
                   action="extend", default=[], help="CMMI V3.0: a practice area's target level (CM=2,DAR=3)")
    p.add_argument("--out-of-scope", metavar="PA,...", type=_split, action="extend", default=[],
                   help="CMMI V3.0: set practice areas out of scope (V4.1)")
    p.add_argument("--in-scope", metavar="PA,...", type=_split, action="extend", default=[],
                   help="CMMI V3.0: bring practice areas (back) into scope")
    p.add_argument("--assign", metavar="UNIT=+PA,-PA", type=_split, action="extend", default=[],
                   help="CMMI V3.0: put a unit in (+) or out of (-) practice areas' sample, e.g. P3=-SAM,+PI")
    p.add_argument("--processes", metavar="A,B", type=_split, default=None,
                   help="CMMI V3.0: the processes II and GOV are characterized over")
    p.add_argument("--sample", metavar="RGS.xlsx", type=Path,
                   help="CMMI V2.0/V3.0: take the CAS random sample export in (shown first; applied with --yes)")
    p.add_argument("--alias", metavar="LABEL=CODE,...", help="--sample: the file's unit labels as unit codes, "
                                                             "e.g. \"P1-Orion=P1\"")

    p = sub.add_parser("conform", help="audit: record conformity on a clause (and the clauses below it)")
    p.add_argument("file", type=location)
    p.add_argument("clause", help="e.g. 8.5.1 (also 'clause 8.5.1', 'ISO 9001 8.5.1')")
    p.add_argument("--site", help="one site (default: every site)")

    finding = sub.add_parser("finding", help="findings: add or import strengths and weaknesses; an audit's "
                                             "graded findings and nonconformities").add_subparsers(
        dest="action", metavar="ACTION")
    p = finding.add_parser("add", help="record a finding on a practice, area or indicator (an audit: a clause); "
                                       "prints its id")
    p.add_argument("file", type=location)
    p.add_argument("clause", metavar="TARGET", help="a practice or area (CMMI), an indicator or process (SPICE), a "
                                                    "clause (audit)")
    p.add_argument("--kind", "--grade", dest="grade", required=True,
                   help="strength or weakness; an audit's grade: major, minor, observation or ofi")
    p.add_argument("--text", required=True, help="what was found (by role or session, never a person's name)")
    p.add_argument("--site", help="the site it was found in (default: the whole organization)")
    p.add_argument("--evidence", type=int, metavar="ID", help="the evidence item it cites")
    p.add_argument("--json", action="store_true", help="print the finding as JSON")
    add_import_options(add_finding_import_parser(finding), layout_help="; fields: practice, area, kind, text, "
                       "weakness, strength")
    p = finding.add_parser("list", help="the findings with their ids, grades, sites and statuses")
    p.add_argument("file", type=location)
    p.add_argument("--json", action="store_true")

    p = finding.add_parser("delete", help="delete a finding raised by mistake (kept in the change log)")
    p.add_argument("file", type=location)
    p.add_argument("id", type=int)

    p = finding.add_parser("update", help="a nonconformity's plan accepted or verified closed, or set back")
    p.add_argument("file", type=location)
    p.add_argument("id", type=int)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--plan-accepted", action="store_true",
                       help="the plan of corrections and corrective actions is accepted (A7; a major still "
                            "waits for verification, A8.1)")
    group.add_argument("--verified-closed", action="store_true", help="the corrections are verified effective (A6)")
    group.add_argument("--reopen", action="store_true",
                       help="set a plan accepted or a closure set by mistake back to open (needs --why)")
    group.add_argument("--plan-withdrawn", action="store_true",
                       help="set a plan accepted by mistake back to open (needs --why)")
    p.add_argument("--why", default="", help="the reason, kept in the change log (required to set back)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("compare", help="how far one model corresponds to another (no appraisal needed)")
    p.add_argument("source", help="e.g. iso-9001-2015")
    p.add_argument("target", help="e.g. cmmi-dev-1.3")
    p.add_argument("--level", type=int, required=True, help="the maturity level whose process areas to compare")
    p.add_argument("--map", type=Path, help="a mapping file (default: the bundled one)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("reuse", help="suggest an audit's evidence for the practices mapped from its clauses")
    p.add_argument("file", type=location)
    p.add_argument("--from", dest="audit", type=Path, help="the audit file (e.g. qms.appraisal)")
    p.add_argument("--projects", type=_split, default=None, help="the projects to suggest links in (default: all)")
    p.add_argument("--map", type=Path, help="a mapping file (default: the bundled one)")
    p.add_argument("--accept", metavar="all|ID,...", help="accept suggestions: each becomes an evidence link")
    p.add_argument("--reject", metavar="ID,...", help="reject suggestions")
    p.add_argument("--areas", type=_split, default=[], help="only these process areas (propose, list, accept all)")
    p.add_argument("--strong", action="store_true", help="only pairs of strong correspondence")
    p.add_argument("--specific-only", action="store_true", help="leave out generic practices (the ALL GP pairs)")
    p.add_argument("--json", action="store_true", help="list every suggestion of that audit as JSON")

    p = sub.add_parser("gaps", help="practices lacking an artifact or an affirmation, with ISO counterparts")
    p.add_argument("file", type=location)
    p.add_argument("--map", type=Path, help="a mapping file (default: the bundled ISO 9001 one)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("rate", help="show the roll-up: practices, goals, areas, level (SPICE: attributes, "
                                    "capability levels, consistency)")
    p.add_argument("file", type=location)
    p.add_argument("--json", action="store_true", help="print the rating as JSON")

    p = sub.add_parser("export", help="write the rating summary, the findings deck, the report or the workbook")
    p.add_argument("file", type=location)
    p.add_argument("--format", default=None,
                   help="md, csv, json, or a deliverable: pptx (the findings deck), html (the report), pdf, xlsx "
                        "(the workbook) (default: from the output file's extension, else md); a scheme may offer "
                        "more, e.g. cas-roll-up (CMMI V2.0/V3.0: the OU values as the CAS Staged Roll-Up workbook)")
    p.add_argument("-o", "--output", required=True, help="the file to write, or - for standard output")
    p.add_argument("--template", type=Path, default=None,
                   help="pptx: a deck whose slide master and layouts the findings presentation takes")
    p.add_argument("--anonymize-projects", action="store_true",
                   help="show the projects as Project 1..n (when the sponsor agreed to project non-attribution)")

    add_team_parser(sub)
    add_collaboration_parsers(sub)
    p = sub.add_parser("log", help="the change log: every rating-relevant change")
    p.add_argument("file", type=location)

    for name, text in (("undo", "undo your last changes (each undo is recorded in the change log)"),
                       ("redo", "redo what your last undo reversed (until you make a new change)")):
        p = sub.add_parser(name, help=text)
        p.add_argument("file", type=location)
        p.add_argument("--steps", type=int, default=1, metavar="N", help=f"how many changes to {name} (default 1)")

    fw = sub.add_parser("frameworks", help="bundled and user-supplied model files").add_subparsers(
        dest="action", metavar="ACTION")
    fw.add_parser("list", help="list the bundled frameworks and your own models")
    p = fw.add_parser("show", help="show a framework's areas, goals and practices")
    p.add_argument("name", help="bundled id, the id of one of your models, or path of a framework file")
    p = fw.add_parser("validate", help="check a framework file against the schema")
    p.add_argument("path", type=Path)
    p = fw.add_parser("build", help="build your CMMI V2.0/V3.0 model from your MDD Appraisal Tool workbook",
                      description="Reads the practice areas, domains and practice ids of your copy of the MDD "
                                  "Toolkit Appraisal Tool (cached values; macros never run; the workbook is not "
                                  "changed), writes the model file and keeps it among your models.")
    p.add_argument("--from-mdd-tool", dest="workbook", type=Path, required=True, metavar="FILE.xlsm",
                   help="your Appraisal Tool workbook")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.yaml", help="the model file to write")
    p.add_argument("--id", dest="model_id", help="the model's id (default: the output file's name)")
    p.add_argument("--statements", type=Path, metavar="FILE",
                   help="your practice statements: an OE database workbook or a CSV practice,statement")
    p.add_argument("--method-version", help="the method version (3.0, 2.0) when the workbook does not say it")
    p.add_argument("--force", action="store_true", help="replace the model file and your kept copy if they exist")
    return parser


def _interactive() -> bool:
    # a Textual driver named in the environment is a terminal too: textual-serve's browser session (appraise serve)
    return sys.stdin.isatty() and sys.stdout.isatty() or bool(os.environ.get("TEXTUAL_DRIVER"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command (or the terminal UI); a bug ends in one line naming the log of its traceback."""
    try:
        return _run(argv)
    except Exception as exc:  # noqa: BLE001 - the one place every unexpected error ends
        from appraise.crashlog import crash_line, write_crash_log

        print(crash_line(exc, write_crash_log(exc)), file=sys.stderr)
        return 70  # EX_SOFTWARE


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # type: ignore[union-attr]
    if argv and not argv[0].startswith("-") and argv[0] not in commands:
        return _open_ui(argv[0], parser, argv[1:])
    args = parser.parse_args(argv)
    if args.command is None:
        if _interactive():
            return _open_ui(database_appraisal(), parser, [])
        parser.print_help()
        return 0
    if args.command in ("evidence", "characterizations", "frameworks", "finding") and args.action is None:
        parser.exit(2, f"appraise {args.command}: say what to do (see appraise {args.command} --help)\n")
    try:
        from appraise.cli import commands

        return int(getattr(commands, f"cmd_{args.command}")(args) or 0)
    except InputFileError as exc:
        print(f"appraise: {exc}", file=sys.stderr)
        # one bad cell is the message itself; one kind of problem on many cells is a line of its own
        if len(exc.problems) > 1 or isinstance(exc, ImportConflict) or exc.problems and exc.problems[0] not in str(exc):
            for line in exc.problems:
                print(f"  {line}", file=sys.stderr)
        _write_errors(exc, getattr(args, "errors", None))
        return 1
    except AppraiseError as exc:
        print(f"appraise: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("appraise: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _open_ui(text: str | None, parser: argparse.ArgumentParser, rest: list[str]) -> int:
    """``appraise`` alone: the start screen; ``appraise FILE`` (or a server location): that appraisal, in the UI."""
    if rest:
        parser.exit(2, f"appraise: unexpected {' '.join(rest)!r} after the file (see appraise --help)\n")
    try:
        where = None if text is None else location(text)
    except argparse.ArgumentTypeError as exc:
        parser.exit(2, f"appraise: {exc}\n")
    if isinstance(where, Path) and not where.is_file():
        parser.exit(2, f"appraise: {where}: no such appraisal file, and {where.name!r} is no command "
                       "(see appraise --help)\n")
    if not _interactive():
        parser.exit(2, "appraise: the terminal UI needs a terminal; for a rating use `appraise rate FILE`\n")
    from appraise.tui import run

    return run(where)


def emit_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
