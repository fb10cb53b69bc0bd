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

The app reads the week (`coach.weekly.open()`, which also records what the coaching shows) in
the background and pushes this screen with it, on the first launch of a week and on `w`; the
screen itself neither knows nor cares how it was opened. Every answer is written in the
background, in the order given.
"""

from __future__ import annotations

from functools import partial

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from ..domain.dates import format_date
from ..domain.models import PILLAR_TITLES, PILLARS
from ..domain.validation import COMMITMENT_LIMIT
from ..services import Coach, WeekData
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.pillar_scale import PillarScale
from .calls import change, fetch

# How many overdue clients the prompt names: enough to act on this week, few enough to act on.
OVERDUE_SHOWN = 3

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


class WeeklyScreen(Screen[None]):
    """The weekly coaching prompt."""

    CSS_PATH = ["weekly.tcss", "../widgets/pillar_scale.tcss", "../widgets/app_footer.tcss"]

    BINDINGS = [
        Binding("escape,q", "close", "Close", tooltip="Close the weekly coaching (what you entered is already saved)"),
        Binding("y", "kept(True)", "Kept", tooltip="Last week's commitment was kept"),
        # The panel shows "Yes y / No n"; the footer names only `y` to leave room at 80 columns.
        Binding("n", "kept(False)", "Not kept", show=False, tooltip="Last week's commitment was not kept"),
        Binding("c", "commit", "Commit", tooltip="Write this week's commitment (Enter saves it)"),
        Binding("a", "assess", "Assess", show=False, tooltip="Go to the self-assessment: ↑↓ or j/k pick a pillar, 1-5 score it"),
        Binding("h", "history", "History", tooltip="Past weeks: commitments kept and the self-assessment chart"),
    ]

    def __init__(self, coach: Coach, data: WeekData) -> None:
        super().__init__()
        self.coach = coach
        self.data = data
        self._last = self.data.last_commitment
        self._saved_text = self.data.commitment.text if self.data.commitment else ""
        self._close_unsaved = False  # a second escape closes even if the commitment can't be saved
        self._answered: dict[str, int] = {}  # the self-assessment answers given on this screen

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        d = self.data
        week = format_date(d.week, d.today, relative=False)
        yield Static(Content.assemble(("Weekly coaching", "bold"), f" · week of {week}"), id="weekly-title")
        with VerticalScroll(id="weekly-body", can_focus=False), Horizontal(id="weekly-columns"):
            with Vertical(id="coaching-column", classes="column"):
                yield from self._compose_weakest()
                yield from self._compose_tip()
                yield from self._compose_overdue()
            with Vertical(id="week-column", classes="column"):
                yield from self._compose_last_commitment()
                yield from self._compose_commitment()
                yield from self._compose_assessment()
        yield AppFooter()

    def _compose_weakest(self) -> ComposeResult:
        agenda = self.data.agenda
        with Vertical(id="weakest", classes="panel") as panel:
            panel.border_title = "Weakest pillar"
            if agenda.weakest is None:
                yield Static(Content.styled("No evidence yet: add a client and what you know of it.", "$foreground-muted"))
                return
            score = agenda.portfolio[agenda.weakest]
            points = score.score or 0
            yield Static(
                Content.assemble(
                    (PILLAR_TITLES[agenda.weakest], "bold"),
                    ("  ", ""),
                    (f"{points}/100", "$text-warning" if points < 50 else "$text-success"),
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
                        (f"{days:>3} day{'s' if days != 1 else ' '} over  ", "bold $text-error"), visible(view.client.name)
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
        state = {
            True: ("✓ kept", "bold $text-success"),
            False: ("✗ not kept", "bold $text-error"),
            None: ("not answered", "$foreground-muted"),
        }
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
    @property
    def commitment_pending(self) -> bool:
        return self.query_one("#commitment-input", Input).value.strip() != self._saved_text

    async def save_commitment(self) -> bool:
        """Store this week's commitment if it changed; True when something was written. What
        the user typed stays in the field whatever happens; a failed write says so."""
        text = self.query_one("#commitment-input", Input).value.strip()
        if text == self._saved_text:
            return False
        before, self._saved_text = self._saved_text, text  # a second save meanwhile has nothing to do
        if await change(self, self.coach.weekly.save_commitment, self.data.week, text) is None:
            self._saved_text = before
            return False
        return True

    @on(Input.Submitted, "#commitment-input")
    def _commitment_submitted(self) -> None:
        self._submit_commitment()
        # On to the assessment: Enter is also "done with this field".
        self.query_one(PillarScale).focus()

    @work(group="weekly-save")
    async def _submit_commitment(self) -> None:
        await self.save_commitment()
        self._show_commitment_state(just_saved=True)

    @on(Input.Blurred, "#commitment-input")
    def _commitment_left(self) -> None:
        self._leave_commitment()

    @work(group="weekly-save")
    async def _leave_commitment(self) -> None:
        if await self.save_commitment():
            self._show_commitment_state(just_saved=True)

    @on(Input.Changed, "#commitment-input")
    def _commitment_typed(self) -> None:
        self._show_commitment_state()

    @on(PillarScale.Scored)
    def _scored(self, message: PillarScale.Scored) -> None:
        # Every answer given on this screen each time, so a write that failed is retried by the
        # next one; not the answers it opened with, which may have changed elsewhere since.
        self._answered[message.pillar] = message.score
        self._save_scores(dict(self._answered))

    @work(group="weekly-save")
    async def _save_scores(self, scores: dict[str, int]) -> None:
        await change(self, self.coach.weekly.save_assessment, self.data.week, scores)

    @on(PillarScale.Highlighted)
    def _highlighted(self, message: PillarScale.Highlighted) -> None:
        self._show_question(message.pillar)

    @on(Button.Pressed, "#kept, #not-kept")
    def _kept_pressed(self, event: Button.Pressed) -> None:
        self.action_kept(event.button.id == "kept")

    # -- actions ----------------------------------------------------------------------------------
    def action_kept(self, kept: bool) -> None:
        """Answer "kept?" for last week's commitment."""
        if self._last is None or not self._last.text:
            self.notify("No commitment was written last week.", severity="warning")
            return
        self._save_kept(kept)

    @work(group="weekly-save")
    async def _save_kept(self, kept: bool) -> None:
        last = self._last
        assert last is not None
        saved = await change(self, partial(self.coach.weekly.save_commitment, last.week, kept=kept))
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
        self._open_history()

    @work(group="weekly-save")
    async def _open_history(self) -> None:
        from .weekly_history import WeeklyHistoryScreen

        await self.save_commitment()
        history = await fetch(self, self.coach.weekly.history)
        if history is not None:
            await self.app.push_screen(WeeklyHistoryScreen(history))

    def action_close(self) -> None:
        self._close()

    @work(group="weekly-save")
    async def _close(self) -> None:
        await self.save_commitment()
        if self.commitment_pending and not self._close_unsaved:
            # Closing would lose the line: stay, so the user can copy it or try again.
            self._close_unsaved = True
            self.notify("Your commitment is not saved yet; press esc again to close without it.", severity="warning")
            return
        self.dismiss()


__all__ = ["WeeklyScreen", "PILLAR_QUESTIONS"]
