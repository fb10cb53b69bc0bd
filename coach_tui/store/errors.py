"""Store errors. Each message is one line a user can act on, naming the file involved, and
says the truth about what can be done: a damaged file is offered its newest good backup (or
told how many backups exist when none reads), a file coach may not read is a permission
problem, which no restore would fix."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import DataError


class StoreError(DataError):
    """Anything that stops coach from reading or writing its data safely."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class CorruptFile(StoreError):
    """A data file that is not valid JSON, has the wrong shape, or is no regular file. It is
    never overwritten. `backups` counts the backups of it that exist (readable or not);
    `rebuilds` says `coach restore` can rebuild it from other files (the index, from the
    client files) when no backup of it reads."""

    def __init__(self, path: Path, reason: str, backup: Path | None, backups: int = 0, rebuilds: bool = False) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        self.backups = backups
        if backup is not None:
            hint = f"newest good backup: {backup} (run `coach restore` to put it back"
            if rebuilds:
                hint += (
                    ": it keeps your weekly entries and settings, which the client files do not hold, "
                    "and takes every client from its file"
                )
            hint += ")"
        elif rebuilds and path.name != "coach.json":
            # An index shard: derived data only, kept without backups.
            hint = "`coach restore` rebuilds it from the client files, which hold everything it holds"
        else:
            hint = f"none of its {_plural(backups, 'backup')} reads either" if backups else "no backup of it exists yet"
            if rebuilds:
                hint += "; `coach restore` rebuilds it from the client files (weekly entries and settings are not in them)"
            else:
                hint += "; it needs repairing by hand"
        super().__init__(f"can't read {path}: {reason}; it was left untouched; {hint}")


class PermissionDenied(StoreError):
    """A data file coach is not allowed to read: a matter of owner and mode, which putting a
    backup in its place would not fix (it would only roll the file back a version)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"can't read {path}: permission denied; check its owner and mode (coach's files are yours alone, "
            "mode 0600, in folders of mode 0700); it was left untouched"
        )


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


class FolderRefused(StoreError):
    """A folder or a special file of the store that is not what coach expects (a symbolic
    link where a folder belongs, a FIFO in place of the lock): coach writes nothing there."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        super().__init__(
            f"can't use {path}: {what}; coach opens only regular files and folders inside its data folder "
            "and follows no link out of it; nothing was changed"
        )
