"""The bundled and the user's model files: `appraise frameworks list|show|validate`."""

from __future__ import annotations

import argparse
from typing import Any

from appraise.services import (
    build_from_mdd_tool,
    load_framework,
    model_entries,
    model_file_kind,
    validate_maturity_model,
)


def cmd_frameworks(args: argparse.Namespace) -> int:
    if args.action == "list":
        for entry in model_entries():
            mine = " [yours]" if entry.mine else ""
            fw = entry.framework
            if fw is None:
                print(f"{entry.id:<18}{mine} cannot be used: {entry.problem}")
                continue
            counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in fw.counts().items())
            print(f"{entry.id:<18} {fw.title} {fw.version}  ({counts}; scheme {fw.scheme}){mine}")
        return 0
    if args.action == "build":
        return _build(args)
    if args.action == "show":
        fw = load_framework(args.name)
        if fw.attributes:
            print(render_process_model(fw))
            return 0
        if fw.shape == "practice_groups":
            print(render_group_model(fw))
            return 0
        print(f"{fw.id}: {fw.title} {fw.version}\n{fw.source}\nscheme {fw.scheme}; representations "
              f"{', '.join(fw.representations)}; scale {', '.join(fw.scale.ids)}")
        for area in fw.areas:
            ml = f" (ML{area.maturity_level}, {area.category})" if area.maturity_level else ""
            print(f"\n{area.id} {area.title}{ml}")
            for goal in area.specific_goals:
                print(f"  {goal.local_id} {goal.title}")
                for p in goal.practices:
                    print(f"    {p.local_id} {p.title}")
        generic = fw.areas[0].generic_goals if fw.areas else ()
        if generic:
            print("\nGeneric goals (every area; ids prefixed by the area, e.g. REQM GP 2.1)")
            for goal in generic:
                print(f"  {goal.local_id} {goal.title} — CL {goal.generic_level}, "
                      f"{', '.join(goal.representations)}")
                for p in goal.practices:
                    print(f"    {p.local_id} {p.title}")
        return 0
    kind = model_file_kind(args.path)
    if kind == "mapping":
        from appraise.services.crosswalk import validate_mapping

        mapping, source, target = validate_mapping(args.path)
        strong = sum(1 for p in mapping.pairs if p.strength == "strong")
        print(f"{args.path}: valid mapping ({source.id} -> {target.id}; {len(mapping.pairs)} pairs after expanding "
              f"'ALL', {strong} strong{'; derived' if mapping.derived else ''})")
        return 0
    if kind == "maturity-model":
        model, fw = validate_maturity_model(args.path)
        print(f"{args.path}: valid maturity model ({model.id} for {fw.id}; levels "
              f"{', '.join(str(lv.level) for lv in model.levels)})")
        return 0
    fw = load_framework(str(args.path))
    counts = fw.counts()
    print(f"{args.path}: valid ({fw.id}; " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
          + ")")
    return 0


def _build(args: argparse.Namespace) -> int:
    built = build_from_mdd_tool(args.workbook, args.output, model_id=args.model_id, statements=args.statements,
                                method_version=args.method_version, replace=args.force)
    fw = built.framework
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in fw.counts().items())
    per_process = [a.id for a in fw.areas if a.per_process]
    print(f"built {fw.id} from {args.workbook.name}: {counts} (method version {fw.method_version})"
          + (f"; per process: {', '.join(per_process)}" if per_process else ""))
    print("domains: " + ", ".join(f"{d} ({sum(1 for a in fw.areas if a.category == d)})" for d in fw.domains))
    if args.statements:
        print(f"statements: {built.statements} of {fw.counts()['practices']} practices from {args.statements.name}"
              + (f"; not in the model, left out: {', '.join(built.unmatched[:10])}"
                 f"{' ...' if len(built.unmatched) > 10 else ''}" if built.unmatched else ""))
    else:
        print("statements: none (the workbook holds none; --statements adds yours from your OE database or a CSV)")
    print(f"written: {built.written}")
    print(f"kept as yours: {built.kept} (appraise new --framework {fw.id})")
    if built.settings:
        print("the workbook's appraisal: " + "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in built.settings.items()))
    for note in built.notes:
        print(f"note: {note}")
    return 0


def render_group_model(fw: Any) -> str:
    """A practice-group model (CMMI V2.0/V3.0) for the terminal: areas by domain, groups, practice ids, and the
    statements only where the model has them."""
    out = [f"{fw.id}: {fw.title} {fw.version}", fw.source,
           f"scheme {fw.scheme}; method version {fw.method_version}; representations {', '.join(fw.representations)}; "
           f"scale {', '.join(fw.scale.ids)}"]
    if fw.level_areas:
        out += [f"maturity level {lv} requires: {', '.join(areas)}" for lv, areas in sorted(fw.level_areas.items())]
    for domain in fw.domains:
        areas = [a for a in fw.areas if a.category == domain]
        out.append(f"\n{domain} ({len(areas)} practice areas)")
        for area in areas:
            extra = ", characterized per process" if area.per_process else ""
            name = f" {area.title}" if area.title != area.id else ""
            out.append(f"  {area.id}{name} (levels 1-{max(g.level or 0 for g in area.goals)}{extra})")
            for goal in area.goals:
                if any(p.title for p in goal.practices):
                    out.append(f"    {goal.id}")
                    out += [f"      {p.id}" + (f"  {p.title}" if p.title else "") for p in goal.practices]
                else:
                    out.append(f"    {goal.id}: {', '.join(p.id for p in goal.practices)}")
    return "\n".join(out)


def render_process_model(fw: Any) -> str:
    """A process model for the terminal: processes with their base practices, then the attributes' GPs."""
    out = [f"{fw.id}: {fw.title} {fw.version}", fw.source,
           f"scheme {fw.scheme}; capability levels {', '.join(map(str, fw.capability_levels))}; "
           f"scale {', '.join(v.id for v in fw.scale.values if not v.refined)} "
           f"(refined with --refined: {', '.join(v.id for v in fw.scale.values if v.refined) or 'none'})"]
    for scope in fw.scopes.values():
        listed = ", ".join(scope.processes) if scope.processes is not None else f"not usable: {scope.note}"
        out.append(f"scope {scope.name} ({scope.title}, {scope.rule}): {listed}")
    if fw.no_maturity_levels:
        out.append(fw.no_maturity_levels)
    for area in fw.areas:
        extra = [x for x in (area.category, f"subprocess of {area.parent}" if area.parent else "",
                             f"{area.status} in the source" if area.status else "") if x]
        out.append(f"\n{area.id} {area.title}" + (f" ({', '.join(extra)})" if extra else ""))
        bps = [p for goal in area.goals for p in goal.practices if not p.generic and not p.attribute]
        for p in bps:
            out.append(f"  {p.id} {p.title or '(title not transcribed)'}")
        if not bps:
            out.append("  (no base practices in this model: the attributes are rated directly)")
    first = fw.areas[0] if fw.areas else None
    example = next((p.id for g in first.goals for p in g.practices if p.generic), first.goals[0].id) if first else ""
    out.append("\nProcess attributes and their generic practices (every process; ids prefixed by the process, "
               f"e.g. {example})")
    for attr in fw.attributes:
        out.append(f"  CL {attr.level}  {attr.id} {attr.title}")
        goal = next((g for g in first.goals if g.local_id == attr.id), None) if first else None
        for p in goal.practices if goal else ():
            if p.generic:
                out.append(f"      {p.local_id} {p.title}")
    return "\n".join(out)
