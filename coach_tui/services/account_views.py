"""Read models of the account in depth: its people, its plan, its opportunities (see
`read_models`, which hands them out by name: they are defined only when a command asks for them).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..domain.account import Opportunity, Person, Plan, Touch
    from ..domain.models import Card, Client


class PersonRow(NamedTuple):
    """A person on the account, with their latest touch (for ours: the latest they took part
    in) and, for ours, when they were last briefed on the account plan."""

    person: Person
    last_touch: Touch | None
    touches: int
    briefed: date | None = None


class PeopleView(NamedTuple):
    """The people of an account: the client's, ours, and every touch, newest first."""

    client: Client
    theirs: list[PersonRow]
    ours: list[PersonRow]
    touches: list[Touch]
    today: date

    @property
    def rows(self) -> list[PersonRow]:
        """Everyone, the client's people first, in the order lists number them."""
        return [*self.theirs, *self.ours]

    def person(self, person_id: str) -> Person | None:
        return next((r.person for r in self.rows if r.person.id == person_id), None)


class PlanView(NamedTuple):
    """A client's account plan with what it refers to: the people it was shared with, the
    cards its initiatives link to, the needs on the board."""

    client: Client
    plan: Plan
    people: PeopleView
    cards: list[Card]  # every card of the client's (initiatives may link closed ones)
    today: date

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)


class OpportunityView(NamedTuple):
    """A client's opportunities, open ones first (the soonest next step first), and the
    needs they may answer."""

    client: Client
    opportunities: list[Opportunity]
    needs: list[Card]
    today: date
    currency: str

    def need(self, card_id: str | None) -> Card | None:
        return next((c for c in self.needs if c.id == card_id), None) if card_id else None


__all__ = ["PersonRow", "PeopleView", "PlanView", "OpportunityView"]
