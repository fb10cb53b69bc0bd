"""TinyDB over data held in memory, for the changes a transaction makes under the lock.

A TinyDB storage that reads a file once per transaction and writes it only at commit.
Why not TinyDB's JSONStorage: it treats a 0-byte file as an empty database, overwrites in
place (a crash mid-write leaves half a file), and has no locking (tinydb#6, #72, #341).

A module of its own so that reading the store (the dashboard, `coach status`) never
imports TinyDB: only writes need it.
"""

from __future__ import annotations

from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage


class TxnStorage(Storage):
    """A TinyDB storage over data already read under the lock.

    TinyDB re-reads its storage on every table operation; here reads hit memory, writes
    update memory and mark the file dirty, and the store writes dirty files atomically when
    the transaction commits (before anything is reported to the user).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


def memory_db(data: dict[str, Any], dirty: bool = False) -> TinyDB:
    """A TinyDB over `data`; `dirty` marks it as needing to be written back."""
    db = TinyDB(storage=TxnStorage, data=data)
    storage_of(db).dirty = dirty
    return db


def storage_of(db: TinyDB) -> TxnStorage:
    """The storage of a TinyDB made by `memory_db` (TinyDB types it as any Storage)."""
    storage = db.storage
    assert isinstance(storage, TxnStorage)
    return storage


def where() -> Query:
    """A fresh TinyDB query (`where().id == "c1"`)."""
    return Query()


__all__ = ["TxnStorage", "memory_db", "storage_of", "where"]
