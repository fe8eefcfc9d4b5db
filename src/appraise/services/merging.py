"""Mini-team copies and their merge (issue 15): ``appraisal.merging``.

A lead hands each mini-team a copy (``fork``: the file copied whole, with a ``base`` row holding the records as
they were); in the evening ``merge`` brings back every change each copy made since. It is a three-way merge per
record (``appraise.store.sqlite.merge`` says what a record and its key are): the base is the copy as this file
last merged it (its ``merged`` row), else the copy's ``base``; ours is this file now; theirs is the copy now.
A copy changed a record this file did not: it comes in. Changed to the same value on both sides: nothing. Changed
differently here and there, or differently by two copies of one merge: a conflict, never decided by the tool; the
record stays as this file has it until the team records its consensus (``resolve``). All copies' changes are
gathered before anything is decided, so the result does not depend on the order of the copies.
"""

from __future__ import annotations

import gc
import json
import os
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appraise.errors import UsageError
from appraise.services.files import build_aside
from appraise.store import probe
from appraise.store.sqlite import SqliteStore
from appraise.store.sqlite.merge import key_of, record_of

if TYPE_CHECKING:
    from appraise.services.session import Appraisal

#: What each record is called in a report (and in ``appraise conflicts``).
KINDS = {"characterization": "characterizations", "note": "notes", "rating": "assessor ratings",
         "evidence": "evidence items", "link": "evidence links", "finding": "findings", "decision": "decisions",
         "member": "team members"}


@dataclass(frozen=True)
class ConflictSide:
    side: str
    value: str | None
    who: str
    at: str

    @property
    def by(self) -> str:
        """Who and when, as a person reads it: the lead's record untouched since the copies were made has nobody."""
        if not self.who:
            return "unchanged since the copy was made" if self.side == "lead" else "author not recorded"
        return f"{self.who}, {self.at[:16].replace('T', ' ')}"


@dataclass(frozen=True)
class Conflict:
    id: int | None
    record: str
    target: str
    sides: tuple[ConflictSide, ...]
    status: str
    value: str | None
    rationale: str
    decided_by: str
    decided_at: str
    fork_label: str


@dataclass
class MergeReport:
    """What a merge brought in (per copy: counts per kind of record), its conflicts, and what it left out."""

    dry_run: bool
    copies: list[str]
    came_in: dict[str, Counter[str]] = field(default_factory=dict)
    #: Changes a copy limited to some areas made outside them: never brought in.
    outside: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    changes: int = 0
    #: What comes in, record by record: (the copies it comes from, the record, its new value as a person reads it).
    items: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: What a copy limited to some areas changed outside them: (the copy, the record), never brought in.
    left_out: list[tuple[str, str]] = field(default_factory=list)


def shown(record: str, value: Any) -> str | None:
    """A record's value as a person reads it."""
    if value is None:
        return {"link": "not linked", "note": "(no note)"}.get(record)
    if record == "rating":
        return value[0] + (f" ({value[1]})" if value[1] else "")
    if record == "evidence":
        return value[0] or "(no description)"
    if record == "link":
        return "linked"
    if record == "finding":
        return f"{value[0]}: {value[3]}" + (f" [{value[6]}]" if value[6] else "")
    if record == "decision":
        return f"{value[0]} — {value[1]}"
    if record == "member":
        return value[0]
    return str(value)


def target_of(key: str) -> str:
    record, *parts = json.loads(key)
    if record == "link":
        return f"{parts[1]} -> {parts[3]} / {parts[4]}"
    if record == "evidence":
        return f"evidence {parts[1]}"
    if record == "member":
        return f"team: {parts[0]}"
    if record == "finding":
        return f"finding {parts[0]}"
    return " / ".join(parts) + (" (note)" if record == "note" else "")


def _same(record: str, a: Any, b: Any) -> bool:
    """Two sides made the same change (a decision: the same value and rationale, whoever recorded it when)."""
    if record == "decision" and a is not None and b is not None:
        return bool(a[:2] == b[:2])
    return bool(a == b)


def _item_of(link: str) -> str:
    return key_of("evidence", *json.loads(link)[1:4])


def _items_in_dispute(proposals: dict[str, list[tuple[_Copy, Any, Any]]], ours: dict[str, Any],
                      bases: dict[str, dict[str, Any]]) -> set[str]:
    """Evidence items whose removal on one side meets new links on the other: a conflict on the item, never a
    silent loss. A copy removing an item the lead linked since the fork (a link here, not in the copy's base) or
    another copy links now; a copy linking an item the lead removed since (the item comes in as the copy's side of the conflict). The links
    that go with the item either way are left to the item's conflict. Changes ``proposals`` in place."""
    disputed: set[str] = set()
    removals = {key: [c for c, was, now in found if now is None and was is not None]
                for key, found in proposals.items() if record_of(key) == "evidence" and ours.get(key) is not None}
    if any(removals.values()):
        linked: dict[str, list[str]] = {}
        for key in ours:
            if key.startswith('["link",'):
                linked.setdefault(_item_of(key), []).append(key)
        adding = {_item_of(k) for k, found in proposals.items()  # another copy of this merge links it
                  if k.startswith('["link",') and any(now is not None for _c, _w, now in found)}
        for item, copies in removals.items():
            if copies and (item in adding or any(link not in bases[c.uid] for c in copies
                                                 for link in linked.get(item, ()))):
                disputed.add(item)
    for key in [k for k in proposals if k.startswith('["link",')]:
        item = _item_of(key)
        for c, was, now in list(proposals[key]):
            if was is None and now is not None and item not in ours and item in bases[c.uid]:
                disputed.add(item)  # the lead removed the item the copy links: the copy's item is its side
                if not any(x is c for x, _w, _n in proposals.get(item, ())):
                    proposals.setdefault(item, []).append((c, bases[c.uid][item], c.state["records"].get(item)))
    for key in [k for k in proposals if k.startswith('["link",') and _item_of(k) in disputed]:
        proposals[key] = [(c, was, now) for c, was, now in proposals[key]
                          if not (now is None and removals.get(_item_of(key))) and _item_of(key) in ours]
        if not proposals[key]:
            del proposals[key]
    return disputed


@dataclass
class _Copy:
    path: Path
    uid: str
    label: str
    areas: list[str]
    base: dict[str, Any]
    state: dict[str, Any]


class Merging:
    """``appraisal.merging``: fork a copy, merge copies back, the conflicts and the team's consensus on them."""

    def __init__(self, appraisal: Appraisal) -> None:
        self.appraisal = appraisal

    # -- fork ---------------------------------------------------------------------------
    def fork(self, dest: str | Path, label: str, areas: Sequence[str] = (), who: str | None = None) -> Path:
        """Write a copy of this appraisal to ``dest`` for ``label`` (a mini-team), optionally limited to ``areas``."""
        a = self.appraisal
        who = who or a.user
        if not label.strip():
            raise UsageError("say whom the copy is for: --for \"Mini-team A\"")
        in_scope = a.info.areas
        unknown = [x for x in areas if x not in in_scope]
        if unknown:
            raise UsageError(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in this appraisal's "
                             f"scope (its areas: {', '.join(in_scope)})")
        if a.on_server:  # a team's server: the copy is the appraisal pulled into a file (every row, ids kept)
            from appraise.store import transfer

            dump = transfer.dump(a.reader)

            def copy_to(aside: Path) -> None:
                SqliteStore.create_from(aside, dump).close()
        elif isinstance(a.reader, SqliteStore):
            copy_to = a.reader.copy_to
        else:
            raise UsageError("this appraisal's store cannot be copied to a file")
        dest = Path(dest)

        def build(aside: Path) -> Appraisal:
            from appraise.services.session import Appraisal

            copy_to(aside)
            store = SqliteStore.open(aside)
            try:
                store.record_fork(secrets.token_hex(16), label.strip(), list(areas), store.merge_state(), who)
            finally:
                store.close()
            return Appraisal.open(aside)

        build_aside(dest, build).close()
        return dest

    # -- merge --------------------------------------------------------------------------
    def _open_copy(self, path: Path, seen: dict[str, Path], own_uid: str | None) -> _Copy:
        a = self.appraisal
        probe(path)  # a missing file or no appraisal file: one line
        if not a.on_server and os.path.samefile(path, a.reader.path):
            raise UsageError(f"{path} is the file being merged into: give the copies to merge")
        store = SqliteStore.open(path)
        try:
            if store.info().uid != a.info.uid:
                raise UsageError(f"{path} is a copy of another appraisal, not of {a.reader.path.name}: "
                                 "nothing was merged")
            forks = store.forks()
            base = next((f for f in forks if f["kind"] == "base"), None)
            if base is None:
                raise UsageError(f"{path} is not a copy made with appraise fork (it records no base to compare "
                                 "with): nothing was merged")
            if base["uid"] in seen:
                raise UsageError(f"{path} and {seen[base['uid']]} are the same copy: give it once; nothing was merged")
            if own_uid == base["uid"]:
                raise UsageError(f"{path} is this file's own twin (the same copy): nothing was merged")
            seen[base["uid"]] = path
            return _Copy(path, base["uid"], base["label"], base["areas"], base, store.merge_state())
        finally:
            store.close()

    def _outside(self, copy: _Copy, key: str, values: Sequence[Any]) -> bool:
        """The record lies outside the areas the copy was limited to."""
        if not copy.areas:
            return False
        record, *parts = json.loads(key)
        fw = self.appraisal.framework
        if record in ("characterization", "note", "rating", "link"):
            practice = parts[3] if record == "link" else parts[0]
            try:
                return fw.practice(practice).area not in copy.areas
            except KeyError:
                return True
        if record == "finding":
            return any(v is not None and v[1] not in copy.areas for v in values)
        return False

    def merge(self, copies: Sequence[str | Path], dry_run: bool = False, who: str | None = None) -> MergeReport:
        """Bring into this appraisal every change each copy made since it was forked (or last merged)."""
        # three whole states of tens of thousands of small records: the cyclic garbage collector would walk
        # them again and again (about half the time of a 20,000-cell merge) and finds nothing to free here
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._merge(copies, dry_run, who)
        finally:
            if collecting:
                gc.enable()

    def _merge(self, copies: Sequence[str | Path], dry_run: bool, who: str | None) -> MergeReport:
        a = self.appraisal
        who = who or a.user
        if not copies:
            raise UsageError("give the copies to merge: appraise merge FILE COPY...")
        seen: dict[str, Path] = {}
        forks = a.reader.forks()  # type: ignore[attr-defined]
        own_uid = next((f["uid"] for f in forks if f["kind"] == "base"), None)
        opened = sorted((self._open_copy(Path(p), seen, own_uid) for p in copies), key=lambda c: (c.label, c.uid))
        labels = Counter(c.label for c in opened)
        for c in opened:  # two copies for one mini-team: tell their sides apart
            if labels[c.label] > 1:
                c.label = f"{c.label} ({c.path.name})"
        ours = a.reader.merge_state()  # type: ignore[attr-defined]
        merged = {f["uid"]: f for f in forks if f["kind"] == "merged"}
        local_of = {ident: int(local) for local, ident in ours["finding_ids"].items()}
        report = MergeReport(dry_run, [c.label for c in opened])
        proposals: dict[str, list[tuple[_Copy, Any, Any]]] = {}
        for c in opened:
            report.came_in[c.label] = Counter()
            prior = merged.get(c.uid)
            base = prior["records"] if prior else c.base["records"]
            theirs = c.state["records"]
            for key in sorted(base.keys() | theirs.keys()):
                was, now = base.get(key), theirs.get(key)
                if was == now:
                    continue
                if self._outside(c, key, (was, now)):
                    report.outside[c.label] = report.outside.get(c.label, 0) + 1
                    report.left_out.append((c.label, target_of(key)))
                    continue
                proposals.setdefault(key, []).append((c, was, now))
        disputed = _items_in_dispute(proposals, ours["records"], {c.uid: (merged[c.uid]["records"] if c.uid in merged
                                                                          else c.base["records"]) for c in opened})
        changes, conflicts = [], []
        for key in sorted(proposals):
            record = record_of(key)
            found = proposals[key]
            mine = ours["records"].get(key)
            values = [now for _c, _was, now in found]
            agreed = all(_same(record, values[0], v) for v in values[1:])
            if agreed and _same(record, mine, values[0]) and key not in disputed:
                continue  # the same change here already
            if agreed and all(_same(record, mine, was) for _c, was, _now in found) and key not in disputed:
                author = self._who(found[0][0].state, key)[0]
                parts = key[2:-2].split('","')[1:] if "\\" not in key else json.loads(key)[1:]
                changes.append({"kind": record, "key": key, "parts": parts, "value": values[0], "author": author,
                                "label": ", ".join(c.label for c, _w, _n in found),
                                "local": local_of.get(parts[0]) if record == "finding" else None})
                for c, _w, _n in found:
                    report.came_in[c.label][record] += 1
                report.items.append((changes[-1]["label"], target_of(key), shown(record, values[0])))
                continue
            # the lead's record left as it was when the copies were made: nobody to name (who "" says so)
            untouched = key not in disputed and all(_same(record, mine, was) for _c, was, _now in found)
            sides = [{"side": "lead", "value": mine,
                      **dict(zip(("who", "at"), ("", "") if untouched else self._who(ours, key)))}]
            sides += [{"side": c.label, "value": now, **dict(zip(("who", "at"), self._who(c.state, key)))}
                      for c, _was, now in found]
            conflicts.append({"record": record, "key": key, "target": target_of(key), "sides": sides,
                              "fork_uid": found[0][0].uid})
        report.changes = len(changes)
        unchanged = all(c.uid in merged and merged[c.uid]["records"] == c.state["records"] for c in opened)
        if not dry_run and (changes or conflicts or not unchanged):  # the same copies again: nothing is written
            a.store.apply_merge(changes, conflicts, [  # type: ignore[attr-defined]
                {"uid": c.uid, "label": c.label, "areas": c.areas, "change_id": c.state["change_id"],
                 "records": c.state["records"]} for c in opened], who, since=ours["change_id"])
            a.reload_scope()
            pending = self.conflicts()
            report.conflicts = pending[len(pending) - len(conflicts):] if conflicts else []
        else:
            report.conflicts = [self._conflict({"id": None, "status": "pending", "value": None, "rationale": "",
                                                "decided_by": "", "decided_at": "",
                                                "fork_label": c["sides"][1]["side"], **c}) for c in conflicts]
        return report

    @staticmethod
    def _who(state: dict[str, Any], key: str) -> list[str]:
        """Who changed a record last and when, as the record keeps it ("" when it keeps none: a link, an item)."""
        meta = state["meta"].get(key)
        return list(meta) if meta and meta[0] else ["", ""]

    # -- conflicts and consensus ------------------------------------------------------------
    @staticmethod
    def _conflict(row: dict[str, Any]) -> Conflict:
        sides = tuple(ConflictSide(s["side"], shown(row["record"], s["value"]), s["who"], s["at"])
                      for s in row["sides"])
        return Conflict(row["id"], row["record"], row["target"], sides, row["status"], row["value"],
                        row["rationale"], row["decided_by"], row["decided_at"], row["fork_label"])

    def conflicts(self, pending_only: bool = True) -> list[Conflict]:
        """The conflicts merges found (pending only, or all with the consensus recorded), oldest first."""
        reader = self.appraisal.reader
        if not hasattr(reader, "merge_conflicts"):
            return []
        return [self._conflict(r) for r in reader.merge_conflicts(pending_only)]

    def _check_fresh(self, row: dict[str, Any], taken: Any) -> None:
        """A side's value is the record as it was at the merge: refuse it when the record changed since (the lead
        edited it, another conflict on it was decided), unless the side holds exactly what the record is now."""
        a, record = self.appraisal, row["record"]
        lead = next((s for s in row["sides"] if s["side"] == "lead"), None)
        state = a.reader.merge_state()  # type: ignore[attr-defined]
        now = state["records"].get(row["key"])
        if lead is None or _same(record, now, lead["value"]) or _same(record, now, taken):
            return
        by = self._who(state, row["key"])[0] if record not in ("evidence", "member") else ""
        if not by:
            since = [e for e in a.reader.change_log() if e.at >= row["created_at"]]
            by = since[-1].who if since else "someone else"
        raise UsageError(f"conflict #{row['id']} ({row['target']}) changed since the merge: it is now "
                         f"{shown(record, now) or '(none)'} (by {by}); decide again with the value, or merge again")

    def resolve(self, conflict_id: int, *, take: str | None = None, value: str | None = None, why: str,
                who: str | None = None) -> Conflict:
        """Record the team's consensus on conflict ``conflict_id``: one side's value (``take``: ``lead``, a
        copy's label, or the side's number) or a ``value`` of the scale (a characterization) or a note's text."""
        a = self.appraisal
        who = who or a.user
        if not why.strip():
            raise UsageError("say why the team decided so: --why \"...\"")
        rows = {r["id"]: r for r in a.reader.merge_conflicts(False)}  # type: ignore[attr-defined]
        row = rows.get(conflict_id)
        if row is None:
            pending = [str(i) for i, r in rows.items() if r["status"] == "pending"]
            raise UsageError(f"there is no conflict #{conflict_id} (pending: {', '.join(pending) or 'none'})")
        if row["status"] != "pending":
            raise UsageError(f"conflict #{conflict_id} ({row['target']}) was decided already by {row['decided_by']}: "
                             "nothing was changed")
        if (take is None) == (value is None):
            raise UsageError("give either --take SIDE or a VALUE for the conflict, not both or neither")
        names = [s["side"] for s in row["sides"]]
        if take is not None:
            picked = next((s for i, s in enumerate(row["sides"], 1)
                           if take.casefold() in (s["side"].casefold(), str(i))), None)
            if picked is None:
                raise UsageError(f"conflict #{conflict_id} has no side {take!r} (its sides: "
                                 f"{', '.join(f'{i} {n}' for i, n in enumerate(names, 1))})")
            raw = picked["value"]
            self._check_fresh(row, raw)
        elif row["record"] == "characterization":
            if value not in a.values:
                raise UsageError(f"{value!r} is not a value of this appraisal's scale ({', '.join(a.values)})")
            raw = value
        elif row["record"] == "note":
            raw = value
        else:
            raise UsageError(f"a {row['record']} conflict is decided by taking a side: --take "
                             f"{' | '.join(names)}")
        if row["record"] == "member":  # a roster conflict's consensus changes the roster: the lead's, as any change
            a.permit("update_team_member", who)
        a.store.decide_conflict(conflict_id, raw, why.strip(), who)  # type: ignore[attr-defined]
        return next(c for c in self.conflicts(False) if c.id == conflict_id)


__all__ = ["Conflict", "ConflictSide", "MergeReport", "Merging", "shown"]
