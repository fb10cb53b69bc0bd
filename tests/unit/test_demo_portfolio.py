"""The demo portfolio as an account director reads it: each client's weakest pillar and the
signal that fails in it, from the real engine over the real demo data.

Every client tells one story (the comment beside it), and the weakest pillars are spread as a
real portfolio's would be: no pillar is the weakest for more than half of the clients.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from coach_tui.domain.models import PILLARS
from coach_tui.services import Coach
from coach_tui.services.read_models import ClientView

# client -> (weakest pillar, failing signal, a piece of its evidence line)
EXPECTED: dict[str, tuple[str, str, str]] = {
    # The model account: nothing fails; the least of it is one value-add not tied to a need.
    "Pelican Pharma Distribution": ("value", "relevance", "6 of 7 value-adds"),
    # Well run, but it has gone quiet: five weeks since the last value-add on a two-week rhythm.
    "Northwind Freight Partners": ("value", "rhythm", "overdue by 20 days"),
    # Work does not flow: the spindle trial has sat in Plan for months, the sensors are late.
    "Müller Präzision GmbH": ("tactics", "flow", "2 of 4 cards in Plan or Deliver stuck"),
    # Nobody senior on our side has ever owned the relationship.
    "株式会社サクラ物流": ("lead", "sponsor", "no executive sponsor named"),
    # A good plan in a drawer: reviewed five months ago and never shared with anyone.
    "Halvorsen Marine Supply": ("strategy", "shared", "plan never shared"),
    # Three real opportunities, not one next step.
    "Brightline Health Systems": ("recognize", "next-steps", "0 of 3 open opportunities"),
    # Everything runs through the founder: one person has ever heard from us.
    "Cascade Fintech Ltd": ("recognize", "reach", "1 client stakeholder touched"),
    # Nine days in: needs coming in, nothing written down yet.
    "Orchard & Vine Foods": ("strategy", "plan", "no written plan"),
    # Twenty days in and nothing of value brought yet, with the renewal in doubt.
    "Tessellate Software": ("value", "rhythm", "no value-add yet"),
    # Runs well day to day, but our sponsor last sat with their leadership seven months ago.
    "Redwood Civil Engineering": ("lead", "exec-touch", "executive touch 210 days ago"),
    # A supplier, not a partner: the one need on record was last looked at five months ago.
    "Kestrel Energy Services": ("recognize", "fresh", "needs last updated 150 days ago"),
}


@pytest.fixture
def views(demo_coach: Coach) -> dict[str, ClientView]:
    return {v.client.name: v for v in demo_coach.portfolio.agenda().views}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_client_fails_where_a_director_would_say(views: dict[str, ClientView], name: str) -> None:
    pillar, signal, evidence = EXPECTED[name]
    view = views[name]
    summary = {p: s.score for p, s in view.scores.items()}
    assert (view.weakest, view.failing.signal) == (pillar, signal), summary
    assert evidence in view.failing.evidence


def test_the_table_covers_every_active_client(views: dict[str, ClientView]) -> None:
    assert set(views) == set(EXPECTED)


def test_no_pillar_is_the_weakest_for_more_than_half_the_clients(views: dict[str, ClientView]) -> None:
    counts = Counter(v.weakest for v in views.values())
    assert max(counts.values()) <= len(views) // 2, counts
    assert set(counts) == set(PILLARS)  # and every pillar is somebody's weakest


def test_the_model_account_is_strong_everywhere(views: dict[str, ClientView]) -> None:
    scores = views["Pelican Pharma Distribution"].scores
    assert all(s.score is not None and s.score >= 90 for s in scores.values()), {p: s.score for p, s in scores.items()}


def test_the_new_clients_have_no_evidence_where_nothing_applies_yet(views: dict[str, ClientView]) -> None:
    orchard = views["Orchard & Vine Foods"].scores
    assert orchard["strategy"].score == 50  # no plan yet, nine days in: not late, not done either
    assert {s.name: s.points for s in orchard["value"].signals}["consistency"] is None  # no value-add to judge by


@pytest.mark.parametrize("today", [date(2026, 3, 3), date(2026, 8, 14), date(2027, 2, 28)], ids=str)
def test_the_spread_holds_whatever_the_day(today: date, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every date in the demo is an offset from today, but months differ in length: the monthly
    clients' stories must read the same in any month."""
    from coach_tui.services.demo import populate
    from coach_tui.store.folder import FolderStore

    store = FolderStore(tmp_path_factory.mktemp("demo") / "data", today=lambda: today)
    populate(store, today)
    found = {v.client.name: (v.weakest, v.failing.signal) for v in Coach(store, today=lambda: today).portfolio.agenda().views}
    assert found == {name: (pillar, signal) for name, (pillar, signal, _evidence) in EXPECTED.items()}


def test_the_portfolio_names_its_weakest_pillar_with_the_dashboards_own_count(demo_coach: Coach) -> None:
    """The portfolio's failing signal counts every client that falls short on it, not only
    those for whom it is the lowest: "4 of 11 clients overdue" when the dashboard shows four."""
    agenda = demo_coach.portfolio.agenda()
    assert agenda.weakest == "value"
    assert agenda.failing is not None and agenda.failing.signal == "rhythm"
    assert agenda.failing.evidence == f"{len(agenda.overdue)} of {len(agenda.views)} clients overdue"
    assert len(agenda.overdue) == 4
