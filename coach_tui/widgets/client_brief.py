"""A few lines under the dashboard's table about the client under the cursor: who they are,
where the rhythm of value stands, and why the weakest pillar is weak.

Names and sponsors are user text: they go through `visible()` and into `Content` literally.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import Static

from ..domain.dates import format_date
from ..domain.models import PILLAR_TITLES
from ..services import ClientView
from ..textsafe import visible


def identity_line(view: ClientView) -> Content:
    c = view.client
    sponsor = (
        Content.from_markup("sponsor [b]$sponsor[/]", sponsor=visible(c.sponsor))
        if c.sponsor
        else Content.from_markup("[$text-warning]no executive sponsor[/]")
    )
    plan = Content("plan shared") if c.plan_shared else Content.from_markup("[$text-warning]plan not shared[/]")
    return Content(" · ").join(
        [
            Content.from_markup("[b $text-primary]$name[/]", name=visible(c.name)),
            Content(f"tier {c.tier}"),
            Content(f"a value-add every {c.cadence.describe()}"),
            sponsor,
            plan,
        ]
    )


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
        score=str(score.score),
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

    def show(self, view: ClientView | None, today: date) -> None:
        if self.display != (view is not None):
            self.display = view is not None
        if view is None:
            self._shown = None
            return
        if self._shown is not None and self._shown[0] is view and self._shown[1] == today:
            return
        self._shown = (view, today)
        lines = [identity_line(view), rhythm_line(view, today), weakest_line(view)]
        self.update(Content("\n").join(lines), layout=False)


__all__ = ["ClientBrief"]
