"""Moving in from the shell: `coach db import DIR [--dry-run] [--replace] [--json]` copies a
coach data folder into the store coach uses (the use case: `services.db_import`).

`add_import_parser(subparsers)` declares the action under the `db` command group and
`run_import(args, coach)` runs it (cli_db.py holds the group). DIR is
checked before anything is read (`services.db_import.import_folder`): it must be a folder
holding a coach.json, and not the data folder it would go into. Nothing heavy is imported at
the top: cli_db.py imports this module whenever the parser declares the `db` group.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .cli_account import _shared
from .textsafe import visible

if TYPE_CHECKING:
    import argparse

    from .services import Coach
    from .services.db_import import Moved


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def add_import_parser(subparsers: Any) -> argparse.ArgumentParser:
    """`import` under the `db` command's actions (`subparsers`, as `add_subparsers` gives)."""
    what = "copy a coach data folder into this store: every client and the weekly coaching, all or nothing, one undoable change"
    parser: argparse.ArgumentParser = subparsers.add_parser("import", help=what, description=what)
    _shared["common"](parser, False)  # --data and --demo, like every command
    parser.add_argument("dir", metavar="DIR", help="the data folder to copy (it holds coach.json)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be imported; write nothing")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="where a client (or a week's entry, or a setting) is held otherwise here, replace it with DIR's copy",
    )
    parser.add_argument(
        "--json", action="store_true", help="print what was imported, table by table, as JSON (keys in the README)"
    )
    return parser


def _said(moved: Moved) -> list[str]:
    """A line for each table the source holds records of (or the target lost some of)."""
    lines = []
    for table, counts in moved.counts.items():
        if counts.added or counts.updated or counts.unchanged or counts.removed:
            lines.append(f"  {table.replace('_', ' ')}: {counts.words()}")
    if moved.settings:
        lines.append(f"  settings: {', '.join(moved.settings)} set (an undo leaves settings as they are)")
    return lines


def _notice(line: str) -> None:
    """What the source's store did by itself as it was read: a line on stderr, as cli.py's."""
    sys.stderr.write(f"coach: {visible(line)}\n")


def run_import(args: argparse.Namespace, coach: Coach) -> int:
    from .services.db_import import import_folder

    root = getattr(coach.repo, "root", None)
    into = visible(str(root)) if root is not None else "the database"
    moved = import_folder(args.dir, coach.repo, into, replace=args.replace, dry_run=args.dry_run, notice=_notice)
    if args.json:
        from .textsafe import json_text

        out(json_text(moved.to_json()))
        return 0
    shown = visible(args.dir)
    clients = f"{moved.clients} client{'s' if moved.clients != 1 else ''}"
    if not moved.changed:
        out(f"nothing to import: {into} already holds everything in {shown} ({clients})")
        return 0
    if args.dry_run:
        out(f"would import {clients} from {shown} into {into} (--dry-run: nothing was written):")
    else:
        undo = " (coach undo takes it back)" if moved.undoable else ""
        out(f"imported {clients} from {shown} into {into}{undo}:")
    for line in _said(moved):
        out(line)
    if moved.replaced:
        names = ", ".join(repr(visible(name)) for name in moved.replaced)
        out(f"  {'would replace' if args.dry_run else 'replaced'}: {names}")
    return 0


__all__ = ["add_import_parser", "run_import"]
