"""The weekly coaching screen: the method's weekly prompt, and the place to reopen it any time.

It shows the portfolio's weakest pillar with the evidence behind its score, this week's tip for
that pillar, the most overdue clients, last week's commitment with "kept?", a one-line
commitment for this week, and a five-pillar self-assessment.

Everything the user enters is stored the moment it is entered: a score on each key press, the
kept answer on `y`/`n`, the commitment on Enter, when focus leaves the field, and when the
screen closes. Dismissing the screen never loses input (if a write fails, the screen says so
and asks for a second `esc` before closing with an unsaved line), and reopening it the same
week shows what was written, the same tip included (`choose_tip` keeps a week's choice stable
once it is recorded).

The weakest pillar and its evidence are read when the screen opens; scoring the self-assessment
moves the scores (they blend it in), and the next opening shows the result.

The app pushes this screen on the first launch of a week (and `w` reopens it); the screen
itself neither knows nor cares how it was opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from ..coaching.schedule import first_weekday as schedule_first_weekday
from ..coaching.schedule import previous_week, week_of
from ..coaching.tips import Tip, TipLibraryError, choose_tip
from ..domain.dates import format_date
from ..domain.errors import InputError
from ..domain.models import PILLAR_SHORT, PILLAR_TITLES, PILLARS, Commitment
from ..messages import DataChanged
from ..services import Agenda, Coach
from ..store.errors import StoreError
from ..store.store import Snapshot
from ..textsafe import visible

# How many overdue clients the prompt names: enough to act on this week, few enough to act on.
OVERDUE_SHOWN = 3
SCALE = 5
COMMITMENT_LIMIT = 300  # what services.save_commitment accepts

# The question each pillar asks of the account manager, in a line that fits an 80-column screen.
PILLAR_QUESTIONS: dict[str, str] = {
    "recognize": "Do I know where each client could grow with us, and why it matters to them?",
    "lead": "Do my leaders and I model the commitment we ask for? Is a sponsor engaged?",
    "strategy": "Is there a written plan per client, and have the team and the client heard it?",
    "tactics": "Does the plan turn into work done on time and reported back?",
    "value": "Do we bring each client something relevant to their problems, on a steady rhythm?",
}

# Narrower than this, the two columns stack and the screen scrolls.
TWO_COLUMNS_FROM = 100

T = TypeVar("T")


def first_weekday(snapshot: Snapshot) -> int:
    """The user's first day of the week (see coaching.schedule.first_weekday)."""
    return schedule_first_weekday(snapshot.settings)


@dataclass(frozen=True)
class WeekData:
    """What the screen shows, read once when it opens."""

    today: date
    week: date
    agenda: Agenda
    tip: Tip | None  # None when the tip library can't be used (tip_problem says why)
    tip_problem: str
    scores: dict[str, int]  # this week's self-assessment so far
    last_scores: dict[str, int]  # the latest earlier self-assessment, as a reminder...
    last_label: str  # ...and when it was: "last week", or "on Nov 2"
    last_commitment: Commitment | None
    commitment: Commitment | None


def load_week(coach: Coach) -> WeekData:
    """Read the week's coaching, and record the portfolio tip as shown this week."""
    snapshot = coach.snapshot()
    today = coach.today()
    week = week_of(today, first_weekday(snapshot))
    agenda = coach.agenda(snapshot)
    tip: Tip | None = None
    problem = ""
    try:
        tip = choose_tip(agenda.weakest, snapshot.tips_shown, week, "portfolio")
    except (TipLibraryError, ValueError) as error:
        # A broken tip library must not keep the user from the rest of the weekly prompt.
        problem = str(error).splitlines()[0]
    try:
        coach.record_weekly(week, agenda.portfolio, tip.id if tip is not None else None)
    except StoreError:
        pass  # best effort: the screen shows all the same, and records on the next opening
    this = next((a for a in snapshot.assessments if a.week == week), None)
    earlier = [a for a in snapshot.assessments if a.week < week]
    last = max(earlier, key=lambda a: a.week) if earlier else None
    if last is None or last.week == previous_week(week):
        last_label = "last week"
    else:
        last_label = f"on {format_date(last.week, today, relative=False)}"
    commitments = {c.week: c for c in snapshot.commitments}
    return WeekData(
        today=today,
        week=week,
        agenda=agenda,
        tip=tip,
        tip_problem=problem,
        scores=dict(this.scores) if this else {},
        last_scores=dict(last.scores) if last else {},
        last_label=last_label,
        last_commitment=commitments.get(previous_week(week)),
        commitment=commitments.get(week),
    )


def meter(score: int | None) -> Content:
    """A five-cell meter, `███░░` for 3 of 5, all shade when not answered."""
    filled = score or 0
    return Content.assemble(("█" * filled, "$accent"), ("░" * (SCALE - filled), "$foreground-muted"))


class PillarScale(Widget, can_focus=True):
    """The five pillars with a 1 to 5 score each; keys 1 to 5 score the highlighted pillar.

    Posts `PillarScale.Scored` on every answer so the screen can store it at once.
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Pillar", show=False, tooltip="Previous pillar (or k)"),
        Binding("down", "move(1)", "Pillar", show=False, tooltip="Next pillar (or j)"),
        Binding("k", "move(-1)", "Previous pillar", show=False),
        Binding("j", "move(1)", "Next pillar", show=False),
        Binding("1", "score(1)", "Score", key_display="1-5", tooltip="Score the highlighted pillar: 1 weak to 5 strong"),
        Binding("2", "score(2)", "Score 2", show=False),
        Binding("3", "score(3)", "Score 3", show=False),
        Binding("4", "score(4)", "Score 4", show=False),
        Binding("5", "score(5)", "Score 5", show=False),
    ]

    COMPONENT_CLASSES = {"pillar-scale--cursor", "pillar-scale--cursor-blurred"}

    DEFAULT_CSS = """
    PillarScale {
        height: auto;
    }
    PillarScale > .pillar-scale--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    PillarScale > .pillar-scale--cursor-blurred {
        background: $boost;
        text-style: bold;
    }
    """

    cursor: reactive[int] = reactive(0)

    class Scored(Message):
        def __init__(self, pillar: str, score: int) -> None:
            super().__init__()
            self.pillar = pillar
            self.score = score

    class Highlighted(Message):
        def __init__(self, pillar: str) -> None:
            super().__init__()
            self.pillar = pillar

    def __init__(
        self, scores: dict[str, int], last: dict[str, int], last_label: str = "last week", *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.scores = {p: s for p, s in scores.items() if p in PILLARS}
        self.last = last
        self.last_label = last_label

    @property
    def pillar(self) -> str:
        return PILLARS[self.cursor]

    def render(self) -> Content:
        width = self.size.width
        cursor_style = self.get_visual_style(
            "pillar-scale--cursor" if self.has_focus else "pillar-scale--cursor-blurred"
        )
        lines = []
        for index, pillar in enumerate(PILLARS):
            here = index == self.cursor
            score = self.scores.get(pillar)
            before = self.last.get(pillar)
            line = Content.assemble(
                ("▸ " if here else "  ", "bold"),
                f"{PILLAR_SHORT[pillar]:<10} ",
                meter(score),
                f"  {score}" if score else "   ",
                (f"    {self.last_label} {before}" if before else "", "$foreground-muted"),
            )
            if here:
                line = line.extend_right(max(0, width - line.cell_length)).stylize(cursor_style)
            lines.append(line)
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(PILLARS)

    def watch_cursor(self) -> None:
        self.post_message(self.Highlighted(self.pillar))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(PILLARS):
            self.cursor = event.y

    def action_move(self, step: int) -> None:
        self.cursor = max(0, min(len(PILLARS) - 1, self.cursor + step))
        self.scroll_visible()

    def action_score(self, score: int) -> None:
        pillar = self.pillar
        self.scores[pillar] = score
        self.post_message(self.Scored(pillar, score))
        # Step on to the next pillar so five key presses answer the whole assessment.
        self.cursor = min(len(PILLARS) - 1, self.cursor + 1)
        self.refresh()
        self.scroll_visible()


class WeeklyScreen(Screen[None]):
    """The weekly coaching prompt."""

    CSS_PATH = "weekly.tcss"

    BINDINGS = [
        Binding("escape,q", "close", "Close", tooltip="Close the weekly coaching (what you entered is already saved)"),
        Binding("y", "kept(True)", "Kept", tooltip="Last week's commitment was kept"),
        # The panel shows "Yes y / No n"; the footer names only `y` to leave room at 80 columns.
        Binding("n", "kept(False)", "Not kept", show=False, tooltip="Last week's commitment was not kept"),
        Binding("c", "commit", "Commit", tooltip="Write this week's commitment (Enter saves it)"),
        Binding("a", "assess", "Assess", show=False, tooltip="Go to the self-assessment: ↑↓ or j/k pick a pillar, 1-5 score it"),
        Binding("h", "history", "History", tooltip="Past weeks: commitments kept and the self-assessment chart"),
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        self.data = load_week(coach)
        self._last = self.data.last_commitment
        self._saved_text = self.data.commitment.text if self.data.commitment else ""
        self._close_unsaved = False  # a second escape closes even if the commitment can't be saved

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        d = self.data
        week = format_date(d.week, d.today, relative=False)
        yield Static(
            Content.assemble(("Weekly coaching", "bold"), f" · week of {week}"),
            id="weekly-title",
        )
        with VerticalScroll(id="weekly-body", can_focus=False):
            with Horizontal(id="weekly-columns"):
                with Vertical(id="coaching-column", classes="column"):
                    yield from self._compose_weakest()
                    yield from self._compose_tip()
                    yield from self._compose_overdue()
                with Vertical(id="week-column", classes="column"):
                    yield from self._compose_last_commitment()
                    yield from self._compose_commitment()
                    yield from self._compose_assessment()
        yield Footer()

    def _compose_weakest(self) -> ComposeResult:
        agenda = self.data.agenda
        score = agenda.portfolio[agenda.weakest]
        with Vertical(id="weakest", classes="panel") as panel:
            panel.border_title = "Weakest pillar"
            yield Static(
                Content.assemble(
                    (PILLAR_TITLES[agenda.weakest], "bold"),
                    ("  ", ""),
                    (f"{score.score}/100", "$text-warning" if score.score < 50 else "$text-success"),
                ),
                id="weakest-name",
            )
            evidence = [Content.assemble(("• ", "$foreground-muted"), line) for line in score.evidence]
            yield Static(Content("\n").join(evidence), id="weakest-evidence")

    def _compose_tip(self) -> ComposeResult:
        tip = self.data.tip
        with Vertical(id="tip", classes="panel") as panel:
            panel.border_title = "This week's tip"
            if tip is None:
                yield Static(Content.styled(f"No tip this week: {self.data.tip_problem}", "$text-error"), id="tip-title")
                return
            yield Static(Content.styled(tip.title, "bold"), id="tip-title")
            yield Static(Content(tip.body), id="tip-body")
            yield Static(Content.assemble(("Do this week  ", "bold $accent"), tip.action), id="tip-action")
            yield Static(Content.assemble(("Ask yourself  ", "bold $accent"), (tip.question, "italic")), id="tip-question")

    def _compose_overdue(self) -> ComposeResult:
        overdue = self.data.agenda.overdue[:OVERDUE_SHOWN]
        with Vertical(id="overdue", classes="panel") as panel:
            panel.border_title = "Most overdue"
            if not overdue:
                yield Static(Content.styled("No client is overdue: the rhythm is holding.", "$text-success"), id="overdue-list")
                return
            lines = []
            for view in overdue:
                days = view.cadence.days_over
                lines.append(
                    Content.assemble(
                        (f"{days:>3} day{'s' if days != 1 else ' '} over  ", "bold $text-error"),
                        visible(view.client.name),
                    )
                )
            yield Static(Content("\n").join(lines), id="overdue-list")

    def _compose_last_commitment(self) -> ComposeResult:
        with Vertical(id="last-commitment", classes="panel") as panel:
            panel.border_title = "Last week's commitment"
            if self._last is None or not self._last.text:
                yield Static(Content.styled("No commitment was written last week.", "$foreground-muted"), id="last-text")
                return
            yield Static(Content(visible(self._last.text)), id="last-text")
            with Horizontal(id="kept-row"):
                yield Static("Kept?", id="kept-label")
                yield Button("Yes  y", id="kept", compact=True)
                yield Button("No  n", id="not-kept", compact=True)
                yield Static(id="kept-state")

    def _compose_commitment(self) -> ComposeResult:
        with Vertical(id="commitment", classes="panel") as panel:
            panel.border_title = "This week's commitment"
            yield Input(
                value=self._saved_text,
                placeholder="One thing you will do this week",
                max_length=COMMITMENT_LIMIT,
                id="commitment-input",
            )
            yield Static(id="commitment-state")

    def _compose_assessment(self) -> ComposeResult:
        with Vertical(id="assessment", classes="panel") as panel:
            panel.border_title = "Self-assessment: 1 (weak) to 5 (strong)"
            yield PillarScale(self.data.scores, self.data.last_scores, self.data.last_label, id="scale")
            yield Static(id="scale-question")

    def on_mount(self) -> None:
        self._show_kept()
        self._show_commitment_state()
        self._show_question(PILLARS[0])
        # Focus the assessment so the keys work at once, without scrolling the coaching away.
        self.query_one(PillarScale).focus(scroll_visible=False)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < TWO_COLUMNS_FROM, "-narrow")

    # -- showing state --------------------------------------------------------------------------
    def _show_kept(self) -> None:
        if self._last is None or not self._last.text:
            return
        state = {True: ("✓ kept", "bold $text-success"), False: ("✗ not kept", "bold $text-error"), None: ("not answered", "$foreground-muted")}
        text, style = state[self._last.kept]
        self.query_one("#kept-state", Static).update(Content.styled(text, style))

    def _show_commitment_state(self, just_saved: bool = False) -> None:
        typed = self.query_one("#commitment-input", Input).value.strip()
        if just_saved and typed:
            state = Content.styled("✓ saved", "$text-success")
        elif typed and typed == self._saved_text:
            state = Content.styled("saved · Enter to save changes", "$foreground-muted")
        else:
            state = Content.styled("Enter to save · kept as you leave the field", "$foreground-muted")
        self.query_one("#commitment-state", Static).update(state)

    def _show_question(self, pillar: str) -> None:
        self.query_one("#scale-question", Static).update(
            Content.assemble((PILLAR_TITLES[pillar], "bold"), "\n", (PILLAR_QUESTIONS[pillar], "$foreground-muted"))
        )

    # -- storing ----------------------------------------------------------------------------------
    def _store(self, write: Callable[[], T]) -> T | None:
        """Run one write. On failure (the store is busy or can't be written) say so and return
        None: what the user entered stays on screen, and the next write retries it."""
        try:
            result = write()
        except (InputError, StoreError) as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8)
            return None
        # The dashboard's scores read the self-assessment, the board the tip: let them reload.
        self.app.post_message(DataChanged())
        return result

    @property
    def commitment_pending(self) -> bool:
        return self.query_one("#commitment-input", Input).value.strip() != self._saved_text

    def save_commitment(self) -> bool:
        """Store this week's commitment if it changed; True when something was written."""
        text = self.query_one("#commitment-input", Input).value.strip()
        if text == self._saved_text:
            return False
        if self._store(lambda: self.coach.save_commitment(self.data.week, text)) is None:
            return False
        self._saved_text = text
        return True

    @on(Input.Submitted, "#commitment-input")
    def _commitment_submitted(self) -> None:
        self.save_commitment()
        self._show_commitment_state(just_saved=True)
        # On to the assessment: Enter is also "done with this field".
        self.query_one(PillarScale).focus()

    @on(Input.Blurred, "#commitment-input")
    def _commitment_left(self) -> None:
        if self.save_commitment():
            self._show_commitment_state(just_saved=True)

    @on(Input.Changed, "#commitment-input")
    def _commitment_typed(self) -> None:
        self._show_commitment_state()

    @on(PillarScale.Scored)
    def _scored(self, message: PillarScale.Scored) -> None:
        # The whole week's answers each time: a write that failed is retried by the next one.
        scores = dict(self.query_one(PillarScale).scores)
        self._store(lambda: self.coach.save_assessment(self.data.week, scores))

    @on(PillarScale.Highlighted)
    def _highlighted(self, message: PillarScale.Highlighted) -> None:
        self._show_question(message.pillar)

    @on(Button.Pressed, "#kept")
    def _kept_pressed(self) -> None:
        self.action_kept(True)

    @on(Button.Pressed, "#not-kept")
    def _not_kept_pressed(self) -> None:
        self.action_kept(False)

    # -- actions ----------------------------------------------------------------------------------
    def action_kept(self, kept: bool) -> None:
        """Answer "kept?" for last week's commitment."""
        if self._last is None or not self._last.text:
            self.notify("No commitment was written last week.", severity="warning")
            return
        last = self._last
        saved = self._store(lambda: self.coach.save_commitment(last.week, last.text, kept))
        if saved is not None:
            self._last = saved
            self._show_kept()

    def action_commit(self) -> None:
        self.query_one("#commitment-input", Input).focus()

    def action_assess(self) -> None:
        scale = self.query_one(PillarScale)
        scale.focus()
        # Already focused when the screen opens (without scrolling to it): bring the whole
        # panel into view, the pillar's question under the scale included.
        self.query_one("#assessment").scroll_visible()

    def action_history(self) -> None:
        from .weekly_history import WeeklyHistoryScreen

        self.save_commitment()
        self.app.push_screen(WeeklyHistoryScreen(self.coach))

    def action_close(self) -> None:
        self.save_commitment()
        if self.commitment_pending and not self._close_unsaved:
            # Closing would lose the line: stay, so the user can copy it or try again.
            self._close_unsaved = True
            self.notify("Your commitment is not saved yet; press esc again to close without it.", severity="warning")
            return
        self.dismiss()


__all__ = ["WeeklyScreen", "PillarScale", "WeekData", "load_week", "first_weekday", "PILLAR_QUESTIONS"]
