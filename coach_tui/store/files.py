"""Safe file primitives: atomic writes, rolling backups and the inter-process lock.

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
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

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
        except (ValueError, OSError, CorruptFile, RecursionError):
            continue
        return candidate
    return None


def discard(*paths: Path | None) -> None:
    """Remove leftovers (a temp file, a half-made backup), best effort: failing to tidy up
    must never hide the error being reported or block a write that succeeded."""
    for path in paths:
        if path is not None:
            try:
                path.unlink()
            except OSError:
                pass


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        try:
            dst.write_bytes(src.read_bytes())
            os.chmod(dst, FILE_MODE)
        except OSError:
            # A half-written copy (disk full) would sit among the backups as the day's
            # version for a week: no backup is better than a broken one.
            discard(dst)
            raise


def _is_day(suffix: str) -> bool:
    return len(suffix) == 10 and suffix[4] == suffix[7] == "-" and suffix.replace("-", "").isdigit()


def keep_old_version(path: Path) -> Path | None:
    """Hard-link the version of `path` about to be replaced into `backups/` under a temp name,
    before the replace. A link costs no copy: the replace gives `path` a new inode, so the link
    keeps the old bytes. None when there is no old version or it can't be kept (best effort:
    a failed backup must not block the user's write)."""
    if not path.exists():
        return None
    folder = backup_dir(path)
    keep = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        ensure_dir(folder)
        keep.unlink(missing_ok=True)
        _link_or_copy(path, keep)
    except OSError:
        return None
    return keep


def rotate_backups(path: Path, keep: Path, today: date) -> None:
    """Once `path` was replaced, make `keep` (its old version) the newest backup: name.1, and
    the day's backup if the day has none. Done only after the replace succeeded, so a write
    that fails leaves the backups as they were. Best effort, like `keep_old_version`."""
    folder = keep.parent
    try:
        for n in range(ROLLING_BACKUPS - 1, 0, -1):
            older = folder / f"{path.name}.{n}"
            if older.exists():
                os.replace(older, folder / f"{path.name}.{n + 1}")
        newest = folder / f"{path.name}.1"
        os.replace(keep, newest)
        daily = folder / f"{path.name}.{today.isoformat()}"
        if not daily.exists():
            _link_or_copy(newest, daily)
            prefix = path.name + "."
            dailies = sorted(p for p in folder.iterdir() if p.name.startswith(prefix) and _is_day(p.name[len(prefix) :]))
            for stale in dailies[:-DAILY_BACKUPS]:
                stale.unlink()
    except OSError:
        discard(keep)


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


def remove_stale_temps(*folders: Path) -> None:
    """Delete temp files a killed writer left behind. Call it only under the lock: every
    writer holds the lock from its first temp file to its last rename, so a temp file seen
    by the lock holder belongs to a process that died mid-write."""
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass


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
        discard(tmp)
        raise WriteFailed(path, error) from None
    return tmp


def commit_temp(tmp: Path, path: Path, today: date) -> None:
    """Put the temp file `tmp` in place of `path`, keeping the old version as a backup."""
    keep = keep_old_version(path)
    try:
        os.replace(tmp, path)
    except OSError as error:
        discard(tmp, keep)
        raise WriteFailed(path, error) from None
    if keep is not None:
        rotate_backups(path, keep, today)


def encode(data: Any) -> bytes:
    """The bytes of a data file: compact JSON in UTF-8.

    Text that is not valid Unicode (a lone surrogate: bytes that were not UTF-8 in a command
    line argument, decoded by Python with surrogateescape) cannot be encoded as UTF-8; the file
    is then written with `\\udcXX` escapes, which json reads back to the very same string."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def read_json(path: Path, check: Callable[[Any], None], good: Callable[[Any], None] | None = None) -> Any | None:
    """Parse a data file. None if it does not exist; CorruptFile if it is empty, not JSON,
    or fails `check` (which raises ValueError with a reason). The backup a CorruptFile names
    is the newest that passes `good` (default: `check`)."""
    good = good or check
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CorruptFile(path, f"unreadable ({error.strerror})", newest_good_backup(path, good)) from None
    if not raw.strip():
        raise CorruptFile(path, "the file is empty", newest_good_backup(path, good))
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise CorruptFile(path, f"not valid JSON ({error})", newest_good_backup(path, good)) from None
    except RecursionError:
        # Thousands of nested brackets: valid JSON maybe, but no coach file looks like that.
        raise CorruptFile(path, "wrong shape (nested too deeply)", newest_good_backup(path, good)) from None
    try:
        check(data)
    except ValueError as error:
        raise CorruptFile(path, str(error), newest_good_backup(path, good)) from None
    return data


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

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as error:
            # A read-only or full data folder: a store error with one line, like any write.
            raise WriteFailed(self.path, error) from None
        deadline = time.monotonic() + self.timeout
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise WriteFailed(self.path, error) from None
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
