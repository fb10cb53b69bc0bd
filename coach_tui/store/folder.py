"""The folder store: a `Repository` over one data folder of JSON files, read without a lock.

Layout of a data folder (files 0600, folders 0700):

    coach.json           the index: the client directory (id, name, archived), weekly
                         assessments, commitments, tips shown, settings
    index/<nn>.json      64 index shards: each client's record and its ClientFacts (a few
                         hundred bytes each) in the shard its id falls in (`store.layout`)
    clients/<id>.json    one client's record, cards (with move history) and deliveries
    journal.jsonl        the undo journal: the last 100 changes the user made, each record they
                         changed before and after (`store.journal`), and the changes undone
    backups/             the last 3 versions of each file (name.1 newest) and one a day for 7 days
    .lock                the inter-process lock
    .intent              present only while a write spans several files (see store.commit)
    cache/<kind>-<nn>.json   memos: what the use cases worked out from shard nn (`store.memo`)

Why this layout: a JSON file is rewritten whole on every write, so one file holding years of
history would get slower with every delivery, and one holding every client slower with every
client. Here logging a delivery rewrites one client's file and one shard, and finding the
client by name reads only the directory; the dashboard and `coach status` read only the index,
whatever the size of the history. A store keeps the entries of each shard it has read, and
reads a shard again only when its file changed: after a write from another process, a read
costs what changed.

Reads take no lock: every file is replaced atomically, so a reader sees the old version or the
new one. A file is read (a regular file only: never through a symbolic link, never a FIFO),
its shape checked (`store.schema`), migrated in memory to the current schema, and decoded
(`store.decode`); anything wrong is a `CorruptFile` naming the file and its newest good
backup, a file coach may not read is a `PermissionDenied`, and the file is never written
over. When `.intent` names clients (a write cut short between renames), their index entries
are rebuilt from their files as they are read, so a write cut short is still seen whole.

The index is derived data but for the weekly entries and settings (the shards entirely so: a
missing shard is rebuilt from the client files, under the lock). When the index is missing and
there is something to rebuild it from (client files, or a good backup of it), the first read
or write rebuilds it under the lock: every client from its file, the weekly entries and
settings from its newest good backup if one reads. The store says so (`notices`, and
`on_notice`, which the CLI prints on stderr). A damaged index is never rebuilt by itself: it
exists, and coach writes over nothing it can't read; `coach restore` puts back its newest good
backup (which keeps the weekly entries and settings) or, when none reads, rebuilds it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import clock
from ..domain.facts import build_facts
from ..domain.models import History
from .decode import (
    INDEX_NAME,
    VALID_INDEX,
    decode_history,
    decode_names,
    decode_shard,
    decode_snapshot,
    is_id,
    refused,
    validator,
)
from .errors import CorruptFile, FolderRefused, StoreError, WriteFailed
from .files import Lock, backup_state, ensure_dir, parse_json, read_json, read_regular, remove_stale_temps
from .layout import (
    INDEX_DIR,
    JOURNAL_NAME,
    SHARDS,
    drop_entry,
    drop_name,
    put_entry,
    put_name,
    shard_file,
    shard_of,
    split_entries,
)
from .schema import CHECK_CLIENT, CHECK_INDEX, CHECK_SHARD, MIGRATED, SCHEMA, facts_stale, migrate, new_file, schema_of
from .snapshot import Snapshot

if TYPE_CHECKING:
    from ..domain.journal import Entry
    from .repository import IndexEntry, MakeMemo, ReadMemo

if TYPE_CHECKING:  # the transaction module imports TinyDB: only writes pay for it
    from .commit import FolderTransaction

IndexFiles = tuple[dict[str, Any], dict[int, dict[str, Any]]]  # the index's data, each shard's data

DEFAULT_LOCK_TIMEOUT = 10.0
T = TypeVar("T")


def lock_timeout_from_env() -> float:
    """`COACH_LOCK_TIMEOUT` in seconds, `inf` to wait as long as it takes; a value that is not
    a number of seconds (`abc`, `nan`, `-1`) is ignored rather than crashing every command."""
    raw = os.environ.get("COACH_LOCK_TIMEOUT")
    if raw is None:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if value == math.inf or (math.isfinite(value) and value >= 0) else DEFAULT_LOCK_TIMEOUT


class FolderStore:
    """A data folder. Reads need no lock (files are replaced atomically); writes go
    through `transaction()`."""

    def __init__(self, root: Path, lock_timeout: float | None = None, today: Callable[[], date] = clock.today):
        self.root = Path(root)
        self.index_path = self.root / INDEX_NAME
        self.index_dir = self.root / INDEX_DIR
        self.clients_dir = self.root / "clients"
        self.intent_path = self.root / ".intent"
        self.journal_path = self.root / JOURNAL_NAME
        if lock_timeout is None:
            lock_timeout = lock_timeout_from_env()
        self.lock_timeout = lock_timeout
        self.today = today
        # What the store did by itself that the user should hear of (an index rebuilt), a line
        # each; `on_notice`, if set, hears each as it happens.
        self.notices: list[str] = []
        self.on_notice: Callable[[str], None] | None = None
        self._upgrade_refused = False
        self._facts_refused = False  # the facts of an older coach could not be built again
        # The entries of each shard as last read, with the identity of the file they came from
        # (inode, modification time, size): a shard whose file did not change is not read again.
        self._shards: dict[int, tuple[tuple[int, int, int], list[IndexEntry]]] = {}
        # The one shard `entry()` last read from its file: its number, bytes, data, entries.
        self._kept: tuple[int, bytes, dict[str, Any], list[IndexEntry]] | None = None

    # -- paths -----------------------------------------------------------------------------
    def client_path(self, client_id: str) -> Path:
        if not is_id(client_id):
            raise StoreError(f"not a client id: {client_id!r}")
        return self.clients_dir / f"{client_id}.json"

    def shard_path(self, shard: int) -> Path:
        return self.index_dir / shard_file(shard)

    def shard_paths(self) -> list[Path]:
        return [self.shard_path(k) for k in range(SHARDS)]

    def ensure(self) -> None:
        """The data folder and its subfolders, mode 0700 (the data folder itself may be a link
        the user made; `clients/`, `index/` and `backups/` must be real folders)."""
        ensure_dir(self.root, follow=True)
        ensure_dir(self.clients_dir)
        ensure_dir(self.index_dir)
        ensure_dir(self.root / "backups")

    def client_files(self) -> list[Path]:
        """Every client file in `clients/` (a file named `<id>.json`), in name order."""
        try:
            names = os.listdir(self.clients_dir)
        except OSError:
            return []
        return sorted(self.clients_dir / n for n in names if n.endswith(".json") and is_id(n[:-5]))

    def notice(self, line: str) -> None:
        self.notices.append(line)
        if self.on_notice is not None:
            self.on_notice(line)

    # -- lock-free reads ------------------------------------------------------------------
    def load(self, path: Path, kind: str, keep: list[bytes] | None = None) -> dict[str, Any] | None:
        """Read and check a file, migrated in memory to SCHEMA (None if it does not exist).
        Data that needed a migration carries the `MIGRATED` key (the schema it was written
        with) until it is written back. `keep`, if given, gets the bytes read (of a shard)."""
        if kind == "index":
            data = read_json(path, CHECK_INDEX, VALID_INDEX, rebuilds=True)
        elif kind == "shard":
            if os.path.islink(self.index_dir):
                raise FolderRefused(self.index_dir, "it is a symbolic link, not a folder")
            data = read_json(path, CHECK_SHARD, validator(path), rebuilds=True, keep=keep)
        else:
            if os.path.islink(self.clients_dir):
                raise FolderRefused(self.clients_dir, "it is a symbolic link, not a folder")
            data = read_json(path, CHECK_CLIENT, validator(path))
        if data is None:
            return None
        try:
            version = schema_of(data)
            data, changed = migrate(data, kind, self.today())
        except (KeyError, ValueError) as error:
            raise refused(path, f"wrong shape (no migration from its schema: {error})") from None
        return {**data, MIGRATED: version} if changed else data

    def parse(self, path: Path, data: dict[str, Any], decode: Callable[[dict[str, Any], Path | None], T]) -> T:
        """`decode(data)`, a wrong shape refused as a CorruptFile naming `path`."""
        try:
            return decode(data, path)
        except ValueError as error:
            raise refused(path, str(error)) from None

    def index_data(self) -> dict[str, Any]:
        """The index's data as it is now: rebuilt first if it is missing and there is something
        to rebuild it from, the folder upgraded first if it is of an older schema (see the
        module's docstring). The data of an index before schema 3 (read without upgrading it)
        still holds the clients' entries, in its `clients` table."""
        data = self.load(self.index_path, "index")
        if data is None:
            if self.client_files() or backup_state(self.index_path)[1]:
                with self.transaction():
                    pass  # the transaction rebuilds the missing index under the lock
            data = self.load(self.index_path, "index") or new_file("index")
        elif MIGRATED in data:
            data = self.upgrade(data)
        if "clients" not in data and facts_stale(data):
            data = self.refresh_facts(data)
        return data

    def names(self) -> list[tuple[str, str, bool]]:
        """Every client's id, name and archived flag: what finding a client by name needs, read
        from the directory alone (a write cut short is seen whole: the clients it names are
        taken from their files)."""
        data = self.index_data()
        names = self.parse(self.index_path, data, lambda d, _p: decode_names(d))
        pending = self.pending_intent()
        if not pending:
            return names
        found = {cid: (cid, name, archived) for cid, name, archived in names}
        for cid in pending:
            history = self._history_or_none(cid)
            if history is None:
                found.pop(cid, None)
            else:
                found[cid] = (cid, history.client.name, history.client.archived)
        return list(found.values())

    def entry(self, client_id: str) -> IndexEntry:
        """One client's index entry (its record and facts), from its shard."""
        shard = shard_of(client_id)
        if not os.path.lexists(self.shard_path(shard)):
            # A folder of an older schema, or a shard to rebuild: the whole read does either.
            found = self.read().entry(client_id)
            if found is None:
                raise StoreError(f"no client with the id {client_id} in {self.root}")
            return found
        for entry in self._shard_entries(shard, self.pending_intent(), keep=True):
            if entry.client.id == client_id:
                return entry
        raise StoreError(f"no client with the id {client_id} in {self.shard_path(shard)}")

    def shard_as_read(self, shard: int) -> tuple[dict[str, Any], list[IndexEntry]] | None:
        """The data and the entries of a shard as `entry()` last read it, if its file still
        holds the very bytes it held then (read again, under the lock when a write asks):
        a `coach log` finds its client, then logs to it, and its write need not parse and check
        the same shard twice. None when there is no such shard read, or the file changed."""
        kept = self._kept
        if kept is None or kept[0] != shard or os.path.islink(self.index_dir):
            return None
        try:
            raw = read_regular(self.shard_path(shard))
        except (ValueError, StoreError):
            return None  # read as any other: the error is the ordinary read's to raise
        if raw != kept[1]:
            return None
        return kept[2], kept[3]

    def read(self) -> Snapshot:
        """The index as it is now, every shard's entries with it. Entries named by a pending
        `.intent` are rebuilt from their client files, so a write cut short is still seen
        whole. A missing index (or shard) is rebuilt (see the module's docstring) first."""
        data = self.index_data()
        pending = self.pending_intent()
        if "clients" in data:  # an index of an older schema, read without upgrading it
            return self.parse(self.index_path, self.recover(data, pending) if pending else data, decode_snapshot)
        names = self.parse(self.index_path, data, lambda d, _p: decode_names(d))
        if self._missing_shards(names):
            with self.transaction(repair=True):
                pass  # the transaction rebuilds the missing shards under the lock
        entries: list[IndexEntry] = []
        for k in range(SHARDS):
            entries += self._shard_entries(k, pending)
        snapshot = self.parse(self.index_path, data, lambda d, p: decode_snapshot(d, p, entries))
        self._agree(names, [e.client.id for e in entries], pending)
        return snapshot

    def head(self) -> Snapshot:
        """The index's weekly entries and settings, without the clients' entries: the index
        file alone is read (its directory checked), no shard."""
        data = self.index_data()
        if "clients" in data:  # an index of an older schema: its entries are in it
            return self.read()._replace(entries=[])
        return self.parse(self.index_path, data, lambda d, p: decode_snapshot(d, p, []))

    def memo(
        self, kind: str, tag: str, make: MakeMemo, fresh: bool = False, read: ReadMemo | None = None
    ) -> tuple[Snapshot, dict[str, Any], list[Any]]:
        """The index without its entries (the weekly entries and settings), a row for each
        client (by id) and a total for each group of clients, as `make` makes them from a
        shard's entries: kept on disk for each shard (`store.memo`) under `kind`, and made
        again only for a shard that changed since, or when `tag` (what else the rows depend
        on) differs, or when `fresh`. Every check `read()` makes holds: a missing shard
        rebuilt first, a write cut short seen whole (its shard's rows made from the recovered
        entries, and not kept), the directory and the rows naming the same clients. With
        `read`, each shard's rows are given as `read` makes them of the rows as read, shard by
        shard (what `read` raises goes through, nothing kept)."""
        from .memo import memo_path, read_memo, shard_key, tidy, write_memo

        data = self.index_data()
        pending = self.pending_intent()
        if "clients" in data:  # an index of an older schema, read without upgrading it
            whole = self.read()
            every, total = make(whole.entries)
            return whole._replace(entries=[]), every if read is None else read(every), [total]
        names = self.parse(self.index_path, data, lambda d, _p: decode_names(d))
        if self._missing_shards(names):
            with self.transaction(repair=True):
                pass  # the transaction rebuilds the missing shards under the lock
        rows: dict[str, Any] = {}
        totals: list[Any] = []
        made = []
        for k in range(SHARDS):
            path = self.shard_path(k)
            key = shard_key(path)
            mine = any(shard_of(cid) == k for cid in pending)
            where = memo_path(self.root, kind, k)
            found = None if fresh or mine or key is None else read_memo(where, key, tag)
            if found is None:
                found = make(self._shard_entries(k, pending))
                if key is not None and not mine:
                    made.append((path, where, key, found))
            rows.update(found[0] if read is None else read(found[0]))
            totals.append(found[1])
        self._agree(names, rows, pending)
        snapshot = self.parse(self.index_path, data, lambda d, p: decode_snapshot(d, p, []))
        # Kept only once everything read: a command refused (a damaged file) writes nothing.
        for path, where, key, found in made:
            if shard_key(path) == key:
                write_memo(where, key, tag, *found)
        if made:
            tidy(self.root)
        return snapshot, rows, totals

    def read_whole(self) -> Snapshot:
        """The index and every shard read from disk as they are, every client's facts decoded,
        nothing repaired nor written: what `coach check` and `coach restore` call the index
        reading. A shard that should exist and does not is a CorruptFile naming it."""
        data = self.load(self.index_path, "index")
        if data is None:
            raise FileNotFoundError(2, "missing", str(self.index_path))
        pending = self.pending_intent()
        if "clients" in data:
            snapshot = self.parse(self.index_path, self.recover(data, pending) if pending else data, decode_snapshot)
        else:
            names = self.parse(self.index_path, data, lambda d, _p: decode_names(d))
            wanted = {shard_of(cid) for cid, _name, _archived in names}
            entries: list[IndexEntry] = []
            for k in range(SHARDS):
                path = self.shard_path(k)
                shard = self.load(path, "shard")
                if shard is None:
                    if k in wanted:
                        raise refused(path, "it is missing, and the index names clients whose entries it holds")
                    continue
                if pending:
                    shard = self.recover_shard(shard, [cid for cid in pending if shard_of(cid) == k])
                entries += self.parse(path, shard, decode_shard)
            snapshot = self.parse(self.index_path, data, lambda d, p: decode_snapshot(d, p, entries))
            self._agree(names, [e.client.id for e in entries], pending)
        for entry in snapshot.entries:
            entry.facts  # noqa: B018 (decoding them is the check)
        return snapshot

    def _agree(self, names: list[tuple[str, str, bool]], ids: Iterable[str], pending: list[str]) -> None:
        """The directory and the shards (the ids of the clients they hold) must name the same
        clients (a write cut short aside: the clients it names are read from their files)."""
        named = {cid for cid, _name, _archived in names} - set(pending)
        held = set(ids) - set(pending)
        if named != held:
            odd = sorted(named ^ held)[0]
            where = "the directory but in no shard" if odd in named else "a shard but not in the directory"
            raise refused(self.index_path, f"wrong shape (client {odd} is in {where})")

    def _missing_shards(self, names: list[tuple[str, str, bool]]) -> bool:
        """True if a shard that should hold a client's entry does not exist."""
        wanted = {shard_of(cid) for cid, _name, _archived in names}
        return any(not os.path.lexists(self.shard_path(k)) for k in wanted)

    def _shard_entries(self, shard: int, pending: list[str], keep: bool = False) -> list[IndexEntry]:
        """A shard's entries: as last read if its file did not change, else read again (those a
        pending intent names rebuilt from their files). `keep`: a shard read again is kept, its
        bytes, data and entries, for `shard_as_read` (one shard at most: the last kept)."""
        path = self.shard_path(shard)
        mine = [cid for cid in pending if shard_of(cid) == shard]
        try:
            st = os.stat(path)
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
        except OSError:
            key = None
        cached = self._shards.get(shard)
        if cached is not None and key is not None and cached[0] == key and not mine:
            return cached[1]
        raw: list[bytes] = []
        data = self.load(path, "shard", raw)
        if data is None:
            data = new_file("shard")
        if mine:
            data = self.recover_shard(data, mine)
            return self.parse(path, data, decode_shard)
        entries = self.parse(path, data, decode_shard)
        if key is not None:
            self._shards[shard] = (key, entries)
        if keep and raw and MIGRATED not in data:
            self._kept = (shard, raw[0], data, entries)
        return entries

    def upgrade(self, data: dict[str, Any]) -> dict[str, Any]:
        """Upgrade a folder of an older schema, once, under the lock (the transaction does it:
        see `FolderTransaction`), and say so; the index as it then is. A folder that can't be
        upgraded now (read-only, locked, a client file that does not read) is still read,
        migrated in memory, and the reason said once."""
        schema = data[MIGRATED]
        try:
            with self.transaction():
                pass
        except StoreError as error:
            if not self._upgrade_refused:
                self._upgrade_refused = True
                self.notice(f"{self.root} holds data of schema {schema}, read as schema {SCHEMA} without upgrading it: {error}")
            return data
        return self.load(self.index_path, "index") or data

    def refresh_facts(self, data: dict[str, Any]) -> dict[str, Any]:
        """The index's facts were built by an older coach (they mean something else now): build
        every client's again from its file, once, under the lock, and stamp the index (see
        `FolderTransaction.refresh_facts`); the index as it then is. Where that can't be done
        now (a read-only folder, the lock held), the facts are read as they are and the reason
        said once."""
        if self._facts_refused:
            return data
        try:
            with self.transaction() as txn:
                txn.refresh_facts()
        except StoreError as error:
            self._facts_refused = True
            self.notice(f"{self.root} holds facts an older coach worked out, read as they are until the next write: {error}")
            return data
        return self.load(self.index_path, "index") or data

    def read_client(self, client_id: str) -> History:
        path = self.client_path(client_id)
        data = self.load(path, "client")
        if data is None:
            raise StoreError(f"no data file for client {client_id} ({path})")
        return self.parse(path, data, decode_history)

    def client_stamp(self, client_id: str) -> tuple[int, ...] | None:
        """What changes whenever the client's file is written (every write renames a new file
        over it): its inode, size and modification time; None when it has no file. A caller
        that keeps what it read of a client takes the stamp first, then reads."""
        try:
            st = os.lstat(self.client_path(client_id))
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _history_or_none(self, client_id: str) -> History | None:
        path = self.client_path(client_id)
        data = self.load(path, "client")
        return None if data is None else self.parse(path, data, decode_history)

    def change_token(self) -> tuple[int, ...]:
        """Changes whenever any write lands: every write replaces the index or a shard, and a
        file renamed into `index/` changes that folder's modification time."""
        token: list[int] = []
        for path in (self.index_path, self.index_dir):
            try:
                st = os.stat(path)
            except OSError:
                token += (0, 0)
                continue
            token += (st.st_mtime_ns, st.st_ino)
        return tuple(token)

    def watch(self, on_change: Callable[[], None], on_trouble: Callable[[str | None], None]) -> Callable[[], None] | None:
        """None: a folder tells no one of a write; a reader checks `change_token()` (a few
        `stat` calls)."""
        return None

    def journal(self) -> tuple[list[Entry], list[Entry]]:
        """The undo journal: the changes that can be undone (oldest first) and those undone,
        which can be redone (see `store.journal`)."""
        from .files import WrongShape
        from .journal import read_journal

        path = self.journal_path
        try:
            return read_journal(path).entries()
        except CorruptFile as error:
            raise StoreError(
                f"can't read {path}: {error.reason}; the next change sets it aside and begins a new undo journal"
            ) from None
        except WrongShape as error:
            raise StoreError(
                f"can't read {path}: {error}; remove that file to begin a new undo journal (it holds none of your data)"
            ) from None

    # -- recovery -------------------------------------------------------------------------
    def pending_intent(self) -> list[str]:
        """The clients a write cut short was writing (empty when none was)."""
        try:
            ids = parse_json(read_regular(self.intent_path))
        except (ValueError, StoreError, RecursionError):
            return []  # none, or not one coach wrote (a FIFO, say): never waited on
        # Written whole by coach (temp file and rename), so anything else is not an intent.
        return [i for i in ids if is_id(i)] if isinstance(ids, list) else []

    def rebuilt_entry(self, client_id: str) -> dict[str, Any] | None:
        """A client's index entry built from its file (None if it has none)."""
        history = self._history_or_none(client_id)
        if history is None:
            return None
        return {"client": history.client.to_dict(), "facts": build_facts(*history).to_dict()}

    def recover_shard(self, shard: dict[str, Any], client_ids: list[str]) -> dict[str, Any]:
        """A shard's data with the entries of `client_ids` rebuilt from their files (in memory)."""
        shard = {**shard, "clients": dict(shard.get("clients") or {})}
        for cid in client_ids:
            entry = self.rebuilt_entry(cid)
            if entry is None:
                drop_entry(shard, cid)
            else:
                put_entry(shard, entry)
        return shard

    def recover(self, index: dict[str, Any], client_ids: list[str]) -> dict[str, Any]:
        """The data of an index before schema 3 (which holds the entries itself) with the
        entries and directory lines of `client_ids` rebuilt from their files (in memory)."""
        index = {**index, "names": dict(index.get("names") or {})}
        shard = self.recover_shard({"clients": index.get("clients") or {}}, client_ids)
        index["clients"] = shard["clients"]
        for cid in client_ids:
            entry = next((e for e in shard["clients"].values() if isinstance(e, dict) and e["client"]["id"] == cid), None)
            if entry is None:
                drop_name(index, cid)
            else:
                put_name(index, entry["client"])
        return index

    def rebuild(self, base: dict[str, Any]) -> IndexFiles:
        """The index and every shard rebuilt from the client files: the directory and the
        shards from them, the rest (weekly entries, settings) from `base`. A client file that
        can't be read stops the rebuild (its CorruptFile): an index without that client would
        hide it."""
        index = {**base, "names": {}}
        index.pop("clients", None)
        index.pop(MIGRATED, None)
        shards = {k: new_file("shard") for k in range(SHARDS)}
        for path in self.client_files():
            entry = self.rebuilt_entry(path.stem)
            if entry is not None:
                put_entry(shards[shard_of(path.stem)], entry)
                put_name(index, entry["client"])
        return index, shards

    def rebuilt_index(self) -> tuple[IndexFiles, str] | None:
        """For a missing index: the index rebuilt from the client files (and the weekly entries
        and settings of its newest good backup, if one reads), with the line that says so;
        None when there is nothing to rebuild it from."""
        files = self.client_files()
        backup, _count = backup_state(self.index_path, VALID_INDEX)
        if not files and backup is None:
            return None
        base = new_file("index")
        if backup is not None:
            base, _ = migrate(parse_json(read_regular(backup)), "index")
        rebuilt = self.rebuild(base)
        files_word = "client file" if len(files) == 1 else "client files"
        line = f"{self.index_path} was missing: rebuilt it from the {len(files)} {files_word} in {self.clients_dir}"
        if backup is not None:
            line += f", with the weekly entries and settings of {backup}"
        else:
            line += "; weekly entries and settings start afresh (no backup of the index reads)"
        return rebuilt, line

    def legacy_shards(self, index: dict[str, Any]) -> dict[int, dict[str, Any]]:
        """The shards of an index before schema 3, from its `clients` table."""
        return split_entries(index.get("clients") or {})

    # -- writes ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self, repair: bool = False) -> Iterator[FolderTransaction]:
        """Lock, read fresh, let the caller change things, write atomically on success
        (`repair`: rebuild any missing shard first)."""
        from .commit import FolderTransaction

        try:
            self.ensure()
        except OSError as error:
            raise WriteFailed(self.root, error) from None
        with Lock(self.root, self.lock_timeout) as lock:
            if lock.begin_write():
                remove_stale_temps(self.root, self.clients_dir, self.index_dir, self.root / "backups")
            try:
                txn = FolderTransaction(self, repair)
                yield txn
                txn.commit()
            except Exception:
                lock.end_write()  # every error path removes its own temp files
                raise
            lock.end_write()
        for line in txn.rebuilt:
            self.notice(line)
        if txn.upgrading:
            schema = min(txn.upgrading.values())
            self.notice(
                f"upgraded {self.root} from schema {schema} to {SCHEMA}; "
                f"each file as it was is kept in {self.root / 'backups'} as <name>.schema-{schema}"
            )


__all__ = ["FolderStore", "DEFAULT_LOCK_TIMEOUT", "lock_timeout_from_env"]
