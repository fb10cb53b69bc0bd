"""The detail pane of a client's board: the focused card in full.

Everything a card holds that its tile has no room for: the whole title, the column and how long
it has been there, the need it answers, owner and due date, the delivery it was logged as (or,
for a Steward card not logged as one, that `L` logs it), its notes, and its history (created,
then every move, each with its date). The board puts the pane below its columns on narrow and
middling terminals and beside them on wide ones (board.tcss).

The pane is one Static in a scrolling container, built with the board and updated in place when
the focus moves or the board is read again (`show`): nothing is mounted or removed, so opening
a board costs two widgets more, and moving the focus one `Content` built (and no layout when
the new text is as tall as the last). User text goes
through `visible()` into `Content`, never markup.

The focus stays on the cards, so the pane scrolls from the keyboard through the board's keys
(`J`/`K` or `shift+↓/↑`: `scroll_pages`), where its text is taller than the pane (80x24).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..domain.dates import format_date
from ..domain.models import COLUMN_TITLES, KIND_TITLES, Card, Delivery
from ..textsafe import visible
from .card import days_in_column, due_text, is_overdue

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

NOTHING = Content.styled("No card here: a adds one to this column", "$text-muted")


MOVES_SHOWN = 12  # a card's latest moves the pane lists (a long history is the timeline's)


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def history_line(card: Card, today: date) -> Content:
    """`created Nov 1 in Understand → Plan Nov 3 → Deliver Nov 10`, each move with its date
    (the last MOVES_SHOWN: the timeline, `T`, has them all), then when it was edited and
    closed."""
    moves = list(card.moves)
    first = moves.pop(0) if moves and moves[0].from_column is None else None
    start = first.to_column if first is not None else (moves[0].from_column if moves else None) or card.column
    parts = [
        Content.assemble(
            ("created ", "$text-muted"), format_date(card.created.date(), today), (" in ", "$text-muted"), COLUMN_TITLES[start]
        )
    ]
    if len(moves) > MOVES_SHOWN:
        earlier = len(moves) - MOVES_SHOWN
        parts.append(Content.styled(f"… {earlier} earlier move{'' if earlier == 1 else 's'} (T: the timeline)", "$text-muted"))
        moves = moves[-MOVES_SHOWN:]
    for move in moves:
        parts.append(
            Content.assemble(("→ ", "$text-accent"), COLUMN_TITLES[move.to_column], " ", format_date(move.at.date(), today))
        )
    if card.updated is not None:
        parts.append(Content.assemble(("edited ", "$text-muted"), format_date(card.updated.date(), today)))
    if card.closed is not None:
        parts.append(Content.assemble(("closed ", "$text-muted"), format_date(card.closed.date(), today)))
    return Content(" ").join(parts)


def detail_content(card: Card, today: date, need_title: str | None = None, delivery: Delivery | None = None) -> Content:
    """Everything the pane shows about `card`, one block of lines (wrapped by the pane)."""
    delivered = delivery.on if delivery is not None else None
    age = days_in_column(card, today, delivered)
    since = "since it was delivered" if delivered is not None and card.column == "steward" else "in this column"
    lines = [
        Content(visible(card.title)).stylize("bold"),
        Content.assemble((COLUMN_TITLES[card.column], "bold $text-accent"), (f" · {_days(age)} {since}", "$text-muted")),
    ]
    if need_title is not None:
        lines.append(Content.assemble(("answers ", "$text-muted"), visible(need_title)))
    who_when: list[Content] = []
    if card.owner:
        who_when.append(Content.assemble(("owner ", "$text-muted"), (visible(card.owner), "$text-accent")))
    if card.due is not None:
        late = due_text(card, today) if is_overdue(card, today) else Content("")
        due = Content.assemble(("due ", "$text-muted"), format_date(card.due, today, relative=False))
        who_when.append(due + Content(" ") + late if late else due)
    if who_when:
        lines.append(Content(" · ").join(who_when))
    if delivery is None and card.column == "steward" and card.is_open:
        lines.append(Content.assemble(("not logged as a delivery", "$text-warning"), ("  L logs it", "$text-muted")))
    if delivery is not None:
        lines.append(
            Content.assemble(
                ("delivered ", "$text-muted"),
                format_date(delivery.on, today),
                " · ",
                (KIND_TITLES.get(delivery.kind, delivery.kind), "$text-accent"),
                (" · told" if delivery.told else " · not told yet", "$text-muted"),
            )
        )
    lines.append(history_line(card, today))
    notes = card.notes.strip()
    if notes:
        lines.append(Content(""))
        lines.append(Content(visible(notes, keep_newlines=True)))
    return Content("\n").join(lines)


class CardDetail(VerticalScroll, can_focus=False):
    """The focused card in full. `show(card, ...)` when the focus moves or the board is read
    again; `show(None, ...)` when the focus is on an empty column."""

    def __init__(
        self,
        card: Card | None = None,
        today: date | None = None,
        need_title: str | None = None,
        delivery: Delivery | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._shown: tuple[object, ...] | None = None
        self._pane_text = Static(self._content(card, today, need_title, delivery), id="card-detail-text")

    def _content(self, card: Card | None, today: date | None, need_title: str | None, delivery: Delivery | None) -> Content:
        self._shown = (card, today, need_title, delivery)
        if card is None or today is None:
            return NOTHING
        return detail_content(card, today, need_title, delivery)

    def compose(self) -> ComposeResult:
        yield self._pane_text

    def show(self, card: Card | None, today: date, need_title: str | None = None, delivery: Delivery | None = None) -> None:
        """Show `card` (None: the focus is on an empty column); nothing is redrawn when it is
        what the pane already shows."""
        shown = (card, today, need_title, delivery)
        same = shown == self._shown
        self._shown = shown  # even when equal: the old copy of the card (and its history) is let go
        if same:
            return
        content = self._content(card, today, need_title, delivery)
        text = self._pane_text
        # A text as tall as the last one (cards of a kind often are) needs no layout: the
        # screen's would otherwise follow every move of the focus.
        width, height = text.content_size
        # (The styles are the rules Textual itself measures a Static's text with.)
        same_height = width > 0 and content.get_height(cast("RulesMap", text.styles), width) == height
        text.update(content, layout=not same_height)
        self.scroll_home(animate=False)

    def scroll_pages(self, step: int) -> None:
        """Scroll `step` pages down (up when negative), a page being the pane's height less a
        line, so the last line read stays in view."""
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_relative(y=step * page, animate=False)

    @property
    def text(self) -> Content:
        """What the pane shows (for tests and the screen reader of a test)."""
        content = self._pane_text.content
        return content if isinstance(content, Content) else Content(str(content))
