"""How a cadence status looks, in one place: the coloured word in the client table and the
badge on a board and in its side panel share their colour per status.

Overdue is the most urgent and gets the strongest colour (error), due soon a warning, on track
success; a new client, with no rhythm yet, the accent (a word) or a plain panel (a badge).
"""

from __future__ import annotations

from typing import NamedTuple


class StatusLook(NamedTuple):
    text: str  # the status word in a table cell, on the row's own background
    badge: str  # a badge: the status in capitals on a block of colour


STATUS_LOOKS: dict[str, StatusLook] = {
    "overdue": StatusLook("bold $text-error", "bold $text on $error"),
    "due soon": StatusLook("$text-warning", "bold $text on $warning-darken-2"),
    "new": StatusLook("$text-accent", "bold $text on $panel-lighten-2"),
    "on track": StatusLook("$text-success", "bold $text on $success-darken-1"),
}


def status_badge_style(status: str) -> str:
    """The style of a status badge (bold for a status coach does not know)."""
    look = STATUS_LOOKS.get(status)
    return look.badge if look is not None else "bold"


def status_text_style(status: str) -> str:
    """The style of a status word."""
    look = STATUS_LOOKS.get(status)
    return look.text if look is not None else ""


__all__ = ["StatusLook", "STATUS_LOOKS", "status_badge_style", "status_text_style"]
