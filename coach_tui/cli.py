"""The `coach` command: with no subcommand it opens the TUI; subcommands work from the shell.

Fast path: subcommands never import Textual, and heavy modules are imported only by the
command that needs them, so `coach log` from a shell or a cron job costs little more than
starting Python. Errors are one line on stderr: exit 2 for bad usage or input, 1 for a data
problem (a corrupt or busy store, a failed write). Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from . import clock
from .cli_account import ACCOUNT_COMMANDS, ACCOUNT_SUBCOMMANDS, connect
from .domain.errors import DataError, InputError
from .textsafe import visible

if TYPE_CHECKING:
    from .domain.models import Client
    from .services import Coach

EXIT_DATA = 1
EXIT_USAGE = 2


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse, but errors are one line and never print the usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    # On subcommands the defaults are SUPPRESS so `coach --demo log ...` and
    # `coach log ... --demo` both work without one overriding the other.
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data", metavar="PATH", default=default, help="data folder (default: $COACH_DATA, else the user data dir)"
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
    arch = ccmd("archive", "archive a client (kept, hidden from the review)")
    arch.add_argument("client")


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
    kmove = kcmd("move", "move a card one column, or to a column")
    kmove.add_argument("card", help="card id or part of its title")
    where = kmove.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="COLUMN")
    where.add_argument("--forward", action="store_true")
    where.add_argument("--back", action="store_true")
    ktell = kcmd("tell", "mark a Steward card told (closes it)")
    ktell.add_argument("card", help="card id or part of its title")
    klist = kcmd("list", "list a client's open cards")
    klist.add_argument("--json", action="store_true")


def _status_args(status: argparse.ArgumentParser) -> None:
    status.add_argument("--json", action="store_true", help="print JSON (shape in the README)")


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


def _export_args(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "what", choices=("ics",), metavar="ics", help="ics: each active client's next value-add as an all-day calendar event"
    )
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of printing it")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def _config_args(config: argparse.ArgumentParser) -> None:
    config.add_argument(
        "setting",
        nargs="?",
        choices=("week-start", "currency"),
        metavar="SETTING",
        help="week-start: the day your week begins (the weekly coaching opens on the first launch after it); "
        "currency: the one currency amounts are shown in",
    )
    config.add_argument(
        "value",
        nargs="?",
        help="week-start: a weekday, monday (the default) ... sunday; currency: a symbol like € or a code like EUR",
    )


def _check_args(check: argparse.ArgumentParser) -> None:
    check.add_argument("--json", action="store_true", help="print JSON (shape in the README)")


def _restore_args(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("file", nargs="?", help="the file to restore (default: every file that can't be read)")
    restore.add_argument("--list", action="store_true", help="list backups instead")


# name -> (help, how to declare its arguments), in the order `coach --help` lists them.
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "log": ("log a delivery for a client", _log_args),
    "client": ("add, list, edit or archive clients", _client_args),
    "card": ("add, move, tell or list cards on a client's board", _card_args),
    **ACCOUNT_SUBCOMMANDS,  # person, touch, plan, opp, pillars (cli_account.py)
    "status": ("today's agenda: overdue, due this week, stewardship debt, weakest pillar", _status_args),
    "weekly": ("open the weekly coaching screen (weakest pillar, tip, commitment, self-assessment)", _no_args),
    "report": ("a stewardship report for a client: the period's work, grouped by need, ready to email", _report_args),
    "export": ("export data for other tools", _export_args),
    "config": ("show or change settings: coach config week-start sunday, coach config currency USD", _config_args),
    "check": ("verify the data folder: every file reads, the index agrees with the client files, backups, modes", _check_args),
    "restore": ("restore a data file from its newest good backup", _restore_args),
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv, if it is plainly there; None asks for the full parser
    (top-level help, a typo to report)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--data":
            skip = True
        elif token in ("-h", "--help", "--version"):
            return None
        elif not token.startswith("-"):
            return token if token in SUBCOMMANDS else None
    return None


def build_parser(argv: Sequence[str] = ()) -> Parser:
    """The parser. When argv names a subcommand, only that one is declared in full: a
    `coach log` from the shell should not pay for building every other command's options."""
    p = Parser(prog="coach", description="Coach for key-account managers: client boards, value-add cadence, weekly coaching.")
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


# -- helpers ------------------------------------------------------------------------------


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def fail(message: str) -> None:
    """The one line an error gets. Messages can quote what the user typed or a path, which
    may hold terminal controls or a newline: they are shown as visible escapes."""
    sys.stderr.write(f"coach: {visible(message)}\n")


def _coach(args: argparse.Namespace) -> Coach:
    from .services import open_coach
    from .services.upkeep import listen

    clock.check_environment()
    coach = open_coach(args.data, args.demo)
    listen(coach, notice)
    return coach


def notice(line: str) -> None:
    """Something the store did by itself that the user should know (an index rebuilt): one
    line on stderr, so it never mixes with the output a pipe or a redirect receives."""
    sys.stderr.write(f"coach: {visible(line)}\n")


# -- commands -----------------------------------------------------------------------------


def cmd_log(args: argparse.Namespace) -> int:
    from .domain.dates import parse_when

    coach = _coach(args)
    client = coach.portfolio.find_client(args.client)
    on = parse_when(args.date, clock.today(), earliest=client.added)
    logged = coach.deliveries.log(client.id, args.summary, kind=args.kind, on=on, need=args.need, told=args.told)
    d = logged.delivery
    line = f"logged {d.kind} for {visible(client.name)} on {d.on.isoformat()}: {visible(d.summary)}"
    if logged.need_card:
        line += f" (answers: {visible(logged.need_card.title)}{', a new need' if logged.need_created else ''})"
    out(line)
    if logged.steward_card:
        out("  a Steward card is on the board until you tell them what you did (coach card tell)")
    if not d.is_value_add:
        out("  service work is logged but does not reset the value-add clock")
    return 0


def _account_words(coach: Coach, client: Client) -> str:
    """ ", €1.2m a year, renews 2027-03-31" (what is known of the account's value)."""
    from .domain.money import format_money

    words = ""
    if client.revenue is not None:
        words += f", {format_money(client.revenue, coach.settings.currency())} a year"
    if client.renewal is not None:
        words += f", renews {client.renewal.isoformat()}"
    return words


def cmd_client(args: argparse.Namespace) -> int:
    coach = _coach(args)
    if args.action == "add":
        c = coach.clients.add(
            args.name, cadence=args.cadence, tier=args.tier, sponsor=args.sponsor, revenue=args.revenue, renewal=args.renewal
        )
        out(f"added {visible(c.name)} (tier {c.tier}, a value-add every {c.cadence.describe()}{_account_words(coach, c)})")
    elif args.action == "list":
        clients = coach.portfolio.clients(include_archived=args.all)
        if args.json:
            out(json.dumps([c.to_dict() for c in clients], ensure_ascii=True, indent=2))
        elif not clients:
            out("no clients yet: add one with `coach client add NAME`")
        else:
            for c in clients:
                flags = " (archived)" if c.archived else ""
                out(f"{visible(c.name)}{flags}: tier {c.tier}, every {c.cadence.describe()}{_account_words(coach, c)}")
    elif args.action == "edit":
        client = coach.portfolio.find_client(args.client, include_archived=True)
        c = coach.clients.edit(
            client.id,
            name=args.name,
            cadence=args.cadence,
            tier=args.tier,
            revenue=args.revenue,
            renewal=args.renewal,
            archived=False if args.unarchive else None,
        )
        archived = ", archived" if c.archived else ""
        out(f"updated {visible(c.name)}: tier {c.tier}, every {c.cadence.describe()}{_account_words(coach, c)}{archived}")
    elif args.action == "archive":
        client = coach.portfolio.find_client(args.client)
        coach.clients.archive(client.id)
        out(f"archived {visible(client.name)}: its history is kept; `coach client edit --unarchive` brings it back")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from .domain.models import COLUMN_TITLES, COLUMNS

    coach = _coach(args)
    client = coach.portfolio.find_client(args.client)
    if args.action == "add":
        need_id = None
        if args.need:
            need_id = coach.deliveries.find_need(client.id, args.need).id
        change = coach.boards.add_card(client.id, args.column, args.title, notes=args.notes, need_id=need_id)
        out(f"{visible(client.name)}: {visible(change.description)}")
    elif args.action == "move":
        card = coach.boards.find_card(client.id, args.card)
        if args.to:
            change = coach.boards.move_card_to(client.id, card.id, args.to)
        else:
            change = coach.boards.move_card(client.id, card.id, 1 if args.forward else -1)
        out(f"{visible(client.name)}: {visible(change.description)}")
    elif args.action == "tell":
        card = coach.boards.find_card(client.id, args.card)
        change = coach.boards.tell_card(client.id, card.id)
        out(f"{visible(client.name)}: {visible(change.description)}")
    elif args.action == "list":
        board = coach.boards.read(client.id)
        if args.json:
            out(
                json.dumps(
                    {col: [c.to_dict() for c in cards] for col, cards in board.columns.items()}, ensure_ascii=True, indent=2
                )
            )
        else:
            for col in COLUMNS:
                cards = board.columns[col]
                out(f"{COLUMN_TITLES[col]} ({len(cards)})")
                for c in cards:
                    out(f"  {c.id}  {visible(c.title)}  (since {c.entered.date().isoformat()})")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from .domain.dates import format_date
    from .domain.models import PILLAR_TITLES

    coach = _coach(args)
    agenda = coach.portfolio.agenda()
    current = coach.weekly.current()
    if args.json:
        out(json.dumps({**agenda.to_json(), "commitment": current.to_json() if current else None}, ensure_ascii=True, indent=2))
        return 0
    today = agenda.today
    out(f"coach · {today.strftime('%A')} {today.isoformat()} · {len(agenda.views)} active clients")
    if current is not None:
        c = current.commitment
        client = f" (for {visible(current.client)})" if current.client else ""
        carried = ", carried over" if c.carried else ""
        kept = {True: " · kept", False: " · not kept", None: ""}[c.kept]
        out(f"this week's commitment{client}{carried}: {visible(c.text)}{kept}")
    if not agenda.views:
        out("no active clients: add one with `coach client add NAME`")
        return 0
    overdue = agenda.overdue
    out(f"overdue ({len(overdue)})")
    for v in overdue:
        last = format_date(v.cadence.last, today) if v.cadence.last else "never"
        out(
            f"  {visible(v.client.name)}: {v.cadence.days_over}d over "
            f"(last value-add {last}, every {v.client.cadence.describe()})"
        )
    due = agenda.due_this_week
    out(f"due this week ({len(due)})")
    for v in due:
        assert v.cadence.next_due is not None
        out(f"  {visible(v.client.name)}: due {format_date(v.cadence.next_due, today)}")
    if agenda.new:
        out(f"new, no value-add yet ({len(agenda.new)})")
        for v in agenda.new:
            out(f"  {visible(v.client.name)}")
    debtors = [v for v in agenda.views if v.untold]
    out(
        f"stewardship debt: {agenda.untold} untold Steward card{'s' if agenda.untold != 1 else ''}"
        + (": " + ", ".join(f"{visible(v.client.name)} ({v.untold})" for v in debtors) if debtors else "")
    )
    if agenda.late_next_steps:
        late = agenda.next_steps_overdue
        out(
            f"next steps overdue: {late} opportunit{'ies' if late != 1 else 'y'}: "
            + ", ".join(f"{visible(v.client.name)} ({n})" for v, n in agenda.late_next_steps)
        )
    if agenda.weakest is not None:
        weakest = agenda.portfolio[agenda.weakest]
        out(f"weakest pillar: {PILLAR_TITLES[agenda.weakest]} ({weakest.score}/100)")
        for line in weakest.evidence:
            out(f"  - {line}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from .domain.dates import weekday_name

    coach = _coach(args)
    if args.setting is None:
        settings = coach.settings.get()
        out(f"week-start  {weekday_name(coach.settings.first_weekday())}")
        out(f"currency    {visible(coach.settings.currency())}")
        out(f"theme       {visible(str(settings.get('theme', 'default')))}")
        return 0
    if args.setting == "currency":
        if args.value is not None:
            out(f"amounts are now shown in {visible(coach.settings.set_currency(args.value))}")
        else:
            out(visible(coach.settings.currency()))
        return 0
    if args.value is None:
        out(weekday_name(coach.settings.first_weekday()))
        return 0
    day = coach.settings.set_week_start(args.value)
    out(f"weeks now start on {weekday_name(day)}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .services import data_folder
    from .services.upkeep import list_backups, restore

    if args.demo:
        raise InputError("the demo portfolio has no backups to restore")
    clock.check_environment()
    root = data_folder(args.data)
    if args.list:
        for line in list_backups(root):
            out(visible(line))
        return 0
    restored = restore(root, args.file)
    for line in restored.lines:
        out(visible(line))
    if not restored.complete:
        sys.stdout.flush()
        fail("restore incomplete: a file it was to put back was left as it is (see above)")
        return EXIT_DATA
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .services import data_folder
    from .services.upkeep import check

    if args.demo:
        raise InputError("the demo portfolio is a fresh copy made for this run: there is nothing to check")
    clock.check_environment()
    report = check(data_folder(args.data))
    if args.json:
        out(json.dumps(report.to_json(), ensure_ascii=True, indent=2))
    else:
        for finding in report.problems:
            out(f"problem: {visible(finding.message)}")
        for finding in report.notes:
            out(f"note: {visible(finding.message)}")
        out(visible(report.summary()))
    return 0 if report.ok else EXIT_DATA


def write_output(path: str, data: bytes, force: bool) -> None:
    """Write `data` to `path`, refusing to replace an existing file unless `force`.

    Mode "x" makes the refusal atomic: a file created between a check and the write is
    still not overwritten.
    """
    from pathlib import Path

    target = Path(path).expanduser()
    try:
        with open(target, "wb" if force else "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise InputError(f"{visible(str(target))} already exists; use --force to overwrite it") from None


def _ask(question: str) -> bool:
    """A yes/no question on the terminal; anything but y/yes (or end of input) is no."""
    sys.stderr.write(question)
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_report(args: argparse.Namespace) -> int:
    coach = _coach(args)
    # An archived client's history is still worth reporting on.
    client = coach.portfolio.find_client(args.client, include_archived=True)
    client, report = coach.reports.build(client.id, args.since, args.format)
    if args.output:
        write_output(args.output, report.text.encode("utf-8"), args.force)
        sys.stderr.write(f"wrote the report for {visible(client.name)} to {visible(args.output)}\n")
    else:
        sys.stdout.write(report.text)
        sys.stdout.flush()

    untold = report.steward_card_ids
    if not untold:
        return 0
    cards = f"{len(untold)} Steward card{'s' if len(untold) != 1 else ''}"
    # The report goes to stdout; questions and hints go to stderr so a pipe or a redirect
    # receives the report alone.
    if not args.mark_told:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            # Never mark silently: without a person to ask, say how to do it on purpose.
            sys.stderr.write(f"this report includes {cards} not marked told; once it is sent, run again with --mark-told\n")
            return 0
        if not _ask(f"Mark {cards} told? [y/N] "):
            return 0
    told = coach.reports.mark_told(client.id, untold)
    sys.stderr.write(f"marked {told} Steward card{'s' if told != 1 else ''} told for {visible(client.name)}\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    coach = _coach(args)
    data = coach.calendar.ics()
    if args.output:
        write_output(args.output, data, args.force)
        sys.stderr.write(f"wrote {visible(args.output)}\n")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_weekly(args: argparse.Namespace) -> int:
    return launch_tui(args, start="weekly")


def launch_tui(args: argparse.Namespace, start: str | None = None) -> int:
    from .app import run

    return run(_coach(args), demo=args.demo, start=start)


COMMANDS = {
    "log": cmd_log,
    "client": cmd_client,
    "card": cmd_card,
    "status": cmd_status,
    "config": cmd_config,
    "restore": cmd_restore,
    "check": cmd_check,
    "weekly": cmd_weekly,
    "report": cmd_report,
    "export": cmd_export,
    **ACCOUNT_COMMANDS,
}
connect(_common, _coach)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(argv).parse_args(argv)
        if args.command is None:
            return launch_tui(args)
        code = COMMANDS[args.command](args)
        # Flushed here, not at exit: a reader that went away must be noticed while the
        # handler below can still make it quiet.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader went away (`coach status | head -1`): not an error worth a word. Before
        # `OSError`, which it is a kind of. Standard output goes to /dev/null so that Python's
        # own flush at exit has nothing left to fail on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (UsageError, InputError) as error:
        fail(str(error))
        return EXIT_USAGE
    except DataError as error:
        fail(str(error))
        return EXIT_DATA
    except OSError as error:
        # The data folder itself can't be created or reached (permissions, a full disk...).
        where = f" {error.filename}" if error.filename else ""
        fail(f"can't use{where}: {error.strerror or error}")
        return EXIT_DATA
    except KeyboardInterrupt:
        sys.stderr.write("coach: interrupted\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
