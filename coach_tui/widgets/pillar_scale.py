"""The five pillars with a 1 to 5 self-assessment score each: keys 1 to 5 score the
highlighted pillar, ↑↓ or j/k move between pillars. It posts `PillarScale.Scored` on every
answer (the weekly screen stores it at once) and `PillarScale.Highlighted` as the cursor moves."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..domain.models import PILLAR_SHORT, PILLARS
from ..domain.validation import SELF_SCALE

SCALE = SELF_SCALE[1]


def meter(score: int | None) -> Content:
    """A five-cell meter, `███░░` for 3 of 5, all shade when not answered."""
    filled = score or 0
    return Content.assemble(("█" * filled, "$accent"), ("░" * (SCALE - filled), "$foreground-muted"))


class PillarScale(Widget, can_focus=True):
    """The five pillars with a 1 to 5 score each; keys 1 to 5 score the highlighted pillar.

    Posts `PillarScale.Scored` on every answer so the screen can store it at once.
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Pillar", show=False, tooltip="Previous pillar (or k)"),
        Binding("down", "move(1)", "Pillar", show=False, tooltip="Next pillar (or j)"),
        Binding("k", "move(-1)", "Previous pillar", show=False),
        Binding("j", "move(1)", "Next pillar", show=False),
        Binding("1", "score(1)", "Score", key_display="1-5", tooltip="Score the highlighted pillar: 1 weak to 5 strong"),
        Binding("2", "score(2)", "Score 2", show=False),
        Binding("3", "score(3)", "Score 3", show=False),
        Binding("4", "score(4)", "Score 4", show=False),
        Binding("5", "score(5)", "Score 5", show=False),
    ]

    COMPONENT_CLASSES = {"pillar-scale--cursor", "pillar-scale--cursor-blurred"}

    cursor: reactive[int] = reactive(0)

    class Scored(Message):
        def __init__(self, pillar: str, score: int) -> None:
            super().__init__()
            self.pillar = pillar
            self.score = score

    class Highlighted(Message):
        def __init__(self, pillar: str) -> None:
            super().__init__()
            self.pillar = pillar

    def __init__(
        self, scores: dict[str, int], last: dict[str, int], last_label: str = "last week", *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.scores = {p: s for p, s in scores.items() if p in PILLARS}
        self.last = last
        self.last_label = last_label

    @property
    def pillar(self) -> str:
        return PILLARS[self.cursor]

    def render(self) -> Content:
        width = self.size.width
        cursor_style = self.get_visual_style("pillar-scale--cursor" if self.has_focus else "pillar-scale--cursor-blurred")
        lines = []
        for index, pillar in enumerate(PILLARS):
            here = index == self.cursor
            score = self.scores.get(pillar)
            before = self.last.get(pillar)
            line = Content.assemble(
                ("▸ " if here else "  ", "bold"),
                f"{PILLAR_SHORT[pillar]:<10} ",
                meter(score),
                f"  {score}" if score else "   ",
                (f"    {self.last_label} {before}" if before else "", "$foreground-muted"),
            )
            if here:
                line = line.extend_right(max(0, width - line.cell_length)).stylize(cursor_style)
            lines.append(line)
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(PILLARS)

    def watch_cursor(self) -> None:
        self.post_message(self.Highlighted(self.pillar))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(PILLARS):
            self.cursor = event.y

    def action_move(self, step: int) -> None:
        self.cursor = max(0, min(len(PILLARS) - 1, self.cursor + step))
        self.scroll_visible()

    def action_score(self, score: int) -> None:
        pillar = self.pillar
        self.scores[pillar] = score
        self.post_message(self.Scored(pillar, score))
        # Step on to the next pillar so five key presses answer the whole assessment.
        self.cursor = min(len(PILLARS) - 1, self.cursor + 1)
        self.refresh()
        self.scroll_visible()


__all__ = ["PillarScale", "meter", "SCALE"]
