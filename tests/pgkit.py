"""What tests of the PostgreSQL store share: a fresh database of their own, migrated, dropped
after; borrowing another test module's tests to run them over both stores.

The server is the one `COACH_TEST_PG` names (default: the local PostgreSQL, trust auth, as
the superuser). Each test gets a database of its own, `coach_t_<10 hex digits>`, cloned from a
template migrated once per test process (a clone costs far less than running the migrations
again), and dropped (`with (force)`, closing whatever connections were left) when the test
ends. Several test processes, and other people's, share the server: every name is unique.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

ADMIN_DSN = os.environ.get("COACH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TESTS = Path(__file__).parent


def no_server(why: str) -> NoReturn:
    """Skip a test that needs the server when there is none, but fail it where one is required
    (`COACH_TEST_PG_REQUIRED=1`, as `.ci/run` sets): CI never passes by skipping them."""
    if os.environ.get("COACH_TEST_PG_REQUIRED") == "1":
        pytest.fail(why, pytrace=False)
    pytest.skip(why)


def unique(prefix: str = "coach_t_") -> str:
    return prefix + uuid.uuid4().hex[:10]


def dsn_for(database: str, base: str = ADMIN_DSN) -> str:
    """`base` pointing at another database on the same server."""
    head, _, _old = base.rpartition("/")
    return f"{head}/{database}"


def admin() -> Any:
    """A connection to the server's maintenance database, in autocommit (CREATE DATABASE)."""
    import psycopg

    try:
        return psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        no_server(f"no PostgreSQL server for the tests at {ADMIN_DSN} ({' '.join(str(error).split())[:120]})")


_template: str | None = None


def template() -> str:
    """This process's migrated template database (made on first use, dropped at exit)."""
    global _template
    if _template is None:
        import atexit

        from coach_tui.store.postgres.migrate import upgrade

        name = unique("coach_tpl_")
        with admin() as conn:
            conn.execute(f'create database "{name}"')
        upgrade(dsn_for(name))
        _template = name
        atexit.register(drop, name)
    return _template


def drop(name: str) -> None:
    with admin() as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@contextmanager
def fresh_database(migrated: bool = True) -> Iterator[str]:
    """A new database (at this coach's schema, or empty), its DSN yielded, dropped after."""
    source = template() if migrated else "template1"
    name = unique()
    with admin() as conn:
        conn.execute(f'create database "{name}" template "{source}"')
    try:
        yield dsn_for(name)
    finally:
        drop(name)


def with_password(dsn: str, password: str) -> str:
    """`dsn` with a password (trust auth ignores it): to prove coach never prints it."""
    scheme, _, rest = dsn.partition("://")
    user, _, host = rest.partition("@")
    return f"{scheme}://{user}:{password}@{host}"


# The store fixtures of a test module that runs over both stores: `coach`, `store` and
# `demo_coach` made over the `backend` fixture (tests/conftest.py: a data folder, a team
# database). They are handed to each such module (`borrow`, or `globals().update(OVER_BOTH)`)
# rather than kept in a conftest.py of tests/backends: a second conftest module would shadow
# tests/conftest.py for the tests that import it by name (`from conftest import TODAY`).


@pytest.fixture
def coach(backend: Any) -> Any:
    return backend


@pytest.fixture
def store(backend: Any) -> Any:
    return backend.repo


@pytest.fixture
def demo_coach(backend: Any) -> Any:
    """The demo portfolio as of TODAY, written into each backend's store."""
    from conftest import TODAY

    from coach_tui.services.demo import populate

    populate(backend.repo, TODAY)
    return backend


OVER_BOTH: dict[str, Any] = {"coach": coach, "store": store, "demo_coach": demo_coach}


def borrow(relative: str, *names: str, but: tuple[str, ...] = ()) -> dict[str, Any]:
    """Tests and fixtures of another test module (`store/test_journal.py`), to run them in the
    calling module, with `coach`, `store` and `demo_coach` those of each backend (OVER_BOTH). Without names: every
    test (or class of tests) of the module that uses a store, but those named in `but` (a test of
    the folder's files). Its fixtures come too: borrow from one module per test module (two
    modules may each have an `acme`)."""
    path = TESTS / relative
    # Imported by its name from its folder, as pytest imports it (so its asserts are rewritten,
    # and a module pytest collected already is the same module).
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    module = importlib.import_module(path.stem)
    found = {}
    fixtures = {"coach", "store", "demo_coach"}
    for key, value in vars(module).items():
        is_fixture = hasattr(value, "_fixture_function_marker") or type(value).__name__ == "FixtureFunctionDefinition"
        if is_fixture and key not in ("coach", "store"):
            found[key] = value
            fixtures.add(key)
    for key, value in vars(module).items():
        if key.startswith("Test") and isinstance(value, type):  # a class of tests: its methods
            tests = [m for n, m in vars(value).items() if n.startswith("test_") and callable(m)]
        elif key.startswith("test_") and callable(value):
            tests = [value]
        else:
            continue
        # Without names: the tests of the module that use a store (the others, pure, need not run twice).
        uses_store = any(fixtures & set(inspect.signature(t).parameters) for t in tests)
        if key in names if names else uses_store and key not in but:
            found[key] = value
    found.update(OVER_BOTH)
    missing = set(names) - set(found)
    assert not missing, f"no such tests in {relative}: {sorted(missing)}"
    return found


def sql(dsn: str, statement: str, *params: object) -> list[tuple[object, ...]]:
    """One statement on `dsn` in autocommit, as the admin; its rows, if it has any."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(statement, params or None)
        return cur.fetchall() if cur.description else []


def member(dsn: str, role: str) -> None:
    """`role` a login member of the team database (schema 2's group role and member list)."""
    sql(dsn, f'create role "{role}" login')
    sql(dsn, f'grant coach_user to "{role}"')
    sql(dsn, "insert into coach_member (role) values (%s)", role)


def forget(dsn: str, role: str) -> None:
    sql(dsn, "delete from coach_member where role = %s", role)
    sql(dsn, f'drop owned by "{role}"')
    with admin() as conn:
        conn.execute(f'drop role if exists "{role}"')


__all__ = [
    "ADMIN_DSN",
    "no_server",
    "unique",
    "dsn_for",
    "admin",
    "template",
    "drop",
    "fresh_database",
    "with_password",
    "borrow",
    "sql",
    "member",
    "forget",
]
