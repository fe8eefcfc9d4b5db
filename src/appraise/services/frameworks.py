"""Model files: a framework by id or path, a maturity model file, what kind of YAML file a path holds; the
user's own models (built from their Appraisal Tool workbook) kept in their data folder."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from appraise.errors import FrameworkError, UsageError
from appraise.framework import Framework, load_framework_file
from appraise.framework.bundled import bundled_framework_ids, bundled_framework_path
from appraise.schemes import checked_scheme

#: Appraisal settings (the store's ``setting`` table).
REFINED = "refined"
MATURITY_MODEL = "maturity_model"
MATURITY_MODEL_ORIGIN = "maturity_model_origin"


def user_frameworks_dir() -> Path:
    """Where the user's own models are kept: ``frameworks/`` in the data folder (``$APPRAISE_DATA_DIR`` when
    set, as for the recent list, else the platform's)."""
    override = os.environ.get("APPRAISE_DATA_DIR")
    if override:
        return Path(override) / "frameworks"
    from platformdirs import user_data_path

    return user_data_path("appraise", appauthor=False) / "frameworks"


def user_framework_ids() -> list[str]:
    """Ids of the user's own models (each kept as ``<id>.yaml`` in ``user_frameworks_dir``)."""
    folder = user_frameworks_dir()
    try:
        return sorted(p.stem for p in folder.glob("*.yaml") if p.is_file())
    except OSError:
        return []


def framework_path(name_or_path: str) -> Path:
    """A bundled framework id (``cmmi-dev-1.3``), the id of one of the user's models, or a framework file."""
    wanted = name_or_path.strip().lower()
    bundled = {i.lower(): i for i in bundled_framework_ids()}
    if wanted in bundled:
        return bundled_framework_path(bundled[wanted])
    mine = {i.lower(): i for i in user_framework_ids()}
    if wanted in mine:
        return user_frameworks_dir() / f"{mine[wanted]}.yaml"
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        return p
    yours = f"; yours: {', '.join(mine.values())}" if mine else ""
    raise FrameworkError(f"no framework {name_or_path!r}: use a bundled one "
                         f"({', '.join(bundled_framework_ids())}{yours}) or the path of a framework file")


@dataclass(frozen=True)
class ModelEntry:
    """One model `frameworks list` shows: bundled, or the user's own (``mine``); ``problem`` when it does not
    load (a user's file edited by hand), so one broken file does not hide the others."""

    id: str
    path: Path
    mine: bool
    framework: Framework | None
    problem: str = ""


def model_entries() -> list[ModelEntry]:
    """The bundled models, then the user's own (an id the bundled ones take is not the user's)."""
    out = [ModelEntry(fid, bundled_framework_path(fid), False, load_framework_file(bundled_framework_path(fid)))
           for fid in bundled_framework_ids()]
    taken = {e.id.lower() for e in out}
    for fid in user_framework_ids():
        path = user_frameworks_dir() / f"{fid}.yaml"
        if fid.lower() in taken:
            out.append(ModelEntry(fid, path, True, None, f"{path}: a bundled model has the id {fid!r}; rename "
                                                          "the file and its id to use it"))
            continue
        try:
            out.append(ModelEntry(fid, path, True, load_framework_file(path)))
        except FrameworkError as exc:
            out.append(ModelEntry(fid, path, True, None, str(exc)))
    return out


def model_file_kind(path: str | Path) -> str:
    """What a YAML file is: ``mapping``, ``maturity-model`` or a ``framework`` (model) file."""
    from appraise.framework.loader import read_data_file
    from appraise.framework.mapping import is_mapping_text
    from appraise.framework.maturity import is_maturity_model_text

    p = maturity_model_path(path)
    try:
        text = read_data_file(p, "model")  # a regular file only: a FIFO must not block here
    except FrameworkError:
        return "framework"  # the model loader says what is wrong with it
    if is_mapping_text(text):
        return "mapping"
    return "maturity-model" if is_maturity_model_text(text) else "framework"


#: The bundled example maturity model (it illustrates the format; it is not a standard's model).
MATURITY_EXAMPLE = "maturity-model-example"


def maturity_model_path(name_or_path: str | Path) -> Path:
    """A maturity model file, or the bundled example by its name (so it works from an installed package)."""
    p = Path(name_or_path)
    if p.exists() or str(name_or_path).removesuffix(".yaml") != MATURITY_EXAMPLE:
        return p
    from appraise.resources import bundled_dir

    return bundled_dir("sample_projects") / f"{MATURITY_EXAMPLE}.yaml"


def validate_maturity_model(path: str | Path) -> tuple[Any, Framework]:
    """Check a maturity model file and the model it names, as attaching it would: (maturity model, framework)."""
    from appraise.framework.maturity import line_of, load_maturity_file

    path = maturity_model_path(path)
    named = load_maturity_file(path).framework
    try:
        framework = load_framework(named)
    except FrameworkError as exc:
        raise FrameworkError(f"{line_of(path, 'framework')}{exc}") from None
    try:
        maturity_settings(framework, path)
    except UsageError as exc:
        raise FrameworkError(f"{line_of(path, 'framework')}{exc}") from None
    return load_maturity_file(path, framework), framework


def maturity_settings(model: Framework, path: str | Path) -> dict[str, str]:
    """Check a maturity model file against ``model`` and return the settings that attach it."""
    from appraise.framework.maturity import load_maturity_file

    if model.no_maturity_levels:
        raise UsageError(f"{model.id}: no maturity model can be attached: {model.no_maturity_levels}")
    if not model.attributes:
        raise UsageError(f"a maturity model file is for ISO/IEC 33020 process assessments, not {model.id}"
                         + (" (CMMI has its own maturity levels)" if model.maturity_levels else ""))
    p = maturity_model_path(path)
    load_maturity_file(p, model)  # refused with file:line: what, before anything is written
    return {MATURITY_MODEL: p.read_text(encoding="utf-8"), MATURITY_MODEL_ORIGIN: p.name}


def load_framework(name_or_path: str) -> Framework:
    """Load and check a framework, including that appraise has its rating scheme."""
    framework = load_framework_file(framework_path(name_or_path))
    checked_scheme(framework)
    return framework


# -- the user's own model, built from their Appraisal Tool workbook -------------------------------------------

@dataclass(frozen=True)
class BuiltModel:
    """What `frameworks build` made: the model (loaded back from the written text), where it was written and
    kept, what the workbook says about its appraisal, how many titles came from the user's statements."""

    framework: Framework
    written: Path
    kept: Path
    settings: dict[str, str]
    notes: tuple[str, ...]
    statements: int = 0
    #: Statement ids that are no practice of the model (a typo, another model version).
    unmatched: tuple[str, ...] = ()


_MODEL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def build_from_mdd_tool(workbook: str | Path, output: str | Path, model_id: str | None = None,
                        statements: str | Path | None = None, method_version: str | None = None,
                        replace: bool = False, today: date | None = None) -> BuiltModel:
    """Read the structure of the user's Appraisal Tool ``workbook`` (and their ``statements``), write the model
    file ``output`` and keep a copy among the user's models (``<data folder>/frameworks/<id>.yaml``).

    Everything is checked before anything is written; an existing file is replaced only with ``replace``.
    """
    from appraise.framework.builder import model_yaml
    from appraise.framework.groups import practice_id
    from appraise.framework.loader import load_framework_text
    from appraise.io.mdd_tool import read_mdd_tool
    from appraise.io.oe_statements import read_statements

    workbook, output = Path(workbook), Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"{output}: the model file is YAML: name it .yaml (e.g. acme-cmmi-v3.yaml)")
    fid = (model_id or output.stem).strip()
    if not _MODEL_ID.match(fid):
        raise UsageError(f"{fid!r} is not a usable model id (letters, digits, '.', '-', '_'; e.g. acme-cmmi-v3): "
                         "give --id")
    if fid.lower() in {i.lower() for i in bundled_framework_ids()}:
        raise UsageError(f"{fid!r} is a bundled model's id: give your model another one with --id")
    kept = user_frameworks_dir() / f"{fid}.yaml"
    for path in dict.fromkeys((output, kept)):
        if path.exists() and not replace:
            raise UsageError(f"{path} already exists: remove it, choose another --id / -o, or give --force to "
                             "replace it")
    tool = read_mdd_tool(workbook, method_version)
    given = read_statements(statements) if statements else {}
    ids = {practice_id(a.id, n) for a in tool.areas for n in a.practices}
    used = {k: v for k, v in given.items() if k in ids}
    text = model_yaml(tool, model_id=fid,
                      title=f"CMMI V{tool.method_version} practice structure (from the user's MDD Appraisal Tool)",
                      source=f"built by appraise from {workbook.name} on {(today or date.today()).isoformat()}",
                      statements=used)
    framework = load_framework_text(text, origin=str(output))  # the written file must load: checked first
    for path in dict.fromkeys((output, kept)):
        _write_atomically(path, text)
    return BuiltModel(framework, output, kept, dict(tool.settings), tool.notes, len(used),
                      tuple(sorted(set(given) - ids)))


def _write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the model file ({exc.strerror or exc})") from None
