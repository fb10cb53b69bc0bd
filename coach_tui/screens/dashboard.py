"""The daily review: every active client by urgency, and the keys to act on them.

The first agenda comes from the store read the app makes at start (`start_from`) and is shown
before the first frame; every later one is read in the background (the index grows with the
portfolio) and shown with `_show`. The screen reloads on `DataChanged` (a write in this app or
in another process) and when it comes back to the top of the stack (back from a board),
keeping the cursor on the same client. Filtering and sorting work on the rows already loaded,
without reading the store.

Beside the table (under it on a narrow terminal) the detail pane shows the client under the
cursor: everything in it comes from the agenda, so a cursor move updates it in the same frame;
only the last value-add's summary and the sponsor's name are read from the client's file, in
the background, once the cursor rests (`_read_notes`). `A` adds the archived clients to the
rows (dimmed, "archived"), where `a` brings one back.

Pillar scores are worked out for what is shown: the rows on screen (by the table) and the
client under the cursor (by the detail pane). The portfolio's weakest pillar needs every client's:
it is worked out in a thread after the first frame (the summary says so meanwhile), except
when few clients are left to score (a small portfolio; a reload, which keeps the scores of
the clients that did not change).
"""

from __future__ import annotations

import asyncio
from datetime import date

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ..domain.dates import long_date
from ..domain.errors import InputError
from ..domain.models import Client
from ..domain.money import DEFAULT_CURRENCY
from ..domain.search import Query, parse_query
from ..messages import DashboardSettled, DataChanged, LogDelivery, OpenBoard
from ..services import Agenda, ClientView, Coach, Opening
from ..services.read_models import ClientNotes, CurrentCommitment
from ..services.search import SearchIndex, keep
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.app_header import AppHeader
from ..widgets.client_brief import ClientBrief
from ..widgets.client_table import REVERSED, ClientTable
from ..widgets.filter_bar import FilterBar
from ..widgets.summary_line import SummaryLine
from .calls import change, fetch
from .keys import detail_scroll_keys

SORTS: tuple[str, ...] = ("urgency", "name", "tier", "next due", "last value-add", "weakest pillar")
# An agenda with at most this many clients still to score is scored before it is shown (a
# reload after a change: the summary's weakest pillar is shown at once, not a moment later).
SCORE_NOW = 50
# Client files the search index reads in one call to the data thread (a tenth of a second or so).
INDEX_STEP = 150
# From this width the detail pane sits beside the table; below it, under the table.
BESIDE_FROM = 120
# Beside the table the pane takes what the table does not need (its columns spelled out in
# full, the names at their widest) within these bounds: 36 columns at 120 and 160, 71 at 200.
PANE_WIDTH = (36, 72)
TABLE_WANTS = 129
# How long the cursor rests on a client before its file is read for the detail pane (a key
# held down reads nothing until it is let go).
NOTES_AFTER = 0.1


def sort_views(views: list[ClientView], sort: str, today: date) -> list[ClientView]:
    """The agenda's views in the order `sort` asks for (they arrive in urgency order)."""
    if sort == "name":
        return sorted(views, key=lambda v: v.client.name.casefold())
    if sort == "tier":
        return sorted(views, key=lambda v: v.client.tier)  # stable: urgency within a tier
    if sort == "next due":
        # A new client is due now: its first value-add is what it waits for.
        return sorted(views, key=lambda v: (v.cadence.next_due or today, v.client.name.casefold()))
    if sort == "last value-add":
        # The longest without one first; a new client has had none at all.
        return sorted(views, key=lambda v: (v.cadence.last or date.min, v.client.name.casefold()))
    if sort == "weakest pillar":
        # The lowest weakest-pillar score first; clients not scored yet after (the dashboard
        # sorts again once the portfolio is scored).
        return sorted(views, key=_weakest_key)
    return list(views)


def _weakest_key(view: ClientView) -> tuple[int, int, str]:
    if not view.ranked:
        return (1, 0, view.client.name.casefold())
    score = view.weakest_score
    return (0, score if score is not None else 101, view.client.name.casefold())


class DashboardScreen(Screen[None]):
    """Active clients in urgency order, with a summary of what needs doing."""

    AUTO_FOCUS = "#clients"

    # The app loads these with its own sheet, up front (see CoachApp.CSS_PATH).
    CSS_PATH = [
        "dashboard.tcss",
        "../widgets/app_header.tcss",
        "../widgets/app_footer.tcss",
        "../widgets/client_table.tcss",
        "../widgets/summary_line.tcss",
        "../widgets/empty_state.tcss",
        "../widgets/client_brief.tcss",
        "../widgets/filter_bar.tcss",
    ]

    BINDINGS = [
        Binding("enter", "open_board", "Open", tooltip="Open the selected client's board", priority=True),
        Binding("l", "log", "Log", tooltip="Log a delivery for the selected client"),
        Binding("n", "new_client", "New", tooltip="Add a new client"),
        Binding("e", "edit_client", "Edit", show=False, tooltip="Edit the selected client"),
        Binding("a", "archive", "Archive", show=False, tooltip="Archive the selected client (asks first; history is kept)"),
        Binding("a", "unarchive", "Unarchive", tooltip="Bring the selected archived client back to the review (asks first)"),
        Binding("A", "toggle_archived", "Archived", tooltip="Show or hide archived clients (dimmed, marked archived)"),
        Binding(
            "i",
            "toggle_details",
            "Details",
            tooltip="Under 120 columns: the detail pane takes most of the screen, or gives it back",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip=(
                "Filter by any text (names, cards, notes, needs, deliveries, people), "
                "status:overdue|due|ok|new|archived, tier:A|B|C"
            ),
        ),
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by urgency, name, tier, next due, last value-add or weakest pillar"),
        Binding("S,shift+s", "reverse_sort", "Reverse", show=False, key_display="S", tooltip="Reverse the sort"),
        Binding("g,home", "cursor_first", "First", show=False, tooltip="First client (or Home)"),
        Binding("G,shift+g,end", "cursor_last", "Last", show=False, key_display="G", tooltip="Last client (or End)"),
        Binding("w", "app.weekly", "Weekly", tooltip="Open the weekly coaching"),
        Binding("j", "cursor_down", "Down", show=False, tooltip="Next client (or ↓)"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Previous client (or ↑)"),
        *detail_scroll_keys("the detail pane"),
        Binding("escape", "clear_filter", "Clear", tooltip="Clear and close the filter"),
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        self.sort = SORTS[0]
        self.reverse = False  # the sort reversed (S)
        self._search_index: SearchIndex | None = None  # every client's text, once `/` asked for it
        self._search_query: tuple[str, Query | InputError] = ("", Query())  # the last query parsed
        self._search_left = 0  # client files the index still has to read, while it is built
        self._agenda: Agenda | None = None
        self._shown: list[ClientView] = []
        self._select_next: str | None = None
        self._opening: Opening | None = None
        self._review_due = False  # the first agenda is the index's: the memo's comes next
        self._settled = False  # DashboardSettled was posted (once a run)
        self._covered = False  # another screen went over this one since it last showed
        self.show_archived = False  # `A`: the archived clients join the rows
        self._on_archived = False  # the cursor is on an archived client (the footer offers unarchive)
        self._commitment: CurrentCommitment | None = None
        # Each client's notes for the detail pane, with the view they were read for: a newer
        # agenda keeps a client's view while its record and facts are the same, so they are
        # read again only for a client that changed (and shown meanwhile: nothing flickers).
        self._notes: dict[str, tuple[ClientView, ClientNotes]] = {}
        self._notes_wanted: ClientView | None = None  # the client whose notes are being read

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        # The filter bar (with its "no match" line) and the empty state are mounted when
        # first needed: each widget composed here is styled and laid out before the first
        # frame, and most launches need neither.
        yield SummaryLine(id="agenda-summary")
        yield Static(id="commitment-line")
        with Horizontal(id="review"):
            yield ClientTable(id="clients")
            yield ClientBrief(id="brief")
        yield AppFooter(compact=True)

    def _place_brief(self, width: int) -> None:
        """The detail pane beside the table from BESIDE_FROM columns, under it below that
        (where `i` lets it take most of the screen)."""
        below = width < BESIDE_FROM
        brief = self.query_one(ClientBrief)
        least, most = PANE_WIDTH
        # Under the table the stylesheet's width holds (the whole width).
        brief.styles.width = None if below else max(least, min(most, width - TABLE_WANTS))
        if self.has_class("-narrow") != below:
            self.set_class(below, "-narrow")
            self.remove_class("-details")
            brief.set_class(below, "-below")
            brief.redraw()
            self.refresh_bindings()

    def on_resize(self, event: events.Resize) -> None:
        self._place_brief(event.size.width)

    def on_mount(self) -> None:
        self._place_brief(self.app.size.width)  # before the first frame
        opening, self._opening = self._opening, None
        if opening is None:
            self.reload()
            return
        # The app has just read the store: the first agenda is worked out from that read here,
        # before the first frame (each client's cadence state only, a few ms for 500 clients:
        # the store is not read again), so the dashboard opens with its rows. Loading it in the background
        # would paint an empty dashboard first, then lay out and paint it all again: the rows
        # would show some 60 ms later. Every later reload reads the store in the background.
        self._review_due = opening.review_due
        self._show(opening.agenda)
        self._show_commitment(opening.commitment)
        if opening.review_due:
            # The first agenda is the index's (a new day at thousands of clients): the memo is
            # made after the first frame, in the data thread, and its agenda shown then.
            self.call_after_refresh(self.reload)

    @property
    def agenda(self) -> Agenda | None:
        """The agenda shown (None until the first one is)."""
        return self._agenda

    @property
    def table(self) -> ClientTable:
        return self.query_one("#clients", ClientTable)

    @property
    def filter_bar(self) -> FilterBar | None:
        """The filter bar, once `/` has mounted it."""
        found = self.query("#filter-bar").results(FilterBar)
        return next(found, None)

    def _filtering(self) -> bool:
        return (bar := self.filter_bar) is not None and bar.display

    # -- loading -----------------------------------------------------------------------------
    def start_from(self, opening: Opening) -> None:
        """Open with the agenda of `opening`, a read of the store the app has just made,
        rather than reading the store again."""
        self._opening = opening

    def reload(self, select: str | None = None) -> None:
        """Read the agenda again and show it, selecting `select` if given. Reloads asked for
        in quick succession collapse into the last one; a client to select is remembered
        until a reload lands, whichever reload that is."""
        if select is not None:
            self._select_next = select
        self._load()

    @work(exclusive=True, group="agenda")
    async def _load(self) -> None:
        read = await fetch(self, self._read_agenda)
        if read is not None:
            agenda, commitment = read
            self._show(agenda)
            self._show_commitment(commitment)

    def _read_agenda(self) -> tuple[Agenda, CurrentCommitment | None]:
        """The agenda as the store is now (in the data thread), with the portfolio's scores
        when few clients are left to score (a reload keeps the scores of the clients that did
        not change): the summary then shows the new weakest pillar with the new rows. And
        this week's commitment, from the same read."""
        agenda, head = self.coach.portfolio.review()
        agenda.load_tips()  # the detail pane's tips, ready with the rows
        if self.show_archived:
            agenda.archived  # noqa: B018 (made here, off the event loop)
        if agenda.unscored <= SCORE_NOW:
            agenda.score()
        return agenda, self.coach.weekly.current(head, agenda)

    def _show_commitment(self, current: CurrentCommitment | None) -> None:
        """This week's commitment, one line under the summary, while there is one (and in
        the detail pane of the client it is for)."""
        if current != self._commitment:
            self._commitment = current
            self._show_brief()
        line = self.query_one("#commitment-line", Static)
        line.display = current is not None and bool(self._agenda and self._agenda.views)
        if current is not None:
            heading = f"This week, for {visible(current.client)}: " if current.client else "This week: "
            kept = " · kept ✓" if current.commitment.kept else ""
            line.update(Content.assemble((heading, "bold"), visible(current.commitment.text), kept))

    def _show(self, agenda: Agenda) -> None:
        select, self._select_next = self._select_next, None
        self._agenda = agenda
        self.app.sub_title = self._header_line(agenda)
        # Empty: no active client (nor, with `A`, an archived one).
        empty = not self._pool(agenda)
        self.query_one("#agenda-summary").display = not empty
        self._show_empty_state(empty)
        self.table.display = not empty
        self.query_one("#review").display = not empty
        if empty and (bar := self.filter_bar) is not None:
            bar.display = False
            bar.input.value = ""
            self.query_one("#no-match").display = False
        self._apply(select)
        if self._filtering():
            self._load_index()  # the store changed: its text may have too
        if not empty and self.focused is None and self.is_current:
            self.table.focus()
        self.refresh_bindings()
        if not agenda.tips_ready:
            # The tip library is a file: read it in the background (the first agenda's tip
            # shows a moment after its rows; every later agenda is read with it).
            self.call_after_refresh(self._load_tips, agenda)
        if agenda.scored:
            self._settle()
        else:
            if agenda.unscored <= SCORE_NOW:
                agenda.score()  # a reload after a few changes: no "working it out" flash
                self._scored(agenda)
            elif self._review_due:
                self._review_due = False  # the memo's agenda, read after this frame, is scored
            else:
                # After the frame that shows the rows: scoring every client meanwhile would
                # share the processor with that frame's layout and paint.
                self.call_after_refresh(self._score, agenda)

    def _header_line(self, agenda: Agenda) -> str:
        """The header's line: the day, the active clients, the archived ones when shown."""
        active = len(agenda.views)
        archived = f" · {agenda.archived_count} archived shown" if self.show_archived else ""
        demo = " · demo portfolio" if getattr(self.app, "demo", False) else ""
        return f"{long_date(agenda.today, weekday=True)} · {active} active client{'' if active == 1 else 's'}{archived}{demo}"

    @work(thread=True, exclusive=True, group="portfolio-scores")
    def _score(self, agenda: Agenda) -> None:
        """Work out the portfolio's scores (every client's) after the first frame, then show
        its weakest pillar. In a thread of its own: the data thread stays free for writes."""
        worker = get_current_worker()
        for view in agenda.views:  # client by client, so that quitting need not wait for all
            if worker.is_cancelled:
                return
            view.scores  # noqa: B018 (kept with the view)
        agenda.score()
        try:
            self.app.call_from_thread(self._scored, agenda)
        except RuntimeError:
            pass  # the app has closed meanwhile

    @work(group="tips")
    async def _load_tips(self, agenda: Agenda) -> None:
        await fetch(self, agenda.load_tips)
        if agenda is self._agenda:
            self._show_brief()

    def _scored(self, agenda: Agenda) -> None:
        if agenda is not self._agenda:
            return  # a newer agenda is shown (and scored in its turn)
        self.query_one(SummaryLine).refresh()
        if self.sort == "weakest pillar":
            self._apply()  # every client's scores are known now: sort them all
        self.table.refit()
        self._settle()

    def _settle(self) -> None:
        """Tell the app, once, after the frame that shows the first scored agenda: the
        launch's dashboard is whole."""
        if not self._settled and not self._review_due:
            self._settled = True
            self.call_after_refresh(self.post_message, DashboardSettled())

    def _show_empty_state(self, empty: bool) -> None:
        """The first-run panel, mounted when the portfolio is (or becomes) empty."""
        panel = next(self.query("#empty").results(), None)
        if panel is None and empty:
            from ..widgets.empty_state import EmptyState

            panel = EmptyState(id="empty")
            self.mount(panel, after="#review")
        if panel is not None:
            panel.display = empty

    def _apply(self, select: str | None = None) -> None:
        """Filter and sort the loaded agenda into the table."""
        agenda = self._agenda
        if agenda is None:
            return
        bar = self.filter_bar
        text = bar.query_text if bar is not None else ""
        parsed = self._parse(text)
        query = parsed if isinstance(parsed, Query) else Query()
        pool = self._pool(agenda, query)
        views = pool if query.empty else keep(pool, query, self._search_index)
        views = sort_views(views, self.sort, agenda.today)
        if self.reverse:
            views.reverse()
        self._shown = views
        sort = self.sort_label
        self.table.show(views, agenda.today, sort, select=select)
        self._show_brief()
        self.query_one(SummaryLine).show(agenda, sort)
        if bar is None:
            return
        bar.show_count(len(views), len(pool), left=self._search_left if query.terms and self._search_index is None else 0)
        no_match = self.query_one("#no-match", Static)
        no_match.display = isinstance(parsed, InputError) or (not query.empty and not views and bool(pool))
        if isinstance(parsed, InputError):
            no_match.update(f"{parsed} (Esc clears the filter)")
        elif no_match.display:
            who = "client" if len(pool) > len(agenda.views) else "active client"
            no_match.update(f"No {who} matches {visible(text.strip())!r}. Esc clears the filter.")

    def _parse(self, text: str) -> Query | InputError:
        """The filter's query, parsed once per text typed (a token naming no status or tier
        gives the error to show)."""
        if self._search_query[0] != text:
            try:
                self._search_query = (text, parse_query(text))
            except InputError as error:
                self._search_query = (text, error)
        return self._search_query[1]

    @property
    def sort_label(self) -> str:
        """The sort in force as the summary and the table's header show it."""
        return self.sort + (REVERSED if self.reverse else "")

    @work(exclusive=True, group="search-index")
    async def _load_index(self) -> None:
        """Every client's searchable text (cards, notes, deliveries, people...), from the data
        thread, INDEX_STEP client files at a time (a write or a quit never waits behind the
        whole build): built once per change of the store and kept by the service, so a
        keystroke never reads the store. Until it is whole the filter looks at the names alone."""
        while True:
            progress = await fetch(self, self.coach.search.build, INDEX_STEP, error_title="Can't search every client's text")
            if progress is None:
                return  # a problem was shown, or the screen is gone
            if progress.done is not None:
                break
            self._search_left = progress.left
            if self._filtering():
                self._apply()  # the count says how much is left to read
        self._search_left = 0
        if progress.done is not self._search_index:
            self._search_index = progress.done
            if self._filtering():
                self._apply()

    @property
    def current_client_id(self) -> str | None:
        """The client under the cursor (what the log form preselects)."""
        view = self.selected()
        return view.client.id if view is not None else None

    def _pool(self, agenda: Agenda, query: Query | None = None) -> list[ClientView]:
        """The clients the rows are drawn from: the active ones, then, with `A` or a filter
        asking for them (`status:archived`), the archived (the filter's words are looked for in
        their text as in the others')."""
        archived = self.show_archived or (query is not None and query.archived)
        return agenda.views + agenda.archived if archived else agenda.views

    def _show_brief(self, moved: bool = False) -> None:
        """The detail pane of the client under the cursor, from the agenda alone (its notes
        if already read; else they are asked for: once the cursor rests, when it `moved`)."""
        agenda = self._agenda
        today = agenda.today if agenda else self.coach.today()
        view = self.selected()
        tip = agenda.tip(view) if agenda is not None and view is not None else None
        kept = self._notes.get(view.client.id) if view is not None else None
        brief = self.query_one(ClientBrief)
        brief.show(view, today, self._currency(), tip=tip, notes=kept[1] if kept else None, commitment=self._commitment)
        if (bar := self.filter_bar) is not None:
            bar.show_match(self._hit_text(view))
        if view is not None and (kept is None or kept[0] is not view) and self._notes_wanted is not view:
            self._notes_wanted = view
            self._read_notes(view, moved)
        on_archived = view is not None and view.client.archived
        if on_archived != self._on_archived:  # the footer's `a` archives or unarchives
            self._on_archived = on_archived
            self.refresh_bindings()

    @work(group="notes")
    async def _read_notes(self, view: ClientView, rest: bool) -> None:
        """Read the client's notes (once the cursor has rested on it, with `rest`: a read
        asked for meanwhile ends this one quietly), then show them if it is still under the
        cursor."""
        if rest:
            await asyncio.sleep(NOTES_AFTER)
            if self._notes_wanted is not view:
                return  # the cursor moved on
        notes = await fetch(self, self.coach.clients.notes, view.client.id, on_error=lambda _error: None)
        if self._notes_wanted is view:
            self._notes_wanted = None
        if notes is None:
            return  # the client went meanwhile (the reload shows it); the pane keeps the rest
        if len(self._notes) > 1000:
            self._notes.clear()
        self._notes[view.client.id] = (view, notes)
        if self.selected() is view:
            self._show_brief()

    def _hit_text(self, view: ClientView | None) -> str:
        """Where the filter's free text matched the client under the cursor (cards, notes,
        deliveries...), or "" when that is its name or nothing is typed."""
        parsed = self._search_query[1] if self._filtering() else None
        if view is None or not isinstance(parsed, Query) or not parsed.terms or self._search_index is None:
            return ""
        text = self._search_index.text(view.client.id)
        hit = text.hit(parsed.terms) if text is not None else None
        if hit is None or hit.field.kind == "name":
            return ""
        if hit.snippet == hit.field.label:  # a card's title: said once
            return f"matched: {visible(hit.describe())}"
        return f"matched: {visible(hit.describe())}: {visible(hit.snippet)}"

    @on(ClientTable.RowHighlighted, "#clients")
    def _row_highlighted(self) -> None:
        self._show_brief(moved=True)

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        if self._covered:
            # A board or a form is on top: working out 500 rows now would only slow it down.
            # Coming back reloads anyway; remember which client to select then.
            if message.client_id is not None:
                self._select_next = message.client_id
            return
        self.reload(select=message.client_id)

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        # Back from another screen (a board, a form), which may have written; not when the
        # screen first opens, with its agenda just loaded.
        if self._covered and self._agenda is not None:
            self.reload()
        self._covered = False

    # -- selection ---------------------------------------------------------------------------
    def selected(self) -> ClientView | None:
        # The table holds the views of `_shown` (`_apply`): the one under its cursor, at once,
        # not looked for among 5,000 at every cursor move.
        return self.table.selected_view if self.table.display else None

    def _client(self, client_id: str) -> Client | None:
        if self._agenda is None:
            return None
        return next((v.client for v in self._agenda.views if v.client.id == client_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self._filtering()
        if action == "archive":
            return bool(self._agenda and self._agenda.views) and not self._on_archived
        if action == "unarchive":
            return self._on_archived
        if action == "toggle_archived":  # offered while there is an archived client
            return bool(self._agenda and (self._agenda.archived_count or self.show_archived))
        if action == "toggle_details":
            return self.has_class("-narrow") and bool(self._agenda and self._pool(self._agenda))
        if self.show_archived and self._agenda is not None and not self._agenda.views and self._agenda.archived_count:
            return True  # archived clients alone on show: the cursor moves over them
        if action in (
            "open_board",
            "edit_client",
            "cursor_down",
            "cursor_up",
            "cursor_first",
            "cursor_last",
            "cycle_sort",
            "reverse_sort",
            "filter",
        ):
            return bool(self._agenda and self._agenda.views)
        return True

    # -- actions -----------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()
        self._show_brief(moved=True)  # in the same frame as the cursor (the table's message comes after)

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()
        self._show_brief(moved=True)

    def action_cursor_first(self) -> None:
        self.table.action_cursor_first()
        self._show_brief()

    def action_cursor_last(self) -> None:
        self.table.action_cursor_last()
        self._show_brief()

    def action_open_board(self) -> None:
        if (bar := self.filter_bar) is not None and self.focused is bar.input:
            self.table.focus()  # enter keeps the filter and goes back to the rows
            return
        view = self.selected()
        if view is not None and not self._still_archived(view):
            self.post_message(OpenBoard(view.client.id))

    @on(ClientTable.RowSelected, "#clients")
    def _row_selected(self, event: ClientTable.RowSelected) -> None:
        view = self.selected()
        if view is not None and view.client.id == event.client_id and self._still_archived(view):
            return
        self.post_message(OpenBoard(event.client_id))

    def _still_archived(self, view: ClientView) -> bool:
        """An archived client's board and log stay closed until it is back: say so."""
        if view.client.archived:
            self.notify(f"{visible(view.client.name)} is archived: a brings it back first.", markup=False)
        return view.client.archived

    async def action_filter(self) -> None:
        bar = self.filter_bar
        if bar is None:
            bar = FilterBar(id="filter-bar")
            await self.mount(bar, Static("", id="no-match", markup=False), after="#agenda-summary")
        bar.display = True
        bar.input.focus()
        self.refresh_bindings()
        self._load_index()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._apply()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        bar = self.filter_bar
        if bar is None or not bar.display:
            return
        keep = self.table.selected_id
        bar.input.value = ""
        bar.display = False
        self.table.focus()
        self._apply(select=keep)
        self.refresh_bindings()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._apply()

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self._apply()

    # -- flows -------------------------------------------------------------------------------
    def action_log(self) -> None:
        """Log a delivery for the client under the cursor (the app opens the form)."""
        if self._agenda is not None and not self._agenda.views:
            self.notify("Add a client first: press n.", severity="warning")
            return
        view = self.selected()
        if view is not None and self._still_archived(view):
            return
        self.post_message(LogDelivery(self.current_client_id))

    def _currency(self) -> str:
        """The user's currency, as the agenda last read it."""
        return self._agenda.currency if self._agenda is not None else DEFAULT_CURRENCY

    def action_new_client(self) -> None:
        from .client_form import ClientFormScreen

        def added(client: Client | None) -> None:
            if client is not None:
                self.notify(f"Added {visible(client.name)}: a value-add every {client.cadence.describe()}.", markup=False)

        self.app.push_screen(ClientFormScreen(self.coach, currency=self._currency()), added)

    def action_edit_client(self) -> None:
        from .client_form import ClientFormScreen

        view = self.selected()
        if view is None:
            return

        def saved(client: Client | None) -> None:
            if client is not None:
                self.notify(f"Saved {visible(client.name)}.", markup=False)

        self.app.push_screen(ClientFormScreen(self.coach, view.client, self._currency()), saved)

    def action_archive(self) -> None:
        from .confirm import ConfirmScreen

        view = self.selected()
        if view is None or view.client.archived:
            return
        client = view.client

        def answer(yes: bool | None) -> None:
            if yes:
                self._archive(client)

        self.app.push_screen(
            ConfirmScreen(
                f"Archive {visible(client.name)}?",
                "It leaves the daily review; its board and history are kept. A shows archived clients, where a brings one back.",
                yes="Archive",
                no="Keep",
            ),
            answer,
        )

    @work(group="archive")
    async def _archive(self, client: Client) -> None:
        done = await change(self, self.coach.clients.archive, client.id, client_id=client.id, error_title="Not archived")
        if done is not None:
            self.notify(f"Archived {visible(client.name)}.", markup=False)

    def action_scroll_detail(self, step: int) -> None:
        self.query_one(ClientBrief).scroll_pages(step)

    def action_toggle_details(self) -> None:
        """Under the table, the detail pane takes most of the screen (the table keeps the
        cursor's row and its neighbours, and j and k still move), or gives it back."""
        self.toggle_class("-details")

    def action_toggle_archived(self) -> None:
        """Show the archived clients after the active ones (dimmed, "archived"), or hide them."""
        agenda = self._agenda
        if agenda is None:
            return
        self.show_archived = not self.show_archived
        if self.show_archived and not agenda.archived_ready:
            self._read_archived(agenda)  # their entries are read first, off the event loop
            return
        self._archived_shown(agenda)

    @work(exclusive=True, group="archived")
    async def _read_archived(self, agenda: Agenda) -> None:
        await fetch(self, lambda: agenda.archived, error_title="Can't read the archived clients")
        if agenda is not self._agenda or not self.show_archived:
            return  # a newer agenda came meanwhile (read with them), or `A` again
        if agenda.archived_ready:
            self._archived_shown(agenda)
        else:
            self.show_archived = False  # the problem was shown: nothing changes

    def _archived_shown(self, agenda: Agenda) -> None:
        if not agenda.views:
            self._show(agenda)  # no active client: the rows and the empty state change places
            return
        self._apply()
        self.app.sub_title = self._header_line(agenda)

    def action_unarchive(self) -> None:
        from .confirm import ConfirmScreen

        view = self.selected()
        if view is None or not view.client.archived:
            return
        client = view.client

        def answer(yes: bool | None) -> None:
            if yes:
                self._unarchive(client)

        self.app.push_screen(
            ConfirmScreen(
                f"Unarchive {visible(client.name)}?",
                "It comes back to the daily review with its board and history as they were.",
                yes="Unarchive",
                no="Leave archived",
            ),
            answer,
        )

    @work(group="archive")
    async def _unarchive(self, client: Client) -> None:
        done = await change(self, self.coach.clients.unarchive, client.id, client_id=client.id, error_title="Not unarchived")
        if done is not None:
            self.notify(f"{visible(client.name)} is back in the review.", markup=False)


__all__ = ["DashboardScreen", "SORTS", "sort_views"]
