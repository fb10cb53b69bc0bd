"""The leader's view: a row per account manager of the teams the user leads, and any one of
their portfolios opened read-only.

`TeamScreen` (t on the dashboard, or "Team view" in the command palette, on a team store only)
reads the rows in the background (`services.team`: each manager's active and overdue clients,
untold Steward cards, weakest pillar and commitments kept) and shows them in a table: j/k or
the arrows move, enter opens the manager's portfolio, r reads the rows again, escape goes back.

`MemberDashboard` is the daily review over that manager's portfolio, read-only: the header
says whose it is; enter opens a client's board (over the same read-only portfolio); every key
that would write says "read-only: this is ROLE's portfolio" instead of opening its form, and
any write that slips through (a board's keys) is refused by the portfolio itself, the same
line in a toast. Escape goes back to the team. While it is on the stack the app's own keys
that would act on the leader's portfolio instead (undo, redo, the weekly coaching, logging a
delivery) say the same line (`CoachApp.viewing`).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..domain.dates import long_date
from ..messages import LogDelivery, OpenBoard
from ..services import Agenda, Coach
from ..services.team import COLUMNS, NUMERIC, MemberRow, TeamOverview, TeamViews, cells, read_only_line
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.app_header import AppHeader
from ..widgets.row_table import JumpTable
from .calls import fetch
from .dashboard import DashboardScreen


class TeamScreen(Screen[None]):
    """The managers of the teams the user leads, a row each."""

    CSS_PATH = ["team.tcss", "../widgets/app_header.tcss", "../widgets/app_footer.tcss"]
    AUTO_FOCUS = "#members"

    BINDINGS = [
        Binding("enter", "open_member", "Open", tooltip="Open the selected manager's portfolio, read-only", priority=True),
        Binding("j", "cursor_down", "Down", show=False, tooltip="Next manager (or ↓)"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Previous manager (or ↑)"),
        Binding("r", "reload", "Refresh", tooltip="Read every manager's portfolio again"),
        Binding("escape", "back", "Back", tooltip="Back to your own dashboard"),
    ]

    def __init__(self, views: TeamViews) -> None:
        super().__init__()
        self.views = views
        self.overview: TeamOverview | None = None
        self._keep_title = ""

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        yield Static("Reading your team's portfolios…", id="team-state", markup=False)
        table: DataTable[Text] = JumpTable(id="members", cursor_type="row", zebra_stripes=True)
        for column in COLUMNS:
            table.add_column(column, key=column)
        yield table
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self._keep_title = self.app.sub_title
        self.app.sub_title = "Your team"
        self.action_reload()

    def on_screen_resume(self) -> None:
        if self.overview is not None:
            self._show_title(self.overview)

    def on_unmount(self) -> None:
        self.app.sub_title = self._keep_title

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#members", DataTable)

    def action_reload(self) -> None:
        self._load()

    @work(exclusive=True, group="team")
    async def _load(self) -> None:
        overview = await fetch(self, self.views.overview, error_title="Can't read your team")
        if overview is not None:
            self._show(overview)

    def _show_title(self, overview: TeamOverview) -> None:
        managers = len({row.role for row in overview.rows})
        plural = "" if managers == 1 else "s"
        self.app.sub_title = f"{long_date(overview.today, weekday=True)} · your team · {managers} manager{plural}"

    def _show(self, overview: TeamOverview) -> None:
        self.overview = overview
        self._show_title(overview)
        table = self.table
        keep = table.cursor_row
        # Rich Text reads no markup: a role or a team's name shows as typed.
        rows = [
            [
                Text(c, justify="right" if col in NUMERIC else "left")
                for col, c in zip(COLUMNS, cells(row, unreadable="can't read"), strict=True)
            ]
            for row in overview.rows
        ]
        # Each column as wide as its widest cell, given with the column: the table does not
        # work the widths out later (at its next idle), so no frame shows them cut short.
        table.clear(columns=True)
        for index, column in enumerate(COLUMNS):
            width = max([cell_len(column), *(texts[index].cell_len for texts in rows)])
            table.add_column(column, key=column, width=width)
        for index, texts in enumerate(rows):
            table.add_row(*texts, key=str(index))
        state = self.query_one("#team-state", Static)
        problems = {row.role: row.problem for row in overview.rows if row.problem is not None}
        if not overview.rows:
            state.update("You lead no team in this database: its teams and their leaders are set by its owner.")
        elif problems:
            state.update(" · ".join(f"{visible(role)}: {visible(problem)}" for role, problem in problems.items()))
        else:
            state.update("Kept 12w: commitments kept of those answered, the last 12 weeks · Made 12w: written")
        state.set_class(bool(problems), "-problem")
        if overview.rows:
            table.move_cursor(row=min(keep, len(overview.rows) - 1))
        self.refresh_bindings()

    def selected(self) -> MemberRow | None:
        overview = self.overview
        if overview is None or not overview.rows:
            return None
        return overview.rows[min(self.table.cursor_row, len(overview.rows) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_member", "cursor_down", "cursor_up"):
            return self.selected() is not None
        return True

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_back(self) -> None:
        self.dismiss()

    def action_open_member(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row)

    @on(DataTable.RowSelected, "#members")
    def _row_selected(self) -> None:
        self.action_open_member()

    @work(exclusive=True, group="open-member")
    async def _open(self, row: MemberRow) -> None:
        if row.problem is not None:
            self.notify(f"Can't read {visible(row.role)}'s portfolio: {visible(row.problem)}", severity="error", markup=False)
            return
        coach = await fetch(self, self.views.open, row.role, error_title="Can't open the portfolio")
        if coach is not None:
            await self.app.push_screen(MemberDashboard(coach, row.role))


# The dashboard's writing keys, off the footer here (each says why it does nothing), and the
# app's keys that would act on the leader's own portfolio.
READ_ONLY_KEYS = [
    Binding("l", "log", "Log", show=False, tooltip="Read-only: only the manager logs their deliveries"),
    Binding("n", "new_client", "New", show=False, tooltip="Read-only: only the manager adds clients"),
    Binding("w", "read_only", "Weekly", show=False, tooltip="The weekly coaching is the manager's own: not from here"),
    Binding("u", "read_only", "Undo", show=False, tooltip="Nothing to undo here: the portfolio is read-only"),
    Binding("ctrl+r", "read_only", "Redo", show=False, tooltip="Nothing to redo here: the portfolio is read-only"),
]


class MemberDashboard(DashboardScreen):
    """A manager's daily review, read-only, for the leader."""

    BINDINGS = [*READ_ONLY_KEYS, Binding("escape", "clear_filter", "Team", tooltip="Clear the filter; else back to the team")]

    def __init__(self, coach: Coach, role: str) -> None:
        super().__init__(coach)
        self.role = role
        self.read_only = read_only_line(role)  # what the app's own writing keys say meanwhile

    def _header_line(self, agenda: Agenda) -> str:
        return f"{visible(self.role)}'s portfolio · read-only · {super()._header_line(agenda)}"

    def _refuse(self) -> None:
        self.notify(self.read_only, title="Not changed", severity="warning", markup=False)

    def action_read_only(self) -> None:
        self._refuse()

    def action_log(self) -> None:
        self._refuse()

    def action_new_client(self) -> None:
        self._refuse()

    def action_edit_client(self) -> None:
        self._refuse()

    def action_archive(self) -> None:
        self._refuse()

    def action_unarchive(self) -> None:
        self._refuse()

    @on(LogDelivery)
    def _no_log(self, message: LogDelivery) -> None:
        message.stop()
        self._refuse()

    @property
    def current_client_id(self) -> str | None:
        """None: the command palette's client commands act on the leader's own portfolio, so
        the client under the cursor here (another manager's) is not theirs to preselect."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return True  # clears the filter, or goes back to the team
        return super().check_action(action, parameters)

    def action_clear_filter(self) -> None:
        if self._filtering():
            super().action_clear_filter()
        else:
            self.dismiss()

    @on(OpenBoard)
    def _open_board_here(self, message: OpenBoard) -> None:
        """A client's board over this portfolio (the app's would open the leader's)."""
        message.stop()
        self._open_member_board(message.client_id)

    @work(exclusive=True, group="member-board")
    async def _open_member_board(self, client_id: str) -> None:
        from .board import BoardScreen

        board = await fetch(self, self.coach.boards.read, client_id, error_title="Can't open the board")
        if board is not None:
            await self.app.push_screen(BoardScreen(self.coach, client_id, board))


__all__ = ["TeamScreen", "MemberDashboard", "cells"]
