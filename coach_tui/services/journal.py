"""Undo and redo, across every screen, the shell and restarts: the journal the store keeps of
the changes the user made (`domain.journal`, `store.journal`).

Every change any use case makes is journaled by the store's transaction itself, so a new use
case is undoable without a line here. `undo()` puts back the records of the last change as
they were before it, `redo()` those of the last change undone; each is one transaction that
refuses, and writes nothing, when a record is no longer as the change (or the undo) left it:
putting it back would lose what changed since (from another window or the shell).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import UseCases

if TYPE_CHECKING:
    from ..domain.journal import Entry


class Journal(UseCases):
    """The undo journal: undo, redo, and the recent changes."""

    def undo(self) -> Entry:
        """Undo the last change made (here, in another window or from the shell); the entry
        undone. InputError when there is nothing to undo or its records changed since."""
        with self.repo.transaction() as txn:
            return txn.undo()

    def redo(self) -> Entry:
        """Redo the last change undone; the entry redone."""
        with self.repo.transaction() as txn:
            return txn.redo()

    def recent(self) -> tuple[list[Entry], list[Entry]]:
        """The changes that can be undone and those that can be redone, each newest first."""
        done, undone = self.repo.journal()
        return done[::-1], undone[::-1]


__all__ = ["Journal"]
