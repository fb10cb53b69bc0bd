"""The folder store's file format: the tables each file holds, the shape a file must have to
be read, and the migrations that bring an older file up to `SCHEMA`.

Two kinds of file: the index (`coach.json`) and a client file (`clients/<id>.json`). Both are
TinyDB's layout: a JSON object of tables, each an object of documents keyed by a number as a
string, plus a `_meta` table holding the schema version. A file is refused, never read as
something else, when it is not an object, holds no table at all (`{}` is what TinyDB starts
an empty file with: read as an empty portfolio it would hide every client and be written
over), holds a table coach does not know, a malformed document, a document lacking a
required key, or was written by a newer coach.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA = 1
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


def schema_of(data: dict[str, Any]) -> int:
    """The schema version a file was written with (0: before versioning)."""
    meta = data.get("_meta") or {}
    if not isinstance(meta, dict):
        raise ValueError("wrong shape (table '_meta' is not an object)")
    for doc in meta.values():
        if isinstance(doc, dict) and isinstance(doc.get("schema"), int):
            return int(doc["schema"])
    return 0


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
        for name, table in data.items():
            if not isinstance(table, dict):
                raise ValueError(f"wrong shape (table {name!r} is not an object)")
            if name != "_meta" and name not in tables:
                raise ValueError(f"wrong shape (unexpected table {name!r})")
            for key, doc in table.items():
                if not key.isdigit() or not isinstance(doc, dict):
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
