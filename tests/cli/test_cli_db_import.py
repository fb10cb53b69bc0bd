"""`coach db import DIR [--dry-run] [--replace] [--json]` as a real process: what it prints,
its exit codes, and its one-line errors (a folder that is not a coach data folder, a conflict,
a damaged source file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clikit import coach, one_line_error
from conftest import TODAY

from coach_tui.services.demo import populate
from coach_tui.store.folder import FolderStore


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A data folder holding the demo portfolio (12 clients)."""
    store = FolderStore(tmp_path / "source", lock_timeout=5.0)
    populate(store, TODAY)
    return store.root


def test_dry_run_then_import_then_nothing_then_undo(source: Path, data_dir: Path) -> None:
    dry = coach("db", "import", str(source), "--dry-run", data=data_dir, check=True)
    lines = dry.stdout.splitlines()
    assert lines[0] == f"would import 12 clients from {source} into {data_dir} (--dry-run: nothing was written):"
    assert "  clients: 12 added, 0 updated, 0 unchanged" in lines
    assert any(line.startswith("  deliveries: ") and " added" in line for line in lines)
    assert FolderStore(data_dir).names() == []

    done = coach("db", "import", str(source), data=data_dir, check=True)
    assert done.stdout.splitlines()[0] == f"imported 12 clients from {source} into {data_dir} (coach undo takes it back):"
    assert done.stdout.splitlines()[1:] == lines[1:]
    assert len(FolderStore(data_dir).names()) == 12

    again = coach("db", "import", str(source), data=data_dir, check=True)
    assert again.stdout == f"nothing to import: {data_dir} already holds everything in {source} (12 clients)\n"

    undone = coach("undo", data=data_dir, check=True)
    assert undone.stdout == f"undid: imported 12 clients from {source}\n"
    assert FolderStore(data_dir).names() == []


def test_json(source: Path, data_dir: Path) -> None:
    dry = json.loads(coach("db", "import", str(source), "--dry-run", "--json", data=data_dir, check=True).stdout)
    assert list(dry) == ["source", "dry_run", "changed", "undoable", "clients", "tables", "settings", "replaced"]
    assert (dry["source"], dry["dry_run"], dry["changed"], dry["clients"]) == (str(source), True, True, 12)
    assert dry["tables"]["clients"] == {"added": 12, "updated": 0, "removed": 0, "unchanged": 0}
    done = json.loads(coach("db", "import", str(source), "--json", data=data_dir, check=True).stdout)
    assert done["dry_run"] is False and done["tables"] == dry["tables"]
    again = json.loads(coach("db", "import", str(source), "--json", data=data_dir, check=True).stdout)
    assert again["changed"] is False and again["tables"]["cards"]["added"] == 0


def test_a_conflict_is_one_line_until_replaced(source: Path, data_dir: Path) -> None:
    coach("db", "import", str(source), data=data_dir, check=True)
    coach("card", "add", "Brightline", "A need seen later", data=source, check=True)
    refused = coach("db", "import", str(source), data=data_dir)
    message = one_line_error(refused, 2)
    assert f"{data_dir} already holds the client 'Brightline Health Systems' (id " in message
    assert "nothing was imported: add --replace" in message and refused.stdout == ""
    dry = coach("db", "import", str(source), "--replace", "--dry-run", data=data_dir, check=True)
    assert "  would replace: 'Brightline Health Systems'" in dry.stdout.splitlines()
    assert "A need seen later" not in coach("card", "list", "Brightline", data=data_dir, check=True).stdout
    done = coach("db", "import", str(source), "--replace", data=data_dir, check=True)
    assert "  cards: 1 added, 0 updated, " in done.stdout and "  replaced: 'Brightline Health Systems'" in done.stdout
    assert "A need seen later" in coach("card", "list", "Brightline", data=data_dir, check=True).stdout


def test_a_damaged_source_file_is_named(source: Path, data_dir: Path) -> None:
    damaged = sorted((source / "clients").glob("*.json"))[5]
    damaged.write_text("{", encoding="utf-8")
    message = one_line_error(coach("db", "import", str(source), data=data_dir), 1)
    assert str(damaged) in message
    assert FolderStore(data_dir).names() == []


def test_not_a_data_folder(source: Path, data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "note.txt").write_text("x", encoding="utf-8")
    cases = {
        str(tmp_path / "nowhere"): f"coach: no folder {tmp_path / 'nowhere'} to import: name a coach data folder",
        str(tmp_path / "note.txt"): f"coach: {tmp_path / 'note.txt'} is not a folder: name a coach data folder",
        str(tmp_path / "plain"): f"coach: {tmp_path / 'plain'} is not a coach data folder: it holds no coach.json",
        str(source): f"coach: {source} is the data folder it would be imported into: name another folder",
    }
    for folder, said in cases.items():
        into = source if folder == str(source) else data_dir
        assert one_line_error(coach("db", "import", folder, data=into), 2).startswith(said)


def test_usage(data_dir: Path) -> None:
    assert "ACTION" in one_line_error(coach("db", data=data_dir), 2)
    assert "DIR" in one_line_error(coach("db", "import", data=data_dir), 2)
    assert "db" in coach("--help", check=True).stdout
    help_text = coach("db", "import", "--help", check=True).stdout
    assert "--dry-run" in help_text and "--replace" in help_text and "--json" in help_text
