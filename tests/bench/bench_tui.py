"""Benchmark: the TUI on a store of 500 clients and 100,000 deliveries.

Not a test (pytest does not collect it): run it by hand and read the ratios.

    python tests/bench/bench_tui.py [--runs 7] [--deliveries 100000]

Targets (issue #3), each against a baseline measured in the same run:
- launch to first full dashboard (every row shown), as a whole process: at most 1.5x a
  minimal Textual app (a Static and a Footer) launched the same way;
- peak RSS at most 2x the minimal app's;
- opening a board under 100 ms; moving the cursor one row within one frame (16 ms).
"""

from __future__ import annotations

import argparse
import asyncio
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


def _exit_when(app, ready) -> None:  # type: ignore[no-untyped-def]
    """Exit after the first frame painted once `ready()` holds."""

    def check() -> None:
        if ready():
            timer.stop()
            app.call_after_refresh(lambda: app.exit(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))

    timer = app.set_interval(0.002, check)


def child_minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    class Minimal(App[int]):
        def compose(self) -> ComposeResult:
            yield Static("minimal")
            yield Footer()

        def on_mount(self) -> None:
            _exit_when(self, lambda: True)

    print(Minimal().run(headless=True, size=SIZE))


def child_coach(data: str) -> None:
    from coach_tui.app import CoachApp
    from coach_tui.services import Coach
    from coach_tui.store.store import Store

    coach = Coach(Store(Path(data)))

    import coach_tui.app

    class Timed(CoachApp):
        # CSS_PATH is relative to the module defining the class: keep pointing at the app's.
        CSS_PATH = str(Path(coach_tui.app.__file__).with_name("app.tcss"))

        def on_mount(self) -> None:
            super().on_mount()
            expected = 500
            _exit_when(self, lambda: self.dashboard.is_mounted and self.dashboard.table.row_count >= expected)

    print(Timed(coach, weekly_prompt=False).run(headless=True, size=SIZE))


async def in_process(data: str, moves: int) -> tuple[float, float]:
    """(median board open ms, median cursor move ms) measured inside one running app."""
    from coach_tui.app import CoachApp
    from coach_tui.screens.board import BoardScreen
    from coach_tui.services import Coach
    from coach_tui.store.store import Store

    app = CoachApp(Coach(Store(Path(data))), weekly_prompt=False)
    opens: list[float] = []
    steps: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        while app.dashboard.table.row_count < 500:
            await pilot.pause(0.01)
        table = app.dashboard.table
        for _ in range(moves):
            start = time.perf_counter()
            table.action_cursor_down()
            await pilot.pause()  # the refresh that paints the moved cursor
            steps.append(time.perf_counter() - start)
        client_ids = [v.client.id for v in app.dashboard._shown[:7]]
        for cid in client_ids:
            start = time.perf_counter()
            app.push_screen(BoardScreen(app.coach, cid))
            while not isinstance(app.screen, BoardScreen) or not app.screen.is_mounted:
                await pilot.pause(0)
            await pilot.pause()
            opens.append(time.perf_counter() - start)
            app.pop_screen()
            await pilot.pause()
    return statistics.median(opens) * 1000, statistics.median(steps) * 1000


def timed(cmd: list[str], runs: int) -> tuple[float, int]:
    """(median wall seconds, median peak RSS in KiB) of a child process."""
    walls, rss = [], []
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none", "COACH_TODAY": "2026-11-25"}
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
        walls.append(time.perf_counter() - start)
        rss.append(int(out.strip().splitlines()[-1]))
    return statistics.median(walls), int(statistics.median(rss))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--deliveries", type=int, default=100_000)
    parser.add_argument("--child", choices=["minimal", "coach"], help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "minimal":
        return child_minimal()
    if args.child == "coach":
        return child_coach(args.data)

    from bench_cli import generate

    os.environ["COACH_TODAY"] = "2026-11-25"
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        generate(data, args.deliveries)
        me = [sys.executable, str(HERE)]
        minimal, minimal_rss = timed(me + ["--child", "minimal"], args.runs)
        coach, coach_rss = timed(me + ["--child", "coach", "--data", str(data)], args.runs)
        board, move = asyncio.run(in_process(str(data), 40))
    print(f"store: 500 clients, {args.deliveries:,} deliveries; medians of {args.runs} runs")
    print(f"launch to full dashboard: coach {coach * 1000:.0f} ms, minimal app {minimal * 1000:.0f} ms, "
          f"ratio {coach / minimal:.2f} (target <= 1.5)")
    print(f"peak RSS: coach {coach_rss / 1024:.1f} MiB, minimal app {minimal_rss / 1024:.1f} MiB, "
          f"ratio {coach_rss / minimal_rss:.2f} (target <= 2)")
    print(f"open a board: {board:.1f} ms (target < 100)")
    print(f"move the cursor one row: {move:.1f} ms (target <= 16)")


if __name__ == "__main__":
    main()
