"""`coach serve`: the app in a browser, through textual-serve.

The browser test starts the server as a real process on a free port, opens the page in
Debian's chromium (headless) driven by Playwright's client, and reads the screen from the page's
own terminal (xterm.js): the weekly coaching opens first (the first launch of the week), Escape
reaches the app and the dashboard shows the demo clients, `?` opens the keys; a second tab is a
second app on the same folder; SIGINT (Ctrl+C's) ends the sessions and the server, and frees the port.
It is skipped, saying why, where chromium or Playwright is missing (`.ci/run` installs both).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from queue import Empty, Queue

import pytest
from clikit import coach, one_line_error

CHROMIUM = "/usr/bin/chromium"
SERVE_CMD = [sys.executable, "-m", "coach_tui.cli", "serve"]

# xterm.js draws on a canvas and textual-serve keeps its terminal to itself: before the page's
# script runs, catch the terminal as textual-serve's page stores it (`this.terminal = new
# Terminal(...)` in textual.js, as of the pinned 1.1.3) and read its buffer, row by row,
# through xterm's public API (buffer.active, getLine, translateToString).
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && !window.coachTerminal) window.coachTerminal = value;
  },
});
window.coachScreen = () => {
  const terminal = window.coachTerminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
};
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def descendants(pid: int) -> set[int]:
    """Every process under `pid` (Linux: /proc/PID/task/*/children)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            todo += children - found
            found |= children
    return found


def arguments(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().split("\0")
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


# -- the command line -------------------------------------------------------------------


def test_a_port_out_of_range_is_one_line() -> None:
    error = one_line_error(coach("serve", "--port", "0"), 2)
    assert "--port" in error and "1 to 65535" in error


def test_a_host_that_does_not_resolve_is_one_line() -> None:
    assert "no such address" in one_line_error(coach("serve", "--host", "nohost.invalid"), 2)


def test_an_address_not_on_this_machine_is_one_line() -> None:
    # 192.0.2.1 is reserved for documentation: no machine has it.
    assert "can't serve on 192.0.2.1" in one_line_error(coach("serve", "--host", "192.0.2.1", "--demo"), 2)


def test_a_port_in_use_is_one_line_and_the_demo_copy_is_not_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = coach("serve", "--demo", "--port", str(port))
    assert f"port {port} is in use on 127.0.0.1" in one_line_error(result, 2)
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_data_folder_stops_before_serving(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "coach.json").write_text("{ not json", encoding="utf-8")
    result = coach("serve", "--port", str(free_port()), data=data)
    assert result.returncode == 1, result.stderr
    assert "serving" not in result.stderr and "Traceback" not in result.stderr


# -- in a browser -------------------------------------------------------------------------


class Server:
    """`coach serve` running: its stderr read line by line as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        # A session of its own, as a shell's job: Ctrl+C reaches the server and its sessions.
        self.process = subprocess.Popen(
            [*SERVE_CMD, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,
        )
        self.lines: Queue[str] = Queue()
        self.said: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except Empty:
                raise AssertionError(f"the server never said {text!r}: {self.said}") from None
            self.said.append(line)
            if text in line:
                return line

    def rest(self) -> list[str]:
        while not self.lines.empty():
            self.said.append(self.lines.get())
        return self.said

    def interrupt(self) -> int:
        """SIGINT, Ctrl+C's signal, to the server alone (not its job, as a terminal would):
        the server must end its sessions itself."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[Server, int, Path]]:
    temp = tmp_path / "tmp"  # where the demo copy goes: empty again once the server stops
    temp.mkdir()
    port = free_port()
    server = Server(["--demo", "--port", str(port)], env={**os.environ, "TMPDIR": str(temp)})
    try:
        yield server, port, temp
    finally:
        server.kill()


@pytest.mark.slow
def test_the_app_in_a_browser_renders_takes_keys_and_stops_cleanly(demo_server: tuple[Server, int, Path]) -> None:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no {CHROMIUM}: `apt-get install chromium` (.ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's client is not installed: pip install '.[test]'")
    server, port, temp = demo_server
    server.wait_for(f"serving coach on http://127.0.0.1:{port}")
    url = f"http://127.0.0.1:{port}/"

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            first = browser.new_page(viewport={"width": 1280, "height": 720})
            first.add_init_script(CATCH_TERMINAL)
            first.goto(url, wait_until="domcontentloaded")

            def shows(page: sync_api.Page, text: str) -> None:
                try:
                    page.wait_for_function("text => window.coachScreen().includes(text)", arg=text, timeout=15_000)
                except sync_api.TimeoutError:
                    raise AssertionError(f"{text!r} never showed; the screen:\n{page.evaluate('window.coachScreen()')}") from None

            # The first launch of the week opens the weekly coaching, then Escape the dashboard.
            shows(first, "Weekly coaching")
            first.locator(".xterm-helper-textarea").focus()  # where xterm takes the keyboard
            first.keyboard.press("Escape")
            shows(first, "sorted by urgency")
            shows(first, "Müller Präzision GmbH")  # the dashboard's rows, as they come
            shows(first, "Orchard & Vine Foods")
            first.keyboard.press("?")
            shows(first, "Dashboard: the daily review")

            # A second tab is a second app on the same folder: the week's prompt, shown in the
            # first, is not shown again.
            second = browser.new_page(viewport={"width": 1280, "height": 720})
            second.add_init_script(CATCH_TERMINAL)
            second.goto(url, wait_until="domcontentloaded")
            shows(second, "sorted by urgency")
            assert "Weekly coaching" not in second.evaluate("window.coachScreen()")
            sessions = {pid for pid in descendants(server.process.pid) if "coach_tui" in arguments(pid)}
            assert len(sessions) == 2  # one app process per tab (python -m coach_tui --data ...)

            # Interrupted with both tabs open: the sessions end, then the server; the port is free.
            assert server.interrupt() == 0, server.rest()
        finally:
            browser.close()
    said = "".join(server.rest())
    assert said.rstrip().endswith("coach: server stopped"), said
    assert "Traceback" not in said
    assert not any(alive(pid) for pid in sessions)
    assert port_is_free(port)
    assert list(temp.iterdir()) == []  # the demo copy is gone


def test_another_host_is_served_with_a_warning_and_stops_on_sigint(tmp_path: Path) -> None:
    port = free_port()
    server = Server(["--demo", "--host", "0.0.0.0", "--port", str(port)], env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        warning = server.wait_for("warning: listening on 0.0.0.0")
        assert "anyone who can reach this address can use the app" in warning and "no login" in warning
        assert f":{port} " in server.wait_for("serving coach on http://")
        assert server.interrupt() == 0
    finally:
        server.kill()
    assert "".join(server.rest()).rstrip().endswith("coach: server stopped")
    assert list(tmp_path.iterdir()) == []


def test_a_loopback_host_is_served_without_a_warning(tmp_path: Path) -> None:
    server = Server(["--demo", "--host", "127.0.0.1", "--port", str(free_port())], env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        server.wait_for("serving coach on http://127.0.0.1:")
        assert server.interrupt() == 0
    finally:
        server.kill()
    assert not any("warning" in line for line in server.rest())
