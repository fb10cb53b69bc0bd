"""The status memo: each active client's measures on a day (its cadence state, consistency,
relevance, failing signal, pillar summary, untold cards and late next steps), as a store keeps
them between commands (`Repository.memo`). `coach status` reads these rather than decoding and
scoring every client at every call: at 5,000 clients that is some 2 seconds, a memo read some
tens of milliseconds, and a `coach log` in between makes one shard's clients to work out again.

A row is what `encode` writes and `decode` reads back, checked as it is read: a row that does
not read (a memo written by other code, a hand edit) makes the whole memo to be made again
(`Stale`). The tag names the day and the code the rows were made by (the modification time and
size of each module that works a measure out), so new code never reads old rows.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from ..domain.cadence import CadenceState
from ..domain.models import PILLARS, Cadence, Client
from ..domain.pillars import PillarTally, Tallies, add_tallies, tally
from .read_models import ClientView, Measures, score_views

if TYPE_CHECKING:
    from ..domain.facts import ClientFacts
    from ..store.repository import IndexEntry

KIND = "status"
# Of a row, and what it means: 2 since a Steward card logged as a delivery counts its age from
# the delivery's day (the tactics tallies changed with it).
FORMAT = 2
# The modules whose code makes a row: a change to any of them makes every memo stale.
MADE_BY = (
    "coach_tui.domain.cadence",
    "coach_tui.domain.facts",
    "coach_tui.domain.models",
    "coach_tui.domain.pillars",
    "coach_tui.services.memos",
    "coach_tui.services.read_models",
)


class Stale(ValueError):
    """A memo's row does not read: the memo is made again."""


def tag(today: date) -> str:
    """What a row depends on beside the client's entry: the day, and the code."""
    made_by = []
    for name in MADE_BY:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        try:
            st = os.stat(path) if path else None
        except OSError:
            st = None
        made_by.append(f"{st.st_mtime_ns}:{st.st_size}" if st else "?")
    return f"{KIND}/{FORMAT}/{today.isoformat()}/{'/'.join(made_by)}"


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def encode(view: ClientView) -> list[Any]:
    """The row of one active client: one flat list, what `coach status` reads for every
    client kept short."""
    client, c = view.client, view.cadence
    return [
        client.name,
        client.added.isoformat(),
        str(client.cadence),
        client.tier,
        client.revenue,
        _day(client.renewal),
        c.status,
        _day(c.last),
        c.days_since,
        _day(c.next_due),
        c.days_over,
        c.elapsed,
        view.untold,
        view.late_steps,
    ]


def make_rows(today: date) -> Callable[[list[IndexEntry]], tuple[dict[str, Any], Any]]:
    """What the store calls to make a shard's memo: a row for each client (None for an
    archived one, not on the agenda), and the pillar tallies of the shard's active clients."""

    def make(entries: list[IndexEntry]) -> tuple[dict[str, Any], Any]:
        rows: dict[str, Any] = {e.client.id: None for e in entries if e.client.archived}
        views = score_views([(e.client, e.facts) for e in entries if not e.client.archived], today)
        rows.update((v.client.id, encode(v)) for v in views)
        found = tally(v.scores for v in views)
        return rows, {p: [t.total, t.scored, [[n, w, k] for (n, w), k in t.shortfalls.items()]] for p, t in found.items()}

    return make


def _int(value: Any) -> int:
    if type(value) is not int:
        raise Stale(f"not a whole number: {value!r}")
    return value


def decode(cid: str, row: Any, today: date, load: Callable[[str], ClientFacts]) -> ClientView:
    """The view of one client from its row (Stale if the row does not read). Read for every
    client at every `coach status`: the checks are written out rather than called."""
    try:
        name, added, every, tier, revenue, renewal, status, last, since, due, over, elapsed, untold, late = row
        if not (
            type(name) is str
            and type(tier) is str
            and type(status) is str
            and (revenue is None or type(revenue) is int)
            and (since is None or type(since) is int)
            and type(over) is int
            and type(untold) is int
            and type(late) is int
        ):
            raise Stale(f"row of {cid} has the wrong types")
        cadence = _CADENCES.get(every)
        if cadence is None:
            cadence = _CADENCES[every] = Cadence.from_str(every)
        fromiso = date.fromisoformat
        client = Client(cid, name, fromiso(added), cadence, tier, False, revenue, fromiso(renewal) if renewal else None)
        state = CadenceState(status, fromiso(last) if last else None, since, fromiso(due) if due else None, over, float(elapsed))
    except Stale:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise Stale(f"row of {cid} does not read ({error})") from None
    return ClientView.remembered(client, today, load, Measures(state, untold, late))


def tallies(totals: list[Any]) -> Tallies:
    """The pillar tallies of every shard, taken together (Stale if one does not read)."""
    try:
        return add_tallies(
            {
                p: PillarTally(_int(total[p][0]), _int(total[p][1]), {(str(n), str(w)): _int(k) for n, w, k in total[p][2]})
                for p in PILLARS
            }
            for total in totals
        )
    except Stale:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise Stale(f"pillar tallies do not read ({error})") from None


# Read once a process: the few cadences a portfolio uses.
_CADENCES: dict[str, Cadence] = {}


__all__ = ["KIND", "Stale", "decode", "encode", "make_rows", "tag", "tallies"]
