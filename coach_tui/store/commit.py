"""The folder store's transaction: changes made in memory under the lock, then the commit
protocol that puts them on disk so that no crash can leave half a change.

Inside a transaction each file is a TinyDB database over `memory.TxnStorage` (the data read
under the lock): records are upserted, removed and replaced through TinyDB's tables and
queries, and a file is marked dirty when TinyDB writes to it. Nothing reaches disk until
`commit()`:

1. every dirty client's index entry (its record and `ClientFacts`) is rebuilt from its data;
2. each changed file is written to a temp file beside it and fsynced; a failure here (disk
   full, permissions) removes the temp files and leaves every file as it was;
3. `.intent`, naming the clients being written, is renamed into place first, then each client
   file, then each changed shard, then the index; if the process dies between two renames,
   the next reader rebuilds those clients' index entries and directory lines from their files
   (`FolderStore.recover_shard`);
4. each replaced data file's old version becomes its newest backup, once the new one is in
   place (the shards, derived data, have none).

A writer killed mid-write leaves only temp files, which the next writer removes under the lock.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.account import Opportunity, Person, Plan, Touch
from ..domain.facts import build_facts
from ..domain.journal import Entry
from ..domain.models import Assessment, Card, Client, Commitment, Delivery, History, PillarWeek, TipShown
from .decode import Entry as ShardEntry
from .decode import decode_checked_shard, decode_checked_snapshot, decode_history, decode_names, decode_shard, decode_snapshot
from .errors import CorruptFile, StoreError, WriteFailed
from .files import commit_temp, discard, encode, fsync_dir, keep_before_upgrade, keep_old_version, rotate_backups, write_temp
from .journal import TABLES, WEEKLY, Journal, read_journal
from .layout import SHARDS, drop_entry, drop_name, name_doc, put_entry, put_name, shard_file, shard_of
from .memory import memory_db, storage_of, where
from .replay import changed_steps, keep_change, replay_last
from .schema import CLIENT_SCHEMA, MIGRATED, facts_stale, new_file, stamp_facts
from .snapshot import Snapshot

if TYPE_CHECKING:
    from tinydb import TinyDB

    from .folder import FolderStore
    from .repository import IndexEntry


def _check_facts(entries: list[IndexEntry]) -> None:
    """Check each entry's facts (ValueError, a wrong shape, if one is malformed)."""
    for entry in entries:
        if isinstance(entry, ShardEntry):
            entry.check_facts()


def _open(data: dict[str, Any]) -> TinyDB:
    """A TinyDB over data in memory; a migrated file starts dirty so it is written back."""
    return memory_db(data, dirty=data.pop(MIGRATED, None) is not None)


def _has_shards(store: FolderStore) -> bool:
    """False for a folder of an older schema (or one with no client yet): the index is then
    read first, whatever the transaction does."""
    try:
        with os.scandir(store.index_dir) as found:
            return any(True for _ in found)
    except OSError:
        return False


class FolderTransaction:
    """Changes made under the lock (a `Transaction`). Nothing reaches disk until `commit()`.

    Files are read as the changes need them: a delivery logged reads its client's file and,
    at commit, the one shard that holds the client's entry; the index (directory, weekly
    entries, settings) only when a client is added, renamed or archived, or a weekly entry
    or setting changes. Each file is checked whole when it is read, before any change is made
    on top of it: a write never copies a damaged record into the new version of a file."""

    def __init__(self, store: FolderStore, repair: bool = False) -> None:
        self.store = store
        self.today = store.today()
        self.rebuilt: list[str] = []  # what was rebuilt by itself (a missing index or shard)
        # A folder of an older schema upgrades whole in this transaction: the index, and every
        # client file if client files changed since (read, migrated in memory and written
        # back), each file as it was kept first as `backups/<name>.schema-<N>`.
        self.upgrading: dict[Path, int] = {}
        self._index: TinyDB | None = None
        self._shards: dict[int, dict[str, Any]] = {}
        self._dirty_shards: set[int] = set()
        self._clients: dict[str, TinyDB] = {}
        # The undo journal (see store.journal): each record this transaction touches, as it
        # was before its first change (in the order touched); whether the change is journaled
        # (bookkeeping is not); the entry undone or redone, if that is what it does; the
        # clients it removes (undoing their adding).
        self._before: dict[tuple[str, str | None, str], dict[str, Any] | None] = {}
        self._journaled = True
        self._what: str | None = None  # the change's line, when not made from its records
        self._journal: Journal | None = None
        self._replay: bool | None = None  # True: an undo, False: a redo
        self._removed: set[str] = set()
        self.recovered = store.pending_intent()
        if repair or self.recovered or not _has_shards(store) or not os.path.lexists(store.index_path):
            self._index_db()
        for cid in self.recovered:
            self._rebuild_entry(cid)
        if repair:
            self._repair_shards()
        if any(version < CLIENT_SCHEMA for version in self.upgrading.values()):
            for path in store.client_files():
                self._client_db(path.stem)

    # -- the index and the shards, read when needed --------------------------------------
    def _index_db(self) -> TinyDB:
        if self._index is not None:
            return self._index
        store = self.store
        data = store.load(store.index_path, "index")
        rebuilt = False
        if data is None:
            found = store.rebuilt_index()
            if found is not None:
                (data, shards), line = found
                self.rebuilt.append(line)
                rebuilt = True
                self._shards.update(shards)
                self._dirty_shards.update(shards)
        data = data or new_file("index")
        if data.get(MIGRATED) is not None:
            self.upgrading[store.index_path] = data[MIGRATED]
        # Check the whole index before any change is made on top of it.
        store.parse(store.index_path, data, decode_checked_snapshot)
        if "clients" in data:  # before schema 3: its entries move to the shards
            for k, shard in store.legacy_shards(data).items():
                store.parse(store.shard_path(k), shard, decode_checked_shard)
                self._shards[k] = shard
                self._dirty_shards.add(k)
            data = {key: value for key, value in data.items() if key != "clients"}
            data.setdefault(MIGRATED, 2)
        self._index = _open(data)
        if rebuilt:
            storage_of(self._index).dirty = True
        return self._index

    def _shard(self, k: int) -> dict[str, Any]:
        shard = self._shards.get(k)
        if shard is None:
            path = self.store.shard_path(k)
            found = self.store.shard_as_read(k)
            if found is not None:
                # The very bytes the store read and checked before the lock: its data, copied
                # as deep as a change goes (an entry is replaced, never changed in place), and
                # its entries' facts checked as any shard's are.
                data, entries = found
                self.store.parse(path, data, lambda _data, _path: _check_facts(entries))
                shard = {**data, "clients": dict(data.get("clients") or {})}
            else:
                shard = self.store.load(path, "shard") or new_file("shard")
                self.store.parse(path, shard, decode_checked_shard)
            if shard.pop(MIGRATED, None) is not None:
                self._dirty_shards.add(k)
            self._shards[k] = shard
        return shard

    def _put_entry(self, entry: dict[str, Any]) -> None:
        """A client's entry into its shard, and its directory line if that changed."""
        k = shard_of(entry["client"]["id"])
        old = put_entry(self._shard(k), entry)
        self._dirty_shards.add(k)
        if old is None or name_doc(old["client"]) != name_doc(entry["client"]):
            index = self._index_db()
            put_name(storage_of(index).data, entry["client"])
            storage_of(index).dirty = True

    def _rebuild_entry(self, client_id: str) -> None:
        """A client named by a write cut short: its entry and directory line from its file."""
        entry = self.store.rebuilt_entry(client_id)
        if entry is not None:
            self._put_entry(entry)
            return
        k = shard_of(client_id)
        drop_entry(self._shard(k), client_id)
        self._dirty_shards.add(k)
        index = self._index_db()
        drop_name(storage_of(index).data, client_id)
        storage_of(index).dirty = True

    def _repair_shards(self) -> None:
        """Shards that should hold a client's entry but do not exist, rebuilt from the client
        files (they hold nothing else)."""
        store = self.store
        names = store.parse(store.index_path, storage_of(self._index_db()).data, lambda d, _p: decode_names(d))
        wanted = {shard_of(cid) for cid, _name, _archived in names}
        missing = sorted(k for k in wanted if k not in self._shards and not os.path.lexists(store.shard_path(k)))
        if not missing:
            return
        for path in store.client_files():
            k = shard_of(path.stem)
            if k in missing:
                entry = store.rebuilt_entry(path.stem)
                if entry is not None:
                    put_entry(self._shards.setdefault(k, new_file("shard")), entry)
        for k in missing:
            self._shards.setdefault(k, new_file("shard"))
            self._dirty_shards.add(k)
        shown = ", ".join(shard_file(k) for k in missing[:4]) + (", ..." if len(missing) > 4 else "")
        self.rebuilt.append(f"{store.index_dir} lacked {shown}: rebuilt from the client files in {store.clients_dir}")

    def refresh_facts(self) -> None:
        """Build again, from its file, the facts of every client the directory names (those
        of an older coach mean something else now), and stamp the index with this coach's
        facts version. Bookkeeping, not a change of the user's: the journal is left as it is.
        A client whose file does not read keeps its entry as it was (`coach check` names it)."""
        self.unjournaled()
        store = self.store
        index = self._index_db()
        data = storage_of(index).data
        if facts_stale(data):
            for cid, _name, _archived in store.parse(store.index_path, data, lambda d, _p: decode_names(d)):
                try:
                    entry = store.rebuilt_entry(cid)
                except StoreError:
                    continue
                if entry is not None:
                    self._put_entry(entry)
            stamp_facts(data)
            storage_of(index).dirty = True

    # -- reads under the lock ------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        store = self.store
        entries: list[IndexEntry] = []
        for k in range(SHARDS):
            if k in self._shards or os.path.lexists(store.shard_path(k)):
                entries += decode_shard(self._shard(k), store.shard_path(k))
        return decode_snapshot(storage_of(self._index_db()).read(), store.index_path, entries)

    def head(self) -> Snapshot:
        """The index's weekly entries and settings (with this transaction's changes): the
        index alone, no shard read."""
        return decode_snapshot(storage_of(self._index_db()).read(), self.store.index_path, [])

    def _client_db(self, client_id: str, create: bool = False) -> TinyDB:
        db = self._clients.get(client_id)
        if db is None:
            path = self.store.client_path(client_id)
            data = self.store.load(path, "client")
            if data is None:
                if not create:
                    raise StoreError(f"no data file for client {client_id} ({path})")
                data = new_file("client")
            elif data.get(MIGRATED) is not None:
                self.upgrading[path] = data[MIGRATED]
            db = _open(data)
            self._clients[client_id] = db
        return db

    def history(self, client_id: str) -> History:
        path = self.store.client_path(client_id)
        return self.store.parse(path, storage_of(self._client_db(client_id)).read(), decode_history)

    # -- changes -------------------------------------------------------------------------
    def put_client(self, client: Client) -> None:
        """Create or update a client's record (in its file and, at commit, in the index)."""
        self._note("client", client.id, client.id)
        self._removed.discard(client.id)
        table = self._client_db(client.id, create=True).table("client")
        table.truncate()
        table.insert(client.to_dict())

    def put_card(self, card: Card) -> None:
        self._note("card", card.client_id, card.id)
        self._client_db(card.client_id).table("cards").upsert(card.to_dict(), where().id == card.id)

    def delete_card(self, client_id: str, card_id: str) -> None:
        self._note("card", client_id, card_id)
        self._client_db(client_id).table("cards").remove(where().id == card_id)

    def put_delivery(self, delivery: Delivery) -> None:
        self._note("delivery", delivery.client_id, delivery.id)
        self._client_db(delivery.client_id).table("deliveries").upsert(delivery.to_dict(), where().id == delivery.id)

    def delete_delivery(self, client_id: str, delivery_id: str) -> None:
        self._note("delivery", client_id, delivery_id)
        self._client_db(client_id).table("deliveries").remove(where().id == delivery_id)

    def put_person(self, person: Person) -> None:
        self._note("person", person.client_id, person.id)
        self._client_db(person.client_id).table("people").upsert(person.to_dict(), where().id == person.id)

    def delete_person(self, client_id: str, person_id: str) -> None:
        self._note("person", client_id, person_id)
        self._client_db(client_id).table("people").remove(where().id == person_id)

    def put_touch(self, touch: Touch) -> None:
        self._note("touch", touch.client_id, touch.id)
        self._client_db(touch.client_id).table("touches").upsert(touch.to_dict(), where().id == touch.id)

    def delete_touch(self, client_id: str, touch_id: str) -> None:
        self._note("touch", client_id, touch_id)
        self._client_db(client_id).table("touches").remove(where().id == touch_id)

    def put_plan(self, plan: Plan) -> None:
        self._note("plan", plan.client_id, plan.client_id)
        table = self._client_db(plan.client_id).table("plan")
        table.truncate()
        table.insert(plan.to_dict())

    def put_opportunity(self, opportunity: Opportunity) -> None:
        self._note("opportunity", opportunity.client_id, opportunity.id)
        table = self._client_db(opportunity.client_id).table("opportunities")
        table.upsert(opportunity.to_dict(), where().id == opportunity.id)

    def delete_opportunity(self, client_id: str, opportunity_id: str) -> None:
        self._note("opportunity", client_id, opportunity_id)
        self._client_db(client_id).table("opportunities").remove(where().id == opportunity_id)

    def put_assessment(self, assessment: Assessment) -> None:
        self._note("assessment", None, assessment.week.isoformat())
        self._index_db().table("assessments").upsert(assessment.to_dict(), where().week == assessment.week.isoformat())

    def put_commitment(self, commitment: Commitment) -> None:
        self._note("commitment", None, commitment.week.isoformat())
        self._index_db().table("commitments").upsert(commitment.to_dict(), where().week == commitment.week.isoformat())

    def add_tip_shown(self, shown: TipShown) -> None:
        self._index_db().table("tips_shown").insert(shown.to_dict())

    def put_pillar_week(self, week: PillarWeek) -> None:
        self._index_db().table("pillar_weeks").upsert(week.to_dict(), where().week == week.week.isoformat())

    def put_settings(self, **values: Any) -> None:
        table = self._index_db().table("settings")
        docs = table.all()
        current = dict(docs[0]) if docs else {}
        current.update(values)
        table.truncate()
        table.insert(current)

    # -- the undo journal ------------------------------------------------------------------
    def unjournaled(self) -> None:
        """This transaction is not a change the user made (the demo's data, bookkeeping): it
        leaves the journal as it is."""
        self._journaled = False

    def describe_change(self, what: str) -> None:
        """The line the journal keeps for this change, instead of the one made from the records
        it changed: an import of hundreds of records is one change, "imported 12 clients ..."."""
        self._what = what

    def _find(self, kind: str, client_id: str | None, key: str) -> dict[str, Any] | None:
        """The record as this transaction now holds it (a copy), None if there is none."""
        if kind in WEEKLY:
            docs = self._index_db().table(TABLES[kind]).search(where().week == key)
        else:
            assert client_id is not None
            if client_id not in self._clients and not os.path.lexists(self.store.client_path(client_id)):
                return None
            table = self._client_db(client_id).table(TABLES[kind])
            docs = table.all() if kind in ("client", "plan") else table.search(where().id == key)
        return copy.deepcopy(dict(docs[0])) if docs else None

    def _note(self, kind: str, client_id: str | None, key: str) -> None:
        """Keep a record as it is before this transaction first changes it."""
        if self._journaled and (kind, client_id, key) not in self._before:
            self._before[(kind, client_id, key)] = self._find(kind, client_id, key)

    def _put_back(self, kind: str, client_id: str | None, key: str, doc: dict[str, Any] | None) -> None:
        """Put a record back as `doc` (None: remove it; a client removed leaves with its file)."""
        self._note(kind, client_id, key)
        if kind in WEEKLY:
            table = self._index_db().table(TABLES[kind])
            if doc is None:
                table.remove(where().week == key)
            else:
                table.upsert(doc, where().week == key)
            return
        assert client_id is not None
        table = self._client_db(client_id, create=kind == "client").table(TABLES[kind])
        if kind in ("client", "plan"):
            table.truncate()
            if doc is not None:
                table.insert(doc)
            if kind == "client":
                (self._removed.add if doc is None else self._removed.discard)(client_id)
        elif doc is None:
            table.remove(where().id == key)
        else:
            table.upsert(doc, where().id == key)

    def journal(self) -> Journal:
        """The journal as it is under the lock (CorruptFile if it does not read)."""
        if self._journal is None:
            self._journal = read_journal(self.store.journal_path)
        return self._journal

    def undo(self) -> Entry:
        """Undo the last change journaled: put back every record it changed as it was before,
        if each is still as the change left it; otherwise InputError, and nothing changes."""
        return self._replay_last(undo=True)

    def redo(self) -> Entry:
        """Redo the last change undone, if every record it changed is still as the undo left it."""
        return self._replay_last(undo=False)

    def _replay_last(self, undo: bool) -> Entry:
        try:
            journal = self.journal()
        except CorruptFile as error:
            raise StoreError(
                f"can't {'undo' if undo else 'redo'}: can't read {error.path}: {error.reason}; "
                "the next change sets it aside and begins a new undo journal"
            ) from None
        entry = replay_last(
            journal,
            undo,
            where=str(self.store.journal_path),
            damaged_hint="; remove that file to begin a new undo journal (it holds none of your data)",
            find=self._find,
            put_back=self._put_back,
            removed=self._removed,
            holds_records=self._holds_records,
        )
        self._replay = undo
        return entry

    def _holds_records(self, client_id: str) -> bool:
        """Whether a client's file holds any record but the client's own."""
        held = storage_of(self._client_db(client_id)).read()
        return any(held.get(table) for table in ("cards", "deliveries", "people", "touches", "opportunities", "plan"))

    def _journal_payload(self) -> bytes | None:
        """The journal as this transaction leaves it (None: it stays as it is): its change
        added, or the entry it undid or redid moved. A journal that does not read is set
        aside (`journal.jsonl.damaged`) and a new one begun, so it never stops a change."""
        steps = changed_steps(self._before, self._find, journaled=self._journaled, replay=self._replay)
        if steps is None:
            return None
        path = self.store.journal_path
        try:
            journal = self.journal()
        except StoreError as error:
            aside = path.with_name(path.name + ".damaged")
            try:
                os.replace(path, aside)
            except OSError:
                self.rebuilt.append(f"{error}; the change was not journaled: it can't be undone")
                return None
            self.rebuilt.append(f"{error}; kept it as {aside} and began a new undo journal")
            journal = self._journal = Journal()
        keep_change(journal, steps, replay=self._replay, what=self._what, find=self._find)
        return journal.payload()

    # -- commit --------------------------------------------------------------------------
    def commit(self) -> None:
        store = self.store
        dirty_clients = {cid: db for cid, db in self._clients.items() if storage_of(db).dirty}
        removed = sorted(cid for cid in self._removed if cid in dirty_clients)
        journal = self._journal_payload()
        for cid, db in dirty_clients.items():
            if cid in removed:
                continue
            history = decode_history(storage_of(db).read())
            self._put_entry({"client": history.client.to_dict(), "facts": build_facts(*history).to_dict()})
        for cid in removed:
            k = shard_of(cid)
            drop_entry(self._shard(k), cid)
            self._dirty_shards.add(k)
            index = self._index_db()
            drop_name(storage_of(index).data, cid)
            storage_of(index).dirty = True
        writes: list[tuple[Path, bytes]] = []
        if dirty_clients or self.recovered:
            writes.append((store.intent_path, json.dumps(sorted(set(dirty_clients) | set(self.recovered))).encode()))
        for cid, db in dirty_clients.items():
            if cid not in removed:
                writes.append((store.client_path(cid), encode(storage_of(db).read())))
        for k in sorted(self._dirty_shards):
            writes.append((store.shard_path(k), encode(self._shards[k])))
        if self._index is not None and storage_of(self._index).dirty:
            writes.append((store.index_path, encode(storage_of(self._index).read())))
        if not writes:
            return
        if journal is not None:  # last: it never names a change that did not land
            writes.append((store.journal_path, journal))
        for path, schema in self.upgrading.items():
            keep_before_upgrade(path, schema)
        temps: list[tuple[Path, Path]] = []
        try:
            for path, payload in writes:
                temps.append((write_temp(path, payload), path))
        except StoreError:
            discard(*(tmp for tmp, _ in temps))
            raise
        saved: Path | None = None  # the first client file renamed: from then on the change is in
        derived = (store.intent_path, store.journal_path)
        for n, (tmp, path) in enumerate(temps):
            try:
                if path in derived or path.parent == store.index_dir:
                    try:
                        os.replace(tmp, path)  # the intent, the journal and the shards: no backup of them
                    except OSError as error:
                        discard(tmp)
                        if path == store.journal_path:  # the change is in: only its undo is lost
                            self.rebuilt.append(f"can't write {path} ({error.strerror or error}): that change can't be undone")
                            continue
                        raise WriteFailed(path, error) from None
                else:
                    commit_temp(tmp, path, self.today)
                if path == store.intent_path:
                    for cid in removed:  # once the intent names them: a removed client's file goes
                        self._remove_file(store.client_path(cid))
                        saved = saved or store.client_path(cid)
            except WriteFailed as error:
                # No temp file is left behind, and `.intent` stays: the next reader rebuilds the
                # index entries from whatever client files are in place.
                discard(*(tmp for tmp, _ in temps[n + 1 :]))
                if saved is not None:
                    raise WriteFailed(error.path, error.error, saved) from None
                raise
            if saved is None and path.parent == store.clients_dir:
                saved = path
        if dirty_clients:
            fsync_dir(store.clients_dir)
        if self._dirty_shards:
            fsync_dir(store.index_dir)
        # A leftover intent only makes the next reader rebuild entries that are right.
        discard(store.intent_path)
        fsync_dir(store.root)

    def _remove_file(self, path: Path) -> None:
        """Remove a client's file, its last version kept as its newest backup."""
        keep = keep_old_version(path)
        try:
            os.unlink(path)
        except FileNotFoundError:
            discard(keep)
            return
        except OSError as error:
            discard(keep)
            raise WriteFailed(path, error) from None
        if keep is not None:
            rotate_backups(path, keep, self.today)


__all__ = ["FolderTransaction"]
