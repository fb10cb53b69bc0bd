"""What is not a regular file, or not coach's to read, in the data folder.

- A FIFO in place of a client file, the index, `.intent` or a backup used to block `log`,
  `status`, `restore --list` and `restore` forever (holding the lock): coach opens files
  without blocking and reads only regular ones. Every command here runs as a real process
  with a timeout, so a hang fails the test instead of hanging it.
- A client file that is a symbolic link was followed out of the folder (and its backup became
  a link pointing outside too): coach follows no link.
- A file made unreadable by its mode was called damaged, with "run `coach restore`", which
  would roll it back a version: it is a permission problem, named as such, never restored.
  Run as root, the commands drop the capability that lets root read any file, so the modes
  apply to them as to any user.
- With every backup damaged, the message said "no backup of it exists yet": it says how many
  exist and that none reads. `coach restore` that restored nothing it was asked to exits 1.
- Backups of a file another tool created 0644 stayed 0644 (a hard link shares the mode), and
  folders 0755 stayed so: files, backups and folders are the user's alone.
"""

from __future__ import annotations

import ctypes
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_support import assert_one_line_error, cli_env, run_cli, tree

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

TIMEOUT = 30  # seconds: far beyond what any command here takes, even on a busy machine


@pytest.fixture
def acme(store: FolderStore) -> tuple[FolderStore, str]:
    coach = Coach(store)
    acme = coach.clients.add("Acme")
    coach.clients.add("Globex")
    for n in range(3):
        coach.deliveries.log(acme.id, f"delivery {n}", told=True)
    coach.boards.add_card(acme.id, "plan", "pilot")
    return store, acme.id


def _run(*args: str, data: Path) -> subprocess.CompletedProcess[bytes]:
    return run_cli(*args, data=data, timeout=TIMEOUT)


# -- FIFOs ---------------------------------------------------------------------------------------


def _fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path, 0o600)


@pytest.mark.parametrize("which", ["client", "index"])
def test_a_fifo_in_place_of_a_data_file_is_refused_at_once(acme: tuple[FolderStore, str], which: str) -> None:
    store, acme_id = acme
    path = store.index_path if which == "index" else store.client_path(acme_id)
    _fifo(path)
    commands = [["log", "acme", "x"], ["card", "list", "acme"]] + ([["status"]] if which == "index" else [])
    for args in commands:
        proc = _run(*args, data=store.root)
        message = assert_one_line_error(proc.stderr, proc.returncode, 1)
        assert str(path) in message and "not a regular file (a FIFO" in message, message
        assert "coach restore" in message  # a FIFO holds no data: the backup is the file
    listed = _run("restore", "--list", data=store.root)
    assert listed.returncode == 0 and f"{path} (damaged)".encode() in listed.stdout
    checked = _run("check", data=store.root)
    assert checked.returncode == 1 and b"not a regular file" in checked.stdout
    restored = _run("restore", data=store.root)
    assert restored.returncode == 0, restored.stderr
    assert f"replaced a FIFO (named pipe) at {path}".encode() in restored.stdout
    assert stat.S_ISREG(os.lstat(path).st_mode)
    assert sorted(e.client.name for e in store.read().entries) == ["Acme", "Globex"]
    assert _run("log", "acme", "after", data=store.root).returncode == 0


def test_a_fifo_as_intent_is_ignored_and_replaced(acme: tuple[FolderStore, str]) -> None:
    store, _ = acme
    _fifo(store.intent_path)
    for args in (["status"], ["restore", "--list"], ["card", "list", "acme"]):
        proc = _run(*args, data=store.root)
        assert proc.returncode == 0, (args, proc.stderr)
    checked = _run("check", data=store.root)
    assert checked.returncode == 1 and f"{store.intent_path} is a FIFO (named pipe)".encode() in checked.stdout
    assert _run("log", "acme", "x", data=store.root).returncode == 0
    assert not os.path.lexists(store.intent_path)  # the write put its own intent there, then removed it


def test_a_fifo_among_the_backups_is_never_opened(acme: tuple[FolderStore, str]) -> None:
    store, acme_id = acme
    path = store.client_path(acme_id)
    newest = store.root / "backups" / f"{path.name}.1"
    _fifo(newest)
    path.write_bytes(b"{damaged")
    proc = _run("card", "list", "acme", data=store.root)
    message = assert_one_line_error(proc.stderr, proc.returncode, 1)
    assert f"{path.name}.2" in message  # the FIFO is passed over: the next backup is offered
    assert _run("restore", "--list", data=store.root).returncode == 0
    checked = _run("check", "--json", data=store.root)
    assert checked.returncode == 1
    kinds = {(p["kind"], Path(p["path"]).name) for p in json.loads(checked.stdout)["problems"]}
    assert ("backup", newest.name) in kinds and ("damaged", path.name) in kinds
    restored = _run("restore", data=store.root)
    assert restored.returncode == 0 and f"from {store.root / 'backups' / path.name}.2".encode() in restored.stdout


def test_a_fifo_in_place_of_the_lock_refuses_writes_only(acme: tuple[FolderStore, str]) -> None:
    store, _ = acme
    _fifo(store.root / ".lock")
    before = tree(store.root)
    proc = _run("log", "acme", "x", data=store.root)
    message = assert_one_line_error(proc.stderr, proc.returncode, 1)
    assert ".lock" in message and "FIFO" in message and "nothing was changed" in message
    assert tree(store.root) == before
    assert _run("status", data=store.root).returncode == 0  # reads take no lock
    checked = _run("check", data=store.root)
    assert checked.returncode == 1 and f"{store.root / '.lock'} is a FIFO (named pipe)".encode() in checked.stdout


# -- symbolic links ---------------------------------------------------------------------------------


def test_a_client_file_that_is_a_link_out_of_the_folder_is_not_followed(acme: tuple[FolderStore, str], tmp_path: Path) -> None:
    store, acme_id = acme
    path = store.client_path(acme_id)
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    kept = outside.read_bytes()
    for args in (["log", "acme", "x"], ["card", "add", "acme", "y"], ["card", "list", "acme"]):
        proc = _run(*args, data=store.root)
        message = assert_one_line_error(proc.stderr, proc.returncode, 1)
        assert "symbolic link" in message and str(path) in message, message
    assert outside.read_bytes() == kept
    assert not any(p.is_symlink() for p in (store.root / "backups").iterdir())
    restored = _run("restore", data=store.root)
    assert restored.returncode == 0, restored.stderr
    assert f"replaced a symbolic link to {outside} at {path}".encode() in restored.stdout
    assert not path.is_symlink() and outside.read_bytes() == kept  # the link's target is not touched
    assert not any(p.is_symlink() for p in (store.root / "backups").iterdir())


@pytest.mark.parametrize("folder", ["clients", "backups"])
def test_a_subfolder_that_is_a_link_is_refused(acme: tuple[FolderStore, str], tmp_path: Path, folder: str) -> None:
    store, _ = acme
    real = store.root / folder
    moved = tmp_path / f"moved-{folder}"
    real.rename(moved)
    real.symlink_to(moved)
    before = {p.name: p.read_bytes() for p in moved.iterdir()}
    proc = _run("log", "acme", "x", data=store.root)
    message = assert_one_line_error(proc.stderr, proc.returncode, 1)
    assert str(real) in message and "symbolic link" in message and "nothing was changed" in message
    assert {p.name: p.read_bytes() for p in moved.iterdir()} == before
    checked = _run("check", data=store.root)
    assert checked.returncode == 1 and f"{real} is a symbolic link".encode() in checked.stdout


# -- permissions ---------------------------------------------------------------------------------------


def _without_root_powers() -> None:
    """In the child, before exec: if run as root, drop the capabilities that let root read and
    search any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from the bounding set, so the
    program coach becomes is subject to modes like any user."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(111)


def run_as_user(*args: str, data: Path) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-m", "coach_tui.cli", *args, "--data", str(data)]
    return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=cli_env(), preexec_fn=_without_root_powers)


@pytest.fixture
def modes_apply(tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    proc = run_as_user("restore", "--list", data=tmp_path / "none")  # any command: is the child able to start?
    assert proc.returncode == 0, proc.stderr
    check = subprocess.run(
        [sys.executable, "-c", f"open({str(probe)!r}).read()"], capture_output=True, preexec_fn=_without_root_powers
    )
    if check.returncode == 0:
        pytest.skip("this system lets the test's user read a file of mode 000")


@pytest.mark.parametrize("which", ["client", "index"])
def test_a_file_made_unreadable_is_a_permission_problem_never_restored(
    acme: tuple[FolderStore, str], modes_apply: None, which: str
) -> None:
    store, acme_id = acme
    path = store.index_path if which == "index" else store.client_path(acme_id)
    content = path.read_bytes()
    path.chmod(0)
    try:
        commands = [["log", "acme", "x"], ["card", "list", "acme"]] + ([["status"]] if which == "index" else [])
        for args in commands:
            proc = run_as_user(*args, data=store.root)
            message = assert_one_line_error(proc.stderr, proc.returncode, 1)
            assert f"can't read {path}: permission denied; check its owner and mode" in message, message
            assert "restore" not in message and "damaged" not in message and "backup" not in message
        listed = run_as_user("restore", "--list", data=store.root)
        assert listed.returncode == 0 and f"{path} (permission denied)".encode() in listed.stdout
        for args in (["restore"], ["restore", path.name]):
            proc = run_as_user(*args, data=store.root)
            assert proc.returncode == 1, proc.stderr
            assert f"can't read {path}: permission denied".encode() in proc.stdout
            assert b"restored" not in proc.stdout and proc.stderr.startswith(b"coach: restore incomplete")
        checked = run_as_user("check", "--json", data=store.root)
        assert checked.returncode == 1
        assert [(p["kind"], p["path"]) for p in json.loads(checked.stdout)["problems"]] == [("permission", str(path))]
        assert stat.S_IMODE(path.stat().st_mode) == 0
        assert not [p for p in (store.root / "backups").iterdir() if ".broken-" in p.name]
    finally:
        path.chmod(0o600)
    assert path.read_bytes() == content
    assert run_as_user("log", "acme", "after", data=store.root).returncode == 0


def test_a_folder_made_unreadable_names_the_file_it_keeps_from_coach(acme: tuple[FolderStore, str], modes_apply: None) -> None:
    store, acme_id = acme
    store.clients_dir.chmod(0)
    try:
        proc = run_as_user("card", "list", "acme", data=store.root)
        message = assert_one_line_error(proc.stderr, proc.returncode, 1)
        assert f"can't read {store.client_path(acme_id)}: permission denied" in message
    finally:
        store.clients_dir.chmod(0o700)


# -- backups: how many, and none reads ---------------------------------------------------------------


def test_every_backup_damaged_says_how_many_exist(acme: tuple[FolderStore, str]) -> None:
    store, acme_id = acme
    path = store.client_path(acme_id)
    backups = sorted(p for p in (store.root / "backups").iterdir() if p.name.startswith(path.name + "."))
    assert len(backups) == 4  # three rolling and the day's
    for backup in backups:
        backup.write_bytes(b"{damaged too")
    path.write_bytes(b"")
    before = tree(store.root)
    proc = _run("card", "list", "acme", data=store.root)
    message = assert_one_line_error(proc.stderr, proc.returncode, 1)
    assert "none of its 4 backups reads either" in message and "no backup of it exists" not in message
    assert "coach restore" not in message  # it could not help
    restored = _run("restore", data=store.root)
    assert restored.returncode == 1
    assert f"no good backup of {path} (none of its 4 backups reads)".encode() in restored.stdout
    assert_one_line_error(restored.stderr, restored.returncode, 1)
    named = _run("restore", f"clients/{path.name}", data=store.root)
    assert named.returncode == 1
    assert tree(store.root) == before


def test_the_index_with_every_backup_damaged_says_restore_rebuilds_it(acme: tuple[FolderStore, str]) -> None:
    store, _ = acme
    for backup in (store.root / "backups").iterdir():
        if backup.name.startswith("coach.json."):
            backup.write_bytes(b"[]")
    store.index_path.write_bytes(b"{damaged")
    proc = _run("status", data=store.root)
    message = assert_one_line_error(proc.stderr, proc.returncode, 1)
    assert "reads either; `coach restore` rebuilds it from the client files" in message
    restored = _run("restore", data=store.root)
    assert restored.returncode == 0, restored.stderr
    assert b"rebuilt " in restored.stdout and b"weekly entries and settings start afresh" in restored.stdout
    assert sorted(e.client.name for e in store.read().entries) == ["Acme", "Globex"]
    aside = [p for p in (store.root / "backups").iterdir() if p.name.startswith("coach.json.broken-")]
    assert [p.read_bytes() for p in aside] == [b"{damaged"]


def test_a_backup_dated_in_the_future_does_not_push_out_a_day(store: FolderStore) -> None:
    """A clock that was ahead left `coach.json.2030-01-01`: it stays, and seven real days are
    still kept."""
    from datetime import date, timedelta

    day = [date(2026, 11, 1)]
    dated = FolderStore(store.root, lock_timeout=5, today=lambda: day[0])
    coach = Coach(dated, today=lambda: day[0])
    client = coach.clients.add("Acme")
    name = store.client_path(client.id).name
    (store.root / "backups" / f"{name}.2030-01-01").write_bytes(store.client_path(client.id).read_bytes())
    for n in range(10):
        day[0] = date(2026, 11, 2) + timedelta(days=n)
        coach.deliveries.log(client.id, f"day {n}", on=day[0], told=True)
    dailies = sorted(p.name for p in (store.root / "backups").iterdir() if p.name.startswith(f"{name}.20"))
    assert dailies == [f"{name}.2026-11-05", *[f"{name}.2026-11-{d:02d}" for d in range(6, 12)], f"{name}.2030-01-01"]


# -- modes -------------------------------------------------------------------------------------------------


def test_files_backups_and_folders_made_by_another_tool_become_the_users_alone(acme: tuple[FolderStore, str]) -> None:
    store, acme_id = acme
    path = store.client_path(acme_id)
    # Another tool (a sync client, a copy) wrote the file and the folders with its own modes.
    copy = path.read_bytes()
    path.unlink()
    path.write_bytes(copy)
    path.chmod(0o644)
    store.index_path.chmod(0o644)
    for folder in (store.clients_dir, store.root / "backups"):
        folder.chmod(0o755)
    for backup in (store.root / "backups").iterdir():
        backup.chmod(0o644)
    assert _run("log", "acme", "x", data=store.root).returncode == 0  # the client's file
    assert _run("client", "add", "Initech", data=store.root).returncode == 0  # the index
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(store.index_path.stat().st_mode) == 0o600
    for folder in (store.clients_dir, store.root / "backups"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    written = [p for p in (store.root / "backups").iterdir() if p.name.startswith((path.name, "coach.json"))]
    assert written and {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o600}
    # Every backup is of a file just written (Globex and Initech, added once, have none): nothing
    # is left open.
    assert run_cli("check", data=store.root).returncode == 0
