"""The team database from the shell: `coach db upgrade`, `--db`, `$COACH_DB` and `coach config
backend` choose it for every command; the password is never printed; the folder store's
commands never load psycopg."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from clikit import coach, one_line_error
from pgkit import fresh_database, with_password

from coach_tui.store.postgres.migrate import SCHEMA

PASSWORD = "pa55-w0rd-xyz"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`coach ARGS` as a process, with `env` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "coach_tui.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def empty_db() -> Iterator[str]:
    """A database with no coach tables yet, its DSN holding a password (trust auth ignores it)."""
    with fresh_database(migrated=False) as dsn:
        yield with_password(dsn, PASSWORD)


@pytest.fixture
def db(pg_dsn: str) -> str:
    return with_password(pg_dsn, PASSWORD)


def test_db_upgrade_creates_the_tables_once_and_says_so(empty_db: str) -> None:
    refused = one_line_error(run("status", "--db", empty_db), 1)
    assert "run `coach db upgrade`" in refused and PASSWORD not in refused
    first = run("db", "upgrade", "--db", empty_db)
    assert first.returncode == 0, first.stderr
    assert f"schema 0 → {SCHEMA}" in first.stdout and PASSWORD not in first.stdout and "***" in first.stdout
    again = run("db", "upgrade", "--db", empty_db)
    assert again.returncode == 0 and "nothing to do" in again.stdout and PASSWORD not in again.stdout
    assert run("status", "--db", empty_db).returncode == 0


def test_db_upgrade_needs_a_database() -> None:
    error = one_line_error(run("db", "upgrade"), 2)
    assert "no team database chosen" in error


def test_status_and_log_work_on_the_database_with_db(db: str, data_dir: Path) -> None:
    added = run("client", "add", "Acme", "--db", db)
    assert added.returncode == 0, added.stderr
    logged = run("log", "acme", "A benchmark", "--db", db)  # the quick path
    assert logged.returncode == 0, logged.stderr
    assert "logged idea for Acme" in logged.stdout
    status = run("--db", db, "status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["stewardship_debt"]["untold"] == 1
    listed = run("undo", "--list", "--db", db)
    assert "logged a delivery for Acme" in listed.stdout
    undone = run("undo", "--db", db)
    assert undone.returncode == 0 and "logged a delivery for Acme" in undone.stdout
    assert json.loads(run("status", "--json", "--db", db).stdout)["stewardship_debt"]["untold"] == 0
    # The data folder saw none of it.
    assert "Acme" not in coach("client", "list", data=data_dir).stdout


def test_coach_db_chooses_the_database_and_a_flag_beats_it(db: str, data_dir: Path) -> None:
    assert run("client", "add", "Initech", env={"COACH_DB": db}).returncode == 0
    assert "Initech" in run("client", "list", env={"COACH_DB": db}).stdout
    assert "Initech" not in run("client", "list", "--data", str(data_dir), env={"COACH_DB": db}).stdout


def test_config_backend_chooses_the_store_of_every_command(db: str, tmp_path: Path) -> None:
    env = {"COACH_CONFIG": str(tmp_path / "config")}
    shown = run("config", "backend", env=env)
    assert shown.returncode == 0 and shown.stdout.startswith("folder")
    chose = run("config", "backend", db, env=env)
    assert chose.returncode == 0, chose.stderr
    assert PASSWORD not in chose.stdout and "***" in chose.stdout
    saved = tmp_path / "config" / "backend"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert run("client", "add", "Hooli", env=env).returncode == 0
    assert "Hooli" in run("client", "list", env=env).stdout
    listed = run("config", "backend", "--json", env=env)
    found = json.loads(listed.stdout)
    assert found["backend"] == "postgresql" and PASSWORD not in listed.stdout
    assert run("config", "backend", "folder", env=env).returncode == 0
    assert not saved.exists()
    assert "Hooli" not in run("client", "list", "--data", str(tmp_path / "data"), env=env).stdout


def test_config_backend_refuses_a_database_that_does_not_answer(tmp_path: Path) -> None:
    env = {"COACH_CONFIG": str(tmp_path / "config")}
    error = one_line_error(run("config", "backend", f"postgresql://coach:{PASSWORD}@127.0.0.1:1/team", env=env), 1)
    assert "127.0.0.1:1" in error and PASSWORD not in error
    assert not (tmp_path / "config" / "backend").exists()


def test_a_server_that_is_down_is_one_line_without_the_password() -> None:
    error = one_line_error(run("status", "--db", f"postgresql://coach:{PASSWORD}@127.0.0.1:1/team"), 1)
    assert "127.0.0.1:1" in error and "team" in error and PASSWORD not in error


def test_a_newer_database_is_refused_by_every_command(db: str, pg_dsn: str) -> None:
    import psycopg

    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("update coach_schema set version = %s", (SCHEMA + 5,))
    for args in (("status",), ("db", "upgrade")):
        error = one_line_error(run(*args, "--db", db), 1)
        assert f"upgraded by a newer coach (schema {SCHEMA + 5})" in error and "upgrade coach" in error


def test_what_is_not_a_database_address_is_refused(data_dir: Path) -> None:
    error = one_line_error(run("status", "--db", f"host=x password={PASSWORD}"), 2)
    assert "not a database address" in error and PASSWORD not in error
    both = one_line_error(run("status", "--db", "postgresql://x/y", "--data", str(data_dir)), 2)
    assert "--db and --data" in both


def test_the_folder_store_never_loads_psycopg(data_dir: Path) -> None:
    coach("client", "add", "Acme", data=data_dir, check=True)
    for argv in (["status"], ["client", "list"], ["log", "acme", "x"]):
        probe = (
            "import sys; from coach_tui.cli import main; "
            f"code = main({[*argv, '--data', str(data_dir)]!r}); assert code == 0, code; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'psycopg' or m.startswith('coach_tui.store.postgres.')))"
        )
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        # Not even `dsn` (hiding a password): a folder named by --data reads no connection string.
        assert result.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("command", [("check",), ("restore", "--list")])
def test_folder_commands_refuse_a_chosen_database_rather_than_check_another_store(command: tuple[str, ...]) -> None:
    dsn = f"postgresql://coach:{PASSWORD}@127.0.0.1:1/team"
    for how in (["--db", dsn], []):
        error = one_line_error(run(*command, *how, env={} if how else {"COACH_DB": dsn}), 2)
        assert "works on a data folder" in error and "--data PATH" in error and PASSWORD not in error


def test_db_import_copies_a_data_folder_into_the_database_once(db: str, data_dir: Path) -> None:
    coach("client", "add", "Acme", data=data_dir, check=True)
    coach("log", "acme", "A benchmark", data=data_dir, check=True)
    imported = run("db", "import", str(data_dir), "--db", db)
    assert imported.returncode == 0, imported.stderr
    assert "imported 1 client" in imported.stdout and PASSWORD not in imported.stdout
    assert "nothing to import" in run("db", "import", str(data_dir), "--db", db).stdout
    assert json.loads(run("status", "--json", "--db", db).stdout)["stewardship_debt"]["untold"] == 1
    assert "undid: imported 1 client" in run("undo", "--db", db).stdout
    assert "Acme" not in run("client", "list", "--db", db).stdout
