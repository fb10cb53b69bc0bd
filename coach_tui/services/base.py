"""What every use-case area shares: the repository it reads and writes through, and the
clock (injected, so tests and the demo freeze the day)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from ..domain.errors import InputError, NotFound
from ..domain.validation import match_names
from ..textsafe import visible

if TYPE_CHECKING:
    from ..store.repository import Repository

T = TypeVar("T")


def new_id() -> str:
    """A new record id: 12 hex digits, random."""
    return os.urandom(6).hex()


def find_named(query: str, items: Sequence[T], name: Callable[[T], str], ident: Callable[[T], str], what: str, where: str) -> T:
    """The one item `query` means: its id, its number as listed (`2`), an exact name, else a
    unique prefix, else a unique part of a name, in any case. `what` names the kind ("person")
    and `where` the place ("on Acme's account") for the messages."""
    typed = query.strip()
    found = [i for i in items if ident(i) == typed]
    if not found and typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(items):
        found = [items[int(typed) - 1]]
    found = found or match_names(typed, items, name)
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(repr(visible(name(i))) for i in found[:5])
        raise InputError(f"{visible(query)!r} matches {len(found)} {what}s {where}: {names}; type more of it", what)
    raise NotFound(f"no {what} matches {visible(query)!r} {where}", what)


class UseCases:
    """One area of use cases over a repository."""

    def __init__(self, repo: Repository, today: Callable[[], date], now: Callable[[], datetime]) -> None:
        self.repo = repo
        self.today = today
        self.now = now


__all__ = ["UseCases", "new_id", "find_named"]
