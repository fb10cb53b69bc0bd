"""The dashboard's client table (a Line API widget of our own): what it paints, line by line
(`table.render_line(y)`, whose cells carry their row and column in their style's meta), and
how it answers keys and the mouse. The last tests read the module itself: it must not touch a
private member of Textual (or Rich), so that a Textual release cannot break it."""

from __future__ import annotations

import ast
import inspect
from datetime import date, timedelta
from pathlib import Path

from rich.cells import cell_len
from rich.color import Color
from textual import on
from textual.app import App, ComposeResult
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as TextualStyle
from tuikit import settle, sync

import coach_tui.widgets.client_table as client_table_module
from coach_tui.app import CoachApp
from coach_tui.domain.dates import format_date
from coach_tui.domain.models import COLUMNS, PILLAR_SHORT
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.services import ClientView, Coach
from coach_tui.textsafe import visible
from coach_tui.widgets.client_brief import ClientBrief
from coach_tui.widgets.client_table import ClientTable
from coach_tui.widgets.status import status_text_style

NARROW = (80, 24)
SHORT = (80, 5)  # four rows of the demo's eleven on screen, none weakest on Recognize
# Wide enough for the table to spell its columns out and show every demo name whole beside
# the detail pane (at 120 columns the pane leaves it the narrow headers).
WIDE = (200, 50)


# -- reading the paint -----------------------------------------------------------------------


def cells(strip: Strip) -> list[str]:
    """The text of each cell of a painted line, by the column its style's meta names
    (padding stripped; the filler after the last column left out)."""
    found: dict[int, list[str]] = {}
    for segment in strip:
        meta = segment.style.meta if segment.style else {}
        if "column" in meta and not meta.get("out_of_bounds"):
            found.setdefault(meta["column"], []).append(segment.text)
    return ["".join(found[column]).strip() for column in sorted(found)]


def column_widths(strip: Strip) -> list[int]:
    """How many cells each column of a painted line takes."""
    found: dict[int, int] = {}
    for segment in strip:
        meta = segment.style.meta if segment.style else {}
        if "column" in meta and not meta.get("out_of_bounds"):
            found[meta["column"]] = found.get(meta["column"], 0) + segment.cell_length
    return [found[column] for column in sorted(found)]


def painted(table: ClientTable) -> list[Strip]:
    return [table.render_line(y) for y in range(table.size.height)]


def background(strip: Strip) -> Color | None:
    """The background of a line's first cell."""
    first = next(iter(strip))
    return first.style.bgcolor if first.style else None


def component_background(table: ClientTable, name: str) -> Color | None:
    return table.get_component_rich_style(f"client-table--{name}").bgcolor


def cursor_lines(table: ClientTable) -> list[int]:
    """The lines painted with the cursor's background."""
    cursor = component_background(table, "cursor")
    return [y for y, strip in enumerate(painted(table)) if y and background(strip) == cursor]


def expected_cells(view: ClientView, today, wide: bool) -> list[str]:
    """A row's cells worked out from the client's data, not from the table's code."""
    client, state = view.client, view.cadence
    since = f"{state.days_since}d" if state.days_since is not None else "—"
    counts = view.facts.column_counts()
    cards = [f"{column[0].upper()}{counts[column]}" if wide else str(counts[column]) for column in COLUMNS]
    return [
        f"{client.tier} {visible(client.name)}",
        ("▲ " if state.status == "overdue" else "") + state.label,  # overdue reads without colour
        since + (" / " if wide else "/") + str(client.cadence),
        format_date(state.next_due, today) if state.next_due else "now",  # a new client is due now
        "".join("●" if hit else "○" for hit in view.consistency.ticks) or "—",
        PILLAR_SHORT[view.weakest],
        " ".join(cards),
    ]


def table_of(app: CoachApp) -> ClientTable:
    return app.dashboard.query_one(ClientTable)


def add_clients(coach: Coach, count: int) -> None:
    today = coach.today()
    for n in range(count):
        client = coach.clients.add(f"Client {n:02d}", cadence=f"{7 + n % 5}d", added=today - timedelta(days=60))
        if n % 2:
            coach.deliveries.log(client.id, f"value {n}", on=today - timedelta(days=n % 9), told=True)


# -- what it paints --------------------------------------------------------------------------


@sync
async def test_paints_the_demo_portfolio_in_agenda_order(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = table_of(app)
        agenda = demo_coach.portfolio.agenda()
        assert table.row_count == len(agenda.views) == 11
        assert table.row_keys == [view.client.id for view in agenda.views]
        lines = painted(table)
        # Two demo clients renew within 90 days: the Renews column joins, "in 45d" on their rows.
        renews = {v.client.name: (v.client.renewal - agenda.today).days for v in agenda.views if v.client.renewal}
        soon = {name: f"in {days}d" for name, days in renews.items() if 0 < days <= 90}
        assert len(soon) == 2
        header = ["Client", "Status ▾", "Since / cadence", "Next due", "Consistency", "Weakest", "Cards", "Renews"]
        assert cells(lines[0]) == header
        for row, view in enumerate(agenda.views):
            want = [*expected_cells(view, agenda.today, wide=True), soon.get(view.client.name, "")]
            assert cells(lines[1 + row]) == want, view.client.name
            assert table.row_texts(view.client.id) == cells(lines[1 + row])
        # Every line fills the table, and each column starts at the same cell on every line.
        assert {strip.cell_length for strip in lines} == {table.size.width}
        starts = set()
        for strip in lines[: 1 + table.row_count]:
            x, columns = 0, {}
            for segment in strip:
                columns.setdefault(segment.style.meta.get("column"), x)
                x += segment.cell_length
            starts.add(tuple(columns.values()))
        assert len(starts) == 1
        # Below the rows: blank lines.
        assert all(not strip.text.strip() for strip in lines[1 + table.row_count :])
        # The first client is under the cursor, and the brief shows it.
        assert cursor_lines(table) == [1] and table.selected_id == agenda.views[0].client.id


@sync
async def test_narrow_headers_and_cells(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = table_of(app)
        agenda = demo_coach.portfolio.agenda()
        header = cells(table.render_line(0))
        # No Renews column at 80 cells: it would leave the names too little room (the brief says it).
        assert header == ["Client", "Status ▾", "Since", "Next due", "Consist.", "Weakest", "U P D S"]
        for row, view in enumerate(agenda.views[: table.size.height - 1]):
            want = expected_cells(view, agenda.today, wide=False)
            got = cells(table.render_line(1 + row))
            assert got[1:] == want[1:]
            assert got[0] == want[0] or (got[0].endswith("…") and want[0].startswith(got[0][:-1]))


@sync
async def test_sort_arrow_follows_the_sort(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = table_of(app)
        keep = table.selected_id
        arrows = []
        for _ in range(4):
            arrows.append([cell for cell in cells(table.render_line(0)) if cell.endswith("▾")])
            await pilot.press("s")
            await settle(pilot)
            assert table.selected_id == keep  # the cursor stays on the client
        assert arrows == [["Status ▾"], ["Client ▾"], ["Client ▾"], ["Next due ▾"]]


# -- keys ------------------------------------------------------------------------------------


@sync
async def test_cursor_moves_and_the_table_scrolls_at_80x24(demo_coach: Coach) -> None:
    add_clients(demo_coach, 20)  # 31 clients: more than 80x24 shows
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = table_of(app)
        visible_rows = table.size.height - 1  # under the header
        assert visible_rows < table.row_count
        ids = table.row_keys
        brief = app.dashboard.query_one(ClientBrief)
        names = {view.client.id: visible(view.client.name) for view in demo_coach.portfolio.agenda().views}
        for row in range(1, table.row_count):
            await pilot.press("down" if row % 2 else "j")
            await pilot.pause()
            assert table.cursor_row == row and table.selected_id == ids[row]
            y = row + 1 - table.scroll_offset.y
            assert y == min(row + 1, table.size.height - 1)  # scrolled just enough to keep it in view
            assert cursor_lines(table) == [y]
            assert cells(table.render_line(y))[0] == table.row_texts(ids[row])[0]
            assert str(brief.content).startswith(names[ids[row]])  # the brief follows
        assert table.scroll_offset.y == table.row_count - visible_rows
        assert cells(table.render_line(0))[0] == "Client"  # the header stays on top
        await pilot.press("down")  # past the last row: nothing moves
        assert table.cursor_row == table.row_count - 1
        for row in reversed(range(table.row_count - 1)):
            await pilot.press("up" if row % 2 else "k")
            await pilot.pause()
            y = row + 1 - table.scroll_offset.y
            assert table.cursor_row == row and cursor_lines(table) == [y]
            assert y == (1 if row < table.row_count - visible_rows else row + 1 - (table.row_count - visible_rows))
        assert table.scroll_offset.y == 0


@sync
async def test_home_end_and_page_keys(coach: Coach) -> None:
    add_clients(coach, 40)
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.row_count == 40
        page = table.size.height - 1

        await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row == page and table.scroll_offset.y == page
        assert cursor_lines(table) == [1]
        await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row == 2 * page
        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == page
        assert cursor_lines(table) == [page + 1 - table.scroll_offset.y]

        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 39 and table.scroll_offset.y == table.max_scroll_y == 40 - page
        assert cursor_lines(table) == [page]
        await pilot.press("pagedown")  # at the end already
        assert table.cursor_row == 39

        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_offset.y == 0 and cursor_lines(table) == [1]
        await pilot.press("pageup")
        assert table.cursor_row == 0

        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.cursor_row == 39
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert table.cursor_row == 0


@sync
async def test_move_cursor_scrolls_only_when_asked(coach: Coach) -> None:
    add_clients(coach, 40)
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = table_of(app)
        table.move_cursor(row=30, scroll=False)
        await pilot.pause()
        assert table.cursor_row == 30 and table.scroll_offset.y == 0 and cursor_lines(table) == []
        table.move_cursor(row=30)
        await pilot.pause()
        assert cursor_lines(table) == [table.size.height - 1]  # the least scroll: at the bottom
        table.move_cursor(row=500, animate=False)
        assert table.cursor_row == 39
        table.move_cursor(row=-3)
        assert table.cursor_row == 0


# -- the mouse -------------------------------------------------------------------------------


@sync
async def test_hover_highlights_the_row_under_the_mouse(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = table_of(app)
        hover = component_background(table, "hover")
        plain = [background(strip) for strip in painted(table)]
        assert hover not in plain

        await pilot.hover(ClientTable, offset=(20, 4))
        assert table.hover_row == 3
        assert background(table.render_line(4)) == hover
        assert [background(strip) for y, strip in enumerate(painted(table)) if y != 4] == plain[:4] + plain[5:]

        await pilot.hover(ClientTable, offset=(table.size.width - 1, 6))  # right of the columns
        assert table.hover_row == 5 and background(table.render_line(6)) == hover
        assert background(table.render_line(4)) == plain[4]

        await pilot.hover(ClientTable, offset=(10, 0))  # the header
        assert table.hover_row == -1 and background(table.render_line(0)) != plain[0]

        await pilot.hover(ClientTable, offset=(10, table.row_count + 3))  # below the rows
        assert table.hover_row is None
        assert [background(strip) for strip in painted(table)] == plain

        await pilot.hover(ClientTable, offset=(10, 2))
        assert table.hover_row == 1
        await pilot.press("down")  # the keyboard hides the hover
        assert table.hover_row is None and background(table.render_line(2)) == component_background(table, "cursor")

        await pilot.hover(ClientTable, offset=(10, 3))
        assert table.hover_row == 2
        await pilot.hover("#agenda-summary")  # the mouse leaves the table
        assert table.hover_row is None


@sync
async def test_a_click_selects_and_a_second_click_opens_the_board(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = table_of(app)
        target = table.row_keys[3]
        await pilot.click(ClientTable, offset=(30, 4))
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert table.cursor_row == 3 and table.selected_id == target
        assert app.dashboard.selected().client.id == target  # the brief follows
        await pilot.click(ClientTable, offset=(5, 0))  # the header: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and table.cursor_row == 3
        await pilot.click(ClientTable, offset=(5, 4))  # the row under the cursor
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.screen.client_id == target
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and table.selected_id == target
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.screen.client_id == target


class TableApp(App[None]):
    """The table alone, recording the messages it posts."""

    CSS_PATH = str(Path(client_table_module.__file__).with_suffix(".tcss"))

    def __init__(self, views: list[ClientView], today: date) -> None:
        super().__init__()
        self.views, self.today = views, today
        self.messages: list[tuple[str, int, str]] = []

    def compose(self) -> ComposeResult:
        yield ClientTable(id="clients")

    def on_mount(self) -> None:
        self.query_one(ClientTable).show(self.views, self.today, "urgency")

    @on(ClientTable.RowHighlighted, "#clients")
    def highlighted(self, event: ClientTable.RowHighlighted) -> None:
        assert event.control.id == "clients"
        self.messages.append(("highlighted", event.row, event.client_id))

    @on(ClientTable.RowSelected, "#clients")
    def selected(self, event: ClientTable.RowSelected) -> None:
        assert event.control.id == "clients"
        self.messages.append(("selected", event.row, event.client_id))


@sync
async def test_messages_carry_the_client(demo_coach: Coach) -> None:
    agenda = demo_coach.portfolio.agenda()
    ids = [view.client.id for view in agenda.views]
    app = TableApp(agenda.views, agenda.today)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        table = app.query_one(ClientTable)
        assert app.messages == [("highlighted", 0, ids[0])]  # filled
        await pilot.press("down", "down")
        await pilot.press("enter")
        await pilot.click(ClientTable, offset=(3, 6))
        await pilot.click(ClientTable, offset=(3, 6))
        await pilot.press("up")  # with the cursor on the top row: no message
        table.move_cursor(row=0)
        await pilot.press("up")
        await pilot.pause()
        assert app.messages == [
            ("highlighted", 0, ids[0]),
            ("highlighted", 1, ids[1]),
            ("highlighted", 2, ids[2]),
            ("selected", 2, ids[2]),
            ("highlighted", 5, ids[5]),
            ("selected", 5, ids[5]),
            ("highlighted", 4, ids[4]),
            ("highlighted", 0, ids[0]),
        ]
        # Shown again in another order, the cursor stays on its client.
        app.messages.clear()
        table.show(list(reversed(agenda.views)), agenda.today, "name")
        await pilot.pause()
        assert table.selected_id == ids[0] and table.cursor_row == len(ids) - 1
        assert app.messages == [("highlighted", len(ids) - 1, ids[0])]
        table.show(agenda.views[3:], agenda.today, "urgency", select=ids[7])
        assert table.selected_id == ids[7]
        table.show(agenda.views[:2], agenda.today, "urgency")  # the client left: the same row, kept in range
        assert table.cursor_row == 1


# -- names -----------------------------------------------------------------------------------


@sync
async def test_long_names_are_cut_by_cell_width(coach: Coach) -> None:
    names = (
        "北京国际物流集团有限公司华东分公司上海办事处",
        "株式会社サクラ物流 東日本営業所 第二課",
        "The Extraordinarily Long-Named International Consolidated Shipping Company",
        "🚀 Rocket Foods 🍕🍕🍕 and friends of the famous pizza",
        "Acme",
    )
    clients = {coach.clients.add(name).id: name for name in names}
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = table_of(app)
        cut = 0
        for row, client_id in enumerate(table.row_keys):
            full = f"B {clients[client_id]}"
            strip = table.render_line(1 + row)
            assert strip.cell_length == table.size.width
            name_cell = "".join(segment.text for segment in strip if segment.style.meta == {"row": row, "column": 0})
            width = cell_len(name_cell) - 2  # one column of padding on each side
            shown = name_cell[1:-1]
            if cell_len(full) <= width:
                assert shown.rstrip() == full
                continue
            cut += 1
            # Cut to the column's width exactly: a wide character that would straddle the
            # edge leaves a space, never half a character.
            assert cell_len(shown) == width and shown.endswith("…"), shown
            assert full.startswith(shown[:-1].rstrip()), shown
            assert table.row_texts(client_id)[0] == shown.rstrip()
        assert cut == 4


@sync
async def test_markup_in_names_is_shown_as_typed(coach: Coach) -> None:
    red = coach.clients.add("[red]Acme[/] Holdings")
    quit_ = coach.clients.add("[@click=app.quit]x")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = table_of(app)
        for client in (red, quit_):
            row = table.row_keys.index(client.id)
            strip = table.render_line(1 + row)
            assert cells(strip)[0] == f"{client.tier} {client.name}".strip()
            assert all("@click" not in (segment.style.meta if segment.style else {}) for segment in strip)
        row = table.row_keys.index(quit_.id)
        other = 1 - row
        table.move_cursor(row=other)
        await pilot.pause()
        await pilot.click(ClientTable, offset=(4, 1 + row))  # on the "[@click=app.quit]" text
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, DashboardScreen)
        assert table.selected_id == quit_.id  # it only selected the row


# -- styles ----------------------------------------------------------------------------------


@sync
async def test_theme_and_focus_recolour_the_table(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        table = table_of(app)

        def colours() -> tuple[object, ...]:
            # The header, the first row (under the cursor), the second (overdue too).
            line = table.render_line(2)
            status = next(s for s in line if s.style.meta.get("column") == 1 and s.text.strip())
            return (background(table.render_line(0)), background(table.render_line(1)), background(line), status.style.bgcolor)

        dark = colours()
        assert dark[1] == component_background(table, "cursor")
        app.theme = "textual-light"
        await settle(pilot)
        light = colours()
        # (the error colour, overdue's block, is the same in both themes)
        assert all(a != b for a, b in zip(dark[:3], light[:3], strict=True)), (dark, light)
        assert light[0] == component_background(table, "header")
        assert light[1] == component_background(table, "cursor")
        assert light[2] == component_background(table, "odd-row")
        overdue = TextualStyle.parse(status_text_style("overdue"), app.get_css_variables()).rich_style
        assert light[3] == overdue.bgcolor  # overdue is a block of the error colour

        focused_cursor = light[1]
        app.screen.set_focus(None)
        await settle(pilot)
        assert colours()[1] == component_background(table, "cursor") != focused_cursor
        table.focus()
        await settle(pilot)
        assert colours() == light


@sync
async def test_rows_come_back_after_a_filter_with_no_match(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = table_of(app)
        table.move_cursor(row=10)
        await pilot.pause()
        keep = table.selected_id
        await pilot.press("slash", "z", "z", "z")
        await settle(pilot)
        assert table.row_count == 0 and table.selected_id is None
        assert cells(table.render_line(0))[0] == "Client"  # the header alone
        assert all(not strip.text.strip() for strip in painted(table)[1:])
        table.move_cursor(row=3)  # nothing to move to
        table.action_cursor_down()
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == 11 and table.scroll_offset.y <= table.max_scroll_y
        assert table.selected_id is not None and len(cursor_lines(table)) == 1
        assert keep in table.row_keys


@sync
async def test_refit_after_scoring_fits_the_columns_as_a_fresh_show_would(demo_coach: Coach) -> None:
    """The dashboard shows a read agenda unscored, then calls `refit()` once every client is
    scored: the columns come out as a table shown the scored rows from the start."""
    agenda = demo_coach.portfolio.agenda()
    assert not any(view.ranked for view in agenda.views)
    app = TableApp(agenda.views, agenda.today)
    async with app.run_test(size=SHORT) as pilot:
        table = app.query_one(ClientTable)
        await settle(pilot)  # the rows on screen are scored as they are painted; the rest not
        assert not all(view.ranked for view in agenda.views)
        before = column_widths(table.render_line(0))
        for view in agenda.views:
            view.scores  # noqa: B018
        table.refit()
        await settle(pilot)
        refitted = [table.render_line(y) for y in range(table.size.height)]
        fresh = TableApp(agenda.views, agenda.today)
        async with fresh.run_test(size=SHORT) as fresh_pilot:
            other = fresh.query_one(ClientTable)
            await settle(fresh_pilot)
            assert [cells(line) for line in refitted] == [cells(other.render_line(y)) for y in range(other.size.height)]
            # A client below the fold is weakest on a pillar with a longer name: the column widened.
            assert column_widths(other.render_line(0)) != before


# -- public API only -------------------------------------------------------------------------


def textual_private_names() -> set[str]:
    """Every single-underscore name Textual defines on ScrollView, its bases, or an instance."""
    names = {name for cls in ScrollView.__mro__ for name in vars(cls)}
    names |= set(dir(ScrollView)) | set(vars(ScrollView()))
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def own_names(tree: ast.Module) -> set[str]:
    """Names the module itself defines: functions, classes, assignments, `self.x = ...`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Attribute):
            names.add(node.target.attr)
    return names


def test_no_private_member_of_textual_or_rich_is_used() -> None:
    source = inspect.getsource(client_table_module)
    tree = ast.parse(source)
    textual = textual_private_names()
    own = own_names(tree)
    assert {"_styles_cache", "_size_updated", "_refresh_scroll", "_on_click"} <= textual  # it sees Textual's names

    for node in ast.walk(tree):
        # No private module or name imported from Textual or Rich.
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.split(".")[0] in ("textual", "rich"):
                assert not any(part.startswith("_") for part in module.split(".")), module
                assert not any(alias.name.startswith("_") for alias in node.names), module
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert not any(part.startswith("_") for part in alias.name.split(".")), alias.name
        # Every `x._name` is a name this module defines, and none Textual defines.
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            assert node.attr in own, f"line {node.lineno}: {node.attr} is not defined in client_table.py"
            assert node.attr not in textual, f"line {node.lineno}: {node.attr} is a private member of Textual"
        # No private name reached by string either.
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
        ):
            for arg in node.args[1:2]:
                assert not (isinstance(arg, ast.Constant) and str(arg.value).startswith("_")), ast.unparse(node)

    # No method of a Textual-derived class overrides (or shadows) a private Textual name.
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        for item in cls.body:
            if (
                isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                and item.name.startswith("_")
                and not item.name.startswith("__")
            ):
                assert item.name not in textual, f"{cls.name}.{item.name} overrides a private member of Textual"

    # And at run time: none of the table's own attributes is one of Textual's.
    table = ClientTable()
    ours = set(vars(table)) - set(vars(ScrollView()))
    assert ours and not (ours & textual), ours & textual

    class Bare(ScrollView):  # what Textual itself sets on any subclass
        pass

    defined = {name for name in set(vars(ClientTable)) - set(vars(Bare)) if name.startswith("_") and not name.startswith("__")}
    assert defined & textual == set(), defined & textual
