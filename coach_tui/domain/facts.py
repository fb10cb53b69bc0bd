"""ClientFacts: everything the scores need about one client, in a few hundred bytes.

The dashboard, `coach status` and the weekly prompt read these from the store's index instead
of every client's full history, and the board builds the same facts from the full history, so
there is one code path for cadence, consistency, relevance and pillar scores.

Facts depend on the history alone, never on the day they are built: a write made under a
wrong clock (a laptop's clock months ahead) cannot drop a value-add from them. They keep every
value-add from the horizon of the latest one (`horizon_start(cadence, last value-add)`) on,
which covers the longest look-back any rule makes (six cadence windows or 90 days) for any day
on or after that value-add.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from .models import COLUMNS, Cadence, Card, Client, Delivery

if TYPE_CHECKING:
    from .account import Opportunity, Person, Plan, Touch

RELEVANCE_DAYS = 90
# What the facts a store keeps mean. The index stamps the version its shards' facts were built
# with; a store whose stamp is older builds every client's facts again from its file before it
# reads them. 2: a Steward card logged as a delivery counts its age from the delivery's day.
FACTS_VERSION = 2
_COLUMN_AT = dict(enumerate(COLUMNS))  # a stored column index; a KeyError for any other value
CONSISTENCY_WINDOWS = 6


class CardFact(NamedTuple):
    """An open card reduced to what the rules read. A named tuple, not a frozen dataclass:
    the dashboard decodes one per open card of every client at launch (thousands), and a
    frozen dataclass takes several times longer to build."""

    column: str
    # The day its age in the column counts from: the day it entered the column, but for a
    # Steward card logged as a delivery (`Card.delivery_id`) the delivery's day, earlier or
    # later than the move: the client has waited to be told since the work was delivered.
    since: date
    created: date
    linked: bool  # answers a recorded need (need_id set)
    due: date | None = None  # when the work is due, if a date was set

    def to_list(self) -> list[Any]:
        return [COLUMNS.index(self.column), self.since.toordinal(), self.created.toordinal(), int(self.linked), _ord(self.due)]


class PeopleFact(NamedTuple):
    """Who is recorded on the account: client stakeholders (and how many decide or pay), and
    our account team (and whether an executive sponsor is named)."""

    client: int = 0
    senior: int = 0  # decision-makers and economic buyers
    sponsor: bool = False
    team: int = 0

    def to_list(self) -> list[int]:
        return [self.client, self.senior, int(self.sponsor), self.team]


class PlanFact(NamedTuple):
    """The account plan in brief: its goals, when it was last reviewed, and the latest day it
    was shared with the client (with a decision-maker or economic buyer among them, or not)
    and with our account team."""

    goals: int = 0
    initiatives: int = 0
    reviewed: date | None = None
    shared_senior: date | None = None
    shared_client: date | None = None
    shared_team: date | None = None

    def to_list(self) -> list[int | None]:
        days = (self.reviewed, self.shared_senior, self.shared_client, self.shared_team)
        return [self.goals, self.initiatives, *(_ord(d) for d in days)]


class OppFact(NamedTuple):
    """An open opportunity reduced to what the rules read."""

    linked: bool  # answers a recorded need
    next_date: date | None  # its next step's date (None: no dated next step)
    value: int | None
    close: date | None

    def to_list(self) -> list[int | None]:
        return [int(self.linked), _ord(self.next_date), self.value, _ord(self.close)]


def _ord(day: date | None) -> int | None:
    return day.toordinal() if day else None


def _day(ordinal: int | None) -> date | None:
    return date.fromordinal(ordinal) if ordinal else None


@dataclass(frozen=True)
class ClientFacts:
    """Everything the scores need about one client (see the module's docstring), built from
    its history by `build_facts`.

    (A docstring of its own also spares `dataclass` writing one from the signature, which
    costs an `inspect.signature` at every import.)"""

    value_adds: tuple[tuple[date, bool], ...]  # (day, linked to a need) since the horizon, sorted
    last_value_add: date | None  # the latest value-add ever, even before the horizon
    cards: tuple[CardFact, ...]  # open cards only
    last_understand_change: date | None  # latest add, move, edit or close of an Understand card
    deliveries: int  # all deliveries ever logged, value-adds and service
    people: PeopleFact = PeopleFact()
    contacts: tuple[date, ...] = ()  # each touched client stakeholder's latest touch, oldest first
    exec_touch: date | None = None  # the latest touch of our sponsor with a client decision-maker
    plan: PlanFact | None = None  # None: no account plan at all
    opportunities: tuple[OppFact, ...] = ()  # open ones only

    @cached_property
    def _counts(self) -> dict[str, int]:
        # Worked out once: the dashboard row, the summary and three pillars all ask.
        counts = dict.fromkeys(COLUMNS, 0)
        for c in self.cards:
            counts[c.column] += 1
        return counts

    @cached_property
    def sorted_value_adds(self) -> tuple[list[tuple[date, bool]], list[date]]:
        """The value-adds in date order, and their days alone (for bisecting), worked out
        once for consistency and relevance alike. build_facts sorts them already; sorting
        again keeps hand-made facts honest, for pennies."""
        value_adds = sorted(self.value_adds)
        return value_adds, [d for d, _linked in value_adds]

    @property
    def untold(self) -> int:
        """Stewardship debt: open Steward cards (delivered, client not yet told)."""
        return self._counts["steward"]

    def count(self, column: str) -> int:
        """Open cards in `column`."""
        return self._counts[column]

    def column_counts(self) -> dict[str, int]:
        return dict(self._counts)

    @property
    def premises(self) -> frozenset[str]:
        """What holds for this account, for coaching that must not contradict it: a sponsor
        named, a written plan, open opportunities, open needs, client people, our team."""
        held = {
            "sponsor": self.people.sponsor,
            "plan": self.plan is not None and self.plan.goals > 0,
            "opportunities": bool(self.opportunities),
            "needs": self._counts["understand"] > 0,
            "people": self.people.client > 0,
            "team": self.people.team > 0,
        }
        return frozenset(name for name, holds in held.items() if holds)

    # Stored compactly, since the index holds one of these per client and is read by every
    # command: days as ordinals (a value-add as ordinal * 2 + linked), columns as indexes.
    # They are derived data, rebuilt from the client files whenever in doubt.
    def to_dict(self) -> dict[str, Any]:
        return {
            "va": [d.toordinal() * 2 + linked for d, linked in self.value_adds],
            "last": self.last_value_add.toordinal() if self.last_value_add else None,
            "cards": [c.to_list() for c in self.cards],
            "luc": self.last_understand_change.toordinal() if self.last_understand_change else None,
            "n": self.deliveries,
            "pp": self.people.to_list(),
            "ct": [d.toordinal() for d in self.contacts],
            "xt": _ord(self.exec_touch),
            "pl": self.plan.to_list() if self.plan is not None else None,
            "op": [o.to_list() for o in self.opportunities],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClientFacts:
        # Every launch decodes every client's facts: list comprehensions and local names,
        # a third quicker than generators and a constructor call for each card.
        day = date.fromordinal
        make = CardFact._make
        column = _COLUMN_AT
        last, luc = d.get("last"), d.get("luc")
        plan = d.get("pl")
        pp = d.get("pp") or (0, 0, 0, 0)
        return cls(
            value_adds=tuple([(day(v >> 1), bool(v & 1)) for v in d.get("va", [])]),
            last_value_add=day(last) if last else None,
            cards=tuple(
                [
                    make((column[c[0]], day(c[1]), day(c[2]), bool(c[3]), _day(c[4] if len(c) > 4 else None)))
                    for c in d.get("cards", [])
                ]
            ),
            last_understand_change=day(luc) if luc else None,
            deliveries=int(d.get("n", 0)),
            people=PeopleFact(int(pp[0]), int(pp[1]), bool(pp[2]), int(pp[3])),
            contacts=tuple([day(o) for o in d.get("ct", [])]),
            exec_touch=_day(d.get("xt")),
            plan=PlanFact(int(plan[0]), int(plan[1]), *(_day(o) for o in plan[2:6])) if plan else None,
            opportunities=tuple([OppFact(bool(o[0]), _day(o[1]), o[2], _day(o[3])) for o in d.get("op", [])]),
        )


EMPTY_FACTS = ClientFacts((), None, (), None, 0)


def shift(day: date, cadence: Cadence, windows: int = 1) -> date:
    """`day` moved by `windows` cadence windows (negative: back in time). A month is a
    calendar month (Jan 31 + 1m is Feb 28); days and weeks take the fast timedelta path,
    which matters when the dashboard does this thousands of times."""
    if cadence.unit == "m":
        from dateutil.relativedelta import relativedelta  # here: `coach log` seldom needs it

        return day + relativedelta(months=cadence.amount * windows)
    return day + timedelta(days=cadence.amount * windows * (7 if cadence.unit == "w" else 1))


def horizon_start(cadence: Cadence, as_of: date) -> date:
    """The earliest day any rule looks back to from `as_of` or later."""
    windows_back = shift(as_of, cadence, -CONSISTENCY_WINDOWS)
    return min(windows_back, as_of - timedelta(days=RELEVANCE_DAYS)) - timedelta(days=1)


def build_facts(
    client: Client,
    cards: Iterable[Card],
    deliveries: Iterable[Delivery],
    people: Iterable[Person] = (),
    touches: Iterable[Touch] = (),
    plan: Plan | None = None,
    opportunities: Iterable[Opportunity] = (),
) -> ClientFacts:
    """Reduce a client's full history (a `History`'s fields, in its order) to its facts:
    valid for every day from its latest value-add on, built from the history alone (no clock
    is read)."""
    every: list[tuple[date, bool]] = []
    delivered: dict[str, date] = {}  # each delivery's day, for the Steward cards logged as one
    count = 0
    for d in deliveries:
        count += 1
        delivered[d.id] = d.on
        if d.is_value_add:
            every.append((d.on, d.need_id is not None))
    every.sort()
    last = every[-1][0] if every else None
    value_adds = every
    if last is not None:
        start = horizon_start(client.cadence, last)
        value_adds = every[bisect_left(every, (start, False)) :]
    open_cards: list[CardFact] = []
    luc: date | None = None
    for c in cards:
        # Understand changes: every move into or out of the column, and any later edit while there.
        moments = [m.at for m in c.moves if "understand" in (m.from_column, m.to_column)]
        if c.column == "understand":
            moments.append(c.last_change)
        if moments:
            changed = max(moments).date()
            if luc is None or changed > luc:
                luc = changed
        if c.is_open:
            open_cards.append(CardFact(c.column, age_from(c, delivered), c.created.date(), c.need_id is not None, c.due))
    everyone = {p.id: p for p in people}
    contacts, exec_touch = _touch_facts(everyone, touches)
    return ClientFacts(
        tuple(value_adds),
        last,
        tuple(open_cards),
        luc,
        count,
        _people_fact(everyone.values()),
        contacts,
        exec_touch,
        _plan_fact(plan, everyone) if plan is not None else None,
        tuple(OppFact(o.need_id is not None, o.next_date, o.value, o.close) for o in opportunities if o.is_open),
    )


def age_from(card: Card, delivered: dict[str, date]) -> date:
    """The day `card`'s age in its column counts from: the day it entered the column, or for
    a Steward card logged as a delivery still recorded (`delivered`: each delivery's day by
    id), the delivery's day. The board, the detail pane, `coach card list` and the tactics
    pillar all count from this day."""
    if card.column == "steward" and card.delivery_id is not None:
        on = delivered.get(card.delivery_id)
        if on is not None:
            return on
    return card.entered.date()


def _people_fact(people: Iterable[Person]) -> PeopleFact:
    theirs = [p for p in people if not p.ours]
    ours = [p for p in people if p.ours]
    return PeopleFact(len(theirs), sum(1 for p in theirs if p.is_senior), any(p.role == "exec-sponsor" for p in ours), len(ours))


def _touch_facts(everyone: dict[str, Person], touches: Iterable[Touch]) -> tuple[tuple[date, ...], date | None]:
    """Each touched client stakeholder's latest touch, and the latest executive touch (our
    executive sponsor with one of the client's decision-makers or economic buyers)."""
    latest: dict[str, date] = {}
    executive: date | None = None
    for t in touches:
        person = everyone.get(t.person_id)
        if person is None or person.ours:
            continue
        if t.on > latest.get(person.id, date.min):
            latest[person.id] = t.on
        ours = (everyone.get(i) for i in t.ours)
        if person.is_senior and any(o is not None and o.role == "exec-sponsor" for o in ours):
            executive = max(executive or t.on, t.on)
    return tuple(sorted(latest.values())), executive


def _plan_fact(plan: Plan, everyone: dict[str, Person]) -> PlanFact:
    senior = client = team = None
    for share in plan.shares:
        present = [everyone[i] for i in share.person_ids if i in everyone]
        if share.with_client or any(not p.ours for p in present):
            client = max(client or share.on, share.on)
        if any(p.is_senior for p in present):
            senior = max(senior or share.on, share.on)
        if share.with_team or any(p.ours for p in present):
            team = max(team or share.on, share.on)
    return PlanFact(len(plan.goals), len(plan.initiatives), plan.reviewed, senior, client, team)
