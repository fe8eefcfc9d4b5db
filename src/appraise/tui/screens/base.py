"""What every view of an open appraisal shares: header, footer, refresh on change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

from appraise.errors import AppraiseError

if TYPE_CHECKING:
    from appraise.services import Appraisal, RatingTree
    from appraise.tui.app import AppraiseApp


class AppraisalScreen(Screen[None]):
    """A view of the open appraisal. Subclasses compose ``body()`` and implement ``refresh_data()``.

    The view refreshes when the appraisal changes (``app.changed()``) while it is
    shown, or when it is shown again after a change elsewhere.
    """

    #: The name shown in the header and the help screen.
    VIEW_TITLE = ""

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
        self._shown_version = self.appraise.data_version
        try:
            self.refresh_data()
        except AppraiseError as exc:  # e.g. the file became unreadable: say so, keep the app
            self.appraise.fail(exc, title="Cannot show this view")

    def refresh_data(self) -> None:
        """Read what the view shows from the appraisal (through the services) and show it."""

    def changes_elsewhere_since_shown(self) -> list[Any]:
        """The changes written elsewhere (another process or window) since this view last showed the data."""
        before = getattr(self, "_previous_version", -1)
        if before < 0:
            return []  # the view's first showing: nothing of it was seen before
        return [c for version, c in self.appraise.changed_elsewhere if version > before]

    def rating(self) -> Any:
        """The scheme's own rating result, for the views that do not render the rating tree yet."""
        return self.appraise.rating().result

    def rating_tree(self) -> RatingTree:
        """The rating as the neutral tree (cached by the app until the data change)."""
        return self.appraise.rating()
