"""The folder store: a `Repository` over one data folder of JSON files, read without a lock.

Layout of a data folder (files 0600, folders 0700):

    coach.json           the index: every client's record and its ClientFacts (a few hundred
                         bytes each), weekly assessments, commitments, tips shown, settings
    clients/<id>.json    one client's record, cards (with move history) and deliveries
    backups/             the last 3 versions of each file (name.1 newest) and one a day for 7 days
    .lock                the inter-process lock
    .intent              present only while a write spans several files (see store.commit)

Why this layout: a JSON file is rewritten whole on every write, so one file holding years of
history would get slower with every delivery. Here logging a delivery rewrites one client's
file and the index, and the dashboard and `coach status` read only the index, whatever the
size of the history.

Reads take no lock: every file is replaced atomically, so a reader sees the old version or the
new one. A file is read, its shape checked (`store.schema`), migrated in memory to the current
schema, and decoded (`store.decode`); anything wrong is a `CorruptFile` naming the file and its
newest good backup, and the file is never written over. When `.intent` names clients (a write
cut short between renames), their index entries are rebuilt from their files as they are read,
so a write cut short is still seen whole.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import clock
from ..domain.facts import build_facts
from ..domain.models import History
from .decode import INDEX_NAME, VALID_CLIENT, VALID_INDEX, decode_history, decode_snapshot, is_id
from .errors import CorruptFile, StoreError, WriteFailed
from .files import Lock, ensure_dir, newest_good_backup, read_json, remove_stale_temps
from .schema import CHECK_CLIENT, CHECK_INDEX, MIGRATED, migrate, new_file
from .snapshot import Snapshot

if TYPE_CHECKING:  # the transaction module imports TinyDB: only writes pay for it
    from .commit import FolderTransaction

DEFAULT_LOCK_TIMEOUT = 10.0
T = TypeVar("T")


def lock_timeout_from_env() -> float:
    """`COACH_LOCK_TIMEOUT` in seconds; a value that is not a finite number of seconds
    (`abc`, `nan`, `-1`) is ignored rather than crashing every command or waiting forever."""
    raw = os.environ.get("COACH_LOCK_TIMEOUT")
    if raw is None:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if math.isfinite(value) and value >= 0 else DEFAULT_LOCK_TIMEOUT


class FolderStore:
    """A data folder. Reads need no lock (files are replaced atomically); writes go
    through `transaction()`."""

    def __init__(self, root: Path, lock_timeout: float | None = None, today: Callable[[], date] = clock.today):
        self.root = Path(root)
        self.index_path = self.root / INDEX_NAME
        self.clients_dir = self.root / "clients"
        self.intent_path = self.root / ".intent"
        if lock_timeout is None:
            lock_timeout = lock_timeout_from_env()
        self.lock_timeout = lock_timeout
        self.today = today

    # -- paths -----------------------------------------------------------------------------
    def client_path(self, client_id: str) -> Path:
        if not is_id(client_id):
            raise StoreError(f"not a client id: {client_id!r}")
        return self.clients_dir / f"{client_id}.json"

    def ensure(self) -> None:
        ensure_dir(self.root)
        ensure_dir(self.clients_dir)

    # -- lock-free reads ------------------------------------------------------------------
    def load(self, path: Path, kind: str) -> dict[str, Any] | None:
        """Read and check a file, migrated in memory to SCHEMA (None if it does not exist).
        Data that needed a migration carries the `MIGRATED` key until it is written back."""
        check = CHECK_INDEX if kind == "index" else CHECK_CLIENT
        data = read_json(path, check, VALID_INDEX if kind == "index" else VALID_CLIENT)
        if data is None:
            return None
        data, changed = migrate(data, kind)
        return {**data, MIGRATED: True} if changed else data

    def parse(self, path: Path, data: dict[str, Any], decode: Callable[[dict[str, Any], Path | None], T]) -> T:
        """`decode(data)`, a wrong shape refused as a CorruptFile naming `path`."""
        try:
            return decode(data, path)
        except ValueError as error:
            valid = VALID_INDEX if path == self.index_path else VALID_CLIENT
            raise CorruptFile(path, str(error), newest_good_backup(path, valid)) from None

    def read(self) -> Snapshot:
        """The index as it is now. Entries named by a pending `.intent` are rebuilt from
        their client files, so a write cut short is still seen whole."""
        data = self.load(self.index_path, "index") or new_file("index")
        pending = self.pending_intent()
        if pending:
            data = self.recover(data, pending)
        return self.parse(self.index_path, data, decode_snapshot)

    def read_client(self, client_id: str) -> History:
        path = self.client_path(client_id)
        data = self.load(path, "client")
        if data is None:
            raise StoreError(f"no data file for client {client_id} ({path})")
        return self.parse(path, data, decode_history)

    def change_token(self) -> tuple[int, int]:
        """Changes whenever any write lands (the index is replaced by every write)."""
        try:
            st = os.stat(self.index_path)
        except FileNotFoundError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_ino)

    # -- recovery -------------------------------------------------------------------------
    def pending_intent(self) -> list[str]:
        """The clients a write cut short was writing (empty when none was)."""
        try:
            raw = self.intent_path.read_bytes()
        except OSError:
            return []
        try:
            ids = json.loads(raw)
        except ValueError:
            return []
        # Written whole by coach (temp file and rename), so anything else is not an intent.
        return [i for i in ids if is_id(i)] if isinstance(ids, list) else []

    def recover(self, index: dict[str, Any], client_ids: list[str]) -> dict[str, Any]:
        """The index data with the entries of `client_ids` rebuilt from their files (in memory)."""
        from .memory import memory_db, storage_of, where

        db = memory_db(index)
        table = db.table("clients")
        for cid in client_ids:
            path = self.client_path(cid)
            data = self.load(path, "client")
            if data is None:
                table.remove(where().client.id == cid)
                continue
            history = self.parse(path, data, decode_history)
            facts = build_facts(history.client, history.cards, history.deliveries)
            table.upsert({"client": history.client.to_dict(), "facts": facts.to_dict()}, where().client.id == cid)
        return storage_of(db).read()

    # -- writes ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[FolderTransaction]:
        """Lock, read fresh, let the caller change things, write atomically on success."""
        from .commit import FolderTransaction

        try:
            self.ensure()
        except OSError as error:
            raise WriteFailed(self.root, error) from None
        with Lock(self.root, self.lock_timeout):
            remove_stale_temps(self.root, self.clients_dir, self.root / "backups")
            txn = FolderTransaction(self)
            yield txn
            txn.commit()


__all__ = ["FolderStore", "DEFAULT_LOCK_TIMEOUT", "lock_timeout_from_env"]
