"""`coach restore`: put a data file back from its newest good backup.

The file being replaced is never deleted: it is kept aside as `<name>.broken-<time>` in
`backups/`, so even a restore can be undone by hand. A restore writes like any other write:
the intent first, then each file replaced in one rename, so a crash halfway leaves every data
file readable as before or as restored, and the index is rebuilt from the client files.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.errors import InputError
from .decode import INDEX_NAME, VALID_CLIENT, VALID_INDEX
from .errors import CorruptFile, WriteFailed
from .files import (
    FILE_MODE,
    Lock,
    backup_dir,
    backups_of,
    discard,
    ensure_dir,
    fsync_dir,
    newest_good_backup,
    read_json,
    write_temp,
)
from .folder import FolderStore


def _data_files(root: Path) -> list[Path]:
    files = [root / INDEX_NAME]
    clients = root / "clients"
    if clients.is_dir():
        files += sorted(p for p in clients.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
    return files


def _check_for(path: Path) -> Callable[[Any], None]:
    """The whole test of a readable file: its tables, its records and their values."""
    return VALID_INDEX if path.name == INDEX_NAME else VALID_CLIENT


def _broken(path: Path) -> bool:
    try:
        read_json(path, _check_for(path))
    except CorruptFile:
        return True
    return False


def list_backups(root: Path) -> list[str]:
    lines = []
    for path in _data_files(root):
        backups = backups_of(path)
        state = "unreadable" if path.exists() and _broken(path) else "ok"
        lines.append(f"{path} ({state}): {len(backups)} backup{'s' if len(backups) != 1 else ''}")
        for b in backups:
            stamp = datetime.fromtimestamp(b.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            lines.append(f"  {b}  {stamp}")
    return lines


def _resolve(root: Path, name: str) -> Path:
    candidate = Path(name)
    for path in _data_files(root):
        if candidate == path or candidate.name == path.name or str(candidate) == str(path.relative_to(root)):
            return path
    raise InputError(f"{name!r} is not one of coach's data files in {root} (see `coach restore --list`)")


def _put_back(path: Path, backup: Path) -> Path | None:
    """Replace `path` by a copy of `backup`; the file replaced is kept aside in `backups/`.

    At every moment `path` holds either its old bytes or the backup's: the copy is made and
    flushed beside it first, the old file is linked aside (not moved away), and one rename puts
    the copy in place. A crash never leaves the path empty, which for the index would read as
    a new, empty portfolio."""
    tmp = path.with_name(f".{path.name}.restore.tmp")
    try:
        shutil.copyfile(backup, tmp)
        os.chmod(tmp, FILE_MODE)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        aside = None
        if path.exists():
            aside = backup_dir(path) / f"{path.name}.broken-{datetime.now():%Y%m%d-%H%M%S}"
            ensure_dir(aside.parent)
            try:
                os.link(path, aside)
            except FileExistsError:
                aside = aside.with_name(f"{aside.name}-{os.getpid()}")
                os.link(path, aside)
            except OSError:
                shutil.copyfile(path, aside)
        os.replace(tmp, path)
    except OSError as error:
        discard(tmp)
        raise WriteFailed(path, error) from None
    fsync_dir(path.parent)
    return aside


def restore(root: Path, name: str | None = None) -> list[str]:
    store = FolderStore(root)
    targets = [_resolve(root, name)] if name else [p for p in _data_files(root) if p.exists() and _broken(p)]
    if not targets:
        return [f"nothing to restore: every data file in {root} reads fine"]
    lines: list[str] = []
    with Lock(root, store.lock_timeout):
        plan = [(path, newest_good_backup(path, _check_for(path))) for path in targets]
        restored_clients: list[str] = []
        for path, backup in plan:
            if backup is None:
                continue
            if path.name == INDEX_NAME:
                # A restored index may predate clients added since: rebuild every entry.
                restored_clients += [p.stem for p in _data_files(root)[1:]]
            else:
                restored_clients.append(path.stem)
        if restored_clients:
            # The intent goes first, as in every write: if coach dies halfway through, the next
            # reader still rebuilds the index entries from the client files.
            payload = json.dumps(sorted(set(restored_clients))).encode()
            tmp = write_temp(store.intent_path, payload)
            try:
                os.replace(tmp, store.intent_path)
            except OSError as error:
                tmp.unlink(missing_ok=True)
                raise WriteFailed(store.intent_path, error) from None
        put_back = 0
        for path, backup in plan:
            if backup is None:
                lines.append(f"no good backup of {path}; it was left as it is")
                continue
            try:
                aside = _put_back(path, backup)
            except WriteFailed:
                if not put_back:
                    store.intent_path.unlink(missing_ok=True)  # nothing changed: nothing to rebuild
                raise
            put_back += 1
            if aside is not None:
                lines.append(f"moved {path} aside to {aside}")
            lines.append(f"restored {path} from {backup}")
    if restored_clients:
        with store.transaction():
            pass  # the transaction rebuilds the index entries named in `.intent`
    return lines
