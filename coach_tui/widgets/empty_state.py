"""What the dashboard shows when there is no active client yet: the three keys to get going."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

STEPS: tuple[tuple[str, str], ...] = (
    ("n", "add a client: a name, and how often you mean to bring them something new"),
    ("l", "log a delivery: an idea, a new way of thinking, industry news, a strategic concept"),
    ("?", "see every key, screen by screen"),
)


class EmptyState(Vertical):
    """A friendly panel for an empty portfolio."""

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="empty-panel"):
            yield Static(Content("No active clients yet"), id="empty-title")
            yield Static(
                Content("coach keeps the rhythm of value for each of your key accounts. Three keys to get going:"),
                id="empty-intro",
            )
            for key, text in STEPS:
                with Horizontal(classes="empty-step"):
                    yield Static(Content(key), classes="empty-key")
                    yield Static(Content(text), classes="empty-text")
            yield Static(
                Content.from_markup("[$text-muted]Just looking? Quit and run [b]coach --demo[/] for a sample portfolio.[/]"),
                id="empty-demo",
            )


__all__ = ["EmptyState"]
