"""The `coach` command: with no subcommand it opens the TUI; subcommands work from the shell.

Fast path: subcommands never import Textual, and heavy modules are imported only by the
command that needs them, so `coach log` from a shell or a cron job costs little more than
starting Python. Errors are one line on stderr: exit 2 for bad usage or input, 1 for a data
problem (a corrupt or busy store, a failed write). Never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from . import clock
from .cli_account import ACCOUNT_COMMANDS, connect
from .domain.errors import DataError, InputError
from .textsafe import json_text, visible

if TYPE_CHECKING:
    import argparse

    from .domain.journal import Entry
    from .domain.models import Card, Client
    from .services import Coach
    from .services.read_models import Board, Change, Logged

EXIT_DATA = 1
EXIT_USAGE = 2

# -- reading the command line -------------------------------------------------------------

# The commands a shell script or a cron job runs most, read here without argparse when they
# are written plainly: their positionals, their options taking a value (with the defaults),
# their flags. So is the plain launch of the app (`coach`, with `--data`, `--db`, `--demo`):
# argparse would declare every subcommand first, some 50 ms of every launch. Anything else
# (help, a typo, an abbreviated option, a value starting with "-", a missing or extra
# argument) goes to argparse (cli_parser.py), which reads it, or explains the error, as it
# always did. tests/cli/test_cli_quick.py holds the two to the same result.
QUICK: dict[str, tuple[tuple[str, ...], dict[str, str | None], tuple[str, ...]]] = {
    "log": (("client", "summary"), {"--kind": "idea", "--date": "today", "--need": None, "--card": None}, ("--told", "--json")),
    "status": ((), {"--portfolio": None}, ("--json",)),
}


def quick_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain `coach log` or `coach status` (see `QUICK`), or of a plain
    launch of the app (`command` None), as argparse would give them; None for anything else."""
    found: dict[str, Any] = {"command": None, "data": None, "db": None, "demo": False}
    valued, flags = {"--data", "--db"}, {"--demo"}
    names: tuple[str, ...] = ()
    positionals: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if not token.startswith("-"):
            if found["command"] is not None:
                positionals.append(token)
                continue
            if token not in QUICK:
                return None
            names, defaults, command_flags = QUICK[token]
            found["command"] = token
            found.update({option[2:]: default for option, default in defaults.items()})
            found.update(dict.fromkeys((flag[2:] for flag in command_flags), False))
            valued, flags = valued | defaults.keys(), flags | set(command_flags)
        elif token in flags:
            found[token[2:]] = True
        else:
            option, equals, value = token.partition("=")
            if option not in valued:
                return None
            if not equals:
                value = next(tokens, "-")
                if value.startswith("-"):
                    return None
            found[option[2:]] = value
    if len(positionals) != len(names):  # a launch has no positional: a word is a command
        return None
    found.update(zip(names, positionals, strict=True))
    return cast("argparse.Namespace", SimpleNamespace(**found))


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    args = quick_args(argv)
    if args is not None:
        return args
    from .cli_parser import build_parser

    return build_parser(argv).parse_args(argv)


def __getattr__(name: str) -> Any:
    # The parser's names where they used to be (tests, callers): imported on first use.
    if name in ("Parser", "SUBCOMMANDS", "UsageError", "build_parser"):
        from . import cli_parser

        return getattr(cli_parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- helpers ------------------------------------------------------------------------------


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def fail(message: str) -> None:
    """The one line an error gets. Messages can quote what the user typed or a path, which
    may hold terminal controls or a newline: they are shown as visible escapes."""
    sys.stderr.write(f"coach: {visible(message)}\n")


def _coach(args: argparse.Namespace) -> Coach:
    from .services import listen, open_coach

    clock.check_environment()
    coach = open_coach(args.data, args.demo, getattr(args, "db", None))
    listen(coach, notice)
    return coach


def notice(line: str) -> None:
    """Something the store did by itself that the user should know (an index rebuilt): one
    line on stderr, so it never mixes with the output a pipe or a redirect receives."""
    sys.stderr.write(f"coach: {visible(line)}\n")


# -- commands -----------------------------------------------------------------------------


def cmd_log(args: argparse.Namespace) -> int:
    from .domain.dates import long_date, parse_when

    card = args.card
    if card is not None and (args.need is not None or args.told):
        raise InputError("--card logs the card's own delivery (it answers the card's need, not told yet): drop --need and --told")
    coach = _coach(args)
    client = coach.portfolio.find_client(args.client)
    on = parse_when(args.date, clock.today(), earliest=client.added)
    if card is not None:
        found = coach.boards.find_card(client.id, card)
        logged = coach.deliveries.log_card(client.id, found.id, args.summary, kind=args.kind, on=on)
    else:
        logged = coach.deliveries.log(client.id, args.summary, kind=args.kind, on=on, need=args.need, told=args.told)
    d = logged.delivery
    notes = []
    if card is not None:
        notes.append("its Steward card is now this delivery: telling the card (coach card tell) marks it told")
    elif logged.steward_card:
        notes.append("a Steward card is on the board until you tell them what you did (coach card tell)")
    if not d.is_value_add:
        notes.append("service work is logged but does not reset the value-add clock")
    if args.json:
        out(json_text(_logged_json(logged, notes)))
        return 0
    # The day in full, weekday and year: what `--date "Dec 5"` or `--date fri` turned out to be.
    line = f"logged {d.kind} for {visible(client.name)} on {long_date(d.on, weekday=True)}: {visible(d.summary)}"
    if logged.need_card:
        line += f" (answers: {visible(logged.need_card.title)}{', a new need' if logged.need_created else ''})"
    out(line)
    for note in notes:
        out(f"  {note}")
    return 0


def _logged_json(logged: Logged, notes: list[str]) -> dict[str, Any]:
    """What `coach log --json` (and `card move --log --json`) print of a delivery just logged."""
    d, need = logged.delivery, logged.need_card
    return {
        "id": d.id,
        "client": {"id": logged.client.id, "name": logged.client.name},
        "kind": d.kind,
        "value_add": d.is_value_add,
        "on": d.on.isoformat(),
        "summary": d.summary,
        "need": None if need is None else {"id": need.id, "title": need.title, "new": logged.need_created},
        "told": d.told,
        "card": logged.steward_card.id if logged.steward_card else None,
        "logged": d.logged.isoformat(),
        "notes": notes,
    }


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
        if args.json:
            out(json_text(c.to_dict()))
        else:
            out(f"added {visible(c.name)} (tier {c.tier}, a value-add every {c.cadence.describe()}{_account_words(coach, c)})")
    elif args.action == "list":
        clients = coach.portfolio.clients(include_archived=args.all)
        if args.json:
            out(json_text([c.to_dict() for c in clients]))
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
        if args.json:
            out(json_text(c.to_dict()))
            return 0
        archived = ", archived" if c.archived else ""
        out(f"updated {visible(c.name)}: tier {c.tier}, every {c.cadence.describe()}{_account_words(coach, c)}{archived}")
    elif args.action == "archive":
        client = coach.portfolio.find_client(args.client)
        archived_client = coach.clients.archive(client.id)
        if args.json:
            out(json_text(archived_client.to_dict()))
            return 0
        out(f"archived {visible(client.name)}: its history is kept; `coach client unarchive` brings it back")
    elif args.action == "unarchive":
        client = coach.portfolio.find_client(args.client, include_archived=True)
        if not client.archived:
            if args.json:
                out(json_text(client.to_dict()))
            else:
                out(f"{visible(client.name)} is not archived: it is in the review")
        else:
            back = coach.clients.unarchive(client.id)
            if args.json:
                out(json_text(back.to_dict()))
                return 0
            out(f"unarchived {visible(client.name)}: it is back in the review with its history")
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
        if args.json:
            out(json_text(_change_json(client, change)))
        else:
            out(f"{visible(client.name)}: {visible(change.description)}")
    elif args.action == "move":
        _card_move(coach, client, args)
    elif args.action == "tell":
        card = coach.boards.find_card(client.id, args.card)
        change = coach.boards.tell_card(client.id, card.id)
        if args.json:
            out(json_text(_change_json(client, change)))
        else:
            out(f"{visible(client.name)}: {visible(change.description)}")
    elif args.action == "list":
        board = coach.boards.read(client.id)
        if args.json:
            out(json_text({col: [c.to_dict() for c in cards] for col, cards in board.columns.items()}))
        else:
            for col in COLUMNS:
                cards = board.columns[col]
                out(f"{COLUMN_TITLES[col]} ({len(cards)})")
                for c in cards:
                    out(f"  {c.id}  {visible(c.title)}  ({_card_age(board, c)})")
    return 0


def _card_move(coach: Coach, client: Client, args: argparse.Namespace) -> None:
    """`coach card move`: one column or to a column; into Steward with `--log KIND`, the
    delivery logged and linked in the same write, and without it a line saying how to."""
    from .domain.dates import long_date, parse_when
    from .domain.models import COLUMN_TITLES
    from .domain.validation import parse_column, parse_kind

    to = parse_column(args.to) if args.to else None
    if args.log is None:
        if args.on is not None or args.summary is not None:
            raise InputError("--on and --summary go with --log KIND (moving into Steward, log it as a delivery)")
    else:
        if args.back or (to is not None and to != "steward"):
            where = f"to {COLUMN_TITLES[to]}" if to is not None else "back"
            raise InputError(f"--log logs a card moved into Steward; a move {where} does not end there: drop --log")
        parse_kind(args.log)  # a bad kind is refused before anything is read or moved
    card = coach.boards.find_card(client.id, args.card)
    step = None if to is not None else (1 if args.forward else -1)
    if args.log is not None:
        on = parse_when(args.on, clock.today(), earliest=client.added) if args.on is not None else None
        logged = coach.deliveries.move_and_log(client.id, card.id, step, to, args.summary, args.log, on)
        d = logged.delivery
        if args.json:
            note = "telling the card (coach card tell) marks it told"
            out(json_text({**_change_json(client, logged.change), "delivery": _logged_json(logged, [note]), "hint": None}))
            return
        out(f"{visible(client.name)}: moved {visible(card.title)!r} to Steward")
        out(f"  logged {d.kind} on {long_date(d.on, weekday=True)}: {visible(d.summary)} (coach card tell marks it told)")
        return
    if to is not None:
        change = coach.boards.move_card_to(client.id, card.id, to)
    else:
        change = coach.boards.move_card(client.id, card.id, step or 1)
    unlogged = change.move is not None and change.move.to_column == "steward" and card.delivery_id is None
    if args.json:
        hint = log_hint(args.client, card) if unlogged else None
        out(json_text({**_change_json(client, change), "delivery": None, "hint": hint}))
        return
    out(f"{visible(client.name)}: {visible(change.description)}")
    if unlogged:
        out(f"  not logged as a delivery; to log it: {log_hint(args.client, card)}")


def _change_json(client: Client, change: Change) -> dict[str, Any]:
    """What `coach card add|move|tell --json` print: the client, what was done (as undo
    names it), the card as it is now, and for a move where it went from and to."""
    before, after = change.cards[0] if change.cards else (None, None)
    move = change.move
    return {
        "client": {"id": client.id, "name": client.name},
        "did": change.description,
        "card": after or before,
        "move": None if move is None else {"from": move.from_column, "to": move.to_column},
    }


def log_hint(client_query: str, card: Card) -> str:
    """The command that logs a Steward card as a delivery, ready to paste (quoted for a
    POSIX shell): the card's title as the summary, the default kind (`--date WHEN` may be
    added, `--kind` changed)."""
    import shlex

    return f"coach log {shlex.quote(client_query)} {shlex.quote(visible(card.title))} --card {card.id} --kind idea"


def _card_age(board: Board, card: Card) -> str:
    """`since 2026-11-20`, or for a Steward card logged as a delivery the day its age counts
    from, as on the board: `delivered 2026-11-05, untold 20 days`."""
    delivery = board.delivery_of(card) if card.column == "steward" else None
    if delivery is None:
        return f"since {card.entered.date().isoformat()}"
    days = max(0, (board.today - delivery.on).days)
    return f"delivered {delivery.on.isoformat()}, untold {days} day{'' if days == 1 else 's'}"


def cmd_status(args: argparse.Namespace) -> int:
    from .domain.dates import format_date
    from .domain.models import PILLAR_TITLES

    coach = _coach(args)
    role = getattr(args, "portfolio", None)
    if role is not None:  # a member's agenda, read-only (a team database)
        from .cli_team_view import member_coach

        coach = member_coach(coach, role)
    agenda, head = coach.portfolio.status()
    current = coach.weekly.current(head, agenda)
    if args.json:
        member = {} if role is None else {"portfolio": role}
        out(json_text({**agenda.to_json(), "commitment": current.to_json() if current else None, **member}))
        return 0
    today = agenda.today
    whose = "" if role is None else f" · {visible(role)}'s portfolio, read-only"
    out(f"coach · {today.strftime('%A')} {today.isoformat()} · {len(agenda.views)} active clients{whose}")
    if current is not None:
        c = current.commitment
        client = f" (for {visible(current.client)})" if current.client else ""
        carried = ", carried over" if c.carried else ""
        kept = {True: " · kept", False: " · not kept", None: ""}[c.kept]
        out(f"this week's commitment{client}{carried}: {visible(c.text)}{kept}")
    if not agenda.views:
        out("no active clients" + ("" if role is not None else ": add one with `coach client add NAME`"))
        return 0
    # Each section is written at once, its lines joined: at 5,000 clients a line each is
    # thousands of writes.
    overdue = agenda.overdue
    lines = [f"overdue ({len(overdue)})"]
    for v in overdue:
        last = format_date(v.cadence.last, today) if v.cadence.last else "never"
        lines.append(
            f"  {visible(v.client.name)}: {v.cadence.days_over}d over "
            f"(last value-add {last}, every {v.client.cadence.describe()})"
        )
    out("\n".join(lines))
    due = agenda.due_this_week
    lines = [f"due this week ({len(due)})"]
    for v in due:
        assert v.cadence.next_due is not None
        lines.append(f"  {visible(v.client.name)}: due {format_date(v.cadence.next_due, today)}")
    out("\n".join(lines))
    if agenda.new:
        out(f"new, no value-add yet ({len(agenda.new)})")
        for v in agenda.new:
            out(f"  {visible(v.client.name)}: first value-add due now (added {format_date(v.client.added, today)})")
    debtors = [(v, n) for v in agenda.views if (n := v.untold)]  # each client's count worked out once
    untold = agenda.untold
    out(
        f"stewardship debt: {untold} untold Steward card{'s' if untold != 1 else ''}"
        + (": " + ", ".join(f"{visible(v.client.name)} ({n})" for v, n in debtors) if debtors else "")
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

    if args.setting == "backend":  # which store to open: decided before any is opened
        from .cli_db import config_backend

        return config_backend(args)
    coach = _coach(args)
    if args.setting is None:
        settings = coach.settings.get()
        if args.json:
            out(json_text(_settings_json(coach)))
            return 0
        out(f"week-start  {weekday_name(coach.settings.first_weekday())}")
        out(f"currency    {visible(coach.settings.currency())}")
        out(f"theme       {visible(str(settings.get('theme', 'default')))}")
        return 0
    if args.setting == "currency":
        if args.value is not None:
            currency = coach.settings.set_currency(args.value)
            if not args.json:
                out(f"amounts are now shown in {visible(currency)}")
        elif not args.json:
            out(visible(coach.settings.currency()))
    elif args.value is None:
        if not args.json:
            out(weekday_name(coach.settings.first_weekday()))
    else:
        day = coach.settings.set_week_start(args.value)
        if not args.json:
            out(f"weeks now start on {weekday_name(day)}")
    if args.json:
        out(json_text(_settings_json(coach)))
    return 0


def _settings_json(coach: Coach) -> dict[str, Any]:
    """Every setting, as `coach config --json` prints them (after a change, as changed)."""
    from .domain.dates import weekday_name

    return {
        "week_start": weekday_name(coach.settings.first_weekday()).lower(),
        "currency": coach.settings.currency(),
        "theme": str(coach.settings.get().get("theme", "default")),
    }


def cmd_restore(args: argparse.Namespace) -> int:
    from .services.database import folder_for
    from .services.upkeep import list_backups, restore

    if args.demo:
        raise InputError("the demo portfolio has no backups to restore")
    clock.check_environment()
    root = folder_for("restore", args.data, getattr(args, "db", None))
    if args.list:
        if args.json:
            from .services.upkeep import backups

            out(json_text({"files": [f.to_json() for f in backups(root)]}))
            return 0
        for line in list_backups(root):
            out(visible(line))
        return 0
    restored = restore(root, args.file)
    if args.json:
        out(json_text({"done": restored.lines, "complete": restored.complete}))
    else:
        for line in restored.lines:
            out(visible(line))
    if not restored.complete:
        sys.stdout.flush()
        fail("restore incomplete: a file it was to put back was left as it is (see above)")
        return EXIT_DATA
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .services.database import folder_for
    from .services.upkeep import check

    if args.demo:
        raise InputError("the demo portfolio is a fresh copy made for this run: there is nothing to check")
    clock.check_environment()
    report = check(folder_for("check", args.data, getattr(args, "db", None)))
    if args.json:
        out(json_text(report.to_json()))
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
    if args.json:  # the report's data rather than its text
        text = json_text({"client": {"id": client.id, "name": client.name}, **report.to_json()}) + "\n"
    else:
        text = report.text
    if args.output:
        write_output(args.output, text.encode("utf-8"), args.force)
        sys.stderr.write(f"wrote the report for {visible(client.name)} to {visible(args.output)}\n")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()

    untold = report.steward_card_ids
    if not untold:
        return 0
    cards = f"{len(untold)} Steward card{'s' if len(untold) != 1 else ''}"
    # The report goes to stdout; questions and hints go to stderr so a pipe or a redirect
    # receives the report alone.
    if not args.mark_told:
        if args.json or not (sys.stdin.isatty() and sys.stderr.isatty()):
            # Never mark silently: without a person to ask (or for a script that asked for
            # JSON), say how to do it on purpose.
            sys.stderr.write(f"this report includes {cards} not marked told; once it is sent, run again with --mark-told\n")
            return 0
        if not _ask(f"Mark {cards} told? [y/N] "):
            return 0
    told = coach.reports.mark_told(client.id, untold)
    sys.stderr.write(f"marked {told} Steward card{'s' if told != 1 else ''} told for {visible(client.name)}\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.what != "ics":  # csv and json: cli_exchange.py
        if args.remind is not None:
            raise InputError("--remind is for coach export ics: csv and json hold no calendar events")
        from .cli_exchange import EXPORT_COMMANDS

        return EXPORT_COMMANDS[args.what](args)
    if args.table:
        raise InputError("--what is for coach export csv: ics exports the calendar of every active client")
    from .coaching.calendar import MORNING, parse_reminder

    remind = MORNING if args.remind is None else parse_reminder(args.remind)
    coach = _coach(args)
    data = coach.calendar.ics(remind=remind)
    if args.output:
        write_output(args.output, data, args.force)
        sys.stderr.write(f"wrote {visible(args.output)}\n")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    coach = _coach(args)
    if args.list:
        done, undone = coach.journal.recent()
        if args.json:
            out(json_text({"done": [_entry_json(e) for e in done], "undone": [_entry_json(e) for e in undone]}))
            return 0
        if not done and not undone:
            out("no changes to undo yet")
        for entry in done:
            out(f"{entry.at:%Y-%m-%d %H:%M}  {visible(entry.what)}")
        if undone:
            out("undone (coach redo puts back the first):")
            for entry in undone:
                out(f"{entry.at:%Y-%m-%d %H:%M}  {visible(entry.what)}")
        return 0
    entry = coach.journal.undo()
    out(json_text({"undid": _entry_json(entry)}) if args.json else f"undid: {visible(entry.what)}")
    return 0


def _entry_json(entry: Entry) -> dict[str, Any]:
    """A change in the undo journal, as `coach undo|redo --json` print it."""
    return {"id": entry.id, "at": entry.at.isoformat(), "what": entry.what}


def cmd_completion(args: argparse.Namespace) -> int:
    if args.names is not None:  # what the completion scripts ask for
        for name in _coach(args).portfolio.names(starting=args.names):
            out(visible(name))
        return 0
    if args.shell is None:
        raise InputError("name a shell: coach completion bash, zsh or fish")
    from .cli_shell import script

    sys.stdout.write(script(args.shell))
    return 0


def cmd_redo(args: argparse.Namespace) -> int:
    entry = _coach(args).journal.redo()
    out(json_text({"redid": _entry_json(entry)}) if args.json else f"redid: {visible(entry.what)}")
    return 0


def cmd_weekly(args: argparse.Namespace) -> int:
    return launch_tui(args, start="weekly")


def launch_tui(args: argparse.Namespace, start: str | None = None) -> int:
    from .app import run

    return run(_coach(args), demo=args.demo, start=start)


def search_text(words: Sequence[str]) -> str:
    """The query the shell's words make: a word holding a space was quoted, and stays a phrase."""
    return " ".join(f'"{w}"' if any(ch.isspace() for ch in w.strip()) and '"' not in w else w for w in words)


def cmd_search(args: argparse.Namespace) -> int:
    """Active clients whose text holds every word (and who pass the `status:`/`tier:` tokens;
    `status:archived` the archived ones), one line each: the client, where it matched, the
    text there."""
    from .domain.search import parse_query

    coach = _coach(args)
    text = search_text(args.text)
    found = coach.search.search(text)
    if args.json:
        out(json_text([_found_json(f) for f in found]))
        return 0
    if not found:
        who = "client" if parse_query(text).archived else "active client"
        out(f"no {who} matches {visible(text.strip())!r}")
        return 0
    for f in found:
        view = f.view
        if f.hit is None:
            status = "archived" if view.client.archived else view.cadence.label
            out(f"{visible(view.client.name)} · {status} · tier {view.client.tier}")
        else:
            out(f"{visible(view.client.name)} · {visible(f.hit.describe())} · {visible(f.hit.snippet)}")
    return 0


def _found_json(found: Any) -> dict[str, Any]:
    view, hit = found.view, found.hit
    return {
        "client": view.client.name,
        "client_id": view.client.id,
        "status": "archived" if view.client.archived else view.cadence.status,
        "tier": view.client.tier,
        "matched": hit.describe() if hit is not None else None,
        "where": hit.field.kind if hit is not None else None,
        "label": hit.field.label if hit is not None else None,
        "text": hit.snippet if hit is not None else None,
    }


COMMANDS = {
    "search": cmd_search,
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
    "undo": cmd_undo,
    "redo": cmd_redo,
    "completion": cmd_completion,
    **ACCOUNT_COMMANDS,
}
connect(open_coach=_coach)

# The other modules' commands join COMMANDS the first time one of them is asked for (`command`):
# `coach log` and `coach status` never import them.
LATER = (
    ("cli_delivery", "DELIVERY_COMMANDS"),
    ("cli_import", "IMPORT_COMMANDS"),
    ("cli_db", "DB_COMMANDS"),
    ("cli_serve", "SERVE_COMMANDS"),
    ("cli_team", "TEAM_COMMANDS"),
)


def command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs the command `name` (KeyError for none)."""
    if name not in COMMANDS:
        for module, table in LATER:
            COMMANDS.update(getattr(import_module(f"{__package__}.{module}"), table))
    return COMMANDS[name]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parse_args(argv)
        if args.command is None:
            return launch_tui(args)
        code = command(args.command)(args)
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
    except InputError as error:  # bad input, or bad usage (cli_parser.UsageError)
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


def run() -> int:
    """The `coach` command itself: `main`, then a quick exit.

    At exit Python collects every object a command made or imported (psycopg alone brings some
    1,100 classes): about 70-100 ms of a `coach log --db` spent on nothing the user sees. Freezing
    them first leaves that collection nothing to walk; the process ends at once after. Only the
    command does this: a test calling `main` in its own process keeps its collector whole.

    A plain `coach log` or `coach status` (`QUICK`) runs with the cyclic collector off: each is
    over in a few dozen milliseconds and leaves little cyclic garbage (a few hundred objects at
    5,000 clients), while the collector's passes over what importing and reading make (some 30
    at 50 clients, 90 at 5,000) cost a few milliseconds of every run. Reference counting still
    frees everything else at once. Every other command (the TUI, `coach serve`) keeps it.
    """
    quick = quick_args(sys.argv[1:])
    if quick is not None and quick.command is not None:
        gc.disable()
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    raise SystemExit(run())
