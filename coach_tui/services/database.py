"""Which store coach opens, and the team database's upkeep (`coach db upgrade`).

The store is chosen, first found first: `--db URL` on the command line, `--data PATH` on the
command line, `$COACH_DB`, `$COACH_DATA`, the choice `coach config backend` keeps (a
connection string, or none: the folder), else the platform's data folder. A flag beats the
environment, which beats the saved choice, so a script or a test can always say which data it
means. `--db` and `--data` together are refused: they name two different stores.

Nothing here imports psycopg: the folder store's commands never load it (nor, unless a
connection string is read, the module that hides its password). A connection string
is shown with its password hidden, everywhere (`store.postgres.dsn.hide_password`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

from ..domain.errors import InputError
from ..store.errors import StoreError

if TYPE_CHECKING:  # a real import would load psycopg
    from pathlib import Path

    from ..store.postgres.store import PostgresStore

FOLDER = "folder"


class Backend(NamedTuple):
    """The store to open: `dsn` (a team database) or `folder` (a data folder, None: the
    platform's), and what chose it, as the user would name it (`--db`, `$COACH_DB`...)."""

    dsn: str | None
    folder: str | None
    chosen_by: str

    @property
    def shown(self) -> str:
        """The store as coach names it to the user: never a password."""
        if self.dsn is not None:
            from ..store.postgres.dsn import hide_password

            return hide_password(self.dsn)
        from ..locations import data_dir

        return str(data_dir(self.folder))


def check_dsn(value: str, where: str) -> str:
    """A connection string coach accepts: a postgresql:// URL (InputError otherwise)."""
    # Imported here: a data folder named by --data or $COACH_DATA never looks at a URL.
    from ..store.postgres.dsn import hide_password, is_url

    text = value.strip()
    if not is_url(text):
        raise InputError(
            f"{where}: {hide_password(text)!r} is not a database address: use postgresql://USER@HOST:PORT/DATABASE "
            "(or `folder` for the data folder)",
            "db",
        )
    return text


def saved_backend() -> str | None:
    """The connection string `coach config backend` saved (None: the folder store)."""
    from ..locations import backend_file

    path = backend_file()
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(
            f"can't read {path}: {getattr(error, 'strerror', None) or error}; `coach config backend` rewrites it"
        ) from None
    return check_dsn(text, str(path)) if text else None


def choose_backend(data: str | None = None, db: str | None = None) -> Backend:
    """The store this command opens (see the module's docstring)."""
    if db is not None and data is not None:
        raise InputError("--db and --data name two different stores: give one of them", "db")
    if db is not None:
        return Backend(check_dsn(db, "--db"), None, "--db")
    if data is not None:
        return Backend(None, data, "--data")
    env = os.environ.get("COACH_DB")
    if env:
        return Backend(check_dsn(env, "$COACH_DB"), None, "$COACH_DB")
    if os.environ.get("COACH_DATA"):
        return Backend(None, None, "$COACH_DATA")
    saved = saved_backend()
    if saved is not None:
        return Backend(saved, None, "coach config backend")
    return Backend(None, None, "default")


def folder_for(command: str, data: str | None = None, db: str | None = None) -> Path:
    """The data folder a folder-only command (`coach check`, `coach restore`, `coach serve`)
    works on; InputError when the store chosen is a team database: checking or restoring the
    data folder then would say nothing of the data the user works on."""
    backend = choose_backend(data, db)
    if backend.dsn is not None:
        raise InputError(
            f"coach {command} works on a data folder, and the store chosen ({backend.chosen_by}) is the team database "
            f"{backend.shown}: give --data PATH to {command} a data folder",
            "db",
        )
    from ..locations import data_dir

    return data_dir(backend.folder)


def save_backend(value: str) -> Backend:
    """`coach config backend VALUE`: a connection string (checked first: the database must
    answer and be at this coach's schema) or `folder`. Kept in the user's config folder,
    mode 0600 (it may hold a password)."""
    from ..locations import backend_file

    path = backend_file()
    if value.strip().lower() == FOLDER:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(f"can't remove {path}: {error.strerror or error}") from None
        return Backend(None, None, "coach config backend")
    dsn = check_dsn(value, "backend")
    store = open_database(dsn)
    try:
        store.names()  # connects, and checks the schema
    finally:
        store.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path.with_name(path.name + ".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dsn + "\n")
        os.replace(path.with_name(path.name + ".tmp"), path)
    except OSError as error:
        raise StoreError(f"can't write {path}: {error.strerror or error}; nothing was changed") from None
    return Backend(dsn, None, "coach config backend")


def open_database(dsn: str, portfolio: str | None = None) -> PostgresStore:
    """The store over the team database at `dsn` (psycopg is imported here, and only here)."""
    from .. import clock
    from ..store.postgres.store import PostgresStore

    return PostgresStore(dsn, portfolio=portfolio, today=clock.today)


class Upgraded(NamedTuple):
    """What `coach db upgrade` did: the schema before and after, the migrations applied."""

    before: int
    after: int
    applied: list[str]


def upgrade(dsn: str) -> Upgraded:
    """Bring the team database to this coach's schema (see `store.postgres.migrate`)."""
    from ..store.postgres.migrate import upgrade as apply

    done = apply(dsn)
    return Upgraded(done.before, done.after, list(done.applied))


__all__ = [
    "FOLDER",
    "Backend",
    "Upgraded",
    "check_dsn",
    "saved_backend",
    "choose_backend",
    "folder_for",
    "save_backend",
    "open_database",
    "upgrade",
]
