"""Pillar scores from real evidence, as a seasoned account director would read them.

The table below holds hand-built accounts, each with the weakest pillar and the failing
signal a director would name on sight, and a sentence saying why. The accounts start from a
model account (everything a strategic partnership should show) and take away one thing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

import pytest

from coach_tui.domain.account import Goal, Opportunity, Person, Plan, Share, Touch
from coach_tui.domain.facts import build_facts
from coach_tui.domain.models import PILLARS, Cadence, Card, CardMove, Client, Commitment, Delivery
from coach_tui.domain.pillars import KeptRate, client_scores, failing, kept_rate, lowest_pillar, portfolio_scores, weakest_pillar

TODAY = date(2026, 11, 25)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def at(days: int) -> datetime:
    return datetime.combine(ago(days), time(9))


class Account(NamedTuple):
    client: Client
    cards: list[Card]
    deliveries: list[Delivery]
    people: list[Person]
    touches: list[Touch]
    plan: Plan | None
    opportunities: list[Opportunity]


def card(cid: str, column: str, days_in_column: int, need: str | None = "need1", due: date | None = None) -> Card:
    created = at(days_in_column + 5)
    moves = [CardMove(created, None, "understand")]
    if column != "understand":
        moves.append(CardMove(at(days_in_column), "understand", column))
    return Card(cid, "c", column, f"card {cid}", created, need_id=need if column != "understand" else None, moves=moves, due=due)


def value_add(days: int, need: str | None = "need1", kind: str = "idea") -> Delivery:
    return Delivery(f"d{days}", "c", ago(days), kind, "a value-add", at(days), need)


def model() -> Account:
    """Pelican Pharma as it should be: needs fresh and many, three people reached, a plan
    with goals reviewed and shared both ways, opportunities with dated next steps, a
    renewal date, an engaged sponsor, work flowing, clients told, value on rhythm."""
    client = Client("c", "Pelican Pharma", ago(400), Cadence(2, "w"), "A", renewal=ago(-120))
    cards = [
        card("need1", "understand", 10),
        card("need2", "understand", 20),
        card("need3", "understand", 5),
        card("p1", "plan", 10),
        card("p2", "plan", 12),
        card("d1", "deliver", 8, due=ago(-10)),
    ]
    deliveries = [value_add(d) for d in (3, 16, 30, 44, 58, 72)]
    people = [
        Person("cfo", "c", "Ana Ruiz", "decision-maker", "CFO"),
        Person("ops", "c", "Li Wei", "champion", "Head of operations"),
        Person("buy", "c", "Sam Cole", "procurement", "Buyer"),
        Person("spon", "c", "Dana Ortiz", "exec-sponsor", "COO", ours=True),
        Person("lead", "c", "Kim Park", "delivery-lead", "", ours=True),
    ]
    touches = [
        Touch("t1", "c", "cfo", ago(20), "meeting", "", ("spon",)),
        Touch("t2", "c", "ops", ago(6), "call"),
        Touch("t3", "c", "buy", ago(40), "email"),
    ]
    plan = Plan(
        "c",
        (Goal("g1", "cut logistics cost", "cost per pallet", "-8%", ago(-200)), Goal("g2", "launch in the Nordics")),
        reviewed=ago(30),
        shares=(Share(ago(30), ("cfo", "spon", "lead")),),
    )
    opportunities = [
        Opportunity("o1", "c", "Nordic roll-out", at(60), 120_000, "qualified", "need1", "workshop", ago(-7)),
        Opportunity("o2", "c", "Cold chain audit", at(30), 40_000, "identified", "need2", "send outline", ago(-3)),
    ]
    return Account(client, cards, deliveries, people, touches, plan, opportunities)


def scores(account: Account) -> dict[str, Any]:
    return client_scores(account.client, build_facts(*account), TODAY)


class Case(NamedTuple):
    name: str
    account: Account
    weakest: str
    signal: str
    why: str


def _without_sponsor() -> Account:
    a = model()
    people = [p for p in a.people if p.role != "exec-sponsor"]
    return a._replace(people=people, touches=[t._replace(ours=()) for t in a.touches])


def _stale_unshared_plan() -> Account:
    a = model()
    assert a.plan is not None
    return a._replace(plan=a.plan._replace(reviewed=ago(150), shares=()))


def _opportunities_without_next_steps() -> Account:
    a = model()
    return a._replace(opportunities=[o._replace(next_step="", next_date=None) for o in a.opportunities])


def _single_threaded() -> Account:
    a = model()
    people = [p for p in a.people if p.id in ("cfo", "spon", "lead")]
    return a._replace(people=people, touches=[t for t in a.touches if t.person_id == "cfo"])


def _brand_new() -> Account:
    client = Client("c", "Tessellate Software", ago(3), Cadence(3, "w"), "C")
    return Account(client, [], [], [], [], None, [])


def _overdue() -> Account:
    a = model()
    return a._replace(deliveries=[value_add(d) for d in (80, 94, 108, 122)])


def _stuck_work() -> Account:
    a = model()
    cards = [c for c in a.cards if c.column == "understand"] + [card("p1", "plan", 70), card("d1", "deliver", 65)]
    return a._replace(cards=cards)


def _untold() -> Account:
    a = model()
    return a._replace(cards=[*a.cards, card("s1", "steward", 40), card("s2", "steward", 35)])


def _late_delivery() -> Account:
    a = model()
    cards = [c if c.id != "d1" else card("d1", "deliver", 8, due=ago(25)) for c in a.cards]
    return a._replace(cards=cards)


def _no_renewal() -> Account:
    a = model()
    return a._replace(client=replace(a.client, renewal=None))


def _lapsed_sponsor() -> Account:
    a = model()
    touches = [t if t.id != "t1" else t._replace(on=ago(200)) for t in a.touches]
    return a._replace(touches=touches)


def _irrelevant_value() -> Account:
    a = model()
    return a._replace(deliveries=[value_add(d, need=None) for d in (3, 16, 30, 44, 58, 72)])


def _no_plan() -> Account:
    a = model()
    return a._replace(plan=None)


def _needs_unknown() -> Account:
    a = model()
    cards = [c for c in a.cards if c.column != "understand"]
    return a._replace(cards=cards)


CASES = [
    Case("model account", model(), "recognize", "needs",
         "Nothing fails: every pillar is full, and on a tie the method names the earlier pillar and signal."),
    Case("sponsorless", _without_sponsor(), "lead", "sponsor",
         "Everything else is in order, but nobody senior on our side owns the relationship."),
    Case("stale, unshared plan", _stale_unshared_plan(), "strategy", "shared",
         "A plan nobody has heard of is not a strategy: it was never shared, and its review is five months old."),
    Case("opportunities, no next steps", _opportunities_without_next_steps(), "recognize", "next-steps",
         "The opportunities are real but nothing moves them: no next step is dated."),
    Case("single-threaded", _single_threaded(), "recognize", "reach",
         "All of it rests on the CFO alone: one departure and the account is blind."),
    Case("brand new", _brand_new(), "recognize", "needs",
         "Three days in and nothing known yet: start by understanding the client's needs."),
    Case("overdue", _overdue(), "value", "rhythm",
         "The last value-add was eighty days ago on a two-week rhythm: the client has stopped hearing from us."),
    Case("stuck work", _stuck_work(), "tactics", "flow",
         "The plan does not turn into work: both items in flight have sat for over two months."),
    Case("untold deliveries", _untold(), "tactics", "told",
         "We delivered, but the client was never told: over a month of stewardship debt."),
    Case("late delivery", _late_delivery(), "tactics", "due",
         "Work promised for three weeks ago is still not done: flawless delivery is the promise."),
    Case("no renewal date", _no_renewal(), "recognize", "renewal",
         "A model account whose renewal date nobody knows: the one date that must not surprise us."),
    Case("lapsed sponsor", _lapsed_sponsor(), "lead", "exec-touch",
         "The sponsor is named but has not met a decision-maker for over six months."),
    Case("value not tied to needs", _irrelevant_value(), "value", "relevance",
         "The rhythm holds but none of it answers a need the client told us about: activity, not value."),
    Case("no plan", _no_plan(), "strategy", "plan",
         "Everything runs on instinct: there is no written account plan with a client goal."),
    Case("needs unknown", _needs_unknown(), "recognize", "needs",
         "Work flows, but no open need of the client is recorded: what is it all for?"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_weakest_pillar_and_failing_signal_a_director_would_name(case: Case) -> None:
    result = scores(case.account)
    aim = failing(result)
    summary = {p: s.score for p, s in result.items()}
    assert (aim.pillar, aim.signal) == (case.weakest, case.signal), f"{case.why} {summary}"
    assert aim.evidence  # the failing signal says what it saw


def test_the_model_account_scores_high_everywhere() -> None:
    result = scores(model())
    assert all(s.score is not None and s.score >= 80 for s in result.values()), {p: s.score for p, s in result.items()}


def test_a_pillar_with_nothing_to_judge_has_no_score_and_is_never_the_weakest() -> None:
    result = scores(_brand_new())
    assert result["tactics"].score is None  # no work, nothing delivered
    assert "nothing delivered yet" in result["tactics"].evidence
    assert weakest_pillar(result) != "tactics"
    assert lowest_pillar({"recognize": None, "lead": 40, "value": 40}) == "lead"


def test_every_score_carries_its_evidence() -> None:
    for case in CASES:
        for pillar, score in scores(case.account).items():
            assert score.pillar == pillar and score.evidence and all(score.evidence)
            assert len(score.evidence) == len(score.signals)


def test_the_failing_signal_is_the_lowest_of_the_weakest_pillar() -> None:
    result = scores(_stale_unshared_plan())
    strategy = {s.name: s.points for s in result["strategy"].signals}
    assert strategy["shared"] == 0
    assert 0 < strategy["reviewed"] < 50  # reviewed 150 days ago: fading, not gone


def test_executive_touch_and_briefing_fade_over_days_not_cliffs() -> None:
    points = []
    for days in (80, 90, 100, 135, 170, 180, 190):
        a = model()
        a = a._replace(touches=[t if t.id != "t1" else t._replace(on=ago(days)) for t in a.touches])
        points.append(next(s.points for s in scores(a)["lead"].signals if s.name == "exec-touch"))
    assert points == [100, 100, pytest.approx(88.9, abs=0.1), 50, pytest.approx(11.1, abs=0.1), 0, 0]


def test_overdue_grades_by_how_far_past() -> None:
    """Two days overdue is not the same as fifty (it used to be: 20 points either way)."""

    def rhythm_points(last: int) -> float:
        a = model()._replace(deliveries=[value_add(last)])
        return next(s.points for s in scores(a)["value"].signals if s.name == "rhythm") or 0.0

    assert rhythm_points(10) == 100  # on track
    assert 80 < rhythm_points(13) < 100  # due soon
    assert rhythm_points(16) == pytest.approx(80 * 12 / 14)  # two days over a two-week cadence
    assert rhythm_points(64) == 0  # fifty days over


def test_the_self_assessment_is_not_in_the_client_scores() -> None:
    """Pelican's lead is its own: the manager's 2 of 5 no longer drags a model account."""
    assert scores(model())["lead"].score == 100


def test_the_portfolio_averages_clients_and_counts_the_common_failure() -> None:
    per_client = [scores(_without_sponsor()), scores(_without_sponsor()), scores(model())]
    portfolio = portfolio_scores(per_client)
    lead = portfolio["lead"]
    assert lead.score == round((per_client[0]["lead"].score * 2 + 100) / 3)
    assert "2 of 3 clients with no executive sponsor" in lead.evidence
    assert lead.failing is not None and lead.failing.name == "sponsor"


def test_the_managers_kept_commitments_weigh_in_the_portfolio_lead() -> None:
    per_client = [scores(model())]
    kept = kept_rate([Commitment(ago(7 * n + 2), "x", kept=n % 2 == 0) for n in range(1, 5)], TODAY)
    assert kept == KeptRate(2, 4)
    lead = portfolio_scores(per_client, kept)["lead"]
    assert lead.score == round(0.75 * 100 + 0.25 * 50)
    assert "you kept 2 of 4 commitments in the last 12 weeks" in lead.evidence


def test_a_portfolio_without_clients() -> None:
    portfolio = portfolio_scores([])
    assert tuple(portfolio) == PILLARS
    assert all(s.score is None for s in portfolio.values())
