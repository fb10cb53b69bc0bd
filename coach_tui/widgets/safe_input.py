"""An Input that never sends a terminal control to the screen.

Textual draws an Input's value as it is. A name stored by a script can hold ESC sequences, C1
controls, NUL or a bidi override; opening it in a form would hand those to the terminal. This
field keeps the value exactly as typed or stored (what is saved is byte for byte the same) and
only draws each such character as one visible stand-in (`textsafe.stand_in`: same length, so
cursor and selection stay in step). `SafeTextArea` does the same for multi-line notes.
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from ..textsafe import stand_in


class StandIns(Highlighter):
    """Draws each control or direction-override character as its stand-in (same length, so
    the cursor and the selection stay where they are). A highlighter is the Input's own public
    hook on how its value is drawn."""

    def highlight(self, text: Text) -> None:
        shown = stand_in(text.plain)
        if shown != text.plain:
            text.plain = shown


class SafeInput(Input):
    """An Input drawing controls as stand-ins; its value stays as typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", StandIns())
        super().__init__(*args, **kwargs)


__all__ = ["SafeInput", "StandIns"]
