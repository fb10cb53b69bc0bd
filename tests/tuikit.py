"""Helpers shared by the Pilot and snapshot tests (a plain module: tests/ is on sys.path
because the root conftest.py lives there)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from textual.app import App
from textual.color import Color
from textual.filter import LineFilter
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerState

from coach_tui.screens.log_delivery import LogsDeliveries
from coach_tui.screens.undo import UNDO_BINDINGS, UndoesChanges


def sync(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async Pilot test to completion (no async plugin is installed for pytest)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their results reach the screen (a worker's result can start
    another: wait until none runs after the messages are handled), and freeze every input
    cursor so a picture taken now does not depend on the blink."""
    app = pilot.app
    await pilot.pause()
    for _ in range(20):
        if not any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers):
            break
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # an exclusive worker replaced by a newer one (a reload): wait for that one next
        await pilot.pause()
    blinking = [field for field in app.screen.query(Input) if field.cursor_blink]
    for field in blinking:
        field.cursor_blink = False
    if blinking:
        await pilot.pause()


async def until(condition: Callable[[], bool], timeout: float = 60) -> None:
    """Wait until `condition()` holds, letting the app run meanwhile (a condition, never a
    fixed sleep: a busy machine only makes it take longer)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.001)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type `text` key by key, as a person would."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


class OneScreenApp(LogsDeliveries, UndoesChanges, App[None]):
    """Just enough app to show one screen, for tests of that screen alone (and, as the real
    app does, to open the log form when the screen asks for it, and to undo and redo, given a
    `coach`)."""

    BINDINGS = UNDO_BINDINGS

    def __init__(self, make_screen: Callable[[], Screen[Any]], coach: Any = None) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.coach = coach

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())


def board_app(coach: Any, client_id: str) -> OneScreenApp:
    """An app showing one client's board."""
    from coach_tui.screens.board import BoardScreen

    return OneScreenApp(lambda: BoardScreen(coach, client_id), coach)


def sixteen(color: RichColor | None, foreground: bool) -> RichColor | None:
    """`color` as a 16-colour terminal shows it."""
    if color is None or color.is_default:
        return color
    standard = color.downgrade(ColorSystem.STANDARD)
    return RichColor.from_triplet(standard.get_truecolor(DEFAULT_TERMINAL_THEME, foreground=foreground))


class SixteenColours(LineFilter):
    """Every colour as a 16-colour terminal shows it."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = []
        for text, style, control in segments:
            if style is not None:
                style = style + Style.from_color(sixteen(style.color, True), sixteen(style.bgcolor, False))
            out.append(Segment(text, style, control))
        return out
