"""A team without PostgreSQL, for the leader's view's tests: a `Team` (store.repository) whose
members' portfolios are data folders, one a manager, filled from the demo portfolio.

- "lea" leads "North" (ana, ben) and "South" (ben again, cy): ben is on two teams.
- ana holds the demo's first six clients and its commitments as they are (three kept of five
  answered, one unanswered: six written in the last 12 weeks);
- ben the demo's other six clients (one archived) and commitments of his own (three kept of
  three answered in the window, one written 13 weeks ago, outside it);
- cy no client and no commitment;
- lea (the leader) a data folder of her own, holding one client.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coach_tui.domain.dates import week_start
from coach_tui.domain.models import Cadence, Client, Commitment
from coach_tui.services import Coach
from coach_tui.services.demo import load_demo, populate
from coach_tui.store.errors import StoreError
from coach_tui.store.folder import FolderStore
from coach_tui.store.repository import Member, Repository

MEMBERS = [
    Member("lea", "North", True),
    Member("ana", "North"),
    Member("ben", "North"),
    Member("lea", "South", True),
    Member("ben", "South"),
    Member("cy", "South"),
]


class FolderTeam:
    """A `Team` over data folders: `root/ROLE` is ROLE's portfolio."""

    def __init__(self, root: Path, members: list[Member]) -> None:
        self.root = root
        self._members = members
        self.opened: list[str] = []  # the roles whose portfolio was asked for, in order

    def members(self) -> list[Member]:
        return list(self._members)

    def portfolio(self, role: str) -> Repository:
        if role not in {m.role for m in self._members}:
            raise StoreError(f"{role!r} is on no team you lead")
        self.opened.append(role)
        return FolderStore(self.root / role, lock_timeout=5.0)


def _demo_part(demo: dict[str, Any], clients: slice, commitments: list[dict[str, Any]]) -> dict[str, Any]:
    return {**demo, "clients": demo["clients"][clients], "commitments": commitments}


def make_team(root: Path, today: date) -> FolderTeam:
    """The team above, written as of `today` under `root`."""
    demo = load_demo()
    populate(FolderStore(root / "ana"), today, _demo_part(demo, slice(0, 6), demo["commitments"]))
    ben = [
        {"weeks_ago": 1, "text": "Call Tessellate's CFO", "kept": True},
        {"weeks_ago": 2, "text": "Send Kestrel the grid study", "kept": True},
        {"weeks_ago": 11, "text": "Plan Atlas's renewal", "kept": True},
        {"weeks_ago": 13, "text": "Too long ago to count", "kept": False},
    ]
    populate(FolderStore(root / "ben"), today, _demo_part(demo, slice(6, 12), ben))
    FolderStore(root / "cy").ensure()
    lea = FolderStore(root / "lea")
    with lea.transaction() as txn:
        txn.put_client(Client("lea000000001", "Lea's Own Account", today - timedelta(days=3), Cadence.from_str("14d")))
        txn.put_commitment(Commitment(week_start(today), "Review the team's portfolios", None))
    return FolderTeam(root, MEMBERS)


def team_coach(root: Path, today: date) -> Coach:
    """The leader's Coach: her own data folder, and the team."""
    team = make_team(root, today)
    return Coach(FolderStore(root / "lea", lock_timeout=5.0), team=team)
