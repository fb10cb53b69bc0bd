"""Snapshot tests of a client's account plan and opportunities screens, at 80x24 and 120x40.

The account is built through the services on a tmp folder, frozen on Wednesday 2026-11-25
(conftest sets COACH_TODAY): "Acme Logistics" with two client goals, two initiatives linked to
Plan cards (one since delivered), a plan reviewed on Nov 10 and shared twice, and four
opportunities (one with an overdue next step, one won, one lost). Refresh on purpose with
`--snapshot-update`, then look at the pictures.
"""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import Input
from tuikit import OneScreenApp, settle

from coach_tui.screens.opportunities import OpportunitiesScreen
from coach_tui.screens.plan import PlanScreen
from coach_tui.services import Coach

NARROW = (80, 24)
WIDE = (120, 40)


def build(coach: Coach) -> str:
    """The account the pictures show; its client id."""
    client = coach.clients.add("Acme Logistics", "2w", "A", added=date(2026, 3, 2), revenue="1.2m", renewal="2027-02-15")
    cid = client.id
    lanes = coach.boards.add_card(cid, "plan", "Pilot three new Baltic lanes").card_id or ""
    customs = coach.boards.add_card(cid, "plan", "Digital customs pre-filing").card_id or ""
    need = coach.boards.add_card(cid, "understand", "Customs paperwork delays at Gdańsk").card_id or ""
    coach.boards.add_card(cid, "understand", "Driver shortage in peak season")
    coach.boards.move_card(cid, customs, 1)  # delivered since: the initiative shows where it went
    ana = coach.people.add(cid, "Ana Ruiz", "champion", "Head of Logistics")
    li = coach.people.add(cid, "Li Wei", "decision-maker", "COO")
    bob = coach.people.add(cid, "Bob Stone", "exec-sponsor")
    coach.plans.add_goal(cid, "Cut freight cost per pallet", "cost per pallet", "-12%", "2027-06-30")
    coach.plans.add_goal(cid, "On-time delivery in the Baltics", "OTIF", "97%", "2027-03-31")
    coach.plans.add_initiative(cid, "Consolidate LTL into new lanes", (lanes,))
    coach.plans.add_initiative(cid, "Paperless customs", (customs,))
    coach.plans.review(cid, date(2026, 11, 10))
    coach.plans.share(cid, (li.id, bob.id), date(2026, 9, 14))
    coach.plans.share(cid, (ana.id,), date(2026, 11, 12))
    coach.opportunities.add(
        cid, "Cross-dock in Gdańsk", "450k", "qualified", need, "Site visit with Ana", "2026-11-20", "2027-03-31"
    )
    coach.opportunities.add(cid, "Peak-season driver pool", "1.2m", "proposed", None, "Pricing call", "2026-12-02", "2027-01-31")
    won, _ = coach.opportunities.add(cid, "Baltic lane pilot", "95,000", "proposed")
    coach.opportunities.stage(cid, won.id, "won")
    lost, _ = coach.opportunities.add(cid, "Cold chain audit", "€30k", "identified")
    coach.opportunities.stage(cid, lost.id, "lost")
    return cid


def plan_app(coach: Coach) -> OneScreenApp:
    cid = build(coach)
    return OneScreenApp(lambda: PlanScreen(coach, cid), coach)


def opp_app(coach: Coach) -> OneScreenApp:
    cid = build(coach)
    return OneScreenApp(lambda: OpportunitiesScreen(coach, cid), coach)


class TestPlan:
    """The account plan: the header "Acme Logistics  account plan" with "reviewed Nov 10 (15
    days ago)" on the right; Goals (numbered, metric, target, by); Initiatives with their Plan
    cards ("Digital customs pre-filing (deliver)" where it moved on); the share log newest
    first (Nov 12 · client: Ana Ruiz, then Sep 14 · client: Li Wei · ours: Bob Stone); the
    footer keys g i e x r s."""

    def test_plan_120x40(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(plan_app(coach), terminal_size=WIDE, run_before=settle)

    def test_plan_80x24(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(plan_app(coach), terminal_size=NARROW, run_before=settle)

    def test_share_form_80x24(self, snap_compare, coach: Coach) -> None:
        """`s`: the share form, the client's people (Li Wei, decision-maker, first) then ours
        ("ours · Bob Stone"), none ticked, and the date field."""

        async def share(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)

        assert snap_compare(plan_app(coach), terminal_size=NARROW, run_before=share)


class TestEmpty:
    """A client with nothing recorded yet: each section says what to press to start (g adds
    the first goal, i an initiative, s records a share; a adds an opportunity), "never
    reviewed" in the header."""

    def test_empty_plan_80x24(self, snap_compare, coach: Coach) -> None:
        cid = coach.clients.add("Fresh Client").id
        assert snap_compare(OneScreenApp(lambda: PlanScreen(coach, cid), coach), terminal_size=NARROW, run_before=settle)

    def test_empty_opportunities_80x24(self, snap_compare, coach: Coach) -> None:
        cid = coach.clients.add("Fresh Client").id
        app = OneScreenApp(lambda: OpportunitiesScreen(coach, cid), coach)
        assert snap_compare(app, terminal_size=NARROW, run_before=settle)


class TestOpportunities:
    """The opportunities: header with "2 open · €1.6m in the pipeline · 1 won · 1 next step
    overdue" (the last in red); rows open first by the soonest next step: "Cross-dock in
    Gdańsk" €450k qualified, its need, "Site visit with Ana" and "Nov 20 overdue" in red; then
    the driver pool €1.2m proposed; the won and lost ones dimmed below. Footer: a e [ ] s x."""

    def test_opportunities_120x40(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(opp_app(coach), terminal_size=WIDE, run_before=settle)

    def test_opportunities_80x24(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(opp_app(coach), terminal_size=NARROW, run_before=settle)

    def test_form_bad_money_80x24(self, snap_compare, coach: Coach) -> None:
        """Editing the first opportunity with the value "lots": a ✗ beside the field, the
        message under it ("can't read the amount 'lots': type an amount like 120k, ..."),
        every other field as it was."""

        async def bad_money(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            pilot.app.screen.query_one("#value", Input).value = "lots"
            await pilot.press("ctrl+s")
            await settle(pilot)

        assert snap_compare(opp_app(coach), terminal_size=NARROW, run_before=bad_money)
