"""People and touches: the client's stakeholders and our account team, and the conversations
between them (method.md, "Accounts in depth").

A person is named by id, by their number in the list, or by a unique part of their name.
Every change is one transaction that re-reads the client's file under the lock and changes
only what the caller names, so a change made meanwhile elsewhere is kept. Removing a person
removes the touches with them (a conversation with nobody means nothing); a person of ours
who took part in touches is taken off those touches.
"""

from __future__ import annotations

from datetime import date

from ..domain.account import Person, Touch
from ..domain.dates import parse_when
from ..domain.errors import InputError
from ..domain.models import History
from ..domain.validation import clean_line, clean_note, clean_person, parse_role, parse_touch_kind
from ..textsafe import visible
from .base import UseCases, find_named, new_id
from .read_models import PeopleView, PersonRow


def people_view(history: History, today: date) -> PeopleView:
    """The people of an account with the last touch of each (for ours, the last they took
    part in, and when they were last briefed on the plan)."""
    touches = sorted(history.touches, key=lambda t: (t.on, t.logged or t.on), reverse=True)
    briefed: dict[str, date] = {}
    team_briefed: date | None = None
    for share in history.plan.shares if history.plan else ():
        for pid in share.person_ids:
            briefed[pid] = max(briefed.get(pid, share.on), share.on)
        if share.with_team:
            team_briefed = max(team_briefed or share.on, share.on)
    rows: dict[bool, list[PersonRow]] = {True: [], False: []}
    for person in history.people:
        mine = [t for t in touches if (person.id in t.ours if person.ours else t.person_id == person.id)]
        when = briefed.get(person.id)
        if person.ours and team_briefed is not None:
            when = max(when or team_briefed, team_briefed)
        rows[person.ours].append(PersonRow(person, mine[0] if mine else None, len(mine), when if person.ours else None))
    for side in rows.values():
        side.sort(key=lambda r: (ROLE_ORDER.get(r.person.role, 99), r.person.name.casefold()))
    return PeopleView(history.client, rows[False], rows[True], touches, today)


ROLE_ORDER = {
    role: n
    for n, role in enumerate(
        ("decision-maker", "economic-buyer", "champion", "finance", "procurement", "user", "exec-sponsor", "delivery-lead")
    )
}


def find_person_in(history: History, query: str, ours: bool | None = None) -> Person:
    """A person of the account by id, number (as `coach person list` shows them) or name;
    `ours` limits the search to one side."""
    rows = people_view(history, date.min)
    listed = [r.person for r in (*rows.theirs, *rows.ours) if ours is None or r.person.ours == ours]
    side = {None: "", True: " in the account team", False: " among the client's people"}[ours]
    where = f"on {visible(history.client.name)}'s account{side}"
    return find_named(query, listed, lambda p: p.name, lambda p: p.id, "person", where)


def _unique(history: History, name: str, except_id: str | None = None) -> None:
    for p in history.people:
        if p.id != except_id and p.name.casefold() == name.casefold():
            side = "the account team" if p.ours else "the client's people"
            raise InputError(f"{visible(p.name)!r} is already among {side} on {visible(history.client.name)}'s account", "name")


class People(UseCases):
    """The people on an account and the touches with them."""

    def view(self, client_id: str) -> PeopleView:
        return people_view(self.repo.read_client(client_id), self.today())

    def find(self, client_id: str, query: str, ours: bool | None = None) -> Person:
        return find_person_in(self.repo.read_client(client_id), query, ours)

    def add(self, client_id: str, name: str, role: str, title: str = "", ours: bool | None = None) -> Person:
        """Add a person. `ours` None: the side the role says (`exec-sponsor` is ours)."""
        name = clean_person(name)
        role, side = parse_role(role, ours)
        title = clean_line(title, "title", "title")
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            _unique(history, name)
            person = Person(new_id(), client_id, name, role, title, side)
            txn.put_person(person)
        return person

    def edit(
        self,
        client_id: str,
        person_id: str,
        name: str | None = None,
        role: str | None = None,
        title: str | None = None,
        ours: bool | None = None,
    ) -> Person:
        """Change any of name, role, title, side; None leaves a field as stored."""
        clean_name = clean_person(name) if name is not None else None
        clean_title = clean_line(title, "title", "title") if title is not None else None
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            person = find_person_in(history, person_id)
            if role is None:
                new_role, side = parse_role(person.role, person.ours if ours is None else ours)
            elif ours is None:
                # The side the person is on, unless the role belongs to the other one only.
                try:
                    new_role, side = parse_role(role, person.ours)
                except InputError:
                    new_role, side = parse_role(role)
            else:
                new_role, side = parse_role(role, ours)
            if clean_name is not None:
                _unique(history, clean_name, except_id=person.id)
            changed = person._replace(
                name=clean_name if clean_name is not None else person.name,
                role=new_role,
                title=clean_title if clean_title is not None else person.title,
                ours=side,
            )
            txn.put_person(changed)
        return changed

    def remove(self, client_id: str, person_id: str) -> tuple[Person, int]:
        """Remove a person and the touches with them; how many touches went with them."""
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            person = find_person_in(history, person_id)
            removed = 0
            for touch in history.touches:
                if touch.person_id == person.id:
                    txn.delete_touch(client_id, touch.id)
                    removed += 1
                elif person.id in touch.ours:
                    txn.put_touch(touch._replace(ours=tuple(i for i in touch.ours if i != person.id)))
            txn.delete_person(client_id, person.id)
        return person, removed

    def log_touch(
        self,
        client_id: str,
        person: str,
        kind: str = "call",
        on: date | str | None = None,
        note: str = "",
        with_ours: tuple[str, ...] = (),
    ) -> tuple[Touch, Person, list[Person]]:
        """Log a touch with one of the client's people (by id, number or name), with which of
        our people took part. A touch happened: it can't be in the future."""
        kind = parse_touch_kind(kind)
        note = clean_note(note)
        today = self.today()
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            if isinstance(on, str):
                on = parse_when(on, today, history.client.added, "touches")
            on = on or today
            if on > today:
                raise InputError(f"{on.isoformat()} is in the future; a touch can only be logged once it happened", "date")
            them = find_person_in(history, person)
            if them.ours:
                raise InputError(
                    f"{visible(them.name)} is in our account team: a touch is with one of the client's people "
                    "(name ours with --with)",
                    "person",
                )
            ours = [find_person_in(history, q, ours=True) for q in with_ours]
            touch = Touch(new_id(), client_id, them.id, on, kind, note, tuple(dict.fromkeys(p.id for p in ours)), self.now())
            txn.put_touch(touch)
        return touch, them, ours

    def remove_touch(self, client_id: str, touch_id: str) -> None:
        with self.repo.transaction() as txn:
            if not any(t.id == touch_id for t in txn.history(client_id).touches):
                raise InputError("that touch is gone already (removed elsewhere)", "touch")
            txn.delete_touch(client_id, touch_id)


__all__ = ["People", "people_view", "find_person_in"]
