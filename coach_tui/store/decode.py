"""Reading records out of the folder store's files: every document becomes a domain object
whose fields have the types and values the rest of coach relies on, or the file is refused.

JSON that parses into the wrong kind of value (a card in no known column, a name that is a
number, a flag that is the text "false", a day in the year 9999) is a wrong shape, refused like
bad JSON with one line, rather than a crash three screens later or a wrong value written back
for good. Each record is checked field by field on the raw document (`store.records`); a file
also has one record per id (one index entry per client, one card per card id...), and a client
file holds the record of the client its name says. `validator(path)` is the whole test of a
readable file (its shape, then every record once migrated): the test a backup must pass to be
offered, and what `coach restore` and `coach check` call readable. Every read (the index,
a client file, a transaction's reads) goes through the same decoders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain.facts import ClientFacts
from ..domain.models import Client, History
from . import records
from .errors import CorruptFile
from .files import WrongShape, corrupt
from .layout import INDEX_DIR, is_shard_file, shard_number, shard_of
from .records import is_id
from .schema import CHECK_CLIENT, CHECK_INDEX, CHECK_SHARD, INDEX_NAME, migrate
from .snapshot import Snapshot

if TYPE_CHECKING:
    from .repository import IndexEntry

# What a malformed document raises while it is decoded: each is a wrong shape.
DECODING_ERRORS = (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError)
T = TypeVar("T")
K = TypeVar("K")


def decode_facts(client: Client, raw: Any) -> ClientFacts:
    """A client's facts from the index; ValueError (a wrong shape) if they are malformed."""
    records.facts(raw, client.id)
    try:
        return ClientFacts.from_dict(raw)
    except DECODING_ERRORS as error:
        raise WrongShape(f"wrong shape (the facts of client {client.id}: {type(error).__name__})") from None


class Entry:
    """A client as the index knows it (an `IndexEntry`): its record and its facts. Facts are
    decoded on first use: finding a client by name (every `coach log`) needs only the records."""

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
                self._facts = decode_facts(self.client, self._raw)
            except ValueError as error:
                path = self._source or Path(INDEX_NAME)
                raise corrupt(path, str(error), VALID_INDEX, rebuilds=True) from None
        return self._facts

    def check_facts(self) -> None:
        """Check the facts now, raising ValueError (a wrong shape) if they are malformed: what a
        write asks of every entry of a shard it rewrites, so that it never copies a damaged
        one. `records.facts` is the whole test (what `ClientFacts.from_dict` relies on), so the
        facts are checked without being decoded: a `coach log` rewrites a shard of a hundred
        clients and decodes none of their facts."""
        if self._facts is None:
            records.facts(self._raw, self.client.id)

    def __repr__(self) -> str:
        return f"Entry({self.client!r})"


def docs(data: dict[str, Any], table: str) -> list[Any]:
    """A table's documents in key order."""
    found = data.get(table) or {}
    return [found[k] for k in sorted(found, key=int)]


def _unique(items: list[T], key: Callable[[T], K], what: str) -> list[T]:
    """`items`, if no two have the same `key`: TinyDB's upserts and removes by id or by week
    would change both at once, and one would silently win."""
    seen: set[K] = set()
    for item in items:
        k = key(item)
        if k in seen:
            raise WrongShape(f"wrong shape (two {what} {str(k)[:40]})")
        seen.add(k)
    return items


def _decoded(build: Callable[[], T]) -> T:
    """`build()`, any error of a malformed document raised as a wrong shape."""
    try:
        return build()
    except WrongShape:
        raise
    except DECODING_ERRORS as error:
        raise WrongShape(f"wrong shape ({type(error).__name__}: {str(error)[:80]})") from None


def _entries(found: Iterable[Any], source: Path | None, shard: int | None = None) -> list[IndexEntry]:
    entries: list[IndexEntry] = []
    seen: set[str] = set()
    for doc in found:
        client, facts = records.entry(doc)
        if client.id in seen:
            raise WrongShape(f"wrong shape (two index entries for client {client.id})")
        if shard is not None and shard_of(client.id) != shard:
            raise WrongShape(f"wrong shape (it holds the entry of client {client.id}, which belongs to another shard)")
        seen.add(client.id)
        entries.append(Entry(client, facts, source))
    return entries


def decode_shard(data: dict[str, Any], source: Path | None = None) -> list[IndexEntry]:
    """An index shard's data as its entries (facts decoded lazily); ValueError (a wrong shape)
    naming what is wrong. With `source`, every entry must belong to the shard its name says."""
    shard = shard_number(source.name) if source is not None else None
    return _decoded(lambda: _entries(docs(data, "clients"), source, shard))


def decode_checked_shard(data: dict[str, Any], source: Path | None = None) -> list[IndexEntry]:
    """`decode_shard`, every entry's facts checked too (what a write builds on)."""
    entries = decode_shard(data, source)
    for entry in entries:
        if isinstance(entry, Entry):
            entry.check_facts()
    return entries


def decode_names(data: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """The index's client directory: (id, name, archived) of every client; ValueError (a
    wrong shape) naming what is wrong. Read by every `coach log`: checked a column at a time."""

    def build() -> list[tuple[str, str, bool]]:
        table = data.get("names") or {}
        if len(table) > 1:
            raise WrongShape(f"wrong shape (table 'names' holds {len(table)} documents, not one)")
        doc: dict[str, Any] = next(iter(table.values()), {"clients": []})
        if doc.keys() != {"clients"} or type(doc["clients"]) is not list:
            raise WrongShape("wrong shape (the directory is not a list of clients)")
        lines = doc["clients"]
        # Each check runs over a whole column in C (map, set): 5,000 lines cost a millisecond.
        if not lines:
            return []
        if set(map(type, lines)) != {list} or set(map(len, lines)) != {3}:
            raise WrongShape("wrong shape (a directory line is not [id, name, archived])")
        ids, names, flags = zip(*lines, strict=True)
        bad = None
        if not (set(map(type, ids)) == {str} and all(ids) and records.all_ids("".join(ids))):
            bad = next((i for i in ids if not is_id(i)), None)
        elif set(map(type, names)) != {str} or not all(map(str.strip, names)) or set(map(type, flags)) != {bool}:
            bad = next(i for i, n, f in lines if type(n) is not str or not n.strip() or type(f) is not bool)
        if bad is not None:
            raise WrongShape(f"wrong shape (the directory's line for {str(bad)[:40]!r} is malformed)")
        if len(set(ids)) != len(ids):
            twice = next(i for n, i in enumerate(ids) if i in ids[:n])
            raise WrongShape(f"wrong shape (two directory lines for client {twice})")
        return list(zip(ids, names, flags, strict=True))

    return _decoded(build)


def decode_snapshot(data: dict[str, Any], source: Path | None = None, entries: list[IndexEntry] | None = None) -> Snapshot:
    """The index's data as a Snapshot, with the entries read from the shards (or, without
    them, from the data's own `clients` table: an index before schema 3); ValueError (a wrong
    shape) naming what is wrong."""

    def build() -> Snapshot:
        settings = docs(data, "settings")
        if len(settings) > 1:
            raise WrongShape(f"wrong shape (table 'settings' holds {len(settings)} documents, not one)")
        week = _week
        return Snapshot(
            entries=entries if entries is not None else _entries(docs(data, "clients"), source),
            assessments=_unique([records.assessment(d) for d in docs(data, "assessments")], week, "self-assessments of week"),
            commitments=_unique([records.commitment(d) for d in docs(data, "commitments")], week, "commitments for week"),
            tips_shown=[records.tip_shown(d) for d in docs(data, "tips_shown")],
            settings=records.settings(settings[0]) if settings else {},
            pillar_weeks=_unique([records.pillar_week(d) for d in docs(data, "pillar_weeks")], week, "pillar scores of week"),
        )

    return _decoded(build)


def decode_checked_snapshot(data: dict[str, Any], source: Path | None = None) -> Snapshot:
    """`decode_snapshot`, every client's facts checked too (ValueError if any is malformed):
    what a write builds on, so that it never copies a damaged record into the new index."""
    snapshot = decode_snapshot(data, source)
    decode_names(data)
    for entry in snapshot.entries:
        if isinstance(entry, Entry):
            entry.check_facts()
    return snapshot


def _week(record: Any) -> Any:
    return record.week


def decode_history(data: dict[str, Any], source: Path | None = None) -> History:
    """A client file's data as its History; ValueError (a wrong shape) naming what is wrong.
    With `source` (the file's path), its client record must be the client the name says."""

    def build() -> History:
        found = docs(data, "client")
        if len(found) != 1:
            raise WrongShape(f"wrong shape (it holds {len(found)} client records, not one)")
        client = records.client(found[0])
        if source is not None and source.name != f"{client.id}.json":
            raise WrongShape(
                f"wrong shape (it holds the record of client {client.id!r}, not of {source.name.removesuffix('.json')!r})"
            )
        cid = client.id
        plans = docs(data, "plan")
        if len(plans) > 1:
            raise WrongShape(f"wrong shape (it holds {len(plans)} account plans, not one)")
        return History(
            client=client,
            cards=_unique([records.card(d, cid) for d in docs(data, "cards")], _ident, "cards with the id"),
            deliveries=_unique([records.delivery(d, cid) for d in docs(data, "deliveries")], _ident, "deliveries with the id"),
            people=_unique([records.person(d, cid) for d in docs(data, "people")], _ident, "people with the id"),
            touches=_unique([records.touch(d, cid) for d in docs(data, "touches")], _ident, "touches with the id"),
            plan=records.plan(plans[0], cid) if plans else None,
            opportunities=_unique(
                [records.opportunity(d, cid) for d in docs(data, "opportunities")], _ident, "opportunities with the id"
            ),
        )

    return _decoded(build)


def _ident(record: Any) -> Any:
    return record.id


def _valid_index(data: Any) -> None:
    CHECK_INDEX(data)
    migrated, _ = migrate(data, "index")
    decode_checked_snapshot(migrated)


def _valid_client(data: Any, path: Path | None = None) -> None:
    CHECK_CLIENT(data)
    migrated, _ = migrate(data, "client")
    decode_history(migrated, path)


def _valid_shard(data: Any, path: Path | None = None) -> None:
    CHECK_SHARD(data)
    migrated, _ = migrate(data, "shard")
    decode_checked_shard(migrated, path)


VALID_INDEX: Callable[[Any], None] = _valid_index
VALID_CLIENT: Callable[[Any], None] = _valid_client


def is_shard_path(path: Path) -> bool:
    return path.parent.name == INDEX_DIR and is_shard_file(path.name)


def validator(path: Path) -> Callable[[Any], None]:
    """The whole test of the data file at `path` (or of a backup of it): the index's, a
    shard's (its entries in the shard its name says), or a client file's that also checks the
    client record is the one the file's name says."""
    if path.name == INDEX_NAME:
        return VALID_INDEX
    if is_shard_path(path):

        def valid_shard(data: Any) -> None:
            _valid_shard(data, path)

        return valid_shard

    def valid(data: Any) -> None:
        _valid_client(data, path)

    return valid


def refused(path: Path, reason: str) -> CorruptFile:
    """The CorruptFile for the data file at `path`, naming its newest good backup."""
    return corrupt(path, reason, validator(path), rebuilds=path.name == INDEX_NAME or is_shard_path(path))


__all__ = [
    "INDEX_NAME",
    "DECODING_ERRORS",
    "Entry",
    "is_id",
    "decode_facts",
    "decode_snapshot",
    "decode_shard",
    "decode_checked_shard",
    "decode_names",
    "is_shard_path",
    "decode_checked_snapshot",
    "decode_history",
    "docs",
    "VALID_INDEX",
    "VALID_CLIENT",
    "validator",
    "refused",
]
