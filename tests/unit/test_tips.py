"""The tip library as shipped, its validation, and which tip is shown when."""

import copy
import itertools
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files

import pytest

from coach_tui.coaching.tips import (
    FLAGS,
    LIMITS,
    SIGNAL_PILLAR,
    SIGNAL_STEPS,
    SIGNALS,
    Failing,
    Tip,
    TipLibraryError,
    choose_tip,
    load_tips,
    parse_tips,
    tip_by_id,
    tips_for_pillar,
    tips_for_signal,
    tips_for_step,
    validate_tips,
)
from coach_tui.domain.models import COLUMNS, PILLARS, TipShown
from coach_tui.domain.pillars import WEIGHTS as SIGNAL_WEIGHTS

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


# -- aimed at the failing signal ---------------------------------------------------------------

# What a failing signal tells about the client's facts: (flags that must hold, flags that cannot).
# `next-steps` judges open opportunities, so some exist; `sponsor` fails only without one;
# `reviewed` and `shared` judge a written plan. The other signals can fail whatever the facts.
IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "next-steps": (frozenset({"opportunities"}), frozenset()),
    "sponsor": (frozenset(), frozenset({"sponsor"})),
    "reviewed": (frozenset({"plan"}), frozenset()),
    "shared": (frozenset({"plan"}), frozenset()),
}


def facts_while_failing(signal: str) -> list[frozenset[str]]:
    """Every set of flags a client can have while `signal` fails."""
    held, ruled_out = IMPLIED.get(signal, (frozenset(), frozenset()))
    combos = (frozenset(c) for n in range(len(FLAGS) + 1) for c in itertools.combinations(FLAGS, n))
    return [c for c in combos if held <= c and not c & ruled_out]


def failing(signal: str, evidence: str = "") -> Failing:
    return Failing(SIGNAL_PILLAR[signal], signal, evidence)


class TestShippedLibraryBySignal:
    def test_the_catalogue_names_every_pillar_and_signal_once(self):
        assert tuple(SIGNALS) == PILLARS
        every = [s for signals in SIGNALS.values() for s in signals]
        assert len(every) == len(set(every)) == len(SIGNAL_PILLAR)
        assert set(SIGNAL_STEPS) <= set(SIGNAL_PILLAR)
        assert {step for steps in SIGNAL_STEPS.values() for step in steps} == set(COLUMNS)

    def test_every_signal_the_scoring_engine_reports_is_in_the_catalogue(self):
        for pillar, weights in SIGNAL_WEIGHTS.items():
            assert set(weights) <= set(SIGNALS[pillar]), pillar

    @pytest.mark.parametrize("signal", list(SIGNAL_PILLAR))
    def test_every_signal_has_three_tips_that_can_apply_while_it_fails(self, signal):
        held, ruled_out = IMPLIED.get(signal, (frozenset(), frozenset()))
        usable = [t for t in tips_for_signal(signal) if not set(t.requires) & ruled_out and not set(t.unless) & held]
        assert len(usable) >= 3, [t.id for t in usable]

    @pytest.mark.parametrize("signal", list(SIGNAL_PILLAR))
    def test_a_failing_signal_always_has_two_tips_of_its_own(self, signal):
        # Whatever the client's facts, with no client named and no evidence (the portfolio's
        # case), two tips answer the signal: the rotation never has to leave it.
        for facts in facts_while_failing(signal):
            fitting = [t for t in tips_for_signal(signal) if t.fits(facts) and not t.uses("client") and not t.uses("evidence")]
            assert len(fitting) >= 2, (signal, sorted(facts), [t.id for t in fitting])

    def test_pillar_tips_answer_a_signal_of_their_pillar(self):
        for t in load_tips():
            if t.pillar:
                assert any(SIGNAL_PILLAR[s] == t.pillar for s in t.signals), t.id
            assert set(t.requires) <= set(FLAGS) and set(t.unless) <= set(FLAGS), t.id
            assert not set(t.requires) & set(t.unless), t.id

    def test_a_sponsor_tip_never_asks_for_a_sponsor_that_is_not_there(self):
        for t in load_tips():
            if "sponsor" in t.signals:
                assert "sponsor" not in t.requires, t.id
        assert "sponsor" in tip_by_id("lead-sponsor-calls-their-exec").requires
        assert "sponsor" in tip_by_id("lead-name-a-sponsor").unless

    def test_placeholders_fill_into_plain_sentences(self):
        named = [t for t in load_tips() if t.uses("client") or t.uses("evidence")]
        assert named, "the library should name the client somewhere"
        for t in named:
            assert t.signals, t.id
            assert "{" not in t.question and "}" not in t.question, t.id
            signal = t.signals[0]
            aim = Failing(SIGNAL_PILLAR[signal], signal, "no decision-maker touched in 94 days")
            got = choose_tip(aim, [], WEEK, "c1", None, "Acme Holdings", tips=[t])
            for name in ("title", "body", "action"):
                text = getattr(got, name)
                assert "{" not in text and "}" not in text, (t.id, name)
                assert "Acme Holdings'" not in text, (t.id, name)

    @pytest.mark.parametrize("signal", list(SIGNAL_PILLAR))
    def test_rotation_stays_on_the_signal_and_never_repeats_back_to_back(self, signal):
        for facts in facts_while_failing(signal)[:: max(1, len(facts_while_failing(signal)) // 6)]:
            history: list[TipShown] = []
            for n in range(10, 0, -1):
                picked = choose_tip(failing(signal), history, weeks_ago(n), "portfolio", facts)
                assert signal in picked.signals, (signal, sorted(facts), picked.id)
                assert picked.fits(facts), (signal, sorted(facts), picked.id)
                history.append(TipShown(picked.id, weeks_ago(n), "portfolio"))
            ids = [h.tip_id for h in history]
            assert all(a != b for a, b in zip(ids, ids[1:], strict=False)), (signal, ids)

    def test_no_ask_your_sponsor_tip_without_a_sponsor(self):
        for signal in SIGNALS["lead"]:
            history: list[TipShown] = []
            for n in range(12, 0, -1):
                picked = choose_tip(failing(signal, "x"), history, weeks_ago(n), "c1", {"plan", "team"}, "Northwind")
                assert "sponsor" not in picked.requires, (signal, picked.id)
                history.append(TipShown(picked.id, weeks_ago(n), "c1"))

    def test_untold_steward_cards_bring_steward_tips(self):
        history: list[TipShown] = []
        for n in range(6, 0, -1):
            picked = choose_tip(failing("told"), history, weeks_ago(n), "c1", set())
            history.append(TipShown(picked.id, weeks_ago(n), "c1"))
        assert any(tip_by_id(h.tip_id).step == "steward" for h in history)

    def test_a_client_tip_names_the_client_and_the_evidence(self):
        aim = failing("rhythm", "overdue by 20 days (every 2 weeks).")
        seen = set()
        history: list[TipShown] = []
        for n in range(8, 0, -1):
            picked = choose_tip(aim, history, weeks_ago(n), "c1", set(FLAGS), "Northwind")
            history.append(TipShown(picked.id, weeks_ago(n), "c1"))
            seen.add(picked.id)
            if picked.id == "value-bring-something-now":
                assert picked.title == "Bring Northwind something useful this week"
                assert "At Northwind right now: overdue by 20 days (every 2 weeks). " in picked.body
        assert "value-bring-something-now" in seen

    def test_the_shipped_library_serves_every_pillar_with_no_facts_known(self):
        for pillar in PILLARS:
            assert choose_tip(Failing(pillar), [], WEEK, flags=set()).pillar == pillar


def lib_tip(tip_id: str, *signals: str, requires=(), unless=(), step=None, title=None, body="Body.") -> Tip:
    topic = None if step else tip_id.split("-")[0]
    return Tip(
        tip_id,
        title or f"Title {tip_id}",
        body,
        f"Do {tip_id}.",
        f"Why {tip_id}?",
        pillar=topic,
        step=step,
        signals=signals,
        requires=tuple(requires),
        unless=tuple(unless),
    )


# A small custom library for selection: premises, steps that answer a signal, placeholders.
SIGNAL_LIBRARY = (
    lib_tip("lead-name-sponsor", "sponsor", unless=["sponsor"]),
    lib_tip("lead-sponsor-calls", "exec-touch", requires=["sponsor"]),
    lib_tip("lead-senior-calendar", "exec-touch"),
    lib_tip("lead-brief-team", "briefed"),
    lib_tip("tactics-tell-them", "told", requires=["people"]),
    lib_tip("tactics-unstick", "flow", requires=["plan"]),
    lib_tip("steward-digest", step="steward"),
    lib_tip("steward-tell-soon", "told", step="steward"),
    lib_tip("deliver-walk", step="deliver"),
    lib_tip("value-for-client", "rhythm", title="Bring {client} an idea", body="At {client} right now: {evidence}."),
    lib_tip("value-plain", "rhythm"),
    lib_tip("value-aim", "relevance", requires=["needs"]),
)


def pick(aim, history=(), flags=frozenset(), client="", scope="c1", week=WEEK) -> Tip:
    return choose_tip(aim, list(history), week, scope, flags, client, tips=SIGNAL_LIBRARY)


def shown_c1(tip_id: str, n: int) -> TipShown:
    return shown(tip_id, n, "c1")


class TestChooseTipBySignal:
    def test_a_tip_that_answers_the_failing_signal_comes_first(self):
        assert pick(Failing("lead", "exec-touch"), flags={"sponsor"}).id == "lead-sponsor-calls"

    def test_premises_are_respected(self):
        # No sponsor: the tip that asks the sponsor to call is out, even though it comes first.
        assert pick(Failing("lead", "exec-touch")).id == "lead-senior-calendar"
        # A sponsor named: "name a sponsor" is out, though it answers the signal and comes first.
        assert pick(Failing("lead", "sponsor"), flags={"sponsor"}).id == "lead-sponsor-calls"

    def test_no_signal_tip_fits_so_the_pillar_s_tips_serve(self):
        assert pick(Failing("lead", "kept")).id == "lead-name-sponsor"
        assert pick(Failing("lead", "kept"), flags={"sponsor"}).id == "lead-sponsor-calls"
        assert pick(Failing("lead")).id == "lead-name-sponsor"

    def test_a_step_s_tip_that_answers_the_signal_ranks_with_the_signal_s_tips(self):
        assert pick(Failing("tactics", "told"), flags={"people"}).id == "tactics-tell-them"
        history = [shown_c1("tactics-tell-them", 1)]
        assert pick(Failing("tactics", "told"), history, flags={"people", "plan"}).id == "steward-tell-soon"

    def test_nothing_of_the_signal_or_pillar_fits_so_the_step_s_tips_serve(self):
        assert pick(Failing("tactics", "told"), flags=set()).id == "steward-tell-soon"
        history = [shown_c1("steward-tell-soon", 1)]
        assert pick(Failing("tactics", "told"), history).id == "steward-digest"
        assert pick(Failing("tactics", "due")).id == "deliver-walk"

    def test_a_signal_of_no_step_has_no_step_fallback(self):
        aim_and_steps = (lib_tip("value-aim", "relevance", requires=["needs"]), *SIGNAL_LIBRARY[6:9])
        with pytest.raises(ValueError, match="no tip for pillar 'value' that fits"):
            choose_tip(Failing("value", "relevance"), [], WEEK, "c1", set(), tips=aim_and_steps)
        with pytest.raises(ValueError, match="no tip for pillar 'tactics' that fits"):
            pick(Failing("tactics"))

    def test_last_week_s_tip_gives_way_to_the_next_tier_rather_than_repeat(self):
        history = [shown_c1("lead-name-sponsor", 1)]
        assert pick(Failing("lead", "sponsor"), history).id == "lead-senior-calendar"

    def test_the_only_fitting_tip_repeats(self):
        only = (lib_tip("value-one", "rhythm"),)
        history = [shown_c1("value-one", 1)]
        assert choose_tip(Failing("value", "rhythm"), history, WEEK, "c1", set(), tips=only).id == "value-one"

    def test_stable_within_a_week_while_it_still_fits(self):
        history = [shown_c1("lead-brief-team", 0)]
        assert pick(Failing("lead", "exec-touch"), history).id == "lead-brief-team"
        assert pick(Failing("lead", "exec-touch"), history).id == "lead-brief-team"

    def test_the_latest_record_of_the_week_that_fits_wins(self):
        history = [shown_c1("lead-senior-calendar", 0), shown_c1("lead-sponsor-calls", 0)]
        assert pick(Failing("lead", "exec-touch"), history, flags={"sponsor"}).id == "lead-sponsor-calls"
        # The sponsor left mid-week: the record that still fits is kept.
        assert pick(Failing("lead", "exec-touch"), history).id == "lead-senior-calendar"

    def test_a_week_s_tip_that_no_longer_fits_is_replaced(self):
        # "Name a sponsor" was this week's tip; a sponsor has been named since.
        history = [shown_c1("lead-name-sponsor", 0)]
        assert pick(Failing("lead", "exec-touch"), history, flags={"sponsor"}).id == "lead-sponsor-calls"

    def test_a_week_s_tip_of_another_pillar_does_not_pin(self):
        history = [shown_c1("value-plain", 0)]
        assert pick(Failing("lead", "exec-touch")).id == pick(Failing("lead", "exec-touch"), history).id

    def test_scopes_stay_apart(self):
        history = [shown("lead-senior-calendar", 0, "c2")]
        assert pick(Failing("lead", "briefed"), history).id == "lead-brief-team"
        assert pick(Failing("lead", "briefed"), history, scope="c2").id == "lead-senior-calendar"

    def test_unknown_facts_check_no_premise(self):
        # The old callers know no facts: every tip of the pillar may show, as before.
        assert pick(Failing("lead", "exec-touch"), flags=None).id == "lead-sponsor-calls"
        assert choose_tip("lead", [], WEEK, tips=SIGNAL_LIBRARY).id == "lead-name-sponsor"

    def test_a_bare_pillar_is_a_failing_pillar_with_no_signal(self):
        assert pick("lead") == pick(Failing("lead"))

    def test_any_object_with_pillar_signal_and_evidence_will_do(self):
        @dataclass(frozen=True)
        class FromTheEngine:
            pillar: str
            signal: str | None
            evidence: str

        aim = FromTheEngine("value", "rhythm", "no value-add yet")
        assert pick(aim, client="Northwind").title == "Bring Northwind an idea"

    def test_unknown_pillar_signal_or_flag_is_an_error(self):
        with pytest.raises(ValueError, match="unknown pillar 'vision'"):
            pick(Failing("vision"))
        with pytest.raises(ValueError, match="unknown signal 'sponsor' for pillar 'value'"):
            pick(Failing("value", "sponsor"))
        with pytest.raises(ValueError, match="unknown flag"):
            pick(Failing("value", "rhythm"), flags={"budget"})


class TestPlaceholders:
    AIM = Failing("value", "rhythm", "overdue by 20 days (every 2 weeks).")

    def test_client_and_evidence_are_filled(self):
        got = pick(self.AIM, client="Northwind")
        assert got.id == "value-for-client"
        assert got.title == "Bring Northwind an idea"
        assert got.body == "At Northwind right now: overdue by 20 days (every 2 weeks)."
        assert got.question == "Why value-for-client?"
        assert all(type(getattr(got, name)) is str for name in ("title", "body", "action", "question"))

    def test_the_record_of_a_filled_tip_keeps_it_for_the_week(self):
        history = [shown_c1("value-for-client", 0)]
        assert pick(self.AIM, history, client="Northwind").id == "value-for-client"

    def test_a_tip_naming_the_client_waits_for_a_client(self):
        assert pick(self.AIM).id == "value-plain"
        assert pick(self.AIM, client="   ").id == "value-plain"

    def test_a_tip_quoting_evidence_waits_for_evidence(self):
        assert pick(Failing("value", "rhythm"), client="Northwind").id == "value-plain"

    def test_evidence_is_quoted_only_by_a_tip_that_answers_the_signal(self):
        # relevance fails, no needs recorded: the pillar's tips serve, but not one quoting
        # evidence about relevance under a rhythm tip.
        assert pick(Failing("value", "relevance", "no value-add answered a need"), client="Northwind").id == "value-plain"

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("[red]x[/]", "[red]x[/]"),
            ("\x1b[2J", "\\x1b[2J"),
            ("Evil\u202eCorp", "Evil\\u202eCorp"),
            ("A\nB", "A\\x0aB"),
            ("{evidence}", "{evidence}"),
            ("{client}", "{client}"),
        ],
    )
    def test_hostile_client_names_show_literally(self, name, expected):
        got = pick(self.AIM, client=name)
        assert got.title == f"Bring {expected} an idea"
        assert got.body == f"At {expected} right now: overdue by 20 days (every 2 weeks)."

    def test_evidence_shows_literally_too(self):
        got = pick(Failing("value", "rhythm", "last value-add for [b]\x1b]0;x\x07"), client="N")
        assert got.body == "At N right now: last value-add for [b]\\x1b]0;x\\x07."


class TestValidationBySignal:
    def broken(self, raw_library, tip_id: str, **changes) -> dict:
        raw = copy.deepcopy(raw_library)
        [entry] = [e for e in raw["tip"] if e["id"] == tip_id]
        for key, value in changes.items():
            if value is None:
                entry.pop(key, None)
            else:
                entry[key] = value
        return raw

    def test_unknown_signal(self, raw_library):
        raw = self.broken(raw_library, "lead-keep-small-promises", signals=["kept", "charisma"])
        assert "tip 'lead-keep-small-promises': unknown signal 'charisma' in 'signals'" in validate_tips(raw)

    def test_signals_must_be_a_list_of_strings(self, raw_library):
        raw = self.broken(raw_library, "lead-keep-small-promises", signals="kept")
        assert "tip 'lead-keep-small-promises': 'signals' must be a list of strings" in validate_tips(raw)

    def test_a_pillar_tip_must_answer_a_signal_of_its_pillar(self, raw_library):
        raw = self.broken(raw_library, "lead-keep-small-promises", signals=["rhythm"])
        assert any("a lead tip must answer at least one of the signals" in p for p in validate_tips(raw))
        raw = self.broken(raw_library, "lead-keep-small-promises", signals=None)
        assert any("'lead-keep-small-promises': a lead tip must answer" in p for p in validate_tips(raw))

    def test_a_step_tip_may_answer_none(self, raw_library):
        raw = self.broken(raw_library, "deliver-define-done", signals=None)
        assert validate_tips(raw) == []

    def test_unknown_flag(self, raw_library):
        raw = self.broken(raw_library, "lead-sponsor-calls-their-exec", requires=["sponsor", "budget"])
        assert "tip 'lead-sponsor-calls-their-exec': unknown flag 'budget' in 'requires'" in validate_tips(raw)
        raw = self.broken(raw_library, "lead-name-a-sponsor", unless=["spnosor"])
        assert "tip 'lead-name-a-sponsor': unknown flag 'spnosor' in 'unless'" in validate_tips(raw)

    def test_a_flag_both_required_and_ruled_out(self, raw_library):
        raw = self.broken(raw_library, "lead-name-a-sponsor", requires=["sponsor"])
        assert "tip 'lead-name-a-sponsor': flag 'sponsor' is both required and ruled out" in validate_tips(raw)

    def test_a_signal_with_too_few_tips(self, raw_library):
        raw = copy.deepcopy(raw_library)
        raw["tip"] = [e for e in raw["tip"] if "renewal" not in e.get("signals", []) or e["id"] == "recognize-find-renewal-date"]
        assert "signal 'renewal' has 1 tips, at least 3 needed" in validate_tips(raw)

    def test_unknown_placeholder(self, raw_library):
        raw = self.broken(raw_library, "value-plan-three-windows", action="Call {contact} about {client}.")
        assert any("unknown placeholder {contact} in 'action'" in p for p in validate_tips(raw))

    def test_placeholders_only_where_they_are_filled(self, raw_library):
        raw = self.broken(raw_library, "value-plan-three-windows", question="What does {client} need?")
        assert any("'question' cannot hold placeholders" in p for p in validate_tips(raw))

    def test_unmatched_brace(self, raw_library):
        raw = self.broken(raw_library, "value-plan-three-windows", body="Bring {client something.")
        assert any("'body' has an unmatched brace" in p for p in validate_tips(raw))

    def test_client_as_a_possessive(self, raw_library):
        raw = self.broken(raw_library, "value-plan-three-windows", title="Fill {client}'s calendar")
        assert any("uses {client} as a possessive" in p for p in validate_tips(raw))

    def test_evidence_in_a_tip_that_answers_no_signal(self, raw_library):
        raw = self.broken(raw_library, "deliver-second-pair-of-eyes", body="Right now: {evidence}.")
        assert any("uses {evidence} but answers no signal" in p for p in validate_tips(raw))

    def test_every_problem_is_listed_at_once(self, raw_library):
        raw = self.broken(raw_library, "lead-name-a-sponsor", signals=["sponsor", "luck"], unless=["money"], title="{who}")
        raw = self.broken(raw, "lead-keep-small-promises", signals=["needs"])
        with pytest.raises(TipLibraryError) as caught:
            parse_tips(raw)
        message = str(caught.value)
        for expected in ("unknown signal 'luck'", "unknown flag 'money'", "unknown placeholder {who}", "a lead tip must answer"):
            assert expected in message
        assert "signal 'kept' has 2 tips, at least 3 needed" not in message  # three are left
        assert "tips.toml has 4 problem(s)" in message
