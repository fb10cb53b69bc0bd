"""Data in and out from the shell: `coach export csv`, `coach export json` and `coach import
json` (the use cases are `services.exchange`; this module reads arguments and writes files).

`coach export` is declared in cli_parser.py (its `ics` is cli.py's): `export_options` adds the
options of the formats here and `EXPORT_COMMANDS` runs them. `coach import` is cli_import.py's:
`declare_json` adds its `json` action beside `csv`, and `import_json` runs it.

Files are written whole or not at all (a temp file beside the target, then renamed), and a
file that exists is never replaced without `--force`. Nothing heavy is imported at the top:
the parser (cli_parser.py) imports this module for every command it reads.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cli_account import _coach
from .domain.errors import InputError
from .textsafe import visible

if TYPE_CHECKING:
    import argparse

CSV_TABLES = ("clients", "deliveries", "cards", "people", "opportunities")  # as services.exchange.CSV_TABLES


# -- declaring the arguments -----------------------------------------------------------------


def export_options(export: argparse.ArgumentParser) -> None:
    """`coach export`'s options for csv (ics and json take none of their own)."""
    export.add_argument(
        "--what", dest="table", choices=CSV_TABLES, metavar="TABLE", help="csv: the table to export: " + ", ".join(CSV_TABLES)
    )


def declare_json(add_action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """`import json` under the `import` command (`add_action` adds one action, as `_sub` gives)."""
    parser = add_action("json", "the whole portfolio from `coach export json` (all or nothing, one undoable change)")
    parser.add_argument("file", metavar="FILE", help="a file `coach export json` wrote")
    parser.add_argument(
        "--merge", action="store_true", help="import into a folder that holds data: records are matched by id, added or updated"
    )
    parser.add_argument(
        "--json", action="store_true", help="print what was imported, table by table, as JSON (keys in the README)"
    )


# -- writing files ---------------------------------------------------------------------------


def write_atomic(path: str, data: bytes, force: bool) -> None:
    """Write `data` to `path` whole or not at all: a temp file beside it, then renamed into
    place. An existing file is refused unless `force` (and a file that appears meanwhile is
    not replaced: the temp file is linked to the name, which fails if the name is taken)."""
    import tempfile
    from pathlib import Path

    target = Path(path).expanduser()
    refused = InputError(f"{visible(str(target))} already exists; use --force to overwrite it", "output")
    if target.is_dir():
        raise InputError(f"{visible(str(target))} is a folder: name a file to write", "output")
    if not force and os.path.lexists(target):
        raise refused
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temp, target)
            return
        try:
            os.link(temp, target)
        except FileExistsError:
            raise refused from None
        except OSError:  # a file system without hard links: the name was free a moment ago
            if os.path.lexists(target):
                raise refused from None
            os.replace(temp, target)
    finally:
        if os.path.lexists(temp):
            os.unlink(temp)


def _emit(args: argparse.Namespace, data: bytes, said: str) -> int:
    if args.output:
        write_atomic(args.output, data, args.force)
        sys.stderr.write(f"wrote {said} to {visible(args.output)}\n")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


# -- the commands ----------------------------------------------------------------------------


def export_csv(args: argparse.Namespace) -> int:
    import csv
    import io

    if not args.table:
        raise InputError(f"coach export csv needs --what: one of {', '.join(CSV_TABLES)}", "what")
    header, rows = _coach(args).exchange.table_rows(args.table)
    text = io.StringIO(newline="")
    writer = csv.writer(text)  # RFC 4180: CRLF line ends, fields quoted when they need it
    writer.writerow(header)
    writer.writerows([inert(cell) for cell in row] for row in rows)
    said = f"the {args.table} table ({len(rows)} row{'s' if len(rows) != 1 else ''})"
    # A file gets a byte-order mark, which spreadsheets need to read UTF-8 as such (accents,
    # €); what goes to a pipe does not, for the tools that read it.
    encoding = "utf-8-sig" if args.output else "utf-8"
    return _emit(args, text.getvalue().encode(encoding), said)


# What a spreadsheet takes for the start of a formula in a cell it opens.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs: user text starting like a formula
    (`=HYPERLINK(...)`, `@SUM(...)`) gets a leading apostrophe, as OWASP advises for CSV
    exports; numbers (-12.5) are left as they are."""
    if cell.startswith(FORMULA_STARTS):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def export_json(args: argparse.Namespace) -> int:
    return _emit(args, _coach(args).exchange.portfolio_json(), "the whole portfolio")


EXPORT_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"csv": export_csv, "json": export_json}


def import_json(args: argparse.Namespace) -> int:
    from pathlib import Path

    path = Path(args.file).expanduser()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no file {visible(str(path))} to import", "file") from None
    except IsADirectoryError:
        raise InputError(f"{visible(str(path))} is a folder: name a file `coach export json` wrote", "file") from None
    done = _coach(args).exchange.import_json(raw, str(args.file), merge=args.merge)
    if args.json:
        from .textsafe import json_text

        tables = {table: {"added": c.added, "updated": c.updated, "unchanged": c.unchanged} for table, c in done.counts.items()}
        data = {"file": str(args.file), "changed": done.changed, "tables": tables, "settings_changed": done.settings_changed}
        print(json_text(data))
        return 0
    if not done.changed:
        print(f"nothing to import: the data folder already holds every record of {visible(args.file)}")
        return 0
    print(f"imported {visible(args.file)} (coach undo takes it back):")
    for table, counts in done.counts.items():
        if counts.added or counts.updated or counts.unchanged:
            print(f"  {table.replace('_', ' ')}: {counts.words()}")
    if done.settings_changed:
        print("  settings: updated")
    return 0


__all__ = ["EXPORT_COMMANDS", "export_options", "declare_json", "import_json", "write_atomic"]
