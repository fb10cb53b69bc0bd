"""The command palette's coach commands (ctrl+p): open any client's board by name, log a
delivery, add a client, import clients or people from a CRM's CSV export, the weekly coaching,
help, undo and redo.

Textual's own commands (change the theme, quit, keys, screenshot) stay in the palette beside
these. Client names are user text: they are shown through `visible()` as `Content`, and the
fuzzy-match highlight is applied to that literal text, never through markup (Textual's
`Matcher.highlight` reads its candidate as markup).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.screen import Screen

from .domain.errors import CoachError
from .domain.folding import fold
from .messages import LogDelivery, OpenBoard
from .screens.calls import in_background
from .services import Coach
from .textsafe import visible


class NewClient(Protocol):
    def action_new_client(self) -> None: ...


class CoachActions(Protocol):
    """What the palette needs of the app (the app itself is not imported: it imports this)."""

    coach: Coach

    @property
    def dashboard(self) -> NewClient: ...

    def action_weekly(self) -> None: ...

    def action_help(self) -> None: ...

    def action_undo(self) -> None: ...

    def action_redo(self) -> None: ...

    def action_team(self) -> None: ...


def highlight(matcher: Matcher, text: str, folded: str | None = None) -> Content:
    """`text` as literal content, the characters the query matched highlighted (matched in
    `folded`, the text without accents, when given: as long as the text for almost any name)."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, folded or text)
    if folded is not None and len(folded) != len(text):
        return content  # "ß" folded to "ss": the offsets would not line up
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class CoachCommands(Provider):
    """coach's own commands, and "Open client: <name>" for every active client."""

    async def startup(self) -> None:
        try:
            clients = await in_background(self.coach_app.coach.portfolio.clients)
        except CoachError:
            clients = []
        self._clients = [(visible(c.name), c.id) for c in clients]

    @property
    def coach_app(self) -> CoachActions:
        app = self.app
        assert isinstance(getattr(app, "coach", None), Coach)
        return app  # type: ignore[return-value]

    def _screen_client(self) -> str | None:
        """The client of the screen the palette was opened over (a board's, the one under the
        dashboard's cursor), if any."""
        client_id = getattr(self.screen, "current_client_id", None)
        return client_id if isinstance(client_id, str) else None

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.coach_app
        return [
            (
                "Log a delivery",
                lambda: self.app.post_message(LogDelivery(self._screen_client())),
                "Log what you delivered to a client",
            ),
            ("New client", app.dashboard.action_new_client, "Add a client to the portfolio"),
            (
                "Import from CSV…",
                self._import_csv,
                "Import clients or their people from a CRM's CSV export (Salesforce, HubSpot, Pipedrive, a sheet), "
                "previewed row by row",
            ),
            ("Account plan", self._account_plan, "The account plan of the client on screen: goals, initiatives, shares"),
            ("Opportunities", self._opportunities, "The opportunities of the client on screen: value, stage, next step"),
            ("Timeline", self._timeline, "The timeline of the client on screen: deliveries, card moves, touches, shares, stages"),
            ("Weekly coaching", app.action_weekly, "This week's weakest pillar, tip, commitment and self-assessment"),
            ("Help", app.action_help, "Every key, screen by screen"),
            ("Undo", app.action_undo, "Undo the last change (any screen, or the shell) and say what it was (u)"),
            ("Redo", app.action_redo, "Redo the last change undone (ctrl+r)"),
            *(
                [("Team view", app.action_team, "The teams you lead: each manager's portfolio in a row, opened read-only (t)")]
                if app.coach.team is not None
                else []
            ),
        ]

    def _import_csv(self) -> None:
        from .screens.import_csv import ImportCsvScreen

        self.app.push_screen(ImportCsvScreen(self.coach_app.coach))

    def _account_plan(self, client_id: str | None = None) -> None:
        from .screens.plan import PlanScreen

        self._open_for(client_id, PlanScreen)

    def _opportunities(self, client_id: str | None = None) -> None:
        from .screens.opportunities import OpportunitiesScreen

        self._open_for(client_id, OpportunitiesScreen)

    def _timeline(self, client_id: str | None = None) -> None:
        from .screens.timeline import TimelineScreen

        self._open_for(client_id, TimelineScreen)

    def _open_for(self, client_id: str | None, screen: Callable[[Coach, str], Screen[None]]) -> None:
        """Open a client's plan, opportunities or timeline: the client named, else the screen's."""
        client_id = client_id or self._screen_client()
        if client_id is None:
            self.app.notify("Open a client first, or search the palette for the client's name.", severity="warning")
            return
        self.app.push_screen(screen(self.coach_app.coach, client_id))

    async def discover(self) -> Hits:
        for title, command, help_text in self._commands():
            yield DiscoveryHit(Content(title), command, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        # Client names match without accents too ("muller" finds "Müller Präzision GmbH").
        bare = self.matcher(fold(query))

        def match(title: str) -> tuple[float, Content]:
            score = matcher.match(title)
            if score > 0:
                return score, highlight(matcher, title)
            folded = fold(title)
            score = bare.match(folded) if folded != title.casefold() else 0
            return score, highlight(bare, title, folded) if score > 0 else Content(title)

        for title, command, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), command, text=title, help=help_text)
        for name, client_id in getattr(self, "_clients", []):
            title = f"Open client: {name}"
            score, shown = match(title)
            if score > 0:
                yield Hit(
                    score,
                    shown,
                    lambda client_id=client_id: self.app.post_message(OpenBoard(client_id)),
                    text=title,
                    help="Open this client's board",
                )
            for label, opener, about in (
                ("Account plan", self._account_plan, "Open this client's account plan"),
                ("Opportunities", self._opportunities, "Open this client's opportunities"),
                ("Timeline", self._timeline, "Open this client's timeline: every delivery, move, touch, share, stage"),
            ):
                title = f"{label}: {name}"
                score, shown = match(title)
                if score > 0:
                    yield Hit(score, shown, partial(opener, client_id), text=title, help=about)


__all__ = ["CoachCommands", "highlight"]
