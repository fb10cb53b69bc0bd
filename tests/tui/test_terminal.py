"""The real app in a real pseudo-terminal: `q` gives the terminal back as it found it.

coach quits without waiting for Textual's input thread (coach_tui/driver.py); these tests run
`coach` with Textual's own terminal driver path in a pty and check what the terminal is left
with: its modes, the main screen, the cursor, mouse reports off, and exit status 0.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from tuikit import sync

from coach_tui.services import Coach

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")

DEADLINE = 60.0  # seconds: a generous bound for a loaded machine, never waited for in full


def _read_until(fd: int, wanted: bytes, seen: bytearray) -> None:
    """Read the terminal's output into `seen` until it holds `wanted` (or the deadline)."""
    end = time.monotonic() + DEADLINE
    while wanted not in seen:
        left = end - time.monotonic()
        assert left > 0, f"never showed {wanted!r}; last output: {bytes(seen[-400:])!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child has gone and the pty is closed
                chunk = b""
            assert chunk, f"the terminal closed before showing {wanted!r}"
            seen += chunk


def _drain(fd: int, seen: bytearray) -> None:
    """Read everything left once the child has exited."""
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 0)
            if not ready:
                return
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        seen += chunk


def _run_and_quit(data: Path, wanted: bytes) -> tuple[int, bytes, list[int]]:
    """Launch `coach --data DATA` in a 100x30 pty, wait for `wanted`, press `q`; the exit
    status, everything written, and the terminal's local modes once coach has exited."""
    env = {**os.environ, "TERM": "xterm-256color", "COACH_TODAY": "2026-11-25", "COLUMNS": "100", "LINES": "30"}
    env.pop("TEXTUAL_DRIVER", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: coach, on the pty
        os.execve(sys.executable, [sys.executable, "-m", "coach_tui.cli", "--data", str(data)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    before = termios.tcgetattr(fd)
    seen = bytearray()
    try:
        _read_until(fd, wanted, seen)
        os.write(fd, b"q")
        end = time.monotonic() + DEADLINE
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            assert time.monotonic() < end, "coach did not exit after q"
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    pass
        _drain(fd, seen)
        after = termios.tcgetattr(fd)
    finally:
        os.close(fd)
    assert before[3] & termios.ICANON and before[3] & termios.ECHO  # what coach found
    return os.waitstatus_to_exitcode(status), bytes(seen), after


def test_quitting_gives_the_terminal_back_as_it_was(demo_coach: Coach, data_dir: Path) -> None:
    code, seen, after = _run_and_quit(data_dir, b"Northwind")
    assert code == 0
    # Raw mode ended: the shell gets line editing and echo back.
    assert after[3] & termios.ICANON and after[3] & termios.ECHO
    quit_at = seen.rindex(b"Northwind")
    tail = seen[quit_at:]
    for mode in (b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l"):  # mouse reports off
        assert mode in tail
    assert tail.rindex(b"\x1b[?1049l") > tail.rindex(b"\x1b[?1006l")  # the main screen, after
    assert b"\x1b[?25h" in tail[tail.rindex(b"\x1b[?1049l") :]  # and the cursor shown
    assert b"Traceback" not in seen


@sync
async def test_suspending_waits_for_the_input_thread_as_textual_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only an exiting app skips the wait: a suspended one starts a new input thread on
    resuming, so the old one must have ended (Textual's own `disable_input`)."""
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver

    from coach_tui.driver import QuickExitDriver

    waited: list[bool] = []
    monkeypatch.setattr(LinuxDriver, "disable_input", lambda self: waited.append(True))
    app: App[None] = App()
    driver = QuickExitDriver(app, debug=False, mouse=True, size=(80, 24))
    driver.disable_input()  # not exiting: Textual's way
    assert waited == [True] and not driver.exit_event.is_set()
    app.exit(return_code=0)
    written: list[str] = []
    monkeypatch.setattr(driver, "write", written.append)
    monkeypatch.setattr(driver, "flush", lambda: None)
    driver.disable_input()  # exiting: told to stop, not waited for
    assert waited == [True] and driver.exit_event.is_set()
    assert written == ["\x1b[?1000l", "\x1b[?1003l", "\x1b[?1015l", "\x1b[?1006l"]
