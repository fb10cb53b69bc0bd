"""The folder store's file format: the tables each file holds, the shape a file must have to
be read, and the migrations that bring an older file up to `SCHEMA`.

Three kinds of file: the index (`coach.json`: the client directory, weekly entries and
settings), a client file (`clients/<id>.json`) and an index shard (`index/<nn>.json`: some
clients' records and facts, see `store.layout`). All are TinyDB's layout: a JSON object of
tables, each an object of documents keyed by a number as a
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
from datetime import date
from typing import Any

from ..domain.facts import FACTS_VERSION

SCHEMA = 3
# The schema client files last changed in: schema 3 moved the index's entries into shards and
# left client files as they were, so a folder's upgrade to 3 does not rewrite every client file.
CLIENT_SCHEMA = 2


def current(kind: str) -> int:
    """The schema a file of `kind` is written with by this coach."""
    return min(SCHEMA, CLIENT_SCHEMA) if kind == "client" else SCHEMA


INDEX_NAME = "coach.json"
MIGRATED = "__migrated__"  # in-memory marker only, never written: the data must be written back

INDEX_TABLES = ("names", "assessments", "commitments", "tips_shown", "settings", "pillar_weeks")
# The index before schema 3 held every client's entry itself (now in the shards).
OLD_INDEX_TABLES = ("clients", *INDEX_TABLES[1:])
SHARD_TABLES = ("clients",)
CLIENT_TABLES = ("client", "cards", "deliveries", "people", "touches", "plan", "opportunities")
# Keys each document must carry, per table, for a file to count as well formed.
REQUIRED: dict[str, tuple[str, ...]] = {
    "clients": ("client", "facts"),
    "names": ("clients",),
    "assessments": ("week", "scores"),
    "commitments": ("week", "text"),
    "tips_shown": ("tip_id", "week", "scope"),
    "pillar_weeks": ("week", "scores"),
    "settings": (),
    "client": ("id", "name", "added"),
    "cards": ("id", "client_id", "column", "title", "created"),
    "deliveries": ("id", "client_id", "on", "kind", "summary"),
    "people": ("id", "client_id", "name", "role"),
    "touches": ("id", "client_id", "person_id", "on"),
    "plan": ("client_id",),
    "opportunities": ("id", "client_id", "title", "created"),
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
    """The check of a file's tables and documents (`kind` is "index", "shard" or "client"); it
    raises ValueError with the reason."""
    kinds = {"index": INDEX_TABLES, "shard": SHARD_TABLES, "client": CLIENT_TABLES}
    tables = kinds[kind]
    what = {"index": "the index", "shard": "an index shard", "client": "a client file"}[kind]

    def check(data: Any) -> None:
        if not isinstance(data, dict):
            raise ValueError(f"wrong shape (expected a JSON object of tables, found {type(data).__name__})")
        if not data:
            raise ValueError("wrong shape (an empty object, no tables at all)")
        schema = schema_of(data)
        if schema > current(kind):
            raise ValueError(f"written by a newer coach (schema {schema}; this version reads up to {current(kind)})")
        meta = _meta_doc(data)
        if meta is not None and meta.get("kind", kind) != kind:
            raise ValueError(f"wrong shape (its '_meta' says it is not {what})")
        known = OLD_INDEX_TABLES if kind == "index" and schema < 3 else tables
        for name, table in data.items():
            if not isinstance(table, dict):
                raise ValueError(f"wrong shape (table {name!r} is not an object)")
            if name != "_meta" and name not in known:
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
CHECK_SHARD = shape_check("shard")


def migrate(data: dict[str, Any], kind: str, on: date | None = None) -> tuple[dict[str, Any], bool]:
    """Bring a file's data up to SCHEMA. Returns (data, changed). `on` is the day of the
    migration (today when not given), for what a migration must date.

    Each step is one function in MIGRATIONS from N to N+1, applied in order:
    - 0 to 1: a file written before versioning, the same tables without `_meta`;
    - 1 to 2: the account in depth (method.md). The client record's free-text `sponsor`
      becomes our executive sponsor, a person of the account team (id `sponsor`), and its
      `plan_shared` flag an account plan shared on the migration day (with the client and
      with the team: the flag never said with whom). The index's copy of the record changes
      alike, and its facts say what the client file's now do;
    - 2 to 3: the index's client entries move to the shards (`store.layout`). In memory the
      migrated index keeps them in its `clients` table, with the `names` directory built from
      them; the upgrade (`FolderTransaction`) writes them to the shards. Client files do not
      change (`CLIENT_SCHEMA`)."""
    version = schema_of(data)
    changed = False
    day = on or date.today()
    while version < current(kind):
        data = MIGRATIONS[version](data, kind, day)
        version += 1
        changed = True
    return data, changed


def _migrate_0(data: dict[str, Any], kind: str, on: date) -> dict[str, Any]:
    data = dict(data)
    data["_meta"] = {"1": {"schema": 1, "kind": kind}}
    return data


SPONSOR_ID = "sponsor"  # the id of the executive sponsor a schema-1 client record named


def _old_account(record: Any) -> tuple[dict[str, Any], str, bool]:
    """A schema-1 client record without its `sponsor` and `plan_shared`, and those two
    (a record of the wrong shape is left as it is, for the record check to refuse)."""
    if not isinstance(record, dict):
        return record, "", False
    record = dict(record)
    sponsor = record.pop("sponsor", "")
    shared = record.pop("plan_shared", False)
    return record, sponsor.strip() if isinstance(sponsor, str) else "", shared is True


def _migrate_1(data: dict[str, Any], kind: str, on: date) -> dict[str, Any]:
    data = dict(data)
    data["_meta"] = {"1": {"schema": 2, "kind": kind}}
    if kind == "client":
        found = data.get("client")
        if not isinstance(found, dict) or len(found) != 1:
            return data  # refused by the record check
        ((key, record),) = found.items()
        record, sponsor, shared = _old_account(record)
        data["client"] = {key: record}
        cid = record.get("id") if isinstance(record, dict) else None
        if sponsor:
            person = {"id": SPONSOR_ID, "client_id": cid, "name": sponsor, "role": "exec-sponsor", "title": "", "ours": True}
            data["people"] = {"1": person}
        if shared:
            share = {"on": on.isoformat(), "person_ids": [], "with_client": True, "with_team": True}
            data["plan"] = {"1": {"client_id": cid, "goals": [], "initiatives": [], "reviewed": None, "shares": [share]}}
        return data
    entries = data.get("clients")
    if isinstance(entries, dict):
        data["clients"] = {key: _migrate_entry(entry, on) for key, entry in entries.items()}
    return data


def _migrate_entry(entry: Any, on: date) -> Any:
    """An index entry of schema 1 as schema 2 holds it: the record without sponsor and
    plan flag, the facts as the migrated client file gives them."""
    if not isinstance(entry, dict) or not isinstance(entry.get("facts"), dict):
        return entry
    record, sponsor, shared = _old_account(entry.get("client"))
    facts = dict(entry["facts"])
    cards = facts.get("cards")
    if isinstance(cards, list):
        facts["cards"] = [[*c, None] if isinstance(c, list) and len(c) == 4 else c for c in cards]
    if sponsor:
        facts["pp"] = [0, 0, 1, 1]
    if shared:
        facts["pl"] = [0, 0, None, None, on.toordinal(), on.toordinal()]
    return {**entry, "client": record, "facts": facts}


def _migrate_2(data: dict[str, Any], kind: str, on: date) -> dict[str, Any]:
    data = dict(data)
    data["_meta"] = {"1": {"schema": 3, "kind": kind}}
    if kind == "index":
        entries = data.get("clients") or {}
        lines: list[Any] = []
        for entry in entries.values() if isinstance(entries, dict) else ():
            record = entry.get("client") if isinstance(entry, dict) else None
            if isinstance(record, dict):
                lines.append([record.get("id"), record.get("name"), record.get("archived", False)])
        data["names"] = {"1": {"clients": lines}}
        data["clients"] = entries if isinstance(entries, dict) else {}
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any], str, date], dict[str, Any]]] = {0: _migrate_0, 1: _migrate_1, 2: _migrate_2}


def new_file(kind: str) -> dict[str, Any]:
    """The data of a file that does not exist yet (a new index is stamped with the version of
    the facts its shards will hold: they are built by this coach)."""
    meta: dict[str, Any] = {"schema": current(kind), "kind": kind}
    if kind == "index":
        meta["facts"] = FACTS_VERSION
    return {"_meta": {"1": meta}}


def facts_stale(data: dict[str, Any]) -> bool:
    """True for the data of an index whose shards hold facts built by an older coach (its
    `_meta` names no facts version, or an older one than FACTS_VERSION): they are built again
    from the client files before they are read."""
    meta = _meta_doc(data) or {}
    version = meta.get("facts", 1)
    return type(version) is not int or version < FACTS_VERSION


def stamp_facts(data: dict[str, Any]) -> None:
    """Stamp an index's data with the facts version of this coach (its shards were just built
    again)."""
    meta = _meta_doc(data) or {"schema": current("index"), "kind": "index"}
    data["_meta"] = {"1": {**meta, "facts": FACTS_VERSION}}


__all__ = [
    "SCHEMA",
    "CLIENT_SCHEMA",
    "current",
    "INDEX_NAME",
    "is_key",
    "MIGRATED",
    "INDEX_TABLES",
    "OLD_INDEX_TABLES",
    "SHARD_TABLES",
    "CHECK_SHARD",
    "CLIENT_TABLES",
    "REQUIRED",
    "schema_of",
    "shape_check",
    "CHECK_INDEX",
    "CHECK_CLIENT",
    "migrate",
    "MIGRATIONS",
    "SPONSOR_ID",
    "new_file",
    "facts_stale",
    "stamp_facts",
]
