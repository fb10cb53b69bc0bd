"""The tip library as shipped, its validation, and which tip is shown when."""

import copy
import tomllib
from collections import Counter
from datetime import date, timedelta
from importlib.resources import files

import pytest

from coach_tui.coaching.tips import (
    LIMITS,
    Tip,
    TipLibraryError,
    choose_tip,
    load_tips,
    parse_tips,
    tip_by_id,
    tips_for_pillar,
    tips_for_step,
    validate_tips,
)
from coach_tui.domain.models import COLUMNS, PILLARS, TipShown

WEEK = date(2026, 3, 2)  # a Monday


def weeks_ago(n: int) -> date:
    return WEEK - timedelta(weeks=n)


def shown(tip_id: str, n: int, scope: str = "portfolio") -> TipShown:
    return TipShown(tip_id, weeks_ago(n), scope)


def tip(tip_id: str, pillar: str = "value") -> Tip:
    return Tip(tip_id, f"Title {tip_id}", "Body.", "Do it.", "Why?", pillar=pillar)


# A small custom library: three value tips in this order, one lead tip.
LIBRARY = (tip("value-a"), tip("value-b"), tip("value-c"), tip("lead-only", "lead"))


@pytest.fixture(scope="module")
def raw_library() -> dict:
    return tomllib.loads(files("coach_tui.data").joinpath("tips.toml").read_text(encoding="utf-8"))


class TestShippedLibrary:
    def test_it_validates(self, raw_library):
        assert validate_tips(raw_library) == []

    def test_it_loads_in_library_order(self, raw_library):
        assert [t.id for t in load_tips()] == [e["id"] for e in raw_library["tip"]]

    def test_ids_are_unique(self):
        ids = [t.id for t in load_tips()]
        assert len(ids) == len(set(ids))

    def test_enough_tips_per_pillar_and_step(self):
        counts = Counter(t.topic for t in load_tips())
        for pillar in PILLARS:
            assert counts[pillar] >= 6, pillar
        for step in COLUMNS:
            assert counts[step] >= 3, step

    def test_each_tip_has_exactly_one_valid_pillar_or_step(self):
        for t in load_tips():
            assert (t.pillar is None) != (t.step is None), t.id
            assert t.pillar in PILLARS if t.pillar else t.step in COLUMNS, t.id
            assert t.id.startswith(t.topic + "-"), t.id

    def test_fields_are_filled_and_within_limits(self):
        for t in load_tips():
            for name in ("id", "title", "body", "action", "question"):
                assert getattr(t, name).strip(), (t.id, name)
            for name, limit in LIMITS.items():
                assert len(getattr(t, name)) <= limit, (t.id, name)
            assert t.question.endswith("?"), t.id

    def test_no_two_tips_repeat_a_title_action_or_question(self):
        for name in ("title", "action", "question"):
            values = [getattr(t, name).lower() for t in load_tips()]
            assert len(values) == len(set(values)), name

    def test_lookups(self):
        assert tip_by_id("value-rhythm-calendar").pillar == "value"
        assert tip_by_id("no-such-tip") is None
        assert all(t.pillar == "lead" for t in tips_for_pillar("lead"))
        assert [t.step for t in tips_for_step("steward")] == ["steward"] * len(tips_for_step("steward"))
        with pytest.raises(ValueError, match="unknown step"):
            tips_for_step("deploy")
        with pytest.raises(ValueError, match="unknown pillar"):
            tips_for_pillar("vision")


class TestValidation:
    def broken(self, raw_library, index: int = 0, **changes) -> dict:
        raw = copy.deepcopy(raw_library)
        for key, value in changes.items():
            if value is None:
                raw["tip"][index].pop(key, None)
            else:
                raw["tip"][index][key] = value
        return raw

    def test_empty_library(self):
        assert validate_tips({}) == ["the library has no [[tip]] entries"]

    def test_duplicate_id(self, raw_library):
        raw = self.broken(raw_library, 1, id=raw_library["tip"][0]["id"])
        assert any("duplicate id" in p for p in validate_tips(raw))

    def test_both_pillar_and_step(self, raw_library):
        raw = self.broken(raw_library, step="plan")
        assert any("exactly one of 'pillar' or 'step'" in p for p in validate_tips(raw))

    def test_unknown_pillar(self, raw_library):
        raw = self.broken(raw_library, pillar="vision")
        assert any("pillar 'vision' is not one of" in p for p in validate_tips(raw))

    def test_id_not_prefixed_by_its_topic(self, raw_library):
        raw = self.broken(raw_library, id="map-white-space")
        assert any("must start with 'recognize-'" in p for p in validate_tips(raw))

    def test_id_not_kebab_case(self, raw_library):
        raw = self.broken(raw_library, id="recognize_Map")
        assert any("kebab-case" in p for p in validate_tips(raw))

    def test_too_long_and_empty_and_missing(self, raw_library):
        raw = self.broken(raw_library, title="x" * 61, body="  ", action=None)
        problems = validate_tips(raw)
        assert any("'title' has 61 characters, at most 60" in p for p in problems)
        assert any("'body' is missing or empty" in p for p in problems)
        assert any("'action' is missing or empty" in p for p in problems)

    def test_question_without_question_mark(self, raw_library):
        raw = self.broken(raw_library, question="Think about it.")
        assert any("must end with '?'" in p for p in validate_tips(raw))

    def test_unknown_field(self, raw_library):
        raw = self.broken(raw_library, author="me")
        assert any("unknown field 'author'" in p for p in validate_tips(raw))

    def test_too_few_tips_for_a_pillar(self, raw_library):
        raw = copy.deepcopy(raw_library)
        raw["tip"] = [e for e in raw["tip"] if e.get("pillar") != "lead"]
        assert "pillar 'lead' has 0 tips, at least 6 needed" in validate_tips(raw)

    def test_parse_raises_one_error_listing_every_problem(self, raw_library):
        raw = self.broken(raw_library, question="No mark", title="")
        with pytest.raises(TipLibraryError) as caught:
            parse_tips(raw)
        message = str(caught.value)
        assert "tips.toml has 2 problem(s)" in message
        assert "'title' is missing or empty" in message and "must end with '?'" in message


class TestChooseTip:
    def test_no_history_gives_the_first_tip_of_the_pillar(self):
        assert choose_tip("value", [], WEEK, tips=LIBRARY).id == "value-a"

    def test_never_shown_tips_come_first(self):
        history = [shown("value-a", 3)]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-b"

    def test_least_recently_shown_wins(self):
        history = [shown("value-b", 2), shown("value-a", 5), shown("value-c", 3)]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-a"

    def test_the_latest_showing_of_a_tip_counts(self):
        # value-a was shown long ago but also recently; value-c is the least recent.
        history = [shown("value-a", 9), shown("value-c", 6), shown("value-b", 4), shown("value-a", 2)]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-c"

    def test_ties_go_to_library_order(self):
        history = [shown("value-c", 4), shown("value-b", 4), shown("value-a", 1)]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-b"

    def test_rotation_over_many_weeks_never_repeats_back_to_back(self):
        history: list[TipShown] = []
        for n in range(12, 0, -1):
            week = weeks_ago(n)
            picked = choose_tip("value", history, week, tips=LIBRARY)
            history.append(TipShown(picked.id, week, "portfolio"))
        ids = [h.tip_id for h in history]
        assert ids[:6] == ["value-a", "value-b", "value-c"] * 2
        assert all(a != b for a, b in zip(ids, ids[1:], strict=False))

    def test_last_weeks_tip_is_skipped_even_when_it_is_the_least_recent(self):
        # After the clock was set back, b and c carry records from "future" weeks, which makes
        # last week's tip a the least recent one; the two-weeks-running rule still skips it.
        history = [shown("value-a", 1), shown("value-b", -1), shown("value-c", -2)]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-b"

    def test_when_every_tip_was_shown_last_week_the_least_recent_repeats(self):
        two = (tip("value-a"), tip("value-b"))
        # b was recorded mid-week under another first weekday: both fall in last week.
        history = [shown("value-a", 1), TipShown("value-b", WEEK - timedelta(days=3), "portfolio")]
        assert choose_tip("value", history, WEEK, tips=two).id == "value-a"

    def test_a_pillar_with_a_single_tip_repeats(self):
        history = [shown("lead-only", 1)]
        assert choose_tip("lead", history, WEEK, tips=LIBRARY).id == "lead-only"

    def test_stable_within_a_week(self):
        history = [shown("value-a", 2), shown("value-c", 0)]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-c"
        # Still value-c even though value-b has never been shown.
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-c"

    def test_this_weeks_record_for_another_pillar_does_not_pin_this_one(self):
        history = [shown("lead-only", 0)]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-a"

    def test_scopes_rotate_separately(self):
        history = [shown("value-a", 1, "client-1"), shown("value-b", 2, "client-1")]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-a"
        assert choose_tip("value", history, WEEK, scope="client-1", tips=LIBRARY).id == "value-c"
        assert choose_tip("value", history, WEEK, scope="client-2", tips=LIBRARY).id == "value-a"

    def test_stability_is_per_scope(self):
        history = [shown("value-b", 0, "client-1")]
        assert choose_tip("value", history, WEEK, scope="client-1", tips=LIBRARY).id == "value-b"
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-a"

    def test_history_of_tips_no_longer_in_the_library_is_ignored(self):
        history = [shown("value-retired", 1), shown("value-a", 2)]
        assert choose_tip("value", history, WEEK, tips=LIBRARY).id == "value-b"

    def test_a_pillar_without_tips_is_an_error(self):
        with pytest.raises(ValueError, match="no tip for pillar 'tactics'"):
            choose_tip("tactics", [], WEEK, tips=LIBRARY)

    def test_the_shipped_library_serves_every_pillar(self):
        for pillar in PILLARS:
            assert choose_tip(pillar, [], WEEK).pillar == pillar
