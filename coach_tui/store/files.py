"""Safe file primitives: reading regular files only, atomic writes, rolling backups and the
inter-process lock.

Every file coach reads is opened without following a symbolic link and without blocking (a
FIFO or a device in place of a data file would otherwise hang every command), and read only
once `fstat` says it is a regular file. JSON is parsed strictly: a key twice in one object,
`NaN` or `Infinity`, or a number too large for a float is refused rather than read as
something else. Backups and folders are kept the user's alone (0600 and 0700), whatever
created the files they came from.

Why not TinyDB's JSONStorage: it treats a 0-byte file as an empty database, overwrites in
place (a crash mid-write leaves half a file), and has no locking (tinydb#6, #72, #341).
Why not the `filelock` package: it imports asyncio, which alone costs more than the whole
budget of a `coach log` run; `fcntl.flock` from the standard library is all we need.
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .errors import CorruptFile, FolderRefused, PermissionDenied, StoreBusy, StoreError, WriteFailed

FILE_MODE = 0o600
DIR_MODE = 0o700
ROLLING_BACKUPS = 3  # the last versions before each write: name.1 (newest) .. name.3
DAILY_BACKUPS = 7  # the first version seen on each of the last days a write happened


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFLNK: "a symbolic link",
}
_READ = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_NOCTTY | os.O_CLOEXEC


def kind_of(mode: int) -> str:
    """What a file of `st_mode` is, in words ("a FIFO (named pipe)", "a symbolic link")."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


class NotRegular(ValueError):
    """A path that holds something other than a regular file: never opened for its content."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"not a regular file ({kind}; coach opens only regular files)")


def ensure_dir(path: Path, follow: bool = False) -> None:
    """Make `path` a folder of mode 0700 (its parents too). An existing folder is given mode
    0700 whatever made it; a symbolic link in its place is refused (FolderRefused) unless
    `follow` (the data folder itself may be a link the user made)."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    st = os.stat(path) if follow else os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise FolderRefused(path, f"it is {kind_of(st.st_mode)}, not a folder")
    if not follow and stat.S_IMODE(st.st_mode) != DIR_MODE:
        os.chmod(path, DIR_MODE)


def backup_dir(path: Path) -> Path:
    """Backups of a data file live in `backups/` at the top of the data folder."""
    root = path.parent.parent if path.parent.name == "clients" else path.parent
    return root / "backups"


def is_day(suffix: str) -> bool:
    return len(suffix) == 10 and suffix[4] == suffix[7] == "-" and suffix.replace("-", "").isdigit()


def is_backup_name(name: str, of: str) -> bool:
    """True for the name of a backup of the file named `of`: `of.N` (a recent version) or
    `of.YYYY-MM-DD` (the day's). Files moved aside by `coach restore` are no backups."""
    if not name.startswith(of + "."):
        return False
    suffix = name[len(of) + 1 :]
    return (suffix.isascii() and suffix.isdigit()) or is_day(suffix)


def backups_of(path: Path) -> list[Path]:
    """Existing backups of a file, newest first. A `backups/` that is a symbolic link holds
    none: coach reads nothing through it."""
    folder = backup_dir(path)
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            return []
        found = [(p.lstat().st_mtime_ns, p.name, p) for p in folder.iterdir() if is_backup_name(p.name, path.name)]
    except OSError:
        return []
    return [p for _mtime, _name, p in sorted(found, reverse=True)]


def backup_state(path: Path, check: Callable[[Any], None] | None = None) -> tuple[Path | None, int]:
    """The newest backup of `path` that reads (and passes `check`, if given), and how many
    backups of it exist, readable or not."""
    found = backups_of(path)
    for candidate in found:
        if reads(candidate, check):
            return candidate, len(found)
    return None, len(found)


def reads(path: Path, check: Callable[[Any], None] | None = None) -> bool:
    """True if `path` is a regular file of JSON that passes `check` (if given)."""
    try:
        data = parse_json(read_regular(path))
        if check:
            check(data)
    except (ValueError, StoreError, RecursionError):
        return False
    return True


def newest_good_backup(path: Path, check: Callable[[Any], None] | None = None) -> Path | None:
    """The newest backup that reads (and passes `check`, if given)."""
    return backup_state(path, check)[0]


def discard(*paths: Path | None) -> None:
    """Remove leftovers (a temp file, a half-made backup), best effort: failing to tidy up
    must never hide the error being reported or block a write that succeeded."""
    for path in paths:
        if path is not None:
            try:
                path.unlink()
            except OSError:
                pass


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        try:
            payload = read_regular(src)
            if payload is None:
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(src))
            write_new(dst, payload)
        except (OSError, ValueError, StoreError):
            # A half-written copy (disk full) would sit among the backups as the day's
            # version for a week: no backup is better than a broken one.
            discard(dst)
            raise OSError(errno.EIO, f"can't copy {src}") from None


def keep_old_version(path: Path) -> Path | None:
    """Hard-link the version of `path` about to be replaced into `backups/` under a temp name,
    before the replace. A link costs no copy: the replace gives `path` a new inode, so the link
    keeps the old bytes. It is given mode 0600, whatever made the file. None when there is no
    old version or it can't be kept (best effort: a failed backup must not block the user's
    write)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
    except OSError:
        return None
    folder = backup_dir(path)
    keep = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        ensure_dir(folder)
        keep.unlink(missing_ok=True)
        link_or_copy(path, keep)
        os.chmod(keep, FILE_MODE)
    except (OSError, StoreError):
        discard(keep)
        return None
    return keep


def _tidy_backups(folder: Path, name: str, today: date) -> None:
    """Give every backup of `name` mode 0600, and keep the day's backups of the last
    DAILY_BACKUPS days a write happened. A daily backup dated after `today` (made while the
    clock was ahead) is kept but not counted: it must not push out a real day's version."""
    dailies = []
    for entry in os.scandir(folder):
        if not is_backup_name(entry.name, name):
            continue
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) != FILE_MODE:
            os.chmod(entry.path, FILE_MODE)
        suffix = entry.name[len(name) + 1 :]
        if is_day(suffix) and suffix <= today.isoformat():
            dailies.append(suffix)
    for stale in sorted(dailies)[:-DAILY_BACKUPS]:
        (folder / f"{name}.{stale}").unlink()


def rotate_backups(path: Path, keep: Path, today: date) -> None:
    """Once `path` was replaced, make `keep` (its old version) the newest backup: name.1, and
    the day's backup if the day has none. Done only after the replace succeeded, so a write
    that fails leaves the backups as they were. Best effort, like `keep_old_version`."""
    folder = keep.parent
    try:
        for n in range(ROLLING_BACKUPS - 1, 0, -1):
            older = folder / f"{path.name}.{n}"
            if older.exists():
                if stat.S_IMODE(older.stat().st_mode) != FILE_MODE:
                    os.chmod(older, FILE_MODE)  # made by another tool: the user's alone
                os.replace(older, folder / f"{path.name}.{n + 1}")
        newest = folder / f"{path.name}.1"
        os.replace(keep, newest)
        daily = folder / f"{path.name}.{today.isoformat()}"
        if not daily.exists():
            link_or_copy(newest, daily)
            # Once a day a file is written: the look through every backup (which costs in
            # step with the number of files) is not made at every write.
            _tidy_backups(folder, path.name, today)
        elif stat.S_IMODE(daily.stat().st_mode) != FILE_MODE:
            os.chmod(daily, FILE_MODE)
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
            if is_temp_name(name):
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass


def is_temp_name(name: str) -> bool:
    """A temp file of coach's: `.<name>.<pid>.tmp` or `.<name>.restore.tmp`."""
    return name.startswith(".") and name.endswith(".tmp")


def write_new(path: Path, payload: bytes) -> None:
    """Create `path` (mode 0600, never through a link or over an existing file), write
    `payload`, flush and fsync it; OSError if anything fails (the caller removes it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp(path: Path, payload: bytes, tmp: Path | None = None) -> Path:
    """Write `payload` to a temp file beside `path` (or `tmp`), flushed and fsynced. On
    failure the temp file is removed and WriteFailed names `path`."""
    tmp = tmp or temp_path(path)
    try:
        tmp.unlink(missing_ok=True)  # a leftover of this process id, or whatever sits there
        write_new(tmp, payload)
    except OSError as error:
        discard(tmp)
        raise WriteFailed(path, error) from None
    return tmp


def keep_before_upgrade(path: Path, schema: int) -> None:
    """Keep `path` as it is, before an upgrade from `schema` rewrites it, as
    `backups/<name>.schema-<schema>` (kept for good: the rolling backups move on). An existing
    copy is kept as it is; WriteFailed when the copy can't be made (no upgrade without it)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return
    except OSError:
        return
    folder = backup_dir(path)
    copy = folder / f"{path.name}.schema-{schema}"
    if os.path.lexists(copy):
        return
    try:
        ensure_dir(folder)
        link_or_copy(path, copy)
        os.chmod(copy, FILE_MODE)
    except (OSError, StoreError) as error:
        discard(copy)
        raise WriteFailed(copy, error if isinstance(error, OSError) else OSError(str(error))) from None


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
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode("ascii")


def read_regular(path: Path) -> bytes | None:
    """The bytes of the regular file `path`; None if nothing is there. A symbolic link, a
    FIFO, a device or a folder is never opened for reading (NotRegular); a file coach may not
    read is a PermissionDenied; any other failure a ValueError naming it."""
    try:
        fd = os.open(path, _READ)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise PermissionDenied(path) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotRegular(kind_of(stat.S_IFLNK)) from None
        if error.errno == errno.ENXIO:
            raise NotRegular(kind_of(stat.S_IFSOCK)) from None
        raise ValueError(f"unreadable ({error.strerror or error})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(kind_of(st.st_mode))
        chunks = []
        while chunk := os.read(fd, max(st.st_size + 1, 65536)):
            chunks.append(chunk)
    except PermissionError:
        raise PermissionDenied(path) from None
    except OSError as error:
        raise ValueError(f"unreadable ({error.strerror or error})") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


class WrongShape(ValueError):
    """JSON that parses but that no coach file holds; the message is the whole reason."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise WrongShape(f"wrong shape (the key {key[:40]!r} appears twice in one object)")
            seen.add(key)
    return found


def _no_constant(name: str) -> Any:
    raise WrongShape(f"wrong shape ({name} is not a number JSON knows)")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise WrongShape(f"wrong shape (the number {text[:40]} is out of range)")
    return value


def parse_json(raw: bytes | None) -> Any:
    """Strict JSON: ValueError with the reason for an empty or missing file, bad JSON, a key
    twice in one object, NaN or Infinity, a number out of range, or nesting too deep."""
    if raw is None:
        raise ValueError("the file is missing")
    if not raw.strip():
        raise ValueError("the file is empty")
    try:
        return json.loads(raw, object_pairs_hook=_object, parse_constant=_no_constant, parse_float=_finite)
    except WrongShape:
        raise
    except ValueError as error:
        raise ValueError(f"not valid JSON ({error})") from None
    except RecursionError:
        # Thousands of nested brackets: valid JSON maybe, but no coach file looks like that.
        raise ValueError("wrong shape (nested too deeply)") from None


def read_json(
    path: Path,
    check: Callable[[Any], None],
    good: Callable[[Any], None] | None = None,
    rebuilds: bool = False,
    keep: list[bytes] | None = None,
) -> Any | None:
    """Parse a data file. None if it does not exist; PermissionDenied if coach may not read
    it; CorruptFile if it is no regular file, empty, not JSON, or fails `check` (which raises
    ValueError with a reason). The backup a CorruptFile names is the newest that passes
    `good` (default: `check`); `rebuilds` as CorruptFile's. `keep`, if given, gets the bytes
    read."""
    try:
        raw = read_regular(path)
        if raw is None:
            return None
        data = parse_json(raw)
        check(data)
    except ValueError as error:
        raise corrupt(path, str(error), good or check, rebuilds) from None
    if keep is not None:
        keep.append(raw)
    return data


def corrupt(path: Path, reason: str, good: Callable[[Any], None] | None, rebuilds: bool = False) -> CorruptFile:
    """The CorruptFile for `path`, naming its newest backup that passes `good`."""
    backup, count = backup_state(path, good)
    return CorruptFile(path, reason, backup, count, rebuilds)


def open_lock(path: Path) -> int:
    """Open (creating it, mode 0600) the regular file `path` for the lock; FolderRefused if
    something else is there (a FIFO, a link)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENXIO):
            raise FolderRefused(path, "it is not a regular file") from None
        # A read-only or full data folder: a store error with one line, like any write.
        raise WriteFailed(path, error) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise FolderRefused(path, f"it is {kind_of(mode)}, not a regular file")
    return fd


class Lock:
    """An exclusive inter-process lock on `root/.lock` (fcntl.flock, released by the kernel
    if the holder dies, so a kill -9 never leaves the store locked). A timeout of infinity
    waits as long as it takes."""

    def __init__(self, root: Path, timeout: float) -> None:
        self.path = root / ".lock"
        self.root = root
        self.timeout = timeout
        self.fd: int | None = None

    def __enter__(self) -> Lock:
        import fcntl

        fd = open_lock(self.path)
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

    # The lock file's first byte says whether the last writer finished: "w" from the moment a
    # writer takes the lock until its last rename, "-" once done. A writer killed between the
    # two leaves "w", and the next writer then removes the temp files it left behind; any other
    # writer skips that look through every folder, which costs in step with the portfolio.
    def begin_write(self) -> bool:
        """Mark the folder as being written; True when the last writer did not finish (or
        the lock file is new): its temp files may be left."""
        assert self.fd is not None
        try:
            before = os.pread(self.fd, 1, 0)
            os.pwrite(self.fd, b"w", 0)
        except OSError:
            return True
        return before != b"-"

    def end_write(self) -> None:
        """The write is done (or was undone: no temp file of it is left)."""
        if self.fd is not None:
            try:
                os.pwrite(self.fd, b"-", 0)
            except OSError:
                pass

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
