"""The dashboard's summary above the table: what needs doing, and the portfolio's weakest pillar.

Line one counts overdue clients, clients due this week, untold Steward cards and, when there
are any, opportunities whose next step is overdue (and says how the table is sorted); line two
names the portfolio's weakest pillar with its first piece of evidence. No user text appears
here, but everything is still built as `Content`, never as markup strings.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ..domain.models import PILLAR_TITLES
from ..services import Agenda
from .status import overdue_style, status_text_style, status_word


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return word if n == 1 else (plural or word + "s")


def counts_line(agenda: Agenda, no_color: bool = False, color_system: str | None = "truecolor") -> Content:
    """`▲ 3 overdue · 2 due this week · 5 untold Steward cards · 2 next steps overdue`, the
    counts coloured (the last only when there are any); overdue clients, when there are any,
    as the table shows them: the strongest look there is, and the count of next steps overdue
    as overdue text (`widgets/status.py`; `color_system` as the app's console names it)."""
    overdue, due, untold = len(agenda.overdue), len(agenda.due_this_week), agenda.untold
    parts = [
        Content.styled(status_word("overdue", f"{overdue} overdue"), status_text_style("overdue", no_color))
        if overdue
        else Content.from_markup("[$text-muted]$n overdue[/]", n=str(overdue)),
        Content.from_markup("[$text-warning b]$n[/] due this week" if due else "[$text-muted]$n due this week[/]", n=str(due)),
        Content.from_markup(
            "[$text-warning b]$n[/] untold Steward $cards" if untold else "[$text-muted]$n untold Steward $cards[/]",
            n=str(untold),
            cards=_plural(untold, "card"),
        ),
    ]
    late = agenda.next_steps_overdue
    if late:
        # Only when there are some: the line has no room to spare at 80 columns.
        count = Content.styled(str(late), overdue_style(no_color, color_system))
        parts.append(count + Content(f" next {_plural(late, 'step')} overdue"))
    return Content(" · ").join(parts)


def weakest_line(agenda: Agenda) -> Content:
    """`Weakest pillar: Leadership by example 40/100 · 5 of 11 clients with no sponsor`."""
    if not agenda.scored:  # the dashboard works it out after the first frame, then shows it
        return Content.styled("Weakest pillar: working it out…", "$text-muted")
    if agenda.weakest is None:
        return Content.styled("Weakest pillar: no evidence yet", "$text-muted")
    score = agenda.portfolio[agenda.weakest]
    evidence = [line for line in score.evidence if not line.startswith("average of")]
    line = Content.from_markup(
        "Weakest pillar: [b $text-secondary]$pillar[/] [$text-muted]$score/100[/]",
        pillar=PILLAR_TITLES[agenda.weakest],
        score="—" if score.score is None else str(score.score),
    )
    if evidence:
        line = line + Content.from_markup("[$text-muted] · $why[/]", why=evidence[0])
    return line


class SummaryLine(Widget):
    """Two lines: the counts (with the current sort on the right) and the weakest pillar.

    One widget drawing both lines (rather than a row of Statics): every widget on the
    dashboard is styled and laid out before the first frame.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[Agenda, str] | None = None

    def show(self, agenda: Agenda, sort: str) -> None:
        # The dashboard calls this on every keystroke in the filter: an unchanged summary
        # is left alone rather than drawn again.
        if self._shown is not None and self._shown[0] is agenda and self._shown[1] == sort:
            return
        self._shown = (agenda, sort)
        self.refresh()

    @property
    def text(self) -> str:
        """What the summary says, as plain text."""
        return self._content().plain

    def _content(self, width: int | None = None) -> Content:
        if self._shown is None:
            return Content("")
        agenda, sort = self._shown
        counts = counts_line(agenda, self.app.no_color, self.app.console.color_system)
        sorted_by = Content.from_markup("[$text-muted]sorted by[/] [b]$sort[/]", sort=sort)
        weakest = weakest_line(agenda)
        if width is None:
            return Content("\n").join([counts + Content("  ") + sorted_by, weakest])
        # The sort keeps its place on the right while the counts fit beside it; when they
        # don't, the counts take the line (the table's header marks the sort too), and are cut
        # with an ellipsis only when the terminal is too narrow even for them alone.
        room = max(0, width - sorted_by.cell_length - 2)
        if counts.cell_length > room:
            if counts.cell_length <= width:
                return Content("\n").join([counts, weakest.truncate(width, ellipsis=True)])
            counts = counts.truncate(room, ellipsis=True)
        first = counts + Content(" " * (width - counts.cell_length - sorted_by.cell_length)) + sorted_by
        return Content("\n").join([first, weakest.truncate(width, ellipsis=True)])

    def render(self) -> Content:
        return self._content(self.content_size.width)


__all__ = ["SummaryLine", "counts_line", "weakest_line"]
