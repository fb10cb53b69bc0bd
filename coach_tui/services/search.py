"""Searching the portfolio by any text (`/` on the dashboard, `coach search`).

The search index holds each client's searchable text (`domain.search.ClientText`): its name,
cards and their notes, needs, deliveries, people, touches, plan and opportunities. It is built
from every client's file, which takes a while for thousands of clients, so it is built once
per change of the store (`change_token`) and kept: a later build reads again only the clients
whose file changed (`client_stamp`). The dashboard asks for it from the data thread a
step at a time (`build`) and matches its queries against it on every keystroke without
reading the store.
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

    def text(self, client_id: str) -> ClientText | None:
        return self.texts.get(client_id)


class Progress(NamedTuple):
    """A step of building the index: the index once it is whole (else None), and how many
    client files are still to be read."""

    done: SearchIndex | None
    left: int


class Found(NamedTuple):
    """A client a search kept, and where its text matched (None when the query had no free
    text: the tokens alone kept it)."""

    view: ClientView
    hit: Hit | None

    @property
    def client(self) -> Client:
        return self.view.client


class Search(UseCases):
    """The search index and searches over it.

    What it read of each client is kept with the client file's stamp (`client_stamp`): a new
    index reads again only the files whose stamp changed."""

    _index: SearchIndex | None = None
    _known: dict[str, tuple[Hashable, ClientText]] | None = None
    _todo: tuple[Hashable, list[str], list[str]] | None = None  # (token, every id, ids left to check)

    def index(self) -> SearchIndex:
        """The search index as the store is now, built in one go (the shell's search)."""
        done = self.build().done
        assert done is not None
        return done

    def build(self, limit: int | None = None) -> Progress:
        """Bring the index up to the store as it is now, reading at most `limit` client files
        in this call (the app builds it step by step, so the data thread is never held for
        long: a write or a quit waits for one step at most). The index kept while nothing was
        written since costs one look at the change token."""
        token = self.repo.change_token()  # first: a write landing meanwhile shows next time
        if self._index is not None and self._index.token == token:
            return Progress(self._index, 0)
        if self._todo is None or self._todo[0] != token:
            ids = [client_id for client_id, _name, _archived in self.repo.names()]
            self._todo = (token, ids, ids[::-1])
        known = self._known if self._known is not None else {}
        _token, ids, left = self._todo
        reads = 0
        while left:
            client_id = left[-1]
            stamp = self.repo.client_stamp(client_id)  # before the read: a change meanwhile shows next time
            have = known.get(client_id)
            if have is None or stamp is None or have[0] != stamp:
                if limit is not None and reads >= limit:
                    self._known = known
                    return Progress(None, len(left))
                known[client_id] = (stamp, client_text(self.repo.read_client(client_id)))
                reads += 1
            left.pop()
        self._known = {client_id: known[client_id] for client_id in ids}  # gone clients forgotten
        self._todo = None
        index = self._index = SearchIndex(token, {client_id: known[client_id][1] for client_id in ids})
        return Progress(index, 0)

    def search(self, text: str) -> list[Found]:
        """The active clients `text` finds (`status:` and `tier:` tokens and free text; see
        `domain.search`), in the agenda's urgency order; with `status:archived`, the archived
        ones it finds too, after them.

        Raises:
            InputError: for a token naming no status or tier.
        """
        query = parse_query(text)
        views = self.portfolio_views(archived=query.archived)
        return find(views, query, self.index() if query.terms else None)

    def portfolio_views(self, archived: bool = False) -> list[ClientView]:
        """The active clients' views in the agenda's order, then (`archived`) the archived ones'."""
        from .portfolio import Portfolio

        agenda = Portfolio(self.repo, self.today, self.now).agenda()
        return agenda.views + agenda.archived if archived else agenda.views


def find(views: list[ClientView], query: Query, index: SearchIndex | None) -> list[Found]:
    """The views `query` keeps, in their order, each with where it matched. Without an index
    (not built yet) free text is looked for in the names alone."""
    found: list[Found] = []
    terms = query.terms
    for view in views:
        if not query.keeps(view.cadence.status, view.client.tier, view.client.archived):
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
        if not query.keeps(view.cadence.status, view.client.tier, view.client.archived):
            continue
        if terms:
            text = index.text(view.client.id) if index is not None else None
            if text is None:
                text = name_text(view.client.id, view.client.name)
            if not text.matches(terms):
                continue
        kept.append(view)
    return kept


__all__ = ["Search", "SearchIndex", "Progress", "Found", "find", "keep"]
