"""The teams the connected role leads, in a team database: the `Team` (store.repository) the
leader's view reads (`services.team`).

Who leads which team is coach_member's (`leader_of`); the members of a team are the roles whose
`team` it is, and its leaders. Each member's portfolio is a `PostgresStore` over the same
database with `portfolio=ROLE`, reading through the leader's own connections: the database's
rights (002_rights.sql, then 004 and 005) let a leader read their team's clients, weekly loop
and settings, and write none of it; the leader's memos of each portfolio are the leader's own
(005_memo.sql).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...textsafe import visible
from ..errors import StoreError
from ..repository import Member

if TYPE_CHECKING:
    from .store import PostgresStore

# The teams the connected role leads, each with its members and leaders, by team then role.
# One query: coach_member is small, and every member may read it.
MEMBERS = (
    "select t.name, m.role, coalesce(m.leader_of = t.name, false) "
    "from coach_member me join coach_member m on m.team = me.leader_of or m.leader_of = me.leader_of "
    "join coach_team t on t.name = me.leader_of "
    "where me.role = current_user order by t.name, m.role"
)
# Whether the connected role leads a team at all: asked once, when the app or a command first
# wants its team (`services.open_coach`).
LEADS = "select exists (select from coach_member where role = current_user and leader_of is not null)"


class PostgresTeam:
    """The teams `store`'s role leads: their members, and each one's portfolio to read."""

    def __init__(self, store: PostgresStore) -> None:
        self.store = store
        self._known: set[str] | None = None  # the members as last read

    def members(self) -> list[Member]:
        found = [Member(str(role), str(team), bool(leader)) for team, role, leader in self.store.rows(MEMBERS, {})]
        self._known = {m.role for m in found}
        return found

    def portfolio(self, role: str) -> PostgresStore:
        """`role`'s portfolio to read, through the leader's own connections. The members are
        those last read (the leader's view reads them, then each portfolio), else read now."""
        from .store import PostgresStore

        known = self._known if self._known is not None else {m.role for m in self.members()}
        if role not in known:
            raise StoreError(f"{visible(role)!r} is on no team you lead in the database at {self.store.server}")
        return PostgresStore(self.store.dsn, portfolio=role, today=self.store.today, connections=self.store)


def team_of(store: PostgresStore) -> PostgresTeam | None:
    """The teams `store`'s role leads, or None when it leads none (one query)."""
    row = store.row(LEADS, {})
    return PostgresTeam(store) if row is not None and row[0] else None


__all__ = ["PostgresTeam", "team_of"]
