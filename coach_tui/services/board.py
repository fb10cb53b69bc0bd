"""A client's board: read it (open cards by column, the history, the scores and this week's
tip), and change its cards: add, edit, move, delete, mark told.

Each change is one transaction that reads the card under the lock and decides there, and comes
back as a `Change` (the documents before and after, which the board focuses by). The store's
journal keeps every change for undo (`services.journal`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..domain.errors import InputError, NotFound
from ..domain.facts import build_facts
from ..domain.models import COLUMN_TITLES, COLUMNS, Card, CardMove, History, TipShown
from ..domain.validation import clean_line, clean_notes, clean_title, match_names, parse_column
from ..textsafe import visible
from .base import UseCases, new_id
from .portfolio import score_views
from .read_models import Board, Change, ClientView, Doc, Move

if TYPE_CHECKING:
    from ..coaching.tips import Tip
    from ..store.repository import Repository, Transaction


def find_card_in(history: History, card_id: str) -> Card:
    for card in history.cards:
        if card.id == card_id:
            return card
    raise NotFound(f"no card {card_id} on {visible(history.client.name)}'s board", "card")


def note_tip(txn: Transaction, tip_id: str, week: date, scope: str) -> None:
    """Record a tip as shown in `week` for `scope`, once."""
    if not any(t.tip_id == tip_id and t.week == week and t.scope == scope for t in txn.head().tips_shown):
        txn.add_tip_shown(TipShown(tip_id, week, scope))


def _step(card: Card, step: int, moment: datetime) -> str:
    """Move an open card one column (`step` +1 or -1), timestamped; the column it reached."""
    if not card.is_open:
        raise InputError(f"{visible(card.title)!r} is closed; it can't move", "card")
    index = COLUMNS.index(card.column) + step
    if not 0 <= index < len(COLUMNS):
        edge = "first" if step < 0 else "last"
        raise InputError(f"{visible(card.title)!r} is already in the {edge} column", "card")
    target = COLUMNS[index]
    card.moves.append(CardMove(moment, card.column, target))
    card.column = target
    return target


def _walk(card: Card, column: str, moment: datetime) -> None:
    """Move a card to `column` one step at a time, each step in its history."""
    start, target = COLUMNS.index(card.column), COLUMNS.index(column)
    for _ in range(abs(target - start)):
        _step(card, 1 if target > start else -1, moment)


def move_in(history: History, card_id: str, step: int | None, column: str | None, moment: datetime) -> tuple[Card, Doc, Move]:
    """Move a card of `history` one column (`step` +1 or -1) or to `column` (one step at a
    time, each timestamped), in memory: the card moved, its document before, and the move.
    The caller puts the card in its transaction."""
    card = find_card_in(history, card_id)
    origin = card.column
    if column is not None:
        column = parse_column(column)
        if column == card.column:
            raise InputError(f"{visible(card.title)!r} is already in {COLUMN_TITLES[column]}", "column")
        before = card.to_dict()
        _walk(card, column, moment)
    else:
        if step not in (1, -1):
            raise InputError("a card moves one column at a time", "card")
        before = card.to_dict()
        _step(card, step, moment)
    return card, before, Move(card_id, origin, card.column)


def tell_in(txn: Transaction, history: History, card_id: str, moment: datetime) -> Change:
    """Mark an open Steward card told within `txn`, and the delivery it came from."""
    card = find_card_in(history, card_id)
    if card.column != "steward" or not card.is_open:
        raise InputError(
            f"only an open Steward card can be marked told ({visible(card.title)!r} is in {COLUMN_TITLES[card.column]})", "card"
        )
    before = card.to_dict()
    card.closed = moment
    txn.put_card(card)
    deliveries: tuple[tuple[Doc | None, Doc | None], ...] = ()
    delivery = next((d for d in history.deliveries if d.id == card.delivery_id), None)
    if delivery and not delivery.told:
        d_before = delivery.to_dict()
        delivery.told = True
        txn.put_delivery(delivery)
        deliveries = ((d_before, delivery.to_dict()),)
    return Change(history.client.id, f"told the client about {card.title!r}", ((before, card.to_dict()),), deliveries)


class Boards(UseCases):
    """Reading a board and changing its cards.

    A board is one client's file; only its tip needs the index (the tips shown so far), whose
    size grows with the portfolio's. So the tips shown are kept with the store's change token
    they were read at, and read again only once the token moved; a write of this area, which
    adds no tip shown (or adds the one it knows), carries them over to the token after it.
    Opening a board, or changing a card, then reads one client's file whatever the size of
    the portfolio."""

    def __init__(self, repo: Repository, today: Callable[[], date], now: Callable[[], datetime]) -> None:
        super().__init__(repo, today, now)
        self._tips_shown: tuple[Hashable, list[TipShown]] | None = None  # (token, the index's)

    def read(self, client_id: str) -> Board:
        """The board as it is now, scored today, with the coaching tip for its weakest pillar."""
        token = self.repo.change_token()
        history = self.repo.read_client(client_id)
        today = self.today()
        facts = build_facts(*history)
        [view] = score_views([(history.client, facts)], today)
        columns: dict[str, list[Card]] = {c: [] for c in COLUMNS}
        for card in sorted((c for c in history.cards if c.is_open), key=lambda c: (c.entered, c.created)):
            columns[card.column].append(card)
        tip = self._tip(view, self.tips_shown(token))
        return Board(view, history, columns, today, tip, token)

    def tips_shown(self, token: Hashable) -> list[TipShown]:
        """The tips shown so far, as the index holds them at `token` (read before, so a write
        landing meanwhile makes the next call read them again rather than miss it)."""
        kept = self._tips_shown
        if kept is not None and kept[0] == token:
            return kept[1]
        shown = self.repo.head().tips_shown  # the index's weekly entries, no client's entry
        self._tips_shown = (token, shown)
        return shown

    @contextmanager
    def _writing(self, shown: Callable[[list[TipShown]], list[TipShown]] | None = None) -> Iterator[Transaction]:
        """A transaction of this area. The tips shown kept, if current when it began (its
        token is read under the lock, so nobody else has written since), are carried over to
        the token after it, changed by `shown` when the transaction adds one."""
        with self.repo.transaction() as txn:
            before = self.repo.change_token()
            yield txn
        kept = self._tips_shown
        if kept is not None and kept[0] == before:
            # Read once the lock is released: a write from elsewhere landing in that instant
            # would only make the next board's tip not know of a tip that write recorded.
            self._tips_shown = (self.repo.change_token(), shown(kept[1]) if shown else kept[1])
        else:
            self._tips_shown = None

    def _tip(self, view: ClientView, shown: list[TipShown]) -> Tip | None:
        """This week's tip for the client's failing signal (whose premises the account holds);
        None when the tip library can't be used (the board shows without it)."""
        from ..coaching.tips import TipLibraryError, choose_tip
        from ..domain.dates import week_start

        client = view.client
        try:
            return choose_tip(
                view.failing, shown, week_start(self.today()), client.id, view.facts.premises, client_name=client.name
            )
        except (TipLibraryError, ValueError):
            return None

    def record_tip(self, client_id: str, tip_id: str) -> None:
        """Remember that this week's tip was shown on the client's board, so next week brings
        a different one."""
        from ..domain.dates import week_start

        shown = TipShown(tip_id, week_start(self.today()), client_id)
        with self._writing(lambda tips: tips if shown in tips else [*tips, shown]) as txn:
            note_tip(txn, shown.tip_id, shown.week, shown.scope)

    def find_card(self, client_id: str, query: str) -> Card:
        """An open card by id, or by unique title match."""
        history = self.repo.read_client(client_id)
        open_cards = [c for c in history.cards if c.is_open]
        by_id = [c for c in open_cards if c.id == query]
        found = by_id or match_names(query, open_cards, lambda c: c.title)
        if len(found) == 1:
            return found[0]
        if found:
            titles = ", ".join(repr(visible(c.title)) for c in found[:5])
            raise InputError(f"{visible(query)!r} matches {len(found)} cards: {titles}; type more of the title", "card")
        raise NotFound(f"no open card matches {visible(query)!r} on {visible(history.client.name)}'s board", "card")

    def add_card(
        self,
        client_id: str,
        column: str,
        title: str,
        notes: str = "",
        need_id: str | None = None,
        owner: str = "",
        due: date | None = None,
    ) -> Change:
        column = parse_column(column)
        title = clean_title(title)
        notes = clean_notes(notes)
        owner = clean_line(owner, "owner", "owner")
        moment = self.now()
        with self._writing() as txn:
            history = txn.history(client_id)
            if need_id is not None:
                find_card_in(history, need_id)
            card = Card(
                new_id(),
                client_id,
                column,
                title,
                moment,
                notes,
                need_id,
                moves=[CardMove(moment, None, column)],
                owner=owner,
                due=due,
            )
            txn.put_card(card)
        return Change(client_id, f"added {title!r} to {COLUMN_TITLES[column]}", ((None, card.to_dict()),))

    def edit_card(
        self,
        client_id: str,
        card_id: str,
        title: str | None = None,
        notes: str | None = None,
        need_id: str | None = "",
        owner: str | None = None,
        due: date | None | str = "",
    ) -> Change:
        """Edit a card's title, notes, need, owner or due date (None leaves a text as it is;
        need_id and due "" leave them, None clears them)."""
        title = clean_title(title) if title is not None else None
        notes = clean_notes(notes) if notes is not None else None
        owner = clean_line(owner, "owner", "owner") if owner is not None else None
        with self._writing() as txn:
            card = find_card_in(txn.history(client_id), card_id)
            before = card.to_dict()
            if title is not None:
                card.title = title
            if notes is not None:
                card.notes = notes
            if need_id != "":
                card.need_id = need_id
            if owner is not None:
                card.owner = owner
            if not isinstance(due, str):
                card.due = due
            card.updated = self.now()
            txn.put_card(card)
        return Change(client_id, f"edited {card.title!r}", ((before, card.to_dict()),))

    def move_card(self, client_id: str, card_id: str, step: int) -> Change:
        """Move an open card one column forward (+1) or back (-1), timestamped."""
        if step not in (1, -1):
            raise InputError("a card moves one column at a time", "card")
        with self._writing() as txn:
            card, before, move = move_in(txn.history(client_id), card_id, step, None, self.now())
            txn.put_card(card)
        target = COLUMN_TITLES[move.to_column]
        return Change(client_id, f"moved {card.title!r} to {target}", ((before, card.to_dict()),), move=move)

    def move_card_to(self, client_id: str, card_id: str, column: str) -> Change:
        """Move a card to a named column, one step at a time (each step timestamped), all in
        one transaction: where the card is, is read under the lock."""
        column = parse_column(column)
        with self._writing() as txn:
            card, before, move = move_in(txn.history(client_id), card_id, None, column, self.now())
            txn.put_card(card)
        return Change(client_id, f"moved {card.title!r} to {COLUMN_TITLES[column]}", ((before, card.to_dict()),), move=move)

    def delete_card(self, client_id: str, card_id: str) -> Change:
        with self._writing() as txn:
            card = find_card_in(txn.history(client_id), card_id)
            txn.delete_card(client_id, card_id)
        return Change(client_id, f"deleted {card.title!r}", ((card.to_dict(), None),))

    def tell_card(self, client_id: str, card_id: str) -> Change:
        """Mark a Steward card told: it closes (leaves the board, stays in history) and the
        delivery it came from is marked told."""
        with self._writing() as txn:
            return tell_in(txn, txn.history(client_id), card_id, self.now())


__all__ = ["Boards", "find_card_in", "move_in", "note_tip", "tell_in"]
