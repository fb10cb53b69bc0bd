"""Pilot tests of the weekly coaching: when it opens, and that everything entered is stored.

The real `CoachApp` is used (weekly_prompt=True), so these tests cover the prompt's schedule
end to end: the first launch of a week opens the weekly screen, the second does not, and the
next week's first launch does again, with last week's commitment waiting for "kept?". The day
is frozen through COACH_TODAY (tests/conftest.py); moving it moves every clock in the app.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Button, Checkbox, DataTable, Input, Select, Static
from tuikit import settle, sync, type_text

from coach_tui.app import CoachApp
from coach_tui.domain.models import PILLARS, Commitment
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.screens.weekly import WeeklyScreen
from coach_tui.screens.weekly_forms import NotKeptForm
from coach_tui.screens.weekly_history import WeeklyHistoryScreen
from coach_tui.services import Coach
from coach_tui.widgets.pillar_scale import PillarScale

THIS_WEEK = date(2026, 11, 23)  # the Monday of the frozen day, 2026-11-25
LAST_WEEK = date(2026, 11, 16)
NEXT_WEEK = date(2026, 11, 30)
SIZE = (120, 40)


def commitment(coach: Coach, week: date) -> Commitment | None:
    return next((c for c in coach.repo.read().commitments if c.week == week), None)


def shown_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@sync
async def test_prompt_once_a_week_and_last_weeks_commitment(demo_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    # First launch of the week: the weekly screen opens over the dashboard.
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WeeklyScreen)
        assert isinstance(app.screen_stack[-2], DashboardScreen)
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "Call Dana about Northwind")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert demo_coach.settings.get()["last_prompted_week"] == THIS_WEEK.isoformat()
    assert commitment(demo_coach, THIS_WEEK).text == "Call Dana about Northwind"

    # Second launch the same week: straight to the dashboard.
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)

    # The next week: the prompt again, showing what was committed the week before.
    monkeypatch.setenv("COACH_TODAY", "2026-12-02")
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeeklyScreen)
        assert shown_text(screen, "#last-text") == "Call Dana about Northwind"
        assert "not answered" in shown_text(screen, "#kept-state")
        assert screen.query_one("#commitment-input", Input).value == ""  # a new week, a new line
        await pilot.press("y")
        await settle(pilot)
        assert "kept" in shown_text(screen, "#kept-state")
    assert demo_coach.settings.get()["last_prompted_week"] == NEXT_WEEK.isoformat()
    assert commitment(demo_coach, THIS_WEEK) == Commitment(THIS_WEEK, "Call Dana about Northwind", True)


@sync
async def test_no_prompt_when_switched_off(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("w")  # and `w` opens it any time
        await settle(pilot)
        assert isinstance(app.screen, WeeklyScreen)


@sync
async def test_self_assessment_is_stored_key_by_key_and_prefilled(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        scale = app.screen.query_one(PillarScale)
        assert scale.has_focus  # the keys work at once
        await pilot.press("3")
        await settle(pilot)
        stored = next(a for a in demo_coach.repo.read().assessments if a.week == THIS_WEEK)
        assert stored.scores == {"recognize": 3}  # stored on the first key, not on closing
        await pilot.press("4", "2", "5", "1")
        await settle(pilot)
        # The cursor stays on the last pillar; moving back and answering again replaces an answer.
        await pilot.press("up", "k", "j", "2")  # value -> tactics -> strategy -> tactics
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    expected = {"recognize": 3, "lead": 4, "strategy": 2, "tactics": 2, "value": 1}
    stored = next(a for a in demo_coach.repo.read().assessments if a.week == THIS_WEEK)
    assert stored.scores == expected
    # The self-assessment is the manager's view, never blended into the scores.
    assert "self-assessment" not in " ".join(demo_coach.portfolio.agenda().portfolio["lead"].evidence)

    app = CoachApp(demo_coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WeeklyScreen)
        assert app.screen.query_one(PillarScale).scores == expected


@sync
async def test_kept_and_not_kept_by_key_and_button(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert shown_text(screen, "#last-text") == "Send Northwind one idea on Baltic freight costs"
        await pilot.press("n")
        await settle(pilot)
        assert commitment(demo_coach, LAST_WEEK).kept is False
        assert "not kept" in shown_text(screen, "#kept-state")
        # "Not kept" asks what got in the way; esc leaves it unsaid (the answer stays).
        assert isinstance(app.screen, NotKeptForm)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.click("#kept")
        await settle(pilot)
        assert commitment(demo_coach, LAST_WEEK).kept is True
        await pilot.click("#not-kept")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        last = commitment(demo_coach, LAST_WEEK)
        assert (last.text, last.kept, last.client_id, last.obstacle) == (
            "Send Northwind one idea on Baltic freight costs",
            False,
            "demo00",  # the demo's commitment names Northwind; answering it keeps that
            "",
        )


@sync
async def test_commitment_is_kept_when_the_screen_closes_without_enter(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        # Letters that are keys elsewhere on the screen are text in the field.
        await type_text(pilot, "yes, no, quit, history 12345")
        assert commitment(demo_coach, THIS_WEEK) is None
        assert commitment(demo_coach, LAST_WEEK).kept is None
        assert isinstance(app.screen, WeeklyScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert commitment(demo_coach, THIS_WEEK).text == "yes, no, quit, history 12345"

    # Reopened, the line is there to edit; leaving the field (tab) stores the change.
    app = CoachApp(demo_coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = app.screen.query_one("#commitment-input", Input)
        assert field.value == "yes, no, quit, history 12345"
        await pilot.press("c", "end", *["backspace"] * 6, "tab")
        await settle(pilot)
        assert commitment(demo_coach, THIS_WEEK).text == "yes, no, quit, history"


@sync
async def test_the_same_tip_all_week(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen.data.tip
        title = shown_text(app.screen, "#tip-title")
    assert title == first.title
    recorded = [t for t in demo_coach.repo.read().tips_shown if t.week == THIS_WEEK and t.scope == "portfolio"]
    assert [t.tip_id for t in recorded] == [first.id]
    # Last week's portfolio tip (value-news-why-it-matters in the demo) is not repeated.
    assert first.id != "value-news-why-it-matters"

    app = CoachApp(demo_coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.data.tip == first
    assert len([t for t in demo_coach.repo.read().tips_shown if t.week == THIS_WEEK]) == 1


@sync
async def test_weakest_pillar_and_overdue_clients(demo_coach: Coach) -> None:
    agenda = demo_coach.portfolio.agenda()
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.data.agenda.weakest == agenda.weakest
        evidence = shown_text(screen, "#weakest-evidence")
        for line in agenda.portfolio[agenda.weakest].evidence:
            assert line in evidence
        overdue = shown_text(screen, "#overdue-list").splitlines()
        assert len(overdue) == 3
        for line, view in zip(overdue, agenda.overdue[:3], strict=True):
            assert f"{view.cadence.days_over} days over" in line
            assert view.client.name in line


@sync
async def test_history_view(demo_coach: Coach) -> None:
    demo_coach.weekly.save_assessment(THIS_WEEK, {"recognize": 4, "lead": 1})
    demo_coach.weekly.save_commitment(THIS_WEEK, "Ask for a sponsor at Kestrel")
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeeklyHistoryScreen)
        table = screen.query_one("#weeks", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        # Newest first: this week, then the demo's six past weeks.
        assert rows[0][:2] == ["this week", "Lead 1/5"]
        assert rows[0][3] == "Ask for a sponsor at Kestrel"
        assert [r[0] for r in rows[1:3]] == ["Nov 16", "Nov 9"]
        assert rows[2][2] == "✓ kept"
        assert rows[3][2] == "✗ not kept"
        assert len(rows) == 7
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WeeklyScreen)


@sync
async def test_pillar_scores_recorded_each_week_and_charted(demo_coach: Coach) -> None:
    """Opening the weekly coaching keeps this week's portfolio pillar scores; the history
    charts them beside the demo's six past weeks, and `p` switches to the self-assessment."""
    from coach_tui.widgets.pillar_chart import PillarChart

    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WeeklyScreen)
        recorded = {w.week: w.scores for w in demo_coach.repo.read().pillar_weeks}
        expected = {p: s.score for p, s in demo_coach.portfolio.agenda().portfolio.items()}
        assert recorded[THIS_WEEK] == expected
        assert len(recorded) == 7  # the demo's six past weeks and this one
        await pilot.press("h")
        await settle(pilot)
        chart = app.screen.query_one("#chart", PillarChart)
        assert chart.scores and chart.mine is not None
        lines = str(chart.render()).splitlines()
        lead_row = lines[2 * PILLARS.index("lead")]
        assert lead_row.startswith("Lead")
        oldest = recorded[min(recorded)]["lead"]  # the demo's first week, charted on the left
        assert f" {oldest} " in lead_row and f" {expected['lead']} " in lead_row
        assert lead_row.index(f" {oldest} ") < lead_row.rindex(f" {expected['lead']} ")
        assert lines[2 * PILLARS.index("lead") + 1].startswith("  you")
        assert lines[-2].startswith("Kept %")
        assert app.screen.query_one("#chart-panel").border_title.startswith("Pillar scores, your view and kept %")
        await pilot.press("p")  # hides the "you" rows
        await settle(pilot)
        chart = app.screen.query_one("#chart", PillarChart)
        assert chart.mine is None
        assert not any(line.startswith("  you") for line in str(chart.render()).splitlines())
        assert app.screen.query_one("#chart-panel").border_title.startswith("Pillar scores and kept %")


@sync
async def test_an_empty_portfolio(coach: Coach) -> None:
    app = CoachApp(coach, weekly_prompt=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # No prompt over a portfolio with no client yet: the first-run panel comes first.
        assert isinstance(app.screen, DashboardScreen) and app.dashboard.query_one("#empty").display
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeeklyScreen)
        assert "No client is overdue" in shown_text(screen, "#overdue-list")
        assert "No commitment was written last week" in shown_text(screen, "#last-text")
        assert not screen.query(Button)  # nothing to answer "kept?" for
        await pilot.press("y")  # says so, and stores nothing
        await settle(pilot)
        await pilot.press(*[str(n) for n in range(1, 6)])
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, WeeklyHistoryScreen)
    assert coach.repo.read().commitments == []
    (assessment,) = coach.repo.read().assessments
    assert assessment.scores == dict(zip(PILLARS, range(1, 6), strict=True))
    # The week's prompt is still to come, on the first launch with a client.
    assert "last_prompted_week" not in coach.settings.get()
    coach.clients.add("Acme")
    app = CoachApp(coach, weekly_prompt=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WeeklyScreen)


@sync
async def test_a_failed_save_never_loses_the_line(demo_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach_tui.store.errors import StoreError

    def busy(*args, **kwargs):
        raise StoreError("store busy: try again")

    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(demo_coach.weekly, "save_commitment", busy)
        monkeypatch.setattr(demo_coach.weekly, "save_assessment", busy)
        await pilot.press("3")  # the answer stays on screen even though it was not stored
        await settle(pilot)
        assert app.screen.query_one(PillarScale).scores == {"recognize": 3}
        await pilot.press("c", "x", "escape")
        await settle(pilot)
        # Still open: closing now would lose the line. A second escape closes anyway.
        assert isinstance(app.screen, WeeklyScreen)
        assert app.screen.query_one("#commitment-input", Input).value == "x"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert commitment(demo_coach, THIS_WEEK) is None
    assert all(a.week != THIS_WEEK for a in demo_coach.repo.read().assessments)


# -- the weekly loop with follow-through (issue 11 §6), on data built through the use cases ----


def portfolio(coach: Coach) -> dict[str, str]:
    """Three new clients in a tmp folder, each with our exec sponsor and a renewal date: Acme
    with a decision-maker met today and no need recorded (its failing signal), Birch and Cedar
    with needs and no client stakeholder recorded (theirs, and the portfolio's); returns their
    ids by name."""
    ids = {}
    for name in ("Acme", "Birch", "Cedar"):
        ids[name] = coach.clients.add(name, renewal="2027-06-30").id
        coach.people.add(ids[name], "Sam Exec", "exec-sponsor", ours=True)
    coach.people.add(ids["Acme"], "Ann Buyer", "decision-maker")
    coach.people.log_touch(ids["Acme"], "Ann", "meeting", "today")
    for name in ("Birch", "Cedar"):
        coach.boards.add_card(ids[name], "understand", f"{name} wants lower freight costs")
    return ids


@sync
async def test_one_key_makes_the_tip_this_weeks_commitment_for_a_named_client(coach: Coach) -> None:
    from coach_tui.screens.weekly_forms import TipCommitmentForm

    ids = portfolio(coach)
    app = CoachApp(coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeeklyScreen)
        tip = screen.data.tip
        assert tip is not None
        # The client whose failing signal the tip answers is pre-filled: the tip answers
        # "no client stakeholder recorded", Birch's (Acme's is "no open needs").
        assert "reach" in tip.signals
        assert screen.data.suggested == ids["Birch"]
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TipCommitmentForm)
        assert form.query_one("#client", Select).value == ids["Birch"]
        field = form.query_one("#text", Input)
        assert field.value == tip.action and field.has_focus
        # The client is changed from the list, and the line edited before it is saved.
        form.query_one("#client", Select).value = ids["Cedar"]
        await pilot.press("end")
        await type_text(pilot, " by Friday")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        text = f"{tip.action} by Friday"
        assert screen.query_one("#commitment-input", Input).value == text
        assert "for Cedar" in shown_text(screen, "#commitment-about")
        assert "from the tip" in shown_text(screen, "#commitment-about")
    assert commitment(coach, THIS_WEEK) == Commitment(THIS_WEEK, text, None, ids["Cedar"], tip.id)


@sync
async def test_the_tip_form_refuses_an_empty_line_and_keeps_the_fields(coach: Coach) -> None:
    from coach_tui.screens.weekly_forms import TipCommitmentForm

    portfolio(coach)
    app = CoachApp(coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TipCommitmentForm)
        form.query_one("#text", Input).value = "   "
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert "write what you will do this week" in str(form.query_one("#text-error").render())
        assert form.query_one("#text", Input).value == "   "
        await pilot.press("escape")  # something changed: asks before discarding
        await settle(pilot)
    assert commitment(coach, THIS_WEEK) is None


@sync
async def test_the_commitment_shows_on_the_dashboard_all_week(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = portfolio(coach)
    coach.weekly.save_commitment(THIS_WEEK, "Ask [b]Acme[/b] for a sponsor", client_id=ids["Acme"], tip_id="x")
    for day in ("2026-11-25", "2026-11-29"):  # Wednesday and Sunday of the same week
        monkeypatch.setenv("COACH_TODAY", day)
        app = CoachApp(coach, weekly_prompt=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            line = app.dashboard.query_one("#commitment-line", Static)
            assert line.display
            assert str(line.render()) == "This week, for Acme: Ask [b]Acme[/b] for a sponsor"
    # A new week: last week's line is no longer this week's commitment.
    monkeypatch.setenv("COACH_TODAY", "2026-12-01")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.dashboard.query_one("#commitment-line", Static).display


@sync
async def test_a_commitment_for_an_archived_client_shows_from_the_first_read(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its client is on no row: the name comes from the directory, read with the rest before
    # the app runs (`Coach.open`), never by the dashboard on the event loop.
    ids = portfolio(coach)
    coach.weekly.save_commitment(THIS_WEEK, "Thank Acme for the years", client_id=ids["Acme"], tip_id="x")
    coach.clients.archive(ids["Acme"])
    opening = coach.open()

    def refused(*_args: object) -> object:
        raise AssertionError("the dashboard read the store for the commitment")

    monkeypatch.setattr(coach.repo, "names", refused)
    app = CoachApp(coach, weekly_prompt=False, opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        line = app.dashboard.query_one("#commitment-line", Static)
        assert line.display and str(line.render()) == "This week, for Acme: Thank Acme for the years"
        monkeypatch.undo()  # later reloads read in the data thread
        await settle(pilot)


@sync
async def test_the_dashboard_line_follows_a_commitment_written_on_the_weekly_screen(coach: Coach) -> None:
    portfolio(coach)
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.dashboard.query_one("#commitment-line", Static).display
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("c")
        await type_text(pilot, "Send Birch the freight note")
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        line = app.dashboard.query_one("#commitment-line", Static)
        assert line.display and str(line.render()) == "This week: Send Birch the freight note"


@sync
async def test_not_kept_asks_what_got_in_the_way_and_carries_over(coach: Coach) -> None:
    ids = portfolio(coach)
    coach.weekly.save_commitment(LAST_WEEK, "Call Dana at Birch", client_id=ids["Birch"], tip_id="t-old")
    app = CoachApp(coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeeklyScreen)
        assert "for Birch" in shown_text(screen, "#last-about")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NotKeptForm)
        assert form.query_one("#carry", Checkbox).value  # offered, and on
        await type_text(pilot, "quarter close ate the week")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "in the way: quarter close ate the week" in shown_text(screen, "#last-about")
        assert screen.query_one("#commitment-input", Input).value == "Call Dana at Birch"
        assert "carried over" in shown_text(screen, "#commitment-about")
        assert "for Birch" in shown_text(screen, "#commitment-about")
    assert commitment(coach, LAST_WEEK) == Commitment(
        LAST_WEEK, "Call Dana at Birch", False, ids["Birch"], "t-old", "quarter close ate the week"
    )
    assert commitment(coach, THIS_WEEK) == Commitment(THIS_WEEK, "Call Dana at Birch", None, ids["Birch"], "t-old", "", True)


@sync
async def test_not_kept_without_carrying_over(coach: Coach) -> None:
    portfolio(coach)
    coach.weekly.save_commitment(LAST_WEEK, "Call Dana")
    coach.weekly.save_commitment(THIS_WEEK, "Already decided")
    app = CoachApp(coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NotKeptForm)
        # This week already has a line: carrying over is not offered, and says why.
        assert not form.query("#carry")
        assert "already has a commitment" in str(form.query_one("#no-carry", Static).render())
        await type_text(pilot, "[red]sick[/]")
        await pilot.press("enter")
        await settle(pilot)
        assert "in the way: [red]sick[/]" in shown_text(app.screen, "#last-about")
    assert commitment(coach, LAST_WEEK).obstacle == "[red]sick[/]"
    assert commitment(coach, THIS_WEEK) == Commitment(THIS_WEEK, "Already decided")


@sync
async def test_every_answer_shows_at_once(coach: Coach) -> None:
    """Scoring a pillar moves its "you" column on the key press; answering "kept?" moves Lead
    (the kept commitments count there) without reopening the screen."""
    portfolio(coach)
    coach.weekly.save_commitment(LAST_WEEK, "Call Dana")
    app = CoachApp(coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        lead = next(line for line in shown_text(screen, "#pillar-scores").splitlines() if line.startswith("Lead"))
        assert lead.split()[-1] == "·"  # not self-assessed yet
        await pilot.press("j", "5")  # Lead: 5
        lead = next(line for line in shown_text(screen, "#pillar-scores").splitlines() if line.startswith("Lead"))
        assert "5/5" in lead  # before the write has even landed
        await settle(pilot)
        before = coach.portfolio.agenda().portfolio["lead"].score
        assert lead.split()[1] == str(before)
        await pilot.press("y")
        await settle(pilot)
        after = coach.portfolio.agenda().portfolio["lead"].score
        assert after != before  # the kept commitment counts in Lead...
        lead = next(line for line in shown_text(screen, "#pillar-scores").splitlines() if line.startswith("Lead"))
        assert lead.split()[1:3] == [str(after), "5/5"]  # ...and the panel shows it at once


@sync
async def test_the_weeks_tip_stays_when_the_data_changes(coach: Coach) -> None:
    ids = portfolio(coach)
    app = CoachApp(coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen.data.tip
        failing = app.screen.data.agenda.failing
    # Every client gains a stakeholder met today: the portfolio's failing signal moves on.
    for client_id in ids.values():
        coach.people.add(client_id, "Ravi Buyer", "economic-buyer")
        coach.people.log_touch(client_id, "Ravi", "call", "today")
    assert coach.portfolio.agenda().failing != failing
    app = CoachApp(coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.data.tip == first
        assert shown_text(app.screen, "#tip-title") == first.title


@sync
async def test_history_charts_the_kept_rate_beside_the_scores_and_the_self_assessment(coach: Coach) -> None:
    """Twelve weeks of answers through the use cases: the chart's Kept % row reads the
    12-week kept-rate as it stood each week; each pillar's "you" row holds the self-assessment
    while its score row holds the portfolio's score, never a blend of the two."""
    from datetime import timedelta

    from coach_tui.widgets.pillar_chart import PillarChart

    ids = portfolio(coach)
    weeks = [THIS_WEEK - timedelta(weeks=n) for n in range(4, 0, -1)]  # four past weeks, oldest first
    for week, kept in zip(weeks, (True, False, True, None), strict=True):
        coach.weekly.save_commitment(week, f"line of {week}", kept=kept, client_id=ids["Birch"])
        coach.weekly.save_assessment(week, {"lead": 5, "value": 1})
    coach.weekly.save_commitment(weeks[1], kept=False, obstacle="travel")
    app = CoachApp(coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeeklyHistoryScreen)
        chart = screen.query_one("#chart", PillarChart)
        lines = str(chart.render()).splitlines()
        kept_row = lines[-2].split()
        # Kept %: the 7 empty weeks, then 100 (1 of 1), 50 (1 of 2), 67 (2 of 3), 67 (the
        # fourth not answered), 67 this week.
        assert kept_row[:2] == ["Kept", "%"]
        assert kept_row[2:] == ["·"] * 7 + ["100", "50", "67", "67", "67", "=", "same"]
        you_lead = lines[2 * PILLARS.index("lead") + 1].split()
        assert you_lead[1:] == ["·"] * 7 + ["5", "5", "5", "5", "·", "=", "same"]
        # This week's portfolio Lead score (recorded on opening) is not the 5/5 self-assessment.
        lead = lines[2 * PILLARS.index("lead")].split()
        assert lead[-1] == str(coach.portfolio.agenda().portfolio["lead"].score)
        table = screen.query_one("#weeks", DataTable)
        rows = {str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)] for i in range(table.row_count)}
        assert rows["Nov 2"][2] == "✗ not kept"
        assert "for Birch · in the way: travel" in rows["Nov 2"][3]


@sync
async def test_hostile_names_and_notes_are_shown_literally_in_the_weekly_loop(coach: Coach) -> None:
    from coach_tui.screens.weekly_forms import TipCommitmentForm

    hostile = "[red]Acme[/] [@click=app.quit]x"
    client_id = coach.clients.add(hostile).id
    coach.people.add(client_id, "Sam Exec", "exec-sponsor", ours=True)
    coach.weekly.save_commitment(LAST_WEEK, "[b]call[/b]", client_id=client_id)
    coach.weekly.save_commitment(LAST_WEEK, kept=False, obstacle="[link=x]busy[/link]")
    app = CoachApp(coach, weekly_prompt=False, start="weekly")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert shown_text(screen, "#last-text") == "[b]call[/b]"
        assert shown_text(screen, "#last-about") == f"for {hostile} · in the way: [link=x]busy[/link]"
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TipCommitmentForm)
        select = form.query_one("#client", Select)
        assert select.value == client_id
        assert str(select.query_one("#label", Static).render()) == hostile
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WeeklyScreen)  # the app did not quit on a name
        assert f"for {hostile}" in shown_text(screen, "#commitment-about")
        await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one("#weeks", DataTable)
        last = [str(c) for c in table.get_row_at(1)]
        assert last[3].startswith(f"[b]call[/b] · for {hostile}")
    assert app.return_code in (None, 0)
