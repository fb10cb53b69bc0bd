"""The dashboard's top line: the command palette's ⭘ on the left, `coach — <date and
portfolio>` in the middle.

It draws what Textual's Header draws (the same places, styles and title format) as one
widget instead of four: every widget on the dashboard is styled and laid out before the
first frame. Clicking ⭘ opens the command palette, as in Textual's header.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # where Textual's header puts its icon, padding included
RIGHT_SPACE = 10  # and the room it keeps for a clock on the right


class AppHeader(Widget):
    """The app's title and sub-title, centred, with the command palette's icon."""

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._titles_changed, init=False)
        self.watch(self.app, "sub_title", self._titles_changed, init=False)
        self.tooltip = f"{ICON} opens the command palette (or ctrl+p)"

    def _titles_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width
        title = self.app.format_title(self.app.title, self.app.sub_title)
        room = max(0, width - ICON_WIDTH - RIGHT_SPACE)
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        right = width - ICON_WIDTH - left - title.cell_length
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        return Content.assemble(icon, " " * left, title, " " * max(0, right))

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH:
            event.stop()
            await self.run_action("app.command_palette")


__all__ = ["AppHeader"]
