"""A team database for a test: a fresh PostgreSQL database with coach's migrations applied,
its roles, and connections as each of them; everything dropped after.

Until `coach db upgrade` exists the migrations are run here in order, as the admin, each in
one transaction. Several test processes (and other projects) share the server: the database
and every role a test makes carry a prefix unique to the run, and are dropped at the end
(`coach_user`, the group role every coach database shares, is left: another database may be
using it). Tests skip when no server answers at $COACH_TEST_PG (default: the local one).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pytest

psycopg = pytest.importorskip("psycopg")
from pgkit import no_server  # noqa: E402
from psycopg import sql  # noqa: E402


def _server() -> str:
    """The server of $COACH_TEST_PG (pgkit's: a URL or key=value pairs) as key=value pairs
    without a database, which each connection here adds."""
    from pgkit import ADMIN_DSN
    from psycopg.conninfo import conninfo_to_dict

    parts = {k: v for k, v in conninfo_to_dict(ADMIN_DSN).items() if k != "dbname"}
    return " ".join(f"{k}={v}" for k, v in parts.items())


SERVER = _server()


def migrations() -> list[str]:
    """The migrations' SQL, in the order they apply."""
    folder = resources.files("coach_tui.store.postgres") / "migrations"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(folder / name).read_text(encoding="utf-8") for name in names]


def admin_connect(dbname: str = "postgres", **kw: Any) -> Any:
    return psycopg.connect(f"{SERVER} dbname={dbname}", **kw)


@dataclass
class TeamDb:
    """One test's database: `dsn(role)` connects as a role, `role(name)` makes one (dropped
    at the end), `admin` is the owner's connection (autocommit)."""

    name: str
    prefix: str
    admin: Any
    roles: list[str] = field(default_factory=list)
    admin_role: str | None = None  # the admin when it is no superuser: the database's owner

    def dsn(self, role: str | None = None) -> str:
        role = role or self.admin_role
        server = SERVER if role is None else " ".join(p for p in SERVER.split() if not p.startswith("user=")) + f" user={role}"
        return f"{server} dbname={self.name}"

    def url(self, role: str | None = None) -> str:
        """`dsn(role)` as the postgresql:// URL coach takes (`--db`, $COACH_DB)."""
        parts = dict(p.split("=", 1) for p in SERVER.split())
        who = role or self.admin_role or parts.get("user", "postgres")
        return f"postgresql://{who}@{parts.get('host', '127.0.0.1')}:{parts.get('port', '5432')}/{self.name}"

    def connect(self, role: str) -> Any:
        """A connection as `role` itself (trust authentication), autocommit."""
        return psycopg.connect(self.dsn(role), autocommit=True)

    def role(self, name: str, *, member: bool = True, team: str | None = None, leader_of: str | None = None) -> str:
        """A login role `<prefix>_name`; with `member` granted coach_user and recorded in
        coach_member (its team and the team it leads created if missing)."""
        full = f"{self.prefix}_{name}"
        self.admin.execute(sql.SQL("create role {} login").format(sql.Identifier(full)))
        self.roles.append(full)
        if member:
            self.admin.execute(sql.SQL("grant coach_user to {}").format(sql.Identifier(full)))
            for t in (team, leader_of):
                if t is not None:
                    self.admin.execute("insert into coach_team (name) values (%s) on conflict do nothing", (t,))
            self.admin.execute("insert into coach_member (role, team, leader_of) values (%s, %s, %s)", (full, team, leader_of))
        return full


def create_team_db(*, owner_role: bool = False) -> TeamDb:
    """A new database, migrated by its admin: the superuser, or with `owner_role` a role of
    its own that owns the database and may create roles but is no superuser (as a company's
    DBA would set a team up)."""
    prefix = f"ct{uuid.uuid4().hex[:8]}"
    name = f"coach_t_{prefix}"
    roles = []
    with admin_connect(autocommit=True) as server:
        if owner_role:
            roles.append(f"{prefix}_admin")
            server.execute(sql.SQL("create role {} login createrole").format(sql.Identifier(roles[0])))
            server.execute(sql.SQL("create database {} owner {}").format(sql.Identifier(name), sql.Identifier(roles[0])))
        else:
            server.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    if owner_role:
        admin = psycopg.connect(TeamDb(name, prefix, None).dsn(roles[0]), autocommit=True)
    else:
        admin = admin_connect(name, autocommit=True)
    for text in migrations():
        with admin.transaction():
            admin.execute(text)
    return TeamDb(name, prefix, admin, roles, roles[0] if owner_role else None)


# Run a test under both kinds of admin: `@BOTH_ADMINS` (or `pytestmark = BOTH_ADMINS`).
BOTH_ADMINS = pytest.mark.parametrize("team_db", [False, True], ids=["superuser", "db-owner"], indirect=True)


def drop_team_db(db: TeamDb) -> None:
    db.admin.close()
    with admin_connect(autocommit=True) as server:
        server.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(db.name)))
        for role in reversed(db.roles):  # the database's owner, first made, last dropped
            server.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(role)))


@pytest.fixture(params=[False], ids=["superuser"])
def team_db(request: pytest.FixtureRequest) -> Iterator[TeamDb]:
    """A team database migrated by the superuser; a test parametrizes `team_db` (indirect)
    with True to have it migrated, and administered, by a database owner who is no superuser
    (`BOTH_ADMINS`)."""
    try:
        admin_connect().close()
    except psycopg.OperationalError as error:
        no_server(f"no PostgreSQL server at {SERVER!r}: {error}")
    db = create_team_db(owner_role=request.param)
    try:
        yield db
    finally:
        drop_team_db(db)
