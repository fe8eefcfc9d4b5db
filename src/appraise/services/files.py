"""Appraisal files on disk: built aside and moved into place whole, the bundled samples, who is writing."""

from __future__ import annotations

import getpass
import os
import secrets
from collections.abc import Callable
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING

from appraise.errors import StoreError, UsageError

if TYPE_CHECKING:
    from appraise.services.session import Appraisal


def default_user() -> str:
    """Who is making changes: ``$APPRAISE_USER``, else the login name."""
    try:
        return os.environ.get("APPRAISE_USER") or getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry
        return "unknown"



#: How old a left-over partial file must be before a new build removes it (it is a killed build's, not
#: one running now).
STALE_PARTIAL_SECONDS = 600


def build_aside(dest: str | Path, build: Callable[[Path], Appraisal], replace: bool = False) -> Appraisal:
    """Build an appraisal file beside ``dest`` and move it into place whole; return it opened at ``dest``.

    ``build(aside)`` creates and fills the file at a hidden temporary name in the same folder. Only a
    finished, closed file is moved: with ``replace`` it takes the place of ``dest`` in one rename, else it
    is linked to ``dest`` only if nothing is there (never overwriting a file that appeared meanwhile).
    Killed at any moment, ``dest`` holds the old file (or nothing) or the whole new one.
    """
    dest = Path(dest)
    if dest.is_dir():
        raise UsageError(f"{dest} is a folder: give the appraisal file to create in it, "
                         f"e.g. {dest / 'acme.appraisal'}")
    if not dest.parent.is_dir():
        raise StoreError(f"{dest.parent} is not a folder: cannot create {dest.name} there")
    if dest.exists() and not replace:
        raise StoreError(f"{dest} already exists: choose another file name or remove it first")
    _remove_stale_partials(dest)
    aside = dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        build(aside).close()
        _sqlite_leftovers_removed(aside)
        if replace:
            _sqlite_leftovers_removed(dest)  # an old file's journal must not be replayed onto the new one
            os.replace(aside, dest)
        else:
            _sqlite_leftovers_removed(dest)
            try:
                os.link(aside, dest)  # fails if dest appeared meanwhile: never overwrite
            except FileExistsError:
                raise StoreError(f"{dest} already exists: choose another file name or remove it first") from None
            except OSError:  # a file system without hard links: rename, checked just before
                if dest.exists():
                    raise StoreError(f"{dest} already exists: choose another file name or remove it "
                                     "first") from None
                os.rename(aside, dest)
    except OSError as exc:
        raise StoreError(f"{dest}: cannot create the appraisal file ({exc.strerror or exc})") from None
    finally:
        aside.unlink(missing_ok=True)
        _sqlite_leftovers_removed(aside)
    from appraise.services.session import Appraisal

    return Appraisal.open(dest)


def _sqlite_leftovers_removed(path: Path) -> None:
    """Remove the journal files SQLite may leave beside ``path`` when a process was killed."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _remove_stale_partials(dest: Path) -> None:
    """Left-overs of builds of ``dest`` that were killed: their process is gone (or, on a shared folder
    where that cannot be told, they are older than STALE_PARTIAL_SECONDS)."""
    import time

    for p in dest.parent.glob(f".{glob_escape(dest.name)}.*.partial*"):
        pid = p.name[len(dest.name) + 2:].split("-")[0]
        try:
            if (pid.isdigit() and not _process_alive(int(pid))) or \
                    time.time() - p.stat().st_mtime > STALE_PARTIAL_SECONDS:
                p.unlink()
        except OSError:
            pass


def _process_alive(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) would end the process elsewhere: rely on the age there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, another user's
        return True
    return True


def sample_names() -> list[str]:
    """The bundled samples (folders of sample_projects with a sample.yaml)."""
    from appraise.resources import bundled_dir

    return sorted(p.parent.name for p in bundled_dir("sample_projects").glob("*/sample.yaml"))


def build_sample(name: str, dest: str | Path, who: str | None = None, replace: bool = False) -> Appraisal:
    """Create the appraisal file ``dest`` from the bundled sample ``name`` (``replace``: over an existing one).

    The sample is its sources (``sample.yaml`` with the scheme's own scope ``options`` and ``scope`` changes,
    the evidence index, the characterizations and the team's decisions; for an audit the conformity
    recorded and the findings), built through the same use cases a user runs,
    so it always matches this version's file format. It is built aside and
    moved into place whole (``build_aside``).
    """
    import yaml

    from appraise.resources import bundled_dir
    from appraise.services.session import Appraisal

    src = bundled_dir("sample_projects") / name
    spec_path = src / "sample.yaml"
    if not spec_path.is_file():
        raise UsageError(f"no sample {name!r} (samples: {', '.join(sample_names())})")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    who = who or spec.get("lead", default_user())
    target = spec.get("target")

    def build(aside: Path) -> Appraisal:
        appraisal = Appraisal._create(
            aside, Path(dest).name, framework=spec["framework"], representation=spec.get("representation"),
            target=None if target is None else int(target), unit=spec["unit"], projects=list(spec["projects"]),
            areas=spec.get("process_areas"), who=who, scope_name=None, refined=False, maturity_model=None,
            options=spec.get("options"))
        try:
            for revision in spec.get("scope", []):  # a scheme's own scope changes (CMMI V3.0: the sample)
                appraisal.setup.revise_scope(revision["change"], revision.get("why", ""), who)
            if spec.get("evidence"):
                appraisal.evidence.import_plan(appraisal.evidence.plan_import(src / spec["evidence"]), who)
            if spec.get("characterizations"):
                appraisal.cells.import_plan(appraisal.cells.plan_import(src / spec["characterizations"]), who)
            for d in spec.get("decisions", []):
                appraisal.decisions.decide(d["target"], d["value"], d["why"], who)
            for c in spec.get("conformity", []):
                clause, site = (c["clause"], c.get("site")) if isinstance(c, dict) else (str(c), None)
                appraisal.findings.conform(str(clause), site, who)
            for member in spec.get("team", []):
                appraisal.team.add(member["name"], member["role"], member.get("affiliation", ""),
                                   member.get("licence", ""), who)
            if spec.get("details"):
                appraisal.team.set_details({k: str(v) for k, v in spec["details"].items()}, who)
            for f in spec.get("findings", []):
                if "target" in f:  # a strength or weakness on a practice
                    appraisal.findings.add(str(f["target"]), f["kind"], f["text"], who=who)
                    continue
                found = appraisal.findings.add_audit_finding(str(f["clause"]), f["grade"], f["text"], f.get("site"),
                                                             f.get("evidence"), who)
                if f.get("status") in ("plan_accepted", "verified_closed"):
                    appraisal.findings.update_status(found.id, f["status"], who)
        except BaseException:
            appraisal.close()
            raise
        return appraisal

    return build_aside(dest, build, replace=replace)
