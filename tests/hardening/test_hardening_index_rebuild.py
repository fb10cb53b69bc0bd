"""A missing or unreadable index, and the rule for rebuilding it from the client files.

Before: a missing `coach.json` beside client files (and backups) read as an empty portfolio,
`coach restore` said every data file read fine, and `client add` then made duplicates; an
index whose backups were all damaged could not be rebuilt at all.

The rule now (README, "Your data"):
- missing, with client files or a good backup of it: rebuilt by the next command, under the
  lock, every client from its file and the weekly entries and settings from the newest good
  backup (afresh without one), with a one-line notice on stderr;
- present but damaged: never replaced by itself; the message points at `coach restore`, which
  puts back the newest good backup (keeping the weekly entries and settings) or, when none
  reads, rebuilds it from the client files.

Plus `COACH_LOCK_TIMEOUT=inf`, which was ignored: it waits as long as it takes.
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import threading

import pytest
from hardening_support import assert_one_line_error, cli_env, run_cli, tree

from coach_tui.services import Coach
from coach_tui.services.upkeep import notices
from coach_tui.store.files import Lock
from coach_tui.store.folder import FolderStore


@pytest.fixture
def portfolio(store: FolderStore) -> FolderStore:
    """Acme and Globex with deliveries and a card, weeks starting on Sunday, a commitment."""
    coach = Coach(store)
    acme = coach.clients.add("Acme", cadence="2w", tier="A")
    globex = coach.clients.add("Globex")
    coach.settings.set_week_start("sunday")
    coach.settings.set_week_start("sunday")  # the index written again: its newest backup has it
    coach.deliveries.log(acme.id, "benchmark", told=True)
    coach.deliveries.log(globex.id, "review", kind="service", told=True)
    coach.boards.add_card(acme.id, "plan", "pilot")
    return store


def _consistent(store: FolderStore) -> None:
    names = sorted(e.client.name for e in store.read().entries)
    assert names == ["Acme", "Globex"]
    for entry in store.read().entries:
        assert entry.facts.deliveries == len(store.read_client(entry.client.id).deliveries)


def test_a_missing_index_is_rebuilt_with_a_notice(portfolio: FolderStore) -> None:
    store = portfolio
    store.index_path.unlink()
    proc = run_cli("status", data=store.root)
    assert proc.returncode == 0, proc.stderr
    notice = proc.stderr.decode()
    assert notice.count("\n") == 1 and notice.startswith(
        f"coach: {store.index_path} was missing: rebuilt it from the 2 client files"
    )
    assert "with the weekly entries and settings of" in notice
    assert b"2 active clients" in proc.stdout
    assert store.index_path.exists()
    # Once rebuilt, it is an index like any other: no notice, no duplicate client.
    again = run_cli("client", "add", "Acme", data=store.root)
    assert "already exists" in assert_one_line_error(again.stderr, again.returncode, 2)
    assert run_cli("config", "week-start", data=store.root).stdout == b"Sunday\n"  # from the backup
    assert run_cli("check", data=store.root).returncode == 0
    _consistent(store)


def test_a_missing_index_without_a_backup_starts_the_weekly_entries_afresh(portfolio: FolderStore) -> None:
    store = portfolio
    store.index_path.unlink()
    for backup in (store.root / "backups").iterdir():
        if backup.name.startswith("coach.json."):
            backup.unlink()
    proc = run_cli("client", "list", data=store.root)
    assert proc.returncode == 0, proc.stderr
    assert b"weekly entries and settings start afresh" in proc.stderr
    assert proc.stdout.splitlines() == [b"Acme: tier A, every 2 weeks", b"Globex: tier B, every 14 days"]
    assert run_cli("config", "week-start", data=store.root).stdout == b"Monday\n"
    _consistent(store)


def test_a_missing_index_is_rebuilt_for_the_services_too(portfolio: FolderStore) -> None:
    """The app reads through the services: the rebuild's line is there for it to show."""
    store = portfolio
    store.index_path.unlink()
    coach = Coach(FolderStore(store.root))
    assert [c.name for c in coach.portfolio.clients()] == ["Acme", "Globex"]
    assert len(notices(coach)) == 1 and "was missing: rebuilt it" in notices(coach)[0]


def test_restore_sees_a_missing_index(portfolio: FolderStore) -> None:
    store = portfolio
    store.index_path.unlink()
    listed = run_cli("restore", "--list", data=store.root)
    assert f"{store.index_path} (missing)".encode() in listed.stdout
    restored = run_cli("restore", data=store.root)
    assert restored.returncode == 0, restored.stderr
    assert f"restored {store.index_path} from ".encode() in restored.stdout
    assert b"with every client from the 2 client files" in restored.stdout
    _consistent(store)


def test_a_missing_index_and_a_damaged_client_file(portfolio: FolderStore) -> None:
    """Rebuilt without that client, the index would hide it: the rebuild waits for the file."""
    store = portfolio
    acme = next(e.client.id for e in store.read().entries if e.client.name == "Acme")
    store.index_path.unlink()
    store.client_path(acme).write_bytes(b"{damaged")
    before = tree(store.root)
    proc = run_cli("status", data=store.root)
    message = assert_one_line_error(proc.stderr, proc.returncode, 1)
    assert str(store.client_path(acme)) in message and "coach restore" in message
    assert tree(store.root) == before
    restored = run_cli("restore", data=store.root)
    assert restored.returncode == 0, restored.stderr
    _consistent(store)


def test_a_damaged_index_with_a_good_backup_points_at_restore(portfolio: FolderStore) -> None:
    store = portfolio
    store.index_path.write_bytes(b"{damaged")
    before = tree(store.root)
    proc = run_cli("status", data=store.root)
    message = assert_one_line_error(proc.stderr, proc.returncode, 1)
    assert "run `coach restore` to put it back: it keeps your weekly entries and settings" in message
    assert tree(store.root) == before  # not rebuilt by itself: it is not missing, it is damaged
    assert run_cli("restore", data=store.root).returncode == 0
    assert run_cli("config", "week-start", data=store.root).stdout == b"Sunday\n"
    _consistent(store)


def test_two_commands_finding_the_index_missing_rebuild_it_once(portfolio: FolderStore) -> None:
    store = portfolio
    store.index_path.unlink()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "coach_tui.cli", "status", "--data", str(store.root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(),
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), results
    said = [err for _, err in results if err]
    assert len(said) == 1, said  # only the first to hold the lock finds it missing: it rebuilds it
    _consistent(store)
    assert run_cli("check", data=store.root).returncode == 0


# -- COACH_LOCK_TIMEOUT=inf -------------------------------------------------------------------------


def test_an_infinite_lock_timeout_waits_as_long_as_it_takes(portfolio: FolderStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_LOCK_TIMEOUT", "inf")
    assert FolderStore(portfolio.root).lock_timeout == math.inf
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, pathlib
                from coach_tui.store.files import Lock
                with Lock(pathlib.Path(sys.argv[1]), 5):
                    print("locked", flush=True)
                    sys.stdin.readline()
                """
            ),
            str(portfolio.root),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert holder.stdin is not None and holder.stdout is not None
    assert holder.stdout.readline() == b"locked\n"
    writer = subprocess.Popen(
        [sys.executable, "-m", "coach_tui.cli", "log", "acme", "waited", "--told", "--data", str(portfolio.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(COACH_LOCK_TIMEOUT="inf"),
    )
    # The writer is waiting for the lock: it has not written, and it has not given up.
    acquired = threading.Event()

    def try_lock() -> None:
        with Lock(portfolio.root, math.inf):
            acquired.set()

    waiter = threading.Thread(target=try_lock)
    waiter.start()
    assert not acquired.wait(0.5) and writer.poll() is None
    holder.stdin.write(b"go\n")
    holder.stdin.flush()
    out, err = writer.communicate(timeout=60)
    waiter.join(timeout=60)
    holder.wait(timeout=60)
    assert writer.returncode == 0, err
    assert acquired.is_set() and b"logged idea for Acme" in out
