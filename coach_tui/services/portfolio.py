"""The portfolio as a whole: today's agenda (every active client scored, in urgency order),
the client list, finding a client by a typed name, and the app's first read of the store.

Queries read only the repository's index, fast whatever the size of the history. The scoring
modules (cadence, pillars) are imported by the queries that use them: `coach log` never scores
anything, and it must start fast.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import TYPE_CHECKING, Any

from ..domain.errors import NotFound
from ..domain.facts import ClientFacts
from ..domain.models import Client
from ..domain.money import DEFAULT_CURRENCY
from ..domain.validation import Ambiguous, match_names
from ..textsafe import visible
from .base import UseCases
from .read_models import Agenda, ClientView, Opening, score_views

if TYPE_CHECKING:
    from ..domain.pillars import Tallies
    from ..store.repository import IndexEntry
    from ..store.snapshot import Snapshot


# The clients the app's first read works out before the first frame, at most: more (a new day
# at a few thousand clients) and it opens on the index, the memo made after the first frame.
OPEN_BUDGET = 300


def _same(before: object, now: object) -> bool:
    """The same object, or an equal one (a store may hand back what did not change as is)."""
    return before is now or before == now


class Portfolio(UseCases):
    """The agenda, the client list and client lookup."""

    # The views of the last agenda worked out, by client id, and its day: reused by the next
    # agenda for the clients that did not change (see `agenda_of`).
    _views: dict[str, ClientView] = {}  # noqa: RUF012 (replaced whole, never changed in place)
    _views_day: date | None = None
    # The dashboard's views of the last review, by client id, and its day: the next review
    # keeps a view that shows the same (`review`).
    _reviewed: dict[str, ClientView] = {}  # noqa: RUF012 (replaced whole)
    _reviewed_day: date | None = None

    def change_token(self) -> Hashable:
        """Changes whenever any write lands, from this process or another."""
        return self.repo.change_token()

    def watch(self, on_change: Callable[[], None], on_trouble: Callable[[str | None], None]) -> Callable[[], None] | None:
        """Have `on_change` called (from another thread) whenever a write may have landed,
        and `on_trouble` with a line while the store can't reach its data (None once it can);
        gives back the function that stops it, or None when the store can't tell (then
        `change_token()` is to be checked now and then)."""
        return self.repo.watch(on_change, on_trouble)

    def open(self) -> Opening:
        """The app's first read: the token first (a write landing while the index is read then
        shows as a change), then the dashboard's agenda (`review`). A damaged store stops here
        with its one-line message, before the terminal is taken over: the memo is made again
        from every shard that changed since it was kept, decoding each of its clients.

        When more than OPEN_BUDGET clients would have to be worked out (the first launch of
        a day, of new code, after an import), the first agenda is the index's instead: every
        client's facts decoded and its cadence state worked out, its scores left for later
        (`Opening.review_due`: the dashboard makes the memo after its first frame)."""
        from . import memos

        token = self.repo.change_token()
        due = False
        try:
            agenda, head = self.review(budget=OPEN_BUDGET)
        except memos.OverBudget:
            snapshot = self.repo.read()
            for entry in snapshot.entries:
                entry.facts  # noqa: B018 (decoding is the check, and the first agenda needs them)
            agenda, head, due = self.agenda_of(snapshot), snapshot._replace(entries=[]), True
        return Opening(token, head, dict(head.settings), bool(agenda.views), agenda, due)

    def agenda(self) -> Agenda:
        """Today's agenda, from the store as it is now, every client's facts at hand."""
        return self.agenda_of(self.repo.read())

    def agenda_of(self, snapshot: Snapshot) -> Agenda:
        """Today's agenda from an index already read. A client whose record and facts are
        the same as in the previous agenda (of the same day) keeps its view, and with it the
        scores already worked out: a reload after one change works out that client alone."""
        from ..domain.cadence import cadence_status, urgency_key
        from ..domain.pillars import kept_rate

        today = self.today()
        before = self._views if self._views_day == today else {}
        kept: dict[str, ClientView] = {}
        views: list[ClientView] = []
        archived: list[IndexEntry] = []  # their facts are decoded only if the review shows them
        for entry in snapshot.entries:
            client = entry.client
            if client.archived:
                archived.append(entry)
                continue
            facts = entry.facts
            view = before.get(client.id)
            if view is None or not (_same(view.client, client) and _same(view.facts, facts)):
                view = ClientView(client, facts, cadence_status(client, facts, today), today)
            kept[client.id] = view
            views.append(view)
        self._views, self._views_day = kept, today
        views.sort(key=lambda v: urgency_key(v.cadence, v.client.name))
        currency = str(snapshot.settings.get("currency", DEFAULT_CURRENCY))

        def archived_views() -> list[ClientView]:
            made = score_views(((e.client, e.facts) for e in archived), today)
            return sorted(made, key=lambda v: v.client.name.casefold())

        kept_commitments = kept_rate(snapshot.commitments, today)
        return Agenda(today, views, currency, kept_commitments, archived_views, snapshot.tips_shown, len(archived))

    def status(self) -> tuple[Agenda, Snapshot]:
        """Today's agenda as `coach status` prints it, with the index it was read with (its
        weekly entries and settings; no entries). Each client's measures come from the
        store's memo of the day (`services.memos`): worked out again only for the clients
        whose shard changed since, so a status after a `coach log` scores a few dozen
        clients, not the portfolio. The views' facts are read only if asked for."""
        from ..domain.cadence import urgency_key
        from ..domain.pillars import kept_rate
        from . import memos

        today = self.today()

        def views_of(rows: dict[str, Any]) -> dict[str, Any]:  # None for an archived client, as read
            return {cid: None if row is None else memos.decode(cid, row, today, self._facts_of) for cid, row in rows.items()}

        head, found, tallies = self._memo(memos.KIND, today, views_of)
        views: list[ClientView] = [view for view in found.values() if view is not None]
        views.sort(key=lambda v: urgency_key(v.cadence, v.client.name))
        currency = str(head.settings.get("currency", DEFAULT_CURRENCY))
        return Agenda(today, views, currency, kept_rate(head.commitments, today), tallies=tallies), head

    def review(self, budget: int | None = None) -> tuple[Agenda, Snapshot]:
        """Today's agenda as the dashboard shows it, with the index it was read with (its
        weekly entries and settings; no entries). Like `status`, from a memo (`memos.REVIEW`)
        made again only for the clients whose shard changed since, each view knowing all the
        dashboard shows of its client (`ClientView.review`): no client's facts are read to
        show the dashboard. A view whose row did not change since the last review (of the
        same day) is the same view, and keeps what was read for it since (its facts, if they
        were asked for). The archived clients' views are made when first asked for, from
        their entries. With a `budget`, `memos.OverBudget` rather than work out more than
        that many clients."""
        from ..domain.cadence import urgency_key
        from ..domain.pillars import kept_rate
        from . import memos

        today = self.today()
        before = self._reviewed if self._reviewed_day == today else {}

        def views_of(rows: dict[str, Any]) -> dict[str, Any]:
            """A shard's rows as views (None: archived), as the store reads them: the rows
            read are let go shard by shard. A view the same as the last review's is that one."""
            views: dict[str, Any] = {}
            for cid, row in rows.items():
                if row is None:
                    views[cid] = None
                    continue
                view = memos.decode(cid, row, today, self._facts_of, memos.REVIEW)
                seen = before.get(cid)
                views[cid] = seen if seen is not None and seen.same_as(view) else view
            return views

        head, found, tallies = self._memo(memos.REVIEW, today, views_of, budget)
        kept: dict[str, ClientView] = {cid: view for cid, view in found.items() if view is not None}
        views = list(kept.values())
        archived = [cid for cid, view in found.items() if view is None]
        self._reviewed, self._reviewed_day = kept, today
        views.sort(key=lambda v: urgency_key(v.cadence, v.client.name))
        currency = str(head.settings.get("currency", DEFAULT_CURRENCY))

        def archived_views() -> list[ClientView]:
            made = score_views(((e.client, e.facts) for e in map(self.repo.entry, archived)), today)
            return sorted(made, key=lambda v: v.client.name.casefold())

        agenda = Agenda(
            today, views, currency, kept_rate(head.commitments, today), archived_views, head.tips_shown, len(archived), tallies
        )
        return agenda, head

    def _facts_of(self, client_id: str) -> ClientFacts:
        """A client's facts, read from its entry (what a view from a memo reads if asked)."""
        return self.repo.entry(client_id).facts

    def _memo(
        self, kind: str, today: date, read: Callable[[dict[str, Any]], dict[str, Any]], budget: int | None = None
    ) -> tuple[Snapshot, dict[str, Any], Tallies]:
        """The store's memo `kind` of `today` (`services.memos`), each shard's rows as `read`
        makes them (a value for each client, None for an archived one: the store checks the
        clients against its directory), and the pillar tallies; made again from every shard when it does not read
        (a memo written by other code). With a `budget`, `memos.OverBudget` rather than work
        out more than that many clients."""
        from . import memos

        tag, make = memos.tag(today, kind), memos.make_rows(today, kind, budget)
        try:
            head, found, totals = self.repo.memo(kind, tag, make, read=read)
            return head, found, memos.tallies(totals)
        except memos.Stale:
            head, found, totals = self.repo.memo(kind, tag, make, fresh=True, read=read)
            return head, found, memos.tallies(totals)

    def names(self, starting: str = "") -> list[str]:
        """The active clients' names that start with `starting` (any case, accents or not),
        by name: the directory alone is read (what shell completion asks, at every tab)."""
        from ..domain.folding import fold

        typed = fold(starting)
        found = (name for _id, name, archived in self.repo.names() if not archived and fold(name).startswith(typed))
        return sorted(found, key=str.casefold)

    def clients(self, include_archived: bool = False) -> list[Client]:
        """Clients by name (archived ones only if asked for)."""
        found = [e.client for e in self.repo.read().entries if include_archived or not e.client.archived]
        return sorted(found, key=lambda c: c.name.casefold())

    def find_client(self, query: str, include_archived: bool = False) -> Client:
        """The one client a typed name means: an exact name, else a unique prefix, else a
        unique part of a name, in any case."""
        # The directory alone (a name and a flag a client), then the one client's record: a
        # `coach log` costs the same whatever the size of the portfolio. (The directory is split
        # by `filter` and `itemgetter`, in C: 5,000 lines in about 0.05 ms.)
        from itertools import filterfalse
        from operator import itemgetter

        names = self.repo.names()
        pool = names if include_archived else list(filterfalse(itemgetter(2), names))
        found = match_names(query, pool, itemgetter(1))
        if len(found) == 1:
            return self.repo.entry(found[0][0]).client
        if found:
            raise Ambiguous(query, sorted((n[1] for n in found), key=str.casefold))
        archived = [] if include_archived else list(filter(itemgetter(2), names))
        if match_names(query, archived, itemgetter(1)):
            raise NotFound(f"{visible(query)!r} is an archived client; unarchive it with `coach client unarchive`", "client")
        raise NotFound(f"no client matches {visible(query)!r}; add one with `coach client add NAME`", "client")


__all__ = ["Portfolio", "score_views"]
