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
new one. A file is read (a regular file only: never through a symbolic link, never a FIFO),
its shape checked (`store.schema`), migrated in memory to the current schema, and decoded
(`store.decode`); anything wrong is a `CorruptFile` naming the file and its newest good
backup, a file coach may not read is a `PermissionDenied`, and the file is never written
over. When `.intent` names clients (a write cut short between renames), their index entries
are rebuilt from their files as they are read, so a write cut short is still seen whole.

The index is derived data but for the weekly entries and settings, so when it is missing and
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import clock
from ..domain.facts import build_facts
from ..domain.models import History
from .decode import INDEX_NAME, VALID_INDEX, decode_history, decode_snapshot, is_id, refused, validator
from .errors import FolderRefused, StoreError, WriteFailed
from .files import Lock, backup_state, ensure_dir, parse_json, read_json, read_regular, remove_stale_temps
from .schema import CHECK_CLIENT, CHECK_INDEX, MIGRATED, SCHEMA, migrate, new_file, schema_of
from .snapshot import Snapshot

if TYPE_CHECKING:  # the transaction module imports TinyDB: only writes pay for it
    from .commit import FolderTransaction

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
        self.clients_dir = self.root / "clients"
        self.intent_path = self.root / ".intent"
        if lock_timeout is None:
            lock_timeout = lock_timeout_from_env()
        self.lock_timeout = lock_timeout
        self.today = today
        # What the store did by itself that the user should hear of (an index rebuilt), a line
        # each; `on_notice`, if set, hears each as it happens.
        self.notices: list[str] = []
        self.on_notice: Callable[[str], None] | None = None
        self._upgrade_refused = False

    # -- paths -----------------------------------------------------------------------------
    def client_path(self, client_id: str) -> Path:
        if not is_id(client_id):
            raise StoreError(f"not a client id: {client_id!r}")
        return self.clients_dir / f"{client_id}.json"

    def ensure(self) -> None:
        """The data folder and its subfolders, mode 0700 (the data folder itself may be a link
        the user made; `clients/` and `backups/` must be real folders)."""
        ensure_dir(self.root, follow=True)
        ensure_dir(self.clients_dir)
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
    def load(self, path: Path, kind: str) -> dict[str, Any] | None:
        """Read and check a file, migrated in memory to SCHEMA (None if it does not exist).
        Data that needed a migration carries the `MIGRATED` key (the schema it was written
        with) until it is written back."""
        if kind == "index":
            data = read_json(path, CHECK_INDEX, VALID_INDEX, rebuilds=True)
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

    def read(self) -> Snapshot:
        """The index as it is now. Entries named by a pending `.intent` are rebuilt from
        their client files, so a write cut short is still seen whole. A missing index is
        rebuilt (see the module's docstring) first."""
        data = self.load(self.index_path, "index")
        if data is None:
            if self.client_files() or backup_state(self.index_path)[1]:
                with self.transaction():
                    pass  # the transaction rebuilds the missing index under the lock
            data = self.load(self.index_path, "index") or new_file("index")
        elif MIGRATED in data:
            data = self.upgrade(data)
        pending = self.pending_intent()
        if pending:
            data = self.recover(data, pending)
        return self.parse(self.index_path, data, decode_snapshot)

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
            ids = parse_json(read_regular(self.intent_path))
        except (ValueError, StoreError, RecursionError):
            return []  # none, or not one coach wrote (a FIFO, say): never waited on
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
            facts = build_facts(*history)
            table.upsert({"client": history.client.to_dict(), "facts": facts.to_dict()}, where().client.id == cid)
        return storage_of(db).read()

    def rebuilt_index(self) -> tuple[dict[str, Any], str] | None:
        """For a missing index: the index rebuilt from the client files (and the weekly entries
        and settings of its newest good backup, if one reads), with the line that says so;
        None when there is nothing to rebuild it from. A client file that can't be read stops
        the rebuild (its CorruptFile): an index without that client would hide it."""
        files = self.client_files()
        backup, _count = backup_state(self.index_path, VALID_INDEX)
        if not files and backup is None:
            return None
        base = new_file("index")
        if backup is not None:
            base, _ = migrate(parse_json(read_regular(backup)), "index")
        data = self.recover({**base, "clients": {}}, [p.stem for p in files])
        files_word = "client file" if len(files) == 1 else "client files"
        line = f"{self.index_path} was missing: rebuilt it from the {len(files)} {files_word} in {self.clients_dir}"
        if backup is not None:
            line += f", with the weekly entries and settings of {backup}"
        else:
            line += "; weekly entries and settings start afresh (no backup of the index reads)"
        return data, line

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
        if txn.rebuilt is not None:
            self.notice(txn.rebuilt)
        if txn.upgrading:
            schema = min(txn.upgrading.values())
            self.notice(
                f"upgraded {self.root} from schema {schema} to {SCHEMA}; "
                f"each file as it was is kept in {self.root / 'backups'} as <name>.schema-{schema}"
            )


__all__ = ["FolderStore", "DEFAULT_LOCK_TIMEOUT", "lock_timeout_from_env"]
