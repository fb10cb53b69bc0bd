"""The `Repository`: what the use cases need of a store, and nothing about how it keeps data.

The services read and write only through this protocol, so a second backend (PostgreSQL) can
stand behind them without a use case changing. The folder store (`store.folder.FolderStore`)
is the first implementation.

- `read()` gives the index: every client's record with its `ClientFacts` (what the scores
  need, a few hundred bytes a client), the weekly entries and the settings. Fast whatever the
  size of the history: the dashboard and `coach status` read only this.
- `names()` gives every client's id, name and archived flag (finding a client by name needs
  no more), and `entry(id)` one client's index entry: a `coach log` reads these two, whatever
  the size of the portfolio.
- `read_client(id)` gives one client's full `History` (cards with their moves, deliveries,
  the people and touches, the account plan, the opportunities).
- `client_stamp(id)` changes whenever that client's data is written (None: no such client),
  so a reader can keep what it read of each client until it changes (the search index).
- `change_token()` changes whenever any write lands, from this process or another one.
- `watch(on_change, on_trouble)` asks the store to call `on_change` (from a thread of its own)
  whenever a write may have landed, and `on_trouble` with one line when it can't reach its
  data (a server gone) and with None when it can again; it gives back a function that stops
  it, or None when the store can't tell (the folder store: the app then checks
  `change_token()` ten times a second). A store that watches keeps `change_token()` free of
  I/O while it does (PostgreSQL: LISTEN/NOTIFY).
- `memo(kind, tag, make)` gives the index without its entries, a row for every client and a
  total for each group of clients, made by `make` from a group's entries: a store may keep
  them (the folder store keeps them for each shard, on disk) and make them again only for
  the groups whose entries changed since or when `tag` differs, so a command that needs only
  a summary of every client (`coach status`) need not decode and score them all every time.
- `journal()` gives the undo journal: the last changes the user made, and those undone.
- `transaction()` is the one way to write: it takes the store's lock, reads fresh data under
  it (`snapshot()`, `history(id)`), lets the caller decide and change, and writes everything
  at once when the block ends without an error (nothing at all when it raises). A use case
  that reads, decides and writes in one transaction never overwrites a change it did not see.

Every error a store raises is a `StoreError` (a `DataError`): one line naming the file or
the server, fit to show the user.

A team store (PostgreSQL) also offers a `Team`: the members of the teams the connected role
leads (`members()`), and each member's portfolio as a `Repository` of its own
(`portfolio(role)`), which the leader's view reads and never writes (`services.team`).

The protocols are for the type checker: the services import this module under
`TYPE_CHECKING` only, so defining them costs a `coach log` nothing. What a store hands back,
`Snapshot`, is a class of its own module (`store.snapshot`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from ..domain.account import Opportunity, Person, Plan, Touch
    from ..domain.facts import ClientFacts
    from ..domain.journal import Entry
    from ..domain.models import Assessment, Card, Client, Commitment, Delivery, History, PillarWeek, TipShown
    from .snapshot import Snapshot


class IndexEntry(Protocol):
    """A client as the index knows it: its record and its facts (which a store may decode
    lazily: finding a client by name needs only the records)."""

    @property
    def client(self) -> Client: ...

    @property
    def facts(self) -> ClientFacts: ...


# How a memo's group of rows is made (`Repository.memo`): a group of entries in, a row for each
# client (by id) and the group's total out.
MakeMemo = Callable[[list[IndexEntry]], tuple[dict[str, Any], Any]]
# What a caller keeps of a group of rows as the store reads them (`Repository.memo`'s `read`).
ReadMemo = Callable[[dict[str, Any]], dict[str, Any]]


class Transaction(Protocol):
    """Changes made under the store's lock; nothing is written until the transaction ends."""

    def snapshot(self) -> Snapshot: ...

    def head(self) -> Snapshot:
        """The weekly entries and settings as this transaction sees them, without any
        client's entry: what a weekly change or a tip shown builds on, without reading the
        whole portfolio."""
        ...

    def history(self, client_id: str) -> History: ...

    def put_client(self, client: Client) -> None: ...

    def put_card(self, card: Card) -> None: ...

    def delete_card(self, client_id: str, card_id: str) -> None: ...

    def put_delivery(self, delivery: Delivery) -> None: ...

    def delete_delivery(self, client_id: str, delivery_id: str) -> None: ...

    def put_person(self, person: Person) -> None: ...

    def delete_person(self, client_id: str, person_id: str) -> None: ...

    def put_touch(self, touch: Touch) -> None: ...

    def delete_touch(self, client_id: str, touch_id: str) -> None: ...

    def put_plan(self, plan: Plan) -> None: ...

    def put_opportunity(self, opportunity: Opportunity) -> None: ...

    def delete_opportunity(self, client_id: str, opportunity_id: str) -> None: ...

    def put_assessment(self, assessment: Assessment) -> None: ...

    def put_commitment(self, commitment: Commitment) -> None: ...

    def add_tip_shown(self, shown: TipShown) -> None: ...

    def put_pillar_week(self, week: PillarWeek) -> None: ...

    def put_settings(self, **values: Any) -> None: ...

    # The undo journal (`domain.journal`): every change made through the methods above is
    # journaled (tips shown, pillar weeks and settings aside), unless `unjournaled()` says the
    # transaction is no change of the user's; `describe_change(what)` gives the change's line
    # in the journal when the one made from its records would not say it (an import).
    # `undo()` and `redo()` put back the records of the last change (or the last undone), or
    # refuse (InputError) when they changed since.

    def unjournaled(self) -> None: ...

    def describe_change(self, what: str) -> None: ...

    def undo(self) -> Entry: ...

    def redo(self) -> Entry: ...


class Repository(Protocol):
    """A store the use cases can read and write."""

    def read(self) -> Snapshot: ...

    def head(self) -> Snapshot: ...

    def names(self) -> list[tuple[str, str, bool]]: ...

    def entry(self, client_id: str) -> IndexEntry: ...

    def read_client(self, client_id: str) -> History: ...

    def client_stamp(self, client_id: str) -> Hashable | None: ...

    def change_token(self) -> Hashable: ...

    def watch(self, on_change: Callable[[], None], on_trouble: Callable[[str | None], None]) -> Callable[[], None] | None: ...

    def memo(
        self, kind: str, tag: str, make: MakeMemo, fresh: bool = False, read: ReadMemo | None = None
    ) -> tuple[Snapshot, dict[str, Any], list[Any]]: ...

    def transaction(self) -> AbstractContextManager[Transaction]: ...

    def journal(self) -> tuple[list[Entry], list[Entry]]: ...


class Member(NamedTuple):
    """A manager on a team the connected role leads: their database role, the team's name,
    and whether they lead it. A role on two such teams is two members."""

    role: str
    team: str
    leader: bool = False


class Team(Protocol):
    """The teams the connected role leads, as a team store knows them."""

    def members(self) -> list[Member]:
        """Every member of every team the connected role leads, by team then role (the
        leader among them); none when it leads no team."""
        ...

    def portfolio(self, role: str) -> Repository:
        """`role`'s portfolio, to read: its clients, weekly entries and settings as that
        manager sees them. Its writes are refused by the store's rights; the leader's view
        refuses them first, with a line of its own (`services.team.ReadOnly`). A role on no
        team the connected role leads is a `StoreError`."""
        ...


__all__ = ["IndexEntry", "Transaction", "Repository", "Member", "Team"]
