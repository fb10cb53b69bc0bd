"""The nouns of the coaching method (see method.md): clients, cards, deliveries, weekly entries.

Plain dataclasses with `to_dict` / `from_dict` for the store. Dates are `datetime.date`,
moments are naive local `datetime.datetime` truncated to the second. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .account import Opportunity, Person, Plan, Touch

# The four steps of the job, in board order.
COLUMNS: tuple[str, ...] = ("understand", "plan", "deliver", "steward")
COLUMN_TITLES: dict[str, str] = {"understand": "Understand", "plan": "Plan", "deliver": "Deliver", "steward": "Steward"}

# The five pillars of a strategic partnership, in method order (ties go to the earlier one).
PILLARS: tuple[str, ...] = ("recognize", "lead", "strategy", "tactics", "value")
PILLAR_TITLES: dict[str, str] = {
    "recognize": "Recognition of the opportunity",
    "lead": "Leadership by example",
    "strategy": "Crafting and communicating a strategy",
    "tactics": "Delivering the tactics",
    "value": "Adding value constantly and consistently",
}
PILLAR_SHORT: dict[str, str] = {
    "recognize": "Recognize",
    "lead": "Lead",
    "strategy": "Strategy",
    "tactics": "Tactics",
    "value": "Value",
}

# Delivery kinds. The first four are value-adds and reset the value-add clock.
VALUE_KINDS: tuple[str, ...] = ("idea", "thinking", "industry", "strategy")
KINDS: tuple[str, ...] = VALUE_KINDS + ("service",)
KIND_TITLES: dict[str, str] = {
    "idea": "New idea",
    "thinking": "New way of thinking",
    "industry": "Industry information",
    "strategy": "Strategic concept",
    "service": "Service (business as usual)",
}

TIERS: tuple[str, ...] = ("A", "B", "C")

# Days a card may sit in Plan or Deliver before it counts as stuck.
STUCK_DAYS = 30
# Days a Steward card may wait untold before it counts against tactics.
TELL_WITHIN_DAYS = 14


def document(record: Any, **encoded: Any) -> dict[str, Any]:
    """A record as the store keeps it: every field by name, in field order, the `encoded`
    ones (dates, moments, cadences) given as text."""
    names: tuple[str, ...] = getattr(record, "_fields", None) or tuple(f.name for f in fields(record))
    return {name: encoded[name] if name in encoded else getattr(record, name) for name in names}


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Cadence(NamedTuple):
    """A target rhythm: `amount` days, weeks or calendar months (unit `d`, `w` or `m`).

    The immutable values read for every client at every launch (Cadence, CardMove, TipShown)
    are named tuples, not frozen dataclasses: built several times faster, and their
    classes are created faster at import. Records that change (Client, Card, Delivery)
    stay dataclasses."""

    amount: int
    unit: str = "d"

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def describe(self) -> str:
        word = {"d": "day", "w": "week", "m": "month"}[self.unit]
        return f"{self.amount} {word}{'' if self.amount == 1 else 's'}"

    @classmethod
    def from_str(cls, text: str) -> Cadence:
        """Inverse of `str()` for stored values; user input goes through `parse_cadence`."""
        return cls(int(text[:-1]), text[-1])


DEFAULT_CADENCE = Cadence(14, "d")
# The longest cadence per unit: one year.
MAX_CADENCE: dict[str, int] = {"d": 365, "w": 52, "m": 12}


@dataclass
class Client:
    """A client of the portfolio. The people on the account, the account plan and the
    opportunities are records of the client's own (`account`)."""

    id: str
    name: str
    added: date
    cadence: Cadence = DEFAULT_CADENCE
    tier: str = "B"
    archived: bool = False
    revenue: int | None = None  # annual revenue with us, in whole units of the user's currency
    renewal: date | None = None  # when the contract is up for renewal
    # The record a CRM holds of the client, when it was imported from one ("salesforce:0015g00000AcmeAA"):
    # a re-import finds it by this. Stored only when set: a client typed in coach keeps its
    # record as it was, and older files read as they are.
    source_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        doc = document(
            self,
            added=self.added.isoformat(),
            cadence=str(self.cadence),
            renewal=self.renewal.isoformat() if self.renewal else None,
        )
        if self.source_id is None:
            del doc["source_id"]
        return doc

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Client:
        return cls(
            id=d["id"],
            name=d["name"],
            added=date.fromisoformat(d["added"]),
            cadence=Cadence.from_str(d.get("cadence", "14d")),
            tier=d.get("tier", "B"),
            archived=bool(d.get("archived", False)),
            revenue=d.get("revenue"),
            renewal=date.fromisoformat(d["renewal"]) if d.get("renewal") else None,
            source_id=d.get("source_id"),
        )


class CardMove(NamedTuple):
    """One step in a card's history. `from_column` is None for creation."""

    at: datetime
    from_column: str | None
    to_column: str

    def to_list(self) -> list[Any]:
        return [self.at.isoformat(), self.from_column, self.to_column]

    @classmethod
    def from_list(cls, v: list[Any]) -> CardMove:
        return cls(datetime.fromisoformat(v[0]), v[1], v[2])


@dataclass
class Card:
    """A card on a client's board. A told Steward card is closed: off the board, kept in history."""

    id: str
    client_id: str
    column: str
    title: str
    created: datetime
    notes: str = ""
    need_id: str | None = None  # a Plan/Deliver/Steward card may answer an Understand card
    delivery_id: str | None = None  # a Steward card created by logging an untold delivery
    moves: list[CardMove] = field(default_factory=list)
    closed: datetime | None = None
    updated: datetime | None = None  # last edit of title/notes
    owner: str = ""  # who carries the work (free text: a name on either side)
    due: date | None = None  # when the work is due (a Deliver card past it is late)

    @property
    def is_open(self) -> bool:
        return self.closed is None

    @property
    def entered(self) -> datetime:
        """When the card entered its current column."""
        return self.moves[-1].at if self.moves else self.created

    @property
    def last_change(self) -> datetime:
        """The latest of creation, move, edit and closing."""
        moments = [self.entered, self.created]
        if self.updated:
            moments.append(self.updated)
        if self.closed:
            moments.append(self.closed)
        return max(moments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "client_id": self.client_id,
            "column": self.column,
            "title": self.title,
            "created": self.created.isoformat(),
            "notes": self.notes,
            "need_id": self.need_id,
            "delivery_id": self.delivery_id,
            "moves": [m.to_list() for m in self.moves],
            "closed": self.closed.isoformat() if self.closed else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Card:
        return cls(
            id=d["id"],
            client_id=d["client_id"],
            column=d["column"],
            title=d["title"],
            created=datetime.fromisoformat(d["created"]),
            notes=d.get("notes", ""),
            need_id=d.get("need_id"),
            delivery_id=d.get("delivery_id"),
            moves=[CardMove.from_list(m) for m in d.get("moves", [])],
            closed=_dt(d.get("closed")),
            updated=_dt(d.get("updated")),
            owner=d.get("owner", ""),
            due=date.fromisoformat(d["due"]) if d.get("due") else None,
        )


@dataclass
class Delivery:
    """A delivery logged for a client: a value-add (the first four kinds, resetting the
    value-add clock) or service work; `told` once the client has heard of it."""

    id: str
    client_id: str
    on: date
    kind: str
    summary: str
    logged: datetime
    need_id: str | None = None  # the Understand card it answers
    told: bool = False

    @property
    def is_value_add(self) -> bool:
        return self.kind in VALUE_KINDS

    def to_dict(self) -> dict[str, Any]:
        return document(self, on=self.on.isoformat(), logged=self.logged.isoformat())

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Delivery:
        # In field order: id, client_id, on, kind, summary, logged, need_id, told.
        on, logged = date.fromisoformat(d["on"]), datetime.fromisoformat(d["logged"])
        return cls(d["id"], d["client_id"], on, d["kind"], d["summary"], logged, d.get("need_id"), bool(d.get("told", False)))


class History(NamedTuple):
    """One client's full record: every card (open and closed), every delivery, the people on
    both sides and the touches between them, the account plan and the opportunities."""

    client: Client
    cards: list[Card]
    deliveries: list[Delivery]
    people: Sequence[Person] = ()
    touches: Sequence[Touch] = ()
    plan: Plan | None = None
    opportunities: Sequence[Opportunity] = ()


@dataclass
class Assessment:
    """The weekly self-assessment: 1 to 5 per pillar (missing pillars were not answered)."""

    week: date  # the Monday (or configured first day) of the week
    scores: dict[str, int]
    at: datetime
    # For a view merged from several weeks: the week each pillar's score was given (not stored).
    answered: dict[str, date] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week.isoformat(), "scores": dict(self.scores), "at": self.at.isoformat()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Assessment:
        return cls(date.fromisoformat(d["week"]), dict(d["scores"]), datetime.fromisoformat(d["at"]))


@dataclass
class PillarWeek:
    """The portfolio's five pillar scores (0 to 100) as the weekly coaching showed them, kept
    so the history can chart them: they depend on the data as it was, which is not kept."""

    week: date
    scores: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week.isoformat(), "scores": dict(self.scores)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PillarWeek:
        return cls(date.fromisoformat(d["week"]), dict(d["scores"]))


@dataclass
class Commitment:
    """A one-line commitment for a week, and whether it was kept (None: not answered yet).

    Made from a tip's action it names the client it is for and the tip; one that was not
    kept keeps what got in the way (`obstacle`); one carried over from the week before says
    so (`carried`)."""

    week: date
    text: str
    kept: bool | None = None
    client_id: str | None = None
    tip_id: str | None = None
    obstacle: str = ""
    carried: bool = False

    def to_dict(self) -> dict[str, Any]:
        return document(self, week=self.week.isoformat())

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Commitment:
        return cls(
            date.fromisoformat(d["week"]),
            d["text"],
            d.get("kept"),
            d.get("client_id"),
            d.get("tip_id"),
            d.get("obstacle", ""),
            d.get("carried", False),
        )


class TipShown(NamedTuple):
    """A record that a tip was shown, for least-recently-shown selection."""

    tip_id: str
    week: date
    scope: str  # "portfolio" or a client id

    def to_dict(self) -> dict[str, Any]:
        return {"tip_id": self.tip_id, "week": self.week.isoformat(), "scope": self.scope}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TipShown:
        return cls(d["tip_id"], date.fromisoformat(d["week"]), d["scope"])


__all__ = [
    "COLUMNS",
    "COLUMN_TITLES",
    "PILLARS",
    "PILLAR_TITLES",
    "PILLAR_SHORT",
    "VALUE_KINDS",
    "KINDS",
    "KIND_TITLES",
    "TIERS",
    "STUCK_DAYS",
    "TELL_WITHIN_DAYS",
    "Cadence",
    "DEFAULT_CADENCE",
    "MAX_CADENCE",
    "Client",
    "CardMove",
    "Card",
    "Delivery",
    "History",
    "Assessment",
    "PillarWeek",
    "Commitment",
    "TipShown",
    "replace",
]
