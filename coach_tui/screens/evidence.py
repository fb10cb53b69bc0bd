"""Why a pillar scores what it does: the pillar, its score and every evidence line behind it.

Opened from the pillar bars of a board with enter (or a click). Read-only: any of escape,
enter or q closes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..domain.models import PILLAR_TITLES
from ..domain.pillars import PillarScore
from ..textsafe import visible
from ..widgets.pillar_bars import bar

BAR_WIDTH = 30


class EvidenceScreen(ModalScreen[None]):
    """The evidence behind one pillar score."""

    CSS_PATH = "evidence.tcss"

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, score: PillarScore, *, weakest: bool = False, client_name: str = "") -> None:
        super().__init__()
        self.score = score
        self.weakest = weakest
        self.client_name = client_name

    def compose(self) -> ComposeResult:
        score = self.score
        with Vertical(id="evidence-dialog", classes="weakest" if self.weakest else ""):
            yield Label(Content(PILLAR_TITLES[score.pillar]), id="evidence-title")
            if self.client_name:
                # The client name is user text: Content, never markup.
                yield Label(Content(visible(self.client_name)), id="evidence-client")
            fill = "$error" if self.weakest else "$accent"
            shown = "—" if score.score is None else f"{score.score}"
            headline = Content.assemble((shown, "bold"), ("/100  ", "$text-muted"), bar(score.score, BAR_WIDTH, fill))
            if self.weakest:
                headline += Content.styled("  weakest pillar", "bold $text-error")
            yield Static(headline, id="evidence-score")
            yield Label("Why this score", classes="evidence-heading")
            lines = [Content.assemble(("• ", "$text-accent"), line) for line in score.evidence]
            yield Static(Content("\n").join(lines), id="evidence-lines")
            yield Static(Content.styled("esc close", "$text-muted"), id="evidence-hint")

    def action_close(self) -> None:
        self.dismiss(None)
