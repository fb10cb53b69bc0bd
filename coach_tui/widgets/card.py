"""One card on a client's board: a focusable tile showing the title, its age in the column and
what needs attention.

A card is drawn as a single widget rendering `Content` (no child widgets): a board holds a few
dozen cards and is rebuilt after every change, so the cost per card must stay small. The title
is user text: it goes through `visible()` and is never parsed as markup.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.events import Click, Enter
from textual.geometry import Size
from textual.widget import Widget

from ..domain.dates import format_date
from ..domain.models import STUCK_DAYS, TELL_WITHIN_DAYS, Card
from ..textsafe import visible

# Title lines shown on a card at most; longer titles end with an ellipsis (the detail pane and
# the tooltip have them whole). A card is as tall as its title needs, up to these.
TITLE_LINES = 3


def days_in_column(card: Card, today: date, delivered: date | None = None) -> int:
    """Whole days since the card entered its current column (never negative). A Steward card
    logged as a delivery (`delivered`, the delivery's date) counts from the delivery: the
    client has waited since the work was delivered, not since it was logged."""
    since = delivered if delivered is not None and card.column == "steward" else card.entered.date()
    return max(0, (today - since).days)


def is_stuck(card: Card, today: date) -> bool:
    """Over STUCK_DAYS in Plan or Deliver: work that has stopped moving."""
    return card.column in ("plan", "deliver") and days_in_column(card, today) > STUCK_DAYS


def is_untold(card: Card, today: date, delivered: date | None = None) -> bool:
    """A Steward card the client has waited over TELL_WITHIN_DAYS days to hear about."""
    return card.column == "steward" and days_in_column(card, today, delivered) > TELL_WITHIN_DAYS


def is_overdue(card: Card, today: date) -> bool:
    """Open work past its due date (a Steward card is delivered: only the telling waits)."""
    return card.due is not None and card.due < today and card.is_open and card.column != "steward"


def due_text(card: Card, today: date) -> Content:
    """`due Dec 3`, `due today`, or `3d late` in the error colour."""
    if card.due is None:
        return Content("")
    if is_overdue(card, today):
        return Content.styled(f"{(today - card.due).days}d late", "bold $text-error")
    days = (card.due - today).days
    return Content.styled(f"due {format_date(card.due, today)}", "$text-warning" if days <= 2 else "$text-muted")


def clip(content: Content, width: int) -> Content:
    """`content` cut to `width` cells with an ellipsis, never splitting a wide character.

    Content.truncate pads with a space where a double-width character would be cut in half
    (`サク …`); dropping that space keeps the ellipsis against the text.
    """
    if content.cell_length <= width:
        return content
    if width <= 1:
        return Content("…" if width == 1 else "")
    cut = content.truncate(width - 1).rstrip()
    return cut + "…"


def title_lines(title: str, width: int, lines: int = TITLE_LINES) -> list[Content]:
    """The card title word-wrapped to `width`, at most `lines` lines, the last one clipped."""
    text = Content(visible(title))
    if width < 2:
        return [clip(text, width)]
    wrapped = text.wrap(width)
    if len(wrapped) <= lines:
        return wrapped
    # Re-join what does not fit so the last line shows as much of the title as it can.
    rest = Content(" ").join(line.rstrip() for line in wrapped[lines - 1 :])
    return [*wrapped[: lines - 1], clip(rest, width)]


class BoardCard(Widget, can_focus=True):
    """A focusable card tile. Classes: `card`, plus `stuck` or `untold` when it needs attention."""

    def __init__(self, card: Card, today: date, need_title: str | None = None, delivered: date | None = None) -> None:
        super().__init__(id=f"card-{card.id}", classes="card " + " ".join(self._flags(card, today, delivered)))
        self.card = card
        self.today = today
        self.need_title = need_title
        self.delivered = delivered  # the date of the delivery a Steward card was logged as
        self.age = days_in_column(card, today, delivered)
        self._rendered: tuple[int, Content] | None = None
        self._body: tuple[int, list[Content]] | None = None  # the lines above the meta line, by width

    @staticmethod
    def _flags(card: Card, today: date, delivered: date | None = None) -> list[str]:
        """The classes saying what needs attention: `stuck` or `untold`, and `overdue`."""
        flags = ["stuck"] if is_stuck(card, today) else ["untold"] if is_untold(card, today, delivered) else []
        return flags + ["overdue"] if is_overdue(card, today) else flags

    def show(self, card: Card, today: date, need_title: str | None = None, delivered: date | None = None) -> None:
        """Show `card` as it now is (the same card, read again after a change): the board
        updates its widgets in place rather than building new ones."""
        same = card == self.card and today == self.today and need_title == self.need_title and delivered == self.delivered
        self.card = card  # even when equal: the old copy (and its history) is let go
        if same:
            return
        self.today = today
        self.need_title = need_title
        self.delivered = delivered
        self.age = days_in_column(card, today, delivered)
        flags = self._flags(card, today, delivered)
        for flag in ("stuck", "untold", "overdue"):
            self.set_class(flag in flags, flag)
        self._rendered = None
        self._body = None
        self.tooltip = None  # described again on the next hover
        self.refresh(layout=True)  # the title may take another number of lines

    @property
    def card_id(self) -> str:
        return self.card.id

    def _describe(self) -> Content:
        parts = [Content(visible(self.card.title)).stylize("bold")]
        if self.need_title is not None:
            parts.append(Content.assemble("answers: ", visible(self.need_title)))
        delivered = self.delivered is not None and self.card.column == "steward"
        parts.append(Content(f"{self.age} days {'since it was delivered' if delivered else 'in this column'}"))
        if self.card.owner:
            parts.append(Content.assemble("owner: ", visible(self.card.owner)))
        if self.card.due is not None:
            parts.append(Content.assemble("due ", self.card.due.isoformat(), " · ", due_text(self.card, self.today)))
        if self.card.notes.strip():
            parts.append(Content(visible(self.card.notes.strip(), keep_newlines=True)))
        return Content("\n").join(parts)

    def _meta_line(self, width: int) -> Content:
        """The bottom line: age, link marker, and a badge when the card needs attention."""
        age = Content.styled(f"{self.age}d", "$text-muted")
        if self.has_class("stuck"):
            badge = Content.styled(" STUCK ", "bold $text on $error")
        elif self.has_class("untold"):
            badge = Content.styled(" TELL ", "bold $text on $warning-darken-1")
        else:
            badge = Content("")
        # Owner and due date when set, then the link marker ("need" when there is room for
        # the word): each left out in turn, owner first, until the line fits beside the badge.
        due = due_text(self.card, self.today)
        # The owner is here only when the title takes every line above.
        owner_above = self.card.owner and len(title_lines(self.card.title, width)) < TITLE_LINES
        owner = Content.styled(visible(self.card.owner), "$text-accent") if self.card.owner and not owner_above else Content("")
        links = (" ↳ need", " ↳", "") if self.card.need_id else ("",)
        options = [(o, d, link) for d in (due, Content("")) for link in links for o in (owner, Content(""))]
        for shown_owner, shown_due, link in options:
            left = age + Content.styled(link, "$text-accent") if link else age
            if shown_due:
                left += Content(" ") + shown_due
            if shown_owner:
                left += Content(" ") + clip(shown_owner, max(4, width // 3))
            gap = width - left.cell_length - badge.cell_length
            if gap >= 1 or (not badge and gap >= 0):
                return left + Content(" " * gap) + badge
        return clip(badge or (age + Content(" ") + due if due else age), width)

    def _body_lines(self, width: int) -> list[Content]:
        """The title (up to TITLE_LINES lines) and, when it leaves a line free, the owner."""
        if self._body is None or self._body[0] != width:
            lines = title_lines(self.card.title, width)
            if self.card.owner and len(lines) < TITLE_LINES:
                owner = Content.assemble(("owner ", "$text-muted"), (visible(self.card.owner), "$text-accent"))
                lines.append(clip(owner, width))
            self._body = (width, lines)
        return self._body[1]

    def render(self) -> Content:
        width = self.content_size.width
        # Rendered again on every layout and focus change; the text only depends on the width.
        if self._rendered is None or self._rendered[0] != width:
            self._rendered = (width, Content("\n").join([*self._body_lines(width), self._meta_line(width)]))
        return self._rendered[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # As tall as the title needs (up to TITLE_LINES lines), and the meta line.
        return len(self._body_lines(width)) + 1

    def on_enter(self, event: Enter) -> None:
        # The tooltip (full title, need, notes) is built on the first hover rather than for
        # every card when the board opens.
        if self.tooltip is None:
            self.tooltip = self._describe()

    def on_click(self, event: Click) -> None:
        self.focus()
