"""What the merge tests share: the sample appraisal built once, copied per test, and its forks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from appraise.services import Appraisal, build_sample
from appraise.store import NewEvidence


@pytest.fixture(scope="session")
def _sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("merge-sample") / "sample.appraisal"
    build_sample("acme-ml2", path, who="Lead").close()
    return path


@pytest.fixture
def lead(_sample: Path, tmp_path: Path) -> Path:
    """A fresh lead file (the ML2 sample: evidence, findings, decisions, a roster)."""
    path = tmp_path / "lead.appraisal"
    shutil.copy(_sample, path)
    return path


def fork(lead: Path, name: str, label: str, areas: tuple[str, ...] = ()) -> Path:
    with Appraisal.open(lead) as a:
        return a.merging.fork(lead.with_name(name), label, areas, who="Lead")


def cell(path: Path, practice: str, project: str, value: str, note: str | None = None, who: str = "x") -> None:
    with Appraisal.open(path) as a:
        a.store.set_characterizations([(practice, project, value, note)], who)


def state(path: Path) -> dict:
    """Everything a merge compares (the findings by identity), as the file holds it now."""
    with Appraisal.open(path) as a:
        return a.reader.merge_state()["records"]


def cells(path: Path) -> dict:
    with Appraisal.open(path) as a:
        return {(p, u): v for p, row in a.reader.characterizations().items() for u, v in row.items()}


def merge(lead: Path, *copies: Path, dry_run: bool = False, who: str = "Lead"):
    with Appraisal.open(lead) as a:
        return a.merging.merge(list(copies), dry_run=dry_run, who=who)


def conflicts(path: Path, pending_only: bool = True):
    with Appraisal.open(path) as a:
        return a.merging.conflicts(pending_only)


def add_item(path: Path, title: str, who: str = "x") -> int:
    with Appraisal.open(path) as a:
        a.store.import_evidence([NewEvidence("artifact", title, f"dms/{title}", "d", "ATM-1", None, "")], [],
                                "test", who)
        return a.reader.evidence_keys()[("artifact", title, f"dms/{title}")]


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()
