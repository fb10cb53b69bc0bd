"""A client's timeline: every delivery, card move, touch, plan share and opportunity stage,
newest first, each with its day and a few words.

`TimelineScreen(coach, client_id)` opens from the client board (`T`) and the command palette.
It reads the timeline in the background (`coach.timelines.read`), and again whenever the data
changes. `1` to `5` show or hide a kind of entry; j/k (or the arrows) move, g/G (or Home/End)
go to the newest or the oldest; `e` (or enter) edits the delivery under the cursor and `x`
deletes it (asking first). The list is a Line API widget (`TimelineList`) that paints only the
lines on screen, so years of history (thousands of entries) open and scroll as fast as a
week's. The entry under the
cursor is shown in full under the table. Everything the user wrote is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ..domain.dates import long_date
from ..messages import LogDelivery
from ..services import Change, Coach, Logged
from ..services.timeline import ENTRY_KINDS, ENTRY_LABELS, ENTRY_TITLES, Entry, Timeline
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.timeline_list import DATE_WIDTH, KIND_WIDTH, TimelineList
from .client_screen import BACK, ClientScreen

KINDS = Binding.Group("Kinds", compact=True)
SHORT_TITLES = {"card": "moves", "share": "shares", "stage": "stages"}  # the kinds line fits 80 columns


class TimelineScreen(ClientScreen[Timeline]):
    """One client's history, newest first, filterable by kind."""

    CSS_PATH = ["timeline.tcss", "../widgets/timeline_list.tcss", "../widgets/app_footer.tcss"]
    AUTO_FOCUS = "#timeline"

    BINDINGS = [
        Binding("j", "cursor(1)", "Down", show=False, tooltip="Move down (also ↓)"),
        Binding("k", "cursor(-1)", "Up", show=False, tooltip="Move up (also ↑)"),
        Binding("g", "edge(0)", "Newest", show=False, tooltip="Go to the newest entry (also Home)"),
        Binding("G,shift+g", "edge(1)", "Oldest", show=False, key_display="G", tooltip="Go to the oldest entry (also End)"),
        Binding("home", "edge(0)", "Newest", show=False, tooltip="Go to the newest entry (also Home)"),
        Binding("end", "edge(1)", "Oldest", show=False, tooltip="Go to the oldest entry (also End)"),
        *(
            Binding(
                str(n),
                f"toggle_kind('{kind}')",
                ENTRY_TITLES[kind].capitalize(),
                tooltip=f"Show or hide {ENTRY_TITLES[kind]}",
                group=KINDS,
            )
            for n, kind in enumerate(ENTRY_KINDS, 1)
        ),
        Binding("e", "edit", "Edit", tooltip="Edit the delivery under the cursor: day, kind, summary, need, told (or enter)"),
        Binding("x", "delete", "Delete", tooltip="Delete the delivery under the cursor (asks first)"),
        Binding("L,shift+l", "log_delivery", "Log", key_display="L", show=False, tooltip="Log a delivery for this client"),
        BACK,
    ]

    HEADER = "timeline-client"
    WHAT = "the timeline"

    def __init__(self, coach: Coach, client_id: str) -> None:
        super().__init__(coach, client_id)
        self.shown_kinds: set[str] = set(ENTRY_KINDS)

    # -- building ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield self.header()
        yield Static("", id="timeline-kinds")
        heading = " " + "Date".ljust(DATE_WIDTH) + "  " + "Kind".ljust(KIND_WIDTH) + "  What"
        yield Static(Content(heading), id="timeline-heading")
        yield TimelineList(id="timeline")
        yield Static("", id="timeline-empty")
        yield Static("", id="timeline-detail")
        yield AppFooter()

    def read(self) -> Callable[[str], Timeline]:
        return self.coach.timelines.read

    @property
    def timeline(self) -> TimelineList:
        return self.query_one("#timeline", TimelineList)

    @property
    def rows(self) -> list[Entry]:
        """The entries the list shows, in its order."""
        return self.timeline.entries

    def fill(self, view: Timeline, select: str | None) -> None:
        self.laid_out_for = self.app.size.width
        counts = view.counts()
        self.query_one("#timeline-client", Static).update(
            Content.assemble(
                (visible(view.client.name), "bold"),
                ("  timeline", "$text-muted"),
                (f"  {len(view.entries)} entr{'y' if len(view.entries) == 1 else 'ies'}", "$text-muted"),
            )
        )
        parts = []
        for n, kind in enumerate(ENTRY_KINDS, 1):
            on_ = kind in self.shown_kinds
            parts.append(
                Content.assemble(
                    (f"{n}", "bold $text-accent"),
                    (" ■ " if on_ else " □ ", "$text-accent" if on_ else "$text-muted"),
                    (f"{SHORT_TITLES.get(kind, ENTRY_TITLES[kind])} {counts[kind]}", "" if on_ else "$text-muted"),
                )
            )
        self.query_one("#timeline-kinds", Static).update(Content("  ").join(parts))
        self._fill_table(view, select)

    def _fill_table(self, view: Timeline, select: str | None) -> None:
        timeline = self.timeline
        timeline.show(view.of_kinds(self.shown_kinds), select or self.selected_key)
        empty = not self.rows
        timeline.display = not empty
        self.query_one("#timeline-heading", Static).display = not empty
        message = self.query_one("#timeline-empty", Static)
        message.display = empty
        if not view.entries:
            message.update(Content.styled("Nothing has happened on this account yet: L logs a delivery.", "$text-muted"))
        else:
            message.update(Content.styled("Every kind is hidden: 1 to 5 show them again.", "$text-muted"))
        self._show_detail()

    def _show_detail(self) -> None:
        entry = self.selected()
        detail = self.query_one("#timeline-detail", Static)
        detail.display = entry is not None
        if entry is None:
            return
        head = Content.assemble(
            (long_date(entry.day, weekday=True), "bold"), ("  ", ""), (ENTRY_LABELS[entry.kind], "$text-accent")
        )
        if entry.delivery_id is not None:
            head += Content.styled("  e edits · x deletes", "$text-muted")
        detail.update(Content("\n").join([head, Content(visible(entry.text))]))

    # -- the cursor -------------------------------------------------------------------------
    @property
    def selected_key(self) -> str | None:
        entry = self.selected()
        return entry.key if entry is not None else None

    def selected(self) -> Entry | None:
        return self.timeline.entry

    def selected_delivery(self) -> str | None:
        entry = self.selected()
        return entry.delivery_id if entry is not None else None

    @on(TimelineList.Highlighted, "#timeline")
    def _highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    @on(TimelineList.Selected, "#timeline")
    def _row_selected(self) -> None:
        self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True
        if self.view is None:
            return None
        if action in ("edit", "delete"):
            return True if self.selected_delivery() is not None else None
        return True

    def action_cursor(self, step: int) -> None:
        self.timeline.action_move(step)

    def action_edge(self, end: int) -> None:
        self.timeline.action_edge(end)

    def action_toggle_kind(self, kind: str) -> None:
        if kind in self.shown_kinds:
            self.shown_kinds.discard(kind)
        else:
            self.shown_kinds.add(kind)
        if self.view is not None:
            self.fill(self.view, self.selected_key)
        self.refresh_bindings()

    # -- deliveries -------------------------------------------------------------------------
    def action_log_delivery(self) -> None:
        async def logged(result: Logged) -> None:
            await self.reload(f"d-{result.delivery.id}")

        self.post_message(LogDelivery(self.client_id, then=logged))

    def action_edit(self) -> None:
        from .delivery_form import DeliveryFormScreen

        view, delivery_id = self.view, self.selected_delivery()
        if view is None or delivery_id is None:
            if self.selected() is not None:
                self.notify(
                    "Only a delivery can be edited here: cards, touches and plans have their own screens.", severity="warning"
                )
            return
        delivery = view.deliveries[delivery_id]

        async def saved(done: Change | None) -> None:
            if done is not None:
                await self.reload(f"d-{delivery_id}")
                self.notify(
                    f"Saved {visible(done.deliveries[0][1]['summary'] if done.deliveries[0][1] else delivery.summary)!r}.",
                    markup=False,
                )

        self.app.push_screen(DeliveryFormScreen(self.coach, view.client, delivery, view.needs), saved)

    def action_delete(self) -> None:
        from .delivery_form import ask_delete

        view, delivery_id = self.view, self.selected_delivery()
        if view is None or delivery_id is None:
            return
        delivery = view.deliveries[delivery_id]

        async def deleted(_change: Change) -> None:
            await self.reload()
            self.notify(f"Deleted {visible(delivery.summary)!r}.", markup=False)

        ask_delete(self, self.coach, self.client_id, delivery, deleted)


__all__ = ["TimelineScreen"]
