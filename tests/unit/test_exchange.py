"""`services.exchange` in process: every odd value in any field of any record of an export is
refused with one line naming the table, the index and the field, and nothing is written."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from coach_tui.domain.errors import DataError, InputError
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

ODD: list[Any] = [None, True, 1, -5, 1.5, "", "a b", "2026-13-01", [], [1], {}, {"a": 1}, 10**20]


def test_odd_values_anywhere_are_refused_in_one_line(demo_coach: Coach, tmp_path: Path) -> None:
    document = json.loads(demo_coach.exchange.portfolio_json())
    target = Coach(FolderStore(tmp_path / "empty", lock_timeout=5.0))
    tables = [name for name, value in document.items() if isinstance(value, list) and value]
    rng = random.Random(14)
    refused = 0
    for _ in range(300):
        changed = copy.deepcopy(document)
        table = rng.choice(tables)
        index = rng.randrange(len(changed[table]))
        record = changed[table][index]
        field = rng.choice(sorted(record))
        record[field] = rng.choice(ODD)
        try:
            target.exchange.import_json(json.dumps(changed).encode(), "f.json")
        except InputError as error:
            message = str(error)
            assert "\n" not in message and f"{table}[" in message and "nothing was imported" in message
            refused += 1
        else:  # an odd value a field may hold (an empty note, `null` for an optional day): undo it
            target.journal.undo()
    assert refused > 200
    assert target.repo.names() == []


@pytest.mark.parametrize("value", [[1], {"a": 1}, None, "nobody"])
def test_a_record_of_no_client_is_named(demo_coach: Coach, tmp_path: Path, value: Any) -> None:
    document = json.loads(demo_coach.exchange.portfolio_json())
    document["touches"][2]["client_id"] = value
    target = Coach(FolderStore(tmp_path / "empty", lock_timeout=5.0))
    with pytest.raises(InputError, match=r"touches\[2\]: .*'client_id'"):
        target.exchange.import_json(json.dumps(document).encode(), "f.json")


def test_an_export_never_mixes_before_and_after_a_write(demo_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write landing while an export reads makes it read again; one that never stops is
    refused with a line rather than exported half-changed."""
    tokens = iter(range(100))
    real = demo_coach.repo.change_token
    reads: list[int] = []

    def moving() -> object:  # the first read sees a write land; the second reads a still store
        n = next(tokens)
        reads.append(n)
        return n if n < 2 else real()

    monkeypatch.setattr(demo_coach.repo, "change_token", moving)
    assert json.loads(demo_coach.exchange.portfolio_json())["format"] == "coach-export"
    assert len(reads) == 4  # token, (a write), token again: read twice
    monkeypatch.setattr(demo_coach.repo, "change_token", lambda: next(tokens))
    with pytest.raises(DataError, match="kept changing"):
        demo_coach.exchange.portfolio_json()
