"""The weekly history: how the pillars moved, and which commitments were kept.

Two parts:

- a chart of the five pillars over the last 12 weeks, one row per pillar and one column per
  week: either the portfolio's pillar scores (0 to 100) as the weekly coaching showed them, or
  (`p` switches) the self-assessment answers (1 to 5). Each value sits on a colour running
  from weak (red) to strong (green), a dot marks a week with nothing recorded, and the end of
  each row says whether the latest value went up, down or stayed the same. (A grid of values
  rather than sparklines: a sparkline scales to its own minimum and maximum, so 3, 3, 4 would
  look like a leap; here a 4 always looks like a 4.)
- the weeks that hold an assessment or a commitment, newest first: the weakest pillar of that
  week's self-assessment (the lowest answer, ties going to the earlier pillar, as the method
  breaks ties), the commitment and whether it was kept.

Read-only: answers are changed on the weekly screen, which this one is opened from (`h`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from ..coaching.schedule import week_of
from ..domain.dates import format_date
from ..domain.models import PILLAR_SHORT, PILLARS, Assessment, Commitment, PillarWeek
from ..services import Coach
from ..textsafe import visible
from .weekly import SCALE, first_weekday

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


def self_weakest(scores: dict[str, int]) -> str | None:
    """The weakest pillar of one self-assessment: lowest answer, ties to the earlier pillar."""
    answered = [p for p in PILLARS if p in scores]
    if not answered:
        return None
    return min(answered, key=lambda p: (scores[p], PILLARS.index(p)))


@dataclass(frozen=True)
class WeekRow:
    week: date
    assessment: Assessment | None
    commitment: Commitment | None


def week_rows(assessments: list[Assessment], commitments: list[Commitment], this_week: date) -> list[WeekRow]:
    """Every week up to this one holding an assessment or a commitment, newest first."""
    by_week_a = {a.week: a for a in assessments if a.week <= this_week}
    by_week_c = {c.week: c for c in commitments if c.week <= this_week and c.text.strip()}
    weeks = sorted(set(by_week_a) | set(by_week_c), reverse=True)
    return [WeekRow(w, by_week_a.get(w), by_week_c.get(w)) for w in weeks]


class PillarChart(Widget):
    """Five rows, one per pillar: its value in each of the last CHART_WEEKS weeks, either the
    pillar scores (0 to 100, `scores=True`) or the self-assessment (1 to 5)."""

    DEFAULT_CSS = """
    PillarChart {
        height: auto;
        width: 100%;
    }
    """

    def __init__(
        self, by_week: dict[date, dict[str, int]], this_week: date, today: date, *, scores: bool, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.weeks = [this_week - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
        self.by_week = by_week
        self.today = today
        self.scores = scores

    def _heat(self, value: int) -> tuple[str, str]:
        """The cell's text and colour: a score's 0-100 falls into the same five colours as 1-5."""
        if self.scores:
            value = min(100, max(0, int(value)))
            return str(value), HEAT[1 + min(4, value // 20)]
        value = min(SCALE, max(1, int(value)))
        return str(value), HEAT[value]

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(PILLARS) + 1

    def _axis(self) -> Content:
        # A date under every fourth week, so labels never collide.
        step = 4
        cells = [" " * LABEL]
        for n in range(0, CHART_WEEKS, step):
            label = format_date(self.weeks[n], self.today, relative=False)
            cells.append(f"{label:<{(CELL + GAP) * step}}")
        return Content.styled("".join(cells).rstrip(), "$foreground-muted")

    def render(self) -> Content:
        lines = []
        for pillar in PILLARS:
            parts: list[Content | str | tuple[str, str]] = [(f"{PILLAR_SHORT[pillar]:<{LABEL}}", "bold")]
            answers = [self.by_week.get(w, {}).get(pillar) for w in self.weeks]
            for answer in answers:
                if answer is None:
                    parts.append(("·".center(CELL), "$foreground-muted"))
                else:
                    text, style = self._heat(answer)
                    parts.append((text.center(CELL), style))
                parts.append(" " * GAP)
            given = [a for a in answers if a is not None]
            if len(given) > 1:
                change = given[-1] - given[-2]
                trend = "↑ up" if change > 0 else "↓ down" if change < 0 else "= same"
                parts.append((f" {trend}", "$foreground-muted"))
            lines.append(Content.assemble(*parts))
        lines.append(self._axis())
        return Content("\n").join(lines)


class WeeklyHistoryScreen(Screen[None]):
    """Past weeks: the pillar chart and the commitments table."""

    CSS_PATH = "weekly.tcss"

    BINDINGS = [
        Binding("escape,q,h", "back", "Back", tooltip="Back to the weekly coaching"),
        Binding("p", "switch_chart", "Scores / self", tooltip="Chart the pillar scores (0-100) or your self-assessment (1-5)"),
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        snapshot = coach.snapshot()
        self.today = coach.today()
        self.this_week = week_of(self.today, first_weekday(snapshot))
        self.assessments = list(snapshot.assessments)
        self.pillar_weeks: list[PillarWeek] = list(snapshot.pillar_weeks)
        self.showing_scores = True
        self.rows = week_rows(self.assessments, list(snapshot.commitments), self.this_week)

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Weekly history", "bold"), " · your pillars and commitments"), id="history-title")
        with Vertical(id="chart-panel", classes="panel"):
            yield self._chart()
        with Vertical(id="weeks-panel", classes="panel") as weeks:
            weeks.border_title = "Week by week"
            answered = [r.commitment.kept for r in self.rows if r.commitment and r.commitment.kept is not None]
            if answered:
                weeks.border_subtitle = f"{sum(answered)} of {len(answered)} commitments kept"
            table: DataTable[Text] = DataTable(id="weeks", cursor_type="row", zebra_stripes=True)
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self._title_chart()
        if not self.rows:
            self.query_one("#weeks-panel").border_subtitle = "nothing yet: your answers on the weekly screen show here"
        self.query_one("#weeks", DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fill_table(event.size.width)

    def _fill_table(self, screen_width: int) -> None:
        """(Re)build the table so the commitment column takes the width left, cut with an
        ellipsis, rather than pushing the table into sideways scrolling."""
        table = self.query_one("#weeks", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        fixed = {"Week": 9, "Weakest": 13, "Kept": 10}
        # Screen padding, panel border and padding, the scrollbar, one cell of padding per side per column.
        chrome = 2 + 2 + 2 + 2 + 2 * (len(fixed) + 1)
        rest = max(16, screen_width - chrome - sum(fixed.values()))
        for label, width in fixed.items():
            table.add_column(label, width=width, key=label.lower())
        table.add_column("Commitment", width=rest, key="commitment")
        for row in self.rows:
            week, weakest, kept, text = self._cells(row)
            text.truncate(rest, overflow="ellipsis")
            table.add_row(week, weakest, kept, text, key=row.week.isoformat())
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def _cells(self, row: WeekRow) -> tuple[Text, Text, Text, Text]:
        week = Text("this week" if row.week == self.this_week else format_date(row.week, self.today, relative=False))
        weakest = Text("-", style="dim")
        if row.assessment is not None:
            pillar = self_weakest(row.assessment.scores)
            if pillar is not None:
                weakest = Text(f"{PILLAR_SHORT[pillar]} {row.assessment.scores[pillar]}/{SCALE}")
        # Rich Text cannot read theme variables; take the theme's own colours for kept / not kept.
        colours = self.app.get_css_variables()
        commitment = row.commitment
        if commitment is None:
            kept = Text("")
            text = Text("no commitment", style="dim")
        else:
            text = Text(visible(" ".join(commitment.text.split())))
            if commitment.kept is True:
                kept = Text("✓ kept", style=f"bold {colours.get('text-success', 'green')}")
            elif commitment.kept is False:
                kept = Text("✗ not kept", style=f"bold {colours.get('text-error', 'red')}")
            elif row.week == self.this_week:
                kept = Text("ongoing", style="dim")
            else:
                kept = Text("no answer", style="dim")
        return week, weakest, kept, text

    def _chart(self) -> PillarChart:
        if self.showing_scores:
            by_week = {w.week: w.scores for w in self.pillar_weeks}
        else:
            by_week = {a.week: a.scores for a in self.assessments}
        return PillarChart(by_week, self.this_week, self.today, scores=self.showing_scores, id="chart")

    def _title_chart(self) -> None:
        panel = self.query_one("#chart-panel")
        if self.showing_scores:
            panel.border_title = f"Pillar scores, last {CHART_WEEKS} weeks"
            panel.border_subtitle = "0 weak · 100 strong · p: self-assessment"
        else:
            panel.border_title = f"Self-assessment, last {CHART_WEEKS} weeks"
            panel.border_subtitle = "1 weak · 5 strong · p: pillar scores"

    async def action_switch_chart(self) -> None:
        self.showing_scores = not self.showing_scores
        await self.query_one("#chart", PillarChart).remove()
        await self.query_one("#chart-panel").mount(self._chart())
        self._title_chart()

    def action_back(self) -> None:
        self.dismiss()


__all__ = ["WeeklyHistoryScreen", "PillarChart", "WeekRow", "week_rows", "self_weakest"]
