"""The state of each data file, as `coach restore` and `coach check` see it: whether it reads
(the whole test: its shape, every record, the index's facts), is missing, is damaged, or is a
file coach may not read; and which files there are.

One answer for both commands and for every read: a file `coach check` calls damaged is one
every command refuses and `coach restore` offers to put back; a permission problem is named
as such and never offered a restore (it would only roll the file back a version).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain.facts import build_facts
from ..domain.models import History
from .decode import decode_history, is_id
from .errors import CorruptFile, FolderRefused, PermissionDenied, StoreError
from .files import is_backup_name

if TYPE_CHECKING:
    from .folder import FolderStore
    from .snapshot import Snapshot

OK = "ok"
MISSING = "missing"
DAMAGED = "damaged"
DENIED = "permission denied"


class Inspection(NamedTuple):
    """A data file's state (OK, MISSING, DAMAGED or DENIED), the error that says why when it
    does not read, and what it holds when it does (a Snapshot or a History)."""

    path: Path
    state: str
    error: StoreError | None = None
    value: Any = None


def inspect(store: FolderStore, path: Path) -> Inspection:
    """Read the data file at `path` as every command would, and say how that went."""
    try:
        if path == store.index_path:
            # The index with its shards: a shard that does not read makes the index damaged
            # (the error names the shard; `coach restore` rebuilds them together).
            try:
                return Inspection(path, OK, value=store.read_whole())
            except FileNotFoundError:
                return Inspection(path, MISSING)
        data = store.load(path, "client")
        if data is None:
            return Inspection(path, MISSING)
        return Inspection(path, OK, value=store.parse(path, data, decode_history))
    except PermissionDenied as error:
        return Inspection(path, DENIED, error)
    except (CorruptFile, FolderRefused) as error:
        return Inspection(path, DAMAGED, error)


def data_files(store: FolderStore) -> list[Path]:
    """The index, then every client file, in name order."""
    return [store.index_path, *store.client_files()]


def client_ids_with_backups(store: FolderStore) -> list[str]:
    """The ids of clients that have a backup in `backups/` (their file may be gone)."""
    try:
        names = sorted(p.name for p in (store.root / "backups").iterdir())
    except OSError:
        return []
    ids: dict[str, None] = {}
    for name in names:
        stem = name.split(".json.", 1)[0]
        if stem != name and is_backup_name(name, f"{stem}.json") and stem != store.index_path.stem:
            ids[stem] = None
    return [cid for cid in ids if is_id(cid)]


class Disagreement(NamedTuple):
    """An index entry that is not what the client files give: `kind` is "no-entry" (a client
    file the index does not list), "no-file" (an entry whose file is gone), "record" or
    "facts"; `message` says it in one line."""

    client_id: str
    kind: str
    path: Path
    message: str


def disagreements(store: FolderStore, snapshot: Snapshot, histories: dict[str, History]) -> list[Disagreement]:
    """Where the index disagrees with the client files that read (`histories`, by id).

    The facts compared are those that do not depend on the day they were built: the open
    cards, the latest value-add, the latest change to an Understand card and the count of
    deliveries; and each value-add the index keeps must be a value-add of the file."""
    index = store.index_path
    entries = {e.client.id: e for e in snapshot.entries}
    found = []
    for cid, history in histories.items():
        path = store.client_path(cid)
        entry = entries.get(cid)
        if entry is None:
            found.append(Disagreement(cid, "no-entry", path, f"{index} has no entry for {path}: the client is hidden"))
            continue
        if entry.client != history.client:
            field = next(f for f in entry.client.__dataclass_fields__ if getattr(entry.client, f) != getattr(history.client, f))
            found.append(Disagreement(cid, "record", path, f"{index} holds another record of client {cid} than {path} ({field})"))
        try:
            stored = entry.facts
        except StoreError:
            continue  # the index does not read: that is its finding
        built = build_facts(*history)
        every_value_add = Counter((d.on, d.need_id is not None) for d in history.deliveries if d.is_value_add)
        differ = [
            name
            for name, same in (
                ("open cards", sorted(stored.cards) == sorted(built.cards)),
                ("latest value-add", stored.last_value_add == built.last_value_add),
                ("latest Understand change", stored.last_understand_change == built.last_understand_change),
                ("count of deliveries", stored.deliveries == built.deliveries),
                ("value-adds", not Counter(stored.value_adds) - every_value_add),
            )
            if not same
        ]
        if differ:
            found.append(
                Disagreement(
                    cid, "facts", path, f"{index} holds facts of client {cid} that {path} does not give ({', '.join(differ)})"
                )
            )
    for cid in entries:
        path = store.client_path(cid)
        if cid not in histories and not path.exists() and not path.is_symlink():
            found.append(Disagreement(cid, "no-file", path, f"{index} has an entry for client {cid}, but {path} does not exist"))
    return found


__all__ = [
    "Disagreement",
    "disagreements",
    "OK",
    "MISSING",
    "DAMAGED",
    "DENIED",
    "Inspection",
    "inspect",
    "data_files",
    "client_ids_with_backups",
]
