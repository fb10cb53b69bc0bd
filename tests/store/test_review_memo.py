"""The dashboard's memo: the app opens on the agenda `Portfolio.review` reads from `cache/`
(each client's row, measures and what its detail pane says, kept for each shard) instead of
decoding and scoring every client. What the dashboard shows of each client is exactly what
working everything out gives, and showing it reads no client's facts."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from coach_tui.domain.models import Client
from coach_tui.services import ClientView, Coach
from coach_tui.store.folder import FolderStore
from coach_tui.store.layout import shard_of
from coach_tui.store.memo import CACHE_DIR, memo_path


def shown(view: ClientView) -> dict[str, Any]:
    """All the dashboard shows of a client: its row, its detail pane, what its tip is chosen by."""
    return {
        "client": view.client,
        "cadence": view.cadence,
        "consistency": view.consistency,
        "weakest": view.weakest,
        "failing": view.failing,
        "weakest_score": view.weakest_score,
        "weakest_evidence": view.weakest_evidence,
        "counts": view.counts,
        "untold": view.untold,
        "late": view.late_steps,
        "people": view.people,
        "plan": view.plan,
        "premises": view.premises,
        "ranked": view.ranked,
    }


def worked_out(store: FolderStore) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The agenda worked out from every client's facts, no memo involved."""
    agenda = Coach(FolderStore(store.root)).portfolio.agenda()
    for view in agenda.views:
        view.scores  # noqa: B018 (ranked, as the dashboard's views are)
    return agenda.to_json(), {v.client.id: shown(v) for v in agenda.views}, [shown(v) for v in agenda.archived]


def reviewed(coach: Coach) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    agenda, _head = coach.portfolio.review()
    return agenda.to_json(), {v.client.id: shown(v) for v in agenda.views}, [shown(v) for v in agenda.archived]


def no_reads(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any read of a client's entry from here on fails the test."""

    def refused(client_id: str) -> object:
        raise AssertionError(f"the dashboard read the entry of {client_id}")

    monkeypatch.setattr(coach.repo, "entry", refused)


@pytest.fixture
def store(demo_coach: Coach) -> FolderStore:
    store = demo_coach.repo
    assert isinstance(store, FolderStore)
    # A client from a CRM (its record keeps the CRM's id) and an archived one, beside the demo's.
    with store.transaction() as txn:
        txn.put_client(Client("crm1", "Initech", date(2026, 1, 5), source_id="salesforce:0015g00000Init"))
        txn.put_client(Client("gone1", "Old Account", date(2025, 3, 1), archived=True))
    return store


def test_the_review_shows_what_working_everything_out_shows(store: FolderStore, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = worked_out(store)
    summary, views, archived = expected
    assert summary["overdue"] and summary["weakest_pillar"] and archived  # the demo has something to say
    assert any(v["plan"] is not None for v in views.values()) and any(v["people"].sponsor for v in views.values())
    assert views["crm1"]["client"].source_id == "salesforce:0015g00000Init"
    made = Coach(FolderStore(store.root))
    no_reads_until_archived = made.repo.entry
    agenda, _head = made.portfolio.review()
    no_reads(made, monkeypatch)
    assert agenda.to_json() == summary
    assert {v.client.id: shown(v) for v in agenda.views} == views  # made, and no entry read
    monkeypatch.setattr(made.repo, "entry", no_reads_until_archived)
    assert [shown(v) for v in agenda.archived] == archived  # the archived ones read when asked for
    again = Coach(FolderStore(store.root))
    no_reads(again, monkeypatch)
    agenda, _head = again.portfolio.review()
    assert agenda.to_json() == summary
    assert {v.client.id: shown(v) for v in agenda.views} == views  # read back from the memo


def test_a_write_makes_its_shards_review_again_and_keeps_the_other_views(store: FolderStore) -> None:
    coach = Coach(FolderStore(store.root))
    first, _head = coach.portfolio.review()
    before = {n.name: n.stat().st_mtime_ns for n in (store.root / CACHE_DIR).iterdir()}
    view = first.overdue[0]
    coach.deliveries.log(view.client.id, "Quarterly review pack", told=True)
    second, _head = coach.portfolio.review()
    assert reviewed(Coach(FolderStore(store.root))) == worked_out(store)
    now = {v.client.id: v for v in second.views}
    assert now[view.client.id] is not view and now[view.client.id].cadence.status != "overdue"
    # Every other client keeps its view (and what was read for it since: its notes, its facts).
    assert all(now[v.client.id] is v for v in first.views if v.client.id != view.client.id)
    after = {n.name: n.stat().st_mtime_ns for n in (store.root / CACHE_DIR).iterdir()}
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == {memo_path(store.root, "review", shard_of(view.client.id)).name}


def test_a_new_day_reviews_every_client_again(store: FolderStore, monkeypatch: pytest.MonkeyPatch) -> None:
    coach = Coach(FolderStore(store.root))
    first, _head = coach.portfolio.review()
    monkeypatch.setenv("COACH_TODAY", "2026-12-09")
    later, _head = coach.portfolio.review()
    assert later.today == date(2026, 12, 9) and not set(map(id, later.views)) & set(map(id, first.views))
    assert reviewed(coach) == worked_out(store)


@pytest.mark.parametrize(
    "edit",
    [
        lambda row: row[:-1],  # a field short
        lambda row: [*row[:15], "2", *row[16:]],  # ticks that are not ticks
        lambda row: [*row[:16], ["nonsense", None, ""], *row[17:]],  # no such pillar
        lambda row: [*row[:19], [1, 2, 3], *row[20:]],  # three columns of cards
        lambda row: [*row[:20], [1, 2, "1", 0], *row[21:]],  # people that are not counts
        lambda row: [*row[:21], [1, 1, "yesterday", None, None, None], *row[22:]],  # a plan's day that is not one
        lambda row: [*row[:22], "sponsor"],  # premises that are not a list
    ],
)
def test_a_review_memo_whose_rows_do_not_read_is_made_again(store: FolderStore, edit: Any) -> None:
    expected = reviewed(Coach(FolderStore(store.root)))
    for path in (store.root / CACHE_DIR).glob("review-*.json"):
        data = json.loads(path.read_text())
        data["rows"] = {cid: None if row is None else edit(row) for cid, row in data["rows"].items()}
        path.write_text(json.dumps(data))
    assert reviewed(Coach(FolderStore(store.root))) == expected


def test_the_review_and_the_status_keep_memos_of_their_own(store: FolderStore) -> None:
    coach = Coach(FolderStore(store.root))
    coach.portfolio.review()
    names = sorted(p.name.split("-")[0] for p in (store.root / CACHE_DIR).glob("*.json"))
    assert set(names) == {"review"}
    status, _head = coach.portfolio.status()
    assert status.to_json() == worked_out(store)[0]
    assert {p.name.split("-")[0] for p in (store.root / CACHE_DIR).glob("*.json")} == {"review", "status"}
