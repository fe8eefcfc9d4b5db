"""DESIGN's layers, held by a test: no face and no service asks which scheme it shows.

Outside ``src/appraise/schemes/``: no ``is_audit`` / ``is_process_assessment``, no scheme id string, no
import of one scheme's package (``appraise.schemes.<scheme>``), no reading of a scheme's own result object
behind the tree (``rating().result``); services may import the registry (``appraise.schemes``), the tree and
the shared report helpers. The TUI imports neither rules nor schemes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

import pytest

from appraise.schemes import SCHEMES, RatingTree

SRC = Path(__file__).resolve().parent.parent / "src" / "appraise"
SCHEME_PACKAGES = ("scampi", "iso33020", "audit", "cmmi_appraisal")

#: Faces that render the tree (named so a move or a rename cannot take them out of the check unseen).
CLEAN_FACES = ("tui/screens/rating.py", "io/export.py", "tui/screens/base.py", "tui/screens/matrix.py",
               "tui/screens/matrix_cells.py", "tui/screens/practices.py", "tui/screens/findings.py",
               "tui/screens/overview.py", "tui/screens/decision_request.py", "tui/app.py")


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "schemes" not in p.relative_to(SRC).parts[:1])


#: Scheme ids that are also ordinary words ("audit": a representation, a column): flagged only where compared
#: with a scheme (``framework.scheme == "audit"``, ``rating["scheme"] == "audit"``).
AMBIGUOUS = {"audit"}


def _scheme_ids(tree: ast.AST, text: str) -> list[tuple[int, str]]:
    found = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in SCHEMES \
                and n.value not in AMBIGUOUS:
            found.append((n.lineno, n.value))
        if isinstance(n, ast.Compare):
            sides = [n.left, *n.comparators]
            ids = [s.value for s in sides if isinstance(s, ast.Constant) and s.value in AMBIGUOUS]
            if ids and any("scheme" in (ast.get_source_segment(text, s) or "") for s in sides):
                found += [(n.lineno, v) for v in ids]
    return found


def _scheme_results(tree: ast.AST, text: str) -> list[int]:
    """Lines reading ``.result`` of a rating (``app.rating().result``, ``a.rate().result``, ``tree.result``): the
    scheme's own result object behind the neutral tree."""
    return sorted(n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "result"
            and re.search(r"\brat(e|ing|ings)\b|\brate\(|\brating\(|tree", ast.get_source_segment(text, n.value) or ""))


def offences(path: Path) -> list[str]:
    """What in ``path`` asks which scheme it shows: a scheme check, a scheme id, a scheme package import."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    found: list[str] = []
    for name in ("is_audit", "is_process_assessment"):
        for m in re.finditer(rf"\b{name}\b", text):
            found.append(f"line {text.count(chr(10), 0, m.start()) + 1}: {name}")
    found += [f"line {line}: reads the scheme's own result" for line in _scheme_results(tree, text)]
    for line, value in _scheme_ids(tree, text):
        found.append(f"line {line}: scheme id {value!r}")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            names = {a.name for a in node.names}
            if parts[:2] == ["appraise", "schemes"] and (
                    len(parts) > 2 and parts[2] in SCHEME_PACKAGES or names & set(SCHEME_PACKAGES)):
                found.append(f"line {node.lineno}: imports {node.module}")
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[:2] == ["appraise", "schemes"] and len(parts) > 2 and parts[2] in SCHEME_PACKAGES:
                    found.append(f"line {node.lineno}: imports {alias.name}")
    return found


def test_the_scheme_ids_are_the_registry_s() -> None:
    assert set(SCHEMES) == {"scampi-1.3", "iso-33020", "audit", "cmmi-appraisal"}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_face_or_service_asks_which_scheme_it_shows(path: Path) -> None:
    assert offences(path) == [], f"{path.relative_to(SRC)} asks which scheme it shows"


def test_the_check_finds_a_branch(tmp_path: Path) -> None:
    """The test above can fail: a module that branches is caught."""
    face = tmp_path / "face.py"
    face.write_text('def words(framework, appraisal):\n    if framework.scheme == "audit":\n        return "site"\n'
                    '    return "instance" if appraisal.is_process_assessment else "project"\n', encoding="utf-8")
    assert offences(face) == ["line 4: is_process_assessment", "line 2: scheme id 'audit'"]


def test_the_check_finds_a_read_of_the_scheme_s_result(tmp_path: Path) -> None:
    """The scheme's own result object, however it is reached, is an offence; other ``.result`` reads are not."""
    face = tmp_path / "face.py"
    face.write_text("def show(app, a, message):\n    areas = app.rating().result.areas\n    rating = a.rate()\n"
                    "    goals = rating.result.goals\n    tree = a.rate()\n    tree.result\n"
                    "    return message.result\n", encoding="utf-8")
    assert offences(face) == ["line 2: reads the scheme's own result", "line 4: reads the scheme's own result",
                              "line 6: reads the scheme's own result"]


def test_no_module_outside_the_schemes_reads_a_rating_s_result() -> None:
    """Every face and service reads the neutral tree: the tree keeps no scheme result to read behind it."""
    assert "result" not in {f.name for f in fields(RatingTree)}
    for path in _modules():
        tree = ast.parse(text := path.read_text(encoding="utf-8"))
        assert _scheme_results(tree, text) == [], f"{path.relative_to(SRC)} reads the scheme's own result"


@pytest.mark.parametrize("name", CLEAN_FACES)
def test_faces_rendered_from_the_tree_stay_clean(name: str) -> None:
    assert offences(SRC / name) == []


def test_the_tui_imports_neither_rules_nor_schemes_nor_the_store() -> None:
    for path in sorted((SRC / "tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for module in modules:
                assert not module.startswith(("appraise.schemes", "appraise.rating", "sqlite3", "sqlmodel")), \
                    f"{path.relative_to(SRC)} imports {module}"


def test_the_schemes_import_only_the_model_and_the_errors() -> None:
    allowed = ("appraise.framework", "appraise.errors", "appraise.schemes")
    for path in sorted((SRC / "schemes").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("appraise"):
                assert node.module.startswith(allowed), f"{path.relative_to(SRC)} imports {node.module}"
