"""One client's board: the four steps of the job as columns of cards, with a side panel saying
where the client stands (cadence, pillars, value-adds) and why.

Everything is reachable from the keyboard. Arrows or h/j/k/l move the focus between cards;
`[`/`]` (or shift+arrows) move the focused card one column back or forward; a/e/x add, edit and
delete; t marks a Steward card told; L logs a delivery; tab
switches between the board and the side panel; escape goes back.

Every change goes through the board's use cases (`coach.boards`), in the background, and comes
back as a `Change` (u and ctrl+r, the app's, undo and redo it from the store's journal, from
any screen). After a change (or when the app says the data
changed) the board is read again in the background and rebuilt, and the focus returns to the
same card, wherever it now is. The app opens a board with the board already read
(`BoardScreen(coach, client_id, board)`), so its first frame is complete; without one, the
board reads itself once mounted.

A detail pane shows the focused card in full (title, need, owner, due date, the delivery it was
logged as, notes, every move with its date), updated in place as the focus moves. Moving a card
from Deliver into Steward offers to log it as a delivery (`CardDeliveryScreen`): the card and
the delivery are then one thing. A data change that shows the client archived (from the shell,
or another window) closes the board with a message.

The layout follows the width. Narrow terminals (under `WIDE_FROM` columns): the four columns
need the whole width, so the side panel is not squeezed beside them; tab swaps the board for
the panel (laid out in two columns) and back. Middling ones (under `BESIDE_FROM`): the panel is
collapsed so the columns get the width, and tab shows it beside them (and hides it again). In
both, the detail pane sits below the columns. Wide ones: the detail pane and the panel sit
beside the columns, and tab moves the focus between the cards and the panel.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ..domain.account import Person, Touch
from ..domain.errors import CoachError
from ..domain.models import COLUMN_TITLES, COLUMNS, PILLAR_SHORT, Card, Delivery
from ..messages import DataChanged, LogDelivery
from ..services import Board, Change, Coach, Logged
from ..services.people import people_view
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.card import BoardCard, is_stuck
from ..widgets.card_detail import CardDetail
from ..widgets.people_panel import PeoplePanel
from ..widgets.pillar_bars import PillarBars
from ..widgets.side_panel import SidePanel
from ..widgets.status import status_badge_style, status_word
from ..widgets.value_add_list import ValueAddList
from .calls import change, fetch, in_background
from .evidence import EvidenceScreen
from .keys import detail_scroll_keys

# The footer shows `[ ]` under one word, to fit an 80-column terminal.
MOVE = Binding.Group("Move", compact=True)

# From this width the side panel can sit beside the columns; below it, tab swaps them.
WIDE_FROM = 100
# From this width the panel and the detail pane sit beside the columns, always shown; below it
# the detail pane goes under the columns and the panel is collapsed until tab shows it.
BESIDE_FROM = 160


# Seconds a board is on screen before its coaching tip counts as shown.
TIP_SEEN_AFTER = 1.0


class BoardScreen(Screen[None]):
    """The board of one client."""

    CSS_PATH = [
        "board.tcss",
        "../widgets/card.tcss",
        "../widgets/card_detail.tcss",
        "../widgets/side_panel.tcss",
        "../widgets/people_panel.tcss",
        "../widgets/app_footer.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-medium"), (BESIDE_FROM, "-wide")]
    # The first card (or empty slot) has the focus when the board opens; after that the
    # screen keeps it on the card being worked on.
    AUTO_FOCUS = "#board .card, #board .empty-slot"

    # In footer order: the everyday keys first. Navigation keys are listed in the help only.
    BINDINGS = [
        Binding("left,h", "focus_column(-1)", "Column left", show=False, tooltip="Focus the column on the left"),
        Binding("right,l", "focus_column(1)", "Column right", show=False, tooltip="Focus the column on the right"),
        Binding(
            "up,k", "focus_row(-1)", "Card above", show=False, tooltip="Focus the card above (or the pillar above, in the panel)"
        ),
        Binding(
            "down,j", "focus_row(1)", "Card below", show=False, tooltip="Focus the card below (or the pillar below, in the panel)"
        ),
        *detail_scroll_keys("the card's detail pane"),
        # The row is kept within the column: a step this long lands on its first or last card.
        Binding("g,home", "focus_row(-100000)", "First card", show=False, tooltip="Focus the column's first card"),
        Binding(
            "G,shift+g,end", "focus_row(100000)", "Last card", show=False, key_display="G", tooltip="Focus the column's last card"
        ),
        # On a pillar, enter shows its evidence (PillarBars handles it before the screen does).
        Binding(
            "enter",
            "edit_card",
            "Open",
            show=False,
            tooltip="Edit the focused card; on a pillar, show the evidence behind its score",
        ),
        Binding("a", "add_card", "Add", tooltip="Add a card to the focused column"),
        Binding("e", "edit_card", "Edit", tooltip="Edit the focused card: title, notes, the need it answers"),
        Binding(
            "shift+left,left_square_bracket",
            "move_card(-1)",
            "Move back",
            key_display="[",
            tooltip="Move the card back one column (also shift+←)",
            group=MOVE,
        ),
        Binding(
            "shift+right,right_square_bracket",
            "move_card(1)",
            "Move on",
            key_display="]",
            tooltip="Move the card forward one column (also shift+→); from Deliver into Steward, offers to log it as a delivery",
            group=MOVE,
        ),
        Binding(
            "t", "tell_card", "Told", tooltip="The client was told about this Steward card: close it (it stays in the history)"
        ),
        Binding("x", "delete_card", "Delete", tooltip="Delete the focused card (asks first; u undoes it)"),
        Binding(
            "L,shift+l",
            "log_delivery",
            "Log",
            key_display="L",
            tooltip="Log a delivery for this client; on a Steward card not logged as one yet, log that card",
        ),
        Binding(
            "R,shift+r",
            "report",
            "Report",
            key_display="R",
            show=False,
            tooltip="Tell them what we did: a report of the period's work, ready to email",
        ),
        Binding(
            "A,shift+a",
            "account_plan",
            "Plan",
            key_display="A",
            show=False,
            tooltip="The account plan: goals, initiatives, shares",
        ),
        Binding(
            "O,shift+o,dollar_sign",
            "opportunities",
            "Opportunities",
            key_display="O",
            show=False,
            tooltip="The opportunities: value, stage, next step (also $)",
        ),
        Binding(
            "T,shift+t",
            "timeline",
            "Timeline",
            key_display="T",
            show=False,
            tooltip="The timeline: every delivery, card move, touch, plan share and stage (e, x edit or delete a delivery)",
        ),
        Binding(
            "v",
            "value_adds",
            "Value-adds",
            show=False,
            tooltip="Step through the side panel's last value-adds: e edits one, x deletes it, esc back to the cards",
        ),
        Binding("tab", "toggle_panel", "Panel", tooltip="Show the side panel and go to it (tab again: back to the cards)"),
        Binding("p", "toggle_people", "People", tooltip="Show the client's people and our account team (p again: the cards)"),
        Binding("o", "log_touch", "Touch", show=False, tooltip="Log a touch with one of the client's people"),
        Binding("escape,backspace", "back", "Back", tooltip="Back to the dashboard"),
    ]

    def __init__(self, coach: Coach, client_id: str, board: Board | None = None) -> None:
        super().__init__()
        self.coach = coach
        self.client_id = client_id
        self.board: Board | None = board
        self.today: date = board.today if board is not None else coach.today()
        # Where the focus was on the board, so tab can come back to it from the panel.
        self._board_focus: tuple[int, int] = (0, 0)
        self._tip_recorded: str | None = None  # the id of the tip last recorded as shown
        self._unavailable = False  # the board could not be read
        self._token: object = board.token if board is not None else None  # the store's, when read
        # A reload awaits mounting; a DataChanged arriving meanwhile must wait its turn.
        self._reload_lock = asyncio.Lock()
        self._rebuilding = False  # the cards are being replaced (see _read_and_rebuild)
        self._held: str | None = None  # the card that last had the focus
        # The screen's own widgets, kept rather than queried after every change: each query
        # of a rebuilt screen would be a new entry in Textual's cache of queries.
        self._columns: dict[str, VerticalScroll] = {}
        self._empty_slots: dict[str, Static] = {}
        # The side panel and the people panel are hidden when the board opens on a screen
        # narrower than BESIDE_FROM: they are mounted after its first frame (`_mount_panels`),
        # which then has half the widgets to style. Until they are, a new board read is shown
        # in them once they are (`_panels_stale`).
        self._panels_ready = asyncio.Event()
        self._panels_mounting = False
        self._panels_stale = False

    @property
    def current_client_id(self) -> str:
        """The board's client (what the log form preselects)."""
        return self.client_id

    # -- building ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Set the breakpoint class now rather than on the first resize: switching it then
        # restyles and lays out the whole board a second time.
        width = self.app.size.width
        self.set_class(width < WIDE_FROM, "-narrow")
        self.set_class(WIDE_FROM <= width < BESIDE_FROM, "-medium")
        self.set_class(width >= BESIDE_FROM, "-wide")
        client, status = self._header()
        self._client_line = Static(client, id="board-client")
        self._status_line = Static(status, id="board-status")
        with Horizontal(id="board-header"):
            yield self._client_line
            yield self._status_line
        with Horizontal(id="board-body"):
            # The columns and the detail pane: one below the other, or side by side (board.tcss).
            with Vertical(id="board-area"):
                with Horizontal(id="board"):
                    for column in COLUMNS:
                        scroll = VerticalScroll(id=f"col-{column}", classes="column")
                        # The cards take the focus; a focusable column would swallow the arrow keys.
                        scroll.can_focus = False
                        scroll.border_title, scroll.border_subtitle = self._column_titles(column)
                        self._columns[column] = scroll
                        with scroll:
                            cards = self.board.columns[column] if self.board else []
                            for card in cards:
                                yield self._card_widget(card)
                            yield self._empty_slot(column, shown=not cards)
                # The card the focus starts on (AUTO_FOCUS: the first card of the first column).
                first = self.board.columns[COLUMNS[0]][0] if self.board and self.board.columns[COLUMNS[0]] else None
                if first is not None:
                    self._detail = CardDetail(first, self.today, self._need_title(first), self._delivery(first), id="card-detail")
                else:
                    self._detail = CardDetail(id="card-detail")
                yield self._detail
            self._people = PeoplePanel(people_view(self.board.history, self.today) if self.board else None, id="people")
            self._side = SidePanel(id="side-panel") if self.board is None else SidePanel(self.board, self.today, id="side-panel")
            if self.has_class("-wide"):  # shown beside the columns from the first frame
                self._panels_mounting = True
                yield self._people
                yield self._side
        # ctrl+p (the command palette) is in the help: the board needs the footer's width for its keys.
        yield AppFooter(show_command_palette=False)

    def _empty_slot(self, column: str, shown: bool) -> Static:
        """The column's focusable empty slot (so `a` knows which column to add to), after its
        cards and shown only while it has none: it stays in place while cards come and go."""
        slot = Static(Content.styled("No cards\na adds one", "$text-muted"), classes="empty-slot")
        slot.can_focus = True
        slot.display = shown
        self._empty_slots[column] = slot
        return slot

    def _card_widget(self, card: Card) -> BoardCard:
        delivery = self._delivery(card)
        return BoardCard(card, self.today, self._need_title(card), delivery.on if delivery else None)

    def _delivery(self, card: Card) -> Delivery | None:
        """The delivery a Steward card was logged as (its age counts from its date)."""
        return self.board.delivery_of(card) if self.board is not None and card.delivery_id else None

    def _show_detail(self) -> None:
        """The detail pane shows the focused card (as the board now holds it), or says the
        focused column is empty; while the focus is elsewhere it keeps what it shows."""
        focused = self.focused
        if self.board is None or focused is None:
            return
        if isinstance(focused, BoardCard):
            card = focused.card
            self._detail.show(card, self.today, self._need_title(card), self._delivery(card))
        elif focused.has_class("empty-slot"):
            self._detail.show(None, self.today)

    def _cards_in(self, column: str) -> list[BoardCard]:
        return [w for w in self._columns[column].children if isinstance(w, BoardCard)]

    def _need_title(self, card: Card) -> str | None:
        if card.need_id is None or self.board is None:
            return None
        need = self.board.card(card.need_id)
        return need.title if need else "(a need that was deleted)"

    def _column_titles(self, column: str) -> tuple[str, str]:
        """The column's border title (name and count) and subtitle (how many are stuck)."""
        cards = self.board.columns[column] if self.board else []
        stuck = sum(1 for c in cards if is_stuck(c, self.today))
        # Fixed words only: these strings are markup.
        return f"{COLUMN_TITLES[column]} [dim]{len(cards)}[/]", f"[b $text-error]{stuck} stuck[/]" if stuck else ""

    def _header(self) -> tuple[Content, Content]:
        """The client line (name, tier, cadence, sponsor) and its status (cadence, weakest)."""
        board = self.board
        if board is None:
            if self._unavailable:
                return Content.styled("Board unavailable", "bold $text-error"), Content("")
            return Content.styled("Reading the board…", "$text-muted"), Content("")
        client = board.client
        details = f"  tier {client.tier} · every {client.cadence.describe()}"
        sponsor = next((p for p in board.history.people if p.ours and p.role == "exec-sponsor"), None)
        if sponsor is not None:
            details += f" · sponsor {visible(sponsor.name)}"
        view = board.view
        return (
            Content.assemble((visible(client.name), "bold"), (details, "$text-muted")),
            Content.assemble(
                (
                    f" {status_word(view.cadence.status, view.cadence.label)} ",
                    status_badge_style(view.cadence.status, self.app.no_color),
                ),
                ("  weakest ", "$text-muted"),
                (PILLAR_SHORT[view.weakest], "bold $text-error"),
            ),
        )

    def on_mount(self) -> None:
        if self._panels_mounting:
            self._panels_ready.set()  # composed with the board
        else:
            self.call_after_refresh(self._mount_panels)
        if self.board is None:
            self._load_board()
            return
        self._token = self.board.token
        self._tip_seen_soon()

    async def _mount_panels(self) -> None:
        """Mount the side panel and the people panel (once), then show them the board as it
        is now; or wait until they are mounted."""
        if self._panels_mounting:
            await self._panels_ready.wait()
            return
        self._panels_mounting = True
        await self.query_one("#board-body").mount(self._people, self._side)
        self._panels_ready.set()
        if self._panels_stale and self.board is not None:
            self._panels_stale = False
            self._show_panels()

    def _show_panels(self) -> None:
        assert self.board is not None
        self._side.show(self.board, self.today)
        self._people.show(people_view(self.board.history, self.today))

    @work(group="board-load")
    async def _load_board(self) -> None:
        await self.reload()

    def _tip_seen_soon(self) -> None:
        """The tip counts as shown once the board has been on screen a moment. Recording it is
        a store write; done at once, it would compete with drawing the board. Leaving sooner
        cancels the timer: a tip not seen is not shown."""
        self.set_timer(TIP_SEEN_AFTER, self._record_tip)

    def _fill(self) -> None:
        """Titles, header and side panel from `self.board` (the cards are built separately)."""
        for column, scroll in self._columns.items():
            scroll.border_title, scroll.border_subtitle = self._column_titles(column)
        client, status = self._header()
        self._client_line.update(client)
        self._status_line.update(status)
        if self.board is not None:
            if self._panels_ready.is_set():
                self._show_panels()
            else:
                self._panels_stale = True  # shown once they are mounted
            self._show_detail()

    def _record_tip(self) -> None:
        """Remember that this week's tip was shown, so next week brings a different one (in
        the background: opening the board must not wait for the store's lock)."""
        tip = self.board.tip if self.board is not None else None
        if tip is None or self._tip_recorded == tip.id:
            return
        self._tip_recorded = tip.id
        self._write_tip(tip.id)

    @work(group="record-tip", exit_on_error=False)
    async def _write_tip(self, tip_id: str) -> None:
        try:
            await in_background(self.coach.boards.record_tip, self.client_id, tip_id)
        except CoachError:
            pass  # only the rotation of tips suffers; never worth an error on screen

    async def reload(self, focus_card: str | None = None, fallback: tuple[int, int] | None = None) -> None:
        """Read the board again (in the background), rebuild the columns, and put the focus
        back on `focus_card` (or the slot at `fallback`, or where it was)."""
        async with self._reload_lock:
            await self._read_and_rebuild(focus_card, fallback)

    async def _read_and_rebuild(self, focus_card: str | None, fallback: tuple[int, int] | None) -> None:
        position = fallback or self._position() or self._board_focus
        board = await fetch(self, self.coach.boards.read, self.client_id, error_title="Can't read the board")
        if board is None:
            if self.board is None:
                self._unavailable = True
                self._fill()
            return
        if board.client.archived and self.board is not None and not self.board.client.archived:
            self._close_archived(board.client.name)
            return
        in_panel = self._panel_has_focus() or self._people_has_focus()
        self.board = board
        self.today = board.today
        self._token = board.token
        # While the cards are replaced the focus comes and goes (or lands on another card for
        # a moment): keys pressed meanwhile act on the card in hand, not on where focus is.
        self._rebuilding = True
        try:
            with self.app.batch_update():
                await self._show_cards(None if in_panel else focus_card, position, in_panel)
                self._fill()
            self._tip_seen_soon()  # a new weakest pillar brings a new tip
        finally:
            # The focus is given on the app's next turn: the rebuild is over once it has been.
            self.app.call_later(self._rebuilt)
        self.refresh_bindings()

    async def _show_cards(self, focus_card: str | None, position: tuple[int, int], in_panel: bool) -> None:
        """Make the columns show `self.board`'s cards: a card still in its column keeps its
        widget (updated in place), a card new to a column gets one, a card gone or moved loses
        its old one. The focus goes to `focus_card` (or the slot at `position`) before the old
        widgets go, so removing the focused card never sends the focus elsewhere first."""
        board = self.board
        gone: list[BoardCard] = []
        for column in COLUMNS:
            cards = board.columns[column] if board else []
            scroll, slot = self._columns[column], self._empty_slots[column]
            ids = {card.id for card in cards}
            shown = self._cards_in(column)
            kept = {w.card_id: w for w in shown if w.card_id in ids}
            gone += [w for w in shown if w.card_id not in kept]
            if list(kept) != [card.id for card in cards if card.id in kept]:
                gone += kept.values()  # the cards changed order: the column is built afresh
                kept = {}
            # New widgets go before the next card that keeps its widget (or the empty slot).
            new: dict[Widget, list[BoardCard]] = {}
            anchor: Widget = slot
            for card in reversed(cards):
                widget = kept.get(card.id)
                if widget is None:
                    new.setdefault(anchor, []).insert(0, self._card_widget(card))
                else:
                    delivery = self._delivery(card)
                    widget.show(card, self.today, self._need_title(card), delivery.on if delivery else None)
                    anchor = widget
            for before, widgets in new.items():
                await scroll.mount_all(widgets, before=before)
            slot.display = not cards
        if not in_panel and not (focus_card and self._focus_card(focus_card, gone)):
            self._focus_slot(*position, leaving=gone)
        for scroll in self._columns.values():
            leaving = [w for w in gone if w.parent is scroll]
            if leaving:
                await scroll.remove_children(leaving)

    def _rebuilt(self) -> None:
        self._rebuilding = False
        self.refresh_bindings()

    # -- focus ------------------------------------------------------------------------------
    def _slots(self, column_index: int, leaving: Collection[Widget] = ()) -> list[Widget]:
        """The cards (or the empty slot) of a column that can take the focus, but `leaving`."""
        scroll = self._columns[COLUMNS[column_index]]
        return [w for w in scroll.children if w.display and w.focusable and w not in leaving]

    def _position(self) -> tuple[int, int] | None:
        """(column, row) of the focused card or empty slot; None when the focus is elsewhere."""
        focused = self.focused
        if focused is None or focused.parent is None or "column" not in focused.parent.classes:
            return None
        column = COLUMNS.index(str(focused.parent.id).removeprefix("col-"))
        slots = self._slots(column)
        return (column, slots.index(focused)) if focused in slots else None

    def _focus_slot(self, column: int, row: int, leaving: Collection[Widget] = ()) -> None:
        column = min(max(column, 0), len(COLUMNS) - 1)
        slots = self._slots(column, leaving)
        if slots:
            self._give_focus(slots[min(max(row, 0), len(slots) - 1)], leaving)

    def _focus_card(self, card_id: str, leaving: Collection[Widget] = ()) -> bool:
        for column in COLUMNS:
            for widget in self._cards_in(column):
                if widget.card_id == card_id and widget not in leaving:
                    self._give_focus(widget, leaving)
                    return True
        return False

    def _give_focus(self, widget: Widget, leaving: Collection[Widget]) -> None:
        """Focus `widget`; at once when the focused widget is about to be removed (`leaving`),
        else on the app's next turn as `focus()` does."""
        if self.focused in leaving:
            self.set_focus(widget)
        else:
            widget.focus()

    @property
    def focused_card(self) -> BoardCard | None:
        return self.focused if isinstance(self.focused, BoardCard) else None

    def _panel_has_focus(self) -> bool:
        focused = self.focused
        return focused is not None and self._side in focused.ancestors_with_self

    def _people_has_focus(self) -> bool:
        focused = self.focused
        return focused is not None and self._people in focused.ancestors_with_self

    def on_descendant_focus(self) -> None:
        if not self.has_class("-wide") and self._people_has_focus():
            self.remove_class("-panel-shown")
        if not self._rebuilding:
            card = self.focused_card
            self._held = card.card_id if card is not None else None
        position = self._position()
        if position is not None:
            self._board_focus = position
            if not self.has_class("-wide"):
                self.remove_class("-panel-shown")
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.board is None:
            return True if action == "back" else None  # the board could not be read
        card = self.focused_card
        if self.has_class("-people") and action in ("move_card", "add_card", "edit_card", "delete_card", "tell_card", "back"):
            # The people panel is in the cards' place: its own keys show instead (its esc
            # goes back to the cards, and from there esc goes back to the dashboard).
            return False
        if action == "move_card":
            return True if self._card_in_hand() else None
        if action in ("edit_card", "delete_card"):
            return True if card else None
        if action == "tell_card":
            # Hidden rather than dimmed off Steward: the footer has no room to spare at 80 columns.
            return card is not None and card.card.column == "steward"
        return True

    def action_scroll_detail(self, step: int) -> None:
        for pane in self.query(CardDetail):
            pane.scroll_pages(step)

    def action_focus_column(self, step: int) -> None:
        column, row = self._position() or (None, 0)
        if column is None:
            return  # the side panel has the focus; tab goes back to the board
        self._focus_slot(column + step, row)

    def action_focus_row(self, step: int) -> None:
        position = self._position()
        if position is not None:
            self._focus_slot(position[0], position[1] + step)

    async def action_toggle_panel(self) -> None:
        await self._mount_panels()
        if self._panel_has_focus():
            self.remove_class("-panel-shown")
            if self.has_class("-people"):
                self._people.focus_person()
            else:
                self._focus_slot(*self._board_focus)
        else:
            self.add_class("-panel-shown")
            self._side.pillars.focus()

    async def action_toggle_people(self) -> None:
        """Show the people panel in the cards' place (and give it the focus), or the cards again."""
        await self._mount_panels()
        self.remove_class("-panel-shown")
        if self.has_class("-people"):
            self.remove_class("-people")
            self._focus_slot(*self._board_focus)
        else:
            self.add_class("-people")
            self._people.focus_person()
        self.refresh_bindings()

    # -- people -----------------------------------------------------------------------------
    @on(PeoplePanel.Asked)
    async def _people_asked(self, message: PeoplePanel.Asked) -> None:
        message.stop()
        if message.what == "close":
            await self.action_toggle_people()
        elif message.what == "add":
            self._open_person_form(None, message.ours)
        elif message.what == "edit" and message.person is not None:
            self._open_person_form(message.person, message.person.ours)
        elif message.what == "remove" and message.person is not None:
            self._remove_person(message.person)
        elif message.what == "touch":
            person = message.person
            self.action_log_touch(person.id if person is not None and not person.ours else None)

    def _open_person_form(self, person: Person | None, ours: bool) -> None:
        from .person_form import PersonFormScreen

        async def saved(result: Person | None) -> None:
            if result is not None:
                await self._people_changed(result.id)

        self.app.push_screen(PersonFormScreen(self.coach, self.client_id, person, ours), saved)

    def _remove_person(self, person: Person) -> None:
        from .confirm import ConfirmScreen

        row = (
            next((r for r in people_view(self.board.history, self.today).rows if r.person.id == person.id), None)
            if self.board
            else None
        )
        touches = row.touches if row is not None else 0
        detail = (
            f"{visible(person.name)}\n\n"
            + (
                f"Their {touches} touch{'' if touches == 1 else 'es'} go with them."
                if touches and not person.ours
                else "They are taken off the touches they took part in."
                if touches
                else "No touch is recorded with them."
            )
            + " This can't be undone."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove_person_now(person)

        self.app.push_screen(ConfirmScreen("Remove this person?", detail, yes="Remove", no="Keep"), answered)

    @work(group="board-change")
    async def _remove_person_now(self, person: Person) -> None:
        done = await change(
            self, self.coach.people.remove, self.client_id, person.id, client_id=self.client_id, error_title="Not removed"
        )
        if done is None:
            return
        _gone, touches = done
        await self._people_changed(None)
        with_touches = f" and {touches} touch{'' if touches == 1 else 'es'}" if touches else ""
        self.notify(f"Removed {visible(person.name)}{with_touches}", markup=False)

    def action_log_touch(self, person_id: str | None = None) -> None:
        """The touch form, the highlighted person of the people panel (or the first) chosen."""
        if self.board is None:
            return
        from .person_form import TouchFormScreen

        view = people_view(self.board.history, self.today)
        if not view.theirs:
            self.notify("No one on the client's side yet: p shows the people panel, a adds a person", severity="warning")
            return
        if person_id is None and self.has_class("-people"):
            person = self._people.person
            person_id = person.id if person is not None and not person.ours else None

        async def logged(touch: Touch | None) -> None:
            if touch is not None:
                await self._people_changed(touch.person_id)
                them = view.person(touch.person_id)
                self.notify(f"Logged a {touch.kind} with {visible(them.name) if them else 'them'}", markup=False)

        self.app.push_screen(
            TouchFormScreen(self.coach, self.client_id, view, person_id, earliest=self.board.client.added), logged
        )

    async def _people_changed(self, person_id: str | None) -> None:
        """Read the board again (its people, and the scores they move) and keep the panel's
        highlight on `person_id`."""
        await self._mount_panels()
        panel = self._people
        keep = person_id or (panel.person.id if panel.person is not None else None)
        await self.reload()
        if self.board is not None:
            panel.show(people_view(self.board.history, self.today), keep)
        if self.has_class("-people"):
            panel.focus_person(keep)

    # -- changes ----------------------------------------------------------------------------
    @work(group="board-change")
    async def _change(
        self,
        call: Callable[..., Change],
        *args: Any,
        focus_card: str | None = None,
        fallback: tuple[int, int] | None = None,
        done: str | None = None,
    ) -> None:
        """Make a change in the background; once it landed, show the board as it now is (the
        focus on `focus_card`, else the change's card, else the slot at `fallback`) and say
        `done`."""
        made = await change(self, call, self.client_id, *args, client_id=self.client_id, error_title="Not changed")
        if made is None:
            return
        await self._done(made, focus_card or (None if fallback else made.card_id), fallback)
        if done:
            self.notify(done, markup=False)
        if made.move is not None and (made.move.from_column, made.move.to_column) == ("deliver", "steward"):
            self._offer_delivery(made.move.card_id)

    def _offer_delivery(self, card_id: str) -> None:
        """Work just moved from Deliver into Steward: offer to log it as a delivery (unless the
        card already stands for one), so the client's rhythm of value knows of it."""
        card = self.board.card(card_id) if self.board is not None else None
        if self.board is None or card is None or card.column != "steward" or not card.is_open or self._delivery(card):
            return
        from .card_delivery import CardDeliveryScreen
        from .log_delivery import logged_message

        async def answered(logged: Logged | None) -> None:
            if logged is None:
                return
            self.notify(logged_message(logged, self.coach.today()), title="Delivery logged", markup=False)
            await self._done(logged.change, focus_card=card_id)

        screen = CardDeliveryScreen(self.coach, self.client_id, card, self._need_title(card), self.board.client.added)
        self.app.push_screen(screen, answered)

    async def _done(self, change: Change, focus_card: str | None = None, fallback: tuple[int, int] | None = None) -> None:
        """Show the board as it now is, after a change (the app's journal keeps it for undo)."""
        await self.reload(focus_card, fallback)

    def _card_in_hand(self) -> str | None:
        """The card the user is working on: the focused one, or while the board is being
        rebuilt, the one that had the focus."""
        if self._rebuilding:
            return self._held
        card = self.focused_card
        return card.card_id if card is not None else None

    def action_move_card(self, step: int) -> None:
        card_id = self._card_in_hand()
        if card_id is not None:
            self._change(self.coach.boards.move_card, card_id, step, focus_card=card_id)

    def action_add_card(self) -> None:
        column, _ = self._position() or self._board_focus
        self._open_form(COLUMNS[column], None)

    def action_edit_card(self) -> None:
        card = self.focused_card
        if card is not None:
            self._open_form(card.card.column, card.card)

    def _open_form(self, column: str, card: Card | None) -> None:
        from .card_form import CardFormScreen

        async def saved(change: Change | None) -> None:
            if change is not None:
                await self._done(change, focus_card=change.card_id)

        needs = self.board.needs if self.board else []
        people = self.board.history.people if self.board else []
        self.app.push_screen(CardFormScreen(self.coach, self.client_id, column, card, needs, people), saved)

    def action_delete_card(self) -> None:
        card = self.focused_card
        if card is None:
            return
        from .confirm import ConfirmScreen

        position = self._position()

        def answered(yes: bool | None) -> None:
            if yes:
                title = visible(card.card.title)
                self._change(
                    self.coach.boards.delete_card, card.card_id, fallback=position, done=f"Deleted '{title}': u undoes it"
                )

        question = ConfirmScreen(
            "Delete this card?",
            f"{visible(card.card.title)}\n\nIt leaves the board and the history; u undoes it.",
            yes="Delete",
            no="Keep",
        )
        self.app.push_screen(question, answered)

    def action_tell_card(self) -> None:
        card = self.focused_card
        if card is None:
            return
        title = visible(card.card.title)
        self._change(
            self.coach.boards.tell_card,
            card.card_id,
            fallback=self._position(),
            done=f"Told: '{title}' is closed and kept in the history",
        )

    def action_log_delivery(self) -> None:
        # A Steward card whose offer was skipped (or that was added there) is logged from
        # itself: the same offer as when it reached Steward.
        focused = self.focused_card
        card = self.board.card(focused.card_id) if focused is not None and self.board is not None else None
        if card is not None and card.column == "steward" and card.is_open and self._delivery(card) is None:
            self._offer_delivery(card.id)
            return

        async def logged(result: Logged) -> None:
            steward = result.steward_card  # None when the client was already told
            await self._done(result.change, focus_card=steward.id if steward else None)

        self.post_message(LogDelivery(self.client_id, then=logged))

    def action_report(self) -> None:
        from .report import ReportScreen

        async def closed(marked_told: bool | None) -> None:
            if marked_told:
                await self.reload()

        self.app.push_screen(ReportScreen(self.coach, self.client_id), closed)

    def action_account_plan(self) -> None:
        from .plan import PlanScreen

        self.app.push_screen(PlanScreen(self.coach, self.client_id))

    def action_opportunities(self) -> None:
        from .opportunities import OpportunitiesScreen

        self.app.push_screen(OpportunitiesScreen(self.coach, self.client_id))

    # -- deliveries (the side panel's value-adds; the timeline, T, has them all) -----------
    async def action_value_adds(self) -> None:
        """Give the side panel's value-add list the focus (showing the panel on a narrow screen)."""
        await self._mount_panels()
        self.add_class("-panel-shown")
        self._side.value_adds.focus()

    @on(ValueAddList.Asked)
    def _value_add_asked(self, message: ValueAddList.Asked) -> None:
        message.stop()
        board, delivery = self.board, message.delivery
        if message.what == "close":
            self.remove_class("-panel-shown")
            self._focus_slot(*self._board_focus)
        elif board is not None and delivery is not None and message.what == "edit":
            from .delivery_form import DeliveryFormScreen

            async def saved(done: Change | None) -> None:
                if done is not None:
                    await self._done(done)
                    self.notify(
                        f"Saved {visible(str((done.deliveries[0][1] or {}).get('summary', '')))!r}: u undoes it", markup=False
                    )

            self.app.push_screen(DeliveryFormScreen(self.coach, board.client, delivery, board.needs), saved)
        elif delivery is not None and message.what == "delete":
            from .delivery_form import ask_delete

            async def deleted(done: Change) -> None:
                await self._done(done)
                self.notify(f"Deleted {visible(delivery.summary)!r}: u undoes it", markup=False)

            ask_delete(self, self.coach, self.client_id, delivery, deleted)

    def action_timeline(self) -> None:
        from .timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.coach, self.client_id))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def _close_archived(self, name: str) -> None:
        """The client was archived elsewhere (the shell, another window): its board, and what
        was opened over it, closes with a message rather than stay open and editable."""
        self.notify(f"{visible(name)} was archived elsewhere", severity="warning", markup=False, timeout=8)
        stack = self.app.screen_stack
        if self in stack:
            for _ in range(len(stack) - stack.index(self)):
                if len(self.app.screen_stack) > 1:
                    self.app.pop_screen()

    # -- events -----------------------------------------------------------------------------
    @on(PillarBars.Selected)
    def _show_evidence(self, message: PillarBars.Selected) -> None:
        if self.board is None:
            return
        view = self.board.view
        self.app.push_screen(
            EvidenceScreen(
                view.scores[message.pillar],
                weakest=message.pillar == view.weakest,
                client_name=view.client.name,
                weakest_score=view.scores.get(view.weakest),
            )
        )

    @on(DataChanged)
    async def _data_changed(self) -> None:
        """The data changed (another screen, or `coach` in another terminal). Changes made
        here were already shown: the store's change token says whether anything is new."""
        async with self._reload_lock:
            if self.coach.portfolio.change_token() != self._token:
                await self._read_and_rebuild(self.focused_card.card_id if self.focused_card else None, None)
