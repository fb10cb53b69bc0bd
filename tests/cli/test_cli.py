"""The shell CLI, run as a real process: exit codes, one-line errors, JSON, the demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from clikit import coach, coach_into_closed_pipe, one_line_error

from coach_tui.store.folder import FolderStore


@pytest.fixture
def acme(data_dir: Path) -> Path:
    coach("client", "add", "Acme Logistics", "--cadence", "2w", "--tier", "A", data=data_dir, check=True)
    coach("client", "add", "Acme Foods", data=data_dir, check=True)
    coach("client", "add", "Globex", "--cadence", "1m", data=data_dir, check=True)
    return data_dir


def test_log_and_status_json(acme: Path) -> None:
    result = coach("log", "logist", "Shared freight benchmark", "--date", "3d ago", "--need", "lower freight cost", data=acme)
    assert result.returncode == 0, result.stderr
    assert "logged idea for Acme Logistics on Sun 22 Nov 2026" in result.stdout
    status = json.loads(coach("status", "--json", data=acme, check=True).stdout)
    assert status["date"] == "2026-11-25"
    assert status["active_clients"] == 3
    assert status["stewardship_debt"]["untold"] == 1
    assert {c["client"] for c in status["new"]} == {"Acme Foods", "Globex"}
    assert status["weakest_pillar"]["pillar"] in status["pillars"]
    assert status["weakest_pillar"]["evidence"]


def test_client_matching(acme: Path) -> None:
    ambiguous = one_line_error(coach("log", "acme", "x", data=acme), 2)
    assert "Acme Logistics" in ambiguous and "Acme Foods" in ambiguous
    unknown = one_line_error(coach("log", "initech", "x", data=acme), 2)
    assert "coach client add" in unknown
    assert coach("log", "FOODS", "by substring, any case", data=acme).returncode == 0
    clients = json.loads(coach("client", "list", "--json", data=acme, check=True).stdout)
    assert [c["name"] for c in clients] == ["Acme Foods", "Acme Logistics", "Globex"]


@pytest.mark.parametrize(
    "args, words",
    [
        (["log", "globex", "x", "--date", "31/02/2024"], ["31/02/2024", "2026-11-20"]),
        (["log", "globex", "x", "--date", "tomorrow"], ["tomorrow"]),
        (["log", "globex", "x", "--date", "2027-01-01"], ["future"]),
        (["log", "globex", "x", "--kind", "gift"], ["gift", "idea"]),
        (["log", "globex", "   "], ["summary"]),
        (["client", "add", "Globex"], ["already exists"]),
        (["client", "add", "Initech", "--cadence", "1.5w"], ["1.5w", "2w"]),
        (["client", "add", "Initech", "--cadence", "0d"], ["0d"]),
        (["client", "add", "Initech", "--tier", "Z"], ["A, B or C"]),
        (["card", "move", "globex", "nothing", "--forward"], ["no open card"]),
        (["frobnicate"], ["unknown command 'frobnicate'"]),
        (["log", "globex"], ["required"]),
    ],
)
def test_bad_input_is_one_line_exit_2(acme: Path, args: list[str], words: list[str]) -> None:
    message = one_line_error(coach(*args, data=acme), 2)
    for word in words:
        assert word in message


def test_corrupt_store_is_exit_1_and_untouched(acme: Path) -> None:
    index = acme / "coach.json"
    index.write_bytes(b"{oops")
    message = one_line_error(coach("status", data=acme), 1)
    assert str(index) in message and "backup" in message
    one_line_error(coach("log", "globex", "x", data=acme), 1)
    assert index.read_bytes() == b"{oops"
    restored = coach("restore", data=acme, check=True)
    assert "restored" in restored.stdout
    assert json.loads(coach("status", "--json", data=acme, check=True).stdout)["active_clients"] == 3


def test_cards_from_the_shell(acme: Path) -> None:
    coach("card", "add", "globex", "Wants to cut warehouse costs", data=acme, check=True)
    coach(
        "card",
        "add",
        "globex",
        "Pilot a shared-warehouse study",
        "--column",
        "plan",
        "--need",
        "warehouse",
        data=acme,
        check=True,
    )
    # --need names a recorded need (an Understand card), never another plan card.
    assert "no recorded need" in one_line_error(coach("card", "add", "globex", "x", "--need", "pilot", data=acme), 2)
    moved = coach("card", "move", "globex", "pilot", "--forward", data=acme, check=True)
    assert "moved" in moved.stdout and "Deliver" in moved.stdout
    coach("card", "move", "globex", "pilot", "--to", "steward", data=acme, check=True)
    told = coach("card", "tell", "globex", "pilot", data=acme, check=True)
    assert "told" in told.stdout
    cards = json.loads(coach("card", "list", "globex", "--json", data=acme, check=True).stdout)
    assert [c["title"] for c in cards["understand"]] == ["Wants to cut warehouse costs"]
    assert cards["steward"] == []
    globex = next(e.client.id for e in FolderStore(acme).read().entries if e.client.name == "Globex")
    history = FolderStore(acme).read_client(globex)
    pilot = next(c for c in history.cards if c.title.startswith("Pilot"))
    assert [m.to_column for m in pilot.moves] == ["plan", "deliver", "steward"] and pilot.closed is not None


def test_archive_and_unarchive(acme: Path) -> None:
    coach("client", "archive", "globex", data=acme, check=True)
    assert "archived client" in one_line_error(coach("log", "globex", "x", data=acme), 2)
    assert json.loads(coach("status", "--json", data=acme, check=True).stdout)["active_clients"] == 2
    coach("client", "edit", "globex", "--unarchive", "--cadence", "3w", data=acme, check=True)
    assert json.loads(coach("status", "--json", data=acme, check=True).stdout)["active_clients"] == 3


def test_hostile_text_is_stored_exactly_and_printed_escaped(data_dir: Path) -> None:
    name = "Evil\x1b[2J\x1b]0;pwned\x07 [red]Co[/]\u202e"
    coach("client", "add", name, data=data_dir, check=True)
    listed = coach("client", "list", data=data_dir, check=True).stdout
    assert "\x1b" not in listed and "\u202e" not in listed and "\x07" not in listed
    assert "\\x1b[2J" in listed and "[red]Co[/]" in listed and "\\u202e" in listed
    assert FolderStore(data_dir).read().entries[0].client.name == name


def test_demo_never_touches_user_data(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    result = subprocess.run(
        [sys.executable, "-m", "coach_tui.cli", "--demo", "status", "--json"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "COACH_DATA": str(user)},
    )
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["active_clients"] >= 10 and status["overdue"] and status["stewardship_debt"]["untold"]
    logged = coach("log", "--demo", status["overdue"][0]["client"], "demo delivery")
    assert logged.returncode == 0, logged.stderr
    assert not user.exists()


def test_subcommands_do_not_import_textual(acme: Path) -> None:
    probe = (
        "import sys; from coach_tui.cli import main; "
        f"code = main(['status', '--data', {str(acme)!r}]); "
        f"code |= main(['log', 'globex', 'x', '--data', {str(acme)!r}]); "
        "assert code == 0; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_parser_built_for_one_command_still_serves_the_rest(data_dir: Path) -> None:
    from coach_tui.cli import SUBCOMMANDS, build_parser

    full = build_parser([]).format_help()
    assert all(name in full for name in SUBCOMMANDS)
    # --data before the command: its value is not taken for a command name.
    args = build_parser(["--data", "log", "status", "--json"]).parse_args(["--data", "log", "status", "--json"])
    assert args.command == "status" and args.data == "log" and args.json
    assert "usage: coach log" in coach("log", "--help").stdout
    listed = coach("--help").stdout
    assert all(f"\n  {name} " in listed for name in SUBCOMMANDS)


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["client", "list"], ["export", "ics"]])
def test_a_reader_that_went_away_is_no_error(acme: Path, args: list[str]) -> None:
    """`coach status | head -1`, `coach status | true`: the pipe's reader is gone before
    coach writes. That is no error: exit 0, nothing on stderr."""
    result = coach_into_closed_pipe(*args, data=acme)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_log_echoes_the_full_day_a_date_without_a_year_meant(acme: Path) -> None:
    """'Dec 5' said on Wed 25 Nov 2026 is the latest 5 December (a delivery can't be ahead):
    the shell says which day it used, weekday and year, as the app's form shows it."""
    result = coach("log", "logist", "Benchmark", "--date", "Dec 5", data=acme, check=True)
    assert "logged idea for Acme Logistics on Fri 5 Dec 2025: Benchmark" in result.stdout
    result = coach("log", "logist", "Call notes", "--date", "mon", data=acme, check=True)
    assert "on Mon 23 Nov 2026" in result.stdout


def test_a_day_that_does_not_exist_is_named_in_one_line(acme: Path) -> None:
    message = one_line_error(coach("log", "logist", "x", "--date", "31/02/2026", data=acme), 2)
    assert "31 February does not exist" in message
