"""Data in and out of coach as files: one table as rows for a spreadsheet (`coach export csv`),
the whole portfolio as one JSON document (`coach export json`), and that document read back
(`coach import json`).

The JSON export holds every table a data folder keeps (clients, archived ones too; cards with
their moves; deliveries; people; touches; account plans; opportunities; the weekly
self-assessments, commitments, pillar scores and tips shown; the settings), each record as the
domain writes it (`to_dict`), with `"format": "coach-export"` and `"version": 1` first. Keys
are sorted inside every record and records are sorted by their ids, so two exports of the same
data are the same bytes, whatever order the store kept them in.

An import checks every record before it writes anything, with the checks the store applies to
every record it reads (`store.records`) and the domain's checks of what a user may type
(`domain.validation`): a bad record is named by its table, its place in it and its field, with
what is accepted. Everything is then written in one repository transaction: all or nothing,
and one change in the undo journal.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..domain.errors import DataError, InputError
from ..textsafe import visible
from .base import UseCases

if TYPE_CHECKING:
    from ..domain.account import Opportunity, Person, Plan, Touch
    from ..domain.models import Assessment, Card, Client, Commitment, Delivery, History, PillarWeek, TipShown
    from ..store.repository import Repository, Transaction
    from ..store.snapshot import Snapshot

FORMAT = "coach-export"
VERSION = 1
# The client's own tables, in the order a client's records are written, then the weekly ones.
CLIENT_TABLES = ("cards", "deliveries", "people", "touches", "plans", "opportunities")
WEEKLY_TABLES = ("assessments", "commitments", "pillar_weeks", "tips_shown")
TABLES = ("clients", *CLIENT_TABLES, *WEEKLY_TABLES)
CSV_TABLES = ("clients", "deliveries", "cards", "people", "opportunities")


def read_whole(repo: Repository, purpose: str) -> tuple[Snapshot, list[History]]:
    """The index and every client's history, as one moment of the store: read without the
    lock (a write elsewhere need not wait for an export), then read again if a write landed
    meanwhile, so an export (or `coach db import`, `purpose`) never mixes a client before a
    change with another after it."""
    for _attempt in range(5):
        token = repo.change_token()
        snapshot = repo.read()
        ids = sorted(e.client.id for e in snapshot.entries)
        histories = [repo.read_client(cid) for cid in ids]
        if repo.change_token() == token:
            return snapshot, histories
    raise DataError(f"the data kept changing while it was read for {purpose}; run it again when writes have stopped")


def _canonical(value: Any) -> Any:
    """`value` with the keys of every object in it sorted: the same data, the same bytes."""
    if isinstance(value, dict):
        return {key: _canonical(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


@dataclass
class Counts:
    """What an import did to one table."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # `coach db import --replace`: a replaced client's records its source lacks

    def words(self) -> str:
        gone = f", {self.removed} removed" if self.removed else ""
        return f"{self.added} added, {self.updated} updated{gone}, {self.unchanged} unchanged"


@dataclass
class Imported:
    """What `coach import json` did, table by table (the tables it held records of)."""

    clients: int
    counts: dict[str, Counts] = field(default_factory=dict)
    settings_changed: bool = False

    @property
    def changed(self) -> bool:
        return self.settings_changed or any(c.added or c.updated or c.removed for c in self.counts.values())


@dataclass
class Records:
    """A portfolio's records as domain objects: an export file's, checked (`_parse`), or a
    store's as it read them (`of`, for `coach db import`)."""

    clients: list[Client] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    pillar_weeks: list[PillarWeek] = field(default_factory=list)
    tips_shown: list[TipShown] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, snapshot: Snapshot, histories: list[History]) -> Records:
        """Everything a store holds: its index (`snapshot`) and every client's history."""
        found = cls(
            assessments=list(snapshot.assessments),
            commitments=list(snapshot.commitments),
            pillar_weeks=list(snapshot.pillar_weeks),
            tips_shown=list(snapshot.tips_shown),
            settings=dict(snapshot.settings),
        )
        for h in histories:
            found.clients.append(h.client)
            found.cards += h.cards
            found.deliveries += h.deliveries
            found.people += h.people
            found.touches += h.touches
            found.plans += [h.plan] if h.plan is not None else []
            found.opportunities += h.opportunities
        return found


def record_key(table: str, record: Any) -> tuple[str, ...]:
    """A record's identity within its table: what merging matches records by."""
    if table == "clients":
        return (record.id,)
    if table == "plans":
        return (record.client_id,)
    if table in ("assessments", "commitments", "pillar_weeks"):
        return (record.week.isoformat(),)
    if table == "tips_shown":
        return (record.tip_id, record.week.isoformat(), record.scope)
    return (record.client_id, record.id)


class Exchange(UseCases):
    """`coach export csv`, `coach export json` and `coach import json`."""

    # -- reading everything --------------------------------------------------------------
    def _histories(self) -> tuple[Snapshot, list[History]]:
        return read_whole(self.repo, "the export")

    # -- the JSON export -----------------------------------------------------------------
    def portfolio_json(self) -> bytes:
        """The whole portfolio as one JSON document (see the module's docstring)."""
        snapshot, histories = self._histories()
        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        for h in histories:
            tables["clients"].append(h.client.to_dict())
            tables["cards"] += [c.to_dict() for c in h.cards]
            tables["deliveries"] += [d.to_dict() for d in h.deliveries]
            tables["people"] += [p.to_dict() for p in h.people]
            tables["touches"] += [t.to_dict() for t in h.touches]
            if h.plan is not None:
                tables["plans"].append(h.plan.to_dict())
            tables["opportunities"] += [o.to_dict() for o in h.opportunities]
        tables["assessments"] = [a.to_dict() for a in snapshot.assessments]
        tables["commitments"] = [c.to_dict() for c in snapshot.commitments]
        tables["pillar_weeks"] = [w.to_dict() for w in snapshot.pillar_weeks]
        tables["tips_shown"] = [t.to_dict() for t in snapshot.tips_shown]
        document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for name in TABLES:
            docs = [_canonical(d) for d in tables[name]]
            docs.sort(key=lambda d: json.dumps(_doc_key(name, d), ensure_ascii=False) + json.dumps(d, ensure_ascii=False))
            document[name] = docs
        document["settings"] = _canonical(snapshot.settings)
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    # -- one table for a spreadsheet -----------------------------------------------------
    def table_rows(self, what: str) -> tuple[list[str], list[list[str]]]:
        """The header and the rows of one table (`CSV_TABLES`): readable names beside the ids,
        days and times ISO, money a plain number with the currency in its own column."""
        if what not in CSV_TABLES:
            raise InputError(f"can't export {visible(what)!r}: choose one of {', '.join(CSV_TABLES)}", "what")
        from ..domain.account import ROLE_TITLES
        from ..domain.models import COLUMN_TITLES, COLUMNS, KIND_TITLES
        from ..domain.money import DEFAULT_CURRENCY

        snapshot, histories = self._histories()
        currency = str(snapshot.settings.get("currency", DEFAULT_CURRENCY))
        histories.sort(key=lambda h: (h.client.name.casefold(), h.client.id))
        rows: list[list[str]] = []
        if what == "clients":
            header = ["id", "name", "tier", "cadence", "archived", "added", "revenue", "currency", "renewal"]
            header += ["cards open", "deliveries", "last value-add"]
            for h in histories:
                c = h.client
                adds = [d.on for d in h.deliveries if d.is_value_add]
                rows.append([c.id, c.name, c.tier, str(c.cadence), _yes(c.archived), _iso(c.added),
                             "" if c.revenue is None else str(c.revenue), currency, _iso(c.renewal),
                             str(sum(1 for k in h.cards if k.is_open)), str(len(h.deliveries)),
                             _iso(max(adds) if adds else None)])  # fmt: skip
            return header, rows
        for h in histories:
            c = h.client
            titles = {k.id: k.title for k in h.cards}
            if what == "deliveries":
                for d in sorted(h.deliveries, key=lambda d: (d.on, d.logged, d.id)):
                    rows.append([d.id, c.id, c.name, _iso(d.on), d.kind, KIND_TITLES.get(d.kind, d.kind),
                                 _yes(d.is_value_add), d.summary, d.need_id or "", titles.get(d.need_id or "", ""),
                                 _yes(d.told), _iso(d.logged)])  # fmt: skip
            elif what == "cards":
                order = {col: n for n, col in enumerate(COLUMNS)}
                for k in sorted(h.cards, key=lambda k: (k.closed is not None, order.get(k.column, 9), k.created, k.id)):
                    rows.append([k.id, c.id, c.name, k.column, COLUMN_TITLES.get(k.column, k.column), k.title,
                                 _yes(k.is_open), k.notes, k.owner, _iso(k.due), k.need_id or "",
                                 titles.get(k.need_id or "", ""), _iso(k.created), _iso(k.entered),
                                 str(len(k.moves)), _iso(k.closed), _iso(k.updated)])  # fmt: skip
            elif what == "people":
                for p in sorted(h.people, key=lambda p: (p.ours, p.name.casefold(), p.id)):
                    touched = [t.on for t in h.touches if (p.id in t.ours if p.ours else t.person_id == p.id)]
                    rows.append([p.id, c.id, c.name, "ours" if p.ours else "client", p.name, p.role,
                                 ROLE_TITLES.get(p.role, p.role), p.title,
                                 _iso(max(touched) if touched else None)])  # fmt: skip
            else:
                for o in sorted(h.opportunities, key=lambda o: (o.created, o.id)):
                    rows.append([o.id, c.id, c.name, o.title, o.stage, "" if o.value is None else str(o.value), currency,
                                 o.need_id or "", titles.get(o.need_id or "", ""), o.next_step, _iso(o.next_date),
                                 _iso(o.close), _iso(o.created)])  # fmt: skip
        headers = {
            "deliveries": ["id", "client_id", "client", "date", "kind", "kind title", "value-add", "summary",
                           "need_id", "need", "told", "logged"],
            "cards": ["id", "client_id", "client", "column", "column title", "title", "open", "notes", "owner", "due",
                      "need_id", "need", "created", "entered column", "moves", "closed", "updated"],
            "people": ["id", "client_id", "client", "side", "name", "role", "role title", "title", "last touch"],
            "opportunities": ["id", "client_id", "client", "title", "stage", "value", "currency", "need_id", "need",
                              "next step", "next date", "expected close", "created"],
        }  # fmt: skip
        return headers[what], rows

    # -- the JSON import -----------------------------------------------------------------
    def import_json(self, raw: bytes, source: str, merge: bool = False) -> Imported:
        """Read an export (`raw`, from the file `source`) into the data folder: every record
        checked first, then all written in one transaction, one undoable change. Into a folder
        that holds data only with `merge`: records are matched by id, added or updated."""
        known = {cid for cid, _name, _archived in self.repo.names()} if merge else set()
        parsed = _parse(raw, source, known)
        with self.repo.transaction() as txn:
            snapshot = txn.snapshot()
            if not merge:
                held = [
                    (len(snapshot.entries), "client"),
                    (len(snapshot.assessments), "self-assessment"),
                    (len(snapshot.commitments), "commitment"),
                ]
                # Bookkeeping (tips shown, the weeks' pillar scores, settings) is not the user's
                # data: a folder holding only that (an import undone) is empty.
                said = ", ".join(f"{n} {what}{'s' if n != 1 else ''}" for n, what in held if n)
                if said:
                    raise InputError(
                        f"the data folder is not empty ({said}): "
                        "import into an empty folder, or add --merge to add and update records by id",
                        "merge",
                    )
            result = write_records(txn, snapshot, parsed)
            n = len(parsed.clients)
            txn.describe_change(f"imported {n} client{'s' if n != 1 else ''} from {source}")
        return result


def _doc_key(table: str, doc: dict[str, Any]) -> list[Any]:
    if table == "clients":
        return [doc.get("id")]
    if table == "plans":
        return [doc.get("client_id")]
    if table in ("assessments", "commitments", "pillar_weeks"):
        return [doc.get("week")]
    if table == "tips_shown":
        return [doc.get("week"), doc.get("scope"), doc.get("tip_id")]
    return [doc.get("client_id"), doc.get("id")]


# -- checking a file ---------------------------------------------------------------------------


def _parse(raw: bytes, source: str, known: set[str]) -> Records:
    """The records of an export, each checked; InputError naming the first bad one (its table,
    its index, its field, what is accepted). `known`: client ids the folder already holds."""
    from ..domain import validation as v
    from ..store import records as rec

    shown = visible(source)
    try:
        document = json.loads(raw.decode("utf-8-sig"))  # a BOM an editor added is no harm
    except (UnicodeDecodeError, ValueError) as error:
        reason = "not UTF-8" if isinstance(error, UnicodeDecodeError) else f"not JSON: {error}"
        raise InputError(f"{shown} is not a coach export ({reason})", "file") from None
    if type(document) is not dict or document.get("format") != FORMAT:
        raise InputError(f'{shown} is not a coach export (it has no "format": "{FORMAT}")', "file")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise InputError(f"{shown} is a coach export of no version coach knows ({version!r}); this coach reads version 1", "file")
    if version > VERSION:
        raise InputError(
            f"{shown} is a coach export of version {version}, newer than this coach reads (version {VERSION}): update coach",
            "file",
        )
    unknown = sorted(set(document) - {"format", "version", "settings", *TABLES})
    if unknown:
        raise InputError(f"{shown} holds a table coach does not know: {visible(unknown[0])!r}", "file")

    def records(table: str) -> list[Any]:
        found = document.get(table, [])
        if type(found) is not list:
            raise InputError(f"{shown}: {table} is not a list of records", table)
        return found

    def bad(table: str, index: int, reason: str) -> InputError:
        return InputError(f"{shown}: {table}[{index}]: {reason}; nothing was imported", table)

    def check(table: str, index: int, doc: Any, read: Callable[[Any], Any]) -> Any:
        try:
            return read(doc)
        except KeyError as error:
            raise bad(table, index, f"the field {error.args[0]!r} is missing") from None
        except InputError as error:  # a domain check: a field a user could not have typed so
            raise bad(table, index, f"{error.field or 'a field'!r}: {error}") from None
        except ValueError as error:  # the store's check (WrongShape)
            raise bad(table, index, _reason(error)) from None

    parsed = Records()
    seen: dict[str, dict[tuple[str, ...], int]] = {name: {} for name in TABLES}

    def once(table: str, index: int, record: Any) -> Any:
        key = record_key(table, record)
        if key in seen[table] and table != "tips_shown":  # a tip may be shown twice in a week
            raise bad(table, index, f"the same record as {table}[{seen[table][key]}] (the same id)")
        seen[table][key] = index
        return record

    def client_of(table: str, index: int, doc: Any) -> str:
        """The client a record says it belongs to, when that is a client of the file (or of
        the folder, merging); "" lets the record's own check say what is wrong."""
        if type(doc) is not dict or "client_id" not in doc:
            return ""
        cid = doc["client_id"]
        where = "the file's clients or the data folder's" if known else "the file's clients"
        if type(cid) is not str:
            raise bad(table, index, f"its 'client_id' is {visible(repr(cid))[:40]}, not the id of one of {where}")
        if cid not in clients:
            raise bad(table, index, f"its 'client_id' {visible(cid)!r} is none of {where}")
        return cid

    def read_client(doc: Any) -> Any:
        client = rec.client(doc)
        v.clean_name(client.name)
        return client

    for i, doc in enumerate(records("clients")):
        parsed.clients.append(once("clients", i, check("clients", i, doc, read_client)))
    clients = {c.id for c in parsed.clients} | known

    def owned(read: Callable[[Any, str], Any], clean: Callable[[Any], Any] | None = None) -> Callable[[str], list[Any]]:
        def table_of(table: str) -> list[Any]:
            out: list[Any] = []
            for i, doc in enumerate(records(table)):
                cid = client_of(table, i, doc)

                def whole(d: Any, cid: str = cid) -> Any:
                    record = read(d, cid)
                    if clean is not None:
                        clean(record)
                    return record

                out.append(once(table, i, check(table, i, doc, whole)))
            return out

        return table_of

    parsed.cards = owned(rec.card, lambda k: v.clean_title(k.title))("cards")
    parsed.deliveries = owned(rec.delivery, lambda d: v.clean_summary(d.summary))("deliveries")
    parsed.people = owned(rec.person, lambda p: v.clean_person(p.name))("people")
    parsed.touches = owned(rec.touch)("touches")
    parsed.plans = owned(rec.plan)("plans")
    parsed.opportunities = owned(rec.opportunity, lambda o: v.clean_line(o.title, "opportunity title", "title", True))(
        "opportunities"
    )
    weekly: Iterable[tuple[str, Callable[[Any], Any]]] = (
        ("assessments", rec.assessment),
        ("commitments", rec.commitment),
        ("pillar_weeks", rec.pillar_week),
        ("tips_shown", rec.tip_shown),
    )
    for table, read in weekly:
        found = [once(table, i, check(table, i, doc, read)) for i, doc in enumerate(records(table))]
        setattr(parsed, table, found)
    try:
        parsed.settings = rec.settings(document.get("settings", {}))
    except ValueError as error:
        raise InputError(f"{shown}: settings: {_reason(error)}; nothing was imported", "settings") from None
    return parsed


def _reason(error: ValueError) -> str:
    """The store's check's message (`wrong shape (a card's 'column' is ...)`) without its frame."""
    reason = str(error)
    if reason.startswith("wrong shape (") and reason.endswith(")"):
        reason = reason[len("wrong shape (") : -1]
    return reason


# -- writing it ----------------------------------------------------------------------------------


def write_records(txn: Transaction, snapshot: Any, parsed: Records) -> Imported:
    """Put every record that is new or differs from the folder's, a client's records after
    the client; what was added, updated and left as it was, table by table."""
    result = Imported(len(parsed.clients), {name: Counts() for name in TABLES})
    existing = {e.client.id for e in snapshot.entries}
    held: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {name: {} for name in TABLES}
    by_client: dict[str, dict[str, list[Any]]] = {}
    for table in CLIENT_TABLES:
        for record in getattr(parsed, table):
            by_client.setdefault(record.client_id, {}).setdefault(table, []).append(record)
    for cid in sorted({c.id for c in parsed.clients} | set(by_client)):
        if cid in existing:
            h = txn.history(cid)
            held["clients"][(cid,)] = h.client.to_dict()
            for table, docs in (("cards", h.cards), ("deliveries", h.deliveries), ("people", h.people),
                                ("touches", h.touches), ("opportunities", h.opportunities),
                                ("plans", [h.plan] if h.plan is not None else [])):  # fmt: skip
                for record in docs:
                    held[table][record_key(table, record)] = record.to_dict()
    for table, docs in (("assessments", snapshot.assessments), ("commitments", snapshot.commitments),
                        ("pillar_weeks", snapshot.pillar_weeks)):  # fmt: skip
        for record in docs:
            held[table][record_key(table, record)] = record.to_dict()

    def fresh(table: str, record: Any) -> bool:
        """Count the record; True when it must be written."""
        before = held[table].get(record_key(table, record))
        counts = result.counts[table]
        if before is None:
            counts.added += 1
        elif before != record.to_dict():
            counts.updated += 1
        else:
            counts.unchanged += 1
            return False
        return True

    puts: dict[str, Callable[[Any], None]] = {
        "cards": txn.put_card,
        "deliveries": txn.put_delivery,
        "people": txn.put_person,
        "touches": txn.put_touch,
        "plans": txn.put_plan,
        "opportunities": txn.put_opportunity,
    }
    clients = {c.id: c for c in parsed.clients}
    for cid in sorted(set(clients) | set(by_client)):
        if cid in clients and fresh("clients", clients[cid]):
            txn.put_client(clients[cid])
        for table in CLIENT_TABLES:
            for record in by_client.get(cid, {}).get(table, []):
                if fresh(table, record):
                    puts[table](record)
    for record in parsed.assessments:
        if fresh("assessments", record):
            txn.put_assessment(record)
    for record in parsed.commitments:
        if fresh("commitments", record):
            txn.put_commitment(record)
    for record in parsed.pillar_weeks:
        if fresh("pillar_weeks", record):
            txn.put_pillar_week(record)
    shown = [t.to_dict() for t in snapshot.tips_shown]
    for record in parsed.tips_shown:
        doc = record.to_dict()
        if doc in shown:
            shown.remove(doc)
            result.counts["tips_shown"].unchanged += 1
        else:
            result.counts["tips_shown"].added += 1
            txn.add_tip_shown(record)
    changed = {k: value for k, value in parsed.settings.items() if snapshot.settings.get(k, object()) != value}
    if changed:
        txn.put_settings(**changed)
        result.settings_changed = True
    return result


__all__ = [
    "Exchange",
    "Imported",
    "Counts",
    "Records",
    "read_whole",
    "write_records",
    "record_key",
    "FORMAT",
    "VERSION",
    "TABLES",
    "CSV_TABLES",
]
