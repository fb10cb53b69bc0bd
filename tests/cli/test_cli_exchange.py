"""`coach export csv`, `coach export json` and `coach import json`, run as real processes: the
JSON round trip on the demo portfolio, refusing a folder that holds data, merging by id, all or
nothing, and CSV tables read back with the csv module."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from clikit import coach, one_line_error

from coach_tui.cli_exchange import inert
from coach_tui.services import Coach


def files_of(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative path, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def exported(data: Path) -> bytes:
    result = coach("export", "json", data=data, check=True)
    return result.stdout.encode("utf-8")


def table(data: Path, what: str) -> list[dict[str, str]]:
    result = coach("export", "csv", "--what", what, data=data, check=True)
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


@pytest.fixture
def demo(demo_coach: Coach, data_dir: Path) -> Path:
    """The data folder of a fresh copy of the demo portfolio, its currency set to USD."""
    coach("config", "currency", "USD", data=data_dir, check=True)
    return data_dir


@pytest.fixture
def backup(demo: Path, tmp_path: Path) -> Path:
    """The demo portfolio exported to a file."""
    path = tmp_path / "backup.json"
    coach("export", "json", "--output", str(path), data=demo, check=True)
    return path


def damaged(backup: Path, tmp_path: Path, change: Any) -> Path:
    document = json.loads(backup.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# -- export json, import json ------------------------------------------------------------------


def test_the_demo_portfolio_round_trips_byte_for_byte(demo: Path, backup: Path, tmp_path: Path) -> None:
    first = backup.read_bytes()
    document = json.loads(first)
    assert (document["format"], document["version"]) == ("coach-export", 1)
    assert list(document)[:2] == ["format", "version"]
    assert len(document["clients"]) == 12
    assert all(document[name] for name in ("cards", "deliveries", "people", "touches", "plans", "opportunities"))
    assert all(document[name] for name in ("assessments", "commitments", "pillar_weeks", "tips_shown", "settings"))
    assert any(card["moves"] for card in document["cards"])  # cards with their move history
    assert exported(demo) == first  # two exports of the same data: the same bytes

    fresh = tmp_path / "fresh"
    result = coach("import", "json", str(backup), data=fresh, check=True)
    assert "clients: 12 added" in result.stdout
    assert exported(fresh) == first
    assert json.loads(first)["settings"] == {"currency": "USD"}
    undo = coach("undo", "--list", data=fresh, check=True).stdout
    assert undo.splitlines()[0].endswith(f"imported 12 clients from {backup}")


def test_an_import_is_one_undoable_change(backup: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    coach("import", "json", str(backup), data=fresh, check=True)
    assert "undid: imported 12 clients" in coach("undo", data=fresh, check=True).stdout
    assert json.loads(exported(fresh))["clients"] == []
    coach("redo", data=fresh, check=True)
    assert exported(fresh) == backup.read_bytes()


def test_a_folder_holding_data_is_refused_without_merge(demo: Path, backup: Path) -> None:
    before = files_of(demo)
    error = one_line_error(coach("import", "json", str(backup), data=demo), 2)
    assert "not empty" in error and "--merge" in error
    assert files_of(demo) == before


def test_merge_adds_and_updates_by_id_and_counts(tmp_path: Path, backup: Path) -> None:
    mine = tmp_path / "mine"
    coach("client", "add", "Initech", data=mine, check=True)
    coach("import", "json", str(backup), "--merge", data=mine, check=True)
    again = coach("import", "json", str(backup), "--merge", data=mine, check=True)
    assert "nothing to import" in again.stdout

    def edit(document: dict[str, Any]) -> None:
        document["clients"][0]["name"] = "Northwind Renamed"
        document["deliveries"][0]["summary"] = "An edited summary"
        document["deliveries"].append({**document["deliveries"][0], "id": "brandnew01", "summary": "A new one"})

    result = coach("import", "json", str(damaged(backup, tmp_path, edit)), "--merge", data=mine, check=True)
    assert "clients: 0 added, 1 updated, 11 unchanged" in result.stdout
    assert "deliveries: 1 added, 1 updated" in result.stdout
    names = [row["name"] for row in table(mine, "clients")]
    assert "Northwind Renamed" in names and "Initech" in names
    assert "A new one" in [row["summary"] for row in table(mine, "deliveries")]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["deliveries"][3].update(kind="gift"), "deliveries[3]"),
        (lambda d: d["clients"][2].update(name="  "), "clients[2]"),
        (lambda d: d["cards"][5].pop("title"), "cards[5]"),
        (lambda d: d["people"][1].update(client_id="nobody"), "people[1]"),
        (lambda d: d["assessments"][0]["scores"].update(lead=9), "assessments[0]"),
    ],
)
def test_a_damaged_record_leaves_the_folder_byte_identical(
    demo: Path, backup: Path, tmp_path: Path, change: Any, named: str
) -> None:
    bad = damaged(backup, tmp_path, change)
    before = files_of(demo)
    error = one_line_error(coach("import", "json", str(bad), "--merge", data=demo), 2)
    assert named in error and "nothing was imported" in error
    assert files_of(demo) == before
    empty = tmp_path / "empty"
    one_line_error(coach("import", "json", str(bad), data=empty), 2)
    assert not empty.exists()


def test_a_bad_record_says_what_is_accepted(backup: Path, tmp_path: Path) -> None:
    bad = damaged(backup, tmp_path, lambda d: d["deliveries"][3].update(kind="gift"))
    error = one_line_error(coach("import", "json", str(bad), data=tmp_path / "empty"), 2)
    assert "'kind'" in error and "'gift'" in error and "idea, thinking, industry, strategy, service" in error


def test_what_is_not_a_coach_export_is_refused_by_name(backup: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    assert "not a coach export" in one_line_error(coach("import", "json", str(other), data=tmp_path / "d"), 2)
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\xff not json")
    assert "not a coach export" in one_line_error(coach("import", "json", str(garbage), data=tmp_path / "d"), 2)
    newer = damaged(backup, tmp_path, lambda d: d.update(version=2))
    error = one_line_error(coach("import", "json", str(newer), data=tmp_path / "d"), 2)
    assert "version 2" in error and "update coach" in error
    missing = one_line_error(coach("import", "json", str(tmp_path / "nope.json"), data=tmp_path / "d"), 2)
    assert "nope.json" in missing


# -- export csv --------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["clients", "deliveries", "cards", "people", "opportunities"])
def test_each_table_reads_back_with_the_csv_module(demo: Path, what: str) -> None:
    rows = table(demo, what)
    assert rows and all(row["id"] for row in rows)
    if what != "clients":
        # a readable name beside the id
        assert all(row["client"] and row["client_id"] for row in rows)
        assert {row["client"] for row in rows} <= {row["name"] for row in table(demo, "clients")}


def test_csv_rows_name_the_client_and_write_dates_and_money_plainly(demo: Path) -> None:
    deliveries = table(demo, "deliveries")
    northwind = [row for row in deliveries if row["client_id"] == "demo00"]
    assert northwind and {row["client"] for row in northwind} == {"Northwind Freight Partners"}
    assert all(len(row["date"]) == 10 and row["date"][4] == "-" for row in deliveries)
    clients = {row["name"]: row for row in table(demo, "clients")}
    assert clients["Northwind Freight Partners"]["revenue"] == "1450000"
    assert clients["Northwind Freight Partners"]["currency"] == "USD"
    opportunities = table(demo, "opportunities")
    assert any(row["value"].isdigit() for row in opportunities) and all(row["currency"] == "USD" for row in opportunities)


def test_csv_quotes_text_that_needs_it(data_dir: Path) -> None:
    coach("client", "add", 'Smith, Jones & "Partners"', data=data_dir, check=True)
    coach("log", "smith", "Idea, with a comma", data=data_dir, check=True)
    raw = coach("export", "csv", "--what", "deliveries", data=data_dir, check=True).stdout
    assert '"Smith, Jones & ""Partners"""' in raw
    (row,) = table(data_dir, "deliveries")
    assert (row["client"], row["summary"]) == ('Smith, Jones & "Partners"', "Idea, with a comma")


def test_output_is_refused_when_it_exists_unless_force(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "clients.csv"
    out.write_text("my own sheet\n", encoding="utf-8")
    error = one_line_error(coach("export", "csv", "--what", "clients", "--output", str(out), data=demo), 2)
    assert "--force" in error
    assert out.read_text(encoding="utf-8") == "my own sheet\n"
    one_line_error(coach("export", "json", "--output", str(out), data=demo), 2)
    coach("export", "csv", "--what", "clients", "--output", str(out), "--force", data=demo, check=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a file: the mark spreadsheets need for UTF-8
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == 12 and "id" in rows[0]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_csv_needs_a_table(demo: Path) -> None:
    assert "--what" in one_line_error(coach("export", "csv", data=demo), 2)
    one_line_error(coach("export", "csv", "--what", "touches", data=demo), 2)
    assert "--what" in one_line_error(coach("export", "ics", "--what", "clients", data=demo), 2)
    assert "--remind" in one_line_error(coach("export", "json", "--remind", "none", data=demo), 2)


def test_text_a_spreadsheet_would_run_is_written_as_text(data_dir: Path) -> None:
    """OWASP's CSV injection: a cell starting like a formula gets an apostrophe; numbers and
    the same text inside a cell do not; what goes to a pipe has no byte-order mark."""
    coach("client", "add", '=HYPERLINK("http://x","y")', data=data_dir, check=True)
    coach("log", "hyperlink", "@SUM(A1) +1 -2 a=b", data=data_dir, check=True)
    raw = coach("export", "csv", "--what", "deliveries", data=data_dir, check=True).stdout
    assert not raw.startswith("\ufeff")
    (row,) = table(data_dir, "deliveries")
    assert row["client"] == '\'=HYPERLINK("http://x","y")'
    assert row["summary"] == "'@SUM(A1) +1 -2 a=b"
    assert inert("-12.5") == "-12.5" and inert("+3") == "+3" and inert("a=b") == "a=b" and inert("-x") == "'-x"
