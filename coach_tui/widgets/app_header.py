"""The dashboard's top line: coach's own mark on the left (`◆ coach`, which opens the command
palette when clicked), the day and the portfolio (the app's sub-title) in the middle.

One widget rather than Textual's Header and its parts (every widget on the dashboard is
styled and laid out before the first frame), and coach's identity rather than Textual's stock
"⭘" icon. The mark is a block of the primary colour, bold, so it holds in 16 colours and
under NO_COLOR (where it is a grey block) alike.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

MARK = " ◆ coach "
MARK_STYLE = "bold $text on $primary"


class AppHeader(Widget):
    """coach's mark, then the app's sub-title centred in the rest of the line."""

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._titles_changed, init=False)
        self.watch(self.app, "sub_title", self._titles_changed, init=False)
        self.tooltip = "coach: ctrl+p (or a click here) opens the command palette"

    def _titles_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width
        mark = Content.styled(MARK, MARK_STYLE)
        title = Content(self.app.sub_title or "")
        # Centred on the whole line, as long as it clears the mark (then right after it).
        room = max(0, width - 2 * mark.cell_length)
        if title.cell_length > room:
            room = max(0, width - mark.cell_length - 1)
            if title.cell_length > room:
                title = title.truncate(room, ellipsis=True)
            left = 1
        else:
            left = (width - title.cell_length) // 2 - mark.cell_length
        right = width - mark.cell_length - left - title.cell_length
        return Content.assemble(mark, " " * left, title, " " * max(0, right))

    async def on_click(self, event: events.Click) -> None:
        if event.x < len(MARK):
            event.stop()
            await self.run_action("app.command_palette")


__all__ = ["AppHeader"]
