"""Each scheme's view (its words and capabilities, as plain data) and a model's own words (``words:``).

A face renders the view; it never asks which scheme it shows. These tests hold both halves: what each
bundled scheme's view says, that a model file's ``words:`` reach the CLI, and that no face branches on a
scheme (the names the view replaced, and the scheme ids, stay out of the faces).
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from cli_helpers import _in_tmp, assert_one_line_error, ok, run  # noqa: F401  (_in_tmp: each test in tmp)

from appraise.errors import FrameworkError
from appraise.framework import load_bundled, load_framework_file
from appraise.framework.model import WORD_KEYS
from appraise.schemes import SCHEMES, scheme_view, view_for
from appraise.schemes.view import Words
from appraise.services import Appraisal

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "appraise"
CMMI = ROOT / "frameworks" / "cmmi-dev-1.3.yaml"


def team_model(folder: Path, words: str = "words: {unit: team, units: teams}\n") -> Path:
    """The bundled CMMI-DEV model as a user's own file, naming its units in its own words."""
    text = CMMI.read_text(encoding="utf-8").replace("scheme: scampi-1.3\n", f"scheme: scampi-1.3\n{words}", 1)
    path = folder / "team-model.yaml"
    path.write_text(text.replace("id: cmmi-dev-1.3", "id: team-dev", 1), encoding="utf-8")
    return path


# -- the views -------------------------------------------------------------------------------------

def test_the_words_a_model_may_set_are_the_views_words():
    assert {f.name for f in fields(Words)} == set(WORD_KEYS)


@pytest.mark.parametrize(("model", "unit", "areas", "aggregate", "not_set", "kinds"), [
    ("cmmi-dev-1.3", "project", "process areas", "OU", "not characterized", ("strength", "weakness")),
    ("aspice-3.1", "instance", "processes", "Aggr", "not rated", ("strength", "weakness")),
    ("iso-9001-2015", "site", "clauses", "Res", "no result recorded", ("major", "minor", "observation", "ofi")),
])
def test_each_bundled_model_gets_its_schemes_words(model, unit, areas, aggregate, not_set, kinds):
    view = view_for(load_bundled(model))
    assert (view.words.unit, view.words.areas, view.words.aggregate, view.words.not_set) == \
        (unit, areas, aggregate, not_set)
    assert view.finding_kinds == kinds


def test_capabilities_say_what_each_scheme_can_do():
    scampi, spice, audit = (view_for(load_bundled(m)) for m in ("cmmi-dev-1.3", "aspice-3.1", "iso-9001-2015"))
    assert [v.target_level for v in (scampi, spice, audit)] == [True, True, False]
    assert [v.exclusions for v in (scampi, spice, audit)] == [False, False, True]
    assert [v.weights for v in (scampi, spice, audit)] == [False, True, False]
    assert [v.maturity_model for v in (scampi, spice, audit)] == [False, True, False]
    assert [v.nonconformities for v in (scampi, spice, audit)] == [False, False, True]
    assert [v.gap_needs_evidence for v in (scampi, spice, audit)] == [True, True, False]
    assert (scampi.reuse_target, audit.reuse_source, spice.reuse_source, spice.reuse_target) == \
        (True, True, False, False)
    assert [v.profile for v in (scampi, spice, audit)] == ["areas", "capability", "clauses"]
    # the AS2.3 sentence is the ISO/IEC 33020 view's, filled from plain values
    assert spice.proposal_basis.format(rated=2, total=3) == \
        " (AS2.3: mean of 2 of 3 indicator ratings; the assessor's rating counts)"
    assert scampi.proposal_basis == audit.proposal_basis == ""


def test_every_scheme_has_a_view_and_an_unknown_one_is_refused():
    # CMMI V2.0/V3.0 models come from the user's own files (issue 12): appraise bundles none of them
    assert sorted(SCHEMES) == sorted({load_bundled(m).scheme for m in
                                      ("cmmi-dev-1.3", "aspice-3.1", "iso-15504-5-2012", "iso-9001-2015")}
                                     | {"cmmi-appraisal"})
    for scheme in SCHEMES:
        assert scheme_view(scheme).scheme == scheme
    with pytest.raises(FrameworkError, match="rating scheme 'cmmi-3.0' is not supported"):
        scheme_view("cmmi-3.0")


def test_a_models_words_lay_over_the_schemes_and_titles_follow():
    words = Words().overridden({"unit": "team", "units": "teams", "areas": "capabilities"})
    assert (words.unit, words.units, words.units_title) == ("team", "teams", "Teams")
    assert (words.areas, words.areas_title) == ("capabilities", "Capabilities")
    assert words.area == "process area"  # what the model leaves out stays the scheme's
    # a title the model gives itself wins over the one that follows
    assert Words().overridden({"units": "teams", "units_title": "Delivery teams"}).units_title == "Delivery teams"


# -- words: in a model file ------------------------------------------------------------------------

def test_a_model_file_may_carry_its_own_words(tmp_path):
    model = load_framework_file(team_model(tmp_path))
    assert model.words == {"unit": "team", "units": "teams"}
    view = view_for(model)
    assert (view.words.unit, view.words.units_title, view.words.area) == ("team", "Teams", "process area")
    assert load_bundled("cmmi-dev-1.3").words == {}


def test_an_audited_standard_may_name_its_sites_too(tmp_path):
    text = (ROOT / "frameworks" / "iso-9001-2015.yaml").read_text(encoding="utf-8")
    path = tmp_path / "plants.yaml"
    path.write_text(text.replace("scheme: audit\n", "scheme: audit\nwords: {unit: plant, units: plants}\n", 1),
                    encoding="utf-8")
    view = view_for(load_framework_file(path))
    assert (view.words.units, view.words.units_title, view.words.areas_title) == ("plants", "Plants", "Clauses")
    assert not view.target_level and view.nonconformities  # the words change, the scheme does not


@pytest.mark.parametrize(("words", "message"), [
    ("words: {colour: red}\n", r"words\.colour: unknown word 'colour' \(a model may name: unit, units"),
    ("words: {unit: ''}\n", r"words\.unit: must be a non-empty text"),
    ("words: [team]\n", r"words: must be a mapping of words \(e\.g\. unit: team\)"),
])
def test_a_broken_words_entry_is_refused_with_file_and_line(tmp_path, words, message):
    path = team_model(tmp_path, words)
    line = path.read_text(encoding="utf-8").splitlines().index(words.rstrip("\n")) + 1
    with pytest.raises(FrameworkError, match=rf"^{re.escape(str(path))}:{line}: {message}"):
        load_framework_file(path)


def test_the_cli_speaks_the_models_words(capsys, tmp_path):
    model = team_model(tmp_path)
    out = ok(capsys, "new", "t.appraisal", "--framework", model, "--target", "2", "--unit", "Acme",
             "--projects", "RED,BLUE")
    assert "x 2 teams (RED, BLUE)" in out
    with Appraisal.open("t.appraisal") as a:  # the file keeps the model, words and all
        assert a.view.words.units == "teams"
    assert_one_line_error(*run(capsys, "scope", "t.appraisal", "--add", "RED"), "team RED exists already")
    assert_one_line_error(*run(capsys, "scope", "t.appraisal", "--remove", "RED,BLUE"),
                          "an appraisal needs at least one team")


def test_an_audit_and_an_assessment_say_what_they_created(capsys):
    out = ok(capsys, "new", "q.appraisal", "--framework", "iso-9001-2015", "--unit", "Acme", "--projects", "HQ")
    assert out.startswith("Created q.appraisal: audit of Acme against iso-9001-2015; ")
    assert out.rstrip().endswith("clauses x 1 site (HQ)")
    out = ok(capsys, "new", "e.appraisal", "--framework", "aspice-3.1", "--target", "2", "--unit", "Body",
             "--projects", "ECU-A,ECU-B", "--process-areas", "SWE.1")
    assert "1 processes (SWE.1)" in out and "x 2 instances (ECU-A, ECU-B); values F L P N" in out


# -- no face asks which scheme it shows ------------------------------------------------------------

#: The questions the view replaced; none is asked outside the schemes any more.
REPLACED = re.compile(r"\b(is_audit|is_process_assessment|project_word|finding_words|needs_target|kind_words|"
                      r"FindingWords)\b|(?<!view)\.finding_kinds\b")
SCHEME_IDS = re.compile(r"""["'](scampi-1\.3|iso-33020|audit)["']""")
#: Words that are not scheme ids (a JSON key, a column, a representation, an argument's name).
NOT_A_SCHEME = ('{"audit": ', 'target=rows[0]["audit"]', 'UniqueConstraint("audit"', 'dest="audit"',
                'REPRESENTATIONS = (', 'top.get("representations", ["audit"])', "))['audit']",
                # the store's column naming the audit a reuse suggestion came from
                'UniqueConstraint("appraisal_id", "audit"', '_SUGGESTION = ("audit"', 'rows[0]["audit"]')


def test_no_face_branches_on_a_scheme():
    faces = [p for sub in ("tui", "cli", "services", "io", "store", "framework") for p in (SRC / sub).rglob("*.py")]
    assert faces
    asked, named = [], []
    for path in faces:
        rel = path.relative_to(SRC).as_posix()
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if REPLACED.search(line):
                asked.append(f"{rel}:{no}: {line.strip()}")
            if SCHEME_IDS.search(line) and not any(s in line for s in NOT_A_SCHEME):
                named.append(f"{rel}:{no}: {line.strip()}")
    assert asked == []
    assert named == []
