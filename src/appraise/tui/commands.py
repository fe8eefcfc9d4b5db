"""The command palette (ctrl+p): jump to any process area, practice, project or evidence item."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from appraise.tui.messages import ShowTarget

if TYPE_CHECKING:
    from appraise.tui.app import AppraiseApp


class AppraisalCommands(Provider):
    """Everything in the open appraisal, findable by typing its id or title."""

    @property
    def _app(self) -> AppraiseApp:
        return cast("AppraiseApp", self.app)

    def _targets(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """(text to match, help, what choosing it does)."""
        from appraise.tui.app import VIEWS

        app = self._app
        for name, (_m, _c, title, key) in VIEWS.items():
            yield f"View: {title}", f"Show the {title.lower()} view ({key.upper()})", partial(app.action_show, name)
        yield "Compare ISO 9001 with CMMI (F8)", "how far ISO 9001:2015 corresponds to CMMI-DEV v1.3, per area", \
            app.action_compare
        if app.appraisal is not None:
            yield "Reuse evidence from an ISO 9001 audit (F9)", "review suggested links, accept or reject them", \
                app.action_reuse
        appraisal = app.appraisal
        if appraisal is None:
            return
        framework = appraisal.framework
        area_word = appraisal.view.words.area
        for area_id in appraisal.info.areas:
            area = framework.area(area_id)
            yield f"{area.id} {area.title}", f"{area_word}: show it in the practices view", \
                partial(self._go_practice, area.id)
        for practice_id in appraisal.practices:
            practice = framework.practice(practice_id)
            what = "process attribute" if practice.attribute else "generic practice" if practice.generic and \
                framework.attributes else "base practice" if framework.attributes else "practice"
            yield f"{practice.id} {practice.title}", f"{what}: show it in the practices view", \
                partial(self._go_practice, practice.id)
        for code in appraisal.info.projects:
            yield f"Project {code}", "project: show its column in the matrix", partial(self._go_project, code)
        for item in self._evidence(app):
            yield f"Evidence: {item.title}", f"{item.kind}, {item.links} links", partial(self._go_evidence, item.id)

    _cache: tuple[object, int, list] | None = None  # (appraisal, data version, items): not a query a keystroke

    def _evidence(self, app: AppraiseApp) -> list:
        cached = AppraisalCommands._cache
        if cached is None or cached[0] is not app.appraisal or cached[1] != app.data_version:
            assert app.appraisal is not None
            cached = AppraisalCommands._cache = (app.appraisal, app.data_version, app.appraisal.evidence.items())
        return cached[2]

    def _go_practice(self, target: str) -> None:
        self._app.post_message(ShowTarget("practices", target))

    def _go_project(self, code: str) -> None:
        self._app.post_message(ShowTarget("matrix", code))

    def _go_evidence(self, evidence_id: int) -> None:
        self._app.post_message(ShowTarget("evidence", evidence_id))

    async def discover(self) -> Hits:
        for text, help_text, callback in self._targets():
            if text.startswith("View:"):
                yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
