"""What every view of an open appraisal shares: header, footer, refresh on change, the rating off the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

from appraise.errors import AppraiseError
from appraise.tui.messages import RatingComputed, Refused, SelectTarget, ViewDataRead

if TYPE_CHECKING:
    from appraise.services import Appraisal, RatingTree
    from appraise.tui.app import AppraiseApp


class AppraisalScreen(Screen[None]):
    """A view of the open appraisal. Subclasses compose ``body()`` and implement ``refresh_data()``.

    The view refreshes when the appraisal changes (an ``AppraisalChanged`` message) while it is
    shown, or when it is shown again after a change elsewhere. Nothing slow runs on the UI thread:
    a view that shows the rating (``SHOWS_RATING``) gets it from a worker when it is not computed yet
    for the data shown (``RatingComputed``), and a view that overrides ``read_data()`` reads in a
    worker and shows the result with ``show_data()`` (``ViewDataRead``). Until the message arrives the
    view keeps showing what it showed, and keeps answering keys.
    """

    #: The name shown in the header and the help screen.
    VIEW_TITLE = ""
    #: Whether ``refresh_data()`` reads the rating: then, when the rating is not computed yet for the data
    #: shown, a worker computes it first (``RatingComputed``) and the view keeps what it shows until then.
    SHOWS_RATING = False

    def __init__(self) -> None:
        super().__init__()
        self._shown_version = -1

    @property
    def appraise(self) -> AppraiseApp:
        return cast("AppraiseApp", self.app)

    @property
    def appraisal(self) -> Appraisal:
        appraisal = self.appraise.appraisal
        assert appraisal is not None, "a view needs an open appraisal"
        return appraisal

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.body()
        yield Footer()

    def body(self) -> ComposeResult:  # pragma: no cover - every view overrides it
        yield from ()

    def on_mount(self) -> None:
        self.title = f"appraise — {self.VIEW_TITLE}"
        self.watch(self.app, "data_version", self._on_data_version, init=False)
        self._refresh()

    def on_screen_resume(self) -> None:
        if self._shown_version != self.appraise.data_version:
            self._refresh()

    def _on_data_version(self, _version: int) -> None:
        if self.is_current:
            if self.appraise.change_source is self:
                self._shown_version = self.appraise.data_version
                self.own_change_saved()
            else:
                self._refresh()

    def own_change_saved(self) -> None:
        """This view made the change and showed it already; by default it refreshes anyway."""
        self._refresh()

    def _refresh(self) -> None:
        #: The data version this view showed before this refresh (what changed since is new to it).
        self._previous_version = self._shown_version
        self._shown_version = version = self.appraise.data_version
        if self._reads_in_worker():
            self._read(version)  # show_data() runs when the data arrives
        elif self.SHOWS_RATING and not self.appraise.rating_ready():
            self._rate(version)  # refresh_data() runs when the rating arrives
        else:
            self._show_data()

    def _show_data(self) -> None:
        try:
            self.refresh_data()
        except AppraiseError as exc:  # e.g. the file became unreadable: say so, keep the app
            self.post_message(Refused(exc, "Cannot show this view"))

    @work(thread=True, exclusive=True, group="view-rating", exit_on_error=False)
    def _rate(self, version: int) -> None:
        """Rate the appraisal off the UI thread; ends in ``RatingComputed`` (or ``Refused``)."""
        try:
            rating = self.appraise.rating()
        except AppraiseError as exc:
            self.post_message(Refused(exc, "Cannot show this view"))
            return
        self.post_message(RatingComputed(version, rating))

    @on(RatingComputed)
    def _rating_computed(self, message: RatingComputed) -> None:
        if message.version == self._shown_version and self.is_mounted:  # else a later change is being rated
            self._show_data()

    # -- reading in a worker: a view overrides read_data() and show_data() ------------------------
    def _reads_in_worker(self) -> bool:
        return type(self).read_data is not AppraisalScreen.read_data

    @property
    def data_pending(self) -> bool:
        """A worker is reading what this view will show (what it shows is of an older version)."""
        return self._reads_in_worker() and getattr(self, "_read_version", -1) != self._shown_version

    def read_data(self) -> Any:
        """What the view shows, read from the appraisal off the UI thread (services only, no widgets)."""
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        """Show what ``read_data()`` read (on the UI thread)."""

    @work(thread=True, exclusive=True, group="view-read", exit_on_error=False)
    def _read(self, version: int) -> None:
        """``read_data()`` (and the rating first when the view shows it) off the UI thread; ends in
        ``ViewDataRead`` (or ``Refused``)."""
        try:
            if self.SHOWS_RATING:
                self.appraise.rating()
            data = self.read_data()
        except AppraiseError as exc:
            self.post_message(Refused(exc, "Cannot show this view"))
            return
        self.post_message(ViewDataRead(version, data))

    @on(ViewDataRead)
    def _data_read(self, message: ViewDataRead) -> None:
        if message.version != self._shown_version or not self.is_mounted:
            return  # a later version is being read: that result will come
        self._read_version = message.version
        try:
            self.show_data(message.data)
        except AppraiseError as exc:
            self.post_message(Refused(exc, "Cannot show this view"))

    @on(SelectTarget)
    def _select_target(self, message: SelectTarget) -> None:
        self.select_target(message.target)

    def select_target(self, target: str | int) -> None:
        """Select ``target`` (an id this view shows) after a ``ShowTarget``; views that can, override this."""

    def refresh_data(self) -> None:
        """Read what the view shows from the appraisal (through the services) and show it."""

    def changes_elsewhere_since_shown(self) -> list[Any]:
        """The changes written elsewhere (another process or window) since this view last showed the data."""
        before = getattr(self, "_previous_version", -1)
        if before < 0:
            return []  # the view's first showing: nothing of it was seen before
        return [c for version, c in self.appraise.changed_elsewhere if version > before]

    def rating_tree(self) -> RatingTree:
        """The rating as the neutral tree (cached by the app until the data change)."""
        return self.appraise.rating()
