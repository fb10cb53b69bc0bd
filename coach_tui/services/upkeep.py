"""Looking after the data folder: which files read and what backups exist, putting a damaged
file back from its newest good backup (`coach restore`), verifying the whole folder (`coach
check`), and hearing what the store did by itself (an index rebuilt from the client files)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

# `listen` lives in the package (every command calls it, and this module's import is not
# needed for that): named here too, beside `notices`.
from . import listen

if TYPE_CHECKING:
    from ..store.check import CheckReport
    from ..store.restore import FileBackups
    from . import Coach


class Restored(NamedTuple):
    """What `coach restore` did, a line each; `complete` is False when a file it was asked to
    restore (or found damaged) was left as it was."""

    lines: list[str]
    complete: bool


def list_backups(root: Path) -> list[str]:
    """A line per data file (whether it reads, how many backups), then a line per backup."""
    from ..store.restore import list_backups as listing

    return listing(root)


def backups(root: Path) -> list[FileBackups]:
    """Every data file with its backups, each read to say whether it would restore."""
    from ..store.restore import backup_listing

    return backup_listing(root)


def restore(root: Path, name: str | None = None) -> Restored:
    """Put back `name` (or every file that can't be read, and a missing index) from its newest
    good backup, rebuilding the index from the client files; what was done, a line each."""
    from ..store.restore import restore as put_back

    report = put_back(root, name)
    return Restored(list(report), report.complete)


def check(root: Path) -> CheckReport:
    """Verify the data folder at `root` without changing it (see `store.check`)."""
    from ..store.check import check as verify

    return verify(root)


def notices(coach: Coach) -> list[str]:
    """What the store did by itself so far, a line each (for a UI that shows them later)."""
    said = getattr(coach.repo, "notices", [])
    return [line for line in said if isinstance(line, str)]


__all__ = ["Restored", "backups", "list_backups", "restore", "check", "listen", "notices"]
