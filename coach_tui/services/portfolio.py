"""The portfolio as a whole: today's agenda (every active client scored, in urgency order),
the client list, finding a client by a typed name, and the app's first read of the store.

Queries read only the repository's index, fast whatever the size of the history. The scoring
modules (cadence, pillars) are imported by the queries that use them: `coach log` never scores
anything, and it must start fast.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from ..domain.errors import NotFound
from ..domain.facts import ClientFacts
from ..domain.models import Client
from ..domain.money import DEFAULT_CURRENCY
from ..domain.validation import Ambiguous, match_names
from ..textsafe import visible
from .base import UseCases
from .read_models import Agenda, ClientView, Opening

if TYPE_CHECKING:
    from ..store.snapshot import Snapshot


def score_views(items: Iterable[tuple[Client, ClientFacts]], today: date) -> list[ClientView]:
    """Each client's rhythm and pillar scores on `today`. The scoring modules are imported
    here, once per batch rather than once per client."""
    from ..domain.cadence import rhythm
    from ..domain.pillars import client_scores, failing

    views: list[ClientView] = []
    for client, facts in items:
        measured = rhythm(client, facts, today)
        scores = client_scores(client, facts, today, measured)
        cadence, consistency, relevance = measured
        aim = failing(scores)
        views.append(ClientView(client, facts, cadence, consistency, relevance, scores, aim.pillar, aim))
    return views


class Portfolio(UseCases):
    """The agenda, the client list and client lookup."""

    def change_token(self) -> Hashable:
        """Changes whenever any write lands, from this process or another."""
        return self.repo.change_token()

    def open(self) -> Opening:
        """The app's first read: the token first (a write landing while the index is read then
        shows as a change), then the index with every client's facts decoded, so a damaged
        store stops here with its one-line message, before the terminal is taken over."""
        token = self.repo.change_token()
        snapshot = self.repo.read()
        for entry in snapshot.entries:
            entry.facts  # noqa: B018 (decoding is the check, and the first agenda needs them)
        has_clients = any(not entry.client.archived for entry in snapshot.entries)
        return Opening(token, snapshot, dict(snapshot.settings), has_clients)

    def agenda(self, opening: Opening | None = None) -> Agenda:
        """Today's agenda, from the store as it is now (or as `opening` read it)."""
        return self.agenda_of(opening.snapshot if opening is not None else self.repo.read())

    def agenda_of(self, snapshot: Snapshot) -> Agenda:
        """Today's agenda from an index already read."""
        from ..domain.cadence import urgency_key
        from ..domain.pillars import Failing, kept_rate, lowest_pillar, portfolio_scores

        today = self.today()
        views = score_views(((e.client, e.facts) for e in snapshot.entries if not e.client.archived), today)
        views.sort(key=lambda v: urgency_key(v.cadence, v.client.name))
        portfolio = portfolio_scores([v.scores for v in views], kept_rate(snapshot.commitments, today))
        weakest = lowest_pillar({p: s.score for p, s in portfolio.items()})
        aim = None
        if weakest is not None:
            signal = portfolio[weakest].failing
            aim = Failing(weakest, signal.name if signal else None, signal.evidence if signal else "")
        currency = str(snapshot.settings.get("currency", DEFAULT_CURRENCY))
        return Agenda(today, views, portfolio, weakest, aim, currency)

    def clients(self, include_archived: bool = False) -> list[Client]:
        """Clients by name (archived ones only if asked for)."""
        found = [e.client for e in self.repo.read().entries if include_archived or not e.client.archived]
        return sorted(found, key=lambda c: c.name.casefold())

    def find_client(self, query: str, include_archived: bool = False) -> Client:
        """The one client a typed name means: an exact name, else a unique prefix, else a
        unique part of a name, in any case."""
        # The directory alone (a name and a flag a client), then the one client's record: a
        # `coach log` costs the same whatever the size of the portfolio.
        names = sorted(self.repo.names(), key=lambda n: n[1].casefold())
        pool = names if include_archived else [n for n in names if not n[2]]
        found = match_names(query, pool, lambda n: n[1])
        if len(found) == 1:
            return self.repo.entry(found[0][0]).client
        if found:
            raise Ambiguous(query, [n[1] for n in found])
        archived = [n for n in names if n[2] and not include_archived]
        if match_names(query, archived, lambda n: n[1]):
            raise NotFound(
                f"{visible(query)!r} is an archived client; unarchive it with `coach client edit --unarchive`", "client"
            )
        raise NotFound(f"no client matches {visible(query)!r}; add one with `coach client add NAME`", "client")


__all__ = ["Portfolio", "score_views"]
