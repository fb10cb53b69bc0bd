"""Checkboxes that read without colour: `[x]` when ticked, `[ ]` when not.

Textual draws a checkbox as `▐X▌` whatever its value and tells on from off by colour alone:
an unticked box is a dim "X", which reads as ticked in a terminal with few colours or under
`NO_COLOR`. `TickBox` (a Checkbox) and `TickList` (a SelectionList) draw a real glyph
difference instead, keeping Textual's colours on top of it.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

TICKED = "x"
UNTICKED = " "


class TickBox(Checkbox):
    """A Checkbox drawn `[x] label` or `[ ] label`."""

    def render(self) -> Content:
        button = Content.assemble(
            ("[", self.get_visual_style("toggle--label")),
            (TICKED if self.value else UNTICKED, self.get_visual_style("toggle--button")),
            ("]", self.get_visual_style("toggle--label")),
        )
        label = self.label.pad(1, 1).stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble(button, label)


class TickList(SelectionList[SelectionType]):
    """A SelectionList whose rows start `[x]` or `[ ]`."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        if len(segments) < 4:
            return line
        left, inner, right = segments[:3]
        index = inner.style.meta.get("option") if inner.style is not None else None
        if not isinstance(index, int):
            return line
        try:
            ticked = self.get_option_at_index(index).value in self.selected
        except OptionDoesNotExist:
            return line
        button = [Segment("[", left.style), Segment(TICKED if ticked else UNTICKED, inner.style), Segment("]", right.style)]
        return Strip([*button, *segments[3:]], line.cell_length)


__all__ = ["TickBox", "TickList"]
