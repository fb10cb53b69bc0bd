"""Input and TextArea that never send a terminal control to the screen.

Textual draws an Input's or TextArea's value as it is. A name stored by a script can hold
ESC sequences, C1 controls, NUL or a bidi override; opening it in a form would hand those
to the terminal. These fields keep the value exactly as typed or stored (what is saved is
byte for byte the same) and only draw each such character as one visible stand-in
(`textsafe.stand_in`: same length, so cursor and selection stay in step).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input, TextArea

from ..textsafe import stand_in


class SafeInput(Input):
    @property
    def _value(self) -> Text:
        text = super()._value
        shown = stand_in(text.plain)
        if shown != text.plain:
            text.plain = shown
        return text


class SafeTextArea(TextArea):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if not any(stand_in(segment.text) != segment.text for segment in segments):
            return strip
        safe = [Segment(stand_in(s.text), s.style, s.control) for s in segments]
        return Strip(safe).crop(0, strip.cell_length).extend_cell_length(strip.cell_length)


__all__ = ["SafeInput", "SafeTextArea"]
