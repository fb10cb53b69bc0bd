"""The PostgreSQL store's transaction: one database transaction for each coach transaction.

It begins by taking the connected role's own lock (`pg_advisory_xact_lock`): one manager's
writes (their weekly loop, settings and undo journal) land one after the other, as the folder
store's lock makes them. Each client it reads is read under its row's lock (`SELECT ... FOR
UPDATE`): another manager writing the same client waits, then reads what this one wrote, so
no write overwrites a change it did not see. Changes are made in memory, on the same JSON
documents the folder store keeps, and written at `commit()`: every client written gets its
facts built again (`domain.facts.build_facts`) and a new stamp; the records that changed are
upserted, those removed deleted; the journal's entry is added. The database commits all of it
or, on any error (a connection dropped included), none.

The undo journal works as the folder store's (`store.commit`), through the same functions
(`store.replay`): each record touched is kept as it was before its first change, and the change
is journaled as steps from before to after (`domain.journal`); undo and redo refuse when a
record changed since. Entries are kept in
coach_journal, a row each, in the order `store.journal.Journal` keeps its lines.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from ...domain.facts import build_facts
from ...domain.journal import Entry
from ...textsafe import visible
from .. import records
from ..decode import decode_history
from ..errors import StoreError
from ..files import encode
from ..journal import TABLES, WEEKLY, Journal
from ..replay import changed_steps, keep_change, replay_last

if TYPE_CHECKING:
    import psycopg

    from ...domain.account import Opportunity, Person, Plan, Touch
    from ...domain.models import Assessment, Card, Client, Commitment, Delivery, History, PillarWeek, TipShown
    from ..snapshot import Snapshot
    from .store import PostgresStore

# A client's records by kind, as coach_record keeps them, and each kind's table in the
# documents `store.decode` reads (those of a client file).
RECORD_TABLES = {kind: TABLES[kind] for kind in ("card", "delivery", "person", "touch", "plan", "opportunity")}
RECORD_KINDS = {table: kind for kind, table in RECORD_TABLES.items()}
# The weekly loop's kinds in coach_weekly, and each one's table in the index's documents.
WEEKLY_TABLES = {
    "assessment": "assessments",
    "commitment": "commitments",
    "tip_shown": "tips_shown",
    "pillar_week": "pillar_weeks",
}
PLAN_KEY = "plan"  # the id of a client's one account plan in coach_record
JOURNAL_ROWS = "select part, entry from coach_journal where owner = current_user order by seq"


def file_shape(tables: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """Records by table and key as the documents of a TinyDB file (what `store.decode`
    reads): each table's records numbered from 1 in their order."""
    return {table: {str(n): doc for n, doc in enumerate(found.values(), 1)} for table, found in tables.items() if found}


class ReadOnlyClient(StoreError):
    """A write to a client the connected role may read but not change."""


class _Held:
    """A client as this transaction holds it: its records by table and key, and as read."""

    __slots__ = ("tables", "read", "exists")

    def __init__(self, tables: dict[str, dict[str, dict[str, Any]]], exists: bool) -> None:
        self.tables = tables
        self.read = copy.deepcopy(tables)
        self.exists = exists


class PostgresTransaction:
    """Changes made under the database's locks (a `Transaction`), written at `commit()`."""

    def __init__(self, store: PostgresStore, conn: psycopg.Connection[Any]) -> None:
        self.store = store
        self.conn = conn
        self.today = store.today()
        self._clients: dict[str, _Held | None] = {}  # None: no such client (or not one this role sees)
        self._weekly: dict[str, dict[str, dict[str, Any]]] | None = None
        self._weekly_read: dict[str, dict[str, dict[str, Any]]] = {}
        self._settings: dict[str, Any] | None = None
        self._settings_read: dict[str, Any] | None = None
        self._settings_loaded = False
        self._tips_added: set[str] = set()
        # The undo journal, as in store.commit: each record touched as it was before its first
        # change; whether the change is journaled; its line when given; the entry undone or
        # redone; the clients removed (undoing their adding).
        self._before: dict[tuple[str, str | None, str], dict[str, Any] | None] = {}
        self._journaled = True
        self._what: str | None = None
        self._journal: Journal | None = None
        self._replay: bool | None = None
        self._removed: set[str] = set()
        conn.execute("select pg_advisory_xact_lock(hashtextextended('coach ' || current_user, 0))")

    # -- reads under the locks -------------------------------------------------------------
    def _held(self, client_id: str, create: bool = False) -> _Held | None:
        if client_id in self._clients:
            held = self._clients[client_id]
            if held is None and create:
                held = self._clients[client_id] = _Held({"client": {}}, exists=False)
            return held
        row = self.conn.execute("select doc from coach_client where id = %s for update", (client_id,)).fetchone()
        if row is None:
            # A row it may read but not lock: the role may not change it (an exec sponsor's
            # share, a leader's team member's client). Said as such, not as a missing client.
            seen = self.conn.execute("select name, owner from coach_client where id = %s", (client_id,)).fetchone()
            if seen is not None:
                raise ReadOnlyClient(
                    f"read-only: you may read {visible(str(seen[0]))} but not change it "
                    f"(it is {visible(str(seen[1]))}'s client); nothing was written"
                )
            held = _Held({"client": {}}, exists=False) if create else None
        else:
            tables: dict[str, dict[str, dict[str, Any]]] = {"client": {client_id: row[0]}}
            for table in RECORD_KINDS:
                tables[table] = {}
            found = self.conn.execute(
                "select kind, id, doc from coach_record where client_id = %s order by seq", (client_id,)
            ).fetchall()
            for kind, key, doc in found:
                tables[RECORD_TABLES[kind]][key] = doc
            held = _Held(tables, exists=True)
            # Checked whole before any change is made on top of it.
            self.store.checked(client_id, file_shape(tables), decode_history)
        self._clients[client_id] = held
        return held

    def _client(self, client_id: str) -> _Held:
        held = self._held(client_id)
        if held is None:
            raise StoreError(f"no client with the id {client_id} in the database at {self.store.server}")
        return held

    def _weekly_tables(self) -> dict[str, dict[str, dict[str, Any]]]:
        if self._weekly is None:
            tables: dict[str, dict[str, dict[str, Any]]] = {table: {} for table in WEEKLY_TABLES.values()}
            for kind, key, doc in self.conn.execute(
                "select kind, key, doc from coach_weekly where owner = current_user order by kind, "
                "case when kind = 'tip_shown' then stamp end, key"
            ).fetchall():
                tables[WEEKLY_TABLES[kind]][key] = doc
            self._weekly = tables
            self._weekly_read = copy.deepcopy(tables)
        return self._weekly

    def _settings_doc(self) -> dict[str, Any] | None:
        if not self._settings_loaded:
            row = self.conn.execute("select doc from coach_settings where owner = current_user").fetchone()
            if row is not None:  # checked before a change is made on top of it
                try:
                    records.settings(row[0])
                except ValueError as error:
                    raise StoreError(
                        f"can't read your settings in the database at {self.store.server}: {error}; they were left untouched"
                    ) from None
            self._settings = None if row is None else dict(row[0])
            self._settings_read = copy.deepcopy(self._settings)
            self._settings_loaded = True
        return self._settings

    def snapshot(self) -> Snapshot:
        """The index as this transaction sees it: every client's entry as committed, the weekly
        entries and settings with this transaction's changes."""
        return self.store.snapshot_of(lambda sql, params: self.conn.execute(sql, params).fetchone(), self._head_index())

    def head(self) -> Snapshot:
        """The weekly entries and settings with this transaction's changes; no client's entry."""
        return self.store.head_of(self._head_index())

    def _head_index(self) -> dict[str, Any]:
        index: dict[str, Any] = dict(self._weekly_tables())
        settings = self._settings_doc()
        if settings is not None:
            index["settings"] = {"x": settings}
        return file_shape(index)

    def history(self, client_id: str) -> History:
        return self.store.checked(client_id, file_shape(self._client(client_id).tables), decode_history)

    # -- changes -------------------------------------------------------------------------
    def _put(self, kind: str, client_id: str, key: str, doc: dict[str, Any]) -> None:
        self._note(kind, client_id, key)
        self._client(client_id).tables[RECORD_TABLES[kind]][key] = doc

    def _delete(self, kind: str, client_id: str, key: str) -> None:
        self._note(kind, client_id, key)
        self._client(client_id).tables[RECORD_TABLES[kind]].pop(key, None)

    def put_client(self, client: Client) -> None:
        self._note("client", client.id, client.id)
        self._removed.discard(client.id)
        held = self._held(client.id, create=True)
        assert held is not None
        for table in RECORD_KINDS:
            held.tables.setdefault(table, {})
        held.tables["client"] = {client.id: client.to_dict()}

    def put_card(self, card: Card) -> None:
        self._put("card", card.client_id, card.id, card.to_dict())

    def delete_card(self, client_id: str, card_id: str) -> None:
        self._delete("card", client_id, card_id)

    def put_delivery(self, delivery: Delivery) -> None:
        self._put("delivery", delivery.client_id, delivery.id, delivery.to_dict())

    def delete_delivery(self, client_id: str, delivery_id: str) -> None:
        self._delete("delivery", client_id, delivery_id)

    def put_person(self, person: Person) -> None:
        self._put("person", person.client_id, person.id, person.to_dict())

    def delete_person(self, client_id: str, person_id: str) -> None:
        self._delete("person", client_id, person_id)

    def put_touch(self, touch: Touch) -> None:
        self._put("touch", touch.client_id, touch.id, touch.to_dict())

    def delete_touch(self, client_id: str, touch_id: str) -> None:
        self._delete("touch", client_id, touch_id)

    def put_plan(self, plan: Plan) -> None:
        # Journaled under the client's id, as the folder store does; kept under PLAN_KEY.
        self._note("plan", plan.client_id, plan.client_id)
        self._client(plan.client_id).tables["plan"] = {PLAN_KEY: plan.to_dict()}

    def put_opportunity(self, opportunity: Opportunity) -> None:
        self._put("opportunity", opportunity.client_id, opportunity.id, opportunity.to_dict())

    def delete_opportunity(self, client_id: str, opportunity_id: str) -> None:
        self._delete("opportunity", client_id, opportunity_id)

    def put_assessment(self, assessment: Assessment) -> None:
        key = assessment.week.isoformat()
        self._note("assessment", None, key)
        self._weekly_tables()["assessments"][key] = assessment.to_dict()

    def put_commitment(self, commitment: Commitment) -> None:
        key = commitment.week.isoformat()
        self._note("commitment", None, key)
        self._weekly_tables()["commitments"][key] = commitment.to_dict()

    def add_tip_shown(self, shown: TipShown) -> None:
        # Keyed by what it says: the same tip shown again in the same week and scope is the
        # same fact, kept once, and moves last (its stamp is new).
        tips = self._weekly_tables()["tips_shown"]
        key = f"{shown.week.isoformat()} {shown.scope} {shown.tip_id}"
        tips.pop(key, None)
        tips[key] = shown.to_dict()
        self._tips_added.add(key)

    def put_pillar_week(self, week: PillarWeek) -> None:
        self._weekly_tables()["pillar_weeks"][week.week.isoformat()] = week.to_dict()

    def put_settings(self, **values: Any) -> None:
        current = dict(self._settings_doc() or {})
        current.update(values)
        self._settings = current

    # -- the undo journal ------------------------------------------------------------------
    def unjournaled(self) -> None:
        """This transaction is not a change the user made: it leaves the journal as it is."""
        self._journaled = False

    def describe_change(self, what: str) -> None:
        """The line the journal keeps for this change, instead of the one made from its records."""
        self._what = what

    def _find(self, kind: str, client_id: str | None, key: str) -> dict[str, Any] | None:
        """The record as this transaction now holds it (a copy), None if there is none."""
        if kind in WEEKLY:
            doc = self._weekly_tables()[TABLES[kind]].get(key)
        else:
            assert client_id is not None
            held = self._held(client_id)
            if held is None:
                return None
            found = held.tables.get(TABLES[kind]) or {}
            doc = next(iter(found.values()), None) if kind in ("client", "plan") else found.get(key)
        return copy.deepcopy(doc) if doc is not None else None

    def _note(self, kind: str, client_id: str | None, key: str) -> None:
        if self._journaled and (kind, client_id, key) not in self._before:
            self._before[(kind, client_id, key)] = self._find(kind, client_id, key)

    def _put_back(self, kind: str, client_id: str | None, key: str, doc: dict[str, Any] | None) -> None:
        """Put a record back as `doc` (None: remove it; a client removed goes with its records)."""
        self._note(kind, client_id, key)
        if kind in WEEKLY:
            table = self._weekly_tables()[TABLES[kind]]
            if doc is None:
                table.pop(key, None)
            else:
                table[key] = doc
            return
        assert client_id is not None
        held = self._held(client_id, create=kind == "client")
        if held is None:
            raise StoreError(f"no client with the id {client_id} in the database at {self.store.server}")
        table = held.tables.setdefault(TABLES[kind], {})
        if kind in ("client", "plan"):
            table.clear()
            if doc is not None:
                table[client_id if kind == "client" else PLAN_KEY] = doc
            if kind == "client":
                (self._removed.add if doc is None else self._removed.discard)(client_id)
        elif doc is None:
            table.pop(key, None)
        else:
            table[key] = doc

    def journal(self) -> Journal:
        """The connected role's journal as it is under the lock."""
        if self._journal is None:
            self._journal = journal_from_rows(self.conn.execute(JOURNAL_ROWS).fetchall())
        return self._journal

    def undo(self) -> Entry:
        """Undo the last change journaled, if every record it changed is still as it left them."""
        return self._replay_last(undo=True)

    def redo(self) -> Entry:
        """Redo the last change undone, if every record it changed is still as the undo left it."""
        return self._replay_last(undo=False)

    def _replay_last(self, undo: bool) -> Entry:
        entry = replay_last(
            self.journal(),
            undo,
            where=f"the undo journal in the database at {self.store.server}",
            find=self._find,
            put_back=self._put_back,
            removed=self._removed,
            holds_records=self._holds_records,
        )
        self._replay = undo
        return entry

    def _holds_records(self, client_id: str) -> bool:
        """Whether a client holds any record but its own."""
        held = self._held(client_id)
        return held is not None and any(held.tables.get(table) for table in RECORD_KINDS)

    def _journal_lines(self) -> Journal | None:
        """The journal as this transaction leaves it (None: it stays as it is)."""
        steps = changed_steps(self._before, self._find, journaled=self._journaled, replay=self._replay)
        if steps is None:
            return None
        journal = self.journal()
        keep_change(journal, steps, replay=self._replay, what=self._what, find=self._find)
        return Journal.parse(journal.payload())  # trimmed as the folder store trims its file

    # -- commit --------------------------------------------------------------------------
    def commit(self) -> None:
        """Write every change (the caller commits the database transaction)."""
        journal = self._journal_lines()
        for cid, held in self._clients.items():
            if held is None or held.tables == held.read and held.exists:
                continue
            if cid in self._removed:
                if held.exists:
                    self.conn.execute("delete from coach_client where id = %s", (cid,))
                continue
            if not held.tables.get("client"):
                continue
            self._write_client(cid, held)
        self._write_weekly()
        if self._settings_loaded and self._settings != self._settings_read and self._settings is not None:
            self.conn.execute(
                "insert into coach_settings (doc) values (%s) on conflict (owner) do update "
                "set doc = excluded.doc, stamp = nextval('coach_stamp')",
                (Jsonb(self._settings),),
            )
        if journal is not None:
            self.conn.execute("delete from coach_journal where owner = current_user")
            rows = [("done", line) for line in journal.done] + [("undone", line) for line in journal.undone]
            if rows:
                with self.conn.cursor() as cur:
                    cur.executemany(
                        "insert into coach_journal (part, entry) values (%s, %s::jsonb)",
                        [(part, line.decode("utf-8")) for part, line in rows],
                    )

    def _write_client(self, cid: str, held: _Held) -> None:
        history = self.store.checked(cid, file_shape(held.tables), decode_history)
        client = history.client
        facts = build_facts(*history).to_dict()
        self.conn.execute(
            "insert into coach_client (id, name, archived, doc, facts) values (%s, %s, %s, %s, %s) "
            "on conflict (id) do update set name = excluded.name, archived = excluded.archived, doc = excluded.doc, "
            "facts = excluded.facts, stamp = nextval('coach_stamp')",
            (cid, client.name, client.archived, Jsonb(held.tables["client"][cid]), Jsonb(facts)),
        )
        gone: list[tuple[str, str]] = []
        put: list[tuple[str, str, Jsonb]] = []
        for table, kind in RECORD_KINDS.items():
            now, was = held.tables.get(table) or {}, held.read.get(table) or {}
            gone += [(kind, key) for key in was if key not in now]
            put += [(kind, key, Jsonb(doc)) for key, doc in now.items() if was.get(key) != doc]
        with self.conn.cursor() as cur:
            if gone:
                cur.executemany(
                    "delete from coach_record where client_id = %s and kind = %s and id = %s", [(cid, *g) for g in gone]
                )
            if put:
                cur.executemany(
                    "insert into coach_record (client_id, kind, id, doc) values (%s, %s, %s, %s) "
                    "on conflict (client_id, kind, id) do update set doc = excluded.doc",
                    [(cid, *p) for p in put],
                )

    def _write_weekly(self) -> None:
        if self._weekly is None or self._weekly == self._weekly_read:
            return
        gone: list[tuple[str, str]] = []
        put: list[tuple[str, str, Jsonb]] = []
        for kind, table in WEEKLY_TABLES.items():
            now, was = self._weekly.get(table) or {}, self._weekly_read.get(table) or {}
            gone += [(kind, key) for key in was if key not in now]
            put += [(kind, key, Jsonb(doc)) for key, doc in now.items() if was.get(key) != doc or key in self._tips_added]
        with self.conn.cursor() as cur:
            if gone:
                cur.executemany("delete from coach_weekly where owner = current_user and kind = %s and key = %s", gone)
            if put:
                cur.executemany(
                    "insert into coach_weekly (kind, key, doc) values (%s, %s, %s) on conflict (owner, kind, key) "
                    "do update set doc = excluded.doc, stamp = nextval('coach_stamp')",
                    put,
                )


def journal_from_rows(rows: list[tuple[str, Any]]) -> Journal:
    """The journal in coach_journal's rows (part, entry), in their order."""
    return Journal([encode(e) for part, e in rows if part == "done"], [encode(e) for part, e in rows if part == "undone"])


__all__ = ["JOURNAL_ROWS", "PostgresTransaction", "RECORD_TABLES", "WEEKLY_TABLES", "file_shape", "journal_from_rows"]
