"""The evidence index: one row per (artifact or affirmation, practice, project).

The same item on many rows is one evidence item with many links. Every row is
checked before anything is written; one bad cell refuses the whole file. The file
is streamed row by row through the check; the plan keeps only the new items (as
tuples) and the links (packed integers), and the store writes them in chunks inside
one transaction: a million rows import in bounded memory.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import overload

from appraise.io.export_index import unneutralize
from appraise.io.layouts import ImportSpec, Record, Records, read_records
from appraise.io.placeholders import LONGEST, RepeatedSamples, is_none, is_pending, is_placeholder
from appraise.io.planning import ALL_PROJECTS, Resolver, project_cell
from appraise.io.resolve import Refusal
from appraise.io.table import Field, Problems
from appraise.store import AFFIRMATION_CHANNELS, NewEvidence

EVIDENCE_FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("practice", ("practice id", "practice_id", "sp", "gp", "sp/gp", "practice ref", "model practice",
                       "practice reference", "indicator", "clause", "iso clause", "requirement"), required=True),
    Field("project", ("project id", "project code", "basic unit", "instance", "bu", "site", "projekt"),
          required=True),
    Field("title", ("name", "evidence", "evidence title", "artifact", "artifact name", "document",
                    "document title", "item", "titel", "bezeichnung", "dokument"), required=True),
    Field("kind", ("type", "evidence type", "evidence kind", "oe type", "objective evidence type", "typ", "art"),
          required=True),
    Field("location", ("path", "url", "link", "file", "file path", "reference", "ref", "uri", "pfad", "ablage",
                       "ablageort", "fundstelle")),
    Field("description", ("desc", "notes", "note", "comment", "comments", "remarks", "summary", "beschreibung",
                          "bemerkung", "bemerkungen")),
    Field("collected_by", ("collector", "collected", "recorded by", "added by", "team member", "reviewer",
                           "erfasst von")),
    Field("date", ("collected on", "date collected", "collection date", "collected at", "when", "datum")),
    Field("source", ("affirmation source", "role", "session", "interview session", "source role")),
    Field("area", ("process area", "practice area", "pa")),
    Field("process", ("process name",)),
    Field("channel", ("affirmation channel", "forum", "medium")),
    #: A team's own yes/no self-check: kept in the description ("self-check: yes"), never a rating.
    Field("self_check", ("self-check", "self check", "team self-check", "selbstcheck")),
)}

#: What people write in the channel column, by the channel it means (V8.6; ``AFFIRMATION_CHANNELS``).
CHANNEL_SYNONYMS: dict[str, str] = {
    **{c: c for c in AFFIRMATION_CHANNELS},
    "interviews": "interview", "oral": "interview", "presentations": "presentation", "demo": "demonstration",
    "demonstrations": "demonstration", "e-mail": "email", "mail": "email", "emails": "email",
    "instant message": "chat", "instant messages": "chat", "im": "chat", "chat board": "chat",
    "system": "system data", "system-data": "system data", "data": "system data", "tool data": "system data",
}

#: What people write in the kind column, by the kind it means.
KIND_SYNONYMS: dict[str, str] = {
    **{k: "artifact" for k in ("artifact", "artefact", "artifacts", "document", "doc", "a", "direct",
                               "indirect", "direct artifact", "indirect artifact", "work product",
                               "record", "demonstration", "presentation",
                               # the usual words in Spanish, German and French evidence lists
                               "dokument", "arbeitsprodukt", "aufzeichnung", "artefakt", "documento", "artefacto",
                               "producto de trabajo", "registro", "preuve documentaire", "produit de travail",
                               "enregistrement", "artéfact")},
    **{k: "affirmation" for k in ("affirmation", "affirmations", "interview", "oral", "written",
                                  "oral affirmation", "written affirmation", "questionnaire", "statement",
                                  "i", "aff", "entrevista", "afirmación", "afirmacion", "declaración", "befragung",
                                  "aussage", "bestätigung", "entretien", "déclaration", "affirmation orale")},
}

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y%m%d")


def parse_date(text: str) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from the spellings spreadsheets write, or None if unreadable.

    Accepts ``2026-11-03``, ``2026-11-03 00:00:00`` / ``T..`` (Excel, ISO times),
    ``2026/11/03`` and ``03.11.2026``. Slash dates with the day or month first
    are refused: ``03/11/2026`` is the 3rd of November in Europe, March 11th in the US.
    """
    value = text.strip()
    head = re.split(r"[ T]", value, maxsplit=1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date().isoformat()
        except ValueError:
            continue
    return None


class NewItems(Sequence[NewEvidence]):
    """The new items of a plan, kept as plain tuples (a third of a dataclass's memory); ``NewEvidence`` when read."""

    def __init__(self, rows: list[tuple[str, str, str, str, str, str | None, str, str]]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[NewEvidence]:
        return (NewEvidence(*row) for row in self._rows)

    @overload
    def __getitem__(self, index: int) -> NewEvidence: ...
    @overload
    def __getitem__(self, index: slice) -> list[NewEvidence]: ...

    def __getitem__(self, index: int | slice) -> NewEvidence | list[NewEvidence]:
        if isinstance(index, slice):
            return [NewEvidence(*row) for row in self._rows[index]]
        return NewEvidence(*self._rows[index])


class Links(Sequence[tuple[int, str, str]]):
    """A plan's distinct links, each packed in one 64-bit integer (item ref, practice, project): a million
    links in 8 MB, ordered by item, practice and project."""

    def __init__(self, packed: array[int], practices: Sequence[str], projects: Sequence[str]) -> None:
        self._packed, self._practices, self._projects = packed, practices, projects

    def __len__(self) -> int:
        return len(self._packed)

    def _unpack(self, value: int) -> tuple[int, str, str]:
        return value >> 32, self._practices[(value >> 16) & 0xFFFF], self._projects[value & 0xFFFF]

    def __iter__(self) -> Iterator[tuple[int, str, str]]:
        return map(self._unpack, self._packed)

    @overload
    def __getitem__(self, index: int) -> tuple[int, str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, str, str]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, str, str] | list[tuple[int, str, str]]:
        if isinstance(index, slice):
            return [self._unpack(v) for v in self._packed[index]]
        return self._unpack(self._packed[index])


def _distinct_sorted(packed: array[int]) -> array[int]:
    """The distinct values of ``packed``, in order (a sort instead of a set: a fraction of the memory)."""
    out = array("q")
    last = None
    for value in sorted(packed):
        if value != last:
            out.append(value)
            last = value
    return out


@dataclass
class EvidencePlan:
    """What an import would write: new items, links to new or existing items.

    The file was streamed through the check; the plan keeps the new items as tuples and the links packed
    (``NewItems``, ``Links``): a million-row index plans and imports in bounded memory.
    """

    path: Path
    rows: int
    items: Sequence[NewEvidence]
    #: (index into items, or -id of an item already in the appraisal; practice; project code), each once
    links: Sequence[tuple[int, str, str]]
    reused: int
    ignored_columns: list[str] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"
    #: Links not in the appraisal yet (``links`` may repeat links of items already there).
    new_links: int = -1
    kinds: dict[str, int] = field(default_factory=lambda: {"artifact": 0, "affirmation": 0})
    #: Rows that hold a template's placeholder, not evidence (``appraise.io.placeholders``): (where, text).
    #: Counted and listed, never linked.
    placeholders: list[tuple[str, str]] = field(default_factory=list)
    #: What the reading found by itself ("header found on row 8 of RDM").
    notes: list[str] = field(default_factory=list)
    #: The sheets read (a workbook's; empty for a CSV file).
    sheets: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.new_links < 0:
            self.new_links = len(self.links)

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(self.kinds)


def plan_evidence_import(
    path: str | Path,
    resolver: Resolver,
    projects: Sequence[str],
    existing: Mapping[tuple[str, str, str], int],
    spec: ImportSpec | None = None,
) -> EvidencePlan:
    """Read and check the evidence index at ``path`` (a CSV file or a workbook's sheets, laid out as ``spec``
    says); raise InputFileError listing every bad cell.

    ``resolver.resolve(text, area, process)`` gives a practice cell's canonical id in the appraisal's scope (the
    cell of a practice characterized per process, CMMI V3.0 II and GOV) or a ``Refusal`` saying why not
    (``appraise.io.resolve.PracticeResolver``: ids composed from an area column, aliases). A ``channel`` column
    says how an affirmation was given (V8.6); an artifact takes none. Placeholder rows (``appraise.io.placeholders``) are
    counted and listed, never linked.
    """
    spec = spec or ImportSpec()
    records = read_records(path, spec, EVIDENCE_FIELDS, WANT, projects, purpose="evidence")
    return _plan(records, resolver, projects, existing, spec.layout)


#: The fields the evidence planner reads, in this order.
WANT = ("practice", "project", "title", "kind", "location", "description", "collected_by", "date", "source",
        "area", "process", "channel", "self_check")

#: A checked row: (kind, title, location, description, collected by, collected on, source, practice, projects,
#: channel, the record).
Row = tuple[str, str, str, str, str, "str | None", str, str, tuple[str, ...], str, Record]


def _checked_rows(records: Records, resolver: Resolver, projects: Sequence[str], problems: Problems,
                  placeholders: list[tuple[str, str]], layout: str) -> Iterator[Row]:
    """Every record of the file, checked; a bad cell goes to ``problems`` and, from then on, nothing is yielded.
    A placeholder row goes to ``placeholders`` (where, text) and is not checked further.

    The loop runs once per record (a million for a large index): each column that repeats (practice,
    project, kind, date) is checked once per distinct raw text and cached; only the item's own text is
    stripped per row.
    """
    where = records.where
    practice_of: dict[tuple[str, str, str], object] = {}
    projects_of: dict[str, tuple[str, ...] | str] = {}
    date_of: dict[str, str | None] = {}
    template = layout != "long"  # an empty title in a template's cell is a row nobody filled in
    for record in records.iterate(problems):  # a record's values are stripped already
        (practice_text, project_text, title, kind_text, location, description, collected_by, date_text, source,
         area_text, process_text, channel_text, self_check) = record.values
        if len(title) <= LONGEST and (is_placeholder(title) if title else template):
            placeholders.append((where(record, "title"), title))
            continue
        if location and len(location) <= LONGEST:
            if is_pending(location):
                placeholders.append((where(record, "location"), location))
                continue
            if is_none(location):
                location = ""
        ok = True
        practice = practice_of.get((practice_text, area_text, process_text))
        if practice is None:
            practice = practice_of[(practice_text, area_text, process_text)] = resolver.resolve(
                practice_text.strip(), area_text.strip(), process_text.strip())
        if practice.__class__ is not str:
            refusal: Refusal = practice  # type: ignore[assignment]
            problems.add_at(where(record, refusal.field), refusal.message, refusal.kind)
            ok = False
        row_projects = projects_of.get(project_text)
        if row_projects is None:
            row_projects = projects_of[project_text] = project_cell(project_text.strip(), projects)
        if row_projects.__class__ is str:
            problems.add_at(where(record, "project"), row_projects)  # type: ignore[arg-type]
            ok = False
        if not title:
            problems.add_at(where(record, "title"), "is empty: every evidence item needs a title")
            ok = False
        kind = KIND_SYNONYMS.get(kind_text) or KIND_SYNONYMS.get(kind_text.strip().lower())
        if kind is None:
            kind_text = kind_text.strip()
            problems.add_at(where(record, "kind"), f"unknown kind {kind_text!r} (artifact or affirmation)"
                            if kind_text else "is empty (artifact or affirmation)")
            ok = False
        collected_on = None
        if date_text:
            if date_text not in date_of:
                date_of[date_text] = parse_date(date_text) if date_text.strip() else ""
            collected_on = date_of[date_text] or None
            if date_of[date_text] is None:
                problems.add_at(where(record, "date"), f"bad date {date_text.strip()!r} (use YYYY-MM-DD or "
                                "DD.MM.YYYY; dd/mm and mm/dd slash dates are refused as ambiguous)")
                ok = False
        channel = ""
        if channel_text:
            channel = CHANNEL_SYNONYMS.get(channel_text.lower(), "")
            if not channel:
                problems.add_at(where(record, "channel"), f"unknown channel {channel_text!r} "
                                f"({', '.join(AFFIRMATION_CHANNELS)})")
                ok = False
            elif kind == "artifact":
                problems.add_at(where(record, "channel"), f"an artifact has no channel ({channel!r} is how an "
                                "affirmation was given, V8.6): leave it empty or make the row an affirmation")
                ok = False
        if not ok or problems.count:
            continue  # keep checking the rest, but build nothing once the file is refused
        if "'" in (title[:1], location[:1], description[:1], collected_by[:1], source[:1]):
            # a cell ``evidence export`` neutralized against formulas ('=...) reads back as it was
            title, location, description, collected_by, source = map(
                unneutralize, (title, location, description, collected_by, source))
        if self_check:  # a team's yes/no self-check is kept as text, never a rating
            description = f"{description}; self-check: {self_check}" if description else f"self-check: {self_check}"
        yield (kind, title, location, description, collected_by, collected_on, source,  # type: ignore[misc]
               practice, row_projects, channel, record)


def _plan(records: Records, resolver: Resolver, projects: Sequence[str],
          existing: Mapping[tuple[str, str, str], int], layout: str) -> EvidencePlan:
    """Check every record of the streamed file; keep the new items (tuples) and the links (packed integers)."""
    problems = Problems(records.path)
    placeholders: list[tuple[str, str]] = []
    samples = RepeatedSamples() if layout == "rows" else None
    keys: dict[tuple[str, str, str], int] = {}  # item key -> index of a new item, or -id of an item there
    items: list[tuple[str, str, str, str, str, str | None, str, str]] = []
    kinds = {"artifact": 0, "affirmation": 0}
    reused: set[int] = set()
    practice_index: dict[str, int] = {}
    project_index = {code: i for i, code in enumerate(projects)}
    packed = array("q")  # (ref << 32 | practice << 16 | project), duplicates included until the end
    repeated: dict[str, str] = {}  # who collected, the source: the same few texts on every row, kept once
    for kind, title, location, description, collected_by, collected_on, source, practice, row_projects, channel, \
            record in _checked_rows(records, resolver, projects, problems, placeholders, layout):
        if samples is not None and kind == "artifact" and not location:
            samples.note(title, row_projects, record)
        key = (kind, title, location)
        ref = keys.get(key)
        if ref is None:
            if key in existing:
                ref = -existing[key]
                reused.add(ref)
            else:
                ref = len(items)
                kinds[kind] += 1
                collected_by, source = collected_by.strip(), source.strip()
                items.append((kind, title, location, description.strip(),
                              repeated.setdefault(collected_by, collected_by), collected_on,
                              repeated.setdefault(source, source), channel))
            keys[key] = ref
        p = practice_index.get(practice)
        if p is None:
            p = practice_index[practice] = len(practice_index)
        base = (ref << 32) | (p << 16)
        for code in row_projects:
            packed.append(base | project_index[code])
    problems.raise_if_any("imported")
    if samples is not None and (found := samples.found()):
        placeholders.extend(samples.places(found, lambda record: records.where(record, "title")))
        packed, reused, kinds = _drop_samples(items, keys, packed, reused, kinds, found)
    del keys
    links = Links(_distinct_sorted(packed), list(practice_index), list(projects))
    table = getattr(records.sheets[0], "_table", None) if records.sheets else None  # a CSV file's dialect
    return EvidencePlan(records.path, records.row_count, NewItems(items), links, len(reused), records.ignored,
                        getattr(table, "delimiter", ","), getattr(table, "encoding", "utf-8"), kinds=kinds,
                        placeholders=placeholders, notes=read_notes(records),
                        sheets=[s.name for s in records.sheets if s.name])


def _drop_samples(items: list[tuple[str, str, str, str, str, str | None, str, str]],
                  keys: dict[tuple[str, str, str], int], packed: array[int], reused: set[int],
                  kinds: dict[str, int], found: set[str]) -> tuple[array[int], set[int], dict[str, int]]:
    """Take the items of a template's repeated sample titles (with no location) out of the plan, and their links."""
    dropped = {ref for (kind, title, location), ref in keys.items()
               if kind == "artifact" and not location and title in found}
    new_index: dict[int, int] = {}
    kept = []
    for i, item in enumerate(items):
        if i not in dropped:
            new_index[i] = len(kept)
            kept.append(item)
    items[:] = kept
    out = array("q")
    for value in packed:
        ref = value >> 32
        if ref in dropped:
            continue
        out.append(value if ref < 0 else (new_index[ref] << 32) | (value & 0xFFFFFFFF))
    counts = {"artifact": 0, "affirmation": 0}
    for item in items:
        counts[item[0]] += 1
    return out, {r for r in reused if r not in dropped}, counts


def read_notes(records: Records) -> list[str]:
    """What the reading found by itself that the user should know (the header row found below row 1)."""
    notes = list(records.notes)
    if not any("header" in note for note in notes):
        notes += [f"header found on row {s.header_row} of {s.name or s.path.name}"
                  for s in records.sheets if s.header_found]
    return notes


__all__ = ["ALL_PROJECTS", "EVIDENCE_FIELDS", "EvidencePlan", "KIND_SYNONYMS", "parse_date",
           "plan_evidence_import", "read_notes"]
