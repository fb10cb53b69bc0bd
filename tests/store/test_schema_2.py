"""Schema 2, the account in depth: a folder written by a schema-1 coach opens, is backed up,
upgraded once (the free-text sponsor becomes our executive sponsor, the "plan shared" flag a
share dated the day of the upgrade), and a schema-2 folder is refused by an older coach."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from clikit import coach as run_coach
from clikit import one_line_error

from coach_tui.domain.facts import build_facts
from coach_tui.domain.pillars import client_scores
from coach_tui.services import Coach
from coach_tui.store import commit, schema
from coach_tui.store.errors import CorruptFile, WriteFailed
from coach_tui.store.folder import FolderStore

TODAY = date(2026, 11, 30)


def _client_file(cid: str, name: str, sponsor: str, shared: bool) -> dict[str, Any]:
    """A client file as coach wrote it at schema 1."""
    return {
        "client": {
            "1": {"id": cid, "name": name, "added": "2026-01-05", "cadence": "14d", "tier": "A",
                  "sponsor": sponsor, "plan_shared": shared, "archived": False}
        },
        "cards": {
            "1": {"id": f"{cid}c1", "client_id": cid, "column": "understand", "title": "Freight costs up",
                  "created": "2026-10-01T09:00:00", "notes": "", "need_id": None, "delivery_id": None,
                  "moves": [["2026-10-01T09:00:00", None, "understand"]], "closed": None, "updated": None}
        },
        "deliveries": {
            "1": {"id": f"{cid}d1", "client_id": cid, "on": "2026-11-20", "kind": "idea", "summary": "Pooling idea",
                  "logged": "2026-11-20T10:00:00", "need_id": f"{cid}c1", "told": True}
        },
        "_meta": {"1": {"schema": 1, "kind": "client"}},
    }  # fmt: skip


def _entry(doc: dict[str, Any]) -> dict[str, Any]:
    """The index entry schema 1 kept for a client file: the record and the facts of then."""
    record = doc["client"]["1"]
    oct1, nov20 = date(2026, 10, 1).toordinal(), date(2026, 11, 20).toordinal()
    facts = {"va": [nov20 * 2 + 1], "last": nov20, "cards": [[0, oct1, oct1, 0]], "luc": oct1, "n": 1}
    return {"client": record, "facts": facts}


@pytest.fixture
def old_folder(tmp_path: Path) -> Path:
    """A data folder exactly as a schema-1 coach left it: Northwind with a sponsor and its
    plan shared, Globex with neither."""
    root = tmp_path / "data"
    (root / "clients").mkdir(parents=True, mode=0o700)
    (root / "backups").mkdir(mode=0o700)
    files = {
        "n0rth": _client_file("n0rth", "Northwind", "Dana Ortiz (COO)", True),
        "gl0bex": _client_file("gl0bex", "Globex", "", False),
    }
    for cid, doc in files.items():
        (root / "clients" / f"{cid}.json").write_text(json.dumps(doc))
    index = {
        "clients": {str(n): _entry(doc) for n, doc in enumerate(files.values(), 1)},
        "commitments": {"1": {"week": "2026-11-16", "text": "Call Dana", "kept": True}},
        "settings": {"1": {"first_weekday": 0}},
        "_meta": {"1": {"schema": 1, "kind": "index"}},
    }
    (root / "coach.json").write_text(json.dumps(index))
    for path in [root / "coach.json", *(root / "clients").iterdir()]:
        os.chmod(path, 0o600)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json*")) if p.is_file()}


def test_a_schema_1_folder_is_upgraded_once_with_a_copy_of_every_file(old_folder: Path) -> None:
    before = _files(old_folder)
    store = FolderStore(old_folder, today=lambda: TODAY)
    snapshot = store.read()

    # Every file is now of the current schema, and each was kept as it was, byte for byte.
    for name in ("coach.json", "clients/n0rth.json", "clients/gl0bex.json"):
        kind = "index" if name == "coach.json" else "client"
        assert json.loads((old_folder / name).read_bytes())["_meta"]["1"]["schema"] == schema.current(kind)
        kept = old_folder / "backups" / f"{Path(name).name}.schema-1"
        assert kept.read_bytes() == before[name]
        assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert store.notices == [
        f"upgraded {old_folder} from schema 1 to {schema.SCHEMA}; "
        f"each file as it was is kept in {old_folder / 'backups'} as <name>.schema-1"
    ]

    # The sponsor is our executive sponsor now; the shared flag a share dated today.
    north = store.read_client("n0rth")
    assert [(p.id, p.name, p.role, p.ours) for p in north.people] == [("sponsor", "Dana Ortiz (COO)", "exec-sponsor", True)]
    assert north.plan is not None and not north.plan.goals
    [share] = north.plan.shares
    assert (share.on, share.person_ids, share.with_client, share.with_team) == (TODAY, (), True, True)
    globex = store.read_client("gl0bex")
    assert (list(globex.people), globex.plan) == ([], None)
    # Nothing else moved: cards, deliveries, the weekly entries, the settings.
    assert [d.summary for d in north.deliveries] == ["Pooling idea"]
    assert [c.title for c in north.cards] == ["Freight costs up"]
    assert [c.text for c in snapshot.commitments] == ["Call Dana"]
    assert snapshot.settings == {"first_weekday": 0}

    # The index says what the client files say.
    entries = {e.client.id: e for e in snapshot.entries}
    for cid in entries:
        assert entries[cid].facts == build_facts(*store.read_client(cid))
    assert entries["n0rth"].facts.people.sponsor and not entries["gl0bex"].facts.people.sponsor
    lead = client_scores(north.client, entries["n0rth"].facts, TODAY)["lead"]
    assert next(s for s in lead.signals if s.name == "sponsor").points == 100

    # Once: the next reads and writes upgrade nothing and say nothing.
    after = _files(old_folder)
    later = FolderStore(old_folder, today=lambda: date(2026, 12, 14))
    later.read()
    later.read_client("n0rth")
    assert _files(old_folder) == after and later.notices == []
    Coach(later).deliveries.log("gl0bex", "Benchmark", told=True)
    assert later.read_client("n0rth").plan.shares[0].on == TODAY  # type: ignore[union-attr]
    assert (old_folder / "backups" / "coach.json.schema-1").read_bytes() == before["coach.json"]


def test_the_shell_says_the_folder_was_upgraded_and_works_on(old_folder: Path) -> None:
    result = run_coach("status", data=old_folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1 and f"from schema 1 to {schema.SCHEMA}" in result.stderr
    again = run_coach("status", data=old_folder)
    assert again.returncode == 0 and again.stderr == ""


def test_an_older_coach_refuses_an_upgraded_folder(old_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    FolderStore(old_folder, today=lambda: TODAY).read()
    upgraded = _files(old_folder)
    monkeypatch.setattr(schema, "SCHEMA", 1)  # what a schema-1 coach knows
    with pytest.raises(CorruptFile) as refused:
        FolderStore(old_folder).read()
    assert "written by a newer coach (schema 3; this version reads up to 1)" in str(refused.value)
    with pytest.raises(CorruptFile):
        FolderStore(old_folder).read_client("n0rth")
    assert _files(old_folder) == upgraded


def test_a_newer_schema_is_refused_from_the_shell_with_one_line(old_folder: Path) -> None:
    index = json.loads((old_folder / "coach.json").read_bytes())
    index["_meta"]["1"]["schema"] = 4
    (old_folder / "coach.json").write_text(json.dumps(index))
    before = _files(old_folder)
    error = one_line_error(run_coach("status", data=old_folder), 1)
    assert "written by a newer coach (schema 4; this version reads up to 3)" in error
    assert _files(old_folder) == before


def test_a_folder_that_cannot_be_upgraded_now_is_read_as_it_is(old_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No copy, no upgrade: a folder whose backups can't be written is read, migrated in
    memory, the reason said once, and every file left as it was."""
    before = _files(old_folder)

    def refuse(path: Path, version: int) -> None:
        raise WriteFailed(old_folder / "backups" / f"{path.name}.schema-{version}", OSError(30, "Read-only file system"))

    monkeypatch.setattr(commit, "keep_before_upgrade", refuse)
    store = FolderStore(old_folder, today=lambda: TODAY)
    snapshot = store.read()
    store.read()
    assert {e.client.name for e in snapshot.entries} == {"Northwind", "Globex"}
    assert store.read_client("n0rth").people[0].name == "Dana Ortiz (COO)"
    assert _files(old_folder) == before
    [notice] = store.notices
    assert (
        f"holds data of schema 1, read as schema {schema.SCHEMA} without upgrading it" in notice
        and "Read-only file system" in notice
    )


def test_a_damaged_client_file_stops_the_upgrade_and_nothing_is_written(old_folder: Path) -> None:
    (old_folder / "clients" / "gl0bex.json").write_text("{not json")
    before = _files(old_folder)
    store = FolderStore(old_folder, today=lambda: TODAY)
    assert {e.client.name for e in store.read().entries} == {"Northwind", "Globex"}
    assert _files(old_folder) == before
    assert "gl0bex.json" in store.notices[0]
    with pytest.raises(CorruptFile):
        store.read_client("gl0bex")
