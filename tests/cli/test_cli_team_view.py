"""`coach team` (the leader's view: the group's form with no action) and `coach status --portfolio ROLE`: over a team of
data folders (tests/teamkit.py) in this process, the store the CLI opens replaced by the
leader's; over a plain data folder as a real process, refused with one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clikit import coach as run_coach
from clikit import one_line_error
from conftest import TODAY
from teamkit import team_coach

from coach_tui import cli, cli_account
from coach_tui.services import Coach


@pytest.fixture
def leader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Coach:
    """The CLI's store is the leader's team (the PostgreSQL one: tests/cli/test_cli_team_pg.py)."""
    made = team_coach(tmp_path / "team", TODAY)
    monkeypatch.setattr(cli, "_coach", lambda args: made)
    monkeypatch.setitem(cli_account._shared, "coach", lambda args: made)
    return made


def test_the_view_is_an_aligned_table(leader: Coach, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["team"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "coach team · Wednesday 2026-11-25 · 4 managers"
    header, *rows = lines[1:8]
    assert header.split() == ["Manager", "Team", "Active", "Overdue", "Untold", "Weakest", "pillar", "Kept", "12w", "Made", "12w"]
    ana = next(r for r in rows if r.startswith("ana "))
    cells = ana.split()
    assert cells[:5] == ["ana", "North", "6", "4", "7"]
    assert cells[5] in ("Recognize", "Lead", "Strategy", "Tactics", "Value") and cells[6].endswith("/100")
    assert cells[-2:] == ["3/5", "6"]
    cy = next(r for r in rows if r.startswith("cy "))
    assert cy.split() == ["cy", "South", "0", "0", "0", "-", "-", "0"]
    assert rows[0].startswith("lea (lead)")
    # Aligned: every column starts where its heading does (the numbers end where it ends).
    overdue_end = header.index("Overdue") + len("Overdue")
    assert all(r[overdue_end - 1] != " " for r in rows)
    assert lines[-1].startswith("Kept 12w: commitments kept of those answered")


def test_the_view_as_json(leader: Coach, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["team", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(m["team"], m["role"]) for m in doc["members"]] == [
        ("North", "lea"),
        ("North", "ana"),
        ("North", "ben"),
        ("South", "lea"),
        ("South", "ben"),
        ("South", "cy"),
    ]
    assert doc["members"][1]["commitments"] == {"kept": 3, "answered": 5, "made": 6, "weeks": 12}


def test_an_unreadable_portfolio_is_said_and_exits_1(leader: Coach, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "team" / "ben" / "coach.json").write_text("[]", encoding="utf-8")
    assert cli.main(["team"]) == 1
    out = capsys.readouterr().out
    bens = [line.split() for line in out.splitlines() if line.startswith("ben ")]
    assert bens == [["ben", "North", *["-"] * 6], ["ben", "South", *["-"] * 6]]
    problems = [line for line in out.splitlines() if line.startswith("ben: can't read the portfolio: ")]
    assert len(problems) == 1 and "coach.json: wrong shape" in problems[0]  # once, though ben is on two teams
    assert "ana " in out  # the others are still shown


def test_status_of_a_member_is_read_only(leader: Coach, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["status", "--portfolio", "ana"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "coach · Wednesday 2026-11-25 · 6 active clients · ana's portfolio, read-only"
    assert "overdue (4)" in out and "stewardship debt: 7 untold Steward cards" in out
    assert cli.main(["status", "--portfolio", "ana", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["portfolio"], doc["active_clients"], len(doc["overdue"])) == ("ana", 6, 4)
    # Without --portfolio: the leader's own.
    assert cli.main(["status"]) == 0
    assert "· 1 active clients" in capsys.readouterr().out.splitlines()[0]


def test_status_of_no_member_is_one_line(leader: Coach, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["status", "--portfolio", "zed"]) == 2
    err = capsys.readouterr().err
    assert err == "coach: 'zed' is on no team you lead; members: ana, ben, cy, lea\n"


def test_a_data_folder_has_no_team(tmp_path: Path) -> None:
    error = one_line_error(run_coach("team", data=tmp_path / "data"), 2)
    assert "no team here: the team view needs a team database" in error
    error = one_line_error(run_coach("status", "--portfolio", "ana", data=tmp_path / "data"), 2)
    assert "no team here" in error
