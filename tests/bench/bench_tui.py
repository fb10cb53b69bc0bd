"""Benchmark: the real `coach` app in a terminal (tmux), against a minimal Textual app.

Not a test (pytest does not collect tests/bench): run it by hand, against an INSTALLED,
non-editable coach, with that environment's interpreter (tmux and GNU time must be there):

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -q .
    /tmp/bench-venv/bin/python tests/bench/bench_tui.py                  # 50, 500, 2,000, 5,000 clients
    /tmp/bench-venv/bin/python tests/bench/bench_tui.py --sizes 50,500 --runs 7
    /tmp/bench-venv/bin/python tests/bench/bench_tui.py --only launch,quit,rss

What it measures, per store size (benchkit's stores: 1,000 deliveries at 50 clients to
1,000,000 at 5,000), each figure the median over the rounds:

- launch: from the exec of `coach --data DIR` to the first screen that shows the dashboard
  whole (the first row's client in the table, and its brief under the table); beside it, a
  minimal Textual app (a Static and a Footer, run by the same interpreter) from exec to the
  screen that shows its text; the ratio is the median of the two launches' ratio, round by
  round;
- first launch: the same, after removing the memos the app keeps in the data folder
  (`cache/`), as on the first launch of a day or of new code: the app then opens on the
  index and makes its memo after the first frame (the launch that follows, timed as
  `launch`, opens on it);
- quit: from sending `q` to the shell having the prompt back (the shell's timestamp written
  once the process has exited);
- board: from `enter` on the dashboard to the screen showing the board's columns; the first
  board of a launch (which also imports and styles the board screen) apart from later ones;
- cursor: from `j` (or `k`) to the brief under the table naming the next (previous) client;
  beside it, the same terminal's floor: a key that changes the minimal app's Static;
- outside change: `coach log FIRST-CLIENT "bench change" --kind service` run from here while
  the app is open; from that process's exit to the open app's screen changing (the client's
  new untold Steward card shows in its row, the brief and the summary);
- peak RSS of the `coach` process over the whole session and of the minimal app's, each a
  fresh process started by the pane's shell through GNU time (`/usr/bin/time -f %M`), so
  nothing of this Python process is in the figure.

How: one tmux server of our own (`tmux -L`, no user config, status line off), one window of
--width x --height (120x40); each command is written to a script the pane's `sh` runs, which
stamps the time (`date +%s%N`) just before exec'ing GNU time, which execs the app. A tmux
control-mode client (`tmux -C`) captures the pane (`capture-pane -p`, about half a
millisecond a capture) every --poll-ms (2 ms) until the awaited text shows: a figure is the
time of the capture that first showed it, so it can be late by one poll interval and one
capture. Beside the launch and the board, the CPU time the app used by then (from /proc, in
10 ms clock ticks): it moves less than wall time with the machine's load. The terminal's own
latency (key to pty, output to tmux) is part of every figure, as it is of what a user sees.
Before each key or change, the pane is left to settle: no change for 150 ms and the app's
CPU time (from /proc) still, so a background reload never overlaps the next figure. Each
round launches the minimal app and coach (in alternating order), and measures coach's board,
cursor, outside change and quit within its launch.

Targets (issue #12), printed beside the figures:
- launch to the full first dashboard: at most 1.25x the minimal app at 500 clients, 1.5x at
  5,000; quit returns the shell within 100 ms at any size;
- open a board: under 60 ms at every size; cursor move: within 16 ms (one frame);
- a change made by another process shows in the open app within 300 ms at every size;
- peak RSS at most 1.5x the minimal app's at 5,000 clients.

It measures, it does not judge: the exit status is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchkit import (
    DEFAULT_CACHE,
    DEFAULT_SIZES,
    GENERATORS,
    GNU_TIME,
    Row,
    Store,
    add_terminal_options,
    at,
    env_for_coach,
    installed,
    median,
    pairwise,
    parse_only,
    parse_sizes,
    print_table,
    store_for,
    store_lines,
)

MEASURES = ("launch", "first", "quit", "board", "cursor", "change", "rss")
MINIMAL_TEXT = "bench minimal app: painted"
MINIMAL_MOVED = "bench minimal app: moved"
MINIMAL_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit"), ("j", "show({MINIMAL_MOVED!r})", "Down"), ("k", "show({MINIMAL_TEXT!r})", "Up")]

    def compose(self) -> ComposeResult:
        yield Static({MINIMAL_TEXT!r})
        yield Footer()

    def action_show(self, text: str) -> None:
        self.query_one(Static).update(text)


Minimal().run()
"""
# The board's four column headings on one line ("Understand  3 ... Steward  3"), never the
# dashboard pane's card counts ("cards Understand 3 · Plan 3 · ...", which may wrap).
BOARD = re.compile(r"Understand\s+\d+[^·]*?Plan\s+\d+[^·]*?Deliver\s+\d+[^·]*?Steward\s+\d+")


class Timeout(Exception):
    pass


class Terminal:
    """A tmux server of our own with one window running `sh`, and a control-mode client to
    send keys and capture the pane without starting a process each time."""

    def __init__(self, work: Path, width: int, height: int, poll: float, env: dict[str, str]) -> None:
        self.work = work
        self.poll = poll
        self.socket = f"coach-bench-{os.getpid()}"
        self.tmux = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        env = {**env, "PS1": "$ ", "ENV": ""}
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height), "sh"], check=True, env=env
        )
        self.control = subprocess.Popen(
            [*self.tmux, "-C", "attach", "-t", "bench"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
        try:
            self._attached()
            self.socket_path = Path(self.command("display-message -p '#{socket_path}'")[0])
            self.command("refresh-client -f no-output")
            self.command("set-option -g status off")
            self.command("set-option -g window-size manual")
            self.command(f"resize-window -t bench -x {width} -y {height}")
            size = self.command("display-message -p -t bench '#{pane_width}x#{pane_height}'")
            if size != [f"{width}x{height}"]:
                raise RuntimeError(f"the tmux pane is {size}, not {width}x{height}")
        except BaseException:
            self.close()
            raise

    def _attached(self) -> None:
        """Wait for the control client to be attached (a command sent earlier may find no
        client to act on)."""
        assert self.control.stdout is not None
        while True:
            text = self.control.stdout.readline()
            if not text:
                raise RuntimeError("the tmux control client went away")
            if text.startswith("%session-changed"):
                return

    def command(self, line: str) -> list[str]:
        """Run one tmux command through the control client; its output lines."""
        assert self.control.stdin is not None and self.control.stdout is not None
        self.control.stdin.write(line + "\n")
        self.control.stdin.flush()
        out: list[str] = []
        inside = False
        while True:
            text = self.control.stdout.readline()
            if not text:
                raise RuntimeError("the tmux control client went away")
            if text.startswith("%begin"):
                # The last field is 1 for a command this client sent (0: the attach's own).
                inside, out = text.split()[-1] == "1", []
            elif text.startswith(("%end", "%error")) and inside:
                if text.startswith("%error"):
                    raise RuntimeError(f"tmux {line!r}: {''.join(out).strip()}")
                return [o.rstrip("\n") for o in out]
            elif inside:
                out.append(text)

    def screen(self) -> str:
        return "\n".join(self.command("capture-pane -p -t bench"))

    def keys(self, *keys: str) -> None:
        self.command("send-keys -t bench " + " ".join(keys))

    def wait(self, shown: Callable[[str], bool], timeout: float = 60.0) -> tuple[int, str]:
        """(time.time_ns() once a capture of the pane satisfies `shown`, that capture)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if shown(text):
                return time.time_ns(), text
            if time.monotonic() > deadline:
                raise Timeout(text)
            time.sleep(self.poll)

    def quiet(self, still: float = 0.15, timeout: float = 10.0) -> str:
        """Wait until the pane has not changed for `still` seconds; its text."""
        deadline = time.monotonic() + timeout
        last, since = self.screen(), time.monotonic()
        while time.monotonic() - since < still and time.monotonic() < deadline:
            time.sleep(0.01)
            text = self.screen()
            if text != last:
                last, since = text, time.monotonic()
        return last

    def app_pid(self) -> int | None:
        """The process the pane is running now: the last descendant of the pane's shell."""
        pid = int(self.command("display-message -p -t bench '#{pane_pid}'")[0])
        while True:
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                return None
            if not children:
                return pid
            pid = int(children[-1])

    def settle(self, timeout: float = 120.0) -> str:
        """Wait until the pane is quiet and the app has stopped working (its CPU time, read
        from /proc, grows by at most one clock tick in 200 ms: a reload still running in the
        background would weigh on the next figure); the pane's text."""
        self.quiet()
        pid = self.app_pid()
        deadline = time.monotonic() + timeout
        while pid is not None and time.monotonic() < deadline:
            before = cpu_ticks(pid)
            time.sleep(0.2)
            after = cpu_ticks(pid)
            if before is None or after is None or after - before <= 1:
                break
        return self.quiet()

    def start(self, cmd: list[str], tag: str) -> tuple[Path, Path, Path]:
        """Have the pane's shell run `cmd` under GNU time; the files the shell writes: the
        time just before exec, the peak RSS, the time once it has exited."""
        t0, rss, t1 = (self.work / f"{tag}.{name}" for name in ("t0", "rss", "t1"))
        for path in (t0, rss, t1):
            path.unlink(missing_ok=True)
        script = self.work / f"{tag}.sh"
        script.write_text(f"clear\ndate +%s%N > {t0}\n{GNU_TIME} -f %M -o {rss} {shlex.join(cmd)}\ndate +%s%N > {t1}\n")
        self.keys("-l", shlex.quote(f"sh {script}"))
        self.keys("Enter")
        return t0, rss, t1

    def close(self) -> None:
        if self.control.stdin is not None:
            self.control.stdin.close()
        try:
            self.control.wait(timeout=10)
        finally:
            subprocess.run([*self.tmux, "kill-server"], check=False, stderr=subprocess.DEVNULL)
            if hasattr(self, "socket_path"):
                self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind


def cpu_ticks(pid: int) -> int | None:
    """User + system CPU time of `pid` in clock ticks (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(term: Terminal) -> float | None:
    """CPU time (user + system) the app in the pane has used so far, in ms (10 ms steps)."""
    pid = term.app_pid()
    ticks = cpu_ticks(pid) if pid is not None else None
    return None if ticks is None else ticks * TICK_MS


def stamp(path: Path, timeout: float = 30.0) -> int:
    """The nanoseconds a `date +%s%N` wrote to `path`, once it is there."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            text = path.read_text()
        except FileNotFoundError:
            text = ""
        if text.endswith("\n"):
            return int(text)
        if time.monotonic() > deadline:
            raise Timeout(f"{path} not written")
        time.sleep(0.0005)


PANE_EDGE = "▏"  # the detail pane's left edge, beside the table from 120 columns


def _pane_lines(text: str) -> list[str]:
    """Each screen line's part in the detail pane (the whole line where the pane is under the
    table), stripped."""
    return [line.rsplit(PANE_EDGE, 1)[-1].strip() for line in text.splitlines()]


def brief_names(name: str) -> Callable[[str], bool]:
    """The dashboard's detail pane is about `name`: a line of the client's name, its tier on
    the next (beside the table), or the name and tier on one line (the compact pane under it)."""

    def shown(text: str) -> bool:
        lines = _pane_lines(text)
        beside = any(line == name and below.startswith("tier ") for line, below in zip(lines, lines[1:], strict=False))
        return beside or any(line.startswith(f"{name} · tier") for line in lines)

    return shown


def dashboard_of(first: str) -> Callable[[str], bool]:
    """The dashboard painted whole: `first` in the table (its row, the name maybe cut to fit
    the capped column: its first ten characters) and in the detail pane."""
    brief = brief_names(first)
    start = first[:10]

    def shown(text: str) -> bool:
        table = [line.rsplit(PANE_EDGE, 1)[0] if PANE_EDGE in line else line for line in text.splitlines()]
        return brief(text) and any(start in line and " · tier" not in line for line in table[2:])

    return shown


class Session:
    """Every figure of one size, as lists of samples (ms, MiB) by name, round by round."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}

    def add(self, name: str, value: float) -> None:
        self.samples.setdefault(name, []).append(value)


def run_minimal(term: Terminal, python: str, script: Path, out: Session, keys: bool = False, moves: int = 0) -> None:
    t0, rss, t1 = term.start([python, str(script)], "minimal")
    seen, _ = term.wait(lambda text: MINIMAL_TEXT in text)
    used = cpu_ms(term)
    out.add("minimal launch", (seen - stamp(t0)) / 1e6)
    if used is not None:
        out.add("minimal launch cpu", used)
    term.settle()
    if keys:
        # The floor of a key: the same terminal and polling, a Static's text changed.
        for _ in range(moves):
            for key, text in (("j", MINIMAL_MOVED), ("k", MINIMAL_TEXT)):
                sent = time.time_ns()
                term.keys(key)
                seen, _ = term.wait(lambda screen, text=text: text in screen, timeout=10)
                out.add("minimal key", (seen - sent) / 1e6)
                term.settle()
    sent = time.time_ns()
    term.keys("q")
    out.add("minimal quit", (stamp(t1) - sent) / 1e6)
    out.add("minimal rss", float(rss.read_text().split()[-1]) / 1024)


def run_coach(
    term: Terminal,
    coach: str,
    store: Store,
    env: dict[str, str],
    only: set[str],
    out: Session,
    moves: int,
    opens: int,
    changes: int,
) -> None:
    first, second = store.first, store.second
    on_first, on_second = brief_names(first), brief_names(second)
    if "first" in only:
        # The first launch of a day (or of new code): no memo of the dashboard kept yet.
        shutil.rmtree(store.path / "cache", ignore_errors=True)
        t0, rss, t1 = term.start([coach, "--data", str(store.path)], "coach")
        seen, _ = term.wait(dashboard_of(first))
        out.add("first launch", (seen - stamp(t0)) / 1e6)
        term.settle()  # the memo is made after the first frame: kept for the launch that follows
        term.keys("q")
        stamp(t1)
        out.add("first rss", float(rss.read_text().split()[-1]) / 1024)
    t0, rss, t1 = term.start([coach, "--data", str(store.path)], "coach")
    try:
        seen, _ = term.wait(dashboard_of(first))
    except Timeout as timeout:
        sys.exit(f"coach's dashboard did not show {first!r} within a minute; the pane:\n{timeout}")
    used = cpu_ms(term)
    out.add("launch", (seen - stamp(t0)) / 1e6)
    if used is not None:
        out.add("launch cpu", used)
    term.settle()
    if "cursor" in only:
        for _ in range(moves):
            for key, there in (("j", on_second), ("k", on_first)):
                sent = time.time_ns()
                term.keys(key)
                seen, _ = term.wait(there, timeout=10)
                out.add("cursor", (seen - sent) / 1e6)
                term.settle()
    if "board" in only:
        for n in range(opens):
            before = cpu_ms(term)
            sent = time.time_ns()
            term.keys("Enter")
            seen, _ = term.wait(lambda text: any(BOARD.search(line) for line in text.splitlines()), timeout=30)
            after = cpu_ms(term)
            # The first board of a launch also imports and styles the board screen.
            name = "board" if n == 0 else "board again"
            out.add(name, (seen - sent) / 1e6)
            if before is not None and after is not None:
                out.add(f"{name} cpu", after - before)
            term.settle()
            term.keys("Escape")
            term.wait(dashboard_of(first), timeout=30)
            term.settle()
    if "change" in only:
        for n in range(changes):
            before = term.settle()
            log = [coach, "log", first, f"bench change {n}", "--kind", "service", "--data", str(store.path)]
            subprocess.run(log, check=True, stdout=subprocess.DEVNULL, env=env)
            done = time.time_ns()
            try:
                seen, _ = term.wait(lambda text, before=before: text != before, timeout=60)
            except Timeout:
                print(f"\n  the open app did not change within 60 s of `coach log` at {store.clients:,} clients")
                continue
            out.add("change", (seen - done) / 1e6)
            term.settle()
    term.settle()
    sent = time.time_ns()
    term.keys("q")
    out.add("quit", (stamp(t1) - sent) / 1e6)
    out.add("rss", float(rss.read_text().split()[-1]) / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="client counts (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="rounds: launches of each app per size (default: %(default)s)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="generated stores (default: %(default)s)")
    parser.add_argument(
        "--generator", choices=sorted(GENERATORS), default="public", help="how a store missing from the cache is made (benchkit)"
    )
    parser.add_argument("--moves", type=int, default=3, help="j/k pairs per launch (default: %(default)s)")
    parser.add_argument("--opens", type=int, default=2, help="board opens per launch (default: %(default)s)")
    parser.add_argument("--changes", type=int, default=2, help="outside changes per launch (default: %(default)s)")
    add_terminal_options(parser, MEASURES)
    args = parser.parse_args()
    only = parse_only(args.only, MEASURES)
    if shutil.which("tmux") is None or not os.path.exists(GNU_TIME):
        sys.exit(f"bench_tui needs tmux and GNU time ({GNU_TIME})")
    sizes = parse_sizes(args.sizes)
    me = installed()
    print(me.describe())
    env = env_for_coach()
    sessions = {size: Session() for size in sizes}
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        work = Path(tmp)
        stores = {size: store_for(size, args.cache, args.generator, work) for size in sizes}
        minimal = work / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        term = Terminal(work, args.width, args.height, args.poll_ms / 1000, env)
        try:
            # One untimed launch of each, so every file either app reads is in the page cache.
            warm = Session()
            run_minimal(term, me.python, minimal, warm)
            run_coach(term, me.coach, stores[sizes[0]], env, set(), warm, 0, 0, 0)
            for n in range(args.runs):
                print(f"round {n + 1}/{args.runs}" if n == 0 else f" {n + 1}", end="", flush=True)
                for size, store in stores.items():
                    apps = [
                        lambda size=size: run_minimal(term, me.python, minimal, sessions[size], "cursor" in only, args.moves),
                        lambda size=size, store=store: run_coach(
                            term, me.coach, store, env, only, sessions[size], args.moves, args.opens, args.changes
                        ),
                    ]
                    for app in apps if n % 2 == 0 else apps[::-1]:
                        app()
            print()
        finally:
            term.close()

    def med(name: str) -> dict[int, float | None]:
        return {s: median(sessions[s].samples.get(name, [])) for s in sizes}

    def ratio(name: str, over: str) -> dict[int, float | None]:
        out: dict[int, float | None] = {}
        for s in sizes:
            a, b = sessions[s].samples.get(name, []), sessions[s].samples.get(over, [])
            out[s] = pairwise(a, b) if a and len(a) == len(b) else None
        return out

    rows = [
        Row("minimal app launch, ms", med("minimal launch"), "{:.0f}"),
        Row("coach launch to full dashboard, ms", med("launch"), "{:.0f}"),
        Row("  CPU by then: minimal app, ms", med("minimal launch cpu"), "{:.0f}"),
        Row("  CPU by then: coach, ms", med("launch cpu"), "{:.0f}"),
        Row("  CPU by then: coach / minimal app", ratio("launch cpu", "minimal launch cpu"), "{:.2f}"),
        Row(
            "coach launch / minimal app",
            ratio("launch", "minimal launch"),
            "{:.2f}",
            "<= 1.25 at 500, <= 1.5 at 5,000",
            at({500: 1.25, 5_000: 1.5}),
        ),
    ]
    if "first" in only:
        rows += [
            Row("coach first launch of the day, ms", med("first launch"), "{:.0f}"),
            Row("first launch of the day / minimal app", ratio("first launch", "minimal launch"), "{:.2f}"),
            Row("peak RSS coach, first launch, MiB", med("first rss")),
        ]
    if "quit" in only:
        rows += [
            Row("minimal app quit, ms", med("minimal quit"), "{:.0f}"),
            Row("coach quit to shell, ms", med("quit"), "{:.0f}", "<= 100 at every size", at(100)),
        ]
    if "board" in only:
        rows.append(
            Row("open a board (first of the launch), ms", med("board"), "{:.0f}", "< 60 at every size", at(60, strict=True))
        )
        rows.append(Row("  CPU of the first open, ms", med("board cpu"), "{:.0f}"))
        if args.opens > 1:
            rows.append(
                Row("open a board (later ones), ms", med("board again"), "{:.0f}", "< 60 at every size", at(60, strict=True))
            )
            rows.append(Row("  CPU of a later open, ms", med("board again cpu"), "{:.0f}"))
    if "cursor" in only:
        rows.append(Row("cursor move (j/k), ms", med("cursor"), "{:.0f}", "<= 16 at every size", at(16)))
        rows.append(Row("  a key in the minimal app, ms", med("minimal key"), "{:.0f}"))
    if "change" in only:
        rows.append(Row("outside change shown, ms", med("change"), "{:.0f}", "<= 300 at every size", at(300)))
    if "rss" in only:
        rows += [
            Row("peak RSS minimal app, MiB", med("minimal rss")),
            Row("peak RSS coach, MiB", med("rss")),
            Row("peak RSS coach / minimal app", ratio("rss", "minimal rss"), "{:.2f}", "<= 1.5 at 5,000", at({5_000: 1.5})),
        ]
    counts = {name: len(values) for name, values in sessions[sizes[0]].samples.items()}
    opened = counts.get("board", 0) + counts.get("board again", 0)
    print_table(
        f"coach TUI in tmux {args.width}x{args.height}: medians of {args.runs} rounds ({counts.get('cursor', 0)} cursor "
        f"moves, {opened} board opens, {counts.get('change', 0)} outside changes per size), polled every "
        f"{args.poll_ms:g} ms, from bytecode; cursor and board include the terminal's key and output latency",
        sizes,
        rows,
    )
    print("stores:")
    print("\n".join(store_lines(list(stores.values()))))


if __name__ == "__main__":
    main()
