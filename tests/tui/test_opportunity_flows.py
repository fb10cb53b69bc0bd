"""Pilot tests of the opportunities screen: keys in, stored opportunities and screen out.

The account is built through the services on a tmp folder (no demo data) and the screen opened
in a tiny app (`OneScreenApp`), from the board with `O` / `$`, or from the palette.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.app import App
from textual.style import Style as TextualStyle
from textual.widgets import DataTable, Input, Select, Static
from tuikit import OneScreenApp, board_app, settle, sync, type_text

from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.opportunities import OpportunitiesScreen, StagePickScreen, next_stage
from coach_tui.screens.opportunity_form import NO_NEED, OpportunityFormScreen
from coach_tui.services import Coach
from coach_tui.textsafe import visible
from coach_tui.widgets.status import overdue_style

SIZE = (120, 40)
TODAY = date(2026, 11, 25)


def account(coach: Coach, name: str = "Acme Logistics") -> tuple[str, str]:
    """A client with one recorded need; its id and the need's id."""
    client = coach.clients.add(name, "2w", "A", added=date(2026, 6, 1))
    need = coach.boards.add_card(client.id, "understand", "Paperwork delays").card_id or ""
    return client.id, need


def opp_app(coach: Coach, client_id: str) -> OneScreenApp:
    return OneScreenApp(lambda: OpportunitiesScreen(coach, client_id), coach)


def stored(coach: Coach, client_id: str):
    return coach.opportunities.view(client_id).opportunities


def rows(app: App) -> list[list[str]]:
    table = app.screen.query_one("#opportunities", DataTable)
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(r)] for r in range(table.row_count)]


def text_of(app: App, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def fill(pilot, field: str, value: str) -> None:
    pilot.app.screen.query_one(f"#{field}", Input).value = value
    await pilot.pause()


# -- opening --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["O", "dollar_sign"])
@sync
async def test_opens_from_the_board(coach: Coach, key: str) -> None:
    client_id, _ = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, OpportunitiesScreen)
        assert "Acme Logistics" in text_of(app, "#opp-client")
        assert "No opportunities yet" in text_of(app, "#opp-empty")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, OpportunitiesScreen)


@sync
async def test_opens_from_the_palette(coach: Coach) -> None:
    from coach_tui.app import CoachApp

    client_id, _ = account(coach)
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Opportunities: Acme")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OpportunitiesScreen)
        assert app.screen.client_id == client_id


# -- the table ------------------------------------------------------------------------------


@sync
async def test_table_shows_value_in_the_currency_and_overdue_next_steps(coach: Coach) -> None:
    client_id, need = account(coach)
    coach.settings.set_currency("usd")
    coach.opportunities.add(client_id, "Late one", "1.2m", "qualified", need, "Call the CFO", "2026-11-20", "2027-03-31")
    coach.opportunities.add(client_id, "Soon one", "95,000", "identified", None, "Send the deck", "2026-12-02")
    app = opp_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        late, soon = rows(app)
        assert late[:4] == ["Late one", "USD 1.2m", "qualified", "Paperwork delays"]
        assert late[4] == "Call the CFO" and "overdue" in late[5] and "2027" in late[6]
        assert soon[1] == "USD 95k" and "overdue" not in soon[5]
        table = app.screen.query_one("#opportunities", DataTable)
        # Overdue text: the error text colour, bold (bright red in 16 colours: test_palette.py).
        late_style = TextualStyle.parse(overdue_style(), app.get_css_variables()).rich_style
        assert table.get_row_at(0)[5].style == late_style
        summary = text_of(app, "#opp-summary")
        assert "2 open" in summary and "USD 1.3m in the pipeline" in summary and "1 next step overdue" in summary


# -- add, edit ------------------------------------------------------------------------------


@sync
async def test_add_an_opportunity_with_money_typed_as_people_type_it(coach: Coach) -> None:
    client_id, need = account(coach)
    app = opp_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OpportunityFormScreen)
        await type_text(pilot, "Cross-dock in Gdansk")
        await fill(pilot, "value", "€95,000")
        assert "€95k" in str(form.query_one("#value-preview", Static).render())
        form.query_one("#stage", Select).value = "qualified"
        form.query_one("#need", Select).value = need
        await fill(pilot, "next", "Site visit")
        await fill(pilot, "next_date", "2026-12-03")
        await fill(pilot, "close", "2027-03-31")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OpportunitiesScreen)
        (o,) = stored(coach, client_id)
        assert (o.title, o.value, o.stage, o.need_id, o.next_step) == (
            "Cross-dock in Gdansk",
            95000,
            "qualified",
            need,
            "Site visit",
        )
        assert (o.next_date, o.close) == (date(2026, 12, 3), date(2027, 3, 31))
        assert rows(app)[0][:3] == ["Cross-dock in Gdansk", "€95k", "qualified"]


@pytest.mark.parametrize("typed", ["120k", "1.2m", "€95,000", "95000"])
@sync
async def test_money_forms_are_all_read(coach: Coach, typed: str) -> None:
    client_id, _ = account(coach)
    app = opp_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Deal")
        await fill(pilot, "value", typed)
        await pilot.press("ctrl+s")
        await settle(pilot)
        (o,) = stored(coach, client_id)
        assert o.value == {"120k": 120_000, "1.2m": 1_200_000, "€95,000": 95_000, "95000": 95_000}[typed]


@sync
async def test_bad_money_and_bad_dates_keep_every_field(coach: Coach) -> None:
    client_id, _ = account(coach)
    app = opp_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OpportunityFormScreen)
        await type_text(pilot, "Deal")
        await fill(pilot, "value", "lots")
        await fill(pilot, "next", "Call")
        await fill(pilot, "next_date", "blursday")
        await fill(pilot, "close", "never")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OpportunityFormScreen)
        value_error = str(form.query_one("#value-error", Static).render())
        assert "'lots'" in value_error and "120k" in value_error
        assert "blursday" in str(form.query_one("#next_date-error", Static).render())
        assert "never" in str(form.query_one("#close-error", Static).render())
        for field, typed in (
            ("title", "Deal"),
            ("value", "lots"),
            ("next", "Call"),
            ("next_date", "blursday"),
            ("close", "never"),
        ):
            assert form.query_one(f"#{field}", Input).value == typed
        assert stored(coach, client_id) == []
        # A dated next step with no step is refused under the step.
        await fill(pilot, "value", "")
        await fill(pilot, "next", "")
        await fill(pilot, "next_date", "fri")
        await fill(pilot, "close", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs the next step" in str(form.query_one("#next-error", Static).render())
        assert stored(coach, client_id) == []


@sync
async def test_edit_changes_only_what_was_typed_and_the_stage(coach: Coach) -> None:
    client_id, need = account(coach)
    coach.opportunities.add(client_id, "Deal", "120k", "identified", need, "Call", "2026-12-01")
    app = opp_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OpportunityFormScreen)
        assert form.query_one("#value", Input).value == "120000"
        assert form.query_one("#need", Select).value == need
        await fill(pilot, "value", "1.5m")
        form.query_one("#stage", Select).value = "proposed"
        form.query_one("#need", Select).value = NO_NEED
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OpportunitiesScreen)
        (o,) = stored(coach, client_id)
        assert (o.value, o.stage, o.need_id, o.next_step) == (1_500_000, "proposed", None, "Call")
        # enter on a row edits too.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OpportunityFormScreen)


# -- stages, remove -------------------------------------------------------------------------


@sync
async def test_stage_moves_with_brackets_and_the_picker(coach: Coach) -> None:
    client_id, _ = account(coach)
    coach.opportunities.add(client_id, "Deal", "120k")
    app = opp_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for expected in ("qualified", "proposed", "won"):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert stored(coach, client_id)[0].stage == expected
        await pilot.press("right_square_bracket")  # past won: nothing moves
        await settle(pilot)
        assert stored(coach, client_id)[0].stage == "won"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert stored(coach, client_id)[0].stage == "proposed"
        assert rows(app)[0][2] == "proposed"

        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StagePickScreen)
        await pilot.press("down", "down", "enter")  # proposed -> won -> lost
        await settle(pilot)
        assert isinstance(app.screen, OpportunitiesScreen)
        o = stored(coach, client_id)[0]
        assert o.stage == "lost"
        # Back from lost: to the open stage it was lost from.
        assert next_stage(o, -1) == "proposed"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert stored(coach, client_id)[0].stage == "proposed"
        # The picker cancelled moves nothing.
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert stored(coach, client_id)[0].stage == "proposed"


@sync
async def test_remove_asks_first(coach: Coach) -> None:
    client_id, _ = account(coach)
    coach.opportunities.add(client_id, "Deal", "120k")
    app = opp_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(stored(coach, client_id)) == 1
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored(coach, client_id) == []
        assert "No opportunities yet" in text_of(app, "#opp-empty")


# -- hostile text ---------------------------------------------------------------------------

HOSTILE = ["[red]Acme[/]", "[@click=app.quit]x", "Bidi\u202eevil", "Evil\x1b[2J\x1b]0;pwned\x07"]


@pytest.mark.parametrize("text", HOSTILE)
@sync
async def test_hostile_names_show_literally(coach: Coach, text: str) -> None:
    client = coach.clients.add(text + " client")
    need = coach.boards.add_card(client.id, "understand", text + " need").card_id or ""
    coach.opportunities.add(client.id, text + " deal", "120k", "identified", need, text + " step", "2026-12-01")
    app = opp_app(coach, client.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = visible(text)
        assert shown in text_of(app, "#opp-client")
        row = rows(app)[0]
        for cell, whole in ((row[0], shown + " deal"), (row[3], shown + " need"), (row[4], shown + " step")):
            assert cell == whole or (cell.endswith("…") and whole.startswith(cell[:-1]))
        detail = text_of(app, "#opp-detail")
        assert shown + " deal" in detail and shown + " need" in detail and shown + " step" in detail
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, OpportunityFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StagePickScreen)
        assert shown + " deal" in str(app.screen.query_one("#stage-title", Static).render())
        assert app.is_running
        # No control or direction override reaches the terminal, in the form or under it.
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\u202e" not in svg and "\x07" not in svg


# -- the dashboard's summary ----------------------------------------------------------------


@sync
async def test_dashboard_counts_next_steps_overdue(coach: Coach) -> None:
    from coach_tui.app import CoachApp
    from coach_tui.widgets.summary_line import SummaryLine

    client_id, _ = account(coach)
    other, _ = account(coach, "Globex")
    coach.opportunities.add(client_id, "Late", "120k", next_step="Call", next_date="2026-11-20")
    coach.opportunities.add(other, "Later", "1m", next_step="Visit", next_date="2026-11-24")
    coach.opportunities.add(other, "Due today", next_step="Email", next_date="2026-11-25")  # not overdue yet
    won, _ = coach.opportunities.add(other, "Won already", next_step="Kick-off", next_date="2026-11-01")
    coach.opportunities.stage(other, won.id, "won")  # closed: its next step no longer counts
    assert coach.portfolio.agenda().next_steps_overdue == 2
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "2 next steps overdue" in app.screen.query_one(SummaryLine).text
        # Moving one on, from its screen, brings the count down once back on the dashboard.
        app.push_screen(OpportunitiesScreen(coach, client_id))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, "next_date", "2026-12-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "1 next step overdue" in app.screen.query_one(SummaryLine).text


@sync
async def test_dashboard_says_nothing_of_next_steps_when_none_is_overdue(coach: Coach) -> None:
    from coach_tui.app import CoachApp
    from coach_tui.widgets.summary_line import SummaryLine

    client_id, _ = account(coach)
    coach.opportunities.add(client_id, "On time", next_step="Call", next_date="2026-12-01")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "next step" not in app.screen.query_one(SummaryLine).text


@sync
async def test_dashboard_shows_renewals_within_90_days_as_a_column(coach: Coach) -> None:
    from coach_tui.app import CoachApp
    from coach_tui.widgets.client_table import ClientTable

    soon = coach.clients.add("Soon Renewing", renewal="2027-01-09")  # 45 days ahead
    later = coach.clients.add("Later Renewing", renewal="2027-09-30")
    none = coach.clients.add("No Renewal")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=(200, 50)) as pilot:  # beside the detail pane, room for the column
        await settle(pilot)
        table = app.screen.query_one(ClientTable)
        assert table.row_texts(soon.id)[-1] == "in 45d"
        assert table.row_texts(later.id)[-1] == "" and table.row_texts(none.id)[-1] == ""
        assert "Renews" in str(table.render_line(0).text)
        # Once the renewal moves out of the 90 days, the column goes.
        coach.clients.edit(soon.id, renewal="2027-06-30")
        app.dashboard.reload()
        await settle(pilot)
        assert len(table.row_texts(soon.id)) == len(table.row_texts(none.id)) == 7
        assert "Renews" not in str(table.render_line(0).text)


@sync
async def test_long_text_is_cut_to_fit_80_columns_and_shown_whole_below(coach: Coach) -> None:
    client_id, _ = account(coach)
    long = "Consolidated cross-dock and bonded warehouse operations for the whole Baltic region"
    coach.opportunities.add(
        client_id, long, "1.2m", next_step="Workshop with the COO and the head of logistics", next_date="2026-12-01"
    )
    app = opp_app(coach, client_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#opportunities", DataTable)
        assert table.virtual_size.width <= 80
        assert rows(app)[0][0].endswith("…")
        assert long in text_of(app, "#opp-detail")


@sync
async def test_at_80_columns_the_counts_keep_the_line_whole(coach: Coach) -> None:
    """With every count showing, the counts don't fit beside "sorted by urgency" at 80 columns:
    they take the line whole rather than losing their end (the table's header marks the sort)."""
    from coach_tui.app import CoachApp
    from coach_tui.widgets.summary_line import SummaryLine

    client_id, _ = account(coach)
    coach.opportunities.add(client_id, "Late", next_step="Call", next_date="2026-11-20")
    coach.opportunities.add(client_id, "Later", next_step="Visit", next_date="2026-11-21")
    coach.deliveries.log(client_id, "Benchmark", on=date(2026, 10, 1))  # overdue, one untold Steward card
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        summary = app.screen.query_one(SummaryLine)
        first = summary.render().plain.splitlines()[0]
        assert first.rstrip().endswith("2 next steps overdue"), first
        assert "…" not in first
