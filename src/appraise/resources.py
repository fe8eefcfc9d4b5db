"""Where the bundled frameworks and sample projects are.

In a wheel they live inside the package (``appraise/_bundled``); in a source
checkout or an editable install they are the repository's top-level
``frameworks/`` and ``sample_projects/``. This is the one place that knows.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """Return the directory of bundled data ``name`` ("frameworks" or "sample_projects")."""
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"bundled {name} not found (looked in {inside} and {checkout})")
