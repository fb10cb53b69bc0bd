"""The weekly loop: open the week's coaching (the portfolio's weakest pillar, its tip, the
overdue clients, the commitments, the self-assessment), store each answer as it is given,
and say when the first launch of a new week should open it.

Opening the coaching records what it showed (the portfolio's pillar scores, for the history
chart, and the tip, so the week's tip stays the same when reopened and next week brings
another) in one write. Once shown, the week's tip is fixed: reopening the coaching the same
week shows it again, whatever changed in the data meanwhile.

The commitment can be made from the tip (its action, for a named client), answered "kept?"
the week after, with what got in the way when it was not, and carried over into the new week.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..coaching.weekly import Candidate, client_for_tip
from ..domain.dates import format_date
from ..domain.errors import InputError, NotFound
from ..domain.models import Assessment, Commitment, PillarWeek
from ..domain.validation import check_pillar_scores, check_self_scores, clean_commitment, clean_text
from ..textsafe import visible
from .base import UseCases
from .board import note_tip
from .portfolio import Portfolio
from .read_models import Agenda, CurrentCommitment, Opening, WeekData, WeekHistory

if TYPE_CHECKING:
    from ..coaching.tips import Tip
    from ..domain.pillars import PillarScore
    from ..store.repository import Repository
    from ..store.snapshot import Snapshot


class Keep:
    """ "Leave it as stored" (for an argument where None means something)."""


KEEP = Keep()

OBSTACLE_LIMIT = 200  # "what got in the way": one line


def stored_week(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class Weekly(UseCases):
    """The weekly coaching's reads and writes."""

    def __init__(self, repo: Repository, today: Callable[[], date], now: Callable[[], datetime]) -> None:
        super().__init__(repo, today, now)
        self.portfolio = Portfolio(repo, today, now)

    def week(self, snapshot: Snapshot | None = None) -> date:
        """The first day of this week, by the user's week-start setting."""
        from ..coaching.schedule import first_weekday, week_of

        settings = (snapshot or self.repo.head()).settings
        return week_of(self.today(), first_weekday(settings))

    def open(self) -> WeekData:
        """Read the week's coaching and record what it shows (best effort: a store that
        can't be written now still shows the coaching, and records it the next time)."""
        from ..coaching.schedule import previous_week
        from ..coaching.tips import TipLibraryError, choose_tip
        from ..domain.errors import DataError

        snapshot = self.repo.read()
        today = self.today()
        week = self.week(snapshot)
        agenda = self.portfolio.agenda_of(snapshot)
        tip: Tip | None = None
        problem = ""
        try:
            if agenda.failing is not None:
                # Premises that hold for every active client: a tip for the portfolio must
                # not contradict any of them.
                premises = frozenset.intersection(*(v.facts.premises for v in agenda.views)) if agenda.views else frozenset()
                tip = choose_tip(agenda.failing, snapshot.tips_shown, week, "portfolio", premises)
            tip = self._fixed_tip(snapshot, week, agenda, tip)
        except (TipLibraryError, ValueError) as error:
            # A broken tip library must not keep the user from the rest of the weekly prompt.
            problem = str(error).splitlines()[0]
        try:
            self.record_weekly(week, agenda.portfolio, tip.id if tip is not None else None)
        except DataError:
            pass
        this = next((a for a in snapshot.assessments if a.week == week), None)
        earlier = [a for a in snapshot.assessments if a.week < week]
        last = max(earlier, key=lambda a: a.week) if earlier else None
        if last is None or last.week == previous_week(week):
            last_label = "last week"
        else:
            last_label = f"on {format_date(last.week, today, relative=False)}"
        commitments = {c.week: c for c in snapshot.commitments}
        candidates = candidates_of(agenda)
        return WeekData(
            today=today,
            week=week,
            agenda=agenda,
            tip=tip,
            tip_problem=problem,
            scores=dict(this.scores) if this else {},
            last_scores=dict(last.scores) if last else {},
            last_label=last_label,
            last_commitment=commitments.get(previous_week(week)),
            commitment=commitments.get(week),
            candidates=candidates,
            suggested=client_for_tip(tip.pillar, tip.signals, candidates) if tip is not None else None,
            names={e.client.id: e.client.name for e in snapshot.entries},
        )

    def _fixed_tip(self, snapshot: Snapshot, week: date, agenda: Agenda, chosen: Tip | None) -> Tip | None:
        """The tip this week's coaching first showed, if it is still in the library: the
        week's tip stays the same once shown, even when the data moved the failing signal
        since (`chosen`, the tip the data picks now, shows otherwise)."""
        from ..coaching.tips import choose_tip, tip_by_id
        from ..domain.pillars import Failing

        recorded = [h.tip_id for h in snapshot.tips_shown if h.scope == "portfolio" and h.week == week]
        if not recorded or (chosen is not None and chosen.id == recorded[-1]):
            return chosen
        fixed = tip_by_id(recorded[-1])
        if fixed is None:
            return chosen
        failing = agenda.failing
        if failing is not None and (failing.signal in fixed.signals or fixed.pillar is None):
            aim = failing  # a step's tip is chosen through the signal that brings its step
        elif fixed.pillar is not None:
            aim = Failing(fixed.pillar)
        else:
            return chosen
        try:
            # Through choose_tip, so its placeholders are filled as when it was first shown.
            return choose_tip(aim, [], week, "portfolio", None, tips=[fixed])
        except ValueError:
            return chosen  # it quotes evidence that no longer holds

    def history(self) -> WeekHistory:
        """Past weeks' answers and the pillar scores the coaching showed, for the charts."""
        snapshot = self.repo.read()
        return WeekHistory(
            today=self.today(),
            this_week=self.week(snapshot),
            assessments=list(snapshot.assessments),
            pillar_weeks={w.week: w.scores for w in snapshot.pillar_weeks},
            commitments=list(snapshot.commitments),
            names={e.client.id: e.client.name for e in snapshot.entries},
        )

    def save_assessment(self, week: date, scores: dict[str, int]) -> Assessment:
        """Score pillars of the week's self-assessment: the pillars given, the others as
        stored (scored elsewhere meanwhile, they stay)."""
        given = check_self_scores(scores)
        with self.repo.transaction() as txn:
            stored = next((a for a in txn.head().assessments if a.week == week), None)
            assessment = Assessment(week, {**(stored.scores if stored else {}), **given}, self.now())
            txn.put_assessment(assessment)
        return assessment

    def save_commitment(
        self,
        week: date,
        text: str | None = None,
        kept: bool | None | Keep = KEEP,
        *,
        client_id: str | None | Keep = KEEP,
        tip_id: str | None | Keep = KEEP,
        obstacle: str | None = None,
        carried: bool | Keep = KEEP,
    ) -> Commitment:
        """Write the week's commitment, or answer whether it was kept: only what is given
        changes (writing the text leaves "kept?" as it was answered, and the other way round).
        `client_id` names the client it is for (an existing client; None: no client), `tip_id`
        the tip it was made from, `obstacle` what got in the way of one not kept (one line).
        Answering "kept" clears the obstacle; emptying the line clears what it was tied to
        (client, tip, carried over) unless given."""
        clean = clean_commitment(text) if text is not None else None
        got_in_the_way = clean_obstacle(obstacle) if obstacle is not None else None
        with self.repo.transaction() as txn:
            snapshot = txn.snapshot()
            if isinstance(client_id, str) and not any(e.client.id == client_id for e in snapshot.entries):
                raise NotFound(f"no client has the id {visible(client_id)!r}", "client")
            stored = next((c for c in snapshot.commitments if c.week == week), None) or Commitment(week, "")
            answer = stored.kept if isinstance(kept, Keep) else kept
            if got_in_the_way and answer is not False:
                raise InputError("what got in the way is kept only for a commitment that was not kept", "obstacle")
            if clean == "":
                stored = Commitment(week, "", stored.kept)  # an emptied line is tied to nothing
            commitment = Commitment(
                week,
                clean if clean is not None else stored.text,
                answer,
                stored.client_id if isinstance(client_id, Keep) else client_id,
                stored.tip_id if isinstance(tip_id, Keep) else tip_id,
                got_in_the_way if got_in_the_way is not None else (stored.obstacle if answer is False else ""),
                stored.carried if isinstance(carried, Keep) else carried,
            )
            txn.put_commitment(commitment)
        return commitment

    def carry_over(self, from_week: date, to_week: date) -> Commitment:
        """Make `to_week`'s commitment from `from_week`'s unkept one (the same line, client and
        tip, marked carried). Refused when `to_week` already has a commitment written, or the
        earlier one is not answered "not kept"."""
        from ..coaching.weekly import carried_over, current_commitment

        with self.repo.transaction() as txn:
            commitments = txn.head().commitments
            unkept = current_commitment(commitments, from_week)
            if unkept is None or unkept.kept is not False:
                raise InputError('only a commitment answered "not kept" can be carried over', "commitment")
            there = current_commitment(commitments, to_week)
            if there is not None:
                raise InputError(
                    f"this week already has a commitment ({visible(there.text)!r}); change it on the weekly screen", "commitment"
                )
            commitment = carried_over(unkept, to_week)
            txn.put_commitment(commitment)
        return commitment

    def current(self, snapshot: Snapshot | None = None, agenda: Agenda | None = None) -> CurrentCommitment | None:
        """This week's commitment, with the name of the client it is for; None if none. The
        name is looked up in `agenda` if given (`Portfolio.status` reads no entries), else
        in the snapshot's entries, else in the directory."""
        from ..coaching.weekly import current_commitment

        snapshot = snapshot or self.repo.head()
        found = current_commitment(snapshot.commitments, self.week(snapshot))
        if found is None:
            return None
        cid = found.client_id
        name = next((v.client.name for v in agenda.views if v.client.id == cid), None) if agenda else None
        if name is None:
            name = next((e.client.name for e in snapshot.entries if e.client.id == cid), None)
        if name is None and cid is not None and not snapshot.entries:
            name = next((n for i, n, _archived in self.repo.names() if i == cid), None)
        return CurrentCommitment(found, name)

    def record_tip(self, tip_id: str, week: date, scope: str = "portfolio") -> None:
        with self.repo.transaction() as txn:
            note_tip(txn, tip_id, week, scope)

    def record_weekly(self, week: date, scores: dict[str, PillarScore], tip_id: str | None = None) -> None:
        """What the weekly coaching showed this week, in one write: the portfolio's pillar
        scores (kept for the history chart; the latest showing of a week wins) and its tip."""
        shown = check_pillar_scores({p: s.score for p, s in scores.items() if s.score is not None})
        with self.repo.transaction() as txn:
            txn.put_pillar_week(PillarWeek(week, shown))
            if tip_id is not None:
                note_tip(txn, tip_id, week, "portfolio")

    def prompt_due(self, opening: Opening) -> bool:
        """True on the first launch of a week not prompted for yet, once there is a client (an
        empty portfolio shows the first-run panel instead)."""
        from ..coaching.schedule import first_weekday, should_prompt

        if not opening.has_clients:
            return False
        settings = opening.settings
        return should_prompt(self.today(), stored_week(settings.get("last_prompted_week")), first_weekday(settings))

    def note_prompted(self) -> None:
        """Remember that this week's prompt was shown."""
        with self.repo.transaction() as txn:
            txn.put_settings(last_prompted_week=self.week(txn.head()).isoformat())


def clean_obstacle(text: str) -> str:
    """What got in the way of a commitment: one line, at most OBSTACLE_LIMIT characters."""
    line = " ".join(text.split())
    return clean_text(line, "note on what got in the way", "obstacle", OBSTACLE_LIMIT, required=False)


def candidates_of(agenda: Agenda) -> tuple[Candidate, ...]:
    """The active clients as the tip's commitment may name them, in urgency order."""
    return tuple(
        Candidate(v.client.id, v.client.name, v.weakest, v.failing.signal, v.scores[v.weakest].score) for v in agenda.views
    )


__all__ = ["Weekly", "stored_week", "clean_obstacle", "candidates_of", "OBSTACLE_LIMIT"]
