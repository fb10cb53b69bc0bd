"""Schema 3, the index in shards: a delivery rewrites its client's file and one shard and
never the directory; a schema-2 folder is upgraded once into shards; a missing shard is rebuilt
from the client files, a damaged one refused and rebuilt by `coach restore`; a read after a
write costs the shards that changed."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from coach_tui.services import Coach
from coach_tui.store.errors import CorruptFile
from coach_tui.store.folder import FolderStore
from coach_tui.store.layout import SHARDS, shard_of
from coach_tui.store.restore import restore
from coach_tui.store.schema import SCHEMA

TODAY = date(2026, 11, 30)


def _clients(store: FolderStore, count: int) -> list[str]:
    coach = Coach(store)
    return [coach.clients.add(f"Client {n:03d}", "2w", "B").id for n in range(count)]


def _stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Each data file's identity (inode, modification time): what a write replaced."""
    found = {}
    for path in [*root.rglob("*.json"), *root.glob("*.jsonl")]:
        if "backups" not in path.parts:
            st = path.stat()
            found[str(path.relative_to(root))] = (st.st_ino, st.st_mtime_ns)
    return found


def test_a_delivery_rewrites_its_client_file_and_one_shard_only(store: FolderStore) -> None:
    ids = _clients(store, 40)
    before = _stamps(store.root)
    Coach(store).deliveries.log(ids[7], "Benchmark", told=True)
    after = _stamps(store.root)
    changed = sorted(name for name in after if after[name] != before.get(name))
    shard = str(store.shard_path(shard_of(ids[7])).relative_to(store.root))
    # And the undo journal, which is bounded (store.journal): never the directory.
    assert changed == sorted([f"clients/{ids[7]}.json", shard, "journal.jsonl"])
    assert store.read().entry(ids[7]).facts.deliveries == 1  # type: ignore[union-attr]


def test_renaming_or_archiving_a_client_updates_the_directory(store: FolderStore) -> None:
    [cid] = _clients(store, 1)
    coach = Coach(store)
    coach.clients.edit(cid, name="Renamed Ltd")
    assert store.names() == [(cid, "Renamed Ltd", False)]
    assert coach.portfolio.find_client("renamed").id == cid
    coach.clients.archive(cid)
    assert store.names() == [(cid, "Renamed Ltd", True)]


def test_a_read_reuses_the_shards_that_did_not_change(store: FolderStore) -> None:
    ids = _clients(store, 30)
    reader = FolderStore(store.root)
    first = {e.client.id: e for e in reader.read().entries}
    Coach(FolderStore(store.root)).deliveries.log(ids[3], "From another process", told=True)
    second = {e.client.id: e for e in reader.read().entries}
    changed = shard_of(ids[3])
    for cid in ids:
        if shard_of(cid) == changed:
            assert second[cid] is not first[cid]
        else:
            assert second[cid] is first[cid]  # not decoded again
    assert second[ids[3]].facts.deliveries == 1


def test_a_schema_2_folder_moves_its_entries_into_the_shards(store: FolderStore) -> None:
    ids = _clients(store, 12)
    Coach(store).deliveries.log(ids[0], "Kept", told=True)
    expected = {e.client.id: (e.client, e.facts) for e in store.read().entries}
    # The folder as schema 2 kept it: every entry in the index's `clients` table, no shards.
    index = json.loads(store.index_path.read_bytes())
    entries = [doc for path in sorted(store.index_dir.iterdir()) for doc in json.loads(path.read_bytes())["clients"].values()]
    old = {k: v for k, v in index.items() if k != "names"}
    old["clients"] = {str(n): doc for n, doc in enumerate(entries, 1)}
    old["_meta"] = {"1": {"schema": 2, "kind": "index"}}
    store.index_path.write_text(json.dumps(old))
    for path in store.index_dir.iterdir():
        path.unlink()
    clients = {cid: store.client_path(cid).read_bytes() for cid in ids}

    upgraded = FolderStore(store.root, today=lambda: TODAY)
    found = {e.client.id: (e.client, e.facts) for e in upgraded.read().entries}
    assert found == expected
    assert any("from schema 2 to 3" in line for line in upgraded.notices)
    written = json.loads(store.index_path.read_bytes())
    assert "clients" not in written and written["_meta"]["1"]["schema"] == SCHEMA
    assert len(written["names"]["1"]["clients"]) == 12
    assert json.loads((store.root / "backups" / "coach.json.schema-2").read_bytes()) == old
    assert sum(len(json.loads(p.read_bytes())["clients"]) for p in store.index_dir.iterdir()) == 12
    # Client files did not change at schema 3: none was rewritten.
    assert {cid: store.client_path(cid).read_bytes() for cid in ids} == clients
    assert list((store.root / "backups").glob("*.schema-2")) == [store.root / "backups" / "coach.json.schema-2"]


def test_a_missing_shard_is_rebuilt_from_the_client_files(store: FolderStore) -> None:
    ids = _clients(store, 5)
    shard = store.shard_path(shard_of(ids[2]))
    shard.unlink()
    reader = FolderStore(store.root)
    assert {e.client.id for e in reader.read().entries} == set(ids)
    assert shard.exists()
    assert len(reader.notices) == 1 and "rebuilt from the client files" in reader.notices[0]


def test_a_damaged_shard_is_refused_and_restore_rebuilds_it(store: FolderStore) -> None:
    ids = _clients(store, 5)
    Coach(store).deliveries.log(ids[1], "Kept", told=True)
    shard = store.shard_path(shard_of(ids[1]))
    shard.write_text('{"clients": {"1": {"client": 5}}}')
    with pytest.raises(CorruptFile) as caught:
        FolderStore(store.root).read()
    message = str(caught.value)
    assert str(shard) in message and "`coach restore` rebuilds it from the client files" in message
    assert shard.read_text() == '{"clients": {"1": {"client": 5}}}'
    lines = restore(store.root)
    assert any("rebuilt the index shards" in line for line in lines), lines
    assert FolderStore(store.root).read().entry(ids[1]).facts.deliveries == 1  # type: ignore[union-attr]


def test_a_shard_holding_another_shards_client_is_refused(store: FolderStore) -> None:
    ids = _clients(store, 20)
    a = next(cid for cid in ids if shard_of(cid) != shard_of(ids[0]))
    src, dst = store.shard_path(shard_of(a)), store.shard_path(shard_of(ids[0]))
    data = json.loads(dst.read_bytes())
    moved = next(doc for doc in json.loads(src.read_bytes())["clients"].values() if doc["client"]["id"] == a)
    data["clients"][str(len(data["clients"]) + 1)] = moved
    dst.write_text(json.dumps(data))
    with pytest.raises(CorruptFile) as caught:
        FolderStore(store.root).read()
    assert "belongs to another shard" in str(caught.value)


def test_a_directory_that_disagrees_with_the_shards_is_refused(store: FolderStore) -> None:
    ids = _clients(store, 3)
    shard = store.shard_path(shard_of(ids[0]))
    data = json.loads(shard.read_bytes())
    data["clients"] = {k: v for k, v in data["clients"].items() if v["client"]["id"] != ids[0]}
    shard.write_text(json.dumps(data))
    with pytest.raises(CorruptFile) as caught:
        FolderStore(store.root).read()
    assert ids[0] in str(caught.value) and "in no shard" in str(caught.value)


def test_shards_are_private_files_in_a_private_folder(store: FolderStore) -> None:
    _clients(store, 3)
    assert oct(store.index_dir.stat().st_mode & 0o777) == "0o700"
    files = list(store.index_dir.iterdir())
    assert files and all(oct(p.stat().st_mode & 0o777) == "0o600" for p in files)
    assert all(p.name.endswith(".json") and int(p.name[:2], 16) < SHARDS for p in files)
    shard_names = {p.name for p in files}
    assert not [n for n in os.listdir(store.root / "backups") if n.split(".json")[0] + ".json" in shard_names]


def _same_shard(store: FolderStore) -> tuple[list[str], str, str]:
    """Clients enough that two share a shard: every id, and two of those that share one."""
    ids = _clients(store, 80)
    seen: dict[int, str] = {}
    for cid in ids:
        k = shard_of(cid)
        if k in seen:
            return ids, seen[k], cid
        seen[k] = cid
    raise AssertionError("80 clients in 64 shards: two share one")


def _names(store: FolderStore) -> dict[str, str]:
    return {cid: name for cid, name, _archived in store.names()}


def test_a_log_reads_and_parses_its_clients_shard_once(store: FolderStore, monkeypatch: pytest.MonkeyPatch) -> None:
    ids, first, second = _same_shard(store)
    reader = FolderStore(store.root)
    loads: list[Path] = []
    load = reader.load

    def counting(path: Path, kind: str, keep: list[bytes] | None = None) -> dict | None:  # type: ignore[type-arg]
        if kind == "shard":
            loads.append(path)
        return load(path, kind, keep)

    monkeypatch.setattr(reader, "load", counting)
    coach = Coach(reader)
    client = coach.portfolio.find_client(_names(store)[first])
    coach.deliveries.log(client.id, "Benchmark", told=True)
    assert loads == [store.shard_path(shard_of(first))]  # found, then written: parsed once
    entries = {e.client.id: e for e in FolderStore(store.root).read().entries}
    assert entries[first].facts.deliveries == 1  # type: ignore[union-attr]
    assert entries[second].facts.deliveries == 0  # type: ignore[union-attr]
    assert set(entries) == set(ids)


def test_a_shard_changed_between_the_find_and_the_write_is_read_again(store: FolderStore) -> None:
    """Another process writes the same shard after this one found its client: the write reads
    the shard again under the lock, and keeps the other's change."""
    _ids, first, second = _same_shard(store)
    mine = Coach(FolderStore(store.root))
    client = mine.portfolio.find_client(_names(store)[first])
    Coach(FolderStore(store.root)).deliveries.log(second, "Theirs", told=True)
    mine.deliveries.log(client.id, "Mine", told=True)
    entries = {e.client.id: e for e in FolderStore(store.root).read().entries}
    assert entries[first].facts.deliveries == 1  # type: ignore[union-attr]
    assert entries[second].facts.deliveries == 1  # type: ignore[union-attr]


def test_damaged_facts_in_the_shard_found_are_refused_by_the_write(store: FolderStore) -> None:
    """Finding a client reads its shard without decoding the other clients' facts; the write
    that follows checks them all and refuses the shard, writing nothing."""
    _ids, first, second = _same_shard(store)
    path = store.shard_path(shard_of(first))
    data = json.loads(path.read_bytes())
    doc = next(d for d in data["clients"].values() if d["client"]["id"] == second)
    doc["facts"]["va"] = ["not a day"]
    path.write_text(json.dumps(data))
    damaged = path.read_bytes()
    client_file = store.client_path(first).read_bytes()
    coach = Coach(FolderStore(store.root))
    client = coach.portfolio.find_client(_names(store)[first])
    with pytest.raises(CorruptFile) as caught:
        coach.deliveries.log(client.id, "Never written", told=True)
    assert str(path) in str(caught.value) and second in str(caught.value)
    assert path.read_bytes() == damaged
    assert store.client_path(first).read_bytes() == client_file
