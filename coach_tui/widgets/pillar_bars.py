"""The five pillar scores of one client as horizontal bars, weakest highlighted.

One focusable widget with a cursor (like an option list, but drawn as bars): up/down pick a
pillar, enter or a click asks for the evidence behind its score (`PillarBars.Selected`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..domain.models import PILLAR_SHORT, PILLARS
from ..domain.pillars import PillarScore

LABEL_WIDTH = max(len(name) for name in PILLAR_SHORT.values()) + 1
SCORE_WIDTH = 4  # " 100"
MARK_WIDTH = 2  # the cursor / weakest marker in front of each row


def bar(score: int | None, width: int, fill_style: str, rest_style: str = "$foreground 15%") -> Content:
    """`score` out of 100 as a bar `width` cells long (rounded to the nearest cell); an empty
    bar for no score."""
    width = max(width, 1)
    filled = min(width, max(0, round((score or 0) * width / 100)))
    return Content.styled("━" * filled, fill_style) + Content.styled("━" * (width - filled), rest_style)


class PillarBars(Widget, can_focus=True):
    """Pillar score bars; the weakest pillar is marked and coloured."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Previous pillar", show=False),
        Binding("down,j", "cursor(1)", "Next pillar", show=False),
        Binding("enter", "select", "Evidence"),
    ]

    cursor = reactive(0)

    @dataclass
    class Selected(Message):
        """The user asked for the evidence behind a pillar's score."""

        bars: PillarBars
        pillar: str

        @property
        def control(self) -> PillarBars:
            return self.bars

    def __init__(
        self,
        scores: dict[str, PillarScore] | None = None,
        weakest: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.scores: dict[str, PillarScore] = dict(scores or {})
        self.weakest = weakest

    def show(self, scores: dict[str, PillarScore], weakest: str) -> None:
        self.scores = dict(scores)
        self.weakest = weakest
        self.refresh()

    @property
    def pillar(self) -> str:
        """The pillar under the cursor."""
        return PILLARS[self.cursor]

    def action_cursor(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(PILLARS)

    def action_select(self) -> None:
        if self.pillar in self.scores:
            self.post_message(self.Selected(self, self.pillar))

    def on_click(self, event: Click) -> None:
        if 0 <= event.y < len(PILLARS):
            self.cursor = event.y
            self.focus()
            self.action_select()

    def render(self) -> Content:
        width = self.content_size.width
        bar_width = max(4, width - MARK_WIDTH - LABEL_WIDTH - SCORE_WIDTH)
        rows = []
        for index, pillar in enumerate(PILLARS):
            score = self.scores.get(pillar)
            value = score.score if score else 0
            weakest = pillar == self.weakest
            # The cursor only shows while the bars have focus, so an unfocused panel reads as a chart.
            here = self.has_focus and index == self.cursor
            mark = "▸ " if here else ("▼ " if weakest else "  ")
            label_style = "bold $text-error" if weakest else "$text"
            # The cursor is a block behind the name, as in Textual's own option lists.
            name_style = "bold $block-cursor-foreground on $block-cursor-background" if here else label_style
            fill = "$error" if weakest else "$accent"
            row = Content.assemble(
                (mark, "$text-error" if weakest and not here else "$text-accent"),
                (PILLAR_SHORT[pillar].ljust(LABEL_WIDTH - 1), name_style),
                " ",
                bar(value, bar_width, fill),
                (f"{value:>{SCORE_WIDTH}}" if value is not None else " " * (SCORE_WIDTH - 1) + "—", label_style),
            )
            rows.append(row)
        return Content("\n").join(rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(PILLARS)

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
