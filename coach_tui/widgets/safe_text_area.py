"""A TextArea that never sends a terminal control to the screen (see `safe_input`).

A module of its own: TextArea brings its document, history and syntax modules, which only
the card form needs, and the dashboard should not pay for them at launch.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

from ..textsafe import stand_in


class SafeTextArea(TextArea):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if not any(stand_in(segment.text) != segment.text for segment in segments):
            return strip
        safe = [Segment(stand_in(s.text), s.style, s.control) for s in segments]
        return Strip(safe).crop(0, strip.cell_length).extend_cell_length(strip.cell_length)


__all__ = ["SafeTextArea"]
