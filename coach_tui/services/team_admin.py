"""A team database's people: adding and removing a member (its admin), sharing a client with another
manager or an exec sponsor (the client's owner), listing who is who.

Each use case takes the DSN of the team database and acts as the role it connects as; what
that role may do is the database's to say (schema 2's row-level security), and the SQL is the
store's (`store.postgres.team`). Here the names typed are checked first, so a bad one is one
line saying what is accepted rather than a database error: a role name is what PostgreSQL
takes unquoted and a person can type at a login prompt, a team name what coach_team accepts.
psycopg is imported only when a use case runs, never by importing this module.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..domain.errors import InputError
from ..textsafe import visible

if TYPE_CHECKING:
    from ..store.postgres.team import MemberAdded, MemberRemoved, Roster, Shared

_ROLE = re.compile(r"[A-Za-z0-9_]{1,63}")
_TEAM = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}")
# Names PostgreSQL keeps for itself, and the group every member is granted.
_RESERVED = {"public", "none", "coach_user"}


def check_role(role: str) -> str:
    """A role name as typed, if PostgreSQL and coach accept it; else one line saying why."""
    if not _ROLE.fullmatch(role):
        raise InputError(
            f"not a role name: {visible(role)!r} (use 1 to 63 letters, digits or underscores, like maria_lopez)", "role"
        )
    if role.lower() in _RESERVED or role.lower().startswith("pg_"):
        raise InputError(f"{role} is a name PostgreSQL or coach keeps for itself: choose another role name", "role")
    return role


def check_team(team: str) -> str:
    if not _TEAM.fullmatch(team):
        raise InputError(
            f"not a team name: {visible(team)!r} (use up to 63 letters, digits, spaces, _ . or -, "
            "starting with a letter or digit)",
            "team",
        )
    return team


def check_dsn(dsn: str | None) -> str:
    if not dsn or not dsn.strip():
        raise InputError("name the team database: --db postgresql://ROLE@HOST/DATABASE, or set $COACH_DB", "db")
    return dsn


class TeamAdmin:
    """The people of the team database at `dsn`, as the role `dsn` connects as."""

    def __init__(self, dsn: str | None) -> None:
        self.dsn = check_dsn(dsn)

    def add_member(
        self, role: str, *, team: str | None = None, leader_of: str | None = None, password: str | None = None
    ) -> MemberAdded:
        """Make `role` a member (in `team`, leading `leader_of`): the admin's use case. The
        teams and the login role are created if missing; run again it is harmless."""
        from ..store.postgres.team import add_member

        check_role(role)
        for name in (team, leader_of):
            if name is not None:
                check_team(name)
        if password is not None and not password:
            raise InputError("the password is empty: give one on standard input, or leave out --password-stdin", "password")
        return add_member(self.dsn, role, team, leader_of, password)

    def remove_member(self, role: str, *, reassign_to: str | None = None, dry_run: bool = False) -> MemberRemoved:
        """Take `role` off the members (the admin's use case), all or nothing: its own rows and
        the shares to it go; the clients it owns move to `reassign_to`, a member, else it is
        refused. The login role is kept (other databases may use it). `dry_run`: what would
        happen, nothing changed."""
        from ..store.postgres.team import remove_member

        check_role(role)
        if reassign_to is not None:
            check_role(reassign_to)
            if reassign_to == role:
                raise InputError(f"{role} is the member being removed: reassign its clients to another member", "role")
        return remove_member(self.dsn, role, reassign_to, dry_run)

    def share(self, client: str, role: str, *, read_only: bool = False) -> Shared:
        """Share one of the caller's clients with `role`: to write it (another manager), or
        with `read_only` to read it (an exec sponsor)."""
        from ..store.postgres.team import share

        return share(self.dsn, _client(client), check_role(role), "read" if read_only else "write")

    def unshare(self, client: str, role: str) -> Shared:
        from ..store.postgres.team import unshare

        return unshare(self.dsn, _client(client), check_role(role))

    def members(self) -> Roster:
        from ..store.postgres.team import members

        return members(self.dsn)


def _client(client: str) -> str:
    if not client.strip():
        raise InputError("name the client: its id, or its name or part of it", "client")
    return client.strip()


__all__ = ["TeamAdmin", "check_role", "check_team", "check_dsn"]
