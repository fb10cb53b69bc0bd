"""An Input that never sends a terminal control to the screen.

Textual draws an Input's value as it is. A name stored by a script can hold ESC sequences, C1
controls, NUL or a bidi override; opening it in a form would hand those to the terminal. This
field keeps the value exactly as typed or stored (what is saved is byte for byte the same) and
only draws each such character as one visible stand-in (`textsafe.stand_in`: same length, so
cursor and selection stay in step). `SafeTextArea` does the same for multi-line notes.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from ..textsafe import stand_in


class SafeInput(Input):
    @property
    def _value(self) -> Text:
        text = super()._value
        shown = stand_in(text.plain)
        if shown != text.plain:
            text.plain = shown
        return text


__all__ = ["SafeInput"]
