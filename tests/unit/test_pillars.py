"""Pillar scores (method.md): the hand-worked formula, its evidence, the weakest pillar, the portfolio."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from coach_tui.domain.facts import EMPTY_FACTS, CardFact, ClientFacts
from coach_tui.domain.models import PILLARS, Assessment, Cadence, Client
from coach_tui.domain.pillars import PillarScore, client_scores, overdue_steward, portfolio_scores, stuck_cards, weakest_pillar

TODAY = date(2026, 11, 25)


def card(column: str, entered: date, linked: bool = False) -> CardFact:
    return CardFact(column, entered, entered, linked)


ACME = Client(id="acme", name="Acme", added=date(2026, 1, 1), cadence=Cadence(2, "w"), plan_shared=True)
ACME_FACTS = ClientFacts(
    value_adds=((date(2026, 9, 16), True), (date(2026, 10, 29), False), (date(2026, 11, 20), True)),
    last_value_add=date(2026, 11, 20),
    cards=(
        card("understand", date(2026, 11, 1)),
        card("understand", date(2026, 11, 15)),
        card("plan", date(2026, 10, 1), linked=True),  # 55 days in Plan: stuck
        card("plan", date(2026, 11, 10)),
        card("deliver", date(2026, 11, 20)),
        card("steward", date(2026, 11, 1)),  # 24 days untold
    ),
    last_understand_change=date(2026, 11, 15),
    deliveries=5,
)
ASSESSMENT = Assessment(
    week=date(2026, 11, 23),
    scores={"recognize": 3, "lead": 5, "strategy": 1, "tactics": 2, "value": 4},
    at=datetime(2026, 11, 23, 9, 0),
)


def scores_of(result: dict[str, PillarScore]) -> dict[str, int]:
    return {p: s.score for p, s in result.items()}


def test_hand_worked_scores_from_data_alone() -> None:
    result = client_scores(ACME, ACME_FACTS, TODAY, None)
    assert list(result) == list(PILLARS)
    # recognize: needs 2/3 -> 66.7 (x60) + fresh 100 (x40) = 80
    # lead:      no sponsor -> 0
    # strategy:  plan 100 (x30) + linked 1/2 -> 50 (x30) + shared 100 (x40) = 85
    # tactics:   flow 2/3 not stuck -> 66.7 (x60) + told 0/1 on time -> 0 (x40) = 40
    # value:     on track 100 (x40) + 3 of 6 windows 50 (x40) + 2/3 linked 66.7 (x20) = 73.3
    assert scores_of(result) == {"recognize": 80, "lead": 0, "strategy": 85, "tactics": 40, "value": 73}
    assert weakest_pillar(result) == "lead"


def test_hand_worked_evidence() -> None:
    result = client_scores(ACME, ACME_FACTS, TODAY, None)
    assert result["recognize"].evidence == (
        "2 open needs recorded in Understand",
        "Understand last changed 10 days ago",
        "no self-assessment yet",
    )
    assert result["lead"].evidence == ("no executive sponsor recorded", "no self-assessment yet")
    assert result["strategy"].evidence == (
        "2 plan items in Plan",
        "1 of 2 plan items linked to a recorded need",
        "plan shared with the team and the client",
        "no self-assessment yet",
    )
    assert result["tactics"].evidence == (
        "1 of 3 cards in Plan or Deliver stuck for over 30 days",
        "1 Steward card untold for over 14 days",
        "no self-assessment yet",
    )
    assert result["value"].evidence == (
        "on track: last value-add 5 days ago (cadence 2 weeks)",
        "3 of 6 windows had a value-add",
        "2 of 3 value-adds in the last 90 days answered a recorded need",
        "no self-assessment yet",
    )


def test_hand_worked_scores_blended_with_self_assessment() -> None:
    result = client_scores(ACME, ACME_FACTS, TODAY, ASSESSMENT)
    # Self answers 3, 5, 1, 2, 4 -> 50, 100, 0, 25, 75, weighted 30 % (lead 50 %).
    # recognize 80*.7 + 50*.3 = 71; lead 0*.5 + 100*.5 = 50; strategy 85*.7 = 59.5 -> 60 (half up);
    # tactics 40*.7 + 25*.3 = 35.5 -> 36; value 73.3*.7 + 75*.3 = 73.8 -> 74.
    assert scores_of(result) == {"recognize": 71, "lead": 50, "strategy": 60, "tactics": 36, "value": 74}
    assert result["lead"].evidence[-1] == "self-assessment 5 of 5 (week of Nov 23)"
    assert weakest_pillar(result) == "tactics"


def test_self_assessment_maps_one_to_five_onto_0_to_100() -> None:
    # With a sponsor, lead's data part is 100: the score is 50 + self / 2, .5 rounding up.
    sponsored = replace(ACME, sponsor="Dana, CFO")
    for answer, expected in [(1, 50), (2, 63), (3, 75), (4, 88), (5, 100)]:
        week = Assessment(date(2026, 11, 23), {"lead": answer}, datetime(2026, 11, 23))
        assert client_scores(sponsored, ACME_FACTS, TODAY, week)["lead"].score == expected


def test_out_of_scale_answers_are_clamped() -> None:
    week = Assessment(date(2026, 11, 23), {"lead": 9, "value": -3}, datetime(2026, 11, 23))
    result = client_scores(ACME, ACME_FACTS, TODAY, week)
    assert result["lead"].evidence[-1] == "self-assessment 5 of 5 (week of Nov 23)"
    assert result["value"].evidence[-1] == "self-assessment 1 of 5 (week of Nov 23)"


def test_a_pillar_left_out_of_the_assessment_scores_from_data() -> None:
    week = Assessment(date(2025, 11, 17), {"lead": 5}, datetime(2025, 11, 17))
    result = client_scores(ACME, ACME_FACTS, TODAY, week)
    assert result["recognize"].score == 80
    assert result["recognize"].evidence[-1] == "not self-assessed in the week of 17 Nov 2025"


def test_an_empty_new_client() -> None:
    fresh = Client(id="n", name="New", added=TODAY)
    result = client_scores(fresh, EMPTY_FACTS, TODAY, None)
    assert scores_of(result) == dict.fromkeys(PILLARS, 0)
    assert weakest_pillar(result) == "recognize"  # ties go to the earlier pillar
    assert result["tactics"].evidence == ("no work in Plan or Deliver", "nothing delivered yet", "no self-assessment yet")
    assert result["value"].evidence == (
        "no value-add yet",
        "0 of 1 window had a value-add",
        "no value-add in the last 90 days",
        "no self-assessment yet",
    )


def test_signals_that_cannot_apply_give_their_weight_to_the_others() -> None:
    # No work in flight, nothing waiting, but deliveries were made: tactics is all "told".
    facts = replace(EMPTY_FACTS, deliveries=3)
    assert client_scores(ACME, facts, TODAY, None)["tactics"].score == 100


def test_overdue_and_one_off() -> None:
    facts = ClientFacts(((date(2026, 10, 1), False),), date(2026, 10, 1), (), None, 1)
    value = client_scores(ACME, facts, TODAY, None)["value"]
    # overdue 20 (x40) + 1 of 6 windows 16.7 (x40) + 0 of 1 linked (x20) = 14.7
    assert value.score == 15
    assert value.evidence[:3] == (
        "overdue by 41 days (cadence 2 weeks)",
        "1 of 6 windows had a value-add (a one-off)",
        "0 of 1 value-add in the last 90 days answered a recorded need",
    )


def test_understand_freshness_fades_from_30_to_90_days() -> None:
    def recognize(changed: date | None) -> int:
        facts = replace(EMPTY_FACTS, last_understand_change=changed)
        return client_scores(ACME, facts, TODAY, None)["recognize"].score

    assert recognize(date(2026, 10, 26)) == 40  # 30 days: full marks (x40)
    assert recognize(date(2026, 9, 26)) == 20  # 60 days: half
    assert recognize(date(2026, 8, 27)) == 0  # 90 days: none
    assert recognize(None) == 0


def test_every_score_carries_evidence() -> None:
    for assessment in (None, ASSESSMENT):
        for facts in (EMPTY_FACTS, ACME_FACTS):
            for score in client_scores(ACME, facts, TODAY, assessment).values():
                assert score.evidence and all(score.evidence)
                assert 0 <= score.score <= 100


def test_stuck_and_overdue_steward_helpers() -> None:
    assert stuck_cards(ACME_FACTS, TODAY) == 1
    assert overdue_steward(ACME_FACTS, TODAY) == 1
    # Exactly 30 and 14 days are not yet over the limits.
    edge = replace(EMPTY_FACTS, cards=(card("deliver", date(2026, 10, 26)), card("steward", date(2026, 11, 11))))
    assert (stuck_cards(edge, TODAY), overdue_steward(edge, TODAY)) == (0, 0)
    # Understand cards never count as stuck.
    assert stuck_cards(replace(EMPTY_FACTS, cards=(card("understand", date(2020, 1, 1)),)), TODAY) == 0


def test_weakest_pillar_ties_go_to_the_earlier_pillar() -> None:
    def scores(**values: int) -> dict[str, PillarScore]:
        return {p: PillarScore(p, values.get(p, 90), ("x",)) for p in PILLARS}

    assert weakest_pillar(scores(value=10, tactics=10)) == "tactics"
    assert weakest_pillar(scores(value=10, tactics=11)) == "value"
    assert weakest_pillar(scores()) == "recognize"
    with pytest.raises(ValueError):
        weakest_pillar({})


def test_portfolio_averages_active_clients() -> None:
    new = Client(id="n", name="New", added=TODAY)
    archived = replace(ACME, id="old", archived=True)
    result = portfolio_scores([(ACME, ACME_FACTS), (new, EMPTY_FACTS), (archived, EMPTY_FACTS)], TODAY, None)
    # Acme 80/0/85/40/73 and an empty client 0 everywhere: half, rounded half up.
    assert scores_of(result) == {"recognize": 40, "lead": 0, "strategy": 43, "tactics": 20, "value": 37}
    assert result["lead"].evidence == (
        "average of 2 active clients",
        "2 of 2 clients with no executive sponsor",
        "no self-assessment yet",
    )
    assert result["value"].evidence[1] == "1 of 2 clients with no value-add yet"
    assert result["recognize"].evidence[1] == "1 of 2 clients with no open needs recorded"
    assert weakest_pillar(result) == "lead"


def test_portfolio_names_the_most_common_shortfall() -> None:
    late = ClientFacts(((date(2026, 10, 1), True),), date(2026, 10, 1), (), None, 1)
    clients = [(replace(ACME, id=f"c{i}", name=f"C{i}"), late if i < 3 else ACME_FACTS) for i in range(5)]
    value = portfolio_scores(clients, TODAY, None)["value"]
    assert value.evidence[:2] == ("average of 5 active clients", "3 of 5 clients overdue")


def test_portfolio_without_active_clients() -> None:
    archived = replace(ACME, archived=True)
    empty = portfolio_scores([(archived, ACME_FACTS)], TODAY, None)
    assert scores_of(empty) == dict.fromkeys(PILLARS, 0)
    assert empty["value"].evidence == ("no active clients", "no self-assessment yet")
    assessed = portfolio_scores([], TODAY, ASSESSMENT)
    assert scores_of(assessed) == {"recognize": 50, "lead": 100, "strategy": 0, "tactics": 25, "value": 75}
    assert assessed["strategy"].evidence == ("no active clients", "self-assessment 1 of 5 (week of Nov 23)")


def test_each_pillar_uses_its_latest_recent_self_assessment() -> None:
    """Answering one pillar this week keeps last week's answers for the others, each with
    the week it was given; answers over 12 weeks old no longer count."""
    from datetime import datetime

    from coach_tui.domain.models import Assessment
    from coach_tui.domain.pillars import _self_part, current_self_assessment

    today = date(2026, 11, 25)
    old = Assessment(date(2026, 8, 24), {"tactics": 1}, datetime(2026, 8, 24, 9))  # 13 weeks back
    last = Assessment(date(2026, 11, 16), {"recognize": 2, "lead": 3}, datetime(2026, 11, 16, 9))
    this = Assessment(date(2026, 11, 23), {"recognize": 4}, datetime(2026, 11, 23, 9))
    merged = current_self_assessment([this, old, last], today)
    assert merged is not None and merged.week == date(2026, 11, 23)
    assert merged.scores == {"recognize": 4, "lead": 3}
    assert _self_part("recognize", merged, today) == (75.0, "self-assessment 4 of 5 (week of Nov 23)")
    assert _self_part("lead", merged, today) == (50.0, "self-assessment 3 of 5 (week of Nov 16)")
    assert _self_part("tactics", merged, today)[0] is None
    assert current_self_assessment([old], today) is None
    assert current_self_assessment([], today) is None
