"""The rules of `coach import csv` (domain.crm_csv), without a file or a store: column names
recognised as the CRMs write them, what a file holds told from its columns, the encoding and
the separator detected, money as exports write it, and the row-by-row plan."""

from __future__ import annotations

from datetime import date

import pytest

from coach_tui.domain.account import Person
from coach_tui.domain.crm_csv import (
    decode,
    detect_kind,
    detect_source,
    find_columns,
    key,
    parse_maps,
    plan_clients,
    plan_people,
    read_table,
    sniff_delimiter,
)
from coach_tui.domain.errors import InputError
from coach_tui.domain.models import Client
from coach_tui.domain.money import parse_money
from coach_tui.domain.validation import clean_source_id
from coach_tui.store import records
from coach_tui.store.files import WrongShape

TODAY = date(2026, 11, 25)

SALESFORCE_ACCOUNTS = ("Account Name", "Account ID", "Annual Revenue", "Account Owner", "Type", "Industry")
SALESFORCE_CONTACTS = ("First Name", "Last Name", "Title", "Email", "Account Name")
HUBSPOT_COMPANIES = ("Record ID", "Company name", "Annual Revenue", "Company owner")
HUBSPOT_CONTACTS = (
    "Record ID", "First Name", "Last Name", "Job Title", "Email", "Associated Company", "Associated Company IDs (Primary)"
)  # fmt: skip
PIPEDRIVE_ORGS = ("Organization - ID", "Organization - Name", "Organization - Owner")
PIPEDRIVE_PERSONS = ("Person - ID", "Person - Name", "Person - Organization", "Person - Email")
SHEET = ("name", "tier", "cadence", "revenue", "renewal")


def ids() -> object:
    n = iter(range(1, 1000))
    return lambda: f"id{next(n)}"


# -- columns --------------------------------------------------------------------------------


def test_a_column_name_is_compared_without_case_spaces_punctuation_or_accents() -> None:
    assert key("Organization - Name") == "organizationname"
    assert key("ANNUAL_REVENUE") == key("Annual Revenue") == key(" annual-revenue ") == "annualrevenue"
    assert key("Société") == "societe"


@pytest.mark.parametrize(
    ("headers", "source", "kind", "columns"),
    [
        (SALESFORCE_ACCOUNTS, "salesforce", "clients", {"name": "Account Name", "id": "Account ID", "revenue": "Annual Revenue"}),
        (SALESFORCE_CONTACTS, "salesforce", "people",
         {"first-name": "First Name", "last-name": "Last Name", "title": "Title", "client": "Account Name"}),
        (HUBSPOT_COMPANIES, "hubspot", "clients", {"name": "Company name", "id": "Record ID", "revenue": "Annual Revenue"}),
        (HUBSPOT_CONTACTS, "hubspot", "people",
         {"first-name": "First Name", "last-name": "Last Name", "title": "Job Title", "client": "Associated Company",
          "client-id": "Associated Company IDs (Primary)"}),
        (PIPEDRIVE_ORGS, "pipedrive", "clients", {"name": "Organization - Name", "id": "Organization - ID"}),
        (PIPEDRIVE_PERSONS, "pipedrive", "people", {"name": "Person - Name", "client": "Person - Organization"}),
        (SHEET, "csv", "clients", {"name": "name", "tier": "tier", "cadence": "cadence", "revenue": "revenue",
                                   "renewal": "renewal"}),
    ],
)  # fmt: skip
def test_each_crm_export_is_recognised_by_its_columns(
    headers: tuple[str, ...], source: str, kind: str, columns: dict[str, str]
) -> None:
    assert detect_source(headers) == source
    assert detect_kind(headers) == kind
    found = find_columns(headers, kind)
    assert {name: headers[i] for name, i in found.at.items()} == columns
    assert set(found.ignored) == set(headers) - set(columns.values())


def test_a_file_that_is_neither_asks_for_what() -> None:
    with pytest.raises(InputError, match="--what clients|people"):
        detect_kind(("Label", "Amount"))
    assert detect_kind(("Label", "Amount"), [("Label", "name")]) == "clients"
    assert detect_kind(("Label", "Boss"), [("Boss", "client")]) == "people"


def test_map_overrides_a_column_and_refuses_what_it_does_not_know() -> None:
    found = find_columns(("Kunde", "Name", "Umsatz"), "clients", parse_maps(["Kunde=name", "umsatz = Revenue", "Name=ignore"]))
    assert found.at == {"name": 0, "revenue": 2} and found.ignored == ("Name",)
    with pytest.raises(InputError, match=r"unknown field 'level' for clients: use one of name, id, revenue, tier, cadence"):
        find_columns(("Kunde",), "clients", [("Kunde", "level")])
    with pytest.raises(InputError, match="unknown field 'revenue' for people: use one of name, first-name"):
        find_columns(("Kunde",), "people", [("Kunde", "revenue")])
    with pytest.raises(InputError, match="the file has no column 'Firma'"):
        find_columns(("Kunde",), "clients", [("Firma", "name")])
    with pytest.raises(InputError, match="--map takes COLUMN=FIELD"):
        parse_maps(["Kunde"])
    with pytest.raises(InputError, match="no column names each person's client"):
        find_columns(("First Name", "Last Name"), "people")


# -- the file -------------------------------------------------------------------------------


def test_the_encoding_is_utf8_with_or_without_a_bom_else_windows_1252() -> None:
    assert decode("Müller;1.200.000 €".encode()) == ("Müller;1.200.000 €", "UTF-8")
    assert decode(b"\xef\xbb\xbf" + "Müller".encode()) == ("Müller", "UTF-8 with a BOM")
    assert decode("Müller;1.200.000 €".encode("cp1252")) == ("Müller;1.200.000 €", "Windows-1252")
    with pytest.raises(InputError, match="neither UTF-8 nor Windows-1252"):
        decode(b"caf\xe9 \x81")  # 0x81 is no character in Windows-1252


def test_the_separator_is_the_one_the_header_holds_most_outside_quotes() -> None:
    assert sniff_delimiter("name;tier;revenue\nAcme;A;1,2\n") == ";"
    assert sniff_delimiter('"Name; full",Tier,Revenue\n') == ","
    assert sniff_delimiter("name\ttier\n") == "\t"
    assert sniff_delimiter("name\nAcme\n") == ","


def test_a_quoted_field_may_hold_line_breaks_and_rows_keep_their_line() -> None:
    table = read_table('name;notes\r\nAcme;"two\r\nlines"\r\n\r\nGlobex;x\r\n')
    assert table.headers == ("name", "notes") and table.delimiter == ";"
    assert table.rows == ((2, ("Acme", "two\r\nlines")), (4, ()), (5, ("Globex", "x")))
    with pytest.raises(InputError, match="the file is empty"):
        read_table("\n\n")


@pytest.mark.parametrize(
    ("typed", "units"),
    [("$1,200,000", 1_200_000), ("1.200.000 €", 1_200_000), ("€ 1 200 000,50", 1_200_000), ("1\u00a0200\u00a0000", 1_200_000),
     ("USD 950,000.00", 950_000), ("1.200.000,00 €", 1_200_000), ("£2500000", 2_500_000)],
)  # fmt: skip
def test_money_as_exports_write_it(typed: str, units: int) -> None:
    assert parse_money(typed) == units


# -- the plan -------------------------------------------------------------------------------


def _clients(text: str, existing: list[Client]) -> list[tuple[int, str, str, str]]:
    table = read_table(text)
    plan = plan_clients(table, find_columns(table.headers, "clients"), detect_source(table.headers), existing, TODAY, ids())
    return [(o.line, o.name, o.action, o.why) for o in plan.outcomes]


def test_rows_match_by_crm_id_else_by_name_in_any_case_and_accents() -> None:
    cafe = Client("c1", "Café Lumière", date(2026, 1, 5), tier="A")
    linked = Client("c2", "Acme", date(2026, 1, 5), revenue=5000, source_id="salesforce:001A")
    rows = _clients(
        "Account Name,Account ID,Annual Revenue\nCAFE LUMIERE,,\nAcme Group,001A,5000\nAcme Group,001A,5000\n,,\n", [cafe, linked]
    )
    assert rows == [
        (2, "Café Lumière", "skip", "unchanged"),
        (3, "Acme Group", "update", "renamed from 'Acme'"),
        (4, "Acme Group", "skip", "unchanged (as on line 3)"),
        (5, "", "skip", "empty row"),
    ]


def test_a_bad_row_names_its_line_column_and_value() -> None:
    table = read_table("name,tier,cadence\nAcme,A,2w,extra\nGlobex,B,fortnightly\nInitech,b,\n")
    plan = plan_clients(table, find_columns(table.headers, "clients"), "csv", [], TODAY, ids())
    assert [str(p) for p in plan.problems] == [
        "line 2: 4 values for 3 columns: a value holding the separator must be in double quotes",
        "line 3, column 'cadence', value 'fortnightly': " + plan.problems[1].message,
    ]
    assert "fortnightly" in plan.problems[1].message
    assert [o.action for o in plan.outcomes] == ["error", "error", "create"]
    assert plan.clients["id1"].tier == "B"


def test_two_crm_records_are_not_one_client() -> None:
    acme = Client("c1", "Acme", date(2026, 1, 5), source_id="hubspot:1")
    rows = _clients("Record ID,Company name\n2,Acme\n", [acme])
    assert rows[0][2] == "error" and "already linked to hubspot:1" in rows[0][3]


def test_contacts_go_to_their_client_by_crm_id_or_name() -> None:
    acme = Client("c1", "Acme", date(2026, 1, 5), source_id="salesforce:001A")
    known = {"c1": [Person("p1", "c1", "Dana Ortiz", "champion", "COO")]}
    table = read_table(
        "First Name,Last Name,Title,Account ID,Account Name\n"
        "Dana,Ortiz,COO,001A,\n"
        "DANA,ORTIZ,Chief Operating Officer,,acme\n"
        "Lee,Park,,,Acme\n"
        "Kim,Tan,,,Hooli\n"
        ",,CFO,,Acme\n"
    )
    plan = plan_people(table, find_columns(table.headers, "people"), "salesforce", [acme], lambda cid: known[cid], ids())
    assert [(o.line, o.action) for o in plan.outcomes] == [(2, "skip"), (3, "update"), (4, "create"), (5, "error"), (6, "error")]
    assert plan.people["p1"].title == "Chief Operating Officer" and plan.people["p1"].role == "champion"
    assert plan.people["id1"] == Person("id1", "c1", "Lee Park", "other", "", False)
    assert str(plan.problems[0]).startswith("line 5, column 'Account Name', value 'Hooli': no client of that name")
    assert str(plan.problems[1]).startswith("line 6, column 'Last Name', value '': the person's name can't be empty")


# -- the CRM id on the client ---------------------------------------------------------------


def test_a_source_id_is_a_source_and_an_id() -> None:
    assert clean_source_id("salesforce:0015g00000AcmeAAA") == "salesforce:0015g00000AcmeAAA"
    for bad in ("0015g", "Salesforce:1", "hubspot:", "hubspot:1 2", "x:" + "9" * 200):
        with pytest.raises(InputError, match="as a CRM id"):
            clean_source_id(bad)


def test_a_client_keeps_its_source_id_and_one_without_stores_none() -> None:
    plain = Client("c1", "Acme", date(2026, 1, 5))
    assert "source_id" not in plain.to_dict()  # a record as coach wrote it before imports
    linked = Client("c2", "Globex", date(2026, 1, 5), source_id="pipedrive:412")
    assert records.client(linked.to_dict()) == linked == Client.from_dict(linked.to_dict())
    assert records.client(plain.to_dict()) == plain
    with pytest.raises(WrongShape, match="source_id"):
        records.client({**plain.to_dict(), "source_id": "no spaces allowed"})
