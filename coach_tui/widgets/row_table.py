"""A DataTable of rows (`cursor_type="row"`) whose Home and End move the cursor to the first and
last row (a stock DataTable scrolls sideways instead), with `g` and `G` as well where the
screen leaves those keys free (`JumpTable`)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable[Any]):
    """Home / End: the first / last row."""

    BINDINGS = [Binding("home", "scroll_top", "First", show=False), Binding("end", "scroll_bottom", "Last", show=False)]


class JumpTable(RowTable):
    """Home or g / End or G: the first / last row."""

    BINDINGS = [Binding("g", "scroll_top", "First", show=False), Binding("G,shift+g", "scroll_bottom", "Last", show=False)]


# What the help lists for every list of the app (the widgets' own bindings are not listed).
LIST_KEYS = [
    Binding("g,home", "first", "First", tooltip="The first entry (on the account plan only Home: g adds a goal there)"),
    Binding("G,end", "last", "Last", tooltip="The last entry (on the account plan only End)"),
]


__all__ = ["RowTable", "JumpTable", "LIST_KEYS"]
