"""The undo journal on disk: `journal.json` in the data folder, the last changes the user made
(`domain.journal`), written by the same transaction as the change itself.

    {"schema": 1, "done": [entry, ...], "undone": [entry, ...]}

`done` holds the changes that can be undone, oldest first; `undone` those undone, which can be
redone, the last undone last. A new change empties `undone`. Each list keeps at most
`domain.journal.KEEP` entries, and the file at most about `JOURNAL_BYTES` (the oldest entries
go first), so a write costs the same at the thousandth change as at the first.

The file is checked whole when read (its shape: entries, steps, kinds, ids, times); the records
an entry would put back are checked as every record is (`store.records`) when they are put
back. The journal is written last of a transaction's files, after the data: a crash between
renames can lose the entry of the change cut short (that change then can't be undone) but
never leaves an entry for a change that did not land; and whatever happened, undo refuses
when the records are no longer as the entry left them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain.journal import KEEP, KINDS, Entry, Step
from . import records as rec
from .files import WrongShape, corrupt, encode, parse_json, read_regular

JOURNAL_NAME = "journal.json"
JOURNAL_SCHEMA = 1
JOURNAL_BYTES = 256 * 1024  # what a write may spend reading and writing the journal

ENTRY_FIELDS = frozenset(("id", "at", "what", "steps"))
STEP_FIELDS = frozenset(("kind", "client", "key", "before", "after"))
# Each kind's table in its file (a client's file, or the index for a week's record) and the
# checked decoder of its documents.
TABLES = {
    "client": "client",
    "card": "cards",
    "delivery": "deliveries",
    "person": "people",
    "touch": "touches",
    "plan": "plan",
    "opportunity": "opportunities",
    "assessment": "assessments",
    "commitment": "commitments",
}
WEEKLY = frozenset(("assessment", "commitment"))  # kept in the index, keyed by their week
CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "client": lambda doc, _cid: rec.client(doc),
    "card": rec.card,
    "delivery": rec.delivery,
    "person": rec.person,
    "touch": rec.touch,
    "plan": rec.plan,
    "opportunity": rec.opportunity,
    "assessment": lambda doc, _cid: rec.assessment(doc),
    "commitment": lambda doc, _cid: rec.commitment(doc),
}


class Journal:
    """The journal's entries: `done` (undoable, oldest first) and `undone` (redoable)."""

    def __init__(self, done: list[Entry] | None = None, undone: list[Entry] | None = None) -> None:
        self.done = done or []
        self.undone = undone or []

    def add(self, entry: Entry) -> None:
        """A new change: kept for undo, and nothing is left to redo."""
        self.done = [*self.done, entry][-KEEP:]
        self.undone = []

    def moved(self, entry_id: str, undo: bool) -> Entry:
        """The entry undone (from `done` to `undone`) or redone (back)."""
        source, target = (self.done, self.undone) if undo else (self.undone, self.done)
        entry = next(e for e in source if e.id == entry_id)
        source.remove(entry)
        target.append(entry)
        del target[:-KEEP]
        return entry

    def to_dict(self) -> dict[str, Any]:
        return {"schema": JOURNAL_SCHEMA, "done": [e.to_dict() for e in self.done], "undone": [e.to_dict() for e in self.undone]}

    def payload(self) -> bytes:
        """The file's bytes, at most about JOURNAL_BYTES: the oldest entries go first (a card
        with a long history makes big entries), the newest change is always kept."""
        payload = encode(self.to_dict())
        while len(payload) > JOURNAL_BYTES and len(self.done) + len(self.undone) > 1:
            if self.undone and (not self.done or len(self.undone) > 1):
                del self.undone[0]
            else:
                del self.done[0]
            payload = encode(self.to_dict())
        return payload


def _doc(value: Any, what: str, field: str) -> dict[str, Any] | None:
    if value is None or type(value) is dict:
        return value
    raise WrongShape(f"wrong shape ({what} {field!r} is not null or an object)")


def _step(raw: Any) -> Step:
    doc = rec.fields(raw, STEP_FIELDS, "a journal step")
    kind = rec.one_of(doc.get("kind"), KINDS, "a journal step", "kind")
    client = rec.link(doc.get("client"), "a journal step", "client")
    key = rec.text(doc.get("key"), "a journal step", "key")
    before, after = _doc(doc.get("before"), "a journal step", "before"), _doc(doc.get("after"), "a journal step", "after")
    if before is None and after is None:
        raise WrongShape("wrong shape (a journal step holds no record)")
    if (client is None) != (kind in WEEKLY):
        raise WrongShape(f"wrong shape (a journal step of a {kind} has the wrong 'client')")
    return Step(kind, client, key, before, after)


def _entry(raw: Any) -> Entry:
    doc = rec.fields(raw, ENTRY_FIELDS, "a journal entry")
    steps = doc.get("steps")
    if type(steps) is not list or not steps:
        raise WrongShape("wrong shape (a journal entry's 'steps' is not a list of steps)")
    return Entry(
        rec.ident(doc.get("id"), "a journal entry", "id"),
        rec.moment(doc.get("at"), "a journal entry", "at"),
        rec.text(doc.get("what"), "a journal entry", "what"),
        tuple(_step(s) for s in steps),
    )


def decode_journal(data: Any) -> Journal:
    """The journal from its file's data; WrongShape (a ValueError) naming what is wrong."""
    if type(data) is not dict or set(data) != {"schema", "done", "undone"}:
        raise WrongShape("wrong shape (not a journal: an object of 'schema', 'done' and 'undone')")
    if data["schema"] != JOURNAL_SCHEMA:
        raise WrongShape(f"wrong shape (a journal of schema {data['schema']!r}; this coach reads schema {JOURNAL_SCHEMA})")
    lists = data["done"], data["undone"]
    if any(type(found) is not list for found in lists):
        raise WrongShape("wrong shape (the journal's 'done' and 'undone' are not lists)")
    return Journal([_entry(e) for e in lists[0]], [_entry(e) for e in lists[1]])


def read_journal(path: Path) -> Journal:
    """The journal in `path` (an empty one if there is none); CorruptFile if it does not read
    (decoded once: each write reads it)."""
    try:
        raw = read_regular(path)
        return Journal() if raw is None else decode_journal(parse_json(raw))
    except ValueError as error:
        raise corrupt(path, str(error), None) from None


def check_record(step: Step, doc: dict[str, Any]) -> None:
    """A record an entry would put back, checked as every record coach reads is (WrongShape);
    it must be the record the step names."""
    CHECKS[step.kind](doc, step.client_id or "")
    if step.kind in WEEKLY:
        ok = doc.get("week") == step.key
    elif step.kind == "plan":
        ok = doc.get("client_id") == step.client_id
    else:
        ok = doc.get("id") == step.key
    if not ok:
        raise WrongShape(f"wrong shape (a journal step's record is not the {step.kind} {step.key})")


__all__ = ["JOURNAL_NAME", "TABLES", "WEEKLY", "Journal", "decode_journal", "read_journal", "check_record"]
