"""A practice id as a file writes it -> the model's canonical id, or why not (``Refusal``).

Files write ids many ways: whole (``REQM SP 1.1``, ``SYS.3.BP3``), or as a bare number under an area column
(``1.1`` under ``PP``), a process column (``BP3`` under ``SYS.3``) or a sheet named by its area; with the
organization's own area codes (``RM`` for ``REQM``). ``PracticeResolver`` composes the id from the model's data
alone (each practice's area and its id inside the area), so it works for every model without naming one: a
bare number is matched to the practice of the area whose number it is, a specific practice before a generic
one (``1.1`` under ``PP`` is ``PP SP 1.1``, not ``PP GP 1.1``), a generic practice before a process
attribute. An unknown area code is refused with the closest known codes, the same ``kind`` for every row
it affects, so the problems list it once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from appraise.errors import UsageError
from appraise.framework import Framework, id_key


@dataclass(frozen=True)
class Refusal:
    """Why a row's practice cannot be resolved."""

    #: The column to blame: "practice", "area" or "process".
    field: str
    #: What groups it: "unknown area code 'RM'", "unknown practice", "not in scope" ...
    kind: str
    #: The whole sentence for that row.
    message: str


#: An area code at the start of a practice id: ``RM`` of ``RM SP 1.1``, ``SYS.3`` of ``SYS.3.BP3``,
#: ``M&A`` of ``M&A 2.1``; what follows is the practice inside the area.
_LEADING_CODE = re.compile(r"^\s*([A-Za-z][A-Za-z&]*(?:\.\d+[A-Za-z]?)?)[\s._:-]*(.*\d.*)$")
#: Closest known codes named for an unknown one.
CLOSE_CODES = 3


def _code_key(text: str) -> str:
    return " ".join(text.split()).upper()


class PracticeResolver:
    """Resolves the practice of each import row (``resolve``), caching per distinct (text, area, process)."""

    def __init__(self, framework: Framework, in_scope: Collection[str], aliases: Mapping[str, str] | None = None,
                 cell: Callable[[str, str], str] | None = None) -> None:
        self.framework = framework
        self.in_scope = in_scope
        self.cell = cell
        self._areas = {_code_key(a.id): a.id for a in framework.areas}
        self._titles = {" ".join(a.title.split()).casefold(): a.id for a in framework.areas if a.title}
        self.aliases: dict[str, str] = {}
        for code, target in (aliases or {}).items():
            area = self._area(target, aliased=False)
            if area is None:
                raise UsageError(f"--alias {code}={target}: {target!r} is not an area of {framework.id}"
                                 f"{self._closest_text(target)}")
            self.aliases[_code_key(code)] = area
        # the tokens practices are written with inside their area (SP, GP, BP, PA): not area codes
        self._local_words = {tok for p in framework.practices for tok in id_key(p.local_id) if not tok.isdigit()}
        # (area, the numbers of a practice's id inside it) -> practices, best kind first
        self._by_number: dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]] = {}
        for p in framework.practices:
            numbers = tuple(t for t in id_key(p.local_id or p.id) if t.isdigit())
            rank = 2 if p.attribute else 1 if p.generic else 0
            self._by_number.setdefault((p.area, numbers), []).append((rank, p.id))
        #: Practices the scheme gives a cell per process (CMMI V3.0 II and GOV): ``cell`` names the cell.
        self._per_process = {c.base for c in framework.cells}
        self._cache: dict[tuple[str, str, str], str | Refusal] = {}

    # -- areas ---------------------------------------------------------------------------------------
    def _area(self, text: str, aliased: bool = True) -> str | None:
        """The area a code (or an alias, or an area's title) names, or None."""
        key = _code_key(text)
        if aliased and key in self.aliases:
            return self.aliases[key]
        found = self._areas.get(key) or self.framework.resolve_area(text)
        return found or self._titles.get(" ".join(text.split()).casefold())

    def area(self, text: str, field: str = "area") -> str | Refusal:
        """The area a row's area cell names (an alias, a code, a title), or why not (the closest known codes)."""
        found = self._area(text.strip())
        return found if found is not None else self._unknown_area(text, field)

    def _closest_text(self, code: str) -> str:
        close = difflib.get_close_matches(_code_key(code), list(self._areas), n=CLOSE_CODES, cutoff=0.4)
        return f" (closest known codes: {', '.join(self._areas[c] for c in close)})" if close else \
            f" (known codes: {', '.join(list(self._areas.values())[:12])}{' ...' if len(self._areas) > 12 else ''})"

    def _unknown_area(self, code: str, field: str) -> Refusal:
        code = " ".join(code.split())
        return Refusal(field, f"unknown area code {code.upper()!r}",  # ``rm`` and ``RM`` are one problem
                       f"unknown area code {code!r}{self._closest_text(code)}: name the model's code with "
                       f"--alias {code}=CODE or an aliases entry in the profile")

    # -- practices -----------------------------------------------------------------------------------
    def _in_area(self, area: str, text: str) -> str | None:
        """The practice ``text`` names inside ``area``: the whole id composed, else by its numbers."""
        found = self.framework.resolve_practice(f"{area} {text}")
        if found is not None and self.framework.practice(found).area == area:
            return found
        numbers = tuple(t for t in id_key(text) if t.isdigit())
        words = [t for t in id_key(text) if not t.isdigit()]
        if not numbers or words:  # ``SP 1.1`` that did not compose is no bare number
            return None
        candidates = sorted(self._by_number.get((area, numbers), []))
        if not candidates or (len(candidates) > 1 and candidates[0][0] == candidates[1][0]):
            return None
        return candidates[0][1]

    def _practice(self, text: str, area_text: str, process: str) -> tuple[str | None, str, Refusal | None]:
        """(the practice id or None, the process left for ``cell``, or the refusal)."""
        area: str | None = None
        area_field = ""
        if area_text:
            area, area_field = self._area(area_text), "area"
        elif process and (in_process := self._area(process)) is not None:
            area, process = in_process, ""  # the process column names the area (SPICE's ``SYS.3``)
        if area is not None:
            found = self._in_area(area, text)
            if found is not None:
                return found, process, None
        found = self.framework.resolve_practice(text)
        if found is not None:
            return found, process, None
        match = _LEADING_CODE.match(text)
        if match is not None and match.group(1).upper() not in self._local_words:
            code, rest = match.group(1), match.group(2)
            code_area = self._area(code)
            if code_area is not None:
                return self._in_area(code_area, rest), process, None
            return None, process, self._unknown_area(code, "practice")
        if area_text and area is None:
            return None, process, self._unknown_area(area_text, area_field)
        return None, process, None

    def _like(self, text: str, area_text: str) -> str:
        """What the practices of the area the row names are (`` (REQM has REQM SP 1.1 … REQM SP 1.5)``), else
        how the model writes an id."""
        match = _LEADING_CODE.match(text)
        area = self._area(area_text) if area_text else self._area(match.group(1)) if match else None
        ids = [p.id for p in self.framework.practices if p.area == area] if area else []
        if ids:
            return f" ({area} has {ids[0]} … {ids[-1]})" if len(ids) > 1 else f" ({area} has {ids[0]})"
        sample = next(iter(self.framework.practices), None)
        return f" (write it like {sample.id!r})" if sample is not None else ""

    def resolve(self, text: str, area: str = "", process: str = "") -> str | Refusal:
        """The canonical id (the cell id, for a practice characterized per process) of the practice a row
        names, or why not. ``area`` and ``process`` are the row's area and process cells ("" when none)."""
        key = (text, area, process)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._resolve(text.strip(), area.strip(), process.strip())
        return found

    def _resolve(self, text: str, area: str, process: str) -> str | Refusal:
        if not text:
            return Refusal("practice", "empty practice", "is empty: every row needs a practice id")
        named = area or process  # the area (or SPICE process) the row names, for the message
        found, process, refusal = self._practice(text, area, process)
        if refusal is not None:
            return refusal
        if found is None:
            where = f" in {area}" if area else ""
            return Refusal("practice", "unknown practice",
                           f"unknown practice {text!r}{where}{self._like(text, named)}")
        if self.cell is not None and (process or (found not in self.in_scope and found in self._per_process)):
            try:
                found = self.cell(found, process)
            except UsageError as exc:
                return Refusal("process" if process else "practice", "process", str(exc))
        if found not in self.in_scope:
            return Refusal("practice", "not in scope", f"{found} is not in this appraisal's scope")
        return found


__all__ = ["PracticeResolver", "Refusal"]
