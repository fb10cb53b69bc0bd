"""`coach status` shows this week's commitment all week: in its text and under the
`commitment` key of `--json`. The data is built through the use cases in a tmp folder."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from clikit import coach

from coach_tui.services import Coach

THIS_WEEK = date(2026, 11, 23)  # the Monday of the frozen day, 2026-11-25
LAST_WEEK = date(2026, 11, 16)


def status_json(data: Path) -> dict:
    return json.loads(coach("status", "--json", data=data, check=True).stdout)


def test_no_commitment_is_null(coach: Coach, data_dir: Path) -> None:
    coach.clients.add("Acme")
    coach.weekly.save_commitment(LAST_WEEK, "Last week's line")  # not this week's
    assert status_json(data_dir)["commitment"] is None
    assert "commitment" not in coach_text(data_dir)


def coach_text(data: Path) -> str:
    return coach("status", data=data, check=True).stdout


def test_a_commitment_for_a_client_from_a_tip(coach: Coach, data_dir: Path) -> None:
    acme = coach.clients.add("Acme")
    coach.weekly.save_commitment(THIS_WEEK, "Ask Acme's CFO for 20 minutes", client_id=acme.id, tip_id="lead-name-sponsor")
    assert status_json(data_dir)["commitment"] == {
        "text": "Ask Acme's CFO for 20 minutes",
        "client": "Acme",
        "tip_id": "lead-name-sponsor",
        "week": "2026-11-23",
        "kept": None,
        "carried": False,
    }
    lines = coach_text(data_dir).splitlines()
    assert lines[1] == "this week's commitment (for Acme): Ask Acme's CFO for 20 minutes"


def test_a_free_commitment_kept_and_a_carried_one(coach: Coach, data_dir: Path) -> None:
    coach.weekly.save_commitment(THIS_WEEK, "Write the plan", kept=True)
    got = status_json(data_dir)["commitment"]
    assert (got["client"], got["tip_id"], got["kept"]) == (None, None, True)
    assert "this week's commitment: Write the plan · kept" in coach_text(data_dir)

    coach.weekly.save_commitment(THIS_WEEK, "")  # emptied: no commitment this week
    coach.weekly.save_commitment(LAST_WEEK, "Call Dana")
    coach.weekly.save_commitment(LAST_WEEK, kept=False, obstacle="quarter close")
    coach.weekly.carry_over(LAST_WEEK, THIS_WEEK)
    got = status_json(data_dir)["commitment"]
    assert (got["text"], got["carried"], got["kept"]) == ("Call Dana", True, None)
    assert "this week's commitment, carried over: Call Dana" in coach_text(data_dir)


def test_hostile_text_is_shown_literally(coach: Coach, data_dir: Path) -> None:
    client = coach.clients.add("[red]Acme[/]")
    coach.weekly.save_commitment(THIS_WEEK, "Call\x1b[31m [@click=app.quit]x", client_id=client.id)
    text = coach_text(data_dir)
    assert "(for [red]Acme[/])" in text
    assert "\x1b" not in text and "[@click=app.quit]x" in text
    assert status_json(data_dir)["commitment"]["text"] == "Call\x1b[31m [@click=app.quit]x"
