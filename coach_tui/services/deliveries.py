"""Deliveries: log what was delivered to a client, list, edit and delete it, and find the
recorded need it answers.

A delivery may answer a need: an Understand card, named by id or by a unique part of its title;
text that matches no recorded need becomes a new Understand card. A delivery the client has not
been told about yet puts a Steward card on the board ("tell them what we did"). Work moved
through the board into Steward is logged from its card (`log_card`): the card is then its
delivery's Steward card. All of it is one transaction, decided under the lock.

An edit or a delete is one transaction too, and carries the delivery as the caller last saw it
(`seen`): when it changed since (the shell, another window), nothing is written and the error
(`ChangedElsewhere`) says what it is now. The Steward card logging made follows its delivery:
its title and need follow an edit, it closes when the delivery is marked told (and comes back
when it is unmarked), and it goes with a deleted delivery. The index's facts (cadence,
consistency, pillar scores) are rebuilt from the client's file as the transaction commits, as
after `log`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..domain.errors import InputError, NotFound
from ..domain.models import COLUMN_TITLES, Card, CardMove, Client, Delivery, History
from ..domain.validation import NAME_LIMIT, clean_summary, clean_text, match_names, parse_kind
from ..textsafe import visible
from .base import UseCases, new_id
from .read_models import Change, Doc, Logged, needs_of

if TYPE_CHECKING:
    from ..store.repository import Transaction

# `edit(need=KEEP)` leaves the need as it is (None clears it).
KEEP = "\x00keep"
# Characters of a delivery's id that `coach delivery list` shows (any unique start of it will do).
SHORT_ID = 6


class ChangedElsewhere(InputError):
    """The delivery changed (or went) since the caller read it: nothing was written."""


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


def newest_first(deliveries: Iterable[Delivery]) -> list[Delivery]:
    """Deliveries as `coach delivery list` numbers them: the latest day first, and on one
    day the latest logged first."""
    return sorted(deliveries, key=lambda d: (d.on, d.logged, d.id), reverse=True)


def short_ids(deliveries: Iterable[Delivery]) -> dict[str, str]:
    """Each delivery's id cut to the shortest start, SHORT_ID characters or more, that no
    other delivery of the client shares (what `coach delivery list` shows)."""
    ids = [d.id for d in deliveries]
    size = SHORT_ID
    while size < max((len(i) for i in ids), default=0) and len({i[:size] for i in ids}) < len(ids):
        size += 1
    return {i: i[:size] for i in ids}


def find_delivery_in(history: History, ref: str) -> Delivery:
    """The delivery `ref` names: its id, or a unique start of it (at least 4 characters, as
    `coach delivery list` shows 6 or more), its number in that list (1 is the latest), or a unique
    part of its summary, in any case."""
    items = newest_first(history.deliveries)
    typed = ref.strip()
    where = f"for {visible(history.client.name)}"
    found = [d for d in items if d.id == typed]
    if not found and typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(items):
        found = [items[int(typed) - 1]]
    if not found and len(typed) >= 4:
        found = [d for d in items if d.id.startswith(typed.lower())]
    found = found or match_names(typed, items, lambda d: d.summary)
    if len(found) == 1:
        return found[0]
    if found:
        short = short_ids(items)
        shown = ", ".join(f"{short[d.id]} {visible(d.summary)!r}" for d in found[:5])
        raise InputError(
            f"{visible(ref)!r} matches {len(found)} deliveries {where}: {shown}; type more of it, or its id", "delivery"
        )
    raise NotFound(
        f"no delivery matches {visible(ref)!r} {where}; `coach delivery list` numbers them (1 is the latest) with their ids",
        "delivery",
    )


def _current(history: History, delivery_id: str, seen: Delivery | None) -> Delivery:
    """The delivery as stored now, if it is as the caller saw it; else ChangedElsewhere."""
    found = next((d for d in history.deliveries if d.id == delivery_id), None)
    what = f"{visible(seen.summary)!r}" if seen is not None else f"delivery {delivery_id}"
    if found is None:
        raise ChangedElsewhere(f"{what} was deleted elsewhere since you opened it; nothing was saved")
    if seen is not None and found.to_dict() != seen.to_dict():
        now = f"{found.on.isoformat()}, {found.kind}, {visible(found.summary)!r}{', told' if found.told else ''}"
        raise ChangedElsewhere(
            f"{what} was changed elsewhere since you opened it (it is now {now}); nothing was saved: "
            "what you typed is kept, save again to put it over that change"
        )
    return found


def _linked(history: History, delivery: Delivery) -> list[Card]:
    """The Steward cards that tell the client about `delivery`."""
    return [c for c in history.cards if c.delivery_id == delivery.id]


def _made_by_logging(card: Card) -> bool:
    """A Steward card logging made (it began in Steward), not one the user moved there."""
    return bool(card.moves) and card.moves[0].from_column is None and card.moves[0].to_column == "steward"


def _steward_card(delivery: Delivery, moment: datetime) -> Card:
    return Card(
        id=new_id(),
        client_id=delivery.client_id,
        column="steward",
        title=delivery.summary,
        created=moment,
        need_id=delivery.need_id,
        delivery_id=delivery.id,
        moves=[CardMove(moment, None, "steward")],
    )


def _follow(
    txn: Transaction, history: History, before: Delivery, after: Delivery, moment: datetime
) -> list[tuple[Doc | None, Doc | None]]:
    """Make the delivery's Steward cards follow an edit: the title where it still is the old
    summary, the need where it still is the old need, closed once told, back once not."""
    changes: list[tuple[Doc | None, Doc | None]] = []
    cards = _linked(history, before)
    for card in cards:
        doc = card.to_dict()
        if card.title == before.summary:
            card.title = after.summary
        if card.need_id == before.need_id:
            card.need_id = after.need_id
        if after.told and not before.told and card.is_open and card.column == "steward":
            card.closed = moment
        if card.to_dict() != doc:
            card.updated = moment
            txn.put_card(card)
            changes.append((doc, card.to_dict()))
    if before.told and not after.told and not any(c.is_open for c in cards):
        closed = [c for c in cards if c.column == "steward" and c.closed is not None]
        was: Doc | None = None
        if closed:
            card = max(closed, key=lambda c: c.last_change)
            was = card.to_dict()
            card.closed = None
            card.updated = moment
        else:
            card = _steward_card(after, moment)
        txn.put_card(card)
        changes.append((was, card.to_dict()))
    return changes


class Deliveries(UseCases):
    """Logging, listing, editing and deleting deliveries."""

    def listed(self, client_id: str) -> tuple[Client, list[Delivery]]:
        """The client and its deliveries, newest first (numbered from 1 in that order)."""
        history = self.repo.read_client(client_id)
        return history.client, newest_first(history.deliveries)

    def find(self, client_id: str, ref: str) -> Delivery:
        """A delivery by id (or a unique start of it), number in the list, or part of its summary."""
        return find_delivery_in(self.repo.read_client(client_id), ref)

    def edit(
        self,
        client_id: str,
        delivery_id: str,
        *,
        on: date | None = None,
        kind: str | None = None,
        summary: str | None = None,
        need: str | None = KEEP,
        told: bool | None = None,
        seen: Delivery | None = None,
    ) -> Change:
        """Change a delivery's day, kind, summary, need (an id or text, as `log` takes it;
        None clears it, KEEP leaves it) or told flag; None leaves the others. With `seen`
        (the delivery as the caller read it), refuses when it changed since."""
        summary = clean_summary(summary) if summary is not None else None
        kind = parse_kind(kind) if kind is not None else None
        if on is not None:
            check_delivery_day(on, self.today())
        moment = self.now()
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            found = _current(history, delivery_id, seen)
            before = Delivery.from_dict(found.to_dict())
            cards: list[tuple[Doc | None, Doc | None]] = []
            if on is not None:
                found.on = on
            if kind is not None:
                found.kind = kind
            if summary is not None:
                found.summary = summary
            if told is not None:
                found.told = told
            if need != KEEP:
                need_card, created = resolve_need(history, need, moment)
                if created and need_card is not None:
                    txn.put_card(need_card)
                    cards.append((None, need_card.to_dict()))
                found.need_id = need_card.id if need_card else None
            if found.to_dict() == before.to_dict():
                raise InputError(f"{visible(found.summary)!r} already reads that way; nothing to change")
            txn.put_delivery(found)
            cards += _follow(txn, history, before, found, moment)
        return Change(client_id, f"edited the delivery {found.summary!r}", tuple(cards), ((before.to_dict(), found.to_dict()),))

    def delete(self, client_id: str, delivery_id: str, seen: Delivery | None = None) -> Change:
        """Delete a delivery, with the Steward card logging it made (a card the user moved
        into Steward stays, unlinked). With `seen`, refuses when it changed since."""
        moment = self.now()
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            found = _current(history, delivery_id, seen)
            cards: list[tuple[Doc | None, Doc | None]] = []
            for card in _linked(history, found):
                doc = card.to_dict()
                if _made_by_logging(card):
                    txn.delete_card(client_id, card.id)
                    cards.append((doc, None))
                else:
                    card.delivery_id = None
                    card.updated = moment
                    txn.put_card(card)
                    cards.append((doc, card.to_dict()))
            txn.delete_delivery(client_id, found.id)
        return Change(client_id, f"deleted the delivery {found.summary!r}", tuple(cards), ((found.to_dict(), None),))

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

        summary, kind, on = self._card_delivery(summary, kind, on)
        moment = self.now()
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            card = find_card_in(history, card_id)
            before = card.to_dict()
            delivery, need_card = _log_in(txn, history, card, summary, kind, on, moment)
        change = Change(client_id, f"logged {summary!r}", ((before, card.to_dict()),), ((None, delivery.to_dict()),))
        return Logged(delivery, history.client, card, need_card, False, change)

    def move_and_log(
        self,
        client_id: str,
        card_id: str,
        step: int | None = None,
        column: str | None = None,
        summary: str | None = None,
        kind: str = "idea",
        on: date | None = None,
    ) -> Logged:
        """Move a card into Steward (one column with `step`, or to `column`) and log the
        delivery it stands for (as `log_card`: the summary is the card's title unless given),
        in one transaction: both land or neither does. Refused, with nothing written, when
        the move does not end in Steward."""
        from .board import move_in

        kind = parse_kind(kind)
        moment = self.now()
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            card, before, move = move_in(history, card_id, step, column, moment)
            if move.to_column != "steward":
                raise InputError(
                    f"only a move into Steward logs a delivery ({visible(card.title)!r} would go to "
                    f"{COLUMN_TITLES[move.to_column]}); move it without --log",
                    "log",
                )
            summary, kind, on = self._card_delivery(card.title if summary is None else summary, kind, on)
            delivery, need_card = _log_in(txn, history, card, summary, kind, on, moment)
        description = f"moved {card.title!r} to Steward and logged it"
        change = Change(client_id, description, ((before, card.to_dict()),), ((None, delivery.to_dict()),), move=move)
        return Logged(delivery, history.client, card, need_card, False, change)

    def _card_delivery(self, summary: str, kind: str, on: date | None) -> tuple[str, str, date]:
        """A Steward card's delivery as typed, checked: its summary, kind and day."""
        summary = clean_summary(summary)
        kind = parse_kind(kind)
        on = on or self.today()
        check_delivery_day(on, self.today())
        return summary, kind, on


def _log_in(
    txn: Transaction, history: History, card: Card, summary: str, kind: str, on: date, moment: datetime
) -> tuple[Delivery, Card | None]:
    """Log `card` (an open Steward card of `history`, not logged yet) as a delivery within
    `txn`: the delivery, and the need it answers (the card's)."""
    if card.column != "steward" or not card.is_open:
        where = COLUMN_TITLES[card.column] if card.is_open else "closed"
        raise InputError(f"only an open Steward card can be logged as a delivery ({visible(card.title)!r} is {where})", "card")
    if card.delivery_id is not None and any(d.id == card.delivery_id for d in history.deliveries):
        raise InputError(f"{visible(card.title)!r} is already logged as a delivery", "card")
    need_card = next((c for c in history.cards if c.id == card.need_id), None) if card.need_id else None
    delivery = Delivery(
        id=new_id(),
        client_id=history.client.id,
        on=on,
        kind=kind,
        summary=summary,
        logged=moment,
        need_id=need_card.id if need_card else None,
    )
    card.delivery_id = delivery.id
    txn.put_delivery(delivery)
    txn.put_card(card)
    return delivery, need_card


__all__ = [
    "Deliveries",
    "ChangedElsewhere",
    "KEEP",
    "SHORT_ID",
    "match_need",
    "resolve_need",
    "check_delivery_day",
    "newest_first",
    "find_delivery_in",
    "short_ids",
]
