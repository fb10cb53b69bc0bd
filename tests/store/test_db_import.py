"""`services.db_import`: a whole store copied into another (here a data folder into another
data folder; the same use case moves one into the team database). Everything is copied equal,
in one transaction that leaves the target untouched whatever fails, as one undoable change; a
second run changes nothing; a client held otherwise in the target is refused unless replaced."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from storekit import semantic

from coach_tui.domain.account import Goal, Plan
from coach_tui.domain.errors import DataError, InputError
from coach_tui.domain.models import Assessment, Card, Client
from coach_tui.services import Coach
from coach_tui.services.db_import import import_folder, import_store
from coach_tui.store.errors import StoreError, WriteFailed
from coach_tui.store.folder import FolderStore
from coach_tui.store.repository import Transaction


def everything(store: FolderStore) -> Any:
    """What the store holds, whatever the order of its records: `semantic` (clients, their
    histories, self-assessments, commitments) and the bookkeeping (pillar scores, tips shown,
    settings)."""
    snapshot = store.read()
    return (
        semantic(store),
        sorted(json.dumps(w.to_dict(), sort_keys=True) for w in snapshot.pillar_weeks),
        sorted(json.dumps(t.to_dict(), sort_keys=True) for t in snapshot.tips_shown),
        snapshot.settings,
    )


@pytest.fixture
def source(demo_coach: Coach) -> FolderStore:
    """The demo portfolio: 12 clients with cards and their moves, deliveries, people, touches,
    plans, opportunities, and weeks of coaching."""
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    return store


@pytest.fixture
def target(tmp_path: Path) -> FolderStore:
    return FolderStore(tmp_path / "target", lock_timeout=5.0)


def own_client(store: FolderStore) -> Client:
    """A client of the target's own, not in the source."""
    client = Client(id="aaaaaaaaaaaa", name="Own Client Ltd", added=TODAY)
    with store.transaction() as txn:
        txn.put_client(client)
        txn.put_card(Card("bbbbbbbbbbbb", client.id, "understand", "Their need", datetime(2026, 11, 2, 9)))
    return client


def first_client(store: FolderStore) -> Client:
    return sorted((e.client for e in store.read().entries), key=lambda c: c.id)[0]


def test_everything_is_copied_equal(source: FolderStore, target: FolderStore) -> None:
    with source.transaction() as txn:  # a setting, so settings are copied too
        txn.put_settings(currency="USD", first_weekday=6, theme="dark")
    moved = import_store(source, target, "~/coach")
    assert everything(target) == everything(source)
    assert moved.changed and moved.undoable and moved.clients == 12
    histories = [source.read_client(e.client.id) for e in source.read().entries]
    assert moved.counts["cards"].added == sum(len(h.cards) for h in histories) > 0
    assert moved.counts["deliveries"].added == sum(len(h.deliveries) for h in histories) > 0
    assert moved.counts["touches"].added == sum(len(h.touches) for h in histories) > 0
    assert any(card.moves for h in histories for card in h.cards)  # the move history came too
    assert moved.counts["assessments"].added == len(source.read().assessments) > 0
    assert moved.settings == ["currency", "first_weekday", "theme"]
    done, _undone = target.journal()
    assert [e.what for e in done] == ["imported 12 clients from ~/coach"]


def test_a_dry_run_says_what_a_run_does_and_writes_nothing(source: FolderStore, target: FolderStore) -> None:
    own_client(target)
    before = everything(target)
    dry = import_store(source, target, "src", dry_run=True)
    assert everything(target) == before
    assert len(target.journal()[0]) == 1  # only the own client's adding
    assert dry.dry_run and dry.changed
    done = import_store(source, target, "src")
    assert not done.dry_run
    assert dry.to_json()["tables"] == done.to_json()["tables"]


def test_a_second_run_changes_nothing(source: FolderStore, target: FolderStore) -> None:
    import_store(source, target, "src")
    after_first = everything(target)
    token = target.change_token()
    again = import_store(source, target, "src")
    assert not again.changed and not again.undoable
    assert all(not (c.added or c.updated or c.removed) for c in again.counts.values())
    assert again.counts["clients"].unchanged == 12
    assert everything(target) == after_first
    assert target.change_token() == token  # not a file was written
    assert len(target.journal()[0]) == 1


def test_one_undo_takes_the_import_back(source: FolderStore, target: FolderStore) -> None:
    client = own_client(target)
    before = semantic(target)
    import_store(source, target, "src")
    assert len(target.names()) == 13
    undone = Coach(target).journal.undo()
    assert undone.what == "imported 12 clients from src"
    assert semantic(target) == before
    assert [name for _cid, name, _archived in target.names()] == [client.name]
    # and the import runs again as the first time
    assert import_store(source, target, "src").counts["clients"].added == 12


def test_a_damaged_source_file_is_refused_and_nothing_is_written(source: FolderStore, target: FolderStore) -> None:
    own_client(target)
    before, journal = everything(target), target.journal_path.read_bytes()
    ids = sorted(cid for cid, _name, _archived in source.names())
    damaged = source.client_path(ids[len(ids) // 2])  # read mid-way
    damaged.write_text('{"client": [', encoding="utf-8")
    with pytest.raises(StoreError) as refused:
        import_store(source, target, "src")
    assert str(damaged) in str(refused.value) and "\n" not in str(refused.value)
    assert everything(target) == before
    assert target.journal_path.read_bytes() == journal


class Refusing:
    """A repository whose transactions refuse the 40th delivery put: a write the target's
    backend refuses (a constraint, a lost connection) in the middle of the import."""

    def __init__(self, store: FolderStore) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.store.transaction() as txn:
            real = txn.put_delivery
            count = [0]

            def put_delivery(delivery: Any) -> None:
                count[0] += 1
                if count[0] == 40:
                    raise StoreError("the server refused the delivery")
                real(delivery)

            txn.put_delivery = put_delivery  # type: ignore[method-assign]
            yield txn


def test_a_write_refused_mid_way_leaves_the_target_untouched(source: FolderStore, target: FolderStore) -> None:
    own_client(target)
    before, journal = everything(target), target.journal_path.read_bytes()
    with pytest.raises(StoreError, match="refused the delivery"):
        import_store(source, Refusing(target), "src")  # type: ignore[arg-type]
    assert everything(target) == before
    assert target.journal_path.read_bytes() == journal


def test_a_failed_commit_leaves_the_target_untouched(
    source: FolderStore, target: FolderStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while the import's files are written: not one of them lands."""
    import coach_tui.store.commit as commit

    own_client(target)
    before, journal = everything(target), target.journal_path.read_bytes()
    real = commit.write_temp
    count = [0]

    def write_temp(path: Path, payload: bytes) -> Path:
        count[0] += 1
        if count[0] == 8:
            raise WriteFailed(path, OSError(28, "No space left on device"))
        return real(path, payload)

    monkeypatch.setattr(commit, "write_temp", write_temp)
    with pytest.raises(WriteFailed, match="No space left"):
        import_store(source, target, "src")
    monkeypatch.undo()
    assert everything(target) == before
    assert target.journal_path.read_bytes() == journal
    assert not list(target.root.rglob("*.tmp"))


def test_a_client_held_otherwise_is_refused_unless_replaced(source: FolderStore, target: FolderStore) -> None:
    import_store(source, target, "src")
    client = first_client(source)
    other = sorted(source.names())[1][0]
    with source.transaction() as txn:  # the source moves on
        txn.put_client(dataclasses.replace(client, tier="C"))
    with target.transaction() as txn:  # and the target holds a card the source lacks
        txn.put_card(Card("cccccccccccc", other, "plan", "Only here", datetime(2026, 11, 3, 9)))
    before = everything(target)
    with pytest.raises(InputError) as refused:
        import_store(source, target, "src", into="the team database")
    message = str(refused.value)
    assert message.startswith(f"the team database already holds the client {client.name!r} (id {client.id})")
    assert "(and 1 other conflict)" in message and "--replace" in message and "nothing was imported" in message
    assert everything(target) == before
    replaced = import_store(source, target, "src", replace=True)
    assert everything(target) == everything(source)
    assert sorted(replaced.replaced) == sorted([client.name, target.entry(other).client.name])
    assert replaced.counts["clients"].updated == 1 and replaced.counts["cards"].removed == 1
    assert not import_store(source, target, "src").changed
    Coach(target).journal.undo()  # the replace, as one change
    assert everything(target) == before


def test_a_week_held_otherwise_is_refused_unless_replaced(source: FolderStore, target: FolderStore) -> None:
    week = source.read().assessments[0]
    with target.transaction() as txn:
        txn.put_assessment(Assessment(week.week, {"value": 1}, datetime(2026, 11, 1, 9)))
    with pytest.raises(InputError, match=f"another self-assessment for the week of {week.week.isoformat()} than src"):
        import_store(source, target, "src")
    assert target.names() == []
    import_store(source, target, "src", replace=True)
    assert semantic(target) == semantic(source)


def test_settings_that_change_the_meaning_must_agree(source: FolderStore, target: FolderStore) -> None:
    """Once the target holds data (an empty one takes the source's settings: see the first test)."""
    own = own_client(target)
    with source.transaction() as txn:
        txn.put_settings(currency="USD", theme="light")
    with target.transaction() as txn:
        txn.put_settings(currency="EUR", theme="dark")
    with pytest.raises(InputError, match="the setting currency 'EUR', src has 'USD'"):
        import_store(source, target, "src")
    assert [name for _cid, name, _archived in target.names()] == [own.name]
    moved = import_store(source, target, "src", replace=True)
    assert moved.settings == ["currency"]
    # the theme is the target's own: kept, and never a conflict
    assert target.read().settings == {"currency": "USD", "theme": "dark"}
    assert not import_store(source, target, "src").changed


def test_an_unset_currency_is_the_default_one(source: FolderStore, target: FolderStore) -> None:
    """A folder that never set its currency shows amounts in €: a target in USD conflicts."""
    own_client(target)
    with target.transaction() as txn:
        txn.put_settings(currency="USD")
    with pytest.raises(InputError, match="the setting currency 'USD', src has '€'"):
        import_store(source, target, "src")


def test_a_plan_the_source_lacks_is_emptied_by_a_replace(source: FolderStore, target: FolderStore) -> None:
    """The protocol can't remove a plan: a replace leaves an empty one, which counts as none."""
    import_store(source, target, "src")
    cid = next(e.client.id for e in source.read().entries if source.read_client(e.client.id).plan is None)
    with target.transaction() as txn:
        txn.put_plan(Plan(cid, (Goal("dddddddddddd", "Grow"),)))
    with pytest.raises(InputError, match="with other records"):
        import_store(source, target, "src")
    moved = import_store(source, target, "src", replace=True)
    assert moved.counts["plans"].removed == 1
    assert target.read_client(cid).plan in (None, Plan(cid))
    assert not import_store(source, target, "src").changed


def test_a_store_is_not_imported_into_itself(source: FolderStore) -> None:
    with pytest.raises(InputError, match="is the target itself"):
        import_store(source, source, "src")


def test_the_folder_must_be_a_coach_data_folder(source: FolderStore, target: FolderStore, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    cases = {
        str(tmp_path / "nowhere"): "no folder .* to import: name a coach data folder",
        str(tmp_path / "file.txt"): "is not a folder",
        str(tmp_path / "empty"): "is not a coach data folder: it holds no coach.json",
        str(source.root): "is the data folder it would be imported into",
    }
    for folder, said in cases.items():
        with pytest.raises(InputError, match=said):
            import_folder(folder, source)
    moved = import_folder(str(source.root), target)
    assert moved.clients == 12 and everything(target) == everything(source)


def test_a_source_that_kept_changing_is_refused(
    source: FolderStore, target: FolderStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source written to while it is read, every time, is refused rather than copied half-changed."""
    tokens = iter(range(1000))
    monkeypatch.setattr(source, "change_token", lambda: next(tokens))
    with pytest.raises(DataError, match="kept changing while it was read for the import from src"):
        import_store(source, target, "src")
    assert target.names() == []
