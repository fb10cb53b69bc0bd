"""Read models: what the use cases hand to the TUI and the CLI, built from domain types.

Named tuples, nearly all of them: immutable, cheap to make and cheap to define (`coach log`
imports this module). `ClientView` and `Agenda` are small slotted classes instead, which work
out the pillar scores the first time they are asked for: the agenda makes a view for each
active client at every launch and reload, and the dashboard shows a screenful. Nothing
here reads or writes the store: the use-case modules beside this one do, and return these.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain.models import TipShown

if TYPE_CHECKING:
    from ..coaching.tips import Tip
    from ..coaching.weekly import Candidate
    from ..domain.cadence import CadenceState, Consistency, Relevance
    from ..domain.facts import ClientFacts, PeopleFact, PlanFact
    from ..domain.models import Assessment, Card, Client, Commitment, Delivery, History
    from ..domain.pillars import Failing, KeptRate, PillarScore, Tallies
    from .account_views import OpportunityView, PeopleView, PersonRow, PlanView

# The account's views (people, plan, opportunities) live in `account_views`, defined only when a
# command asks for them: `coach log` and `coach status` never do. Their names still answer here.
_ACCOUNT_VIEWS = ("PersonRow", "PeopleView", "PlanView", "OpportunityView")


def __getattr__(name: str) -> Any:
    if name in _ACCOUNT_VIEWS:
        from . import account_views

        return getattr(account_views, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ClientView:
    """A client as the dashboard and the agenda see it: its rhythm, pillar scores and weakest
    pillar on the agenda's day.

    The cadence state is worked out when the view is made: the agenda's order needs it for
    every client. The consistency, the relevance and the pillar scores are worked out the first
    time they are asked for, then kept: the dashboard asks only for the rows on screen and the
    client under the cursor, and works out the portfolio's weakest pillar after the first
    frame (`Agenda.score`). Worked out twice at once (the screen and a background thread), a
    measure comes out the same both times.

    A view remembered from a memo (`remembered`, what `coach status` reads) comes with its
    measures already worked out and without its facts: they are read from the store (`load`)
    if anything asks for them. One remembered for the dashboard (with `Review`) also knows
    all the dashboard shows of it (its row and its detail pane) without its facts: the
    dashboard reads nothing more to show it.
    """

    __slots__ = (
        "client",
        "cadence",
        "today",
        "_facts",
        "_load",
        "_consistency",
        "_relevance",
        "_scores",
        "_failing",
        "_untold",
        "_late",
        "_review",
    )

    def __init__(self, client: Client, facts: ClientFacts | None, cadence: CadenceState, today: date) -> None:
        self.client = client
        self.cadence = cadence
        self.today = today
        self._facts = facts
        self._load: Callable[[str], ClientFacts] | None = None
        self._consistency: Consistency | None = None
        self._relevance: Relevance | None = None
        self._scores: dict[str, PillarScore] | None = None
        self._failing: Failing | None = None
        self._untold: int | None = None
        self._late: int | None = None
        self._review: Review | None = None

    @classmethod
    def remembered(
        cls, client: Client, today: date, load: Callable[[str], ClientFacts], measures: Measures, review: Review | None = None
    ) -> ClientView:
        """A view from measures worked out earlier (`measures`, and `review`: what the
        dashboard shows), its facts read by `load` (the client's id in) only if anything asks
        for them (the scores)."""
        view = cls(client, None, measures.cadence, today)
        view._load = load
        view._untold = measures.untold
        view._late = measures.late
        if review is not None:
            view._review = review
            view._consistency = review.consistency
            view._failing = review.failing
        return view

    def review(self) -> Review:
        """What the dashboard shows of the client beside its record and cadence state (as a
        memo keeps it: `services.memos`)."""
        if self._review is not None:
            return self._review
        facts, score = self.facts, self.scores[self.weakest]
        return Review(
            self.consistency,
            self.failing,
            score.score,
            score.evidence,
            tuple(facts.column_counts().values()),
            facts.people,
            facts.plan,
            facts.premises,
        )

    def same_as(self, other: ClientView) -> bool:
        """Both views were remembered (`remembered`) with the same record, measures and
        `Review` on the same day: they show the same."""
        return (
            self._review is not None
            and other._review is not None
            and self.today == other.today
            and self._untold == other._untold
            and self._late == other._late
            and self.cadence == other.cadence
            and self._review == other._review
            and self.client == other.client
        )

    @property
    def has_facts(self) -> bool:
        """The facts are at hand (asking for them reads nothing)."""
        return self._facts is not None

    def __repr__(self) -> str:
        return f"ClientView({self.client.name!r}, {self.cadence.label!r})"

    @property
    def facts(self) -> ClientFacts:
        found = self._facts
        if found is None:
            assert self._load is not None
            found = self._facts = self._load(self.client.id)
        return found

    @property
    def consistency(self) -> Consistency:
        """The last six cadence windows with a value-add."""
        found = self._consistency
        if found is None:
            from ..domain.cadence import consistency

            found = self._consistency = consistency(self.client, self.facts, self.today)
        return found

    @property
    def relevance(self) -> Relevance:
        """The last 90 days' value-adds linked to a need."""
        found = self._relevance
        if found is None:
            from ..domain.cadence import relevance

            found = self._relevance = relevance(self.facts, self.today)
        return found

    @property
    def scored(self) -> bool:
        """The scores are known (asking for them costs nothing more)."""
        return self._scores is not None

    @property
    def scores(self) -> dict[str, PillarScore]:
        """The five pillar scores, in PILLARS order, each with its signals."""
        scores = self._scores
        if scores is None:
            from ..domain.cadence import Rhythm
            from ..domain.pillars import client_scores, failing

            measured = Rhythm(self.cadence, self.consistency, self.relevance)
            scores = client_scores(self.client, self.facts, self.today, measured)
            self._failing = failing(scores)
            self._scores = scores
        return scores

    @property
    def failing(self) -> Failing:
        """The weakest pillar's failing signal: what the coaching aims at."""
        if self._failing is None:
            self.scores  # noqa: B018 (working the scores out keeps their failing signal)
        assert self._failing is not None
        return self._failing

    @property
    def weakest(self) -> str:
        return self.failing.pillar

    @property
    def ranked(self) -> bool:
        """The weakest pillar and its score are known (asking for them costs nothing more):
        scored, or remembered for the dashboard."""
        return self._scores is not None or self._review is not None

    @property
    def weakest_score(self) -> int | None:
        """The weakest pillar's score (None: no signal of it applies)."""
        if self._review is not None:
            return self._review.weakest_score
        return self.scores[self.weakest].score

    @property
    def weakest_evidence(self) -> tuple[str, ...]:
        """Why the weakest pillar scores what it does, a line each."""
        if self._review is not None:
            return self._review.evidence
        return self.scores[self.weakest].evidence

    @property
    def counts(self) -> tuple[int, ...]:
        """The open cards in each column, in COLUMNS order."""
        if self._review is not None:
            return self._review.counts
        return tuple(self.facts.column_counts().values())

    @property
    def people(self) -> PeopleFact:
        return self._review.people if self._review is not None else self.facts.people

    @property
    def plan(self) -> PlanFact | None:
        return self._review.plan if self._review is not None else self.facts.plan

    @property
    def premises(self) -> frozenset[str]:
        """What holds for the account, for coaching that must not contradict it."""
        return self._review.premises if self._review is not None else self.facts.premises

    @property
    def untold(self) -> int:
        return self.facts.untold if self._untold is None else self._untold

    @property
    def late_steps(self) -> int:
        """Open opportunities whose next step's day has passed."""
        found = self._late
        if found is None:
            today = self.today
            found = self._late = sum(1 for o in self.facts.opportunities if o.next_date is not None and o.next_date < today)
        return found


def score_views(items: Iterable[tuple[Client, ClientFacts]], today: date) -> list[ClientView]:
    """Each client's cadence state on `today` (the rest of its rhythm and its pillar scores
    are worked out when first asked for). The cadence module is imported here, once per batch
    rather than once per client."""
    from ..domain.cadence import cadence_status

    return [ClientView(client, facts, cadence_status(client, facts, today), today) for client, facts in items]


class Measures(NamedTuple):
    """What a memo keeps of a client on a day beside its record (`ClientView.remembered`)."""

    cadence: CadenceState
    untold: int
    late: int


class Review(NamedTuple):
    """What the dashboard shows of a client beside its record and its measures, kept by the
    review memo (`services.memos`): its row (the consistency, the weakest pillar, the cards)
    and its detail pane (the weakest pillar's score and evidence, the sponsor, the plan), and
    what its tip is chosen by (the failing signal, the account's premises)."""

    consistency: Consistency
    failing: Failing
    weakest_score: int | None
    evidence: tuple[str, ...]
    counts: tuple[int, ...]  # open cards by column, in COLUMNS order
    people: PeopleFact
    plan: PlanFact | None
    premises: frozenset[str]


class Agenda:
    """Today's agenda: what `coach status` prints and the dashboard summarises.

    The portfolio's pillar scores (and so its weakest pillar) need every active client's
    scores: they are worked out the first time they are asked for (`score()`), then kept."""

    __slots__ = (
        "today",
        "views",
        "currency",
        "kept",
        "archived_count",
        "tallies",
        "tips_shown",
        "_archived",
        "_portfolio",
        "_tips",
        "_tip_for",
    )

    def __init__(
        self,
        today: date,
        views: list[ClientView],
        currency: str = "€",
        kept: KeptRate | None = None,
        archived: list[ClientView] | Callable[[], list[ClientView]] | None = None,
        tips_shown: Sequence[TipShown] = (),
        archived_count: int | None = None,
        tallies: Tallies | None = None,
    ) -> None:
        self.today = today
        self.views = views  # active clients in urgency order
        self.currency = currency  # the user's currency setting
        self.kept = kept  # the manager's kept commitments (part of the portfolio's lead score)
        self.tallies = tallies  # the views' pillar tallies, if worked out already (a memo's)
        # The archived clients (never in the counts or scores): their views, or how to make
        # them when first asked for (`coach status` never asks), and how many there are.
        self._archived = archived or []
        self.archived_count = len(archived) if isinstance(archived, list) else (archived_count or 0)
        self.tips_shown = tips_shown  # the tips shown so far (each client's tip is chosen from them)
        self._portfolio: tuple[dict[str, PillarScore], str | None, Failing | None] | None = None
        self._tips: tuple[tuple[Tip, ...], dict[str, list[TipShown]]] | None = None
        self._tip_for: dict[str, Tip | None] = {}

    @property
    def scored(self) -> bool:
        """The portfolio's scores are known (asking for them costs nothing more)."""
        return self._portfolio is not None

    @property
    def unscored(self) -> int:
        """The active clients whose scores are still to be worked out."""
        return 0 if self.tallies is not None else sum(1 for v in self.views if not v.scored)

    def score(self) -> tuple[dict[str, PillarScore], str | None, Failing | None]:
        """The portfolio's scores, its weakest pillar (None only when no pillar has a score:
        no active client) and that pillar's failing signal, worked out once. Each client's
        scores are kept with its view, which the next agenda reuses while the client does
        not change (a few kilobytes a client)."""
        done = self._portfolio
        if done is not None:
            return done
        from ..domain.pillars import Failing, lowest_pillar, portfolio_of, tally

        tallies = self.tallies if self.tallies is not None else tally(v.scores for v in self.views)
        portfolio = portfolio_of(tallies, len(self.views), self.kept)
        weakest = lowest_pillar({p: s.score for p, s in portfolio.items()})
        aim = None
        if weakest is not None:
            signal = portfolio[weakest].failing
            aim = Failing(weakest, signal.name if signal else None, signal.evidence if signal else "")
        done = self._portfolio = (portfolio, weakest, aim)
        return done

    @property
    def portfolio(self) -> dict[str, PillarScore]:
        return self.score()[0]

    @property
    def weakest(self) -> str | None:
        """None only when no pillar has a score (no active client)."""
        return self.score()[1]

    @property
    def failing(self) -> Failing | None:
        return self.score()[2]

    @property
    def archived_ready(self) -> bool:
        """The archived clients' views are made (asking for them reads nothing)."""
        return not callable(self._archived)

    @property
    def archived(self) -> list[ClientView]:
        """The archived clients by name, each with its state on the agenda's day."""
        found = self._archived
        if callable(found):
            found = self._archived = found()
        return found

    # -- each client's tip, for the dashboard's detail pane ------------------------------------
    @property
    def tips_ready(self) -> bool:
        """The tip library is loaded (`load_tips`): `tip()` costs no file read."""
        return self._tips is not None

    def load_tips(self) -> None:
        """Read the tip library and sort the tips shown by client (in the data thread): then
        `tip()` is a choice among a few dozen tips, quick enough for every cursor move. A
        library that can't be used leaves every client without a tip."""
        if self._tips is not None:
            return
        from ..coaching.tips import TipLibraryError, load_tips

        try:
            library = load_tips()
        except TipLibraryError:
            library = ()
        by_scope: dict[str, list[TipShown]] = {}
        for shown in self.tips_shown:
            by_scope.setdefault(shown.scope, []).append(shown)
        self._tips = (library, by_scope)

    def tip(self, view: ClientView) -> Tip | None:
        """The tip the client's board shows this week for its failing signal (not recorded
        as shown: the board records it when opened). None until `load_tips()` ran, or when no
        tip fits."""
        if self._tips is None or not self._tips[0]:
            return None
        client = view.client
        if client.id in self._tip_for:
            return self._tip_for[client.id]
        from ..coaching.tips import choose_tip
        from ..domain.dates import week_start

        library, by_scope = self._tips
        try:
            tip: Tip | None = choose_tip(
                view.failing,
                by_scope.get(client.id, ()),
                week_start(self.today),
                client.id,
                view.premises,
                client_name=client.name,
                tips=library,
            )
        except ValueError:
            tip = None
        self._tip_for[client.id] = tip
        return tip

    @property
    def overdue(self) -> list[ClientView]:
        return [v for v in self.views if v.cadence.status == "overdue"]

    @property
    def due_this_week(self) -> list[ClientView]:
        from ..domain.cadence import due_within

        return [v for v in self.views if due_within(v.cadence, self.today, 7)]

    @property
    def new(self) -> list[ClientView]:
        return [v for v in self.views if v.cadence.status == "new"]

    @property
    def untold(self) -> int:
        return sum(v.untold for v in self.views)

    @property
    def next_steps_overdue(self) -> int:
        """Open opportunities whose next step's day has passed, across the active clients."""
        return sum(n for _, n in self.late_next_steps)

    @property
    def late_next_steps(self) -> list[tuple[ClientView, int]]:
        """Each active client with open opportunities whose next step's day has passed, and how many."""
        return [(v, v.late_steps) for v in self.views if v.late_steps]

    def to_json(self) -> dict[str, Any]:
        """The agenda as `coach status --json` prints it (the shape is in the README)."""

        def when(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "date": self.today.isoformat(),
            "active_clients": len(self.views),
            "overdue": [
                {
                    "client": v.client.name,
                    "days_over": v.cadence.days_over,
                    "last_value_add": when(v.cadence.last),
                    "next_due": when(v.cadence.next_due),
                    "cadence": str(v.client.cadence),
                }
                for v in self.overdue
            ],
            "due_this_week": [
                {"client": v.client.name, "next_due": when(v.cadence.next_due), "cadence": str(v.client.cadence)}
                for v in self.due_this_week
            ],
            # A new client's first value-add is due now: its next due is today.
            "new": [
                {"client": v.client.name, "added": v.client.added.isoformat(), "next_due": self.today.isoformat()}
                for v in self.new
            ],
            "stewardship_debt": {
                "untold": self.untold,
                "clients": [{"client": v.client.name, "untold": v.untold} for v in self.views if v.untold],
            },
            "next_steps_overdue": {
                "count": self.next_steps_overdue,
                "clients": [{"client": v.client.name, "overdue": n} for v, n in self.late_next_steps],
            },
            "weakest_pillar": None
            if self.weakest is None
            else {
                "pillar": self.weakest,
                "score": self.portfolio[self.weakest].score,
                "evidence": list(self.portfolio[self.weakest].evidence),
                "failing_signal": self.failing.signal if self.failing else None,
            },
            "pillars": {p: s.score for p, s in self.portfolio.items()},
        }


class Opening(NamedTuple):
    """The first read of the store when the app starts: the change token taken before it,
    the dashboard's first agenda, the index it was read with (its weekly entries and
    settings; no entries), and what the first screen needs to know of it."""

    token: Hashable
    snapshot: Any  # the repository's Snapshot, without its entries
    settings: dict[str, Any]
    has_clients: bool  # an active client exists: the weekly prompt may open
    agenda: Agenda
    review_due: bool = False  # the agenda is the index's, not scored: the memo is still to make
    commitment: CurrentCommitment | None = None  # this week's, with its client's name


class Board(NamedTuple):
    """One client's board: open cards by column, the full history, the scores and the tip."""

    view: ClientView
    history: History
    columns: dict[str, list[Card]]
    today: date
    tip: Tip | None = None  # the coaching tip for the weakest pillar, this week
    token: Hashable = None  # the store's change token when the board was read

    @property
    def client(self) -> Client:
        return self.view.client

    @property
    def needs(self) -> list[Card]:
        """Cards that record a need: open Understand cards first, then the rest ever created there."""
        return needs_of(self.history.cards)

    def value_adds(self, limit: int | None = None) -> list[Delivery]:
        found = sorted((d for d in self.history.deliveries if d.is_value_add), key=lambda d: (d.on, d.logged), reverse=True)
        return found[:limit] if limit else found

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.history.cards if c.id == card_id), None)

    def delivery_of(self, card: Card) -> Delivery | None:
        """The delivery `card` stands for (a Steward card logged as one), if still recorded."""
        if card.delivery_id is None:
            return None
        return next((d for d in self.history.deliveries if d.id == card.delivery_id), None)


def needs_of(cards: Iterable[Card]) -> list[Card]:
    """The cards that record a need: open Understand cards first, then every card ever created
    in Understand, oldest first."""
    needs = [c for c in cards if c.column == "understand" or (c.moves and c.moves[0].to_column == "understand")]
    return sorted(needs, key=lambda c: (not (c.is_open and c.column == "understand"), c.created))


Doc = dict[str, Any]


class Move(NamedTuple):
    """A card moved from one column to another (one step or several)."""

    card_id: str
    from_column: str
    to_column: str


class Change(NamedTuple):
    """A board change that can be undone and redone: card and delivery documents before and
    after (None where the thing did not exist), and for a move, the move itself (undone by a
    move back, which keeps both in the card's history)."""

    client_id: str
    description: str
    cards: tuple[tuple[Doc | None, Doc | None], ...] = ()
    deliveries: tuple[tuple[Doc | None, Doc | None], ...] = ()
    move: Move | None = None

    @property
    def card_id(self) -> str | None:
        """The card the change is about (the first one it touches), if any."""
        for before, after in self.cards:
            doc = after or before
            if doc:
                return str(doc["id"])
        return None


class Logged(NamedTuple):
    """A delivery just logged, with the cards the logging made or used."""

    delivery: Delivery
    client: Client
    steward_card: Card | None
    need_card: Card | None  # the Understand card it answers
    need_created: bool
    change: Change


class WeekData(NamedTuple):
    """The weekly coaching as it opens: the portfolio's weakest pillar and its tip, the
    overdue clients, the commitments and the self-assessment."""

    today: date
    week: date
    agenda: Agenda
    tip: Tip | None  # None when the tip library can't be used (tip_problem says why)
    tip_problem: str
    scores: dict[str, int]  # this week's self-assessment so far
    last_scores: dict[str, int]  # the latest earlier self-assessment, as a reminder...
    last_label: str  # ...and when it was: "last week", or "on Nov 2"
    last_commitment: Commitment | None
    commitment: Commitment | None
    candidates: tuple[Candidate, ...] = ()  # active clients, in urgency order, for "commit to the tip"
    suggested: str | None = None  # the client the tip's commitment is for, pre-filled
    names: dict[str, str] = {}  # every client's name by id (a commitment may name an archived one)

    def client_name(self, client_id: str | None) -> str | None:
        return self.names.get(client_id) if client_id else None


class ClientNotes(NamedTuple):
    """What the dashboard's detail pane adds to a client's view, read from its own file
    once the cursor rests on it: its last value-add (with its summary) and our exec sponsor."""

    client_id: str
    last_value_add: Delivery | None
    sponsor: str | None  # the name of our exec sponsor on the account, if one is named


class CurrentCommitment(NamedTuple):
    """This week's commitment as the dashboard and `coach status` show it all week."""

    commitment: Commitment
    client: str | None  # the client's name, when the commitment names one

    def to_json(self) -> dict[str, Any]:
        """The `commitment` key of `coach status --json`."""
        c = self.commitment
        return {
            "text": c.text,
            "client": self.client,
            "tip_id": c.tip_id,
            "week": c.week.isoformat(),
            "kept": c.kept,
            "carried": c.carried,
        }


class WeekHistory(NamedTuple):
    """Past weeks, for the history view: the charts' data and the commitments."""

    today: date
    this_week: date
    assessments: list[Assessment]
    pillar_weeks: dict[date, dict[str, int]]
    commitments: list[Commitment]
    names: dict[str, str] = {}  # every client's name by id, for the clients commitments name


__all__ = [
    "ClientView",
    "Agenda",
    "Opening",
    "Board",
    "needs_of",
    "Move",
    "Change",
    "Logged",
    "PersonRow",
    "PeopleView",
    "PlanView",
    "OpportunityView",
    "WeekData",
    "CurrentCommitment",
    "ClientNotes",
    "WeekHistory",
    "TipShown",
]
