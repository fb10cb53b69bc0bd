"""Pilot tests of a client's timeline (screens/timeline.py), the delivery form
(screens/delivery_form.py) and the board's value-add list (`v`): keys in, stored data and
screen out. The demo portfolio's Northwind Freight has deliveries, card moves, touches, a plan
share and opportunity stages."""

from __future__ import annotations

from datetime import date, datetime

from textual.app import App
from textual.widgets import Input, Select, Static
from tuikit import OneScreenApp, board_app, settle, sync, type_text, until

from coach_tui.domain.models import Delivery, History
from coach_tui.messages import DataChanged
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.delivery_form import DeliveryFormScreen
from coach_tui.screens.timeline import TimelineScreen
from coach_tui.services import Coach
from coach_tui.services.timeline import build_timeline
from coach_tui.widgets.card import BoardCard
from coach_tui.widgets.timeline_list import TimelineList
from coach_tui.widgets.value_add_list import ValueAddList

NORTHWIND = "demo00"
WIDE = (120, 40)


def timeline_app(coach: Coach, client_id: str = NORTHWIND) -> OneScreenApp:
    return OneScreenApp(lambda: TimelineScreen(coach, client_id), coach)


def timeline_of(app: App) -> TimelineScreen:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


def table_of(app: App) -> TimelineList:
    return app.screen.query_one("#timeline", TimelineList)


def stored(coach: Coach, delivery_id: str) -> Delivery | None:
    return next((d for d in coach.repo.read_client(NORTHWIND).deliveries if d.id == delivery_id), None)


async def cursor_on_delivery(pilot, n: int = 0) -> str:
    """Put the cursor on the timeline's n-th delivery; its id."""
    screen = timeline_of(pilot.app)
    rows = [i for i, e in enumerate(screen.rows) if e.kind == "delivery"]
    table_of(pilot.app).cursor = rows[n]
    await settle(pilot)
    delivery_id = screen.selected_delivery()
    assert delivery_id is not None
    return delivery_id


# -- opening, filtering, moving ------------------------------------------------------------


@sync
async def test_T_on_the_board_opens_the_timeline_and_esc_goes_back(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        screen = timeline_of(app)
        everything = demo_coach.timelines.read(NORTHWIND).entries
        assert len(table_of(app).entries) == len(everything) == len(screen.rows)
        assert [e.key for e in screen.rows] == [e.key for e in everything]
        assert "Northwind Freight Partners" in str(screen.query_one("#timeline-client", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


@sync
async def test_number_keys_hide_and_show_kinds(demo_coach: Coach) -> None:
    app = timeline_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = timeline_of(app)
        total = len(table_of(app).entries)
        cards = sum(1 for e in screen.rows if e.kind == "card")
        assert cards
        await pilot.press("2")
        await settle(pilot)
        assert len(table_of(app).entries) == total - cards
        assert all(e.kind != "card" for e in screen.rows)
        assert "2 □ moves" in str(screen.query_one("#timeline-kinds", Static).render())
        await pilot.press("1", "3", "4", "5")
        await settle(pilot)
        assert not screen.rows and not table_of(app).display
        assert "Every kind is hidden" in str(screen.query_one("#timeline-empty", Static).render())
        await pilot.press("3")
        await settle(pilot)
        assert {e.kind for e in screen.rows} == {"touch"}
        await pilot.press("1", "2", "4", "5")
        await settle(pilot)
        assert len(table_of(app).entries) == total


@sync
async def test_j_k_g_G_home_end_move_the_cursor(demo_coach: Coach) -> None:
    app = timeline_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = table_of(app)
        last = len(table.entries) - 1
        assert table.cursor == 0
        await pilot.press("j", "j")
        assert table.cursor == 2
        await pilot.press("k")
        assert table.cursor == 1
        await pilot.press("G")
        assert table.cursor == last
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("end")
        assert table.cursor == last
        await pilot.press("j")  # stays on the oldest
        assert table.cursor == last
        await pilot.press("home")
        assert table.cursor == 0
        await settle(pilot)
        # The entry under the cursor is shown in full under the table.
        entry = timeline_of(app).rows[0]
        assert entry.text in str(app.screen.query_one("#timeline-detail", Static).render())


@sync
async def test_years_of_history_open_and_scroll_to_the_oldest(coach: Coach, monkeypatch) -> None:
    """Thousands of entries (a delivery a day for ten years): the list paints the lines on
    screen only. (Built in memory: writing 3,650 deliveries one by one takes the store long.)"""
    client = coach.clients.add("Acme Logistics", added=date(2016, 1, 1))
    first = date(2016, 11, 25).toordinal()
    deliveries = [
        Delivery(f"d{n:05d}", client.id, date.fromordinal(first + n), "idea", f"Idea number {n}", datetime(2026, 11, 25))
        for n in range(3650)
    ]
    timeline = build_timeline(History(client, [], deliveries), date(2026, 11, 25))
    monkeypatch.setattr(coach.timelines, "read", lambda _client_id: timeline)
    app = timeline_app(coach, client.id)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert len(table_of(app).entries) == 3650
        await pilot.press("G")
        await settle(pilot)
        assert timeline_of(app).selected_delivery() == "d00000"
        assert table_of(app).scroll_offset.y > 3600  # the oldest is on screen
        await pilot.press("g")
        await settle(pilot)
        assert timeline_of(app).selected_delivery() == "d03649"
        assert table_of(app).scroll_offset.y == 0
        await pilot.press("2")  # hiding a kind re-lists them all
        await settle(pilot)
        assert len(table_of(app).entries) == 3650


# -- editing and deleting ------------------------------------------------------------------


@sync
async def test_e_edits_the_delivery_under_the_cursor(demo_coach: Coach) -> None:
    app = timeline_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        delivery_id = await cursor_on_delivery(pilot, 1)
        before = stored(demo_coach, delivery_id)
        assert before is not None
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DeliveryFormScreen)
        summary = form.query_one("#summary", Input)
        assert summary.value == before.summary
        summary.value = ""
        await type_text(pilot, "Rewritten summary")
        form.query_one("#kind", Select).value = "strategy"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = timeline_of(app)
        after = stored(demo_coach, delivery_id)
        assert after is not None
        assert (after.summary, after.kind, after.on) == ("Rewritten summary", "strategy", before.on)
        assert screen.selected_delivery() == delivery_id  # the cursor stayed on it
        assert "Rewritten summary" in screen.selected().text


@sync
async def test_e_and_x_do_nothing_off_a_delivery(demo_coach: Coach) -> None:
    app = timeline_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = timeline_of(app)
        card_row = next(i for i, e in enumerate(screen.rows) if e.kind == "card")
        table_of(app).cursor = card_row
        await settle(pilot)
        count = len(demo_coach.repo.read_client(NORTHWIND).deliveries)
        await pilot.press("e", "x")
        await settle(pilot)
        assert app.screen is screen
        assert len(demo_coach.repo.read_client(NORTHWIND).deliveries) == count


@sync
async def test_x_asks_then_deletes_the_delivery(demo_coach: Coach) -> None:
    app = timeline_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        delivery_id = await cursor_on_delivery(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert stored(demo_coach, delivery_id) is not None
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored(demo_coach, delivery_id) is None
        screen = timeline_of(app)
        assert all(e.delivery_id != delivery_id for e in screen.rows)
        assert len(table_of(app).entries) == len(demo_coach.timelines.read(NORTHWIND).entries)


@sync
async def test_a_form_left_open_while_the_shell_edited_is_told_and_keeps_its_fields(demo_coach: Coach) -> None:
    app = timeline_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        delivery_id = await cursor_on_delivery(pilot, 2)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DeliveryFormScreen)
        form.query_one("#summary", Input).value = ""
        await type_text(pilot, "Mine")
        # Meanwhile, from the shell: another field changed, and the summary too.
        demo_coach.deliveries.edit(NORTHWIND, delivery_id, summary="From the shell", kind="service")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # not saved: the form stays, with what was typed
        assert form.query_one("#summary", Input).value == "Mine"
        assert "changed elsewhere" in form.query_one("#form-error", Static).render().plain
        shell = stored(demo_coach, delivery_id)
        assert shell is not None and (shell.summary, shell.kind) == ("From the shell", "service")
        await until(lambda: form.seen.summary == "From the shell")
        # Saving again, knowingly: the typed summary goes over, the shell's kind stays.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        saved = stored(demo_coach, delivery_id)
        assert saved is not None and (saved.summary, saved.kind) == ("Mine", "service")


# -- the board's value-add list ------------------------------------------------------------


@sync
async def test_v_on_the_board_steps_through_value_adds_to_edit_and_delete(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        await pilot.press("v", "j")
        await settle(pilot)
        values = board.query_one(ValueAddList)
        assert app.screen.focused is values
        second = values.delivery
        assert second is not None and second == values.deliveries[1]
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DeliveryFormScreen) and form.seen == second
        form.query_one("#summary", Input).value = "Board edit"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is board
        assert stored(demo_coach, second.id).summary == "Board edit"  # type: ignore[union-attr]
        assert "Board edit" in values.render().plain
        assert values.delivery is not None and values.delivery.id == second.id
        before = board.board.view.consistency.ticks if board.board else None
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored(demo_coach, second.id) is None
        assert all(d.id != second.id for d in values.deliveries)
        assert board.board is not None
        assert board.board.view.consistency.ticks != before  # rescored (it was the only one in its window)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen.focused, BoardCard)


@sync
async def test_the_palette_opens_a_clients_timeline(demo_coach: Coach) -> None:
    from coach_tui.app import CoachApp

    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Timeline: Northwind")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert timeline_of(app).client_id == NORTHWIND


@sync
async def test_a_change_from_the_shell_shows_with_the_cursor_kept(demo_coach: Coach) -> None:
    app = timeline_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        delivery_id = await cursor_on_delivery(pilot, 3)
        demo_coach.deliveries.edit(NORTHWIND, delivery_id, summary="Edited in the shell")
        app.screen.post_message(DataChanged())  # what the app's poll of the store posts
        await settle(pilot)
        screen = timeline_of(app)
        assert screen.selected_delivery() == delivery_id
        assert "Edited in the shell" in str(screen.query_one("#timeline-detail", Static).render())


def test_help_lists_the_timeline_the_value_adds_and_the_delivery_form() -> None:
    from coach_tui.app import CoachApp
    from coach_tui.screens.help import binding_groups

    groups = dict(binding_groups(CoachApp.BINDINGS))
    assert {b.action for b in groups["Timeline (T on a board)"]} >= {"toggle_kind('delivery')", "edit", "delete", "edge(1)"}
    assert {b.action for b in groups["Value-adds on a board (v)"]} >= {"ask('edit')", "ask('delete')"}
    assert "Edit a delivery" in groups
    assert {b.action for b in groups["Client board"]} >= {"timeline", "value_adds"}


@sync
async def test_user_text_is_shown_literally(coach: Coach) -> None:
    client = coach.clients.add("[red]Acme[/]")
    coach.deliveries.log(client.id, "Saved [b]10%[/b] \x1b[31mnow", told=True)
    app = timeline_app(coach, client.id)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = timeline_of(app)
        line = "".join(segment.text for segment in table_of(app).render_line(0))
        assert "Saved [b]10%[/b] \\x1b[31mnow" in line
        assert "[red]Acme[/]" in str(screen.query_one("#timeline-client", Static).render())
        assert "Saved [b]10%[/b]" in str(screen.query_one("#timeline-detail", Static).render())


@sync
async def test_L_logs_a_delivery_and_the_cursor_lands_on_it(coach: Coach) -> None:
    client = coach.clients.add("Acme Logistics", added=date(2026, 3, 2))
    app = timeline_app(coach, client.id)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "L logs a delivery" in str(app.screen.query_one("#timeline-empty", Static).render())
        await pilot.press("L")
        await settle(pilot)
        await until(lambda: app.screen.focused is not None and app.screen.focused.id == "summary")
        await type_text(pilot, "Freight benchmark")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [logged] = coach.repo.read_client(client.id).deliveries
        screen = timeline_of(app)
        assert screen.selected_delivery() == logged.id
