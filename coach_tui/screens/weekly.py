"""The weekly coaching screen: the method's weekly prompt, and the place to reopen it any time.

It shows the portfolio's weakest pillar with the evidence behind its score, this week's tip for
that pillar, the most overdue clients, last week's commitment with "kept?", a one-line
commitment for this week, and a five-pillar self-assessment.

Everything the user enters is stored the moment it is entered: a score on each key press, the
kept answer on `y`/`n`, the commitment on Enter, when focus leaves the field, and when the
screen closes. `t` turns the tip's action into this week's commitment for a named client (a
small form: the client is pre-filled, the line editable). "Not kept" (`n`) asks what got in
the way, kept with last week's commitment, and offers to carry it over into this week.

Dismissing the screen never loses input (if a write fails, the screen says so and asks for a
second `esc` before closing with an unsaved line), and reopening it the same week shows what
was written, the same tip included.

The screen reflects every answer at once: the portfolio's pillar scores are shown with the
self-assessment beside them (never blended in), a score given moves its "you" column on the
key press, and the scores are read again after each answer (a kept commitment counts in
Lead). The week's tip stays the one first shown (`coach.weekly.open()` keeps it fixed).

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
from ..domain.models import PILLAR_SHORT, PILLAR_TITLES, PILLARS, Commitment
from ..domain.validation import COMMITMENT_LIMIT
from ..services import Agenda, Coach, WeekData
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
        Binding("escape", "close", "Close", tooltip="Close the weekly coaching (what you entered is already saved)"),
        Binding("y", "kept(True)", "Kept", tooltip="Last week's commitment was kept"),
        # The panel shows "Yes y / No n"; the footer names only `y` to leave room at 80 columns.
        Binding("n", "kept(False)", "Not kept", show=False, tooltip="Last week's commitment was not kept"),
        Binding("c", "commit", "Commit", tooltip="Write this week's commitment (Enter saves it)"),
        Binding("t", "commit_tip", "Tip → commit", tooltip="Make the tip's action this week's commitment for a client"),
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
        self._agenda: Agenda = data.agenda  # the scores as last read: after each answer, read again
        self._commitment: Commitment | None = data.commitment

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
        with Vertical(id="weakest", classes="panel") as panel:
            panel.border_title = "Weakest pillar"
            yield Static(id="weakest-name")
            yield Static(id="weakest-evidence")
            yield Static(id="pillar-scores")

    def _show_weakest(self) -> None:
        """The weakest pillar with its evidence, and the five pillars: the portfolio's score
        and, beside it, this week's self-assessment (as answered on this screen at once)."""
        agenda = self._agenda
        name = self.query_one("#weakest-name", Static)
        evidence = self.query_one("#weakest-evidence", Static)
        if agenda.weakest is None:
            name.update(Content.styled("No evidence yet: add a client and what you know of it.", "$foreground-muted"))
            evidence.display = False
        else:
            score = agenda.portfolio[agenda.weakest]
            points = score.score or 0
            name.update(
                Content.assemble(
                    (PILLAR_TITLES[agenda.weakest], "bold"),
                    ("  ", ""),
                    (f"{points}/100", "$text-warning" if points < 50 else "$text-success"),
                )
            )
            lines = [Content.assemble(("• ", "$foreground-muted"), line) for line in score.evidence]
            evidence.update(Content("\n").join(lines))
            evidence.display = True
        mine = self.query_one(PillarScale).scores
        rows = [Content.styled(f"{'':<11}{'clients':>8}{'you':>7}", "$foreground-muted")]
        for pillar in PILLARS:
            points_or_none = agenda.portfolio[pillar].score if pillar in agenda.portfolio else None
            you = mine.get(pillar)
            rows.append(
                Content.assemble(
                    (f"{PILLAR_SHORT[pillar]:<11}", "bold" if pillar == agenda.weakest else ""),
                    (f"{'—' if points_or_none is None else points_or_none:>8}", ""),
                    (f"{'·' if you is None else f'{you}/5':>7}", "$text-accent" if you is not None else "$foreground-muted"),
                    ("  ◂ weakest" if pillar == agenda.weakest else "", "$text-warning"),
                )
            )
        self.query_one("#pillar-scores", Static).update(Content("\n").join(rows))

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
            yield Static(id="last-about")
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
            yield Static(id="commitment-about")
            yield Static(id="commitment-state")

    def _compose_assessment(self) -> ComposeResult:
        with Vertical(id="assessment", classes="panel") as panel:
            panel.border_title = "Self-assessment: 1 (weak) to 5 (strong)"
            yield PillarScale(self.data.scores, self.data.last_scores, self.data.last_label, id="scale")
            yield Static(id="scale-question")

    def on_mount(self) -> None:
        self._show_weakest()
        self._show_kept()
        self._show_commitment_about()
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
        about = self.query_one("#last-about", Static)
        parts = self._about(self._last)
        if self._last.kept is False:
            way = self._last.obstacle
            parts.append(f"in the way: {visible(way)}" if way else "what got in the way? n to say")
        about.update(Content.styled(" · ".join(parts), "$foreground-muted"))
        about.display = bool(parts)

    def _about(self, commitment: Commitment | None) -> list[str]:
        """What a commitment is tied to: its client, its tip, carried over."""
        if commitment is None:
            return []
        parts = []
        name = self.data.client_name(commitment.client_id)
        if name:
            parts.append(f"for {visible(name)}")
        if commitment.tip_id:
            parts.append("from the tip" if self.data.tip is None or commitment.tip_id == self.data.tip.id else "from a tip")
        if commitment.carried:
            parts.append("carried over")
        return parts

    def _show_commitment_about(self) -> None:
        about = self.query_one("#commitment-about", Static)
        commitment = self._commitment
        parts = self._about(commitment) if commitment is not None and commitment.text else []
        if not parts and self.data.tip is not None:
            parts = ["t: make the tip's action your commitment"]
        about.update(Content.styled(" · ".join(parts), "$foreground-muted"))
        about.display = bool(parts)

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
        saved = await change(self, self.coach.weekly.save_commitment, self.data.week, text)
        if saved is None:
            self._saved_text = before
            return False
        self._commitment = saved
        self._show_commitment_about()
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
        self._show_weakest()  # the "you" column moves at once
        self._save_scores(dict(self._answered))

    @work(group="weekly-save")
    async def _save_scores(self, scores: dict[str, int]) -> None:
        if await change(self, self.coach.weekly.save_assessment, self.data.week, scores) is not None:
            await self._reread_scores()

    async def _reread_scores(self) -> None:
        """Read the portfolio's scores again after an answer and show them."""
        agenda = await fetch(self, self.coach.portfolio.agenda)
        if agenda is not None:
            self._agenda = agenda
            self._show_weakest()

    @on(PillarScale.Highlighted)
    def _highlighted(self, message: PillarScale.Highlighted) -> None:
        self._show_question(message.pillar)

    @on(Button.Pressed, "#kept, #not-kept")
    def _kept_pressed(self, event: Button.Pressed) -> None:
        self.action_kept(event.button.id == "kept")

    # -- actions ----------------------------------------------------------------------------------
    def action_kept(self, kept: bool) -> None:
        """Answer "kept?" for last week's commitment; "not kept" then asks what got in the way
        and offers to carry it over."""
        if self._last is None or not self._last.text:
            self.notify("No commitment was written last week.", severity="warning")
            return
        self._save_kept(kept)

    @work(group="weekly-save")
    async def _save_kept(self, kept: bool) -> None:
        last = self._last
        assert last is not None
        saved = await change(self, partial(self.coach.weekly.save_commitment, last.week, kept=kept))
        if saved is None:
            return
        self._last = saved
        self._show_kept()
        await self._reread_scores()  # a kept commitment counts in Lead
        if not kept:
            await self.save_commitment()  # a line typed here decides whether carrying is offered
            await self._ask_what_got_in_the_way(saved)

    async def _ask_what_got_in_the_way(self, last: Commitment) -> None:
        from .weekly_forms import FollowUp, NotKeptForm

        this = self._commitment
        can_carry = this is None or not this.text.strip()

        def answered(result: FollowUp | None) -> None:
            if result is None:
                return
            self._last = result.last
            self._show_kept()
            if result.carried is not None:
                self._set_commitment(result.carried)

        await self.app.push_screen(NotKeptForm(self.coach, last, self.data.week, can_carry), answered)

    def _set_commitment(self, commitment: Commitment) -> None:
        """Show a commitment stored elsewhere (a form) as this week's."""
        self._commitment = commitment
        self._saved_text = commitment.text
        field = self.query_one("#commitment-input", Input)
        with field.prevent(Input.Changed):
            field.value = commitment.text
        self._show_commitment_about()
        self._show_commitment_state(just_saved=True)

    def action_commit_tip(self) -> None:
        """This week's commitment from the tip's action, for a named client."""
        if self.data.tip is None:
            self.notify("There is no tip this week to commit to.", severity="warning")
            return
        self._commit_tip()

    @work(group="weekly-save")
    async def _commit_tip(self) -> None:
        from .weekly_forms import TipCommitmentForm

        await self.save_commitment()  # a line being typed is kept first, then replaced if saved

        def saved(commitment: Commitment | None) -> None:
            if commitment is not None:
                self._set_commitment(commitment)

        await self.app.push_screen(TipCommitmentForm(self.coach, self.data), saved)

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
