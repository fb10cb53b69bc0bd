"""A read that lands after its screen has gone shows nothing (CI once failed when a dashboard's
reload came back while the app was shutting down and the screen's widgets were half removed)."""

from __future__ import annotations

import asyncio
import threading

from textual.app import App, ComposeResult
from textual.widgets import Static
from tuikit import sync

from coach_tui.screens.calls import change, fetch


class Holder(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("here", id="here")


def held(release: threading.Event, value: str) -> str:
    """A store call that returns once the test lets it (never later than 30 s)."""
    assert release.wait(30), "the test never released the call"
    return value


@sync
async def test_a_read_whose_widget_was_removed_meanwhile_gives_nothing() -> None:
    app = Holder()
    async with app.run_test() as pilot:
        widget = app.query_one("#here", Static)
        release = threading.Event()
        read = asyncio.ensure_future(fetch(widget, held, release, "read"))
        await widget.remove()
        release.set()
        assert await read is None
        await pilot.pause()


@sync
async def test_a_read_for_a_widget_still_there_gives_its_result() -> None:
    app = Holder()
    async with app.run_test():
        widget = app.query_one("#here", Static)
        release = threading.Event()
        read = asyncio.ensure_future(fetch(widget, held, release, "read"))
        release.set()
        assert await read == "read"
        written = asyncio.ensure_future(change(widget, held, release, "written"))
        assert await written == "written"
