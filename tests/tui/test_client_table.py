"""ClientTable paints rows its own, faster way (see its docstring): the lines it draws must
be DataTable's own, segment for segment and style for style (the styles carry the row and
column that a mouse click reports), wherever the cursor, the hover and the scroll are."""

from __future__ import annotations

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from coach_tui.app import CoachApp
from coach_tui.services import Coach
from coach_tui.widgets.client_table import ClientTable
from tuikit import settle, sync


class DataTablePainted(ClientTable):
    """The same table, painted by DataTable's own code."""

    render_line = DataTable.render_line
    _render_line = DataTable._render_line
    _render_line_in_row = DataTable._render_line_in_row
    _render_cell = DataTable._render_cell


def painted(table: ClientTable, painter: type[ClientTable]) -> list[list[tuple[str, object]]]:
    """Every visible line of `table` as painted by `painter`'s code, from empty caches."""
    kept = table.__class__
    table.__class__ = painter
    try:
        table._line_cache.clear()
        table._row_render_cache.clear()
        table._cell_render_cache.clear()
        table._styles_cache.clear()  # the widget's own cache of painted lines
        strips = table.render_lines(table.content_region.reset_offset)
        return [[(segment.text, segment.style) for segment in strip] for strip in strips]
    finally:
        table.__class__ = kept


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@sync
async def test_the_table_paints_what_datatable_would(demo_coach: Coach, size: tuple[int, int]) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        assert table.row_count == 11

        def same() -> None:
            ours, theirs = painted(table, ClientTable), painted(table, DataTablePainted)
            assert len(ours) == table.content_region.height
            assert ours == theirs

        same()  # the cursor on the first row
        table.move_cursor(row=3)
        await pilot.pause()
        same()
        table._set_hover_cursor(True)
        table.hover_coordinate = Coordinate(5, 2)
        same()
        table.move_cursor(row=10)  # scrolls at 80x24
        await pilot.pause()
        same()
        app.theme = "textual-light"
        await settle(pilot)
        same()
