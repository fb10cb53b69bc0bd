"""Pilot tests of the people on a client's board: the people panel (p), adding, editing and
removing a person, logging a touch (o), bad input kept in the form, names shown literally.

The account is built through the services on an empty data folder (the `coach` fixture),
frozen on 2026-11-25: Acme with a decision-maker touched 12 days ago, a champion never
touched, and our executive sponsor.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import App
from textual.content import Content
from textual.widgets import Checkbox, Input, Select
from tuikit import board_app, settle, sync, type_text

from coach_tui.screens.board import BoardScreen
from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.evidence import EvidenceScreen
from coach_tui.screens.person_form import PersonFormScreen, TouchFormScreen
from coach_tui.services import Coach
from coach_tui.widgets.people_panel import PeoplePanel
from coach_tui.widgets.pillar_bars import PillarBars

TODAY = date(2026, 11, 25)
WIDE = (120, 40)
HOSTILE = "[red]Eve[/] [@click=app.quit]x[/]"


def account(coach: Coach) -> str:
    """Acme: Dana (decision-maker, called 12 days ago), Cy (champion, never touched), and our
    sponsor Sam, who took part in the call."""
    client = coach.clients.add("Acme Logistics", added=TODAY - timedelta(days=200))
    coach.people.add(client.id, "Dana Reyes", "decision-maker", "COO")
    coach.people.add(client.id, "Cy Park", "champion", "Ops manager")
    coach.people.add(client.id, "Sam Ortiz", "exec-sponsor", "VP Sales", ours=True)
    coach.people.log_touch(client.id, "Dana", "call", TODAY - timedelta(days=12), "renewal worries", ("Sam",))
    return client.id


def board(app: App) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


def panel_text(app: App) -> str:
    panel = board(app).query_one(PeoplePanel)
    people = panel.list
    lines = [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]
    return "\n".join(lines)


def people_of(coach: Coach, client_id: str) -> dict[str, tuple[str, str, bool]]:
    return {p.name: (p.role, p.title, p.ours) for p in coach.repo.read_client(client_id).people}


async def open_people(pilot) -> PeoplePanel:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    panel = board(pilot.app).query_one(PeoplePanel)
    assert panel.display and not board(pilot.app).query_one("#board").display
    return panel


@sync
async def test_panel_lists_both_sides_with_the_last_touch(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_people(pilot)
        text = panel_text(app)
        # The client's people first (decision-maker before champion), then our team.
        assert text.index("Dana Reyes") < text.index("Cy Park") < text.index("OUR ACCOUNT TEAM") < text.index("Sam Ortiz")
        dana = next(line for line in text.splitlines() if "Dana Reyes" in line)
        assert "Decision-maker" in dana and "COO" in dana and "call 12 days ago" in dana
        assert "never touched" in next(line for line in text.splitlines() if "Cy Park" in line)
        # Our sponsor took part in the call.
        assert "call 12 days ago" in next(line for line in text.splitlines() if "Sam Ortiz" in line)
        assert app.screen.focused is panel.list
        assert panel.person is not None and panel.person.name == "Dana Reyes"
        detail = panel.query_one("#people-detail").render().plain
        assert "renewal worries" in detail and "Sam Ortiz" in detail
        # Arrows move; the headings are skipped.
        await pilot.press("down")
        assert panel.person is not None and panel.person.name == "Cy Park"
        await pilot.press("down")
        assert panel.person is not None and panel.person.name == "Sam Ortiz"
        # p (or escape) goes back to the cards.
        await pilot.press("p")
        await settle(pilot)
        assert not panel.display and board(app).query_one("#board").display


@sync
async def test_add_a_person(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await open_people(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        await type_text(pilot, "Lee Wong")
        form.query_one("#role", Select).value = "finance"
        form.query_one("#title", Input).value = "CFO"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert people_of(coach, client_id)["Lee Wong"] == ("finance", "CFO", False)
        panel = board(app).query_one(PeoplePanel)
        assert "Lee Wong" in panel_text(app)
        assert panel.person is not None and panel.person.name == "Lee Wong"
        assert app.screen.focused is panel.list


@sync
async def test_add_one_of_ours_switches_the_roles(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await open_people(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        await type_text(pilot, "Ana Lima")
        form.query_one("#side", Select).value = "ours"
        await settle(pilot)
        role = form.query_one("#role", Select)
        assert role.value == "exec-sponsor"
        role.value = "delivery-lead"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert people_of(coach, client_id)["Ana Lima"] == ("delivery-lead", "", True)


@sync
async def test_edit_a_person(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await open_people(pilot)
        await pilot.press("down", "e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        assert form.query_one("#name", Input).value == "Cy Park"
        form.query_one("#title", Input).value = "Head of operations"
        form.query_one("#role", Select).value = "economic-buyer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert people_of(coach, client_id)["Cy Park"] == ("economic-buyer", "Head of operations", False)
        assert "Economic buyer" in panel_text(app)
        detail = board(app).query_one(PeoplePanel).query_one("#people-detail").render().plain
        assert "Cy Park" in detail and "Head of operations" in detail


@sync
async def test_a_name_taken_is_refused_and_the_fields_kept(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await open_people(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "dana reyes")
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        form.query_one("#title", Input).value = "Board member"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "already among the client's people" in form.query_one("#name-error").render().plain
        assert form.query_one("#name", Input).value == "dana reyes"
        assert form.query_one("#title", Input).value == "Board member"
        assert len(coach.repo.read_client(client_id).people) == 3


@sync
async def test_remove_a_person_asks_first(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await open_people(pilot)
        await pilot.press("x")  # Dana, with one touch
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert "Dana Reyes" in question.detail and "1 touch go with them" in question.detail
        await pilot.press("n")
        await settle(pilot)
        assert "Dana Reyes" in people_of(coach, client_id)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert set(people_of(coach, client_id)) == {"Cy Park", "Sam Ortiz"}
        assert coach.repo.read_client(client_id).touches == []
        assert "Dana Reyes" not in panel_text(app)
        panel = board(app).query_one(PeoplePanel)
        assert panel.person is not None and app.screen.focused is panel.list


@sync
async def test_o_logs_a_touch_with_the_highlighted_person(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await open_people(pilot)
        await pilot.press("down", "o")  # Cy Park
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TouchFormScreen)
        cy = next(p for p in coach.repo.read_client(client_id).people if p.name == "Cy Park")
        assert form.query_one("#person", Select).value == cy.id
        form.query_one("#kind", Select).value = "meeting"
        date_field = form.query_one("#date", Input)
        date_field.value = "3d ago"
        await settle(pilot)
        assert "Sun 22 Nov 2026" in form.query_one("#date-preview").render().plain
        form.query_one("#note", Input).value = "walked the [b]warehouse[/b]"
        form.query_one("#ours-0", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        history = coach.repo.read_client(client_id)
        sam = next(p for p in history.people if p.name == "Sam Ortiz")
        [touch] = [t for t in history.touches if t.person_id == cy.id]
        assert (touch.kind, touch.on, touch.note, touch.ours) == (
            "meeting",
            TODAY - timedelta(days=3),
            "walked the [b]warehouse[/b]",
            (sam.id,),
        )
        cy_line = next(line for line in panel_text(app).splitlines() if "Cy Park" in line)
        assert "meeting 3 days ago" in cy_line
        detail = board(app).query_one(PeoplePanel).query_one("#people-detail").render().plain
        assert "walked the [b]warehouse[/b]" in detail


@sync
async def test_o_from_the_cards_opens_the_touch_form(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TouchFormScreen)
        # Only the client's people can be picked; the first is chosen.
        select = form.query_one("#person", Select)
        dana = next(p for p in coach.repo.read_client(client_id).people if p.name == "Dana Reyes")
        assert select.value == dana.id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert sum(t.on == TODAY for t in coach.repo.read_client(client_id).touches) == 1


@sync
async def test_a_bad_date_keeps_the_fields(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await open_people(pilot)
        await pilot.press("o")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TouchFormScreen)
        form.query_one("#kind", Select).value = "email"
        form.query_one("#note", Input).value = "sent the proposal"
        date_field = form.query_one("#date", Input)
        date_field.value = "someday"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        error = form.query_one("#date-error").render().plain
        assert "someday" in error and "today" in error
        assert date_field.value == "someday"
        assert form.query_one("#note", Input).value == "sent the proposal"
        assert form.query_one("#kind", Select).value == "email"
        # A day ahead is refused too: a touch is logged once it happened.
        date_field.value = "2026-12-01"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "in the future" in form.query_one("#date-error").render().plain
        assert len(coach.repo.read_client(client_id).touches) == 1
        date_field.value = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert len(coach.repo.read_client(client_id).touches) == 2


@sync
async def test_hostile_names_are_shown_literally(coach: Coach) -> None:
    client = coach.clients.add("[b]Acme[/b]", added=TODAY - timedelta(days=30))
    coach.people.add(client.id, HOSTILE, "champion", "[i]boss[/i]\x1b]0;pwn\x07")
    app = board_app(coach, client.id)
    async with app.run_test(size=WIDE) as pilot:
        await open_people(pilot)
        assert isinstance(app.screen, BoardScreen)  # [@click=app.quit] did nothing
        panel = board(app).query_one(PeoplePanel)
        line = next(line for line in panel_text(app).splitlines() if "Eve" in line)
        assert "[red]Eve[/]" in line
        detail = panel.query_one("#people-detail").render().plain
        assert HOSTILE in detail and "[i]boss[/i]\\x1b]0;pwn\\x07" in detail
        await pilot.press("o")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TouchFormScreen)
        title = Content.from_markup(str(form.query_one("#dialog").border_title))
        assert title.plain == "Log a touch with [b]Acme[/b]"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        assert form.query_one("#name", Input).value == HOSTILE


@sync
async def test_no_client_people_yet(coach: Coach) -> None:
    client = coach.clients.add("Newco", added=TODAY - timedelta(days=3))
    app = board_app(coach, client.id)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_people(pilot)
        assert "none yet: a adds one" in panel_text(app)
        assert "No one recorded yet" in panel.query_one("#people-detail").render().plain
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)  # nothing to pick: a warning instead


@sync
async def test_evidence_marks_the_failing_signal_of_the_weakest_pillar(coach: Coach) -> None:
    client_id = account(coach)
    view = coach.boards.read(client_id).view
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        bars = app.screen.query_one(PillarBars)
        from coach_tui.domain.models import PILLARS

        for _ in range(PILLARS.index(view.weakest)):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, EvidenceScreen)
        assert bars.pillar == view.weakest
        assert "weakest pillar" in modal.query_one("#evidence-score").render().plain
        lines = modal.query_one("#evidence-lines").render().plain.splitlines()
        failing = view.failing
        marked = [line for line in lines if "failing signal" in line]
        assert len(marked) == 1 and failing.evidence in marked[0]
        # A signal that does not apply shows — before its evidence.
        for signal in view.scores[view.weakest].signals:
            if signal.points is None:
                assert any(line.strip().startswith("—") and signal.evidence in line for line in lines)


@sync
async def test_help_lists_the_people_keys() -> None:
    from tuikit import OneScreenApp

    from coach_tui.screens.help import HelpScreen

    app = OneScreenApp(HelpScreen)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = "\n".join(w.render().plain for w in app.screen.query(".help-title, .help-keys"))
        assert "People on a board (p)" in text
        assert "Show the client's people and our account team" in text  # p on the board
        for said in ("Add a person", "Edit the highlighted person", "Remove the highlighted person", "Log a touch"):
            assert said in text


@sync
async def test_a_pillar_with_no_evidence_shows_a_dash_and_is_never_the_weakest(coach: Coach) -> None:
    client = coach.clients.add("Newco", added=TODAY - timedelta(days=3))  # no card: Tactics has nothing to judge
    view = coach.boards.read(client.id).view
    assert view.scores["tactics"].score is None and view.weakest != "tactics"
    app = board_app(coach, client.id)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        bars = app.screen.query_one(PillarBars)
        tactics = next(line for line in bars.render().plain.splitlines() if "Tactics" in line)
        assert tactics.rstrip().endswith("—") and "▼" not in tactics
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, EvidenceScreen)
        headline = modal.query_one("#evidence-score").render().plain
        assert headline.startswith("—/100") and "no evidence yet" in headline
        assert "weakest pillar" not in headline and "weakest:" in headline


@sync
async def test_narrow_tab_swaps_people_and_side_panel(coach: Coach) -> None:
    client_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_people(pilot)
        screen = board(app)
        side = screen.query_one("#side-panel")
        await pilot.press("tab")
        await settle(pilot)
        assert side.display and not panel.display
        await pilot.press("tab")
        await settle(pilot)
        assert panel.display and not side.display and app.screen.focused is panel.list
        # esc closes the panel: the cards again, the focus on the first one.
        await pilot.press("escape")
        await settle(pilot)
        assert not panel.display and screen.query_one("#board").display
        assert screen.focused_card is not None or "empty-slot" in screen.focused.classes  # type: ignore[union-attr]
