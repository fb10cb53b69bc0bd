"""`coach restore`: put a data file back from its newest good backup.

The file being replaced is never deleted: it is moved aside as `<name>.broken-<time>` in
`backups/`, so even a restore can be undone by hand.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

from ..domain.errors import InputError
from .errors import CorruptFile
from .files import FILE_MODE, backups_of, ensure_dir, newest_good_backup, backup_dir
from .store import CHECK_CLIENT, CHECK_INDEX, INDEX_NAME, Store
from .files import Lock, read_json


def _data_files(root: Path) -> list[Path]:
    files = [root / INDEX_NAME]
    clients = root / "clients"
    if clients.is_dir():
        files += sorted(p for p in clients.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
    return files


def _check_for(path: Path):
    return CHECK_INDEX if path.name == INDEX_NAME else CHECK_CLIENT


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


def restore(root: Path, name: str | None = None) -> list[str]:
    store = Store(root)
    targets = [_resolve(root, name)] if name else [p for p in _data_files(root) if p.exists() and _broken(p)]
    if not targets:
        return [f"nothing to restore: every data file in {root} reads fine"]
    lines: list[str] = []
    restored_clients: list[str] = []
    with Lock(root, store.lock_timeout):
        for path in targets:
            backup = newest_good_backup(path, _check_for(path))
            if backup is None:
                lines.append(f"no good backup of {path}; it was left as it is")
                continue
            if path.exists():
                aside = backup_dir(path) / f"{path.name}.broken-{datetime.now():%Y%m%d-%H%M%S}"
                ensure_dir(aside.parent)
                os.replace(path, aside)
                lines.append(f"moved {path} aside to {aside}")
            tmp = path.with_name(f".{path.name}.restore.tmp")
            shutil.copyfile(backup, tmp)
            os.chmod(tmp, FILE_MODE)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            lines.append(f"restored {path} from {backup}")
            if path.name == INDEX_NAME:
                # A restored index may predate clients added since: rebuild every entry.
                restored_clients += [p.stem for p in _data_files(root)[1:]]
            else:
                restored_clients.append(path.stem)
        if restored_clients:
            store.intent_path.write_text(json.dumps(sorted(set(restored_clients))))
    if restored_clients:
        with store.transaction():
            pass  # the transaction rebuilds the index entries named in `.intent`
    return lines
