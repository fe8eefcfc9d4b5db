"""Odd inputs, odd paths and crashes: each ends in one clear line and a non-zero exit, fast, changing nothing.

The probes of the reliability issue: FIFOs and devices given as a CSV, huge and crafted files, rows longer
than their header, fuzzed files, file names that are no URL, crashes in the app and the CLI, YAML alias bombs,
spreadsheet formulas and Markdown breaking text in exports, an export killed half-way.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, rate_json, run  # noqa: F401 - _in_tmp is a fixture
from textual.screen import Screen

from appraise.errors import AppraiseError, InputFileError
from appraise.framework.bundled import load_bundled
from appraise.io import table
from appraise.io.characterizations import plan_characterization_import
from appraise.io.evidence import plan_evidence_import
from appraise.io.resolve import PracticeResolver
from appraise.services import Appraisal

HEADER = "Practice,Project,Title,Kind,Location,Description,Collected by,Date\n"
CMMI = load_bundled("cmmi-dev-1.3")
IN_SCOPE = frozenset(p.id for a in CMMI.areas if a.id in ("REQM", "PP") for g in a.goals for p in g.practices)
PROJECTS = ("ALPHA", "BETA")


def plan_evidence(path: Path):
    return plan_evidence_import(path, PracticeResolver(CMMI, IN_SCOPE), PROJECTS, {})


def plan_characterizations(path: Path):
    return plan_characterization_import(path, PracticeResolver(CMMI, IN_SCOPE), PROJECTS, CMMI.scale)


def _refused_quickly(plan, path: Path, *fragments: str) -> InputFileError:
    """``plan(path)`` refuses the file within two seconds, with a message holding ``fragments``."""
    done: list[BaseException | None] = []

    def attempt() -> None:
        try:
            plan(path)
            done.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            done.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(2.0)
    assert done, f"{plan.__name__}({path}) still runs after 2 s"
    error = done[0]
    assert isinstance(error, InputFileError), repr(error)
    for fragment in fragments:
        assert fragment in str(error), str(error)
    return error


# -- 1. only regular files are read ------------------------------------------------------------------------

@pytest.mark.parametrize("plan", [plan_evidence, plan_characterizations])
def test_a_fifo_is_refused_without_blocking(tmp_path, plan):
    fifo = tmp_path / "index.csv"
    os.mkfifo(fifo)  # nobody writes to it: open() for reading would block for ever
    _refused_quickly(plan, fifo, str(fifo), "not a regular file")


@pytest.mark.parametrize("plan", [plan_evidence, plan_characterizations])
def test_a_device_is_refused(plan):
    _refused_quickly(plan, Path("/dev/zero"), "/dev/zero", "not a regular file")  # would never end


def test_the_cli_refuses_a_fifo_in_one_line(capsys, tmp_path, appraisal_file):
    fifo = tmp_path / "chars.csv"
    os.mkfifo(fifo)
    before = appraisal_file.read_bytes()
    for command in ("evidence", "characterizations"):
        started = time.monotonic()
        rc, out, err = run(capsys, command, "import", appraisal_file, fifo)
        assert time.monotonic() - started < 2
        assert_one_line_error(rc, out, err, str(fifo), "not a regular file")
    assert appraisal_file.read_bytes() == before


# -- 2. a stated size limit; dialect detection bounded ----------------------------------------------------

def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path, monkeypatch):
    # the limit is stated in the README's evidence index section
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"Only regular files up to {table.MAX_INPUT_MB} MB are read" in readme
    monkeypatch.setattr(table, "MAX_INPUT_MB", 1)
    path = tmp_path / "huge.csv"
    with path.open("w") as fh:
        fh.write(HEADER)
        row = "REQM SP 1.1,ALPHA,Spec,artifact,,,,\n"
        fh.write(row * (1024 * 1024 // len(row) + 10))
    _refused_quickly(plan_evidence, path, str(path), "larger than 1 MB")


def test_a_file_crafted_against_the_sniffer_is_read_at_once(tmp_path):
    # 64 kB that csv.Sniffer's regular expressions need ~20 s for (each quote scans to the end of the
    # sample for its closing quote): a header of two candidate delimiters, then " 'a" again and again
    path = tmp_path / "crafted.csv"
    path.write_text("Practice,Project;Title,Kind\n" + (" 'a" * 30_000)[:64 * 1024])
    _refused_quickly(plan_evidence, path, str(path))


def test_delimiters_from_the_rows_when_the_header_holds_several(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("Practice;Project;Title;Kind;Remarks, if any\nREQM SP 1.1;ALPHA;Spec, v2;artifact;\n"
                    "REQM SP 1.2;BETA;Log;artifact;\n")
    plan = plan_evidence(path)
    assert plan.delimiter == ";"
    assert [item.title for item in plan.items] == ["Spec, v2", "Log"]


# -- 3. a row longer than its header --------------------------------------------------------------------

def test_a_row_longer_than_its_header_is_refused_with_its_line(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Practice,Project,Title,Kind\nREQM SP 1.1,ALPHA,Spec,artifact\n"
                    "REQM SP 1.2,ALPHA,Log,artifact,2026-01-05\nREQM SP 1.3,ALPHA,Plan,artifact,x,y\n")
    with pytest.raises(InputFileError) as err:
        plan_evidence(path)
    assert str(err.value) == f"{path}: 2 problems; nothing was imported"
    assert err.value.problems == [f"{path}:3: 5 cells but the header has 4 columns",
                                  f"{path}:4: 6 cells but the header has 4 columns"]


def test_blank_cells_past_the_header_are_what_spreadsheets_write(tmp_path):
    path = tmp_path / "trailing.csv"
    path.write_text("Practice,Project,Title,Kind\nREQM SP 1.1,ALPHA,Spec,artifact,,\n")
    (item,) = plan_evidence(path).items
    assert (item.title, item.location, item.collected_on) == ("Spec", "", None)


def test_a_long_row_in_the_characterizations_is_refused(tmp_path):
    path = tmp_path / "chars.csv"
    path.write_text("practice,project,value\nREQM SP 1.1,ALPHA,FI,oops\n")
    with pytest.raises(InputFileError) as err:
        plan_characterizations(path)
    assert str(err.value) == f"{path}:2: 4 cells but the header has 3 columns; nothing was recorded"


def test_the_cli_refuses_a_long_row_and_changes_nothing(capsys, tmp_path, appraisal_file):
    path = tmp_path / "long.csv"
    path.write_text("Practice,Project,Title,Kind\nREQM SP 1.2,ALPHA,Log,artifact,2026-01-05\n")
    before = appraisal_file.read_bytes()
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, path)
    assert_one_line_error(rc, out, err, f"{path}:2: 5 cells but the header has 4 columns")
    assert appraisal_file.read_bytes() == before


CELLS = ["REQM SP 1.1", "pp sp 2.1", "SP 1.1", "XYZ 9", "ALPHA", "beta", "*", "DELTA", "artifact", "i", "memo",
         "2026-01-05", "05.01.2026", "03/11/2026", "", " ", "FI", "li", "??", "\u00e4\u00df\u20ac", "a\nb",
         "\"", "'", "=1+1", "x" * 300, "\x00", "\r", "REQM", "1.1"]
HEADERS = ["Practice", "Project", "Title", "Kind", "Location", "Date", "Description", "Area", "Value", "Note",
           "practice id", "BU", "type", "", "Junk"]


def _fuzzed_file(rng: random.Random) -> bytes:
    """A small CSV-ish file: a shuffled header, rows of random width, cells and delimiters, random damage."""
    delimiter = rng.choice(",;\t|")
    header = rng.sample(HEADERS, rng.randint(0, 8))
    lines = [delimiter.join(header)]
    for _ in range(rng.randint(0, 12)):
        width = max(0, len(header) + rng.randint(-3, 3))
        lines.append(delimiter.join(rng.choice(CELLS) for _ in range(width)))
    text = rng.choice(["\n", "\r\n", "\r"]).join(lines)
    data = text.encode(rng.choice(["utf-8", "utf-8", "utf-16", "cp1252"]), errors="replace")
    for _ in range(rng.randint(0, 3)):  # random bytes, cut or doubled
        at = rng.randrange(len(data) + 1)
        damage = rng.choice([bytes([rng.randrange(256)]), b"", data[at:at + 10], b'"'])
        data = data[:at] + damage + data[at + rng.randint(0, 4):]
    return data


def test_fuzzed_files_end_in_a_result_or_the_projects_own_error(tmp_path):
    rng = random.Random(20261204)
    path = tmp_path / "fuzz.csv"
    outcomes = {"planned": 0, "refused": 0}
    started = time.monotonic()
    for _ in range(400):
        path.write_bytes(_fuzzed_file(rng))
        for plan in (plan_evidence, plan_characterizations):
            try:
                plan(path)
                outcomes["planned"] += 1
            except AppraiseError as exc:  # anything else fails the test with its traceback
                outcomes["refused"] += 1
                assert str(exc) and "\n" not in str(exc), (path.read_bytes(), str(exc))
    assert outcomes["planned"] > 0 and outcomes["refused"] > 0
    assert time.monotonic() - started < 30


# -- 4. error reports stay short -------------------------------------------------------------------------

def test_a_file_of_bad_rows_lists_the_first_problems_and_counts_the_rest(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Practice,Project,Title,Kind\n" + f"REQM SP 1.1,ALPHA,{'y' * 1000},memo\n" * 5_000)
    with pytest.raises(InputFileError) as err:
        plan_evidence(path)
    assert str(err.value) == f"{path}: 5000 problems; nothing was imported"
    assert len(err.value.problems) == table.MAX_PROBLEMS_SHOWN + 1
    assert err.value.problems[-1] == f"... and {5000 - table.MAX_PROBLEMS_SHOWN} more problems"
    assert sum(len(line) for line in err.value.problems) < 10_000


def test_one_huge_bad_cell_makes_a_short_message(tmp_path, capsys, appraisal_file):
    path = tmp_path / "bad.csv"
    path.write_text("Practice,Project,Title,Kind\n" + f"{'Q' * 100_000},ALPHA,Spec,artifact\n")
    rc, out, err = run(capsys, "evidence", "import", appraisal_file, path)
    assert_one_line_error(rc, out, err, f"{path}:2: column 'Practice': unknown practice 'QQQ")
    assert len(err) < 500


# -- 7. YAML aliases are refused up front ----------------------------------------------------------------

def _billion_laughs(head: str) -> str:
    """``head`` then nine levels of anchors, each alias list ten times the one before: 10^9 leaves."""
    out = [head, 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    out += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("head, what", [
    ("schema_version: 1\nid: bomb\ntitle: Bomb\nscheme: scampi-1.3", "model"),
    # refused before their kind is read: "validate" cannot tell a mapping or a maturity model from a model
    ("kind: mapping\nfrom: iso-9001-2015\nto: cmmi-dev-1.3", "model"),
    ("kind: maturity-model\nid: bomb\nframework: aspice-3.1", "model"),
])
def test_a_billion_laughs_file_is_refused_at_once(capsys, tmp_path, head, what):
    path = tmp_path / "bomb.yaml"
    path.write_text(_billion_laughs(head))
    started = time.monotonic()
    rc, out, err = run(capsys, "frameworks", "validate", path)
    assert time.monotonic() - started < 1
    line = len(head.splitlines()) + 1
    assert_one_line_error(rc, out, err,
                          f"{path}:{line}: YAML aliases (&x / *x) are not allowed in a {what} file")


def test_a_billion_laughs_mapping_is_refused_by_compare(capsys, tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(_billion_laughs("kind: mapping\nfrom: iso-9001-2015\nto: cmmi-dev-1.3"))
    started = time.monotonic()
    rc, out, err = run(capsys, "compare", "iso-9001-2015", "cmmi-dev-1.3", "--level", "2", "--map", path)
    assert time.monotonic() - started < 1
    assert_one_line_error(rc, out, err, f"{path}:4: YAML aliases (&x / *x) are not allowed in a mapping file")


def test_a_model_with_an_alias_is_refused_where_it_is_given(capsys, tmp_path):
    text = (Path(__file__).parents[1] / "frameworks" / "cmmi-dev-1.3.yaml").read_text(encoding="utf-8")
    path = tmp_path / "aliased.yaml"
    path.write_text(text + "\nextra: *nowhere\n")
    rc, out, err = run(capsys, "new", tmp_path / "x.appraisal", "--framework", path, "--target", "2",
                       "--unit", "U", "--projects", "A")
    assert_one_line_error(rc, out, err, f"{path}:{len(text.splitlines()) + 2}: YAML aliases")
    assert not (tmp_path / "x.appraisal").exists()


def test_a_plain_model_loads_as_fast_as_before():
    import yaml

    from appraise.framework import loader

    text = (Path(__file__).parents[1] / "frameworks" / "cmmi-dev-1.3.yaml").read_text(encoding="utf-8")

    def best(fn) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        return min(times)

    plain = best(lambda: yaml.load(text, Loader=loader._Loader))
    checked = best(lambda: loader.load_yaml(text, "cmmi"))
    assert checked < plain * 1.5 + 0.002


def test_a_fifo_as_a_model_file_is_refused_without_blocking(capsys, tmp_path):
    fifo = tmp_path / "model.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    rc, out, err = run(capsys, "frameworks", "validate", fifo)
    assert time.monotonic() - started < 2
    assert_one_line_error(rc, out, err, str(fifo), "not a regular file")


# -- 8. exports: no live formulas in CSV, no broken Markdown tables; never a half-written file ------------

NASTY = ["=HYPERLINK(\"http://x\",\"y\")", "+1 review", "-2 defects", "@SUM(A1)", "\tTAB", "\rCR",
         "a | b", "line one\nline two", "# not a heading", "x\r\n## neither"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: Ten practices (clauses) in scope of each sample appraisal below.
NASTY_TARGETS = {
    "cmmi-dev-1.3": [f"REQM SP 1.{i}" for i in range(1, 6)] + [f"PP SP 1.{i}" for i in range(1, 5)] + ["PP SP 2.1"],
    "aspice-3.1": [f"SWE.1.BP{i}" for i in range(1, 9)] + ["SWE.1 PA 1.1", "SWE.1 GP 2.1.1"],
    "iso-9001-2015": ["4.1", "4.2", "4.3", "4.4", "5.1.1", "5.1.2", "5.2.1", "5.2.2", "5.3", "6.1"],
}


def _nasty_appraisal(path: Path, framework: str = "cmmi-dev-1.3") -> Path:
    """An appraisal whose unit, project codes, notes and findings hold formulas and Markdown breakers."""
    projects = ["@P1", "#P|2", "-P3"]
    kw = {"cmmi-dev-1.3": {"target": 2}, "aspice-3.1": {"target": 2, "areas": ["SWE.1"]},
          "iso-9001-2015": {"target": None}}[framework]
    with Appraisal.create(path, framework=framework, unit="# Acme | Payments\n=cmd", projects=projects,
                          who="lead", **kw) as a:
        for i, (practice, text) in enumerate(zip(NASTY_TARGETS[framework], NASTY)):
            if a.view.nonconformities:
                a.findings.add_audit_finding(practice, "observation", text)
            else:
                a.cells.characterize(practice, projects[i % 3], a.framework.scale.ids[0], note=text)
        if a.framework.id == "cmmi-dev-1.3":
            for text in NASTY[:4]:
                a.findings.save("weakness", a.info.areas[0], text)
    return path


def _md_cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def _check_markdown(text: str) -> None:
    lines = text.splitlines()
    assert sum(1 for line in lines if line.startswith("# ")) == 1  # no heading out of the team's text
    tables = 0
    for i, line in enumerate(lines):
        if line.startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            tables += 1
            width = len(_md_cells(line))
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert len(_md_cells(lines[j])) == width, (line, lines[j])
                j += 1
        assert not line.startswith(("##", "#")) or line.startswith(("# ", "## ", "### ")), line
    assert tables >= 1
    assert "@P1" in text and "#P\\|2" in text and "line one<br>line two" in text


def _check_csv(text: str) -> int:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    width = len(rows[0])
    cells = 0
    for row in rows:
        assert len(row) == width
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
            cells += cell.startswith("'") and cell[1:].startswith(FORMULA_START)
    return cells


@pytest.mark.parametrize("framework", ["cmmi-dev-1.3", "aspice-3.1", "iso-9001-2015"])
def test_exports_neutralize_formulas_and_escape_markdown(capsys, tmp_path, framework):
    path = _nasty_appraisal(tmp_path / "nasty.appraisal", framework)
    ok(capsys, "export", path, "-o", tmp_path / "out.md")
    _check_markdown((tmp_path / "out.md").read_text(encoding="utf-8"))
    ok(capsys, "export", path, "-o", tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as fh:  # as a spreadsheet reads it
        text = fh.read()
    assert _check_csv(text) >= 2  # the project codes in the header at least
    assert "'@P1" in text and "'-P3" in text
    if framework != "iso-9001-2015":  # an audit's CSV lists clauses, not notes
        assert "=HYPERLINK" in text  # the note is exported (behind its project, "P1: ..."), never as a formula
    ok(capsys, "export", path, "-o", tmp_path / "out.json")  # JSON: the text as written
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["appraisal"]["organizational_unit"] == "# Acme | Payments\n=cmd"
    assert data["appraisal"]["projects"] == ["@P1", "#P|2", "-P3"]


_EXPORT_LOOP = """
import pickle, sys
from pathlib import Path
from appraise.io.deliver.markdown import write as write_markdown
from appraise.io.export import write_export
data = pickle.loads(open(sys.argv[1], "rb").read())  # the summary (csv) or the report's Document (md)
def once():
    if sys.argv[3] == "md":
        write_markdown(data, Path(sys.argv[2]))
    else:
        write_export(data, sys.argv[3], sys.argv[2])
if sys.argv[4] == "replace":  # killed while replacing a whole export, not while writing the first one
    once()
print("ready", flush=True)
while True:
    once()
"""


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_an_export_killed_mid_write_leaves_the_old_file_whole_or_none(tmp_path, appraisal_file_ml3, fmt):
    from appraise.io.deliver.markdown import render as render_markdown
    from appraise.io.export import render
    from appraise.services.deliverables import document

    with Appraisal.open(appraisal_file_ml3) as a:  # every cell characterized, with a long note: ~2 MB to write
        practices = [pr["id"] for pa in a.summary()["rating"]["process_areas"] for g in pa["goals"]
                     for pr in g["practices"]]
        rows = [(p, c) for p in practices for c in a.info.projects]
        chars = tmp_path / "chars.csv"
        with chars.open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["practice", "project", "value", "note"])
            writer.writerows([p, c, "LI", f"{p} {c} " + "weakness text " * 60] for p, c in rows)
        a.cells.import_plan(a.cells.plan_import(chars), "lead")
        data = document(a) if fmt == "md" else a.summary()
    (tmp_path / "data.pickle").write_bytes(pickle.dumps(data))
    whole = (render_markdown(data) if fmt == "md" else render(data, fmt)).encode("utf-8-sig" if fmt == "csv"
                                                                                 else "utf-8")
    assert len(whole) > 500_000
    dest = tmp_path / f"summary.{fmt}"
    rng = random.Random(7)
    seen = {"absent": 0, "whole": 0}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for trial in range(24):
        dest.unlink(missing_ok=True)
        mode = "replace" if trial % 2 else "create"
        child = subprocess.Popen([sys.executable, "-c", _EXPORT_LOOP, str(tmp_path / "data.pickle"), str(dest), fmt,
                                  mode], stdout=subprocess.PIPE, env=env)
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        if dest.exists():
            assert dest.read_bytes() == whole
            seen["whole"] += 1
        else:
            assert mode == "create"
            seen["absent"] += 1
    assert seen["whole"] >= 12


# -- 6. a bug shows one line and leaves its traceback in the log ------------------------------------------

_BROKEN_APP = """
import sys
from pathlib import Path
from textual.screen import Screen
from appraise.tui.app import AppraiseApp

class BrokenScreen(Screen):
    def on_mount(self) -> None:
        interview_note = "CONFIDENTIAL-" + "42"  # a local Textual would print
        raise RuntimeError("the screen broke " + str(len(interview_note)))

class App(AppraiseApp):
    def on_ready(self) -> None:
        self.push_screen(BrokenScreen())

app = App(Path(sys.argv[1]))
app.run(headless=True, size=(100, 30))
sys.exit(app.return_code)
"""


class _BrokenScreen(Screen):
    def on_mount(self) -> None:
        interview_note = "CONFIDENTIAL-" + "42"
        raise RuntimeError("the screen broke " + str(len(interview_note)))


def _crash_log(folder: Path) -> str:
    return (folder / "crash.log").read_text(encoding="utf-8")


async def test_a_crash_in_the_app_is_logged_with_its_traceback(tmp_path, monkeypatch, appraisal_file):
    from appraise.tui.app import AppraiseApp

    monkeypatch.setenv("APPRAISE_DATA_DIR", str(tmp_path / "data"))
    app = AppraiseApp(appraisal_file)
    with pytest.raises(RuntimeError, match="the screen broke"):  # run_test hands the error on to the test
        async with app.run_test() as pilot:
            await pilot.pause()
            await app.push_screen(_BrokenScreen())
            await pilot.pause()
    assert app.return_code == 1
    log = _crash_log(tmp_path / "data")
    assert "Traceback (most recent call last)" in log and "RuntimeError: the screen broke 15" in log
    assert "in on_mount" in log and "CONFIDENTIAL-42" not in log  # the code, not the values of its locals


async def test_a_failed_worker_is_logged_with_the_worker_s_own_traceback(tmp_path, monkeypatch, appraisal_file):
    from appraise.tui.app import AppraiseApp

    def rate_in_the_background() -> None:
        raise ValueError("the worker broke")

    monkeypatch.setenv("APPRAISE_DATA_DIR", str(tmp_path / "data"))
    app = AppraiseApp(appraisal_file)
    with pytest.raises(Exception, match="the worker broke"):
        async with app.run_test() as pilot:
            await pilot.pause()
            app.run_worker(rate_in_the_background, thread=True)
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert app.return_code == 1
    log = _crash_log(tmp_path / "data")
    assert "in rate_in_the_background" in log and "ValueError: the worker broke" in log


def test_a_crash_in_the_app_prints_one_line_naming_the_log(tmp_path, appraisal_file):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "APPRAISE_DATA_DIR": str(tmp_path / "logs")}
    done = subprocess.run([sys.executable, "-c", _BROKEN_APP, str(appraisal_file)], capture_output=True,
                          env=env, timeout=60)
    err = done.stderr.decode()
    assert done.returncode == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [f"appraise: unexpected error (RuntimeError), a bug in appraise; the details are in "
                     f"{tmp_path / 'logs' / 'crash.log'}"], err
    assert "RuntimeError: the screen broke 15" in _crash_log(tmp_path / "logs")


def test_a_crash_in_a_command_prints_one_line_naming_the_log(capsys, tmp_path, monkeypatch, appraisal_file):
    from appraise.cli import commands

    def broken(args):
        interview_note = "CONFIDENTIAL-" + "42"
        return {}[interview_note]

    monkeypatch.setattr(commands, "cmd_rate", broken)
    monkeypatch.setenv("APPRAISE_DATA_DIR", str(tmp_path / "logs"))
    rc, out, err = run(capsys, "rate", appraisal_file)
    assert rc == 70 and out == ""
    assert err == (f"appraise: unexpected error (KeyError), a bug in appraise; the details are in "
                   f"{tmp_path / 'logs' / 'crash.log'}\n")
    log = _crash_log(tmp_path / "logs")
    assert "in broken" in log and "KeyError" in log


def test_a_crash_log_never_holds_the_password_of_a_server_address(capsys, tmp_path, monkeypatch):
    """A crash on a command given a PostgreSQL address: the log keeps the command and the traceback, not the
    password in them (argv, an exception's text)."""
    from appraise.cli import commands

    def broken(args):
        raise RuntimeError(f"cannot go on with {args.file.dsn}")

    monkeypatch.setattr(commands, "cmd_rate", broken)
    monkeypatch.setenv("APPRAISE_DATA_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr("sys.argv", ["appraise", "rate", "postgresql://kim:S3cret-pw@127.0.0.1:1/firm?appraisal=a"])
    rc, _out, err = run(capsys, "rate", "postgresql://kim:S3cret-pw@127.0.0.1:1/firm?appraisal=a")
    assert rc == 70 and "S3cret-pw" not in err
    log = _crash_log(tmp_path / "logs")
    assert "RuntimeError" in log and "postgresql://kim:***@127.0.0.1:1/firm" in log
    assert "S3cret-pw" not in log


def test_a_crash_log_that_cannot_be_written_still_ends_in_one_line(capsys, tmp_path, monkeypatch, appraisal_file):
    from appraise.cli import commands

    monkeypatch.setattr(commands, "cmd_log", lambda args: 1 / 0)
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("APPRAISE_DATA_DIR", str(tmp_path / "file" / "logs"))  # below a file: no folder there
    rc, out, err = run(capsys, "log", appraisal_file)
    assert_one_line_error(rc, out, err, "unexpected error (ZeroDivisionError)", "could not be written")


# -- 5. any legal file name works for every command -------------------------------------------------------

ODD_NAMES = ["team#2", "q3?", "a%20b", "with space", "ünïcødé-€", "semi;colon", "x&y=z", "percent%", "hash#?%20;"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_every_command_works_on_an_odd_file_name(capsys, tmp_path, name):
    folder = tmp_path / f"dir {name}"
    folder.mkdir()
    path = folder / f"{name}.appraisal"
    ok(capsys, "new", path, "--framework", "cmmi-dev-1.3", "--target", "2", "--unit", "Acme", "--projects",
       "ALPHA,BETA")
    index = folder / f"{name}.csv"
    index.write_text(HEADER + "REQM SP 1.1,*,Spec,artifact,,,,\n")
    assert "2 new links" in ok(capsys, "evidence", "import", path, index)
    ok(capsys, "characterize", path, "REQM SP 1.1", "ALPHA", "LI", "--note", "stale")
    chars = folder / f"{name} chars.csv"
    chars.write_text("practice,project,value\nREQM SP 1.1,BETA,PI\n")
    ok(capsys, "characterizations", "import", path, chars)
    ok(capsys, "decide", path, "REQM SP 1.1", "LI", "--why", "one release only")
    ok(capsys, "scope", path, "--not-applicable", "SAM", "--why", "no suppliers")
    rating = rate_json(capsys, path)
    assert rating["process_areas"][0]["goals"][0]["practices"][0]["ou"] == "LI"
    for fmt in ("md", "csv", "json"):
        out = folder / f"{name} summary.{fmt}"
        ok(capsys, "export", path, "-o", out)
        assert out.stat().st_size > 0
    log = ok(capsys, "log", path)
    assert "REQM SP 1.1 / ALPHA" in log and "SAM" in log
    demo = folder / f"{name} demo.appraisal"
    assert "Maturity level" in ok(capsys, "demo", "--to", demo, "--print")
    assert "Maturity level" in ok(capsys, "demo", "--to", demo, "--print")  # and opened again
    # nothing was written beside the files named: no file cut at '#' or '?'
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == sorted(
        [path.name, index.name, chars.name, demo.name] + [f"{name} summary.{f}" for f in ("md", "csv", "json")])
    assert {p.name for p in tmp_path.iterdir()} == {folder.name}
