"""A bug in the terminal UI: one line on the terminal, the traceback (with locals) in the crash log.

Textual 8.2 has no public hook for an unhandled exception: its ``App._handle_exception``,
``_fatal_error`` and ``_print_error_renderables`` decide what is printed, so this one mix-in
overrides those three privates and nothing else. Textual's behaviour is kept (the first error
wins, the app exits with code 1, Pilot re-raises in tests); only what reaches the terminal
changes. ``tests/test_crash_safety.py`` holds it. Should Textual offer a public hook, move there.
"""

from __future__ import annotations

import sys

from textual.app import App


class CrashLine(App[int]):
    """Mixed into the app before ``App``: an unhandled error is logged, then said in one line."""

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an unhandled exception: log it first (Textual would print it with locals)."""
        from textual.worker import WorkerFailed

        from appraise.crashlog import crash_line, write_crash_log

        original = error.error if isinstance(error, WorkerFailed) else error
        line = crash_line(original, write_crash_log(original))
        if getattr(self, "_crash_line", None) is None:  # the first error is the one shown, as Textual does
            self._crash_line = line
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Exit without Textual's traceback with locals: ``_print_error_renderables`` says where the log is."""
        self.bell()
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """Once the terminal is restored: the crash line, as plain text (Rich would break the path at 80 columns)."""
        line = getattr(self, "_crash_line", None)
        if line is None:
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        print(line, file=sys.stderr)
