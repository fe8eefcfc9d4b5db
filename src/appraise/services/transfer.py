"""An appraisal between a file and a team's database (issue 15): ``push`` a file's appraisal into a PostgreSQL
database under a name, ``pull`` one back into a file, ``list`` what a database (or a file) holds.

Both ends are opened through the store interface (``appraise.locations``: a file or a server location); the
appraisal moves whole (``appraise.store.transfer``: every row, the change log and what undoes each change), so a
round trip gives the same rating and the same change log. Neither command changes its source; a refused one
changes nothing.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

from appraise.errors import StoreError, UsageError
from appraise.locations import FileLocation, ServerLocation, locate
from appraise.services.files import build_aside
from appraise.store import is_read_only, probe, records
from appraise.store.records import AppraisalListing
from appraise.store.sqlite import SqliteStore
from appraise.store.transfer import AppraisalDump, dump

#: How a server location names its appraisal, for messages.
_NAMED = "postgresql://host/db?appraisal=NAME (or @NAME with $APPRAISE_DB set)"


def _postgres() -> Any:
    """The PostgreSQL store class (imported only when a server location is used)."""
    try:
        from appraise.store.postgres import PostgresStore
    except ImportError as exc:
        raise StoreError(f"this appraise cannot reach a PostgreSQL server ({exc})") from None
    return PostgresStore


def _file_reader(path: Path) -> SqliteStore:
    """An appraisal file opened for reading only: an older one is read from a migrated copy in memory, so the
    file is never changed (not even migrated)."""
    version = probe(path)
    if version < records.SCHEMA_VERSION:
        return SqliteStore.read_old(path, version)
    return SqliteStore.open_for_reading(path)


def _named(where: ServerLocation, verb: str) -> ServerLocation:
    if where.appraisal is None:
        raise UsageError(f"{where.shown}: name the appraisal to {verb}: {_NAMED}")
    return where


def read_dump(text: str | Path) -> tuple[AppraisalDump, str]:
    """Every row of the appraisal at ``text`` (a file, or a named appraisal in a database) and where it is, shown."""
    where = locate(text)
    if isinstance(where, FileLocation):
        store: Any = _file_reader(where.path)
    else:
        store = _postgres().open(_named(where, "copy"))
    try:
        return dump(store), where.shown
    finally:
        store.close()


def push(source: str | Path, dest: str, name: str | None = None) -> str:
    """Copy the appraisal file ``source`` into the database ``dest`` (a server location naming the appraisal, or
    the database with ``name``) under that name, which must be free there; ``source`` is not changed. Returns
    where it is now, shown (no password)."""
    src = locate(source)
    if not isinstance(src, FileLocation):
        raise UsageError(f"{src.shown}: push copies an appraisal file into a database; to copy from a database "
                         "to a file use `appraise pull`")
    where = locate(dest)
    if not isinstance(where, ServerLocation):
        raise UsageError(f"{where.shown}: push copies into a PostgreSQL database: give {_NAMED}; "
                         "to copy a file, copy the file")
    if name is not None:
        where = where.with_appraisal(name)
    where = _named(where, "push")
    data, _shown = read_dump(src.path)
    _postgres().create_from(where, data).close()  # named there as ``where`` says
    return where.shown


def pull(source: str, dest: str | Path, force: bool = False) -> Path:
    """Copy the appraisal at ``source`` (a named appraisal in a database, or a file) into the new file ``dest``
    (``force``: over an existing one); every id, the change log and its undo data as they were."""
    out = Path(dest)
    where = locate(source)
    if isinstance(where, FileLocation) and out.exists() and where.path.resolve() == out.resolve():
        raise UsageError(f"{out} is the appraisal being copied: give another output file")
    if out.is_dir():
        raise UsageError(f"{out} is a folder: give the appraisal file to create in it, e.g. {out / 'acme.appraisal'}")
    if out.exists() and not force:
        raise UsageError(f"{out} already exists: give --force to replace it, or another file name")
    if out.exists() and is_read_only(out):
        raise StoreError(f"{out} is read-only: cannot replace it")
    data, _shown = read_dump(source)
    done = build_aside(out, lambda aside: cast(Any, SqliteStore.create_from(aside, data)), replace=force)
    done.close()
    return out


def listing(text: str | Path) -> list[AppraisalListing]:
    """The appraisals a database holds (a server location: its appraisals, by name), or a file's one appraisal."""
    where = locate(text)
    if isinstance(where, ServerLocation):
        return list(_postgres().listing(where))
    store = _file_reader(where.path)
    try:
        info = store.info()
        log = store.change_log()
    finally:
        store.close()
    return [AppraisalListing(name=info.name or where.path.name, unit=info.unit, framework_id=info.framework_id,
                             created_at=info.created_at, created_by=info.created_by, changes=len(log),
                             last_change_at=log[-1].at if log else "")]


def listing_dicts(rows: list[AppraisalListing]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]


def shown(text: str | Path) -> str:
    """A location as messages show it (a server location without its password)."""
    return locate(text).shown


__all__ = ["listing", "listing_dicts", "pull", "push", "read_dump", "shown"]
