"""The leader's view (services.team) over a team of data folders (tests/teamkit.py): each
manager's row holds what their own portfolio holds, and a member's portfolio opens read-only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TODAY
from teamkit import FolderTeam, team_coach

from coach_tui.domain.cadence import cadence_status
from coach_tui.domain.errors import NotFound
from coach_tui.domain.facts import build_facts
from coach_tui.domain.pillars import KEPT_WEEKS
from coach_tui.services import Coach
from coach_tui.services.team import ReadOnlyPortfolio, TeamViews, leading
from coach_tui.store.folder import FolderStore


@pytest.fixture
def leader(tmp_path: Path) -> Coach:
    return team_coach(tmp_path / "team", TODAY)


def views_of(coach: Coach) -> TeamViews:
    views = leading(coach)
    assert views is not None
    return views


def held(root: Path, role: str) -> dict[str, int]:
    """What `role`'s folder holds, counted from each client's full history (not the index,
    not the agenda): active clients, overdue ones, open Steward cards, and the commitments of
    the last KEPT_WEEKS weeks."""
    store = FolderStore(root / role)
    active = overdue = untold = 0
    for client_id, _name, archived in store.names():
        if archived:
            continue
        history = store.read_client(client_id)
        active += 1
        untold += sum(1 for c in history.cards if c.is_open and c.column == "steward")
        if cadence_status(history.client, build_facts(*history), TODAY).status == "overdue":
            overdue += 1
    window = [c for c in store.read().commitments if TODAY - timedelta(weeks=KEPT_WEEKS) < c.week <= TODAY]
    answered = [c for c in window if c.kept is not None]
    return {
        "active": active,
        "overdue": overdue,
        "untold": untold,
        "kept": sum(1 for c in answered if c.kept),
        "answered": len(answered),
        "made": len(window),
    }


def test_a_row_per_member_by_team_leader_first(leader: Coach) -> None:
    rows = views_of(leader).overview().rows
    assert [(r.team, r.role, r.leader) for r in rows] == [
        ("North", "lea", True),
        ("North", "ana", False),
        ("North", "ben", False),
        ("South", "lea", True),
        ("South", "ben", False),
        ("South", "cy", False),
    ]
    assert all(r.problem is None for r in rows)


def test_each_row_holds_what_the_portfolio_holds(leader: Coach, tmp_path: Path) -> None:
    rows = {r.role: r for r in views_of(leader).overview().rows}
    for role in ("lea", "ana", "ben", "cy"):
        row = rows[role]
        counted = {k: getattr(row, k) for k in ("active", "overdue", "untold", "kept", "answered", "made")}
        assert counted == held(tmp_path / "team", role), role
    # The numbers themselves, as the demo data holds them: ana has the demo's first six
    # clients, four of them overdue today, seven cards told to no one, and the demo's
    # commitments (three kept of five answered, this week's open); ben the other six, one
    # archived, and three kept of three (a fourth, 13 weeks ago, is out of the window).
    assert (rows["ana"].active, rows["ana"].overdue, rows["ana"].untold) == (6, 4, 7)
    assert (rows["ana"].kept, rows["ana"].answered, rows["ana"].made) == (3, 5, 6)
    assert (rows["ben"].active, rows["ben"].kept, rows["ben"].answered, rows["ben"].made) == (5, 3, 3, 3)
    assert (rows["cy"].active, rows["cy"].weakest, rows["cy"].weakest_score) == (0, None, None)


def test_the_weakest_pillar_is_the_managers_own(leader: Coach, tmp_path: Path) -> None:
    """The leader reads the weakest pillar and score the manager's own dashboard shows."""
    rows = {r.role: r for r in views_of(leader).overview().rows}
    for role in ("ana", "ben", "lea"):
        own = Coach(FolderStore(tmp_path / "team" / role)).portfolio.agenda()
        assert own.weakest is not None
        assert (rows[role].weakest, rows[role].weakest_score) == (own.weakest, own.portfolio[own.weakest].score)
    assert rows["ana"].weakest != rows["lea"].weakest  # not one portfolio read for all


def test_a_member_on_two_teams_is_read_once(leader: Coach) -> None:
    team = leader.team
    assert isinstance(team, FolderTeam)
    views_of(leader).overview()
    assert sorted(team.opened) == ["ana", "ben", "cy", "lea"]


def test_a_portfolio_that_cannot_be_read_is_a_row_saying_why(leader: Coach, tmp_path: Path) -> None:
    (tmp_path / "team" / "ana" / "coach.json").write_text("{ not json", encoding="utf-8")
    rows = {r.role: r for r in views_of(leader).overview().rows}
    assert rows["ana"].problem is not None and "coach.json" in rows["ana"].problem
    assert rows["ana"].active is None
    assert rows["ben"].problem is None and rows["ben"].active == 5
    assert views_of(leader).overview().to_json()["members"][1]["problem"] == rows["ana"].problem


def test_a_folder_store_has_no_team(coach: Coach) -> None:
    assert coach.team is None
    assert leading(coach) is None


def test_a_member_opens_read_only(leader: Coach, tmp_path: Path) -> None:
    ana = views_of(leader).open("ana")
    names = [c.name for c in ana.portfolio.clients()]
    assert "Northwind Freight Partners" in names and len(names) == 6
    before = (tmp_path / "team" / "ana" / "coach.json").read_bytes()
    client = ana.portfolio.find_client("Northwind")
    with pytest.raises(ReadOnlyPortfolio, match=r"^read-only: this is ana's portfolio$"):
        ana.clients.archive(client.id)
    with pytest.raises(ReadOnlyPortfolio, match="read-only: this is ana's portfolio"):
        ana.deliveries.log(client.id, "An idea", "idea", TODAY)
    with pytest.raises(ReadOnlyPortfolio):
        ana.journal.undo()
    assert (tmp_path / "team" / "ana" / "coach.json").read_bytes() == before
    assert not ana.portfolio.find_client("Northwind").archived


def test_only_a_member_opens(leader: Coach) -> None:
    with pytest.raises(NotFound, match=r"'zed' is on no team you lead; members: ana, ben, cy, lea"):
        views_of(leader).open("zed")


def test_the_json_names_every_number(leader: Coach) -> None:
    doc = views_of(leader).overview().to_json()
    assert doc["date"] == TODAY.isoformat()
    ana = doc["members"][1]
    assert ana == {
        "role": "ana",
        "team": "North",
        "leader": False,
        "active_clients": 6,
        "overdue": 4,
        "untold": 7,
        "weakest_pillar": ana["weakest_pillar"],
        "commitments": {"kept": 3, "answered": 5, "made": 6, "weeks": KEPT_WEEKS},
        "problem": None,
    }
    assert set(ana["weakest_pillar"]) == {"pillar", "score"}
