"""Between models: `appraise compare`, `reuse` (an audit's evidence proposed to a CMMI appraisal), `gaps`."""

from __future__ import annotations

import argparse
from typing import Any

from appraise.cli import emit_json
from appraise.cli.commands import who
from appraise.errors import UsageError
from appraise.services import Appraisal


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
            links, decided = decide_suggestions(appraisal, args.accept, args.reject, who(args), only)
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
        suggestions, new, mapping = reuse(appraisal, args.audit, args.projects, args.map, who(args), only)
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
    from appraise.services.coverage import coverage
    from appraise.services.crosswalk import mapping_line

    with Appraisal.open(args.file) as appraisal:
        found = coverage(appraisal, args.map)
        mapping, words = found.mapping, appraisal.view.words
        rule, late_rule = (f" ({r})" if r else "" for r in appraisal.view.coverage_rules)
        if args.json:
            emit_json({"gaps": [{k: v for k, v in g.items() if k != "area"} for g in found.gaps],
                       "mapping": None if mapping is None else {"file": mapping.origin, "derived": mapping.derived},
                       "evidence_cutoff": found.cutoff, "late_evidence": [e.to_dict() for e in found.late]})
            return 0
        if mapping is None:
            if appraisal.view.reuse_target:  # a model an audit's mapping could point to
                print(f"No mapping points to {appraisal.framework.id}: the lines below list the missing evidence "
                      "only.")
        else:
            print(mapping_line(mapping))
        area = None
        for g in found.gaps:
            if g["area"] != area:
                area = g["area"]
                print(f"\n{area}")
            where = f"ISO counterpart: {', '.join(g['iso_counterpart'])} (evidence may exist in the ISO system)" \
                if g["iso_counterpart"] else "no ISO counterpart (new work)" if mapping is not None else ""
            print(f"  {g['practice']:<12} {g['project']:<8} lacks {' and '.join(g['missing']):<24} {where}".rstrip())
        print(f"\n{len(found.gaps)} {words.practice} x {words.unit} cells lack evidence{rule}." if found.gaps else
              f"No gaps: every {words.practice} has an artifact and an affirmation in every {words.unit}{rule}.")
        if found.late:
            print(f"\nWarning{late_rule}: {len(found.late)} evidence item{'s are' if len(found.late) > 1 else ' is'} "
                  f"dated on or after {found.cutoff} (a warning for the team, not a decision):")
            for e in found.late:
                how = f", {e.channel}" if e.channel else ""
                src = f", {e.source}" if e.source else ""
                cells = ", ".join(f"{p} / {u}" for p, u in e.cells[:4]) + (" …" if len(e.cells) > 4 else "")
                print(f"  #{e.evidence} {e.kind}{how}{src} {e.title!r} dated {e.collected_on}: {cells}")
    return 0
