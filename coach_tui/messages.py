"""Messages the app's screens exchange, as dataclasses (one home for all of them).

`DataChanged` is how every screen learns that the stored data moved on: the app posts it to
each screen on the stack after a write made in the app, and when its 1-second poll of the
store's change token sees a write from another process (`coach log` in another terminal).
A screen that shows stored data handles it by reloading what it shows.

`DashboardSettled` tells the app that the dashboard of the launch is whole (its rows and
their scores on screen): what the app prepares for later can be done then without delaying it.

`OpenBoard` and `LogDelivery` ask the app to open a client's board or the log form: a screen
posts them (they bubble up to the app) rather than importing the app, and the app is the one
place that does either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from .services import Logged


@dataclass
class DataChanged(Message, bubble=False):
    """The stored data changed: reload what you show.

    It does not bubble: the app posts it to each screen, and a screen that wrote posts it to
    the app (`self.app.post_message(DataChanged(client_id))`), which passes it on to all.
    """

    client_id: str | None = None
    """The client the change was about, when it came from this app (a list may select it)."""


class DashboardSettled(Message):
    """The launch's dashboard is shown whole, once per run (it bubbles up to the app)."""


@dataclass
class OpenBoard(Message):
    """Open this client's board."""

    client_id: str


@dataclass
class LogDelivery(Message):
    """Open the log form, for `client_id` if given (the form asks otherwise); `then` receives
    what was logged, once it is."""

    client_id: str | None = None
    then: Callable[[Logged], Awaitable[None] | None] | None = None


__all__ = ["DashboardSettled", "DataChanged", "OpenBoard", "LogDelivery"]
