"""Keys that several screens share.

`q` quits coach on every screen, full screens and dialogs alike, except in forms, where `q`
is a letter typed into a field (a form never loses what was typed to a stray `q`). Full
screens get it from the app's bindings; a dialog (a modal screen) stops the app's bindings,
so each dialog that is not a form lists `QUIT` itself.

`?` opens the help at the section of the screen it is pressed on, dialogs and forms included:
each dialog lists `HELP` (forms through `FormScreen`). In a field (an Input or a TextArea) `?`
is a character: Textual leaves a key that the focused field types to the field, so the form
never loses a typed `?`; from a pick list, a tick box or a button, `?` opens the help.
"""

from __future__ import annotations

from textual.binding import Binding

QUIT = Binding("q", "app.quit", "Quit", tooltip="Quit coach (everything is already saved)")
HELP = Binding("question_mark", "app.help", "Help", tooltip="Every key, this dialog's first (in a text field ? is typed)")

__all__ = ["HELP", "QUIT"]
