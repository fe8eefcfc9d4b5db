"""The service layer stays split by use case (issue 11, point 5): no module of ``appraise.services`` over
450 lines, no class there with 50 members or more (inherited ones count, dunders do not), and the open
appraisal hands out one object per use case."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import appraise.services
from appraise.services import Appraisal

MAX_LINES = 450
MAX_MEMBERS = 50
SERVICES = Path(appraise.services.__file__).parent


def service_modules() -> list[str]:
    return [f"appraise.services.{m.name}" for m in pkgutil.iter_modules([str(SERVICES)])] + ["appraise.services"]


def members(cls: type) -> set[str]:
    """What a class offers: the names in its and its bases' class dicts, dunders left out."""
    return {name for klass in cls.__mro__ if klass is not object for name in vars(klass)
            if not (name.startswith("__") and name.endswith("__"))}


def test_no_service_module_is_over_450_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in SERVICES.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
    assert len(sizes) >= 8, sizes  # the package was found, split


def test_no_service_class_has_50_members():
    classes = {}
    for name in service_modules():
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name:
                classes[f"{name}.{cls.__qualname__}"] = len(members(cls))
    assert any(name.endswith(".Appraisal") for name in classes), classes  # the classes were found
    assert {name: n for name, n in classes.items() if n >= MAX_MEMBERS} == {}


def test_members_are_counted_with_what_a_class_inherits():
    class Base:
        def one(self): ...

        def _two(self): ...

    class Child(Base):
        three = 3

        def __repr__(self):
            return "child"

    assert members(Child) == {"one", "_two", "three"}


def test_the_open_appraisal_hands_out_one_object_per_use_case(appraisal_file):
    with Appraisal.open(appraisal_file) as a:
        uses = {name: type(getattr(a, name)).__module__ for name in
                ("cells", "decisions", "evidence", "findings", "setup", "history")}
        assert uses == {"cells": "appraise.services.characterization", "decisions": "appraise.services.decisions",
                        "evidence": "appraise.services.evidence", "findings": "appraise.services.findings",
                        "setup": "appraise.services.scope", "history": "appraise.services.undo"}
        # each use case works on this open appraisal: a cell set through one is read back through the others
        a.cells.characterize("REQM SP 1.1", "ALPHA", "LI", who="lead")
        assert a.cells.all()["REQM SP 1.1"]["ALPHA"] == "LI"
        assert a.history.log()[-1].new == "LI"
        (undone,) = a.history.undo(who="lead")
        assert undone.target.startswith("REQM SP 1.1") and "ALPHA" not in a.cells.all().get("REQM SP 1.1", {})
