"""The stewardship report ("tell them what we did") and marking its Steward cards told, for
`coach report` and the report screen alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..domain.errors import InputError
from ..domain.models import Client
from .base import UseCases
from .board import tell_in

if TYPE_CHECKING:
    from ..coaching.report import Report


class Reports(UseCases):
    """Building a client's report and marking what it told."""

    def build(self, client_id: str, since: str, fmt: str = "md") -> tuple[Client, Report]:
        """The client and its report over `since` (`90d`, `3m`, a date) to today."""
        from ..coaching.report import build_report, parse_since

        today = self.today()
        start = parse_since(since, today)
        history = self.repo.read_client(client_id)
        return history.client, build_report(history, start, today, fmt)  # type: ignore[arg-type]

    def mark_told(self, client_id: str, card_ids: Iterable[str]) -> int:
        """Mark the report's Steward cards told, all in one write; a card told elsewhere since
        the report was built (the TUI, another shell) is skipped. How many were marked."""
        told = 0
        with self.repo.transaction() as txn:
            moment = self.now()
            for card_id in card_ids:
                try:
                    tell_in(txn, txn.history(client_id), card_id, moment)
                except InputError:
                    continue
                told += 1
        return told


__all__ = ["Reports"]
