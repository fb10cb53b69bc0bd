"""A whole portfolio moved into each store (`coach export json`, then import): every record
lands, the import is one change in the journal, said as the import says it, and undo takes it
all back (`describe_change` and the journal over a data folder and a team database alike)."""

from __future__ import annotations

from pathlib import Path

from pgkit import OVER_BOTH
from storekit import semantic

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

globals().update(OVER_BOTH)  # coach and store: each backend's


def test_an_imported_portfolio_is_one_change_that_undo_takes_back(coach: Coach, tmp_path: Path) -> None:
    from coach_tui.services.demo import populate

    source = FolderStore(tmp_path / "source", lock_timeout=5.0)
    populate(source, coach.today())
    exported = Coach(source).exchange.portfolio_json()
    empty = semantic(coach.repo)
    coach.exchange.import_json(exported, "demo.json")
    assert semantic(coach.repo) == semantic(source)
    done, _undone = coach.journal.recent()
    assert done[0].what == f"imported {len(source.names())} clients from demo.json"
    assert coach.journal.undo().what.startswith("imported ")
    assert semantic(coach.repo) == empty
