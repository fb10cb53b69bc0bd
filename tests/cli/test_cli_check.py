"""`coach check`: the whole data folder verified as a real process, read-only.

One line per problem and a summary line, exit 0 when all is well and 1 when something is
wrong; `--json` prints the documented object. Each problem coach check can report is made
here for real (a damaged file, a missing index, an entry without its file and the other way
round, a record or facts the files do not give, a mode others can read, a newest backup that
does not read), and notes (a write cut short, a temp file) do not fail the check.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from clikit import coach, one_line_error
from storekit import entry_file

from coach_tui.store.folder import FolderStore

FILE_KEYS = {"path", "kind", "state", "mode", "backups", "newest_backup", "newest_backup_reads"}


@pytest.fixture
def acme(data_dir: Path) -> Path:
    coach("client", "add", "Acme", data=data_dir, check=True)
    coach("client", "add", "Globex", data=data_dir, check=True)
    coach("log", "acme", "benchmark", data=data_dir, check=True)
    coach("card", "add", "acme", "lower freight cost", data=data_dir, check=True)
    coach("log", "globex", "idea", "--told", data=data_dir, check=True)
    return data_dir


def _files(root: Path) -> dict[str, bytes]:
    """Every file but the lock, and its bytes: what a check must leave as it was."""
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"}


def _client_id(root: Path, name: str) -> str:
    return next(e.client.id for e in FolderStore(root).read().entries if e.client.name == name)


def _check(root: Path) -> tuple[int, list[str], dict]:
    before = _files(root)
    text = coach("check", data=root)
    as_json = coach("check", "--json", data=root)
    assert text.returncode == as_json.returncode, (text.stdout, as_json.stdout)
    assert text.stderr == as_json.stderr == ""
    assert _files(root) == before, "coach check changed the data folder"
    lines = text.stdout.splitlines()
    assert lines[-1].startswith(f"checked {root}: ")
    report = json.loads(as_json.stdout)
    assert report["summary"] == lines[-1]
    assert [f"problem: {p['message']}" for p in report["problems"]] == [line for line in lines if line.startswith("problem: ")]
    assert [f"note: {n['message']}" for n in report["notes"]] == [line for line in lines if line.startswith("note: ")]
    assert len(lines) == len(report["problems"]) + len(report["notes"]) + 1
    assert report["ok"] == (text.returncode == 0) == (not report["problems"])
    assert text.returncode in (0, 1)
    return text.returncode, lines, report


def _kinds(report: dict) -> list[tuple[str, str]]:
    return [(p["kind"], Path(p["path"]).name) for p in report["problems"]]


def test_all_is_well(acme: Path) -> None:
    code, lines, report = _check(acme)
    backups = sum(f["backups"] for f in report["files"])
    assert code == 0 and lines == [f"checked {acme}: the index, 2 client files, {backups} backups: 0 problems; all is well"]
    assert set(report) == {"data", "ok", "files", "problems", "notes", "intent", "temp_files", "summary"}
    assert report["data"] == str(acme) and report["intent"] is None and report["temp_files"] == []
    assert [f["kind"] for f in report["files"]] == ["index", "client", "client"]
    for f in report["files"]:
        assert set(f) == FILE_KEYS
        assert f["state"] == "ok" and f["mode"] == "0600"
        assert f["backups"] >= 1 and f["newest_backup_reads"] is True


def test_a_data_folder_that_does_not_exist_is_nothing_to_check(tmp_path: Path) -> None:
    code, lines, report = _check(tmp_path / "none")
    assert code == 0 and report["files"] == []
    assert not (tmp_path / "none").exists()


def test_the_demo_is_not_checked() -> None:
    assert "demo" in one_line_error(coach("check", "--demo"), 2)


def test_a_damaged_file(acme: Path) -> None:
    path = acme / "clients" / f"{_client_id(acme, 'Globex')}.json"
    path.write_bytes(b"{oops")
    code, lines, report = _check(acme)
    assert code == 1 and _kinds(report) == [("damaged", path.name)]
    assert any(str(path) in line and "coach restore" in line for line in lines)
    assert next(f for f in report["files"] if f["path"] == str(path))["state"] == "damaged"
    coach("restore", data=acme, check=True)
    assert _check(acme)[0] == 0


def test_a_missing_index(acme: Path) -> None:
    (acme / "coach.json").unlink()
    code, _, report = _check(acme)
    assert code == 1 and _kinds(report) == [("missing", "coach.json")]
    assert report["files"][0]["state"] == "missing" and report["files"][0]["mode"] is None


def test_an_entry_without_its_file_and_a_file_without_its_entry(acme: Path) -> None:
    globex = _client_id(acme, "Globex")
    acme_id = _client_id(acme, "Acme")
    (acme / "clients" / f"{globex}.json").unlink()
    # Acme gone from the index: from its shard and from the directory alike.
    shard = entry_file(FolderStore(acme), acme_id)
    data = json.loads(shard.read_bytes())
    data["clients"] = {k: e for k, e in data["clients"].items() if e["client"]["id"] != acme_id}
    shard.write_text(json.dumps(data))
    index = acme / "coach.json"
    data = json.loads(index.read_bytes())
    lines = data["names"]["1"]["clients"]
    data["names"]["1"]["clients"] = [line for line in lines if line[0] != acme_id]
    index.write_text(json.dumps(data))
    code, _, report = _check(acme)
    assert code == 1
    assert sorted(_kinds(report)) == sorted([("no-entry", f"{acme_id}.json"), ("no-file", f"{globex}.json")])
    assert any(n["kind"] == "orphan-backups" for n in report["notes"])  # Globex's file is gone, its backups are not
    restored = coach("restore", data=acme)
    assert restored.returncode == 0, restored.stderr
    assert _check(acme)[0] == 0
    assert [e.client.name for e in FolderStore(acme).read().entries] == ["Acme"]


def test_a_record_or_facts_the_files_do_not_give(acme: Path) -> None:
    store = FolderStore(acme)
    for name, change in (("Acme", lambda e: e["client"].update(tier="A")), ("Globex", lambda e: e["facts"].update(n=7))):
        shard = entry_file(store, _client_id(acme, name))
        data = json.loads(shard.read_bytes())
        change(next(e for e in data["clients"].values() if e["client"]["name"] == name))
        shard.write_text(json.dumps(data))
    code, lines, report = _check(acme)
    assert code == 1
    assert sorted(p["kind"] for p in report["problems"]) == ["facts", "record"]
    assert any("tier" in line for line in lines) and any("count of deliveries" in line for line in lines)
    restored = coach("restore", data=acme)
    assert restored.returncode == 0 and "brought the index up to date" in restored.stdout
    assert _check(acme)[0] == 0


def test_modes_others_could_read(acme: Path) -> None:
    path = acme / "clients" / f"{_client_id(acme, 'Acme')}.json"
    os.chmod(path, 0o644)
    os.chmod(acme / "backups", 0o755)
    code, lines, report = _check(acme)
    assert code == 1 and set(_kinds(report)) == {("mode", "backups"), ("mode", path.name)}
    assert any(f"chmod 600 {path}" in line for line in lines)
    assert next(f for f in report["files"] if f["path"] == str(path))["mode"] == "0644"


def test_a_newest_backup_that_does_not_read(acme: Path) -> None:
    coach("client", "add", "Initech", data=acme, check=True)  # the index written again
    newest = acme / "backups" / "coach.json.1"
    newest.write_bytes(b"")
    code, _, report = _check(acme)
    assert code == 1 and _kinds(report) == [("backup", "coach.json.1")]
    assert report["files"][0]["newest_backup_reads"] is False


def test_a_write_cut_short_and_a_temp_file_are_notes(acme: Path) -> None:
    globex = _client_id(acme, "Globex")
    (acme / ".intent").write_text(json.dumps([globex]))
    (acme / "clients" / f".{globex}.json.99999.tmp").write_bytes(b"half")
    (acme / "clients" / "notes.txt").write_text("mine")
    code, lines, report = _check(acme)
    assert code == 0, lines
    assert report["intent"] == [globex]
    assert report["temp_files"] == [str(acme / "clients" / f".{globex}.json.99999.tmp")]
    assert sorted(n["kind"] for n in report["notes"]) == ["intent", "stray", "temp"]


# -- the undo journal -------------------------------------------------------------------------


def _journal_lines(root: Path) -> list[bytes]:
    return (root / "journal.jsonl").read_bytes().splitlines()


def _write_journal(root: Path, lines: list[bytes]) -> None:
    (root / "journal.jsonl").write_bytes(b"\n".join(lines) + b"\n")


def test_the_undo_journal_is_read_and_a_damaged_entry_is_named_by_its_line(acme: Path) -> None:
    assert _check(acme)[0] == 0  # the fixture's five changes: a journal that reads
    lines = _journal_lines(acme)
    assert len(lines) == 6  # the header, then an entry a line
    lines[2] = lines[2][:40]  # the second entry cut short
    _write_journal(acme, lines)
    code, out, report = _check(acme)
    assert code == 1 and _kinds(report) == [("journal", "journal.jsonl")]
    [line] = [o for o in out if o.startswith("problem: ")]
    assert f"{acme / 'journal.jsonl'} line 3, an undo journal entry: not valid JSON" in line
    assert "it holds none of your data" in line
    assert out[-1].endswith("1 problem; your data reads; only the undo journal does not (see above)")
    # The undo that reaches it refuses in one line; those after it still undo.
    for _ in range(3):
        coach("undo", data=acme, check=True)
    assert "damaged" in one_line_error(coach("undo", data=acme), 1)


def test_a_journal_entry_whose_record_does_not_read_is_a_problem(acme: Path) -> None:
    lines = _journal_lines(acme)
    entry = json.loads(lines[4])  # `card add`: its card, after
    assert entry["steps"][0]["kind"] == "card"
    entry["steps"][0]["after"]["column"] = "nowhere"
    lines[4] = json.dumps(entry).encode()
    _write_journal(acme, lines)
    code, out, report = _check(acme)
    assert code == 1 and _kinds(report) == [("journal", "journal.jsonl")]
    assert any("line 5, an undo journal entry: " in o and "column" in o for o in out), out


def test_a_journal_header_that_does_not_count_its_lines_is_a_problem(acme: Path) -> None:
    lines = _journal_lines(acme)
    _write_journal(acme, lines[:-1])  # the newest entry gone, the header unchanged
    code, out, report = _check(acme)
    assert code == 1 and _kinds(report) == [("journal", "journal.jsonl")]
    assert any("line 1, the undo journal's header: wrong shape (its header counts 5 and 0 entries, and 4" in o for o in out), out


@pytest.mark.parametrize("kind", ["fifo", "link", "folder"])
def test_a_journal_that_is_no_regular_file_is_refused_unopened(acme: Path, kind: str) -> None:
    path = acme / "journal.jsonl"
    elsewhere = acme.parent / "elsewhere.jsonl"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path, 0o600)  # opened for reading, it would wait for a writer forever
    elif kind == "link":
        path.symlink_to(elsewhere)
    else:
        path.mkdir()
    code, out, report = _check(acme)
    assert code == 1 and _kinds(report) == [("journal", "journal.jsonl")]
    assert any("not a regular file" in o for o in out), out


def test_a_journal_others_could_read_is_a_mode_problem(acme: Path) -> None:
    path = acme / "journal.jsonl"
    os.chmod(path, 0o644)
    code, out, report = _check(acme)
    assert code == 1 and _kinds(report) == [("mode", "journal.jsonl")]
    assert any(f"chmod 600 {path}" in o for o in out)
