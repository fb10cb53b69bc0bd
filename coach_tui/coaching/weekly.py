"""The weekly loop's rules over its records: which weeks hold an answer, and the weakest
pillar of one self-assessment. Pure functions of domain types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.models import Assessment, Commitment
from ..domain.pillars import lowest_pillar


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


__all__ = ["WeekRow", "week_rows", "kept_rate"]
