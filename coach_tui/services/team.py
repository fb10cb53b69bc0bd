"""The leader's view: each account manager of the teams the connected role leads, their
portfolio summed up in one row, and any one of those portfolios opened to read.

A team store offers a `Team` (`store.repository`): its members, and each member's portfolio as
a `Repository`. Every row is what that manager's own `coach status` says of their portfolio
(`Portfolio.status`: the same agenda, the same memo, the same scores), so the leader and the
manager never read two different numbers for one thing:

- active clients and overdue clients (the cadence rules of `domain.cadence`);
- untold Steward cards (the stewardship debt);
- the portfolio's weakest pillar and its score (`Agenda.score`, with the manager's kept rate in
  the Lead pillar);
- the commitments of the last KEPT_WEEKS weeks: how many were kept of those answered (the rate
  the Lead pillar reads, `domain.pillars.kept_rate`), and how many were made.

A member's portfolio is opened read-only (`ReadOnly`): every write through it, whatever screen
or command tries it, is refused with one line naming whose portfolio it is, before the store
is asked (whose rights would refuse it too, less clearly).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain.errors import CoachError, InputError, NotFound
from ..domain.pillars import KEPT_WEEKS
from ..textsafe import visible
from . import Coach

if TYPE_CHECKING:
    from ..domain.journal import Entry
    from ..domain.models import History
    from ..store.repository import IndexEntry, MakeMemo, Member, ReadMemo, Repository, Team, Transaction
    from ..store.snapshot import Snapshot


class ReadOnlyPortfolio(InputError):
    """A write asked of a portfolio opened to read (another manager's)."""

    default_field = "portfolio"


def read_only_line(role: str) -> str:
    """The one line every refused write says."""
    return f"read-only: this is {visible(role)}'s portfolio"


class ReadOnly:
    """A member's portfolio as the leader reads it: a `Repository` whose reads are the store's
    and whose `transaction()`, the one way to write, is refused (`ReadOnlyPortfolio`)."""

    def __init__(self, repo: Repository, role: str) -> None:
        self.repo = repo
        self.role = role

    def read(self) -> Snapshot:
        return self.repo.read()

    def head(self) -> Snapshot:
        return self.repo.head()

    def names(self) -> list[tuple[str, str, bool]]:
        return self.repo.names()

    def entry(self, client_id: str) -> IndexEntry:
        return self.repo.entry(client_id)

    def read_client(self, client_id: str) -> History:
        return self.repo.read_client(client_id)

    def client_stamp(self, client_id: str) -> Hashable | None:
        return self.repo.client_stamp(client_id)

    def change_token(self) -> Hashable:
        return self.repo.change_token()

    def watch(self, on_change: Callable[[], None], on_trouble: Callable[[str | None], None]) -> Callable[[], None] | None:
        return self.repo.watch(on_change, on_trouble)

    def memo(
        self, kind: str, tag: str, make: MakeMemo, fresh: bool = False, read: ReadMemo | None = None
    ) -> tuple[Snapshot, dict[str, Any], list[Any]]:
        # A memo is derived data the store may keep (the folder store's cache): no change of
        # the manager's, so reading through it is a read.
        return self.repo.memo(kind, tag, make, fresh, read)

    def journal(self) -> tuple[list[Entry], list[Entry]]:
        return self.repo.journal()

    def transaction(self) -> AbstractContextManager[Transaction]:
        raise ReadOnlyPortfolio(read_only_line(self.role))


class MemberRow(NamedTuple):
    """One manager's portfolio in the leader's view. The numbers are None when it could not be
    read (`problem` says why, one line)."""

    role: str
    team: str
    leader: bool
    active: int | None = None
    overdue: int | None = None
    untold: int | None = None
    weakest: str | None = None  # None also when the portfolio has no active client
    weakest_score: int | None = None
    kept: int | None = None  # commitments kept, of those answered, in the last KEPT_WEEKS weeks
    answered: int | None = None
    made: int | None = None  # commitments written in those weeks, answered or not
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A member as `coach team --json` prints it."""
        return {
            "role": self.role,
            "team": self.team,
            "leader": self.leader,
            "active_clients": self.active,
            "overdue": self.overdue,
            "untold": self.untold,
            "weakest_pillar": None if self.weakest is None else {"pillar": self.weakest, "score": self.weakest_score},
            "commitments": None
            if self.problem is not None
            else {"kept": self.kept, "answered": self.answered, "made": self.made, "weeks": KEPT_WEEKS},
            "problem": self.problem,
        }


# The leader's view's columns, as `coach team` prints them and the team screen shows them; the
# numeric ones are aligned right.
COLUMNS = ("Manager", "Team", "Active", "Overdue", "Untold", "Weakest pillar", "Kept 12w", "Made 12w")
NUMERIC = frozenset(("Active", "Overdue", "Untold", "Kept 12w", "Made 12w"))


def cells(row: MemberRow, unreadable: str = "-") -> tuple[str, ...]:
    """A row's cells as text, one for each of COLUMNS (roles and team names are the user's:
    shown literally). A portfolio that could not be read shows `unreadable` as its weakest
    pillar, "-" in every number."""
    from ..domain.models import PILLAR_SHORT

    name = visible(row.role) + (" (lead)" if row.leader else "")
    if row.problem is not None:
        return (name, visible(row.team), "-", "-", "-", unreadable, "-", "-")
    weakest = "-" if row.weakest is None else f"{PILLAR_SHORT[row.weakest]} {row.weakest_score}/100"
    kept = f"{row.kept}/{row.answered}" if row.answered else "-"
    return (name, visible(row.team), str(row.active), str(row.overdue), str(row.untold), weakest, kept, str(row.made))


class TeamOverview(NamedTuple):
    """The leader's view on a day: a row per member, by team then role."""

    today: date
    rows: list[MemberRow]

    def to_json(self) -> dict[str, Any]:
        return {"date": self.today.isoformat(), "members": [row.to_json() for row in self.rows]}


class TeamViews:
    """The leader's view over a `Team`."""

    def __init__(self, team: Team, today: Callable[[], date], now: Callable[[], datetime]) -> None:
        self.team = team
        self.today = today
        self.now = now

    def members(self) -> list[Member]:
        return sorted(self.team.members(), key=lambda m: (m.team.casefold(), not m.leader, m.role.casefold()))

    def open(self, role: str) -> Coach:
        """A Coach over `role`'s portfolio, read-only (every write refused with one line)."""
        members = self.team.members()
        if role not in {m.role for m in members}:
            known = ", ".join(sorted({visible(m.role) for m in members}, key=str.casefold)) or "none"
            raise NotFound(f"{visible(role)!r} is on no team you lead; members: {known}", "portfolio")
        return Coach(ReadOnly(self.team.portfolio(role), role), self.today, self.now)

    def overview(self) -> TeamOverview:
        """Every member's row. A portfolio that cannot be read is a row saying why; the others
        are still shown. A role on two teams is read once."""
        rows: list[MemberRow] = []
        read: dict[str, MemberRow] = {}
        for member in self.members():
            found = read.get(member.role)
            if found is None:
                found = read[member.role] = self._row(member)
            rows.append(found._replace(team=member.team, leader=member.leader))
        return TeamOverview(self.today(), rows)

    def _row(self, member: Member) -> MemberRow:
        row = MemberRow(member.role, member.team, member.leader)
        try:
            coach = Coach(ReadOnly(self.team.portfolio(member.role), member.role), self.today, self.now)
            agenda, head = coach.portfolio.status()
            weakest = agenda.weakest
        except CoachError as error:
            return row._replace(problem=str(error))
        today = agenda.today
        window = [c for c in head.commitments if 0 <= (today - c.week).days < 7 * KEPT_WEEKS]
        kept = agenda.kept
        return row._replace(
            active=len(agenda.views),
            overdue=len(agenda.overdue),
            untold=agenda.untold,
            weakest=weakest,
            weakest_score=agenda.portfolio[weakest].score if weakest is not None else None,
            kept=kept.kept if kept is not None else 0,
            answered=kept.answered if kept is not None else 0,
            made=sum(1 for c in window if c.text.strip()),
        )


def leading(coach: Coach) -> TeamViews | None:
    """The leader's view of `coach`'s store, when it is a team store (None on a data folder)."""
    team = coach.team
    return None if team is None else TeamViews(team, coach.today, coach.now)


def no_team_line(team_store: bool = False) -> str:
    """What a team command says over a store with no team: a data folder, or a team database
    whose connected role leads no team."""
    if team_store:
        return (
            "you lead no team in this team database: its admin makes you a leader with "
            "`coach team add-member YOU --leader-of TEAM`"
        )
    return "no team here: the team view needs a team database (--db postgresql://...); a data folder holds one portfolio"


__all__ = [
    "COLUMNS",
    "NUMERIC",
    "cells",
    "ReadOnly",
    "ReadOnlyPortfolio",
    "read_only_line",
    "MemberRow",
    "TeamOverview",
    "TeamViews",
    "leading",
    "no_team_line",
]
