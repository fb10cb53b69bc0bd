"""Where the index keeps each client: the client directory in `coach.json`, each client's
record and facts in one of the index shards, `index/00.json` to `index/3f.json`.

Why shards: the index is rewritten whole by every write that changes it, and `coach log` must
cost the same at 50 clients as at 5,000. A write now rewrites the client's file, the one shard
that holds its entry (a 64th of the portfolio) and, only when a client is added, renamed or
archived, the directory (a name and a flag a client: the few bytes `coach log NAME` needs to
find the client). Which shard holds a client is a function of its id alone (`shard_of`).

Shards are derived data: everything in them is built from the client files, so a missing one is
rebuilt from them and a damaged one is rebuilt by `coach restore`. They have no backups.

The functions below change a file's data in memory (the TinyDB layout: a table is an object of
documents keyed "1", "2", ...); `store.commit` writes the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zlib import crc32

from .schema import new_file

SHARDS = 64
INDEX_DIR = "index"
# The undo journal's file, beside coach.json (`store.journal` reads and writes it). Named here,
# where the folder store finds it without importing the journal's module: a read never needs it.
JOURNAL_NAME = "journal.jsonl"


def shard_of(client_id: str) -> int:
    """The shard that holds a client's index entry."""
    return crc32(client_id.encode()) % SHARDS


def shard_file(shard: int) -> str:
    return f"{shard:02x}.json"


def is_shard_file(name: str) -> bool:
    return len(name) == 7 and name.endswith(".json") and name[:2] in _SHARD_NAMES


_SHARD_NAMES = {f"{k:02x}" for k in range(SHARDS)}


def shard_number(name: str) -> int:
    return int(name[:2], 16)


def _key_of(table: dict[str, Any], match: Callable[[Any], bool]) -> str | None:
    for key, doc in table.items():
        if match(doc):
            return key
    return None


def _next_key(table: dict[str, Any]) -> str:
    return str(max(map(int, table), default=0) + 1)


def put_entry(shard: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any] | None:
    """Put a client's entry (`{"client": record, "facts": facts}`) in a shard's data; the entry
    it replaces, if any."""
    cid = entry["client"]["id"]
    table = shard.setdefault("clients", {})
    key = _key_of(table, lambda d: d["client"]["id"] == cid)
    old = table.get(key) if key is not None else None
    table[key if key is not None else _next_key(table)] = entry
    return old


def drop_entry(shard: dict[str, Any], client_id: str) -> None:
    table = shard.get("clients") or {}
    key = _key_of(table, lambda d: d["client"]["id"] == client_id)
    if key is not None:
        del table[key]


def name_doc(record: dict[str, Any]) -> list[Any]:
    """A client's line in the directory, from its record: [id, name, archived]."""
    return [record["id"], record["name"], record.get("archived", False)]


def _lines(index: dict[str, Any]) -> list[list[Any]]:
    """The directory's lines, in the one document of the index's `names` table (one document
    of lists rather than a document a client: it reads several times faster)."""
    table = index.setdefault("names", {})
    if not table:
        table["1"] = {"clients": []}
    doc: dict[str, Any] = next(iter(table.values()))
    lines: list[list[Any]] = doc.setdefault("clients", [])
    return lines


def put_name(index: dict[str, Any], record: dict[str, Any]) -> None:
    """Put a client's name and flag in the directory of the index's data."""
    line = name_doc(record)
    lines = _lines(index)
    for n, old in enumerate(lines):
        if old[0] == line[0]:
            lines[n] = line
            return
    lines.append(line)


def drop_name(index: dict[str, Any], client_id: str) -> None:
    lines = _lines(index)
    lines[:] = [line for line in lines if line[0] != client_id]


def split_entries(entries: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The `clients` table of an index before schema 3, as the data of each shard (the
    entries' shapes unchecked: each shard's decoding checks them)."""
    shards: dict[int, dict[str, Any]] = {}
    for entry in entries.values():
        record = entry.get("client") if isinstance(entry, dict) else None
        cid = record.get("id") if isinstance(record, dict) else None
        shard = shards.setdefault(shard_of(cid) if isinstance(cid, str) else 0, {**new_file("shard"), "clients": {}})
        table = shard["clients"]
        table[_next_key(table)] = entry
    return shards


__all__ = [
    "SHARDS",
    "INDEX_DIR",
    "JOURNAL_NAME",
    "shard_of",
    "shard_file",
    "is_shard_file",
    "shard_number",
    "put_entry",
    "drop_entry",
    "name_doc",
    "put_name",
    "drop_name",
    "split_entries",
]
