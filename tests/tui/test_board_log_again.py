"""Pilot tests: a Steward card whose offer to log it was skipped can be logged later from the
card (`L` on it), and the detail pane says so; a card logged as a delivery dated three weeks
back counts as untold for over 14 days on its tile, in the pane and in the pillar scores.

Each flow asserts on what the store holds afterwards and on what the screen shows.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input
from tuikit import board_app, settle, sync, type_text, until

from coach_tui.domain.pillars import overdue_steward
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.card_delivery import CardDeliveryScreen
from coach_tui.screens.log_delivery import LogDeliveryScreen
from coach_tui.services import Coach
from coach_tui.widgets.card import BoardCard
from coach_tui.widgets.card_detail import CardDetail

NORTHWIND = "demo00"
DELIVER_CARD = "demo00c005"  # the one Deliver card, answering a need
TODAY = date(2026, 11, 25)
WIDE = (120, 40)
HINT = "not logged as a delivery  L logs it"


def detail_text(app) -> str:
    return app.screen.query_one(CardDetail).text.plain


async def focus_card(pilot, card_id: str) -> None:
    pilot.app.screen.query_one(f"#card-{card_id}", BoardCard).focus()
    await settle(pilot)


def stored_card(coach: Coach, card_id: str):
    return next(c for c in coach.repo.read_client(NORTHWIND).cards if c.id == card_id)


@sync
async def test_a_skipped_offer_is_taken_again_with_L_on_the_card(demo_coach: Coach) -> None:
    deliveries = len(demo_coach.repo.read_client(NORTHWIND).deliveries)
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, DELIVER_CARD)
        assert HINT not in detail_text(app)  # in Deliver: nothing to log yet
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, CardDeliveryScreen)
        await pilot.press("escape")  # skipped
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert stored_card(demo_coach, DELIVER_CARD).delivery_id is None
        assert HINT in detail_text(app)

        # L on the card offers it again: logged three weeks back, as a new idea.
        await pilot.press("L")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardDeliveryScreen)
        assert form.query_one("#summary", Input).value == stored_card(demo_coach, DELIVER_CARD).title
        form.query_one("#date", Input).focus()
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "20d ago")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until(lambda: isinstance(app.screen, BoardScreen) and HINT not in detail_text(app))

        history = demo_coach.repo.read_client(NORTHWIND)
        assert len(history.deliveries) == deliveries + 1
        delivery = max(history.deliveries, key=lambda d: d.logged)
        card = stored_card(demo_coach, DELIVER_CARD)
        assert card.delivery_id == delivery.id and delivery.on == TODAY - timedelta(days=20)
        assert sum(1 for c in history.cards if c.delivery_id == delivery.id) == 1  # no second card

        # Untold for 20 days, though it reached Steward today: the tile, the pane and the
        # scores the dashboard and `coach status` read all count from the delivery.
        tile = app.screen.query_one(f"#card-{DELIVER_CARD}", BoardCard)
        assert tile.age == 20 and tile.has_class("untold")
        assert "Steward · 20 days since it was delivered" in detail_text(app)
        await pilot.hover(f"#card-{DELIVER_CARD}")
        await until(lambda: tile.tooltip is not None)
        assert "20 days since it was delivered" in str(getattr(tile.tooltip, "plain", tile.tooltip))
        facts = demo_coach.repo.entry(NORTHWIND).facts
        assert delivery.on in {c.since for c in facts.cards if c.column == "steward"}
        assert overdue_steward(facts, TODAY) >= 1
        [view] = [v for v in demo_coach.portfolio.agenda().views if v.client.id == NORTHWIND]
        assert any("untold for over 14 days" in e for e in view.scores["tactics"].evidence)

        # Logged, L logs a new delivery again (the card is its delivery already).
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LogDeliveryScreen)


@sync
async def test_L_on_another_card_still_logs_a_new_delivery(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, DELIVER_CARD)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LogDeliveryScreen)


@sync
async def test_a_card_added_to_steward_says_L_logs_it(demo_coach: Coach) -> None:
    added = demo_coach.boards.add_card(NORTHWIND, "steward", "Lane review sent")
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert added.card_id is not None
        await focus_card(pilot, added.card_id)
        assert HINT in detail_text(app)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, CardDeliveryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert stored_card(demo_coach, added.card_id).delivery_id is None
