"""`coach report`, `coach export ics` and `coach weekly`, run as real processes where they can be."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from clikit import coach, one_line_error
from icalendar import Calendar

from coach_tui import cli


def untold(data: Path) -> int:
    status = json.loads(coach("status", "--json", data=data, check=True).stdout)
    return status["stewardship_debt"]["untold"]


@pytest.fixture
def acme(data_dir: Path) -> Path:
    """Acme with two untold value-adds (two Steward cards) and one told service delivery."""
    coach("client", "add", "Acme Logistics", "--cadence", "2w", data=data_dir, check=True)
    coach("client", "add", "Globex", data=data_dir, check=True)
    coach(
        "log", "acme", "Shared freight benchmark", "--date", "3d ago", "--need", "lower freight cost", data=data_dir, check=True
    )
    coach("log", "acme", "Routing idea", "--date", "2w ago", data=data_dir, check=True)
    coach("log", "acme", "Monthly report", "--kind", "service", "--told", data=data_dir, check=True)
    return data_dir


# -- report -----------------------------------------------------------------------------------


def test_report_to_stdout_offers_mark_told_without_doing_it(acme: Path) -> None:
    result = coach("report", "acme", data=acme)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# What we did for Acme Logistics"
    assert "## lower freight cost" in lines
    assert "- 22 Nov 2026 · New idea: Shared freight benchmark" in lines
    assert "- 25 Nov 2026 · Service: Monthly report" in lines
    # Non-interactive: a hint on stderr, never a silent change.
    assert "2 Steward cards" in result.stderr and "--mark-told" in result.stderr
    assert untold(acme) == 2


def test_report_plain_text_and_since(acme: Path) -> None:
    result = coach("report", "acme", "--format", "txt", "--since", "1w", data=acme, check=True)
    assert result.stdout.startswith("What we did for Acme Logistics\n")
    assert "#" not in result.stdout
    assert "Shared freight benchmark" in result.stdout
    assert "Routing idea" not in result.stdout  # two weeks ago: before the period
    assert "1 Steward card " in result.stderr


def test_report_output_refuses_to_overwrite(acme: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    first = coach("report", "acme", "--output", str(out), data=acme)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""  # the report went to the file
    assert out.read_text(encoding="utf-8").startswith("# What we did for Acme Logistics")

    out.write_text("keep me", encoding="utf-8")
    error = one_line_error(coach("report", "acme", "--output", str(out), data=acme), 2)
    assert "already exists" in error and "--force" in error
    assert out.read_text(encoding="utf-8") == "keep me"

    forced = coach("report", "acme", "--output", str(out), "--force", "--format", "txt", data=acme)
    assert forced.returncode == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("What we did for Acme Logistics")


def test_report_mark_told(acme: Path) -> None:
    result = coach("report", "acme", "--mark-told", data=acme)
    assert result.returncode == 0, result.stderr
    assert "marked 2 Steward cards told" in result.stderr
    assert untold(acme) == 0
    again = coach("report", "acme", data=acme, check=True)
    assert "Shared freight benchmark" in again.stdout  # told work stays in the report
    assert again.stderr == ""  # and nothing is left to offer


def run_on_terminal(args: list[str], answer: bytes) -> tuple[int, str]:
    """Run coach with stdin and stderr on a pseudo-terminal, answer its question, return the
    exit code and what the terminal showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "coach_tui.cli", *args], stdin=terminal, stderr=terminal, stdout=subprocess.PIPE, close_fds=True
    )
    os.close(terminal)
    shown = b""
    answered = False
    while True:
        ready, _, _ = select.select([controller], [], [], 30)
        if not ready:
            process.kill()
            raise AssertionError(f"no prompt; the terminal showed {shown!r}")
        try:
            chunk = os.read(controller, 1024)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if not answered and b"[y/N]" in shown:
            os.write(controller, answer)
            answered = True
    process.stdout.read()
    code = process.wait(timeout=30)
    os.close(controller)
    return code, shown.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_report_on_a_terminal_asks_before_marking(acme: Path) -> None:
    code, shown = run_on_terminal(["report", "acme", "--data", str(acme)], b"n\n")
    assert code == 0
    assert "Mark 2 Steward cards told? [y/N]" in shown
    assert untold(acme) == 2  # "no" leaves them

    code, shown = run_on_terminal(["report", "acme", "--data", str(acme)], b"y\n")
    assert code == 0
    assert "marked 2 Steward cards told" in shown
    assert untold(acme) == 0


def test_report_errors_are_one_line(acme: Path) -> None:
    assert "--since" in one_line_error(coach("report", "acme", "--since", "soon", data=acme), 2)
    assert "coach client add" in one_line_error(coach("report", "initech", data=acme), 2)
    one_line_error(coach("report", "acme", "--format", "html", data=acme), 2)
    one_line_error(coach("report", data=acme), 2)


def test_report_on_an_archived_client(acme: Path) -> None:
    coach("client", "archive", "acme", data=acme, check=True)
    result = coach("report", "acme", data=acme, check=True)
    assert "Shared freight benchmark" in result.stdout


# -- export ics -------------------------------------------------------------------------------


def test_export_ics_to_stdout(acme: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coach_tui.cli", "export", "ics", "--data", str(acme)], capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    events = Calendar.from_ical(result.stdout).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Value-add due: Acme Logistics", "Value-add due: Globex"]


def test_export_ics_output_refuses_to_overwrite(acme: Path, tmp_path: Path) -> None:
    out = tmp_path / "coach.ics"
    assert coach("export", "ics", "--output", str(out), data=acme).returncode == 0
    first = Calendar.from_ical(out.read_bytes())
    error = one_line_error(coach("export", "ics", "--output", str(out), data=acme), 2)
    assert "--force" in error
    coach("export", "ics", "--output", str(out), "--force", data=acme, check=True)
    second = Calendar.from_ical(out.read_bytes())
    assert sorted(str(e["UID"]) for e in first.walk("VEVENT")) == sorted(str(e["UID"]) for e in second.walk("VEVENT"))


def test_export_ics_reminders_as_asked(acme: Path) -> None:
    def triggers(*args: str) -> set[object]:
        result = subprocess.run(
            [sys.executable, "-m", "coach_tui.cli", "export", "ics", *args, "--data", str(acme)], capture_output=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        events = Calendar.from_ical(result.stdout).walk("VEVENT")
        return {a.decoded("TRIGGER") for e in events for a in e.walk("VALARM")} | {len(e.walk("VALARM")) for e in events}

    assert triggers() == {timedelta(hours=9), 1}  # the morning of the day, one reminder an event
    assert triggers("--remind", "2d@07:45") == {-timedelta(days=2) + timedelta(hours=7, minutes=45), 1}
    assert triggers("--remind", "none") == {0}
    error = one_line_error(coach("export", "ics", "--remind", "tomorrow", data=acme), 2)
    assert "can't read 'tomorrow' as a reminder" in error and "1d@08:30" in error


def test_export_needs_a_known_format(acme: Path) -> None:
    one_line_error(coach("export", "pdf", data=acme), 2)
    one_line_error(coach("export", data=acme), 2)


def test_export_into_a_missing_folder_is_a_data_error(acme: Path, tmp_path: Path) -> None:
    error = one_line_error(coach("export", "ics", "--output", str(tmp_path / "no" / "such.ics"), data=acme), 1)
    assert "can't use" in error


# -- weekly, and what the subcommands import --------------------------------------------------


def test_weekly_opens_the_tui_on_the_weekly_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []
    monkeypatch.setattr(cli, "launch_tui", lambda args, start=None: opened.append(start) or 0)
    assert cli.main(["weekly", "--demo"]) == 0
    assert opened == ["weekly"]


def test_report_and_export_do_not_import_textual(acme: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.ics"
    probe = (
        "import sys; from coach_tui.cli import main; "
        f"code = main(['report', 'acme', '--data', {str(acme)!r}]); "
        f"code |= main(['export', 'ics', '--output', {str(out)!r}, '--data', {str(acme)!r}]); "
        "assert code == 0; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_config_week_start_moves_the_weekly_boundary(tmp_path: Path) -> None:
    """`coach config week-start sunday` is stored and read back; a bad day is one line, exit 2."""
    from coach_tui.coaching.schedule import first_weekday
    from coach_tui.store.folder import FolderStore

    data = tmp_path / "data"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "coach_tui.cli", "config", *args, "--data", str(data)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert run().stdout.splitlines()[0].split() == ["week-start", "Monday"]
    assert run("week-start", "sun").stdout.strip() == "weeks now start on Sunday"
    assert first_weekday(FolderStore(data).read().settings) == 6
    assert run("week-start").stdout.strip() == "Sunday"
    bad = run("week-start", "someday")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "monday" in bad.stderr
