"""The folder store's file format: the tables each file holds, the shape a file must have to
be read, and the migrations that bring an older file up to `SCHEMA`.

Two kinds of file: the index (`coach.json`) and a client file (`clients/<id>.json`). Both are
TinyDB's layout: a JSON object of tables, each an object of documents keyed by a number as a
string, plus a `_meta` table holding the schema version. A file is refused, never read as
something else, when it is not an object, holds no table at all (`{}` is what TinyDB starts
an empty file with: read as an empty portfolio it would hide every client and be written
over), holds a table coach does not know, a malformed document, a document lacking a
required key, a document key that is not a positive whole number written the one way
(`"1"`, never `"01"` or `"+1"`: TinyDB reads keys as numbers, so `"1"` and `"01"` would be one
document and the next write would drop the other), a `_meta` that names no version coach
knows, or was written by a newer coach. What each record's fields must hold is
`store.records`' check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA = 1
INDEX_NAME = "coach.json"
MIGRATED = "__migrated__"  # in-memory marker only, never written: the data must be written back

INDEX_TABLES = ("clients", "assessments", "commitments", "tips_shown", "settings", "pillar_weeks")
CLIENT_TABLES = ("client", "cards", "deliveries")
# Keys each document must carry, per table, for a file to count as well formed.
REQUIRED: dict[str, tuple[str, ...]] = {
    "clients": ("client", "facts"),
    "assessments": ("week", "scores"),
    "commitments": ("week", "text"),
    "tips_shown": ("tip_id", "week", "scope"),
    "pillar_weeks": ("week", "scores"),
    "settings": (),
    "client": ("id", "name", "added"),
    "cards": ("id", "client_id", "column", "title", "created"),
    "deliveries": ("id", "client_id", "on", "kind", "summary"),
}


def is_key(key: str) -> bool:
    """A document key as TinyDB writes it: a positive whole number in ASCII digits, no leading
    zero (`str(int(key)) == key`)."""
    return key.isascii() and key.isdigit() and key[0] != "0"


def _meta_doc(data: dict[str, Any]) -> dict[str, Any] | None:
    """The one document of `_meta` (None for a file from before versioning, which has none)."""
    meta = data.get("_meta")
    if meta is None:
        return None
    if not isinstance(meta, dict):
        raise ValueError("wrong shape (table '_meta' is not an object)")
    found = list(meta.values())
    if len(found) != 1 or not isinstance(found[0], dict):
        raise ValueError("wrong shape (table '_meta' does not hold exactly one document)")
    return found[0]


def schema_of(data: dict[str, Any]) -> int:
    """The schema version a file was written with (0: before versioning, no `_meta`)."""
    doc = _meta_doc(data)
    if doc is None:
        return 0
    schema = doc.get("schema")
    if type(schema) is not int or schema < 1:
        shown = repr(schema)[:40]
        raise ValueError(f"wrong shape (its schema {shown} is not a version of coach's files)")
    return schema


def shape_check(kind: str) -> Callable[[Any], None]:
    """The check of a file's tables and documents (`kind` is "index" or "client"); it raises
    ValueError with the reason."""
    tables = INDEX_TABLES if kind == "index" else CLIENT_TABLES

    def check(data: Any) -> None:
        if not isinstance(data, dict):
            raise ValueError(f"wrong shape (expected a JSON object of tables, found {type(data).__name__})")
        if not data:
            raise ValueError("wrong shape (an empty object, no tables at all)")
        schema = schema_of(data)
        if schema > SCHEMA:
            raise ValueError(f"written by a newer coach (schema {schema}; this version reads up to {SCHEMA})")
        meta = _meta_doc(data)
        if meta is not None and meta.get("kind", kind) != kind:
            raise ValueError(f"wrong shape (its '_meta' says it is not {'the index' if kind == 'index' else 'a client file'})")
        for name, table in data.items():
            if not isinstance(table, dict):
                raise ValueError(f"wrong shape (table {name!r} is not an object)")
            if name != "_meta" and name not in tables:
                raise ValueError(f"wrong shape (unexpected table {name!r})")
            for key, doc in table.items():
                if not is_key(key):
                    raise ValueError(f"wrong shape (table {name!r} holds a document keyed {key[:20]!r}, not a number like '1')")
                if not isinstance(doc, dict):
                    raise ValueError(f"wrong shape (table {name!r} holds a malformed document)")
                missing = [k for k in REQUIRED.get(name, ()) if k not in doc]
                if missing:
                    raise ValueError(f"wrong shape (a {name!r} document lacks {', '.join(missing)})")

    return check


CHECK_INDEX = shape_check("index")
CHECK_CLIENT = shape_check("client")


def migrate(data: dict[str, Any], kind: str) -> tuple[dict[str, Any], bool]:
    """Bring a file's data up to SCHEMA. Returns (data, changed).

    Schema 0 is a file written before versioning: the same tables without `_meta`.
    Each step is one function in MIGRATIONS from N to N+1, applied in order."""
    version = schema_of(data)
    changed = False
    while version < SCHEMA:
        data = MIGRATIONS[version](data, kind)
        version += 1
        changed = True
    return data, changed


def _migrate_0(data: dict[str, Any], kind: str) -> dict[str, Any]:
    data = dict(data)
    data["_meta"] = {"1": {"schema": 1, "kind": kind}}
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any], str], dict[str, Any]]] = {0: _migrate_0}


def new_file(kind: str) -> dict[str, Any]:
    """The data of a file that does not exist yet."""
    return {"_meta": {"1": {"schema": SCHEMA, "kind": kind}}}


__all__ = [
    "SCHEMA",
    "INDEX_NAME",
    "is_key",
    "MIGRATED",
    "INDEX_TABLES",
    "CLIENT_TABLES",
    "REQUIRED",
    "schema_of",
    "shape_check",
    "CHECK_INDEX",
    "CHECK_CLIENT",
    "migrate",
    "MIGRATIONS",
    "new_file",
]
