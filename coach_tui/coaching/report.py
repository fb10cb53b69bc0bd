"""The stewardship report: "tell them what we did", ready to paste into an email to the client.

`build_report(history, since, today, fmt)` lists the period's delivered work for one client,
grouped by the need each piece answered, with dates and kinds, between a short friendly
opening line and a closing line. It is a pure function of the client's `History`: the reports
use case (`services.reports`) calls it for the CLI (`coach report`) and the TUI (`ReportScreen`).

What the period holds (both ends included, `since` to `today`):

- every logged delivery dated in the period, value-adds and service work alike;
- every Steward card that reached Steward in the period without a logged delivery behind it
  (work moved through the board to Steward and not logged), shown as "Delivered work". A
  card logged as a delivery from the board (`delivery_id`) is that delivery: listed once.

Items are grouped under the need they answer (the Understand card's title), groups in the
order their first item happened, items oldest first; work that answers no recorded need goes
under "Other", last. `Report.steward_card_ids` names the *open* Steward cards behind the
items: once the report is sent, those are what the user has told the client about.

User text is literal. Each summary and need title is folded onto one line (so nothing a user
typed can start a line, and therefore never becomes a Markdown heading, list or quote) and
passed through `visible()` (so control and direction-override characters show as escapes).
Markdown characters inside a line are left as typed: `*` or `_` in a summary are the user's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from dateutil.relativedelta import relativedelta

from ..domain.dates import ACCEPTED_DATES, day_month, long_date, parse_when
from ..domain.errors import DateError, InputError
from ..domain.models import KIND_TITLES, Card, History
from ..textsafe import visible

Format = Literal["md", "txt"]
FORMATS: tuple[str, ...] = ("md", "txt")

DEFAULT_SINCE = "90d"
OTHER = "Other"

# How a kind reads to the client: the method's names, except service work, which the client
# knows simply as a service we delivered ("business as usual" is our word, not theirs).
KIND_LABELS: dict[str, str] = {**KIND_TITLES, "service": "Service"}
# Work that reached Steward through the board, with no delivery logged for it.
BOARD_WORK_LABEL = "Delivered work"

_PERIOD = re.compile(r"(\d{1,4})\s*(d|w|m)", re.ASCII | re.IGNORECASE)

OPENING = "Here is a short summary of the work we delivered for you {period}, grouped by the need each piece answered."
CLOSING = "I would be glad to talk any of it through, and to hear what would help you most next."
EMPTY = "No delivered work is recorded for {client} {period}."


@dataclass(frozen=True)
class _Item:
    on: date
    order: datetime  # ties within a day keep the order things were logged
    kind: str  # "" for work that reached Steward through the board, no delivery logged
    summary: str
    need_id: str | None
    steward_card_id: str | None  # the open Steward card this item would close when told
    delivery_id: str | None = None  # the logged delivery it is, if any
    card_id: str | None = None  # the card it is (board work), else its open Steward card

    def to_json(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "kind": self.kind or None,
            "label": KIND_LABELS.get(self.kind, BOARD_WORK_LABEL) if self.kind else BOARD_WORK_LABEL,
            "summary": self.summary,
            "delivery_id": self.delivery_id,
            "card_id": self.card_id,
            "untold": self.steward_card_id is not None,
        }


# A need's group: the need's Understand card (None for "Other") and its items, oldest first.
Group = tuple[Card | None, list[_Item]]


@dataclass(frozen=True)
class Report:
    """A finished report: the text to send, and the open Steward cards it tells the client
    about; with the period and the groups it was made of, for `to_json()`."""

    text: str
    steward_card_ids: tuple[str, ...]
    items: int = 0  # pieces of work listed
    since: date | None = None
    until: date | None = None
    groups: tuple[Group, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.items == 0

    def to_json(self) -> dict[str, Any]:
        """The report's data, as `coach report --json` prints it: what its text shows, as values
        (user text as typed, not folded or escaped)."""
        return {
            "from": self.since.isoformat() if self.since else None,
            "to": self.until.isoformat() if self.until else None,
            "period": describe_period(self.since, self.until) if self.since and self.until else None,
            "items": self.items,
            "groups": [
                {
                    "title": OTHER if need is None else need.title,
                    "need": None if need is None else {"id": need.id, "title": need.title},
                    "items": [item.to_json() for item in items],
                }
                for need, items in self.groups
            ],
            "untold_card_ids": list(self.steward_card_ids),
        }


# -- dates ------------------------------------------------------------------------------------


def describe_period(since: date, today: date) -> str:
    """`between 27 Aug and 25 Nov 2026` (the year once when both ends share it)."""
    if since >= today:
        return f"on {long_date(today)}"
    start = day_month(since) if since.year == today.year else long_date(since)
    return f"between {start} and {long_date(today)}"


def parse_since(text: str, today: date) -> date:
    """The first day of a report's period: `90d`, `12w`, `3m` back from today (a month is a
    calendar month), or a past date in any form `parse_when` reads."""
    typed = " ".join(str(text).split())
    match = _PERIOD.fullmatch(typed)
    if match:
        amount, unit = int(match.group(1)), match.group(2).lower()
        step = {"d": relativedelta(days=amount), "w": relativedelta(weeks=amount), "m": relativedelta(months=amount)}[unit]
        try:
            return today - step
        except (OverflowError, ValueError):
            raise InputError(f"--since {visible(typed)!r} reaches back before the calendar starts") from None
    try:
        return parse_when(typed, today)
    except DateError:
        # parse_when's own messages speak of deliveries; say what --since accepts instead.
        raise InputError(
            f"can't read --since {visible(typed)!r}: use a period back from today (90d, 12w, 3m) "
            f"or a past date ({ACCEPTED_DATES})"
        ) from None


# -- the report -------------------------------------------------------------------------------


def one_line(text: str) -> str:
    """User text folded onto one line, controls made visible: it can never start a line."""
    return visible(" ".join(text.split()))


def _reached_steward(card: Card) -> datetime | None:
    """When the card last entered Steward, if it is (or was closed) there."""
    if card.column != "steward":
        return None
    return card.entered


def _items(history: History, since: date, today: date) -> list[_Item]:
    steward_for = {c.delivery_id: c for c in history.cards if c.delivery_id and c.is_open and c.column == "steward"}
    items = []
    for d in history.deliveries:
        if since <= d.on <= today:
            steward = steward_for[d.id].id if d.id in steward_for else None
            items.append(_Item(d.on, d.logged, d.kind, d.summary, d.need_id, steward, d.id, steward))
    logged = {d.id for d in history.deliveries}
    for card in history.cards:
        reached = _reached_steward(card)
        # A card linked to its logged delivery is that delivery: listed once, as the delivery.
        if card.delivery_id not in logged and reached is not None and since <= reached.date() <= today:
            steward = card.id if card.is_open else None
            items.append(_Item(reached.date(), reached, "", card.title, card.need_id, steward, None, card.id))
    return sorted(items, key=lambda i: (i.on, i.order))


def _groups(history: History, items: list[_Item]) -> list[Group]:
    """(need, items) pairs: needs in the order their first item happened, then Other (None)."""
    cards = {c.id: c for c in history.cards}
    by_need: dict[str, list[_Item]] = {}
    other: list[_Item] = []
    for item in items:  # already in date order, so dict order is first-item order
        if item.need_id and item.need_id in cards:
            by_need.setdefault(item.need_id, []).append(item)
        else:
            other.append(item)
    groups: list[Group] = [(cards[need_id], found) for need_id, found in by_need.items()]
    if other:
        groups.append((None, other))
    return groups


def _line(item: _Item) -> str:
    kind = KIND_LABELS.get(item.kind, BOARD_WORK_LABEL) if item.kind else BOARD_WORK_LABEL
    return f"- {long_date(item.on)} · {kind}: {one_line(item.summary)}"


def build_report(history: History, since: date, today: date, fmt: Format = "md") -> Report:
    """The stewardship report for `history`'s client over `since`..`today`, as Markdown or plain text."""
    if fmt not in FORMATS:
        raise InputError(f"unknown report format {visible(str(fmt))!r}: use md or txt")
    client = one_line(history.client.name)
    period = describe_period(since, today)
    title = f"What we did for {client}"
    heading = (lambda text: f"# {text}") if fmt == "md" else (lambda text: text)
    subheading = (lambda text: f"## {text}") if fmt == "md" else (lambda text: text)

    items = _items(history, since, today)
    if not items:
        return Report("\n".join([heading(title), "", EMPTY.format(client=client, period=period)]) + "\n", (), 0, since, today)

    lines = [heading(title), "", OPENING.format(period=period)]
    groups = _groups(history, items)
    for need, group in groups:
        lines += ["", subheading(OTHER if need is None else one_line(need.title))]
        # Markdown wants a blank line between a heading and its list; plain text reads better
        # with the items right under their need.
        if fmt == "md":
            lines.append("")
        lines += [_line(item) for item in group]
    lines += ["", CLOSING]
    stewards = tuple(i.steward_card_id for i in items if i.steward_card_id)
    return Report("\n".join(lines) + "\n", stewards, len(items), since, today, tuple(groups))


def default_filename(client_name: str, today: date, fmt: Format = "md") -> str:
    """A file name for a saved report: `acme-logistics-stewardship-2026-11-25.md`."""
    slug = re.sub(r"[^\w]+", "-", client_name.casefold()).strip("-_") or "client"
    return f"{slug[:40].rstrip('-')}-stewardship-{today.isoformat()}.{fmt}"


__all__ = [
    "FORMATS",
    "DEFAULT_SINCE",
    "OTHER",
    "KIND_LABELS",
    "BOARD_WORK_LABEL",
    "Report",
    "describe_period",
    "parse_since",
    "one_line",
    "build_report",
    "default_filename",
]
