"""Errors a user can cause, with messages written for the user.

Every layer raises these; the CLI and the app catch ``AppraiseError`` once and
show its message (file, line, field, what to do) instead of a traceback.
"""

from __future__ import annotations


class AppraiseError(Exception):
    """Base class: ``str(error)`` is a complete message for the user."""


class FrameworkError(AppraiseError):
    """A model file is missing, unreadable or breaks the schema."""


class InputFileError(AppraiseError):
    """A CSV (or other input file) has rows that cannot be imported.

    ``problems`` holds what the terminal shows (one line per bad cell, "file:line: column 'X': ...", or the
    problems grouped by kind, then the first of them: one screenful), the message is their summary;
    ``all_problems`` holds every one, for ``--errors FILE``. Nothing has been written when this is raised.
    """

    def __init__(self, message: str, problems: list[str] | None = None,
                 all_problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        self.all_problems = list(all_problems) if all_problems is not None else [
            line for line in self.problems if not line.startswith("... and ")]
        super().__init__(message)


class StoreError(AppraiseError):
    """The appraisal file cannot be created, opened or written."""


class UsageError(AppraiseError):
    """A request that does not fit the appraisal (unknown practice, bad value, ...)."""


class ImportConflict(InputFileError):
    """An import would change values the team recorded differently; ``problems`` lists each cell
    (old -> new). Nothing has been written; the user chooses to replace or keep them."""
