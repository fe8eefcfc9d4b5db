"""Shared fixtures: a fresh appraisal file and a CSV writer.

``appraisal_file``: a staged ML2 CMMI-DEV 1.3 appraisal (7 areas, 124 practices)
with projects ALPHA, BETA, GAMMA, created through ``Appraisal.create`` and closed.
``make_appraisal``: the same with another target, representation, areas or projects.
``write_csv``: write CSV text into tmp_path with a chosen encoding, BOM and line ending.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pg import pg_dsn, pg_server  # noqa: F401 (a real PostgreSQL for the shared store's tests)

from appraise.services import Appraisal

PROJECTS = ("ALPHA", "BETA", "GAMMA")
LEAD = "lead"


def create_appraisal(path: Path, *, target: int = 2, representation: str = "staged",
                     projects: tuple[str, ...] = PROJECTS, areas: list[str] | None = None) -> Path:
    """Create (and close) an appraisal file at ``path``; returns ``path``."""
    with Appraisal.create(path, framework="cmmi-dev-1.3", representation=representation, target=target,
                          unit="Acme Payments", projects=list(projects), areas=areas, who=LEAD):
        pass
    return path


@pytest.fixture
def make_appraisal(tmp_path: Path) -> Callable[..., Path]:
    """``make_appraisal(name, target=2, representation="staged", projects=..., areas=None) -> Path``."""
    return lambda name, **kw: create_appraisal(tmp_path / name, **kw)


@pytest.fixture
def appraisal_file(tmp_path: Path) -> Path:
    """A staged ML2 appraisal of Acme Payments with projects ALPHA, BETA, GAMMA."""
    return create_appraisal(tmp_path / "acme.appraisal")


@pytest.fixture
def appraisal_file_ml3(tmp_path: Path) -> Path:
    """A staged ML3 appraisal (18 areas) with projects ALPHA, BETA, GAMMA."""
    return create_appraisal(tmp_path / "acme-ml3.appraisal", target=3)


WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """``write_csv(name, text, encoding="utf-8", bom=False, newline="\\n") -> Path``.

    ``text`` is written with its ``\\n`` replaced by ``newline`` (use ``"\\r\\n"``
    for Excel), encoded with ``encoding``; ``bom=True`` prepends a UTF-8 BOM.
    """

    def write(name: str, text: str, *, encoding: str = "utf-8", bom: bool = False,
              newline: str = "\n") -> Path:
        path = tmp_path / name
        data = text.replace("\n", newline).encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real data folder (the user's models, the recent list): a fresh one each."""
    monkeypatch.setenv("APPRAISE_DATA_DIR", str(tmp_path_factory.mktemp("appraise-data")))
