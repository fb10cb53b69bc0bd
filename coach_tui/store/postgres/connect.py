"""Connecting to the team database, and the one line each of its failures becomes.

Every psycopg error that reaches coach goes through `store_error`: a server down or
unreachable names the server (host:port or socket, and the database) and what to check; a
connection lost mid-transaction says nothing was written (the server rolls it back); a
permission refused by the server (a grant, a row-level policy) says which role may not change
what. No message ever holds the password: the server's own text is cleaned of it too.
"""

from __future__ import annotations

from urllib.parse import unquote

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict

from ..errors import StoreError
from .dsn import HIDDEN, hide_password, password_of

CONNECT_TIMEOUT = 5  # seconds: a server that does not answer is reported, not waited on


def server_of(dsn: str) -> str:
    """Where `dsn` leads, as a user checks it: `host:port/database` or `socket dir/database`."""
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.Error:
        return hide_password(dsn)
    host = str(params.get("host") or params.get("hostaddr") or "the local socket")
    port = str(params.get("port") or "5432")
    database = str(params.get("dbname") or params.get("user") or "the default database")
    where = host if host.startswith("/") or host == "the local socket" else f"{host}:{port}"
    return f"{where}, database {database}"


def clean(text: str, dsn: str) -> str:
    """A server's or libpq's message as one line, without the password."""
    line = " ".join(text.split())
    secret = password_of(dsn)
    if secret:
        for form in {secret, unquote(secret)}:
            if form:
                line = line.replace(form, HIDDEN)
    return line


def store_error(error: BaseException, dsn: str, doing: str = "") -> StoreError:
    """The StoreError a psycopg error becomes (one line, no password)."""
    where = server_of(dsn)
    reason = clean(str(error), dsn) or type(error).__name__
    if isinstance(error, pg_errors.InsufficientPrivilege):
        return StoreError(
            f"the database refused the change ({reason}): your role may not change that client or record; "
            f"ask the team's lead or the database's owner; nothing was written ({where})"
        )
    if isinstance(error, pg_errors.SerializationFailure | pg_errors.DeadlockDetected | pg_errors.LockNotAvailable):
        return StoreError(
            f"the database is busy with another change to the same clients ({where}): nothing was written, try again"
        )
    if isinstance(error, pg_errors.UndefinedTable | pg_errors.UndefinedColumn | pg_errors.UndefinedFunction):
        return StoreError(f"the database at {where} lacks coach's tables ({reason}): run `coach db upgrade`")
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        if doing:
            return StoreError(f"lost the connection to the database at {where} while {doing}: {reason}; nothing was written")
        return StoreError(
            f"can't reach the database at {where}: {reason}; check that the server runs there and the address, "
            "user and password are right"
        )
    return StoreError(f"the database at {where} refused: {reason}")


def connect(dsn: str) -> psycopg.Connection[tuple[object, ...]]:
    """A connection in autocommit mode (coach begins and ends its transactions itself)."""
    try:
        conninfo_to_dict(dsn)
    except psycopg.Error as error:
        raise StoreError(f"not a connection string coach can use: {hide_password(dsn)} ({clean(str(error), dsn)})") from None
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT, application_name="coach")
    except psycopg.Error as error:
        raise store_error(error, dsn) from None
    except (ValueError, TypeError) as error:  # a connection string psycopg can't read
        raise StoreError(f"not a connection string coach can use: {hide_password(dsn)} ({clean(str(error), dsn)})") from None


__all__ = ["CONNECT_TIMEOUT", "server_of", "clean", "store_error", "connect"]
