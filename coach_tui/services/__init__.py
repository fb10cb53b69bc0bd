"""The use cases coach offers, shared by the TUI and the shell CLI: the only door to data.

`Coach` groups them by area, one module each, over one `Repository`:

- `coach.portfolio`   today's agenda, the client list, finding a client (`portfolio`)
- `coach.clients`     add, edit, archive a client (`clients`)
- `coach.deliveries`  log a delivery, find the need it answers (`deliveries`)
- `coach.boards`      read a board; add, edit, move, delete, tell cards (`board`)
- `coach.people`      the client's people and our account team; touches (`people`)
- `coach.plans`       the account plan: goals, initiatives, reviews, shares (`plans`)
- `coach.opportunities` opportunities and their stages (`opportunities`)
- `coach.weekly`      the weekly coaching, its answers, its history (`weekly`)
- `coach.reports`     the stewardship report and marking its cards told (`reports`)
- `coach.calendar`    the value-add calendar export (`calendar`)
- `coach.exchange`    export a table as CSV, the whole portfolio as JSON; import it (`exchange`)
- `coach.settings`    settings (`settings`)
- `coach.timelines`   a client's timeline: deliveries, card moves, touches, shares, stages (`timeline`)
- `coach.search`      the search index, searching every client's text (`search`)
- `coach.journal`     undo and redo any change, from anywhere (`journal`)
- `coach.csv_import`  import clients and people from a CRM's CSV export (`csv_import`)

On a team database `coach.team` is the `Team` the connected role leads (None when it leads
none, and on a data folder; asked of the database when first read): the leader's view over it,
each manager's portfolio summed up and opened read-only, is `team.leading(coach)`.

They return read models (`read_models`) built from domain types. Input is checked by the
domain's validators (`domain.validation`); every change is one repository transaction that
reads, decides and writes under the store's lock, so a running TUI and `coach log` in another
terminal never overwrite each other. `open_coach()` is the one place a `Coach` is built for the
store the user chose (`database.choose_backend`: a data folder or a team database) or the demo
portfolio. No Textual here, and nothing slow at import time: `coach log` imports this package
and must start fast (psycopg is imported only when a team database is opened).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from .. import clock

if TYPE_CHECKING:
    from pathlib import Path

    from ..store.repository import Repository, Team
    from .board import Boards
    from .calendar import Calendar
    from .clients import Clients
    from .csv_import import CsvImport
    from .deliveries import Deliveries
    from .exchange import Exchange
    from .journal import Journal
    from .opportunities import Opportunities
    from .people import People
    from .plans import Plans
    from .portfolio import Portfolio
    from .read_models import Agenda, Board, Change, ClientView, Logged, Opening, WeekData, WeekHistory
    from .reports import Reports
    from .search import Search
    from .settings import Settings
    from .timeline import Timelines
    from .weekly import Weekly

# The read models are named here too; imported when first asked for (`coach log` makes a
# Coach, and its use cases import only the ones they return).
_READ_MODELS = ("Agenda", "Board", "Change", "ClientView", "Logged", "Opening", "WeekData", "WeekHistory")


def __getattr__(name: str) -> Any:
    if name in _READ_MODELS:
        from . import read_models

        return getattr(read_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


A = TypeVar("A")


class _Area(Generic[A]):
    """A use-case area of `Coach`: its module is imported, and the area made over the coach's
    repository and clock, the first time it is used (`coach log` needs two of them)."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self.attr = ""

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    @overload
    def __get__(self, coach: None, owner: type) -> _Area[A]: ...

    @overload
    def __get__(self, coach: Coach, owner: type) -> A: ...

    def __get__(self, coach: Coach | None, owner: type) -> _Area[A] | A:
        if coach is None:
            return self
        area: A = getattr(import_module(f"{__name__}.{self.module}"), self.name)(coach.repo, coach.today, coach.now)
        coach.__dict__[self.attr] = area  # from now on the attribute itself, no descriptor
        return area


class Coach:
    """The use cases over one repository, grouped by area."""

    portfolio: _Area[Portfolio] = _Area("portfolio", "Portfolio")
    clients: _Area[Clients] = _Area("clients", "Clients")
    deliveries: _Area[Deliveries] = _Area("deliveries", "Deliveries")
    boards: _Area[Boards] = _Area("board", "Boards")
    people: _Area[People] = _Area("people", "People")
    plans: _Area[Plans] = _Area("plans", "Plans")
    opportunities: _Area[Opportunities] = _Area("opportunities", "Opportunities")
    weekly: _Area[Weekly] = _Area("weekly", "Weekly")
    reports: _Area[Reports] = _Area("reports", "Reports")
    calendar: _Area[Calendar] = _Area("calendar", "Calendar")
    exchange: _Area[Exchange] = _Area("exchange", "Exchange")
    settings: _Area[Settings] = _Area("settings", "Settings")
    timelines: _Area[Timelines] = _Area("timeline", "Timelines")
    search: _Area[Search] = _Area("search", "Search")
    journal: _Area[Journal] = _Area("journal", "Journal")
    csv_import: _Area[CsvImport] = _Area("csv_import", "CsvImport")

    def __init__(
        self,
        repo: Repository,
        today: Callable[[], date] = clock.today,
        now: Callable[[], datetime] = clock.now,
        team: Team | None = None,
        *,
        find_team: Callable[[], Team | None] | None = None,
    ) -> None:
        self.repo = repo
        self.today = today
        self.now = now
        # The teams the user leads, when the store is a team store (`services.team`); None on
        # a data folder, which holds one portfolio, and for a role that leads no team. A team
        # database says whether the role leads one when first asked (`find_team`, one query):
        # a command that never asks never pays for it.
        self._team = team
        self._find_team = find_team
        # A team database (the user may lead no team in it): the team commands say so.
        self.team_store = find_team is not None or team is not None

    def open(self) -> Opening:
        """The app's first read (`Portfolio.open`) and this week's commitment with it (its
        client's name looked up in the agenda, else in the directory): the first screen reads
        nothing more from the store."""
        opening = self.portfolio.open()
        return opening._replace(commitment=self.weekly.current(opening.snapshot, opening.agenda))

    @property
    def team(self) -> Team | None:
        find, self._find_team = self._find_team, None
        if find is not None:
            self._team = find()
        return self._team


def listen(coach: Coach, tell: Callable[[str], None]) -> None:
    """Have `tell` hear each line the store says of what it did by itself (an index that was
    missing, rebuilt from the client files), as it happens. A store that does nothing by itself
    has nothing to say. (Also `upkeep.listen`, beside `upkeep.notices`.)"""
    if hasattr(coach.repo, "on_notice"):
        setattr(coach.repo, "on_notice", tell)  # noqa: B010 (an optional attribute of the store)


def data_folder(explicit: str | None = None) -> Path:
    """The data folder: `explicit` (`--data`), else `$COACH_DATA`, else the platform's."""
    from ..locations import data_dir

    return data_dir(explicit)


def open_coach(data: str | None = None, demo: bool = False, db: str | None = None) -> Coach:
    """A Coach over the store the user chose (`database.choose_backend`: `--db`, `--data`,
    `$COACH_DB`, `$COACH_DATA`, `coach config backend`, else the data folder), or over a fresh
    temporary copy of the demo portfolio (the user's data is then never read or written)."""
    if demo:
        from .demo import demo_store

        return Coach(demo_store(clock.today()))
    from .database import choose_backend

    backend = choose_backend(data, db)
    if backend.dsn is not None:
        from ..store.postgres.leader import team_of
        from .database import open_database

        store = open_database(backend.dsn)
        return Coach(store, find_team=lambda: team_of(store))
    from ..store.folder import FolderStore

    return Coach(FolderStore(data_folder(backend.folder)))


__all__ = [
    "Coach",
    "open_coach",
    "data_folder",
    "listen",
    "Agenda",
    "Board",
    "Change",
    "ClientView",
    "Logged",
    "Opening",
    "WeekData",
    "WeekHistory",
]
