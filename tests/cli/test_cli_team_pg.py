"""The leader's view on a real team database: members made with `coach team add-member`, each
manager's work logged with `coach` as that manager, then `coach team` and `coach status
--portfolio ROLE` run as their leader, as `coach` processes; and the store's one line when a
role writes a client it may only read."""

from __future__ import annotations

import json
from typing import Any

import pytest
from clikit import one_line_error
from pgrights_kit import TeamDb
from pgteam_kit import coach, ok, team, team_db  # noqa: F401

from coach_tui.services import Coach

psycopg = pytest.importorskip("psycopg")

from coach_tui.store.errors import StoreError  # noqa: E402
from coach_tui.store.postgres.store import PostgresStore  # noqa: E402


def row(view: dict[str, Any], role: str) -> dict[str, Any]:
    (found,) = [m for m in view["members"] if m["role"] == role]
    return found


def test_the_leader_sees_each_managers_numbers_as_they_logged_them(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    view = json.loads(ok(coach(team_db, team["lea"], "team", "--json")))
    assert [(m["role"], m["team"], m["leader"]) for m in view["members"]] == [
        (team["lea"], "north", True),
        (team["ann"], "north", False),
        (team["bob"], "north", False),
    ]
    ann, bob = row(view, team["ann"]), row(view, team["bob"])
    assert (ann["active_clients"], ann["untold"], ann["problem"]) == (1, 1, None)
    assert ann["commitments"] == {"kept": 1, "answered": 2, "made": 2, "weeks": 12}
    assert (bob["active_clients"], bob["untold"]) == (2, 0)
    assert bob["commitments"] == {"kept": 1, "answered": 1, "made": 1, "weeks": 12}
    # The same numbers each manager's own `coach status` gives.
    for role, mine in ((team["ann"], ann), (team["bob"], bob)):
        status = json.loads(ok(coach(team_db, role, "status", "--json")))
        assert status["active_clients"] == mine["active_clients"]
        assert len(status["overdue"]) == mine["overdue"]
        assert status["stewardship_debt"]["untold"] == mine["untold"]
        assert status["weakest_pillar"]["pillar"] == mine["weakest_pillar"]["pillar"]
        assert status["weakest_pillar"]["score"] == mine["weakest_pillar"]["score"]
    # The table: a row per manager, the leader first.
    lines = ok(coach(team_db, team["lea"], "team")).splitlines()
    assert lines[0].endswith("· 3 managers")
    assert lines[2].startswith(f"{team['lea']} (lead)")
    assert lines[3].split()[:5] == [team["ann"], "north", "1", "0", "1"]
    assert lines[3].split()[-2:] == ["1/2", "2"]


def test_status_of_a_member_as_the_leader_is_their_agenda_read_only(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    printed = ok(coach(team_db, team["lea"], "status", "--portfolio", team["ann"], "--json"))
    status = json.loads(printed)
    assert status["portfolio"] == team["ann"]
    assert status["active_clients"] == 1
    assert status["stewardship_debt"]["clients"] == [{"client": "Acme", "untold": 1}]
    first = ok(coach(team_db, team["lea"], "status", "--portfolio", team["ann"])).splitlines()[0]
    assert first.endswith(f"1 active clients · {team['ann']}'s portfolio, read-only")
    # A manager of no team the leader leads: one line naming those who are.
    error = one_line_error(coach(team_db, team["lea"], "status", "--portfolio", team["sam"]), 2)
    assert f"{team['sam']!r} is on no team you lead" in error


def test_a_manager_who_leads_no_team_is_told_in_one_line(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    for args in (("team",), ("team", "--json"), ("status", "--portfolio", team["bob"])):
        error = one_line_error(coach(team_db, team["ann"], *args), 2)
        assert "you lead no team in this team database" in error
        assert "--leader-of TEAM" in error


def test_a_write_to_a_client_read_only_to_the_role_says_so(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    ok(coach(team_db, team["ann"], "team", "share", "Acme", team["sam"], "--read"))
    ann = PostgresStore(team_db.url(team["ann"]))
    sponsor = PostgresStore(team_db.url(team["sam"]))
    lead = PostgresStore(team_db.url(team["lea"]), portfolio=team["ann"])
    try:
        (acme,) = [cid for cid, name, _archived in ann.names()]
        stamp = ann.client_stamp(acme)
        for store in (sponsor, lead):
            assert [name for _id, name, _a in store.names()] == ["Acme"]
            with pytest.raises(StoreError) as raised:
                Coach(store).boards.add_card(acme, "plan", "Pilot")
            assert str(raised.value) == (
                f"read-only: you may read Acme but not change it (it is {team['ann']}'s client); nothing was written"
            )
            with pytest.raises(StoreError, match="read-only: you may read Acme but not change it"):
                Coach(store).clients.archive(acme)
        assert ann.client_stamp(acme) == stamp
    finally:
        for store in (ann, sponsor, lead):
            store.close()
