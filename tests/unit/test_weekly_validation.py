"""The weekly coaching's answers are checked before they are stored: a self-assessment or a
week's pillar scores for a pillar that is not one of the five, or out of range, is refused by
name (the store would refuse to read it back: written, it would lock the user out of coach.json)."""

from __future__ import annotations

from datetime import date

import pytest

from coach_tui.domain.errors import InputError
from coach_tui.domain.models import PILLARS
from coach_tui.domain.pillars import PillarScore
from coach_tui.domain.validation import check_pillar_scores, check_self_scores
from coach_tui.services import Coach

WEEK = date(2026, 11, 23)


def test_a_self_assessment_for_an_unknown_pillar_is_refused_naming_it_and_the_five(coach: Coach) -> None:
    accepted = "use one of recognize, lead, strategy, tactics, value"
    with pytest.raises(InputError, match=f"unknown pillar 'vision': {accepted}") as raised:
        coach.weekly.save_assessment(WEEK, {"lead": 4, "vision": 3})
    assert raised.value.field == "pillar"
    assert coach.repo.read().assessments == []  # nothing stored, not even the good answer


def test_a_self_assessment_out_of_range_is_refused(coach: Coach) -> None:
    for bad in (0, 6, -1, True, 2.5):
        with pytest.raises(InputError, match="1 to 5"):
            coach.weekly.save_assessment(WEEK, {"lead": bad})  # type: ignore[dict-item]
    assert coach.repo.read().assessments == []


def test_a_good_self_assessment_is_stored_and_reads_back(coach: Coach) -> None:
    coach.weekly.save_assessment(WEEK, {"lead": 4})
    coach.weekly.save_assessment(WEEK, {"value": 2})
    [stored] = coach.repo.read().assessments
    assert stored.scores == {"lead": 4, "value": 2}


def test_a_weeks_pillar_scores_for_an_unknown_pillar_or_out_of_range_are_refused(coach: Coach) -> None:
    with pytest.raises(InputError, match="unknown pillar 'vision'"):
        coach.weekly.record_weekly(WEEK, {"vision": PillarScore("vision", 50, ())})
    with pytest.raises(InputError, match="0 to 100"):
        coach.weekly.record_weekly(WEEK, {"lead": PillarScore("lead", 101, ())})
    assert coach.repo.read().pillar_weeks == []
    coach.weekly.record_weekly(WEEK, {p: PillarScore(p, 50 if p != "lead" else None, ()) for p in PILLARS})
    [week] = coach.repo.read().pillar_weeks
    assert week.scores == {p: 50 for p in PILLARS if p != "lead"}


def test_the_checks_name_a_non_text_pillar_too() -> None:
    with pytest.raises(InputError, match="unknown pillar 3"):
        check_self_scores({3: 2})  # type: ignore[dict-item]
    with pytest.raises(InputError, match="unknown pillar ''"):
        check_pillar_scores({"": 2})
    assert check_pillar_scores({"tactics": 0, "value": 100}) == {"tactics": 0, "value": 100}
