"""The weekly loop's rules: the kept-rate week by week, which client a tip's commitment is
for, carrying an unkept commitment over, and the use cases that store the follow-through."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach_tui.coaching.weekly import Candidate, carried_over, client_for_tip, current_commitment, kept_rate_by_week
from coach_tui.domain.errors import InputError, NotFound
from coach_tui.domain.models import Commitment
from coach_tui.services import Coach

THIS_WEEK = date(2026, 11, 23)
LAST_WEEK = date(2026, 11, 16)


def weeks_back(n: int) -> date:
    return THIS_WEEK - timedelta(weeks=n)


class TestKeptRateByWeek:
    def test_each_week_reads_the_twelve_weeks_up_to_it(self) -> None:
        commitments = [
            Commitment(weeks_back(14), "old, kept", True),  # outside every window below but the first
            Commitment(weeks_back(3), "a", True),
            Commitment(weeks_back(2), "b", False),
            Commitment(weeks_back(1), "c", None),  # not answered: not counted
            Commitment(THIS_WEEK, "d", True),
        ]
        weeks = [weeks_back(n) for n in (4, 3, 2, 1, 0)]
        rates = kept_rate_by_week(commitments, weeks)
        assert rates == {weeks_back(4): 100, weeks_back(3): 100, weeks_back(2): 50, weeks_back(1): 50, THIS_WEEK: 67}

    def test_a_week_with_nothing_answered_has_no_value(self) -> None:
        assert kept_rate_by_week([Commitment(THIS_WEEK, "open", None)], [THIS_WEEK]) == {}
        # An empty line answered "kept" is no commitment.
        assert kept_rate_by_week([Commitment(THIS_WEEK, "  ", True)], [THIS_WEEK]) == {}

    def test_the_window_is_twelve_weeks(self) -> None:
        rates = kept_rate_by_week([Commitment(weeks_back(11), "x", False)], [THIS_WEEK, THIS_WEEK + timedelta(weeks=1)])
        assert rates == {THIS_WEEK: 0}


class TestClientForTip:
    CANDIDATES = (
        Candidate("a", "Acme", "value", "cadence", 40),  # most urgent first
        Candidate("b", "Birch", "lead", "sponsor", 30),
        Candidate("c", "Cedar", "lead", "sponsor", 10),
        Candidate("d", "Dune", "lead", "exec_touch", 5),
    )

    def test_the_client_whose_failing_signal_the_tip_answers_lowest_score_first(self) -> None:
        # Cedar and Birch both fail on the sponsor; Cedar's Lead is lower. Dune's is lower
        # still, but its failing signal is another one.
        assert client_for_tip("lead", ("sponsor",), self.CANDIDATES) == "c"

    def test_falls_back_to_the_tips_pillar_then_to_the_most_urgent(self) -> None:
        assert client_for_tip("lead", ("briefed",), self.CANDIDATES) == "d"
        assert client_for_tip("strategy", ("plan",), self.CANDIDATES) == "a"
        assert client_for_tip(None, (), self.CANDIDATES) == "a"  # a step's tip
        assert client_for_tip("lead", ("sponsor",), ()) is None

    def test_ties_go_to_urgency_order(self) -> None:
        tied = (Candidate("x", "X", "lead", "sponsor", 20), Candidate("y", "Y", "lead", "sponsor", 20))
        assert client_for_tip("lead", ("sponsor",), tied) == "x"
        no_score = (Candidate("x", "X", "lead", "sponsor", None), Candidate("y", "Y", "lead", "sponsor", 90))
        assert client_for_tip("lead", ("sponsor",), no_score) == "y"


def test_carried_over_keeps_the_line_client_and_tip_and_clears_the_answer() -> None:
    unkept = Commitment(LAST_WEEK, "Call Dana", False, "c1", "lead-name-a-sponsor", "travel", False)
    assert carried_over(unkept, THIS_WEEK) == Commitment(THIS_WEEK, "Call Dana", None, "c1", "lead-name-a-sponsor", "", True)


def test_current_commitment_skips_an_empty_line() -> None:
    assert current_commitment([Commitment(THIS_WEEK, "")], THIS_WEEK) is None
    found = Commitment(THIS_WEEK, "x")
    assert current_commitment([Commitment(LAST_WEEK, "y"), found], THIS_WEEK) == found


class TestFollowThroughStored:
    """The use cases behind the weekly screen, on a store in a tmp folder."""

    def test_a_commitment_for_a_client_from_a_tip(self, coach: Coach) -> None:
        acme = coach.clients.add("Acme")
        saved = coach.weekly.save_commitment(THIS_WEEK, "Name a sponsor", client_id=acme.id, tip_id="t1")
        assert saved == Commitment(THIS_WEEK, "Name a sponsor", None, acme.id, "t1")
        # Answering "kept?" later keeps the client and the tip.
        coach.weekly.save_commitment(THIS_WEEK, kept=True)
        (stored,) = coach.repo.read().commitments
        assert stored == Commitment(THIS_WEEK, "Name a sponsor", True, acme.id, "t1")
        current = coach.weekly.current()
        assert current is not None and current.client == "Acme" and current.commitment == stored

    def test_a_new_line_from_a_tip_over_a_carried_one_and_an_emptied_line(self, coach: Coach) -> None:
        acme = coach.clients.add("Acme")
        coach.weekly.save_commitment(LAST_WEEK, "Call Dana", False, client_id=acme.id)
        coach.weekly.carry_over(LAST_WEEK, THIS_WEEK)
        # Editing the carried line keeps it carried; a tip's line over it is a new commitment.
        assert coach.weekly.save_commitment(THIS_WEEK, "Call Dana on Monday").carried is True
        fresh = coach.weekly.save_commitment(THIS_WEEK, "Name a sponsor", client_id=None, tip_id="t2", carried=False)
        assert fresh == Commitment(THIS_WEEK, "Name a sponsor", None, None, "t2")
        # Emptied, the line is tied to nothing any more.
        assert coach.weekly.save_commitment(THIS_WEEK, "") == Commitment(THIS_WEEK, "")
        assert coach.weekly.current() is None

    def test_an_unknown_client_is_refused(self, coach: Coach) -> None:
        with pytest.raises(NotFound, match="nope"):
            coach.weekly.save_commitment(THIS_WEEK, "x", client_id="nope")
        assert coach.repo.read().commitments == []

    def test_not_kept_keeps_what_got_in_the_way_and_carries_over(self, coach: Coach) -> None:
        acme = coach.clients.add("Acme")
        coach.weekly.save_commitment(LAST_WEEK, "Call Dana", client_id=acme.id, tip_id="t1")
        coach.weekly.save_commitment(LAST_WEEK, kept=False, obstacle="  the  quarter\nclose ")
        carried = coach.weekly.carry_over(LAST_WEEK, THIS_WEEK)
        stored = {c.week: c for c in coach.repo.read().commitments}
        assert stored[LAST_WEEK] == Commitment(LAST_WEEK, "Call Dana", False, acme.id, "t1", "the quarter close")
        assert stored[THIS_WEEK] == carried == Commitment(THIS_WEEK, "Call Dana", None, acme.id, "t1", "", True)
        # A second carry would overwrite this week's line: refused, with the line named.
        with pytest.raises(InputError, match="already has a commitment .'Call Dana'"):
            coach.weekly.carry_over(LAST_WEEK, THIS_WEEK)

    def test_kept_clears_the_obstacle_and_an_obstacle_needs_not_kept(self, coach: Coach) -> None:
        coach.weekly.save_commitment(LAST_WEEK, "Call Dana")
        with pytest.raises(InputError, match="not kept"):
            coach.weekly.save_commitment(LAST_WEEK, kept=True, obstacle="busy")
        coach.weekly.save_commitment(LAST_WEEK, kept=False, obstacle="busy")
        coach.weekly.save_commitment(LAST_WEEK, kept=True)
        (stored,) = coach.repo.read().commitments
        assert stored.kept is True and stored.obstacle == ""

    def test_only_an_unkept_commitment_carries_over(self, coach: Coach) -> None:
        coach.weekly.save_commitment(LAST_WEEK, "Call Dana", kept=True)
        with pytest.raises(InputError, match="not kept"):
            coach.weekly.carry_over(LAST_WEEK, THIS_WEEK)

    def test_a_long_obstacle_is_refused_with_its_size(self, coach: Coach) -> None:
        coach.weekly.save_commitment(LAST_WEEK, "Call Dana")
        with pytest.raises(InputError, match="at most 200 characters .this one has 201"):
            coach.weekly.save_commitment(LAST_WEEK, kept=False, obstacle="x" * 201)

    def test_the_weeks_tip_is_fixed_once_shown(self, coach: Coach) -> None:
        """Changing the data the same week (the failing signal moves) shows the same tip; the
        next week brings another one."""
        acme = coach.clients.add("Acme")
        first = coach.weekly.open()
        assert first.tip is not None
        assert first.suggested == acme.id
        assert first.agenda.failing is not None and first.agenda.failing.signal == "needs"
        # People, needs and a value-add: the portfolio's failing signal moves on.
        coach.people.add(acme.id, "Sam Exec", "exec-sponsor", ours=True)
        coach.people.add(acme.id, "Dana Boss", "decision-maker")
        coach.deliveries.log(acme.id, "A first idea", "idea", need="Freight costs")
        for title in ("Cut costs", "Grow in the Baltics"):
            coach.boards.add_card(acme.id, "understand", title)
        again = coach.weekly.open()
        assert again.agenda.failing is not None and again.agenda.failing.signal != "needs"
        assert again.tip is not None and again.tip.id == first.tip.id
        shown = [t for t in coach.repo.read().tips_shown if t.scope == "portfolio"]
        assert [t.tip_id for t in shown] == [first.tip.id]

    def test_the_same_tip_never_two_weeks_running(self, coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
        coach.clients.add("Acme")
        ids = []
        for day in ("2026-11-25", "2026-12-02", "2026-12-09", "2026-12-16"):
            monkeypatch.setenv("COACH_TODAY", day)
            data = coach.weekly.open()
            assert data.tip is not None
            ids.append(data.tip.id)
        assert all(a != b for a, b in zip(ids, ids[1:], strict=False))


def test_the_follow_through_survives_a_reopened_store(coach: Coach, data_dir) -> None:
    """The store encodes every field of a commitment: a new store on the same folder (and
    `coach check`'s reading of the files) reads back the client, the tip, what got in the
    way and carried over."""
    from coach_tui.store.folder import FolderStore

    acme = coach.clients.add("Acme")
    coach.weekly.save_commitment(LAST_WEEK, "Call Dana", False, client_id=acme.id, tip_id="t1", obstacle="travel")
    coach.weekly.carry_over(LAST_WEEK, THIS_WEEK)
    fresh = Coach(FolderStore(data_dir, lock_timeout=5.0))
    stored = {c.week: c for c in fresh.repo.read().commitments}
    assert stored[LAST_WEEK] == Commitment(LAST_WEEK, "Call Dana", False, acme.id, "t1", "travel", False)
    assert stored[THIS_WEEK] == Commitment(THIS_WEEK, "Call Dana", None, acme.id, "t1", "", True)
    from coach_tui.services.upkeep import check

    report = check(data_dir)
    assert report.ok, report.problems
