"""The command palette's coach commands (ctrl+p): open any client's board by name, log a
delivery, add a client, the weekly coaching, help.

Textual's own commands (change the theme, quit, keys, screenshot) stay in the palette beside
these. Client names are user text: they are shown through `visible()` as `Content`, and the
fuzzy-match highlight is applied to that literal text, never through markup (Textual's
`Matcher.highlight` reads its candidate as markup).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Callable, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from .services import Coach
from .store.errors import StoreError
from .textsafe import visible

if TYPE_CHECKING:
    from .app import CoachApp


def highlight(matcher: Matcher, text: str) -> Content:
    """`text` as literal content, the characters the query matched highlighted."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class CoachCommands(Provider):
    """coach's own commands, and "Open client: <name>" for every active client."""

    async def startup(self) -> None:
        coach: Coach = self.coach_app.coach
        try:
            clients = await asyncio.to_thread(coach.clients)
        except StoreError:
            clients = []
        self._clients = [(visible(c.name), c.id) for c in clients]

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def _screen_client(self) -> str | None:
        """The client the palette was opened over (a board), if any."""
        client_id = getattr(self.screen, "client_id", None)
        return client_id if isinstance(client_id, str) else None

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.coach_app
        return [
            ("Log a delivery", lambda: app.dashboard.log_delivery(self._screen_client()), "Log what you delivered to a client"),
            ("New client", app.dashboard.action_new_client, "Add a client to the portfolio"),
            ("Weekly coaching", app.action_weekly, "This week's weakest pillar, tip, commitment and self-assessment"),
            ("Help", app.action_help, "Every key, screen by screen"),
        ]

    async def discover(self) -> Hits:
        for title, command, help_text in self._commands():
            yield DiscoveryHit(Content(title), command, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), command, text=title, help=help_text)
        for name, client_id in getattr(self, "_clients", []):
            title = f"Open client: {name}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, title),
                    partial(self.coach_app.open_board, client_id),
                    text=title,
                    help="Open this client's board",
                )


__all__ = ["CoachCommands", "highlight"]
