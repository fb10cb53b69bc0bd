"""A line across the top of whatever screen is showing while the store can't be reached (a
team database that went away): what is wrong, and that nothing typed is lost.

The app mounts it on the active screen when the store's watcher says so, moves it to each
screen that becomes active meanwhile, and removes it when the store is back. It is mounted
over what is there (its own layer), never in place of it: a form being filled keeps every
field as it was, and saving again once the server is back works.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class TroubleBanner(Widget):
    """`▲ <what is wrong> · what you type is kept; save again once it is back`."""

    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line

    def say(self, line: str) -> None:
        self.line = line
        self.refresh()

    def render(self) -> Content:
        return Content.assemble(
            ("▲ ", "bold"),
            self.line,  # a plain string: the server's words are shown literally, never as markup
            (" · what you type is kept: save again once it is back", "italic"),
        )


__all__ = ["TroubleBanner"]
