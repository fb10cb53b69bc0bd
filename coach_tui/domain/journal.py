"""The undo journal: what each change the user made did, record by record, and how to say it.

Every change the user makes (a card, a delivery, a client, a person, a touch, the account
plan, an opportunity, a week's scores, a commitment) is one `Entry`: the records it changed,
each as it was before and after (`Step`), and a short line saying what it did ("moved card
'Pilot' to Deliver"). Undo puts the befores back, redo the afters, and each refuses when the
records are no longer as the entry expects them (changed since, from another window or the
shell): putting them back would lose that change.

Bookkeeping the user did not make (tips shown, the weeks' pillar scores, settings) is not
journaled. The documents are the store's own JSON documents; `describe` reads the few fields
it names. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .account import STAGES
from .models import COLUMN_TITLES

Doc = dict[str, Any]

# The kinds of record the journal knows.
KINDS = ("client", "card", "delivery", "opportunity", "person", "touch", "plan", "assessment", "commitment")
KEEP = 100  # entries kept for undo (and as many for redo): older ones are dropped


@dataclass(frozen=True)
class Step:
    """One record a change touched: its kind, its client (None for a week's record), its key
    (its id, or the week for a week's record), and its document before and after (None: it
    did not exist)."""

    kind: str
    client_id: str | None
    key: str
    before: Doc | None
    after: Doc | None

    def to_dict(self) -> Doc:
        return {"kind": self.kind, "client": self.client_id, "key": self.key, "before": self.before, "after": self.after}

    def reversed(self) -> Step:
        return Step(self.kind, self.client_id, self.key, self.after, self.before)


@dataclass(frozen=True)
class Entry:
    """One change the user made: when, what it did in words, and the records it touched."""

    id: str
    at: datetime
    what: str
    steps: tuple[Step, ...]

    def to_dict(self) -> Doc:
        return {"id": self.id, "at": self.at.isoformat(), "what": self.what, "steps": [s.to_dict() for s in self.steps]}


def _quoted(text: Any) -> str:
    return repr(str(text))


def _day(text: Any) -> str:
    try:
        day = date.fromisoformat(str(text))
    except ValueError:
        return str(text)
    return f"{day.day} {day:%b %Y}"


def _owner(name: str) -> str:
    """A client's name as an owner: "Acme's", "Northwind Partners'"."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def _step_line(step: Step, client: str) -> str:
    """What one step did, in words."""
    before, after = step.before, step.after
    doc = after if after is not None else before
    assert doc is not None
    new, gone = before is None, after is None
    kind = step.kind
    if kind == "client":
        if new:
            return f"added client {client}"
        if gone:
            return f"removed client {client}"
        assert before is not None and after is not None
        if before.get("archived") != after.get("archived"):
            return f"{'archived' if after.get('archived') else 'unarchived'} {client}"
        if before.get("name") != after.get("name"):
            return f"renamed {before.get('name')} to {client}"
        return f"edited client {client}"
    if kind == "card":
        title = _quoted(doc.get("title"))
        column = COLUMN_TITLES.get(str(doc.get("column")), str(doc.get("column")))
        if new:
            return f"added card {title} to {column}"
        if gone:
            return f"deleted card {title}"
        assert before is not None and after is not None
        if before.get("column") != after.get("column"):
            return f"moved card {title} to {column}"
        if before.get("closed") is None and after.get("closed") is not None:
            return f"told the client about {title}" if after.get("column") == "steward" else f"closed card {title}"
        return f"edited card {title}"
    if kind == "delivery":
        on = _day(doc.get("on"))
        if new:
            return f"logged a delivery for {client} on {on}"
        if gone:
            return f"deleted the delivery of {on} for {client}"
        assert before is not None and after is not None
        if not before.get("told") and after.get("told"):
            return f"marked told the delivery of {on} for {client}"
        if before.get("told") and not after.get("told"):
            return f"marked not told the delivery of {on} for {client}"
        return f"edited the delivery of {on} for {client}"
    if kind == "opportunity":
        title = _quoted(doc.get("title"))
        if new:
            return f"added opportunity {title}"
        if gone:
            return f"deleted opportunity {title}"
        assert before is not None and after is not None
        if before.get("stage") != after.get("stage") and after.get("stage") in STAGES:
            return f"moved opportunity {title} to {after.get('stage')}"
        return f"edited opportunity {title}"
    if kind == "person":
        name = _quoted(doc.get("name"))
        team = "our account team" if doc.get("ours") else f"{_owner(client)} people"
        if new:
            return f"added {name} to {team}"
        if gone:
            return f"removed {name} from {team}"
        return f"edited {name} of {team}"
    if kind == "touch":
        on = _day(doc.get("on"))
        if new:
            return f"logged a touch with {client} on {on}"
        if gone:
            return f"deleted the touch of {on} with {client}"
        return f"edited the touch of {on} with {client}"
    if kind == "plan":
        was, now = before or {}, after or {}
        plan = f"{_owner(client)} account plan"
        if len(now.get("shares") or ()) > len(was.get("shares") or ()):
            return f"shared {plan}"
        if now.get("reviewed") != was.get("reviewed") and now.get("reviewed"):
            return f"reviewed {plan}"
        for part, noun in (("goals", "goal"), ("initiatives", "initiative")):
            item = _plan_item(was.get(part), now.get(part), noun, plan)
            if item:
                return item
        return f"edited {plan}"
    if kind == "assessment":
        return f"scored the week of {_day(step.key)}"
    # a commitment
    text = _quoted(doc.get("text"))
    if after is not None and after.get("carried") and not (before or {}).get("carried"):
        return f"carried {text} over to the week of {_day(step.key)}"
    if new or not (before or {}).get("text"):
        return f"committed to {text}"
    if gone:
        return f"removed the commitment {text}"
    assert before is not None and after is not None
    if before.get("kept") != after.get("kept"):
        kept = after.get("kept")
        return f"marked {text} {'kept' if kept else 'not kept' if kept is False else 'unanswered'}"
    return f"edited the commitment {text}"


def _plan_item(was: Any, now: Any, noun: str, plan: str) -> str | None:
    """What changed in a plan's goals or initiatives (documents with an id and a text): one
    added, removed or edited, in words; None when they are as they were."""
    old = {i.get("id"): i for i in was or () if isinstance(i, dict)}
    new = {i.get("id"): i for i in now or () if isinstance(i, dict)}
    for key, item in new.items():
        if key not in old:
            return f"added {noun} {_quoted(item.get('text'))} to {plan}"
    for key, item in old.items():
        if key not in new:
            return f"removed {noun} {_quoted(item.get('text'))} from {plan}"
    for key, item in new.items():
        if item != old[key]:
            return f"edited {noun} {_quoted(item.get('text'))} of {plan}"
    return None


# Which record says what a change was, when it touched several: a client before its people,
# a person before the touches removed with them, an opportunity or a delivery before the
# card that records its need or its stewardship.
LEAD = ("client", "person", "opportunity", "plan", "delivery", "card", "touch", "assessment", "commitment")


def _told(step: Step) -> bool:
    """A Steward card closed: the client was told."""
    before, after = step.before or {}, step.after or {}
    return (
        step.kind == "card"
        and after.get("column") == "steward"
        and before.get("closed") is None
        and after.get("closed") is not None
    )


def _moved(step: Step) -> bool:
    """A record that was there before and after, in another column."""
    return step.before is not None and step.after is not None and step.before.get("column") != step.after.get("column")


def _lead(steps: tuple[Step, ...] | list[Step]) -> Step:
    """The step that says what the change was: the first of the kind that leads (`LEAD`),
    except that a delivery marked told with its Steward card closed is the client told (the
    card says it: "told the client about 'Benchmark'")."""
    main = min(steps, key=lambda s: LEAD.index(s.kind) if s.kind in LEAD else len(LEAD))
    was, now = main.before or {}, main.after or {}
    if main.kind == "delivery" and not was.get("told") and now.get("told"):
        return next((s for s in steps if _told(s)), main)
    return main


def describe(steps: tuple[Step, ...] | list[Step], names: dict[str, str]) -> str:
    """A short line saying what a change did, from the records it touched: the record that
    leads (`_lead`: a deleted delivery, not the Steward card that went with it) says what the
    change was, and the others of its kind are counted; `names` gives each client's name by
    id."""
    if not steps:
        return "no change"
    main = _lead(steps)
    client = names.get(main.client_id or "", "a client")
    if main.kind == "delivery" and main.before is None:
        # A card moved and its delivery logged in one go (moved into Steward, `--log`).
        moved = next((s for s in steps if s.kind == "card" and _moved(s)), None)
        if moved is not None:
            return f"{_step_line(moved, client)} and logged its delivery"
    line = _step_line(main, client)
    alike = sum(1 for s in steps if s.kind == main.kind and s is not main)
    if alike:
        line += f" (and {alike} more)"
    return line


__all__ = ["Doc", "Step", "Entry", "KINDS", "KEEP", "describe"]
