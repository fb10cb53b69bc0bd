"""The Textual app: a thin shell that opens the dashboard and keeps the screens in step with the store.

The app receives a `Coach` (so tests build it on a temporary folder), restores the theme the
user last chose, opens the weekly coaching first on the first launch of a new week, and polls
`Store.change_token()` every second so a write from another process (`coach log` in another
terminal) reaches the visible screens as a `DataChanged` message. Each screen owns its logic.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import Any

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from . import clock
from .coaching.schedule import first_weekday, should_prompt, week_of
from .commands import CoachCommands
from .messages import DataChanged
from .screens.dashboard import DashboardScreen
from .services import Coach
from .store.store import Snapshot


def _freeze_what_is_loaded() -> bool:
    """Tune the garbage collector for the app, once per process.

    Leave what is loaded by now out of its full passes: starting the dashboard allocates
    enough (the index, the agenda, the table's rows) to set off a run of collections, and each
    older-generation one would walk again the ~40,000 objects that the imports and the app's
    setup made, which live as long as the process anyway: frozen, they are skipped (the full
    dashboard shows ~20 ms sooner with 500 clients, and the exit is quicker too).

    Collect the young generation less often (every 10,000 net allocations instead of 700):
    each reload of the dashboard makes tens of thousands of short-lived objects, and at the
    default every screen that opened afterwards (a board) risked a full collection in the
    middle of its first paint, a 50-100 ms stall at 500 clients.

    Returns True the first time, when the caller should also hold collections off until the
    first frame is out (`gc.disable()`, then `gc.enable()` after the first refresh): what
    the first agenda allocates (about 100,000 objects at 500 clients) lives on as the
    dashboard's rows, so collecting it while it is made only costs time.
    """
    global _frozen
    if _frozen:
        return False
    _frozen = True
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
    return True


_frozen = False
YOUNG_COLLECTION_EVERY = 10_000


def _stored_week(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class CoachApp(App[None]):
    """coach: the daily review, client boards and weekly coaching for key-account managers."""

    TITLE = "coach"
    # The dashboard's stylesheets load with the app's: Textual re-parses every stylesheet
    # when a screen brings new ones, and the dashboard is always the first screen.
    CSS_PATH = ["app.tcss", *DashboardScreen.STYLESHEETS]
    COMMANDS = App.COMMANDS | {CoachCommands}

    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Every key, screen by screen"),
        # Shown on the footer's right by Textual itself, hence show=False here.
        Binding("ctrl+p", "command_palette", "Commands", show=False, tooltip="Search commands and clients; change the theme"),
        Binding("q", "quit", "Quit", tooltip="Quit coach (everything is already saved)"),
    ]

    POLL_SECONDS = 1.0

    def __init__(
        self,
        coach: Coach,
        demo: bool = False,
        start: str | None = None,
        weekly_prompt: bool = True,
        first_read: tuple[object, Snapshot] | None = None,
    ) -> None:
        """`first_read`: (change token, snapshot) as just read and checked by the caller, the
        token taken before the read, so the first screen needs no second read."""
        super().__init__()
        self.coach = coach
        self._first_read = first_read
        self.demo = demo
        self.start = start
        self.weekly_prompt = weekly_prompt
        self.dashboard = DashboardScreen(coach)
        self._token: object = None
        self._saved_theme: str | None = None
        self._settings: dict[str, Any] = {}
        self._has_clients = False

    # -- start -------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        """The dashboard is the app's first screen, rather than a screen pushed over Textual's
        blank default one (which would be composed, styled and resumed for nothing).

        Textual asks for it before the app is mounted, so this is where the store is read
        (unless the caller already did) and the saved theme applied: the dashboard's first
        agenda comes from that read, before the first frame.
        """
        if _freeze_what_is_loaded() and gc.isenabled():
            gc.disable()
            self.call_after_refresh(self._first_frame_out)
        # The token first: a write landing while the snapshot is read then shows as a change.
        if self._first_read is not None:
            (self._token, snapshot), self._first_read = self._first_read, None
        else:
            self._token = self.coach.store.change_token()
            snapshot = self.coach.snapshot()
        self._settings = snapshot.settings
        self._has_clients = any(not entry.client.archived for entry in snapshot.entries)
        saved = self._settings.get("theme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        self._saved_theme = self.theme
        self.dashboard.start_from(snapshot)  # the first agenda needs no second read of the store
        return self.dashboard

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.set_interval(self.POLL_SECONDS, self._poll)
        if self.start == "weekly":
            self.action_weekly()
        elif self.weekly_prompt:
            self._maybe_prompt(self._settings)

    def _first_frame_out(self) -> None:
        gc.enable()

    def _maybe_prompt(self, settings: dict[str, Any]) -> None:
        """The first launch of a new week opens the weekly coaching over the dashboard; not
        while the portfolio is empty, when the first-run panel says how to start (`w` still
        opens it, and the first launch with clients that week prompts)."""
        if not self._has_clients:
            return
        today = self.coach.today()
        first = first_weekday(settings)
        if not should_prompt(today, _stored_week(settings.get("last_prompted_week")), first):
            return
        from .screens.weekly import WeeklyScreen

        self.push_screen(WeeklyScreen(self.coach))
        self.run_worker(
            lambda: self.coach.save_settings(last_prompted_week=week_of(today, first).isoformat()),
            thread=True,
            group="settings",
        )

    # -- theme -------------------------------------------------------------------------------
    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        self.run_worker(lambda: self.coach.save_settings(theme=theme.name), thread=True, group="settings")

    # -- keeping screens in step with the store ----------------------------------------------
    def _poll(self) -> None:
        try:
            token = self.coach.store.change_token()
        except OSError:
            return
        if token != self._token:
            self._token = token
            self._broadcast(DataChanged())

    @on(DataChanged)
    def _data_written(self, message: DataChanged) -> None:
        """A screen of this app wrote: tell every screen, and don't take it for a foreign write."""
        try:
            self._token = self.coach.store.change_token()
        except OSError:
            pass
        self._broadcast(DataChanged(message.client_id))

    def _broadcast(self, message: DataChanged) -> None:
        for screen in self.screen_stack:
            screen.post_message(DataChanged(message.client_id))

    # -- navigation shared by the dashboard, the palette and other screens ---------------------
    def open_board(self, client_id: str) -> None:
        from .screens.board import BoardScreen

        self.push_screen(BoardScreen(self.coach, client_id))

    def action_weekly(self) -> None:
        from .screens.weekly import WeeklyScreen

        if not isinstance(self.screen, WeeklyScreen):
            self.push_screen(WeeklyScreen(self.coach))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def run(data: str | None, demo: bool, start: str | None) -> int:
    """Open the TUI on the data folder (or a fresh demo copy); StoreError propagates so the
    CLI prints its one-line message."""
    from .locations import data_dir
    from .store.store import Store

    if demo:
        from .demo import demo_store

        coach = Coach(demo_store(clock.today()))
    else:
        coach = Coach(Store(data_dir(data)))
    # A damaged store stops here with its one-line message, before the terminal is taken
    # over. Every client's facts are decoded now too (they are read lazily), which the first
    # agenda needs anyway.
    token = coach.store.change_token()
    snapshot = coach.snapshot()
    for entry in snapshot.entries:
        entry.facts  # noqa: B018 (decoding is the check)
    CoachApp(coach, demo=demo, start=start, first_read=(token, snapshot)).run()
    return 0


__all__ = ["CoachApp", "run"]
