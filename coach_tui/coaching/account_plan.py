"""The account plan on one page, ready to send: `coach plan show CLIENT --format md|txt|json`.

`render_account_plan(plan, opportunities, fmt)` takes the plans and opportunities use cases'
read models (`PlanView`, `OpportunityView`) and returns the page as a string: the client with
its revenue and renewal, the client's goals (metric, target, by-date), our initiatives with the
cards that carry them out, the last review, the share log, the key people with their last
touch, and the open opportunities. Pure: no I/O, no clock (the day is the view's).

User text is literal, as in the stewardship report (`report.one_line`): each name, goal, title
or note is folded onto one line, so nothing typed can start a line (and never becomes a
Markdown heading, list or quote), and passed through `visible()`, so control and direction
characters show as escapes. The JSON holds the text exactly as stored (`textsafe.json_text` escapes
what a terminal could act on).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from ..domain.account import ROLE_TITLES, Opportunity
from ..domain.dates import long_date
from ..domain.errors import InputError
from ..domain.models import COLUMN_TITLES
from ..domain.money import format_money
from ..textsafe import json_text, visible
from .report import one_line

if TYPE_CHECKING:
    from ..services.read_models import OpportunityView, PersonRow, PlanView

Format = Literal["md", "txt", "json"]
FORMATS: tuple[str, ...] = ("md", "txt", "json")

NO_GOALS = "No client goal written yet."
NO_INITIATIVES = "No initiative yet."
NO_PEOPLE = "Nobody recorded yet."
NO_OPPORTUNITIES = "No open opportunity."
NEVER_REVIEWED = "Last reviewed: never"
NEVER_SHARED = "Shared: not yet"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _names(plan: PlanView, ids: tuple[str, ...]) -> list[str]:
    """The names of the people a share names, as stored; a person removed since is left out."""
    found = (plan.people.person(pid) for pid in ids)
    return [p.name for p in found if p is not None]


def _goal_line(n: int, text: str, metric: str, target: str, by: date | None) -> str:
    parts = [one_line(text)]
    if metric:
        parts.append(f"metric: {one_line(metric)}")
    if target:
        parts.append(f"target: {one_line(target)}")
    if by:
        parts.append(f"by {long_date(by)}")
    return f"{n}. " + " · ".join(parts)


def _person_line(row: PersonRow) -> str:
    p = row.person
    who = one_line(p.name) + (f", {one_line(p.title)}" if p.title else "")
    words = [ROLE_TITLES.get(p.role, p.role)]
    if row.last_touch is not None:
        words.append(f"last touch {long_date(row.last_touch.on)} ({row.last_touch.kind})")
    elif not p.ours:
        words.append("never touched")
    if p.ours:
        words.append(f"briefed {long_date(row.briefed)}" if row.briefed else "not briefed on the plan")
    return f"- {who} · " + " · ".join(words)


def _opportunity_line(o: Opportunity, view: OpportunityView) -> str:
    words = [o.stage]
    if o.value is not None:
        words.insert(0, format_money(o.value, view.currency))
    need = view.need(o.need_id)
    if need is not None:
        words.append(f"answers: {one_line(need.title)}")
    if o.next_step:
        step = f"next: {one_line(o.next_step)}"
        if o.next_date:
            late = " (overdue)" if o.next_date < view.today else ""
            step += f" by {long_date(o.next_date)}{late}"
        words.append(step)
    else:
        words.append("no next step")
    if o.close:
        words.append(f"close {long_date(o.close)}")
    return f"- {one_line(o.title)} · " + " · ".join(words)


def _account_words(plan: PlanView, currency: str) -> str:
    client = plan.client
    words = [f"As of {long_date(plan.today)}"]
    if client.revenue is not None:
        words.append(f"annual revenue {format_money(client.revenue, currency)}")
    if client.renewal is not None:
        words.append(f"renews {long_date(client.renewal)}")
    return " · ".join(words)


def _text(plan: PlanView, opportunities: OpportunityView, md: bool) -> str:
    heading: Callable[[str], str] = (lambda t: f"# {t}") if md else (lambda t: f"{t}\n{'=' * len(t)}")
    section: Callable[[str], str] = (lambda t: f"## {t}\n") if md else (lambda t: f"{t}\n{'-' * len(t)}")
    p = plan.plan
    lines = [heading(f"Account plan: {one_line(plan.client.name)}"), "", _account_words(plan, opportunities.currency)]

    lines += ["", section("Client goals")]
    lines += [_goal_line(n, g.text, g.metric, g.target, g.by) for n, g in enumerate(p.goals, 1)] or [NO_GOALS]

    lines += ["", section("Our initiatives")]
    if not p.initiatives:
        lines.append(NO_INITIATIVES)
    for n, initiative in enumerate(p.initiatives, 1):
        lines.append(f"{n}. {one_line(initiative.text)}")
        for card_id in initiative.card_ids:
            card = plan.card(card_id)
            if card is None:
                continue
            state = COLUMN_TITLES[card.column] if card.is_open else "done"
            lines.append(f"   - {one_line(card.title)} ({state})")

    lines += ["", section("Review and shares")]
    lines.append(f"Last reviewed: {long_date(p.reviewed)}" if p.reviewed else NEVER_REVIEWED)
    if not p.shares:
        lines.append(NEVER_SHARED)
    for share in reversed(p.shares):  # newest first
        names = _names(plan, share.person_ids)
        if names:
            who = ", ".join(one_line(n) for n in names)
        else:
            sides = [s for s, on in (("the client", share.with_client), ("our account team", share.with_team)) if on]
            who = " and ".join(sides) or "nobody named"
        lines.append(f"- Shared {long_date(share.on)} with {who}")

    lines += ["", section("Key people")]
    if not plan.people.rows:
        lines.append(NO_PEOPLE)
    if plan.people.theirs:
        lines.append("The client's people:")
        lines += [_person_line(r) for r in plan.people.theirs]
    if plan.people.ours:
        if plan.people.theirs:
            lines.append("")
        lines.append("Our account team:")
        lines += [_person_line(r) for r in plan.people.ours]

    lines += ["", section("Open opportunities")]
    live = [o for o in opportunities.opportunities if o.is_open]
    lines += [_opportunity_line(o, opportunities) for o in live] or [NO_OPPORTUNITIES]
    return "\n".join(lines) + "\n"


def account_plan_json(plan: PlanView, opportunities: OpportunityView) -> dict[str, Any]:
    """The plan as `coach plan show --format json` prints it: text exactly as stored."""
    p = plan.plan
    client = plan.client

    def card(card_id: str) -> dict[str, Any] | None:
        c = plan.card(card_id)
        if c is None:
            return None
        return {"id": c.id, "title": c.title, "column": c.column, "open": c.is_open}

    def person(row: PersonRow) -> dict[str, Any]:
        t = row.last_touch
        return {
            "id": row.person.id,
            "name": row.person.name,
            "title": row.person.title,
            "role": row.person.role,
            "ours": row.person.ours,
            "last_touch": None if t is None else {"date": t.on.isoformat(), "kind": t.kind, "note": t.note},
            "touches": row.touches,
            "briefed": _iso(row.briefed),
        }

    def opportunity(o: Opportunity) -> dict[str, Any]:
        need = opportunities.need(o.need_id)
        return {
            "id": o.id,
            "title": o.title,
            "value": o.value,
            "stage": o.stage,
            "need": need.title if need else None,
            "next_step": o.next_step,
            "next_date": _iso(o.next_date),
            "close": _iso(o.close),
        }

    return {
        "client": client.name,
        "date": plan.today.isoformat(),
        "currency": opportunities.currency,
        "revenue": client.revenue,
        "renewal": _iso(client.renewal),
        "goals": [{"id": g.id, "text": g.text, "metric": g.metric, "target": g.target, "by": _iso(g.by)} for g in p.goals],
        "initiatives": [
            {"id": i.id, "text": i.text, "cards": [c for c in (card(cid) for cid in i.card_ids) if c is not None]}
            for i in p.initiatives
        ],
        "reviewed": _iso(p.reviewed),
        "shares": [
            {"date": s.on.isoformat(), "with": _names(plan, s.person_ids), "with_client": s.with_client, "with_team": s.with_team}
            for s in p.shares
        ],
        "people": [person(r) for r in plan.people.rows],
        "opportunities": [opportunity(o) for o in opportunities.opportunities if o.is_open],
    }


def render_account_plan(plan: PlanView, opportunities: OpportunityView, fmt: str = "md") -> str:
    """The one-page account plan as Markdown, plain text or JSON."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {visible(str(fmt))!r}: use md, txt or json", "format")
    if fmt == "json":
        return json_text(account_plan_json(plan, opportunities)) + "\n"
    return _text(plan, opportunities, md=fmt == "md")


__all__ = ["FORMATS", "render_account_plan", "account_plan_json"]
