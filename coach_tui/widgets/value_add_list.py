"""The board's side panel list of the last value-adds, which the user can step through to
edit or delete one.

One focusable widget with a cursor, drawn as a plain list (date, kind, summary; where the
panel has room a long summary goes on under itself, up to three lines): unfocused it reads as before; focused (`v` on the board),
the value-add under the cursor is highlighted, j/k move, `e` (or enter) asks to edit it, `x`
to delete it, and esc to go back to the cards (`ValueAddList.Asked`). The board does the
asking; this widget never reads or writes the store. Summaries are user text: literal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..domain.dates import format_date
from ..domain.models import Delivery
from ..textsafe import visible
from .card import clip

SUMMARY_LINES = 3  # lines a value-add's summary may take in the list
MIN_SUMMARY = 26  # cells beside the date and kind a summary needs to go on under itself (else one line, cut)


def value_add_line(d: Delivery, today: date) -> Content:
    """One value-add: date, kind, summary (the widget clips long lines)."""
    return Content.assemble(
        (format_date(d.on, today).ljust(11), "$text-muted"), (d.kind.ljust(9), "$text-accent"), visible(d.summary)
    )


def value_add_lines(deliveries: Sequence[Delivery], today: date, width: int = 0) -> list[list[Content]]:
    """Each value-add's lines: date, kind, summary, in aligned columns. Given a `width`, a
    summary too long for its line goes on under itself, up to SUMMARY_LINES lines, the last one
    clipped: the panel's whole width is used before anything is cut. Without one, a line each."""
    if not deliveries:
        return []
    dates = [format_date(d.on, today) for d in deliveries]
    date_width = max(len(text) for text in dates) + 1
    kind_width = max(len(d.kind) for d in deliveries) + 1
    indent = date_width + kind_width
    room = width - indent
    rows: list[list[Content]] = []
    for text, d in zip(dates, deliveries, strict=True):
        head = Content.assemble((text.ljust(date_width), "$text-muted"), (d.kind.ljust(kind_width), "$text-accent"))
        summary = Content(visible(d.summary))
        if width <= 0 or room < MIN_SUMMARY or summary.cell_length <= room:
            rows.append([head + summary if width <= 0 else clip(head + summary, width)])
            continue
        wrapped = summary.wrap(room)
        if len(wrapped) > SUMMARY_LINES:
            rest = Content(" ").join(line.rstrip() for line in wrapped[SUMMARY_LINES - 1 :])
            wrapped = [*wrapped[: SUMMARY_LINES - 1], clip(rest, room)]
        rows.append([head + wrapped[0].rstrip(), *(Content(" " * indent) + line.rstrip() for line in wrapped[1:])])
    return rows


class ValueAddList(Widget, can_focus=True):
    """The last value-adds, one per line; a cursor while focused."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Previous", show=False),
        Binding("down,j", "cursor(1)", "Next", show=False),
        Binding("e,enter", "ask('edit')", "Edit", key_display="e", tooltip="Edit this delivery: day, kind, summary, need, told"),
        Binding("x", "ask('delete')", "Delete", tooltip="Delete this delivery (asks first)"),
        Binding("escape", "ask('close')", "Cards", tooltip="Back to the cards"),
    ]

    cursor = reactive(0)

    @dataclass
    class Asked(Message):
        """The user asked to edit or delete a value-add (`what`: "edit", "delete"), or to go
        back to the cards ("close", no delivery)."""

        value_adds: ValueAddList
        what: str
        delivery: Delivery | None

        @property
        def control(self) -> ValueAddList:
            return self.value_adds

    def __init__(
        self, deliveries: Sequence[Delivery] = (), today: date | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.deliveries: list[Delivery] = list(deliveries)
        self.today = today or date.today()
        self._layout: tuple[tuple[int, int, date], list[list[Content]]] | None = None

    def show(self, deliveries: Sequence[Delivery], today: date) -> None:
        """Show freshly read value-adds; the cursor stays on the same one where it still is."""
        held = self.delivery
        self.deliveries = list(deliveries)
        self.today = today
        ids = [d.id for d in self.deliveries]
        if held is not None and held.id in ids:
            self.cursor = ids.index(held.id)
        else:
            self.cursor = min(self.cursor, max(len(ids) - 1, 0))
        self.refresh(layout=True)

    @property
    def delivery(self) -> Delivery | None:
        """The value-add under the cursor."""
        return self.deliveries[self.cursor] if 0 <= self.cursor < len(self.deliveries) else None

    def action_cursor(self, step: int) -> None:
        if self.deliveries:
            self.cursor = min(max(self.cursor + step, 0), len(self.deliveries) - 1)

    def action_ask(self, what: str) -> None:
        delivery = self.delivery
        if what == "close" or delivery is not None:
            self.post_message(self.Asked(self, what, None if what == "close" else delivery))

    def _laid_out(self, width: int) -> list[list[Content]]:
        """Each value-add's lines at `width`, worked out once a width and list."""
        key = (width, id(self.deliveries), self.today)
        if self._layout is None or self._layout[0] != key:
            self._layout = (key, value_add_lines(self.deliveries, self.today, width))
        return self._layout[1]

    def render(self) -> Content:
        if not self.deliveries:
            return Content.styled("Nothing yet: log one with L", "$text-muted")
        rows = []
        for index, lines in enumerate(self._laid_out(self.content_size.width)):
            if self.has_focus and index == self.cursor:
                lines = [line.stylize("bold $block-cursor-foreground on $block-cursor-background") for line in lines]
            rows += lines
        return Content("\n").join(rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(sum(len(lines) for lines in self._laid_out(width)), 1)

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


__all__ = ["ValueAddList", "value_add_line", "value_add_lines"]
