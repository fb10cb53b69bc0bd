"""The team database's schema: its version, the check every connection makes, and the upgrade.

`migrations/NNN_name.sql` are applied in order by `upgrade()`, all in one transaction (an
upgrade that fails leaves the database as it was), and the version reached is kept in
coach_schema. This coach's `SCHEMA` is the number of its newest migration. A database of an
older schema is not read (its tables are not what this coach expects): the user is told to
run `coach db upgrade`. A newer one is refused: an older coach must not write data it does not
understand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import psycopg

from ..errors import StoreError
from .connect import connect, server_of, store_error

if TYPE_CHECKING:
    from collections.abc import Iterator

MIGRATIONS = Path(__file__).with_name("migrations")
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# Held while an upgrade runs, so that two `coach db upgrade` never apply a migration twice.
UPGRADE_LOCK = 0x636F616368  # "coach"


class Migration(NamedTuple):
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration this coach ships, in order."""
    found = []
    for path in sorted(MIGRATIONS.iterdir()):
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path.name, path.read_text(encoding="utf-8")))
    return found


def _schema() -> int:
    versions = [m.version for m in migrations()]
    return max(versions) if versions else 0


SCHEMA = _schema()


def schema_of(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The schema the database is at (0: no coach tables yet)."""
    row = conn.execute("select to_regclass('coach_schema') is not null").fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("select max(version) from coach_schema").fetchone()
    if found and found[0] is not None:
        return int(str(found[0]))
    # The table is there but shows no row: row-level security hides it from a role that is
    # no member of this team (schema 2 on), unless it is really empty (then 0, as no table).
    member = conn.execute("select to_regproc('coach_is_member') is not null").fetchone()
    if member and member[0]:
        raise NotMember
    return 0


class NotMember(Exception):
    """The connected role is no member of the team database (it reads none of its rows)."""


def check_schema(conn: psycopg.Connection[tuple[object, ...]], dsn: str) -> None:
    """Refuse a database this coach can't read: older (upgrade it) or newer (upgrade coach)."""
    where = server_of(dsn)
    try:
        version = schema_of(conn)
    except NotMember:
        raise StoreError(
            f"your role is no member of the team database at {where}: its admin makes you one with "
            "`coach team add-member ROLE --team TEAM`"
        ) from None
    if version < SCHEMA:
        if version == 0:
            raise StoreError(f"the database at {where} holds no coach data yet: run `coach db upgrade` to create its tables")
        raise StoreError(f"the database at {where} is at schema {version}, this coach needs {SCHEMA}: run `coach db upgrade`")
    if version > SCHEMA:
        raise StoreError(
            f"the database at {where} was upgraded by a newer coach (schema {version}); upgrade coach "
            f"(this one reads schema {SCHEMA})"
        )


class Upgrade(NamedTuple):
    """What `upgrade()` did: the schema before and after, and the migrations applied."""

    before: int
    after: int
    applied: list[str]


def upgrade(dsn: str) -> Upgrade:
    """Apply every migration above the database's schema, in one transaction; refuse a
    database of a newer schema. Nothing to apply is no change."""
    conn = connect(dsn)
    try:
        return _upgrade(conn, dsn)
    finally:
        conn.close()


def _upgrade(conn: psycopg.Connection[tuple[object, ...]], dsn: str) -> Upgrade:
    try:
        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(%s)", (UPGRADE_LOCK,))
            before = schema_of(conn)
            if before > SCHEMA:
                raise StoreError(
                    f"the database at {server_of(dsn)} was upgraded by a newer coach (schema {before}); upgrade coach "
                    f"(this one knows schema {SCHEMA}); nothing was changed"
                )
            applied = []
            for step in _pending(before):
                conn.execute(step.sql.encode())  # no parameters: the statements run as a script
                conn.execute("update coach_schema set version = %s", (step.version,))
                applied.append(step.name)
            return Upgrade(before, max(before, SCHEMA), applied)
    except psycopg.Error as error:
        raise store_error(error, dsn, "upgrading it" if conn.closed else "") from None


def _pending(version: int) -> Iterator[Migration]:
    for step in migrations():
        if step.version > version:
            yield step


__all__ = ["MIGRATIONS", "SCHEMA", "Migration", "Upgrade", "migrations", "schema_of", "check_schema", "upgrade"]
