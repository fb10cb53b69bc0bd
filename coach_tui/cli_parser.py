"""The `coach` command line as argparse declares it: every subcommand, its arguments, its help.

`cli.py` imports this module only when it needs it: the plain forms of the commands a shell
script or a cron job runs most (`coach log`, `coach status`) are read without argparse, whose
import and parser building cost more than those commands' own work. Everything else (help,
errors, every other command) is parsed here, and a parser is built in full only for the
command named.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .cli_account import ACCOUNT_SUBCOMMANDS, connect
from .cli_db import DB_SUBCOMMANDS
from .cli_delivery import DELIVERY_SUBCOMMANDS
from .cli_exchange import export_options
from .cli_import import IMPORT_SUBCOMMANDS
from .cli_serve import SERVE_SUBCOMMANDS
from .cli_team import TEAM_SUBCOMMANDS
from .domain.errors import InputError


class UsageError(InputError):
    """Bad usage: one line, exit 2, like bad input."""


class Parser(argparse.ArgumentParser):
    """argparse, but errors are one line and never print the usage block, and a mistyped
    command or action is answered with the closest ones ("did you mean log?")."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{closest_choice(message) or message} (see `{self.prog} --help`)")


_INVALID_CHOICE = re.compile(r"argument (\S+): invalid choice: '(.*?)' \(choose from (.*)\)$")


def closest_choice(message: str) -> str | None:
    """argparse's "invalid choice" message, said the way a person would: what was typed,
    and the closest choices if any are close ("did you mean log?"), else every choice."""
    found = _INVALID_CHOICE.search(message)
    if found is None:
        return None
    from difflib import get_close_matches

    what, typed, listed = found.groups()
    choices = [c.strip().strip("'") for c in listed.split(",")]
    # A metavar (COMMAND, ACTION, SHELL) names the kind of word; an option names itself.
    unknown = f"unknown {what.lower()} {typed!r}" if what.isupper() else f"{what}: unknown value {typed!r}"
    near = get_close_matches(typed, choices, n=3, cutoff=0.6) or [c for c in choices if c.startswith(typed[:1])][:3]
    if near:
        return f"{unknown}: did you mean {' or '.join(near)}?"
    return f"{unknown}: use one of {', '.join(choices)}"


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    # On subcommands the defaults are SUPPRESS so `coach --demo log ...` and
    # `coach log ... --demo` both work without one overriding the other.
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data", metavar="PATH", default=default, help="data folder (default: $COACH_DATA, else the user data dir)"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="a team database, postgresql://USER@HOST:PORT/DATABASE (default: $COACH_DB, else `coach config backend`)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="work on a fresh temporary copy of the bundled demo portfolio (your data is not touched)",
    )


def _log_args(log: argparse.ArgumentParser) -> None:
    log.add_argument("client", help="client name: a unique prefix or part of it, any case")
    log.add_argument("summary", help="what was delivered")
    log.add_argument("--kind", default="idea", help="idea, thinking, industry, strategy (value-adds) or service (default: idea)")
    log.add_argument(
        "--date", default="today", metavar="WHEN", help="today, yesterday, 3d ago, 2w ago, mon, 2026-11-20, 20 Nov 2026"
    )
    log.add_argument("--need", metavar="TEXT", help="the client need it answers (a recorded need, or a new one)")
    log.add_argument("--told", action="store_true", help="the client has already been told (no Steward card)")
    log.add_argument(
        "--card", metavar="CARD", help="log an open Steward card not logged yet (id or part of its title): it becomes its card"
    )
    _json(log)


def _json(parser: argparse.ArgumentParser, what: str = "") -> None:
    """`--json`: the command's result as one JSON document on stdout (keys in the README)."""
    parser.add_argument("--json", action="store_true", help=f"print {what or 'the result'} as JSON (keys in the README)")


def _client_args(client: argparse.ArgumentParser) -> None:
    csub = client.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)

    def ccmd(name: str, help: str) -> argparse.ArgumentParser:
        sp = csub.add_parser(name, help=help, description=help)
        _common(sp, top=False)
        return sp

    add = ccmd("add", "add a client")
    add.add_argument("name")
    add.add_argument("--cadence", default="14d", help="target value-add rhythm: 10d, 2w, 1m (default 14d)")
    add.add_argument("--tier", default="B", help="A, B or C (default B)")
    add.add_argument("--sponsor", default="", metavar="NAME", help="our executive sponsor for the client (one of our people)")
    add.add_argument("--revenue", metavar="AMOUNT", help="annual revenue with us: 1.2m, 950k, 95,000")
    add.add_argument("--renewal", metavar="WHEN", help="the contract's renewal date: 2027-03-31, 31 Mar 2027, in 4m")
    _json(add, "the client added")
    lst = ccmd("list", "list clients")
    lst.add_argument("--all", action="store_true", help="include archived clients")
    lst.add_argument("--json", action="store_true", help="print JSON")
    edit = ccmd("edit", "edit a client")
    edit.add_argument("client")
    edit.add_argument("--name")
    edit.add_argument("--cadence")
    edit.add_argument("--tier")
    edit.add_argument("--revenue", metavar="AMOUNT", help='annual revenue with us: 1.2m, 950k, 95,000 ("" clears it)')
    edit.add_argument("--renewal", metavar="WHEN", help='the renewal date: 2027-03-31, 31 Mar 2027, in 4m ("" clears it)')
    edit.add_argument("--unarchive", action="store_true", help="bring an archived client back")
    _json(edit, "the client as updated")
    arch = ccmd("archive", "archive a client (kept, hidden from the review)")
    arch.add_argument("client")
    _json(arch, "the client archived")
    unarch = ccmd("unarchive", "bring an archived client back to the review")
    unarch.add_argument("client")
    _json(unarch, "the client")


def _card_args(card: argparse.ArgumentParser) -> None:
    ksub = card.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)

    def kcmd(name: str, help: str) -> argparse.ArgumentParser:
        sp = ksub.add_parser(name, help=help, description=help)
        _common(sp, top=False)
        sp.add_argument("client")
        return sp

    kadd = kcmd("add", "add a card")
    kadd.add_argument("title")
    kadd.add_argument("--column", default="understand", help="understand, plan, deliver or steward (default understand)")
    kadd.add_argument("--notes", default="")
    kadd.add_argument("--need", metavar="TEXT", help="the need (Understand card) it answers")
    _json(kadd, "the card added")
    kmove = kcmd("move", "move a card one column, or to a column")
    kmove.add_argument("card", help="card id or part of its title")
    where = kmove.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="COLUMN")
    where.add_argument("--forward", action="store_true")
    where.add_argument("--back", action="store_true")
    kmove.add_argument(
        "--log",
        metavar="KIND",
        help="moving into Steward, log it as a delivery too: idea, thinking, industry, strategy or service",
    )
    kmove.add_argument("--on", "--date", dest="on", metavar="WHEN", help="with --log: the day it was delivered (default today)")
    kmove.add_argument("--summary", metavar="TEXT", help="with --log: what was delivered (default: the card's title)")
    _json(kmove, "the card moved (and the delivery logged)")
    ktell = kcmd("tell", "mark a Steward card told (closes it)")
    ktell.add_argument("card", help="card id or part of its title")
    _json(ktell, "the card told")
    klist = kcmd("list", "list a client's open cards")
    klist.add_argument("--json", action="store_true")


def _status_args(status: argparse.ArgumentParser) -> None:
    status.add_argument("--json", action="store_true", help="print JSON (shape in the README)")
    status.add_argument(
        "--portfolio", metavar="ROLE", help="the agenda of ROLE, a manager on a team you lead, read-only (a team database only)"
    )


def _no_args(parser: argparse.ArgumentParser) -> None:
    pass


def _report_args(report: argparse.ArgumentParser) -> None:
    report.add_argument("client", help="client name: a unique prefix or part of it, any case")
    report.add_argument(
        "--since", default="90d", metavar="WHEN", help="start of the period: 90d, 12w, 3m back, or a date (default 90d)"
    )
    report.add_argument("--format", default="md", choices=("md", "txt"), help="md (Markdown, the default) or txt (plain text)")
    report.add_argument("--output", metavar="FILE", help="write to FILE instead of printing it")
    report.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    report.add_argument("--mark-told", action="store_true", help="mark the report's untold Steward cards told (you have sent it)")
    _json(report, "the report's data (its groups and items) instead of its text")


def _export_args(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "what",
        choices=("ics", "csv", "json"),
        metavar="FORMAT",
        help="ics: each active client's next value-add as an all-day calendar event; "
        "csv: one table (--what) for a spreadsheet; json: the whole portfolio, to back up or move (coach import json)",
    )
    export_options(export)  # csv's --what (cli_exchange.py)
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of printing it")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export.add_argument(
        "--remind",
        metavar="WHEN",
        help="ics: each event's reminder: a time on the day (09:00, the default), days before (2d), both (1d@08:30), or none",
    )


def _config_args(config: argparse.ArgumentParser) -> None:
    config.add_argument(
        "setting",
        nargs="?",
        choices=("week-start", "currency", "backend"),
        metavar="SETTING",
        help="week-start: the day your week begins (the weekly coaching opens on the first launch after it); "
        "currency: the one currency amounts are shown in; "
        "backend: the store every command opens, a team database (postgresql://...) or the data folder (folder)",
    )
    config.add_argument(
        "value",
        nargs="?",
        help="week-start: a weekday, monday (the default) ... sunday; currency: a symbol like € or a code like EUR; "
        "backend: postgresql://USER@HOST:PORT/DATABASE or folder",
    )
    _json(config, "every setting (after the change, when one is set)")


def _check_args(check: argparse.ArgumentParser) -> None:
    check.add_argument("--json", action="store_true", help="print JSON (shape in the README)")


def _restore_args(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("file", nargs="?", help="the file to restore (default: every file that can't be read)")
    restore.add_argument("--list", action="store_true", help="list backups instead")
    _json(restore, "the files and their backups (--list), or what was restored,")


def _search_args(search: argparse.ArgumentParser) -> None:
    search.add_argument(
        "text",
        nargs="+",
        help=(
            "words to find in any client's text (any case, accents or not); "
            "status:overdue|due|ok|new|archived and tier:A|B|C filter"
        ),
    )
    search.add_argument("--json", action="store_true", help="print JSON (keys in the README)")


def _completion_args(completion: argparse.ArgumentParser) -> None:
    completion.add_argument("shell", nargs="?", choices=("bash", "zsh", "fish"), metavar="SHELL", help="bash, zsh or fish")
    # What the scripts ask: the active clients' names that start with what is typed.
    completion.add_argument("--names", nargs="?", const="", metavar="TYPED", help=argparse.SUPPRESS)


def _undo_args(undo: argparse.ArgumentParser) -> None:
    undo.add_argument("--list", action="store_true", help="list the recent changes (newest first) instead, and those undone")
    _json(undo, "the change undone (or the --list)")


def _redo_args(redo: argparse.ArgumentParser) -> None:
    _json(redo, "the change redone")


# name -> (help, how to declare its arguments), in the order `coach --help` lists them.
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "log": ("log a delivery for a client", _log_args),
    "client": ("add, list, edit, archive or unarchive clients", _client_args),
    "card": ("add, move, tell or list cards on a client's board", _card_args),
    **DELIVERY_SUBCOMMANDS,  # delivery list, edit, delete (cli_delivery.py)
    **ACCOUNT_SUBCOMMANDS,  # person, touch, plan, opp, pillars (cli_account.py)
    "search": ("find active clients by any text: names, cards, notes, needs, deliveries, people", _search_args),
    "status": ("today's agenda: overdue, due this week, stewardship debt, weakest pillar", _status_args),
    "weekly": ("open the weekly coaching screen (weakest pillar, tip, commitment, self-assessment)", _no_args),
    "report": ("a stewardship report for a client: the period's work, grouped by need, ready to email", _report_args),
    "export": ("export data for other tools: a calendar, a table as CSV, the whole portfolio as JSON", _export_args),
    **IMPORT_SUBCOMMANDS,  # import csv (cli_import.py), import json (cli_exchange.py)
    **DB_SUBCOMMANDS,  # db upgrade (cli_db.py), db import (cli_db_import.py)
    **SERVE_SUBCOMMANDS,  # serve: the app in a browser (cli_serve.py)
    # team: the leader's view (cli_team_view.py); add-member, remove-member, share, unshare, members (cli_team.py)
    **TEAM_SUBCOMMANDS,
    "config": ("show or change settings: coach config week-start sunday, coach config currency USD", _config_args),
    "check": (
        "verify the data folder: every file reads (the undo journal too), the index agrees with the client files, backups, modes",
        _check_args,
    ),
    "restore": ("restore a data file from its newest good backup", _restore_args),
    "undo": ("undo the last change made, here or in the app, and say what it was", _undo_args),
    "redo": ("redo the last change undone", _redo_args),
    "completion": ("print a completion script for bash, zsh or fish (commands, options, client names)", _completion_args),
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv, if it is plainly there; None asks for the full parser
    (top-level help, a typo to report)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in ("--data", "--db"):
            skip = True
        elif token in ("-h", "--help", "--version"):
            return None
        elif not token.startswith("-"):
            return token if token in SUBCOMMANDS else None
    return None


# `coach --help` lists the commands by task, in this order; a command in none is listed last.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The daily review", ("status", "log", "search", "report", "weekly")),
    ("Clients and their boards", ("client", "card", "delivery")),
    ("The account: people, plan, opportunities", ("person", "touch", "plan", "opp", "pillars")),
    ("Data in and out", ("import", "export", "db")),
    ("Settings and safety", ("config", "check", "restore", "undo", "redo")),
    ("The shell", ("completion",)),
    ("In a browser", ("serve",)),
    ("Your team", ("team",)),
)


class TopParser(Parser):
    """`coach` itself: its help lists the commands grouped by task (GROUPS)."""

    def format_help(self) -> str:
        import shutil
        import textwrap

        head = self._get_formatter()
        head.add_usage(self.usage, self._actions, self._mutually_exclusive_groups)
        head.add_text(self.description)
        listed = [name for _title, names in GROUPS for name in names if name in SUBCOMMANDS]
        rest = tuple(name for name in SUBCOMMANDS if name not in listed)
        indent = max(len(name) for name in SUBCOMMANDS) + 4
        width = max(60, min(100, shutil.get_terminal_size().columns) - 2)
        blocks = []
        for title, names in (*GROUPS, ("Other", rest)):
            shown = [name for name in names if name in SUBCOMMANDS]
            if shown:
                lines = [f"{title}:"]
                for name in shown:
                    first = f"  {name:<{indent - 2}}"
                    lines += textwrap.wrap(SUBCOMMANDS[name][0], width, initial_indent=first, subsequent_indent=" " * indent)
                blocks.append("\n".join(lines))
        options = self._get_formatter()
        options.start_section("options")
        options.add_arguments([a for a in self._actions if a.option_strings])
        options.end_section()
        tail = "Run `coach` alone to open the app; `coach COMMAND --help` for a command's options.\n"
        return f"{head.format_help()}\n" + "\n\n".join(blocks) + f"\n\n{options.format_help()}\n{tail}"


def build_parser(argv: Sequence[str] = ()) -> Parser:
    """The parser. When argv names a subcommand, only that one is declared in full: a
    `coach log` from the shell should not pay for building every other command's options."""
    p = TopParser(prog="coach", description="Coach for key-account managers: client boards, value-add cadence, weekly coaching.")
    _common(p, top=True)
    p.add_argument("--version", action="version", version="coach 0.1.0")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    wanted = _command_in(argv)
    for name, (help, declare) in SUBCOMMANDS.items():
        if wanted not in (None, name):
            continue
        sp = sub.add_parser(name, help=help, description=help)
        _common(sp, top=False)
        declare(sp)
    return p


connect(common=_common)
