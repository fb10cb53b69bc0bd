"""A team on a real team database, for the leader's view's tests (CLI and TUI): a fresh
database brought to this coach's schema by `coach db upgrade`, its members made by the admin
with `coach team add-member`, each manager's work logged with `coach` as that manager. The
database and every role made are dropped at the end (roles are cluster-wide: each carries the
run's unique prefix).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pgkit import no_server
from pgrights_kit import TeamDb, admin_connect, drop_team_db

from coach_tui import clock
from coach_tui.domain.dates import week_start
from coach_tui.domain.models import Commitment

psycopg = pytest.importorskip("psycopg")

from coach_tui.store.postgres.store import PostgresStore  # noqa: E402


def coach(db: TeamDb, role: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    """`coach --db URL ARGS` as `role` (None: the admin), $COACH_DB unset."""
    return subprocess.run(
        [sys.executable, "-m", "coach_tui.cli", "--db", db.url(role), *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COACH_DB": ""},
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def commitments(db: TeamDb, role: str, *made: Commitment) -> None:
    store = PostgresStore(db.url(role))
    try:
        with store.transaction() as txn:
            for c in made:
                txn.put_commitment(c)
    finally:
        store.close()


def names(db: TeamDb) -> dict[str, str]:
    return {key: f"{db.prefix}_{key}" for key in ("ann", "bob", "lea", "sam")}


@pytest.fixture
def team_db() -> Iterator[TeamDb]:
    """A new, empty database, brought to this coach's schema by `coach db upgrade` (as its
    admin, the superuser); dropped at the end with every role the test made."""
    try:
        server = admin_connect(autocommit=True)
    except psycopg.OperationalError as error:
        no_server(f"no PostgreSQL server for the tests: {error}")
    prefix = f"ct{uuid.uuid4().hex[:8]}"
    name = f"coach_t_{prefix}"
    with server:
        server.execute(f'create database "{name}"')
    db = TeamDb(name, prefix, admin_connect(name, autocommit=True))
    try:
        ok(coach(db, None, "db", "upgrade"))
        yield db
    finally:
        drop_team_db(db)


@pytest.fixture
def team(team_db: TeamDb) -> dict[str, str]:
    """ann and bob in north, lea leading it, sam a member of no team; made by the admin with
    `coach team add-member`, each role dropped at the end. ann: Acme (one untold delivery) and
    two commitments, one kept; bob: Borealis (told) and Cobalt (never served), one kept."""
    db = team_db
    who = names(db)
    db.roles.extend(who.values())
    ok(coach(db, None, "team", "add-member", who["ann"], "--team", "north"))
    ok(coach(db, None, "team", "add-member", who["bob"], "--team", "north"))
    ok(coach(db, None, "team", "add-member", who["lea"], "--leader-of", "north"))
    ok(coach(db, None, "team", "add-member", who["sam"]))
    ok(coach(db, who["ann"], "client", "add", "Acme", "--cadence", "14d"))
    ok(coach(db, who["ann"], "log", "Acme", "sent the grid study"))
    ok(coach(db, who["bob"], "client", "add", "Borealis"))
    ok(coach(db, who["bob"], "client", "add", "Cobalt"))
    ok(coach(db, who["bob"], "log", "Borealis", "a benchmark", "--told"))
    today = clock.today()
    commitments(
        db,
        who["ann"],
        Commitment(week_start(today - timedelta(days=7)), "Call Acme's CFO", True),
        Commitment(week_start(today - timedelta(days=14)), "Plan the renewal", False),
    )
    commitments(db, who["bob"], Commitment(week_start(today - timedelta(days=7)), "Visit Cobalt", True))
    return who
