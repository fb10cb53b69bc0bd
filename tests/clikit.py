"""Helpers shared by the CLI tests: run `coach` as a real process, check one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def coach(*args: str, data: Path | None = None, check: bool = False) -> subprocess.CompletedProcess[str]:
    """`coach ARGS [--data DATA]` as a process; stdin is not a terminal (the non-interactive path)."""
    cmd = [sys.executable, "-m", "coach_tui.cli", *args]
    if data is not None:
        cmd += ["--data", str(data)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The error message, after checking it is one `coach: ...` line with exit `code`."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("coach: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def coach_into_closed_pipe(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """`coach ARGS --data DATA | true`: the pipe's reader is gone before coach writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "coach_tui.cli", *args, "--data", str(data)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
