"""Evidence: `appraise evidence import|list|export|remove`."""

from __future__ import annotations

import argparse
from typing import Any

from appraise.cli.commands import who
from appraise.cli.commands.importing import finish_spec, reading_lines, spec_from_args
from appraise.services import Appraisal
from appraise.services.evidence import SyncPlan


def cmd_evidence(args: argparse.Namespace) -> int:
    if args.action != "import":
        return INDEX_ACTIONS[args.action](args)
    spec = spec_from_args(args)
    with Appraisal.open(args.file) as appraisal:
        plan = appraisal.evidence.plan_import(args.csv, spec)
        kinds = plan.by_kind
        what = (f"{len(plan.items)} new evidence items ({kinds['artifact']} artifacts, "
                f"{kinds['affirmation']} affirmations), {plan.reused} already in the appraisal, "
                f"{plan.new_links} new links from {plan.rows} rows")
        if plan.ignored_columns:
            what += f"; ignored columns: {', '.join(plan.ignored_columns)}"
        saved = finish_spec(args, spec)
        if args.sync:
            for line in sync_lines(appraisal.evidence.sync_plan(plan), dry_run=args.dry_run):
                print(line)
        if args.dry_run:
            print(f"Dry run, nothing written: would import {what}.")
        else:
            appraisal.evidence.import_plan(plan, who(args), sync=args.sync)
            print(f"Imported {what}.")
        for line in reading_lines(plan.sheets, plan.notes, plan.placeholders) + saved:
            print(line)
    return 0


def sync_lines(sync: SyncPlan, dry_run: bool) -> list[str]:
    """What ``import --sync`` does (listed first): the items it removes, one line each, then those it keeps for
    being linked from elsewhere with why; a line saying so when no earlier import of the source was found."""
    if not sync.earlier:
        return [f"No earlier import of {sync.source} found: --sync removes nothing."]

    def items(n: int) -> str:
        return f"{n} item{'s' if n != 1 else ''}"

    def line(item: Any) -> str:
        return f"  #{item.id}\t{item.kind}\t{one_line(item.title)}" + (f"\t{item.location}" if item.location else "")

    out: list[str] = []
    if sync.remove:
        out.append(f"{'Would remove' if dry_run else 'Removed'} {items(len(sync.remove))} of an earlier import of "
                   f"{sync.source} that it no longer holds:")
        out += [line(item) for item in sync.remove]
    if sync.kept:
        out.append(f"{'Would keep' if dry_run else 'Kept'} {items(len(sync.kept))} of an earlier import of "
                   f"{sync.source} that it no longer holds, also linked from elsewhere:")
        out += [f"{line(item)}\t({why})" for item, why in sync.kept]
    return out


def one_line(text: str) -> str:
    """A cell's text on one terminal line (a title may hold line breaks)."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip()) if "\n" in text or "\r" in text \
        else text


def _item_dict(item: Any, links: list[tuple[str, str]]) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "title": item.title, "location": item.location,
            "channel": item.channel or None, "source": item.source or None, "date": item.collected_on,
            "imported_from": item.imported_from or None,
            "links": [f"{practice}/{project}" for practice, project in links]}


def cmd_evidence_list(args: argparse.Namespace) -> int:
    from appraise.cli import emit_json

    with Appraisal.open(args.file) as appraisal:
        items = appraisal.evidence.items()
        links = appraisal.evidence.links()
    rows = [_item_dict(item, links.get(item.id, [])) for item in items]
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print(f"No evidence items yet (appraise evidence import {args.file} index.csv).")
    for row in rows:
        extra = [row["location"], row["channel"], row["source"] and f"source: {row['source']}", row["date"],
                 row["imported_from"] and f"from {row['imported_from']}"]
        print(f"#{row['id']}\t{row['kind']}\t{one_line(row['title'])}" + "".join(f"\t{one_line(x)}" for x in extra if x))
        print(f"\tlinks: {', '.join(row['links']) or 'none'}")
    return 0


def cmd_evidence_export(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        done = appraisal.evidence.export(args.output, replace=args.force)
    print(f"Exported {done.items} evidence items as {done.rows} rows (one per link) to {done.path}.")
    if done.unlinked:
        ids = ", ".join(f"#{item.id}" for item in done.unlinked)
        print(f"Left out {len(done.unlinked)} item{'s' if len(done.unlinked) != 1 else ''} with no link ({ids}): "
              "the import reads one row per link; link them to a practice to have them in the index.")
    return 0


def cmd_evidence_remove(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        gone = appraisal.evidence.remove(args.ids, who(args))
    for item in gone:
        print(f"Removed #{item.id}\t{item.kind}\t{one_line(item.title)}" + (f" ({item.links} links)" if item.links else ""))
    print(f"appraise undo {args.file} puts {'them' if len(gone) > 1 else 'it'} back.")
    return 0


INDEX_ACTIONS = {"list": cmd_evidence_list, "export": cmd_evidence_export, "remove": cmd_evidence_remove}
