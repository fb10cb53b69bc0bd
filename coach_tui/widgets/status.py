"""How a cadence status looks, in one place: the status word in the client table and the
badge on a board and in its side panel share their look per status.

Overdue is the most urgent and must read as the strongest signal in every terminal, not only
in truecolor: its word carries a symbol (`▲ overdue 5d`) and sits on a block of the error
colour, bold. A block keeps its strength when the terminal has few colours (the error colour
becomes bright red in 16 colours, where the error *text* colour became a grey) and under
`NO_COLOR`, where Textual turns every colour into a grey: there the overdue look is also
reversed, so it is the one bright block of its column, and never dimmer than plain text.
Overdue *text* (a client's due date beside its block, a count of next steps overdue, an
opportunity's overdue next date) is bold in the error text colour; that colour is a light red
that 16- and 8-colour terminals show as grey, so there (Rich's `standard` and `windows` colour
systems, which the app's console reports) it is bright red instead, the red every terminal
has, whatever the theme; under `NO_COLOR` it is reversed, as the status block is.
Due soon is a warning-coloured word, on track a success one; a new client, with no rhythm
yet, the accent (a word) or a plain panel (a badge).
"""

from __future__ import annotations

from typing import NamedTuple


class StatusLook(NamedTuple):
    text: str  # the status word in a table cell, on the row's own background
    badge: str  # a badge: the status in capitals on a block of colour
    plain: str | None = None  # either of them under NO_COLOR (where colours are greys), if not the same
    symbol: str = ""  # put before the word, so the status reads without any colour


OVERDUE_SYMBOL = "▲"
OVERDUE_TEXT = "bold $text-error"  # overdue text (a due date, a count) where colours are many
# What a 16-colour terminal shows as its bright red: Rich matches this to colour 9 (91m).
BRIGHT_RED = "#ff5555"
FEW_COLOURS = frozenset({"standard", "windows"})  # Rich's colour systems of 16 (or 8) colours

STATUS_LOOKS: dict[str, StatusLook] = {
    "overdue": StatusLook("bold $text on $error", "bold $text on $error", "bold reverse", OVERDUE_SYMBOL),
    "due soon": StatusLook("$text-warning", "bold $text on $warning-darken-2"),
    "new": StatusLook("$text-accent", "bold $text on $panel-lighten-2"),
    "on track": StatusLook("$text-success", "bold $text on $success-darken-1"),
}


def status_word(status: str, label: str) -> str:
    """The status as shown: its label, after its symbol when it has one (`▲ overdue 5d`)."""
    look = STATUS_LOOKS.get(status)
    return f"{look.symbol} {label}" if look is not None and look.symbol else label


def status_badge_style(status: str, no_color: bool = False) -> str:
    """The style of a status badge (bold for a status coach does not know)."""
    look = STATUS_LOOKS.get(status)
    if look is None:
        return "bold"
    return look.plain if no_color and look.plain is not None else look.badge


def status_text_style(status: str, no_color: bool = False) -> str:
    """The style of a status word."""
    look = STATUS_LOOKS.get(status)
    if look is None:
        return ""
    return look.plain if no_color and look.plain is not None else look.text


def overdue_style(no_color: bool = False, color_system: str | None = "truecolor") -> str:
    """The style of overdue text (not the status block): bold error text in 256 colours and
    truecolor, bold bright red in 16 or 8 (`color_system` as Rich names it: the app's
    `console.color_system`; None is truecolor to Textual), bold reversed under NO_COLOR."""
    if no_color:
        return "bold reverse"
    if color_system in FEW_COLOURS:
        return f"bold {BRIGHT_RED}"
    return OVERDUE_TEXT


__all__ = [
    "BRIGHT_RED",
    "FEW_COLOURS",
    "OVERDUE_TEXT",
    "OVERDUE_SYMBOL",
    "StatusLook",
    "STATUS_LOOKS",
    "status_badge_style",
    "status_text_style",
    "status_word",
    "overdue_style",
]
