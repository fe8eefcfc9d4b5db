"""The framework files that ship with appraise."""

from __future__ import annotations

from pathlib import Path

from appraise.errors import FrameworkError
from appraise.framework.loader import load_framework_file
from appraise.framework.model import Framework
from appraise.resources import bundled_dir


def _dir() -> Path:
    return bundled_dir("frameworks")


def bundled_framework_ids() -> list[str]:
    """Ids of the bundled frameworks (each file is named ``<id>.yaml``)."""
    return sorted(p.stem for p in _dir().glob("*.yaml"))


def bundled_framework_path(framework_id: str) -> Path:
    path = _dir() / f"{framework_id}.yaml"
    if not path.is_file():
        known = ", ".join(bundled_framework_ids())
        raise FrameworkError(f"no bundled framework {framework_id!r} (bundled: {known}); "
                             "give the path of a framework file to use your own")
    return path


def load_bundled(framework_id: str) -> Framework:
    return load_framework_file(bundled_framework_path(framework_id))
