"""Snapshot test of Import from CSV (ctrl+p, "Import from CSV"): the preview of a Salesforce
accounts export over the demo portfolio, at 120x40.

The demo portfolio is frozen on Wednesday 2026-11-25 (conftest sets COACH_TODAY); the file is
written to the test's own folder and typed as a relative path, so the picture is the same on
every run. Refresh on purpose with `--snapshot-update`, then look at the picture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from tuikit import settle, type_text

from coach_tui.app import CoachApp
from coach_tui.services import Coach

WIDE = (120, 40)

# One row of each kind: a new client, a demo client linked to its CRM id, one unchanged, and a
# bad amount.
ACCOUNTS = (
    "Account Name,Account ID,Annual Revenue,Tier,Account Owner\n"
    'Acme Logistics,0015g00000AcmeAAA,"$1,200,000",A,Jordan Lee\n'
    'Northwind Freight Partners,0015g00000NwFrAAB,"$1,450,000",A,Jordan Lee\n'
    'Brightline Health Systems,,"$2,800,000",A,Sam Reed\n'
    "Initech,0015g00000InitAAD,twelve,B,Sam Reed\n"
)


async def preview_accounts(pilot: Pilot) -> None:
    """ctrl+p, "import from csv", enter; then the file's path and enter."""
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, "import from csv")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await type_text(pilot, "accounts.csv")
    await pilot.press("enter")
    await settle(pilot)


class TestImportPreview:
    """The dialog over the dashboard, titled "Import from CSV", "enter preview · ctrl+s import ·
    esc cancel" on its border. File "accounts.csv", Rows are "told from the columns", Map empty.
    Under them: "accounts.csv: clients from a Salesforce export (UTF-8, comma-separated, 4
    rows)"; the columns read ('Account Name' as name, 'Account ID' as id, 'Annual Revenue' as
    revenue, 'Tier' as tier) and "not imported: 'Account Owner'"; in the error colour "1 bad
    row: nothing can be imported until it is fixed" and "line 5, column 'Annual Revenue', value
    'twelve': can't read the amount ...". The table: line 2 Acme Logistics create (green), line
    3 Northwind Freight Partners update (yellow, linked to its Salesforce id), line 4 Brightline
    Health Systems skip (dim, unchanged), line 5 Initech error (bold red), the cursor on it;
    under the table that row in full, then "Import is off: fix the bad rows in the file, then
    enter reads it again." The footer: "^s Import" dimmed (off), "^o Preview", "esc Cancel"."""

    def test_import_preview_120x40(
        self, snap_compare, demo_coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (tmp_path / "accounts.csv").write_text(ACCOUNTS, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        app = CoachApp(demo_coach, weekly_prompt=False)
        assert snap_compare(app, terminal_size=WIDE, run_before=preview_accounts)
