"""Pillar scores: the one place the formula lives, so every screen can say *why* a score is what it is.

The formula, in plain words
---------------------------
Every pillar of every client gets a score from 0 to 100 from **signals** read from the
client's evidence: its people and the touches between them, its account plan and where it
was shared, its opportunities, its board and its deliveries. Each signal is worth 0 to 100 and
says in one evidence line what it saw. A signal with nothing to judge (no work in flight, no
opportunity yet, no plan to review) says so and stays out; a pillar with no signal that
applies has no score (shown as —) and is never the weakest.

A signal judged on cards or opportunities starts at 100 and each item falling short takes up
to 12.5 points off (a card stuck for good, an opportunity with no next step): a stuck card is
a stuck card, however many others flow. The next steps of open opportunities are judged by
the share that hold up instead, at full weight from the first: none of three dated is none. Ages fade linearly
between two limits (`_fade`).

The pillar's score is the average of its signals, each weighted by its base weight
(`WEIGHTS`) times its **confidence**: a signal judged on n items (cards, opportunities,
value-adds) counts for n / (n + 3) of its weight, so its first item weighs a quarter. Tactics,
judged on cards alone, adds up its cards' shortfalls instead (100 less every card's): a card
moving from Deliver to Steward changes it by that card's shortfall alone. No card added or
moved, and no day passing, moves a pillar by more than 25 points (property tests check it
over thousands of drawn accounts).

The signals (method.md, "Pillar scores and the weakest pillar"):

- recognize: *needs*, open needs recorded (3 or more is full marks); *fresh*, the last change
  to them (full within 30 days, none at 90; weighed by the open needs it speaks for); *reach*,
  client stakeholders touched in the last 180 days (one contact only is a weak spot);
  *opportunities*, open opportunities linked to a need; *next-steps*, the share of open
  opportunities whose next step is dated and not past (fading over 30 days past); *renewal*, the renewal date known.
- lead: *sponsor*, our executive sponsor named; *exec-touch*, a touch between our sponsor and
  a client decision-maker or economic buyer (full within 90 days, none at 180); *briefed*, our
  account team shared the plan (likewise; only once a plan is written).
- strategy: *plan*, a written plan with client goals (one goal 70, two 100; none, 50 for a
  client added in the last 30 days, fading to none over the next 30); *reviewed* (full
  within 90 days, none at 180); *shared*, with the client (a decision-maker or economic buyer
  for full marks) and with our account team, each half (same fade); *linked*, Plan cards
  answering a recorded need.
- tactics: *flow*, cards in Plan or Deliver (each fine for 30 days, a full shortfall at 60);
  *due*, Deliver cards with a due date (fine until it, a full shortfall 30 days past it);
  *told*, Steward cards (fine for 14 days, a full shortfall at 44; nothing waiting after
  something was delivered counts as one card told).
- value: *rhythm*, the cadence status (on track full, due soon fading to 80 at the due day,
  overdue fading from 80 to none over a cadence, at least two weeks; a new client 60 during
  its first cadence from the day it was added, then fading likewise); *consistency*, the last
  six cadence windows with a value-add (left out until the first value-add: the rhythm
  signal already says there is none); *relevance*, the last 90 days' value-adds linked to a need.

The weakest pillar is the lowest score, ties going to the earlier pillar; its **failing
signal** is its lowest signal, ties going to the earlier signal: what the coaching aims at.

The portfolio's score of a pillar is the average of its active clients' scores (clients where
the pillar has no score are left out); its failing signal is the one most clients fall short
on in it (ties going to the earlier signal).
Leadership by example includes the manager's own record: the share of weekly commitments
kept over the last 12 weeks weighs a quarter of the portfolio's lead score. The weekly
self-assessment is shown beside the portfolio scores, never blended into them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from .cadence import Rhythm, rhythm
from .dates import format_date
from .facts import ClientFacts, shift
from .models import PILLARS, STUCK_DAYS, TELL_WITHIN_DAYS, Assessment, Client, Commitment

# Scores that land on .5 round half up; float error (85 x 0.7 is 59.4999...) is far below
# ROUNDING_SLACK, which is far below any real difference between two scores.
ROUNDING_SLACK = 1e-9

# Base weights of the signals within each pillar, in the order a tie between signals is broken.
WEIGHTS: dict[str, dict[str, int]] = {
    "recognize": {"needs": 25, "fresh": 15, "reach": 20, "opportunities": 15, "next-steps": 15, "renewal": 10},
    "lead": {"sponsor": 40, "exec-touch": 35, "briefed": 25},
    "strategy": {"plan": 35, "reviewed": 25, "shared": 25, "linked": 15},
    "tactics": {"flow": 40, "due": 25, "told": 35},
    "value": {"rhythm": 40, "consistency": 40, "relevance": 20},
}
SIGNALS: tuple[str, ...] = tuple(name for weights in WEIGHTS.values() for name in weights)
PILLAR_OF: dict[str, str] = {name: pillar for pillar, weights in WEIGHTS.items() for name in weights}
KEPT_WEIGHT = 0.25  # the manager's kept commitments, in the portfolio's lead score
ITEM_PENALTY = 12.5  # what one item falling short takes off a signal judged on items
CONFIDENCE_PRIOR = 3  # a signal judged on n items weighs n / (n + 3) of its weight
# Pillars judged on cards alone add up their cards' shortfalls rather than average signals.
ADDITIVE: frozenset[str] = frozenset({"tactics"})

NEEDS_FOR_FULL_MARKS = 3  # open Understand cards
FRESH_DAYS, STALE_DAYS = 30, 90  # a change to Understand this recent is full marks, this old none
REACH_DAYS = 180  # a client stakeholder touched this recently counts as reached
REACH_POINTS = (0, 35, 70, 100)  # for 0, 1, 2 and 3 or more stakeholders reached
RECENT_DAYS, FORGOTTEN_DAYS = 90, 180  # an executive touch, a review, a share: full, then none
STEP_GRACE_DAYS = 30  # a next step or a due date past by this much counts for nothing
FLOW_GONE_DAYS = STUCK_DAYS * 2  # a card in Plan or Deliver this long counts for nothing
TOLD_GONE_DAYS = TELL_WITHIN_DAYS + 30
NEW_CLIENT_POINTS = 60  # a new client during its first cadence: no value-add yet, not late
PLAN_GRACE_DAYS, NEW_PLAN_POINTS = 30, 50  # a client this new with no written plan yet: not late
DUE_SOON_POINTS = 80
MIN_FADE_DAYS = 14  # an overdue client fades over its cadence, but never faster than this
WEAK = 50  # below this a signal counts as a shortfall (the portfolio's evidence)
KEPT_WEEKS = 12


class Signal(NamedTuple):
    """One piece of evidence behind a pillar score."""

    name: str
    points: float | None  # 0..100, or None when there is nothing to judge (left out)
    evidence: str
    confidence: float = 1.0  # the share of its weight it carries: n / (n + 2) for n items
    shortfall: str | None = None  # how the portfolio names this weakness ("with no sponsor")


class PillarScore(NamedTuple):
    pillar: str
    score: int | None  # None: no signal applies (shown as —, never the weakest)
    evidence: tuple[str, ...]
    signals: tuple[Signal, ...] = ()

    @property
    def failing(self) -> Signal | None:
        """The lowest signal that applies; ties go to the earlier signal."""
        judged = [s for s in self.signals if s.points is not None]
        return min(judged, key=lambda s: s.points or 0.0) if judged else None


class Failing(NamedTuple):
    """What the coaching aims at: the weakest pillar, its failing signal and its evidence."""

    pillar: str
    signal: str | None = None  # None when no signal of the pillar applies, or it is not known
    evidence: str = ""


class KeptRate(NamedTuple):
    """The manager's weekly commitments over the last weeks: how many were kept, of answered."""

    kept: int
    answered: int


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return f"{n} {word[:-1]}ies"  # opportunities, not opportunitys; days stay days
    return f"{n} {word}s"


def _ago(days: int) -> str:
    return "today" if days <= 0 else f"{_plural(days, 'day')} ago"


def _fade(age: int, full: int, none: int) -> float:
    """100 up to `full` days, 0 from `none` days, a straight line between."""
    if age <= full:
        return 100.0
    if age >= none:
        return 0.0
    return 100.0 * (none - age) / (none - full)


def _confidence(items: int) -> float:
    return items / (items + CONFIDENCE_PRIOR)


def _items(name: str, grades: Sequence[float], evidence: str, shortfall: str) -> Signal:
    """A signal judged on items (cards, opportunities), each graded 0..100: every shortfall
    of an item takes up to ITEM_PENALTY points off (a card stuck for good takes 12.5, one
    half-way 6.25), so one item more or less moves the signal by that at most, however few
    items there are; the signal weighs more as items add up."""
    if not grades:
        return Signal(name, None, evidence)
    points = max(0.0, 100 - ITEM_PENALTY * sum(1 - g / 100 for g in grades))
    return Signal(name, points, evidence, _confidence(len(grades)), shortfall if points < WEAK else None)


def _share(name: str, grades: Sequence[float], evidence: str, shortfall: str) -> Signal:
    """A signal judged on items where what counts is the share that hold up: open
    opportunities, each of which must have its next step dated ahead. None of three is none
    at all (with a penalty per item, three undated next steps would still score 62.5), and it
    carries its full weight from the first opportunity: one opportunity with no next step is
    already a pipeline that nobody moves."""
    if not grades:
        return Signal(name, None, evidence)
    points = sum(grades) / len(grades)
    return Signal(name, points, evidence, 1.0, shortfall if points < WEAK else None)


def _since(name: str, day: date | None, today: date, what: str, never: str, shortfall: str) -> Signal:
    """A signal graded on how long ago something last happened."""
    if day is None:
        return Signal(name, 0.0, never, 1.0, shortfall)
    age = max(0, (today - day).days)
    points = _fade(age, RECENT_DAYS, FORGOTTEN_DAYS)
    return Signal(name, points, f"{what} {_ago(age)}", 1.0, shortfall if points < WEAK else None)


def stuck_cards(facts: ClientFacts, today: date) -> int:
    """Open cards that have sat in Plan or Deliver for over STUCK_DAYS days."""
    return sum(1 for c in facts.cards if c.column in ("plan", "deliver") and (today - c.since).days > STUCK_DAYS)


def overdue_steward(facts: ClientFacts, today: date) -> int:
    """Open Steward cards whose client has waited over TELL_WITHIN_DAYS days to be told
    (counted from the delivery's day for a card logged as a delivery: `CardFact.since`)."""
    return sum(1 for c in facts.cards if c.column == "steward" and (today - c.since).days > TELL_WITHIN_DAYS)


def _recognize(client: Client, facts: ClientFacts, today: date) -> list[Signal]:
    needs = facts.count("understand")
    if needs:
        needs_signal = Signal("needs", 100 * min(needs, NEEDS_FOR_FULL_MARKS) / NEEDS_FOR_FULL_MARKS,
                              f"{_plural(needs, 'open need')} recorded")  # fmt: skip
    else:
        needs_signal = Signal("needs", 0.0, "no open needs recorded", 1.0, "with no open needs recorded")

    changed = facts.last_understand_change
    if not needs or changed is None:
        fresh = Signal("fresh", None, "no open need to keep fresh")
    else:
        # Weighed by the needs it speaks for, like any signal judged on items.
        age = max(0, (today - changed).days)
        points = _fade(age, FRESH_DAYS, STALE_DAYS)
        fresh = Signal("fresh", points, f"needs last updated {_ago(age)}", _confidence(needs),
                       f"with needs not updated for over {FRESH_DAYS} days" if points < WEAK else None)  # fmt: skip

    reached = sum(1 for day in facts.contacts if (today - day).days <= REACH_DAYS)
    if not facts.people.client and not facts.contacts:
        reach = Signal("reach", 0.0, "no client stakeholder recorded", 1.0, "with no client stakeholder recorded")
    else:
        points = REACH_POINTS[min(reached, len(REACH_POINTS) - 1)]
        evidence = f"{_plural(reached, 'client stakeholder')} touched in the last {REACH_DAYS} days"
        reach = Signal("reach", points, evidence, 1.0, "with one contact or none touched lately" if points < WEAK else None)

    opps = facts.opportunities
    linked = sum(1 for o in opps if o.linked)
    opportunities = _items(
        "opportunities",
        [100.0 if o.linked else 0.0 for o in opps],
        f"{linked} of {_plural(len(opps), 'open opportunity')} linked to a need" if opps else "no open opportunity yet",
        "with opportunities not linked to a need",
    )
    dated = sum(1 for o in opps if o.next_date is not None and o.next_date >= today)
    steps = _share(
        "next-steps",
        [0.0 if o.next_date is None else _fade((today - o.next_date).days, 0, STEP_GRACE_DAYS) for o in opps],
        f"{dated} of {_plural(len(opps), 'open opportunity')} with a next step dated ahead"
        if opps
        else "no open opportunity yet",
        "with opportunities' next steps undated or past",
    )
    if client.renewal is not None:
        renewal = Signal("renewal", 100.0, f"renewal on {format_date(client.renewal, today, relative=False)}")
    else:
        renewal = Signal("renewal", 0.0, "renewal date unknown", 1.0, "with the renewal date unknown")
    return [needs_signal, fresh, reach, opportunities, steps, renewal]


def _lead(client: Client, facts: ClientFacts, today: date) -> list[Signal]:
    if facts.people.sponsor:
        sponsor = Signal("sponsor", 100.0, "our executive sponsor is named")
    else:
        sponsor = Signal("sponsor", 0.0, "no executive sponsor named", 1.0, "with no executive sponsor")
    never = "no executive touch yet" if facts.people.sponsor else "no executive touch: no sponsor named"
    touch = _since("exec-touch", facts.exec_touch, today, "executive touch", never, "with no executive touch lately")
    plan = facts.plan
    if plan is None or not plan.goals:
        briefed = Signal("briefed", None, "no written plan to brief the team on")
    else:
        briefed = _since("briefed", plan.shared_team, today, "account team briefed on the plan",
                         "account team never briefed on the plan", "with the team not briefed on the plan")  # fmt: skip
    return [sponsor, touch, briefed]


def _strategy(client: Client, facts: ClientFacts, today: date) -> list[Signal]:
    plan = facts.plan
    goals = plan.goals if plan is not None else 0
    plan_points = 0.0 if not goals else 70.0 if goals == 1 else 100.0
    if goals:
        written = Signal("plan", plan_points, f"a written plan with {_plural(goals, 'client goal')}", 1.0,
                         None if plan_points >= WEAK else "with no written plan")  # fmt: skip
    else:
        # A client added lately is not yet late with its plan: half marks for its first
        # PLAN_GRACE_DAYS (understand first, then write it), fading to none over as long again.
        age = max(0, (today - client.added).days)
        points = NEW_PLAN_POINTS * _fade(age, PLAN_GRACE_DAYS, 2 * PLAN_GRACE_DAYS) / 100
        evidence = f"no written plan yet (added {_ago(age)})" if age <= PLAN_GRACE_DAYS else "no written plan with a client goal"
        written = Signal("plan", points, evidence, 1.0, "with no written plan" if points < WEAK else None)
    signals = [written]
    if plan is None or not goals:
        signals += [Signal("reviewed", None, "no plan to review"), Signal("shared", None, "no plan to share")]
    else:
        signals.append(_since("reviewed", plan.reviewed, today, "plan reviewed", "plan never reviewed",
                              "with the plan not reviewed lately"))  # fmt: skip
        signals.append(_shared(plan.shared_senior, plan.shared_client, plan.shared_team, today))
    plan_cards = [c for c in facts.cards if c.column == "plan"]
    linked = sum(1 for c in plan_cards if c.linked)
    signals.append(
        _items(
            "linked",
            [100.0 if c.linked else 0.0 for c in plan_cards],
            f"{linked} of {_plural(len(plan_cards), 'plan item')} linked to a recorded need" if plan_cards else "no plan items",
            "with plan items not linked to needs",
        )
    )
    return signals


def _shared(senior: date | None, client: date | None, team: date | None, today: date) -> Signal:
    """Half for the client's side (a decision-maker or economic buyer for full marks), half for
    our account team, each fading with age."""

    def side(day: date | None) -> float:
        return 0.0 if day is None else _fade(max(0, (today - day).days), RECENT_DAYS, FORGOTTEN_DAYS)

    client_points = max(side(senior), 0.6 * side(client))
    points = (client_points + side(team)) / 2
    heard = ["a decision-maker" if senior else "the client" if client else "", "our team" if team else ""]
    who = " and ".join(h for h in heard if h)
    evidence = f"plan shared with {who}" if who else "plan never shared"
    return Signal("shared", points, evidence, 1.0, "with the plan not shared lately" if points < WEAK else None)


def _tactics(client: Client, facts: ClientFacts, today: date) -> list[Signal]:
    in_flight = [c for c in facts.cards if c.column in ("plan", "deliver")]
    stuck = stuck_cards(facts, today)
    flow = _items(
        "flow",
        [_fade((today - c.since).days, STUCK_DAYS, FLOW_GONE_DAYS) for c in in_flight],
        (
            f"{stuck} of {_plural(len(in_flight), 'card')} in Plan or Deliver stuck for over {STUCK_DAYS} days"
            if in_flight
            else "no work in Plan or Deliver"
        ),  # fmt: skip
        f"with cards stuck for over {STUCK_DAYS} days",
    )
    dated = [c for c in facts.cards if c.column == "deliver" and c.due is not None]
    late = sum(1 for c in dated if c.due is not None and c.due < today)
    due = _items(
        "due",
        [_fade((today - c.due).days, 0, STEP_GRACE_DAYS) for c in dated if c.due is not None],
        f"{late} of {_plural(len(dated), 'dated Deliver card')} past due" if dated else "no Deliver card with a due date",
        "with work past its due date",
    )
    waiting = [c for c in facts.cards if c.column == "steward"]
    late_told = overdue_steward(facts, today)
    if waiting:
        told = _items(
            "told",
            [_fade((today - c.since).days, TELL_WITHIN_DAYS, TOLD_GONE_DAYS) for c in waiting],
            (
                f"{_plural(late_told, 'Steward card')} untold for over {TELL_WITHIN_DAYS} days"
                if late_told
                else f"{_plural(len(waiting), 'Steward card')} waiting, none for over {TELL_WITHIN_DAYS} days"
            ),  # fmt: skip
            f"with Steward cards untold for over {TELL_WITHIN_DAYS} days",
        )
    elif facts.deliveries or in_flight:
        # Nothing waits to be told: as good as one card told (and work in flight keeps the
        # signal in, so a card reaching Steward does not bring in a whole new signal).
        told = Signal("told", 100.0, "nothing waiting to be told", _confidence(1))
    else:
        told = Signal("told", None, "nothing delivered yet")
    return [flow, due, told]


def _value(client: Client, measured: Rhythm, today: date) -> list[Signal]:
    state = measured.cadence
    every = f"cadence {client.cadence.describe()}"
    span = max(MIN_FADE_DAYS, (state.next_due - state.last).days if state.next_due and state.last else MIN_FADE_DAYS)
    if state.status == "new":
        # The first cadence runs from the day the client was added (a 3-week client has three
        # weeks, not two, before its first value-add is late), then fades over as long again.
        age = max(0, (today - client.added).days)
        first_due = max(MIN_FADE_DAYS, (shift(client.added, client.cadence) - client.added).days)
        points = NEW_CLIENT_POINTS * _fade(age, first_due, 2 * first_due) / 100
        rhythm_signal = Signal("rhythm", points, f"no value-add yet (added {_ago(age)})", 1.0, "with no value-add yet")
    elif state.status == "overdue":
        points = DUE_SOON_POINTS * _fade(state.days_over, 0, span) / 100
        rhythm_signal = Signal("rhythm", points, f"overdue by {_plural(state.days_over, 'day')} ({every})", 1.0, "overdue")
    elif state.status == "due soon":
        # From full marks at 80 % of the cadence to DUE_SOON_POINTS on the due day.
        points = 100 - (100 - DUE_SOON_POINTS) * min(1.0, max(0.0, (state.elapsed - 0.8) / 0.2))
        rhythm_signal = Signal("rhythm", points, f"due soon: last value-add {_ago(state.days_since or 0)} ({every})")
    else:
        rhythm_signal = Signal("rhythm", 100.0, f"on track: last value-add {_ago(state.days_since or 0)} ({every})")

    cons, rel = measured.consistency, measured.relevance
    one_off = " (a one-off)" if cons.is_one_off else ""
    if state.status == "new":
        # No value-add yet: the rhythm signal says so, and an empty first window that is still
        # open is no evidence of an unsteady rhythm.
        steady = Signal("consistency", None, "no value-add yet: no rhythm to judge")
    elif cons.windows:
        points = 100 * cons.hits / cons.windows
        steady = Signal("consistency", points, cons.evidence + one_off, _confidence(cons.windows),
                        "with value-adds in under half of recent windows" if points < WEAK else None)  # fmt: skip
    else:
        steady = Signal("consistency", None, cons.evidence)
    if rel.total:
        points = 100 * rel.linked / rel.total
        relevant = Signal("relevance", points, rel.evidence, _confidence(rel.total),
                          "with most value-adds not linked to a need" if points < WEAK else None)  # fmt: skip
    else:
        relevant = Signal("relevance", None, rel.evidence)
    return [rhythm_signal, steady, relevant]


def _round(x: float) -> int:
    """Half up (Python's round() goes to even), clamped to 0..100."""
    return min(100, max(0, math.floor(x + 0.5 + ROUNDING_SLACK)))


def _combine(pillar: str, signals: list[Signal]) -> PillarScore:
    judged = [s for s in signals if s.points is not None]
    if not judged:
        score = None
    elif pillar in ADDITIVE:
        # Every card's shortfall counts once, whichever signal judged it: a card moving from
        # one signal to another (Deliver to Steward) changes the pillar by its own shortfall.
        score = _round(100 - sum(100 - (s.points or 0.0) for s in judged))
    else:
        weights = WEIGHTS[pillar]
        total = sum(weights[s.name] * s.confidence for s in judged)
        score = _round(sum(weights[s.name] * s.confidence * (s.points or 0.0) for s in judged) / total)
    return PillarScore(pillar, score, tuple(s.evidence for s in signals), tuple(signals))


def client_scores(client: Client, facts: ClientFacts, today: date, measured: Rhythm | None = None) -> dict[str, PillarScore]:
    """The five pillar scores of one client, in PILLARS order, each with its signals.
    `measured` is the client's rhythm on `today`, if the caller already has it."""
    measured = measured or rhythm(client, facts, today)
    return {
        "recognize": _combine("recognize", _recognize(client, facts, today)),
        "lead": _combine("lead", _lead(client, facts, today)),
        "strategy": _combine("strategy", _strategy(client, facts, today)),
        "tactics": _combine("tactics", _tactics(client, facts, today)),
        "value": _combine("value", _value(client, measured, today)),
    }


def lowest_pillar(values: Mapping[str, float | None]) -> str | None:
    """The pillar with the lowest value (a score, a self-assessment answer); ties go to the
    earlier pillar in PILLARS order; a pillar with no value is never the lowest. None when
    no pillar has a value."""
    ranked = [p for p in PILLARS if values.get(p) is not None]
    return min(ranked, key=lambda p: values[p] or 0.0) if ranked else None


def weakest_pillar(scores: Mapping[str, PillarScore]) -> str:
    """The pillar with the lowest score; ties go to the earlier pillar in PILLARS order. The
    value pillar always has a score (its rhythm always applies), so there always is one."""
    weakest = lowest_pillar({p: s.score for p, s in scores.items()})
    if weakest is None:
        raise ValueError("weakest_pillar needs at least one pillar with a score")
    return weakest


def failing(scores: Mapping[str, PillarScore]) -> Failing:
    """The weakest pillar and its failing signal: what the coaching aims at."""
    pillar = weakest_pillar(scores)
    signal = scores[pillar].failing
    if signal is None:
        return Failing(pillar, None, "")
    return Failing(pillar, signal.name, signal.evidence)


def kept_rate(commitments: Iterable[Commitment], today: date) -> KeptRate | None:
    """The commitments of the last KEPT_WEEKS weeks whose "kept?" was answered; None if none."""
    answered = [c.kept for c in commitments if c.kept is not None and 0 <= (today - c.week).days < 7 * KEPT_WEEKS]
    return KeptRate(sum(1 for k in answered if k), len(answered)) if answered else None


class PillarTally(NamedTuple):
    """What the portfolio's score of one pillar needs of a group of active clients: the sum
    of their scores, how many have one, and how many show each shortfall (a signal's name
    and phrase). Tallies of two groups add up to the tally of both (`add_tallies`)."""

    total: int
    scored: int
    shortfalls: dict[tuple[str, str], int]


Tallies = dict[str, PillarTally]  # by pillar, every pillar


def tally(per_client: Iterable[Mapping[str, PillarScore]]) -> Tallies:
    """The tallies of a group of active clients, from each client's scores."""
    found = {p: PillarTally(0, 0, {}) for p in PILLARS}
    for scores in per_client:
        for pillar, s in scores.items():
            if s.score is None:
                continue
            before = found[pillar]
            shortfalls = before.shortfalls
            # Every shortfall a client shows, not only its lowest signal: "3 of 11 clients
            # overdue" when four are would read wrong beside the dashboard's own count.
            for g in s.signals:
                if g.points is not None and g.shortfall:
                    key = (g.name, g.shortfall)
                    shortfalls[key] = shortfalls.get(key, 0) + 1
            found[pillar] = PillarTally(before.total + s.score, before.scored + 1, shortfalls)
    return found


def add_tallies(groups: Iterable[Tallies]) -> Tallies:
    """The tallies of the groups taken together."""
    found = {p: PillarTally(0, 0, {}) for p in PILLARS}
    for group in groups:
        for pillar, t in group.items():
            before = found[pillar]
            shortfalls = before.shortfalls
            for key, n in t.shortfalls.items():
                shortfalls[key] = shortfalls.get(key, 0) + n
            found[pillar] = PillarTally(before.total + t.total, before.scored + t.scored, shortfalls)
    return found


def portfolio_scores(per_client: Sequence[Mapping[str, PillarScore]], kept: KeptRate | None = None) -> dict[str, PillarScore]:
    """Each pillar averaged over the active clients where it has a score, with the signal
    most clients fail as evidence (and, in lead, the manager's kept commitments)."""
    return portfolio_of(tally(per_client), len(per_client), kept)


def portfolio_of(tallies: Tallies, clients: int, kept: KeptRate | None = None) -> dict[str, PillarScore]:
    """`portfolio_scores` from the tallies of the `clients` active clients."""
    result: dict[str, PillarScore] = {}
    for pillar in PILLARS:
        t = tallies[pillar]
        if not t.scored and not (pillar == "lead" and kept):
            note = "no active clients" if not clients else "no evidence yet"
            result[pillar] = PillarScore(pillar, None, (note,))
            continue
        evidence: list[str] = []
        average = t.total / t.scored if t.scored else None
        if t.scored:
            evidence.append(f"average of {_plural(t.scored, 'active client')}")
        order = list(WEIGHTS[pillar])
        signals: list[Signal] = []
        if t.shortfalls:
            (name, phrase), count = min(t.shortfalls.items(), key=lambda kv: (-kv[1], order.index(kv[0][0]), kv[0]))
            evidence.append(f"{count} of {_plural(t.scored, 'client')} {phrase}")
            signals.append(Signal(name, 100 * (1 - count / t.scored), evidence[-1]))
        if pillar == "lead" and kept is not None:
            points = 100 * kept.kept / kept.answered
            line = f"you kept {kept.kept} of {_plural(kept.answered, 'commitment')} in the last {KEPT_WEEKS} weeks"
            evidence.append(line)
            signals.append(Signal("kept", points, line))
            average = points if average is None else (1 - KEPT_WEIGHT) * average + KEPT_WEIGHT * points
        assert average is not None
        result[pillar] = PillarScore(pillar, _round(average), tuple(evidence), tuple(signals))
    return result


def current_self_assessment(assessments: Iterable[Assessment], today: date) -> Assessment | None:
    """The self-assessment shown beside the portfolio scores on `today`: for each pillar its
    latest answer from the last 12 weeks. Each answer keeps the week it was given in."""
    recent = sorted((a for a in assessments if a.week <= today and (today - a.week).days < 7 * KEPT_WEEKS), key=lambda a: a.week)
    if not recent:
        return None
    scores: dict[str, int] = {}
    answered: dict[str, date] = {}
    for assessment in recent:  # oldest first: later answers replace earlier ones
        for pillar, score in assessment.scores.items():
            scores[pillar] = score
            answered[pillar] = assessment.week
    latest = recent[-1]
    return Assessment(latest.week, scores, latest.at, answered)


__all__ = [
    "WEIGHTS",
    "SIGNALS",
    "PILLAR_OF",
    "Signal",
    "PillarScore",
    "Failing",
    "KeptRate",
    "client_scores",
    "lowest_pillar",
    "weakest_pillar",
    "failing",
    "kept_rate",
    "PillarTally",
    "Tallies",
    "tally",
    "add_tallies",
    "portfolio_of",
    "portfolio_scores",
    "current_self_assessment",
    "stuck_cards",
    "overdue_steward",
]
