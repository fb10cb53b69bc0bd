"""Pilot tests of the account plan screen: keys in, stored plan and screen out.

The account is built through the services on a tmp folder (no demo data): a client with Plan
cards, people on both sides, and the screen opened in a tiny app (`OneScreenApp`) or from the
board with `A`.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, SelectionList, Static
from tuikit import OneScreenApp, board_app, settle, sync, type_text

from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.plan import PlanScreen
from coach_tui.screens.plan_forms import GoalFormScreen, InitiativeFormScreen, ReviewFormScreen, ShareFormScreen
from coach_tui.services import Coach

SIZE = (120, 40)
TODAY = date(2026, 11, 25)


def account(coach: Coach, name: str = "Acme Logistics", people: bool = True) -> tuple[str, dict[str, str]]:
    """A client with two Plan cards, one Understand card, and (with `people`) a champion,
    a decision-maker and our exec sponsor. Returns the client id and the ids by name."""
    client = coach.clients.add(name, "2w", "A", added=date(2026, 6, 1))
    ids: dict[str, str] = {}
    for column, title in (("plan", "Lane pilot Q1"), ("plan", "Customs pre-filing"), ("understand", "Paperwork delays")):
        change = coach.boards.add_card(client.id, column, title)
        ids[title] = change.card_id or ""
    if people:
        for who, role in (("Ana Ruiz", "champion"), ("Li Wei", "decision-maker"), ("Bob Stone", "exec-sponsor")):
            ids[who] = coach.people.add(client.id, who, role).id
    return client.id, ids


def plan_app(coach: Coach, client_id: str) -> OneScreenApp:
    return OneScreenApp(lambda: PlanScreen(coach, client_id), coach)


def stored(coach: Coach, client_id: str):
    return coach.plans.view(client_id).plan


def text_of(app: App, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def table_text(app: App, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def fill(pilot, field: str, value: str) -> None:
    pilot.app.screen.query_one(f"#{field}", Input).value = value
    await pilot.pause()


# -- opening --------------------------------------------------------------------------------


@sync
async def test_opens_from_the_board_with_A(coach: Coach) -> None:
    client_id, _ = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert "Acme Logistics" in text_of(app, "#plan-client")
        assert "never reviewed" in text_of(app, "#plan-reviewed")
        assert "No goals yet" in text_of(app, "#goals-empty")
        assert "Not shared yet" in text_of(app, "#shares")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PlanScreen)


@sync
async def test_opens_from_the_palette(coach: Coach) -> None:
    from coach_tui.app import CoachApp

    client_id, _ = account(coach)
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Account plan: Acme")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.client_id == client_id


@sync
async def test_the_palette_opens_the_plan_of_the_board_on_screen(coach: Coach) -> None:
    from coach_tui.app import CoachApp

    client_id, _ = account(coach)
    account(coach, "Globex")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_board(client_id)
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "account plan")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.client_id == client_id


# -- goals ----------------------------------------------------------------------------------


@sync
async def test_add_edit_remove_a_goal(coach: Coach) -> None:
    client_id, _ = account(coach)
    app = plan_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GoalFormScreen)
        await type_text(pilot, "Cut freight cost")
        await fill(pilot, "metric", "cost per pallet")
        await fill(pilot, "target", "-12%")
        await fill(pilot, "by", "2027-06-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        (goal,) = stored(coach, client_id).goals
        assert (goal.text, goal.metric, goal.target, goal.by) == (
            "Cut freight cost",
            "cost per pallet",
            "-12%",
            date(2027, 6, 30),
        )
        row = table_text(app, "goals")[0]
        assert row[1:4] == ["Cut freight cost", "cost per pallet", "-12%"] and "2027" in row[4]

        # Edit: only the target changes.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, GoalFormScreen)
        await fill(pilot, "target", "-15%")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (goal,) = stored(coach, client_id).goals
        assert (goal.text, goal.target) == ("Cut freight cost", "-15%")

        # Remove, after a question; "n" keeps it.
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(stored(coach, client_id).goals) == 1
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored(coach, client_id).goals == ()
        assert "No goals yet" in text_of(app, "#goals-empty")


@sync
async def test_a_bad_by_date_keeps_every_field(coach: Coach) -> None:
    client_id, _ = account(coach)
    app = plan_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await type_text(pilot, "Grow share")
        await fill(pilot, "metric", "share of wallet")
        await fill(pilot, "by", "blursday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoalFormScreen)
        error = str(form.query_one("#by-error", Static).render())
        assert "blursday" in error
        assert form.query_one("#text", Input).value == "Grow share"
        assert form.query_one("#metric", Input).value == "share of wallet"
        assert form.query_one("#by", Input).value == "blursday"
        assert stored(coach, client_id).goals == ()
        # An empty goal is refused under its own field.
        await fill(pilot, "text", "")
        await fill(pilot, "by", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(form.query_one("#text-error", Static).render())
        assert stored(coach, client_id).goals == ()


# -- initiatives ----------------------------------------------------------------------------


@sync
async def test_add_edit_remove_an_initiative_with_cards(coach: Coach) -> None:
    client_id, ids = account(coach)
    app = plan_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InitiativeFormScreen)
        picks = form.query_one("#cards", SelectionList)
        # Only the Plan cards are offered.
        assert picks.option_count == 2
        await type_text(pilot, "Pilot new lanes")
        picks.focus()
        await pilot.pause()
        await pilot.press("space")  # tick the first Plan card
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        (initiative,) = stored(coach, client_id).initiatives
        assert initiative.text == "Pilot new lanes"
        assert initiative.card_ids == (ids["Lane pilot Q1"],)
        assert "Lane pilot Q1" in table_text(app, "initiatives")[0][2]

        # Edit: tick the second card too.
        app.screen.query_one("#initiatives", DataTable).focus()
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InitiativeFormScreen)
        picks = form.query_one("#cards", SelectionList)
        picks.focus()
        await pilot.press("down", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (initiative,) = stored(coach, client_id).initiatives
        assert set(initiative.card_ids) == {ids["Lane pilot Q1"], ids["Customs pre-filing"]}

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert stored(coach, client_id).initiatives == ()


# -- reviewed -------------------------------------------------------------------------------


@sync
async def test_mark_reviewed_today_or_a_typed_day(coach: Coach) -> None:
    client_id, _ = account(coach)
    app = plan_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewFormScreen)
        await type_text(pilot, "2026-11-20")
        await pilot.press("enter")
        await settle(pilot)
        assert stored(coach, client_id).reviewed == date(2026, 11, 20)
        assert "reviewed Nov 20 (5 days ago)" in text_of(app, "#plan-reviewed")
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")  # empty: today
        await settle(pilot)
        assert stored(coach, client_id).reviewed == TODAY
        assert "reviewed today" in text_of(app, "#plan-reviewed")


@sync
async def test_a_bad_or_future_review_date_is_refused_and_kept(coach: Coach) -> None:
    client_id, _ = account(coach)
    app = plan_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        for typed, said in (("someday", "someday"), ("2027-01-05", "future")):
            await fill(pilot, "on", typed)
            await pilot.press("ctrl+s")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ReviewFormScreen)
            assert said in str(form.query_one("#on-error", Static).render())
            assert form.query_one("#on", Input).value == typed
        assert stored(coach, client_id).reviewed is None


# -- shared with ... ------------------------------------------------------------------------


@sync
async def test_shared_with_people_picked_from_a_list(coach: Coach) -> None:
    client_id, ids = account(coach)
    app = plan_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ShareFormScreen)
        # Nobody ticked: refused, and the form stays.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "tick at least one" in str(form.query_one("#people-error", Static).render())
        picks = form.query_one("#people", SelectionList)
        assert picks.option_count == 3  # two of the client's, one of ours
        await pilot.press("space", "down", "down", "space")  # Li Wei (decision-maker first)... and Bob
        await fill(pilot, "on", "yesterday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        (share,) = stored(coach, client_id).shares
        assert share.on == date(2026, 11, 24)
        assert share.with_client and share.with_team
        assert ids["Bob Stone"] in share.person_ids and len(share.person_ids) == 2
        shares = text_of(app, "#shares")
        assert "yesterday" in shares and "ours: Bob Stone" in shares and "client: " in shares


@sync
async def test_share_without_people_says_how_to_add_them(coach: Coach) -> None:
    client_id, _ = account(coach, people=False)
    app = plan_app(coach, client_id)
    told: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **_kw: told.append(str(message))  # type: ignore[method-assign]
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        said = " ".join(told)
        assert "no people recorded" in said and "coach person add" in said


# -- hostile text ---------------------------------------------------------------------------

HOSTILE = ["[red]Acme[/]", "[@click=app.quit]x", "Bidi\u202eevil", "Evil\x1b[2J\x1b]0;pwned\x07"]


@pytest.mark.parametrize("text", HOSTILE)
@sync
async def test_hostile_names_show_literally(coach: Coach, text: str) -> None:
    client = coach.clients.add(text + " client")
    card = coach.boards.add_card(client.id, "plan", text + " card").card_id or ""
    person = coach.people.add(client.id, text + " person", "champion")
    coach.plans.add_goal(client.id, text + " goal", text, text)
    coach.plans.add_initiative(client.id, text + " initiative", (card,))
    coach.plans.share(client.id, (person.id,), TODAY)
    app = plan_app(coach, client.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from coach_tui.textsafe import visible

        shown = visible(text)
        assert shown in text_of(app, "#plan-client")
        goals = table_text(app, "goals")[0]
        # Each cell holds the literal text, or its start and an ellipsis where it is too long.
        for cell, whole in (
            (goals[1], shown + " goal"),
            (goals[2], shown),
            (table_text(app, "initiatives")[0][2], shown + " card"),
        ):
            assert cell == whole or (cell.endswith("…") and whole.startswith(cell[:-1]))
        assert shown + " person" in text_of(app, "#shares")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        assert app.is_running
        # No control or direction override reaches the terminal, in the form or under it.
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\u202e" not in svg and "\x07" not in svg


@sync
async def test_long_text_is_cut_to_fit_80_columns(coach: Coach) -> None:
    client_id, ids = account(coach)
    long = "Reduce the total landed cost of every Baltic shipment across all twelve warehouses"
    coach.plans.add_goal(client_id, long, "landed cost per pallet in euros, all lanes", "-12% against the 2026 baseline")
    coach.plans.add_initiative(client_id, long, (ids["Lane pilot Q1"], ids["Customs pre-filing"]))
    app = plan_app(coach, client_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for name in ("goals", "initiatives"):
            table = app.screen.query_one(f"#{name}", DataTable)
            assert table.virtual_size.width <= 80, name
            assert table_text(app, name)[0][1].endswith("…")
        # The whole text is one key away.
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#text", Input).value == long
