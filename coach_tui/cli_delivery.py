"""Deliveries from the shell: `coach delivery list|edit|delete` (logging one is `coach log`).

A delivery is named (DELIVERY_REF) by its number in `coach delivery list` (1 is the latest),
by its id or any unique start of it (the list shows the shortest unique one, 6 characters or
more), or by a unique
part of its summary, in any case. Runs like every command: one-line errors, exit 2 for bad
input, 1 for a data problem, never Textual; what the user typed is printed through
`visible()`. `cli.py` and `cli_parser.py` list these beside their own (`DELIVERY_SUBCOMMANDS`,
`DELIVERY_COMMANDS`). Nothing heavy is imported at the top.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .cli_account import _coach, _sub

if TYPE_CHECKING:
    import argparse
    from datetime import date

    from .domain.models import Delivery

REF_HELP = (
    "a delivery: its number in `coach delivery list` (1 is the latest), its id (or a unique start of it), "
    "or a unique part of its summary"
)
CLIENT_HELP = "client name: a unique prefix or part of it, any case"
DATE_HELP = "today, yesterday, 3d ago, 2w ago, mon, 2026-11-20, 20 Nov 2026"


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _delivery_args(delivery: argparse.ArgumentParser) -> None:
    add_action = _sub(delivery, "action")
    lst = add_action("list", "a client's deliveries, the latest first, numbered, with their ids")
    lst.add_argument("client", help=CLIENT_HELP)
    lst.add_argument("--json", action="store_true", help="print JSON")
    edit = add_action("edit", "change a delivery: its day, kind, summary, need, told")
    edit.add_argument("client", help=CLIENT_HELP)
    edit.add_argument("delivery", metavar="DELIVERY_REF", help=REF_HELP)
    edit.add_argument("--on", "--date", dest="on", metavar="WHEN", help=DATE_HELP)
    edit.add_argument("--kind", help="idea, thinking, industry, strategy (value-adds) or service")
    edit.add_argument("--summary", metavar="TEXT", help="what was delivered")
    edit.add_argument("--need", metavar="TEXT", help='the need it answers (a recorded need, or a new one; "" clears it)')
    told = edit.add_mutually_exclusive_group()
    told.add_argument(
        "--told", dest="told", action="store_true", default=None, help="the client has been told (closes its Steward card)"
    )
    told.add_argument(
        "--untold", dest="told", action="store_false", default=None, help="not told yet (its Steward card comes back)"
    )
    edit.add_argument("--json", action="store_true", help="print the delivery as edited as JSON (keys in the README)")
    rm = add_action("delete", "delete a delivery (and the Steward card logging it made)")
    rm.add_argument("client", help=CLIENT_HELP)
    rm.add_argument("delivery", metavar="DELIVERY_REF", help=REF_HELP)
    rm.add_argument("--json", action="store_true", help="print the delivery deleted as JSON (keys in the README)")


DELIVERY_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "delivery": ("list, edit or delete a client's deliveries (log one with `coach log`)", _delivery_args)
}


def _words(d: Delivery, need: str | None) -> str:
    from .textsafe import visible

    words = f"{d.on.isoformat()} {d.kind}: {visible(d.summary)}"
    if need is not None:
        words += f" (answers: {visible(need)})"
    return words + ("" if d.told else " · not told yet")


def _json(n: int | None, d: Delivery, need: str | None) -> dict[str, Any]:
    """A delivery as `coach delivery list|edit|delete --json` print it (`n`: its number in the
    list, for `list`)."""
    shown = {**d.to_dict(), "need": need, "value_add": d.is_value_add}
    return shown if n is None else {"n": n, **shown}


def cmd_delivery(args: argparse.Namespace) -> int:
    from .domain.errors import InputError
    from .services.deliveries import KEEP, short_ids
    from .textsafe import json_text, visible

    coach = _coach(args)
    client = coach.portfolio.find_client(args.client)
    name = visible(client.name)
    if args.action == "list":
        _client, deliveries = coach.deliveries.listed(client.id)
        needs = {c.id: c.title for c in coach.deliveries.needs(client.id)}
        if args.json:
            out(json_text([_json(n, d, needs.get(d.need_id or "")) for n, d in enumerate(deliveries, 1)]))
            return 0
        if not deliveries:
            out(f"no delivery logged for {name} yet: log one with `coach log CLIENT SUMMARY`")
            return 0
        shorts = short_ids(deliveries)
        for n, d in enumerate(deliveries, 1):
            out(f"{n:>3}. {shorts[d.id]}  {_words(d, needs.get(d.need_id or ''))}")
        return 0
    found = coach.deliveries.find(client.id, args.delivery)
    short = short_ids(coach.deliveries.listed(client.id)[1])[found.id]
    if args.action == "delete":
        coach.deliveries.delete(client.id, found.id)
        if args.json:
            needs = {c.id: c.title for c in coach.deliveries.needs(client.id)}
            out(
                json_text(
                    {
                        "client": {"id": client.id, "name": client.name},
                        "deleted": _json(None, found, needs.get(found.need_id or "")),
                    }
                )
            )
            return 0
        out(f"{name}: deleted the delivery {short} ({_words(found, None)})")
        return 0
    if all(v is None for v in (args.on, args.kind, args.summary, args.need, args.told)):
        raise InputError("say what to change: --on WHEN, --kind K, --summary TEXT, --need TEXT, --told or --untold")
    on: date | None = None
    if args.on is not None:
        from . import clock
        from .domain.dates import parse_when

        on = parse_when(args.on, clock.today(), earliest=client.added)
    need = KEEP if args.need is None else (args.need if args.need.strip() else None)
    change = coach.deliveries.edit(client.id, found.id, on=on, kind=args.kind, summary=args.summary, need=need, told=args.told)
    after = change.deliveries[0][1] or {}
    edited = coach.deliveries.find(client.id, str(after.get("id", found.id)))
    needs = {c.id: c.title for c in coach.deliveries.needs(client.id)}
    if args.json:
        edited_json = _json(None, edited, needs.get(edited.need_id or ""))
        out(json_text({"client": {"id": client.id, "name": client.name}, "edited": edited_json}))
        return 0
    out(f"{name}: edited the delivery {short}: {_words(edited, needs.get(edited.need_id or ''))}")
    return 0


DELIVERY_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"delivery": cmd_delivery}

__all__ = ["DELIVERY_SUBCOMMANDS", "DELIVERY_COMMANDS"]
