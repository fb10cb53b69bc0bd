"""The undo journal's logic that both stores share: what a transaction's change did, as the
steps of a journal entry, and the replay of the last entry (undo) or of the last one undone
(redo). The folder store's transaction (`store.commit`) and the PostgreSQL store's
(`store.postgres.transaction`) each supply only what is their own: how they find a record as
they now hold it, put one back, and tell whether a client still holds records; and where their
journal is, as the messages name it.

A record is named by its kind, its client's id (None for a week's record) and its key (`Find`,
`PutBack`): the terms of `domain.journal.Step`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from typing import Any

from .. import clock
from ..domain.errors import InputError
from ..domain.journal import Entry, Step, describe
from .errors import StoreError
from .files import WrongShape
from .journal import Journal, check_record

# The record as the transaction now holds it (a copy), None if there is none.
Find = Callable[[str, str | None, str], dict[str, Any] | None]
# Put a record back as the document given (None: remove it).
PutBack = Callable[[str, str | None, str, dict[str, Any] | None], None]


def replay_last(
    journal: Journal,
    undo: bool,
    *,
    where: str,
    find: Find,
    put_back: PutBack,
    removed: Collection[str],
    holds_records: Callable[[str], bool],
    damaged_hint: str = "",
) -> Entry:
    """Undo (or redo) the last entry of `journal`: put back every record it changed as it was
    before (or after) it, if each is still as the entry left it; otherwise InputError, and
    nothing changes. `where` names the journal in a message (`damaged_hint`, said after a
    damaged entry, how to begin a new one); `removed` is the transaction's set of the clients it
    removes, which `put_back` keeps, read once every step is put back: such a client must hold
    no record (`holds_records`) added since."""
    verb = "undo" if undo else "redo"
    try:
        entry = journal.last(undo)
    except WrongShape as error:
        raise StoreError(f"can't {verb}: {where} holds a damaged {error}{damaged_hint}") from None
    if entry is None:
        raise InputError(f"nothing to {verb}", "journal")
    steps = [s.reversed() for s in reversed(entry.steps)] if undo else list(entry.steps)
    for step in steps:  # each step: `before` what must be there now, `after` what goes back
        if find(step.kind, step.client_id, step.key) != step.before:
            doc = step.before or step.after or {}
            named = doc.get("title") or doc.get("summary") or doc.get("name") or doc.get("text") or step.key
            raise InputError(
                f"can't {verb} {entry.what!r}: the {step.kind} {str(named)!r} changed since; "
                f"putting it back would lose that, so it stays as it is",
                "journal",
            )
    for step in steps:
        if step.after is not None:
            try:
                check_record(step, step.after)
            except WrongShape as error:
                raise StoreError(f"can't {verb} {entry.what!r}: {where} holds a damaged record ({error})") from None
        put_back(step.kind, step.client_id, step.key, step.after)
    for cid in removed:
        if holds_records(cid):
            raise InputError(f"can't {verb} {entry.what!r}: the client has records added since (archive it instead)", "journal")
    return entry


def changed_steps(
    before: dict[tuple[str, str | None, str], dict[str, Any] | None], find: Find, *, journaled: bool, replay: bool | None
) -> list[Step] | None:
    """The steps of a transaction's change: each record it touched (`before`: as it was before
    its first change, in the order touched) that is not as it was, from before to now. None
    when the journal stays as it is: a change not journaled, or one that changed nothing, and
    not an undo or a redo (`replay`: True for an undo, False for a redo)."""
    if replay is None and not (journaled and before):
        return None
    steps: list[Step] = []
    for (kind, cid, key), was in before.items():
        now = find(kind, cid, key)
        if now != was:
            steps.append(Step(kind, cid, key, was, now))
    if replay is None and not steps:
        return None
    return steps


def keep_change(journal: Journal, steps: list[Step], *, replay: bool | None, what: str | None, find: Find) -> None:
    """The journal as the transaction leaves it: the entry it undid or redid moved (`replay`),
    or its change added as a new entry of `steps`, said as `what` when given, else from the
    records changed (`domain.journal.describe`)."""
    if replay is not None:
        journal.move(replay)
        return
    names = {cid: _client_name(cid, steps, find) for cid in {s.client_id for s in steps} if cid is not None}
    at = clock.now().replace(microsecond=0)
    journal.add(Entry(os.urandom(6).hex(), at, what or describe(steps, names), tuple(steps)))


def _client_name(client_id: str, steps: list[Step], find: Find) -> str:
    doc = find("client", client_id, client_id)
    if doc is None:
        doc = next((s.before for s in steps if s.kind == "client" and s.client_id == client_id and s.before), None)
    return str(doc.get("name")) if doc else "a client"


__all__ = ["Find", "PutBack", "changed_steps", "keep_change", "replay_last"]
