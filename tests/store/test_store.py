"""FolderStore guarantees: atomic writes, crash safety, concurrent writers, refusal of bad files,
backups, permissions, migrations and the intent log."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from datetime import date, timedelta

import pytest

from coach_tui.domain.models import Client, Delivery
from coach_tui.services import Coach
from coach_tui.store import files
from coach_tui.store.errors import CorruptFile, StoreBusy, WriteFailed
from coach_tui.store.folder import FolderStore
from coach_tui.store.layout import shard_of
from coach_tui.store.schema import SCHEMA


def add_client(store: FolderStore, name: str = "Acme") -> Client:
    return Coach(store).clients.add(name)


def log(store: FolderStore, client: Client, summary: str, on: date = date(2026, 11, 20)) -> Delivery:
    return Coach(store).deliveries.log(client.id, summary, on=on, told=True).delivery


def test_round_trip_and_facts(store: FolderStore) -> None:
    client = add_client(store)
    log(store, client, "benchmark")
    snapshot = store.read()
    assert [e.client.name for e in snapshot.entries] == ["Acme"]
    assert snapshot.entries[0].facts.last_value_add == date(2026, 11, 20)
    history = store.read_client(client.id)
    assert [d.summary for d in history.deliveries] == ["benchmark"]


def test_files_are_private(store: FolderStore) -> None:
    client = add_client(store)
    log(store, client, "x")
    for path in [store.root, store.clients_dir, store.root / "backups"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in [store.index_path, store.client_path(client.id), *store.root.joinpath("backups").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_no_temp_file_left_behind(store: FolderStore) -> None:
    client = add_client(store)
    log(store, client, "x")
    leftovers = [p for p in store.root.rglob("*") if p.name.endswith(".tmp") or p.name == ".intent"]
    assert leftovers == []


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"_meta": {"1": {"schema": 1}}, "clients": {"1": {"client": ', "not valid JSON"),
        (b"not json at all", "not valid JSON"),
        (b"[1, 2, 3]", "wrong shape"),
        (b'{"clients": {"1": {"name": "no facts"}}}', "wrong shape"),
        (b'{"clients": []}', "wrong shape"),
        (b'{"_meta": {"1": {"schema": 99}}}', "newer coach"),
    ],
)
def test_bad_index_is_refused_and_left_untouched(store: FolderStore, content: bytes, reason: str) -> None:
    client = add_client(store)
    log(store, client, "before the damage")
    store.index_path.write_bytes(content)
    with pytest.raises(CorruptFile) as caught:
        store.read()
    message = str(caught.value)
    assert str(store.index_path) in message and reason in message
    assert "backup" in message and "\n" not in message
    # A write that needs the index is refused; one that does not (a delivery: its client's
    # file and shard) goes on without reading it; neither writes over it.
    with pytest.raises(CorruptFile):
        Coach(store).clients.add("After the damage", "2w", "B")
    Coach(store).deliveries.log(client.id, "after the damage")
    assert store.index_path.read_bytes() == content


def test_corrupt_message_names_newest_good_backup(store: FolderStore) -> None:
    add_client(store)
    add_client(store, "Globex")  # each client added writes the index (its directory)
    add_client(store, "Initech")
    store.index_path.write_bytes(b"{broken")
    with pytest.raises(CorruptFile) as caught:
        store.read()
    backup = caught.value.backup
    assert backup is not None and backup.parent == store.root / "backups"
    assert json.loads(backup.read_bytes())["names"]


def test_bad_client_file_is_refused_and_left_untouched(store: FolderStore) -> None:
    client = add_client(store)
    path = store.client_path(client.id)
    path.write_bytes(b'{"cards": "nope"}')
    with pytest.raises(CorruptFile) as caught:
        Coach(store).deliveries.log(client.id, "x")
    assert str(path) in str(caught.value)
    assert path.read_bytes() == b'{"cards": "nope"}'


def test_unversioned_file_is_migrated_with_a_backup(store: FolderStore) -> None:
    client = add_client(store)
    # An index from before versioning: every client's entry in its own `clients` table.
    shard = store.shard_path(shard_of(client.id))
    data = {"clients": json.loads(shard.read_bytes())["clients"]}
    store.index_path.write_text(json.dumps(data))
    shutil.rmtree(store.index_dir)
    assert [e.client.name for e in store.read().entries] == ["Acme"]
    # The first read upgraded the folder, keeping the file as it was.
    migrated = json.loads(store.index_path.read_bytes())
    assert migrated["_meta"]["1"]["schema"] == SCHEMA
    assert "_meta" not in json.loads((store.root / "backups" / "coach.json.schema-0").read_bytes())
    log(store, client, "after migration")
    assert [d.summary for d in store.read_client(client.id).deliveries] == ["after migration"]


def _fail_on(monkeypatch: pytest.MonkeyPatch, target: str, error: OSError) -> None:
    real = getattr(os, target)

    def boom(*args, **kwargs):
        raise error

    monkeypatch.setattr(files.os, target, boom)
    assert real is not boom


@pytest.mark.parametrize("errno_, name", [(28, "No space left on device"), (13, "Permission denied")])
def test_write_failure_leaves_every_file_as_it_was(
    store: FolderStore, monkeypatch: pytest.MonkeyPatch, errno_: int, name: str
) -> None:
    client = add_client(store)
    log(store, client, "kept")
    before = {p: p.read_bytes() for p in [store.index_path, store.client_path(client.id)]}
    _fail_on(monkeypatch, "fsync", OSError(errno_, name))
    with pytest.raises(WriteFailed) as caught:
        Coach(store).deliveries.log(client.id, "lost")
    assert name in str(caught.value)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in before} == before
    assert list(store.root.rglob("*.tmp")) == []
    assert [d.summary for d in store.read_client(client.id).deliveries] == ["kept"]


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from coach_tui.services import Coach
    from coach_tui.store import commit as store_mod, files
    from coach_tui.store.folder import FolderStore

    step, root, client_id = sys.argv[1], sys.argv[2], sys.argv[3]
    real_replace, real_fsync = os.replace, os.fsync
    replaced = []

    def die():
        os._exit(9)

    def fsync(fd):
        if step == "before-fsync":
            die()
        return real_fsync(fd)

    def replace(src, dst):
        if step == "before-rename":
            die()
        real_replace(src, dst)
        if "backups" not in str(dst):
            replaced.append(dst)
        if step == "after-first-rename" and len(replaced) == 2:
            die()  # the intent and the client file are in place, the client's shard is not
        if step == "after-rename" and os.path.basename(os.path.dirname(dst)) == "index":
            die()  # the shard too: only the intent is left to remove

    files.os.fsync = fsync
    files.os.replace = replace
    store_mod.os.replace = replace
    Coach(FolderStore(root)).deliveries.log(client_id, "crash " + step, told=True)
    """
)


@pytest.mark.parametrize("step", ["before-fsync", "before-rename", "after-first-rename", "after-rename"])
def test_crash_at_each_step_leaves_old_or_new(store: FolderStore, step: str) -> None:
    client = add_client(store)
    log(store, client, "kept")
    shard = store.shard_path(shard_of(client.id))
    old_index = shard.read_bytes()
    result = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, step, str(store.root), client.id])
    assert result.returncode == 9
    index = shard.read_bytes()
    json.loads(index)
    summaries = [d.summary for d in store.read_client(client.id).deliveries]
    if step in ("before-fsync", "before-rename"):
        assert index == old_index and summaries == ["kept"]
    else:
        assert summaries == ["kept", f"crash {step}"]
        # Even when the shard's rename never happened, readers see the new delivery.
        assert store.read().entries[0].facts.deliveries == 2
    # The next write repairs the index and cleans up.
    log(store, client, "after")
    assert store.read().entries[0].facts.deliveries == len(summaries) + 1
    assert not store.intent_path.exists()


WRITER = textwrap.dedent(
    """
    import sys
    from coach_tui.services import Coach
    from coach_tui.store.folder import FolderStore
    root, client_id, tag, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    coach = Coach(FolderStore(root, lock_timeout=30))
    for n in range(count):
        coach.deliveries.log(client_id, f"{tag}-{n}", told=True)
    """
)


def test_concurrent_writers_keep_every_record(store: FolderStore) -> None:
    client = add_client(store)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(store.root), client.id, f"w{w}", "10"]) for w in range(4)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    summaries = {d.summary for d in store.read_client(client.id).deliveries}
    assert summaries == {f"w{w}-{n}" for w in range(4) for n in range(10)}
    assert store.read().entries[0].facts.deliveries == 40


def test_busy_lock_times_out_without_writing(store: FolderStore) -> None:
    client = add_client(store)
    before = store.client_path(client.id).read_bytes()
    with files.Lock(store.root, 5):
        impatient = FolderStore(store.root, lock_timeout=0.2)
        with pytest.raises(StoreBusy) as caught:
            Coach(impatient).deliveries.log(client.id, "never")
    assert "store busy" in str(caught.value)
    assert store.client_path(client.id).read_bytes() == before


def test_backups_roll(store: FolderStore) -> None:
    client = add_client(store)
    for n in range(6):
        log(store, client, f"d{n}")
    names = sorted(p.name for p in (store.root / "backups").iterdir() if p.name.startswith(client.id))
    assert names == [f"{client.id}.json.{n}" for n in ("1", "2", "2026-11-25", "3")]
    assert not list(store.index_dir.glob("*.json.*"))  # the shards are derived: no backups
    newest = json.loads((store.root / "backups" / f"{client.id}.json.1").read_bytes())
    assert len(newest["deliveries"]) == 5  # the version before the last write


def test_long_running_reader_sees_other_writes(store: FolderStore) -> None:
    client = add_client(store)
    reader = Coach(store)
    token = store.change_token()
    assert reader.portfolio.agenda().views[0].facts.deliveries == 0
    Coach(FolderStore(store.root)).deliveries.log(client.id, "from elsewhere", told=True)
    assert store.change_token() != token
    reader.deliveries.log(client.id, "from the app", told=True)
    assert {d.summary for d in store.read_client(client.id).deliveries} == {"from elsewhere", "from the app"}


def test_restore_puts_back_newest_good_backup(store: FolderStore) -> None:
    from coach_tui.store.restore import restore

    client = add_client(store)
    add_client(store, "Globex")  # the index written again: it has a backup
    log(store, client, "one")
    store.index_path.write_bytes(b"garbage")
    lines = restore(store.root)
    assert any("restored" in line for line in lines)
    aside = [p for p in (store.root / "backups").iterdir() if ".broken-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b"garbage"
    assert store.read().entry(client.id).facts.deliveries == 1
    assert restore(store.root) == [f"nothing to restore: every data file in {store.root} reads fine"]


def test_malformed_facts_are_refused_in_one_line(store: FolderStore) -> None:
    client = add_client(store)
    shard = store.shard_path(shard_of(client.id))
    data = json.loads(shard.read_bytes())
    data["clients"]["1"]["facts"] = {"va": 5}
    shard.write_text(json.dumps(data))
    before = shard.read_bytes()
    with pytest.raises(CorruptFile) as caught:
        Coach(store).portfolio.agenda()
    assert str(shard) in str(caught.value) and "facts" in str(caught.value)
    assert shard.read_bytes() == before


def test_weekly_pillar_scores_round_trip_and_bad_ones_are_refused(store: FolderStore) -> None:
    from coach_tui.domain.pillars import PillarScore

    coach = Coach(store)
    week = date(2026, 11, 23)
    coach.weekly.record_weekly(week, {"lead": PillarScore("lead", 40, ("x",)), "value": PillarScore("value", 53, ("y",))}, "t1")
    coach.weekly.record_weekly(week, {"lead": PillarScore("lead", 42, ("x",))}, "t1")  # the latest of the week wins
    snapshot = store.read()
    assert [(w.week, w.scores) for w in snapshot.pillar_weeks] == [(week, {"lead": 42})]
    assert [(t.tip_id, t.week, t.scope) for t in snapshot.tips_shown] == [("t1", week, "portfolio")]  # once
    data = json.loads(store.index_path.read_bytes())
    data["pillar_weeks"]["1"]["scores"]["lead"] = 140
    store.index_path.write_text(json.dumps(data))
    with pytest.raises(CorruptFile) as caught:
        store.read()
    assert "0 to 100" in str(caught.value)


def test_a_write_under_a_wrong_clock_drops_no_value_add(store: FolderStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """One write made while the machine's clock was months ahead, then the real date: the
    index's facts still hold every value-add the rules need, so the dashboard and the board
    agree (they used to differ: consistency 0 of 6 on the dashboard, 6 of 6 on the board)."""
    today = date(2026, 11, 25)
    client = Coach(store).clients.add("Acme", cadence="2w", added=date(2026, 1, 1))
    for weeks in range(8):
        log(store, client, f"idea {weeks}", on=today - timedelta(weeks=2 * weeks))
    monkeypatch.setenv("COACH_TODAY", "2027-06-01")  # the machine's clock, months ahead
    Coach(store).boards.add_card(client.id, "plan", "written under a clock months ahead")
    monkeypatch.setenv("COACH_TODAY", today.isoformat())  # the clock put right
    right = Coach(store)
    [view] = right.portfolio.agenda().views
    board = right.boards.read(client.id)
    assert view.consistency == board.view.consistency
    assert view.consistency.hits == 6
    assert view.cadence == board.view.cadence
