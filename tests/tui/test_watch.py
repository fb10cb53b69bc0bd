"""A store that tells of writes (PostgreSQL's LISTEN/NOTIFY) is not polled: the app checks the
change token when the store's watcher calls back, from its own thread, and stops the watcher
when it exits. A folder store tells no one, and is polled as before (test_dashboard_flows)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from clikit import coach
from conftest import TODAY
from tuikit import settle, sync, until

from coach_tui.app import CoachApp
from coach_tui.services import Coach
from coach_tui.services.demo import populate
from coach_tui.store.folder import FolderStore
from coach_tui.widgets.client_table import ClientTable


class WatchedFolder(FolderStore):
    """A folder store with a watcher the test fires by hand, counting the token's reads."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, lock_timeout=5.0, today=lambda: TODAY)
        self.on_change: Callable[[], None] | None = None
        self.on_trouble: Callable[[str | None], None] | None = None
        self.stopped = threading.Event()
        self.token_reads = 0

    def watch(self, on_change: Callable[[], None], on_trouble: Callable[[str | None], None]) -> Callable[[], None] | None:
        self.on_change = on_change
        self.on_trouble = on_trouble
        return self.stopped.set

    def change_token(self) -> tuple[int, ...]:
        self.token_reads += 1
        return super().change_token()


def cells(app: CoachApp, client_id: str) -> list[str]:
    return app.dashboard.query_one(ClientTable).row_texts(client_id)


@sync
async def test_a_watched_store_is_checked_when_it_tells_and_not_polled(data_dir: Path) -> None:
    store = WatchedFolder(data_dir)
    populate(store, TODAY)
    halvorsen = next(e.client.id for e in store.read().entries if e.client.name.startswith("Halvorsen"))
    app = CoachApp(Coach(store), weekly_prompt=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert store.on_change is not None
        assert cells(app, halvorsen)[1] == "▲ overdue 2d"
        coach("log", "Halvorsen", "Hull coating trial results", data=data_dir, check=True)  # from the shell
        reads = store.token_reads
        # Unwatched, the app would have noticed within a tenth of a second: wait for ten times
        # that (the app's timers run meanwhile), and the row has not moved, nor the token been read.
        waited = threading.Event()
        pilot.app.set_timer(1.0, waited.set)
        await until(waited.is_set)
        assert store.token_reads == reads
        assert cells(app, halvorsen)[1] == "▲ overdue 2d"
        # The watcher hears of the write, from its own thread.
        threading.Thread(target=store.on_change).start()
        await until(lambda: cells(app, halvorsen)[1] == "on track")
        await settle(pilot)
        assert not store.stopped.is_set()
    assert store.stopped.is_set()  # the app stopped its watcher as it closed


@sync
async def test_a_banner_shows_while_the_store_is_out_of_reach_and_a_form_keeps_its_fields(data_dir: Path) -> None:
    from textual.widgets import Input

    from coach_tui.screens.log_delivery import LogDeliveryScreen
    from coach_tui.widgets.trouble_banner import TroubleBanner

    store = WatchedFolder(data_dir)
    populate(store, TODAY)
    app = CoachApp(Coach(store), weekly_prompt=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")  # the log form, over the dashboard
        await until(lambda: isinstance(app.screen, LogDeliveryScreen))
        await settle(pilot)
        summary = app.screen.query(Input).first()
        summary.value = "[red]half-typed[/] note"
        assert store.on_trouble is not None
        line = "the team database at db.example.com:5432 is out of reach: [b]connection refused[/b]"
        threading.Thread(target=store.on_trouble, args=(line,)).start()
        await until(lambda: bool(app.screen.query(TroubleBanner)))
        banner = app.screen.query_one(TroubleBanner)
        assert line in str(banner.render())  # literally: the server's words are no markup
        assert summary.value == "[red]half-typed[/] note"  # the form was not touched
        await pilot.press("escape")
        await until(lambda: not isinstance(app.screen, LogDeliveryScreen))
        await until(lambda: bool(app.screen.query(TroubleBanner)))  # it follows to the dashboard
        threading.Thread(target=store.on_trouble, args=(None,)).start()
        await until(lambda: not app.screen.query(TroubleBanner))
        assert app.trouble is None
