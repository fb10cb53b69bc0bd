"""Who is who in a team database, in SQL: adding and removing a member (the admin), sharing a
client (its owner), listing the members. The use cases over it: `services.team_admin`.

Each function connects with the DSN it is given, as the role that DSN names, and lets the
database decide what that role may do: the rights are schema 2's row-level security
(`migrations/002_rights.sql`), not checks made here. What is checked here is said better
before the database refuses it: an admin who is not one, a client that is not the caller's,
a role that is no member. Names reach SQL only as `psycopg.sql.Identifier` or parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import LiteralString

import psycopg
from psycopg import errors, sql

from ...domain.errors import InputError, NotFound
from ...textsafe import visible
from ..errors import StoreError

# The group role every member is granted: it holds the table privileges (002_rights.sql).
GROUP = "coach_user"


class NotAllowed(StoreError):
    """The connected role may not do what was asked (not the admin, not the client's owner)."""


@dataclass(frozen=True)
class Member:
    role: str
    team: str | None
    leader_of: str | None
    added: datetime


@dataclass(frozen=True)
class Roster:
    """Every team (with none of its members, possibly) and every member, by name."""

    teams: tuple[str, ...]
    members: tuple[Member, ...]


@dataclass(frozen=True)
class MemberAdded:
    member: Member
    created_role: bool  # False: the login role existed already (its password is unchanged)
    was_member: bool  # True: the role was a member already (its team or lead may have changed)
    created_teams: tuple[str, ...]


@dataclass(frozen=True)
class MemberRemoved:
    """What removing a member did (or, with `dry_run`, would do): counts of the rows that went."""

    member: Member  # as it was
    reassigned_to: str | None
    clients: tuple[tuple[str, str], ...]  # (id, name) of the clients moved to `reassigned_to`
    records: int  # the moved clients' records (they follow by client id)
    heir_shares: int  # shares to `reassigned_to` of the moved clients, removed: an owner needs none
    shares: int  # shares to the removed role
    settings: int
    journal: int
    weekly: int
    memos: int  # its own memos and those made of its portfolio (0 before schema 5)
    leaderless: tuple[str, ...]  # the team it led, when no one else leads it now
    dry_run: bool


@dataclass(frozen=True)
class Shared:
    client_id: str
    client_name: str
    role: str
    access: str | None  # 'write' or 'read'; None once unshared
    before: str | None  # the access it had before


@contextmanager
def _connection(dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection whose failures are one line: the DSN is never repeated (it may hold a
    password)."""
    try:
        conn = psycopg.connect(dsn, connect_timeout=10)
    except psycopg.ProgrammingError:
        raise InputError("the team database's address is no PostgreSQL URL (postgresql://ROLE@HOST/DATABASE)", "db") from None
    except psycopg.OperationalError as error:
        raise StoreError(f"can't connect to the team database: {_first_line(error)}") from None
    try:
        with conn:
            yield conn
    except errors.UndefinedTable:
        raise StoreError("this database has no coach tables: its admin runs `coach db upgrade` first") from None
    except errors.InsufficientPrivilege as error:
        raise NotAllowed(f"the team database refused: {_first_line(error)}") from None
    except psycopg.OperationalError as error:
        raise StoreError(f"the team database connection failed: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _require_rights_schema(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """The database is at schema 2 or later, and the connected role may read it at all (a role
    outside the coach_user group may not read even the schema's version; one in the group but
    not in this database's coach_member, a removed member or another database's, reads no row
    of it: row-level security, which schema 1 did not have, so its row is always there)."""
    no_member = NotAllowed(
        f"{visible(conn.info.user)} is no member of this team database: its admin adds it with `coach team add-member`"
    )
    try:
        row = conn.execute("select max(version) from coach_schema").fetchone()
    except errors.InsufficientPrivilege:
        raise no_member from None
    if row is not None and row[0] is None:
        raise no_member
    if row is None or not isinstance(row[0], int) or row[0] < 2:
        raise StoreError("this team database predates members and rights (schema 2): its admin runs `coach db upgrade`")


def add_member(dsn: str, role: str, team: str | None, leader_of: str | None, password: str | None) -> MemberAdded:
    """Make `role` a member, as the admin: the teams named are created if missing, the login
    role too (with `password`, else none), it is granted the group and recorded. Run again, it
    changes nothing but the team or lead given; an omitted one is kept."""
    with _connection(dsn) as conn, conn.transaction():
        _require_rights_schema(conn)
        who, superuser, createrole, owns = _fetch(
            conn,
            "select current_user, rolsuper, rolcreaterole, "
            "pg_has_role(current_user, (select relowner from pg_class where oid = 'coach_member'::regclass), 'USAGE') "
            "from pg_roles where rolname = current_user",
        )
        if not (superuser or (createrole and owns)):
            raise NotAllowed(
                f"{visible(str(who))} is not this team database's admin: adding a member takes the owner of its tables "
                "with the right to create roles (CREATEROLE)"
            )
        created_teams = []
        for name in dict.fromkeys(t for t in (team, leader_of) if t is not None):
            if conn.execute("insert into coach_team (name) values (%s) on conflict do nothing", (name,)).rowcount:
                created_teams.append(name)
        existing = conn.execute("select rolcanlogin from pg_roles where rolname = %s", (role,)).fetchone()
        if existing is not None and not existing[0]:
            raise InputError(f"{role} is a role that cannot log in (a group): name a person's login role", "role")
        if existing is None:
            create = sql.SQL("create role {} login").format(sql.Identifier(role))
            if password is not None:
                # Hashed here, as the server would (its password_encryption): the password
                # itself never reaches the server, so no statement log can keep it.
                verifier = conn.pgconn.encrypt_password(password.encode(), role.encode()).decode("ascii")
                create = sql.SQL("{} password {}").format(create, sql.Literal(verifier))
            conn.execute(create)
        conn.execute(sql.SQL("grant {} to {}").format(sql.Identifier(GROUP), sql.Identifier(role)))
        was_member = conn.execute("select 1 from coach_member where role = %s", (role,)).fetchone() is not None
        row = conn.execute(
            "insert into coach_member (role, team, leader_of) values (%s, %s, %s) on conflict (role) do update "
            "set team = coalesce(excluded.team, coach_member.team), "
            "leader_of = coalesce(excluded.leader_of, coach_member.leader_of) "
            "returning role, team, leader_of, added",
            (role, team, leader_of),
        ).fetchone()
        assert row is not None
        return MemberAdded(_member(row), existing is None, was_member, tuple(created_teams))


def remove_member(dsn: str, role: str, reassign_to: str | None, dry_run: bool) -> MemberRemoved:
    """Take `role` off this database's members, as the admin, in one transaction: its settings,
    undo journal, weekly rows and memos go, and the shares to it. The clients it owns move to
    `reassign_to` (a member; their records follow by client id), whose shares of them go;
    without it a role that owns clients is refused. The login role itself is kept: it is the
    server's, and other databases may use it. With `dry_run` the same is done and rolled back,
    so what is reported is what would happen."""
    with _connection(dsn) as conn:
        with conn.transaction() as tx:
            removed = _remove_member(conn, role, reassign_to, dry_run)
            if dry_run:
                raise psycopg.Rollback(tx)
        return removed


def _remove_member(conn: psycopg.Connection[tuple[object, ...]], role: str, heir: str | None, dry_run: bool) -> MemberRemoved:
    _require_rights_schema(conn)
    who, superuser, owns = _fetch(
        conn,
        "select current_user, rolsuper, "
        "pg_has_role(current_user, (select relowner from pg_class where oid = 'coach_member'::regclass), 'USAGE') "
        "from pg_roles where rolname = current_user",
    )
    if not (superuser or owns):
        raise NotAllowed(
            f"{visible(str(who))} is not this team database's admin: removing a member takes the owner of its tables"
        )
    if heir == role:
        raise InputError(f"{role} is the member being removed: reassign its clients to another member", "role")
    # No client is added, given away or taken while the role's are counted and moved (a
    # member's `coach client add` waits the few milliseconds this takes); two removals run one
    # after the other. Then the rows of the two members, so neither changes underneath.
    conn.execute("lock table coach_client in share row exclusive mode")
    found = {
        str(r[0]): _member(r)
        for r in conn.execute(
            "select role, team, leader_of, added from coach_member where role = any(%s) for update",
            ([role] if heir is None else [role, heir],),
        )
    }
    if role not in found:
        raise NotFound(f"{role} is no member of this team database: there is nothing to remove", "role")
    if heir is not None and heir not in found:
        raise InputError(f"{heir} is no member of this team database: its admin adds it with `coach team add-member`", "role")
    member = found[role]
    owned = [
        (str(r[0]), str(r[1]))
        for r in conn.execute("select id, name from coach_client where owner = %s order by name, id", (role,))
    ]
    if owned and heir is None:
        n = len(owned)
        raise InputError(
            f"{role} still owns {n} client{'' if n == 1 else 's'}: give {'it' if n == 1 else 'them'} to another member "
            "with --reassign-to OTHER (their records and shares follow)",
            "role",
        )
    stamp = sql.SQL("stamp") if dry_run else sql.SQL("nextval('coach_stamp')")
    ids = [cid for cid, _name in owned]
    records = heir_shares = 0
    if owned:
        records = _count(conn, "select count(*) from coach_record where client_id = any(%s)", ids)
        heir_shares = conn.execute("delete from coach_share where client_id = any(%s) and role = %s", (ids, heir)).rowcount
        conn.execute(sql.SQL("update coach_client set owner = %s, stamp = {} where id = any(%s)").format(stamp), (heir, ids))
    # The clients shared with the role: their stamp moves, as an unshare's does.
    shared = [str(r[0]) for r in conn.execute("delete from coach_share where role = %s returning client_id", (role,))]
    if shared:
        conn.execute(sql.SQL("update coach_client set stamp = {} where id = any(%s)").format(stamp), (shared,))
    settings = conn.execute("delete from coach_settings where owner = %s", (role,)).rowcount
    journal = conn.execute("delete from coach_journal where owner = %s", (role,)).rowcount
    weekly = conn.execute("delete from coach_weekly where owner = %s", (role,)).rowcount
    memos = 0
    if _fetch(conn, "select to_regclass('coach_memo') is not null")[0]:
        memos = conn.execute("delete from coach_memo where owner = %s or portfolio = %s", (role, role)).rowcount
    conn.execute("delete from coach_member where role = %s", (role,))
    leaderless: tuple[str, ...] = ()
    lead = member.leader_of
    if lead is not None and conn.execute("select 1 from coach_member where leader_of = %s", (lead,)).fetchone() is None:
        leaderless = (lead,)
    if not dry_run:
        # The open apps hear of it (a leader's table loses a row) even when no table with a
        # trigger changed.
        conn.execute("select pg_notify('coach_change', '')")
    return MemberRemoved(
        member, heir, tuple(owned), records, heir_shares, len(shared), settings, journal, weekly, memos, leaderless, dry_run
    )


def _count(conn: psycopg.Connection[tuple[object, ...]], query: LiteralString, ids: list[str]) -> int:
    row = conn.execute(query, (ids,)).fetchone()
    assert row is not None and isinstance(row[0], int)
    return row[0]


def members(dsn: str) -> Roster:
    """Every team and member, as the connected role may read them (every member may)."""
    with _connection(dsn) as conn:
        _require_rights_schema(conn)
        teams = tuple(str(r[0]) for r in conn.execute("select name from coach_team order by name"))
        rows = conn.execute("select role, team, leader_of, added from coach_member order by role").fetchall()
        if not rows and not _is_admin_or_member(conn):
            raise NotAllowed("you are no member of this team database: its admin adds you with `coach team add-member`")
        return Roster(teams, tuple(_member(r) for r in rows))


def share(dsn: str, client: str, role: str, access: str) -> Shared:
    """Share one of the caller's clients with `role`: 'write' (another manager) or 'read' (an
    exec sponsor). Sharing again changes the access. The client's stamp moves, so the apps
    open on the team database (the new reader's among them) notice."""
    with _connection(dsn) as conn, conn.transaction():
        _require_rights_schema(conn)
        cid, name = _own_client(conn, client)
        _require_member(conn, role)
        row = conn.execute("select access from coach_share where client_id = %s and role = %s", (cid, role)).fetchone()
        before = None if row is None else str(row[0])
        conn.execute(
            "insert into coach_share (client_id, role, access) values (%s, %s, %s) "
            "on conflict (client_id, role) do update set access = excluded.access",
            (cid, role, access),
        )
        conn.execute("update coach_client set stamp = nextval('coach_stamp') where id = %s", (cid,))
        return Shared(cid, name, role, access, before)


def unshare(dsn: str, client: str, role: str) -> Shared:
    """Stop sharing one of the caller's clients with `role`."""
    with _connection(dsn) as conn, conn.transaction():
        _require_rights_schema(conn)
        cid, name = _own_client(conn, client)
        row = conn.execute("delete from coach_share where client_id = %s and role = %s returning access", (cid, role)).fetchone()
        if row is None:
            raise InputError(f"{visible(name)} is not shared with {role}: nothing to take back", "role")
        conn.execute("update coach_client set stamp = nextval('coach_stamp') where id = %s", (cid,))
        return Shared(cid, name, role, None, str(row[0]))


def _own_client(conn: psycopg.Connection[tuple[object, ...]], wanted: str) -> tuple[str, str]:
    """The caller's client named by `wanted`: its id, else its name (any case), else the one
    name containing it. Only clients the caller owns: only an owner shares."""
    if not _is_admin_or_member(conn):
        raise NotAllowed("you are no member of this team database: its admin adds you with `coach team add-member`")
    rows = [(str(r[0]), str(r[1])) for r in conn.execute("select id, name from coach_client where owner = current_user")]
    for by in (
        lambda cid, name: cid == wanted,
        lambda cid, name: name.casefold() == wanted.casefold(),
        lambda cid, name: wanted.casefold() in name.casefold(),
    ):
        found = [r for r in rows if by(*r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(visible(name) for name in sorted(name for _cid, name in found)[:5])
            raise InputError(
                f"{visible(wanted)!r} matches several of your clients ({names}): give more of the name, or the id", "client"
            )
    # A client the caller reads but does not own (shared with them, or their team's): say
    # whose it is rather than that it does not exist.
    theirs = conn.execute(
        "select name, owner from coach_client where owner <> current_user and (id = %s or lower(name) = lower(%s)) limit 1",
        (wanted, wanted),
    ).fetchone()
    if theirs is not None:
        raise NotAllowed(f"{visible(str(theirs[0]))} is {visible(str(theirs[1]))}'s client: only its owner shares it")
    raise NotFound(
        f"no client of yours is named {visible(wanted)!r}: name one you own (its id, or its name or part of it)", "client"
    )


def _require_member(conn: psycopg.Connection[tuple[object, ...]], role: str) -> None:
    me = _fetch(conn, "select current_user")[0]
    if role == me:
        raise InputError(f"{role} is you: share the client with another member", "role")
    if conn.execute("select 1 from coach_member where role = %s", (role,)).fetchone() is None:
        raise InputError(f"{role} is no member of this team database: its admin adds it with `coach team add-member`", "role")


def _is_admin_or_member(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    """Members read coach_member; so does its owner (or a superuser), who bypasses the policies."""
    return bool(
        _fetch(
            conn,
            "select exists (select from coach_member where role = current_user) "
            "or pg_has_role(current_user, (select relowner from pg_class where oid = 'coach_member'::regclass), 'USAGE')",
        )[0]
    )


def _fetch(conn: psycopg.Connection[tuple[object, ...]], query: LiteralString) -> tuple[object, ...]:
    row = conn.execute(query).fetchone()
    assert row is not None
    return row


def _member(row: tuple[object, ...]) -> Member:
    role, team, leader_of, added = row
    assert isinstance(added, datetime)
    return Member(str(role), None if team is None else str(team), None if leader_of is None else str(leader_of), added)
