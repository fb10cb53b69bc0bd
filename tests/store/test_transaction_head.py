"""`Transaction.head()`: the weekly entries and settings a write builds on, without reading
every client's entry. A tip shown on a board, a self-assessment, a commitment carried over, the
weekly prompt noted: each reads the index's weekly entries, never the whole portfolio (at 5,000
clients, reading every shard made the first board of a week take some 30 MiB and a tenth of a
second in the background)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import coach_tui.store.commit as commit
from coach_tui.domain.models import Commitment
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

WEEK = date(2026, 11, 23)


def test_head_is_the_snapshot_without_its_entries_changes_included(backend: Coach) -> None:
    coach = backend
    coach.clients.add("Acme", "2w")
    coach.weekly.save_commitment(WEEK - timedelta(days=7), "call Acme's CFO", True)
    with coach.repo.transaction() as txn:
        txn.put_commitment(Commitment(WEEK, "send the quarterly review"))
        txn.put_settings(week_starts="sunday")
        head, whole = txn.head(), txn.snapshot()
        assert head.entries == [] and [e.client.name for e in whole.entries] == ["Acme"]
        assert head._replace(entries=[]) == whole._replace(entries=[])
        assert [c.text for c in head.commitments] == ["call Acme's CFO", "send the quarterly review"]
        assert head.settings["week_starts"] == "sunday"
    assert coach.repo.head().settings["week_starts"] == "sunday"


@pytest.fixture
def many(data_dir) -> Coach:
    coach = Coach(FolderStore(data_dir, lock_timeout=5.0))
    for n in range(40):  # spread over many shards
        coach.clients.add(f"Client {n:02d}", "2w")
    return coach


def test_a_tip_shown_on_a_board_reads_no_shard(many: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    client = many.portfolio.agenda().views[0].client
    read: list[object] = []
    decode = commit.decode_shard
    monkeypatch.setattr(commit, "decode_shard", lambda *args: read.append(args) or decode(*args))
    many.boards.record_tip(client.id, "ask-for-the-plan")
    many.boards.record_tip(client.id, "ask-for-the-plan")  # once only
    assert read == []
    shown = [(t.tip_id, t.scope) for t in many.repo.head().tips_shown]
    assert shown == [("ask-for-the-plan", client.id)]


def test_the_weekly_changes_read_no_shard(many: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[object] = []
    decode = commit.decode_shard
    monkeypatch.setattr(commit, "decode_shard", lambda *args: read.append(args) or decode(*args))
    many.weekly.save_assessment(WEEK, {"lead": 3})
    many.weekly.note_prompted()
    assert read == []
    assert many.repo.head().assessments[0].scores == {"lead": 3}
