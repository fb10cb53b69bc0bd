"""Keys that several screens share.

`q` quits coach on every screen, full screens and dialogs alike, except in forms, where `q`
is a letter typed into a field (a form never loses what was typed to a stray `q`). Full
screens get it from the app's bindings; a dialog (a modal screen) stops the app's bindings,
so each dialog that is not a form lists `QUIT` itself.
"""

from __future__ import annotations

from textual.binding import Binding

QUIT = Binding("q", "app.quit", "Quit", tooltip="Quit coach (everything is already saved)")

__all__ = ["QUIT"]
