"""SCAMPI A v1.3 (CMMI-DEV v1.3) as the faces see it: practices characterized per project, goals, decisions."""

from __future__ import annotations

from appraise.schemes.view import SchemeView, Words

VIEW = SchemeView(
    scheme="scampi-1.3",
    words=Words(),  # CMMI's words are the defaults
    finding_kinds=("strength", "weakness"),
    reuse_target=True,
    demo_hints=("Try: appraise characterize {dest} \"REQM SP 1.1\" BETA PI --note \"...\"\n"
                "     appraise rate {dest}      (the practice now awaits a team decision)\n"
                "     appraise --help"),
)
