"""A deliverable as neutral data: what the findings deck, the report and the workbook are made of.

A scheme lays out its deliverable (``schemes/<scheme>/deliverable.py``: ``document(data) -> Document``) from a
``DeliverableInput`` — the rating tree, the summary, the team roster, the evidence index — in the method's
outline (``../shared/domain/deliverables.md``). The renderers (``appraise.io.deliver``: pptx, html, pdf, xlsx,
md) draw a ``Document`` and never ask which scheme made it.

Non-attribution (deliverables.md N1) is structural: a ``DeliverableInput`` carries no evidence source, no
collector, no decider and no assessor; the only names in it are the roster's, and a section shows them only when
it says so (``Section.team``). ``anonymize`` replaces the units' codes with "Project 1..n" in every text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from appraise.framework.model import Framework
    from appraise.schemes.tree import RatingTree

#: Where a section appears: the presentation (pptx), the report (html, pdf, md) and the workbook (xlsx).
Where = Literal["deck", "report", "workbook"]
EVERYWHERE: tuple[Where, ...] = ("deck", "report", "workbook")


# -- the blocks a section is made of ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A table cell with more than its text: an explicit fill (``#RRGGBB``; a black cell where an area has no such
    practice, BC1), bold, and where it points (an evidence location, shown as a link where the format can)."""

    text: str
    fill: str = ""
    bold: bool = False
    link: str = ""


#: A table cell: its text, or a ``Cell``.
CellValue = str | Cell


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f]")


def safe_link(link: str) -> str:
    """``link`` when a deliverable may make it a link (http, https, file, a relative or absolute path), else ""
    (``javascript:``, ``data:``, ``vbscript:``, a control character, a text that starts like a formula). The one
    rule every renderer follows for ``Cell.link``."""
    link = link.strip()
    if not link or _CONTROL.search(link) or link[0] in "=+-@":
        return ""
    scheme = _SCHEME.match(link)
    if scheme is None or len(scheme.group(1)) == 1:  # a path, or a drive letter ("C:\docs\x.docx")
        return link
    return link if scheme.group(1).lower() in ("http", "https", "file") else ""


def cell_text(value: CellValue) -> str:
    return value.text if isinstance(value, Cell) else value


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``style``: ``body``; ``note`` (smaller, e.g. a rule); ``disclaimer`` (set apart: the
    sampling statement of an audit report, the recommendations' disclaimer)."""

    text: str
    style: Literal["body", "note", "disclaimer"] = "body"


@dataclass(frozen=True)
class Bullets:
    """A list, under an optional heading; ``empty`` is shown when there are no items ("None", FF3)."""

    items: tuple[str, ...]
    title: str = ""
    empty: str = "None"


@dataclass(frozen=True)
class Facts:
    """Label-value pairs (the scope, the ADS data, an audit's client data). A value that is ``""`` is shown as
    ``missing`` and reported in ``Document.warnings`` by the scheme that laid it out (ADS1)."""

    rows: tuple[tuple[str, str], ...]
    title: str = ""
    missing: str = "not recorded"


@dataclass(frozen=True)
class Table:
    """A table: the OU ratings grid, practices x units, the findings, the decisions, the evidence index.

    ``groups``: a header row above ``columns``, as (label, span) pairs covering every column (the brick chart's
    capability areas over its practice areas, BC1); () when none. ``coloured``: a cell whose text is a key of
    ``Document.palette`` gets that fill. ``levels``: each row's depth in the model's hierarchy (0 = an area,
    1 = a goal, 2 = a practice; () when flat) — the workbook sets the rows' outline levels (X1). ``frozen``: how
    many leading columns stay in view when scrolling (the workbook's freeze panes; the header row is always
    frozen). ``key``: a short name for an anchor or a sheet; ``legend``: (value, colour) pairs shown beside it.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[CellValue, ...], ...]
    title: str = ""
    groups: tuple[tuple[str, int], ...] = ()
    coloured: bool = False
    levels: tuple[int, ...] = ()
    frozen: int = 1
    key: str = ""
    legend: tuple[tuple[str, str], ...] = ()
    #: What the table says when it has no rows.
    empty: str = "None"


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name (an instance, "Aggregated", "Capability level") and a value per category
    (None: no value)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A native chart (pptx chart part, inline SVG, an xlsx chart): one bar per category and series.

    ``y_max`` fixes the axis (5 for levels; whole numbers when ``integer``: levels 0-5 only, CH1). ``labels``
    names the axis ticks where they are words ({0: "CL0", ...}), else the numbers are shown.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kind: Literal["bar", "column"] = "column"
    y_max: float | None = None
    integer: bool = True
    axis_title: str = ""
    labels: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Findings:
    """One area's findings in the method's categories: (heading, statements) pairs, e.g. ("Strengths", ...),
    ("Weaknesses", ...); an empty category is shown as "None" (FF3)."""

    categories: tuple[tuple[str, tuple[str, ...]], ...]
    title: str = ""


@dataclass(frozen=True)
class Signatures:
    """A signature page (FF6, the ADS, the assessment log): a statement, then one row per member (role, name)
    with empty signature and date cells."""

    statement: str
    rows: tuple[tuple[str, str], ...]
    columns: tuple[str, str, str, str] = ("Role", "Name", "Signature", "Date")


Block = Paragraph | Bullets | Facts | Table | Chart | Findings | Signatures


@dataclass(frozen=True)
class Section:
    """One part of the deliverable: a slide (or several, continued) in the deck, a section in the report, its
    tables on a sheet of the workbook.

    ``kind``: ``title`` (the cover), ``divider`` (a section header slide: "Practice Area Findings"), ``content``.
    ``where``: which deliverables carry it. ``sheet``: the workbook sheet its tables and facts go to (several
    sections may share one; "" = the title). ``team``: it may show the roster's names (the team slide, the
    signature page, the ADS, the assessment log); no other section may (N1).
    """

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    kind: Literal["title", "divider", "content"] = "content"
    where: tuple[Where, ...] = EVERYWHERE
    sheet: str = ""
    team: bool = False
    #: The speaker notes of its slide (the rule behind a rating, where the data came from).
    notes: str = ""
    #: The deck takes this section's slides from the user's template (``--template``): the template's slides
    #: whose title contains this text (case ignored), kept as they are (the findings definitions, FF2: their
    #: text never ships with appraise). Without a template, or without such a slide, the section's own blocks
    #: are shown (a line saying where the definitions go).
    from_template: str = ""

    @property
    def sheet_name(self) -> str:
        return self.sheet or self.title


@dataclass(frozen=True)
class Document:
    """A deliverable: its title, its sections in the outline's order, the scheme's colours and what is missing.

    ``palette``: value -> fill (``#RRGGBB``) for coloured tables and charts' legends (CMMI V3.0: FM #00B050,
    LM #FFFF00, any other value #FF0000, BC1). ``warnings``: what the outline asks for and the appraisal does not
    hold yet (a missing ADS field, ADS1) — the export says them, the document shows "not recorded".
    """

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    palette: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    #: The scheme's word for the document's kind: "Final findings", "Assessment report", "Audit report".
    kind: str = "Appraisal results"

    def for_(self, where: Where) -> tuple[Section, ...]:
        """The sections one deliverable carries, in order."""
        return tuple(s for s in self.sections if where in s.where)

    def texts(self, where: Where | None = None, team: bool | None = None) -> list[str]:
        """Every text of the document (or of one deliverable's sections; ``team``: only the sections that may,
        or may not, show names) — what a non-attribution check reads."""
        out: list[str] = []
        for section in self.sections if where is None else self.for_(where):
            if team is not None and section.team != team:
                continue
            out.extend(_strings(section))
        return out


# -- what a scheme lays its deliverable out from ------------------------------------------------------------------


@dataclass(frozen=True)
class TeamMember:
    """One member of the roster the user records (``appraise team FILE --add NAME --role ROLE``): the only names a
    deliverable may show, and only where its outline lists the team."""

    name: str
    role: str
    affiliation: str = ""
    #: A licence or credential where the method asks for one (a VDA QMC licence level, a lead appraiser ID).
    licence: str = ""


@dataclass(frozen=True)
class EvidenceRef:
    """An evidence item as a deliverable may show it: no source, no collector (non-attribution).

    ``cells``: the (practice, unit) pairs it is linked to.
    """

    id: int
    kind: str
    title: str
    location: str
    cells: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DeliverableInput:
    """Everything a scheme lays its deliverable out from, as plain data.

    ``summary`` is ``appraise.io.export.summary()``: ``appraisal`` (unit, framework, representation, target, areas,
    projects), ``rating`` (the scheme's JSON document), ``decisions`` (target, kind, value, rationale, decided_at,
    stale — never who), ``notes``, ``findings`` or ``audit_findings``, ``progress``. ``details``: what the team
    recorded about the appraisal itself (``dates``: "2026-11-30 to 2026-12-04", ``sponsor``, ``organization`` ...;
    absent when not recorded). ``generated``: today's date (ISO), printed on the cover.
    """

    framework: Framework
    tree: RatingTree
    summary: Mapping[str, Any]
    team: tuple[TeamMember, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    details: Mapping[str, str] = field(default_factory=dict)
    settings: Mapping[str, str] = field(default_factory=dict)
    generated: str = ""
    #: The scheme's words (a ``SchemeView.words``), for headings.
    words: Any = None
    #: When each finding reached each status, from the change log (finding id -> status -> ISO date): an audit's
    #: plan accepted and verification dates. Never who set it.
    finding_dates: Mapping[int, Mapping[str, str]] = field(default_factory=dict)

    @property
    def unit(self) -> str:
        """The organizational unit (or the auditee)."""
        return str(self.summary["appraisal"]["organizational_unit"])

    @property
    def units(self) -> tuple[str, ...]:
        return self.tree.units


# -- anonymized projects ------------------------------------------------------------------------------------------


T = TypeVar("T")


def anonymize(document: Document, codes: Sequence[str], word: str = "Project") -> Document:
    """``document`` with each unit code replaced, as a whole word, by "Project 1".."Project n" in every text
    (``--anonymize-projects``, when the sponsor agreed to project non-attribution, N1)."""
    if not codes:
        return document
    names = {code.casefold(): f"{word} {i}" for i, code in enumerate(codes, 1)}
    # a code between letters or digits is part of another word ("ALPHABET"); next to "-", "_", "/" or "." it
    # still names the project ("SRS-ALPHA.docx", "dms/alpha/plan.pdf": a code of three characters or more in any
    # case; a shorter one, "P1", only as written, so that "p1" in a sentence stays)
    def alternative(code: str) -> str:
        if len(code) >= 3:
            return f"(?i:{re.escape(code)})"
        # a short code in another case only as a part of a path or address ("dms/p1/plan.pdf")
        return rf"{re.escape(code)}|(?<=[/\\])(?i:{re.escape(code)})(?=[/\\.])"

    pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(alternative(c) for c in sorted(codes, key=len, reverse=True))
                         + r")(?![A-Za-z0-9])")

    def text(value: str) -> str:
        return pattern.sub(lambda m: names[m.group(1).casefold()], value)

    return _map_strings(document, text)


def _map_strings(value: T, fn: Any) -> T:
    if isinstance(value, str):
        return fn(value)  # type: ignore[no-any-return]
    if isinstance(value, tuple):
        return tuple(_map_strings(v, fn) for v in value)  # type: ignore[return-value]
    if isinstance(value, Mapping):
        return {_map_strings(k, fn): _map_strings(v, fn) for k, v in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _map_strings(getattr(value, f.name), fn)  # type: ignore[type-var]
                                 for f in fields(value) if f.name not in ("fill", "kind", "style", "where", "id")})
    return value


def _strings(value: Any) -> list[str]:
    out: list[str] = []
    _map_strings(value, lambda s: out.append(s) or s)
    return out


__all__ = [
    "EVERYWHERE", "Block", "Bullets", "Cell", "CellValue", "Chart", "DeliverableInput", "Document", "EvidenceRef",
    "Facts", "Findings", "Paragraph", "Section", "Series", "Signatures", "Table", "TeamMember", "Where",
    "anonymize", "cell_text", "safe_link",
]
