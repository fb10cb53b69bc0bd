"""Damaged data files, through the CLI: refused in one line naming the file and its newest good
backup, left byte for byte as they are, and put back by `coach restore`.

TinyDB's own storage reads a 0-byte file as a new, empty database and then writes over it;
coach must never do that to years of client history. Each damage is tried on the index
(`coach.json`) and on a client file, and "wrong shape" covers both the tables (a list where an
object belongs) and the records (JSON that parses, holding values of the wrong type).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hardening_support import assert_one_line_error, leftovers, main_in_process, run_cli, tree
from storekit import entry_file

from coach_tui.services import Coach
from coach_tui.store import files
from coach_tui.store.decode import VALID_CLIENT, VALID_INDEX, validator
from coach_tui.store.folder import FolderStore
from coach_tui.store.restore import restore


def damage_cases(good: bytes) -> dict[str, bytes]:
    return {
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "invalid-json": b"{this is not json",
        "wrong-shape": b'[{"client": "a list where the tables belong"}]',
        "empty-object": b"{}",
        "meta-not-an-object": b'{"_meta": ["schema", 1]}',
        "nested-too-deep": b"[" * 100_000,
        "future-schema": json.dumps({**json.loads(good), "_meta": {"1": {"schema": 99}}}).encode(),
    }


DAMAGES = list(damage_cases(b"{}"))


@pytest.fixture
def history(store: FolderStore) -> tuple[FolderStore, str]:
    """Acme with three deliveries and a card, so every file has backups."""
    coach = Coach(store)
    acme = coach.clients.add("Acme")
    coach.clients.add("Globex")
    for n in range(3):
        coach.deliveries.log(acme.id, f"delivery {n}", told=True)
    coach.boards.add_card(acme.id, "plan", "pilot")
    return store, acme.id


def _target(store: FolderStore, client_id: str, which: str) -> tuple[Path, object]:
    if which == "index":
        return store.index_path, VALID_INDEX
    if which == "entry":  # the index shard that holds the client's entry
        path = entry_file(store, client_id)
        return path, validator(path)
    return store.client_path(client_id), VALID_CLIENT


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("which", ["index", "client"])
def test_damaged_file_is_refused_named_kept_and_restored(history: tuple[FolderStore, str], which: str, damage: str) -> None:
    store, acme = history
    path, valid = _target(store, acme, which)
    content = damage_cases(path.read_bytes())[damage]
    path.write_bytes(content)
    expected_backup = files.newest_good_backup(path, valid)
    assert expected_backup is not None
    before = tree(store.root)

    commands = [["log", "acme", "after the damage"], ["card", "add", "acme", "a card"], ["card", "list", "acme"]]
    if which == "index":
        commands += [["status"], ["client", "add", "Initech"], ["client", "list"]]
    for n, args in enumerate(commands):
        # The first command as a real process, the others in-process (the same `main`, faster).
        if n == 0:
            proc = run_cli(*args, data=store.root)
            code, err = proc.returncode, proc.stderr
        else:
            result = main_in_process([*args, "--data", str(store.root)])
            code, err = result.code, result.err
        message = assert_one_line_error(err, code, 1)
        assert str(path) in message and str(expected_backup) in message, message
        assert "coach restore" in message
        assert tree(store.root) == before, f"{args} changed the data folder"

    restored = run_cli("restore", data=store.root)
    assert restored.returncode == 0, restored.stderr
    assert f"restored {path} from {expected_backup}".encode() in restored.stdout
    aside = [p for p in (store.root / "backups").iterdir() if p.name.startswith(path.name + ".broken-")]
    assert [p.read_bytes() for p in aside] == [content]  # the damaged file is kept, not deleted

    # The store reads again, every client is there, and the index agrees with the files.
    snapshot = store.read()
    assert sorted(e.client.name for e in snapshot.entries) == ["Acme", "Globex"]
    for entry in snapshot.entries:
        assert entry.facts.deliveries == len(store.read_client(entry.client.id).deliveries)
    logged = run_cli("log", "acme", "after the restore", data=store.root)
    assert logged.returncode == 0, logged.stderr
    summaries = [d.summary for d in store.read_client(acme).deliveries]
    assert summaries[-1] == "after the restore"
    # The index is rebuilt from the client files, so restoring it loses nothing; a client file
    # goes back to the version before its last write.
    assert summaries[:3] == ["delivery 0", "delivery 1", "delivery 2"]
    assert leftovers(store.root) == []


# Records that parse as JSON but hold values of the wrong type or out of range: the kind of
# damage a hand edit or another tool leaves. Each is (file, a change to its data).
def _first(table: dict) -> dict:
    return table[sorted(table, key=int)[0]]


RECORD_DAMAGE = {
    "client name is a number": ("client", lambda d: _first(d["client"]).update(name=5)),
    "client tier unknown": ("client", lambda d: _first(d["client"]).update(tier="Z")),
    "client cadence zero": ("client", lambda d: _first(d["client"]).update(cadence="0d")),
    "client cadence unit unknown": ("client", lambda d: _first(d["client"]).update(cadence="5x")),
    "client added not a date": ("client", lambda d: _first(d["client"]).update(added="soon")),
    "card column unknown": ("client", lambda d: _first(d["cards"]).update(column="backlog")),
    "card moves malformed": ("client", lambda d: _first(d["cards"]).update(moves=[["x"]])),
    "card time with a zone": ("client", lambda d: _first(d["cards"]).update(created="2026-11-20T10:00:00+05:00")),
    "card title is a list": ("client", lambda d: _first(d["cards"]).update(title=["a"])),
    "delivery kind unknown": ("client", lambda d: _first(d["deliveries"]).update(kind="gift")),
    "delivery on not a date": ("client", lambda d: _first(d["deliveries"]).update(on=20261120)),
    "no client record": ("client", lambda d: d.pop("client")),
    "index client name is null": ("entry", lambda d: _first(d["clients"])["client"].update(name=None)),
    "index facts column unknown": (
        "entry",
        lambda d: _first(d["clients"])["facts"].update(cards=[["x", "2026-11-20", "2026-11-20", 0]]),
    ),
    "index facts column out of range": ("entry", lambda d: _first(d["clients"])["facts"].update(cards=[[-1, 740000, 740000, 0]])),
    "index facts count is text": ("entry", lambda d: _first(d["clients"])["facts"].update(n="many")),
    "index client id not an id": ("entry", lambda d: _first(d["clients"])["client"].update(id="../../etc")),
}


@pytest.mark.parametrize("case", list(RECORD_DAMAGE))
def test_records_of_the_wrong_type_are_refused_like_bad_json(history: tuple[FolderStore, str], case: str) -> None:
    store, acme = history
    which, change = RECORD_DAMAGE[case]
    path, valid = _target(store, acme, which)
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data))
    before = tree(store.root)
    data_arg = ["--data", str(store.root)]
    if "facts" in case:
        # Facts are derived from the client file: a write for that client recomputes them (a
        # repair that loses nothing); reading them as they are must refuse.
        commands = [["status", *data_arg]]
    else:
        commands = [["log", "acme", "x", *data_arg], ["card", "list", "acme", *data_arg]]
        if which == "entry":
            commands = [["log", "acme", "x", *data_arg], ["status", *data_arg]]
    for args in commands:
        result = main_in_process(args)
        message = assert_one_line_error(result.err, result.code, 1)
        assert str(path) in message and "wrong shape" in message, message
        assert tree(store.root) == before
    # `coach restore` agrees that the file is unreadable, and puts back a good one.
    lines = restore(store.root)
    done = "rebuilt the index shards" if which == "entry" else f"restored {path}"
    assert any(line.startswith(done) for line in lines), lines
    valid(json.loads(path.read_bytes()))
    Coach(store).deliveries.log(acme, "after the restore", told=True)
    assert store.read().entry(acme).facts.deliveries == len(store.read_client(acme).deliveries)


def test_a_moved_aside_file_is_never_offered_as_a_backup(history: tuple[FolderStore, str]) -> None:
    """After a restore, the damaged file sits in backups/ as `.broken-<time>`, the newest file
    there. If a later damage is refused, the message must still name a good backup."""
    store, acme = history
    data = json.loads(store.index_path.read_bytes())
    data["names"]["1"]["clients"][0][1] = 5  # a name that is a number: parses, passes the table check
    store.index_path.write_text(json.dumps(data))
    restore(store.root)
    store.index_path.write_bytes(b"")
    result = main_in_process(["status", "--data", str(store.root)])
    message = assert_one_line_error(result.err, result.code, 1)
    assert ".broken-" not in message and "coach.json." in message


@pytest.mark.parametrize("intent", [b"5", b'"abc"', b"{}", b'["../x", 7]', b"\x00\xff", b""])
def test_a_garbled_intent_is_ignored(history: tuple[FolderStore, str], intent: bytes) -> None:
    """`.intent` is written whole by coach; anything else found there must not stop reads."""
    store, acme = history
    store.intent_path.write_bytes(intent)
    assert len(store.read().entries) == 2
    Coach(store).deliveries.log(acme, "after", told=True)
    assert not store.intent_path.exists()
    assert store.read().entry(acme).facts.deliveries == 4
