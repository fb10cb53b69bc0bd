"""The dashboard's detail pane: everything useful about the client under the cursor.

Beside the table on a wide terminal, under it on a narrow one (the dashboard says which with
its `-below` class). It shows, in this order (what matters most first, since a narrow pane is
cut at its bottom):

- who: the name, tier, revenue, renewal; our exec sponsor and the account plan; this week's
  commitment, when it is for this client;
- the rhythm: the status and why, the last value-add and its summary, the next due day,
  the cadence, the consistency over the last six windows, the cards per column;
- the coaching: the weakest pillar with its evidence, and the tip its board shows this week.

Everything but two facts comes from the agenda the dashboard holds (worked out in the data
thread), so a cursor move updates the pane at once, without reading the store. The last
value-add's summary and the sponsor's name are in the client's own file: the dashboard reads
them in the background once the cursor rests, and the pane shows them when they arrive
(`ClientNotes`).

Names, summaries, commitments are user text: they go through `visible()` into `Content`,
never markup.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from textual.content import Content, Span
from textual.geometry import Region
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from ..domain.dates import format_date
from ..domain.models import COLUMN_TITLES, COLUMNS, PILLAR_TITLES
from ..domain.money import DEFAULT_CURRENCY, format_money
from ..services import ClientView
from ..textsafe import visible
from .status import status_text_style

if TYPE_CHECKING:
    from ..coaching.tips import Tip
    from ..services.read_models import ClientNotes, CurrentCommitment


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _ago(day: date, today: date) -> str:
    """`Oct 22 (34 days ago)`; `today` and `yesterday` need no count."""
    days = (today - day).days
    return format_date(day, today) + (f" ({days} days ago)" if days > 1 else "")


def who_lines(view: ClientView, today: date, currency: str, notes: ClientNotes | None) -> list[Content]:
    """The name; the tier, revenue and renewal; our sponsor and the account plan."""
    c = view.client
    about = [Content(f"tier {c.tier}")]
    if c.revenue is not None:
        about.append(Content(f"{format_money(c.revenue, currency)} a year"))
    if c.renewal is not None:
        renews = "renewed" if c.renewal < today else "renews"
        about.append(Content(f"{renews} {format_date(c.renewal, today, relative=False)}"))
    account: list[Content] = []
    if not view.people.sponsor:
        account.append(Content.styled("no executive sponsor", "$text-warning"))
    elif notes is not None and notes.sponsor:
        account.append(Content.assemble("sponsor ", (visible(notes.sponsor), "bold")))
    else:
        account.append(Content("exec sponsor named"))
    plan = view.plan
    if plan is None or plan.goals == 0:
        account.append(Content.styled("no written plan", "$text-warning"))
    elif plan.shared_client is None:
        account.append(Content.styled("plan not shared", "$text-warning"))
    else:
        account.append(Content(f"plan shared {format_date(plan.shared_client, today)}"))
    return [Content.styled(visible(c.name), "bold $text-primary"), Content(" · ").join(about), Content(" · ").join(account)]


def status_line(view: ClientView, today: date) -> Content:
    """The status in words, and why: how the days since the last value-add stand against
    the cadence."""
    c, state = view.client, view.cadence
    if c.archived:
        word, style = "Archived", "bold $text-muted"
        why = "out of the review and its counts; a brings it back"
    elif state.status == "new":
        word, style = "New", status_text_style("new")
        why = "no value-add yet, so the first one is due now"
    else:
        assert state.next_due is not None and state.last is not None
        if state.status == "overdue":
            word = f"Overdue by {_plural(state.days_over, 'day')}"
            why = f"{state.days_since} days since the last value-add, against a cadence of {c.cadence.describe()}"
        else:
            span = max(1, (state.next_due - state.last).days)
            word = "Due soon" if state.status == "due soon" else "On track"
            why = f"{state.days_since} of {span} days since the last value-add"
        style = status_text_style(state.status)
    return Content.assemble((word, style), ": ", why)


def last_line(view: ClientView, today: date, notes: ClientNotes | None) -> Content | None:
    """The last value-add: when, and (once the client's file is read) its kind and summary."""
    state = view.cadence
    if state.last is None:
        return None
    line = Content(f"last value-add {_ago(state.last, today)}")
    delivery = notes.last_value_add if notes is not None and notes.client_id == view.client.id else None
    if delivery is not None and delivery.on == state.last:
        line = line + Content.assemble(
            f", {delivery.kind}: ",
            (f"“{visible(delivery.summary)}”", "italic"),
            ("" if delivery.told else " (not told yet)", "$text-muted"),
        )
    return line


def rhythm_lines(view: ClientView, today: date, notes: ClientNotes | None) -> list[Content]:
    """The status and why, the last value-add, the next due day and the cadence, the
    consistency and the cards per column."""
    c, state = view.client, view.cadence
    lines = [status_line(view, today)]
    if (last := last_line(view, today, notes)) is not None:
        lines.append(last)
    if not c.archived:
        every = f"a value-add every {c.cadence.describe()}"
        if state.next_due is None:
            lines.append(Content.assemble("next due ", ("now", "bold $text-accent"), f" · {every}"))
        else:
            due = format_date(state.next_due, today)
            if state.status == "overdue" and state.days_over > 1:
                due = f"{due} ({state.days_over} days ago)"
            lines.append(Content(f"next due {due} · {every}"))
    consistency = view.consistency
    ticks = "".join("●" if hit else "○" for hit in consistency.ticks) or "—"
    lines.append(Content.assemble("consistency ", (ticks, "$text-success"), f" {consistency.evidence}"))
    counts = view.counts
    cards = Content("cards " + " · ".join(f"{COLUMN_TITLES[col]} {n}" for col, n in zip(COLUMNS, counts, strict=True)))
    if view.untold:
        cards = cards + Content.assemble(" · ", (f"{view.untold} untold", "bold $text-warning"))
    lines.append(cards)
    return lines


def weakest_line(view: ClientView, evidence: bool = False) -> Content:
    """`weakest Leadership by example 15/100`, with its evidence after it if asked."""
    score, told = view.weakest_score, view.weakest_evidence
    line = Content.assemble(
        "weakest ",
        (PILLAR_TITLES[view.weakest], "bold $text-secondary"),
        (" —/100" if score is None else f" {score}/100", "$text-muted"),
    )
    if evidence and told:
        line = line + Content(": " + "; ".join(told))
    return line


def bullet(mark: str, text: str, width: int = 0) -> list[Content]:
    """`  · text` as lines of `width` columns (0: one line, the widget wraps it), a text
    that does not fit going on under itself, not under the mark."""
    lead = f"  {mark} "
    room = width - len(lead)
    if room < 16:
        return [Content.assemble((lead, "$text-muted"), text)]
    import textwrap

    parts = textwrap.wrap(text, room, break_on_hyphens=False) or [""]
    return [Content.assemble((lead, "$text-muted"), parts[0])] + [Content(" " * len(lead) + part) for part in parts[1:]]


def tip_lines(tip: Tip | None, width: int = 0) -> list[Content]:
    """This week's tip for the weakest pillar: its title, then its one action."""
    if tip is None:
        return []
    return [Content.assemble("tip ", (visible(tip.title), "bold")), *bullet("→", visible(tip.action), width)]


def coaching_lines(view: ClientView, tip: Tip | None, width: int = 0) -> list[Content]:
    """The weakest pillar with its score and evidence, then this week's tip for it."""
    lines = [weakest_line(view)]
    for line in view.weakest_evidence:
        lines += bullet("·", line, width)
    return lines + tip_lines(tip, width)


def commitment_lines(view: ClientView, commitment: CurrentCommitment | None) -> list[Content]:
    """This week's commitment, when it is for this client."""
    if commitment is None or commitment.commitment.client_id != view.client.id:
        return []
    c = commitment.commitment
    kept = " · kept ✓" if c.kept else ""
    return [Content.assemble(("This week: ", "bold $text-accent"), visible(c.text), kept)]


def detail_lines(
    view: ClientView,
    today: date,
    currency: str = DEFAULT_CURRENCY,
    *,
    tip: Tip | None = None,
    notes: ClientNotes | None = None,
    commitment: CurrentCommitment | None = None,
    compact: bool = False,
    width: int = 0,
) -> list[Content]:
    """The pane's text, line by line: its sections one after the other, a blank line between
    them.

    `compact` (under the table, where lines are long and few): one line after the other, and
    only what the row above it does not already say (no next due, consistency or cards), the
    most telling first: the status and why, the last value-add, the weakest pillar with its
    evidence, the tip, the commitment, the sponsor and the plan.

    `width`: the pane's, so that the evidence and the tip's action wrap under themselves (0:
    not known yet, the widget wraps them).
    """
    who = who_lines(view, today, currency, notes)
    if compact:
        lines = [who[0] + Content(" · ") + who[1], status_line(view, today)]
        if (last := last_line(view, today, notes)) is not None:
            lines.append(last)
        lines.append(weakest_line(view, evidence=True))
        if tip is not None:
            lines.append(Content.assemble("tip ", (visible(tip.title), "bold"), f": {visible(tip.action)}"))
        lines.extend(commitment_lines(view, commitment))
        lines.append(who[2])
        # Then the rest of the rhythm, which the row says too (seen when `i` gives the room):
        # the lines after the status and the last value-add.
        rest = rhythm_lines(view, today, notes)[1 if last is None else 2 :]
        lines.append(Content(" · ").join(rest))
        return lines
    sections = [who + commitment_lines(view, commitment), rhythm_lines(view, today, notes), coaching_lines(view, tip, width)]
    out: list[Content] = []
    for lines in sections:
        if lines:
            out += [Content(""), *lines] if out else lines
    return out


class Shown(NamedTuple):
    """What the pane shows, to tell whether a new call changes anything."""

    view: ClientView
    today: date
    currency: str
    tip: Tip | None
    notes: ClientNotes | None
    commitment: CurrentCommitment | None
    compact: bool
    width: int

    def same(self, other: Shown) -> bool:
        return all(a is b or a == b for a, b in zip(self, other, strict=True))


class ClientBrief(Widget):
    """The detail pane of the client under the cursor (`#brief` on the dashboard).

    Its size is fixed by its stylesheet (a width beside the table, a height under it), so a
    new client changes what it says, never its size: no layout of the screen follows a
    cursor move.

    A cursor move must paint within a frame, so the pane draws its lines itself (Textual's
    line API, `render_line`) and repaints only the rows whose text changed: the blank lines
    between sections, a tip or an evidence line shared with the last client, the rows past
    the end of the text cost nothing, and the client's notes arriving after the cursor rests
    repaint the one or two lines they change. Each line of text is rendered once for the
    pane's width and kept (`_rendered`), so moving back to a client (or to one with the same
    tip) renders none of its lines again; a new theme or width starts afresh. While text is
    selected with the mouse the pane renders the whole text at once, as a Static would, so
    the selection shows.

    Text taller than the pane (under the table at 80x24) scrolls from the keyboard while the
    table keeps the focus (the dashboard's `J`/`K`: `scroll_pages`): the pane shows its lines
    from `first_line`, back to the top for each new client.
    """

    KEPT_LINES = 4000  # rendered lines kept for reuse; past that the store starts afresh
    KEPT_TEXTS = 8  # the texts of the last clients shown, kept for a move back to one

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: Shown | None = None
        self.content = Content("")  # the whole text (one line per line of the pane)
        self.first_line = 0  # the first line of the wrapped text shown (0: the top)
        self._text_lines: list[Content] = []  # the text's lines, before wrapping
        self._strips: list[Strip] | None = None  # the text rendered at the pane's width
        self._painted: list[Strip] = []  # what the pane's rows show now, from first_line
        self._rendered: dict[tuple[str, tuple[Span, ...]], list[Strip]] = {}
        self._rendered_width = -1
        self._recent: list[tuple[Shown, list[Content]]] = []

    # -- rendering ---------------------------------------------------------------------------
    def _render_text(self) -> list[Strip]:
        """The text as strips of the pane's width, a line rendered (and wrapped) once for
        this width and theme."""
        if self._strips is not None:
            return self._strips
        width = self.content_size.width
        if width <= 0:
            return []
        style = self.visual_style
        if self.text_selection is not None:
            # The selection is given in lines of the whole text: render it whole, as a Static.
            self._strips = Visual.to_strips(self, self.content, width, None, style)
            return self._strips
        if width != self._rendered_width or len(self._rendered) > self.KEPT_LINES:
            self._rendered.clear()
            self._rendered_width = width
        rendered = self._rendered
        strips: list[Strip] = []
        for line in self._text_lines:
            key = (line.plain, tuple(line.spans))
            done = rendered.get(key)
            if done is None:
                done = rendered[key] = Visual.to_strips(self, line, width, None, style)
            strips.extend(done)
        self._strips = strips
        return strips

    def _rows(self) -> list[Strip]:
        """What each row of the pane shows now (the text from `first_line`)."""
        return self._render_text()[self.first_line : self.first_line + self.content_size.height]

    def render_line(self, y: int) -> Strip:
        rows = self._rows()
        if y < len(rows):
            return rows[y]
        return Strip.blank(self.content_size.width, self.visual_style.rich_style)

    def _repaint(self) -> None:
        """Repaint the rows whose strips changed since the last paint (all of them if the
        pane has not painted yet)."""
        if not self.is_mounted or self.content_size.width <= 0:
            self.refresh()
            return
        width = self.content_size.width
        before, after = self._painted, self._rows()
        self._painted = after
        changed = [
            y
            for y in range(max(len(before), len(after)))
            if y >= len(before) or y >= len(after) or not (before[y] is after[y] or before[y] == after[y])
        ]
        # One region a run of changed rows.
        runs: list[list[int]] = []
        for y in changed:
            if runs and runs[-1][1] == y:
                runs[-1][1] = y + 1
            else:
                runs.append([y, y + 1])
        for start, stop in runs:
            self.refresh(Region(0, start, width, stop - start))

    def _set_text(self, lines: list[Content]) -> None:
        self._text_lines = lines
        self.content = Content("\n").join(lines)
        self._strips = None
        self._repaint()

    def notify_style_update(self) -> None:
        """A new theme or class: the colours of every line rendered change."""
        super().notify_style_update()
        self._rendered.clear()
        self._strips = None
        self._painted = []

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips = None
        self._painted = []
        super().selection_updated(selection)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self.content.plain), "\n"

    # -- scrolling ---------------------------------------------------------------------------
    def wrapped_lines(self) -> list[Content]:
        """The text as wrapped in the pane, line by line."""
        return self.content.wrap(max(1, self.content_size.width))

    def scroll_pages(self, step: int) -> None:
        """Scroll `step` pages down (up when negative), a page being the pane's height less a
        line, so the last line read stays in view; never past the end of the text."""
        height = self.content_size.height
        page = max(1, height - 1)
        last = max(0, len(self._render_text()) - height)
        first = min(last, max(0, self.first_line + step * page))
        if first != self.first_line:
            self.first_line = first
            self._repaint()

    def on_resize(self) -> None:
        """A pane of a new width wraps the evidence and the tip at it; one given more room
        (`i`) keeps no blank rows under its text."""
        self._strips = None
        self._painted = []
        if self._shown is not None and self._shown.width != self.content_size.width:
            first = self.first_line
            self.redraw()
            self.first_line = first
        if self.first_line:
            self.first_line = min(self.first_line, max(0, len(self._render_text()) - self.content_size.height))
        self.refresh()

    # -- what it shows -----------------------------------------------------------------------
    def show(
        self,
        view: ClientView | None,
        today: date,
        currency: str = DEFAULT_CURRENCY,
        *,
        tip: Tip | None = None,
        notes: ClientNotes | None = None,
        commitment: CurrentCommitment | None = None,
    ) -> None:
        if view is None:
            # No client under the cursor (a filter that matches none): the pane stays, blank,
            # so the table keeps its width.
            if self._shown is not None:
                self._shown = None
                self.first_line = 0
                self._set_text([])
            return
        if not self.display:
            self.display = True  # hidden until the first client (dashboard.tcss)
        if notes is not None and notes.client_id != view.client.id:
            notes = None
        width = self.content_size.width
        shown = Shown(view, today, currency, tip, notes, commitment, self.has_class("-below"), width)
        if self._shown is not None and self._shown.same(shown):
            return
        self._shown = shown
        self.first_line = 0
        # The text of the last few clients shown is kept with what it was made from: up and
        # down between neighbours builds none of it again.
        lines = next((text for made, text in self._recent if made.same(shown)), None)
        if lines is None:
            lines = detail_lines(
                view, today, currency, tip=tip, notes=notes, commitment=commitment, compact=shown.compact, width=width
            )
            self._recent = [(shown, lines), *self._recent[: self.KEPT_TEXTS - 1]]
        self._set_text(lines)

    def redraw(self) -> None:
        """Show the same client again (after the pane moved beside or under the table)."""
        if (shown := self._shown) is not None:
            self._shown = None
            self.show(shown.view, shown.today, shown.currency, tip=shown.tip, notes=shown.notes, commitment=shown.commitment)


__all__ = ["ClientBrief", "detail_lines"]
