"""The pillars over the last weeks: five rows, one per pillar, a column per week (with, on
request, the self-assessment beside each pillar's scores and the kept-rate under them).

Either the portfolio's pillar scores (0 to 100) as the weekly coaching showed them, or the
self-assessment answers (1 to 5). Each value sits on a colour running from weak (red) to
strong (green), a dot marks a week with nothing recorded, and the end of each row says whether
the latest value went up, down or stayed the same. (A grid of values rather than sparklines: a
sparkline scales to its own minimum and maximum, so 3, 3, 4 would look like a leap; here a 4
always looks like a 4.)
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.content import Content
from textual.widget import Widget

from ..domain.dates import format_date
from ..domain.models import PILLAR_SHORT, PILLARS
from .pillar_scale import SCALE

CHART_WEEKS = 12
CELL = 3  # cells per week in the chart: the answer centred on its colour
GAP = 1  # cells between weeks
LABEL = 11  # width of the pillar names column
# Each answer is its digit on a colour running from weak (red) to strong (green): the exact
# value stays readable, and the colours show the trend at a glance.
HEAT = {
    1: "bold $text on $error 70%",
    2: "bold $text on $warning 60%",
    3: "$text on $panel-lighten-2",
    4: "bold $text on $success 50%",
    5: "bold $text on $success 85%",
}


class PillarChart(Widget):
    """Five rows, one per pillar: its value in each of the last CHART_WEEKS weeks, either the
    pillar scores (0 to 100, `scores=True`) or the self-assessment (1 to 5).

    Given `mine` (the self-assessment by week) beside the scores, each pillar's row is
    followed by a "you" row with the manager's own answers: shown beside the scores, never
    blended into them. Given `kept` (the kept-rate by week, 0 to 100), a last row charts it."""

    def __init__(
        self,
        by_week: dict[date, dict[str, int]],
        this_week: date,
        today: date,
        *,
        scores: bool,
        mine: dict[date, dict[str, int]] | None = None,
        kept: dict[date, int] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.weeks = [this_week - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
        self.by_week = by_week
        self.today = today
        self.scores = scores
        self.mine = mine
        self.kept = kept

    def _heat(self, value: int, scores: bool | None = None) -> tuple[str, str]:
        """The cell's text and colour: a score's 0-100 falls into the same five colours as 1-5."""
        if self.scores if scores is None else scores:
            value = min(100, max(0, int(value)))
            return str(value), HEAT[1 + min(4, value // 20)]
        value = min(SCALE, max(1, int(value)))
        return str(value), HEAT[value]

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        rows = len(PILLARS) * (2 if self.mine is not None else 1)
        return rows + (1 if self.kept is not None else 0) + 1

    def _axis(self) -> Content:
        # A date under every fourth week, so labels never collide.
        step = 4
        cells = [" " * LABEL]
        for n in range(0, CHART_WEEKS, step):
            label = format_date(self.weeks[n], self.today, relative=False)
            cells.append(f"{label:<{(CELL + GAP) * step}}")
        return Content.styled("".join(cells).rstrip(), "$foreground-muted")

    def _row(self, label: tuple[str, str], answers: list[int | None], scores: bool) -> Content:
        parts: list[Content | str | tuple[str, str]] = [label]
        for answer in answers:
            if answer is None:
                parts.append(("·".center(CELL), "$foreground-muted"))
            else:
                text, style = self._heat(answer, scores)
                parts.append((text.center(CELL), style))
            parts.append(" " * GAP)
        given = [a for a in answers if a is not None]
        if len(given) > 1:
            change = given[-1] - given[-2]
            trend = "↑ up" if change > 0 else "↓ down" if change < 0 else "= same"
            parts.append((f" {trend}", "$foreground-muted"))
        return Content.assemble(*parts)

    def render(self) -> Content:
        lines = []
        for pillar in PILLARS:
            answers = [self.by_week.get(w, {}).get(pillar) for w in self.weeks]
            lines.append(self._row((f"{PILLAR_SHORT[pillar]:<{LABEL}}", "bold"), answers, self.scores))
            if self.mine is not None:
                mine = [self.mine.get(w, {}).get(pillar) for w in self.weeks]
                lines.append(self._row((f"{'  you':<{LABEL}}", "$foreground-muted"), mine, False))
        if self.kept is not None:
            kept = [self.kept.get(w) for w in self.weeks]
            lines.append(self._row((f"{'Kept %':<{LABEL}}", "bold $text-accent"), kept, True))
        lines.append(self._axis())
        return Content("\n").join(lines)


__all__ = ["PillarChart", "CHART_WEEKS", "HEAT"]
