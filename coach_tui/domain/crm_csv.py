"""Reading a CRM's CSV export into clients and people: the rules of `coach import csv`.

A file comes as Excel and the CRMs write it: UTF-8 with or without a BOM, or Windows-1252;
comma, semicolon or tab separated; quoted fields holding newlines; money with thousands
separators and currency signs (`$1,200,000`, `1.200.000 €`, `€ 1 200 000,50`). Columns are
known by name, case, spaces and punctuation ignored (`Account Name`, `Company name`,
`Organization - Name` are a client's name), as Salesforce, HubSpot and Pipedrive export
them, or as a plain sheet names them (`name`, `tier`, `cadence`, `revenue`); `--map
COLUMN=FIELD` says what a column holds when its name does not.

`plan_clients` and `plan_people` decide, row by row, what an import does: create, update or
skip, and why; or a `Problem` naming the line, the column, the value and what is accepted.
A client is matched by the CRM's id (its `source_id`, `salesforce:0015g00000AcmeAA`), else by
name in any case and with or without accents; a person by name on their client. Pure: takes
bytes or text, no I/O (the CLI reads the file, a service writes the result).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from ..textsafe import visible
from .account import Person
from .dates import parse_day
from .errors import InputError
from .folding import fold
from .models import DEFAULT_CADENCE, Client
from .money import format_money, parse_money
from .validation import as_cadence, clean_line, clean_name, clean_person, clean_source_id, parse_role, parse_tier

T = TypeVar("T")

KINDS = ("clients", "people")
# Who wrote a file, as the source of a client's CRM id (`salesforce:...`) and in words.
SOURCES = {
    "salesforce": "a Salesforce export",
    "hubspot": "a HubSpot export",
    "pipedrive": "a Pipedrive export",
    "csv": "a sheet",
}
IGNORE = "ignore"

# What each kind of row may hold, as `--map` names it.
FIELDS: dict[str, tuple[str, ...]] = {
    "clients": ("name", "id", "revenue", "tier", "cadence", "renewal", IGNORE),
    "people": ("name", "first-name", "last-name", "title", "role", "client", "client-id", IGNORE),
}

# Column names each field is known by, normalised (`key`): in order of preference when a file
# has more than one of them.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "clients": {
        "name": ("accountname", "companyname", "organizationname", "organisationname", "clientname", "name", "client",
                 "company", "organization", "organisation", "account"),
        "id": ("accountid", "recordid", "organizationid", "organisationid", "companyid", "id"),
        "revenue": ("annualrevenue", "organizationannualrevenue", "revenue", "annualrevenuewithus"),
        "tier": ("tier", "accounttier", "organizationtier"),
        "cadence": ("cadence", "valueaddcadence"),
        "renewal": ("renewal", "renewaldate", "contractrenewaldate", "organizationrenewaldate"),
    },
    "people": {
        "name": ("personname", "fullname", "contactname", "name"),
        "first-name": ("firstname", "personfirstname", "givenname"),
        "last-name": ("lastname", "personlastname", "surname", "familyname"),
        "title": ("title", "jobtitle", "personjobtitle", "persontitle", "position"),
        "role": ("role", "personrole", "contactrole"),
        "client": ("accountname", "associatedcompany", "personorganization", "organizationname", "companyname", "company",
                   "organization", "organisation", "account", "client"),
        "client-id": ("accountid", "associatedcompanyid", "associatedcompanyidsprimary", "associatedcompanyids",
                      "personorganizationid", "organizationid", "companyid", "clientid"),
    },
}  # fmt: skip

# Columns only a contacts (people) export has.
_PEOPLE_SIGNS = frozenset(
    ("firstname", "lastname", "personname", "fullname", "contactname", "associatedcompany", "personorganization", "jobtitle")
)


def key(header: str) -> str:
    """A column name as it is compared: accents dropped, case folded, only letters and digits."""
    return "".join(ch for ch in fold(header) if ch.isalnum())


# -- the file ------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read in: UTF-8 (a BOM dropped), else
    Windows-1252 (what Excel writes on Windows); InputError when it is neither."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, "UTF-8 with a BOM" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise InputError(
            f"can't read the file: byte {error.start + 1} is neither UTF-8 nor Windows-1252; save it as CSV UTF-8", "file"
        ) from None


DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def sniff_delimiter(text: str) -> str:
    """The separator of a CSV text: the one of `,`, `;` and tab found most often in its header
    line, outside quotes (a comma when there is none: a file of one column)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True)
class Table:
    """A CSV file's header and rows, each row with the line it starts on (the header is line 1)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str


def read_table(text: str) -> Table:
    """The header and the rows of a CSV text; InputError for a file with no header or that
    does not parse (a quote never closed)."""
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[str, ...]]] = []
    headers: tuple[str, ...] | None = None
    line = 1
    try:
        for record in reader:
            cells = tuple(record)
            if headers is None:
                if any(c.strip() for c in cells):
                    headers = tuple(c.strip() for c in cells)
            else:
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"line {line}: can't read the CSV ({error}): check the quotes on that line", "file") from None
    if headers is None:
        raise InputError("the file is empty: expected a header row naming the columns, then one row per record", "file")
    return Table(headers, tuple(rows), delimiter)


def detect_source(headers: Sequence[str]) -> str:
    """Which CRM wrote the file (a key of SOURCES), from its column names."""
    keys = {key(h) for h in headers}
    if any(h.strip().lower().startswith(("organization -", "person -", "organisation -")) for h in headers):
        return "pipedrive"
    if keys & {"recordid", "associatedcompany", "associatedcompanyid"}:
        return "hubspot"
    if keys & {"accountid", "accountname", "accountowner"}:
        return "salesforce"
    return "csv"


# -- the columns ---------------------------------------------------------------------------


def parse_maps(items: Sequence[str]) -> list[tuple[str, str]]:
    """`--map COLUMN=FIELD` arguments as (column, field) pairs, the field as typed."""
    pairs = []
    for item in items:
        column, equals, target = item.rpartition("=")
        if not equals or not column.strip() or not target.strip():
            raise InputError(f"--map takes COLUMN=FIELD, e.g. --map 'Company Domain=ignore'; got {visible(item)!r}", "map")
        pairs.append((column.strip(), target.strip()))
    return pairs


def _field_of(typed: str, kind: str) -> str:
    wanted = key(typed)
    for name in FIELDS[kind]:
        if key(name) == wanted:
            return name
    accepted = ", ".join(FIELDS[kind])
    raise InputError(f"--map: unknown field {visible(typed)!r} for {kind}: use one of {accepted}", "map")


def detect_kind(headers: Sequence[str], maps: Sequence[tuple[str, str]] = ()) -> str:
    """`people` for a contacts export (first and last names, a contact's company), `clients`
    for an accounts export (an account, company or organisation name); InputError if neither."""
    mapped = {key(t) for _c, t in maps}
    keys = {key(h) for h in headers}
    if keys & _PEOPLE_SIGNS or mapped & {"firstname", "lastname", "title", "role", "client", "clientid"}:
        return "people"
    if keys & set(ALIASES["clients"]["name"]) or "name" in mapped:
        return "clients"
    raise InputError(
        "can't tell whether the file holds clients or people from its columns "
        f"({', '.join(repr(visible(h)) for h in headers[:8])}): say which with --what clients|people",
        "what",
    )


@dataclass(frozen=True)
class Columns:
    """Which column holds each field (by index), and the columns not imported."""

    kind: str
    at: dict[str, int]
    ignored: tuple[str, ...]

    def cell(self, cells: Sequence[str], name: str) -> str:
        i = self.at.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""


def find_columns(headers: Sequence[str], kind: str, maps: Sequence[tuple[str, str]] = ()) -> Columns:
    """The column of each field: `--map` first, then the known names in order of preference.
    InputError for a `--map` naming no column or no field, or a file lacking what it needs."""
    keys = [key(h) for h in headers]
    at: dict[str, int] = {}
    taken: set[int] = set()
    for column, typed in maps:
        target = _field_of(typed, kind)
        found = [i for i, k in enumerate(keys) if k == key(column)]
        if not found:
            shown = ", ".join(repr(visible(h)) for h in headers)
            raise InputError(f"--map: the file has no column {visible(column)!r}: its columns are {shown}", "map")
        taken.update(found)
        if target != IGNORE:
            at[target] = found[0]
    for name, aliases in ALIASES[kind].items():
        if name in at:
            continue
        for alias in aliases:
            i = next((i for i, k in enumerate(keys) if k == alias and i not in taken), None)
            if i is not None:
                at[name] = i
                taken.add(i)
                break
    _require(headers, kind, at)
    ignored = tuple(h for i, h in enumerate(headers) if i not in at.values() and h)
    return Columns(kind, at, ignored)


def _require(headers: Sequence[str], kind: str, at: dict[str, int]) -> None:
    if kind == "clients" and "name" not in at:
        raise InputError(
            "no column holds the client's name ('Account Name', 'Company name', 'Organization - Name', 'name'): "
            "name it with --map COLUMN=name",
            "map",
        )
    if kind == "people":
        if not ({"name", "first-name", "last-name"} & at.keys()):
            raise InputError(
                "no column holds the person's name ('First Name' and 'Last Name', 'Person - Name', 'name'): "
                "name it with --map COLUMN=name",
                "map",
            )
        if not ({"client", "client-id"} & at.keys()):
            raise InputError(
                "no column names each person's client ('Account Name', 'Associated Company', 'Person - Organization'): "
                "name it with --map COLUMN=client",
                "map",
            )


# -- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A row that can't be imported: its line, the column and value at fault, and why (which
    says what is accepted)."""

    line: int
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.column is not None:
            where += f", column {visible(self.column)!r}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:59] + "…"
            where += f", value {visible(shown)!r}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Outcome:
    """What the import does with one row: `create`, `update`, `skip` or `error`, and why."""

    line: int
    name: str
    action: str
    why: str


@dataclass
class Plan:
    """What an import does: each row's outcome, the problems, and the records to write (new or
    changed, as they will be stored), in the order of the rows."""

    source: str
    kind: str
    columns: Columns
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    clients: dict[str, Client] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def changes(self) -> int:
        return len(self.clients) + len(self.people)


class _Bad(Exception):
    def __init__(self, column: str | None, value: str | None, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def _check(headers: Sequence[str], cols: Columns, cells: Sequence[str], name: str, check: Callable[[str], T]) -> T | None:
    """The value of a field's cell checked by `check`; None for an empty cell or no column."""
    text = cols.cell(cells, name)
    if not text:
        return None
    try:
        return check(text)
    except InputError as error:
        raise _Bad(headers[cols.at[name]], text, str(error)) from None


def _too_many(headers: Sequence[str], cells: Sequence[str]) -> None:
    extra = [c for c in cells[len(headers) :] if c.strip()]
    if extra:
        raise _Bad(
            None, None, f"{len(cells)} values for {len(headers)} columns: a value holding the separator must be in double quotes"
        )


class _Clients:
    """The clients an import sees: those stored and those it creates, found by CRM id or name."""

    def __init__(self, existing: Sequence[Client]) -> None:
        self.all: dict[str, Client] = {c.id: c for c in existing}

    def by_source(self, source_id: str) -> Client | None:
        return next((c for c in self.all.values() if c.source_id == source_id), None)

    def by_name(self, name: str, except_id: str | None = None) -> list[Client]:
        pool = [c for c in self.all.values() if c.id != except_id]
        exact = [c for c in pool if c.name.casefold() == name.casefold()]
        return exact or [c for c in pool if fold(c.name) == fold(name)]


def _money(currency: str) -> Callable[[int | None], str]:
    return lambda units: format_money(units, currency) if units is not None else "none"


def plan_clients(
    table: Table,
    cols: Columns,
    source: str,
    existing: Sequence[Client],
    today: date,
    new_id: Callable[[], str],
    currency: str = "€",
) -> Plan:
    """What importing an accounts export does, row by row, over the clients `existing`."""
    plan = Plan(source, "clients", cols)
    known = _Clients(existing)
    seen: dict[str, int] = {}  # client id -> the line that last wrote it
    money = _money(currency)
    for line, cells in table.rows:
        if not any(c.strip() for c in cells):
            plan.outcomes.append(Outcome(line, "", "skip", "empty row"))
            continue
        raw_name = cols.cell(cells, "name")
        try:
            _too_many(table.headers, cells)
            name = str(_check(table.headers, cols, cells, "name", clean_name) or "")
            if not name:
                raise _Bad(table.headers[cols.at["name"]], raw_name, "a client needs a name: this row has none")
            sid = _check(table.headers, cols, cells, "id", lambda t: clean_source_id(f"{source}:{t}"))
            revenue = _check(table.headers, cols, cells, "revenue", lambda t: parse_money(t, "revenue"))
            tier = _check(table.headers, cols, cells, "tier", parse_tier)
            cadence = _check(table.headers, cols, cells, "cadence", as_cadence)
            renewal = _check(table.headers, cols, cells, "renewal", lambda t: parse_day(t, today, "renewal date"))
            found = known.by_source(sid) if sid is not None else None
            by_id = found is not None
            if found is None:
                named = known.by_name(name)
                if len(named) > 1:
                    shown = ", ".join(repr(visible(c.name)) for c in named[:4])
                    raise _Bad(table.headers[cols.at["name"]], raw_name, f"matches {len(named)} clients ({shown}): rename one")
                if named:
                    found = named[0]
                    if sid is not None and found.source_id not in (None, sid):
                        raise _Bad(
                            table.headers[cols.at["id"]],
                            cols.cell(cells, "id"),
                            f"a client named {visible(found.name)!r} is already linked to {visible(found.source_id or '')}: "
                            "two CRM records can't be one client; rename one of them",
                        )
            elif found.name != name:
                clash = known.by_name(name, except_id=found.id)
                if clash:
                    raise _Bad(
                        table.headers[cols.at["name"]],
                        raw_name,
                        f"renaming {visible(found.name)!r} to it would make two clients named {visible(clash[0].name)!r}",
                    )
        except _Bad as bad:
            plan.problems.append(Problem(line, bad.column, bad.value, bad.message))
            plan.outcomes.append(Outcome(line, raw_name, "error", bad.message))
            continue
        if found is None:
            client = Client(
                id=new_id(),
                name=name,
                added=today,
                cadence=cadence or DEFAULT_CADENCE,
                tier=tier or "B",
                revenue=revenue,
                renewal=renewal,
                source_id=sid,
            )
            known.all[client.id] = client
            plan.clients[client.id] = client
            seen[client.id] = line
            bits = [f"tier {client.tier}", f"a value-add every {client.cadence.describe()}"]
            if client.revenue is not None:
                bits.append(f"{money(client.revenue)} a year")
            if client.renewal is not None:
                bits.append(f"renews {client.renewal.isoformat()}")
            if client.source_id:
                bits.append(client.source_id)
            plan.outcomes.append(Outcome(line, name, "create", "new client: " + ", ".join(bits)))
            continue
        changes: dict[str, Any] = {}
        said: list[str] = []
        if by_id and found.name != name:
            # The CRM renamed the account. Matched by name, the name is kept as stored: the
            # file may only spell it in another case or without its accents.
            changes["name"] = name
            said.append(f"renamed from {visible(found.name)!r}")
        if sid is not None and found.source_id != sid:
            changes["source_id"] = sid
            said.append(f"linked to {sid}")
        if revenue is not None and revenue != found.revenue:
            changes["revenue"] = revenue
            said.append(f"revenue {money(found.revenue)} to {money(revenue)}")
        if tier is not None and tier != found.tier:
            changes["tier"] = tier
            said.append(f"tier {found.tier} to {tier}")
        if cadence is not None and cadence != found.cadence:
            changes["cadence"] = cadence
            said.append(f"a value-add every {found.cadence.describe()} to every {cadence.describe()}")
        if renewal is not None and renewal != found.renewal:
            changes["renewal"] = renewal
            was = found.renewal.isoformat() if found.renewal else "none"
            said.append(f"renewal {was} to {renewal.isoformat()}")
        earlier = seen.get(found.id)
        if not changes:
            why = f"unchanged (as on line {earlier})" if earlier else "unchanged"
            plan.outcomes.append(Outcome(line, found.name, "skip", why))
            continue
        changed = replace(found, **changes)
        known.all[found.id] = changed
        plan.clients[found.id] = changed
        seen[found.id] = line
        plan.outcomes.append(Outcome(line, changed.name, "update", ", ".join(said)))
    return plan


def plan_people(
    table: Table,
    cols: Columns,
    source: str,
    existing: Sequence[Client],
    people_of: Callable[[str], Sequence[Person]],
    new_id: Callable[[], str],
) -> Plan:
    """What importing a contacts export does, row by row: each person goes to the client named
    in the row (by the CRM's account id or by name); a client that does not exist is a bad row."""
    plan = Plan(source, "people", cols)
    known = _Clients(existing)
    people: dict[str, list[Person]] = {}
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        if not any(c.strip() for c in cells):
            plan.outcomes.append(Outcome(line, "", "skip", "empty row"))
            continue
        full = cols.cell(cells, "name") or " ".join(
            p for p in (cols.cell(cells, "first-name"), cols.cell(cells, "last-name")) if p
        )
        name_column = next((n for n in ("name", "last-name", "first-name") if n in cols.at), "name")
        try:
            _too_many(table.headers, cells)
            try:
                name = clean_person(full)
            except InputError as error:
                raise _Bad(table.headers[cols.at[name_column]], full, str(error)) from None
            title = _check(table.headers, cols, cells, "title", lambda t: clean_line(t, "title", "title"))
            role = _check(table.headers, cols, cells, "role", lambda t: parse_role(t, ours=False)[0])
            client = _client_of(table.headers, cols, cells, source, known)
            if client.id not in people:
                people[client.id] = list(people_of(client.id))
            on_account = people[client.id]
            exact = [p for p in on_account if p.name.casefold() == name.casefold()]
            same = exact or [p for p in on_account if fold(p.name) == fold(name)]
            if len(same) > 1:
                raise _Bad(
                    table.headers[cols.at[name_column]], full, f"matches {len(same)} people on {visible(client.name)}'s account"
                )
            if same and same[0].ours:
                raise _Bad(
                    table.headers[cols.at[name_column]],
                    full,
                    f"{visible(same[0].name)!r} is in our account team on {visible(client.name)}'s account, "
                    "not among the client's people",
                )
        except _Bad as bad:
            plan.problems.append(Problem(line, bad.column, bad.value, bad.message))
            plan.outcomes.append(Outcome(line, full, "error", bad.message))
            continue
        if not same:
            person = Person(new_id(), client.id, name, str(role or "other"), str(title or ""), False)
            on_account.append(person)
            plan.people[person.id] = person
            seen[person.id] = line
            about = f", {person.title}" if person.title else ""
            plan.outcomes.append(Outcome(line, name, "create", f"new person on {client.name}'s account{about} ({person.role})"))
            continue
        found = same[0]
        changes: dict[str, Any] = {}
        if title is not None and found.title != title:
            changes["title"] = str(title)
        if role is not None and found.role != role:
            changes["role"] = str(role)
        if not changes:
            earlier = seen.get(found.id)
            why = f"unchanged (as on line {earlier})" if earlier else "unchanged"
            plan.outcomes.append(Outcome(line, found.name, "skip", f"{why}, on {client.name}'s account"))
            continue
        changed = found._replace(**changes)
        on_account[on_account.index(found)] = changed
        plan.people[found.id] = changed
        seen[found.id] = line
        said = ", ".join(f"{k} {getattr(found, k) or 'none'} to {v}" for k, v in changes.items())
        plan.outcomes.append(Outcome(line, found.name, "update", f"{said}, on {client.name}'s account"))
    return plan


def _client_of(headers: Sequence[str], cols: Columns, cells: Sequence[str], source: str, known: _Clients) -> Client:
    """The client a contact row names, by the CRM's account id, else by name."""
    raw_id = cols.cell(cells, "client-id")
    if raw_id:
        found = known.by_source(f"{source}:{raw_id}")
        if found is not None:
            return found
    typed = cols.cell(cells, "client")
    if typed:
        named = known.by_name(typed)
        if len(named) == 1:
            return named[0]
        if named:
            shown = ", ".join(repr(visible(c.name)) for c in named[:4])
            raise _Bad(headers[cols.at["client"]], typed, f"matches {len(named)} clients ({shown})")
        raise _Bad(
            headers[cols.at["client"]],
            typed,
            "no client of that name: import the accounts export first, or add it with `coach client add NAME`",
        )
    if raw_id:
        raise _Bad(headers[cols.at["client-id"]], raw_id, f"no client was imported with the id {source}:{raw_id}")
    column = "client" if "client" in cols.at else "client-id"
    raise _Bad(headers[cols.at[column]], "", "a person needs a client: this row names none")


__all__ = [
    "KINDS",
    "SOURCES",
    "FIELDS",
    "ALIASES",
    "DELIMITER_NAMES",
    "key",
    "decode",
    "sniff_delimiter",
    "Table",
    "read_table",
    "detect_source",
    "detect_kind",
    "parse_maps",
    "find_columns",
    "Columns",
    "Problem",
    "Outcome",
    "Plan",
    "plan_clients",
    "plan_people",
]
