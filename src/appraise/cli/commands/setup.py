"""Setting an appraisal up: `appraise demo`, `new` and `scope` (corrections, rulings, weights, the maturity model)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from appraise.cli.commands import who
from appraise.cli.commands.rating import render_rating
from appraise.errors import UsageError
from appraise.services import SAMPLE, Appraisal, CreatedFacts, build_sample, sample_names


def _warn_maturity_gaps(appraisal: Appraisal) -> None:
    gaps = appraisal.setup.maturity_model_gaps()
    if gaps:
        print(f"Note: the maturity model names processes this assessment does not assess ({', '.join(gaps)}); "
              "the levels that need them cannot be reached.", file=sys.stderr)

def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]

#: Where `appraise demo` builds each sample unless --to says otherwise.
DEMO_FILES = {"acme-ml2": "acme-demo.appraisal", "acme-iso9001": "acme-qms.appraisal"}

def cmd_demo(args: argparse.Namespace) -> int:
    if args.name and args.sample and args.name != args.sample:
        raise UsageError(f"two samples named ({args.name}, {args.sample}): name one")
    sample = args.name or args.sample or SAMPLE
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
        print("\n" + appraisal.view.demo_hints.format(dest=dest))
    return 0

def area_levels(pairs: list[str], flag: str = "--pa-target") -> dict[str, int]:
    """``["CM=2", "DAR=3"]`` -> ``{"CM": 2, "DAR": 3}``; a pair that is not AREA=LEVEL is refused."""
    out: dict[str, int] = {}
    for pair in pairs:
        area, sep, level = pair.partition("=")
        if not sep or not area.strip() or not level.strip().isdigit():
            raise UsageError(f"write {flag} as AREA=LEVEL, e.g. CM=2 (not {pair!r})")
        out[area.strip()] = int(level)
    return out

def cmd_new(args: argparse.Namespace) -> int:
    options = {"appraisal_type": args.appraisal_type, "domains": args.domains,
               "support_functions": args.support_functions, "processes": args.processes,
               "area_targets": area_levels(args.area_targets), "benchmark_level": args.benchmark_level,
               "phase2_start": args.phase2_start}
    with Appraisal.create(args.file, framework=args.framework, representation=args.representation,
                          target=args.target, unit=args.unit, projects=args.projects,
                          areas=args.process_areas, who=who(args), scope_name=args.scope,
                          refined=args.refined, maturity_model=args.maturity_model, options=options) as appraisal:
        info = appraisal.info
        maturity = appraisal.scope.maturity_model
        print(appraisal.view.created(CreatedFacts(
            str(args.file), info.unit, appraisal.framework.id, info.representation, info.target, info.areas,
            len(appraisal.practices), info.projects, appraisal.values, maturity.id if maturity is not None else "",
            settings=info.settings)))
        if appraisal.view.maturity_model:
            _warn_maturity_gaps(appraisal)
    return 0

def assignments(items: list[str]) -> dict[str, dict[str, bool]]:
    """``["P3=-SAM", "+PI", "QA=+PQA"]`` -> ``{"P3": {"SAM": False, "PI": True}, "QA": {"PQA": True}}``."""
    out: dict[str, dict[str, bool]] = {}
    unit = None
    for item in items:
        head, sep, rest = item.partition("=")
        if sep:
            unit, item = head.strip(), rest.strip()
            out.setdefault(unit, {})
        if unit is None or not unit or item[:1] not in ("+", "-") or not item[1:].strip():
            raise UsageError(f"write --assign as UNIT=+AREA,-AREA, e.g. P3=-SAM,+PI (not {item!r})")
        out[unit][item[1:].strip()] = item[0] == "+"
    return out

def revision(args: argparse.Namespace) -> dict[str, object]:
    """The scheme's own scope changes the command asks for (``Setup.revise_scope``), by key."""
    change: dict[str, object] = {}
    if args.area_targets:
        change["area_targets"] = area_levels(args.area_targets)
    if args.out_of_scope:
        change["out_of_scope"] = args.out_of_scope
    if args.in_scope:
        change["in_scope"] = args.in_scope
    if args.assign:
        change["assign"] = assignments(args.assign)
    if args.processes is not None:
        if not args.processes:
            raise UsageError("--processes needs at least one process name")
        change["processes"] = args.processes
    if args.benchmark_level is not None:
        change["benchmark_level"] = args.benchmark_level
    if args.phase2_start is not None:
        change["phase2_start"] = args.phase2_start
    return change

def cmd_scope(args: argparse.Namespace) -> int:
    if args.sample is not None:
        return _scope_sample(args)
    if args.alias:
        raise UsageError("--alias maps the unit labels of a random sample: use it with --sample")
    corrections = (args.unit is not None or args.add_projects or args.rename_project or args.remove_project
                   or args.target is not None)
    ruling = (args.not_applicable, args.applicable, args.weights, args.maturity_model) != (None,) * 4
    change = revision(args)
    if corrections and ruling:
        raise UsageError("correct the scope (--unit, --add-projects, --rename-project, --remove-project, --target) "
                         "and rule on it (--not-applicable, --applicable, --weights, --maturity-model) in two commands")
    if change and (corrections or ruling):
        raise UsageError("revise the method's own scope (--pa-target, --out-of-scope, --in-scope, --assign, "
                         "--processes, --benchmark-level, --phase2-start) in a command of its own")
    if change:
        with Appraisal.open(args.file) as appraisal:
            done = appraisal.setup.revise_scope(change, args.why or "", who(args), confirm=args.yes)
            for line in done.lines():
                print(line)
        return 0
    if args.yes and args.target is None:
        raise UsageError("--yes confirms a --target change: nothing to confirm here")
    if not corrections and not ruling:
        raise UsageError("say what to change: --unit, --add-projects, --rename-project, --remove-project, --target, "
                         "--not-applicable, --applicable, --weights, --maturity-model; CMMI V3.0: --pa-target, "
                         "--out-of-scope, --in-scope, --assign, --processes, --sample (see appraise scope --help)")
    if corrections:
        with Appraisal.open(args.file) as appraisal:
            done = appraisal.setup.correct_scope(unit=args.unit, add=args.add_projects,
                                                 rename=args.rename_project, remove=args.remove_project,
                                                 target=args.target, confirm=args.yes, why=args.why or "",
                                                 who=who(args))
            for line in done.lines():
                print(line)
            info = appraisal.info
            print(f"Scope: {info.unit}, target {info.target}; {', '.join(info.areas)}; {', '.join(info.projects)}")
        return 0
    if args.maturity_model is not None:
        with Appraisal.open(args.file) as appraisal:
            detach = args.maturity_model.strip().lower() == "none"
            appraisal.setup.attach_maturity_model(None if detach else args.maturity_model, who(args))
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
            record = appraisal.decisions.set_weights(weights, args.why, who(args))
            print(f"Aggregation: {'weighted mean ' + record.value if weights else 'plain mean (M3.3)'} "
                  f"({record.decided_by}: {record.rationale})")
        return 0
    area, value = (args.not_applicable, "not_applicable") if args.not_applicable else (args.applicable,
                                                                                        "applicable")
    with Appraisal.open(args.file) as appraisal:
        if not appraisal.view.areas_not_applicable:
            raise UsageError("a process in the agreed scope is assessed, not ruled not applicable (AS1.4); "
                             "dropping one needs a new scope approved by the sponsor")
        record = appraisal.decisions.decide(area, value, args.why, who(args))
        print(f"{record.target} is {record.value.replace('_', ' ')} ({record.decided_by}: {record.rationale})")
        below = [p for p in appraisal.practices if p.startswith(record.target + ".")]
        if below and record.value == "not_applicable":
            print(f"  and so are {', '.join(below)}")
    return 0


def _scope_sample(args: argparse.Namespace) -> int:
    """`appraise scope FILE --sample rgs.xlsx`: show the reading; apply it with --yes (or when asked on a TTY)."""
    from appraise.cli import _interactive
    from appraise.services import apply_sample, parse_alias, plan_sample

    others = [f for f, given in (("--unit", args.unit is not None), ("--add-projects", args.add_projects),
                                 ("--rename-project", args.rename_project), ("--remove-project", args.remove_project),
                                 ("--target", args.target is not None), ("--not-applicable", args.not_applicable),
                                 ("--applicable", args.applicable), ("--weights", args.weights),
                                 ("--maturity-model", args.maturity_model), ("--pa-target", args.area_targets),
                                 ("--out-of-scope", args.out_of_scope), ("--in-scope", args.in_scope),
                                 ("--assign", args.assign), ("--processes", args.processes is not None)) if given]
    if others:
        raise UsageError(f"take the sample in on its own: {', '.join(others)} in another command")
    with Appraisal.open(args.file) as appraisal:
        plan = plan_sample(appraisal, args.sample, parse_alias(args.alias))
        for line in plan.lines():
            print(line)
        confirmed = args.yes
        if not confirmed and _interactive():
            try:
                confirmed = input("Apply this sample to the scope? [y/N] ").strip().lower() in ("y", "yes")
            except EOFError:
                confirmed = False
        if not confirmed:
            print("Nothing changed: check the reading (the SUB cells above all), then run again with --yes.")
            return 0
        # --yes (or the answer) also confirms units leaving an area's sample with characterizations recorded
        done = apply_sample(appraisal, plan, args.why or "", who(args), confirm=True)
        for line in done.lines():
            print(line)
        print(f"Sample recorded: {len(plan.change['sample']['units'])} units"
              + (f" ({len(plan.new_units)} added: {', '.join(c for c, _k, _s in plan.new_units)})"
                 if plan.new_units else "") + ".")
    return 0
