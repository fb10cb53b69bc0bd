"""The timeline's list of entries: one line each (day, kind, what happened), newest first.

A Line API widget (a `ScrollView` painting one `Strip` per line in `render_line`): showing
ten years of history costs no more than showing a week's, since `show()` only keeps the
entries and a line is built when it is painted, for the lines on screen alone. A row cursor
(j/k or the arrows, g/G or Home/End, page up/down, a click) says which entry the screen acts
on: it posts `Highlighted` when it moves and `Selected` on enter or a second click.

Descriptions are user text: they go through `visible()` and are painted as plain segments,
never markup, cut with an ellipsis by cell width. The colours come from component classes in
`timeline_list.tcss`, so they follow the theme and the focus. Private names start with
`_tl_`, which no Textual class uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..domain.dates import long_date
from ..services.timeline import ENTRY_KINDS, ENTRY_LABELS, Entry
from ..textsafe import visible

DATE_WIDTH = 11  # "20 Nov 2026"
KIND_WIDTH = max(len(label) for label in ENTRY_LABELS.values())
GAP = "  "


class TimelineList(ScrollView, can_focus=True):
    """The entries of a timeline, a cursor on one of them."""

    COMPONENT_CLASSES = {
        "timeline-list--date",
        "timeline-list--even",
        "timeline-list--cursor",
        *(f"timeline-list--{kind}" for kind in ENTRY_KINDS),
    }

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "edge(0)", "Newest", show=False),
        Binding("end,G,shift+g", "edge(1)", "Oldest", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to `entry` (None: no entry is shown)."""

        timeline_list: TimelineList
        entry: Entry | None

        @property
        def control(self) -> TimelineList:
            return self.timeline_list

    @dataclass
    class Selected(Message):
        """Enter (or a second click) on `entry`."""

        timeline_list: TimelineList
        entry: Entry

        @property
        def control(self) -> TimelineList:
            return self.timeline_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Entry] = []

    # -- what is shown -----------------------------------------------------------------------
    def show(self, entries: Sequence[Entry], keep: str | None = None) -> None:
        """Show `entries`; the cursor on the entry keyed `keep` if shown, else where it was
        (or the last row)."""
        self.entries = list(entries)
        self.virtual_size = Size(self.size.width, len(self.entries))
        index = next((n for n, e in enumerate(self.entries) if e.key == keep), None) if keep else None
        self.cursor = index if index is not None else min(self.cursor, max(len(self.entries) - 1, 0))
        self.refresh()

    @property
    def entry(self) -> Entry | None:
        """The entry under the cursor."""
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def watch_cursor(self) -> None:
        self._tl_scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.entry))

    def _tl_scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif height and self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.entries))
        self._tl_scroll_to_cursor()

    # -- keys and the mouse ------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self.entries:
            self.cursor = min(max(self.cursor + step, 0), len(self.entries) - 1)

    def action_page(self, step: int) -> None:
        self.action_move(step * max(self.scrollable_content_region.height - 1, 1))

    def action_edge(self, end: int) -> None:
        if self.entries:
            self.cursor = len(self.entries) - 1 if end else 0

    def action_select(self) -> None:
        entry = self.entry
        if entry is not None:
            self.post_message(self.Selected(self, entry))

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y
        if 0 <= row < len(self.entries):
            again = row == self.cursor
            self.cursor = row
            if again:
                self.action_select()

    # -- painting ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        base = self.rich_style
        if row >= len(self.entries):
            return Strip.blank(width, base)
        entry = self.entries[row]
        get = self.get_component_rich_style
        line = base + get("timeline-list--even") if row % 2 == 0 else base
        # The cursor's colours go over each part's own, so the row under it reads as one.
        over = get("timeline-list--cursor") if row == self.cursor else None
        if over is not None:
            line += over
        room = max(width - 1 - DATE_WIDTH - KIND_WIDTH - 2 * len(GAP), 1)
        text = visible(entry.text)
        if cell_len(text) > room:
            text = set_cell_size(text, room - 1) + "…"
        date_style = line + get("timeline-list--date")
        kind_style = line + get(f"timeline-list--{entry.kind}")
        if over is not None:
            date_style, kind_style = date_style + over, kind_style + over
        segments = [
            Segment(" ", line),
            Segment(long_date(entry.day).ljust(DATE_WIDTH) + GAP, date_style),
            Segment(ENTRY_LABELS[entry.kind].ljust(KIND_WIDTH) + GAP, kind_style),
            Segment(text, line),
        ]
        return Strip(segments).adjust_cell_length(width, line)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()


__all__ = ["TimelineList", "DATE_WIDTH", "KIND_WIDTH"]
