"""The evidence index: one row per (artifact or affirmation, practice, project).

The same item on many rows is one evidence item with many links. Every row is
checked before anything is written; one bad cell refuses the whole file. The file
is streamed: checked once (a plan: counts, the items' keys), then read again row
by row while the import writes it in chunks, inside one transaction.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TypeVar, overload

from appraise.errors import InputFileError
from appraise.io.table import Field, Problems, Table, header_key, picker, read_table
from appraise.store import NewEvidence

T = TypeVar("T")

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
    Field("area", ("process area", "pa", "process")),
)}

#: What people write in the kind column, by the kind it means.
KIND_SYNONYMS: dict[str, str] = {
    **{k: "artifact" for k in ("artifact", "artefact", "artifacts", "document", "doc", "a", "direct",
                               "indirect", "direct artifact", "indirect artifact", "work product",
                               "record", "demonstration", "presentation")},
    **{k: "affirmation" for k in ("affirmation", "affirmations", "interview", "oral", "written",
                                  "oral affirmation", "written affirmation", "questionnaire", "statement",
                                  "i", "aff")},
}

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y%m%d")
ALL_PROJECTS = ("*", "all")


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


#: How many new items a plan keeps in memory for a preview (``plan.items[i]``); the rest are read again.
HEAD_ITEMS = 256


class Pass(Sequence[T]):
    """A sequence read again from the file each time it is iterated: its length is known from the check,
    its first items are kept (a preview indexes them); memory stays flat however long the file."""

    def __init__(self, count: int, stream: Callable[[], Iterator[T]], head: list[T] | None = None) -> None:
        self._count, self._stream, self._head = count, stream, head or []

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[T]:
        return self._stream()

    def __bool__(self) -> bool:
        return self._count > 0

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return list(islice(self, *index.indices(self._count)))
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if index < len(self._head):
            return self._head[index]
        return next(islice(self, index, None))


@dataclass
class EvidencePlan:
    """What an import would write: new items, links to new or existing items.

    ``items`` and ``links`` are read from the file again when iterated (``Pass``): an import of a million
    rows streams through the check and the write and never holds the file.
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

    def __post_init__(self) -> None:
        if self.new_links < 0:
            self.new_links = len(self.links)

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(self.kinds)


def plan_evidence_import(
    path: str | Path,
    resolve_practice: Callable[[str], str | None],
    in_scope: Collection[str],
    projects: Sequence[str],
    existing: Mapping[tuple[str, str, str], int],
) -> EvidencePlan:
    """Read and check the evidence index at ``path``; raise InputFileError listing every bad cell.

    ``resolve_practice`` maps a typed id to the model's canonical id (or None);
    ``in_scope`` are the practices this appraisal characterizes.
    """
    return _plan(read_table(path, EVIDENCE_FIELDS), resolve_practice, in_scope, projects, existing)


#: A checked row: (kind, title, location, description, collected by, collected on, source, practice, projects).
Row = tuple[str, str, str, str, str, "str | None", str, str, tuple[str, ...]]


def _checked_rows(table: Table, resolve_practice: Callable[[str], str | None], in_scope: Collection[str],
                  projects: Sequence[str], problems: Problems) -> Iterator[Row]:
    """Every row of the file, checked; a bad cell goes to ``problems`` and, from then on, nothing is yielded.

    The loop runs once per row (a million for a large index): each column that repeats (practice,
    project, kind, date) is checked once per distinct raw text and cached; only the item's own text is
    stripped per row.
    """
    header = table.header_of
    practice_of: dict[tuple[str, str], str | tuple[str]] = {}
    projects_of: dict[str, tuple[str, ...] | str] = {}
    date_of: dict[str, str | None] = {}
    pick = picker(table, ("practice", "project", "title", "kind", "location", "description", "collected_by",
                          "date", "source", "area"))
    for line, row in table.iter_rows(problems):
        (practice_text, project_text, title, kind_text, location, description, collected_by, date_text, source,
         area_text) = pick(row)
        ok = True
        practice = practice_of.get((practice_text, area_text))
        if practice is None:
            practice = practice_of[(practice_text, area_text)] = _resolve(
                practice_text.strip(), area_text.strip(), resolve_practice, in_scope)
        if practice.__class__ is tuple:
            problems.add(line, header("practice"), practice[0])
            ok = False
        row_projects = projects_of.get(project_text)
        if row_projects is None:
            row_projects = projects_of[project_text] = _projects(project_text.strip(), projects)
        if row_projects.__class__ is str:
            problems.add(line, header("project"), row_projects)  # type: ignore[arg-type]
            ok = False
        title = title.strip()
        if not title:
            problems.add(line, header("title"), "is empty: every evidence item needs a title")
            ok = False
        kind = KIND_SYNONYMS.get(kind_text) or KIND_SYNONYMS.get(kind_text.strip().lower())
        if kind is None:
            kind_text = kind_text.strip()
            problems.add(line, header("kind"), f"unknown kind {kind_text!r} (artifact or affirmation)"
                         if kind_text else "is empty (artifact or affirmation)")
            ok = False
        collected_on = None
        if date_text:
            if date_text not in date_of:
                date_of[date_text] = parse_date(date_text) if date_text.strip() else ""
            collected_on = date_of[date_text] or None
            if date_of[date_text] is None:
                problems.add(line, header("date"), f"bad date {date_text.strip()!r} (use YYYY-MM-DD or DD.MM.YYYY; "
                             "dd/mm and mm/dd slash dates are refused as ambiguous)")
                ok = False
        if not ok or problems.count:
            continue  # keep checking the rest, but build nothing once the file is refused
        yield (kind, title, location.strip(), description, collected_by, collected_on, source,  # type: ignore[misc]
               practice, row_projects)


def _plan(table: Table, resolve_practice: Callable[[str], str | None], in_scope: Collection[str],
          projects: Sequence[str], existing: Mapping[tuple[str, str, str], int]) -> EvidencePlan:
    """Check the whole file once, keeping only the items' keys and counts; ``items`` and ``links`` of the
    plan read it again (checked again: a file changed since is refused, inside the import's transaction)."""
    problems = Problems(table.path)
    keys: dict[tuple[str, str, str], int] = {}  # item key -> index of a new item, or -id of an item there
    head: list[NewEvidence] = []
    kinds = {"artifact": 0, "affirmation": 0}
    reused: set[int] = set()
    practice_index: dict[str, int] = {}
    project_index = {code: i for i, code in enumerate(projects)}
    link_seen: set[int] = set()  # (ref, practice, project) packed in one int: a million links in ~60 MB
    new_items = 0
    for kind, title, location, description, collected_by, collected_on, source, practice, row_projects in \
            _checked_rows(table, resolve_practice, in_scope, projects, problems):
        key = (kind, title, location)
        ref = keys.get(key)
        if ref is None:
            if key in existing:
                ref = -existing[key]
                reused.add(ref)
            else:
                ref = new_items
                new_items += 1
                kinds[kind] += 1
                if len(head) < HEAD_ITEMS:
                    head.append(NewEvidence(kind, title, location, description.strip(), collected_by.strip(),
                                            collected_on, source.strip()))
            keys[key] = ref
        p = practice_index.setdefault(practice, len(practice_index))
        for code in row_projects:
            link_seen.add((ref << 40) | (p << 20) | project_index[code])
    problems.raise_if_any("imported")
    links = len(link_seen)
    del link_seen

    def changed() -> InputFileError:
        return InputFileError(f"{table.path}: the file changed since it was checked; nothing was imported: "
                              "import it again")

    def index_of(practice: str) -> int:
        found = practice_index.get(practice)
        if found is None:  # a practice the check never met
            raise changed()
        return found

    def recheck() -> Iterator[tuple[NewEvidence | None, int, str, tuple[str, ...]]]:
        """The file again: (the new item when this row introduces it, its ref, practice, projects)."""
        again = Problems(table.path)
        introduced = 0
        for kind, title, location, description, collected_by, collected_on, source, practice, row_projects in \
                _checked_rows(table, resolve_practice, in_scope, projects, again):
            ref = keys.get((kind, title, location))
            if ref is None or ref > introduced:
                break
            item = None
            if ref == introduced:
                item = NewEvidence(kind, title, location, description.strip(), collected_by.strip(), collected_on,
                                   source.strip())
                introduced += 1
            yield item, ref, practice, row_projects
        if again.count or introduced != new_items:
            raise changed()

    practices = list(practice_index)
    #: The links the last complete pass over the items met, as two arrays (16 bytes a link): an import reads
    #: the items, then the links, and the file is read once for both.
    noted: list[tuple[array[int], array[int]]] = []

    def items() -> Iterator[NewEvidence]:
        noted.clear()
        refs, cells = array("q"), array("q")
        seen: set[int] = set()
        for item, ref, practice, row_projects in recheck():
            if item is not None:
                yield item
            p = index_of(practice)
            for code in row_projects:
                packed = (ref << 40) | (p << 20) | project_index[code]
                if packed not in seen:
                    seen.add(packed)
                    refs.append(ref)
                    cells.append((p << 20) | project_index[code])
        noted.append((refs, cells))

    def unique_links() -> Iterator[tuple[int, str, str]]:
        if noted:
            refs, cells = noted.pop()
            for ref, cell in zip(refs, cells, strict=True):
                yield ref, practices[cell >> 20], projects[cell & 0xFFFFF]
            return
        seen: set[int] = set()
        for _item, ref, practice, row_projects in recheck():
            p = index_of(practice)
            for code in row_projects:
                packed = (ref << 40) | (p << 20) | project_index[code]
                if packed not in seen:
                    seen.add(packed)
                    yield ref, practice, code

    return EvidencePlan(table.path, table.row_count, Pass(new_items, items, head), Pass(links, unique_links),
                        len(reused), table.ignored, table.delimiter, table.encoding, kinds=kinds)


def _projects(text: str, projects: Sequence[str]) -> tuple[str, ...] | str:
    """The projects a row's project cell names, or the problem with it."""
    if text.lower() in ALL_PROJECTS:
        return tuple(projects)
    for code in projects:
        if code.upper() == text.upper():
            return (code,)
    if not text:
        return "is empty"
    return f"unknown project {text!r} (projects: {', '.join(projects)}; '*' means all)"


def _resolve(text: str, area: str, resolve_practice: Callable[[str], str | None],
             in_scope: Collection[str]) -> str | tuple[str]:
    """The canonical practice id, or a one-element tuple holding the problem."""
    if not text:
        return ("is empty: every row needs a practice id",)
    found = resolve_practice(text)
    if found is None and area:
        found = resolve_practice(f"{area} {text}")
    if found is None:
        return (f"unknown practice {text!r}",)
    if found not in in_scope:
        return (f"{found} is not in this appraisal's scope",)
    return found


__all__ = ["EVIDENCE_FIELDS", "EvidencePlan", "KIND_SYNONYMS", "header_key", "parse_date",
           "plan_evidence_import", "Table"]
