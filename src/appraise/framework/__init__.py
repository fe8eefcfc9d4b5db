"""The process model as data: frozen dataclasses loaded from ``frameworks/*.yaml``."""

from appraise.framework.bundled import bundled_framework_ids, load_bundled
from appraise.framework.ids import id_key
from appraise.framework.loader import load_framework_file, load_framework_text
from appraise.framework.model import (
    EquivalentStage,
    Framework,
    Goal,
    Practice,
    ProcessArea,
    Scale,
    ScaleValue,
)

__all__ = [
    "EquivalentStage",
    "Framework",
    "Goal",
    "Practice",
    "ProcessArea",
    "Scale",
    "ScaleValue",
    "bundled_framework_ids",
    "id_key",
    "load_bundled",
    "load_framework_file",
    "load_framework_text",
]
