"""What store tests share: where a client's index entry lives on disk."""

from __future__ import annotations

from pathlib import Path

from coach_tui.store.folder import FolderStore
from coach_tui.store.layout import shard_of


def entry_file(store: FolderStore, client_id: str) -> Path:
    """The index shard that holds the client's entry (its record and facts)."""
    return store.shard_path(shard_of(client_id))


__all__ = ["entry_file"]
