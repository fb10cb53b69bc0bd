"""The weekly history: how the pillars moved, and which commitments were kept.

Two parts:

- a chart of the five pillars over the last 12 weeks, one row per pillar and one column per
  week: the portfolio's pillar scores (0 to 100) as the weekly coaching showed them, under each
  the self-assessment answers (1 to 5, `p` hides them) beside, never blended into, the scores,
  and under them all the kept-rate: the share of commitments kept in the 12 weeks up to each
  week, the rate Lead reads (0 to 100). Each value sits on a colour running
  from weak (red) to strong (green), a dot marks a week with nothing recorded, and the end of
  each row says whether the latest value went up, down or stayed the same. (A grid of values
  rather than sparklines: a sparkline scales to its own minimum and maximum, so 3, 3, 4 would
  look like a leap; here a 4 always looks like a 4.)
- the weeks that hold an assessment or a commitment, newest first: the weakest pillar of that
  week's self-assessment (the lowest answer, ties going to the earlier pillar, as the method
  breaks ties), the commitment (the client it was for, carried over, what got in the way) and
  whether it was kept.

Read-only: answers are changed on the weekly screen, which this one is opened from (`h`), with
the history already read (`coach.weekly.history()`).
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..coaching.weekly import WeekRow, kept_rate, kept_rate_by_week, week_rows
from ..domain.dates import format_date
from ..domain.models import PILLAR_SHORT
from ..services import WeekHistory
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.pillar_chart import CHART_WEEKS, PillarChart
from ..widgets.pillar_scale import SCALE
from ..widgets.row_table import JumpTable


class WeeklyHistoryScreen(Screen[None]):
    """Past weeks: the pillar chart and the commitments table."""

    CSS_PATH = ["weekly_history.tcss", "../widgets/pillar_chart.tcss", "../widgets/app_footer.tcss"]

    BINDINGS = [
        Binding("escape,h", "back", "Back", tooltip="Back to the weekly coaching"),
        Binding("p", "switch_chart", "You rows", tooltip="Show or hide your self-assessment (1-5) beside the pillar scores"),
    ]

    def __init__(self, history: WeekHistory) -> None:
        super().__init__()
        self.history = history
        self.today = history.today
        self.this_week = history.this_week
        self.showing_mine = True
        self.rows = week_rows(history.assessments, history.commitments, self.this_week)

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Weekly history", "bold"), " · your pillars and commitments"), id="history-title")
        with Vertical(id="chart-panel", classes="panel"):
            yield self._chart()
        with Vertical(id="weeks-panel", classes="panel") as weeks:
            weeks.border_title = "Week by week"
            kept, answered = kept_rate(self.rows)
            if answered:
                weeks.border_subtitle = f"{kept} of {answered} commitments kept"
            table: DataTable[Text] = JumpTable(id="weeks", cursor_type="row", zebra_stripes=True)  # g/G, Home/End
            yield table
        yield AppFooter()

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
        pillar = row.weakest
        if row.assessment is not None and pillar is not None:
            weakest = Text(f"{PILLAR_SHORT[pillar]} {row.assessment.scores[pillar]}/{SCALE}")
        # Rich Text cannot read theme variables; take the theme's own colours for kept / not kept.
        colours = self.app.get_css_variables()
        commitment = row.commitment
        if commitment is None:
            kept = Text("")
            text = Text("no commitment", style="dim")
        else:
            text = Text(visible(" ".join(commitment.text.split())))
            about = []
            name = self.history.names.get(commitment.client_id or "")
            if name:
                about.append(f"for {visible(name)}")
            if commitment.carried:
                about.append("carried over")
            if commitment.kept is False and commitment.obstacle:
                about.append(f"in the way: {visible(commitment.obstacle)}")
            if about:
                text.append(" · " + " · ".join(about), style="dim")
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
        mine = {a.week: a.scores for a in self.history.assessments} if self.showing_mine else None
        weeks = [self.this_week - timedelta(weeks=n) for n in range(CHART_WEEKS)]
        kept = kept_rate_by_week(self.history.commitments, weeks)
        return PillarChart(self.history.pillar_weeks, self.this_week, self.today, scores=True, mine=mine, kept=kept, id="chart")

    def _title_chart(self) -> None:
        panel = self.query_one("#chart-panel")
        if self.showing_mine:
            panel.border_title = f"Pillar scores, your view and kept %, last {CHART_WEEKS} weeks"
            panel.border_subtitle = "scores and kept % 0-100 · you 1-5 · p: hide you"
        else:
            panel.border_title = f"Pillar scores and kept %, last {CHART_WEEKS} weeks"
            panel.border_subtitle = "scores and kept % 0-100 · p: show your self-assessment"

    async def action_switch_chart(self) -> None:
        self.showing_mine = not self.showing_mine
        await self.query_one("#chart", PillarChart).remove()
        await self.query_one("#chart-panel").mount(self._chart())
        self._title_chart()

    def action_back(self) -> None:
        self.dismiss()


__all__ = ["WeeklyHistoryScreen"]
