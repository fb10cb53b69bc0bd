"""A line under a form field that shows its error (or a hint), always as literal text.

Error messages quote what the user typed, so they are never read as markup. An empty
message hides the line; showing one never touches the field above it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class FieldError(Static):
    """The error (or hint) under one form field."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.display = False
        self.message = ""

    def show(self, message: str | None, hint: bool = False) -> None:
        """Show `message` (an error, or a hint when `hint`), or hide the line when empty."""
        self.message = message or ""
        self.update(Content(self.message))
        self.set_class(hint, "-hint")
        self.display = bool(message)


__all__ = ["FieldError"]
