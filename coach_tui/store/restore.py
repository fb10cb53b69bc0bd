"""`coach restore`: put a data file back from its newest good backup, or rebuild the index.

What it does, file by file:

- a damaged client file (or one named on the command line) is replaced by its newest backup
  that reads; without one it is left as it is, and the restore is incomplete;
- the index, damaged, missing or named, is rebuilt: the weekly entries and settings of its
  newest good backup (none when no backup reads: they start afresh), and every client from its
  file, so a restored index loses no client added or changed since the backup was made. Client
  files are restored first, so the index is rebuilt from them; a client file that still does not
  read stops the index's rebuild (an index without that client would hide it);
- a file coach may not read (permissions) is never replaced: a backup would only roll it back
  a version. Its line says to check its owner and mode.

The file being replaced is never deleted: a regular file is kept aside as
`<name>.broken-<time>` in `backups/`, so even a restore can be undone by hand (a FIFO or a
symbolic link in its place holds no data of coach's and is just replaced: the link's target is
not touched). A restore writes like any other write: the intent first, then each file replaced in
one rename, so a crash halfway leaves every data file readable as before or as restored, and
the index is rebuilt from the client files. `restore()` returns what was done, a line each;
`complete` is False when a file it was asked to restore (or found damaged) is left as it was.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from ..domain.errors import InputError
from .decode import VALID_INDEX, validator
from .errors import CorruptFile, StoreError, WriteFailed
from .files import (
    FILE_MODE,
    Lock,
    backup_dir,
    backup_state,
    backups_of,
    discard,
    encode,
    ensure_dir,
    fsync_dir,
    kind_of,
    link_or_copy,
    parse_json,
    read_regular,
    reads,
    write_temp,
)
from .folder import FolderStore
from .health import (
    DAMAGED,
    DENIED,
    MISSING,
    OK,
    Disagreement,
    Inspection,
    client_ids_with_backups,
    data_files,
    disagreements,
    inspect,
)
from .schema import MIGRATED, migrate, new_file


class Report(list[str]):
    """The lines of what a restore did; `complete` is False if a file it was asked to restore
    (or found damaged) was left as it was."""

    complete = True

    def failed(self, line: str) -> None:
        self.append(line)
        self.complete = False


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Backup(NamedTuple):
    """One backup of a data file: where it is, when it was made, its size, whether it reads."""

    path: Path
    time: datetime
    size: int
    reads: bool | None  # None: not read (the text listing does not read every backup)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.path.name,
            "path": str(self.path),
            "time": self.time.isoformat(timespec="seconds"),
            "size": self.size,
            "reads": self.reads,
        }


class FileBackups(NamedTuple):
    """A data file (the index or a client file), whether it reads, and its backups, newest first."""

    path: Path
    kind: str  # "index" or "client"
    state: str  # ok, missing, damaged, permission denied
    damaged_shard: Path | None  # an index shard that does not read (rebuilt by `coach restore`)
    backups: list[Backup]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.path.name,
            "path": str(self.path),
            "kind": self.kind,
            "state": self.state,
            "reads": self.state == OK,
            "damaged_shard": None if self.damaged_shard is None else str(self.damaged_shard),
            "backups": [b.to_json() for b in self.backups],
        }


def backup_listing(root: Path, read_backups: bool = True) -> list[FileBackups]:
    """Every data file, the index first, with its backups; each backup read as `coach restore`
    would read it when `read_backups`."""
    store = FolderStore(root)
    listed = []
    for path in data_files(store):
        found = inspect(store, path)
        shard = found.error.path if isinstance(found.error, CorruptFile) and found.error.path != path else None
        check = validator(path)
        backups = []
        for b in backups_of(path):
            st = b.lstat()
            # Local time with its offset: the text listing shows the same time without it.
            made = datetime.fromtimestamp(st.st_mtime).astimezone()
            backups.append(Backup(b, made, st.st_size, reads(b, check) if read_backups else None))
        kind = "index" if path == store.index_path else "client"
        listed.append(FileBackups(path, kind, found.state, shard, backups))
    return listed


def list_backups(root: Path) -> list[str]:
    lines = []
    for file in backup_listing(root, read_backups=False):
        lines.append(f"{file.path} ({file.state}): {_plural(len(file.backups), 'backup')}")
        if file.damaged_shard is not None:
            # An index shard: derived data, no backups; `coach restore` rebuilds it.
            lines.append(f"{file.damaged_shard} (damaged): an index shard, rebuilt from the client files by `coach restore`")
        for b in file.backups:
            lines.append(f"  {b.path}  {b.time:%Y-%m-%d %H:%M}")
    return lines


def _resolve(store: FolderStore, name: str) -> Path:
    """The data file `name` names: the index or a client file, by path, by its path in the
    data folder, or by file name (a client file that is gone but has backups counts)."""
    root = store.root
    known = data_files(store)
    known += [store.client_path(cid) for cid in client_ids_with_backups(store) if store.client_path(cid) not in known]
    candidate = Path(name)
    for path in known:
        if candidate == path or candidate.name == path.name or str(candidate) == str(path.relative_to(root)):
            return path
    raise InputError(f"{name!r} is not one of coach's data files in {root} (see `coach restore --list`)")


def _put_back(path: Path, payload: bytes) -> tuple[Path | None, str]:
    """Replace `path` by `payload`; a regular file replaced is kept aside in `backups/`.
    Returns where it was kept, and what was there when it was no regular file.

    At every moment `path` holds either its old bytes or the new ones: the new file is made
    and flushed beside it first, the old file is linked aside (not moved away), and one
    rename puts the new one in place. A crash never leaves the path empty."""
    tmp = write_temp(path, payload, path.with_name(f".{path.name}.restore.tmp"))
    aside = None
    was = ""
    try:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISREG(mode):
            aside = backup_dir(path) / f"{path.name}.broken-{datetime.now():%Y%m%d-%H%M%S}"
            ensure_dir(aside.parent)
            if os.path.lexists(aside):
                aside = aside.with_name(f"{aside.name}-{os.getpid()}")
            link_or_copy(path, aside)
            os.chmod(aside, FILE_MODE)
        elif mode is not None:
            was = kind_of(mode)
            if stat.S_ISLNK(mode):
                was += f" to {os.readlink(path)}"
        os.replace(tmp, path)
    except (OSError, StoreError) as error:
        discard(tmp)
        if isinstance(error, StoreError):
            raise
        raise WriteFailed(path, error) from None
    fsync_dir(path.parent)
    return aside, was


def _moved(report: Report, path: Path, aside: Path | None, was: str) -> None:
    if aside is not None:
        report.append(f"moved {path} aside to {aside}")
    if was:
        report.append(f"replaced {was} at {path}")


def _rebuild_index(store: FolderStore, state: str, report: Report) -> None:
    """Put back the index rebuilt from the client files, with the weekly entries and settings
    it holds (when it reads) or of its newest good backup; and every shard rebuilt with it."""
    path = store.index_path
    backup, count = backup_state(path, VALID_INDEX)
    try:
        current = store.load(path, "index")
    except StoreError:
        current = None
    if current is None and backup is None and state == OK:
        report.failed(f"no good backup of {path} (it has {_plural(count, 'backup')}); it reads fine and was left as it is")
        return
    if current is not None:
        base = current
    elif backup is not None:
        base, _ = migrate(parse_json(read_regular(backup)), "index")
    else:
        base = new_file("index")
    files = store.client_files()
    try:
        index, shards = store.rebuild(base)
    except StoreError as error:
        report.failed(f"can't rebuild {path} while a client file does not read ({error})")
        return
    ensure_dir(store.index_dir)
    for k, shard in shards.items():
        shard_path = store.shard_path(k)
        tmp = write_temp(shard_path, encode(shard))
        try:
            os.replace(tmp, shard_path)
        except OSError as error:
            discard(tmp)
            raise WriteFailed(shard_path, error) from None
    fsync_dir(store.index_dir)
    clients = f"the {_plural(len(files), 'client file')} in {store.clients_dir}"
    payload = encode(index)
    if current is not None:
        if encode({k: v for k, v in current.items() if k != MIGRATED}) != payload:
            aside, was = _put_back(path, payload)
            _moved(report, path, aside, was)
        report.append(f"rebuilt the index shards in {store.index_dir} and the client directory of {path} from {clients}")
        return
    aside, was = _put_back(path, payload)
    _moved(report, path, aside, was)
    if backup is not None:
        report.append(f"restored {path} from {backup} (its weekly entries and settings), with every client from {clients}")
    else:
        gone = f"none of its {_plural(count, 'backup')} reads" if count else "it has no backup"
        report.append(f"rebuilt {path} from {clients} ({gone}: weekly entries and settings start afresh)")


def _denied(path: Path, report: Report) -> None:
    report.failed(
        f"can't read {path}: permission denied; check its owner and mode (coach's files are yours alone, "
        "mode 0600); a backup would only roll it back a version, so it was left as it is"
    )


def _plan(store: FolderStore, targets: list[tuple[Path, str]], report: Report) -> list[tuple[Path, Path]]:
    """The client files of `targets` that can be put back, each with its newest good backup;
    a line for each that can't."""
    plan = []
    for path, state in targets:
        if state == DENIED:
            _denied(path, report)
            continue
        backup, count = backup_state(path, validator(path))
        if backup is None:
            reads = f"none of its {_plural(count, 'backup')} reads" if count else "it has no backup yet"
            report.failed(f"no good backup of {path} ({reads}); it was left as it is")
        else:
            plan.append((path, backup))
    return plan


def _stale(store: FolderStore, found: list[Inspection]) -> list[Disagreement]:
    """Index entries that disagree with the client files that read (the index reading too)."""
    index = found[0]
    if index.state != OK:
        return []
    histories = {i.path.stem: i.value for i in found[1:] if i.state == OK}
    damaged = {i.path.stem for i in found[1:] if i.state != OK}
    return [d for d in disagreements(store, index.value, histories) if d.client_id not in damaged]


def restore(root: Path, name: str | None = None) -> Report:
    store = FolderStore(root)
    report = Report()
    with Lock(root, store.lock_timeout) as lock:
        stale: list[Disagreement] = []
        if name:
            path = _resolve(store, name)
            targets = [(path, inspect(store, path).state)]
        else:
            found = [inspect(store, path) for path in data_files(store)]
            rebuildable = bool(store.client_files() or backups_of(store.index_path))
            targets = [(i.path, i.state) for i in found if i.state in (DAMAGED, DENIED)]
            targets += [(i.path, i.state) for i in found if i.state == MISSING and rebuildable]
            stale = _stale(store, found)
            if not targets and not stale:
                report.append(f"nothing to restore: every data file in {root} reads fine")
                return report
        lock.begin_write()  # a restore cut short leaves temp files, like any write
        # Client files first: the index is then rebuilt from them as they are restored.
        plan = _plan(store, [t for t in targets if t[0] != store.index_path], report)
        rebuild = sorted({path.stem for path, _ in plan} | {d.client_id for d in stale})
        if rebuild:
            # The intent goes first, as in every write: if coach dies halfway through, the next
            # reader still rebuilds the index entries from the client files.
            tmp = write_temp(store.intent_path, json.dumps(rebuild).encode())
            try:
                os.replace(tmp, store.intent_path)
            except OSError as error:
                discard(tmp)
                raise WriteFailed(store.intent_path, error) from None
        for n, (path, backup) in enumerate(plan):
            try:
                payload = read_regular(backup)
                if payload is None:
                    raise FileNotFoundError(2, "the backup is gone", str(backup))
                aside, was = _put_back(path, payload)
            except (OSError, ValueError, StoreError) as error:
                if not n and not stale:
                    discard(store.intent_path)  # nothing changed: nothing to rebuild
                raise error if isinstance(error, StoreError) else WriteFailed(path, OSError(str(error))) from None
            _moved(report, path, aside, was)
            report.append(f"restored {path} from {backup}")
        for found_stale in stale:
            report.append(f"brought the index up to date with {found_stale.path} ({found_stale.message})")
        for path, state in targets:
            if path == store.index_path:
                if state == DENIED:
                    _denied(path, report)
                else:
                    _rebuild_index(store, state, report)
        lock.end_write()
    if rebuild:
        try:
            with store.transaction():
                pass  # the transaction rebuilds the index entries named in `.intent`
        except CorruptFile:
            pass  # the index itself does not read: the intent waits for it to be put right
    return report


__all__ = ["Backup", "FileBackups", "Report", "backup_listing", "list_backups", "restore"]
