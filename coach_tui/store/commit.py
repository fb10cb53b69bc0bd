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
   file, then the index; if the process dies between two renames, the next reader rebuilds
   those clients' index entries from their files (`FolderStore.recover`);
4. each replaced file's old version becomes its newest backup, once the new one is in place.

A writer killed mid-write leaves only temp files, which the next writer removes under the lock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.account import Opportunity, Person, Plan, Touch
from ..domain.facts import build_facts
from ..domain.models import Assessment, Card, Client, Commitment, Delivery, History, PillarWeek, TipShown
from .decode import decode_checked_snapshot, decode_history, decode_snapshot
from .errors import StoreError, WriteFailed
from .files import commit_temp, discard, encode, fsync_dir, keep_before_upgrade, write_temp
from .memory import memory_db, storage_of, where
from .schema import MIGRATED, new_file
from .snapshot import Snapshot

if TYPE_CHECKING:
    from tinydb import TinyDB

    from .folder import FolderStore


def _open(data: dict[str, Any]) -> TinyDB:
    """A TinyDB over data in memory; a migrated file starts dirty so it is written back."""
    return memory_db(data, dirty=data.pop(MIGRATED, None) is not None)


class FolderTransaction:
    """Changes made under the lock (a `Transaction`). Nothing reaches disk until `commit()`."""

    def __init__(self, store: FolderStore) -> None:
        self.store = store
        self.today = store.today()
        data = store.load(store.index_path, "index")
        self.rebuilt: str | None = None  # what was done, if the index was missing and rebuilt
        if data is None:
            rebuilt = store.rebuilt_index()
            if rebuilt is not None:
                data, self.rebuilt = rebuilt
        # An index of an older schema upgrades the whole folder in this transaction: every
        # client file is read (migrated in memory) and written back, each file as it was kept
        # first as `backups/<name>.schema-<N>`.
        self.upgrading: dict[Path, int] = {}
        if data is not None and data.get(MIGRATED) is not None:
            self.upgrading[store.index_path] = data[MIGRATED]
        self.index = _open(data or new_file("index"))
        if self.rebuilt is not None:
            storage_of(self.index).dirty = True
        self.recovered = store.pending_intent()
        if self.recovered:
            storage_of(self.index).data = store.recover(storage_of(self.index).data, self.recovered)
            storage_of(self.index).dirty = True
        # Validate the whole index (every client's facts too) before any change is made on top
        # of it: a write never copies a damaged record into the new version of the file.
        store.parse(store.index_path, storage_of(self.index).data, decode_checked_snapshot)
        self._clients: dict[str, TinyDB] = {}
        if self.upgrading:
            for path in store.client_files():
                self._client_db(path.stem)

    # -- reads under the lock ------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return decode_snapshot(storage_of(self.index).read(), self.store.index_path)

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
        table = self._client_db(client.id, create=True).table("client")
        table.truncate()
        table.insert(client.to_dict())

    def put_card(self, card: Card) -> None:
        self._client_db(card.client_id).table("cards").upsert(card.to_dict(), where().id == card.id)

    def delete_card(self, client_id: str, card_id: str) -> None:
        self._client_db(client_id).table("cards").remove(where().id == card_id)

    def put_delivery(self, delivery: Delivery) -> None:
        self._client_db(delivery.client_id).table("deliveries").upsert(delivery.to_dict(), where().id == delivery.id)

    def delete_delivery(self, client_id: str, delivery_id: str) -> None:
        self._client_db(client_id).table("deliveries").remove(where().id == delivery_id)

    def put_person(self, person: Person) -> None:
        self._client_db(person.client_id).table("people").upsert(person.to_dict(), where().id == person.id)

    def delete_person(self, client_id: str, person_id: str) -> None:
        self._client_db(client_id).table("people").remove(where().id == person_id)

    def put_touch(self, touch: Touch) -> None:
        self._client_db(touch.client_id).table("touches").upsert(touch.to_dict(), where().id == touch.id)

    def delete_touch(self, client_id: str, touch_id: str) -> None:
        self._client_db(client_id).table("touches").remove(where().id == touch_id)

    def put_plan(self, plan: Plan) -> None:
        table = self._client_db(plan.client_id).table("plan")
        table.truncate()
        table.insert(plan.to_dict())

    def put_opportunity(self, opportunity: Opportunity) -> None:
        table = self._client_db(opportunity.client_id).table("opportunities")
        table.upsert(opportunity.to_dict(), where().id == opportunity.id)

    def delete_opportunity(self, client_id: str, opportunity_id: str) -> None:
        self._client_db(client_id).table("opportunities").remove(where().id == opportunity_id)

    def put_assessment(self, assessment: Assessment) -> None:
        self.index.table("assessments").upsert(assessment.to_dict(), where().week == assessment.week.isoformat())

    def put_commitment(self, commitment: Commitment) -> None:
        self.index.table("commitments").upsert(commitment.to_dict(), where().week == commitment.week.isoformat())

    def add_tip_shown(self, shown: TipShown) -> None:
        self.index.table("tips_shown").insert(shown.to_dict())

    def put_pillar_week(self, week: PillarWeek) -> None:
        self.index.table("pillar_weeks").upsert(week.to_dict(), where().week == week.week.isoformat())

    def put_settings(self, **values: Any) -> None:
        table = self.index.table("settings")
        docs = table.all()
        current = dict(docs[0]) if docs else {}
        current.update(values)
        table.truncate()
        table.insert(current)

    # -- commit --------------------------------------------------------------------------
    def commit(self) -> None:
        store = self.store
        dirty_clients = {cid: db for cid, db in self._clients.items() if storage_of(db).dirty}
        clients = self.index.table("clients")
        for cid, db in dirty_clients.items():
            history = decode_history(storage_of(db).read())
            facts = build_facts(*history)
            clients.upsert({"client": history.client.to_dict(), "facts": facts.to_dict()}, where().client.id == cid)
        writes: list[tuple[Path, bytes]] = []
        if dirty_clients:
            writes.append((store.intent_path, json.dumps(sorted(set(dirty_clients) | set(self.recovered))).encode()))
        for cid, db in dirty_clients.items():
            writes.append((store.client_path(cid), encode(storage_of(db).read())))
        if storage_of(self.index).dirty or self.recovered:
            writes.append((store.index_path, encode(storage_of(self.index).read())))
        if not writes:
            return
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
        for n, (tmp, path) in enumerate(temps):
            try:
                if path == store.intent_path:
                    try:
                        os.replace(tmp, path)  # the intent is no user data: no backup of it
                    except OSError as error:
                        raise WriteFailed(path, error) from None
                else:
                    commit_temp(tmp, path, self.today)
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
        # A leftover intent only makes the next reader rebuild entries that are right.
        discard(store.intent_path)
        fsync_dir(store.root)


__all__ = ["FolderTransaction"]
