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
from pathlib import Path
from typing import Callable

from .. import clock
from ..store.repository import Repository
from .board import Boards
from .calendar import Calendar
from .clients import Clients
from .deliveries import Deliveries
from .portfolio import Portfolio
from .read_models import Agenda, Board, Change, ClientView, Logged, Opening, WeekData, WeekHistory
from .reports import Reports
from .settings import Settings
from .weekly import Weekly


class Coach:
    """The use cases over one repository, grouped by area."""

    def __init__(
        self, repo: Repository, today: Callable[[], date] = clock.today, now: Callable[[], datetime] = clock.now
    ) -> None:
        self.repo = repo
        self.today = today
        self.now = now
        self.portfolio = Portfolio(repo, today, now)
        self.clients = Clients(repo, today, now)
        self.deliveries = Deliveries(repo, today, now)
        self.boards = Boards(repo, today, now)
        self.weekly = Weekly(self.portfolio)
        self.reports = Reports(repo, today, now)
        self.calendar = Calendar(self.portfolio)
        self.settings = Settings(repo, today, now)


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
