"""A client's account plan (method.md, "Accounts in depth"): the client's goals, our
initiatives with the Plan cards that carry them out, when the plan was last reviewed, and
where it was shared (with whom on the client's side and ours, and when).

`PlanScreen(coach, client_id)` opens from the client board (`A`) and the command palette. It
reads the plan in the background (`coach.plans.view`) and again whenever the data changes.
Keys: `g` adds a goal, `i` an initiative; `e` (or enter) edits and `x` removes the goal or
initiative under the cursor (asking first); `r` marks the plan reviewed, `s` records that it
was shared, picking people from a list; tab moves between the goals and the initiatives.
Every name, goal and card title is user text, shown literally.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from ..domain.account import Goal, Initiative, Share
from ..domain.dates import format_date
from ..domain.models import COLUMN_TITLES
from ..services.read_models import PlanView
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.row_table import RowTable
from .calls import change
from .client_screen import BACK, ClientScreen
from .opportunities import fit


def _days_ago(day: date, today: date) -> str:
    days = (today - day).days
    return "" if days < 2 else f" ({days} days ago)"


def share_line(share: Share, view: PlanView) -> Content:
    """`Nov 20 · client: Ana Ruiz, Li Wei · ours: Bob` (names literal); a share from before
    people were recorded says which side heard it."""
    people = [view.people.person(pid) for pid in share.person_ids]
    theirs = [visible(p.name) for p in people if p is not None and not p.ours]
    ours = [visible(p.name) for p in people if p is not None and p.ours]
    gone = sum(1 for p in people if p is None)
    parts: list[Content] = [Content.styled(format_date(share.on, view.today), "bold")]
    if theirs:
        parts.append(Content.styled("client: ", "$text-muted") + Content(", ".join(theirs)))
    elif share.with_client:
        parts.append(Content.styled("with the client", "$text-muted"))
    if ours:
        parts.append(Content.styled("ours: ", "$text-muted") + Content(", ".join(ours)))
    elif share.with_team:
        parts.append(Content.styled("with our team", "$text-muted"))
    if gone:
        parts.append(Content.styled(f"{gone} since removed", "$text-muted"))
    return Content(" · ").join(parts)


class PlanScreen(ClientScreen[PlanView]):
    """One client's account plan."""

    CSS_PATH = ["plan.tcss", "../widgets/app_footer.tcss"]
    AUTO_FOCUS = "#goals"

    BINDINGS = [
        Binding("g", "add_goal", "Goal", tooltip="Add a client goal: what they want to move, metric, target, by when"),
        Binding("i", "add_initiative", "Initiative", tooltip="Add an initiative and pick the Plan cards that carry it out"),
        Binding("e", "edit", "Edit", tooltip="Edit the goal or initiative under the cursor (or enter)"),
        Binding("x", "remove", "Remove", tooltip="Remove the goal or initiative under the cursor (asks first)"),
        Binding("r", "review", "Review", tooltip="Mark the plan reviewed: today, or a day you type"),
        Binding("s", "share", "Share", tooltip="Record that the plan was shared, picking people of the client's and ours"),
        BACK,
    ]

    HEADER = "plan-client"
    WHAT = "the account plan"

    # -- building ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="plan-header"):
            yield self.header()
            yield Static("", id="plan-reviewed")
        with VerticalScroll(id="plan-body", can_focus=False):
            yield Static(Content.styled("Goals", "bold"), classes="plan-heading")
            yield RowTable(id="goals", cursor_type="row", zebra_stripes=True)  # Home/End (g adds a goal)
            yield Static("", id="goals-empty", classes="plan-empty")
            yield Static(Content.styled("Initiatives", "bold"), classes="plan-heading")
            yield RowTable(id="initiatives", cursor_type="row", zebra_stripes=True)
            yield Static("", id="initiatives-empty", classes="plan-empty")
            yield Static(Content.styled("Shared", "bold"), classes="plan-heading")
            yield Static("", id="shares")
        yield AppFooter()

    def read(self) -> Callable[[str], PlanView]:
        return self.coach.plans.view

    def fill(self, view: PlanView, select: str | None) -> None:
        self.laid_out_for = self.app.size.width
        plan, today = view.plan, view.today
        self.query_one("#plan-client", Static).update(
            Content.assemble((visible(view.client.name), "bold"), ("  account plan", "$text-muted"))
        )
        if plan.reviewed is None:
            reviewed = Content.styled("never reviewed", "$text-warning")
        else:
            reviewed = Content.styled(f"reviewed {format_date(plan.reviewed, today)}{_days_ago(plan.reviewed, today)}", "")
        self.query_one("#plan-reviewed", Static).update(reviewed)

        goals = self.query_one("#goals", DataTable)
        keep = self._selected_key(goals)
        rows: list[list[Text]] = []
        for n, goal in enumerate(plan.goals, 1):
            by = Text(format_date(goal.by, today, relative=False)) if goal.by else Text("—", style="dim")
            if goal.by and goal.by < today:
                by.stylize("bold red")
            rows.append(
                [Text(str(n), style="dim"), Text(visible(goal.text)), Text(visible(goal.metric) or "—"),
                 Text(visible(goal.target) or "—"), by]
            )  # fmt: skip
        self._table(
            goals, ("#", "Goal", "Metric", "Target", "By"), rows, [g.id for g in plan.goals], {"Metric": 18, "Target": 14}
        )
        self._restore(goals, keep)
        self._empty("goals", not plan.goals, "No goals yet: g adds the first (what the client wants to move, by when).")

        initiatives = self.query_one("#initiatives", DataTable)
        keep = self._selected_key(initiatives)
        rows = [
            [Text(str(n), style="dim"), Text(visible(i.text)), self._cards_text(i, view)]
            for n, i in enumerate(plan.initiatives, 1)
        ]
        shares_of_rest = {"Initiative": 0.45}
        self._table(initiatives, ("#", "Initiative", "Plan cards"), rows, [i.id for i in plan.initiatives], {}, shares_of_rest)
        self._restore(initiatives, keep)
        self._empty(
            "initiatives", not plan.initiatives, "No initiatives yet: i adds one and links the Plan cards that carry it out."
        )

        if plan.shares:
            lines = [share_line(s, view) for s in reversed(plan.shares)]
            shares = Content("\n").join(lines)
        else:
            shares = Content.styled(
                "Not shared yet: s records who you shared it with (the client's people and ours).", "$text-warning"
            )
        self.query_one("#shares", Static).update(shares)

    def _table(
        self,
        table: DataTable[Any],
        labels: tuple[str, ...],
        rows: list[list[Text]],
        keys: list[str],
        caps: dict[str, int],
        shares: dict[str, float] | None = None,
    ) -> None:
        """Fill `table` with `rows`, each column as wide as its widest cell (at most its cap);
        the second column takes what is left (or its share of it), long text cut with an
        ellipsis, so the table fits the terminal."""
        table.clear(columns=True)
        natural = [max([len(label), *(row[i].cell_len for row in rows)]) for i, label in enumerate(labels)]
        widths = [min(w, caps.get(label, w)) for w, label in zip(natural, labels, strict=True)]
        room = max(20, self.app.size.width - 4 - 2 * len(labels))
        flexible = 1
        if shares:
            share = shares.get(labels[flexible], 1.0)
            widths[flexible] = min(natural[flexible], max(12, int((room - widths[0]) * share)))
            widths[-1] = max(12, room - sum(widths[:-1]))
        else:
            widths[flexible] = min(natural[flexible], max(12, room - sum(w for i, w in enumerate(widths) if i != flexible)))
        for label, width in zip(labels, widths, strict=True):
            table.add_column(label, width=width, key=label)
        for row, key in zip(rows, keys, strict=True):
            table.add_row(*[fit(cell, width) for cell, width in zip(row, widths, strict=True)], key=key)

    @staticmethod
    def _cards_text(initiative: Initiative, view: PlanView) -> Text:
        if not initiative.card_ids:
            return Text("no card linked", style="dim")
        text = Text()
        for index, card_id in enumerate(initiative.card_ids):
            card = view.card(card_id)
            if index:
                text.append("; ")
            if card is None:
                text.append("(a card since deleted)", style="dim")
                continue
            text.append(visible(card.title))
            if not card.is_open:
                text.append(" ✓ done", style="green")
            elif card.column != "plan":
                text.append(f" (in {COLUMN_TITLES[card.column]})", style="dim")
        return text

    def _empty(self, name: str, empty: bool, message: str) -> None:
        self.query_one(f"#{name}", DataTable).display = not empty
        line = self.query_one(f"#{name}-empty", Static)
        line.display = empty
        line.update(Content.styled(message, "$text-muted"))

    @staticmethod
    def _selected_key(table: DataTable[Any]) -> str | None:
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
        return str(row_key.value) if row_key.value is not None else None

    @staticmethod
    def _restore(table: DataTable[Any], key: str | None) -> None:
        if key is None or not table.row_count:
            return
        try:
            table.move_cursor(row=table.get_row_index(key))
        except RowDoesNotExist:
            pass  # the row is gone: the cursor stays where it is

    # -- what is under the cursor -----------------------------------------------------------
    def _target(self) -> Goal | Initiative | None:
        """The goal or initiative under the cursor of the focused table (goals by default)."""
        if self.view is None:
            return None
        focused = self.focused
        name = focused.id if isinstance(focused, DataTable) else "goals"
        table = self.query_one(f"#{name}", DataTable)
        key = self._selected_key(table) if table.display else None
        items: tuple[Goal | Initiative, ...] = self.view.plan.goals if name == "goals" else self.view.plan.initiatives
        return next((item for item in items if item.id == key), None)

    def _what(self) -> str:
        focused = self.focused
        return "initiative" if isinstance(focused, DataTable) and focused.id == "initiatives" else "goal"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True
        if self.view is None:
            return None
        return True

    # -- actions ----------------------------------------------------------------------------
    def action_add_goal(self) -> None:
        from .plan_forms import GoalFormScreen

        self._open(GoalFormScreen(self.coach, self.client_id), lambda g: f"Added the goal {visible(g.text)!r}.", "goals")

    def action_add_initiative(self) -> None:
        from .plan_forms import InitiativeFormScreen

        if self.view is None:
            return
        self._open(
            InitiativeFormScreen(self.coach, self.client_id, self.view.cards),
            lambda i: f"Added the initiative {visible(i.text)!r}.",
            "initiatives",
        )

    def action_edit(self) -> None:
        from .plan_forms import GoalFormScreen, InitiativeFormScreen

        target = self._target()
        if target is None or self.view is None:
            self.notify(f"No {self._what()} to edit here: g adds a goal, i an initiative.", severity="warning")
            return
        if isinstance(target, Goal):
            self._open(GoalFormScreen(self.coach, self.client_id, target), lambda g: f"Saved the goal {visible(g.text)!r}.")
        else:
            self._open(
                InitiativeFormScreen(self.coach, self.client_id, self.view.cards, target),
                lambda i: f"Saved the initiative {visible(i.text)!r}.",
            )

    def _open(self, form: Any, said: Callable[[Any], str], focus: str | None = None) -> None:
        async def saved(result: Any) -> None:
            if result is None:
                return
            await self.reload()
            table = self.query_one(f"#{focus}", DataTable) if focus else None
            if table is not None and table.row_count:
                table.focus()
                table.move_cursor(row=table.row_count - 1)
            self.notify(said(result), markup=False)

        self.app.push_screen(form, saved)

    def action_remove(self) -> None:
        from .confirm import ConfirmScreen

        target = self._target()
        if target is None:
            self.notify(f"No {self._what()} to remove here.", severity="warning")
            return
        what = "goal" if isinstance(target, Goal) else "initiative"

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove_item(target)

        self.app.push_screen(
            ConfirmScreen(
                f"Remove this {what}?", f"{visible(target.text)}\n\nIt leaves the account plan.", yes="Remove", no="Keep"
            ),
            answered,
        )

    @work(group="plan-change")
    async def _remove_item(self, target: Goal | Initiative) -> None:
        plans = self.coach.plans
        call = plans.remove_goal if isinstance(target, Goal) else plans.remove_initiative
        done = await change(self, call, self.client_id, target.id, client_id=self.client_id, error_title="Not removed")
        if done is not None:
            await self.reload()
            self.notify(f"Removed {visible(target.text)!r}.", markup=False)

    def action_review(self) -> None:
        from .plan_forms import ReviewFormScreen

        self._open(
            ReviewFormScreen(self.coach, self.client_id),
            lambda day: f"Plan marked reviewed {format_date(day, self.coach.today())}.",
        )

    def action_share(self) -> None:
        from .plan_forms import ShareFormScreen

        view = self.view
        if view is None:
            return
        if not view.people.rows:
            name = visible(view.client.name)
            self.notify(
                f"{name} has no people recorded yet, on their side or ours. Add them on the board's People panel, "
                f"or from the shell: coach person add {name!r} NAME --role champion",
                title="No one to pick",
                severity="warning",
                markup=False,
                timeout=10,
            )
            return

        def said(result: tuple[Share, list[str]]) -> str:
            share, names = result
            return f"Plan shared {format_date(share.on, view.today)} with {', '.join(visible(n) for n in names)}."

        self._open(ShareFormScreen(self.coach, self.client_id, view.people.theirs, view.people.ours), said)

    # -- events -----------------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()


__all__ = ["PlanScreen", "share_line"]
