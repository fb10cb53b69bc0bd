"""The undo journal on disk: `journal.jsonl` in the data folder, the last changes the user made
(`domain.journal`), written by the same transaction as the change itself.

One JSON document a line: a header saying how many entries follow in each part, then the
changes that can be undone (oldest first), then those undone, which can be redone (the last
undone last):

    {"schema":1,"done":2,"undone":1}
    {"id":"…","at":"2026-11-25T10:02:11","what":"added card 'Pilot' to Plan","steps":[…]}
    {"id":"…","at":"2026-11-25T10:03:40","what":"moved card 'Pilot' to Deliver","steps":[…]}
    {"id":"…","at":"2026-11-25T10:01:05","what":"archived Acme","steps":[…]}

Why lines: a write adds, moves or drops whole lines without reading the entries (a JSON parse
of the whole journal at every `coach log` would cost more than the log). A new change empties
the undone part. Each part keeps at most `domain.journal.KEEP` entries, and the file at most
about `JOURNAL_BYTES` (the oldest entries go first), so a write costs the same at the
thousandth change as at the first.

The header is checked at every read (it must count the lines that follow); an entry is checked
whole (its shape: steps, kinds, ids, times) when it is used: undone, redone or listed; the
records it would put back are checked as every record is (`store.records`). `coach check`
checks them all (`journal_faults`), naming the line of each that does not read. The journal is
written last of a transaction's files, after the data: a crash between renames can lose the
entry of the change cut short (that change then can't be undone) but never leaves an entry for
a change that did not land; and whatever happened, undo refuses when the records are no longer
as the entry left them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain.journal import KEEP, KINDS, Entry, Step
from . import records as rec
from .files import WrongShape, corrupt, encode, parse_json, read_regular
from .layout import JOURNAL_NAME

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
    """The journal's lines: `done` (undoable, oldest first) and `undone` (redoable), each an
    entry's JSON, decoded only when it is used."""

    def __init__(self, done: list[bytes] | None = None, undone: list[bytes] | None = None) -> None:
        self.done = done or []
        self.undone = undone or []

    @classmethod
    def parse(cls, raw: bytes) -> Journal:
        """The journal in a file's bytes; ValueError when its header does not count its lines."""
        header, _, rest = raw.partition(b"\n")
        lines = rest.split(b"\n")
        if lines and not lines[-1]:
            lines.pop()
        try:
            head = json.loads(header)
        except ValueError:
            raise WrongShape("wrong shape (its first line is not a journal's header)") from None
        if type(head) is not dict or set(head) != {"schema", "done", "undone"}:
            raise WrongShape("wrong shape (its first line is not a journal's header)")
        if head["schema"] != JOURNAL_SCHEMA:
            raise WrongShape(f"wrong shape (a journal of schema {head['schema']!r}; this coach reads schema {JOURNAL_SCHEMA})")
        done, undone = head["done"], head["undone"]
        if type(done) is not int or type(undone) is not int or done < 0 or undone < 0 or done + undone != len(lines):
            raise WrongShape(f"wrong shape (its header counts {done!r} and {undone!r} entries, and {len(lines)} lines follow)")
        return cls(lines[:done], lines[done:])

    def add(self, entry: Entry) -> None:
        """A new change: kept for undo, and nothing is left to redo."""
        self.done = [*self.done, encode(entry.to_dict())][-KEEP:]
        self.undone = []

    def last(self, undo: bool) -> Entry | None:
        """The entry undo (or redo) would take, decoded and checked; None when there is none."""
        source = self.done if undo else self.undone
        return decode_entry(source[-1], len(self.done) if undo else len(self.done) + len(self.undone)) if source else None

    def move(self, undo: bool) -> None:
        """The last entry undone (from `done` to `undone`) or redone (back)."""
        source, target = (self.done, self.undone) if undo else (self.undone, self.done)
        target.append(source.pop())
        del target[:-KEEP]

    def entries(self) -> tuple[list[Entry], list[Entry]]:
        """Every entry, decoded and checked: (done, undone), each oldest first."""
        done = [decode_entry(line, n) for n, line in enumerate(self.done, 1)]
        return done, [decode_entry(line, n) for n, line in enumerate(self.undone, len(done) + 1)]

    def payload(self) -> bytes:
        """The file's bytes, at most about JOURNAL_BYTES: the oldest entries go first (a card
        with a long history makes big entries), the newest change is always kept."""
        size = sum(len(line) + 1 for line in (*self.done, *self.undone))
        while size > JOURNAL_BYTES and len(self.done) + len(self.undone) > 1:
            part = self.undone if self.undone and (not self.done or len(self.undone) > 1) else self.done
            size -= len(part.pop(0)) + 1
        header = json.dumps({"schema": JOURNAL_SCHEMA, "done": len(self.done), "undone": len(self.undone)})
        return b"\n".join([header.encode(), *self.done, *self.undone]) + b"\n"


def decode_entry(line: bytes, number: int) -> Entry:
    """An entry from its line (`number`, counted from the first after the header); WrongShape
    naming the line when it is not one."""
    try:
        return _entry(parse_json(line))
    except ValueError as error:
        raise WrongShape(f"entry {number}: {error}") from None


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


def read_journal(path: Path) -> Journal:
    """The journal in `path` (an empty one if there is none); CorruptFile if its header does
    not read (its entries are checked when used: `Journal.last`, `Journal.entries`)."""
    try:
        raw = read_regular(path)
        return Journal() if raw is None else Journal.parse(raw)
    except ValueError as error:
        raise corrupt(path, str(error), None) from None


def journal_faults(path: Path) -> list[tuple[int | None, str]]:
    """What `coach check` finds wrong with the journal at `path`, read as undo reads it and
    writing nothing: each (the line of the file it is on, the header being line 1; None for
    the file as a whole) and why. Nothing there is nothing wrong. The file is read only if it
    is a regular file (never a FIFO's writer awaited, never a link followed); the header must
    count the lines that follow, and every entry must be one undo would take: its shape, and
    every record it would put back, checked as every record coach reads is (`check_record`)."""
    try:
        raw = read_regular(path)
    except ValueError as error:  # not a regular file, or it did not read
        return [(None, str(error))]
    if raw is None:
        return []
    try:
        journal = Journal.parse(raw)
    except ValueError as error:
        return [(1, str(error))]
    faults: list[tuple[int | None, str]] = []
    for number, line in enumerate([*journal.done, *journal.undone], 2):
        try:
            if not line.strip():
                raise WrongShape("wrong shape (an empty line where an entry should be)")
            entry = _entry(parse_json(line))
            for step in entry.steps:
                for doc in (step.before, step.after):
                    if doc is not None:
                        check_record(step, doc)
        except ValueError as error:
            faults.append((number, str(error)))
    return faults


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


__all__ = [
    "JOURNAL_NAME",
    "JOURNAL_BYTES",
    "TABLES",
    "WEEKLY",
    "Journal",
    "decode_entry",
    "read_journal",
    "journal_faults",
    "check_record",
]
