"""Helpers shared by the Pilot and snapshot tests (a plain module: tests/ is on sys.path
because the root conftest.py lives there)."""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
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
from textual.widgets import Input, OptionList, Select
from textual.worker import WorkerCancelled, WorkerState

from coach_tui.screens.calls import wait_for_calls
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
    cursor so a picture taken now does not depend on the blink.

    Settled means quiet twice in a row, a pause apart: no worker pending or running and
    nothing waiting in the data thread. One look can come too early on a starved machine
    (Textual's wait for idle can take a process that got no CPU for an idle one): a
    snapshot of the plan screen differed once in a full parallel run in CI, never here, and
    that look is the likeliest cause found, not a proven one."""
    app = pilot.app
    quiet = 0
    for _ in range(40):
        await pilot.pause()
        if any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers):
            quiet = 0
            try:
                await app.workers.wait_for_complete()
            except WorkerCancelled:
                pass  # an exclusive worker replaced by a newer one (a reload): wait for that one next
            continue
        # A call a screen handed to the data thread outside a worker: wait for it (off the loop).
        await asyncio.get_running_loop().run_in_executor(None, wait_for_calls)
        quiet += 1
        if quiet == 2:
            break
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


AnyApp = TypeVar("AnyApp", bound=App[Any])

_SHOWN: weakref.WeakKeyDictionary[App[Any], list[str]] = weakref.WeakKeyDictionary()


def recording_toasts(app: AnyApp) -> AnyApp:
    """`app`, every notification it shows from now on recorded for `toasts(app)`. (Textual keeps
    the notifications on screen in a private list: this wraps the app's public `notify`
    instead, which a widget's or a screen's `notify` calls too.) Call it before the app runs."""
    assert not app.is_running, "record the toasts before the app runs, or the first ones are missed"
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        shown.append(str(message))
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]
    _SHOWN[app] = shown
    return app


def toasts(app: App[Any]) -> list[str]:
    """The message of every notification `app` has shown since `recording_toasts(app)`, oldest
    first (those whose toast has timed out since included)."""
    assert app in _SHOWN, "toasts(app) reads what recording_toasts(app) records: call that first"
    return list(_SHOWN[app])


class GivenOptions:
    """The options each `Select` was last given through its public `set_options`, recorded from
    the moment this is made (Textual keeps a Select's options private). Reading them checks that
    the Select's drop-down lists as many, with the same labels, in the same order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.given: weakref.WeakKeyDictionary[Select[Any], list[tuple[Any, Any]]] = weakref.WeakKeyDictionary()
        set_options = Select.set_options

        def recording(select: Select[Any], options: Any) -> None:
            listed = list(options)
            self.given[select] = listed
            set_options(select, listed)

        monkeypatch.setattr(Select, "set_options", recording)

    def __call__(self, select: Select[Any]) -> list[tuple[Any, Any]]:
        """`select`'s options, (label, value) pairs, as the code last set them."""
        assert select in self.given, "this Select was given no options through set_options since recording began"
        given = self.given[select]
        listed = select.query_one(OptionList)  # the drop-down
        labels = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert labels == [str(label) for label, _ in given], (labels, given)
        return list(given)

    def values(self, select: Select[Any]) -> set[Any]:
        """The values of `select`'s options."""
        return {value for _, value in self(select)}


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
