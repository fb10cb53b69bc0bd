"""The dashboard's table of clients: one row per client, in the order it is given (the active
ones; with the archived ones after them when asked for, every cell dimmed and the status
saying "archived", so the row reads without colour). A new client's next due is "now".

A Line API widget (a `ScrollView` painting one `Strip` per line in `render_line`), built on
Textual's and Rich's public API only, so it does not depend on how a Textual release lays out
its own DataTable. It looks like the DataTable it replaces: a header row (bold, on `$panel`)
that stays put while the rows scroll under it, zebra stripes, a row cursor, a hover
highlight, and cells padded by one column on each side, which carry their row and column in
their style's meta as DataTable's do (so a screenshot groups the cells the same way).

A "Renews" column joins the others, after the cards, while a client shown renews within 90
days ("in 45d"), and goes when none does. Column widths come from the table's own width: the fixed columns take what their content
needs and the name takes the rest (MAX_NAME at most: on a wide terminal the columns stay
together and the detail pane beside the table gets the room), cut with an ellipsis by cell width (CJK and emoji
included) rather than pushing the table off screen. Names go through `visible()` into
`rich.text.Text` (never markup), and the colours come from component classes in
`client_table.tcss`, so they follow the theme and the focus.

Cheap for thousands of clients: `show()` keeps the views and measures the fixed columns from
the few distinct values they show (statuses, dates, cadences...); a row's cells are built
when the row is first painted, and a painted line is kept per (row, cursor on it, mouse on
it) until the styles, the width or the rows change. Only the lines on screen are painted,
and only their clients' pillar scores are worked out (for the weakest pillar's column, which
widens if one of them needs more room; `refit()` fits it to every client once all are known).

Private names here start with `_ct_`, which no Textual class uses (a test checks), so that a
Textual release cannot collide with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as TextualStyle

from ..domain.dates import format_date
from ..domain.facts import CONSISTENCY_WINDOWS
from ..domain.models import COLUMNS, PILLAR_SHORT, Cadence
from ..services import ClientView
from ..textsafe import visible
from .status import STATUS_LOOKS, overdue_style, status_text_style, status_word

# At this width and above the table spells its headers and card counts out in full.
WIDE = 100
MIN_NAME = 12
# The name column grows with the table up to this many cells (a longer name is cut with an
# ellipsis; the detail pane beside the table shows it whole): on a wide terminal the other
# columns stay near the names rather than some hundred blank cells away.
MAX_NAME = 40
# The renewal column joins only where it leaves the names this much room.
RENEWAL_MIN_NAME = 20
# What the status and next-due cells of an archived client say (dimmed too: it reads
# without colour), and the next due of a new client, whose first value-add is due now.
ARCHIVED = "archived"
DUE_NOW = "now"
GAP = 2  # cell padding: one column on each side of every cell
PAD = GAP // 2

# Component classes that colour the text of a cell (their colour, weight and italics only,
# so zebra stripes and the cursor still show through).
TEXT_CLASSES: tuple[str, ...] = ("client-table--muted", "client-table--tick", "client-table--untold", "client-table--weakest")

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
# Shown after the cards, and only while a client shown renews within RENEWAL_DAYS: a renewal
# that close is what the review must not miss.
RENEWAL_HEADER = ("renewal", "Renews", "Renews")
RENEWAL_DAYS = 90

# The column whose header carries the sort arrow, per sort.
SORT_COLUMN = {
    "urgency": "status",
    "name": "name",
    "tier": "name",
    "next due": "next",
    "last value-add": "since",
    "weakest pillar": "weakest",
}
ARROW = " ▾"
ARROW_REVERSED = " ▴"
REVERSED = ", reversed"  # ends the name of a sort the user reversed ("name, reversed")

# Lines (and rows' cells) kept at most before their cache starts over: a screenful takes a
# few dozen, and scrolling through thousands of clients must not keep them all.
MAX_LINES = 2000


class Shown(NamedTuple):
    """The distinct values the fixed columns show, which size them (a few dozen at most,
    however many clients)."""

    labels: frozenset[str]  # statuses, "overdue 5d" included
    since: frozenset[tuple[int | None, str]]  # (days since the last value-add, cadence)
    next_due: frozenset[str]
    ticks: frozenset[int]  # consistency windows counted
    weakest: frozenset[str]
    cards: frozenset[tuple[int, ...]]  # open cards per column
    renewals: frozenset[str] = frozenset()  # the renewal cells of clients renewing soon

    def with_weakest(self, more: Iterable[str]) -> Shown:
        """The same values, with the weakest pillars `more` among them."""
        weakest = self.weakest | frozenset(more)
        return Shown(self.labels, self.since, self.next_due, self.ticks, weakest, self.cards, self.renewals)


def renewal_text(renewal: date | None, today: date) -> str:
    """`in 45d` for a renewal within RENEWAL_DAYS (`today`, `5d ago` just past), else ""."""
    if renewal is None:
        return ""
    days = (renewal - today).days
    if days > RENEWAL_DAYS or days < -7:
        return ""
    return "today" if days == 0 else (f"in {days}d" if days > 0 else f"{-days}d ago")


class Layout(NamedTuple):
    """How the columns are laid out for one width."""

    available: int  # the width the columns were fitted to
    wide: bool
    labels: tuple[str, ...]  # header labels, the sort arrow included
    keys: tuple[str, ...]  # the columns shown, by key (the renewal column comes and goes)
    widths: tuple[int, ...]  # each column's content width (padding excluded), name first
    width: int  # the whole table: every column with its padding


class Paint(NamedTuple):
    """The styles a paint uses, resolved again only when Textual reports a change of styles
    (the theme, the focus). Painted lines are kept only while they stay the same."""

    base: Style
    header: Style
    even: Style
    odd: Style
    cursor: Style
    hover: Style
    header_hover: Style
    text: tuple[Style, ...]  # one per TEXT_CLASSES
    statuses: dict[str, Style]  # each cadence status's word, as widgets.status says it looks
    overdue_date: Style  # the next-due date of an overdue client

    def colour(self, name: str) -> Style:
        return self.text[TEXT_CLASSES.index(name)]


Cell = tuple[list[Segment], int]  # a cell's text segments and their width in cells


def since_parts(days_since: int | None, wide: bool) -> tuple[str, str]:
    """The start of the "since / cadence" cell: the days since the last value-add, and what
    joins them to the cadence."""
    return (f"{days_since}d" if days_since is not None else "—"), (" / " if wide else "/")


def cards_text(counts: tuple[int, ...], wide: bool) -> list[str]:
    """The card counts, one per column: "U2" when wide, "2" when narrow."""
    return [f"{column[0].upper()}{n}" if wide else str(n) for column, n in zip(COLUMNS, counts, strict=True)]


def next_due_text(next_due: date | None, archived: bool, today: date) -> str:
    """The next-due cell: the day, `now` for a new client (no value-add yet: the first one is
    due now, as `coach status` and the calendar say), `—` for an archived client."""
    if archived:
        return "—"
    return DUE_NOW if next_due is None else format_date(next_due, today)


def shown_values(views: list[ClientView], today: date) -> Shown:
    """What the fixed columns of `views` show, each value once. Run over every client at each
    launch and reload: the loop gathers what each row's cells are made of (plain fields, a
    few dozen distinct values however many clients), and each distinct one is formatted once
    after it."""
    states: set[tuple[bool, str, str]] = set()  # (archived, status, label)
    since: set[tuple[int | None, Cadence]] = set()
    next_due: set[tuple[date | None, bool]] = set()
    weakest: set[str] = set()
    cards: set[tuple[int, ...]] = set()
    renewal_days: set[date] = set()
    for view in views:
        state, client = view.cadence, view.client
        archived = client.archived
        states.add((archived, state.status, state.label))
        since.add((state.days_since, client.cadence))
        next_due.add((state.next_due, archived))
        if view.ranked:  # the others join when they are scored (`ClientTable.render_lines`)
            weakest.add(view.weakest)
        cards.add(view.counts)
        if client.renewal is not None:
            renewal_days.add(client.renewal)
    return Shown(
        frozenset(ARCHIVED if archived else status_word(status, label) for archived, status, label in states),
        frozenset((days, str(cadence)) for days, cadence in since),
        frozenset(next_due_text(d, archived, today) for d, archived in next_due),
        # Six ticks at most, narrower than the column's label: the consistency of clients not
        # shown yet is not worked out to size it.
        frozenset({CONSISTENCY_WINDOWS}),
        frozenset(weakest),
        frozenset(cards),
        frozenset(soon for day in renewal_days if (soon := renewal_text(day, today))),
    )


def lay_out(shown: Shown, sort: str, available: int) -> Layout:
    """The columns for `available` cells: each fixed column as wide as its widest content
    or label, the name column whatever is left (at least MIN_NAME, at most MAX_NAME). The
    renewal column joins only where it leaves the name RENEWAL_MIN_NAME cells (the detail
    pane shows the renewal anyway)."""
    if shown.renewals:
        layout = _lay_out((*COLUMN_HEADERS, RENEWAL_HEADER), shown, sort, available)
        if layout.widths[0] >= RENEWAL_MIN_NAME:
            return layout
    return _lay_out(COLUMN_HEADERS, shown, sort, available)


def _lay_out(columns: tuple[tuple[str, str, str], ...], shown: Shown, sort: str, available: int) -> Layout:
    wide = available >= WIDE
    headers = [wide_label if wide else narrow for _key, wide_label, narrow in columns]
    arrow_on = SORT_COLUMN.get(sort.removesuffix(REVERSED))
    arrow = ARROW_REVERSED if sort.endswith(REVERSED) else ARROW
    labels = tuple(header + (arrow if key == arrow_on else "") for (key, _, _), header in zip(columns, headers, strict=True))
    content = {
        "status": [cell_len(label) for label in shown.labels],
        "since": [cell_len("".join(since_parts(days, wide)) + cadence) for days, cadence in shown.since],
        "next": [cell_len(text) for text in shown.next_due],
        "consistency": [cell_len("●" * n if n else "—") for n in shown.ticks],  # ● or ○ per window
        "weakest": [cell_len(PILLAR_SHORT[w]) for w in shown.weakest],
        "cards": [cell_len(" ".join(cards_text(counts, wide))) for counts in shown.cards],
        "renewal": [cell_len(text) for text in shown.renewals],
    }
    widths = [0]
    for key, _, _ in columns[1:]:
        label_width = len(labels[len(widths)])
        widths.append(max([label_width, *content[key]]))
    fixed = sum(widths) + GAP * len(widths)
    widths[0] = max(MIN_NAME, min(MAX_NAME, available - fixed))
    return Layout(available, wide, labels, tuple(key for key, _, _ in columns), tuple(widths), fixed + widths[0])


class ClientTable(ScrollView, can_focus=True):
    """Active clients with their cadence, consistency, weakest pillar and cards."""

    COMPONENT_CLASSES = {
        "client-table--header",
        "client-table--header-hover",
        "client-table--even-row",
        "client-table--odd-row",
        "client-table--cursor",
        "client-table--hover",
        *TEXT_CLASSES,
    }

    BINDINGS = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "cursor_first", "First client", show=False),
        Binding("end,ctrl+end", "cursor_last", "Last client", show=False),
    ]

    class RowMessage(Message):
        """About one row: the table, the row's index and its client."""

        def __init__(self, table: ClientTable, row: int, client_id: str) -> None:
            self.table = table
            self.row = row
            self.client_id = client_id
            super().__init__()

        @property
        def control(self) -> ClientTable:
            return self.table

    class RowHighlighted(RowMessage):
        """The cursor moved to another client (also posted when `show()` fills the table)."""

    class RowSelected(RowMessage):
        """A client was chosen: a click on the row under the cursor, or enter."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._ct_views: list[ClientView] = []
        self._ct_today: date | None = None
        self._ct_sort = "urgency"
        self._ct_shown: Shown | None = None
        self._ct_layout: Layout | None = None
        self._ct_cursor = 0
        self._ct_hover: int | None = None  # the row under the mouse (-1: the header), if shown
        self._ct_paint: Paint | None = None  # the styles of the paint in progress
        self._ct_styled: tuple[object, Paint] | None = None  # (pseudo-classes, their styles)
        self._ct_painted_for: tuple[object, ...] | None = None  # what the cached lines hold
        self._ct_lines: dict[tuple[int, bool, bool], Strip] = {}  # (row, cursor, hover) -> line
        self._ct_cells: dict[int, list[Cell]] = {}  # row (-1: the header) -> its cells
        self._ct_bases: dict[int, list[Style]] = {}  # row -> its cells' styles, then the row's
        self._ct_shared: dict[tuple[object, ...], Cell] = {}  # cells that many rows share
        self._ct_scroll_waiting = False

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._ct_forget())

    def on_resize(self) -> None:
        if self._ct_layout is None:
            return
        # Only the width shapes the columns: the brief appearing under the table changes
        # its height, which needs no new layout (but may hide the cursor's row).
        if self._ct_available() != self._ct_layout.available:
            self._ct_lay_out()
        self._ct_scroll_to_cursor()

    # -- public ------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        """The number of clients shown."""
        return len(self._ct_views)

    @property
    def cursor_row(self) -> int:
        """The index of the row under the cursor (0 when the table is empty)."""
        return self._ct_cursor

    @property
    def hover_row(self) -> int | None:
        """The row highlighted under the mouse (-1 for the header), None when none is."""
        return self._ct_hover

    @property
    def selected_id(self) -> str | None:
        """The id of the client under the cursor."""
        if not self._ct_views:
            return None
        return self._ct_views[self._ct_cursor].client.id

    @property
    def selected_view(self) -> ClientView | None:
        """The client under the cursor, as given to `show()`."""
        return self._ct_views[self._ct_cursor] if self._ct_views else None

    @property
    def row_keys(self) -> list[str]:
        """The client ids, in the order shown."""
        return [view.client.id for view in self._ct_views]

    def row_texts(self, client_id: str) -> list[str]:
        """The text of the client's cells as shown (the name cut to its column), first to last.

        Raises:
            ValueError: if the client is not in the table.
        """
        row = self.row_keys.index(client_id)
        return ["".join(segment.text for segment in segments) for segments, _ in self._ct_row_cells(row, self._ct_styles())]

    def show(self, views: Iterable[ClientView], today: date, sort: str, select: str | None = None) -> None:
        """Show `views` in the given order, keeping the cursor on `select` (else the client
        under the cursor, else the same row)."""
        keep = select or self.selected_id
        views = list(views)
        self._ct_views = views
        self._ct_today = today
        self._ct_sort = sort
        self._ct_shown = shown_values(views, today)
        self._ct_lay_out()
        target = self._ct_cursor
        if keep is not None:
            target = next((index for index, view in enumerate(views) if view.client.id == keep), target)
        self._ct_cursor = max(0, min(target, len(views) - 1))
        if views:
            self.post_message(self.RowHighlighted(self, self._ct_cursor, views[self._ct_cursor].client.id))
            self._ct_scroll_to_cursor()

    def move_cursor(self, *, row: int | None = None, animate: bool = False, scroll: bool = True) -> None:
        """Put the cursor on `row` (kept within the rows) and, with `scroll`, bring it into view."""
        self._ct_set_cursor(self._ct_cursor if row is None else row)
        if scroll:
            self._ct_scroll_to_cursor(animate)

    # -- keys --------------------------------------------------------------------------------
    def action_cursor_up(self) -> None:
        self._ct_set_hover(None)
        self.move_cursor(row=self._ct_cursor - 1)

    def action_cursor_down(self) -> None:
        self._ct_set_hover(None)
        self.move_cursor(row=self._ct_cursor + 1)

    def action_cursor_first(self) -> None:
        self._ct_set_hover(None)
        self.move_cursor(row=0)

    def action_cursor_last(self) -> None:
        self._ct_set_hover(None)
        self.move_cursor(row=self.row_count - 1)

    def action_page_down(self) -> None:
        """A page further: the view scrolls by a page and the cursor moves as many rows."""
        self._ct_set_hover(None)
        page = self._ct_page()
        self.scroll_relative(y=page, animate=False, force=True)
        self.move_cursor(row=self._ct_cursor + page)

    def action_page_up(self) -> None:
        self._ct_set_hover(None)
        page = self._ct_page()
        self.scroll_relative(y=-page, animate=False, force=True)
        self.move_cursor(row=self._ct_cursor - page)

    def action_select_cursor(self) -> None:
        self._ct_set_hover(None)
        if self._ct_views:
            row = self._ct_cursor
            self.post_message(self.RowSelected(self, row, self._ct_views[row].client.id))

    # -- mouse -------------------------------------------------------------------------------
    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._ct_set_hover(self._ct_row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._ct_set_hover(None)

    def on_click(self, event: events.Click) -> None:
        row = self._ct_row_at(event)
        self._ct_set_hover(row)
        if row is None or row < 0:  # below the rows, or the header
            return
        again = row == self._ct_cursor
        self._ct_set_cursor(row)
        if again:
            self.post_message(self.RowSelected(self, row, self._ct_views[row].client.id))
        self._ct_scroll_to_cursor(animate=True)
        event.stop()

    # -- painting ----------------------------------------------------------------------------
    def refit(self) -> None:
        """Fit the columns again to what the rows show (the dashboard calls it once every
        client's weakest pillar is known), if that changes them. Only the weakest pillars
        are looked at again: scoring changes nothing else a row shows (`shown_values` over
        5,000 clients costs several milliseconds, at every launch)."""
        shown = self._ct_shown
        if shown is not None:
            self._ct_refit(shown.with_weakest({view.weakest for view in self._ct_views if view.ranked}))

    def _ct_refit(self, shown: Shown) -> None:
        """Size the columns for `shown`; the lines painted so far stay while the columns do."""
        if shown == self._ct_shown:
            return
        self._ct_shown = shown
        if self._ct_layout is None or lay_out(shown, self._ct_sort, self._ct_available()) != self._ct_layout:
            self._ct_lay_out()

    def _ct_score_rows(self, crop: Region) -> None:
        """Work out the weakest pillar of the rows about to be painted (the only rows whose
        scores the table needs), and widen its column first if one needs more room."""
        shown = self._ct_shown
        if shown is None:
            return
        scroll_y = self.scroll_offset.y
        rows = self._ct_views[max(0, crop.y - 1 + scroll_y) : crop.bottom - 1 + scroll_y]  # line 0: the header
        new = {view.weakest for view in rows} - shown.weakest
        if new:
            self._ct_refit(shown.with_weakest(new))

    def render_lines(self, crop: Region) -> list[Strip]:
        layout = self._ct_layout
        if layout is not None and self.size.width and self._ct_available() != layout.available:
            # The first paint: the rows were shown before the table had its width (the app's
            # was assumed); fitting the columns now paints them once, at the right width,
            # rather than once wrong and again on the Resize that follows.
            self._ct_lay_out()
        self._ct_score_rows(crop)
        # What every line depends on is checked once per paint, not once per line.
        self._ct_paint = self._ct_prepare()
        try:
            return super().render_lines(crop)
        finally:
            self._ct_paint = None

    def render_line(self, y: int) -> Strip:
        paint = self._ct_paint or self._ct_prepare()
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        layout = self._ct_layout
        row = -1 if y == 0 else y - 1 + scroll_y  # the header stays at the top
        if layout is None or row >= len(self._ct_views):
            return Strip.blank(width, paint.base)
        key = (row, row == self._ct_cursor and row >= 0, row == self._ct_hover)
        strip = self._ct_lines.get(key)
        if strip is None:
            if len(self._ct_lines) >= MAX_LINES:
                self._ct_lines.clear()
            strip = self._ct_lines[key] = self._ct_line(row, key[1], key[2], paint, layout, width, scroll_x)
        return strip

    def _ct_line(self, row: int, cursor: bool, hover: bool, paint: Paint, layout: Layout, width: int, scroll_x: int) -> Strip:
        """One line of the table, as DataTable (textual 8.2) draws a row: each cell padded,
        styled with the row's style, its meta and the cursor's and hover's styles over its
        text, then the row's style carried to the right edge. (The styles are what
        `Segment.apply_style(cell, before, after)` makes, added up once per cell.)"""
        header = row < 0
        over = Style()
        if hover:
            over += paint.hover
            if header:
                over += paint.header_hover
        if cursor:
            over += paint.cursor
        after = Style.from_color(color=over.color) if over.color else None  # the cursor's colour wins
        cells = self._ct_header_cells() if header else self._ct_row_cells(row, paint)
        bases = self._ct_bases.get(row)
        if bases is None:
            row_style = paint.header if header else (paint.odd if row % 2 else paint.even)
            bases = self._ct_bases[row] = [
                *(row_style + Style.from_meta({"row": row, "column": column}) for column in range(len(cells))),
                row_style,
            ]
        segments: list[Segment] = []
        add = segments.append
        # `bases` holds one style more than there are cells: the row's, for the fill on the right.
        for (text, text_width), inner, base in zip(cells, layout.widths, bases, strict=False):
            before = base + over if over else base
            blank = before + after if after else before
            pad = Segment(" " * PAD, blank)
            add(pad)
            for segment in text:
                style = before + segment.style if segment.style else before
                add(Segment(segment.text, style + after if after else style))
            if (fill := inner - text_width) > 0:
                add(Segment(" " * fill, blank))
            add(pad)
        end_style = bases[-1] + over + Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})
        add(Segment(" " * max(0, width - layout.width), end_style))
        strip = Strip(segments, max(width, layout.width))
        if scroll_x:
            strip = strip.crop(scroll_x)
        return strip.adjust_cell_length(width, paint.base).simplify()

    def _ct_prepare(self) -> Paint:
        """The styles to paint with; the lines kept so far go if they were painted with
        other styles, at another width or another horizontal scroll."""
        paint = self._ct_styles()
        painted_for = (paint, self.size.width, self.scroll_offset.x)
        if painted_for != self._ct_painted_for:
            self._ct_painted_for = painted_for
            self._ct_clear()
        return paint

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._ct_styled = None

    def _ct_styles(self) -> Paint:
        """The styles to paint with, worked out again when Textual says the table's styles
        changed (the theme, the focus) or its pseudo-classes did."""
        state = self.get_pseudo_class_state()
        if self._ct_styled is not None and self._ct_styled[0] == state:
            return self._ct_styled[1]
        paint = self._ct_resolve_styles()
        self._ct_styled = (state, paint)
        return paint

    def _ct_resolve_styles(self) -> Paint:
        get = self.get_component_rich_style
        variables = self.app.get_css_variables()
        text = []
        for name in TEXT_CLASSES:
            full = get(name)
            text.append(Style(color=full.color, bold=full.bold, italic=full.italic))
        return Paint(
            self.rich_style,
            get("client-table--header"),
            get("client-table--even-row"),
            get("client-table--odd-row"),
            get("client-table--cursor"),
            get("client-table--hover"),
            get("client-table--header-hover"),
            tuple(text),
            {
                status: TextualStyle.parse(status_text_style(status, self.app.no_color), variables).rich_style
                for status in STATUS_LOOKS
            },
            TextualStyle.parse(overdue_style(self.app.no_color, self.app.console.color_system), variables).rich_style,
        )

    def _ct_render(self, text: Text) -> Cell:
        """A one-line cell's segments as Rich renders them (its own style becomes a span),
        and its width."""
        plain = text.plain
        spans = [Span(0, len(plain), text.style), *text.spans] if text.style else text.spans
        rendered = Text(plain, spans=spans).render(self.app.console)
        return [segment for segment in rendered if segment.text], text.cell_len

    def _ct_header_cells(self) -> list[Cell]:
        cells = self._ct_cells.get(-1)
        if cells is None:
            assert self._ct_layout is not None
            cells = self._ct_cells[-1] = [self._ct_render(Text(label, no_wrap=True)) for label in self._ct_layout.labels]
        return cells

    def _ct_row_cells(self, row: int, paint: Paint) -> list[Cell]:
        """A row's cells, built on first use. Every cell but the name depends on a few small
        values that many clients share (a status, a cadence, six ticks): each is built once."""
        cells = self._ct_cells.get(row)
        if cells is not None:
            return cells
        layout, today = self._ct_layout, self._ct_today
        assert layout is not None and today is not None
        if len(self._ct_cells) >= MAX_LINES:
            self._ct_cells.clear()
            self._ct_bases.clear()
        view = self._ct_views[row]
        client, state = view.client, view.cadence
        wide = layout.wide
        colour = paint.colour
        muted = colour("client-table--muted")
        shared = self._ct_shared
        render = self._ct_render
        if client.archived:
            cells = self._ct_cells[row] = self._ct_archived_cells(view, layout, muted)
            return cells

        name = Text(f"{client.tier} {visible(client.name)}", no_wrap=True)
        if client.tier and muted:
            name.stylize(muted, 0, len(client.tier))
        if name.cell_len > layout.widths[0]:
            name.truncate(layout.widths[0], overflow="ellipsis")
        cells = [render(name)]

        key: tuple[object, ...] = ("status", state.status, state.label)
        if (cell := shared.get(key)) is None:
            word = status_word(state.status, state.label)
            cell = shared[key] = render(Text(word, style=paint.statuses[state.status], no_wrap=True))
        cells.append(cell)

        cadence = str(client.cadence)
        key = ("since", state.days_since, cadence)
        if (cell := shared.get(key)) is None:
            days, joiner = since_parts(state.days_since, wide)
            cell = shared[key] = render(Text.assemble(days, (joiner, muted), (cadence, muted), no_wrap=True))
        cells.append(cell)

        overdue = state.status == "overdue"
        key = ("next", state.next_due, overdue)
        if (cell := shared.get(key)) is None:
            if state.next_due is None:
                text = Text(DUE_NOW, style=paint.statuses["new"])
            else:
                text = Text(format_date(state.next_due, today), style=paint.overdue_date if overdue else Style())
            cell = shared[key] = render(text)
        cells.append(cell)

        ticks = view.consistency.ticks
        key = ("consistency", ticks)
        if (cell := shared.get(key)) is None:
            tick = colour("client-table--tick")
            text = Text(no_wrap=True)
            for hit in ticks:
                text.append("●" if hit else "○", style=tick if hit else muted)
            if not ticks:
                text.append("—", style=muted)
            cell = shared[key] = render(text)
        cells.append(cell)

        key = ("weakest", view.weakest)
        if (cell := shared.get(key)) is None:
            cell = shared[key] = render(Text(PILLAR_SHORT[view.weakest], style=colour("client-table--weakest")))
        cells.append(cell)

        counts = view.counts
        key = ("cards", counts)
        if (cell := shared.get(key)) is None:
            untold = colour("client-table--untold")
            text = Text(no_wrap=True)
            for index, (column, n, shown) in enumerate(zip(COLUMNS, counts, cards_text(counts, wide), strict=True)):
                if index:
                    text.append(" ")
                text.append(shown, style=muted if not n else (untold if column == "steward" else Style()))
            cell = shared[key] = render(text)
        cells.append(cell)

        if "renewal" in layout.keys:
            soon = renewal_text(client.renewal, today)
            key = ("renewal", soon)
            if (cell := shared.get(key)) is None:
                cell = shared[key] = render(Text(soon, style=colour("client-table--untold"), no_wrap=True))
            cells.append(cell)

        self._ct_cells[row] = cells
        return cells

    def _ct_archived_cells(self, view: ClientView, layout: Layout, muted: Style) -> list[Cell]:
        """An archived client's cells: every one dimmed, the status saying "archived" (so the
        row reads without colour), no next due; its facts as they were when it left."""
        client, state = view.client, view.cadence
        name = Text(f"{client.tier} {visible(client.name)}", style=muted, no_wrap=True)
        if name.cell_len > layout.widths[0]:
            name.truncate(layout.widths[0], overflow="ellipsis")
        days, joiner = since_parts(state.days_since, layout.wide)
        ticks = view.consistency.ticks
        texts = [
            name,
            Text(ARCHIVED, style=muted),
            Text(days + joiner + str(client.cadence), style=muted),
            Text("—", style=muted),
            Text("".join("●" if hit else "○" for hit in ticks) or "—", style=muted),
            Text(PILLAR_SHORT[view.weakest], style=muted),
            Text(" ".join(cards_text(view.counts, layout.wide)), style=muted),
        ]
        if "renewal" in layout.keys:
            texts.append(Text("", style=muted))
        return [self._ct_render(text) for text in texts]

    # -- state -------------------------------------------------------------------------------
    def _ct_clear(self) -> None:
        """Forget every built cell and painted line."""
        self._ct_lines.clear()
        self._ct_cells.clear()
        self._ct_bases.clear()
        self._ct_shared.clear()

    def _ct_forget(self) -> None:
        """Paint everything again (the theme changed)."""
        self._ct_styled = None
        self._ct_painted_for = None
        self._ct_clear()
        self.refresh()

    def _ct_available(self) -> int:
        width = self.size.width or self.app.size.width
        return max(width - 1, 40)  # keep a column for the scrollbar

    def _ct_lay_out(self) -> None:
        """Fit the columns to the table's width; the rows' cells are built again on paint."""
        assert self._ct_shown is not None
        layout = self._ct_layout = lay_out(self._ct_shown, self._ct_sort, self._ct_available())
        self._ct_clear()
        self.virtual_size = Size(layout.width, len(self._ct_views) + 1)
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False)
        self.refresh()

    def _ct_row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse (-1 for the header), None for none."""
        offset = event.get_content_offset(self)
        if offset is None or self._ct_layout is None:
            return None
        if offset.y == 0:
            return -1
        row = offset.y - 1 + self.scroll_offset.y
        return row if row < len(self._ct_views) else None

    def _ct_refresh_row(self, row: int | None) -> None:
        """Paint `row`'s line again, if it is on screen (-1: the header)."""
        if row is None:
            return
        y = 0 if row < 0 else row + 1 - self.scroll_offset.y
        if row < 0 or 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _ct_set_hover(self, row: int | None) -> None:
        if row != self._ct_hover:
            self._ct_refresh_row(self._ct_hover)
            self._ct_hover = row
            self._ct_refresh_row(row)

    def _ct_set_cursor(self, row: int) -> None:
        if not self._ct_views:
            self._ct_cursor = 0
            return
        row = max(0, min(row, len(self._ct_views) - 1))
        if row != self._ct_cursor:
            self._ct_refresh_row(self._ct_cursor)
            self._ct_cursor = row
            self._ct_refresh_row(row)
            self.post_message(self.RowHighlighted(self, row, self._ct_views[row].client.id))

    def _ct_page(self) -> int:
        """The rows a page holds: the table's height less the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _ct_scroll_to_cursor(self, animate: bool = False) -> None:
        """Scroll the least needed to show the cursor's row under the header."""
        if not self._ct_views or self._ct_layout is None:
            return
        if not self.size:  # not laid out yet: once it is (or on its first resize)
            if not self._ct_scroll_waiting:
                self._ct_scroll_waiting = True
                self.call_after_refresh(self._ct_scroll_later)
            return
        region = Region(int(self.scroll_x), self._ct_cursor + 1, max(self.size.width, self._ct_layout.width), 1)
        self.scroll_to_region(region, animate=animate, spacing=Spacing(1, 0, 0, 0), force=True)

    def _ct_scroll_later(self) -> None:
        self._ct_scroll_waiting = False
        if self.size:
            self._ct_scroll_to_cursor()


__all__ = ["ClientTable", "SORT_COLUMN", "REVERSED", "WIDE"]
