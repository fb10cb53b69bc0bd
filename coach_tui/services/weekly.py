"""The weekly loop: open the week's coaching (the portfolio's weakest pillar, its tip, the
overdue clients, the commitments, the self-assessment), store each answer as it is given,
and say when the first launch of a new week should open it.

Opening the coaching records what it showed (the portfolio's pillar scores, for the history
chart, and the tip, so the week's tip stays the same when reopened and next week brings
another) in one write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..domain.dates import format_date
from ..domain.models import Assessment, Commitment, PillarWeek
from ..domain.validation import check_self_scores, clean_commitment
from .base import UseCases
from .board import note_tip
from .portfolio import Portfolio
from .read_models import Opening, WeekData, WeekHistory

if TYPE_CHECKING:
    from ..coaching.tips import Tip
    from ..domain.pillars import PillarScore
    from ..store.repository import Repository
    from ..store.snapshot import Snapshot


class Keep:
    """ "Leave it as stored" (for an argument where None means something)."""


KEEP = Keep()


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

        settings = (snapshot or self.repo.read()).settings
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
        )

    def history(self) -> WeekHistory:
        """Past weeks' answers and the pillar scores the coaching showed, for the charts."""
        snapshot = self.repo.read()
        return WeekHistory(
            today=self.today(),
            this_week=self.week(snapshot),
            assessments=list(snapshot.assessments),
            pillar_weeks={w.week: w.scores for w in snapshot.pillar_weeks},
            commitments=list(snapshot.commitments),
        )

    def save_assessment(self, week: date, scores: dict[str, int]) -> Assessment:
        """Score pillars of the week's self-assessment: the pillars given, the others as
        stored (scored elsewhere meanwhile, they stay)."""
        given = check_self_scores(scores)
        with self.repo.transaction() as txn:
            stored = next((a for a in txn.snapshot().assessments if a.week == week), None)
            assessment = Assessment(week, {**(stored.scores if stored else {}), **given}, self.now())
            txn.put_assessment(assessment)
        return assessment

    def save_commitment(self, week: date, text: str | None = None, kept: bool | None | Keep = KEEP) -> Commitment:
        """Write the week's commitment, or answer whether it was kept: only what is given
        changes (writing the text leaves "kept?" as it was answered, and the other way round)."""
        clean = clean_commitment(text) if text is not None else None
        with self.repo.transaction() as txn:
            stored = next((c for c in txn.snapshot().commitments if c.week == week), None)
            commitment = Commitment(
                week,
                clean if clean is not None else (stored.text if stored else ""),
                (stored.kept if stored else None) if isinstance(kept, Keep) else kept,
            )
            txn.put_commitment(commitment)
        return commitment

    def record_tip(self, tip_id: str, week: date, scope: str = "portfolio") -> None:
        with self.repo.transaction() as txn:
            note_tip(txn, tip_id, week, scope)

    def record_weekly(self, week: date, scores: dict[str, PillarScore], tip_id: str | None = None) -> None:
        """What the weekly coaching showed this week, in one write: the portfolio's pillar
        scores (kept for the history chart; the latest showing of a week wins) and its tip."""
        with self.repo.transaction() as txn:
            txn.put_pillar_week(PillarWeek(week, {p: s.score for p, s in scores.items() if s.score is not None}))
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
            txn.put_settings(last_prompted_week=self.week(txn.snapshot()).isoformat())


__all__ = ["Weekly", "stored_week"]
