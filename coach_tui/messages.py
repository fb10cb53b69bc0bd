"""Messages the app's screens exchange, as dataclasses (one home for all of them).

`DataChanged` is how every screen learns that the stored data moved on: the app posts it to
each screen on the stack after a write made in the app, and when its 1-second poll of
`Store.change_token()` sees a write from another process (`coach log` in another terminal).
A screen that shows stored data handles it by reloading what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message, bubble=False):
    """The stored data changed: reload what you show.

    It does not bubble: the app posts it to each screen, and a screen that wrote posts it to
    the app (`self.app.post_message(DataChanged(client_id))`), which passes it on to all.
    """

    client_id: str | None = None
    """The client the change was about, when it came from this app (a list may select it)."""


__all__ = ["DataChanged"]
