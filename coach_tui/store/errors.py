"""Store errors. Each message is one line a user can act on, naming the file involved."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import DataError


class StoreError(DataError):
    """Anything that stops coach from reading or writing its data safely."""


class CorruptFile(StoreError):
    """A data file that is not valid JSON or has the wrong shape. It is never overwritten."""

    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        if backup is not None:
            hint = f"newest backup: {backup} (run `coach restore` to put it back)"
        else:
            hint = "no backup of it exists yet"
        super().__init__(f"can't read {path}: {reason}; it was left untouched; {hint}")


class StoreBusy(StoreError):
    def __init__(self, root: Path, waited: float) -> None:
        self.root = root
        super().__init__(
            f"store busy: another coach process has held the lock on {root} for {waited:g}s; nothing was written, try again"
        )


class WriteFailed(StoreError):
    """A write that could not land. `saved` names the client file that did land when the
    failure came after it (the index is then rebuilt from it by the next reader)."""

    def __init__(self, path: Path, error: OSError, saved: Path | None = None) -> None:
        self.path = path
        self.error = error
        self.saved = saved
        reason = error.strerror or str(error)
        if saved is None:
            outcome = "nothing was changed"
        else:
            outcome = f"the change itself is saved in {saved} and the index is brought up to date from it"
        super().__init__(f"can't write {path}: {reason}; {outcome}")
