"""What the full screens about one client's account (the plan, the opportunities) share: the
client they show (named to the command palette by `current_client_id`), the view read for it
in a worker (again whenever the data changes), refitting the tables when the terminal's width changes, and going back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import on, work
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..messages import DataChanged
from ..services import Coach
from .calls import fetch

V = TypeVar("V")

BACK = Binding("escape,backspace", "back", "Back", tooltip="Back to where you were")


class ClientScreen(Screen[None], Generic[V]):
    """A screen showing one client's `view`. Subclasses give `read` (the service call that
    reads the view for a client id), `fill` (show a view, keeping the row `select` under the
    cursor when given), the id of the header line (`HEADER`, yielded by `header()`) and what
    the view is (`WHAT`: "the account plan"), which the header and the messages name."""

    HEADER = ""
    WHAT = ""

    def __init__(self, coach: Coach, client_id: str) -> None:
        super().__init__()
        self.coach = coach
        self.client_id = client_id
        self.view: V | None = None
        self.laid_out_for = 0  # the terminal width the tables were last fitted to

    @property
    def current_client_id(self) -> str:
        return self.client_id

    def header(self) -> Static:
        """The header line, saying the view is being read until it is."""
        return Static(Content.styled(f"Reading {self.WHAT}…", "$text-muted"), id=self.HEADER)

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True, group="client-screen-load")
    async def _load(self, select: str | None = None) -> None:
        await self.reload(select)

    def read(self) -> Callable[[str], V]:
        raise NotImplementedError

    def fill(self, view: V, select: str | None) -> None:
        raise NotImplementedError

    async def reload(self, select: str | None = None) -> None:
        view = await fetch(self, self.read(), self.client_id, error_title=f"Can't read {self.WHAT}")
        if view is None:
            if self.view is None:
                unavailable = f"{self.WHAT.removeprefix('the ').capitalize()} unavailable"
                self.query_one(f"#{self.HEADER}", Static).update(Content.styled(unavailable, "bold $text-error"))
            return
        self.view = view
        self.fill(view, select)
        self.refresh_bindings()

    def on_resize(self) -> None:
        # Only a new width changes the columns (a resize event also comes with other screens).
        if self.view is not None and self.laid_out_for != self.app.size.width:
            self.fill(self.view, None)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    @on(DataChanged)
    def _data_changed(self) -> None:
        self._load()
