"""Importing clients and people from a CRM's CSV export (`coach import csv`).

The rules (which column is what, what each row does) are the domain's (`domain.crm_csv`);
here they are run over the portfolio as stored. A preview reads and writes nothing. An import
is all or nothing: the rows are planned again in one transaction, under the store's lock, over
the data as it is then; if any row is bad nothing is written, otherwise every new and changed
client and person is written at once: one change in the undo journal ("added client Acme
(and 11 more)"), which `coach undo` takes back whole. An import that changes nothing opens no
transaction and writes nothing.

`read_file` and `CsvImport.preview_file` do the same from a file's path, for the TUI's
"Import from CSV" (the CLI reads the file itself, to print as it goes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.crm_csv import (
    KINDS,
    Columns,
    Plan,
    Table,
    decode,
    detect_kind,
    detect_source,
    find_columns,
    parse_maps,
    plan_clients,
    plan_people,
    read_table,
)
from ..domain.errors import InputError
from ..domain.money import DEFAULT_CURRENCY
from ..textsafe import visible
from .base import UseCases, new_id

if TYPE_CHECKING:
    from ..domain.account import Person
    from ..domain.models import Client


class ImportRefused(InputError):
    """An import with bad rows: nothing was written. `plan` holds every problem."""

    def __init__(self, plan: Plan) -> None:
        n = len(plan.problems)
        rows, them = ("rows", "them") if n != 1 else ("row", "it")
        super().__init__(f"nothing imported: {n} bad {rows} (fix {them} and import again)")
        self.plan = plan


@dataclass(frozen=True)
class Reading:
    """A file as the import reads it: its table, which CRM wrote it, what its rows are, and
    which column holds what."""

    table: Table
    source: str
    kind: str
    columns: Columns


def read(text: str, what: str | None = None, maps: Sequence[str] = ()) -> Reading:
    """The table of a CSV text and how its columns are read; InputError when it can't be."""
    if what is not None and what not in KINDS:
        raise InputError(f"--what {visible(what)!r}: use clients or people", "what")
    table = read_table(text)
    pairs = parse_maps(maps)
    kind = what or detect_kind(table.headers, pairs)
    return Reading(table, detect_source(table.headers), kind, find_columns(table.headers, kind, pairs))


@dataclass(frozen=True)
class FileReading:
    """A CSV file read for an import: its path (`~` expanded), the encoding its bytes were
    read in, and how its rows are read."""

    path: Path
    encoding: str
    reading: Reading


def read_file(path: str | Path, what: str | None = None, maps: Sequence[str] = ()) -> FileReading:
    """The file at `path` read as `read` reads a text; InputError (about `file`) when it can't
    be read (missing, a folder, not allowed) or is no CSV text, as `coach import csv` says it."""
    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"can't read {visible(str(path))}: {error.strerror or error}", "file") from None
    text, encoding = decode(data)
    return FileReading(path, encoding, read(text, what, maps))


@dataclass(frozen=True)
class FilePreview:
    """What importing a file would do: the file as read, and the plan of its rows."""

    file: FileReading
    plan: Plan


class CsvImport(UseCases):
    """Previewing and running an import of a CRM's CSV export."""

    def _plan(
        self, reading: Reading, clients: Sequence[Client], people_of: Callable[[str], Sequence[Person]], currency: str
    ) -> Plan:
        if reading.kind == "clients":
            return plan_clients(reading.table, reading.columns, reading.source, clients, self.today(), new_id, currency)
        return plan_people(reading.table, reading.columns, reading.source, clients, people_of, new_id)

    def preview(self, reading: Reading) -> Plan:
        """What the import would do, row by row; nothing is written."""
        snapshot = self.repo.read()
        clients = [e.client for e in snapshot.entries]
        currency = str(snapshot.settings.get("currency", DEFAULT_CURRENCY))
        return self._plan(reading, clients, lambda cid: self.repo.read_client(cid).people, currency)

    def preview_file(self, path: str | Path, what: str | None = None, maps: Sequence[str] = ()) -> FilePreview:
        """Read the file at `path` (see `read_file`) and preview its import; nothing is written."""
        file = read_file(path, what, maps)
        return FilePreview(file, self.preview(file.reading))

    def run(self, reading: Reading) -> Plan:
        """Import: every row, or (ImportRefused, naming each bad row) nothing."""
        plan = self.preview(reading)
        if plan.problems:
            raise ImportRefused(plan)
        if not plan.changes:
            return plan
        with self.repo.transaction() as txn:
            snapshot = txn.snapshot()
            clients = [e.client for e in snapshot.entries]
            currency = str(snapshot.settings.get("currency", DEFAULT_CURRENCY))
            # Planned again under the lock: what changed since the preview is seen.
            plan = self._plan(reading, clients, lambda cid: txn.history(cid).people, currency)
            if plan.problems:
                raise ImportRefused(plan)
            for client in plan.clients.values():
                txn.put_client(client)
            for person in plan.people.values():
                txn.put_person(person)
        return plan


__all__ = ["CsvImport", "FilePreview", "FileReading", "ImportRefused", "Reading", "read", "read_file"]
