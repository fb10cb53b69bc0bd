"""The dashboard's summary above the table: what needs doing, and the portfolio's weakest pillar.

Line one counts overdue clients, clients due this week and untold Steward cards (and says how
the table is sorted); line two names the portfolio's weakest pillar with its first piece of
evidence. No user text appears here, but everything is still built as `Content`, never as
markup strings.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ..domain.models import PILLAR_TITLES
from ..services import Agenda


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return word if n == 1 else (plural or word + "s")


def counts_line(agenda: Agenda) -> Content:
    """`3 overdue · 2 due this week · 5 untold Steward cards`, the counts coloured."""
    overdue, due, untold = len(agenda.overdue), len(agenda.due_this_week), agenda.untold
    parts = [
        Content.from_markup("[$text-error b]$n overdue[/]" if overdue else "[$text-muted]$n overdue[/]", n=str(overdue)),
        Content.from_markup("[$text-warning b]$n[/] due this week" if due else "[$text-muted]$n due this week[/]", n=str(due)),
        Content.from_markup(
            "[$text-warning b]$n[/] untold Steward $cards" if untold else "[$text-muted]$n untold Steward $cards[/]",
            n=str(untold),
            cards=_plural(untold, "card"),
        ),
    ]
    return Content(" · ").join(parts)


def weakest_line(agenda: Agenda) -> Content:
    """`Weakest pillar: Leadership by example 40/100 · 5 of 11 clients with no sponsor`."""
    score = agenda.portfolio[agenda.weakest]
    evidence = [line for line in score.evidence if not line.startswith("average of")]
    line = Content.from_markup(
        "Weakest pillar: [b $text-secondary]$pillar[/] [$text-muted]$score/100[/]",
        pillar=PILLAR_TITLES[agenda.weakest],
        score=str(score.score),
    )
    if evidence:
        line = line + Content.from_markup("[$text-muted] · $why[/]", why=evidence[0])
    return line


class SummaryLine(Vertical):
    """Two lines: the counts (with the current sort on the right) and the weakest pillar."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[Agenda, str] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="summary-counts-row"):
            yield Static(id="summary-counts", markup=False)
            yield Static(id="summary-sort", markup=False)
        yield Static(id="summary-weakest", markup=False)

    def show(self, agenda: Agenda, sort: str) -> None:
        # The dashboard calls this on every keystroke in the filter: an unchanged summary
        # is left alone rather than laid out again.
        if self._shown is not None and self._shown[0] is agenda and self._shown[1] == sort:
            return
        self._shown = (agenda, sort)
        self.query_one("#summary-counts", Static).update(counts_line(agenda))
        self.query_one("#summary-weakest", Static).update(weakest_line(agenda))
        self.query_one("#summary-sort", Static).update(
            Content.from_markup("[$text-muted]sorted by[/] [b]$sort[/]", sort=sort)
        )


__all__ = ["SummaryLine", "counts_line", "weakest_line"]
