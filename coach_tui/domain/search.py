"""Searching the portfolio: a query (free text and `status:` / `tier:` tokens), each client's
searchable text, and where a query matched it. Pure: no I/O.

A query such as `freight status:overdue tier:a` keeps the clients that are overdue, of tier A,
and whose text holds "freight" somewhere: the name, a card's title or notes, a delivery's
summary, a need, a person's name or title, a touch's note, a goal, an initiative, an
opportunity. Every word of the free text must be found (anywhere in the client's text, in any
case, with or without accents); `"a phrase"` in quotes is found as it is. Tokens of one key
are alternatives (`status:overdue status:due`, or `status:overdue,due`).

Archived clients are out of every search, unless the query asks for them: `status:archived`
keeps the archived clients (and, beside another status, `status:overdue,archived`, the overdue
active ones too). A list that already holds archived clients (the review with `A`) keeps them
when no status is asked for: the words are looked for in their text as in the others'.

`ClientText` keeps each field's text folded once (`fold`), and all of it joined, so a query
tests each client with one substring search a word: a few milliseconds for 5,000 clients.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..textsafe import visible
from .errors import InputError
from .folding import fold
from .models import COLUMNS, TIERS

if TYPE_CHECKING:
    from .models import History

# The statuses a token names, as the dashboard shows them (domain.cadence's statuses), and the
# words a user may type for each.
STATUS_WORDS: dict[str, str] = {
    "overdue": "overdue",
    "due": "due soon",
    "due-soon": "due soon",
    "soon": "due soon",
    "ok": "on track",
    "on-track": "on track",
    "track": "on track",
    "new": "new",
    "archived": "archived",
}
ARCHIVED = "archived"  # not a cadence status: the status that keeps the archived clients
KEYS = ("status", "tier")
_WORD = re.compile(r'"([^"]*)"?|(\S+)')
SNIPPET = 60  # cells of a matched field shown around the match


class Query(NamedTuple):
    """A parsed query: the free text's words (folded) and the statuses and tiers asked for
    (empty: any)."""

    terms: tuple[str, ...] = ()
    statuses: frozenset[str] = frozenset()
    tiers: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.terms or self.statuses or self.tiers)

    @property
    def archived(self) -> bool:
        """Whether the query asks for the archived clients (`status:archived`)."""
        return ARCHIVED in self.statuses

    def keeps(self, status: str, tier: str, archived: bool = False) -> bool:
        """Whether a client of this cadence status and tier (and archived or not) passes the
        tokens: an archived one only `status:archived`, or no status asked for at all (the
        list it is in holds it: the review with `A`)."""
        if self.tiers and tier not in self.tiers:
            return False
        if not self.statuses:
            return True
        return ARCHIVED in self.statuses if archived else status in self.statuses


def parse_query(text: str) -> Query:
    """The query typed: `status:` and `tier:` tokens, the rest free text.

    Raises:
        InputError: for a token whose value is not a status or tier (naming what is).
    """
    terms: list[str] = []
    statuses: set[str] = set()
    tiers: set[str] = set()
    for match in _WORD.finditer(text):
        quoted, word = match.group(1), match.group(2)
        if quoted is not None:
            if phrase := fold(quoted.strip()):
                terms.append(phrase)
            continue
        key, colon, value = word.partition(":")
        if colon and key.casefold() in KEYS:
            values = [v for v in value.split(",") if v]
            if not values:
                continue  # "status:" being typed: no filter yet
            if key.casefold() == "status":
                statuses.update(_status(v) for v in values)
            else:
                tiers.update(_tier(v) for v in values)
            continue
        terms.append(fold(word))
    return Query(tuple(terms), frozenset(statuses), frozenset(tiers))


def _status(value: str) -> str:
    status = STATUS_WORDS.get(value.casefold())
    if status is None:
        raise InputError(f"unknown status {visible(value)!r}: use overdue, due, ok, new or archived", "query")
    return status


def _tier(value: str) -> str:
    tier = value.upper()
    if tier not in TIERS:
        raise InputError(f"unknown tier {visible(value)!r}: use {', '.join(TIERS[:-1])} or {TIERS[-1]}", "query")
    return tier


class Field(NamedTuple):
    """One searchable piece of a client: what it is (`kind`: name, card, notes, need,
    delivery, person, touch, goal, initiative, opportunity), the record it belongs to
    (`label`: a card's title, a delivery's day, a person's name) and its text."""

    kind: str
    label: str
    text: str

    def describe(self) -> str:
        """Where it is, for a person: `card 'Freight audit'`, `notes of card 'Freight audit'`."""
        if self.kind == "name":
            return "name"
        if self.kind == "notes":
            return f"notes of card {self.label!r}"
        if self.kind in ("delivery", "touch"):
            return f"{self.kind} of {self.label}"
        return f"{self.kind} {self.label!r}"


class Hit(NamedTuple):
    """Where a query matched a client: the field, and a snippet of its text around the match."""

    field: Field
    snippet: str

    def describe(self) -> str:
        return self.field.describe()


class ClientText:
    """A client's searchable text: its fields, and all of them folded and joined (each field is
    folded again only to say where a query matched, for one client at a time)."""

    __slots__ = ("client_id", "fields", "_joined")

    def __init__(self, client_id: str, fields: Sequence[Field]) -> None:
        self.client_id = client_id
        self.fields = tuple(fields)
        self._joined = "\n".join(fold(f.text) for f in self.fields)

    def matches(self, terms: Sequence[str]) -> bool:
        """Every term is found in the client's text."""
        joined = self._joined
        return all(term in joined for term in terms)

    def hit(self, terms: Sequence[str]) -> Hit | None:
        """Where `terms` matched: the first field holding all of them, else the first holding
        the first one (None when they do not all match, or there are none)."""
        if not terms or not self.matches(terms):
            return None
        folded = [fold(f.text) for f in self.fields]
        index = next((i for i, text in enumerate(folded) if all(t in text for t in terms)), None)
        if index is None:
            index = next((i for i, text in enumerate(folded) if terms[0] in text), 0)
        field = self.fields[index]
        return Hit(field, snippet(field.text, folded[index].find(terms[0]), len(terms[0])))


def snippet(text: str, at: int, length: int, width: int = SNIPPET) -> str:
    """One line of `text` around position `at` (of the folded text, which is as long as the
    text for almost every text), at most `width` characters, with … where it is cut."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    at = max(0, min(at, len(line)))
    start = max(0, min(at - (width - length) // 2, len(line) - width))
    end = start + width
    cut = line[start:end]
    if start and " " in cut[: width // 4]:
        cut = cut[cut.index(" ") + 1 :]  # from a word's start
    if end < len(line) and " " in cut[-width // 4 :]:
        cut = cut[: cut.rindex(" ")]  # to a word's end
    return ("…" if start else "") + cut.strip() + ("…" if end < len(line) else "")


def client_fields(history: History) -> list[Field]:
    """A client's searchable fields, in the order a match is reported: the name, its open
    cards by column (Understand cards are its needs), their notes, deliveries newest first,
    people, touches, the plan's goals and initiatives, opportunities; closed cards last."""
    fields = [Field("name", history.client.name, history.client.name)]
    needs = {c.id: c.title for c in history.cards if c.column == COLUMNS[0]}
    cards = sorted(history.cards, key=lambda c: (c.closed is not None, COLUMNS.index(c.column)))
    for card in cards:
        fields.append(Field("need" if card.column == COLUMNS[0] else "card", card.title, card.title))
    for card in cards:
        if card.notes:
            fields.append(Field("notes", card.title, card.notes))
        if card.owner:
            fields.append(Field("card", card.title, card.owner))
    for delivery in sorted(history.deliveries, key=lambda d: d.on, reverse=True):
        fields.append(Field("delivery", delivery.on.isoformat(), delivery.summary))
        if delivery.need_id in needs:
            fields.append(Field("need", needs[delivery.need_id], needs[delivery.need_id]))
    people = {p.id: p.name for p in history.people}
    for person in history.people:
        fields.append(Field("person", person.name, f"{person.name}, {person.title}" if person.title else person.name))
    for touch in history.touches:
        if touch.note:
            fields.append(Field("touch", f"{touch.on.isoformat()} with {people.get(touch.person_id, '?')}", touch.note))
    if history.plan is not None:
        fields += [
            Field("goal", goal.text, " ".join(filter(None, (goal.text, goal.metric, goal.target)))) for goal in history.plan.goals
        ]
        fields += [Field("initiative", i.text, i.text) for i in history.plan.initiatives]
    for opp in history.opportunities:
        fields.append(Field("opportunity", opp.title, opp.title))
        if opp.next_step:
            fields.append(Field("opportunity", opp.title, opp.next_step))
    return fields


def client_text(history: History) -> ClientText:
    return ClientText(history.client.id, client_fields(history))


def name_text(client_id: str, name: str) -> ClientText:
    """A client's text while only its name is known."""
    return ClientText(client_id, [Field("name", name, name)])


def matching(texts: Iterable[ClientText], terms: Sequence[str]) -> list[str]:
    """The ids of the clients whose text holds every term."""
    return [t.client_id for t in texts if t.matches(terms)]


__all__ = [
    "STATUS_WORDS",
    "ARCHIVED",
    "Query",
    "parse_query",
    "Field",
    "Hit",
    "ClientText",
    "client_fields",
    "client_text",
    "name_text",
    "matching",
    "snippet",
]
