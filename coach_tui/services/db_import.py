"""Moving in: a whole store copied into another, `coach db import DIR` (a data folder into the
team database).

Written against the `Repository` protocol only, so any store can be the source or the target.
The source is read whole first, with its own store's checks (a damaged file is refused with
the store's one line, naming it), as one moment of it (`exchange.read_whole`). Then everything
is written in one transaction of the target: all or nothing, whatever goes wrong, and one
change in the undo journal ("imported 12 clients from ~/coach"), so one `coach undo` takes it
back. The folder store keeps the newest change in its journal whatever its size, so the undo
is there right after the import; its byte cap drops that entry at the next change if it is
large, as it does after `coach import json`.

What decides, record by record (`exchange.write_records` writes, as `coach import json --merge`
does):
- a client the target lacks is added with every record it has; one it holds exactly as the
  source does is left as it is; one it holds with anything else (its record, or a card, a
  delivery, ... that differs, that one side lacks) is a conflict;
- a week's self-assessment, commitment or pillar scores: added, left, or a conflict alike;
- tips shown are added where the target has not shown them as often;
- the settings that change what the data means (the currency amounts are in, the day weeks
  begin on; an unset one is its default) must agree once the target holds data, or it is a
  conflict; the others (the theme, the week last prompted) are the target's own once it has
  them, and the source's when it has none.

Any conflict refuses the whole import, naming the first one, unless `replace`: the source's
copy then replaces the target's (a replaced client's records the source lacks are removed).
Hence idempotent: a second run finds every record as the first left it and changes nothing.
A dry run goes through the same steps and throws the transaction away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..domain.errors import InputError
from ..textsafe import visible
from .exchange import CLIENT_TABLES, TABLES, Counts, Records, read_whole, record_key, write_records

if TYPE_CHECKING:
    from ..domain.models import History
    from ..store.repository import Repository, Transaction
    from ..store.snapshot import Snapshot

# The weekly tables matched by their week; tips shown are a tally, never a conflict.
WEEK_TABLES = ("assessments", "commitments", "pillar_weeks")
WEEK_NOUNS = {"assessments": "self-assessment", "commitments": "commitment", "pillar_weeks": "pillar scores"}


def _meaning() -> dict[str, Any]:
    """The settings that change what the data means, with the value an unset one has."""
    from ..coaching.schedule import MONDAY
    from ..domain.money import DEFAULT_CURRENCY

    return {"currency": DEFAULT_CURRENCY, "first_weekday": MONDAY}


@dataclass
class Moved:
    """What `import_store` did (or, `dry_run`, would do): table by table, how many of the
    source's records were added, updated (replaced), left as they were, and how many of the
    target's records a replaced client lost; the settings set; the clients replaced."""

    source: str
    clients: int
    counts: dict[str, Counts] = field(default_factory=dict)
    settings: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.settings) or any(c.added or c.updated or c.removed for c in self.counts.values())

    @property
    def undoable(self) -> bool:
        """Whether `coach undo` takes it back: the journal keeps the records' changes, but not
        the bookkeeping (tips shown, pillar scores, settings), which an undo leaves."""
        kept = ("clients", *CLIENT_TABLES, "assessments", "commitments")
        return any(c.added or c.updated or c.removed for t, c in self.counts.items() if t in kept)

    def to_json(self) -> dict[str, Any]:
        tables = {
            table: {"added": c.added, "updated": c.updated, "removed": c.removed, "unchanged": c.unchanged}
            for table, c in self.counts.items()
        }
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "changed": self.changed,
            "undoable": self.undoable,
            "clients": self.clients,
            "tables": tables,
            "settings": list(self.settings),
            "replaced": list(self.replaced),
        }


class _DryRun(Exception):
    """Raised inside the transaction to leave it writing nothing, carrying what it found."""

    def __init__(self, moved: Moved) -> None:
        super().__init__("dry run")
        self.moved = moved


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _tables(h: History) -> dict[str, dict[tuple[str, ...], dict[str, Any]]]:
    """A client's records, table by table, by id, as documents. A plan holding nothing is no
    plan: the protocol can't remove a plan, so replacing a client that had one with a client
    that has none leaves an empty one, which must then compare equal."""
    from ..domain.account import Plan

    plans = [h.plan] if h.plan is not None and h.plan != Plan(h.client.id) else []
    records: dict[str, Any] = {
        "clients": [h.client],
        "cards": h.cards,
        "deliveries": h.deliveries,
        "people": h.people,
        "touches": h.touches,
        "plans": plans,
        "opportunities": h.opportunities,
    }
    return {table: {record_key(table, r): r.to_dict() for r in found} for table, found in records.items()}


def _conflicts(
    txn: Transaction, snapshot: Snapshot, histories: list[History], records: Records, where: str, into: str
) -> tuple[list[str], list[History], dict[str, Any]]:
    """What the target holds otherwise than the source: a line for each conflict, the source's
    clients concerned, and the settings to set (those the target lacks, and the ones that
    conflict, which only a replace sets)."""
    lines: list[str] = []
    where = visible(where)
    held = {e.client.id for e in snapshot.entries}
    clashing: list[History] = []
    for h in histories:
        if h.client.id in held and _tables(txn.history(h.client.id)) != _tables(h):
            clashing.append(h)
            lines.append(
                f"{into} already holds the client {visible(h.client.name)!r} (id {h.client.id}) with other records than {where}"
            )
    for table in WEEK_TABLES:
        theirs = {record_key(table, r): r.to_dict() for r in getattr(snapshot, table)}
        for record in getattr(records, table):
            before = theirs.get(record_key(table, record))
            if before is not None and before != record.to_dict():
                week = record.week.isoformat()
                lines.append(f"{into} holds another {WEEK_NOUNS[table]} for the week of {week} than {where}")
    settings: dict[str, Any] = {}
    defaults = _meaning()
    # A target that holds no data yet has nothing whose meaning a setting would change.
    empty = not (snapshot.entries or snapshot.assessments or snapshot.commitments)
    for key in sorted(records.settings.keys() | defaults.keys()):
        if key in defaults:  # an unset one is its default: a folder that set no currency is in €
            now, value = snapshot.settings.get(key, defaults[key]), records.settings.get(key, defaults[key])
            if now != value:
                settings[key] = value
                if not empty:
                    lines.append(f"{into} has the setting {key} {visible(repr(now))}, {where} has {visible(repr(value))}")
            elif key in records.settings and key not in snapshot.settings:
                settings[key] = value
        elif key not in snapshot.settings:
            settings[key] = records.settings[key]
    return lines, clashing, settings


def _clear_extra(txn: Transaction, h: History, counts: dict[str, Counts]) -> None:
    """Remove from the target's copy of a client what the source's copy lacks (a replace)."""
    from ..domain.account import Plan

    mine = _tables(h)
    theirs = _tables(txn.history(h.client.id))
    deletes = {
        "cards": txn.delete_card,
        "deliveries": txn.delete_delivery,
        "people": txn.delete_person,
        "touches": txn.delete_touch,
        "opportunities": txn.delete_opportunity,
    }
    for table in CLIENT_TABLES:
        for key in sorted(theirs[table].keys() - mine[table].keys()):
            counts[table].removed += 1
            if table == "plans":
                txn.put_plan(Plan(h.client.id))  # the nearest to no plan (see `_tables`)
            else:
                deletes[table](h.client.id, key[-1])


def import_store(
    source: Repository, target: Repository, where: str, into: str = "the target", replace: bool = False, dry_run: bool = False
) -> Moved:
    """Copy every record of `source` (named `where` in messages and in the journal) into
    `target` (`into`) in one transaction (see the module's docstring). InputError when a
    record conflicts and not `replace`: nothing is written."""
    if source is target:
        raise InputError(f"{visible(where)} is {into} itself: import another store", "source")
    snapshot, histories = read_whole(source, f"the import from {where}")
    records = Records.of(snapshot, histories)
    n = len(histories)
    try:
        with target.transaction() as txn:
            now = txn.snapshot()
            lines, clashing, settings = _conflicts(txn, now, histories, records, where, into)
            if lines and not replace:
                more = f" (and {_plural(len(lines) - 1, 'other conflict')})" if len(lines) > 1 else ""
                raise InputError(
                    f"{lines[0]}{more}; nothing was imported: add --replace to replace what {into} holds with {visible(where)}'s",
                    "replace",
                )
            counts = {table: Counts() for table in TABLES}
            for h in clashing:
                _clear_extra(txn, h, counts)
            records.settings = settings
            written = write_records(txn, now, records)
            for table, c in written.counts.items():
                counts[table].added, counts[table].updated, counts[table].unchanged = c.added, c.updated, c.unchanged
            moved = Moved(where, n, counts, sorted(settings), [h.client.name for h in clashing], dry_run)
            if dry_run:
                raise _DryRun(moved)
            txn.describe_change(f"imported {_plural(n, 'client')} from {where}")
    except _DryRun as dry:
        return dry.moved
    return moved


def import_folder(
    folder: str,
    target: Repository,
    into: str = "the target",
    replace: bool = False,
    dry_run: bool = False,
    notice: Callable[[str], None] | None = None,
) -> Moved:
    """`import_store` from the data folder `folder` (as typed), once it is known to be one:
    InputError when it is missing, not a folder, holds no index, or is the target's own
    folder. `notice` hears what the folder store does by itself as it reads (an index
    rebuilt from the client files, a folder of an older schema upgraded)."""
    import os
    from pathlib import Path

    from ..store.decode import INDEX_NAME
    from ..store.folder import FolderStore

    path = Path(folder).expanduser()
    shown = visible(str(path))
    accepted = f"name a coach data folder (one that holds {INDEX_NAME})"
    if not os.path.lexists(path):
        raise InputError(f"no folder {shown} to import: {accepted}", "dir")
    if not path.is_dir():
        raise InputError(f"{shown} is not a folder: {accepted}", "dir")
    if not (path / INDEX_NAME).is_file():
        raise InputError(f"{shown} is not a coach data folder: it holds no {INDEX_NAME}", "dir")
    root = getattr(target, "root", None)
    if isinstance(root, Path) and root.exists() and os.path.samefile(path, root):
        raise InputError(f"{shown} is the data folder it would be imported into: name another folder", "dir")
    source = FolderStore(path)
    source.on_notice = notice
    return import_store(source, target, folder, into, replace=replace, dry_run=dry_run)


__all__ = ["Moved", "import_store", "import_folder"]
