"""The app-level messages: what a screen or a worker tells the App, in one place.

Messages go up, attributes come down. A screen never calls into the App to change its state: it posts one of
these (they bubble from the screen to the App, which handles them with ``@on``), the way Harlequin's screens
post ``DatabaseConnected``. The App answers by changing what every view watches (``data_version``) or by
posting a message down to the screen shown (``SelectTarget``).

Textual's own API (``notify``, ``push_screen``, ``bell``, ``exit``…) is called directly, as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from appraise.errors import AppraiseError
    from appraise.services import Appraisal


@dataclass
class AppraisalChanged(Message):
    """The appraisal was changed (saved): every view refreshes, the rating is recomputed.

    ``source``: the view that made the change and has already shown it (it is not refreshed again).
    """

    source: object | None = None


@dataclass
class AppraisalOpened(Message):
    """An appraisal was opened (or created, or the sample built): show it instead of the one open."""

    appraisal: Appraisal


class LeaveStart(Message):
    """Back from the start screen to the view it was opened from (escape), when an appraisal is open."""


@dataclass
class ShowTarget(Message):
    """Show ``view`` (a mode name: "practices", "matrix", "evidence"…) with ``target`` selected in it:
    a practice, goal or area id, a project code, an evidence item id."""

    view: str
    target: str | int


@dataclass
class SelectTarget(Message, bubble=False):
    """To the screen just shown for a ``ShowTarget``: select ``target`` (the App posts it, the screen handles it)."""

    target: str | int


@dataclass
class Refused(Message):
    """A request was refused or failed (a user error): the App says so in a notification, never a traceback."""

    error: AppraiseError
    title: str = "Not done"


@dataclass
class RatingComputed(Message):
    """A worker rated the appraisal as it was at ``version`` (the App's ``data_version`` when it started).

    Sent to the screen that asked; a rating of an older version than the one shown is ignored.
    """

    version: int
    rating: Any


@dataclass
class ViewDataRead(Message):
    """A worker read what a view shows (``AppraisalScreen.read_data``) as the data was at ``version``.

    Sent to the view that asked; it shows ``data`` when it still shows that version.
    """

    version: int
    data: Any
