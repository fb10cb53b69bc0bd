"""The account in depth from the shell: `coach person`, `coach touch`, `coach plan`, `coach opp`
and `coach pillars` (method.md, "Accounts in depth" and "Pillar scores").

`cli.py` lists these commands beside its own (`ACCOUNT_SUBCOMMANDS`, `ACCOUNT_COMMANDS`) and
runs them the same way: one-line errors, exit 2 for bad input, 1 for a data problem, never
Textual. Names people, goals, initiatives and opportunities by id, by their number as the
list commands show them, or by a unique part of their name, in any case. Everything a user
typed is printed through `visible()`: a name is never a terminal escape or markup.

Nothing heavy is imported at the top: `cli.py` imports this module on every run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from datetime import date

    from .domain.account import Opportunity, Person, Touch
    from .domain.models import Client
    from .services import Coach
    from .services.read_models import PersonRow

CLIENT_HELP = "client name: a unique prefix or part of it, any case"
PERSON_HELP = "a person: their number in `coach person list`, or a unique part of their name"
DATE_HELP = "today, yesterday, 3d ago, 2w ago, mon, 2026-11-20, 20 Nov 2026"
AHEAD_HELP = "a day ahead: 2027-03-31, 31 Mar 2027, fri, in 2w, in 3m"
MONEY_HELP = "an amount: 120k, 1.2m, 95,000, €95000"
ROLES_HELP = (
    "the client's: decision-maker, economic-buyer, champion, user, finance, procurement, other; "
    "ours: exec-sponsor, delivery-lead, specialist, other"
)
STAGES_HELP = "identified, qualified, proposed, won or lost"


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


# What every command shares with cli.py and cli_parser.py (--data and --demo, opening the data
# folder), handed over through `connect`: this module imports neither (no import loop).
_shared: dict[str, Callable[..., Any]] = {}


def connect(
    *,
    common: Callable[[argparse.ArgumentParser, bool], None] | None = None,
    open_coach: Callable[[argparse.Namespace], Coach] | None = None,
) -> None:
    """Take cli_parser.py's `_common` (declares --data and --demo) or cli.py's `_coach` (opens
    the data folder)."""
    if common is not None:
        _shared["common"] = common
    if open_coach is not None:
        _shared["coach"] = open_coach


def _coach(args: argparse.Namespace) -> Coach:
    coach: Coach = _shared["coach"](args)
    return coach


def _sub(parser: argparse.ArgumentParser, dest: str) -> Callable[[str, str], argparse.ArgumentParser]:
    """A function adding one action under `parser`, with --data and --demo like every command.
    Subparsers are of the parser's own class, so their errors are one line too."""
    actions = parser.add_subparsers(dest=dest, metavar="ACTION", parser_class=type(parser), required=True)

    def add(name: str, help: str) -> argparse.ArgumentParser:
        sp = actions.add_parser(name, help=help, description=help)
        _shared["common"](sp, False)
        return sp

    return add


# -- arguments ------------------------------------------------------------------------------


def _json(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON (keys in the README)")


def _person_args(person: argparse.ArgumentParser) -> None:
    add_action = _sub(person, "action")
    add = add_action("add", "add one of the client's people, or one of our account team (--ours)")
    add.add_argument("client", help=CLIENT_HELP)
    add.add_argument("name", help="their name")
    add.add_argument("--role", required=True, help=ROLES_HELP)
    add.add_argument("--title", default="", metavar="T", help="their job title: COO, Head of Logistics")
    add.add_argument("--ours", action="store_true", help="one of our account team (an exec-sponsor role says so by itself)")
    _json(add, "the person added")
    lst = add_action("list", "list the people on an account, each with their last touch")
    lst.add_argument("client", help=CLIENT_HELP)
    lst.add_argument("--json", action="store_true", help="print JSON")
    edit = add_action("edit", "change a person's name, role or title")
    edit.add_argument("client", help=CLIENT_HELP)
    edit.add_argument("person", help=PERSON_HELP)
    edit.add_argument("--name", metavar="N")
    edit.add_argument("--role", metavar="R", help=ROLES_HELP)
    edit.add_argument("--title", metavar="T", help='their job title ("" clears it)')
    side = edit.add_mutually_exclusive_group()
    side.add_argument("--ours", action="store_true", default=None, help="move them to our account team")
    side.add_argument("--theirs", dest="ours", action="store_false", default=None, help="move them to the client's people")
    _json(edit, "the person as changed")
    rm = add_action("remove", "remove a person and the touches with them")
    rm.add_argument("client", help=CLIENT_HELP)
    rm.add_argument("person", help=PERSON_HELP)
    _json(rm, "the person removed")


def _touch_args(touch: argparse.ArgumentParser) -> None:
    touch.add_argument("client", help=CLIENT_HELP)
    touch.add_argument("person", help="one of the client's people: " + PERSON_HELP.split(": ", 1)[1])
    touch.add_argument("--kind", default="call", help="call, meeting, email or event (default call)")
    touch.add_argument("--date", default="today", metavar="WHEN", help=DATE_HELP)
    touch.add_argument("--note", default="", metavar="TEXT", help="what was said or agreed")
    touch.add_argument(
        "--with",
        dest="with_ours",
        action="append",
        default=[],
        metavar="OUR_PERSON",
        help="one of our account team who took part (repeat for several)",
    )
    _json(touch, "the touch logged")


def _plan_args(plan: argparse.ArgumentParser) -> None:
    from .coaching.account_plan import FORMATS

    add_action = _sub(plan, "action")
    show = add_action("show", "the one-page account plan, ready to send")
    show.add_argument("client", help=CLIENT_HELP)
    show.add_argument("--format", default="md", choices=FORMATS, help="md (Markdown, the default), txt or json")
    _json(show, "the plan (the same as --format json)")

    goal = add_action("goal", "add, edit or remove a client goal")
    add_goal = _sub(goal, "goal_action")
    gadd = add_goal("add", "add a client goal: what they want to move, to what, by when")
    gadd.add_argument("client", help=CLIENT_HELP)
    gadd.add_argument("text", help="the goal: Cut freight cost")
    gadd.add_argument("--metric", default="", metavar="M", help="the client's metric: cost per pallet")
    gadd.add_argument("--target", default="", metavar="T", help="the target: 95%%, 2 days (a fall: --target=-8%%)")
    gadd.add_argument("--by", metavar="WHEN", help=AHEAD_HELP)
    _json(gadd, "the goal added")
    gedit = add_goal("edit", "change a client goal")
    gedit.add_argument("client", help=CLIENT_HELP)
    gedit.add_argument("goal", help="its number in the plan, or a unique part of its text")
    gedit.add_argument("--text")
    gedit.add_argument("--metric", metavar="M")
    gedit.add_argument("--target", metavar="T")
    gedit.add_argument("--by", metavar="WHEN", help=AHEAD_HELP + ' ("" clears it)')
    _json(gedit, "the goal as changed")
    grm = add_goal("remove", "remove a client goal")
    grm.add_argument("client", help=CLIENT_HELP)
    grm.add_argument("goal", help="its number in the plan, or a unique part of its text")
    _json(grm, "the goal removed")

    initiative = add_action("initiative", "add or remove one of our initiatives")
    add_initiative = _sub(initiative, "initiative_action")
    iadd = add_initiative("add", "add an initiative, carried out by Plan cards")
    iadd.add_argument("client", help=CLIENT_HELP)
    iadd.add_argument("text", help="what we will do: Pilot shared warehousing")
    iadd.add_argument(
        "--card", dest="cards", action="append", default=[], metavar="CARD", help="a card carrying it out (repeat for several)"
    )
    _json(iadd, "the initiative added")
    irm = add_initiative("remove", "remove an initiative (its cards stay on the board)")
    irm.add_argument("client", help=CLIENT_HELP)
    irm.add_argument("initiative", help="its number in the plan, or a unique part of its text")
    _json(irm, "the initiative removed")

    review = add_action("review", "mark the plan reviewed")
    review.add_argument("client", help=CLIENT_HELP)
    review.add_argument("--date", default="today", metavar="WHEN", help=DATE_HELP)
    _json(review, "the day of the review")
    share = add_action("share", "record that the plan was shared, with the client's people or ours")
    share.add_argument("client", help=CLIENT_HELP)
    share.add_argument(
        "--with", dest="people", action="append", required=True, metavar="PERSON", help="who heard it (repeat for several)"
    )
    share.add_argument("--date", default="today", metavar="WHEN", help=DATE_HELP)
    _json(share, "the share recorded")


def _opp_args(opp: argparse.ArgumentParser) -> None:
    add_action = _sub(opp, "action")
    add = add_action("add", "add an opportunity")
    add.add_argument("client", help=CLIENT_HELP)
    add.add_argument("title", help="what the client could buy: Shared warehousing, EU-wide")
    add.add_argument("--value", metavar="AMOUNT", help=MONEY_HELP)
    add.add_argument("--stage", default="identified", help=STAGES_HELP + " (default identified)")
    add.add_argument("--need", metavar="TEXT", help="the need (Understand card) it answers: a recorded need, or a new one")
    add.add_argument("--next", default="", metavar="TEXT", help="the next step: Send the proposal")
    add.add_argument("--next-date", metavar="WHEN", help="when the next step is due: " + AHEAD_HELP)
    add.add_argument("--close", metavar="WHEN", help="the expected close: " + AHEAD_HELP)
    _json(add, "the opportunity added")
    lst = add_action("list", "list a client's opportunities, open ones first")
    lst.add_argument("client", help=CLIENT_HELP)
    lst.add_argument("--json", action="store_true", help="print JSON")
    stage = add_action("stage", "move an opportunity to a stage")
    stage.add_argument("client", help=CLIENT_HELP)
    stage.add_argument("opp", help="its number in `coach opp list`, or a unique part of its title")
    stage.add_argument("stage", help=STAGES_HELP)
    _json(stage, "the opportunity in its new stage")
    edit = add_action("edit", 'change an opportunity ("" clears a value, a need, a next step, a date)')
    edit.add_argument("client", help=CLIENT_HELP)
    edit.add_argument("opp", help="its number in `coach opp list`, or a unique part of its title")
    edit.add_argument("--title")
    edit.add_argument("--value", metavar="AMOUNT", help=MONEY_HELP)
    edit.add_argument("--need", metavar="TEXT")
    edit.add_argument("--next", metavar="TEXT")
    edit.add_argument("--next-date", metavar="WHEN", help=AHEAD_HELP)
    edit.add_argument("--close", metavar="WHEN", help=AHEAD_HELP)
    _json(edit, "the opportunity as changed")
    rm = add_action("remove", "remove an opportunity")
    rm.add_argument("client", help=CLIENT_HELP)
    rm.add_argument("opp", help="its number in `coach opp list`, or a unique part of its title")
    _json(rm, "the opportunity removed")


def _pillars_args(pillars: argparse.ArgumentParser) -> None:
    pillars.add_argument("client", help=CLIENT_HELP)
    pillars.add_argument("--json", action="store_true", help="print JSON (scores, evidence, weakest, failing_signal, tip)")


# name -> (help, how to declare its arguments), in the order `coach --help` lists them.
ACCOUNT_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "person": ("add, list, edit or remove the people on an account (theirs and ours)", _person_args),
    "touch": ("log a touch: a call, meeting, email or event with one of the client's people", _touch_args),
    "plan": ("the account plan: show it, goals, initiatives, review, share", _plan_args),
    "opp": ("add, list, stage, edit or remove a client's opportunities", _opp_args),
    "pillars": ("a client's five pillar scores, their evidence, the failing signal and the tip", _pillars_args),
}


# -- helpers --------------------------------------------------------------------------------


def _client(coach: Coach, args: argparse.Namespace) -> Client:
    return coach.portfolio.find_client(args.client)


def _result(args: argparse.Namespace, client: Client, line: str, **data: Any) -> None:
    """What a command that changed something prints: `line`, or with --json the client and
    `data` as one JSON document."""
    if args.json:
        out(_json_text({"client": {"id": client.id, "name": client.name}, **data}))
    else:
        out(line)


def _json_text(data: Any) -> str:
    from .textsafe import json_text

    return json_text(data)


def _v(text: str) -> str:
    from .textsafe import visible

    return visible(text)


def _person_words(person: Person) -> str:
    from .domain.account import ROLE_TITLES

    role = ROLE_TITLES.get(person.role, person.role)
    title = f", {_v(person.title)}" if person.title else ""
    side = "our account team" if person.ours else "the client's people"
    return f"{_v(person.name)}{title} ({role}, {side})"


def _touch_words(touch: Touch | None, today: Any) -> str:
    from .domain.dates import format_date

    if touch is None:
        return "never touched"
    return f"last touch {format_date(touch.on, today)} ({touch.kind})"


def _row_json(row: PersonRow) -> dict[str, Any]:
    t = row.last_touch
    return {
        **row.person.to_dict(),
        "last_touch": None if t is None else {"date": t.on.isoformat(), "kind": t.kind, "note": t.note},
        "touches": row.touches,
        "briefed": row.briefed.isoformat() if row.briefed else None,
    }


# -- commands -------------------------------------------------------------------------------


def cmd_person(args: argparse.Namespace) -> int:
    coach = _coach(args)
    client = _client(coach, args)
    name = _v(client.name)
    if args.action == "add":
        person = coach.people.add(client.id, args.name, args.role, title=args.title, ours=True if args.ours else None)
        _result(args, client, f"{name}: added {_person_words(person)}", person=person.to_dict())
    elif args.action == "list":
        view = coach.people.view(client.id)
        if args.json:
            out(_json_text([_row_json(r) for r in view.rows]))
            return 0
        if not view.rows:
            out(f"nobody on {name}'s account yet: add one with `coach person add CLIENT NAME --role ROLE`")
            return 0
        from .domain.account import ROLE_TITLES
        from .domain.dates import format_date

        n = 0
        for heading, rows in (("the client's people", view.theirs), ("our account team", view.ours)):
            if not rows:
                continue
            out(f"{heading} ({len(rows)})")
            for row in rows:
                n += 1
                p = row.person
                title = f", {_v(p.title)}" if p.title else ""
                line = f"  {n}. {_v(p.name)}{title} · {ROLE_TITLES.get(p.role, p.role)} · "
                if p.ours:
                    line += _touch_words(row.last_touch, view.today).replace("never touched", "in no touch yet")
                    line += f" · briefed {format_date(row.briefed, view.today)}" if row.briefed else " · not briefed"
                else:
                    line += _touch_words(row.last_touch, view.today)
                    if row.last_touch is not None and row.last_touch.note:
                        line += f": {_v(' '.join(row.last_touch.note.split()))}"
                out(line)
    elif args.action == "edit":
        changed = coach.people.edit(client.id, args.person, name=args.name, role=args.role, title=args.title, ours=args.ours)
        _result(args, client, f"{name}: updated {_person_words(changed)}", person=changed.to_dict())
    elif args.action == "remove":
        person, touches = coach.people.remove(client.id, args.person)
        gone = f" and {touches} touch{'es' if touches != 1 else ''} with them" if touches else ""
        _result(args, client, f"{name}: removed {_v(person.name)}{gone}", removed=person.to_dict(), touches=touches)
    return 0


def cmd_touch(args: argparse.Namespace) -> int:
    coach = _coach(args)
    client = _client(coach, args)
    touch, them, ours = coach.people.log_touch(
        client.id, args.person, kind=args.kind, on=args.date, note=args.note, with_ours=tuple(args.with_ours)
    )
    article = "an" if touch.kind[0] in "aeiou" else "a"
    line = f"{_v(client.name)}: logged {article} {touch.kind} with {_v(them.name)} on {_day(touch.on)}"
    if ours:
        line += " (with " + ", ".join(_v(p.name) for p in ours) + ")"
    if touch.note:
        line += f": {_v(' '.join(touch.note.split()))}"
    people = {"person": {"id": them.id, "name": them.name}, "ours": [{"id": p.id, "name": p.name} for p in ours]}
    _result(args, client, line, touch=touch.to_dict(), **people)
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    coach = _coach(args)
    # An archived client's plan is still worth showing.
    client = coach.portfolio.find_client(args.client, include_archived=args.action == "show")
    name = _v(client.name)
    if args.action == "show":
        from .coaching.account_plan import render_account_plan

        fmt = "json" if args.json else args.format
        text = render_account_plan(coach.plans.view(client.id), coach.opportunities.view(client.id), fmt)
        sys.stdout.write(text)
    elif args.action == "goal":
        if args.goal_action == "add":
            goal = coach.plans.add_goal(client.id, args.text, metric=args.metric, target=args.target, by=args.by)
            _result(args, client, f"{name}: added the goal {_v(goal.text)!r}{_goal_words(goal)}", goal=goal.to_dict())
        elif args.goal_action == "edit":
            goal = coach.plans.edit_goal(client.id, args.goal, text=args.text, metric=args.metric, target=args.target, by=args.by)
            _result(args, client, f"{name}: updated the goal {_v(goal.text)!r}{_goal_words(goal)}", goal=goal.to_dict())
        else:
            goal = coach.plans.remove_goal(client.id, args.goal)
            _result(args, client, f"{name}: removed the goal {_v(goal.text)!r}", removed=goal.to_dict())
    elif args.action == "initiative":
        if args.initiative_action == "add":
            initiative = coach.plans.add_initiative(client.id, args.text, cards=tuple(args.cards))
            cards = len(initiative.card_ids)
            linked = f", carried out by {cards} card{'s' if cards != 1 else ''}" if cards else ""
            line = f"{name}: added the initiative {_v(initiative.text)!r}{linked}"
            _result(args, client, line, initiative=initiative.to_dict())
        else:
            initiative = coach.plans.remove_initiative(client.id, args.initiative)
            line = f"{name}: removed the initiative {_v(initiative.text)!r}"
            _result(args, client, line, removed=initiative.to_dict())
    elif args.action == "review":
        day = coach.plans.review(client.id, args.date)
        _result(args, client, f"{name}: the account plan was reviewed on {_day(day)}", reviewed=day.isoformat())
    elif args.action == "share":
        share, names = coach.plans.share(client.id, tuple(args.people), args.date)
        line = f"{name}: the account plan was shared on {_day(share.on)} with {', '.join(_v(n) for n in names)}"
        _result(args, client, line, share=share.to_dict(), **{"with": names})
    return 0


def _day(day: date) -> str:
    """A day the user typed, echoed in full (`Tue 24 Nov 2026`): what `--date "Nov 24"` or
    `--date tue` turned out to be."""
    from .domain.dates import long_date

    return long_date(day, weekday=True)


def _goal_words(goal: Any) -> str:
    words = []
    if goal.metric:
        words.append(f"metric: {_v(goal.metric)}")
    if goal.target:
        words.append(f"target: {_v(goal.target)}")
    if goal.by:
        words.append(f"by {goal.by.isoformat()}")
    return f" ({', '.join(words)})" if words else ""


def _opp_words(o: Opportunity, currency: str, need: str | None) -> str:
    from .domain.money import format_money

    words = [o.stage]
    if o.value is not None:
        words.insert(0, format_money(o.value, currency))
    if need:
        words.append(f"answers: {_v(need)}")
    if o.next_step:
        words.append(f"next: {_v(o.next_step)}" + (f" by {o.next_date.isoformat()}" if o.next_date else ""))
    elif o.is_open:
        words.append("no next step")
    if o.close:
        words.append(f"close {o.close.isoformat()}")
    return " · ".join(words)


def _opp_json(o: Opportunity, need: str | None) -> dict[str, Any]:
    return {**o.to_dict(), "need": need}


def _opp_fields(args: argparse.Namespace) -> dict[str, Any]:
    """What `opp add` and `opp edit` both take."""
    return {"value": args.value, "need": args.need, "next_step": args.next, "next_date": args.next_date, "close": args.close}


def cmd_opp(args: argparse.Namespace) -> int:
    coach = _coach(args)
    client = _client(coach, args)
    name = _v(client.name)
    currency = coach.settings.currency()

    def said(verb: str, opp: Opportunity, **more: Any) -> None:  # what `opp add`, `edit` and `stage` say
        need = coach.opportunities.view(client.id).need(opp.need_id)
        title = need.title if need else None
        line = f"{name}: {verb} {_v(opp.title)!r}: {_opp_words(opp, currency, title)}"
        _result(args, client, line, opportunity=_opp_json(opp, title), **more)

    if args.action == "add":
        opp, created = coach.opportunities.add(client.id, args.title, stage=args.stage, **_opp_fields(args))
        said("added", opp, need_created=created)
        if created and not args.json:
            out("  its need is a new Understand card on the board")
    elif args.action == "list":
        view = coach.opportunities.view(client.id)
        if args.json:
            listed = [_opp_json(o, c.title if (c := view.need(o.need_id)) else None) for o in view.opportunities]
            out(_json_text(listed))
            return 0
        if not view.opportunities:
            out(f"no opportunity on {name}'s account yet: add one with `coach opp add CLIENT TITLE`")
            return 0
        for n, o in enumerate(view.opportunities, 1):
            need = view.need(o.need_id)
            late = " (overdue)" if o.is_open and o.next_date and o.next_date < view.today else ""
            out(f"  {n}. {_v(o.title)} · {_opp_words(o, view.currency, need.title if need else None)}{late}")
    elif args.action == "stage":
        opp, was = coach.opportunities.stage(client.id, args.opp, args.stage)
        if args.json:
            said("", opp, was=was)
        else:
            out(f"{name}: {_v(opp.title)!r} moved from {was} to {opp.stage}")
    elif args.action == "edit":
        said("updated", coach.opportunities.edit(client.id, args.opp, title=args.title, **_opp_fields(args)))
    elif args.action == "remove":
        opp = coach.opportunities.remove(client.id, args.opp)
        _result(args, client, f"{name}: removed {_v(opp.title)!r}", removed=opp.to_dict())
    return 0


def cmd_pillars(args: argparse.Namespace) -> int:
    from .domain.models import PILLAR_TITLES, PILLARS

    coach = _coach(args)
    # The board's own reading: its scores, its failing signal and the tip it chose for it.
    board = coach.boards.read(_client(coach, args).id)
    view, tip = board.view, board.tip
    if tip is not None:
        coach.boards.record_tip(view.client.id, tip.id)  # shown, as on the board
    if args.json:
        data = {
            "client": {"id": view.client.id, "name": view.client.name},
            "on": board.today.isoformat(),
            "scores": {p: view.scores[p].score for p in PILLARS},
            "evidence": {p: list(view.scores[p].evidence) for p in PILLARS},
            "weakest": view.weakest,
            "failing_signal": view.failing.signal,
            "failing_evidence": view.failing.evidence if view.failing.signal is not None else None,
            "tip": None if tip is None else {"id": tip.id, "title": tip.title, "action": tip.action},
        }
        out(_json_text(data))
        return 0
    out(f"{_v(view.client.name)} · pillars on {board.today.isoformat()}")
    for p in PILLARS:
        score = view.scores[p]
        shown = "—" if score.score is None else f"{score.score}/100"
        mark = "  ← weakest" if p == view.weakest else ""
        out(f"{PILLAR_TITLES[p]}: {shown}{mark}")
        for line in score.evidence:
            out(f"  - {_v(line)}")
    failing = view.failing
    out(f"weakest pillar: {PILLAR_TITLES[view.weakest]}")
    if failing.signal is not None:
        out(f"failing signal: {failing.signal}: {_v(failing.evidence)}")
    else:
        out("failing signal: none known")
    if tip is None:
        out("tip: none (the tip library can't be used)")
    else:
        out(f"tip: {tip.title}")
        out(f"  this week: {tip.action}")
    return 0


ACCOUNT_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "person": cmd_person,
    "touch": cmd_touch,
    "plan": cmd_plan,
    "opp": cmd_opp,
    "pillars": cmd_pillars,
}

__all__ = ["ACCOUNT_SUBCOMMANDS", "ACCOUNT_COMMANDS", "connect"]
