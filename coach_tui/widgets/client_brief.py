"""A few lines under the dashboard's table about the client under the cursor: who they are,
where the rhythm of value stands, and why the weakest pillar is weak.

Names are user text: they go through `visible()` and into `Content` literally.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import Static

from ..domain.dates import format_date
from ..domain.models import PILLAR_TITLES
from ..domain.money import DEFAULT_CURRENCY, format_money
from ..services import ClientView
from ..textsafe import visible


def identity_line(view: ClientView, today: date, currency: str) -> Content:
    c = view.client
    facts = view.facts
    parts = [
        Content.from_markup("[b $text-primary]$name[/]", name=visible(c.name)),
        Content(f"tier {c.tier}"),
        Content(f"a value-add every {c.cadence.describe()}"),
    ]
    if c.revenue is not None:
        parts.append(Content(f"{format_money(c.revenue, currency)} a year"))
    if c.renewal is not None:
        when = format_date(c.renewal, today, relative=False)
        renews = "renewed" if c.renewal < today else "renews"
        parts.append(Content(f"{renews} {when}"))
    if not facts.people.sponsor:
        parts.append(Content.from_markup("[$text-warning]no executive sponsor[/]"))
    plan = facts.plan
    if plan is None or plan.goals == 0:
        parts.append(Content.from_markup("[$text-warning]no written plan[/]"))
    elif plan.shared_client is None:
        parts.append(Content.from_markup("[$text-warning]plan not shared[/]"))
    else:
        parts.append(Content(f"plan shared {format_date(plan.shared_client, today)}"))
    return Content(" · ").join(parts)


def rhythm_line(view: ClientView, today: date) -> Content:
    state = view.cadence
    if state.last is None:
        last = Content.from_markup("[$text-accent]no value-add yet[/]")
    else:
        days = state.days_since or 0
        when = format_date(state.last, today)  # "today" and "yesterday" need no "days ago"
        last = Content(f"last value-add {when}" + (f" ({days} days ago)" if days > 1 else ""))
    parts = [last, Content(view.consistency.evidence)]
    untold = view.untold
    if untold:
        parts.append(
            Content.from_markup(
                "[$text-warning]$n untold Steward $cards[/]", n=str(untold), cards="card" if untold == 1 else "cards"
            )
        )
    return Content(" · ").join(parts)


def weakest_line(view: ClientView) -> Content:
    score = view.scores[view.weakest]
    return Content.from_markup(
        "Weakest: [b $text-secondary]$pillar[/] [$text-muted]$score/100 ·[/] $why",
        pillar=PILLAR_TITLES[view.weakest],
        score="—" if score.score is None else str(score.score),
        why=" · ".join(score.evidence),
    )


class ClientBrief(Static):
    """Three lines about the selected client, each cut with an ellipsis to the brief's width.

    One widget for the three lines: every widget on the dashboard is styled and laid out
    before the first frame. Its size is fixed (client_brief.tcss), so a new client changes
    what the lines say, never their size: the text is updated without a layout of the
    screen, which would otherwise follow every cursor move.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._shown: tuple[ClientView, date] | None = None

    def show(self, view: ClientView | None, today: date, currency: str = DEFAULT_CURRENCY) -> None:
        if self.display != (view is not None):
            self.display = view is not None
        if view is None:
            self._shown = None
            return
        if self._shown is not None and self._shown[0] is view and self._shown[1] == today:
            return
        self._shown = (view, today)
        lines = [identity_line(view, today, currency), rhythm_line(view, today), weakest_line(view)]
        self.update(Content("\n").join(lines), layout=False)


__all__ = ["ClientBrief"]
