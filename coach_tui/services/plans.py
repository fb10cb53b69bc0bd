"""The account plan: the client's goals, our initiatives (carried out by Plan cards), the
last review, and where the plan was shared (method.md, "Accounts in depth").

A goal or an initiative is named by id, by its number in the plan, or by a unique part of its
text. Every change is one transaction that re-reads the plan under the lock and changes only
what the caller names. Reviews and shares happened: they can't be dated in the future.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..domain.account import Goal, Initiative, Plan, Share
from ..domain.dates import parse_day, parse_when
from ..domain.errors import InputError
from ..domain.models import History
from ..domain.validation import clean_line, match_names
from ..textsafe import visible
from .base import UseCases, find_named, new_id
from .people import find_person_in, people_view
from .read_models import PlanView

if TYPE_CHECKING:
    from ..store.repository import Transaction


def plan_of(history: History) -> Plan:
    """The client's plan, or an empty one (nothing written yet)."""
    return history.plan if history.plan is not None else Plan(history.client.id)


def _past(on: date | str | None, history: History, today: date, what: str) -> date:
    day = parse_when(on, today, history.client.added, f"{what}s") if isinstance(on, str) else (on or today)
    if day > today:
        raise InputError(f"{day.isoformat()} is in the future; a {what} is recorded once it happened", "date")
    return day


def _ahead(on: date | str | None, today: date) -> date | None:
    if on is None or isinstance(on, date):
        return on
    return None if not on.strip() else parse_day(on, today, "by-date")


def find_goal(plan: Plan, query: str, client_name: str) -> Goal:
    where = f"in {visible(client_name)}'s account plan"
    return find_named(query, list(plan.goals), lambda g: g.text, lambda g: g.id, "goal", where)


def find_initiative(plan: Plan, query: str, client_name: str) -> Initiative:
    where = f"in {visible(client_name)}'s account plan"
    return find_named(query, list(plan.initiatives), lambda i: i.text, lambda i: i.id, "initiative", where)


def plan_cards(history: History, queries: tuple[str, ...]) -> tuple[str, ...]:
    """The ids of the cards `queries` name (an id, or a unique part of a title; Plan cards
    first, then any open card)."""
    found: list[str] = []
    planned = [c for c in history.cards if c.column == "plan" and c.is_open]
    others = [c for c in history.cards if c.is_open and c not in planned]
    for query in queries:
        match = [c for c in history.cards if c.id == query] or match_names(query, planned, lambda c: c.title)
        match = match or match_names(query, others, lambda c: c.title)
        if len(match) != 1:
            what = "matches no open card" if not match else f"matches {len(match)} cards"
            raise InputError(
                f"{visible(query)!r} {what} on {visible(history.client.name)}'s board; type more of a title", "cards"
            )
        found.append(match[0].id)
    return tuple(dict.fromkeys(found))


class Plans(UseCases):
    """Reading and changing account plans."""

    def view(self, client_id: str) -> PlanView:
        history = self.repo.read_client(client_id)
        today = self.today()
        return PlanView(history.client, plan_of(history), people_view(history, today), list(history.cards), today)

    def _change(self, txn: Transaction, client_id: str) -> tuple[History, Plan]:
        history = txn.history(client_id)
        return history, plan_of(history)

    def add_goal(self, client_id: str, text: str, metric: str = "", target: str = "", by: date | str | None = None) -> Goal:
        text = clean_line(text, "goal", "goal", required=True)
        metric = clean_line(metric, "metric", "metric")
        target = clean_line(target, "target", "target")
        when = _ahead(by, self.today())
        with self.repo.transaction() as txn:
            _history, plan = self._change(txn, client_id)
            goal = Goal(new_id(), text, metric, target, when)
            txn.put_plan(plan._replace(goals=(*plan.goals, goal)))
        return goal

    def edit_goal(
        self,
        client_id: str,
        goal: str,
        text: str | None = None,
        metric: str | None = None,
        target: str | None = None,
        by: date | str | None = None,
    ) -> Goal:
        """Change a goal's text, metric, target or by-date (None leaves a field; a by-date of
        "" clears it)."""
        new_text = clean_line(text, "goal", "goal", required=True) if text is not None else None
        new_metric = clean_line(metric, "metric", "metric") if metric is not None else None
        new_target = clean_line(target, "target", "target") if target is not None else None
        when = _ahead(by, self.today()) if by is not None else None
        with self.repo.transaction() as txn:
            history, plan = self._change(txn, client_id)
            found = find_goal(plan, goal, history.client.name)
            changed = found._replace(
                text=new_text if new_text is not None else found.text,
                metric=new_metric if new_metric is not None else found.metric,
                target=new_target if new_target is not None else found.target,
                by=found.by if by is None else when,
            )
            txn.put_plan(plan._replace(goals=tuple(changed if g.id == found.id else g for g in plan.goals)))
        return changed

    def remove_goal(self, client_id: str, goal: str) -> Goal:
        with self.repo.transaction() as txn:
            history, plan = self._change(txn, client_id)
            found = find_goal(plan, goal, history.client.name)
            txn.put_plan(plan._replace(goals=tuple(g for g in plan.goals if g.id != found.id)))
        return found

    def add_initiative(self, client_id: str, text: str, cards: tuple[str, ...] = ()) -> Initiative:
        text = clean_line(text, "initiative", "initiative", required=True)
        with self.repo.transaction() as txn:
            history, plan = self._change(txn, client_id)
            initiative = Initiative(new_id(), text, plan_cards(history, cards))
            txn.put_plan(plan._replace(initiatives=(*plan.initiatives, initiative)))
        return initiative

    def edit_initiative(
        self, client_id: str, initiative: str, text: str | None = None, cards: tuple[str, ...] | None = None
    ) -> Initiative:
        """Change an initiative's text or the cards that carry it out (None leaves them)."""
        new_text = clean_line(text, "initiative", "initiative", required=True) if text is not None else None
        with self.repo.transaction() as txn:
            history, plan = self._change(txn, client_id)
            found = find_initiative(plan, initiative, history.client.name)
            changed = found._replace(
                text=new_text if new_text is not None else found.text,
                card_ids=plan_cards(history, cards) if cards is not None else found.card_ids,
            )
            txn.put_plan(plan._replace(initiatives=tuple(changed if i.id == found.id else i for i in plan.initiatives)))
        return changed

    def remove_initiative(self, client_id: str, initiative: str) -> Initiative:
        with self.repo.transaction() as txn:
            history, plan = self._change(txn, client_id)
            found = find_initiative(plan, initiative, history.client.name)
            txn.put_plan(plan._replace(initiatives=tuple(i for i in plan.initiatives if i.id != found.id)))
        return found

    def review(self, client_id: str, on: date | str | None = None) -> date:
        """Mark the plan reviewed (today, or the day given). A later review stays the latest."""
        with self.repo.transaction() as txn:
            history, plan = self._change(txn, client_id)
            day = _past(on, history, self.today(), "review")
            txn.put_plan(plan._replace(reviewed=max(plan.reviewed or day, day)))
        return day

    def share(self, client_id: str, people: tuple[str, ...], on: date | str | None = None) -> tuple[Share, list[str]]:
        """Record that the plan was shared with people of the client's and of ours (at least
        one), on a day; the names of those it was shared with."""
        if not people:
            raise InputError("name who the plan was shared with (a person of the client's or of ours)", "people")
        with self.repo.transaction() as txn:
            history, plan = self._change(txn, client_id)
            day = _past(on, history, self.today(), "share")
            found = [find_person_in(history, q) for q in people]
            unique = list({p.id: p for p in found}.values())
            share = Share(
                day,
                tuple(p.id for p in unique),
                with_client=any(not p.ours for p in unique),
                with_team=any(p.ours for p in unique),
            )
            shares = sorted((*plan.shares, share), key=lambda s: s.on)
            txn.put_plan(plan._replace(shares=tuple(shares)))
        return share, [p.name for p in unique]


__all__ = ["Plans", "plan_of", "find_goal", "find_initiative", "plan_cards"]
