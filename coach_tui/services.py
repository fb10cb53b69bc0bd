"""The use cases coach offers, shared by the TUI and the shell CLI.

Everything that changes data goes through one `Store.transaction()` per use case, so a
running TUI and `coach log` in another terminal never overwrite each other. Queries read the
store's index (fast whatever the history size); the board reads one client's full file.
No Textual here, and nothing slow at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple

from . import clock
from .domain.errors import InputError
from .domain.facts import ClientFacts, build_facts
from .domain.models import (
    COLUMN_TITLES,
    COLUMNS,
    KINDS,
    TIERS,
    Assessment,
    Cadence,
    Card,
    CardMove,
    Client,
    Commitment,
    Delivery,
    PillarWeek,
    TipShown,
)
from .store.store import History, Snapshot, Store, Transaction
from .textsafe import has_letters, visible

if TYPE_CHECKING:
    from .domain.cadence import CadenceState, Consistency, Relevance
    from .domain.pillars import PillarScore

# The scoring modules (cadence, pillars) are imported by the queries that use them, not here:
# `coach log` never scores anything, and it must start fast.

NAME_LIMIT = 200
TEXT_LIMIT = 2000


def new_id() -> str:
    return os.urandom(6).hex()


class NotFound(InputError):
    """A client or card the user named does not exist."""


class Ambiguous(InputError):
    """A client name matches several clients."""

    def __init__(self, query: str, candidates: list[Client]) -> None:
        self.candidates = candidates
        names = ", ".join(visible(c.name) for c in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(f"{visible(query)!r} matches {len(candidates)} clients: {names}{more}; type more of the name")


# -- validation ---------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """A client name: trimmed, not empty, one line, at most NAME_LIMIT characters."""
    name = name.strip()
    if not has_letters(name):
        raise InputError("a client name can't be empty")
    if "\n" in name or "\r" in name:
        raise InputError("a client name must fit on one line")
    if len(name) > NAME_LIMIT:
        raise InputError(f"a client name can be at most {NAME_LIMIT} characters (this one has {len(name)})")
    return name


def clean_text(text: str, what: str, limit: int = TEXT_LIMIT, required: bool = True) -> str:
    text = text.strip()
    if required and not has_letters(text):
        raise InputError(f"the {what} can't be empty")
    if len(text) > limit:
        raise InputError(f"the {what} can be at most {limit} characters (this one has {len(text)})")
    return text


def as_cadence(value: str | Cadence) -> Cadence:
    from .domain.cadence import parse_cadence

    return value if isinstance(value, Cadence) else parse_cadence(value)


def parse_kind(text: str) -> str:
    kind = text.strip().lower()
    if kind not in KINDS:
        raise InputError(f"unknown kind {visible(text)!r}: use one of {', '.join(KINDS)}")
    return kind


def parse_tier(text: str) -> str:
    tier = text.strip().upper()
    if tier not in TIERS:
        raise InputError(f"unknown tier {visible(text)!r}: use A, B or C")
    return tier


def parse_column(text: str) -> str:
    key = text.strip().lower()
    for column in COLUMNS:
        if column.startswith(key) and key:
            return column
    raise InputError(f"unknown column {visible(text)!r}: use one of {', '.join(COLUMNS)}")


def match_names(query: str, items: Iterable[Any], name: Callable[[Any], str]) -> list[Any]:
    """Items whose name matches `query`, case-insensitively: an exact match wins, then
    prefixes, then substrings."""
    q = query.strip().casefold()
    if not q:
        return []
    items = list(items)
    for test in (
        lambda n: n == q,
        lambda n: n.startswith(q),
        lambda n: q in n,
    ):
        found = [item for item in items if test(name(item).casefold())]
        if found:
            return found
    return []


# -- views --------------------------------------------------------------------------------


class ClientView(NamedTuple):
    """A client as the dashboard and the agenda see it (a named tuple, like the domain's
    results it holds: the agenda makes one per client at every launch)."""

    client: Client
    facts: ClientFacts
    cadence: CadenceState
    consistency: Consistency
    relevance: Relevance
    scores: dict[str, PillarScore]
    weakest: str

    @property
    def untold(self) -> int:
        return self.facts.untold


class Agenda(NamedTuple):
    """Today's agenda: what `coach status` prints and the dashboard summarises."""

    today: date
    views: list[ClientView]  # active clients in urgency order
    portfolio: dict[str, PillarScore]
    weakest: str

    @property
    def overdue(self) -> list[ClientView]:
        return [v for v in self.views if v.cadence.status == "overdue"]

    @property
    def due_this_week(self) -> list[ClientView]:
        from .domain.cadence import due_within

        return [v for v in self.views if due_within(v.cadence, self.today, 7)]

    @property
    def new(self) -> list[ClientView]:
        return [v for v in self.views if v.cadence.status == "new"]

    @property
    def untold(self) -> int:
        return sum(v.untold for v in self.views)

    def to_json(self) -> dict[str, Any]:
        def when(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "date": self.today.isoformat(),
            "active_clients": len(self.views),
            "overdue": [
                {
                    "client": v.client.name,
                    "days_over": v.cadence.days_over,
                    "last_value_add": when(v.cadence.last),
                    "next_due": when(v.cadence.next_due),
                    "cadence": str(v.client.cadence),
                }
                for v in self.overdue
            ],
            "due_this_week": [
                {"client": v.client.name, "next_due": when(v.cadence.next_due), "cadence": str(v.client.cadence)}
                for v in self.due_this_week
            ],
            "new": [{"client": v.client.name, "added": v.client.added.isoformat()} for v in self.new],
            "stewardship_debt": {
                "untold": self.untold,
                "clients": [{"client": v.client.name, "untold": v.untold} for v in self.views if v.untold],
            },
            "weakest_pillar": {
                "pillar": self.weakest,
                "score": self.portfolio[self.weakest].score,
                "evidence": list(self.portfolio[self.weakest].evidence),
            },
            "pillars": {p: s.score for p, s in self.portfolio.items()},
        }


@dataclass(frozen=True)
class Board:
    """One client's board: open cards by column, the full history and the scores."""

    view: ClientView
    history: History
    columns: dict[str, list[Card]]
    tips_shown: list[TipShown] = field(default_factory=list)  # for choosing the board's tip

    @property
    def client(self) -> Client:
        return self.view.client

    @property
    def needs(self) -> list[Card]:
        """Cards that record a need: open Understand cards first, then the rest ever created there."""
        return _needs(self.history.cards)

    def value_adds(self, limit: int | None = None) -> list[Delivery]:
        found = sorted((d for d in self.history.deliveries if d.is_value_add), key=lambda d: (d.on, d.logged), reverse=True)
        return found[:limit] if limit else found

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.history.cards if c.id == card_id), None)


def _needs(cards: Iterable[Card]) -> list[Card]:
    needs = [c for c in cards if c.column == "understand" or (c.moves and c.moves[0].to_column == "understand")]
    return sorted(needs, key=lambda c: (not (c.is_open and c.column == "understand"), c.created))


def _match_need(needs: list[Card], query: str) -> Card | None:
    """The need `query` names, by id or unique title match (open needs preferred); None if
    none matches; an error naming the candidates if several do."""
    found = [c for c in needs if c.id == query] or match_names(query, needs, lambda c: c.title)
    found = [c for c in found if c.is_open] or found
    if len(found) > 1:
        titles = ", ".join(repr(visible(c.title)) for c in found[:5])
        raise InputError(f"the need {visible(query)!r} matches several recorded needs: {titles}; type more of it")
    return found[0] if found else None


def _note_tip(txn: Transaction, tip_id: str, week: date, scope: str) -> None:
    """Record a tip as shown in `week` for `scope`, once."""
    if not any(t.tip_id == tip_id and t.week == week and t.scope == scope for t in txn.snapshot().tips_shown):
        txn.add_tip_shown(TipShown(tip_id, week, scope))


class Change(NamedTuple):
    """A board change that can be undone and redone: card and delivery documents before and
    after (None where the thing did not exist)."""

    client_id: str
    description: str
    cards: tuple[tuple[dict[str, Any] | None, dict[str, Any] | None], ...] = ()
    deliveries: tuple[tuple[dict[str, Any] | None, dict[str, Any] | None], ...] = ()


class Logged(NamedTuple):
    delivery: Delivery
    steward_card: Card | None
    need_card: Card | None  # the Understand card it answers
    need_created: bool
    change: Change


def _views(items: Iterable[tuple[Client, ClientFacts]], today: date, assessment: Assessment | None) -> list[ClientView]:
    """Each client's rhythm and pillar scores on `today`. The scoring modules are imported
    here, once per batch rather than once per client (`coach log` never needs them)."""
    from .domain.cadence import rhythm
    from .domain.pillars import client_scores, weakest_pillar

    views: list[ClientView] = []
    for client, facts in items:
        measured = rhythm(client, facts, today)
        scores = client_scores(client, facts, today, assessment, measured)
        cadence, consistency, relevance = measured
        views.append(ClientView(client, facts, cadence, consistency, relevance, scores, weakest_pillar(scores)))
    return views


# -- the use cases ------------------------------------------------------------------------


class Coach:
    """The use cases over one data folder."""

    def __init__(self, store: Store, today: Callable[[], date] = clock.today, now: Callable[[], datetime] = clock.now):
        self.store = store
        self.today = today
        self.now = now

    # -- queries ----------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return self.store.read()

    def latest_assessment(self, snapshot: Snapshot, today: date | None = None) -> Assessment | None:
        """The self-assessment the scores use today (each pillar's latest recent answer)."""
        from .domain.pillars import current_self_assessment

        return current_self_assessment(snapshot.assessments, today or self.today())

    def view(self, client: Client, facts: ClientFacts, today: date, assessment: Assessment | None) -> ClientView:
        [view] = _views([(client, facts)], today, assessment)
        return view

    def agenda(self, snapshot: Snapshot | None = None) -> Agenda:
        from .domain.cadence import urgency_key
        from .domain.pillars import average_scores, weakest_pillar

        snapshot = snapshot or self.snapshot()
        today = self.today()
        assessment = self.latest_assessment(snapshot, today)
        views = _views(((e.client, e.facts) for e in snapshot.entries if not e.client.archived), today, assessment)
        views.sort(key=lambda v: urgency_key(v.cadence, v.client.name))
        portfolio = average_scores([v.scores for v in views], today, assessment)
        return Agenda(today, views, portfolio, weakest_pillar(portfolio))

    def clients(self, include_archived: bool = False, snapshot: Snapshot | None = None) -> list[Client]:
        snapshot = snapshot or self.snapshot()
        found = [e.client for e in snapshot.entries if include_archived or not e.client.archived]
        return sorted(found, key=lambda c: c.name.casefold())

    def find_client(self, query: str, include_archived: bool = False) -> Client:
        clients = self.clients(include_archived=True)
        pool = clients if include_archived else [c for c in clients if not c.archived]
        found = match_names(query, pool, lambda c: c.name)
        if len(found) == 1:
            return found[0]
        if found:
            raise Ambiguous(query, found)
        archived = [c for c in clients if c.archived and c not in pool]
        if match_names(query, archived, lambda c: c.name):
            raise NotFound(f"{visible(query)!r} is an archived client; unarchive it with `coach client edit --unarchive`")
        raise NotFound(f"no client matches {visible(query)!r}; add one with `coach client add NAME`")

    def needs(self, client_id: str) -> list[Card]:
        """The client's recorded needs (open Understand cards first), for forms: one file read,
        no scoring."""
        return _needs(self.store.read_client(client_id).cards)

    def find_need(self, client_id: str, query: str) -> Card:
        """A recorded need (an Understand card, open ones preferred) by id or unique title match."""
        need = _match_need(self.needs(client_id), query)
        if need is None:
            raise NotFound(f"no recorded need matches {visible(query)!r}; add it with `coach card add CLIENT TITLE`")
        return need

    def board(self, client_id: str) -> Board:
        history = self.store.read_client(client_id)
        today = self.today()
        facts = build_facts(history.client, history.cards, history.deliveries, today)
        snapshot = self.snapshot()
        view = self.view(history.client, facts, today, self.latest_assessment(snapshot, today))
        columns: dict[str, list[Card]] = {c: [] for c in COLUMNS}
        for card in sorted((c for c in history.cards if c.is_open), key=lambda c: (c.entered, c.created)):
            columns[card.column].append(card)
        return Board(view, history, columns, snapshot.tips_shown)

    # -- clients ----------------------------------------------------------------------------
    def _check_unique(self, name: str, snapshot: Snapshot, except_id: str | None = None) -> None:
        for e in snapshot.entries:
            if e.client.id != except_id and e.client.name.casefold() == name.casefold():
                raise InputError(f"a client named {visible(e.client.name)!r} already exists")

    def add_client(
        self,
        name: str,
        cadence: str | Cadence = "14d",
        tier: str = "B",
        sponsor: str = "",
        plan_shared: bool = False,
        added: date | None = None,
    ) -> Client:
        name = clean_name(name)
        cad = as_cadence(cadence)
        client = Client(
            id=new_id(),
            name=name,
            added=added or self.today(),
            cadence=cad,
            tier=parse_tier(tier),
            sponsor=clean_text(sponsor, "sponsor", NAME_LIMIT, required=False),
            plan_shared=plan_shared,
        )
        with self.store.transaction() as txn:
            self._check_unique(name, txn.snapshot())
            txn.put_client(client)
        return client

    def edit_client(self, client_id: str, **changes: Any) -> Client:
        """Change any of name, cadence, tier, sponsor, plan_shared, archived."""
        clean: dict[str, Any] = {}
        if changes.get("name") is not None:
            clean["name"] = clean_name(changes["name"])
        if changes.get("cadence") is not None:
            clean["cadence"] = as_cadence(changes["cadence"])
        if changes.get("tier") is not None:
            clean["tier"] = parse_tier(changes["tier"])
        if changes.get("sponsor") is not None:
            clean["sponsor"] = clean_text(changes["sponsor"], "sponsor", NAME_LIMIT, required=False)
        for flag in ("plan_shared", "archived"):
            if changes.get(flag) is not None:
                clean[flag] = bool(changes[flag])
        with self.store.transaction() as txn:
            snapshot = txn.snapshot()
            entry = snapshot.entry(client_id)
            if entry is None:
                raise NotFound(f"no client with id {client_id}")
            if "name" in clean:
                self._check_unique(clean["name"], snapshot, except_id=client_id)
            client = txn.history(client_id).client
            for key, value in clean.items():
                setattr(client, key, value)
            txn.put_client(client)
        return client

    def archive_client(self, client_id: str, archived: bool = True) -> Client:
        return self.edit_client(client_id, archived=archived)

    # -- deliveries -------------------------------------------------------------------------
    def log_delivery(
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
        Steward card on the board ("tell them what we did")."""
        summary = clean_text(summary, "summary")
        kind = parse_kind(kind)
        on = on or self.today()
        if on > self.today():
            raise InputError(f"{on.isoformat()} is in the future; a delivery can only be logged once it happened")
        moment = self.now()
        with self.store.transaction() as txn:
            history = txn.history(client_id)
            need_card, created = self._resolve_need(history, need, moment)
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
            cards: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
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
        return Logged(delivery, steward, need_card, created, change)

    def _resolve_need(self, history: History, need: str | None, moment: datetime) -> tuple[Card | None, bool]:
        if need is None or not need.strip():
            return None, False
        found = _match_need(_needs(history.cards), need)
        if found is not None:
            return found, False
        text = clean_text(need, "need", NAME_LIMIT)
        card = Card(
            id=new_id(),
            client_id=history.client.id,
            column="understand",
            title=text,
            created=moment,
            moves=[CardMove(moment, None, "understand")],
        )
        return card, True

    # -- cards ------------------------------------------------------------------------------
    def _card(self, history: History, card_id: str) -> Card:
        for card in history.cards:
            if card.id == card_id:
                return card
        raise NotFound(f"no card {card_id} on {visible(history.client.name)}'s board")

    def find_card(self, client_id: str, query: str) -> Card:
        """An open card by id, or by unique title match."""
        history = self.store.read_client(client_id)
        open_cards = [c for c in history.cards if c.is_open]
        by_id = [c for c in open_cards if c.id == query]
        found = by_id or match_names(query, open_cards, lambda c: c.title)
        if len(found) == 1:
            return found[0]
        if found:
            titles = ", ".join(repr(visible(c.title)) for c in found[:5])
            raise InputError(f"{visible(query)!r} matches {len(found)} cards: {titles}; type more of the title")
        raise NotFound(f"no open card matches {visible(query)!r} on {visible(history.client.name)}'s board")

    def add_card(self, client_id: str, column: str, title: str, notes: str = "", need_id: str | None = None) -> Change:
        column = parse_column(column)
        title = clean_text(title, "card title", NAME_LIMIT)
        notes = clean_text(notes, "notes", TEXT_LIMIT * 5, required=False)
        moment = self.now()
        with self.store.transaction() as txn:
            history = txn.history(client_id)
            if need_id is not None:
                self._card(history, need_id)
            card = Card(new_id(), client_id, column, title, moment, notes, need_id, moves=[CardMove(moment, None, column)])
            txn.put_card(card)
        return Change(client_id, f"added {title!r} to {COLUMN_TITLES[column]}", ((None, card.to_dict()),))

    def edit_card(
        self, client_id: str, card_id: str, title: str | None = None, notes: str | None = None, need_id: str | None = ""
    ) -> Change:
        """Edit a card's title, notes or need (need_id "" leaves it, None clears it)."""
        with self.store.transaction() as txn:
            card = self._card(txn.history(client_id), card_id)
            before = card.to_dict()
            if title is not None:
                card.title = clean_text(title, "card title", NAME_LIMIT)
            if notes is not None:
                card.notes = clean_text(notes, "notes", TEXT_LIMIT * 5, required=False)
            if need_id != "":
                card.need_id = need_id
            card.updated = self.now()
            txn.put_card(card)
        return Change(client_id, f"edited {card.title!r}", ((before, card.to_dict()),))

    def move_card(self, client_id: str, card_id: str, step: int) -> Change:
        """Move an open card one column forward (+1) or back (-1), timestamped."""
        if step not in (1, -1):
            raise InputError("a card moves one column at a time")
        with self.store.transaction() as txn:
            card = self._card(txn.history(client_id), card_id)
            if not card.is_open:
                raise InputError(f"{visible(card.title)!r} is closed; it can't move")
            index = COLUMNS.index(card.column) + step
            if not 0 <= index < len(COLUMNS):
                edge = "first" if step < 0 else "last"
                raise InputError(f"{visible(card.title)!r} is already in the {edge} column")
            before = card.to_dict()
            target = COLUMNS[index]
            card.moves.append(CardMove(self.now(), card.column, target))
            card.column = target
            txn.put_card(card)
        return Change(client_id, f"moved {card.title!r} to {COLUMN_TITLES[target]}", ((before, card.to_dict()),))

    def move_card_to(self, client_id: str, card_id: str, column: str) -> Change:
        """Move a card to a named column, one step at a time (each step timestamped)."""
        column = parse_column(column)
        history = self.store.read_client(client_id)
        card = self._card(history, card_id)
        start = COLUMNS.index(card.column)
        target = COLUMNS.index(column)
        if start == target:
            raise InputError(f"{visible(card.title)!r} is already in {COLUMN_TITLES[column]}")
        step = 1 if target > start else -1
        first_before = card.to_dict()
        change = None
        for _ in range(abs(target - start)):
            change = self.move_card(client_id, card_id, step)
        assert change is not None
        return Change(client_id, change.description, ((first_before, change.cards[0][1]),))

    def delete_card(self, client_id: str, card_id: str) -> Change:
        with self.store.transaction() as txn:
            card = self._card(txn.history(client_id), card_id)
            txn.delete_card(client_id, card_id)
        return Change(client_id, f"deleted {card.title!r}", ((card.to_dict(), None),))

    def tell_card(self, client_id: str, card_id: str) -> Change:
        """Mark a Steward card told: it closes (leaves the board, stays in history) and the
        delivery it came from is marked told."""
        with self.store.transaction() as txn:
            history = txn.history(client_id)
            card = self._card(history, card_id)
            if card.column != "steward" or not card.is_open:
                raise InputError(f"only an open Steward card can be marked told ({visible(card.title)!r} is in {COLUMN_TITLES[card.column]})")
            before = card.to_dict()
            card.closed = self.now()
            txn.put_card(card)
            deliveries: tuple[tuple[dict[str, Any] | None, dict[str, Any] | None], ...] = ()
            delivery = next((d for d in history.deliveries if d.id == card.delivery_id), None)
            if delivery and not delivery.told:
                d_before = delivery.to_dict()
                delivery.told = True
                txn.put_delivery(delivery)
                deliveries = ((d_before, delivery.to_dict()),)
        return Change(client_id, f"told the client about {card.title!r}", ((before, card.to_dict()),), deliveries)

    def apply(self, change: Change, undo: bool) -> None:
        """Undo (or redo) a change: put back the documents as they were before (or after)."""
        with self.store.transaction() as txn:
            kinds = (
                (change.cards, Card.from_dict, txn.put_card, txn.delete_card),
                (change.deliveries, Delivery.from_dict, txn.put_delivery, txn.delete_delivery),
            )
            for pairs, parse, put, delete in kinds:
                for before, after in pairs:
                    target, other = (before, after) if undo else (after, before)
                    if target is not None:
                        put(parse(target))
                    elif other is not None:
                        delete(change.client_id, other["id"])

    # -- weekly -----------------------------------------------------------------------------
    def save_assessment(self, week: date, scores: dict[str, int]) -> Assessment:
        for pillar, score in scores.items():
            if not 1 <= int(score) <= 5:
                raise InputError(f"a self-assessment score is 1 to 5 (got {score} for {pillar})")
        assessment = Assessment(week, {p: int(s) for p, s in scores.items()}, self.now())
        with self.store.transaction() as txn:
            txn.put_assessment(assessment)
        return assessment

    def save_commitment(self, week: date, text: str, kept: bool | None = None) -> Commitment:
        commitment = Commitment(week, clean_text(text, "commitment", 300, required=False), kept)
        with self.store.transaction() as txn:
            txn.put_commitment(commitment)
        return commitment

    def record_tip(self, tip_id: str, week: date, scope: str = "portfolio") -> None:
        with self.store.transaction() as txn:
            _note_tip(txn, tip_id, week, scope)

    def record_weekly(self, week: date, scores: dict[str, PillarScore], tip_id: str | None = None) -> None:
        """What the weekly coaching showed this week, in one write: the portfolio's pillar
        scores (kept for the history chart; the latest showing of a week wins) and its tip."""
        with self.store.transaction() as txn:
            txn.put_pillar_week(PillarWeek(week, {p: s.score for p, s in scores.items()}))
            if tip_id is not None:
                _note_tip(txn, tip_id, week, "portfolio")

    def settings(self) -> dict[str, Any]:
        return self.snapshot().settings

    def save_settings(self, **values: Any) -> None:
        with self.store.transaction() as txn:
            txn.put_settings(**values)
