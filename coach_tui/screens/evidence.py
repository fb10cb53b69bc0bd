"""Why a pillar scores what it does: the pillar, its score and every signal behind it.

Opened from the pillar bars of a board with enter (or a click). The score line says how the
pillar stands against the client's weakest pillar ("weakest pillar", or "weakest: Lead 0");
each signal shows its grade and its evidence line, the signal that does not apply shows `—`,
and the pillar's lowest signal is marked: on the weakest pillar it is the **failing signal**
the coaching aims at. A pillar with no signal that applies shows `—` and "no evidence yet".
Read-only: escape or enter closes it (q quits coach, as everywhere).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..domain.models import PILLAR_SHORT, PILLAR_TITLES
from ..domain.pillars import PillarScore, Signal
from ..textsafe import visible
from ..widgets.pillar_bars import bar
from .keys import HELP, QUIT

BAR_WIDTH = 30
GRADE_WIDTH = 4  # " 100" before each signal's evidence


def signal_line(signal: Signal, failing: bool, weakest: bool) -> Content:
    """A signal's grade (— when it does not apply) and its evidence; the pillar's lowest
    signal is marked (as the failing signal on the weakest pillar)."""
    if signal.points is None:
        grade = Content.styled(f"{'—':>{GRADE_WIDTH}}  ", "$text-muted")
        evidence = Content.styled(signal.evidence, "$text-muted")
    else:
        style = "bold $text-error" if failing else ("$text-warning" if signal.points < 50 else "$text-success")
        grade = Content.styled(f"{round(signal.points):>{GRADE_WIDTH}}  ", style)
        evidence = Content(signal.evidence)
    line = grade + evidence
    if failing:
        line += Content.styled("  ◀ failing signal" if weakest else "  ◀ lowest", "bold $text-error")
    return line


class EvidenceScreen(ModalScreen[None]):
    """The evidence behind one pillar score. `weakest_score` is the client's weakest pillar
    (to compare with, when this one is not it)."""

    CSS_PATH = "evidence.tcss"

    BINDINGS = [Binding("escape,enter", "close", "Close"), HELP, QUIT]

    def __init__(
        self, score: PillarScore, *, weakest: bool = False, client_name: str = "", weakest_score: PillarScore | None = None
    ) -> None:
        super().__init__()
        self.score = score
        self.weakest = weakest
        self.client_name = client_name
        self.weakest_score = weakest_score

    def headline(self) -> Content:
        """`83/100 ━━━━  weakest: Lead 0`, or `0/100 ━━━━  ▼ weakest pillar`."""
        score = self.score
        fill = "$error" if self.weakest else "$accent"
        shown = "—" if score.score is None else f"{score.score}"
        line = Content.assemble((shown, "bold"), ("/100  ", "$text-muted"), bar(score.score, BAR_WIDTH, fill))
        if score.score is None:
            line += Content.styled("  no evidence yet", "$text-muted")
        if self.weakest:
            line += Content.styled("  ▼ weakest pillar", "bold $text-error")
        elif self.weakest_score is not None and self.weakest_score.score is not None:
            other = self.weakest_score
            line += Content.assemble(
                ("  weakest: ", "$text-muted"), (f"{PILLAR_SHORT[other.pillar]} {other.score}", "$text-error")
            )
        return line

    def lines(self) -> Content:
        """One line per signal (grade and evidence); a score without signals shows its
        evidence lines as they are."""
        score = self.score
        if not score.signals:
            return Content("\n").join(Content.assemble(("• ", "$text-accent"), line) for line in score.evidence)
        failing = score.failing
        return Content("\n").join(
            signal_line(s, failing is not None and s.name == failing.name, self.weakest) for s in score.signals
        )

    def compose(self) -> ComposeResult:
        score = self.score
        with Vertical(id="evidence-dialog", classes="weakest" if self.weakest else ""):
            yield Label(Content(PILLAR_TITLES[score.pillar]), id="evidence-title")
            if self.client_name:
                # The client name is user text: Content, never markup.
                yield Label(Content(visible(self.client_name)), id="evidence-client")
            yield Static(self.headline(), id="evidence-score")
            yield Label("Why this score", classes="evidence-heading")
            yield Static(self.lines(), id="evidence-lines")
            yield Static(Content.styled("esc close · q quit", "$text-muted"), id="evidence-hint")

    def action_close(self) -> None:
        self.dismiss(None)
