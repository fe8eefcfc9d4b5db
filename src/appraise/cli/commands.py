"""One function per ``appraise`` command; each opens the appraisal through the services."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from appraise.cli import emit_json
from appraise.errors import UsageError
from appraise.services import (
    SAMPLE,
    Appraisal,
    build_sample,
    bundled_framework_ids,
    default_user,
    export_format_for,
    level_line,
    load_framework,
    model_file_kind,
    sample_names,
    validate_maturity_model,
)


def _warn_maturity_gaps(appraisal: Appraisal) -> None:
    gaps = appraisal.setup.maturity_model_gaps()
    if gaps:
        print(f"Note: the maturity model names processes this assessment does not assess ({', '.join(gaps)}); "
              "the levels that need them cannot be reached.", file=sys.stderr)


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _who(args: argparse.Namespace) -> str:
    return args.by or default_user()


#: Where `appraise demo` builds each sample unless --to says otherwise.
DEMO_FILES = {"acme-ml2": "acme-demo.appraisal", "acme-iso9001": "acme-qms.appraisal"}


def cmd_demo(args: argparse.Namespace) -> int:
    sample = args.sample or SAMPLE
    if sample not in sample_names():
        raise UsageError(f"no sample {sample!r} (samples: {', '.join(sample_names())})")
    dest: Path = args.to if args.to is not None else Path(DEMO_FILES.get(sample, f"{sample}.appraisal"))
    if dest.is_dir():
        raise UsageError(f"{dest} is a folder: give the file to create, e.g. {dest / 'acme-demo.appraisal'}")
    from appraise.cli import _interactive

    reopen = dest.exists() and not args.force  # the demo again: carry on where it was left
    # --force: the new sample is built aside and replaces the old file in one rename
    appraisal = Appraisal.open(dest) if reopen else build_sample(sample, dest, args.by, replace=args.force)
    if _interactive() and not args.print:
        from appraise.tui.app import AppraiseApp

        app = AppraiseApp(appraisal=appraisal)
        if reopen:
            app.call_later(app.notify, f"{dest} was opened as it was left; `appraise demo --force` starts over.",
                           title="The demo again")
        app.run()
        return int(app.return_code or 0)
    with appraisal:
        print(f"Opened {dest} as it was left (--force starts over).\n" if reopen else
              f"Created {dest} from the bundled sample appraisal ({sample}).\n")
        print(render_rating(appraisal, appraisal.rate().to_dict()))
        if appraisal.is_audit:
            print(f"\nTry: appraise compare iso-9001-2015 cmmi-dev-1.3 --level 3\n"
                  f"     appraise demo --print      (the CMMI appraisal of the same organization)\n"
                  f"     appraise reuse acme-demo.appraisal --from {dest}\n"
                  f"     appraise gaps acme-demo.appraisal")
        else:
            print(f"\nTry: appraise characterize {dest} \"REQM SP 1.1\" BETA PI --note \"...\"\n"
                  f"     appraise rate {dest}      (the practice now awaits a team decision)\n"
                  f"     appraise --help")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    with Appraisal.create(args.file, framework=args.framework, representation=args.representation,
                          target=args.target, unit=args.unit, projects=args.projects,
                          areas=args.process_areas, who=_who(args), scope_name=args.scope,
                          refined=args.refined, maturity_model=args.maturity_model) as appraisal:
        info = appraisal.info
        if appraisal.is_audit:
            print(f"Created {args.file}: audit of {info.unit} against {appraisal.framework.id}; "
                  f"{len(appraisal.practices)} clauses x {len(info.projects)} site{'s' if len(info.projects) != 1 else ''} "
                  f"({', '.join(info.projects)})")
        elif appraisal.is_process_assessment:
            extras = [f"values {' '.join(appraisal.values)}"]
            if appraisal.scope.maturity_model is not None:
                extras.append(f"maturity model {appraisal.scope.maturity_model.id}")
            print(f"Created {args.file}: {info.unit}, {appraisal.framework.id} target CL {info.target}; "
                  f"{len(info.areas)} processes ({', '.join(info.areas)}), {len(appraisal.practices)} indicators "
                  f"and attributes x {len(info.projects)} instances ({', '.join(info.projects)}); "
                  + "; ".join(extras))
            _warn_maturity_gaps(appraisal)
        else:
            print(f"Created {args.file}: {info.unit}, {appraisal.framework.id} {info.representation} "
                  f"target {info.target}; {len(info.areas)} process areas, {len(appraisal.practices)} practices "
                  f"x {len(info.projects)} projects ({', '.join(info.projects)})")
    return 0


def cmd_evidence(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        plan = appraisal.evidence.plan_import(args.csv)
        kinds = plan.by_kind
        what = (f"{len(plan.items)} new evidence items ({kinds['artifact']} artifacts, "
                f"{kinds['affirmation']} affirmations), {plan.reused} already in the appraisal, "
                f"{plan.new_links} new links from {plan.rows} rows")
        if plan.ignored_columns:
            what += f"; ignored columns: {', '.join(plan.ignored_columns)}"
        if args.dry_run:
            print(f"Dry run, nothing written: would import {what}.")
            return 0
        appraisal.evidence.import_plan(plan, _who(args))
        print(f"Imported {what}.")
    return 0


def cmd_characterize(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        value = None if args.value.lower() in ("clear", "-", "none") else args.value
        change = appraisal.cells.characterize(args.practice, args.project, value, args.note, _who(args))
        print(f"{change.practice} / {change.project}: {change.old or '—'} -> {change.new or 'cleared'}")
    return 0


def cmd_characterizations(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        plan = appraisal.cells.plan_import(args.csv)
        on_conflict = "replace" if args.replace else "keep" if args.keep_existing else "refuse"
        if args.dry_run:
            changes = appraisal.cells.import_changes(plan)
            conflicts = sum(1 for c in changes if c.conflict)
            print(f"Dry run, nothing written: {len(plan.rows)} characterizations are valid; importing would "
                  f"change {len(changes)} cell{'s' if len(changes) != 1 else ''}"
                  + (f", {conflicts} of them recorded differently (marked !: "
                     + {"refuse": "the import needs --replace or --keep-existing",
                        "replace": "--replace writes the file's values",
                        "keep": "--keep-existing leaves them"}[on_conflict] + ")" if conflicts else "")
                  + (":" if changes else "."))
            for change in changes:
                print(f"  {'!' if change.conflict else ' '} {change.describe()}")
            return 0
        changes = appraisal.cells.import_plan(plan, _who(args), on_conflict)
        kept = len(appraisal.cells.import_changes(plan)) if on_conflict == "keep" else 0
        print(f"Recorded {len(plan.rows)} characterizations ({len(changes)} changed"
              + (f", {kept} recorded differently kept as they were" if kept else "") + ").")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        record = appraisal.decisions.decide(args.target, args.value, args.why, _who(args))
        print(f"Decision recorded: {record.target} = {record.value} ({record.decided_by}, {record.decided_at})")
    return 0


def cmd_scope(args: argparse.Namespace) -> int:
    corrections = (args.unit is not None or args.add_projects or args.rename_project or args.remove_project
                   or args.target is not None)
    ruling = (args.not_applicable, args.applicable, args.weights, args.maturity_model) != (None,) * 4
    if corrections and ruling:
        raise UsageError("correct the scope (--unit, --add-projects, --rename-project, --remove-project, --target) "
                         "and rule on it (--not-applicable, --applicable, --weights, --maturity-model) in two commands")
    if args.yes and args.target is None:
        raise UsageError("--yes confirms a --target change: nothing to confirm here")
    if not corrections and not ruling:
        raise UsageError("say what to change: --unit, --add-projects, --rename-project, --remove-project, --target, "
                         "--not-applicable, --applicable, --weights or --maturity-model (see appraise scope --help)")
    if corrections:
        with Appraisal.open(args.file) as appraisal:
            done = appraisal.setup.correct_scope(unit=args.unit, add=args.add_projects, rename=args.rename_project,
                                           remove=args.remove_project, target=args.target, confirm=args.yes,
                                           why=args.why or "", who=_who(args))
            for line in done.lines():
                print(line)
            info = appraisal.info
            print(f"Scope: {info.unit}, target {info.target}; {', '.join(info.areas)}; {', '.join(info.projects)}")
        return 0
    if args.maturity_model is not None:
        with Appraisal.open(args.file) as appraisal:
            detach = args.maturity_model.strip().lower() == "none"
            appraisal.setup.attach_maturity_model(None if detach else args.maturity_model, _who(args))
            model = appraisal.scope.maturity_model
            print("Maturity model detached." if model is None else
                  f"Maturity model {model.id} attached ({model.title}); `appraise rate` reports the level.")
            _warn_maturity_gaps(appraisal)
        return 0
    if not (args.why or "").strip():
        raise UsageError("say why (--why \"...\"): the rationale is recorded with the change")
    if args.weights is not None:
        with Appraisal.open(args.file) as appraisal:
            weights = None
            if args.weights.strip().lower() != "mean":
                weights = {}
                for part in _split_list(args.weights):
                    code, sep, weight = part.partition("=")
                    if not sep:
                        raise UsageError(f"write weights as INSTANCE=WEIGHT, e.g. ECU-A=3 (not {part!r})")
                    weights[code.strip()] = weight
            record = appraisal.decisions.set_weights(weights, args.why, _who(args))
            print(f"Aggregation: {'weighted mean ' + record.value if weights else 'plain mean (M3.3)'} "
                  f"({record.decided_by}: {record.rationale})")
        return 0
    area, value = (args.not_applicable, "not_applicable") if args.not_applicable else (args.applicable,
                                                                                        "applicable")
    with Appraisal.open(args.file) as appraisal:
        if appraisal.is_process_assessment:
            raise UsageError("a process in the agreed scope is assessed, not ruled not applicable (AS1.4); "
                             "dropping one needs a new scope approved by the sponsor")
        record = appraisal.decisions.decide(area, value, args.why, _who(args))
        print(f"{record.target} is {record.value.replace('_', ' ')} ({record.decided_by}: {record.rationale})")
        below = [p for p in appraisal.practices if p.startswith(record.target + ".")]
        if below and record.value == "not_applicable":
            print(f"  and so are {', '.join(below)}")
    return 0


def cmd_rate(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        rating = appraisal.rate().to_dict()
        if args.json:
            emit_json(rating)
        else:
            print(render_rating(appraisal, rating))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        if args.output == "-":
            sys.stdout.write(appraisal.export_text(args.format or "md"))
            return 0
        fmt = export_format_for(args.output, args.format)
        path = appraisal.export(fmt, args.output)
        print(f"Wrote {path} ({fmt})")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        log = appraisal.history.log()
        width = max((len(c.who) for c in log), default=0)
        for c in log:
            change = f": {c.old or '—'} -> {c.new or '—'}" if c.old or c.new else ""
            print(f"{c.at}  {c.who:<{width}}  {c.what} [{c.target}]{change}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    """Undo the last --steps changes made by --by (or $APPRAISE_USER, the login name): all or none."""
    from appraise.services.undo import describe

    with Appraisal.open(args.file) as appraisal:
        for r in appraisal.history.undo(args.steps, _who(args)):
            print(f"Undone {r.what}: {describe(r)}")
    return 0


def cmd_redo(args: argparse.Namespace) -> int:
    from appraise.services.undo import describe

    with Appraisal.open(args.file) as appraisal:
        for r in appraisal.history.redo(args.steps, _who(args)):
            print(f"Redone {r.what}: {describe(r)}")
    return 0


def cmd_frameworks(args: argparse.Namespace) -> int:
    if args.action == "list":
        for fid in bundled_framework_ids():
            fw = load_framework(fid)
            counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in fw.counts().items())
            print(f"{fid:<18} {fw.title} {fw.version}  ({counts}; scheme {fw.scheme})")
        return 0
    if args.action == "show":
        fw = load_framework(args.name)
        if fw.attributes:
            print(render_process_model(fw))
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


def render_rating(appraisal: Appraisal, rating: dict[str, Any]) -> str:
    """The roll-up for a terminal: level, areas, the goals that hold them back, decisions to make."""
    if rating.get("scheme") == "iso-33020":
        return render_assessment(appraisal, rating)
    if rating.get("scheme") == "audit":
        from appraise.services import audit_lines

        return "\n".join([f"{appraisal.info.unit} — audit against {appraisal.framework.title}; sites "
                          f"{', '.join(appraisal.info.projects)}", "", *audit_lines(rating)])
    info = appraisal.info
    continuous = rating["representation"] == "continuous"
    out = [f"{info.unit} — {appraisal.framework.title} {appraisal.framework.version}, "
           f"{info.representation}, target {'CL' if continuous else 'ML'} {info.target}; "
           f"projects {', '.join(info.projects)}",
           "", level_line(rating), f"  {rating['level_rule']}"]
    if rating["level_blocked_by"]:
        out.append(f"  blocked by: {', '.join(rating['level_blocked_by'])}")
    out.append("")
    for pa in rating["process_areas"]:
        cl = ""
        if continuous:
            cl = f" CL {pa['capability_level']}" if pa["capability_level"] is not None else " CL ?"
        out.append(f"{pa['id']:<6} ML{pa['maturity_level'] or '-'}  {pa['rating']:<15}{cl}  {pa['title']}")
        if pa["rating"] == "not_applicable":
            continue
        for g in pa["goals"]:
            if g["rating"] != "satisfied":
                out.append(f"    {g['id']:<12} {g['rating']:<12} {', '.join(g['blocked_by'])}")
    if rating["pending_decisions"]:
        out += ["", "Decisions the team has to make:"]
        for d in rating["pending_decisions"]:
            out.append(f"  {d['target']}: {' or '.join(d['options'])}   "
                       f"(appraise decide {info.path} \"{d['target']}\" {d['options'][0]} --why \"...\"  "
                       f"or {' or '.join(d['options'][1:])})")
    stale = {(d["kind"], d["target"]) for d in rating["stale_decisions"]}
    standing: dict[tuple[str, str], Any] = {(d.kind, d.target): d for d in appraisal.decisions.all()}
    standing = {key: d for key, d in standing.items() if key not in stale}
    if standing:
        out += ["", "Team decisions:"]
        for d in standing.values():
            why = d.rationale if len(d.rationale) <= 70 else d.rationale[:67].rstrip() + "..."
            out.append(f"  {d.target}: {d.value} — {why}")
    if rating["stale_decisions"]:
        out += ["", "Decisions that no longer apply (the characterizations changed since; decide again):"]
        out += [f"  {d['target']}: {d['value']}" for d in rating["stale_decisions"]]
    return "\n".join(out)


def render_assessment(appraisal: Appraisal, rating: dict[str, Any]) -> str:
    """An ISO/IEC 33020 assessment for a terminal: capability profile, attributes, consistency, decisions."""
    from appraise.services import process_profile_lines

    info = appraisal.info
    return "\n".join([f"{info.unit} — {appraisal.framework.title} {appraisal.framework.version}, target CL "
                      f"{info.target}; instances {', '.join(info.projects)}", "",
                      *process_profile_lines(rating, f"appraise decide {info.path}")])


# -- audits and model comparison ----------------------------------------------------------

def cmd_conform(args: argparse.Namespace) -> int:
    from appraise.services import clause_order

    with Appraisal.open(args.file) as appraisal:
        cells = appraisal.findings.conform(args.clause, args.site, _who(args))
        clauses = sorted({c for c, _s in cells}, key=clause_order)
        sites = sorted({s for _c, s in cells})
        print(f"Conformity recorded: {', '.join(clauses)} in {', '.join(sites)} (a nonconformity on a clause "
              "overrides it)")
    return 0


def _finding_dict(f: Any) -> dict[str, Any]:
    return {"id": f.id, "clause": f.practice or f.area, "grade": f.kind, "status": f.status or None,
            "site": f.site or None, "evidence": f.evidence_id, "text": f.text}


def cmd_finding(args: argparse.Namespace) -> int:
    with Appraisal.open(args.file) as appraisal:
        if args.action == "list":
            findings = appraisal.findings.all()
            if args.json:
                emit_json([_finding_dict(f) for f in findings])
            for f in [] if args.json else findings:
                where = f" in {f.site}" if f.site else ""
                status = f" — {f.status.replace('_', ' ')}" if f.status else ""
                print(f"{f.id}\t{f.kind} on {f.practice or f.area}{where}{status}: {f.text}")
            return 0
        if args.action == "delete":
            found = next((f for f in appraisal.findings.all() if f.id == args.id), None)
            if found is None:
                raise UsageError(f"there is no finding {args.id} (appraise finding list {args.file})")
            appraisal.findings.delete(args.id, _who(args))
            print(f"Deleted finding {args.id} ({found.kind} on {found.practice or found.area}); the change log "
                  "keeps it.")
            return 0
        if args.action == "add":
            f = appraisal.findings.add_audit_finding(args.clause, args.grade, args.text, args.site, args.evidence, _who(args))
        elif args.reopen or args.plan_withdrawn:
            f = appraisal.findings.set_back(args.id, "reopen" if args.reopen else "plan_withdrawn", args.why,
                                           _who(args))
        else:
            status = "plan_accepted" if args.plan_accepted else "verified_closed"
            f = appraisal.findings.update_status(args.id, status, _who(args), args.why)
        if args.json:
            emit_json(_finding_dict(f))
        else:
            where = f" in {f.site}" if f.site else ""
            print(f"{f.id}\t{f.kind} on {f.practice}{where}" + (f" — {f.status.replace('_', ' ')}" if f.status else ""))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from appraise.services.crosswalk import compare

    result = compare(args.source, args.target, args.level, args.map)
    if args.json:
        emit_json(result)
        return 0
    m = result["mapping"]
    print(f"{'Derived mapping' if m['derived'] else 'Mapping'} {m['id']}: {m['note']}")
    print(f"\n{'Area':<6} ML  SPs  strong partial none  clauses")
    for a in result["areas"]:
        print(f"{a['id']:<6} {a['ml']:>2}  {a['specific_practices']:>3}  {a['strong']:>6} {a['partial']:>7} "
              f"{a['none']:>4}  {', '.join(a['clauses']) or '—'}")
    none = result["summary"]["areas_without_counterpart"]
    print(f"\n{result['summary']['line']}.")
    if none:
        print(f"No counterpart at all: {', '.join(none)} (new work for the organization).")
    return 0


def cmd_reuse(args: argparse.Namespace) -> int:
    from appraise.services.crosswalk import decide_suggestions, mapping_line, reuse, suggestion_dict

    if (args.accept or args.reject) and args.audit:
        raise UsageError("propose (--from) and decide (--accept/--reject) in two commands: the ids to decide are "
                         "those the proposal lists")
    from appraise.services.crosswalk import suggestion_filter

    with Appraisal.open(args.file) as appraisal:
        only = suggestion_filter(appraisal, args.areas, args.strong, args.specific_only)
        if args.accept or args.reject:
            links, decided = decide_suggestions(appraisal, args.accept, args.reject, _who(args), only)
            print(f"{decided} suggestions decided; {links} evidence links added (each remembers its audit, clause "
                  "and mapping strength; a link that existed already gets its origin).")
            return 0
        if not args.audit:  # list what is stored, propose nothing
            suggestions = [s for s in appraisal.reader.suggestions()
                           if only.admits(appraisal.framework, s.practice, s.strength)]
            if args.json:
                emit_json({"suggestions": [suggestion_dict(s) for s in suggestions]})
                return 0
            if not suggestions:
                print(f"No suggestions yet: appraise reuse {args.file} --from AUDIT-FILE proposes them.")
                return 0
            _print_suggestions(suggestions, 0)
            return 0
        suggestions, new, mapping = reuse(appraisal, args.audit, args.projects, args.map, _who(args), only)
        suggestions = [s for s in suggestions if only.admits(appraisal.framework, s.practice, s.strength)]
        if args.json:
            emit_json({"mapping": {"file": mapping.origin, "derived": mapping.derived},
                       "suggestions": [suggestion_dict(s) for s in suggestions]})
            return 0
        print(mapping_line(mapping))
        _print_suggestions(suggestions, new)
    return 0


def _print_suggestions(suggestions: list[Any], new: int) -> None:
    """Open suggestions, strong ones first, per area: what an appraiser reviews on site."""
    open_ = sorted((s for s in suggestions if s.status == "open"),
                   key=lambda s: (s.strength != "strong", s.practice, s.project, s.id))
    print(f"{new} new suggestions; {len(open_)} open of {len(suggestions)}. Nothing is linked until you accept "
          "(appraise reuse FILE --accept all|ID,...  --reject ID,...).")
    for s in open_[:200]:
        print(f"  {s.id:>5}  {s.practice:<12} {s.project:<8} {s.strength:<8} {s.basis or '':<3} from {s.clause:<8} "
              f"{s.title}")
    if len(open_) > 200:
        print(f"  … and {len(open_) - 200} more (--json lists them all)")


def cmd_gaps(args: argparse.Namespace) -> int:
    from appraise.services.crosswalk import gaps, mapping_line

    with Appraisal.open(args.file) as appraisal:
        found, mapping = gaps(appraisal, args.map)
        if mapping is None and not args.json:
            print(f"No mapping points to {appraisal.framework.id}: the lines below list the missing evidence only.")
        if args.json:
            emit_json({"gaps": [{k: v for k, v in g.items() if k != "area"} for g in found],
                       "mapping": None if mapping is None else {"file": mapping.origin, "derived": mapping.derived}})
            return 0
        if mapping is not None:
            print(mapping_line(mapping))
        area = None
        for g in found:
            if g["area"] != area:
                area = g["area"]
                print(f"\n{area}")
            where = f"ISO counterpart: {', '.join(g['iso_counterpart'])} (evidence may exist in the ISO system)" \
                if g["iso_counterpart"] else "no ISO counterpart (new work)" if mapping is not None else ""
            print(f"  {g['practice']:<12} {g['project']:<8} lacks {' and '.join(g['missing']):<24} {where}")
        print(f"\n{len(found)} practice x project cells lack evidence." if found else "No gaps: every practice has "
              "an artifact and an affirmation in every project.")
    return 0
