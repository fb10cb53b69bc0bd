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

from ..domain.cadence import CadenceState, Consistency
from ..domain.facts import CONSISTENCY_WINDOWS, PeopleFact, PlanFact
from ..domain.models import PILLARS, Cadence, Client
from ..domain.pillars import Failing, PillarTally, Tallies, add_tallies, tally
from .read_models import ClientView, Measures, Review, score_views

if TYPE_CHECKING:
    from ..domain.facts import ClientFacts
    from ..store.repository import IndexEntry, MakeMemo

KIND = "status"
# The dashboard's memo: the status row, then what the dashboard shows beside it (`Review`).
REVIEW = "review"
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


def tag(today: date, kind: str = KIND) -> str:
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
    return f"{kind}/{FORMAT}/{today.isoformat()}/{'/'.join(made_by)}"


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


def encode_review(view: ClientView) -> list[Any]:
    """The dashboard's row of one active client: its status row (`encode`), then what the
    dashboard shows of it (`Review`), and the client's CRM record (the edit form shows the
    client whole)."""
    review = view.review()
    plan = review.plan
    return [
        *encode(view),
        view.client.source_id,
        "".join("1" if hit else "0" for hit in review.consistency.ticks),
        [review.failing.pillar, review.failing.signal, review.failing.evidence],
        review.weakest_score,
        list(review.evidence),
        list(review.counts),
        review.people.to_list(),
        None if plan is None else [plan.goals, plan.initiatives, *(_day(d) for d in plan[2:])],
        sorted(review.premises),
    ]


class OverBudget(Exception):
    """More clients to work out than the caller would wait for (`make_rows`'s `budget`)."""


def make_rows(today: date, kind: str = KIND, budget: int | None = None) -> MakeMemo:
    """What the store calls to make a shard's memo: a row for each client (None for an
    archived one, not on the agenda), and the pillar tallies of the shard's active clients.
    The rows of `REVIEW` are the dashboard's (`encode_review`), of `KIND` the status's.
    With a `budget`, OverBudget once more than that many clients were asked for, before
    the shard that goes over it is worked out (and nothing made is kept)."""
    row = encode_review if kind == REVIEW else encode
    asked = 0

    def make(entries: list[IndexEntry]) -> tuple[dict[str, Any], Any]:
        nonlocal asked
        asked += len(entries)
        if budget is not None and asked > budget:
            raise OverBudget(f"{asked} clients to work out, more than {budget}")
        rows: dict[str, Any] = {e.client.id: None for e in entries if e.client.archived}
        views = score_views([(e.client, e.facts) for e in entries if not e.client.archived], today)
        rows.update((v.client.id, row(v)) for v in views)
        found = tally(v.scores for v in views)
        return rows, {p: [t.total, t.scored, [[n, w, k] for (n, w), k in t.shortfalls.items()]] for p, t in found.items()}

    return make


def _int(value: Any) -> int:
    if type(value) is not int:
        raise Stale(f"not a whole number: {value!r}")
    return value


def decode(cid: str, row: Any, today: date, load: Callable[[str], ClientFacts], kind: str = KIND) -> ClientView:
    """The view of one client from its row of the memo `kind` (Stale if the row does not
    read). Read for every client at every `coach status`: the checks are written out rather
    than called. A row of the dashboard's memo (`REVIEW`, `encode_review`) gives a view that
    knows what the dashboard shows."""
    review: Review | None = None
    source: str | None = None
    try:
        if kind == REVIEW:
            if type(row) is not list or len(row) != len(_STATUS) + len(_REVIEW):
                raise Stale(f"dashboard row of {cid} has the wrong length")
            review, source = _review(cid, row[len(_STATUS) :])
            row = row[: len(_STATUS)]
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
        client = Client(cid, name, fromiso(added), cadence, tier, False, revenue, fromiso(renewal) if renewal else None, source)
        state = CadenceState(status, fromiso(last) if last else None, since, fromiso(due) if due else None, over, float(elapsed))
    except Stale:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise Stale(f"row of {cid} does not read ({error})") from None
    return ClientView.remembered(client, today, load, Measures(state, untold, late), review)


# A status row's fields, and what a dashboard row adds after them.
_STATUS = (
    "name",
    "added",
    "cadence",
    "tier",
    "revenue",
    "renewal",
    "status",
    "last",
    "since",
    "due",
    "over",
    "elapsed",
    "untold",
    "late",
)
_REVIEW = ("source", "ticks", "failing", "score", "evidence", "counts", "people", "plan", "premises")


# What the parts of dashboard rows were read as, by the part as read: rows share most of them
# (the same evidence, premises, failing signal, ticks, people, plan), and what is made of them
# never changes, so each is checked and made once a process. Only parts that passed their
# check are kept: a part that does not read never equals one kept.
_PARTS: dict[tuple[Any, ...], Any] = {}
_PARTS_KEPT = 50_000  # past this many, the parts are forgotten and read again
_INTS = {int}


def _part(key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    try:
        found = _PARTS.get(key)
    except TypeError:  # a part holding a list or a map: not a part of a row
        raise Stale(f"not a row's part: {key[1:]!r}") from None
    if found is None:
        if len(_PARTS) > _PARTS_KEPT:
            _PARTS.clear()
        found = _PARTS[key] = make()
    return found


def _checked_texts(value: list[Any], what: str) -> tuple[str, ...]:
    if not all(type(v) is str for v in value):
        raise Stale(f"{what} is not a list of texts")
    return tuple(value)


def _texts(value: Any, what: str) -> tuple[str, ...]:
    if type(value) is not list:
        raise Stale(f"{what} is not a list of texts")
    found: tuple[str, ...] = _part(("texts", *value), lambda: _checked_texts(value, what))
    return found


def _review(cid: str, extra: list[Any]) -> tuple[Review, str | None]:
    """What a dashboard row adds to a status row, checked (Stale if it does not read)."""
    source, ticks, failing, score, evidence, counts, people, plan, premises = extra
    if not (
        (source is None or type(source) is str)
        and type(ticks) is str
        and type(failing) is list
        and (score is None or type(score) is int)
        and type(counts) is list
        and len(counts) == 4
        and set(map(type, counts)) <= _INTS
        and type(people) is list
        and len(people) == 4
        and set(map(type, people)) <= _INTS
        and (plan is None or (type(plan) is list and len(plan) == 6 and type(plan[0]) is int and type(plan[1]) is int))
        and type(premises) is list
    ):
        raise Stale(f"dashboard row of {cid} has the wrong shape")

    def read_ticks() -> Consistency:
        if not (set(ticks) <= {"0", "1"} and len(ticks) <= CONSISTENCY_WINDOWS):
            raise Stale(f"dashboard row of {cid} has ticks that are not ticks")
        return Consistency(ticks.count("1"), len(ticks), tuple(c == "1" for c in ticks))

    def read_failing() -> Failing:
        if not (
            len(failing) == 3
            and failing[0] in PILLARS
            and (failing[1] is None or type(failing[1]) is str)
            and type(failing[2]) is str
        ):
            raise Stale(f"dashboard row of {cid} has a failing signal of the wrong shape")
        return Failing(failing[0], failing[1], failing[2])

    def read_plan() -> PlanFact:
        assert plan is not None
        if not all(d is None or type(d) is str for d in plan[2:]):
            raise Stale(f"dashboard row of {cid} has a plan of the wrong types")
        return PlanFact(plan[0], plan[1], *(date.fromisoformat(d) if d else None for d in plan[2:]))

    review = Review(
        _part(("ticks", ticks), read_ticks),
        _part(("failing", *failing), read_failing),
        score,
        _texts(evidence, f"the evidence of {cid}"),
        tuple(counts),
        _part(("people", *people), lambda: PeopleFact(people[0], people[1], bool(people[2]), people[3])),
        None if plan is None else _part(("plan", *plan), read_plan),
        _part(("premises", *premises), lambda: frozenset(_checked_texts(premises, f"the premises of {cid}"))),
    )
    return review, source


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


__all__ = ["KIND", "REVIEW", "OverBudget", "Stale", "decode", "encode", "encode_review", "make_rows", "tag", "tallies"]
