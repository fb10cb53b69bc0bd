"""The weekly loop's rules over its records: which weeks hold an answer, the weakest pillar of
one self-assessment, the kept-rate week by week, which client a tip's commitment is for, and
what carrying an unkept commitment over makes. Pure functions of domain types."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from ..domain.models import Assessment, Commitment
from ..domain.pillars import KEPT_WEEKS, lowest_pillar


@dataclass(frozen=True)
class WeekRow:
    """One past week: its self-assessment and its commitment, either possibly missing."""

    week: date
    assessment: Assessment | None
    commitment: Commitment | None

    @property
    def weakest(self) -> str | None:
        """The weakest pillar of the week's self-assessment (the lowest answer, ties going to
        the earlier pillar, as the method breaks ties)."""
        return lowest_pillar(self.assessment.scores) if self.assessment is not None else None


def week_rows(assessments: list[Assessment], commitments: list[Commitment], this_week: date) -> list[WeekRow]:
    """Every week up to this one holding an assessment or a commitment, newest first."""
    by_week_a = {a.week: a for a in assessments if a.week <= this_week}
    by_week_c = {c.week: c for c in commitments if c.week <= this_week and c.text.strip()}
    weeks = sorted(set(by_week_a) | set(by_week_c), reverse=True)
    return [WeekRow(w, by_week_a.get(w), by_week_c.get(w)) for w in weeks]


def kept_rate(rows: list[WeekRow]) -> tuple[int, int]:
    """(kept, answered) over the commitments whose "kept?" was answered."""
    answered = [r.commitment.kept for r in rows if r.commitment is not None and r.commitment.kept is not None]
    return sum(1 for kept in answered if kept), len(answered)


def kept_rate_by_week(commitments: Iterable[Commitment], weeks: Sequence[date]) -> dict[date, int]:
    """For each of `weeks`, the share (0 to 100) of the commitments of the KEPT_WEEKS weeks up
    to and including it that were kept, of those whose "kept?" was answered: the rate the
    Lead pillar reads, as it stood that week. A week with no answered commitment in its
    window has no value."""
    answered = [c for c in commitments if c.kept is not None and c.text.strip()]
    rates: dict[date, int] = {}
    for week in weeks:
        window = [c for c in answered if week - timedelta(weeks=KEPT_WEEKS - 1) <= c.week <= week]
        if window:
            rates[week] = round(100 * sum(1 for c in window if c.kept) / len(window))
    return rates


def current_commitment(commitments: Iterable[Commitment], week: date) -> Commitment | None:
    """The commitment of the week starting on `week`, if one was written."""
    return next((c for c in commitments if c.week == week and c.text.strip()), None)


class Candidate(NamedTuple):
    """An active client as the tip's commitment may name it: its failing signal and the score
    of its weakest pillar (the lower, the more it needs the tip)."""

    client_id: str
    name: str
    pillar: str
    signal: str | None
    score: int | None


def client_for_tip(pillar: str | None, signals: Iterable[str], candidates: Sequence[Candidate]) -> str | None:
    """The client a tip's action is best done for: one whose failing signal the tip answers;
    failing that, one whose weakest pillar is the tip's; failing that, the first candidate.
    Within a group, the lowest score first, then the candidates' own order (urgency)."""
    answered = set(signals)

    def lowest(group: list[tuple[int, Candidate]]) -> str | None:
        if not group:
            return None
        _, best = min(group, key=lambda ic: (ic[1].score if ic[1].score is not None else 101, ic[0]))
        return best.client_id

    indexed = list(enumerate(candidates))
    return (
        lowest([ic for ic in indexed if ic[1].signal is not None and ic[1].signal in answered])
        or lowest([ic for ic in indexed if ic[1].pillar == pillar])
        or (candidates[0].client_id if candidates else None)
    )


def carried_over(unkept: Commitment, week: date) -> Commitment:
    """This week's commitment made from one not kept: the same line, client and tip, marked
    as carried, not yet answered."""
    return replace(unkept, week=week, kept=None, obstacle="", carried=True)


__all__ = [
    "WeekRow",
    "week_rows",
    "kept_rate",
    "kept_rate_by_week",
    "current_commitment",
    "Candidate",
    "client_for_tip",
    "carried_over",
]
