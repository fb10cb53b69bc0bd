"""The shell around coach: `python -m coach_tui`, help grouped by task, "did you mean",
and completion scripts that complete commands, actions, options and client names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from clikit import coach, one_line_error

from coach_tui.cli_parser import GROUPS, SUBCOMMANDS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for name in ("Northwind Freight", "Müller Präzision", "O'Brien & Sons", "Gone Ltd"):
        coach("client", "add", name, data=data, check=True)
    coach("client", "archive", "gone", data=data, check=True)
    return data


def test_python_dash_m_coach_tui_is_coach() -> None:
    result = subprocess.run([sys.executable, "-m", "coach_tui", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "coach 0.1.0"


def test_help_lists_every_command_once_grouped_by_task() -> None:
    text = coach("--help", check=True).stdout
    headings = [f"{title}:" for title, names in GROUPS if any(n in SUBCOMMANDS for n in names)]
    at = [text.index(f"\n{h}\n") for h in headings]
    assert at == sorted(at)  # in GROUPS' order
    listed = [line.split()[0] for line in text.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    commands = [word for word in listed if not word.startswith("-")]
    assert sorted(commands) == sorted(SUBCOMMANDS)  # each once, none missing
    assert text.index("The daily review:") < text.index("  status ") < text.index("  log ") < text.index("Clients and")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["lgo", "x", "y"], "unknown command 'lgo': did you mean log?"),
        (["stauts"], "unknown command 'stauts': did you mean status?"),
        (["client", "ad", "x"], "unknown action 'ad': did you mean add?"),
        (["card", "mvoe", "x", "y"], "unknown action 'mvoe': did you mean move?"),
        (["xyzzy"], "unknown command 'xyzzy': use one of log, client,"),
    ],
)
def test_a_mistyped_command_is_answered_with_the_closest(args: list[str], says: str, tmp_path: Path) -> None:
    error = one_line_error(coach(*args, data=tmp_path / "d"), 2)
    assert says in error and "--help" in error


def test_completion_needs_a_known_shell() -> None:
    assert "coach completion bash, zsh or fish" in one_line_error(coach("completion"), 2)
    assert "unknown shell 'tcsh': use one of bash, zsh, fish" in one_line_error(coach("completion", "tcsh"), 2)
    assert "--format: unknown value 'mdx': did you mean md?" in one_line_error(coach("report", "x", "--format", "mdx"), 2)


def test_names_for_completion_start_with_what_is_typed(folder: Path) -> None:
    assert coach("completion", "--names", data=folder, check=True).stdout.splitlines() == [
        "Müller Präzision",
        "Northwind Freight",
        "O'Brien & Sons",
    ]  # active only, by name
    assert coach("completion", "--names", "mul", data=folder, check=True).stdout.splitlines() == ["Müller Präzision"]
    assert coach("completion", "--names", "GONE", data=folder, check=True).stdout == ""


def _bash_complete(script: str, folder: Path, *words: str) -> list[str]:
    """What bash offers at the end of `words` (the last one is being typed)."""
    probe = f"""{script}
COMP_WORDS=({" ".join(_bash_word(w) for w in words)}); COMP_CWORD={len(words) - 1}; COMPREPLY=()
_coach_complete
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    bin_dir = Path(sys.executable).parent
    shim = folder.parent / "bin"
    shim.mkdir(exist_ok=True)
    (shim / "coach").write_text(f'#!/bin/sh\nexec {sys.executable} -m coach_tui.cli "$@"\n')
    (shim / "coach").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}:{bin_dir}:{os.environ['PATH']}", "COACH_DATA": str(folder)}
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


def _bash_word(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


@pytest.mark.skipif(not Path("/bin/bash").exists() and not Path("/usr/bin/bash").exists(), reason="needs bash")
def test_bash_completes_commands_actions_options_and_client_names(folder: Path) -> None:
    script = coach("completion", "bash", check=True).stdout
    assert _bash_complete(script, folder, "coach", "st") == ["status"]
    assert _bash_complete(script, folder, "coach", "client", "") == ["add", "list", "edit", "archive", "unarchive"]
    assert _bash_complete(script, folder, "coach", "log", "--k") == ["--kind"]
    # Client names whole, quoted for the shell, matched without accents; archived ones not.
    assert _bash_complete(script, folder, "coach", "log", "") == [
        "Müller\\ Präzision",
        "Northwind\\ Freight",
        "O\\'Brien\\ \\&\\ Sons",
    ]
    assert _bash_complete(script, folder, "coach", "log", "mul") == ["Müller\\ Präzision"]
    assert _bash_complete(script, folder, "coach", "client", "edit", "o") == ["O\\'Brien\\ \\&\\ Sons"]
    # An option's value is not taken for the client; what follows the client is not a client.
    assert _bash_complete(script, folder, "coach", "log", "--kind", "idea", "n") == ["Northwind\\ Freight"]
    assert _bash_complete(script, folder, "coach", "log", "Northwind", "") == []
    # The --data folder typed on the line is the one asked.
    other = folder.parent / "other"
    coach("client", "add", "Elsewhere AG", data=other, check=True)
    assert _bash_complete(script, folder, "coach", "--data", str(other), "log", "") == ["Elsewhere\\ AG"]


def test_zsh_and_fish_scripts_cover_every_command() -> None:
    zsh = coach("completion", "zsh", check=True).stdout
    assert "bashcompinit" in zsh and "complete -F _coach_complete coach" in zsh
    fish = coach("completion", "fish", check=True).stdout
    for name in SUBCOMMANDS:
        assert f"-a '{name}'" in fish
    assert "complete -c coach -n 'test (__coach_words) = client' -a 'edit'" in fish
    assert "-a '(__coach_names)'" in fish and "coach completion --names" in fish
