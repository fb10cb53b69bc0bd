"""Searching the portfolio by any text (`/` on the dashboard, `coach search`).

The search index holds each client's searchable text (`domain.search.ClientText`): its name,
cards and their notes, needs, deliveries, people, touches, plan and opportunities. It is built
from every client's file, which takes a while for thousands of clients, so it is built once
per change of the store (`change_token`) and kept: a later build reads again only the clients
whose file changed (`client_stamp`). The dashboard asks for it from the data thread and
matches its queries against it on every keystroke without reading the store.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, NamedTuple

from ..domain.search import ClientText, Hit, Query, client_text, name_text, parse_query
from .base import UseCases

if TYPE_CHECKING:
    from ..domain.models import Client
    from .read_models import ClientView


class SearchIndex(NamedTuple):
    """Every client's searchable text, by id, as the store was at `token`."""

    token: Hashable
    texts: dict[str, ClientText]
    stamps: dict[str, Hashable]

    def text(self, client_id: str) -> ClientText | None:
        return self.texts.get(client_id)


class Found(NamedTuple):
    """A client a search kept, and where its text matched (None when the query had no free
    text: the tokens alone kept it)."""

    view: ClientView
    hit: Hit | None

    @property
    def client(self) -> Client:
        return self.view.client


class Search(UseCases):
    """The search index and searches over it."""

    _index: SearchIndex | None = None

    def index(self) -> SearchIndex:
        """The search index as the store is now: the one kept while nothing was written since,
        else a new one that reads again only the clients whose file changed."""
        token = self.repo.change_token()  # first: a write landing meanwhile shows next time
        kept = self._index
        if kept is not None and kept.token == token:
            return kept
        texts: dict[str, ClientText] = {}
        stamps: dict[str, Hashable] = {}
        for client_id, _name, _archived in self.repo.names():
            stamp = self.repo.client_stamp(client_id)  # before the read: a change meanwhile shows next time
            if kept is not None and stamp is not None and kept.stamps.get(client_id) == stamp:
                texts[client_id] = kept.texts[client_id]
            else:
                texts[client_id] = client_text(self.repo.read_client(client_id))
            stamps[client_id] = stamp
        index = self._index = SearchIndex(token, texts, stamps)
        return index

    def search(self, text: str) -> list[Found]:
        """The active clients `text` finds (`status:` and `tier:` tokens and free text; see
        `domain.search`), in the agenda's urgency order.

        Raises:
            InputError: for a token naming no status or tier.
        """
        query = parse_query(text)
        views = self.portfolio_views()
        return find(views, query, self.index() if query.terms else None)

    def portfolio_views(self) -> list[ClientView]:
        from .portfolio import Portfolio

        return Portfolio(self.repo, self.today, self.now).agenda().views


def find(views: list[ClientView], query: Query, index: SearchIndex | None) -> list[Found]:
    """The views `query` keeps, in their order, each with where it matched. Without an index
    (not built yet) free text is looked for in the names alone."""
    found: list[Found] = []
    terms = query.terms
    for view in views:
        if not query.keeps(view.cadence.status, view.client.tier):
            continue
        if not terms:
            found.append(Found(view, None))
            continue
        text = index.text(view.client.id) if index is not None else None
        if text is None:
            text = name_text(view.client.id, view.client.name)
        hit = text.hit(terms)
        if hit is not None:
            found.append(Found(view, hit))
    return found


def keep(views: list[ClientView], query: Query, index: SearchIndex | None) -> list[ClientView]:
    """The views `query` keeps, in their order (`find` without working out where each matched:
    what the dashboard's table needs on every keystroke)."""
    terms = query.terms
    kept: list[ClientView] = []
    for view in views:
        if not query.keeps(view.cadence.status, view.client.tier):
            continue
        if terms:
            text = index.text(view.client.id) if index is not None else None
            if text is None:
                text = name_text(view.client.id, view.client.name)
            if not text.matches(terms):
                continue
        kept.append(view)
    return kept


__all__ = ["Search", "SearchIndex", "Found", "find", "keep"]
