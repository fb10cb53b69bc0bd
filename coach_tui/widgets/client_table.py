"""The dashboard's table of clients: one row per active client, in the order it is given.

Every cell is a `rich.text.Text` (a plain `str` cell would be read as markup), names go
through `visible()`, and the colours come from component classes in `client_table.tcss`, so
they follow the theme. Column widths are worked out from the table's own width: the fixed
columns take what their content needs and the name takes the rest, cut with an ellipsis by
cell width (CJK and emoji included) rather than pushing the table off screen.

DataTable (textual 8.2) does much more work than these rows need: it measures every cell,
re-sets the cursor for every row added, renders each cell through nested Rich renderables and
renders every visible line again whenever the cursor moves. The table overrides those steps
(each override says what it leaves out and falls back to DataTable outside its case), so 500
clients show at launch and the cursor moves within a frame, with the very same output.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, DuplicateKey, Row, RowDoesNotExist, RowKey

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
        self._built_width: int | None = None  # the width the cells were last cut for
        self._styles: dict[str, Style] = {}
        self._paint_style: Style | None = None
        self._row_styles: dict[str, Style] = {}  # component name -> rich style, during a paint
        self._cell_style_cache: dict[tuple[bool, bool, bool], tuple[Style, Style]] = {}  # likewise
        self._segments: dict[int, tuple[Text, tuple[list[Segment], int] | None]] = {}

    def on_mount(self) -> None:
        # Cell colours are baked into the Text: rebuild them when the theme changes.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._rebuild, True))

    def on_resize(self) -> None:
        # Only the width shapes the cells: a change of height (the brief appearing under the
        # table) must not rebuild 500 rows.
        if self._today is not None and self._width() != self._built_width:
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

    # -- painting ----------------------------------------------------------------------------
    # DataTable (textual 8.2) keys every rendered line on the cursor's coordinate, so a
    # cursor move that scrolls the table renders every visible line again, although a row
    # only looks different when the cursor (or the mouse) enters or leaves it. Lines are kept
    # here on whether they hold the cursor and the hover instead, in DataTable's own line
    # cache, which DataTable clears whenever rows, sizes or styles change.
    def render_lines(self, crop: Region) -> list[Strip]:
        # The table's base style walks every ancestor, and each row style is a CSS lookup:
        # once per paint, not once per line.
        self._paint_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._paint_style = None
            self._row_styles.clear()
            self._cell_style_cache.clear()

    def render_line(self, y: int) -> Strip:
        base_style = self._paint_style or self.rich_style
        if self.fixed_rows:
            return super().render_line(y)
        if not self.show_header or y >= self.get_row_height(self._header_row_key):
            y += self.scroll_offset.y
        scroll_x = self.scroll_offset.x
        return self._render_line(y, scroll_x, scroll_x + self.size.width, base_style)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        if self.cursor_type != "row":
            return super()._render_line(y, x1, x2, base_style)
        try:
            row_key, _ = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        row_index = self._row_locations.get(row_key)
        if row_index is None:  # the header
            row_index = -1
        cache_key = (
            "client-table",
            y,
            x1,
            x2,
            self.size.width,
            self.cursor_coordinate.row == row_index,
            self.hover_coordinate.row == row_index,
            base_style,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        strip = self._line_cache.get(cache_key)
        if strip is None:
            strip = self._line_cache[cache_key] = super()._render_line(y, x1, x2, base_style)
        return strip

    def _component_rich_style(self, name: str) -> Style:
        """`get_component_styles(name).rich_style`, kept for the paint in progress."""
        if self._paint_style is None:
            return self.get_component_styles(name).rich_style
        style = self._row_styles.get(name)
        if style is None:
            style = self._row_styles[name] = self.get_component_styles(name).rich_style
        return style

    def _cell_styles(self, is_header: bool, hover: bool, cursor: bool) -> tuple[Style, Style]:
        """DataTable's (component, post) styles for a cell, kept for the paint in progress
        (three of the four inputs are reactives, slow to read for every cell)."""
        key = (is_header, hover, cursor)
        styles = self._cell_style_cache.get(key) if self._paint_style is not None else None
        if styles is None:
            styles = self._get_styles_to_render_cell(
                is_header,
                False,
                False,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            if self._paint_style is not None:
                self._cell_style_cache[key] = styles
        return styles

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """A row's line as DataTable renders it, for this table's case: a row cursor, no
        fixed rows or columns, no row labels (anything else is left to DataTable).

        DataTable (textual 8.2) looks up the header's and the row's CSS styles for every
        line and the row's cells for every cell; here they come once per paint and once
        per line. The cache key and the segments are DataTable's own.
        """
        if (
            self.cursor_type != "row"
            or self.fixed_rows
            or self.fixed_columns
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        row_index = self._row_locations.get(row_key)
        if row_index is None:  # the header
            row_index = -1
            row_style = self._component_rich_style("datatable--header")
        else:
            row_style = self._component_rich_style("datatable--odd-row" if row_index % 2 else "datatable--even-row")
        cursor = row_index == cursor_location.row
        hover = row_index == hover_location.row
        cells = self._get_row_renderables(row_index).cells
        scrollable_row: list[list[Segment]] = []
        table_width = self._row_label_column_width
        for column_index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            table_width += width
            lines = self._cell_lines(row_index, column_index, cells[column_index], row_style, width, cursor, hover)
            scrollable_row.append(lines[line_no])
        # Extending the row's style out to the table's right edge.
        extend_style, _ = self._get_styles_to_render_cell(
            row_index == -1, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor, False, False
        )
        extend_style = row_style + extend_style + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable_row.append([Segment(" " * max(0, self.size.width - table_width), extend_style)])
        row_pair: tuple[list[list[Segment]], list[list[Segment]]] = ([], scrollable_row)
        self._row_render_cache[cache_key] = row_pair
        return row_pair

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A cell's lines, as DataTable renders them, without the Rich machinery.

        DataTable (textual 8.2) renders every visible cell through
        `console.render_lines(Styled(Padding(cell)))`: nested renders and line splitting, the
        bulk of painting a screenful of rows. Our cells are one-line `Text` narrower than their
        column (names are cut to fit), so the line is put together here from the text's own
        segments, producing the very segments and styles Rich would. Anything else (a cell
        wider than its column, a row taller than one line) is left to DataTable.
        """
        is_header = row_index == -1
        if column_index == -1 or (not is_header and row_index < self.fixed_rows) or column_index < self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cell = self._get_row_renderables(row_index).cells[column_index]
        return self._cell_lines(row_index, column_index, cell, base_style, width, cursor, hover)

    def _cell_lines(
        self,
        row_index: int,
        column_index: int,
        cell: object,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]]:
        """`_render_cell` for a cell already fetched (no fixed rows or columns)."""
        is_header = row_index == -1
        row_key = self._header_row_key if is_header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        lines = cache.get(cache_key)
        if lines is not None:
            return lines
        height = self.header_height if is_header else self.rows[row_key].height
        pad = self.cell_padding
        inner = width - 2 * pad
        if height != 1 or inner < 1 or not isinstance(cell, Text):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        text = self._text_segments(cell)
        if text is None or text[1] > inner:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        segments_of_text, text_width = text

        component_style, post_style = self._cell_styles(is_header, hover, cursor)
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        null = Style.null()
        segments = [Segment(" " * pad, null)] if pad else []
        segments.extend(segments_of_text)
        if (fill := inner - text_width) > 0:
            segments.append(Segment(" " * fill, null))
        if pad:
            segments.append(Segment(" " * pad, null))
        lines = [list(Segment.apply_style(segments, pre_style, post_style))]
        cache[cache_key] = lines
        return lines

    def _text_segments(self, cell: Text) -> tuple[list[Segment], int] | None:
        """A one-line cell's segments as Rich renders them, and its width; None for a cell
        Rich would lay out (more than a line, tabs, justified). Kept per cell: the cells
        that rows share are worked out once."""
        known = self._segments.get(id(cell))
        if known is not None and known[0] is cell:
            return known[1]
        plain = cell.plain
        if "\n" in plain or "\t" in plain or cell.justify not in (None, "default"):
            found = None
        else:
            # What Text.__rich_console__ renders for a line that fits: its style becomes a span.
            spans = [Span(0, len(plain), cell.style), *cell.spans] if cell.style else cell.spans
            rendered = Text(plain, spans=spans).render(self.app.console)
            found = ([segment for segment in rendered if segment.text], cell.cell_len)
        self._segments[id(cell)] = (cell, found)
        return found

    # -- building ----------------------------------------------------------------------------
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """The table's virtual size, without measuring the cells.

        DataTable (textual 8.2) measures every cell of every new row through Rich to learn
        each column's content width, even for a column given a width, where that width is
        never used: thousands of measures for 500 rows. Here every column has its width and
        every row is one line without a label, so the size is known; anything else goes the
        general way.
        """
        columns = self.columns.values()
        rows = self.rows
        if any(column.auto_width for column in columns) or any(
            (row := rows.get(key)) is not None and (row.auto_height or row.label is not None) for key in new_rows
        ):
            super()._update_dimensions(new_rows)
            return
        header = self.header_height if self.show_header else 0
        width = sum(column.get_render_width(self) for column in columns) + self._row_label_column_width
        self.virtual_size = Size(width, self._total_row_height + header)

    def _style(self, name: str) -> Style:
        # The full style resolves `auto` and translucent colours against the table's
        # background; only its colour and weight are kept, so zebra stripes and the cursor
        # still show through.
        full = self.get_component_rich_style(name)
        return Style(color=full.color, bold=full.bold, italic=full.italic)

    def _width(self) -> int:
        width = self.size.width or self.app.size.width
        return max(width - 1, 40)  # keep a column for the scrollbar

    def _cells(self, view: ClientView, wide: bool, shared: dict[tuple[object, ...], Text]) -> list[Text]:
        """One row's cells. Every cell but the name depends on a few small values that many
        clients share (a status, a cadence, six ticks): those are built once per rebuild and
        shared through `shared`, which the table may do as it never changes a cell."""
        assert self._today is not None
        client, state = view.client, view.cadence
        styles = self._styles
        muted = styles["client-table--muted"]

        # What Text.assemble((tier, muted), " ", name) builds, without its per-part work.
        name = Text(f"{client.tier} {visible(client.name)}", no_wrap=True)
        if client.tier and muted:
            name.spans.append(Span(0, len(client.tier), muted))

        key: tuple[object, ...] = ("status", state.status, state.label)
        if (status := shared.get(key)) is None:
            status = shared[key] = Text(state.label, style=styles[STATUS_CLASS[state.status]], no_wrap=True)

        key = ("since", state.days_since, client.cadence)
        if (since := shared.get(key)) is None:
            since_days = f"{state.days_since}d" if state.days_since is not None else "—"
            joiner = " / " if wide else "/"
            since = shared[key] = Text.assemble(since_days, (joiner, muted), (str(client.cadence), muted), no_wrap=True)

        key = ("next", state.next_due, state.status == "overdue")
        if (next_due := shared.get(key)) is None:
            if state.next_due is None:
                next_due = Text("—", style=muted)
            else:
                style = styles[STATUS_CLASS[state.status]] if state.status == "overdue" else Style()
                next_due = Text(format_date(state.next_due, self._today), style=style)
            shared[key] = next_due

        key = ("consistency", view.consistency.ticks)
        if (consistency := shared.get(key)) is None:
            tick = styles["client-table--tick"]
            consistency = shared[key] = Text(no_wrap=True)
            for hit in view.consistency.ticks:
                consistency.append("●" if hit else "○", style=tick if hit else muted)
            if not view.consistency.ticks:
                consistency.append("—", style=muted)

        key = ("weakest", view.weakest)
        if (weakest := shared.get(key)) is None:
            weakest = shared[key] = Text(PILLAR_SHORT[view.weakest], style=styles["client-table--weakest"])

        counts = view.facts.column_counts()
        key = ("cards", *counts.values())
        if (cards := shared.get(key)) is None:
            cards = shared[key] = Text(no_wrap=True)
            for index, column in enumerate(COLUMNS):
                if index:
                    cards.append(" ")
                n = counts[column]
                style = muted if not n else (styles["client-table--untold"] if column == "steward" else Style())
                cards.append(f"{column[0].upper()}{n}" if wide else str(n), style=style)

        return [name, status, since, next_due, consistency, weakest, cards]

    def _add_rows(self, keys: list[str], rows: list[list[Text]]) -> None:
        """What `add_row` does for each row (textual 8.2), once for them all.

        `add_row` sets the cursor reactive again after every row, running its validator and
        watcher, which is most of what adding 500 rows costs; here the rows go in, then the
        cursor is set once and, as `add_row` does for the first row of an empty table, the
        row under it is highlighted.
        """
        was_empty = not self.row_count
        columns = [column.key for column in self.ordered_columns]
        for index, (key, cells) in enumerate(zip(keys, rows), start=self.row_count):
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = index
            self._data[row_key] = dict(zip(columns, cells))
            self.rows[row_key] = Row(row_key, 1)
            self._new_rows.add(row_key)
        if not rows:
            return
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def _rebuild(self, force_columns: bool = False, select: str | None = None) -> None:
        if self._today is None:
            return
        keep = select or self.selected_id
        keep_row = self.cursor_row
        self._built_width = self._width()
        self._segments.clear()
        wide = self._built_width >= WIDE
        # Resolved once per build: a component style costs a CSS lookup.
        self._styles = {name: self._style(name) for name in self.COMPONENT_CLASSES if name.startswith("client-table--")}
        shared: dict[tuple[object, ...], Text] = {}
        rows = [self._cells(v, wide, shared) for v in self._views]
        header = {key: (w if wide else n) for key, w, n in COLUMN_HEADERS}
        arrow_on = SORT_COLUMN.get(self._sort)

        keys = [key for key, _, _ in COLUMN_HEADERS]
        widths: dict[str, int] = {}
        for index, key in enumerate(keys[1:], start=1):
            label_width = len(header[key]) + (2 if key == arrow_on else 0)
            distinct = {id(row[index]): row[index] for row in rows}.values()  # shared cells once
            widths[key] = max([label_width] + [cell.cell_len for cell in distinct])
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

        # Only a name can be wider than its column: every other width is its widest cell.
        for cells in rows:
            if cells[0].cell_len > name_width:
                cells[0].truncate(name_width, overflow="ellipsis")
        self._add_rows([view.client.id for view in self._views], rows)

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
