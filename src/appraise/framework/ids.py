"""Identifier normalization: the usual spellings of a model id map to one key.

``REQM SP1.1``, ``reqm.sp.1.1``, ``REQM_SP_1.1`` and ``REQM SP 1.1`` all become the
key ``("REQM", "SP", "1", "1")``; a framework maps keys back to its canonical ids.
Numbers lose leading zeros (``SP 01.1`` is ``SP 1.1``).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[A-Z]+|\d+")


def id_key(text: str) -> tuple[str, ...]:
    """Return the normalization key of an identifier as typed by a person."""
    return tuple(
        str(int(tok)) if tok.isdigit() else tok for tok in _TOKEN.findall(text.upper())
    )
