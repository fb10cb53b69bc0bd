"""The index stamps the version of the facts its shards hold (`FACTS_VERSION`). Facts built by
an older coach mean something else (before version 2 a Steward card logged as a delivery
counted its age from its move, not from the delivery): the first read finds the stamp older,
builds every client's facts again from its file under the lock and stamps the index, so they
are never misread. It is bookkeeping: the undo journal is left as it was."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from storekit import entry_file

from coach_tui.domain.facts import FACTS_VERSION, build_facts
from coach_tui.domain.pillars import overdue_steward
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

TODAY = date(2026, 11, 25)


def _as_an_older_coach_left_it(store: FolderStore, cid: str, move_day: date) -> None:
    """The index as coach before facts version 2 wrote it: no stamp, and the Steward card's
    age counted from the day it reached Steward."""
    index = json.loads(store.index_path.read_text())
    del index["_meta"]["1"]["facts"]
    store.index_path.write_text(json.dumps(index))
    path = entry_file(store, cid)
    shard = json.loads(path.read_text())
    for entry in shard["clients"].values():
        if entry["client"]["id"] == cid:
            for card in entry["facts"]["cards"]:
                card[1] = move_day.toordinal()
    path.write_text(json.dumps(shard))


def test_facts_an_older_coach_built_are_built_again_before_they_are_read(store: FolderStore) -> None:
    coach = Coach(store)
    cid = coach.clients.add("Acme Logistics", cadence="2w", added=date(2026, 3, 2)).id
    coach.deliveries.log(cid, "Freight audit", kind="industry", on=TODAY - timedelta(days=20))
    assert json.loads(store.index_path.read_text())["_meta"]["1"]["facts"] == FACTS_VERSION
    journal = store.journal()
    _as_an_older_coach_left_it(store, cid, TODAY)

    fresh = FolderStore(store.root)
    facts = fresh.read().entry(cid).facts
    assert facts.to_dict() == build_facts(*fresh.read_client(cid)).to_dict()
    assert overdue_steward(facts, TODAY) == 1  # untold for 20 days, not 0
    assert json.loads(store.index_path.read_text())["_meta"]["1"] == {"schema": 3, "kind": "index", "facts": FACTS_VERSION}
    assert fresh.journal() == journal  # nothing to undo: the user changed nothing
    assert fresh.notices == []


def test_status_reads_the_facts_built_again_too(store: FolderStore, tmp_path: Path) -> None:
    coach = Coach(store)
    cid = coach.clients.add("Acme Logistics", cadence="2w", added=date(2026, 3, 2)).id
    coach.deliveries.log(cid, "Freight audit", kind="industry", on=TODAY - timedelta(days=20))
    coach.portfolio.status()  # the status memo, made from the facts as they are
    _as_an_older_coach_left_it(store, cid, TODAY)
    agenda, _head = Coach(FolderStore(store.root)).portfolio.status()
    [view] = agenda.views
    assert any("untold for over 14 days" in e for e in view.scores["tactics"].evidence)
