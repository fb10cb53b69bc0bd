"""Opportunities: where a client could grow with us (method.md, "Accounts in depth"): a
value, a stage, the need it answers, the next step and its date, an expected close.

An opportunity is named by id, by its number in the list, or by a unique part of its title.
The need it answers is a recorded need (an Understand card) by id or title; text that matches
none becomes a new Understand card, as when a delivery is logged. Every stage change is kept
with its time. Each change is one transaction that re-reads the client's file under the lock
and changes only what the caller names.
"""

from __future__ import annotations

from datetime import date, datetime

from ..domain.account import OPEN_STAGES, Opportunity
from ..domain.dates import parse_day
from ..domain.errors import InputError
from ..domain.models import History
from ..domain.money import DEFAULT_CURRENCY, parse_money
from ..domain.validation import clean_line, parse_stage
from ..textsafe import visible
from .base import UseCases, find_named, new_id
from .deliveries import resolve_need
from .read_models import OpportunityView, needs_of

_LATE = date.max


def ordered(opportunities: list[Opportunity]) -> list[Opportunity]:
    """Open ones first, the soonest next step first (none dated last), then won and lost by
    their latest stage change, newest first."""
    live = sorted((o for o in opportunities if o.is_open), key=lambda o: (o.next_date or _LATE, o.created))
    done = sorted((o for o in opportunities if not o.is_open), key=lambda o: o.stages[-1][0] if o.stages else o.created)
    return live + done[::-1]


def find_opportunity_in(history: History, query: str) -> Opportunity:
    where = f"on {visible(history.client.name)}'s account"
    listed = ordered(list(history.opportunities))
    return find_named(query, listed, lambda o: o.title, lambda o: o.id, "opportunity", where)


def _day(value: date | str | None, today: date, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_day(value, today, what) if value.strip() else None


def _money(value: int | str | None) -> int | None:
    if value is None or isinstance(value, int):
        return value
    return parse_money(value) if value.strip() else None


class Opportunities(UseCases):
    """Listing and changing a client's opportunities."""

    def view(self, client_id: str) -> OpportunityView:
        history = self.repo.read_client(client_id)
        currency = self.repo.head().settings.get("currency", DEFAULT_CURRENCY)
        return OpportunityView(
            history.client, ordered(list(history.opportunities)), needs_of(history.cards), self.today(), currency
        )

    def find(self, client_id: str, query: str) -> Opportunity:
        return find_opportunity_in(self.repo.read_client(client_id), query)

    def add(
        self,
        client_id: str,
        title: str,
        value: int | str | None = None,
        stage: str = "identified",
        need: str | None = None,
        next_step: str = "",
        next_date: date | str | None = None,
        close: date | str | None = None,
    ) -> tuple[Opportunity, bool]:
        """Add an opportunity; whether answering `need` made a new Understand card."""
        title = clean_line(title, "opportunity's title", "title", required=True)
        amount = _money(value)
        stage = parse_stage(stage)
        next_step = clean_line(next_step, "next step", "next")
        today = self.today()
        when = _day(next_date, today, "next step's date")
        closes = _day(close, today, "expected close")
        if when is not None and not next_step:
            raise InputError("a next step's date needs the next step itself (--next TEXT)", "next")
        moment = self.now()
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            need_card, created = resolve_need(history, need, moment)
            if created and need_card is not None:
                txn.put_card(need_card)
            opportunity = Opportunity(
                new_id(),
                client_id,
                title,
                moment,
                amount,
                stage,
                need_card.id if need_card else None,
                next_step,
                when,
                closes,
                ((moment, stage),),
            )
            txn.put_opportunity(opportunity)
        return opportunity, created

    def edit(
        self,
        client_id: str,
        opportunity: str,
        title: str | None = None,
        value: int | str | None = None,
        need: str | None = None,
        next_step: str | None = None,
        next_date: date | str | None = None,
        close: date | str | None = None,
    ) -> Opportunity:
        """Change any field but the stage (None leaves it; "" clears a value, a need, a next
        step, a date)."""
        new_title = clean_line(title, "opportunity's title", "title", required=True) if title is not None else None
        amount = _money(value) if value is not None else None
        step = clean_line(next_step, "next step", "next") if next_step is not None else None
        today = self.today()
        when = _day(next_date, today, "next step's date") if next_date is not None else None
        closes = _day(close, today, "expected close") if close is not None else None
        moment = self.now()
        with self.repo.transaction() as txn:
            history = txn.history(client_id)
            found = find_opportunity_in(history, opportunity)
            need_id = found.need_id
            if need is not None:
                need_card, created = resolve_need(history, need, moment)
                if created and need_card is not None:
                    txn.put_card(need_card)
                need_id = need_card.id if need_card else None
            changed = found._replace(
                title=new_title if new_title is not None else found.title,
                value=amount if value is not None else found.value,
                need_id=need_id,
                next_step=step if step is not None else found.next_step,
                next_date=when if next_date is not None else found.next_date,
                close=closes if close is not None else found.close,
            )
            if changed.next_date is not None and not changed.next_step:
                raise InputError("a next step's date needs the next step itself", "next")
            txn.put_opportunity(changed)
        return changed

    def stage(self, client_id: str, opportunity: str, stage: str) -> tuple[Opportunity, str]:
        """Move an opportunity to a stage (any stage: a lost one can come back); the stage
        it was in."""
        stage = parse_stage(stage)
        moment: datetime = self.now()
        with self.repo.transaction() as txn:
            found = find_opportunity_in(txn.history(client_id), opportunity)
            if found.stage == stage:
                raise InputError(f"{visible(found.title)!r} is already {stage}", "stage")
            changed = found._replace(stage=stage, stages=(*found.stages, (moment, stage)))
            txn.put_opportunity(changed)
        return changed, found.stage

    def remove(self, client_id: str, opportunity: str) -> Opportunity:
        with self.repo.transaction() as txn:
            found = find_opportunity_in(txn.history(client_id), opportunity)
            txn.delete_opportunity(client_id, found.id)
        return found


__all__ = ["Opportunities", "ordered", "find_opportunity_in", "OPEN_STAGES"]
