"""Safe file primitives: atomic writes, rolling backups, the inter-process lock, and a
TinyDB storage that reads a file once per transaction and writes it only at commit.

Why not TinyDB's JSONStorage: it treats a 0-byte file as an empty database, overwrites in
place (a crash mid-write leaves half a file), and has no locking (tinydb#6, #72, #341).
Why not the `filelock` package: it imports asyncio, which alone costs more than the whole
budget of a `coach log` run; `fcntl.flock` from the standard library is all we need.
"""

from __future__ import annotations

import errno
import json
import os
import time
from datetime import date
from pathlib import Path
from typing import Any, Callable

from tinydb.storages import Storage

from .errors import CorruptFile, StoreBusy, WriteFailed

FILE_MODE = 0o600
DIR_MODE = 0o700
ROLLING_BACKUPS = 3  # the last versions before each write: name.1 (newest) .. name.3
DAILY_BACKUPS = 7  # the first version seen on each of the last days a write happened


def ensure_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)


def backup_dir(path: Path) -> Path:
    """Backups of a data file live in `backups/` at the top of the data folder."""
    root = path.parent.parent if path.parent.name == "clients" else path.parent
    return root / "backups"


def backups_of(path: Path) -> list[Path]:
    """Existing backups of a file, newest first."""
    folder = backup_dir(path)
    try:
        found = [p for p in folder.iterdir() if p.name.startswith(path.name + ".")]
    except FileNotFoundError:
        return []
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def newest_good_backup(path: Path, check: Callable[[Any], None] | None = None) -> Path | None:
    """The newest backup that parses (and passes `check`, if given)."""
    for candidate in backups_of(path):
        try:
            data = json.loads(candidate.read_bytes())
            if check:
                check(data)
        except (ValueError, OSError, CorruptFile):
            continue
        return candidate
    return None


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        dst.write_bytes(src.read_bytes())
        os.chmod(dst, FILE_MODE)


def _is_day(suffix: str) -> bool:
    return len(suffix) == 10 and suffix[4] == suffix[7] == "-" and suffix.replace("-", "").isdigit()


def rotate_backups(path: Path, today: date) -> None:
    """Keep the version about to be replaced. A hard link costs no copy: the replace that
    follows gives `path` a new inode, so the link keeps the old bytes. Best effort: a failed
    backup must not block the user's write."""
    if not path.exists():
        return
    folder = backup_dir(path)
    try:
        ensure_dir(folder)
        for n in range(ROLLING_BACKUPS - 1, 0, -1):
            older = folder / f"{path.name}.{n}"
            if older.exists():
                os.replace(older, folder / f"{path.name}.{n + 1}")
        newest = folder / f"{path.name}.1"
        if newest.exists():
            newest.unlink()
        _link_or_copy(path, newest)
        daily = folder / f"{path.name}.{today.isoformat()}"
        if not daily.exists():
            _link_or_copy(path, daily)
            prefix = path.name + "."
            dailies = sorted(
                p for p in folder.iterdir() if p.name.startswith(prefix) and _is_day(p.name[len(prefix):])
            )
            for stale in dailies[:-DAILY_BACKUPS]:
                stale.unlink()
    except OSError:
        pass


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_temp(path: Path, payload: bytes) -> Path:
    """Write `payload` to a temp file beside `path`, flushed and fsynced. On failure the
    temp file is removed and WriteFailed names `path`."""
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise WriteFailed(path, error) from None
    return tmp


def commit_temp(tmp: Path, path: Path, today: date) -> None:
    rotate_backups(path, today)
    try:
        os.replace(tmp, path)
    except OSError as error:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise WriteFailed(path, error) from None


def encode(data: Any) -> bytes:
    # Compact but one table per line keeps diffs and a manual look bearable.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_json(path: Path, check: Callable[[Any], None]) -> Any | None:
    """Parse a data file. None if it does not exist; CorruptFile if it is empty, not JSON,
    or fails `check` (which raises ValueError with a reason)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CorruptFile(path, f"unreadable ({error.strerror})", newest_good_backup(path)) from None
    if not raw.strip():
        raise CorruptFile(path, "the file is empty", newest_good_backup(path, check))
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise CorruptFile(path, f"not valid JSON ({error})", newest_good_backup(path, check)) from None
    try:
        check(data)
    except ValueError as error:
        raise CorruptFile(path, str(error), newest_good_backup(path, check)) from None
    return data


class TxnStorage(Storage):
    """A TinyDB storage over data already read under the lock.

    TinyDB re-reads its storage on every table operation; here reads hit memory, writes
    update memory and mark the file dirty, and the store writes dirty files atomically when
    the transaction commits (before anything is reported to the user).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


class Lock:
    """An exclusive inter-process lock on `root/.lock` (fcntl.flock, released by the kernel
    if the holder dies, so a kill -9 never leaves the store locked)."""

    def __init__(self, root: Path, timeout: float) -> None:
        self.path = root / ".lock"
        self.root = root
        self.timeout = timeout
        self.fd: int | None = None

    def __enter__(self) -> Lock:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        deadline = time.monotonic() + self.timeout
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreBusy(self.root, self.timeout) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
