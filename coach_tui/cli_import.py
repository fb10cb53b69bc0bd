"""Importing from the shell: `coach import csv FILE [--dry-run] [--map COLUMN=FIELD ...]
[--what clients|people]`.

Reads an account or contact export of Salesforce, HubSpot, Pipedrive, or a plain sheet with a
header row (the rules: `domain.crm_csv`; the import: `services.csv_import`). This module reads
the file's bytes and prints: each row's line, name, action and why, then what was done. A bad
row prints one line each (line, column, value, what is accepted) on stderr, nothing is
written and the exit is 2. Runs like every command: never Textual, never a traceback; what
the file holds is printed through `visible()`. `cli.py` and `cli_parser.py` list it beside
their own (`IMPORT_SUBCOMMANDS`, `IMPORT_COMMANDS`). Nothing heavy is imported at the top.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cli_account import _coach, _sub
from .cli_exchange import declare_json, import_json

if TYPE_CHECKING:
    import argparse

    from .domain.crm_csv import Plan
    from .services import Coach
    from .services.csv_import import Reading


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def declare_csv(add_action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """`import csv` under an `import` command (`add_action` adds one action, as `_sub` gives)."""
    csv = add_action("csv", "import clients or their people from a CRM's CSV export (Salesforce, HubSpot, Pipedrive, a sheet)")
    csv.add_argument("file", metavar="FILE", help="the CSV file: UTF-8 (with or without a BOM) or Windows-1252, , or ; separated")
    csv.add_argument("--dry-run", action="store_true", help="print what would be created, updated and skipped; write nothing")
    csv.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read COLUMN as FIELD (clients: name, id, revenue, tier, cadence, renewal; people: name, first-name, last-name, "
        "title, role, client, client-id; either: ignore)",
    )
    csv.add_argument(
        "--what", choices=("clients", "people"), help="what the rows are (default: told from the columns: contacts are people)"
    )
    csv.add_argument("--json", action="store_true", help="print what was read and each row's action as JSON (keys in the README)")


def _import_args(parser: argparse.ArgumentParser) -> None:
    add = _sub(parser, "format")
    declare_csv(add)
    declare_json(add)  # a whole portfolio from `coach export json` (cli_exchange.py)


IMPORT_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "import": ("import clients and people from a CRM's CSV export, or a whole portfolio from coach export json", _import_args)
}


def _plural(n: int, word: str) -> str:
    if word == "person":
        return f"{n} {'person' if n == 1 else 'people'}"
    return f"{n} {word}{'' if n == 1 else 's'}"


def _rows(plan: Plan) -> None:
    from .textsafe import visible

    for o in plan.outcomes:
        name = f" {visible(o.name)}" if o.name else ""
        out(f"line {o.line}: {o.action}{name}: {visible(o.why)}")


def _tally(plan: Plan, dry: bool) -> str:
    noun = "client" if plan.kind == "clients" else "person"
    created, updated, skipped = plan.count("create"), plan.count("update"), plan.count("skip")
    if dry:
        return f"create {_plural(created, noun)}, update {updated}, skip {skipped}"
    return f"created {_plural(created, noun)}, updated {updated}, skipped {skipped}"


def cmd_import_csv(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .domain.crm_csv import DELIMITER_NAMES, SOURCES, decode
    from .domain.errors import InputError
    from .services.csv_import import ImportRefused, read
    from .textsafe import visible

    path = Path(args.file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"can't read {visible(str(path))}: {error.strerror or error}", "file") from None
    text, encoding = decode(data)
    reading = read(text, args.what, args.map)
    coach = _coach(args)
    if args.json:
        return _import_csv_json(coach, args, str(path), encoding, reading)
    source = SOURCES[reading.source]
    out(
        f"{visible(str(path))}: {reading.kind} from {source} "
        f"({encoding}, {DELIMITER_NAMES[reading.table.delimiter]}-separated, {_plural(len(reading.table.rows), 'row')})"
    )
    cols = reading.columns
    out("columns: " + ", ".join(f"{visible(reading.table.headers[i])!r} as {name}" for name, i in cols.at.items()))
    if cols.ignored:
        out("not imported: " + ", ".join(repr(visible(h)) for h in cols.ignored))
    if not reading.table.rows:
        out("no rows under the header: nothing to import")
        return 0
    if args.dry_run:
        plan = coach.csv_import.preview(reading)
        _rows(plan)
        if plan.problems:
            _problems(path, plan)
            _refuse_dry_run(plan)
        out(f"dry run: would {_tally(plan, True)}; nothing written")
        return 0
    try:
        plan = coach.csv_import.run(reading)
    except ImportRefused as refused:
        _problems(path, refused.plan)
        raise
    _rows(plan)
    if not plan.changes:
        out(f"nothing to change: every row is as stored ({_tally(plan, False)})")
    else:
        out(f"imported: {_tally(plan, False)} (one change: `coach undo` takes it all back)")
    return 0


def _refuse_dry_run(plan: Plan) -> None:
    from .domain.errors import InputError

    n = len(plan.problems)
    them = "they are" if n != 1 else "it is"
    raise InputError(f"dry run: {_plural(n, 'bad row')}; an import would write nothing until {them} fixed")


def _import_csv_json(coach: Coach, args: argparse.Namespace, path: str, encoding: str, reading: Reading) -> int:
    """`coach import csv --json`: what was read, each row's action, and the tally, as one JSON
    document; bad rows are one line each on stderr, as without --json, and nothing is printed."""
    from .domain.crm_csv import DELIMITER_NAMES
    from .services.csv_import import ImportRefused
    from .textsafe import json_text

    plan = None
    if reading.table.rows:
        try:
            plan = coach.csv_import.preview(reading) if args.dry_run else coach.csv_import.run(reading)
        except ImportRefused as refused:
            _problems(path, refused.plan)
            raise
        if plan.problems:  # a dry run's bad rows
            _problems(path, plan)
            _refuse_dry_run(plan)
    headers = reading.table.headers
    outcomes = [] if plan is None else plan.outcomes
    data = {
        "file": path,
        "kind": reading.kind,
        "source": reading.source,
        "encoding": encoding,
        "separator": DELIMITER_NAMES[reading.table.delimiter],
        "rows": len(reading.table.rows),
        "columns": {name: headers[i] for name, i in reading.columns.at.items()},
        "ignored": list(reading.columns.ignored),
        "dry_run": bool(args.dry_run),
        "outcomes": [{"line": o.line, "action": o.action, "name": o.name, "why": o.why} for o in outcomes],
        "created": sum(1 for o in outcomes if o.action == "create"),
        "updated": sum(1 for o in outcomes if o.action == "update"),
        "skipped": sum(1 for o in outcomes if o.action == "skip"),
    }
    out(json_text(data))
    return 0


def _problems(path: object, plan: Plan) -> None:
    """One line on stderr for each bad row."""
    from .textsafe import visible

    for problem in plan.problems:
        sys.stderr.write(f"coach: {visible(str(path))} {visible(str(problem))}\n")


def cmd_import(args: argparse.Namespace) -> int:
    return import_json(args) if args.format == "json" else cmd_import_csv(args)


IMPORT_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"import": cmd_import}

__all__ = ["IMPORT_SUBCOMMANDS", "IMPORT_COMMANDS", "declare_csv", "cmd_import_csv"]
