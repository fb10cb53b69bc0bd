"""Import from CSV in the TUI: the command palette opens it, a typed path (`~` expanded) is
previewed as `coach import csv --dry-run` previews it, `ctrl+s` imports through the same use
case as one change that `u` takes back, a file that can't be read keeps the dialog open with
the use case's message under the path, a bad row turns the import off, `esc` writes nothing.
The sample exports are the CLI tests' own (tests/cli/samples/)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static
from tuikit import recording_toasts, settle, sync, toasts, type_text, until

from coach_tui.app import CoachApp
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.screens.import_csv import ImportCsvScreen
from coach_tui.services import Coach
from coach_tui.store.memo import CACHE_DIR
from coach_tui.widgets.client_table import ClientTable
from coach_tui.widgets.field_error import FieldError

SAMPLES = Path(__file__).parent.parent / "cli" / "samples"
SIZE = (120, 40)

BAD_ROWS = (
    "Account Name,Account ID,Annual Revenue,Tier\n"
    'Acme Logistics,0015g00000AcmeAAA,"$1,300,000",A\n'
    "Initech,001D,twelve,B\n"
    ',001E,"$5",B\n'
    "Hooli,001F,5,Z\n"
)


def make_app(coach: Coach) -> CoachApp:
    return recording_toasts(CoachApp(coach, weekly_prompt=False))


def files(folder: Path) -> dict[str, bytes]:
    """Every data file under `folder`, by its path, with its bytes: not the memos in `cache/`,
    which the app keeps as it opens (derived data, never the user's)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != CACHE_DIR
    }


def text(screen: ImportCsvScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def rows(screen: ImportCsvScreen) -> list[list[str]]:
    table = screen.query_one("#import-rows", DataTable)
    return [[str(cell).rstrip("…") for cell in table.get_row_at(n)] for n in range(table.row_count)]


def import_enabled(app: CoachApp) -> bool:
    return app.screen.active_bindings["ctrl+s"].enabled


async def open_import(pilot: Pilot) -> ImportCsvScreen:
    """The dashboard, then ctrl+p, "Import from CSV", enter."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, "import from csv")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ImportCsvScreen)
    assert isinstance(app.focused, Input) and app.focused.id == "path"
    return screen


async def preview(pilot: Pilot, path: str) -> None:
    """Type `path` key by key and press enter."""
    await type_text(pilot, path)
    await pilot.press("enter")
    await settle(pilot)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, for `~/...` paths."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


@sync
async def test_the_palette_previews_an_export_and_ctrl_s_imports_it_as_one_change_u_undoes(demo_coach: Coach, home: Path) -> None:
    shutil.copy(SAMPLES / "salesforce_accounts.csv", home / "accounts.csv")
    before = {c.id for c in demo_coach.portfolio.clients()}
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await preview(pilot, "~/accounts.csv")
        assert text(screen, "#import-source") == (
            f"{home / 'accounts.csv'}: clients from a Salesforce export (UTF-8 with a BOM, comma-separated, 3 rows)"
        )
        assert text(screen, "#import-columns").splitlines() == [
            "columns: 'Account Name' as name, 'Account ID' as id, 'Annual Revenue' as revenue",
            "not imported: 'Account Owner', 'Type', 'Industry', 'Billing City'",
        ]
        assert [r[:3] for r in rows(screen)] == [
            ["2", "Acme Logistics", "create"],
            ["3", "Northwind Freight", "create"],
            ["4", "Globex Corporation", "create"],
        ]
        # The highlighted row in full under the table.
        assert text(screen, "#import-row") == (
            "line 2 Acme Logistics create: new client: tier B, a value-add every 14 days, €1.2m a year, "
            "salesforce:0015g00000AcmeAAA"
        )
        assert text(screen, "#import-tally").startswith("Would create 3 clients, update 0, skip 0")
        assert demo_coach.portfolio.clients() and {c.id for c in demo_coach.portfolio.clients()} == before  # a preview
        assert import_enabled(app)

        await pilot.press("ctrl+s")
        await until(lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        acme = demo_coach.portfolio.find_client("Acme Logistics")
        assert acme.source_id == "salesforce:0015g00000AcmeAAA" and acme.revenue == 1_200_000
        new = {c.id for c in demo_coach.portfolio.clients()} - before
        assert len(new) == 3
        table = app.dashboard.query_one(ClientTable)
        assert new <= set(table.row_keys)  # the dashboard reloaded
        assert "Imported 3 clients (0 updated). u undoes the import." in toasts(app)

        await pilot.press("u")
        await settle(pilot)
        await until(lambda: not (new & set(table.row_keys)))
        assert {c.id for c in demo_coach.portfolio.clients()} == before
        assert "Undid: added client Acme Logistics (and 2 more)" in toasts(app)


@sync
async def test_a_semicolon_windows_1252_sheet_previews_its_accents_and_imports(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SAMPLES)
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await preview(pilot, "sheet_semicolon_cp1252.csv")
        assert text(screen, "#import-source").endswith(": clients from a sheet (Windows-1252, semicolon-separated, 3 rows)")
        assert "not imported: 'notes'" in text(screen, "#import-columns")
        assert [r[1:3] for r in rows(screen)] == [
            ["Müller Präzision GmbH", "create"],
            ["Café Lumière", "create"],
            ["Société Générale Fret", "create"],
        ]
        # The multi-line note took two lines of the file: the next row starts on line 4.
        assert [r[0] for r in rows(screen)] == ["2", "4", "5"]
        await pilot.press("ctrl+s")
        await until(lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        names = {c.name for c in coach.portfolio.clients()}
        assert names == {"Müller Präzision GmbH", "Café Lumière", "Société Générale Fret"}
        assert len(app.dashboard.query_one(ClientTable).row_keys) == 3
        assert "Imported 3 clients (0 updated). u undoes the import." in toasts(app)


def not_csv(folder: Path) -> tuple[str, str, str]:
    (folder / "photo.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x81\x8d\x8f\x90\x9d")
    return "photo.csv", "path", "can't read the file: byte 9 is neither UTF-8 nor Windows-1252; save it as CSV UTF-8"


def a_folder(folder: Path) -> tuple[str, str, str]:
    (folder / "exports").mkdir()
    return "exports", "path", "can't read exports: Is a directory"


def missing(folder: Path) -> tuple[str, str, str]:
    return "[b]nope[/b].csv", "path", "can't read [b]nope[/b].csv: No such file or directory"


def no_columns_known(folder: Path) -> tuple[str, str, str]:
    (folder / "odd.csv").write_text("Label,Amount\nAcme,5\n", encoding="utf-8")
    return (
        "odd.csv",
        "what",  # under "Rows are", which answers it
        "can't tell whether the file holds clients or people from its columns ('Label', 'Amount'): "
        "say which with --what clients|people",
    )


@pytest.mark.parametrize("make", [missing, a_folder, not_csv, no_columns_known])
@sync
async def test_a_file_that_cant_be_read_keeps_the_dialog_open_with_the_message(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], tuple[str, str, str]]
) -> None:
    typed, field, message = make(tmp_path)
    monkeypatch.chdir(tmp_path)
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        screen.query_one("#map", Input).value = "Owner=ignore"
        await preview(pilot, typed)
        error = screen.query_one(f"#{field}-error", FieldError)
        assert error.display and error.message == message
        assert str(error.render()) == message  # literal: the brackets of a name stay
        assert app.screen is screen
        assert screen.query_one("#path", Input).value == typed  # the fields keep what was typed
        assert screen.query_one("#map", Input).value == "Owner=ignore"
        assert not screen.query_one("#import-preview").display
        assert not import_enabled(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and coach.portfolio.clients() == []


@sync
async def test_rows_are_answers_what_the_columns_dont_tell_and_reads_the_file_again(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_columns_known(tmp_path)
    monkeypatch.chdir(tmp_path)
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await preview(pilot, "odd.csv")
        assert screen.query_one("#what-error", FieldError).display
        screen.query_one("#what", Select).value = "clients"
        await settle(pilot)
        assert not screen.query_one("#what-error", FieldError).display
        assert screen.query_one("#map-error", FieldError).message.startswith("no column holds the client's name")
        screen.query_one("#map", Input).focus()
        await type_text(pilot, "Label=name")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(screen) and rows(screen)[0][1:3] == ["Acme", "create"]
        assert import_enabled(app)


@sync
async def test_an_unreadable_file_says_so(coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.csv"
    locked.write_text("name\nAcme\n", encoding="utf-8")
    locked.chmod(0)
    try:
        locked.read_bytes()
    except PermissionError:
        pass
    else:
        pytest.skip("run as a user who reads any file (root)")
    monkeypatch.chdir(tmp_path)
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await preview(pilot, "locked.csv")
        assert screen.query_one("#path-error", FieldError).message == f"can't read {locked}: Permission denied"


@sync
async def test_a_bad_row_turns_the_import_off_and_names_line_column_value_and_what_is_accepted(
    demo_coach: Coach, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "accounts.csv").write_text(BAD_ROWS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = files(data_dir)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await preview(pilot, "accounts.csv")
        problems = text(screen, "#import-problems").splitlines()
        assert problems == [
            "3 bad rows: nothing can be imported until they are fixed",
            "line 3, column 'Annual Revenue', value 'twelve': can't read the amount 'twelve': "
            "type an amount like 120k, 1.2m, 95,000 or €95000",
            "line 4, column 'Account Name', value '': a client needs a name: this row has none",
            "… and 1 more, marked error below",
        ]
        assert [r[:3] for r in rows(screen)] == [
            ["2", "Acme Logistics", "create"],
            ["3", "Initech", "error"],
            ["4", "—", "error"],
            ["5", "Hooli", "error"],
        ]
        # The cursor starts on the first bad row, shown in full under the table.
        assert text(screen, "#import-row") == (
            "line 3 Initech error: column 'Annual Revenue', value 'twelve': can't read the amount 'twelve': "
            "type an amount like 120k, 1.2m, 95,000 or €95000"
        )
        await pilot.press("tab", "tab", "tab", "end")  # to the table, its last row
        await settle(pilot)
        assert text(screen, "#import-row") == "line 5 Hooli error: column 'Tier', value 'Z': unknown tier 'Z': use A, B or C"
        assert text(screen, "#import-tally").startswith("Import is off: fix the bad rows")
        assert not import_enabled(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    assert files(data_dir) == before


@sync
async def test_esc_closes_without_writing(demo_coach: Coach, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SAMPLES)
    before = files(data_dir)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        await preview(pilot, "hubspot_companies.csv")
        assert import_enabled(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert files(data_dir) == before


@sync
async def test_map_reads_a_column_as_a_field_and_a_field_changed_since_the_preview_turns_import_off(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "kunden.csv").write_text("Kunde;Umsatz;Bemerkung\nAcme;1.200.000 €;gut\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await preview(pilot, "kunden.csv")
        assert screen.query_one("#what-error", FieldError).message.startswith("can't tell whether the file holds clients")
        screen.query_one("#map", Input).focus()
        await type_text(pilot, "Kunde=name, Umsatz=revenue, Bemerkung=nonsense")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#map-error", FieldError).message.startswith("--map: unknown field 'nonsense' for clients")
        screen.query_one("#map", Input).value = "Kunde=name, Umsatz=revenue, Bemerkung=ignore"
        await pilot.press("enter")
        await settle(pilot)
        assert text(screen, "#import-columns").splitlines() == [
            "columns: 'Kunde' as name, 'Umsatz' as revenue",
            "not imported: 'Bemerkung'",
        ]
        assert rows(screen)[0][:3] == ["2", "Acme", "create"]
        assert import_enabled(app)
        await type_text(pilot, ",")  # the fields differ from what was previewed
        assert not import_enabled(app)
        assert text(screen, "#import-tally").startswith("The fields changed since the preview")
        await pilot.press("backspace", "ctrl+o")  # ctrl+o reads it again, as enter does
        await settle(pilot)
        assert import_enabled(app)
        await pilot.press("ctrl+s")
        await until(lambda: isinstance(app.screen, DashboardScreen))
        assert [(c.name, c.revenue) for c in coach.portfolio.clients()] == [("Acme", 1_200_000)]


@sync
async def test_contacts_go_to_their_clients_and_rows_are_says_what_the_rows_are(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach.clients.add("Acme Logistics")
    coach.clients.add("Northwind Freight")
    monkeypatch.chdir(SAMPLES)
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_import(pilot)
        await preview(pilot, "salesforce_contacts.csv")
        assert ": people from a Salesforce export" in text(screen, "#import-source")
        assert rows(screen)[0][1:3] == ["Dana Ortiz", "create"]
        # Read as clients instead: the file is read again at once, its accounts as clients.
        screen.query_one("#what", Select).value = "clients"
        await settle(pilot)
        assert ": clients from a Salesforce export" in text(screen, "#import-source")
        assert rows(screen)[0][1:3] == ["Acme Logistics", "skip"]
        screen.query_one("#what", Select).value = "detect"
        await settle(pilot)
        assert ": people from a Salesforce export" in text(screen, "#import-source")
        await pilot.press("ctrl+s")
        await until(lambda: isinstance(app.screen, DashboardScreen))
        acme = coach.portfolio.find_client("Acme Logistics").id
        assert {p.name for p in coach.repo.read_client(acme).people} >= {"Dana Ortiz", "Lee Park"}
        assert any(t.startswith("Imported ") and " people (0 updated)" in t for t in toasts(app)), toasts(app)


def test_help_lists_the_import_keys() -> None:
    from coach_tui.screens.help import binding_groups

    groups = dict(binding_groups(CoachApp.BINDINGS))
    keys = {b.key for b in groups["Import from CSV (ctrl+p, then Import from CSV)"]}  # type: ignore[union-attr]
    assert {"ctrl+s", "ctrl+o", "escape"} <= keys
