"""Memos: what the use cases worked out from an index shard, kept on disk beside the data so
the next command need not work it out again (`coach status` at 5,000 clients would otherwise
decode and score every client at every call).

A memo is derived data, never the user's: `cache/<kind>-<nn>.json` holds, for one shard, the
rows the use cases made from its entries and their total, with the identity of the shard file
they were made from (inode, modification time, size) and the memo's tag (what else the rows
depend on: the day, the code that made them). A memo whose shard changed since, or whose tag
differs, is not used; nor is one that does not read (a crash mid-write, a hand edit, anything
but a regular file: a link is not followed, a FIFO not waited on): it is made again and written
over. Memos are written atomically (a temporary file renamed into place) and without the lock:
two processes writing the same memo write the same rows, and a memo keyed by a shard that
changed meanwhile is simply never used. A command that is refused writes no memo; a folder
coach may not write keeps none; the `cache/` folder can be deleted at any time.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from .errors import StoreError
from .files import ensure_dir, read_regular

CACHE_DIR = "cache"
FORMAT = 1  # of the memo file itself
STALE_TEMP = 3600  # seconds: a temporary memo older than this was left by a process that died

ShardKey = tuple[int, int, int]


def shard_key(path: Path) -> ShardKey | None:
    """The identity of a shard file (None if it does not exist, or is not a regular file)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def memo_path(root: Path, kind: str, shard: int) -> Path:
    return root / CACHE_DIR / f"{kind}-{shard:02x}.json"


def read_memo(path: Path, key: ShardKey, tag: str) -> tuple[dict[str, Any], Any] | None:
    """The rows (by client id) and the total of the memo at `path` if it was made from the
    shard `key` with `tag`; None otherwise (missing, stale, or not a memo)."""
    try:
        raw = read_regular(path)  # never through a link, never waiting on a FIFO
        if raw is None:
            return None
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError, StoreError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("tag") != tag
        or data.get("shard") != list(key)
        or not isinstance(data.get("rows"), dict)
        or "total" not in data
    ):
        return None
    return data["rows"], data["total"]


def write_memo(path: Path, key: ShardKey, tag: str, rows: dict[str, Any], total: Any) -> None:
    """Keep `rows` and `total` as the memo at `path` (nothing happens if the folder can't be
    written)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        ensure_dir(path.parent)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        # Encoded whole, then written: `json.dump` to a file encodes piece by piece in Python,
        # several times slower than `dumps` (which the C encoder does in one go).
        text = json.dumps(
            {"format": FORMAT, "tag": tag, "shard": list(key), "rows": rows, "total": total},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temp, path)
    except (OSError, ValueError, TypeError, StoreError):
        try:
            os.unlink(temp)
        except OSError:
            pass


def tidy(root: Path) -> None:
    """Remove temporary memos left by processes that died mid-write."""
    folder = root / CACHE_DIR
    now = time.time()
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    try:
                        if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP:
                            os.unlink(entry.path)
                    except OSError:
                        pass
    except OSError:
        pass


__all__ = ["CACHE_DIR", "ShardKey", "memo_path", "read_memo", "shard_key", "tidy", "write_memo"]
