"""The store: one TinyDB file per client plus a small index, written safely.

Layout of a data folder (files 0600, folders 0700):

    coach.json           the index: every client's record and its ClientFacts (a few hundred
                         bytes each), weekly assessments, commitments, tips shown, settings
    clients/<id>.json    one client's record, cards (with move history) and deliveries
    backups/             the last 3 versions of each file (name.1 newest) and one a day for 7 days
    .lock                the inter-process lock
    .intent              present only while a write spans several files (see below)

Why this layout: TinyDB rewrites a whole file on every write and re-keys a table in Python
on insert, so one file holding years of history gets slower with every delivery. Here logging
a delivery rewrites one client's file and the index, and the dashboard and `coach status`
read only the index, whatever the size of the history.

Every write happens in a `transaction()`: take the lock, read the files fresh (no stale
cache survives between transactions, tinydb#179), change them in memory, then write each
changed file to a temp file (fsync) before renaming any of them. A failure while writing the
temp files (disk full, permissions) leaves every file as it was. A client file and the index
are renamed one after the other; `.intent` names the clients being written, so if the
process dies between the two renames, the next reader rebuilds those clients' index entries
from their files. A writer killed mid-write leaves only temp files, which the next writer
removes under the lock; backups rotate only once the new file is in place.

A file is refused (CorruptFile, never written over) when it is empty, not JSON, an object with
no tables, of the wrong shape, written by a newer coach, or when a record in it holds a value
of the wrong type (a card in no known column, a name that is a number): TinyDB would read such
a file as an empty database or crash on it later.
"""

from __future__ import annotations

import json
import math
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .. import clock
from ..domain.facts import ClientFacts, build_facts
from ..domain.models import (
    COLUMNS, KINDS, MAX_CADENCE, PILLARS, TIERS, Assessment, Card, Client, Commitment, Delivery, PillarWeek, TipShown,
)
from .errors import CorruptFile, StoreError, WriteFailed
from .files import (
    discard,
    Lock,
    commit_temp,
    encode,
    ensure_dir,
    fsync_dir,
    newest_good_backup,
    read_json,
    remove_stale_temps,
    write_temp,
)

if TYPE_CHECKING:  # TinyDB is imported by the first write, never by a read
    from tinydb import Query, TinyDB

SCHEMA = 1
MIGRATED = "__migrated__"  # in-memory marker only, never written
INDEX_NAME = "coach.json"
DEFAULT_LOCK_TIMEOUT = 10.0

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


def _schema_of(data: dict[str, Any]) -> int:
    meta = data.get("_meta") or {}
    if not isinstance(meta, dict):
        raise ValueError("wrong shape (table '_meta' is not an object)")
    for doc in meta.values():
        if isinstance(doc, dict) and isinstance(doc.get("schema"), int):
            return doc["schema"]
    return 0


def _checker(kind: str) -> Callable[[Any], None]:
    tables = INDEX_TABLES if kind == "index" else CLIENT_TABLES

    def check(data: Any) -> None:
        if not isinstance(data, dict):
            raise ValueError(f"wrong shape (expected a JSON object of tables, found {type(data).__name__})")
        if not data:
            # `{}` is what TinyDB's own storage starts a file with; coach never writes it.
            # Read as an empty portfolio, it would hide every client and be written over.
            raise ValueError("wrong shape (an empty object, no tables at all)")
        schema = _schema_of(data)
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


CHECK_INDEX = _checker("index")
CHECK_CLIENT = _checker("client")


def migrate(data: dict[str, Any], kind: str) -> tuple[dict[str, Any], bool]:
    """Bring a file's data up to SCHEMA. Returns (data, changed).

    Schema 0 is a file written before versioning: the same tables without `_meta`.
    Each future step is one function `_migrate_N` from N to N+1, applied in order."""
    version = _schema_of(data)
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


def _new_file(kind: str) -> dict[str, Any]:
    return {"_meta": {"1": {"schema": SCHEMA, "kind": kind}}}


def _decode_facts(client: Client, raw: Any) -> ClientFacts:
    try:
        return _checked_facts(ClientFacts.from_dict(raw or {}))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise ValueError(f"wrong shape (the facts of client {client.id}: {type(error).__name__})") from None


class Entry:
    """A client as the index knows it: its record and its facts. Facts are decoded on first
    use: finding a client by name (every `coach log`) needs only the records."""

    __slots__ = ("client", "_facts", "_raw", "_source")

    def __init__(self, client: Client, facts: ClientFacts | dict[str, Any], source: Path | None = None) -> None:
        self.client = client
        self._facts = facts if isinstance(facts, ClientFacts) else None
        self._raw = None if isinstance(facts, ClientFacts) else facts
        self._source = source

    @property
    def facts(self) -> ClientFacts:
        if self._facts is None:
            try:
                self._facts = _decode_facts(self.client, self._raw)
            except ValueError as error:
                path = self._source or Path(INDEX_NAME)
                raise CorruptFile(path, str(error), newest_good_backup(path, VALID_INDEX)) from None
        return self._facts

    def __repr__(self) -> str:
        return f"Entry({self.client!r})"


@dataclass
class Snapshot:
    """Everything in the index, as domain objects."""

    entries: list[Entry] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    tips_shown: list[TipShown] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    pillar_weeks: list[PillarWeek] = field(default_factory=list)

    def entry(self, client_id: str) -> Entry | None:
        for e in self.entries:
            if e.client.id == client_id:
                return e
        return None


@dataclass
class History:
    """One client's full record: every card (open and closed) and every delivery."""

    client: Client
    cards: list[Card]
    deliveries: list[Delivery]


def _require(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(what)


_ID_PUNCTUATION = str.maketrans("", "", "-_")


def _is_id(value: Any) -> bool:
    """Letters, digits, `-` and `_`, at least one of them (checked for every client at every
    read: str methods, not a loop over the characters)."""
    if not isinstance(value, str) or not value:
        return False
    rest = value.translate(_ID_PUNCTUATION)
    return not rest or rest.isalnum()


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_ref(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _is_moment(value: Any) -> bool:
    # Moments are naive local times; one with a time zone can't be compared with the others.
    return value is None or value.tzinfo is None


def _checked_client(client: Client) -> Client:
    """A client record whose fields have the types and values the rest of coach relies on:
    JSON that parses into the wrong kind of value is a wrong shape, refused like bad JSON,
    rather than a crash three screens later."""
    cadence = client.cadence
    _require(_is_id(client.id), "a client id is not an id")
    _require(_is_text(client.name) and _is_text(client.sponsor), "a client name or sponsor is not text")
    _require(client.tier in TIERS, "a client tier is not A, B or C")
    _require(
        cadence.unit in MAX_CADENCE and 1 <= cadence.amount <= MAX_CADENCE[cadence.unit], "a client cadence is out of range"
    )
    return client


def _checked_card(card: Card) -> Card:
    _require(_is_text(card.id) and _is_text(card.client_id), "a card id is not text")
    _require(card.column in COLUMNS, "a card is in no known column")
    _require(_is_text(card.title) and _is_text(card.notes), "a card title or notes are not text")
    _require(_is_ref(card.need_id) and _is_ref(card.delivery_id), "a card link is not an id")
    _require(all(_is_moment(m) for m in (card.created, card.closed, card.updated)), "a card time has a time zone")
    for move in card.moves:
        _require(move.to_column in COLUMNS and (move.from_column is None or move.from_column in COLUMNS), "a card move names no known column")
        _require(_is_moment(move.at), "a card move time has a time zone")
    return card


def _checked_delivery(delivery: Delivery) -> Delivery:
    _require(_is_text(delivery.id) and _is_text(delivery.client_id), "a delivery id is not text")
    _require(delivery.kind in KINDS, "a delivery is of no known kind")
    _require(_is_text(delivery.summary) and _is_ref(delivery.need_id), "a delivery summary or need is not text")
    _require(_is_moment(delivery.logged), "a delivery time has a time zone")
    return delivery


def _checked_assessment(assessment: Assessment) -> Assessment:
    _require(
        all(_is_text(k) and type(v) is int and 1 <= v <= 5 for k, v in assessment.scores.items()),
        "a self-assessment score is not 1 to 5",
    )
    return assessment


def _checked_commitment(commitment: Commitment) -> Commitment:
    _require(_is_text(commitment.text) and commitment.kept in (None, True, False), "a commitment is malformed")
    return commitment


def _checked_tip(shown: TipShown) -> TipShown:
    _require(_is_text(shown.tip_id) and _is_text(shown.scope), "a shown tip is malformed")
    return shown


def _checked_pillar_week(week: PillarWeek) -> PillarWeek:
    _require(
        all(k in PILLARS and type(v) is int and 0 <= v <= 100 for k, v in week.scores.items()),
        "a weekly pillar score is not 0 to 100",
    )
    return week


def _checked_facts(facts: ClientFacts) -> ClientFacts:
    # Card columns need no check here: ClientFacts.from_dict looks each stored column index
    # up strictly, and anything else is a KeyError (a wrong shape).
    _require(facts.deliveries >= 0, "a negative count of deliveries")
    return facts


def _docs(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    docs = data.get(table) or {}
    return [docs[k] for k in sorted(docs, key=int)]


def _snapshot(data: dict[str, Any], source: Path | None = None) -> Snapshot:
    try:
        settings_docs = _docs(data, "settings")
        return Snapshot(
            entries=[
                Entry(_checked_client(Client.from_dict(d["client"])), d["facts"], source)
                for d in _docs(data, "clients")
            ],
            assessments=[_checked_assessment(Assessment.from_dict(d)) for d in _docs(data, "assessments")],
            commitments=[_checked_commitment(Commitment.from_dict(d)) for d in _docs(data, "commitments")],
            tips_shown=[_checked_tip(TipShown.from_dict(d)) for d in _docs(data, "tips_shown")],
            settings=dict(settings_docs[0]) if settings_docs else {},
            pillar_weeks=[_checked_pillar_week(PillarWeek.from_dict(d)) for d in _docs(data, "pillar_weeks")],
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise ValueError(f"wrong shape ({type(error).__name__}: {error})") from None


def _history(data: dict[str, Any], source: Path | None = None) -> History:
    try:
        clients = _docs(data, "client")
        return History(
            client=_checked_client(Client.from_dict(clients[0])),
            cards=[_checked_card(Card.from_dict(d)) for d in _docs(data, "cards")],
            deliveries=[_checked_delivery(Delivery.from_dict(d)) for d in _docs(data, "deliveries")],
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise ValueError(f"wrong shape ({type(error).__name__}: {error})") from None


def _lock_timeout_from_env() -> float:
    """`COACH_LOCK_TIMEOUT` in seconds; a value that is not a finite number of seconds
    (`abc`, `nan`, `-1`) is ignored rather than crashing every command or waiting forever."""
    raw = os.environ.get("COACH_LOCK_TIMEOUT")
    if raw is None:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return value if math.isfinite(value) and value >= 0 else DEFAULT_LOCK_TIMEOUT


def _valid(kind: str) -> Callable[[Any], None]:
    """Everything a file must pass to be read: the shape of its tables (CHECK_*) and, once
    migrated, every record and (in the index) every client's facts. The test a backup must
    pass to be offered, and what `coach restore` calls readable. Reading checks the same
    things, the records as it decodes them."""
    check = CHECK_INDEX if kind == "index" else CHECK_CLIENT

    def valid(data: Any) -> None:
        check(data)
        migrated, _ = migrate(data, kind)
        if kind == "index":
            for entry in _snapshot(migrated).entries:
                _decode_facts(entry.client, entry._raw)
        else:
            _history(migrated)

    return valid


VALID_INDEX = _valid("index")
VALID_CLIENT = _valid("client")


class Store:
    """A data folder. Reads need no lock (files are replaced atomically); writes go
    through `transaction()`."""

    def __init__(self, root: Path, lock_timeout: float | None = None, today: Callable[[], date] = clock.today):
        self.root = Path(root)
        self.index_path = self.root / INDEX_NAME
        self.clients_dir = self.root / "clients"
        self.intent_path = self.root / ".intent"
        if lock_timeout is None:
            lock_timeout = _lock_timeout_from_env()
        self.lock_timeout = lock_timeout
        self.today = today

    # -- paths -----------------------------------------------------------------------------
    def client_path(self, client_id: str) -> Path:
        if not client_id or not all(ch.isalnum() or ch in "-_" for ch in client_id):
            raise StoreError(f"not a client id: {client_id!r}")
        return self.clients_dir / f"{client_id}.json"

    def ensure(self) -> None:
        ensure_dir(self.root)
        ensure_dir(self.clients_dir)

    # -- lock-free reads ------------------------------------------------------------------
    def _load(self, path: Path, kind: str) -> dict[str, Any] | None:
        """Read and check a file, migrated in memory to SCHEMA. Data that needed a migration
        carries the `MIGRATED` key until it is written back."""
        check = CHECK_INDEX if kind == "index" else CHECK_CLIENT
        data = read_json(path, check, VALID_INDEX if kind == "index" else VALID_CLIENT)
        if data is None:
            return None
        data, changed = migrate(data, kind)
        return {**data, MIGRATED: True} if changed else data

    def _parse(self, path: Path, data: dict[str, Any], parse: Callable[..., Any]) -> Any:
        try:
            return parse(data, path)
        except ValueError as error:
            valid = VALID_INDEX if parse is _snapshot else VALID_CLIENT
            raise CorruptFile(path, str(error), newest_good_backup(path, valid)) from None

    def read(self) -> Snapshot:
        """The index as it is now. Entries named by a pending `.intent` are rebuilt from
        their client files, so a write cut short is still seen whole."""
        data = self._load(self.index_path, "index") or _new_file("index")
        pending = self._pending_intent()
        if pending:
            data = self._recover(data, pending)
        return self._parse(self.index_path, data, _snapshot)

    def read_client(self, client_id: str) -> History:
        path = self.client_path(client_id)
        data = self._load(path, "client")
        if data is None:
            raise StoreError(f"no data file for client {client_id} ({path})")
        return self._parse(path, data, _history)

    def change_token(self) -> tuple[int, int]:
        """Changes whenever any write lands (the index is replaced by every write)."""
        try:
            st = os.stat(self.index_path)
        except FileNotFoundError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_ino)

    # -- recovery -------------------------------------------------------------------------
    def _pending_intent(self) -> list[str]:
        try:
            raw = self.intent_path.read_bytes()
        except OSError:
            return []
        try:
            ids = json.loads(raw)
        except ValueError:
            return []
        # Written whole by coach (temp file and rename), so anything else is not an intent.
        return [i for i in ids if _is_id(i)] if isinstance(ids, list) else []

    def _recover(self, index: dict[str, Any], client_ids: list[str]) -> dict[str, Any]:
        """Rebuild the index entries of `client_ids` from their files (in memory)."""
        from .memory import memory_db

        db = memory_db(index)
        table = db.table("clients")
        for cid in client_ids:
            path = self.client_path(cid)
            data = self._load(path, "client")
            if data is None:
                table.remove(where().client.id == cid)
                continue
            history = self._parse(path, data, _history)
            facts = build_facts(history.client, history.cards, history.deliveries, self.today())
            table.upsert({"client": history.client.to_dict(), "facts": facts.to_dict()}, where().client.id == cid)
        return db.storage.read()

    # -- writes ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, read fresh, let the caller change things, write atomically on success."""
        try:
            self.ensure()
        except OSError as error:
            raise WriteFailed(self.root, error) from None
        with Lock(self.root, self.lock_timeout):
            remove_stale_temps(self.root, self.clients_dir, self.root / "backups")
            txn = Transaction(self)
            yield txn
            txn.commit()


def _open(data: dict[str, Any]) -> TinyDB:
    """A TinyDB over data in memory; a migrated file starts dirty so it is written back."""
    from .memory import memory_db

    return memory_db(data, dirty=bool(data.pop(MIGRATED, False)))


def where() -> Query:
    from .memory import where

    return where()


class Transaction:
    """Changes made under the lock. Nothing reaches disk until `commit()`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.today = store.today()
        self.index = _open(store._load(store.index_path, "index") or _new_file("index"))
        self.recovered = store._pending_intent()
        if self.recovered:
            self.index.storage.data = store._recover(self.index.storage.data, self.recovered)
            self.index.storage.dirty = True
        # Validate the index before any change is made on top of it.
        store._parse(store.index_path, self.index.storage.data, _snapshot)
        self._clients: dict[str, TinyDB] = {}

    # -- index ---------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return _snapshot(self.index.storage.read(), self.store.index_path)

    def _client_db(self, client_id: str, create: bool = False) -> TinyDB:
        db = self._clients.get(client_id)
        if db is None:
            path = self.store.client_path(client_id)
            data = self.store._load(path, "client")
            if data is None:
                if not create:
                    raise StoreError(f"no data file for client {client_id} ({path})")
                data = _new_file("client")
            db = _open(data)
            self._clients[client_id] = db
        return db

    def history(self, client_id: str) -> History:
        path = self.store.client_path(client_id)
        return self.store._parse(path, self._client_db(client_id).storage.read(), _history)

    def put_client(self, client: Client) -> None:
        """Create or update a client's record (in its file and, at commit, in the index)."""
        db = self._client_db(client.id, create=True)
        table = db.table("client")
        table.truncate()
        table.insert(client.to_dict())

    def put_card(self, card: Card) -> None:
        self._client_db(card.client_id).table("cards").upsert(card.to_dict(), where().id == card.id)

    def delete_card(self, client_id: str, card_id: str) -> None:
        self._client_db(client_id).table("cards").remove(where().id == card_id)

    def put_delivery(self, delivery: Delivery) -> None:
        self._client_db(delivery.client_id).table("deliveries").upsert(
            delivery.to_dict(), where().id == delivery.id
        )

    def delete_delivery(self, client_id: str, delivery_id: str) -> None:
        self._client_db(client_id).table("deliveries").remove(where().id == delivery_id)

    def put_assessment(self, assessment: Assessment) -> None:
        self.index.table("assessments").upsert(assessment.to_dict(), where().week == assessment.week.isoformat())

    def put_commitment(self, commitment: Commitment) -> None:
        self.index.table("commitments").upsert(commitment.to_dict(), where().week == commitment.week.isoformat())

    def add_tip_shown(self, shown: TipShown) -> None:
        self.index.table("tips_shown").insert(shown.to_dict())

    def put_pillar_week(self, week: PillarWeek) -> None:
        self.index.table("pillar_weeks").upsert(week.to_dict(), where().week == week.week.isoformat())

    def put_settings(self, **values: Any) -> None:
        table = self.index.table("settings")
        docs = table.all()
        current = dict(docs[0]) if docs else {}
        current.update(values)
        table.truncate()
        table.insert(current)

    # -- commit --------------------------------------------------------------------------
    def commit(self) -> None:
        store = self.store
        dirty_clients = {cid: db for cid, db in self._clients.items() if db.storage.dirty}
        clients = self.index.table("clients")
        for cid, db in dirty_clients.items():
            history = _history(db.storage.read())
            facts = build_facts(history.client, history.cards, history.deliveries, self.today)
            clients.upsert({"client": history.client.to_dict(), "facts": facts.to_dict()}, where().client.id == cid)
        writes: list[tuple[Path, bytes]] = []
        if dirty_clients:
            writes.append((store.intent_path, json.dumps(sorted(set(dirty_clients) | set(self.recovered))).encode()))
        for cid, db in dirty_clients.items():
            writes.append((store.client_path(cid), encode(db.storage.read())))
        if self.index.storage.dirty or self.recovered:
            writes.append((store.index_path, encode(self.index.storage.read())))
        if not writes:
            return
        temps: list[tuple[Path, Path]] = []
        try:
            for path, payload in writes:
                temps.append((write_temp(path, payload), path))
        except StoreError:
            discard(*(tmp for tmp, _ in temps))
            raise
        saved: Path | None = None  # the first client file renamed: from then on the change is in
        for n, (tmp, path) in enumerate(temps):
            try:
                if path == store.intent_path:
                    try:
                        os.replace(tmp, path)  # the intent is no user data: no backup of it
                    except OSError as error:
                        raise WriteFailed(path, error) from None
                else:
                    commit_temp(tmp, path, self.today)
            except WriteFailed as error:
                # No temp file is left behind, and `.intent` stays: the next reader rebuilds the
                # index entries from whatever client files are in place.
                discard(*(tmp for tmp, _ in temps[n + 1 :]))
                if saved is not None:
                    raise WriteFailed(error.path, error.error, saved) from None
                raise
            if saved is None and path.parent == store.clients_dir:
                saved = path
        if dirty_clients:
            fsync_dir(store.clients_dir)
        # A leftover intent only makes the next reader rebuild entries that are right.
        discard(store.intent_path)
        fsync_dir(store.root)

