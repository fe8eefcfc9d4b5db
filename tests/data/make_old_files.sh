#!/bin/sh
# Build tests/data/schema-N*.appraisal with the code of an old commit (see README.md).
# usage: make_old_files.sh N OLD_WORKTREE   (run from the repository root; writes into tests/data/)
set -eu
n=$1; old=$2
data=$(pwd)/tests/data
py=${PYTHON:-/work/main/.venv/bin/python}
work=$(mktemp -d)
run() { (cd "$old" && APPRAISE_USER=lead PYTHONPATH=src "$py" -m appraise "$@"); }
cat > "$work/evidence.csv" <<'CSV'
Practice,Project,Title,Kind,Location,Description,Collected by,Date
REQM SP 1.1,ALPHA,ALPHA requirements specification,artifact,dms/alpha/SRS.docx,Approved baseline,ATM-1,2026-10-14
REQM SP 1.1,BETA,BETA requirements specification,artifact,dms/beta/SRS.docx,Approved baseline,ATM-1,2026-10-21
REQM SP 1.1,ALPHA,Developer interview,affirmation,,Requirements and traceability,ATM-4,2026-11-10
PP SP 1.1,ALPHA,ALPHA plan,artifact,dms/alpha/plan.docx,WBS,ATM-2,2026-10-14
CSV
cat > "$work/chars.csv" <<'CSV'
practice,project,value,note
REQM SP 1.1,ALPHA,FI,
REQM SP 1.1,BETA,LI,trace matrix stale
REQM SP 1.2,ALPHA,FI,
REQM SP 1.2,BETA,FI,
REQM SP 1.3,ALPHA,PI,
REQM SP 1.3,BETA,LI,
PP SP 1.1,ALPHA,FI,
CSV
f=$data/schema-$n.appraisal
rm -f "$f"
run new "$f" --framework cmmi-dev-1.3 --target 2 --unit "Acme Payments" --projects ALPHA,BETA
run evidence import "$f" "$work/evidence.csv"
run characterizations import "$f" "$work/chars.csv"
run decide "$f" "REQM SP 1.3" LI --why "weakness limited to one release"
run scope "$f" --not-applicable SAM --why "no supplier agreements"
if [ "$n" -ge 5 ]; then  # undo (schema 5 added it): a change undone, so the undo columns hold data
  run characterize "$f" "PP SP 1.1" BETA PI --note "plan not baselined"
  run characterize "$f" "PP SP 1.1" ALPHA LI
  run undo "$f"
fi
run rate "$f" --json > "$data/schema-$n.rate.json"
if [ "$n" -eq 3 ] || [ "$n" -ge 5 ]; then  # ISO/IEC 33020 (schema 3 added them): instances, weights, a consistency decision
  f=$data/schema-$n-spice.appraisal
  rm -f "$f"
  run new "$f" --framework aspice-3.1 --processes SWE.1,SWE.2 --target 3 --unit "Body Electronics" \
      --projects ECU-A,ECU-B
  cat > "$work/spice.csv" <<'CSV'
practice,project,value,note
SWE.1 PA 1.1,ECU-A,F,
SWE.1 PA 2.1,ECU-A,F,
SWE.1 PA 2.2,ECU-A,F,
SWE.1 PA 3.1,ECU-A,P,
SWE.1 PA 3.2,ECU-A,L,
SWE.1 PA 1.1,ECU-B,F,
SWE.1 PA 2.1,ECU-B,F,
SWE.1 PA 2.2,ECU-B,F,
SWE.1 PA 3.1,ECU-B,F,
SWE.1 PA 3.2,ECU-B,F,
SWE.1.BP1,ECU-A,L,
SWE.2 PA 1.1,ECU-A,L,
CSV
  run characterizations import "$f" "$work/spice.csv"
  run scope "$f" --weights ECU-A=3,ECU-B=1 --why "ECU-A carries most of the code"
  run decide "$f" "AS8:SWE.1:ECU-A" justified --why "pilot fills the standard process"
  run rate "$f" --json > "$data/schema-$n-spice.rate.json"
fi
if [ "$n" -ge 4 ]; then  # audits (schema 4 added them): sites, conformity, findings on a site
  f=$data/schema-$n-audit.appraisal
  rm -f "$f"
  run new "$f" --framework iso-9001-2015 --unit "Acme GmbH" --projects HQ,PLANT-2
  run conform "$f" 8.5.1
  run conform "$f" 7.5 --site HQ
  run finding add "$f" 8.5.1 --grade minor --text "work instructions out of date" --site PLANT-2
  run finding add "$f" 7.5.3 --grade ofi --text "document control could be automated"
  run rate "$f" --json > "$data/schema-$n-audit.rate.json"
fi
for g in "$data"/schema-$n*.appraisal; do  # one file alone: no -wal / -shm beside it, compact
  "$py" -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=DELETE'); c.execute('VACUUM'); c.close()" "$g"
done
rm -rf "$work"
