"""The dashboard's table of clients: one row per active client, in the order it is given.

Every cell is a `rich.text.Text` (a plain `str` cell would be read as markup), names go
through `visible()`, and the colours come from component classes in `client_table.tcss`, so
they follow the theme. Column widths are worked out from the table's own width: the fixed
columns take what their content needs and the name takes the rest, cut with an ellipsis by
cell width (CJK and emoji included) rather than pushing the table off screen.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from ..domain.dates import format_date
from ..domain.models import COLUMNS, PILLAR_SHORT
from ..services import ClientView
from ..textsafe import visible

# At this width and above the table spells its headers and card counts out in full.
WIDE = 100
MIN_NAME = 12
GAP = 2  # cell padding: one column on each side of every cell

STATUS_CLASS = {
    "overdue": "client-table--overdue",
    "due soon": "client-table--due-soon",
    "new": "client-table--new",
    "on track": "client-table--on-track",
}

# (key, header when wide, header when narrow)
COLUMN_HEADERS: tuple[tuple[str, str, str], ...] = (
    ("name", "Client", "Client"),
    ("status", "Status", "Status"),
    ("since", "Since / cadence", "Since"),
    ("next", "Next due", "Next due"),
    ("consistency", "Consistency", "Consist."),
    ("weakest", "Weakest", "Weakest"),
    ("cards", "Cards", "U P D S"),
)

# The column whose header carries the sort arrow, per sort.
SORT_COLUMN = {"urgency": "status", "name": "name", "tier": "name", "next due": "next"}


class ClientTable(DataTable[Text]):
    """Active clients with their cadence, consistency, weakest pillar and cards."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "client-table--overdue",
        "client-table--due-soon",
        "client-table--new",
        "client-table--on-track",
        "client-table--muted",
        "client-table--tick",
        "client-table--untold",
        "client-table--weakest",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id,
            classes=classes,
            cursor_type="row",
            zebra_stripes=True,
            cell_padding=GAP // 2,
        )
        self._views: list[ClientView] = []
        self._today: date | None = None
        self._sort = "urgency"
        self._layout: tuple[object, ...] | None = None  # (sort, widths) the columns were built for

    def on_mount(self) -> None:
        # Cell colours are baked into the Text: rebuild them when the theme changes.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._rebuild, True))

    def on_resize(self) -> None:
        if self._today is not None:
            self._rebuild()

    # -- public ------------------------------------------------------------------------------
    @property
    def selected_id(self) -> str | None:
        """The id of the client under the cursor."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:  # the cursor sits outside the rows while they are replaced
            return None
        return key.value

    def show(self, views: Iterable[ClientView], today: date, sort: str, select: str | None = None) -> None:
        """Show `views` in the given order, keeping the cursor on `select` (else the client
        under the cursor, else the same row)."""
        keep = select or self.selected_id
        self._views = list(views)
        self._today = today
        self._sort = sort
        self._rebuild(select=keep)

    # -- building ----------------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        # The full style resolves `auto` and translucent colours against the table's
        # background; only its colour and weight are kept, so zebra stripes and the cursor
        # still show through.
        full = self.get_component_rich_style(name)
        return Style(color=full.color, bold=full.bold, italic=full.italic)

    def _width(self) -> int:
        width = self.size.width or self.app.size.width
        return max(width - 1, 40)  # keep a column for the scrollbar

    def _cells(self, view: ClientView, wide: bool) -> list[Text]:
        assert self._today is not None
        muted = self._style("client-table--muted")
        client, state = view.client, view.cadence

        name = Text.assemble((client.tier, muted), " ", visible(client.name), no_wrap=True)

        status = Text(state.label, style=self._style(STATUS_CLASS[state.status]), no_wrap=True)

        since_days = f"{state.days_since}d" if state.days_since is not None else "—"
        joiner = " / " if wide else "/"
        since = Text.assemble(since_days, (joiner, muted), (str(client.cadence), muted), no_wrap=True)

        if state.next_due is None:
            next_due = Text("—", style=muted)
        else:
            style = self._style(STATUS_CLASS[state.status]) if state.status == "overdue" else Style()
            next_due = Text(format_date(state.next_due, self._today), style=style)

        tick = self._style("client-table--tick")
        consistency = Text(no_wrap=True)
        for hit in view.consistency.ticks:
            consistency.append("●" if hit else "○", style=tick if hit else muted)
        if not view.consistency.ticks:
            consistency.append("—", style=muted)

        weakest = Text(PILLAR_SHORT[view.weakest], style=self._style("client-table--weakest"))

        counts = view.facts.column_counts()
        cards = Text(no_wrap=True)
        for index, column in enumerate(COLUMNS):
            if index:
                cards.append(" ")
            n = counts[column]
            style = muted if not n else (self._style("client-table--untold") if column == "steward" else Style())
            cards.append(f"{column[0].upper()}{n}" if wide else str(n), style=style)

        return [name, status, since, next_due, consistency, weakest, cards]

    def _rebuild(self, force_columns: bool = False, select: str | None = None) -> None:
        if self._today is None:
            return
        keep = select or self.selected_id
        keep_row = self.cursor_row
        wide = self._width() >= WIDE
        rows = [self._cells(v, wide) for v in self._views]
        header = {key: (w if wide else n) for key, w, n in COLUMN_HEADERS}
        arrow_on = SORT_COLUMN.get(self._sort)

        keys = [key for key, _, _ in COLUMN_HEADERS]
        widths: dict[str, int] = {}
        for index, key in enumerate(keys[1:], start=1):
            label_width = len(header[key]) + (2 if key == arrow_on else 0)
            widths[key] = max([label_width] + [row[index].cell_len for row in rows])
        fixed = sum(widths.values()) + GAP * len(keys)
        name_width = max(MIN_NAME, self._width() - fixed)
        widths["name"] = name_width

        layout = (self._sort, tuple(widths[key] for key in keys[1:]), name_width)
        if force_columns or layout != self._layout or not self.ordered_columns:
            self._layout = layout
            self.clear(columns=True)
            for key in keys:
                label = Text(header[key] + (" ▾" if key == arrow_on else ""), no_wrap=True)
                self.add_column(label, width=widths[key], key=key)
        else:
            self.clear()

        for view, cells in zip(self._views, rows):
            for index, key in enumerate(keys):
                if cells[index].cell_len > widths[key]:
                    cells[index].truncate(widths[key], overflow="ellipsis")
            self.add_row(*cells, key=view.client.id)

        if not self.row_count:
            return
        target = keep_row
        if keep is not None:
            try:
                target = self.get_row_index(keep)
            except RowDoesNotExist:  # the client left the list (archived, filtered out)
                target = keep_row
        self.move_cursor(row=max(0, min(target, self.row_count - 1)), animate=False)


__all__ = ["ClientTable", "SORT_COLUMN", "WIDE"]
