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
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta

from .models import COLUMNS, Cadence, Card, Client, Delivery

RELEVANCE_DAYS = 90
_COLUMN_AT = dict(enumerate(COLUMNS))  # a stored column index; a KeyError for any other value
CONSISTENCY_WINDOWS = 6


class CardFact(NamedTuple):
    """An open card reduced to what the rules read. A named tuple, not a frozen dataclass:
    the dashboard decodes one per open card of every client at launch (thousands), and a
    frozen dataclass takes several times longer to build."""

    column: str
    entered: date  # the day it entered its current column
    created: date
    linked: bool  # answers a recorded need (need_id set)

    def to_list(self) -> list[Any]:
        return [COLUMNS.index(self.column), self.entered.toordinal(), self.created.toordinal(), int(self.linked)]


@dataclass(frozen=True)
class ClientFacts:
    value_adds: tuple[tuple[date, bool], ...]  # (day, linked to a need) since the horizon, sorted
    last_value_add: date | None  # the latest value-add ever, even before the horizon
    cards: tuple[CardFact, ...]  # open cards only
    last_understand_change: date | None  # latest add, move, edit or close of an Understand card
    deliveries: int  # all deliveries ever logged, value-adds and service

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
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClientFacts:
        # Every launch decodes every client's facts: list comprehensions and local names,
        # a third quicker than generators and a constructor call for each card.
        day = date.fromordinal
        make = CardFact._make
        column = _COLUMN_AT
        last, luc = d.get("last"), d.get("luc")
        return cls(
            value_adds=tuple([(day(v >> 1), bool(v & 1)) for v in d.get("va", [])]),
            last_value_add=day(last) if last else None,
            cards=tuple([make((column[c[0]], day(c[1]), day(c[2]), bool(c[3]))) for c in d.get("cards", [])]),
            last_understand_change=day(luc) if luc else None,
            deliveries=int(d.get("n", 0)),
        )


EMPTY_FACTS = ClientFacts((), None, (), None, 0)


def shift(day: date, cadence: Cadence, windows: int = 1) -> date:
    """`day` moved by `windows` cadence windows (negative: back in time). A month is a
    calendar month (Jan 31 + 1m is Feb 28); days and weeks take the fast timedelta path,
    which matters when the dashboard does this thousands of times."""
    if cadence.unit == "m":
        return day + relativedelta(months=cadence.amount * windows)
    return day + timedelta(days=cadence.amount * windows * (7 if cadence.unit == "w" else 1))


def horizon_start(cadence: Cadence, as_of: date) -> date:
    """The earliest day any rule looks back to from `as_of` or later."""
    windows_back = shift(as_of, cadence, -CONSISTENCY_WINDOWS)
    return min(windows_back, as_of - timedelta(days=RELEVANCE_DAYS)) - timedelta(days=1)


def build_facts(client: Client, cards: Iterable[Card], deliveries: Iterable[Delivery]) -> ClientFacts:
    """Reduce a client's full history to its facts: valid for every day from its latest
    value-add on, and built from the history alone (no clock is read)."""
    every: list[tuple[date, bool]] = []
    count = 0
    for d in deliveries:
        count += 1
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
            open_cards.append(CardFact(c.column, c.entered.date(), c.created.date(), c.need_id is not None))
    return ClientFacts(tuple(value_adds), last, tuple(open_cards), luc, count)
