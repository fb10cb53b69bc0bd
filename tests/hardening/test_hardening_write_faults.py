"""Writes that fail or die halfway: a full disk, a permission refused, an I/O error on rename,
a crash at each step of a write (during backup rotation and `coach restore` too), and the lock
held by another process past its timeout.

Each fault is injected into a real `coach` process by a small runner that patches `os` before
calling `coach_tui.cli.main`, so the CLI's own error handling is what is tested: one line on
stderr, a non-zero exit, every data file at its previous version byte for byte (backups
included), no temp file left, and the store still opens.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hardening_support import assert_one_line_error, cli_env, leftovers, run_cli, tree

from coach_tui.services import Coach
from coach_tui.store.files import Lock
from coach_tui.store.folder import FolderStore

# Patches `os` as the fault asks, then runs the CLI. Faults hit data files only (never the
# interpreter's own imports), and each fires once, like a disk that fills up at one moment.
RUNNER = textwrap.dedent(
    """
    import errno, os, sys
    fault, argv = sys.argv[1], sys.argv[2:]
    real = {name: getattr(os, name) for name in ("write", "fsync", "open", "replace", "mkdir", "link")}
    fired = []

    def once():
        if fired:
            return False
        fired.append(1)
        return True

    def err(code):
        return OSError(code, os.strerror(code))

    def write(fd, data):
        if fault == "enospc-write" and once():
            real["write"](fd, bytes(data)[: len(data) // 2])  # half of it made it to disk
            raise err(errno.ENOSPC)
        return real["write"](fd, data)

    def fsync(fd):
        if fault == "enospc-fsync" and once():
            raise err(errno.ENOSPC)
        return real["fsync"](fd)

    def open_(path, flags, mode=0o777, *a, **kw):
        p = str(path)
        if fault == "eacces-temp" and p.endswith(".tmp") and once():
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), p)
        if fault == "eacces-lock" and p.endswith(".lock"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), p)
        if fault == "enospc-lock" and p.endswith(".lock"):
            raise err(errno.ENOSPC)
        return real["open"](path, flags, mode, *a, **kw)

    def replace(src, dst, *a, **kw):
        d = str(dst)
        if fault == "eio-rename-client" and "/clients/" in d and once():
            raise err(errno.EIO)
        if fault == "eio-rename-shard" and "/index/" in d and once():
            raise err(errno.EIO)
        return real["replace"](src, dst, *a, **kw)

    def mkdir(path, *a, **kw):
        if fault == "eacces-mkdir":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real["mkdir"](path, *a, **kw)

    from coach_tui import cli  # imports first: the faults are for data files only
    import coach_tui.services, coach_tui.store.folder, coach_tui.store.commit
    import coach_tui.store.restore, coach_tui.domain.dates
    os.write, os.fsync, os.open, os.replace, os.mkdir = write, fsync, open_, replace, mkdir
    sys.exit(cli.main(argv))
    """
)


def run_with_fault(fault: str, *args: str, data: Path) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-c", RUNNER, fault, *args, "--data", str(data)]
    return subprocess.run(cmd, capture_output=True, timeout=60, env=cli_env())


@pytest.fixture
def acme(store: FolderStore) -> FolderStore:
    coach = Coach(store)
    client = coach.clients.add("Acme")
    coach.deliveries.log(client.id, "kept", told=True)
    coach.boards.add_card(client.id, "plan", "pilot study")
    coach.deliveries.log(client.id, "benchmark")  # an untold delivery: a Steward card
    return store


COMMANDS = {
    "log": ["log", "acme", "lost?"],
    "client add": ["client", "add", "Initech"],
    "client edit": ["client", "edit", "acme", "--cadence", "3w"],
    "card add": ["card", "add", "acme", "a card", "--column", "plan"],
    "card move": ["card", "move", "acme", "pilot", "--forward"],
    "card tell": ["card", "tell", "acme", "benchmark"],
}

FAULTS = {
    "enospc-write": "No space left on device",
    "enospc-fsync": "No space left on device",
    "eacces-temp": "Permission denied",
    "eacces-lock": "Permission denied",
    "enospc-lock": "No space left on device",
    "eio-rename-client": "Input/output error",
}


@pytest.mark.parametrize(
    "command, fault",
    # A new client has no file to rename over: its rename failing is the other commands' case.
    [(c, f) for c in COMMANDS for f in FAULTS if (c, f) != ("client add", "eio-rename-client")],
)
def test_failed_write_changes_nothing(acme: FolderStore, command: str, fault: str) -> None:
    before = tree(acme.root)
    result = run_with_fault(fault, *COMMANDS[command], data=acme.root)
    message = assert_one_line_error(result.stderr, result.returncode, 1)
    assert FAULTS[fault] in message and "nothing was changed" in message, message
    assert result.stdout == b""  # nothing claims success
    after = tree(acme.root)
    after.pop(".intent", None)  # an intent left by a failed rename: harmless, see below
    assert after == before
    assert [p for p in leftovers(acme.root) if p != ".intent"] == []
    # The store opens, the index agrees with the files, and the next write goes through.
    entry = acme.read().entries[0]
    assert entry.facts.deliveries == len(acme.read_client(entry.client.id).deliveries) == 2
    assert run_cli("log", "acme", "next", data=acme.root).returncode == 0
    assert leftovers(acme.root) == []


def test_failed_shard_rename_after_the_client_file_says_what_was_saved(acme: FolderStore) -> None:
    """The client file is in place when the rename of its index shard fails: the change is saved
    (the intent makes every reader rebuild the index entry from it), so the message must not
    say that nothing changed."""
    client_id = acme.read().entries[0].client.id
    result = run_with_fault("eio-rename-shard", "log", "acme", "saved anyway", data=acme.root)
    message = assert_one_line_error(result.stderr, result.returncode, 1)
    assert "nothing was changed" not in message and str(acme.client_path(client_id)) in message
    assert [p for p in leftovers(acme.root) if p != ".intent"] == []
    assert acme.read().entries[0].facts.deliveries == 3
    assert run_cli("log", "acme", "next", data=acme.root).returncode == 0
    assert leftovers(acme.root) == [] and acme.read().entries[0].facts.deliveries == 4


def test_data_folder_that_cannot_be_created(tmp_path: Path) -> None:
    result = run_with_fault("eacces-mkdir", "client", "add", "Acme", data=tmp_path / "new")
    assert "Permission denied" in assert_one_line_error(result.stderr, result.returncode, 1)
    assert not (tmp_path / "new").exists()


def test_failed_write_in_process_is_a_store_error(acme: FolderStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app calls the services directly and catches StoreError: a refused lock file or
    data folder must arrive as one, never as a bare OSError that would end a worker."""
    import os

    from coach_tui.store.errors import StoreError

    client_id = acme.read().entries[0].client.id
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StoreError, match="Permission denied"):
        Coach(acme).deliveries.log(client_id, "x")
    monkeypatch.undo()

    def no_folder(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", no_folder)
    with pytest.raises(StoreError, match="Permission denied"):
        Coach(FolderStore(acme.root / "elsewhere")).clients.add("x")


# -- a crash at each step ---------------------------------------------------------------------

# Steps tests/store/test_store.py does not already cover: inside the temp write, after only
# the intent is in place, during backup rotation, for a new client, and inside `coach restore`.
CRASH = textwrap.dedent(
    """
    import os, sys
    step, root, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
    real = {name: getattr(os, name) for name in ("write", "replace", "link", "unlink")}
    renamed = []

    def die():
        os._exit(9)

    def write(fd, data):
        if step == "mid-temp-write":
            real["write"](fd, bytes(data)[: len(data) // 2])
            die()
        return real["write"](fd, data)

    def replace(src, dst, *a, **kw):
        d = str(dst)
        if step == "during-backup-shift" and "/backups/" in d and ".broken-" not in d:
            die()  # renaming name.2 to name.3, say: the rolling backups half shifted
        real["replace"](src, dst, *a, **kw)
        if "/backups/" not in d:
            renamed.append(d)
        if step == "after-intent" and d.endswith(".intent"):
            die()
        if step == "new-client-file-only" and "/clients/" in d:
            die()
        if step == "restore-after-intent" and d.endswith(".intent"):
            die()
        if step == "restore-after-put-back" and d.endswith("coach.json"):
            die()
        if step == "restore-after-aside" and ".broken-" in d:
            die()  # the damaged file was moved aside, the backup not yet put back

    def link(src, dst, *a, **kw):
        if step == "in-backup-rotation" and "/backups/" in str(dst):
            die()  # the newest backup was unlinked, its replacement not yet linked
        if step == "restore-after-aside" and ".broken-" in str(dst):
            real["link"](src, dst, *a, **kw)
            die()  # the damaged file is linked aside, the backup not yet put back
        return real["link"](src, dst, *a, **kw)

    from coach_tui import cli
    import coach_tui.services, coach_tui.store.folder, coach_tui.store.commit, coach_tui.store.restore
    os.write, os.replace, os.link = write, replace, link
    sys.exit(cli.main([*argv, "--data", root]))
    """
)

CRASH_STEPS = {
    "mid-temp-write": ["log", "acme", "crash"],
    "after-intent": ["log", "acme", "crash"],
    "in-backup-rotation": ["log", "acme", "crash"],
    "during-backup-shift": ["log", "acme", "crash"],
    "new-client-file-only": ["client", "add", "Initech"],
}


def _all_files_parse(root: Path) -> None:
    for path in [root / "coach.json", *(root / "clients").glob("*.json")]:
        json.loads(path.read_bytes())


def _consistent(store: FolderStore) -> None:
    for entry in store.read().entries:
        assert entry.facts.deliveries == len(store.read_client(entry.client.id).deliveries)


@pytest.mark.parametrize("step", list(CRASH_STEPS))
def test_crash_at_step_leaves_old_or_new(acme: FolderStore, step: str) -> None:
    old = tree(acme.root)
    result = subprocess.run(
        [sys.executable, "-c", CRASH, step, str(acme.root), *CRASH_STEPS[step]], capture_output=True, timeout=60
    )
    assert result.returncode == 9, result.stderr
    _all_files_parse(acme.root)
    snapshot = acme.read()
    _consistent(acme)
    acme_id = next(e.client.id for e in snapshot.entries if e.client.name == "Acme")
    summaries = [d.summary for d in acme.read_client(acme_id).deliveries]
    if step in ("mid-temp-write", "after-intent"):
        assert summaries == ["kept", "benchmark"]
        assert acme.index_path.read_bytes() == old["coach.json"]
    elif step == "in-backup-rotation":
        assert summaries == ["kept", "benchmark"]  # the data files were not touched yet
    elif step == "during-backup-shift":
        assert summaries in (["kept", "benchmark"], ["kept", "benchmark", "crash"])
    else:  # the new client's file landed, the index did not: readers see it through the intent
        assert sorted(e.client.name for e in snapshot.entries) == ["Acme", "Initech"]
    # The next write cleans up and the index agrees with the files.
    assert run_cli("log", "acme", "after", data=acme.root).returncode == 0
    assert leftovers(acme.root) == []
    _consistent(acme)
    for backup in (acme.root / "backups").iterdir():
        json.loads(backup.read_bytes())  # no half-written backup either


@pytest.mark.parametrize("step", ["restore-after-intent", "restore-after-aside", "restore-after-put-back"])
def test_crash_inside_restore_never_leaves_an_empty_store(acme: FolderStore, step: str) -> None:
    """`coach restore` of a damaged index, killed at each step: the index path always holds
    the damaged file or the restored one (a missing index would read as an empty portfolio),
    and a second `coach restore` finishes the job."""
    acme.index_path.write_bytes(b"{damaged")
    result = subprocess.run([sys.executable, "-c", CRASH, step, str(acme.root), "restore"], capture_output=True, timeout=60)
    assert result.returncode in (0, 9), result.stderr  # 0: this restore has no such step
    assert acme.index_path.exists()
    content = acme.index_path.read_bytes()
    if content != b"{damaged":
        assert [e.client.name for e in acme.read().entries] == ["Acme"]
    assert run_cli("restore", data=acme.root).returncode == 0
    assert [e.client.name for e in acme.read().entries] == ["Acme"]
    _consistent(acme)
    assert run_cli("log", "acme", "after", data=acme.root).returncode == 0
    assert leftovers(acme.root) == []


# -- the lock held past its timeout -------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from coach_tui.store.files import Lock
    with Lock(__import__("pathlib").Path(sys.argv[1]), 5):
        print("locked", flush=True)
        time.sleep(60)
    """
)


@pytest.fixture
def held(acme: FolderStore):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(acme.root)], stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
    yield acme
    holder.send_signal(signal.SIGKILL)
    holder.wait()


@pytest.mark.parametrize("command", [*COMMANDS, "restore"])
def test_lock_held_by_another_process(held: FolderStore, command: str) -> None:
    before = tree(held.root)
    args = COMMANDS.get(command, ["restore", "coach.json"])
    result = run_cli(*args, data=held.root, env=cli_env(COACH_LOCK_TIMEOUT="0.3"))
    message = assert_one_line_error(result.stderr, result.returncode, 1)
    assert message.startswith("coach: store busy") and "nothing was written" in message
    assert "for 0.3s" in message, "COACH_LOCK_TIMEOUT=0.3 was not honoured"
    assert tree(held.root) == before
    # Reads need no lock: the agenda still shows while another process writes.
    assert run_cli("status", data=held.root, env=cli_env(COACH_LOCK_TIMEOUT="0.3")).returncode == 0


@pytest.mark.parametrize("value", ["abc", "nan", "-1", "-inf", ""])
def test_a_bad_lock_timeout_setting_is_ignored(acme: FolderStore, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("COACH_LOCK_TIMEOUT", value)
    store = FolderStore(acme.root)
    assert store.lock_timeout == 10.0
    with Lock(acme.root, 5):
        pass
    assert run_cli("log", "acme", "x", data=acme.root, env=cli_env(COACH_LOCK_TIMEOUT=value)).returncode == 0
