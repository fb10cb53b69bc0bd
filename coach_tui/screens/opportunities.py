"""A client's opportunities (method.md, "Accounts in depth"): where the client could grow with
us, each with a value, a stage, the need it answers, the next step and its date, and the
expected close.

`OpportunitiesScreen(coach, client_id)` opens from the client board (`O` or `$`) and the
command palette. It reads the list in the background (`coach.opportunities.view`), open ones
first by the soonest next step, and again whenever the data changes. A next step whose date has
passed is shown as overdue text (red; bright red in 16 colours, reversed under NO_COLOR:
`widgets/status.py`): it is what the dashboard counts as overdue. Values are shown in the
user's currency setting.

Keys: `a` adds, `e` (or enter) edits, `]` / `[` move the opportunity a stage forward or back
(identified → qualified → proposed → won), `s` picks any stage (lost included), `x` removes
it (asking first). Titles and needs are user text, shown literally.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.style import Style as TextualStyle
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.widgets.option_list import Option

from ..domain.account import OPEN_STAGES, STAGES, Opportunity
from ..domain.dates import format_date
from ..domain.money import format_money
from ..services.read_models import OpportunityView
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.row_table import JumpTable
from ..widgets.status import OVERDUE_TEXT, overdue_style
from .calls import change
from .client_screen import BACK, ClientScreen
from .keys import HELP, QUIT

# The path `]` walks; lost is reached with `s` (and left with `[` or `s`).
LADDER: tuple[str, ...] = ("identified", "qualified", "proposed", "won")
MOVE = Binding.Group("Stage", compact=True)


def next_stage(opportunity: Opportunity, step: int) -> str | None:
    """The stage `]` (step 1) or `[` (step -1) moves an opportunity to; None at either end."""
    stage = opportunity.stage
    if stage == "lost":
        if step > 0:
            return None
        # Back from lost: to the open stage it was lost from.
        earlier = [s for _at, s in opportunity.stages if s in OPEN_STAGES]
        return earlier[-1] if earlier else "identified"
    index = LADDER.index(stage) + step
    return LADDER[index] if 0 <= index < len(LADDER) else None


def overdue(opportunity: Opportunity, today: date) -> bool:
    """An open opportunity whose next step's day has passed."""
    return opportunity.is_open and opportunity.next_date is not None and opportunity.next_date < today


def summary(view: OpportunityView, late_style: str = OVERDUE_TEXT) -> Content:
    """`3 open · €450k in the pipeline · 1 next step overdue`, the last in `late_style`."""
    live = [o for o in view.opportunities if o.is_open]
    pipeline = sum(o.value or 0 for o in live)
    late = sum(1 for o in live if overdue(o, view.today))
    won = sum(1 for o in view.opportunities if o.stage == "won")
    parts = [Content(f"{len(live)} open"), Content(f"{format_money(pipeline, view.currency)} in the pipeline")]
    if won:
        parts.append(Content(f"{won} won"))
    if late:
        parts.append(Content.styled(f"{late} next step{'' if late == 1 else 's'} overdue", late_style))
    return Content(" · ").join(parts)


# Narrow terminals drop the need and the close columns, which the lines under the table show
# for the selected row. The other columns are as wide as what they show; the text columns
# share what is left.
WIDE_FROM = 110
FLEXIBLE = {True: {"Opportunity": 0.4, "Need": 0.3, "Next step": 0.3}, False: {"Opportunity": 0.5, "Next step": 0.5}}


def column_widths(width: int, rows: list[dict[str, Text]]) -> dict[str, int]:
    """Each column's width for a terminal `width` columns wide (two cells of padding each)."""
    wide = width >= WIDE_FROM
    labels: tuple[str, ...] = ("Opportunity", "Value", "Stage", "Need", "Next step", "Next date", "Close")
    if not wide:
        labels = ("Opportunity", "Value", "Stage", "Next step", "Next date")
    shares = FLEXIBLE[wide]
    fixed = {label: max([len(label), *(row[label].cell_len for row in rows)]) for label in labels if label not in shares}
    free = max(24, width - 3 - 2 * len(labels) - sum(fixed.values()))
    return {label: fixed[label] if label in fixed else int(free * shares[label]) for label in labels}


def row_cells(o: Opportunity, view: OpportunityView, late: Style | None = None) -> dict[str, Text]:
    """An opportunity's cells by column label: user text literal, an overdue next date in
    `late` (the overdue text style, resolved)."""
    today = view.today
    need = view.need(o.need_id)
    next_date = Text(format_date(o.next_date, today)) if o.next_date else Text("—", style="dim")
    if o.next_date and overdue(o, today):
        next_date = Text(f"{format_date(o.next_date, today)} overdue", style=late or Style(bold=True))
    return {
        "Opportunity": Text(visible(o.title), style="" if o.is_open else "dim"),
        "Value": Text(format_money(o.value, view.currency), justify="right"),
        "Stage": Text(o.stage, style="green" if o.stage == "won" else "dim" if o.stage == "lost" else ""),
        "Need": Text(visible(need.title)) if need else Text("—", style="dim"),
        "Next step": Text(visible(o.next_step))
        if o.next_step
        else Text("no next step", style="dim yellow" if o.is_open else "dim"),
        "Next date": next_date,
        "Close": Text(format_date(o.close, today, relative=False)) if o.close else Text("—", style="dim"),
    }


def fit(text: Text, width: int) -> Text:
    """`text` cut to `width` cells with an ellipsis."""
    if text.cell_len > width:
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
    return text


class StagePickScreen(ModalScreen[str | None]):
    """Pick a stage for an opportunity; dismisses with it, or None."""

    CSS_PATH = ["opportunities.tcss", "../widgets/app_footer.tcss"]
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Leave the stage as it is"), HELP, QUIT]

    def __init__(self, opportunity: Opportunity) -> None:
        super().__init__()
        self.opportunity = opportunity

    def compose(self) -> ComposeResult:
        from .opportunity_form import STAGE_TITLES

        with Vertical(id="stage-dialog") as dialog:
            dialog.border_title = "Move to stage"
            dialog.border_subtitle = "enter picks · esc cancels"
            yield Static(Content(visible(self.opportunity.title)), id="stage-title")
            options = [
                Option(
                    Content(STAGE_TITLES[s])
                    + (Content.styled("  (now)", "$text-muted") if s == self.opportunity.stage else Content("")),
                    id=s,
                )
                for s in STAGES
            ]
            yield OptionList(*options, id="stages")
        yield AppFooter()

    def on_mount(self) -> None:
        stages = self.query_one("#stages", OptionList)
        stages.highlighted = STAGES.index(self.opportunity.stage)
        stages.focus()

    @on(OptionList.OptionSelected, "#stages")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OpportunitiesScreen(ClientScreen[OpportunityView]):
    """One client's opportunities."""

    CSS_PATH = ["opportunities.tcss", "../widgets/app_footer.tcss"]
    AUTO_FOCUS = "#opportunities"

    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add an opportunity: title, value, stage, need, next step, close"),
        Binding("e", "edit", "Edit", tooltip="Edit the opportunity under the cursor (or enter)"),
        Binding("left_square_bracket", "stage(-1)", "Stage back", key_display="[", tooltip="Move it a stage back", group=MOVE),
        Binding(
            "right_square_bracket",
            "stage(1)",
            "Stage on",
            key_display="]",
            tooltip="Move it a stage forward: identified, qualified, proposed, won",
            group=MOVE,
        ),
        Binding("s", "pick_stage", "Pick stage", tooltip="Pick any stage for it, lost included"),
        Binding("x", "remove", "Remove", tooltip="Remove the opportunity under the cursor (asks first)"),
        BACK,
    ]

    HEADER = "opp-client"
    WHAT = "the opportunities"

    # -- building ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield self.header()
        yield Static("", id="opp-summary")
        yield JumpTable(id="opportunities", cursor_type="row", zebra_stripes=True)  # g/G, Home/End: first/last
        yield Static("", id="opp-empty")
        yield Static("", id="opp-detail")
        yield AppFooter()

    def read(self) -> Callable[[str], OpportunityView]:
        return self.coach.opportunities.view

    def fill(self, view: OpportunityView, select: str | None) -> None:
        self.laid_out_for = self.app.size.width
        self.query_one("#opp-client", Static).update(
            Content.assemble((visible(view.client.name), "bold"), ("  opportunities", "$text-muted"))
        )
        look = self._late_look()
        self.query_one("#opp-summary", Static).update(summary(view, look))
        table = self.query_one("#opportunities", DataTable)
        keep = select or self.selected_id
        table.clear(columns=True)
        late = TextualStyle.parse(look, self.app.get_css_variables()).rich_style
        rows = [row_cells(o, view, late) for o in view.opportunities]
        widths = column_widths(self.app.size.width, rows)
        for label, width in widths.items():
            table.add_column(label, width=width, key=label)
        for o, cells in zip(view.opportunities, rows, strict=True):
            table.add_row(*[fit(cells[label], width) for label, width in widths.items()], key=o.id)
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep))
            except RowDoesNotExist:
                pass  # gone: the cursor stays on the same row
        empty = not view.opportunities
        table.display = not empty
        message = self.query_one("#opp-empty", Static)
        message.display = empty
        message.update(
            Content.styled("No opportunities yet: a adds one (what they could buy, its value, the next step).", "$text-muted")
        )
        self._show_detail()

    def _late_look(self) -> str:
        """How an overdue next step looks in this terminal (`widgets/status.py`)."""
        return overdue_style(self.app.no_color, self.app.console.color_system)

    def _show_detail(self) -> None:
        """The selected opportunity in full, under the table (the columns cut long text)."""
        found, view = self.selected(), self.view
        detail = self.query_one("#opp-detail", Static)
        detail.display = found is not None
        if found is None or view is None:
            return
        need = view.need(found.need_id)
        lines = [
            Content.assemble((visible(found.title), "bold"), (f"  {format_money(found.value, view.currency, short=False)}", "")),
            Content.styled("answers ", "$text-muted") + Content(visible(need.title) if need else "no recorded need"),
        ]
        if found.next_step:
            when = f" · {format_date(found.next_date, view.today)}" if found.next_date else ""
            late = overdue(found, view.today)
            when += " overdue" if late else ""
            style = self._late_look() if late else ""
            lines.append(Content.styled("next ", "$text-muted") + Content(visible(found.next_step)) + Content.styled(when, style))
        if found.close:
            lines.append(Content.styled("expected close ", "$text-muted") + Content(format_date(found.close, view.today)))
        detail.update(Content("\n").join(lines))

    @on(DataTable.RowHighlighted, "#opportunities")
    def _highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    @property
    def selected_id(self) -> str | None:
        table = self.query_one("#opportunities", DataTable)
        if not table.row_count:
            return None
        value = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return str(value) if value is not None else None

    def selected(self) -> Opportunity | None:
        if self.view is None:
            return None
        key = self.selected_id
        return next((o for o in self.view.opportunities if o.id == key), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True
        if self.view is None:
            return None
        if action in ("edit", "stage", "pick_stage", "remove"):
            return True if self.selected() is not None else None
        return True

    # -- actions ----------------------------------------------------------------------------
    def action_add(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        found = self.selected()
        if found is not None:
            self._open_form(found)

    def _open_form(self, opportunity: Opportunity | None) -> None:
        from .opportunity_form import OpportunityFormScreen

        if self.view is None:
            return

        async def saved(result: Opportunity | None) -> None:
            if result is not None:
                await self.reload(result.id)
                verb = "Saved" if opportunity else "Added"
                self.notify(f"{verb} {visible(result.title)!r}.", markup=False)

        self.app.push_screen(OpportunityFormScreen(self.coach, self.client_id, self.view, opportunity), saved)

    def action_stage(self, step: int) -> None:
        found = self.selected()
        if found is None:
            return
        stage = next_stage(found, step)
        if stage is None:
            where = "the first stage" if step < 0 else ("lost: [ reopens it" if found.stage == "lost" else "won already")
            self.notify(f"{visible(found.title)!r} is {where}; s picks any stage.", severity="warning", markup=False)
            return
        self._move(found, stage)

    def action_pick_stage(self) -> None:
        found = self.selected()
        if found is None:
            return

        def picked(stage: str | None) -> None:
            if stage is not None and stage != found.stage:
                self._move(found, stage)

        self.app.push_screen(StagePickScreen(found), picked)

    @work(group="opp-change")
    async def _move(self, opportunity: Opportunity, stage: str) -> None:
        done = await change(
            self,
            self.coach.opportunities.stage,
            self.client_id,
            opportunity.id,
            stage,
            client_id=self.client_id,
            error_title="Not moved",
        )
        if done is not None:
            await self.reload(opportunity.id)
            self.notify(f"{visible(opportunity.title)!r}: {done[1]} → {stage}.", markup=False)

    def action_remove(self) -> None:
        from .confirm import ConfirmScreen

        found = self.selected()
        if found is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove_item(found)

        self.app.push_screen(
            ConfirmScreen(
                "Remove this opportunity?",
                f"{visible(found.title)}\n\nIt leaves the account with its stage history.",
                yes="Remove",
                no="Keep",
            ),
            answered,
        )

    @work(group="opp-change")
    async def _remove_item(self, opportunity: Opportunity) -> None:
        done = await change(
            self,
            self.coach.opportunities.remove,
            self.client_id,
            opportunity.id,
            client_id=self.client_id,
            error_title="Not removed",
        )
        if done is not None:
            await self.reload()
            self.notify(f"Removed {visible(opportunity.title)!r}.", markup=False)

    # -- events -----------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#opportunities")
    def _row_selected(self) -> None:
        self.action_edit()


__all__ = ["OpportunitiesScreen", "StagePickScreen", "next_stage", "overdue", "summary"]
