"""`coach import csv`, run as real processes on sample exports written with the column names
Salesforce, HubSpot and Pipedrive use (tests/cli/samples/): the dry run's rows, an import and
its re-import (a no-op: every file's bytes the same), a bad row (the folder byte-identical,
each problem named by line, column and value), `--map`, contacts becoming people, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from clikit import coach

from coach_tui.domain.models import Client
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

SAMPLES = Path(__file__).parent / "samples"


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clients(data: Path) -> dict[str, Client]:
    return {e.client.name: e.client for e in FolderStore(data).read().entries}


def imported(*args: str, data: Path) -> list[str]:
    return coach("import", "csv", *args, data=data, check=True).stdout.splitlines()


def test_dry_run_prints_each_row_and_writes_nothing(data_dir: Path) -> None:
    coach("client", "add", "Globex Corporation", "--tier", "A", data=data_dir, check=True)
    before = files(data_dir)
    lines = imported(str(SAMPLES / "salesforce_accounts.csv"), "--dry-run", data=data_dir)
    assert lines[0].endswith(": clients from a Salesforce export (UTF-8 with a BOM, comma-separated, 3 rows)")
    assert lines[1:] == [
        "columns: 'Account Name' as name, 'Account ID' as id, 'Annual Revenue' as revenue",
        "not imported: 'Account Owner', 'Type', 'Industry', 'Billing City'",
        "line 2: create Acme Logistics: new client: tier B, a value-add every 14 days, €1.2m a year, "
        "salesforce:0015g00000AcmeAAA",
        "line 3: create Northwind Freight: new client: tier B, a value-add every 14 days, €950k a year, "
        "salesforce:0015g00000NwFrAAB",
        "line 4: update Globex Corporation: linked to salesforce:0015g00000GlbxAAC",
        "dry run: would create 2 clients, update 1, skip 0; nothing written",
    ]
    assert files(data_dir) == before


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("salesforce_accounts.csv", {"Acme Logistics": ("salesforce:0015g00000AcmeAAA", 1_200_000),
                                     "Northwind Freight": ("salesforce:0015g00000NwFrAAB", 950_000),
                                     "Globex Corporation": ("salesforce:0015g00000GlbxAAC", None)}),
        ("hubspot_companies.csv", {"Initech": ("hubspot:9876543210", 2_500_000),
                                   "Umbrella Health": ("hubspot:9876543211", 1_750_000)}),
        ("pipedrive_organizations.csv", {"Stark Industries": ("pipedrive:412", None),
                                         "Wayne Enterprises": ("pipedrive:413", None)}),
        ("sheet_semicolon_cp1252.csv", {"Müller Präzision GmbH": (None, 1_200_000),
                                        "Café Lumière": (None, 1_200_000),
                                        "Société Générale Fret": (None, None)}),
    ],
)  # fmt: skip
def test_an_export_imports_and_its_reimport_changes_nothing(
    data_dir: Path, sample: str, expected: dict[str, tuple[str | None, int | None]]
) -> None:
    first = imported(str(SAMPLES / sample), data=data_dir)
    done = f"imported: created {len(expected)} clients, updated 0, skipped 0"
    assert first[-1] == done + " (one change: `coach undo` takes it all back)"
    found = clients(data_dir)
    assert {name: (c.source_id, c.revenue) for name, c in found.items()} == expected
    before = files(data_dir)
    again = imported(str(SAMPLES / sample), data=data_dir)
    assert again[-1] == f"nothing to change: every row is as stored (created 0 clients, updated 0, skipped {len(expected)})"
    assert all(" skip " in line and line.endswith(": unchanged") for line in again if line.startswith("line "))
    assert files(data_dir) == before


def test_a_semicolon_windows_1252_sheet_with_a_multiline_note(data_dir: Path) -> None:
    lines = imported(str(SAMPLES / "sheet_semicolon_cp1252.csv"), data=data_dir)
    assert lines[0].endswith(": clients from a sheet (Windows-1252, semicolon-separated, 3 rows)")
    assert "not imported: 'notes'" in lines
    # The quoted note holds a line break: the next row starts on line 4.
    assert [line.split(":")[0] for line in lines if line.startswith("line ")] == ["line 2", "line 4", "line 5"]
    found = clients(data_dir)
    muller = found["Müller Präzision GmbH"]
    assert (muller.tier, str(muller.cadence), muller.revenue) == ("A", "2w", 1_200_000)
    assert (found["Café Lumière"].tier, str(found["Café Lumière"].cadence)) == ("B", "1m")
    assert (found["Société Générale Fret"].tier, str(found["Société Générale Fret"].cadence)) == ("C", "14d")


def test_a_bad_row_leaves_the_folder_byte_identical_and_names_line_column_and_value(data_dir: Path, tmp_path: Path) -> None:
    imported(str(SAMPLES / "salesforce_accounts.csv"), data=data_dir)
    before = files(data_dir)
    bad = tmp_path / "accounts.csv"
    bad.write_text(
        "Account Name,Account ID,Annual Revenue,Tier\n"
        'Acme Logistics,0015g00000AcmeAAA,"$1,300,000",A\n'
        "Initech,001D,twelve,B\n"
        ',001E,"$5",B\n'
        "Hooli,001F,5,Z\n",
        encoding="utf-8",
    )
    for extra in ((), ("--dry-run",)):
        result = coach("import", "csv", str(bad), *extra, data=data_dir)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        errors = result.stderr.splitlines()
        assert errors[:3] == [
            f"coach: {bad} line 3, column 'Annual Revenue', value 'twelve': can't read the amount 'twelve': "
            "type an amount like 120k, 1.2m, 95,000 or €95000",
            f"coach: {bad} line 4, column 'Account Name', value '': a client needs a name: this row has none",
            f"coach: {bad} line 5, column 'Tier', value 'Z': unknown tier 'Z': use A, B or C",
        ]
        assert len(errors) == 4 and "3 bad rows" in errors[3]
        assert files(data_dir) == before
    assert clients(data_dir)["Acme Logistics"].revenue == 1_200_000


def test_map_overrides_the_columns_and_refuses_an_unknown_field(data_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "kunden.csv"
    sheet.write_text("Kunde;Umsatz;Stufe;Name\nBrandt & Söhne;1,2 Mio;A;Jana\nKoch AG;€ 80 000;C;Ole\n", encoding="utf-8")
    unknown = coach("import", "csv", str(sheet), "--map", "Stufe=level", data=data_dir)
    assert unknown.returncode == 2
    assert unknown.stderr == (
        "coach: --map: unknown field 'level' for clients: use one of name, id, revenue, tier, cadence, renewal, ignore\n"
    )
    no_column = coach("import", "csv", str(sheet), "--map", "Stage=tier", data=data_dir)
    assert no_column.returncode == 2 and "the file has no column 'Stage'" in no_column.stderr
    # Without a map the `Name` column (a contact here) would be read as the client's name.
    lines = imported(
        str(sheet), "--map", "kunde=name", "--map", "Stufe=tier", "--map", "Name=ignore", "--map", "Umsatz=ignore", data=data_dir
    )
    assert "columns: 'Kunde' as name, 'Stufe' as tier" in lines
    assert "not imported: 'Umsatz', 'Name'" in lines
    assert {n: c.tier for n, c in clients(data_dir).items()} == {"Brandt & Söhne": "A", "Koch AG": "C"}


def test_a_reimport_updates_by_crm_id_then_by_name_in_any_case_and_accents(data_dir: Path, tmp_path: Path) -> None:
    coach("client", "add", "Müller Präzision GmbH", "--tier", "B", data=data_dir, check=True)
    imported(str(SAMPLES / "salesforce_accounts.csv"), data=data_dir)
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(
        "Account Name,Account ID,Annual Revenue\n"
        'Acme Logistics Group,0015g00000AcmeAAA,"$1,300,000"\n'
        "MULLER PRAZISION GMBH,0015g00000MuPrAAD,\n",
        encoding="utf-8",
    )
    lines = imported(str(renamed), data=data_dir)
    assert "line 2: update Acme Logistics Group: renamed from 'Acme Logistics', revenue €1.2m to €1.3m" in lines
    # Matched by name, the name stays as stored: the file spells it in capitals, without accents.
    assert "line 3: update Müller Präzision GmbH: linked to salesforce:0015g00000MuPrAAD" in lines
    found = clients(data_dir)
    assert found["Acme Logistics Group"].source_id == "salesforce:0015g00000AcmeAAA"
    assert found["Müller Präzision GmbH"].source_id == "salesforce:0015g00000MuPrAAD"
    assert len(found) == 4


def test_contacts_become_people_on_their_client_and_an_unknown_account_is_a_bad_row(data_dir: Path, tmp_path: Path) -> None:
    imported(str(SAMPLES / "salesforce_accounts.csv"), data=data_dir)
    lines = imported(str(SAMPLES / "salesforce_contacts.csv"), data=data_dir)
    assert lines[0].endswith(": people from a Salesforce export (UTF-8 with a BOM, comma-separated, 3 rows)")
    assert "line 2: create Dana Ortiz: new person on Acme Logistics's account, COO (other)" in lines
    store = FolderStore(data_dir)
    acme = Coach(store).portfolio.find_client("acme")
    assert {(p.name, p.title, p.role, p.ours) for p in store.read_client(acme.id).people} == {
        ("Dana Ortiz", "COO", "other", False),
        ("Lee Park", "Head of Logistics", "other", False),
    }
    before = files(data_dir)
    again = imported(str(SAMPLES / "salesforce_contacts.csv"), data=data_dir)
    assert again[-1] == "nothing to change: every row is as stored (created 0 people, updated 0, skipped 3)"
    assert files(data_dir) == before

    hubspot = tmp_path / "contacts.csv"
    hubspot.write_text(
        "First Name,Last Name,Job Title,Email,Associated Company\n"
        "Dana,Ortiz,Chief Operating Officer,dana@acme.example,acme logistics\n"
        "Kai,Berg,CTO,kai@hooli.example,Hooli\n",
        encoding="utf-8",
    )
    refused = coach("import", "csv", str(hubspot), data=data_dir)
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[0] == (
        f"coach: {hubspot} line 3, column 'Associated Company', value 'Hooli': "
        "no client of that name: import the accounts export first, or add it with `coach client add NAME`"
    )
    assert files(data_dir) == before


def test_one_import_is_one_change_that_undo_takes_back(data_dir: Path) -> None:
    coach("client", "add", "Hooli", data=data_dir, check=True)
    imported(str(SAMPLES / "hubspot_companies.csv"), data=data_dir)
    assert coach("undo", data=data_dir, check=True).stdout == "undid: added client Initech (and 1 more)\n"
    assert list(clients(data_dir)) == ["Hooli"]


def test_what_is_told_from_the_columns_or_asked_for(data_dir: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Label,Amount\nAcme,5\n", encoding="utf-8")
    result = coach("import", "csv", str(odd), data=data_dir)
    assert result.returncode == 2
    assert "can't tell whether the file holds clients or people" in result.stderr and "--what" in result.stderr
    asked = coach("import", "csv", str(odd), "--what", "clients", data=data_dir)
    assert asked.returncode == 2 and "no column holds the client's name" in asked.stderr
    missing = coach("import", "csv", str(tmp_path / "nope.csv"), data=data_dir)
    assert missing.returncode == 2 and missing.stderr.startswith("coach: can't read ") and "Traceback" not in missing.stderr
