"""Who on the appraisal team may change what (the roster's roles): the one place the permissions are decided.

The seam of issue 15: ``permit(appraisal, write, who)`` is asked before every store write (``Appraisal.store``);
it refuses with a ``UsageError`` whose text is the whole message for the user. Until the roles are enforced it
permits everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from appraise.services.session import Appraisal


def permit(appraisal: Appraisal, write: str, who: str) -> None:
    """Refuse ``write`` (an ``AppraisalStore`` write method's name) by ``who`` when their role forbids it."""
    return None


__all__ = ["permit"]
