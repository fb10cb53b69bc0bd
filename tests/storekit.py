"""What store tests share: where a client's index entry lives on disk, and what the data says
whatever the order of the records in their files (to prove an undo puts back exactly what was)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coach_tui.store.folder import FolderStore
from coach_tui.store.layout import shard_of


def entry_file(store: FolderStore, client_id: str) -> Path:
    """The index shard that holds the client's entry (its record and facts)."""
    return store.shard_path(shard_of(client_id))


def _doc(record: Any) -> Any:
    if isinstance(record, list):
        return sorted(_doc(r) for r in record)  # a record put back comes last in its table
    return json.dumps(record.to_dict(), sort_keys=True) if hasattr(record, "to_dict") else repr(record)


def semantic(store: FolderStore) -> Any:
    """What the data says, whatever the order of the records in their files: every client's
    record and history, the weeks' self-assessments and the commitments."""
    snapshot = store.read()
    return (
        sorted((e.client.to_dict()["id"], json.dumps(e.client.to_dict(), sort_keys=True)) for e in snapshot.entries),
        {e.client.id: [_doc(part) for part in store.read_client(e.client.id)] for e in snapshot.entries},
        sorted(json.dumps(a.to_dict(), sort_keys=True) for a in snapshot.assessments),
        sorted(json.dumps(c.to_dict(), sort_keys=True) for c in snapshot.commitments),
    )


__all__ = ["entry_file", "semantic"]
