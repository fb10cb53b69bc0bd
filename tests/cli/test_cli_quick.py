"""The quick road of `coach log` and `coach status` (cli.py, `quick_args`): read without argparse,
to the same arguments argparse gives; and the modules those commands leave unimported, so
their start-up cost can't creep back unnoticed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from clikit import coach
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coach_tui.cli import QUICK, quick_args
from coach_tui.cli_parser import UsageError, build_parser

# Words a command line is made of: the commands, their options in every spelling argparse
# knows (and some it doesn't), values, and things that look like options but are not.
TOKENS = [
    "log", "status", "client", "list", "--data", "--data=d", "--data=", "--demo", "--demo=1", "--kind", "--kind=service",
    "--date", "--date=3d ago", "--need", "--need=", "--told", "--json", "--js", "--dat", "-h", "--help", "--version", "--",
    "-", "-5", "- x", "Acme", "a=b", "", "x y", "log",
]  # fmt: skip


def argparse_args(argv: list[str]) -> dict[str, object] | None:
    try:
        return vars(build_parser(argv).parse_args(argv))
    except (UsageError, SystemExit):
        return None


VALUES = ["Acme", "x y", "", "log", "status", "-5", "--told", "a=b", "3d ago"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """Mostly well-formed `log` and `status` lines: options before the command, then the
    command's positionals and options in any order, now and then one token too many or few."""
    value = st.sampled_from(VALUES)
    top = draw(st.lists(st.sampled_from([["--data", "d"], ["--data=e"], ["--demo"]]), max_size=2))
    command = draw(st.sampled_from(["log", "status"]))
    if command == "log":
        parts = [[draw(value)], [draw(value)]]
        options = [
            ["--kind", draw(value)],
            ["--kind=service"],
            ["--date", draw(value)],
            ["--need", draw(value)],
            ["--told"],
            ["--json"],
        ]
    else:
        parts, options = [], [["--json"]]
    options += [["--data", draw(value)], ["--data=f"], ["--demo"]]
    parts += draw(st.lists(st.sampled_from(options), max_size=4))
    parts += draw(st.lists(st.sampled_from([[t] for t in TOKENS]), max_size=1))
    parts = draw(st.permutations(parts))
    return [token for part in [*top, [command], *parts] for token in part]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(TOKENS), max_size=9), command_lines()))
@example(["log", "Acme", "x"])
@example(["--data", "log", "status", "--json"])
@example(["--data", "a", "log", "--data", "b", "Acme", "--told", "x", "--kind", "service", "--date=mon"])
@example(["log", "--need", "", "Acme", "x", "--demo"])
@example(["status", "--json", "--json", "--demo", "--data=d"])
def test_the_quick_road_reads_what_argparse_reads(argv: list[str]) -> None:
    quick = quick_args(argv)
    if quick is not None:
        # Whatever it reads, argparse reads the same; what it leaves, argparse handles.
        assert vars(quick) == argparse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "Acme", "x"],
        ["--demo", "log", "Acme", "x", "--kind", "service", "--need=a need", "--told"],
        ["log", "Acme", "x", "--json"],
        ["log", "--date", "3d ago", "Acme", "x"],
        ["status"],
        ["--data", "d", "status", "--json"],
    ],
)
def test_the_plain_forms_take_the_quick_road(argv: list[str]) -> None:
    quick = quick_args(argv)
    assert quick is not None and quick.command in QUICK
    assert vars(quick) == argparse_args(argv)


@pytest.mark.parametrize(
    "argv", [[], ["--data", "d"], ["--data=d"], ["--demo"], ["--db", "postgresql://me@db/coach", "--demo"], ["--data="]]
)
def test_a_plain_launch_takes_the_quick_road(argv: list[str]) -> None:
    quick = quick_args(argv)
    assert quick is not None and quick.command is None
    assert vars(quick) == argparse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["--data"],
        ["--dat", "d"],
        ["--demo=1"],
        ["lgo"],
        ["log", "--help"],
        ["log", "Acme"],
        ["log", "Acme", "x", "y"],
        ["log", "Acme", "x", "--ki", "service"],
        ["log", "Acme", "x", "--need"],
        ["log", "Acme", "-x"],
        ["status", "extra"],
        ["client", "list"],
        ["--json", "status"],
    ],
)
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_args(argv) is None


# Imported by neither `coach log` nor `coach status`: the parser (argparse, and what it pulls in),
# the TUI, and the modules only other commands use: their cli_*.py, the folder's upkeep
# (restore, check), the team database's modules (even the one hiding a password: a folder was
# named), decimal (only a typed amount is parsed with it). A name stands for its submodules too.
NOT_FOR_LOG_OR_STATUS = (
    "argparse",
    "textual",
    "rich",
    "psycopg",
    "decimal",
    "coach_tui.cli_parser",
    "coach_tui.cli_db",
    "coach_tui.cli_delivery",
    "coach_tui.cli_exchange",
    "coach_tui.cli_import",
    "coach_tui.cli_serve",
    "coach_tui.cli_team",
    "coach_tui.services.account_views",
    "coach_tui.services.upkeep",
    "coach_tui.store.postgres",
)
# `coach status` only reads: the undo journal (its file, its entries) is a write's.
NOT_FOR_STATUS = ("coach_tui.store.journal", "coach_tui.domain.journal", "coach_tui.store.commit", "tinydb")


def among(modules: set[str], names: tuple[str, ...]) -> set[str]:
    """The modules that are one of `names` or inside one of them."""
    return {m for m in modules if any(m == name or m.startswith(name + ".") for name in names)}


def probed(code: str) -> str:
    """The last line `code` prints, run by a fresh interpreter (which must exit 0)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


def imported_by(argv: list[str], data: Path) -> set[str]:
    probe = (
        "import sys; from coach_tui.cli import main; "
        f"code = main({[*argv, '--data', str(data)]!r}); "
        "assert code == 0, code; "
        "print(' '.join(sorted(sys.modules)))"
    )
    return set(probed(probe).split())


@pytest.mark.parametrize(
    "argv", [["log", "acme", "a benchmark"], ["log", "acme", "a benchmark", "--json"], ["status"], ["status", "--json"]]
)
def test_log_and_status_leave_the_rest_unimported(data_dir: Path, argv: list[str]) -> None:
    coach("client", "add", "Acme", data=data_dir, check=True)
    modules = imported_by(argv, data_dir)
    assert "coach_tui.services.deliveries" in modules or argv[0] == "status"  # the probe ran the command
    assert among(modules, NOT_FOR_LOG_OR_STATUS) == set()
    if argv[0] == "status":
        assert among(modules, NOT_FOR_STATUS) == set()
    if argv[0] == "log":
        # A day-cadence client logged today: no calendar arithmetic, so no dateutil.
        assert not {m for m in modules if m.split(".")[0] == "dateutil"}


def test_other_commands_still_parse_with_argparse(data_dir: Path) -> None:
    coach("client", "add", "Acme", data=data_dir, check=True)
    assert "argparse" in imported_by(["client", "list"], data_dir)


@pytest.mark.parametrize(("argv", "collecting"), [(["status"], False), (["log", "acme", "x"], False), (["client", "list"], True)])
def test_only_log_and_status_run_without_the_cyclic_collector(data_dir: Path, argv: list[str], collecting: bool) -> None:
    coach("client", "add", "Acme", data=data_dir, check=True)
    probe = (
        "import gc, sys; from coach_tui.cli import run; "
        f"sys.argv = ['coach', *{[*argv, '--data', str(data_dir)]!r}]; "
        "code = run(); assert code == 0, code; "
        "print(gc.isenabled())"
    )
    assert probed(probe) == str(collecting)


def test_a_plain_launch_builds_no_parser_and_keeps_the_collector(data_dir: Path) -> None:
    """`coach --data D` goes straight to the app: argparse would declare every subcommand
    first (some 50 ms of each launch). The app keeps the cyclic collector."""
    probe = (
        "import gc, sys; import coach_tui.cli as cli; "
        "seen = lambda args: print(args.command, args.demo, gc.isenabled(), 'argparse' in sys.modules); "
        "cli.launch_tui = lambda args, start=None: seen(args) or 0; "
        f"sys.argv = ['coach', '--data', {str(data_dir)!r}]; "
        "code = cli.run(); assert code == 0, code"
    )
    assert probed(probe) == "None False True False"
