"""A team database from the shell: `coach team [--json]`, the leader's view of the teams the
user leads (`cli_team_view`); its people: `coach team add-member ROLE [--team TEAM]
[--leader-of TEAM] [--password-stdin]` and `coach team remove-member ROLE [--reassign-to OTHER]
[--dry-run]` (its admin), `coach team share CLIENT ROLE [--read]`
and `coach team unshare CLIENT ROLE` (the client's owner), `coach team members [--json]`.

Each runs on the team database chosen as every command's store is (`--db URL`, else $COACH_DB,
else `coach config backend`), as the role the URL names:
the database decides what that role may do (`services.team_admin`). A password is read from
standard input, never from the command line (where `ps` and the shell's history would keep
it), and never printed. `cli.py` and `cli_parser.py` list these beside their own
(`TEAM_SUBCOMMANDS`, `TEAM_COMMANDS`). Nothing heavy is imported at the top: psycopg is
loaded by the command that connects.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from .services.team_admin import TeamAdmin
    from .store.postgres.team import Member, MemberRemoved, Roster


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _team_args(parser: argparse.ArgumentParser) -> None:
    from .cli_account import _shared
    from .cli_team_view import add_view

    add_view(parser)  # `coach team` alone: the leader's view
    parser.epilog = "With no ACTION: the teams you lead, a row per manager (--json for scripts)."
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser), required=False)

    def add(name: str, help: str) -> argparse.ArgumentParser:
        sp = actions.add_parser(name, help=help, description=help)
        # --data, --db and --demo as every command has them: their defaults do not overwrite
        # the ones given before the action (`coach --db URL team members`).
        _shared["common"](sp, False)
        return sp

    member = add("add-member", "make a PostgreSQL role a member of the team database (its admin runs it)")
    member.add_argument("role", metavar="ROLE", help="the member's login role: letters, digits, underscores (created if missing)")
    member.add_argument("--team", metavar="TEAM", help="the team they are in (created if missing)")
    member.add_argument("--leader-of", metavar="TEAM", help="the team they lead: they read its members' clients and weekly loop")
    member.add_argument(
        "--password-stdin",
        action="store_true",
        help="read a password for a new login role from standard input, or ask for it at a terminal "
        "(default: none; your server's authentication applies)",
    )
    member.add_argument("--json", action="store_true", help="print the member as JSON (keys in the README)")
    remove = add(
        "remove-member", "take a member off the team database, with its own rows; the login role is kept (its admin runs it)"
    )
    remove.add_argument("role", metavar="ROLE", help="the member to remove")
    remove.add_argument(
        "--reassign-to",
        metavar="OTHER",
        help="give every client ROLE owns, with its records, to the member OTHER (needed when ROLE owns clients)",
    )
    remove.add_argument("--dry-run", action="store_true", help="say what would be removed and moved, change nothing")
    remove.add_argument("--json", action="store_true", help="print what was removed as JSON (keys in the README)")
    share = add("share", "share one of your clients: with another manager to write it, or --read with an exec sponsor")
    share.add_argument("client", metavar="CLIENT", help="one of your clients: its id, or its name or part of it")
    share.add_argument("role", metavar="ROLE", help="the member to share it with")
    share.add_argument("--read", action="store_true", help="read-only (an exec sponsor): they see it, never change it")
    unshare = add("unshare", "stop sharing one of your clients with a member")
    unshare.add_argument("client", metavar="CLIENT", help="one of your clients: its id, or its name or part of it")
    unshare.add_argument("role", metavar="ROLE", help="the member it is shared with")
    members = add("members", "list the teams, their leaders and members")
    members.add_argument("--json", action="store_true", help="print the teams and members as JSON (keys in the README)")


TEAM_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "team": (
        "the teams you lead: each manager's active and overdue clients, untold cards, weakest pillar, commitments kept; "
        "add and remove members, share your clients, list who leads whom (a team database)",
        _team_args,
    )
}


def _admin(args: argparse.Namespace) -> TeamAdmin:
    """The team database the command works on, chosen as every command's store is (`--db`,
    `$COACH_DB`, `coach config backend`): a data folder is refused in one line."""
    from .domain.errors import InputError
    from .services.database import choose_backend
    from .services.team_admin import TeamAdmin

    if getattr(args, "demo", False):
        raise InputError(f"coach team {args.action} works on a team database, not on the demo portfolio", "demo")
    backend = choose_backend(getattr(args, "data", None), getattr(args, "db", None))
    if backend.dsn is None:
        raise InputError(
            f"coach team {args.action} works on a team database, and the store chosen ({backend.chosen_by}) is a data "
            "folder: give --db postgresql://ROLE@HOST/DATABASE, set $COACH_DB, or run `coach config backend URL`",
            "db",
        )
    return TeamAdmin(backend.dsn)


def _password(role: str) -> str:
    """The password on standard input: one line, piped in; at a terminal, asked for without
    echoing it."""
    from .domain.errors import InputError

    if sys.stdin is None:
        raise InputError("--password-stdin reads the password from standard input, and there is none", "password")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"password for {role}: ")
    text = sys.stdin.read()
    lines = text.splitlines()
    if len(lines) > 1:
        raise InputError("--password-stdin takes one line: the password, and nothing after it", "password")
    return lines[0] if lines else ""


def _where(member: Member) -> str:
    from .textsafe import visible

    parts = []
    if member.team is not None:
        parts.append(f"in team {visible(member.team)}")
    if member.leader_of is not None:
        parts.append(f"leading {visible(member.leader_of)}")
    return ", ".join(parts) if parts else "in no team"


def cmd_add_member(args: argparse.Namespace) -> int:
    from .textsafe import json_text

    admin = _admin(args)
    password = _password(args.role) if args.password_stdin else None
    added = admin.add_member(args.role, team=args.team, leader_of=args.leader_of, password=password)
    member = added.member
    if args.json:
        out(
            json_text(
                {
                    "role": member.role,
                    "team": member.team,
                    "leader_of": member.leader_of,
                    "created_role": added.created_role,
                    "was_member": added.was_member,
                    "created_teams": list(added.created_teams),
                }
            )
        )
        return 0
    for team in added.created_teams:
        out(f"created team {team}")
    if added.created_role:
        how = "with the password given" if password is not None else "with no password (your server's authentication applies)"
        out(f"created login role {member.role} {how}")
    elif password is not None:
        out(f"login role {member.role} existed already: its password is left as it was")
    verb = "is still a member" if added.was_member else "is now a member"
    out(f"{member.role} {verb}, {_where(member)}")
    return 0


def cmd_remove_member(args: argparse.Namespace) -> int:
    removed = _admin(args).remove_member(args.role, reassign_to=args.reassign_to, dry_run=args.dry_run)
    if args.json:
        from .textsafe import json_text

        out(json_text(_removed_json(removed)))
        return 0
    for line in _removed_lines(removed):
        out(line)
    return 0


def _count(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def _removed_lines(removed: MemberRemoved) -> list[str]:
    from .textsafe import visible

    would = removed.dry_run
    role = removed.member.role
    lines = []
    if removed.clients:
        names = ", ".join(visible(name) for _cid, name in removed.clients)
        heir = removed.reassigned_to
        move = "would move" if would else "moved"
        clients, records = _count(len(removed.clients), "client"), _count(removed.records, "record")
        line = f"{move} {clients} of {role} to {heir} ({names}), with {records}"
        if removed.heir_shares:
            shares = _count(removed.heir_shares, "share")
            line += f"; {shares} of them to {heir} {'would go' if would else 'removed'} (an owner needs none)"
        lines.append(line)
    own = [
        *(["its settings"] if removed.settings else []),
        *([_count(removed.journal, "undo journal entry", "undo journal entries")] if removed.journal else []),
        *([_count(removed.weekly, "weekly row")] if removed.weekly else []),
        *([_count(removed.memos, "memo")] if removed.memos else []),
        *([_count(removed.shares, "share") + " to it"] if removed.shares else []),
    ]
    went = "would go" if would else "removed"
    rows = f"{', '.join(own[:-1])} and {own[-1]}" if len(own) > 1 else "".join(own)
    verb = "would no longer be" if would else "is no longer"
    lines.append(
        f"{role} {verb} a member of this team database ({f'{rows} {went}' if own else 'it had no rows of its own'}); "
        "its PostgreSQL login role is kept, as other databases may use it"
    )
    for team in removed.leaderless:
        now = "would have" if would else "now has"
        lines.append(
            f"team {visible(team)} {now} no leader: name one with `coach team add-member ROLE --leader-of {visible(team)}`"
        )
    if would:
        lines.append("dry run: nothing was changed")
    return lines


def _removed_json(removed: MemberRemoved) -> dict[str, object]:
    member = removed.member
    return {
        "role": member.role,
        "team": member.team,
        "leader_of": member.leader_of,
        "dry_run": removed.dry_run,
        "reassigned_to": removed.reassigned_to,
        "clients": [{"id": cid, "name": name} for cid, name in removed.clients],
        "records": removed.records,
        "removed": {
            "settings": removed.settings,
            "journal": removed.journal,
            "weekly": removed.weekly,
            "memos": removed.memos,
            "shares": removed.shares,
            "shares_to_new_owner": removed.heir_shares,
        },
        "leaderless": list(removed.leaderless),
        "login_role_kept": True,
    }


def cmd_share(args: argparse.Namespace) -> int:
    from .textsafe import visible

    shared = _admin(args).share(args.client, args.role, read_only=args.read)
    name = visible(shared.client_name)
    what = "read and write it" if shared.access == "write" else "read it, never change it"
    if shared.before == shared.access:
        out(f"{name} was shared with {shared.role} already: they {what}")
    else:
        out(f"shared {name} with {shared.role}: they {what}")
    return 0


def cmd_unshare(args: argparse.Namespace) -> int:
    from .textsafe import visible

    shared = _admin(args).unshare(args.client, args.role)
    out(f"{visible(shared.client_name)} is no longer shared with {shared.role}")
    return 0


def cmd_members(args: argparse.Namespace) -> int:
    roster = _admin(args).members()
    if args.json:
        from .textsafe import json_text

        out(json_text(_roster_json(roster)))
        return 0
    from .textsafe import visible

    if not roster.members:
        out("no members yet: the admin adds them with `coach team add-member ROLE --team TEAM`")
        return 0
    for team in roster.teams:
        leaders = [visible(m.role) for m in roster.members if m.leader_of == team]
        inside = [visible(m.role) for m in roster.members if m.team == team]
        led = f"led by {', '.join(leaders)}" if leaders else "no leader"
        out(f"{visible(team)} ({led}): {', '.join(inside) if inside else 'no members'}")
    outside = [visible(m.role) for m in roster.members if m.team is None]
    if outside:
        out(f"in no team: {', '.join(outside)}")
    return 0


def _roster_json(roster: Roster) -> dict[str, object]:
    return {
        "teams": [
            {
                "name": team,
                "leaders": [m.role for m in roster.members if m.leader_of == team],
                "members": [m.role for m in roster.members if m.team == team],
            }
            for team in roster.teams
        ],
        "members": [
            {"role": m.role, "team": m.team, "leader_of": m.leader_of, "added": m.added.isoformat(timespec="seconds")}
            for m in roster.members
        ],
    }


def cmd_team(args: argparse.Namespace) -> int:
    if args.action is None:
        from .cli_team_view import run_view

        return run_view(args)
    return {
        "add-member": cmd_add_member,
        "remove-member": cmd_remove_member,
        "share": cmd_share,
        "unshare": cmd_unshare,
        "members": cmd_members,
    }[args.action](args)


TEAM_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"team": cmd_team}

__all__ = ["TEAM_SUBCOMMANDS", "TEAM_COMMANDS"]
