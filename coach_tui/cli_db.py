"""The team database from the shell: `coach db upgrade [--db URL]`, `coach db import DIR`
(cli_db_import.py), and `coach config backend [postgresql://... | folder]` (which store every
command and the app open).

`db upgrade` brings the database (`--db`, else `$COACH_DB`, else the one `coach config backend`
saved) to this coach's schema, in one transaction, and says what it did (`schema 0 → 1`), or
that there was nothing to do; a database upgraded by a newer coach is refused. A connection
string is printed with its password hidden. The use cases are `services.database`'s; this
module only reads arguments and prints. `cli.py` and `cli_parser.py` list it beside their own
(`DB_SUBCOMMANDS`, `DB_COMMANDS`). Nothing heavy is imported at the top.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cli_account import _shared
from .domain.errors import InputError

if TYPE_CHECKING:
    import argparse


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _db_args(parser: argparse.ArgumentParser) -> None:
    from .cli_db_import import add_import_parser

    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser), required=True)
    what = "create or upgrade the team database's tables to this coach's schema (--db URL, else $COACH_DB)"
    _shared["common"](actions.add_parser("upgrade", help=what, description=what), False)
    add_import_parser(actions)


DB_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "db": ("the team database: create or upgrade its tables, import a data folder into it", _db_args)
}


def cmd_db(args: argparse.Namespace) -> int:
    if args.action == "import":  # a data folder copied into the store coach uses (cli_db_import.py)
        from .cli_account import _coach
        from .cli_db_import import run_import

        return run_import(args, _coach(args))
    return _upgrade(args)


def _upgrade(args: argparse.Namespace) -> int:
    from .services.database import choose_backend, upgrade
    from .textsafe import visible

    if getattr(args, "demo", False):
        raise InputError("coach db works on a team database, not on the demo portfolio", "db")
    backend = choose_backend(getattr(args, "data", None), getattr(args, "db", None))
    if backend.dsn is None:
        raise InputError(
            "no team database chosen: give --db postgresql://USER@HOST:PORT/DATABASE, set $COACH_DB, "
            "or run `coach config backend postgresql://...`",
            "db",
        )
    done = upgrade(backend.dsn)
    where = visible(backend.shown)
    if done.applied:
        out(f"upgraded {where}: schema {done.before} → {done.after} ({', '.join(done.applied)})")
    else:
        out(f"{where} is at schema {done.after}, this coach's: nothing to do")
    return 0


def config_backend(args: argparse.Namespace) -> int:
    """`coach config backend [VALUE]`: show the store every command opens, or choose it."""
    from .services.database import choose_backend, save_backend
    from .textsafe import json_text, visible

    if args.value is not None:
        saved = save_backend(args.value)
        backend = choose_backend(getattr(args, "data", None), getattr(args, "db", None))
        if not args.json:
            if saved.dsn is not None:
                out(f"coach now opens the team database {visible(saved.shown)}")
            else:
                out(f"coach now opens the data folder {visible(saved.shown)}")
            if backend.chosen_by not in ("coach config backend", "default"):
                out(f"(this time {backend.chosen_by} chooses {visible(backend.shown)})")
    else:
        backend = choose_backend(getattr(args, "data", None), getattr(args, "db", None))
        if not args.json:
            kind = "postgresql" if backend.dsn is not None else "folder"
            out(f"{kind}  {visible(backend.shown)}  (from {backend.chosen_by})")
    if args.json:
        out(
            json_text(
                {
                    "backend": "postgresql" if backend.dsn is not None else "folder",
                    "store": backend.shown,
                    "chosen_by": backend.chosen_by,
                }
            )
        )
    return 0


DB_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"db": cmd_db}


__all__ = ["DB_SUBCOMMANDS", "DB_COMMANDS", "cmd_db", "config_backend"]
