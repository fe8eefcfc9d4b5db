"""Where an appraisal lives: a file (``acme.appraisal``) or an appraisal in a PostgreSQL database
(``postgresql://user@host:5432/db?appraisal=acme``; ``@acme`` names one in the database ``$APPRAISE_DB``).

Standard library only: every command parses its location before anything is imported. The password of a
server location never appears in what is shown (``shown``); libpq's own ways to give it (``PGPASSWORD``,
``~/.pgpass``, ``PGHOST`` ...) work as they do for ``psql``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from appraise.errors import UsageError

#: The URI schemes libpq accepts.
SERVER_SCHEMES = ("postgresql://", "postgres://")
#: The environment variable naming the team's database (a DSN, with or without ``?appraisal=``).
DATABASE_VARIABLE = "APPRAISE_DB"


@dataclass(frozen=True)
class FileLocation:
    """An ``.appraisal`` file (SQLite): one appraisal."""

    path: Path

    @property
    def shown(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class ServerLocation:
    """A PostgreSQL database, and the appraisal in it (None: the database alone, e.g. ``appraise list``)."""

    #: The connection string libpq takes (the password kept, ``appraisal`` taken out).
    dsn: str
    appraisal: str | None
    #: The location as messages show it: no password.
    shown: str

    def with_appraisal(self, name: str) -> ServerLocation:
        return locate_server(_with_query(self.dsn, appraisal=name))

    @property
    def address(self) -> str:
        """The whole location as one address again (``...?appraisal=NAME``, the password kept): what another
        process is handed, in its environment, never on a command line."""
        return _with_query(self.dsn, appraisal=self.appraisal) if self.appraisal else self.dsn

    @property
    def name(self) -> str:
        """The appraisal's name (as a file's name is shown), else the database's."""
        return self.appraisal or urlsplit(self.dsn).path.lstrip("/") or "postgresql"

    def __str__(self) -> str:
        return self.shown


def is_server(text: str | Path) -> bool:
    """``text`` names a server location (a PostgreSQL URI, or ``@name`` in ``$APPRAISE_DB``)."""
    s = str(text)
    return s.startswith(SERVER_SCHEMES) or (s.startswith("@") and len(s) > 1 and not Path(s).exists())


def locate(text: str | Path) -> FileLocation | ServerLocation:
    """The location ``text`` names: a server location, or else a file path (which need not exist yet)."""
    s = str(text)
    if s.startswith("@") and len(s) > 1 and not Path(s).exists():
        base = os.environ.get(DATABASE_VARIABLE, "")
        if not base.startswith(SERVER_SCHEMES):
            raise UsageError(f"{s}: an appraisal named with @ lives in the database ${DATABASE_VARIABLE} names "
                             f"(e.g. {DATABASE_VARIABLE}=postgresql://host/db), and ${DATABASE_VARIABLE} is "
                             f"{'not set' if not base else 'no postgresql:// address'}")
        return locate_server(_with_query(base, appraisal=s[1:]))
    if s.startswith(SERVER_SCHEMES):
        return locate_server(s)
    return FileLocation(Path(s))


def locate_server(uri: str) -> ServerLocation:
    """Split ``postgresql://...?appraisal=NAME&sslmode=...`` into the DSN libpq takes and the appraisal's name."""
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - a port that is no number is refused here, not at the first connection
    except ValueError as exc:
        raise UsageError(f"{_hide_password_roughly(uri)} is not a PostgreSQL address ({exc}); write "
                         "postgresql://USER@HOST:PORT/DATABASE?appraisal=NAME") from None
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = [v for k, v in query if k == "appraisal"]
    rest = [(k, v) for k, v in query if k != "appraisal"]
    name = names[-1].strip() if names else None
    if names and not name:
        raise UsageError(f"{_hide_password(uri)}: ?appraisal= needs a name, e.g. ?appraisal=acme")
    dsn = urlunsplit(parts._replace(query=urlencode(rest)))
    shown = _hide_password(urlunsplit(parts._replace(query=urlencode(rest + ([("appraisal", name)] if name else [])))))
    return ServerLocation(dsn, name, shown)


def _with_query(uri: str, **values: str) -> str:
    parts = urlsplit(uri)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in values]
    return urlunsplit(parts._replace(query=urlencode(query + list(values.items()))))


def _hide_password_roughly(uri: str) -> str:
    """An address that does not parse, without anything that may be a password (``user:secret@``)."""
    head, at, tail = uri.partition("@")
    return f"{head.split(':', 2)[0]}:{head.split(':', 2)[1]}" + (f"...@{tail}" if at else "") \
        if head.count(":") >= 2 and at else uri


def _hide_password(uri: str) -> str:
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}"))


__all__ = ["DATABASE_VARIABLE", "FileLocation", "ServerLocation", "is_server", "locate", "locate_server"]
