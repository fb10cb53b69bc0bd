"""The Textual app: a thin shell that opens the dashboard and keeps the screens in step with the store.

The app receives a `Coach` (so tests build it on a temporary folder), restores the theme the
user last chose, opens the weekly coaching first on the first launch of a new week, and polls
the store's change token (a stat or two) ten times a second so a write from another process
(`coach log` in another terminal) reaches the visible screens as a `DataChanged` message
within a tenth of a second. It is the one place that opens a client's board (`OpenBoard`),
the weekly coaching and the log form (`LogDelivery`, from `LogsDeliveries`): each reads what
it shows in the background first. Each screen owns its logic.
"""

from __future__ import annotations

import gc
import inspect
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.driver import Driver
from textual.screen import Screen
from textual.theme import Theme

from .commands import CoachCommands
from .domain.errors import CoachError
from .messages import DashboardSettled, DataChanged, LogDelivery, OpenBoard
from .screens.calls import fetch, in_background
from .screens.dashboard import DashboardScreen
from .screens.log_delivery import LogsDeliveries
from .screens.undo import UNDO_BINDINGS, UndoesChanges
from .services import Coach, Opening
from .textsafe import visible
from .widgets.trouble_banner import TroubleBanner


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
_held = False  # collections are held off until the first frame is out
YOUNG_COLLECTION_EVERY = 10_000


def _hold_collections() -> None:
    """No collection until the first frame is out (see `_freeze_what_is_loaded`)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


class CoachApp(LogsDeliveries, UndoesChanges, App[None]):
    """coach: the daily review, client boards and weekly coaching for key-account managers."""

    TITLE = "coach"
    # The dashboard's stylesheets load with the app's: Textual re-parses every stylesheet
    # when a screen brings new ones, and the dashboard is always the first screen.
    CSS_PATH = ["app.tcss", "widgets/trouble_banner.tcss", *(f"screens/{path}" for path in DashboardScreen.CSS_PATH)]
    COMMANDS = App.COMMANDS | {CoachCommands}

    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Every key, screen by screen"),
        # Shown on the footer's right by Textual itself, hence show=False here.
        Binding("ctrl+p", "command_palette", "Commands", show=False, tooltip="Search commands and clients; change the theme"),
        Binding("q", "quit", "Quit", tooltip="Quit coach (everything is already saved)"),
        *UNDO_BINDINGS,  # u and ctrl+r: undo and redo any change, from any screen
        # Offered on the dashboard, and only over a team store (see `check_action`).
        Binding("t", "team", "Team", tooltip="The teams you lead: each manager's portfolio in a row (a team database only)"),
    ]

    # The change token is a stat call or two: cheap enough to check ten times a second, so a
    # change made in another terminal shows as soon as a person looks.
    POLL_SECONDS = 0.1

    def __init__(
        self,
        coach: Coach,
        demo: bool = False,
        start: str | None = None,
        weekly_prompt: bool = True,
        opening: Opening | None = None,
    ) -> None:
        """`opening`: the store as just read and checked by the caller (`run` reads it before
        the terminal is taken over), so the first screen needs no second read."""
        super().__init__()
        self.coach = coach
        self._opening = opening
        self.demo = demo
        self.start = start
        self.weekly_prompt = weekly_prompt
        # Get the board ready once the dashboard has settled (None: in a terminal, not headless).
        self.prepares_ahead: bool | None = None
        self.dashboard = DashboardScreen(coach)
        self._token: object = None
        self._stop_watching: Callable[[], None] | None = None
        self.trouble: str | None = None  # what keeps the store out of reach, while it lasts
        self._writing = 0  # the app's own bookkeeping writes under way (the poll waits for them)
        self._saved_theme: str | None = None
        self.ui_thread = threading.get_ident()  # the thread the app runs in (set again at mount)

    # -- start -------------------------------------------------------------------------------
    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, but on Linux and macOS one that gives the
        shell back at once on quitting (see `driver`)."""
        chosen = super().get_driver_class()
        if sys.platform != "win32":  # Textual's Linux driver is imported by then, and only then
            from textual.drivers.linux_driver import LinuxDriver

            if chosen is LinuxDriver:
                from .driver import QuickExitDriver

                return QuickExitDriver
        return chosen

    def get_default_screen(self) -> Screen[Any]:
        """The dashboard is the app's first screen, rather than a screen pushed over Textual's
        blank default one (which would be composed, styled and resumed for nothing).

        Textual asks for it before the app is mounted, so this is where the saved theme is
        applied and the dashboard given the first read of the store (made here, before the
        first frame, when the caller did not make it): the dashboard's first agenda comes from
        that read, before the first frame.
        """
        if _freeze_what_is_loaded():
            _hold_collections()
        if _held:
            self.call_after_refresh(self._first_frame_out)
        if self._opening is None:
            self._opening = self.coach.open()
        opening = self._opening
        self._token = opening.token
        saved = opening.settings.get("theme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        self._saved_theme = self.theme
        self.dashboard.start_from(opening)  # the first agenda needs no second read of the store
        return self.dashboard

    def on_mount(self) -> None:
        from .services.upkeep import listen, notices

        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # A store that tells of writes (PostgreSQL's NOTIFY) calls back from its own thread;
        # a folder is checked ten times a second (a few `stat` calls).
        self.screen_change_signal.subscribe(self, self._show_trouble)
        self._stop_watching = self.coach.portfolio.watch(self._told_of_change, self._told_of_trouble)
        if self._stop_watching is None:
            self.set_interval(self.POLL_SECONDS, self._poll)
        # What the store did by itself (an index rebuilt, the folder upgraded to a new schema):
        # what it said before the app started, then each line as it happens (from the thread
        # that wrote, most of the time).
        for line in notices(self.coach):
            self._tell(line)
        self.ui_thread = threading.get_ident()
        listen(self.coach, self._tell_from_any_thread)
        opening, self._opening = self._opening, None
        if self.start == "weekly":
            self.action_weekly()
        elif self.weekly_prompt and opening is not None and self.coach.weekly.prompt_due(opening):
            # The first launch of a new week opens the weekly coaching over the dashboard
            # (not while the portfolio is empty: the first-run panel says how to start).
            self.action_weekly()
            self._note_prompted()
        elif opening is not None and not opening.has_clients and self.coach.team is not None:
            # A leader with no client of their own opens on their team: their own dashboard
            # would say only that it is empty (escape goes back to it).
            self.action_team()

    def _tell(self, line: str) -> None:
        self.notify(visible(line), title="Your data", timeout=12, markup=False)

    def _tell_from_any_thread(self, line: str) -> None:
        if threading.get_ident() == self.ui_thread:
            self._tell(line)
        else:
            self.call_from_thread(self._tell, line)

    def _first_frame_out(self) -> None:
        _release_collections()

    def on_dashboard_settled(self, message: DashboardSettled) -> None:
        """The launch's dashboard is whole: while the user reads it, get the board ready.
        Only in a terminal (unless `prepares_ahead` says otherwise): a headless app (a test)
        opens its first board as it always did."""
        message.stop()
        ahead = self.prepares_ahead
        if ahead is None:
            ahead = not self.is_headless
        if ahead:
            self.prepare_board()

    def prepare_board(self) -> None:
        """Import the board's code and add its stylesheets to the app's, as opening the first
        board of a run would: Textual then parses every stylesheet of the app again and
        restyles what is on screen, some 50-80 ms that the first board would otherwise spend
        before it shows. Done once; what a board then opens to is the same either way."""
        from .screens.board import BoardScreen

        sheet = self.stylesheet
        # The paths as Textual makes them for a screen: its module's folder, resolved.
        folder = Path(inspect.getfile(BoardScreen)).parent
        paths = [(folder / path).resolve() for path in BoardScreen.CSS_PATH]
        missing = [path for path in paths if not sheet.has_source(str(path), "")]
        if not missing:
            return
        for path in missing:
            sheet.read(path)
        sheet.reparse()
        sheet.update(self)

    @work(group="settings")
    async def _note_prompted(self) -> None:
        self._writing += 1
        try:
            await in_background(self.coach.weekly.note_prompted)
        except CoachError:
            return  # the prompt shows again on the next launch: better than never
        else:
            self._own_write()
        finally:
            self._writing -= 1

    # -- theme -------------------------------------------------------------------------------
    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        self._save_theme(theme.name)

    @work(group="settings")
    async def _save_theme(self, name: str) -> None:
        self._writing += 1
        try:
            await in_background(partial(self.coach.settings.save, theme=name))
        except CoachError:
            return  # the theme is only a preference: the next change saves it
        else:
            self._own_write()
        finally:
            self._writing -= 1

    # -- keeping screens in step with the store ----------------------------------------------
    def _told_of_change(self) -> None:
        """The store's watcher thread heard of a write: check it on the app's thread."""
        if not self.is_running:
            return
        try:
            self.call_from_thread(self._poll)
        except RuntimeError:
            pass  # the app is closing: nothing left to keep in step

    def _told_of_trouble(self, line: str | None) -> None:
        """The store's watcher lost its server (a line saying so) or found it again (None)."""
        if not self.is_running:
            return
        try:
            self.call_from_thread(self._trouble_is, line)
        except RuntimeError:
            pass

    def _trouble_is(self, line: str | None) -> None:
        self.trouble = line
        self._show_trouble()

    def _show_trouble(self, screen: object = None) -> None:
        """The banner on the active screen while there is trouble, and on no other."""
        for screen in self.screen_stack:
            if screen is not self.screen or self.trouble is None:
                screen.query(TroubleBanner).remove()
        if self.trouble is None:
            return
        shown = self.screen.query(TroubleBanner)
        if shown:
            shown.first().say(self.trouble)
        else:
            self.screen.mount(TroubleBanner(self.trouble))

    def pop_screen(self) -> AwaitComplete:
        """Pop the screen on top, as Textual does, its widgets first told to let go of the lines
        they rendered (`Widget.refresh()` empties a widget's render cache).

        Textual keeps the styles cache of up to 1,024 removed widgets alive, each with every
        line it rendered (an `lru_cache` on a method of the styles cache, keyed by the cache
        itself: Textualize/textual#6665, open in 8.2.8). A board opened and closed held on to
        some 1.7 MiB that way, until about 40 boards later; emptied, what stays is a few
        hundred bytes a widget. Every screen is closed through here: back, escape, a form
        dismissed (`Screen.dismiss` pops)."""
        if len(self.screen_stack) > 1:
            for widget in self.screen.walk_children(with_self=True):
                widget.refresh()
        return super().pop_screen()

    def on_unmount(self) -> None:
        stop, self._stop_watching = self._stop_watching, None
        if stop is not None:
            stop()

    def _poll(self) -> None:
        if self._writing:
            return  # the app's own bookkeeping is being written: its token is taken once it lands
        try:
            token = self.coach.portfolio.change_token()
        except OSError:
            return
        if token != self._token:
            self._token = token
            self._broadcast(DataChanged())

    def _own_write(self) -> None:
        """The app itself wrote (bookkeeping no screen shows, or a change each screen is told
        of): the poll must not take it for another process's write and read everything again."""
        try:
            self._token = self.coach.portfolio.change_token()
        except OSError:
            pass

    @on(DataChanged)
    def _data_written(self, message: DataChanged) -> None:
        """A screen of this app wrote: tell every screen, and don't take it for a foreign write."""
        self._own_write()
        self._broadcast(DataChanged(message.client_id))

    def _broadcast(self, message: DataChanged) -> None:
        for screen in self.screen_stack:
            screen.post_message(DataChanged(message.client_id))

    # -- opening screens: each reads what it shows in the background, then shows it whole ----
    def open_board(self, client_id: str) -> None:
        self._open_board(client_id)

    def on_open_board(self, message: OpenBoard) -> None:
        message.stop()
        self._open_board(message.client_id)

    @work(exclusive=True, group="open-board")
    async def _open_board(self, client_id: str) -> None:
        from .screens.board import BoardScreen

        board = await fetch(self, self.coach.boards.read, client_id, error_title="Can't open the board")
        if board is not None:
            await self.push_screen(BoardScreen(self.coach, client_id, board))

    def action_weekly(self) -> None:
        from .screens.weekly import WeeklyScreen

        if self._refused():
            return
        if not isinstance(self.screen, WeeklyScreen):
            self._open_weekly()

    @work(exclusive=True, group="open-weekly")
    async def _open_weekly(self) -> None:
        from .screens.weekly import WeeklyScreen

        week = await fetch(self, self.coach.weekly.open, error_title="Can't open the weekly coaching")
        if week is not None and not isinstance(self.screen, WeeklyScreen):
            await self.push_screen(WeeklyScreen(self.coach, week))

    # -- the leader's view (a team store only) --------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "team":
            return self.coach.team is not None and self.screen is self.dashboard
        return super().check_action(action, parameters)

    def action_team(self) -> None:
        from .screens.team import TeamScreen
        from .services.team import leading

        views = leading(self.coach)
        if views is None:
            return  # a data folder: no team (the key and the command are not offered)
        if not any(isinstance(screen, TeamScreen) for screen in self.screen_stack):
            self.push_screen(TeamScreen(views))

    def viewing(self) -> str | None:
        """While another manager's portfolio is open (read-only, from the team view), the line
        saying so: the app's own keys that would act on the user's portfolio (undo, redo, the
        weekly coaching, logging a delivery) say it instead of acting on the wrong one."""
        for screen in self.screen_stack:
            line = getattr(screen, "read_only", None)
            if isinstance(line, str):
                return line
        return None

    def _refused(self) -> bool:
        line = self.viewing()
        if line is not None:
            self.notify(line, title="Not changed", severity="warning", markup=False)
        return line is not None

    def action_undo(self) -> None:
        if not self._refused():
            super().action_undo()

    def action_redo(self) -> None:
        if not self._refused():
            super().action_redo()

    def on_log_delivery(self, message: LogDelivery) -> None:
        if self.viewing() is not None:
            message.stop()
            message.prevent_default()  # not the log form of `LogsDeliveries`: it is the user's portfolio
            self._refused()

    def action_help(self) -> None:
        from .screens.help import HelpScreen, section_for

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(section_for(self.screen, self.focused)))


def run(coach: Coach, demo: bool, start: str | None) -> int:
    """Open the TUI on `coach`. The store is read first: a damaged store stops here with its
    one-line message (the CLI prints it), before the terminal is taken over, and every client's
    facts are decoded now, which the first agenda needs anyway (with collections held off: what
    the read makes lives on as the dashboard's rows, and collecting it while it is made only
    costs time).

    Once the app has closed and the terminal is restored, the process ends at once: every
    call to the store has finished by then (waited for), and freeing the whole heap object by
    object, which Python does at exit, only keeps the shell waiting (a few hundred ms with
    thousands of clients). Not for the demo, whose temporary copy is removed at exit, nor when
    the app did not run and exit (its `return_code` is then None)."""
    _hold_collections()
    try:
        opening = coach.open()
        # Whether the user leads a team (one query on a team database, nothing on a folder):
        # asked now, before the app runs, so that showing `t` never waits on the server.
        coach.team  # noqa: B018
    except BaseException:
        _release_collections()
        raise
    app = CoachApp(coach, demo=demo, start=start, opening=opening)
    try:
        app.run()
    finally:
        _release_collections()  # if the app closed before its first frame
    code = app.return_code
    if code is not None and not demo:  # None: the app did not run (a test stood in for it)
        from . import process
        from .screens.calls import wait_for_calls

        wait_for_calls()
        process.end_now(code)
    return code or 0


def _release_collections() -> None:
    global _held
    if _held:
        _held = False
        gc.enable()


__all__ = ["CoachApp", "run"]
