"""The account table: hand-built accounts, each scored by the real engine, with the weakest
pillar and failing signal a seasoned account director would name on sight, and why.

Unlike the one-thing-missing variants of a model account in test_pillars.py, each account here
is built on its own from domain records (people, touches, a plan, opportunities, cards,
deliveries) through `build_facts`, `client_scores` and `failing`, and most carry the small
imperfections real accounts do (a value-add due soon, one card a little slow): the engine must
still name the one thing that matters most, not the noise around it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any, NamedTuple

import pytest

from coach_tui.domain.account import Goal, Opportunity, Person, Plan, Share, Touch
from coach_tui.domain.facts import build_facts
from coach_tui.domain.models import PILLARS, Cadence, Card, CardMove, Client, Delivery
from coach_tui.domain.pillars import PillarScore, client_scores, failing

TODAY = date(2026, 11, 25)
FORTNIGHT = Cadence(2, "w")


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def at(days: int) -> datetime:
    return datetime.combine(ago(days), time(9))


class Account:
    """A client's records, built a piece at a time: `ago` counts days back from TODAY, `ahead`
    days forward."""

    def __init__(self, name: str, added: int, cadence: Cadence = FORTNIGHT, renewal: int | None = 200) -> None:
        self.client = Client("c", name, ago(added), cadence, "A", renewal=ago(-renewal) if renewal is not None else None)
        self.cards: list[Card] = []
        self.deliveries: list[Delivery] = []
        self.people: list[Person] = []
        self.touches: list[Touch] = []
        self.plan: Plan | None = None
        self.opportunities: list[Opportunity] = []

    def need(self, cid: str, recorded: int) -> Account:
        """An open Understand card recorded `recorded` days ago."""
        self.cards.append(
            Card(cid, "c", "understand", f"need {cid}", at(recorded), moves=[CardMove(at(recorded), None, "understand")])
        )
        return self

    def card(self, cid: str, column: str, since: int, need: str | None = "n1", due: int | None = None) -> Account:
        """A card that came from Understand into `column` `since` days ago (a week after it was
        made); `due` days ahead (negative: past)."""
        made = at(since + 7)
        moves = [CardMove(made, None, "understand")]
        previous = "understand"
        for step in ("plan", "deliver", "steward")[: ("plan", "deliver", "steward").index(column) + 1]:
            moves.append(CardMove(at(since) if step == column else made, previous, step))
            previous = step
        self.cards.append(Card(cid, "c", column, f"card {cid}", made, need_id=need, moves=moves,
                               due=ago(-due) if due is not None else None))  # fmt: skip
        return self

    def value_adds(self, *days: int, need: str | None = "n1", kind: str = "idea") -> Account:
        for d in days:
            self.deliveries.append(Delivery(f"d{len(self.deliveries)}", "c", ago(d), kind, "value", at(d), need, told=True))
        return self

    def service(self, *days: int) -> Account:
        return self.value_adds(*days, need=None, kind="service")

    def person(self, pid: str, role: str, ours: bool = False) -> Account:
        self.people.append(Person(pid, "c", f"person {pid}", role, "", ours))
        return self

    def touch(self, pid: str, days: int, *ours: str) -> Account:
        self.touches.append(Touch(f"t{len(self.touches)}", "c", pid, ago(days), "meeting", "", tuple(ours)))
        return self

    def written(self, goals: int, reviewed: int | None, *shares: tuple[int, tuple[str, ...]]) -> Account:
        self.plan = Plan(
            "c",
            tuple(Goal(f"g{n}", f"goal {n}", "metric", "target", ago(-120)) for n in range(goals)),
            reviewed=ago(reviewed) if reviewed is not None else None,
            shares=tuple(Share(ago(days), ids) for days, ids in shares),
        )
        return self

    def opportunity(self, oid: str, need: str | None, next_in: int | None, stage: str = "qualified") -> Account:
        """An opportunity answering `need`, its next step `next_in` days ahead (negative: past;
        None: no next step)."""
        step = "" if next_in is None else "next step"
        when = ago(-next_in) if next_in is not None else None
        self.opportunities.append(Opportunity(oid, "c", f"opp {oid}", at(60), 100_000, stage, need, step, when, ago(-90)))
        return self

    def scores(self) -> dict[str, PillarScore]:
        facts = build_facts(self.client, self.cards, self.deliveries, self.people, self.touches, self.plan, self.opportunities)
        return client_scores(self.client, facts, TODAY)


def with_team(a: Account, sponsor: bool = True) -> Account:
    """Our side: a delivery lead, and an executive sponsor unless said otherwise."""
    if sponsor:
        a.person("spon", "exec-sponsor", ours=True)
    return a.person("lead", "delivery-lead", ours=True)


def three_needs(a: Account, fresh: int = 10) -> Account:
    return a.need("n1", fresh + 40).need("n2", fresh + 20).need("n3", fresh)


def rhythm(a: Account, last: int = 4, every: int = 14, count: int = 6, need: str | None = "n1") -> Account:
    return a.value_adds(*(last + every * k for k in range(count)), need=need)


# ---------------------------------------------------------------------------------------------
# The accounts


def model_account() -> Account:
    a = with_team(three_needs(Account("Pelican Pharma", 900)))
    a.person("md", "decision-maker").person("fd", "economic-buyer").person("qa", "champion")
    a.touch("md", 20, "spon", "lead").touch("fd", 35, "lead").touch("qa", 6, "lead")
    a.card("p1", "plan", 12).card("p2", "plan", 5, need="n2").card("d1", "deliver", 9, due=12)
    a.written(3, 100, (25, ("md", "fd", "spon", "lead")))
    a.opportunity("o1", "n1", 7).opportunity("o2", "n2", 14, "proposed")
    return rhythm(a)


def sponsorless() -> Account:
    a = with_team(three_needs(Account("Sakura Logistics", 500)), sponsor=False)
    a.person("gm", "decision-maker").person("site", "champion").person("fin", "finance")
    a.touch("gm", 45, "lead").touch("site", 8, "lead").touch("fin", 60, "lead")
    a.card("p1", "plan", 20).card("d1", "deliver", 15, due=10)
    a.written(2, 40, (40, ("gm", "lead")))
    a.opportunity("o1", "n1", 10)
    return rhythm(a, last=12)  # due soon


def stale_unshared_plan() -> Account:
    a = with_team(three_needs(Account("Halvorsen Marine", 300, Cadence(10, "d"))))
    a.person("md", "decision-maker").person("buy", "procurement").person("tech", "champion")
    a.touch("md", 70, "spon", "lead").touch("buy", 20, "lead").touch("tech", 5, "lead")
    a.card("p1", "plan", 40).card("p2", "plan", 8, need="n2").card("d1", "deliver", 12, due=14)
    a.written(2, 160)  # written in the spring, never shared
    a.opportunity("o1", "n2", 15)
    return rhythm(a, last=3, every=10, count=8)


def opportunities_without_next_steps() -> Account:
    a = with_team(three_needs(Account("Brightline Health", 700)))
    a.person("ceo", "decision-maker").person("fd", "economic-buyer").person("nurse", "champion").person("it", "user")
    a.touch("ceo", 55, "spon", "lead").touch("fd", 40, "lead").touch("nurse", 26, "lead").touch("it", 12, "lead")
    a.card("p1", "plan", 20).card("d1", "deliver", 25, due=20).card("s1", "steward", 18)
    a.written(3, 30, (28, ("ceo", "fd", "spon", "lead")))
    a.opportunity("o1", "n1", None).opportunity("o2", "n2", None, "identified").opportunity("o3", "n3", None, "proposed")
    return rhythm(a)


def one_contact() -> Account:
    a = with_team(three_needs(Account("Cascade Fintech", 200, Cadence(1, "w"))))
    a.person("ceo", "decision-maker").person("risk", "other")  # the head of risk is known, never met
    a.touch("ceo", 150, "lead").touch("ceo", 34, "spon", "lead").touch("ceo", 6, "lead")
    a.card("p1", "plan", 25).card("d1", "deliver", 15, due=7)
    a.written(2, 20, (20, ("ceo", "spon", "lead")))
    a.opportunity("o1", "n3", 5).opportunity("o2", "n2", 10, "identified")
    return rhythm(a, last=6, every=7)  # due soon


def brand_new() -> Account:
    a = with_team(Account("Tessellate Software", 4, Cadence(3, "w"), renewal=100))
    a.person("ops", "champion").touch("ops", 4, "lead")  # met at the signing; nothing learned yet
    return a


def overdue_for_value() -> Account:
    a = with_team(three_needs(Account("Northwind Freight", 420, Cadence(3, "w"))))
    a.person("coo", "decision-maker").person("cfo", "economic-buyer").person("log", "champion")
    a.touch("coo", 33, "spon", "lead").touch("cfo", 48, "lead").touch("log", 12, "lead")
    a.card("p1", "plan", 20).card("d1", "deliver", 25, due=10)
    a.written(2, 35, (33, ("coo", "spon", "lead")))
    a.opportunity("o1", "n3", 9)
    a.service(5, 12, 30)  # the monthly reports go out; nothing of value since
    return rhythm(a, last=50, every=21, count=3)


def stuck_cards() -> Account:
    a = with_team(three_needs(Account("Müller Präzision", 600, Cadence(3, "w"))))
    a.person("md", "decision-maker").person("mnt", "champion").person("buy", "procurement")
    a.touch("md", 52, "spon", "lead").touch("mnt", 20, "lead").touch("buy", 45, "lead")
    a.card("p1", "plan", 110).card("p2", "plan", 22, need="n2").card("d1", "deliver", 75).card("d2", "deliver", 64, need="n2")
    a.written(3, 40, (40, ("md", "spon", "lead")))
    a.opportunity("o1", "n1", 14)
    return rhythm(a, last=10, every=21)


def untold_steward_cards() -> Account:
    a = with_team(three_needs(Account("Redwood Civil", 365, Cadence(1, "m"))))
    a.person("md", "decision-maker").person("bid", "champion").person("site", "user")
    a.touch("md", 60, "spon", "lead").touch("bid", 8, "lead").touch("site", 30, "lead")
    a.card("p1", "plan", 15).card("s1", "steward", 50).card("s2", "steward", 41, need="n2").card("s3", "steward", 33)
    a.written(2, 25, (24, ("md", "spon", "lead")))
    a.opportunity("o1", "n2", 7)
    return rhythm(a, last=8, every=30)


def no_written_plan() -> Account:
    a = with_team(three_needs(Account("Kestrel Energy", 730, Cadence(3, "w"))))
    a.person("ops", "decision-maker").person("mnt", "user").person("buy", "procurement")
    a.touch("ops", 30, "spon", "lead").touch("mnt", 10, "lead").touch("buy", 50, "lead")
    a.card("p1", "plan", 18).card("d1", "deliver", 12, due=9)
    a.opportunity("o1", "n1", 20)
    return rhythm(a, last=10, every=21)


def past_next_steps() -> Account:
    a = with_team(three_needs(Account("Atlas Retail", 540, Cadence(1, "m"))))
    a.person("cpo", "decision-maker").person("fd", "economic-buyer").person("store", "user")
    a.touch("cpo", 40, "spon", "lead").touch("fd", 60, "lead").touch("store", 15, "lead")
    a.card("p1", "plan", 10).card("d1", "deliver", 20, due=15)
    a.written(2, 45, (45, ("cpo", "spon", "lead")))
    a.opportunity("o1", "n1", -25).opportunity("o2", "n2", -40, "proposed").opportunity("o3", "n3", -45, "identified")
    return rhythm(a, last=12, every=30)


def no_executive_touch_in_months() -> Account:
    a = with_team(three_needs(Account("Orchard & Vine", 800)))
    a.person("md", "decision-maker").person("cfo", "economic-buyer").person("qa", "champion")
    a.touch("md", 240, "spon", "lead").touch("cfo", 50, "lead").touch("qa", 5, "lead")
    a.card("p1", "plan", 14).card("d1", "deliver", 10, due=20)
    a.written(2, 30, (30, ("cfo", "qa", "lead")))
    a.opportunity("o1", "n1", 8)
    return rhythm(a)


def service_without_ideas() -> Account:
    a = with_team(three_needs(Account("Granite Facilities", 400)))
    a.person("fm", "decision-maker").person("site", "user").person("buy", "procurement")
    a.touch("fm", 60, "spon", "lead").touch("site", 9, "lead").touch("buy", 30, "lead")
    a.card("p1", "plan", 10).card("d1", "deliver", 8, due=10)
    a.written(2, 50, (50, ("fm", "spon", "lead")))
    a.opportunity("o1", "n1", 12)
    a.service(3, 10, 17, 24, 31, 38, 45, 52, 59, 66)  # busy every week
    return a.value_adds(6, 80)  # an idea now, one in September: no rhythm


def activity_not_value() -> Account:
    a = with_team(three_needs(Account("Cobalt Mining", 500)))
    a.person("gm", "decision-maker").person("cfo", "economic-buyer").person("eng", "champion")
    a.touch("gm", 25, "spon", "lead").touch("cfo", 70, "lead").touch("eng", 10, "lead")
    a.card("p1", "plan", 10).card("d1", "deliver", 14, due=5)
    a.written(2, 40, (40, ("gm", "spon", "lead")))
    a.opportunity("o1", "n2", 10)
    return rhythm(a, need=None)  # steady, and none of it answers what they told us


def late_deliveries() -> Account:
    a = with_team(three_needs(Account("Juniper Telecom", 450)))
    a.person("cto", "decision-maker").person("fin", "finance").person("net", "champion")
    a.touch("cto", 30, "spon", "lead").touch("fin", 45, "lead").touch("net", 7, "lead")
    a.card("p1", "plan", 9).card("d1", "deliver", 25, due=-40).card("d2", "deliver", 20, need="n2", due=-30)
    a.written(2, 35, (35, ("cto", "spon", "lead")))
    a.opportunity("o1", "n3", 6)
    return rhythm(a)


def team_never_briefed() -> Account:
    a = with_team(three_needs(Account("Lumen Hotels", 600)))
    a.person("coo", "decision-maker").person("rev", "champion").person("buy", "procurement")
    a.touch("coo", 20, "spon").touch("rev", 11, "lead").touch("buy", 40, "lead")
    a.card("p1", "plan", 16).card("d1", "deliver", 6, due=12)
    a.written(2, 20, (20, ("coo",)))  # the sponsor took it to their COO; our team never saw it
    a.opportunity("o1", "n2", 9)
    return rhythm(a)


def needs_gone_stale() -> Account:
    a = with_team(Account("Harbor Chemicals", 900, Cadence(1, "m")))
    a.need("n1", 240).need("n2", 200).need("n3", 160)  # recorded once, never revisited
    a.person("md", "decision-maker").person("hse", "champion").person("buy", "procurement")
    a.touch("md", 50, "spon", "lead").touch("hse", 14, "lead").touch("buy", 70, "lead")
    a.written(2, 60, (60, ("md", "spon", "lead")))
    a.opportunity("o1", "n1", 12)
    return rhythm(a, last=10, every=30, count=6)


def sponsorless_and_two_days_late() -> Account:
    a = sponsorless()
    a.deliveries = []
    return rhythm(a, last=16)  # two days over a two-week cadence: noise beside a missing sponsor


def sponsor_meets_the_wrong_people() -> Account:
    a = with_team(three_needs(Account("Vireo Airlines", 500)))
    a.person("ceo", "decision-maker").person("cfo", "economic-buyer").person("ops", "champion")
    a.touch("ops", 15, "spon", "lead").touch("ops", 60, "spon").touch("cfo", 100, "lead").touch("ceo", 130, "lead")
    a.card("p1", "plan", 12).card("d1", "deliver", 10, due=8)
    a.written(2, 30, (30, ("cfo", "spon", "lead")))
    a.opportunity("o1", "n1", 11)
    return rhythm(a)


class Case(NamedTuple):
    name: str
    build: Any
    weakest: str
    signal: str
    why: str


CASES = [
    Case("model account", model_account, "strategy", "reviewed",
         "Nothing is wrong; the one thing to do next is the plan's review, a little over three months old."),
    Case("sponsorless", sponsorless, "lead", "sponsor",
         "Good work, but nobody senior on our side owns the relationship: when their leadership changes, nobody will know."),
    Case("stale, unshared plan", stale_unshared_plan, "strategy", "shared",
         "A plan nobody has heard of is not a strategy: never shared with the client or the team, reviewed in the spring."),
    Case("opportunities, no next steps", opportunities_without_next_steps, "recognize", "next-steps",
         "Three real opportunities and not one next step: the pipeline is a wish list."),
    Case("one contact", one_contact, "recognize", "reach",
         "Everything goes through the founder: one departure and the account is blind."),
    Case("brand new", brand_new, "recognize", "needs",
         "Four days in and no need of theirs on record: a plan or an idea now would be a guess; learn what they need first."),
    Case("overdue for value", overdue_for_value, "value", "rhythm",
         "Fifty days since anything of value on a three-week rhythm; the reports that still go out are not value."),
    Case("stuck cards", stuck_cards, "tactics", "flow",
         "Three of four items in flight have sat for two months or more: the plan does not turn into work."),
    Case("untold Steward cards", untold_steward_cards, "tactics", "told",
         "Three things delivered, none told, the oldest for seven weeks: the client cannot value what it never hears."),
    Case("no written plan", no_written_plan, "strategy", "plan",
         "Two years in and still no written plan with a client goal: everything runs on instinct."),
    Case("past next steps", past_next_steps, "recognize", "next-steps",
         "Every opportunity's next step went by weeks ago: nobody is moving them."),
    Case("no executive touch in months", no_executive_touch_in_months, "lead", "exec-touch",
         "The sponsor is named but has not sat with a decision-maker for eight months."),
    Case("service without ideas", service_without_ideas, "value", "consistency",
         "Busy every week with service, but ideas came twice in three months: a one-off today, not a rhythm."),
    Case("activity, not value", activity_not_value, "value", "relevance",
         "A steady rhythm of ideas, none tied to a need they told us about: activity, not value."),
    Case("late deliveries", late_deliveries, "tactics", "due",
         "Two pieces of work promised for weeks ago are still not done: flawless delivery is the promise."),
    Case("team never briefed", team_never_briefed, "lead", "briefed",
         "The client's COO has the plan but our own team never saw it: we cannot lead a team that does not know the plan."),
    Case("needs gone stale", needs_gone_stale, "recognize", "fresh",
         "The needs on record are five to eight months old and nobody has looked since: we are serving last year's client."),
    Case("sponsorless and two days late", sponsorless_and_two_days_late, "lead", "sponsor",
         "Two days late on value is noise; having no sponsor at all is the gap."),
    Case("sponsor meets the wrong people", sponsor_meets_the_wrong_people, "lead", "exec-touch",
         "Our sponsor keeps meeting the champion; nobody senior of ours has met their CEO or CFO."),
]  # fmt: skip


def test_the_table_holds_at_least_twelve_accounts_and_every_pillar() -> None:
    assert len(CASES) >= 12
    assert {c.weakest for c in CASES} == set(PILLARS)
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_weakest_pillar_and_failing_signal_a_director_would_name(case: Case) -> None:
    scores = case.build().scores()
    aim = failing(scores)
    summary = {p: s.score for p, s in scores.items()}
    assert (aim.pillar, aim.signal) == (case.weakest, case.signal), f"{case.why} {summary}"
    assert aim.evidence  # the failing signal says what it saw


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_failing_signal_is_a_real_shortfall_except_in_the_model_account(case: Case) -> None:
    """Where the director names a problem, the failing signal shows one (well under full
    marks; a card signal loses 12.5 points a card, so three stuck cards are 62.5); the model
    account is strong everywhere, its weakest pillar only the least of good things."""
    scores = case.build().scores()
    signal = scores[case.weakest].failing
    assert signal is not None and signal.points is not None
    if case.name == "model account":
        assert all(s.score is not None and s.score >= 90 for s in scores.values())
    else:
        assert signal.points < 80, (signal, {p: s.score for p, s in scores.items()})


def test_the_brand_new_account_has_no_evidence_where_nothing_applies() -> None:
    scores = brand_new().scores()
    assert scores["tactics"].score is None  # no work, nothing delivered: never the weakest
    assert "no written plan yet (added 4 days ago)" in scores["strategy"].evidence


def test_a_new_clients_missing_plan_and_value_add_fade_in_day_by_day() -> None:
    """No plan yet is half marks for 30 days, then fades to none at 60; no value-add yet is 60
    through the client's own first cadence (three weeks here, not two), then fades over as
    long again. No day moves either pillar by more than a few points."""

    def on_day(age: int) -> dict[str, PillarScore]:
        a = with_team(Account("Fresh Co", age, Cadence(3, "w")))
        return a.person("ops", "champion").touch("ops", min(age, 3), "lead").need("n1", min(age, 2)).scores()

    def series(pillar: str) -> list[int]:
        scores = [on_day(age)[pillar].score for age in range(70)]
        assert all(score is not None for score in scores)
        return [score or 0 for score in scores]

    strategy, value = series("strategy"), series("value")
    assert strategy[0] == strategy[30] == 50 and strategy[45] == 25 and strategy[60] == 0
    assert value[21] == 60 and value[31] == 31 and value[42] == 0
    for days in (strategy, value):
        assert all(abs(b - a) <= 3 for a, b in pairwise(days)), days
    assert {s.name: s.points for s in on_day(10)["value"].signals}["consistency"] is None


def test_opportunities_without_next_steps_add_up_smoothly() -> None:
    """Each opportunity added with no next step moves recognize by well under 25 points, and
    none of several with a next step is none at all."""
    a = opportunities_without_next_steps()
    a.opportunities = []
    before = a.scores()["recognize"].score
    for n in range(1, 6):
        a.opportunity(f"x{n}", "n1", None)
        after = a.scores()["recognize"].score
        assert before is not None and after is not None and abs(after - before) <= 25
        before = after
    steps = {s.name: s.points for s in a.scores()["recognize"].signals}
    assert steps["next-steps"] == 0
