"""Keys typed at paste speed into a form land in the fields they were typed into: a burst of
keys while the form still reads what it offers, and a burst across fields."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Input, Select
from tuikit import settle, sync, until

from coach_tui.app import CoachApp
from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.log_delivery import LogDeliveryScreen
from coach_tui.services import Coach
from coach_tui.widgets.client_table import ClientTable

SIZE = (120, 40)


def keys_of(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


@sync
async def test_a_burst_typed_while_the_log_form_loads_stays_in_the_summary(
    demo_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        northwind = demo_coach.portfolio.find_client("Northwind").id
        table.move_cursor(row=table.row_keys.index(northwind))
        await pilot.pause()

        # The form's read of the clients waits until the burst is typed: the worst timing.
        typed = threading.Event()
        read = demo_coach.portfolio.clients

        def slow_clients(*args: Any, **kwargs: Any) -> Any:
            typed.wait(30)
            return read(*args, **kwargs)

        monkeypatch.setattr(demo_coach.portfolio, "clients", slow_clients)
        await pilot.press("l", *keys_of("Quarterly lane review"))
        typed.set()
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogDeliveryScreen)
        await until(lambda: form.query_one("#client", Select).value == northwind)
        assert form.query_one("#summary", Input).value == "Quarterly lane review"
        assert form.query_one("#date", Input).value == "today"
        assert app.focused is form.query_one("#summary", Input)

        # What was typed while the form loaded is the user's: esc asks before dropping it.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)


@sync
async def test_a_burst_across_fields_lands_field_by_field(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        table.move_cursor(row=table.row_keys.index(demo_coach.portfolio.find_client("Northwind").id))
        await pilot.pause()
        # From the summary back two fields (kind, date) to the date, then on to the summary
        # again, all without a pause (a field entered has its text selected: typing replaces it).
        await pilot.press("l", "shift+tab", "shift+tab", *keys_of("yesterday"), "tab", "tab", *keys_of("Lane benchmark sent"))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogDeliveryScreen)
        assert form.query_one("#summary", Input).value == "Lane benchmark sent"
        assert form.query_one("#date", Input).value == "yesterday"
