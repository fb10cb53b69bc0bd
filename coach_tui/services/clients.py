"""Clients: add one, change its record, archive it and bring it back.

Every change is checked first (the domain's validators, so a form and the CLI judge a value
the same way), then made in one transaction that re-reads the client under the lock: only the
fields the caller names are changed, so a change made meanwhile by another process to any
other field is kept.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..domain.account import Person
from ..domain.dates import parse_day
from ..domain.errors import InputError, NotFound
from ..domain.models import Cadence, Client
from ..domain.money import parse_money
from ..domain.validation import as_cadence, clean_name, clean_person, parse_tier
from ..textsafe import visible
from .base import UseCases, new_id
from .read_models import ClientNotes

if TYPE_CHECKING:
    from ..store.snapshot import Snapshot


def check_unique(name: str, snapshot: Snapshot, except_id: str | None = None) -> None:
    """No two clients share a name (in any case)."""
    for e in snapshot.entries:
        if e.client.id != except_id and e.client.name.casefold() == name.casefold():
            raise InputError(f"a client named {visible(e.client.name)!r} already exists", "name")


def clean_client_fields(changes: dict[str, Any], today: date) -> dict[str, Any]:
    """The fields given (None means "leave it"), each checked: name, cadence, tier, archived,
    revenue (typed money; "" clears it), renewal (a day, ahead or past; "" clears it)."""
    clean: dict[str, Any] = {}
    if changes.get("name") is not None:
        clean["name"] = clean_name(changes["name"])
    if changes.get("cadence") is not None:
        clean["cadence"] = as_cadence(changes["cadence"])
    if changes.get("tier") is not None:
        clean["tier"] = parse_tier(changes["tier"])
    if changes.get("archived") is not None:
        clean["archived"] = bool(changes["archived"])
    revenue = changes.get("revenue")
    if revenue is not None:
        clean["revenue"] = revenue if isinstance(revenue, int) else (parse_money(revenue, "revenue") if revenue.strip() else None)
    renewal = changes.get("renewal")
    if renewal is not None:
        clean["renewal"] = (
            renewal if isinstance(renewal, date) else (parse_day(renewal, today, "renewal date") if renewal.strip() else None)
        )
    unknown = set(changes) - {"name", "cadence", "tier", "archived", "revenue", "renewal"}
    if unknown:
        raise TypeError(f"not a client field: {', '.join(sorted(unknown))}")
    return clean


class Clients(UseCases):
    """Adding, editing, archiving and unarchiving clients."""

    def add(
        self,
        name: str,
        cadence: str | Cadence = "14d",
        tier: str = "B",
        sponsor: str = "",
        added: date | None = None,
        revenue: str | int | None = None,
        renewal: str | date | None = None,
    ) -> Client:
        """Add a client; `sponsor` names our executive sponsor for it (a person of the account
        team), if given."""
        fields = clean_client_fields(
            {"name": name, "cadence": cadence, "tier": tier, "revenue": revenue, "renewal": renewal}, self.today()
        )
        named = clean_person(sponsor, "sponsor") if sponsor.strip() else None
        client = Client(id=new_id(), added=added or self.today(), **fields)
        with self.repo.transaction() as txn:
            check_unique(client.name, txn.snapshot())
            txn.put_client(client)
            if named is not None:
                txn.put_person(Person(new_id(), client.id, named, "exec-sponsor", "", True))
        return client

    def edit(self, client_id: str, **changes: Any) -> Client:
        """Change any of name, cadence, tier, archived, revenue, renewal; None leaves a field."""
        clean = clean_client_fields(changes, self.today())
        with self.repo.transaction() as txn:
            snapshot = txn.snapshot()
            if snapshot.entry(client_id) is None:
                raise NotFound(f"no client with id {client_id}", "client")
            if "name" in clean:
                check_unique(clean["name"], snapshot, except_id=client_id)
            client = txn.history(client_id).client
            for key, value in clean.items():
                setattr(client, key, value)
            txn.put_client(client)
        return client

    def archive(self, client_id: str, archived: bool = True) -> Client:
        return self.edit(client_id, archived=archived)

    def unarchive(self, client_id: str) -> Client:
        """Bring an archived client back to the review, its history as it was (only the flag
        changes, under the lock: a change made meanwhile to any other field is kept)."""
        return self.edit(client_id, archived=False)

    def archived(self) -> list[Client]:
        """The archived clients, by name."""
        found = [e.client for e in self.repo.read().entries if e.client.archived]
        return sorted(found, key=lambda c: c.name.casefold())

    def notes(self, client_id: str) -> ClientNotes:
        """What the dashboard's detail pane shows beside the index's facts: the client's last
        value-add with its summary, and our exec sponsor's name (one client's file)."""
        history = self.repo.read_client(client_id)
        value_adds = [d for d in history.deliveries if d.is_value_add]
        last = max(value_adds, key=lambda d: (d.on, d.logged), default=None)
        sponsor = next((p.name for p in history.people if p.ours and p.role == "exec-sponsor"), None)
        return ClientNotes(client_id, last, sponsor)


__all__ = ["Clients", "ClientNotes", "check_unique", "clean_client_fields"]
