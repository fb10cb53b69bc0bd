"""A client's timeline: everything that happened on the account, newest first.

Every delivery, every card move (a card's creation, each step between columns, its closing
once told), every touch, every share of the account plan and every stage an opportunity
reached, each with its day and a short description. The descriptions hold the user's text
as it is (a screen shows it literally, through `visible()`). Built from one read of the
client's file; years of history are a few thousand entries, built in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import TYPE_CHECKING, NamedTuple

from ..domain.models import COLUMN_TITLES, KIND_TITLES
from .base import UseCases
from .read_models import needs_of

if TYPE_CHECKING:
    from ..domain.models import Card, Client, Delivery, History

# The kinds of entry, in the order the timeline's filter keys (1 to 5) toggle them.
ENTRY_KINDS: tuple[str, ...] = ("delivery", "card", "touch", "share", "stage")
ENTRY_TITLES: dict[str, str] = {
    "delivery": "deliveries",
    "card": "card moves",
    "touch": "touches",
    "share": "plan shares",
    "stage": "opportunity stages",
}
ENTRY_LABELS: dict[str, str] = {
    "delivery": "delivery",
    "card": "card",
    "touch": "touch",
    "share": "plan share",
    "stage": "opportunity",
}


class Entry(NamedTuple):
    """One thing that happened: its day, when exactly (for the order within a day), its kind,
    what happened in a few words, a key unique in the timeline, and for a delivery its id."""

    day: date
    at: datetime
    kind: str
    text: str
    key: str
    delivery_id: str | None = None


class Timeline(NamedTuple):
    """A client's timeline, newest first, and the deliveries its entries can edit."""

    client: Client
    today: date
    entries: tuple[Entry, ...]
    deliveries: dict[str, Delivery]
    needs: tuple[Card, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many entries of each kind."""
        found = dict.fromkeys(ENTRY_KINDS, 0)
        for entry in self.entries:
            found[entry.kind] += 1
        return found

    def of_kinds(self, kinds: Iterable[str]) -> list[Entry]:
        wanted = set(kinds)
        return [e for e in self.entries if e.kind in wanted]


def _quoted(text: str) -> str:
    return f"“{text}”"


def _delivery(d: Delivery, needs: dict[str, str]) -> Entry:
    text = f"{KIND_TITLES[d.kind].split(' (')[0]}: {d.summary}"
    if d.need_id and d.need_id in needs:
        text += f" · answers {_quoted(needs[d.need_id])}"
    text += " · told" if d.told else " · not told yet"
    return Entry(d.on, d.logged, "delivery", text, f"d-{d.id}", d.id)


def _card(card: Card) -> Iterator[Entry]:
    title = _quoted(card.title)
    for n, move in enumerate(card.moves):
        if move.from_column is None:
            text = f"Card {title} added to {COLUMN_TITLES[move.to_column]}"
        else:
            text = f"Card {title} moved {COLUMN_TITLES[move.from_column]} → {COLUMN_TITLES[move.to_column]}"
        yield Entry(move.at.date(), move.at, "card", text, f"c-{card.id}-{n}")
    if not card.moves:
        yield Entry(card.created.date(), card.created, "card", f"Card {title} added", f"c-{card.id}-0")
    if card.closed is not None:
        yield Entry(card.closed.date(), card.closed, "card", f"Card {title} told to the client: closed", f"c-{card.id}-closed")


def build_timeline(history: History, today: date) -> Timeline:
    """Every entry of the client's history, newest first."""
    names = {p.id: p.name for p in history.people}
    need_titles = {c.id: c.title for c in history.cards}
    entries: list[Entry] = [_delivery(d, need_titles) for d in history.deliveries]
    for card in history.cards:
        entries.extend(_card(card))
    for touch in history.touches:
        text = f"{touch.kind.capitalize()} with {names.get(touch.person_id, 'someone since removed')}"
        ours = [names[p] for p in touch.ours if p in names]
        if ours:
            text += f" (with {', '.join(ours)})"
        if touch.note:
            text += f": {touch.note}"
        at = touch.logged or datetime.combine(touch.on, time())
        entries.append(Entry(touch.on, at, "touch", text, f"t-{touch.id}"))
    if history.plan is not None:
        for n, share in enumerate(history.plan.shares):
            who = [names[p] for p in share.person_ids if p in names]
            if not who:
                who = [w for w, yes in (("the client", share.with_client), ("our team", share.with_team)) if yes] or ["someone"]
            entries.append(
                Entry(share.on, datetime.combine(share.on, time()), "share", f"Plan shared with {', '.join(who)}", f"s-{n}")
            )
    for opp in history.opportunities:
        title = _quoted(opp.title)
        for n, (at, stage) in enumerate(opp.stages):
            text = f"Opportunity {title} added as {stage}" if n == 0 else f"Opportunity {title} → {stage}"
            entries.append(Entry(at.date(), at, "stage", text, f"o-{opp.id}-{n}"))
    entries.sort(key=lambda e: (e.day, e.at, e.key), reverse=True)
    deliveries = {d.id: d for d in history.deliveries}

    return Timeline(history.client, today, tuple(entries), deliveries, tuple(needs_of(history.cards)))


class Timelines(UseCases):
    """Reading a client's timeline."""

    def read(self, client_id: str) -> Timeline:
        return build_timeline(self.repo.read_client(client_id), self.today())


__all__ = ["Timelines", "Timeline", "Entry", "build_timeline", "ENTRY_KINDS", "ENTRY_TITLES", "ENTRY_LABELS"]
