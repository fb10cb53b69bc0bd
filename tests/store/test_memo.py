"""The status memo: `coach status` reads each client's measures of the day from `cache/`, kept
for each shard, instead of decoding and scoring every client; what it prints is exactly what
working everything out gives, after a write, on a new day, and whatever state the memo is in."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore
from coach_tui.store.layout import SHARDS, shard_of
from coach_tui.store.memo import CACHE_DIR, memo_path


def _status(store: FolderStore) -> dict[str, object]:
    agenda, _head = Coach(FolderStore(store.root)).portfolio.status()
    return agenda.to_json()


def _worked_out(store: FolderStore) -> dict[str, object]:
    """The agenda worked out from every client's facts, no memo involved."""
    return Coach(FolderStore(store.root)).portfolio.agenda().to_json()


def _memos(store: FolderStore) -> dict[str, int]:
    folder = store.root / CACHE_DIR
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} if folder.exists() else {}


def test_the_memo_gives_what_working_everything_out_gives(demo_coach: Coach) -> None:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    expected = _worked_out(store)
    assert expected["overdue"] and expected["weakest_pillar"]  # the demo has something to say
    assert _status(store) == expected  # made
    assert _memos(store)
    assert _status(store) == expected  # read back


def test_a_write_makes_its_shards_memo_again_and_no_other(demo_coach: Coach) -> None:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    _status(store)
    before = _memos(store)
    overdue = _worked_out(store)["overdue"]
    assert isinstance(overdue, list) and overdue
    name = overdue[0]["client"]
    client = demo_coach.portfolio.find_client(name)
    demo_coach.deliveries.log(client.id, "Quarterly review pack", told=True)
    now = _status(store)
    assert now == _worked_out(store)
    assert name not in [v["client"] for v in now["overdue"]]  # type: ignore[attr-defined]
    after = _memos(store)
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == {memo_path(store.root, "status", shard_of(client.id)).name}


def test_a_new_day_makes_every_memo_again(demo_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    first = _status(store)
    monkeypatch.setenv("COACH_TODAY", "2026-12-09")
    later = _status(store)
    assert later == _worked_out(store)
    assert later["date"] == "2026-12-09" and later != first


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[]", b'{"format": 1}'])
def test_a_memo_that_does_not_read_is_made_again(demo_coach: Coach, damage: bytes) -> None:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    expected = _status(store)
    for path in (store.root / CACHE_DIR).iterdir():
        path.write_bytes(damage)
    assert _status(store) == expected
    assert all(json.loads(p.read_bytes())["format"] == 1 for p in (store.root / CACHE_DIR).iterdir())


def _edit_rows(store: FolderStore, edit: object) -> None:
    for path in (store.root / CACHE_DIR).iterdir():
        memo = json.loads(path.read_bytes())
        for cid, row in memo["rows"].items():
            if row is not None:
                memo["rows"][cid] = edit(row) if callable(edit) else edit
        path.write_text(json.dumps(memo))


@pytest.mark.parametrize(
    "edit",
    [
        lambda row: row[:-1],  # a column short
        lambda row: [None, *row[1:]],  # no name
        lambda row: [*row[:12], "3", row[13]],  # untold as text
        lambda row: [*row[:1], "2026-02-31", *row[2:]],  # a day that does not exist
        "not a row",
    ],
)
def test_a_memo_whose_rows_do_not_read_is_made_again(demo_coach: Coach, edit: object) -> None:
    """A memo of the right tag and shard whose rows were changed by hand (or by other code):
    refused row by row, and every memo made again; what is printed is still right."""
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    expected = _status(store)
    _edit_rows(store, edit)
    assert _status(store) == expected
    assert _status(store) == expected


def test_tallies_that_do_not_read_make_the_memo_again(demo_coach: Coach) -> None:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    expected = _status(store)
    for path in (store.root / CACHE_DIR).iterdir():
        memo = json.loads(path.read_bytes())
        memo["total"] = {"lead": [1, "two", []]}
        path.write_text(json.dumps(memo))
    assert _status(store) == expected


def test_a_memo_of_a_shard_that_changed_is_not_used(demo_coach: Coach) -> None:
    """The memo keeps the identity of the shard it was made from: a shard written by anything
    (another coach, a restore) makes it stale, whatever the memo says."""
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    _status(store)
    # A memo that would lie if it were used: every client on track.
    _edit_rows(store, lambda row: [*row[:6], "on track", *row[7:10], 0, *row[11:]])
    for k in range(SHARDS):
        path = store.shard_path(k)
        if path.exists():
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert _status(store) == _worked_out(store)


def test_a_folder_that_cannot_keep_memos_still_has_a_status(demo_coach: Coach) -> None:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    (store.root / CACHE_DIR).write_text("a file where the folder would be")
    assert _status(store) == _worked_out(store)
    assert (store.root / CACHE_DIR).read_text() == "a file where the folder would be"


def test_a_write_cut_short_is_seen_whole_and_its_shard_not_memoised(demo_coach: Coach) -> None:
    """While `.intent` names a client, its shard's rows are made from its file (the index may
    be behind it) and not kept."""
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    client = demo_coach.portfolio.clients()[0]
    _status(store)
    path = memo_path(store.root, "status", shard_of(client.id))
    path.unlink()
    store.intent_path.write_text(json.dumps([client.id]))
    try:
        assert _status(store) == _worked_out(store)
        assert not path.exists()
    finally:
        store.intent_path.unlink()


def test_an_old_temporary_memo_is_tidied(demo_coach: Coach) -> None:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    _status(store)
    folder = store.root / CACHE_DIR
    old, new = folder / ".status-00.json.1.tmp", folder / ".status-01.json.2.tmp"
    for p in (old, new):
        p.write_text("{")
    os.utime(old, (0, 0))
    next(iter(folder.glob("status-*.json"))).write_text("stale")
    _status(store)
    assert not old.exists() and new.exists()


def test_memos_are_private(demo_coach: Coach) -> None:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    _status(store)
    folder: Path = store.root / CACHE_DIR
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.iterdir())


def test_the_status_command_is_unchanged_by_its_memo(demo_coach: Coach) -> None:
    """Every client's row is only what the status needs: the portfolio's pillar scores come
    from each shard's tallies, and equal those worked out from every client's scores."""
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    agenda, _head = Coach(FolderStore(store.root)).portfolio.status()
    again, _head = Coach(FolderStore(store.root)).portfolio.status()
    whole = Coach(FolderStore(store.root)).portfolio.agenda()
    assert again.portfolio == whole.portfolio
    assert again.failing == whole.failing
    assert [v.client for v in again.views] == [v.client for v in whole.views]
    assert [v.cadence for v in again.views] == [v.cadence for v in whole.views]
    # A remembered view still gives everything a view gives, reading its facts when asked.
    first = again.views[0]
    twin = next(v for v in whole.views if v.client.id == first.client.id)
    assert first.scores == twin.scores and first.consistency == twin.consistency
    assert date.fromisoformat(str(agenda.to_json()["date"])) == whole.today


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_a_memo_that_is_not_a_regular_file_is_never_opened(demo_coach: Coach, kind: str, tmp_path: Path) -> None:
    """A FIFO in a memo's place is not waited on; a link is not followed (its target, outside
    the folder, is neither read nor written)."""
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    expected = _status(store)
    target = tmp_path / "elsewhere.json"
    target.write_bytes(next((store.root / CACHE_DIR).iterdir()).read_bytes())
    for path in (store.root / CACHE_DIR).iterdir():
        path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to(target)
    before = target.read_bytes()
    assert _status(store) == expected
    assert target.read_bytes() == before
