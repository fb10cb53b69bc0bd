"""`PostgresStore`: a `Repository` over a team database (see the package's docstring).

Which clients a store sees: by default those the connected role owns and those shared with it
(coach_share); with `portfolio=ROLE`, only that role's (a team lead's read-only view of a
member's portfolio), with that role's weekly entries and settings (its currency, its week
start; read, never written). The undo journal is always the connected role's own. Row-level
security, where the database has it, decides the rest: a row the role may not see is not
there, a write it may not make is refused with one line.

Reads take no lock. `read()` is one query (a consistent snapshot of every client's entry,
the weekly entries and the settings); every document is checked by `store.records` as the
folder store checks a file, and a document that does not read is a StoreError naming the
client and the server. Writes go through `transaction()` (`transaction.PostgresTransaction`).

Each thread has its own connection (the app reads in worker threads while the UI thread may
write), opened on first use or taken over from a thread that ended; a connection the server
dropped is opened again at the next use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.types.json import Jsonb

from ... import clock
from ..decode import decode_history, decode_names, decode_shard, decode_snapshot
from ..errors import StoreError
from ..files import WrongShape
from .connect import connect, server_of, store_error
from .dsn import hide_password
from .migrate import check_schema
from .transaction import JOURNAL_ROWS, RECORD_TABLES, WEEKLY_TABLES, PostgresTransaction, file_shape, journal_from_rows

if TYPE_CHECKING:
    from ...domain.journal import Entry
    from ...domain.models import History
    from ..repository import IndexEntry, MakeMemo, ReadMemo
    from ..snapshot import Snapshot
    from .listen import Watcher

T = TypeVar("T")

# The clients a role sees: its own and those shared with it; or one role's portfolio. Written
# as ids from two indexed lookups: `owner = current_user or id in (...)` can use no index, so
# the row-level security check (a function the planner can't see into) ran on every client of
# the team: 1.2 s for a manager's 100 clients among 5,000, where this takes 16 ms.
_MINE = (
    "(id in (select id from coach_client where owner = current_user"
    " union all select client_id from coach_share where role = current_user))"
)
_THEIRS = "(owner = %(portfolio)s)"
# The weekly loop read: the connected role's own, or with `portfolio` that role's (its leader
# reads it: the kept rate and the commitments are the manager's, not the leader's).
_WEEKLY_OWNER = "owner = coalesce(%(portfolio)s::name, current_user)"
# The parts of a read: every visible client's entry; the weekly loop's documents; the settings.
_ENTRIES = (
    "(select coalesce(json_agg(json_build_object('client', doc, 'facts', facts) order by id), '[]') "
    "from coach_client where {visible})"
)
_WEEKLY = (
    "(select coalesce(json_agg(json_build_array(kind, key, doc) order by kind, "
    "case when kind = 'tip_shown' then stamp end, key), '[]') "
    f"from coach_weekly where {_WEEKLY_OWNER})"
)
# The portfolio's owner's settings (a leader reads a member's portfolio with the member's
# currency and week start; 005_memo.sql lets them read those, never change them).
_SETTINGS = "(select doc from coach_settings where owner = coalesce(%(portfolio)s::name, current_user))"
# What a memo was made from (`memo`): the visible clients as they are, by their newest stamp
# (every write of a client's data moves its stamp past all others), their number (a client
# removed) and a sum over their ids (one share gone and another come). Read in the same
# statement as the entries a memo is made from, so it never names newer data than its rows.
_VERSION = (
    "(select concat_ws(':', coalesce(max(stamp), 0), count(*), coalesce(sum(hashtext(id)), 0)) from coach_client where {visible})"
)
_MEMO = (
    "(select json_build_array(tag, version, rows, total) from coach_memo where owner = current_user "
    "and portfolio = coalesce(%(portfolio)s::name, current_user) and kind = %(kind)s)"
)
_KEEP_MEMO = (
    "insert into coach_memo (portfolio, kind, tag, version, rows, total) "
    "values (coalesce(%(portfolio)s::name, current_user), %(kind)s, %(tag)s, %(version)s, %(rows)s, %(total)s) "
    "on conflict (owner, portfolio, kind) do update set tag = excluded.tag, version = excluded.version, "
    "rows = excluded.rows, total = excluded.total returning 1"
)


class PostgresStore:
    """A team database. Reads need no lock; writes go through `transaction()`."""

    def __init__(
        self,
        dsn: str,
        *,
        portfolio: str | None = None,
        today: Callable[[], date] = clock.today,
        connections: PostgresStore | None = None,
    ) -> None:
        self.dsn = dsn
        # Another store whose connections this one reads through (a leader reading each
        # member's portfolio: one connection, not one a member); that store closes them.
        self._through = connections
        self.portfolio = portfolio
        self.today = today
        self.server = server_of(dsn)
        self.shown = hide_password(dsn)
        self._visible = _THEIRS if portfolio is not None else _MINE
        self._params: dict[str, Any] = {"portfolio": portfolio}
        self._local = threading.local()
        self._checked = False
        self._connections: list[tuple[threading.Thread, psycopg.Connection[Any]]] = []
        self._lock = threading.Lock()
        self._watcher: Watcher | None = None
        self._written = 0  # transactions this store committed (the token while it watches)

    # -- connections ----------------------------------------------------------------------
    def _conn(self) -> psycopg.Connection[Any]:
        """This thread's connection, opened (and the schema checked, once) when first needed."""
        if self._through is not None:
            return self._through._conn()
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        conn = self._adopt()
        if conn is not None:
            self._local.conn = conn
            return conn
        conn = connect(self.dsn)
        try:
            if not self._checked:
                check_schema(conn, self.dsn)
                self._checked = True
        except psycopg.Error as error:
            conn.close()
            raise store_error(error, self.dsn) from None
        except StoreError:
            conn.close()
            raise
        self._local.conn = conn
        with self._lock:
            self._connections.append((threading.current_thread(), conn))
        return conn

    def _adopt(self) -> psycopg.Connection[Any] | None:
        """The connection of a thread that has ended (the app runs each read in a worker
        thread of its own), now this thread's: the server keeps one connection a thread alive
        at a time, not one for every worker that ever ran. Those that broke are closed."""
        me = threading.current_thread()
        with self._lock:
            kept: list[tuple[threading.Thread, psycopg.Connection[Any]]] = []
            found = None
            for thread, conn in self._connections:
                if conn.closed or conn.broken:
                    conn.close()
                    continue
                if found is None and not thread.is_alive() and conn.info.transaction_status == TransactionStatus.IDLE:
                    found = conn
                    thread = me
                kept.append((thread, conn))
            self._connections = kept
        return found

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            found, self._connections = self._connections, []
        for _thread, conn in found:
            conn.close()

    def row(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        """The first row of a read, None when there is none (see `_read`)."""
        return self._read(sql, params, many=False)

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        found: list[Any] = self._read(sql, params, many=True)
        return found

    def _read(self, sql: str, params: dict[str, Any] | None, many: bool) -> Any:
        """A read on this thread's connection, a database error raised as a StoreError (one
        line). A connection the server dropped while idle (a restart, an idle timeout: the
        app stays open all day) is opened again and the read made once more; never inside a
        transaction, which died with it."""
        for attempt in (1, 2):
            conn = self._conn()
            idle = conn.info.transaction_status == TransactionStatus.IDLE
            try:
                cur = conn.execute(sql, params if params is not None else self._params)
                return cur.fetchall() if many else cur.fetchone()
            except psycopg.Error as error:
                if attempt == 1 and idle and (conn.closed or conn.broken):
                    continue
                raise store_error(error, self.dsn) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def checked(self, client_id: str, data: dict[str, Any], decode: Callable[[dict[str, Any]], T]) -> T:
        """`decode(data)`, a document that does not read refused as a StoreError naming the
        client and the server (it is left as it is)."""
        try:
            return decode(data)
        except ValueError as error:
            raise StoreError(
                f"can't read client {client_id} in the database at {self.server}: {error}; it was left untouched"
            ) from None

    # -- reads ----------------------------------------------------------------------------
    def read(self) -> Snapshot:
        """Every client's entry, the weekly entries and the settings, in one query."""
        return self.snapshot_of(self.row, None)

    def head(self) -> Snapshot:
        """The weekly entries and the settings, without the clients' entries (one query)."""
        row = self.row(f"select {_WEEKLY}, {_SETTINGS}", self._params)
        assert row is not None
        return self._snapshot([], self._index(row[0], row[1]))

    def snapshot_of(self, one: Callable[[str, dict[str, Any]], Any], index: dict[str, Any] | None) -> Snapshot:
        """The snapshot: the entries as the database has them, with `index` (the weekly entries
        and settings in the index's documents) or, without it, those of the database."""
        sql = f"select {_ENTRIES.format(visible=self._visible)}"
        if index is None:
            sql += f", {_WEEKLY}, {_SETTINGS}"
        row = one(sql, self._params)
        assert row is not None
        return self._snapshot(self._entries(row[0]), index if index is not None else self._index(row[1], row[2]))

    def head_of(self, index: dict[str, Any]) -> Snapshot:
        """`index` (the weekly entries and settings in the index's documents) as a snapshot
        without any client's entry."""
        return self._snapshot([], index)

    def _index(self, weekly: list[Any], settings: Any) -> dict[str, Any]:
        """The weekly entries and settings, as the index's documents."""
        tables: dict[str, dict[str, Any]] = {table: {} for table in WEEKLY_TABLES.values()}
        for kind, key, doc in weekly:
            tables[WEEKLY_TABLES.get(kind, kind)][key] = doc
        if settings is not None:
            tables["settings"] = {"x": settings}
        return file_shape(tables)

    def _snapshot(self, entries: list[IndexEntry], index: dict[str, Any]) -> Snapshot:
        try:
            return decode_snapshot(index, None, entries)
        except ValueError as error:
            raise StoreError(
                f"can't read your weekly entries or settings in the database at {self.server}: {error}; they were left untouched"
            ) from None

    def _entries(self, found: list[Any]) -> list[IndexEntry]:
        try:
            return decode_shard({"clients": {str(n): e for n, e in enumerate(found, 1)}})
        except ValueError as error:
            raise StoreError(
                f"can't read the clients in the database at {self.server}: {error}; they were left untouched"
            ) from None

    def names(self) -> list[tuple[str, str, bool]]:
        """Every client's id, name and archived flag, checked as the folder store checks its
        directory (`decode_names`)."""
        rows = self.rows(f"select id, name, archived from coach_client where {self._visible} order by id")
        lines = [list(row) for row in rows]
        try:
            return decode_names({"names": {"1": {"clients": lines}}})
        except ValueError as error:
            raise StoreError(
                f"can't read the clients in the database at {self.server}: {error}; they were left untouched"
            ) from None

    def entry(self, client_id: str) -> IndexEntry:
        row = self.row(
            f"select json_build_object('client', doc, 'facts', facts) from coach_client where id = %(id)s and {self._visible}",
            {**self._params, "id": client_id},
        )
        if row is None:
            raise StoreError(f"no client with the id {client_id} in the database at {self.server}")
        entries = self._entries([row[0]])
        entries[0].facts  # noqa: B018 (decoding them is the check)
        return entries[0]

    def read_client(self, client_id: str) -> History:
        """One client's full history, read in one consistent snapshot."""
        row = self.row(
            "select c.doc, (select coalesce(json_agg(json_build_array(r.kind, r.id, r.doc) order by r.seq), '[]') "
            f"from coach_record r where r.client_id = c.id) from coach_client c where c.id = %(id)s and {self._visible}",
            {**self._params, "id": client_id},
        )
        if row is None:
            raise StoreError(f"no client with the id {client_id} in the database at {self.server}")
        tables: dict[str, dict[str, Any]] = {"client": {client_id: row[0]}}
        for kind, key, doc in row[1]:
            table = RECORD_TABLES.get(kind)
            if table is None:
                raise StoreError(f"can't read client {client_id} in the database at {self.server}: a record of kind {kind!r}")
            tables.setdefault(table, {})[key] = doc
        return self.checked(client_id, file_shape(tables), decode_history)

    def client_stamp(self, client_id: str) -> Hashable | None:
        row = self.row(f"select stamp from coach_client where id = %(id)s and {self._visible}", {**self._params, "id": client_id})
        return None if row is None else int(row[0])

    def watch(self, on_change: Callable[[], None], on_trouble: Callable[[str | None], None]) -> Callable[[], None] | None:
        """Hear of every committed write (LISTEN coach_change, `listen.Watcher`, a thread and
        a connection of its own): `on_change` is called for each, `on_trouble` with a line
        when the server is lost and None when it is back. While it listens, `change_token()`
        asks the server nothing. Gives back the function that stops it."""
        from .listen import Watcher

        watcher = Watcher(self.dsn, on_change, on_trouble).start()
        self._watcher = watcher

        def stop() -> None:
            watcher.stop()
            if self._watcher is watcher:
                self._watcher = None

        return stop

    def change_token(self) -> Hashable:
        """Moves with every write this store can see: a stamp and a count for each table (a
        deletion changes a count), the journal's newest row. While a watcher listens: what it
        heard and what this store wrote, no query."""
        watcher = self._watcher
        if watcher is not None and watcher.listening.is_set():
            return ("heard", watcher.heard, self._written)
        row = self.row(
            f"select (select array[coalesce(max(stamp), 0), count(*)] from coach_client where {self._visible}), "
            f"(select array[coalesce(max(stamp), 0), count(*)] from coach_weekly where {_WEEKLY_OWNER}), "
            "(select coalesce(max(stamp), 0) from coach_settings where owner = coalesce(%(portfolio)s::name, current_user)), "
            "(select coalesce(max(seq), 0) from coach_journal where owner = current_user)"
        )
        assert row is not None
        return (*row[0], *row[1], row[2], row[3])

    def memo(
        self, kind: str, tag: str, make: MakeMemo, fresh: bool = False, read: ReadMemo | None = None
    ) -> tuple[Snapshot, dict[str, Any], list[Any]]:
        """The index without its entries, a row for each client and one total: the connected
        role's memo of this portfolio when it was made with `tag` from the clients as they are
        now (one query), else made from every client's entry and kept (coach_memo, 005_memo.sql).
        `fresh` makes it again whatever is kept. With `read`, the rows are given as `read`
        makes them of the rows as read."""
        params = {**self._params, "kind": kind}
        version_sql = _VERSION.format(visible=self._visible)
        if not fresh:
            row = self.row(f"select {version_sql}, {_MEMO}, {_WEEKLY}, {_SETTINGS}", params)
            assert row is not None
            version, kept = row[0], row[1]
            if isinstance(kept, list) and len(kept) == 4 and kept[0] == tag and kept[1] == version and isinstance(kept[2], dict):
                rows = kept[2] if read is None else read(kept[2])
                return self._snapshot([], self._index(row[2], row[3])), rows, [kept[3]]
        row = self.row(f"select {version_sql}, {_ENTRIES.format(visible=self._visible)}, {_WEEKLY}, {_SETTINGS}", params)
        assert row is not None
        snapshot = self._snapshot(self._entries(row[1]), self._index(row[2], row[3]))
        rows, total = make(snapshot.entries)
        self._keep_memo({**params, "tag": tag, "version": row[0], "rows": Jsonb(rows), "total": Jsonb(total)})
        return snapshot._replace(entries=[]), rows if read is None else read(rows), [total]

    def _keep_memo(self, params: dict[str, Any]) -> None:
        """Keep a memo; nothing happens when it can't be kept (a database before schema 5 is
        refused before this; a role the server won't let write keeps none, as a read-only
        data folder keeps none)."""
        if self._conn().info.transaction_status != TransactionStatus.IDLE:
            return  # never inside a transaction of this thread's: a refusal would end it
        try:
            self.row(_KEEP_MEMO, params)
        except StoreError:
            pass

    def journal(self) -> tuple[list[Entry], list[Entry]]:
        """The connected role's undo journal: done (oldest first) and undone."""
        journal = journal_from_rows(self.rows(JOURNAL_ROWS))
        try:
            return journal.entries()
        except WrongShape as error:
            raise StoreError(f"can't read the undo journal in the database at {self.server}: {error}") from None

    # -- writes ---------------------------------------------------------------------------
    def _begin(self) -> psycopg.Connection[Any]:
        """This thread's connection, a transaction begun on it; opened again once if the
        server dropped it while idle (nothing was begun on it yet)."""
        for attempt in (1, 2):
            conn = self._conn()
            try:
                conn.execute("begin")
                return conn
            except psycopg.Error as error:
                if attempt == 1 and (conn.closed or conn.broken):
                    continue
                raise store_error(error, self.dsn) from None
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def transaction(self) -> Iterator[PostgresTransaction]:
        """One database transaction: begun, locked and read as the caller goes, written and
        committed when the block ends without an error, rolled back when it raises."""
        conn = self._begin()
        doing = "writing"
        try:
            try:
                txn = PostgresTransaction(self, conn)
                yield txn
                txn.commit()
                doing = "committing"
                conn.execute("commit")
                self._written += 1
            except BaseException:
                if not conn.closed and not conn.broken:
                    try:
                        conn.execute("rollback")
                    except psycopg.Error:
                        pass
                raise
        except psycopg.Error as error:
            lost = conn.closed or conn.broken
            if lost and doing == "committing":  # the server may have committed before it went
                raise StoreError(
                    f"lost the connection to the database at {self.server} while committing: the change may or may "
                    "not have landed; look before you make it again"
                ) from None
            raise store_error(error, self.dsn, doing if lost else "") from None


__all__ = ["PostgresStore"]
