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


def test_coach_export_json_round_trips_through_each_store(coach: Coach, tmp_path: Path) -> None:
    """Exported from a data folder, imported into the store, exported from it again: the same
    document, record for record, whatever the store (the JSON a team database gives back is
    the folder store's)."""
    import json

    from coach_tui.services.demo import populate

    source = FolderStore(tmp_path / "source", lock_timeout=5.0)
    populate(source, coach.today())
    exported = Coach(source).exchange.portfolio_json()
    coach.exchange.import_json(exported, "demo.json")

    def tables(document: bytes) -> dict[str, object]:
        data = json.loads(document.decode("utf-8-sig"))
        data.pop("exported", None)  # the moment of the export
        return {
            name: sorted(json.dumps(r, sort_keys=True) for r in rows) if isinstance(rows, list) else rows
            for name, rows in data.items()
        }

    again = coach.exchange.portfolio_json()
    assert tables(again) == tables(exported)
