"""Looking after the data folder: which files read and what backups exist, and putting a
damaged file back from its newest good backup (`coach restore`)."""

from __future__ import annotations

from pathlib import Path


def list_backups(root: Path) -> list[str]:
    """A line per data file (whether it reads, how many backups), then a line per backup."""
    from ..store.restore import list_backups as listing

    return listing(root)


def restore(root: Path, name: str | None = None) -> list[str]:
    """Put back `name` (or every file that can't be read) from its newest good backup; what
    was done, a line each."""
    from ..store.restore import restore as put_back

    return put_back(root, name)


__all__ = ["list_backups", "restore"]
