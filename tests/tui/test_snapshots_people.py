"""Snapshot tests of the people on a client's board: the people panel, the touch form, and
cards with an owner and a due date.

The account is built through the services on an empty data folder, frozen on 2026-11-25:
Acme Logistics, with Dana Reyes (decision-maker, COO, called 12 days ago with our sponsor),
Cy Park (champion, never touched) and our executive sponsor Sam Ortiz; one Plan card owned
by Sam due in 9 days, a Deliver card 3 days late and one due tomorrow. Refresh on purpose
with `--snapshot-update`, then look.
"""

from __future__ import annotations

from datetime import date, timedelta

from tuikit import board_app, settle

from coach_tui.services import Coach

TODAY = date(2026, 11, 25)


def account(coach: Coach) -> str:
    client = coach.clients.add("Acme Logistics", added=TODAY - timedelta(days=200))
    coach.people.add(client.id, "Dana Reyes", "decision-maker", "COO")
    coach.people.add(client.id, "Cy Park", "champion", "Ops manager")
    coach.people.add(client.id, "Sam Ortiz", "exec-sponsor", "VP Sales", ours=True)
    coach.people.log_touch(client.id, "Dana", "call", TODAY - timedelta(days=12), "renewal worries", ("Sam",))
    coach.boards.add_card(client.id, "understand", "Customs delays at the port")
    coach.boards.add_card(client.id, "plan", "Customs pilot", owner="Sam Ortiz", due=TODAY + timedelta(days=9))
    coach.boards.add_card(client.id, "deliver", "Route audit", owner="Dana Reyes", due=TODAY - timedelta(days=3))
    coach.boards.add_card(client.id, "deliver", "Quarterly review deck", due=TODAY + timedelta(days=1))
    return client.id


class TestPeoplePanel:
    """p puts the people panel in the cards' place: "PEOPLE 2 on the client's side · 1 in our
    team", the client's people (Dana Reyes, Decision-maker, COO, "call 12 days ago"; Cy Park,
    Champion, "never touched" in yellow), then our account team (Sam Ortiz, Executive sponsor,
    VP Sales, "call 12 days ago"); Dana highlighted, and under the list her two lines (1
    touch, last: call Nov 13, ours: Sam Ortiz, "renewal worries"). The footer shows the
    panel's keys: a Add, e Edit, x Remove, o Touch, esc Cards."""

    def test_people_panel_80x24(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(board_app(coach, account(coach)), terminal_size=(80, 24), press=["p"], run_before=settle)

    def test_people_panel_120x40(self, snap_compare, coach: Coach) -> None:
        """Wide: the panel in the columns' place, the side panel beside it (cadence, the
        pillars with Value weakest, its tip)."""
        assert snap_compare(board_app(coach, account(coach)), terminal_size=(120, 40), press=["p"], run_before=settle)


class TestTouchForm:
    """o on Cy Park: "Log a touch with Acme Logistics", With Cy Park (Champion) picked, Kind
    call, Date today → Wed 25 Nov 2026, an empty note, and our side's Sam Ortiz to tick;
    ctrl+s / esc in the border."""

    def test_touch_form_80x24(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(board_app(coach, account(coach)), terminal_size=(80, 24), press=["p", "down", "o"], run_before=settle)


class TestPersonForm:
    """a in the people panel at 80x24: "New person on the account" with an empty name, Side
    "the client's people", Role "Decision-maker", an empty title; ctrl+s / esc in the border."""

    def test_person_form_80x24(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(board_app(coach, account(coach)), terminal_size=(80, 24), press=["p", "a"], run_before=settle)


class TestCardOwnerDue:
    """The cards at 80x24: "Customs pilot" shows "owner Sam Ortiz" under its title and
    "due Dec 4"; "Route audit" shows its owner and "3d late" in red with a red edge;
    "Quarterly review deck" shows "due tomorrow"."""

    def test_cards_with_owner_and_due_80x24(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(board_app(coach, account(coach)), terminal_size=(80, 24), run_before=settle)
