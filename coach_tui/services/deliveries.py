"""Deliveries: log what was delivered to a client, and find the recorded need it answers.

A delivery may answer a need: an Understand card, named by id or by a unique part of its title;
text that matches no recorded need becomes a new Understand card. A delivery the client has not
been told about yet puts a Steward card on the board ("tell them what we did"). Work moved
through the board into Steward is logged from its card (`log_card`): the card is then its
delivery's Steward card. All of it is one transaction, decided under the lock.
"""

from __future__ import annotations

from datetime import date, datetime

from ..domain.errors import InputError, NotFound
from ..domain.models import COLUMN_TITLES, Card, CardMove, Delivery, History
from ..domain.validation import NAME_LIMIT, clean_summary, clean_text, match_names, parse_kind
from ..textsafe import visible
from .base import UseCases, new_id
from .read_models import Change, Doc, Logged, needs_of


def match_need(needs: list[Card], query: str) -> Card | None:
    """The need `query` names, by id or unique title match (open needs preferred); None if
    none matches; an error naming the candidates if several do."""
    found = [c for c in needs if c.id == query] or match_names(query, needs, lambda c: c.title)
    found = [c for c in found if c.is_open] or found
    if len(found) > 1:
        titles = ", ".join(repr(visible(c.title)) for c in found[:5])
        raise InputError(f"the need {visible(query)!r} matches several recorded needs: {titles}; type more of it", "need")
    return found[0] if found else None


def check_delivery_day(on: date, today: date) -> None:
    if on > today:
        raise InputError(f"{on.isoformat()} is in the future; a delivery can only be logged once it happened", "date")


def resolve_need(history: History, need: str | None, moment: datetime) -> tuple[Card | None, bool]:
    """The Understand card `need` names (by id or title), or a new one made of its text (not
    yet stored: the caller puts it); whether it is new. None for no need."""
    if need is None or not need.strip():
        return None, False
    found = match_need(needs_of(history.cards), need)
    if found is not None:
        return found, False
    text = clean_text(need, "need", "need", NAME_LIMIT)
    card = Card(
        id=new_id(),
        client_id=history.client.id,
        column="understand",
        title=text,
        created=moment,
        moves=[CardMove(moment, None, "understand")],
    )
    return card, True


class Deliveries(UseCases):
    """Logging deliveries."""

    def needs(self, client_id: str) -> list[Card]:
        """The client's recorded needs (open Understand cards first), for forms: one file
        read, no scoring."""
        return needs_of(self.repo.read_client(client_id).cards)

    def find_need(self, client_id: str, query: str) -> Card:
        """A recorded need (an Understand card, open ones preferred) by id or unique title match."""
        need = match_need(self.needs(client_id), query)
        if need is None:
            raise NotFound(f"no recorded need matches {visible(query)!r}; add it with `coach card add CLIENT TITLE`", "need")
        return need

    def log(
        self,
        client_id: str,
        summary: str,
        kind: str = "idea",
        on: date | None = None,
        need: str | None = None,
        told: bool = False,
    ) -> Logged:
        """Log a delivery. `need` is the id or the text of an Understand card; text that
        matches no recorded need becomes a new Understand card. An untold delivery puts a
        Steward card on the board."""
        summary = clean_summary(summary)
        kind = parse_kind(kind)
        on = on or self.today()
        check_delivery_day(on, self.today())
        moment = self.now()
        cards: list[tuple[Doc | None, Doc | None]] = []
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            need_card, created = resolve_need(history, need, moment)
            delivery = Delivery(
                id=new_id(),
                client_id=client_id,
                on=on,
                kind=kind,
                summary=summary,
                logged=moment,
                need_id=need_card.id if need_card else None,
                told=told,
            )
            txn.put_delivery(delivery)
            if created and need_card:
                txn.put_card(need_card)
                cards.append((None, need_card.to_dict()))
            steward = None
            if not told:
                steward = Card(
                    id=new_id(),
                    client_id=client_id,
                    column="steward",
                    title=summary,
                    created=moment,
                    need_id=delivery.need_id,
                    delivery_id=delivery.id,
                    moves=[CardMove(moment, None, "steward")],
                )
                txn.put_card(steward)
                cards.append((None, steward.to_dict()))
        change = Change(client_id, f"logged {summary!r}", tuple(cards), ((None, delivery.to_dict()),))
        return Logged(delivery, history.client, steward, need_card, created, change)

    def log_card(self, client_id: str, card_id: str, summary: str, kind: str = "idea", on: date | None = None) -> Logged:
        """Log the delivery a Steward card stands for: work moved through Deliver into
        Steward on the board. The delivery answers the card's need and is not told yet; the
        card is its Steward card (`delivery_id`), so the two are one thing: the report lists
        the delivery alone, and telling the card marks the delivery told. No other card is
        made. Refused for a card that is not an open Steward card, or is already logged."""
        from .board import find_card_in

        summary = clean_summary(summary)
        kind = parse_kind(kind)
        on = on or self.today()
        check_delivery_day(on, self.today())
        moment = self.now()
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            card = find_card_in(history, card_id)
            if card.column != "steward" or not card.is_open:
                where = COLUMN_TITLES[card.column] if card.is_open else "closed"
                raise InputError(
                    f"only an open Steward card can be logged as a delivery ({visible(card.title)!r} is {where})", "card"
                )
            if card.delivery_id is not None and any(d.id == card.delivery_id for d in history.deliveries):
                raise InputError(f"{visible(card.title)!r} is already logged as a delivery", "card")
            need_card = next((c for c in history.cards if c.id == card.need_id), None) if card.need_id else None
            delivery = Delivery(
                id=new_id(),
                client_id=client_id,
                on=on,
                kind=kind,
                summary=summary,
                logged=moment,
                need_id=need_card.id if need_card else None,
            )
            before = card.to_dict()
            card.delivery_id = delivery.id
            txn.put_delivery(delivery)
            txn.put_card(card)
        change = Change(client_id, f"logged {summary!r}", ((before, card.to_dict()),), ((None, delivery.to_dict()),))
        return Logged(delivery, history.client, card, need_card, False, change)


__all__ = ["Deliveries", "match_need", "resolve_need", "check_delivery_day"]
