"""The weekly prompt schedule: week boundaries and when the prompt opens."""

from datetime import date, timedelta

import pytest

from coach_tui.coaching.schedule import previous_week, should_prompt, week_of

# 2026-03-04 is a Wednesday; the Monday of its week is 2026-03-02.
WEDNESDAY = date(2026, 3, 4)
MONDAY = date(2026, 3, 2)
SUNDAY_BEFORE = date(2026, 3, 1)


class TestWeekOf:
    def test_monday_is_the_default_start(self):
        assert week_of(WEDNESDAY) == MONDAY

    def test_the_first_day_is_its_own_week_start(self):
        assert week_of(MONDAY) == MONDAY

    def test_the_last_day_belongs_to_the_same_week(self):
        assert week_of(date(2026, 3, 8)) == MONDAY  # Sunday

    @pytest.mark.parametrize("first_weekday", range(7))
    def test_every_day_of_a_week_maps_to_one_start(self, first_weekday):
        start = week_of(WEDNESDAY, first_weekday)
        assert start.weekday() == first_weekday
        assert 0 <= (WEDNESDAY - start).days < 7
        assert {week_of(start + timedelta(days=i), first_weekday) for i in range(7)} == {start}

    def test_sunday_start(self):
        assert week_of(WEDNESDAY, first_weekday=6) == SUNDAY_BEFORE
        assert week_of(SUNDAY_BEFORE, first_weekday=6) == SUNDAY_BEFORE

    def test_across_a_year_boundary(self):
        assert week_of(date(2027, 1, 1)) == date(2026, 12, 28)

    @pytest.mark.parametrize("bad", [-1, 7, 1.5])
    def test_a_bad_first_weekday_is_refused(self, bad):
        with pytest.raises(ValueError, match="first_weekday"):
            week_of(WEDNESDAY, bad)


def test_previous_week_is_seven_days_earlier():
    assert previous_week(MONDAY) == date(2026, 2, 23)
    assert previous_week(date(2026, 1, 5)) == date(2025, 12, 29)


class TestShouldPrompt:
    def test_first_launch_ever_prompts(self):
        assert should_prompt(WEDNESDAY, None)

    def test_already_prompted_this_week_does_not(self):
        assert not should_prompt(WEDNESDAY, MONDAY)
        assert not should_prompt(date(2026, 3, 8), MONDAY)  # still Sunday of the same week

    def test_a_new_week_prompts(self):
        assert should_prompt(date(2026, 3, 9), MONDAY)

    def test_a_skipped_week_still_prompts_once(self):
        assert should_prompt(date(2026, 3, 18), MONDAY)

    def test_first_weekday_moves_the_boundary(self):
        # Prompted for the Monday-based week; on Sunday a Sunday-based week is a new week.
        assert not should_prompt(date(2026, 3, 8), MONDAY, first_weekday=0)
        assert should_prompt(date(2026, 3, 8), SUNDAY_BEFORE, first_weekday=6)

    def test_changing_first_weekday_mid_week_does_not_prompt_again(self):
        # Prompted on Monday 2 March under Monday weeks; the user then switches to Sunday weeks.
        assert not should_prompt(WEDNESDAY, MONDAY, first_weekday=6)

    def test_a_clock_set_back_prompts(self):
        assert should_prompt(date(2026, 2, 25), MONDAY)


@pytest.mark.parametrize(
    "settings, expected",
    [({}, 0), ({"first_weekday": 6}, 6), ({"first_weekday": 7}, 0), ({"first_weekday": "6"}, 0), ({"first_weekday": True}, 0)],
)
def test_first_weekday_from_settings_falls_back_to_monday(settings: dict, expected: int) -> None:
    from coach_tui.coaching.schedule import first_weekday

    assert first_weekday(settings) == expected
