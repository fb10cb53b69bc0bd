"""The use cases coach offers, shared by the TUI and the shell CLI: the only door to data.

`Coach` groups them by area, one module each, over one `Repository`:

- `coach.portfolio`   today's agenda, the client list, finding a client (`portfolio`)
- `coach.clients`     add, edit, archive a client (`clients`)
- `coach.deliveries`  log a delivery, find the need it answers (`deliveries`)
- `coach.boards`      read a board; add, edit, move, delete, tell cards; undo (`board`)
- `coach.weekly`      the weekly coaching, its answers, its history (`weekly`)
- `coach.reports`     the stewardship report and marking its cards told (`reports`)
- `coach.calendar`    the value-add calendar export (`calendar`)
- `coach.settings`    settings (`settings`)

They return read models (`read_models`) built from domain types. Input is checked by the
domain's validators (`domain.validation`); every change is one repository transaction that
reads, decides and writes under the store's lock, so a running TUI and `coach log` in another
terminal never overwrite each other. `open_coach()` is the one place a `Coach` is built for a
data folder (or the demo portfolio). No Textual here, and nothing slow at import time: `coach
log` imports this package and must start fast.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .. import clock
from .read_models import Agenda, Board, Change, ClientView, Logged, Opening, WeekData, WeekHistory

if TYPE_CHECKING:
    from ..store.repository import Repository
    from .board import Boards
    from .calendar import Calendar
    from .clients import Clients
    from .deliveries import Deliveries
    from .portfolio import Portfolio
    from .reports import Reports
    from .settings import Settings
    from .weekly import Weekly


class Coach:
    """The use cases over one repository, grouped by area. Each area's module is imported
    the first time the area is used: `coach log` needs two of them."""

    def __init__(
        self, repo: Repository, today: Callable[[], date] = clock.today, now: Callable[[], datetime] = clock.now
    ) -> None:
        self.repo = repo
        self.today = today
        self.now = now

    @cached_property
    def portfolio(self) -> Portfolio:
        from .portfolio import Portfolio

        return Portfolio(self.repo, self.today, self.now)

    @cached_property
    def clients(self) -> Clients:
        from .clients import Clients

        return Clients(self.repo, self.today, self.now)

    @cached_property
    def deliveries(self) -> Deliveries:
        from .deliveries import Deliveries

        return Deliveries(self.repo, self.today, self.now)

    @cached_property
    def boards(self) -> Boards:
        from .board import Boards

        return Boards(self.repo, self.today, self.now)

    @cached_property
    def weekly(self) -> Weekly:
        from .weekly import Weekly

        return Weekly(self.portfolio)

    @cached_property
    def reports(self) -> Reports:
        from .reports import Reports

        return Reports(self.repo, self.today, self.now)

    @cached_property
    def calendar(self) -> Calendar:
        from .calendar import Calendar

        return Calendar(self.portfolio)

    @cached_property
    def settings(self) -> Settings:
        from .settings import Settings

        return Settings(self.repo, self.today, self.now)


def data_folder(explicit: str | None = None) -> Path:
    """The data folder: `explicit` (`--data`), else `$COACH_DATA`, else the platform's."""
    from ..locations import data_dir

    return data_dir(explicit)


def open_coach(data: str | None = None, demo: bool = False) -> Coach:
    """A Coach over the user's data folder (see `data_folder`), or over a fresh temporary copy
    of the demo portfolio (the user's data is then never read or written)."""
    if demo:
        from .demo import demo_store

        return Coach(demo_store(clock.today()))
    from ..store.folder import FolderStore

    return Coach(FolderStore(data_folder(data)))


__all__ = [
    "Coach", "open_coach", "data_folder", "Agenda", "Board", "Change", "ClientView", "Logged", "Opening", "WeekData",
    "WeekHistory",
]
