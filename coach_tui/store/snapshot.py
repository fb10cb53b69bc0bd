"""What a store's `read()` hands back: the index as domain objects (see `store.repository`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..domain.models import Assessment, Commitment, PillarWeek, TipShown
    from .repository import IndexEntry


class Snapshot(NamedTuple):
    """Everything in the index, as domain objects (a named tuple: `coach log` defines it, and
    a named tuple is defined faster than a dataclass)."""

    entries: list[IndexEntry]
    assessments: list[Assessment]
    commitments: list[Commitment]
    tips_shown: list[TipShown]
    settings: dict[str, Any]
    pillar_weeks: list[PillarWeek]

    def entry(self, client_id: str) -> IndexEntry | None:
        for e in self.entries:
            if e.client.id == client_id:
                return e
        return None


__all__ = ["Snapshot"]
