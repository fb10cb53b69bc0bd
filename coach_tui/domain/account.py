"""An account in depth (method.md, "Accounts in depth"): the people on both sides and the
touches between them, the account plan and where it was shared, and the opportunities.

Records of a client's file, like its cards and deliveries, with `to_dict` / `from_dict` for
the store; named tuples (a change makes a new one with `_replace`): `coach log` decodes a
client's file, and a named tuple is defined several times faster than a dataclass. Pure: no
I/O.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from .models import document

# Client-side roles, then ours (method.md), in the order a form lists them.
CLIENT_ROLES: tuple[str, ...] = ("decision-maker", "economic-buyer", "champion", "user", "finance", "procurement", "other")
OUR_ROLES: tuple[str, ...] = ("exec-sponsor", "delivery-lead", "specialist", "other")
ROLE_TITLES: dict[str, str] = {
    "decision-maker": "Decision-maker",
    "economic-buyer": "Economic buyer",
    "champion": "Champion",
    "user": "User",
    "finance": "Finance",
    "procurement": "Procurement",
    "other": "Other",
    "exec-sponsor": "Executive sponsor",
    "delivery-lead": "Delivery lead",
    "specialist": "Specialist",
}
# The client's people an executive touch reaches: those who decide and who pay.
SENIOR_ROLES: tuple[str, ...] = ("decision-maker", "economic-buyer")

TOUCH_KINDS: tuple[str, ...] = ("call", "meeting", "email", "event")

STAGES: tuple[str, ...] = ("identified", "qualified", "proposed", "won", "lost")
OPEN_STAGES: tuple[str, ...] = ("identified", "qualified", "proposed")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


class Person(NamedTuple):
    """Someone on the account: a client stakeholder, or one of our account team (`ours`)."""

    id: str
    client_id: str
    name: str
    role: str
    title: str = ""
    ours: bool = False

    @property
    def is_senior(self) -> bool:
        """A client decision-maker or economic buyer."""
        return not self.ours and self.role in SENIOR_ROLES

    def to_dict(self) -> dict[str, Any]:
        return document(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Person:
        return cls(d["id"], d["client_id"], d["name"], d["role"], d.get("title", ""), d.get("ours", False))


class Touch(NamedTuple):
    """A conversation with a client stakeholder, and who of ours took part."""

    id: str
    client_id: str
    person_id: str
    on: date
    kind: str = "call"
    note: str = ""
    ours: tuple[str, ...] = ()  # the ids of our people who took part
    logged: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return document(self, on=self.on.isoformat(), ours=list(self.ours), logged=_iso(self.logged))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Touch:
        logged = datetime.fromisoformat(d["logged"]) if d.get("logged") else None
        return cls(d["id"], d["client_id"], d["person_id"], date.fromisoformat(d["on"]), d.get("kind", "call"),
                   d.get("note", ""), tuple(d.get("ours", ())), logged)  # fmt: skip


class Goal(NamedTuple):
    """A client goal in the account plan: what they want to move, to what, by when."""

    id: str
    text: str
    metric: str = ""
    target: str = ""
    by: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return document(self, by=_iso(self.by))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Goal:
        return cls(d["id"], d["text"], d.get("metric", ""), d.get("target", ""), _day(d.get("by")))


class Initiative(NamedTuple):
    """What we will do for a goal, carried out by Plan cards."""

    id: str
    text: str
    card_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return document(self, card_ids=list(self.card_ids))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Initiative:
        return cls(d["id"], d["text"], tuple(d.get("card_ids", ())))


class Share(NamedTuple):
    """The plan shared, on a day, with people of the client's and of ours. A share recorded
    before people were (the old "plan shared" flag) names nobody: `with_client` and
    `with_team` say who heard it."""

    on: date
    person_ids: tuple[str, ...]
    with_client: bool = False
    with_team: bool = False

    def to_dict(self) -> dict[str, Any]:
        return document(self, on=self.on.isoformat(), person_ids=list(self.person_ids))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Share:
        client, team = d.get("with_client", False), d.get("with_team", False)
        return cls(date.fromisoformat(d["on"]), tuple(d.get("person_ids", ())), client, team)


class Plan(NamedTuple):
    """The account plan: the client's goals, our initiatives, the last review, the shares."""

    client_id: str
    goals: tuple[Goal, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    reviewed: date | None = None
    shares: tuple[Share, ...] = ()

    @property
    def written(self) -> bool:
        """A plan counts as written once it holds a client goal."""
        return bool(self.goals)

    def to_dict(self) -> dict[str, Any]:
        return document(
            self,
            goals=[g.to_dict() for g in self.goals],
            initiatives=[i.to_dict() for i in self.initiatives],
            reviewed=_iso(self.reviewed),
            shares=[s.to_dict() for s in self.shares],
        )

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Plan:
        return cls(
            d["client_id"],
            tuple(Goal.from_dict(g) for g in d.get("goals", [])),
            tuple(Initiative.from_dict(i) for i in d.get("initiatives", [])),
            _day(d.get("reviewed")),
            tuple(Share.from_dict(s) for s in d.get("shares", [])),
        )


class Opportunity(NamedTuple):
    """Where the client could grow with us: a value, a stage, the need it answers, the next
    step and its date, an expected close; every stage change timestamped."""

    id: str
    client_id: str
    title: str
    created: datetime
    value: int | None = None  # whole units of the user's currency
    stage: str = "identified"
    need_id: str | None = None
    next_step: str = ""
    next_date: date | None = None
    close: date | None = None
    stages: tuple[tuple[datetime, str], ...] = ()

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    def to_dict(self) -> dict[str, Any]:
        stages = [[at.isoformat(), stage] for at, stage in self.stages]
        return document(
            self, created=self.created.isoformat(), next_date=_iso(self.next_date), close=_iso(self.close), stages=stages
        )

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Opportunity:
        stages = tuple((datetime.fromisoformat(at), stage) for at, stage in d.get("stages", []))
        return cls(d["id"], d["client_id"], d["title"], datetime.fromisoformat(d["created"]), d.get("value"),
                   d.get("stage", "identified"), d.get("need_id"), d.get("next_step", ""), _day(d.get("next_date")),
                   _day(d.get("close")), stages)  # fmt: skip


__all__ = [
    "CLIENT_ROLES",
    "OUR_ROLES",
    "ROLE_TITLES",
    "SENIOR_ROLES",
    "TOUCH_KINDS",
    "STAGES",
    "OPEN_STAGES",
    "Person",
    "Touch",
    "Goal",
    "Initiative",
    "Share",
    "Plan",
    "Opportunity",
]
