"""Keys that several screens share.

`q` quits coach on every screen, full screens and dialogs alike, except in forms, where `q`
is a letter typed into a field (a form never loses what was typed to a stray `q`). Full
screens get it from the app's bindings; a dialog (a modal screen) stops the app's bindings,
so each dialog that is not a form lists `QUIT` itself.

`?` opens the help at the section of the screen it is pressed on, dialogs and forms included:
each dialog lists `HELP` (forms through `FormScreen`). In a field (an Input or a TextArea) `?`
is a character: Textual leaves a key that the focused field types to the field, so the form
never loses a typed `?`; from a pick list, a tick box or a button, `?` opens the help.

`J`/`K` (or shift+↓/↑) scroll a screen's detail pane a page down or up while the focus stays
where it is (on the board's cards, on the dashboard's table): `detail_scroll_keys`, each
screen's `action_scroll_detail(step)` paging its own pane.
"""

from __future__ import annotations

from textual.binding import Binding

QUIT = Binding("q", "app.quit", "Quit", tooltip="Quit coach (everything is already saved)")
HELP = Binding("question_mark", "app.help", "Help", tooltip="Every key, this dialog's first (in a text field ? is typed)")


def detail_scroll_keys(pane: str) -> list[Binding]:
    """`J` and `K` (also shift+↓/↑), listed in the help only, for the screen's
    `action_scroll_detail(step)`: `pane` names the pane in their tooltips ("the detail pane")."""
    return [
        Binding(
            "J,shift+j,shift+down",
            "scroll_detail(1)",
            "Detail down",
            show=False,
            key_display="J",
            tooltip=f"Scroll {pane} down a page, when its text is taller (also shift+↓)",
        ),
        Binding(
            "K,shift+k,shift+up",
            "scroll_detail(-1)",
            "Detail up",
            show=False,
            key_display="K",
            tooltip=f"Scroll {pane} up a page (also shift+↑)",
        ),
    ]


__all__ = ["HELP", "QUIT", "detail_scroll_keys"]
