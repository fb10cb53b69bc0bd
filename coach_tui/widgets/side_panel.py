"""The side panel of a client's board: where the client stands, and why.

From top to bottom: the cadence (status, days since the last value-add against the cadence,
next due, consistency ticks with their evidence, relevance), the five pillar scores with the
weakest one's coaching tip, a 12-week sparkline of value-adds, and the last 10 value-adds.

The panel only displays a `Board`; it never reads the store. Summaries are user text and go
through `visible()` into `Content`, never markup. Styles live in `side_panel.tcss`, which the
screen showing the panel lists in its `CSS_PATH`. Its content comes in two groups
(`#panel-main`, `#panel-history`) so a narrow screen can set them side by side (the board
does, in board.tcss).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Sparkline, Static

from ..domain.cadence import CadenceState, Consistency, Relevance
from ..domain.dates import format_date, week_start
from ..domain.facts import RELEVANCE_DAYS
from ..domain.models import PILLAR_SHORT, Delivery
from .pillar_bars import PillarBars
from .status import status_badge_style, status_word
from .value_add_list import ValueAddList

if TYPE_CHECKING:
    from ..coaching.tips import Tip
    from ..services import Board

WEEKS = 12  # weeks in the value-add sparkline
RECENT = 10  # value-adds listed


def weekly_counts(deliveries: Iterable[Delivery], today: date, weeks: int = WEEKS) -> list[int]:
    """Value-adds per week for the `weeks` weeks ending with this one, oldest first."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    for d in deliveries:
        if d.is_value_add and first <= d.on <= today:
            counts[(d.on - first).days // 7] += 1
    return counts


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cadence_lines(state: CadenceState, cadence_text: str, today: date, no_color: bool = False) -> Content:
    """Status badge and cadence, days since the last value-add, when it was (or is) due."""
    badge = Content.styled(f" {status_word(state.status, state.label.upper())} ", status_badge_style(state.status, no_color))
    lines = [Content.assemble(badge, ("  every ", "$text-muted"), cadence_text)]
    if state.last is None:
        lines.append(Content.styled("No value-add logged yet", "$text-muted"))
        return Content("\n").join(lines)
    lines.append(Content.assemble((_plural(state.days_since or 0, "day"), "bold"), " since the last value-add"))
    due = format_date(state.next_due, today) if state.next_due else "–"
    lines.append(
        Content.assemble(
            ("last ", "$text-muted"),
            format_date(state.last, today),
            (" · was due " if state.status == "overdue" else " · next due ", "$text-muted"),
            (due, "bold"),
        )
    )
    return Content("\n").join(lines)


def consistency_lines(cons: Consistency) -> Content:
    """Ticks, oldest window first, with the evidence sentence."""
    ticks = Content.assemble(*(("■" if hit else "□", "$text-success" if hit else "$text-muted") for hit in cons.ticks))
    head = Content.assemble(("Consistency ", "bold"), ticks)
    if cons.is_one_off:
        head += Content.styled("  one-off", "$text-warning")
    return Content("\n").join([head, Content.styled(cons.evidence, "$text-muted")])


def relevance_line(rel: Relevance) -> Content:
    """The share of recent value-adds that answered a recorded need, in one line."""
    head = Content.styled("Relevance ", "bold")
    if not rel.total:
        return head + Content.styled(f"no value-add in {RELEVANCE_DAYS} days", "$text-muted")
    style = "$text-success" if rel.ratio is not None and rel.ratio >= 0.5 else "$text-warning"
    return Content.assemble(head, (f"{rel.linked} of {rel.total}", style), (" answered a need", "$text-muted"))


def tip_lines(tip: Tip, pillar: str) -> Content:
    return Content("\n").join(
        [
            Content.assemble(
                ("Tip for ", "$text-muted"),
                (PILLAR_SHORT[pillar], "bold $text-error"),
                (": ", "$text-muted"),
                (tip.title, "bold"),
            ),
            Content.assemble(("→ ", "$text-accent"), tip.action),
        ]
    )


@dataclass(frozen=True)
class PanelContents:
    """Everything the panel shows, computed from one board, ready for the widgets."""

    cadence: Content  # status, days since, due, consistency and relevance: one block
    relevance_evidence: str
    tip: Content | None
    spark_title: Content
    counts: list[int]
    spark_tooltip: str
    value_adds: list[Delivery]  # the last RECENT, newest first (ValueAddList draws them)

    @classmethod
    def of(cls, board: Board, today: date, no_color: bool = False) -> PanelContents:
        view = board.view
        values = board.value_adds()
        counts = weekly_counts(values, today)
        first = week_start(today) - timedelta(weeks=WEEKS - 1)
        return cls(
            cadence=Content("\n").join(
                [
                    cadence_lines(view.cadence, view.client.cadence.describe(), today, no_color),
                    consistency_lines(view.consistency),
                    relevance_line(view.relevance),
                ]
            ),
            relevance_evidence=view.relevance.evidence,
            tip=tip_lines(board.tip, view.weakest) if board.tip is not None else None,
            spark_title=Content.assemble("VALUE-ADDS PER WEEK", (f"  {sum(counts)} in {WEEKS} weeks", "not bold $text-muted")),
            counts=counts,
            spark_tooltip=f"value-adds per week from {format_date(first, today, relative=False)} to this week",
            value_adds=values[:RECENT],
        )


class SidePanel(VerticalScroll, can_focus=False):
    """Cadence, pillars and value-adds of the client whose board is open.

    Give the board to the constructor so the first frame is drawn complete (filling the
    widgets after mounting costs a second layout); `show()` refreshes it afterwards.
    """

    def __init__(
        self, board: Board | None = None, today: date | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._board = board
        self._today = today
        self._contents = PanelContents.of(board, today, self.app.no_color) if board is not None and today is not None else None

    def compose(self) -> ComposeResult:
        c = self._contents
        view = self._board.view if self._board is not None else None
        # Two groups, so a narrow screen can set them side by side (see board.tcss).
        with Vertical(id="panel-main", classes="panel-group"):
            yield Label("CADENCE", classes="section-title", id="cadence-title")
            # One Static for the whole block: the board opens faster with fewer widgets.
            yield Static(c.cadence if c else "", id="cadence", classes="section")
            yield Label("PILLARS", classes="section-title", id="pillars-title")
            yield PillarBars(view.scores if view else None, view.weakest if view else None, id="pillars")
            tip = Static(c.tip if c and c.tip else "", id="tip", classes="section")
            tip.display = bool(c and c.tip)
            yield tip
        with Vertical(id="panel-history", classes="panel-group"):
            yield Label(c.spark_title if c else "VALUE-ADDS PER WEEK", classes="section-title", id="spark-title")
            with Horizontal(id="spark-row"):
                yield Label(f"{WEEKS}w ago ", classes="spark-end")
                yield Sparkline(c.counts if c else [], id="spark")
                yield Label(" now", classes="spark-end")
            yield Label(f"LAST {RECENT} VALUE-ADDS", classes="section-title")
            yield ValueAddList(c.value_adds if c else (), today=self._today, id="value-adds")

    def on_mount(self) -> None:
        # Nothing was composed when it is mounted while the app shuts down (see PeoplePanel).
        if self._contents is not None and self.children:
            self._set_tooltips(self._contents)

    def _set_tooltips(self, c: PanelContents) -> None:
        self.query_one("#cadence", Static).tooltip = c.relevance_evidence
        self.query_one("#spark", Sparkline).tooltip = c.spark_tooltip

    def show(self, board: Board, today: date) -> None:
        """Show a freshly read board."""
        self._board = board
        c = self._contents = PanelContents.of(board, today, self.app.no_color)
        self.query_one("#cadence", Static).update(c.cadence)
        self.query_one(PillarBars).show(board.view.scores, board.view.weakest)
        tip_widget = self.query_one("#tip", Static)
        tip_widget.display = c.tip is not None
        if c.tip is not None:
            tip_widget.update(c.tip)
        self.query_one("#spark-title", Label).update(c.spark_title)
        self.query_one("#spark", Sparkline).data = c.counts
        self.query_one("#value-adds", ValueAddList).show(c.value_adds, today)
        self._set_tooltips(c)

    @property
    def pillars(self) -> PillarBars:
        return self.query_one(PillarBars)

    @property
    def value_adds(self) -> ValueAddList:
        return self.query_one(ValueAddList)
