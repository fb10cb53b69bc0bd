"""Benchmark: the TUI on a store of 500 clients and 100,000 deliveries.

Not a test (pytest does not collect it): run it by hand and read the ratios.

    python tests/bench/bench_tui.py [--runs 7] [--deliveries 100000] [--bytecode]

Targets (issue #3), each against a baseline measured in the same run:
- launch to first full dashboard (every row shown), from starting the process to the painted
  frame that shows the rows: at most 1.5x a minimal Textual app (a Static and a Footer)
  launched the same way, to its first frame. The whole process, exit included, is printed too;
- peak RSS at most 2x the minimal app's;
- opening a board under 100 ms; moving the cursor one row within one frame (16 ms): from the
  key's action to the painted frame that shows the cursor on the next row.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE.parent))

SIZE = (120, 40)


def _exit_when_painted(app, widget_type, ready) -> None:  # type: ignore[no-untyped-def]
    """Exit once a frame is out in which a `widget_type` widget painted its lines while
    `ready(widget)` held, returning "<peak RSS in KiB> <time.perf_counter() of that frame>
    <CPU seconds used by then>" (perf_counter is the system's monotonic clock, which the
    parent process reads too).

    Waiting for `call_after_refresh` once `ready()` holds is not enough: the callback can run
    after a frame that does not yet hold the widget's repaint (the widget asks the screen
    for it from its own task), and the figure would then stop before the rows are drawn.
    """
    painted = False
    render_lines = widget_type.render_lines

    def render_and_note(self, crop):  # type: ignore[no-untyped-def]
        nonlocal painted
        if ready(self):
            painted = True
        return render_lines(self, crop)

    widget_type.render_lines = render_and_note
    display = app._display

    def display_and_check(screen, update) -> None:  # type: ignore[no-untyped-def]
        nonlocal painted
        display(screen, update)
        if painted:
            painted = False
            app._display = display
            usage = resource.getrusage(resource.RUSAGE_SELF)
            app.exit(f"{usage.ru_maxrss} {time.perf_counter()} {usage.ru_utime + usage.ru_stime}")

    app._display = display_and_check


def child_minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    class Minimal(App[str]):
        def compose(self) -> ComposeResult:
            yield Static("minimal")
            yield Footer()

        def on_mount(self) -> None:
            _exit_when_painted(self, Static, lambda static: True)

    print(Minimal().run(headless=True, size=SIZE))


def child_coach(data: str) -> None:
    from coach_tui.app import CoachApp
    from coach_tui.services import Coach
    from coach_tui.store.folder import FolderStore
    from coach_tui.widgets.client_table import ClientTable

    coach = Coach(FolderStore(Path(data)))

    import coach_tui.app

    here = Path(coach_tui.app.__file__).parent
    paths = [CoachApp.CSS_PATH] if isinstance(CoachApp.CSS_PATH, (str, Path)) else CoachApp.CSS_PATH

    class Timed(CoachApp):
        # CSS_PATH is relative to the module defining the class: keep pointing at the app's,
        # every one of them.
        CSS_PATH = [here / path for path in paths]

        def on_mount(self) -> None:
            # No super().on_mount(): Textual calls every on_mount along the MRO, so calling
            # it here would run CoachApp.on_mount twice (two settings reads, two pollers).
            expected = 500
            _exit_when_painted(self, ClientTable, lambda table: table.row_count >= expected)

    print(Timed(coach, weekly_prompt=False).run(headless=True, size=SIZE))


async def _settle(app) -> None:  # type: ignore[no-untyped-def]
    """Let the app, the screen and its widgets handle every message queued so far, twice (a
    message a widget bubbles up lands in the screen's queue after the first pass), then paint
    the frame. `pilot.pause()` cannot time this: it sleeps at least 20 ms to detect idleness."""
    for _ in range(2):
        pumps = [app, *app.screen.walk_children(with_self=True)]
        events = []
        for pump in pumps:
            event = asyncio.Event()
            if pump.call_later(event.set):
                events.append(event)
        await asyncio.gather(*(event.wait() for event in events))
    app.screen._on_timer_update()  # what the screen's update timer does on the next frame


async def in_process(data: str, moves: int) -> tuple[float, list[float], list[float], float]:
    """(median board open ms (push to painted frame), cursor move ms, ms until each move has settled, median ms that
    `_settle` itself takes when there is nothing to do) measured inside one running app.

    A cursor move is timed from the key's action to the painted frame that shows the cursor on
    the new row (and the brief under the table for that client); "settled" adds one more round
    for anything the move left to a later frame."""
    from coach_tui.app import CoachApp
    from coach_tui.screens.board import BoardScreen
    from coach_tui.services import Coach
    from coach_tui.store.folder import FolderStore

    app = CoachApp(Coach(FolderStore(Path(data))), weekly_prompt=False)
    opens: list[float] = []
    steps: list[float] = []
    settled: list[float] = []
    idle: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        while app.dashboard.table.row_count < 500:
            await pilot.pause(0.01)
        await pilot.pause()
        table = app.dashboard.table
        # Half the moves within the first screenful, half scrolling the table.
        for _ in range(moves):
            start = time.perf_counter()
            table.action_cursor_down()
            await _settle(app)
            steps.append(time.perf_counter() - start)
            await _settle(app)
            settled.append(time.perf_counter() - start)
            await pilot.pause()  # idle between key presses, outside the timing
            start = time.perf_counter()
            await _settle(app)  # the measuring's own cost: a round with no key pressed
            idle.append(time.perf_counter() - start)
            await pilot.pause()
        client_ids = [v.client.id for v in app.dashboard._shown[:7]]
        for cid in client_ids:
            # From asking for the board (read in the background, then pushed) to the painted
            # frame of the mounted board (the same `_settle` rounds as a cursor move, not
            # pilot.pause()'s sleep).
            start = time.perf_counter()
            app.open_board(cid)
            while not isinstance(app.screen, BoardScreen) or not app.screen.is_mounted:
                await asyncio.sleep(0)
            await _settle(app)
            opens.append(time.perf_counter() - start)
            app.pop_screen()
            # Back on the dashboard: let its reload and the board's tip write finish, so the
            # next open does not share the interpreter with them.
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
    return (
        statistics.median(opens) * 1000,
        [t * 1000 for t in steps],
        [t * 1000 for t in settled],
        statistics.median(idle) * 1000,
    )


def timed(cmds: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Per command, medians over `runs` child processes of: `painted`, seconds from starting
    the process to the frame that shows the content; `painted_cpu`, CPU seconds (user +
    system) used by then; `process`, seconds until the process has exited (its teardown
    included); `cpu`, CPU seconds used by the whole process; `rss`, peak RSS in KiB.
    The commands take turns, run after run, so a change in the machine's load weighs on each
    of them alike; CPU time moves less with that load than wall time."""
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
            ended = time.perf_counter()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            rss, painted_at, painted_cpu = out.strip().splitlines()[-1].split()
            for key, value in (
                ("painted", float(painted_at) - start),
                ("painted_cpu", float(painted_cpu)),
                ("process", ended - start),
                ("cpu", after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime),
                ("rss", float(rss)),
            ):
                samples[name].setdefault(key, []).append(value)
    return {name: {key: statistics.median(values) for key, values in figures.items()} for name, figures in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--deliveries", type=int, default=100_000)
    parser.add_argument(
        "--bytecode",
        action="store_true",
        help="run the launches from compiled bytecode, as an installed package does "
        "(by default, Python runs as the environment says: PYTHONDONTWRITEBYTECODE "
        "makes it compile coach from source at every launch)",
    )
    parser.add_argument("--child", choices=["minimal", "coach", "inside"], help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "minimal":
        child_minimal()
        return
    if args.child == "coach":
        child_coach(args.data)
        return
    if args.child == "inside":
        print(json.dumps(asyncio.run(in_process(args.data, 60))))
        return

    from bench_cli import generate

    os.environ["COACH_TODAY"] = "2026-11-25"
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none"}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        generate(data, args.deliveries)
        me = [sys.executable, str(HERE)]
        cmds = {"minimal": me + ["--child", "minimal"], "coach": me + ["--child", "coach", "--data", str(data)]}
        if args.bytecode:
            # As an installed package runs: from compiled bytecode (pip compiles on install),
            # kept in a cache of our own and made by one untimed run of each child.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            timed(cmds, 1, env)
        results = timed(cmds, args.runs, env)
        # In a process of its own, as a user's coach is: this one holds the generator's heap,
        # which would make every garbage collection in the app slower than it really is.
        inside = subprocess.run(
            me + ["--child", "inside", "--data", str(data)], check=True, capture_output=True, text=True, env=env
        ).stdout
        board, move, move_settled, harness = json.loads(inside.strip().splitlines()[-1])
    minimal, coach = results["minimal"], results["coach"]
    source = "from bytecode" if args.bytecode else "as the environment runs Python"
    print(f"store: 500 clients, {args.deliveries:,} deliveries; medians of {args.runs} runs; {source}")
    print(
        f"launch to full dashboard: coach {coach['painted'] * 1000:.0f} ms, minimal app "
        f"{minimal['painted'] * 1000:.0f} ms, ratio {coach['painted'] / minimal['painted']:.2f} (target <= 1.5); "
        f"CPU time by then: coach {coach['painted_cpu'] * 1000:.0f} ms, minimal app "
        f"{minimal['painted_cpu'] * 1000:.0f} ms, ratio {coach['painted_cpu'] / minimal['painted_cpu']:.2f}"
    )
    print(
        f"  whole process, exit included: coach {coach['process'] * 1000:.0f} ms, minimal app "
        f"{minimal['process'] * 1000:.0f} ms, ratio {coach['process'] / minimal['process']:.2f}; CPU time: "
        f"coach {coach['cpu'] * 1000:.0f} ms, minimal app {minimal['cpu'] * 1000:.0f} ms, "
        f"ratio {coach['cpu'] / minimal['cpu']:.2f}"
    )
    print(
        f"peak RSS: coach {coach['rss'] / 1024:.1f} MiB, minimal app {minimal['rss'] / 1024:.1f} MiB, "
        f"ratio {coach['rss'] / minimal['rss']:.2f} (target <= 2)"
    )
    print(f"open a board: {board:.1f} ms (target < 100)")
    slow = statistics.quantiles(move, n=10)[-1]
    print(
        f"move the cursor one row: {statistics.median(move):.1f} ms to the painted frame, slowest tenth "
        f"{slow:.1f} ms (target <= 16); {statistics.median(move_settled):.1f} ms until settled; "
        f"these include {harness:.1f} ms of the measuring's own message round trips"
    )


if __name__ == "__main__":
    main()
