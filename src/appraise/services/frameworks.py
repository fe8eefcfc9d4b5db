"""Model files: a framework by id or path, a maturity model file, what kind of YAML file a path holds."""

from __future__ import annotations

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


def framework_path(name_or_path: str) -> Path:
    """A bundled framework id (``cmmi-dev-1.3``) or the path of a framework file."""
    bundled = {i.lower(): i for i in bundled_framework_ids()}
    if name_or_path.strip().lower() in bundled:
        return bundled_framework_path(bundled[name_or_path.strip().lower()])
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        return p
    raise FrameworkError(f"no framework {name_or_path!r}: use a bundled one "
                         f"({', '.join(bundled_framework_ids())}) or the path of a framework file")


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
