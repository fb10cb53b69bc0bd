"""Pillar scores: the one place the formula lives, so every screen can say *why* a score is what it is.

The formula, in plain words
---------------------------
Every pillar of every client gets a score from 0 to 100, made of two parts.

The **data part** is a weighted average of a few signals read from the client's board and
deliveries, each worth 0 to 100 (weights in `SIGNAL_WEIGHTS`):

- recognize: *needs*, open Understand cards (3 or more earn full marks, fewer earn a share);
  *fresh*, the last change to Understand (full marks within 30 days, fading to none at 90).
- lead: *sponsor*, 100 when an executive sponsor is recorded for the client, else 0.
- strategy: *plan*, 100 when there is at least one open Plan card; *linked*, the share of open
  Plan cards that answer a recorded need; *shared*, 100 when the plan was shared.
- tactics: *flow*, the share of open Plan and Deliver cards not stuck there for over 30 days;
  *told*, the share of open Steward cards waiting 14 days or less to be told (100 when nothing
  waits and something was delivered).
- value: *rhythm*, from the cadence status (on track 100, due soon 80, overdue 20, new 0);
  *consistency*, the share of the last 6 cadence windows that had a value-add; *relevance*,
  the share of the last 90 days' value-adds that answer a recorded need.

A signal that cannot apply (no Plan cards to link, no work in flight to be stuck, no value-add
to be relevant) is left out and the other signals of the pillar share its weight. When no
signal applies (tactics for a client with no work and no delivery), the data part is 0.

The **self part** is the latest weekly self-assessment of the pillar, 1 to 5 mapped to
0, 25, 50, 75, 100. The score is `(data × (100 − w) + self × w) / 100`, where `w` is the
pillar's `SELF_WEIGHT` in percent: 30, and 50 for leadership, which leans most on the
self-assessment since the data only knows whether there is a sponsor. With no
self-assessment for the pillar, the score is the data part alone.

The result is rounded half up and clamped to 0..100. Each signal and the self-assessment
contribute one evidence line, so a score always carries its explanation.

The weakest pillar is the lowest score, ties going to the earlier pillar. The portfolio score
of a pillar is the average over active clients, with the most common shortfall as evidence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from .cadence import Rhythm, rhythm
from .dates import format_date
from .facts import ClientFacts
from .models import PILLARS, STUCK_DAYS, TELL_WITHIN_DAYS, Assessment, Client

# Weights are whole percentages. Scores that land on .5 round half up; float error (85 x 0.7
# is 59.4999...) is far below ROUNDING_SLACK, which is far below any real difference between
# two scores, so the result is the same as exact arithmetic without its cost (the dashboard
# scores hundreds of clients at start-up).
ROUNDING_SLACK = 1e-9

# Weight of the self-assessment against the data, per pillar, in percent.
SELF_WEIGHT: dict[str, int] = {"recognize": 30, "lead": 50, "strategy": 30, "tactics": 30, "value": 30}

# Weights of the data signals within each pillar, in percent (each pillar's sum to 100).
SIGNAL_WEIGHTS: dict[str, dict[str, int]] = {
    "recognize": {"needs": 60, "fresh": 40},
    "lead": {"sponsor": 100},
    "strategy": {"plan": 30, "linked": 30, "shared": 40},
    "tactics": {"flow": 60, "told": 40},
    "value": {"rhythm": 40, "consistency": 40, "relevance": 20},
}

NEEDS_FOR_FULL_MARKS = 3  # open Understand cards
FRESH_DAYS = 30  # an Understand change this recent earns full marks...
STALE_DAYS = 90  # ...fading to none at this age
RHYTHM_POINTS: dict[str, int] = {"on track": 100, "due soon": 80, "overdue": 20, "new": 0}
# Below these points, a share signal (linked, consistency, relevance) counts as a shortfall.
WEAK_SHARE = 50

SELF_SCALE = 5  # self-assessment answers run from 1 to 5
SELF_ASSESSMENT_WEEKS = 12  # answers older than this no longer count


class PillarScore(NamedTuple):
    """A pillar's score with its evidence (a named tuple: the dashboard makes five per client)."""

    pillar: str
    score: int  # 0..100
    evidence: tuple[str, ...]  # why: one human-readable line per signal, never empty
    # (signal position, phrase) for each signal that falls short, for the portfolio's evidence.
    shortfalls: tuple[tuple[int, str], ...] = ()


class _Signal(NamedTuple):
    """One input to a pillar's data part (a named tuple: the dashboard makes thousands)."""

    name: str  # key into SIGNAL_WEIGHTS
    points: float | None  # 0..100, or None when the signal cannot apply (left out)
    evidence: str
    shortfall: str | None = None  # how the portfolio names this weakness ("overdue"), if it is one


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    return f"{_plural(days, 'day')} ago"


def stuck_cards(facts: ClientFacts, today: date) -> int:
    """Open cards that have sat in Plan or Deliver for over STUCK_DAYS days."""
    if not facts.count("plan") and not facts.count("deliver"):
        return 0
    return sum(1 for c in facts.cards if c.column in ("plan", "deliver") and (today - c.entered).days > STUCK_DAYS)


def overdue_steward(facts: ClientFacts, today: date) -> int:
    """Open Steward cards whose client has waited over TELL_WITHIN_DAYS days to be told."""
    if not facts.untold:
        return 0
    return sum(1 for c in facts.cards if c.column == "steward" and (today - c.entered).days > TELL_WITHIN_DAYS)


def _share(part: int, whole: int) -> float:
    """`part` of `whole` as points out of 100."""
    return 100 * part / whole


def _recognize(client: Client, facts: ClientFacts, today: date) -> list[_Signal]:
    needs = facts.count("understand")
    if needs:
        needs_signal = _Signal(
            "needs",
            _share(min(needs, NEEDS_FOR_FULL_MARKS), NEEDS_FOR_FULL_MARKS),
            f"{_plural(needs, 'open need')} recorded in Understand",
        )
    else:
        needs_signal = _Signal("needs", 0, "no open needs recorded in Understand", "with no open needs recorded")

    changed = facts.last_understand_change
    stale = f"with Understand unchanged for over {FRESH_DAYS} days"
    if changed is None:
        fresh = _Signal("fresh", 0, "no change to Understand recorded", stale)
    else:
        age = max(0, (today - changed).days)
        fading = STALE_DAYS - FRESH_DAYS
        points = _share(min(fading, max(0, STALE_DAYS - age)), fading)
        fresh = _Signal("fresh", points, f"Understand last changed {_ago(age)}", stale if age > FRESH_DAYS else None)
    return [needs_signal, fresh]


def _lead(client: Client, facts: ClientFacts, today: date) -> list[_Signal]:
    if client.sponsor.strip():
        return [_Signal("sponsor", 100, "executive sponsor recorded")]
    return [_Signal("sponsor", 0, "no executive sponsor recorded", "with no executive sponsor")]


def _strategy(client: Client, facts: ClientFacts, today: date) -> list[_Signal]:
    plan = [c for c in facts.cards if c.column == "plan"] if facts.count("plan") else []
    signals: list[_Signal] = []
    if plan:
        linked = sum(1 for c in plan if c.linked)
        share = _share(linked, len(plan))
        signals.append(_Signal("plan", 100, f"{_plural(len(plan), 'plan item')} in Plan"))
        signals.append(
            _Signal(
                "linked",
                share,
                f"{linked} of {_plural(len(plan), 'plan item')} linked to a recorded need",
                "with plan items not linked to needs" if share < WEAK_SHARE else None,
            )
        )
    else:
        signals.append(_Signal("plan", 0, "no plan items in Plan", "with no plan items"))
    if client.plan_shared:
        signals.append(_Signal("shared", 100, "plan shared with the team and the client"))
    else:
        signals.append(_Signal("shared", 0, "plan not shared yet", "with the plan not shared"))
    return signals


def _tactics(client: Client, facts: ClientFacts, today: date) -> list[_Signal]:
    in_flight = facts.count("plan") + facts.count("deliver")
    stuck = stuck_cards(facts, today)
    if not in_flight:
        flow = _Signal("flow", None, "no work in Plan or Deliver")
    elif stuck:
        flow = _Signal(
            "flow",
            _share(in_flight - stuck, in_flight),
            f"{stuck} of {_plural(in_flight, 'card')} in Plan or Deliver stuck for over {STUCK_DAYS} days",
            f"with cards stuck for over {STUCK_DAYS} days",
        )
    else:
        flow = _Signal("flow", 100, f"no card stuck in Plan or Deliver for over {STUCK_DAYS} days")

    waiting = facts.untold
    late = overdue_steward(facts, today)
    if waiting:
        told = _Signal(
            "told",
            _share(waiting - late, waiting),
            f"{_plural(late, 'Steward card')} untold for over {TELL_WITHIN_DAYS} days"
            if late
            else f"{_plural(waiting, 'Steward card')} waiting, none for over {TELL_WITHIN_DAYS} days",
            f"with Steward cards untold for over {TELL_WITHIN_DAYS} days" if late else None,
        )
    elif facts.deliveries:
        told = _Signal("told", 100, "no delivered work waiting to be told")
    else:
        told = _Signal("told", None, "nothing delivered yet")
    return [flow, told]


def _value(client: Client, measured: Rhythm) -> list[_Signal]:
    state = measured.cadence
    every = f"cadence {client.cadence.describe()}"
    if state.status == "new":
        rhythm = _Signal("rhythm", RHYTHM_POINTS["new"], "no value-add yet", "with no value-add yet")
    elif state.status == "overdue":
        rhythm = _Signal("rhythm", RHYTHM_POINTS["overdue"], f"overdue by {_plural(state.days_over, 'day')} ({every})", "overdue")
    else:
        rhythm = _Signal(
            "rhythm", RHYTHM_POINTS[state.status], f"{state.status}: last value-add {_ago(state.days_since or 0)} ({every})"
        )

    cons, rel = measured.consistency, measured.relevance
    one_off = " (a one-off)" if cons.is_one_off else ""
    steady = _ratio(
        "consistency", cons.hits, cons.windows, cons.evidence + one_off, "with value-adds in under half of recent windows"
    )
    relevant = _ratio("relevance", rel.linked, rel.total, rel.evidence, "with most value-adds not linked to a need")
    return [rhythm, steady, relevant]


def _ratio(name: str, part: int, whole: int, evidence: str, shortfall: str) -> _Signal:
    """A signal worth the share `part` of `whole` (out when there is no whole to judge), short
    of the mark under WEAK_SHARE."""
    if not whole:
        return _Signal(name, None, evidence)
    points = _share(part, whole)
    return _Signal(name, points, evidence, shortfall if points < WEAK_SHARE else None)


_SIGNALS = {"recognize": _recognize, "lead": _lead, "strategy": _strategy, "tactics": _tactics}


def _self_part(pillar: str, assessment: Assessment | None, today: date) -> tuple[float | None, str]:
    """The self-assessment as 0..100 (None when not answered) and its evidence line."""
    if assessment is None:
        return None, "no self-assessment yet"
    answer = assessment.scores.get(pillar)
    if answer is None:
        week = format_date(assessment.week, today, relative=False)
        return None, f"not self-assessed in the week of {week}"
    week = format_date(assessment.answered.get(pillar, assessment.week), today, relative=False)
    answer = min(SELF_SCALE, max(1, int(answer)))
    line = f"self-assessment {answer} of {SELF_SCALE} (week of {week})"
    return _share(answer - 1, SELF_SCALE - 1), line


def _round(x: float) -> int:
    """Half up (Python's round() goes to even), clamped to 0..100."""
    return min(100, max(0, math.floor(x + 0.5 + ROUNDING_SLACK)))


# Each signal's position within its pillar, for the portfolio's tie-break between shortfalls.
_SIGNAL_POSITION: dict[str, dict[str, int]] = {
    pillar: {name: position for position, name in enumerate(weights)} for pillar, weights in SIGNAL_WEIGHTS.items()
}


def _combine(pillar: str, signals: list[_Signal], own_part: tuple[float | None, str]) -> PillarScore:
    # One pass over the signals: the dashboard combines five pillars for every client.
    weights = SIGNAL_WEIGHTS[pillar]
    position = _SIGNAL_POSITION[pillar]
    total = 0
    weighted = 0.0
    evidence: list[str] = []
    shortfalls: list[tuple[int, str]] = []
    for name, points, line, shortfall in signals:
        if points is not None:
            weight = weights[name]
            total += weight
            weighted += weight * points
        evidence.append(line)
        if shortfall:
            shortfalls.append((position[name], shortfall))
    data = weighted / total if total else 0.0
    own, own_line = own_part
    evidence.append(own_line)
    w = SELF_WEIGHT[pillar]
    score = data if own is None else (data * (100 - w) + own * w) / 100
    return PillarScore(pillar, _round(score), tuple(evidence), tuple(shortfalls))


def client_scores(
    client: Client, facts: ClientFacts, today: date, assessment: Assessment | None, measured: Rhythm | None = None
) -> dict[str, PillarScore]:
    """The five pillar scores of one client, in PILLARS order, each with its evidence.
    `measured` is the client's rhythm on `today`, if the caller already has it."""
    measured = measured or rhythm(client, facts, today)
    return {
        pillar: _combine(
            pillar,
            _value(client, measured) if pillar == "value" else _SIGNALS[pillar](client, facts, today),
            _self_part(pillar, assessment, today),
        )
        for pillar in PILLARS
    }


def current_self_assessment(assessments: Iterable[Assessment], today: date) -> Assessment | None:
    """The self-assessment the scores use on `today`: for each pillar its latest answer from
    the last SELF_ASSESSMENT_WEEKS weeks, so answering one pillar this week does not drop
    last week's answers for the other four. Each answer keeps the week it was given in."""
    recent = sorted(
        (a for a in assessments if a.week <= today and (today - a.week).days < 7 * SELF_ASSESSMENT_WEEKS), key=lambda a: a.week
    )
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


def lowest_pillar(values: Mapping[str, float]) -> str | None:
    """The pillar with the lowest value (a score, a self-assessment answer); ties go to the
    earlier pillar in PILLARS order. None when no pillar has a value."""
    ranked = [p for p in PILLARS if p in values]
    return min(ranked, key=lambda p: values[p]) if ranked else None  # min keeps the first of equals


def weakest_pillar(scores: dict[str, PillarScore]) -> str:
    """The pillar with the lowest score; ties go to the earlier pillar in PILLARS order."""
    weakest = lowest_pillar({p: s.score for p, s in scores.items()})
    if weakest is None:
        raise ValueError("weakest_pillar needs at least one pillar score")
    return weakest


def portfolio_scores(
    items: Iterable[tuple[Client, ClientFacts]], today: date, assessment: Assessment | None
) -> dict[str, PillarScore]:
    """Each pillar averaged over active (not archived) clients, with the most common shortfall."""
    per_client = [client_scores(c, f, today, assessment) for c, f in items if not c.archived]
    return average_scores(per_client, today, assessment)


def average_scores(
    per_client: Sequence[dict[str, PillarScore]], today: date, assessment: Assessment | None
) -> dict[str, PillarScore]:
    """The portfolio scores from the active clients' scores (computed once, by the caller)."""
    active = len(per_client)
    result: dict[str, PillarScore] = {}
    for pillar in PILLARS:
        own, own_line = _self_part(pillar, assessment, today)
        if not active:
            score = _round(own) if own is not None else 0
            result[pillar] = PillarScore(pillar, score, ("no active clients", own_line))
            continue
        # (signal position, shortfall phrase) -> how many clients fall short that way.
        shortfalls: Counter[tuple[int, str]] = Counter()
        total = 0
        for scores in per_client:
            total += scores[pillar].score
            shortfalls.update(scores[pillar].shortfalls)
        evidence = [f"average of {_plural(active, 'active client')}"]
        if shortfalls:
            # The most common shortfall; ties go to the earlier signal, whatever the client order.
            (_, phrase), count = min(shortfalls.items(), key=lambda kv: (-kv[1], kv[0]))
            evidence.append(f"{count} of {_plural(active, 'client')} {phrase}")
        evidence.append(own_line)
        result[pillar] = PillarScore(pillar, _round(total / active), tuple(evidence))
    return result


__all__ = [
    "SELF_WEIGHT",
    "SIGNAL_WEIGHTS",
    "RHYTHM_POINTS",
    "PillarScore",
    "client_scores",
    "lowest_pillar",
    "weakest_pillar",
    "portfolio_scores",
    "average_scores",
    "current_self_assessment",
    "stuck_cards",
    "overdue_steward",
]
