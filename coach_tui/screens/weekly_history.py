"""The weekly history: how the self-assessment moved, and which commitments were kept.

Two parts:

- a chart of the five pillars' self-assessment scores over the last 12 weeks, one row per
  pillar and one column per week: each answer is its digit on a colour running from weak
  (red) to strong (green), a dot marks a week not answered, and the end of each row says
  whether the latest answer went up, down or stayed the same. (A grid of digits rather than
  sparklines: a sparkline scales to its own minimum and maximum, so 3, 3, 4 would look like
  a leap; here a 4 always looks like a 4.)
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
from ..domain.models import PILLAR_SHORT, PILLARS, Assessment, Commitment
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


class AssessmentChart(Widget):
    """Five rows, one per pillar: its self-assessment in each of the last CHART_WEEKS weeks."""

    DEFAULT_CSS = """
    AssessmentChart {
        height: auto;
        width: 100%;
    }
    """

    def __init__(self, assessments: list[Assessment], this_week: date, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks = [this_week - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
        self.by_week = {a.week: a.scores for a in assessments}
        self.today = today

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
                    score = min(SCALE, max(1, int(answer)))
                    parts.append((str(score).center(CELL), HEAT[score]))
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
    """Past weeks: the self-assessment chart and the commitments table."""

    CSS_PATH = "weekly.tcss"

    BINDINGS = [
        Binding("escape,q,h", "back", "Back", tooltip="Back to the weekly coaching"),
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        snapshot = coach.snapshot()
        self.today = coach.today()
        self.this_week = week_of(self.today, first_weekday(snapshot))
        self.assessments = list(snapshot.assessments)
        self.rows = week_rows(self.assessments, list(snapshot.commitments), self.this_week)

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Weekly history", "bold"), " · your self-assessment and commitments"), id="history-title")
        with Vertical(id="chart-panel", classes="panel") as chart:
            chart.border_title = f"Self-assessment, last {CHART_WEEKS} weeks"
            chart.border_subtitle = "1 weak · 5 strong"
            yield AssessmentChart(self.assessments, self.this_week, self.today, id="chart")
        with Vertical(id="weeks-panel", classes="panel") as weeks:
            weeks.border_title = "Week by week"
            answered = [r.commitment.kept for r in self.rows if r.commitment and r.commitment.kept is not None]
            if answered:
                weeks.border_subtitle = f"{sum(answered)} of {len(answered)} commitments kept"
            table: DataTable[Text] = DataTable(id="weeks", cursor_type="row", zebra_stripes=True)
            yield table
        yield Footer()

    def on_mount(self) -> None:
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

    def action_back(self) -> None:
        self.dismiss()


__all__ = ["WeeklyHistoryScreen", "AssessmentChart", "WeekRow", "week_rows", "self_weakest"]
