"""The dashboard and its forms driven with Pilot: what the user does, what the store then
holds, and what the screen then shows.

Every app here is built on a temporary data folder (or a fresh demo copy) with the day frozen
by conftest, and the weekly prompt off unless a test is about it.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from clikit import coach
from storekit import entry_file
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static
from tuikit import GivenOptions, recording_toasts, settle, sync, toasts, type_text, until

from coach_tui.app import CoachApp, run
from coach_tui.domain.models import Cadence
from coach_tui.screens.client_form import ClientFormScreen
from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.screens.help import HelpScreen, binding_groups
from coach_tui.screens.log_delivery import LogDeliveryScreen
from coach_tui.services import Coach, open_coach
from coach_tui.store.errors import StoreError
from coach_tui.widgets.client_table import ClientTable
from coach_tui.widgets.field_error import FieldError
from coach_tui.widgets.summary_line import SummaryLine

SIZE = (200, 50)  # every demo name whole in its row, beside the detail pane


def make_app(coach: Coach, **kw) -> CoachApp:
    kw.setdefault("weekly_prompt", False)
    return CoachApp(coach, **kw)


def table(app: CoachApp) -> ClientTable:
    return app.dashboard.query_one(ClientTable)


def row_ids(app: CoachApp) -> list[str]:
    return table(app).row_keys


def row_cells(app: CoachApp, client_id: str) -> list[str]:
    return table(app).row_texts(client_id)


def summary_text(app: CoachApp) -> str:
    return app.dashboard.query_one(SummaryLine).text


def screen_text(app: CoachApp) -> str:
    """What the screen shows, as text (the SVG screenshot without its tags)."""
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


def client_id(coach: Coach, name: str) -> str:
    return coach.portfolio.find_client(name).id


async def select_row(pilot: Pilot, client: str) -> None:
    app = pilot.app
    assert isinstance(app, CoachApp)
    table(app).move_cursor(row=row_ids(app).index(client))
    await settle(pilot)


# -- the daily review -------------------------------------------------------------------------


@sync
async def test_rows_follow_the_agenda_and_the_summary_counts(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        agenda = demo_coach.portfolio.agenda()
        assert row_ids(app) == [v.client.id for v in agenda.views]
        first = row_cells(app, agenda.views[0].client.id)
        assert first[1] == f"▲ overdue {agenda.views[0].cadence.days_over}d"
        text = summary_text(app)
        assert f"{len(agenda.overdue)} overdue" in text
        assert f"{len(agenda.due_this_week)} due this week" in text
        assert f"{agenda.untold} untold Steward cards" in text
        assert f"{agenda.next_steps_overdue} next steps overdue" in text
        assert "Weakest pillar: Adding value constantly and consistently" in text
        assert app.sub_title.startswith("Wed 25 Nov 2026 · 11 active clients")
        assert app.title == "coach"


@sync
async def test_j_and_k_move_the_cursor(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = row_ids(app)
        await pilot.press("j", "j")
        await settle(pilot)
        assert table(app).selected_id == ids[2]
        await pilot.press("k")
        await settle(pilot)
        assert table(app).selected_id == ids[1]
        await pilot.press("down")
        await settle(pilot)
        assert table(app).selected_id == ids[2]


@sync
async def test_empty_state_explains_the_first_keys(coach: Coach) -> None:
    app = recording_toasts(make_app(coach))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        empty = app.dashboard.query_one("#empty")  # mounted for an empty portfolio only
        assert empty.display and not table(app).display
        text = " ".join(str(s.content) for s in empty.query(Static).results(Static))
        assert "add a client" in text and "log a delivery" in text and "every key" in text
        await pilot.press("l")  # nothing to log for yet: a warning, no form
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert any("Add a client first" in t for t in toasts(app))


# -- logging a delivery -----------------------------------------------------------------------


@sync
async def test_log_from_the_dashboard_updates_the_row_and_the_store(demo_coach: Coach) -> None:
    northwind = client_id(demo_coach, "Northwind")
    app = recording_toasts(make_app(demo_coach))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert row_cells(app, northwind)[1] == "▲ overdue 20d"
        await select_row(pilot, northwind)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogDeliveryScreen)
        assert form.query_one("#client", Select).value == northwind
        assert str(form.query_one("#date-preview", Static).content) == "→ Wed 25 Nov 2026"
        assert app.focused is form.query_one("#summary", Input)
        await type_text(pilot, "Q4 deck")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, DashboardScreen)
        history = demo_coach.boards.read(northwind).history
        logged = [d for d in history.deliveries if d.summary == "Q4 deck"]
        assert len(logged) == 1 and logged[0].kind == "idea" and logged[0].on.isoformat() == "2026-11-25"
        cells = row_cells(app, northwind)
        assert cells[1] == "on track" and cells[2].startswith("0d")
        assert table(app).selected_id == northwind  # the cursor followed the client
        assert any("Logged new idea for Northwind Freight Partners" in t for t in toasts(app))


@sync
async def test_log_with_a_past_date_a_kind_and_a_need(demo_coach: Coach) -> None:
    northwind = client_id(demo_coach, "Northwind")
    need = demo_coach.boards.read(northwind).needs[0]
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, northwind)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        date_input = form.query_one("#date", Input)
        date_input.value = "mon"
        await settle(pilot)
        assert str(form.query_one("#date-preview", Static).content) == "→ Mon 23 Nov 2026"
        form.query_one("#kind", Select).value = "industry"
        form.query_one("#need", Select).value = need.id
        form.query_one("#summary", Input).value = "Port congestion briefing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        d = next(d for d in demo_coach.boards.read(northwind).history.deliveries if d.summary == "Port congestion briefing")
        assert (d.on.isoformat(), d.kind, d.need_id) == ("2026-11-23", "industry", need.id)


@sync
async def test_a_bad_date_keeps_the_form_and_everything_typed(demo_coach: Coach) -> None:
    northwind = client_id(demo_coach, "Northwind")
    before = len(demo_coach.boards.read(northwind).history.deliveries)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, northwind)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        await type_text(pilot, "Deck")
        form.query_one("#kind", Select).value = "thinking"
        form.query_one("#date", Input).focus()
        form.query_one("#date", Input).value = "blursday"
        await settle(pilot)
        # The message shows live, before any save...
        error = form.query_one("#date-error", FieldError)
        assert error.display and "can't read the date 'blursday'" in error.message
        assert str(form.query_one("#date-preview", Static).content) == "✗"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # ...and a save attempt keeps the form open, the message shown, nothing cleared.
        assert app.screen is form
        assert error.display and "today, yesterday, 3d ago" in error.message
        assert form.query_one("#date", Input).value == "blursday"
        assert form.query_one("#summary", Input).value == "Deck"
        assert form.query_one("#kind", Select).value == "thinking"
        assert app.focused is form.query_one("#date", Input)
        assert len(demo_coach.boards.read(northwind).history.deliveries) == before

        # A future date is refused the same way.
        form.query_one("#date", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "in the future" in error.message

        # Fixing the date saves.
        form.query_one("#date", Input).value = "yesterday"
        await settle(pilot)
        assert not error.display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert len(demo_coach.boards.read(northwind).history.deliveries) == before + 1


@sync
async def test_an_empty_summary_is_refused_inline(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#summary-error", FieldError).message == "the summary can't be empty"


@sync
async def test_escape_asks_before_dropping_what_was_typed(demo_coach: Coach) -> None:
    total = sum(e.facts.deliveries for e in demo_coach.repo.read().entries)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        await type_text(pilot, "Half")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and form.query_one("#summary", Input).value == "Half"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        # An untouched form closes at once.
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert sum(e.facts.deliveries for e in demo_coach.repo.read().entries) == total


@sync
async def test_changing_the_client_reloads_its_needs(demo_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    northwind = client_id(demo_coach, "Northwind")
    cascade = client_id(demo_coach, "Cascade")
    options = GivenOptions(monkeypatch)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, northwind)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        need = form.query_one("#need", Select)
        northwind_needs = {c.id for c in demo_coach.boards.read(northwind).needs}
        assert options.values(need) - {"-"} == northwind_needs
        form.query_one("#client", Select).value = cascade
        await settle(pilot)
        assert options.values(need) - {"-"} == {c.id for c in demo_coach.boards.read(cascade).needs}
        assert need.value == "-"


# -- clients ----------------------------------------------------------------------------------


@sync
async def test_create_a_client_from_the_empty_state(coach: Coach) -> None:
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        form.query_one("#name", Input).value = "  Acme Logistics  "
        await pilot.press("tab", "ctrl+u")
        await settle(pilot)
        await type_text(pilot, "3w")
        assert str(form.query_one("#cadence-preview", Static).content) == "→ a value-add every 3 weeks"
        form.query_one("#tier", Select).value = "A"
        form.query_one("#revenue", Input).value = "1.2m"
        await settle(pilot)
        assert str(form.query_one("#revenue-preview", Static).content) == "→ €1.2m a year"
        form.query_one("#renewal", Input).value = "2027-03-31"
        await settle(pilot)
        assert str(form.query_one("#renewal-preview", Static).content) == "→ 31 Mar 2027"
        form.query_one("#sponsor", Input).value = "Dana Fox"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        [client] = coach.portfolio.clients()
        assert (client.name, client.cadence, client.tier) == ("Acme Logistics", Cadence(3, "w"), "A")
        assert (client.revenue, client.renewal) == (1_200_000, date(2027, 3, 31))
        people = coach.repo.read_client(client.id).people
        assert [(p.name, p.role, p.ours) for p in people] == [("Dana Fox", "exec-sponsor", True)]
        assert table(app).display and not app.dashboard.query_one("#empty").display  # the panel stays, hidden
        assert row_ids(app) == [client.id] and table(app).selected_id == client.id
        assert app.focused is table(app)
        assert row_cells(app, client.id)[1] == "new"


@sync
async def test_client_form_errors_stay_inline_and_keep_the_text(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#name", Input).value = "northwind freight partners"
        form.query_one("#cadence", Input).value = "3 fortnights"
        await settle(pilot)
        cadence_error = form.query_one("#cadence-error", FieldError)
        assert "can't read the cadence '3 fortnights'" in cadence_error.message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#cadence", Input).value == "3 fortnights"
        form.query_one("#cadence", Input).value = "2w"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The name clash is only known to the store: it comes back under the name.
        assert app.screen is form
        assert "already exists" in form.query_one("#name-error", FieldError).message
        assert form.query_one("#name", Input).value == "northwind freight partners"
    assert len(demo_coach.portfolio.clients()) == 11


@sync
async def test_edit_a_client(demo_coach: Coach) -> None:
    pelican = client_id(demo_coach, "Pelican")
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, pelican)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        assert form.query_one("#name", Input).value == "Pelican Pharma Distribution"
        form.query_one("#name", Input).value = "Pelican Pharma"
        form.query_one("#cadence", Input).value = "10d"
        await pilot.press("ctrl+s")
        await settle(pilot)
        client = demo_coach.portfolio.find_client("Pelican")
        assert (client.name, client.cadence) == ("Pelican Pharma", Cadence(10, "d"))
        assert row_cells(app, pelican)[0] == "A Pelican Pharma"
        assert table(app).selected_id == pelican


@sync
async def test_archive_asks_first(demo_coach: Coach) -> None:
    kestrel = client_id(demo_coach, "Kestrel")
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, kestrel)
        index = row_ids(app).index(kestrel)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert kestrel in row_ids(app)
        assert not demo_coach.portfolio.find_client("Kestrel").archived
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert kestrel not in row_ids(app) and len(row_ids(app)) == 10
        assert demo_coach.portfolio.find_client("Kestrel", include_archived=True).archived
        assert table(app).cursor_row == index  # the cursor stays where the row was


# -- filter and sort --------------------------------------------------------------------------


@sync
async def test_filter_as_you_type(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert app.focused is app.dashboard.query_one("#filter", Input)
        await type_text(pilot, "SUPPLY")
        # Any text: the names, and the cards, notes, deliveries and people the shell searches too.
        expected = {f.client.name for f in demo_coach.search.search("supply")}
        by_name = {c.name for c in demo_coach.portfolio.clients() if "supply" in c.name.casefold()}
        assert 1 <= len(by_name) < len(expected) < 11
        shown = {row_cells(app, cid)[0][2:] for cid in row_ids(app)}
        assert shown == expected
        assert str(app.dashboard.query_one("#filter-count", Static).content) == f"{len(expected)} of 11 shown"
        await type_text(pilot, " riverside")
        assert [row_cells(app, cid)[0] for cid in row_ids(app)] == ["B Redwood Civil Engineering"]
        matched = app.dashboard.query_one("#filter-match", Static)
        assert matched.display and str(matched.content).startswith("matched: need 'Concrete supply delays on the riverside")
        await pilot.press("enter")  # keeps the filter, back to the rows
        await settle(pilot)
        assert app.focused is table(app) and len(row_ids(app)) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert len(row_ids(app)) == 11
        assert not app.dashboard.query_one("#filter-bar").display
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "zzz")
        assert row_ids(app) == []
        no_match = app.dashboard.query_one("#no-match", Static)
        assert no_match.display and "zzz" in str(no_match.content)
        await pilot.press("escape")
        await settle(pilot)
        assert len(row_ids(app)) == 11


@sync
async def test_sort_cycles_and_says_so(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        agenda = demo_coach.portfolio.agenda()
        urgency = [v.client.id for v in agenda.views]
        selected = table(app).selected_id
        assert "sorted by urgency" in summary_text(app)

        await pilot.press("s")
        await settle(pilot)
        by_name = sorted(agenda.views, key=lambda v: v.client.name.casefold())
        assert row_ids(app) == [v.client.id for v in by_name]
        assert "sorted by name" in summary_text(app)
        assert table(app).selected_id == selected

        await pilot.press("s")
        await settle(pilot)
        tiers = [row_cells(app, cid)[0][0] for cid in row_ids(app)]
        assert tiers == sorted(tiers) and "sorted by tier" in summary_text(app)

        await pilot.press("s")
        await settle(pilot)
        assert "sorted by next due" in summary_text(app)
        dues = [v.cadence.next_due or agenda.today for v in sorted(agenda.views, key=lambda v: row_ids(app).index(v.client.id))]
        assert dues == sorted(dues)

        await pilot.press("s")
        await settle(pilot)
        assert "sorted by last value-add" in summary_text(app)
        in_rows = sorted(agenda.views, key=lambda v: row_ids(app).index(v.client.id))
        lasts = [v.cadence.last or date.min for v in in_rows]
        assert lasts == sorted(lasts) and in_rows[0].cadence.last is None  # never first, then the longest ago
        assert "Since / cadence ▾" in screen_text(app)  # the header carries the arrow

        await pilot.press("s")
        await settle(pilot)
        assert "sorted by weakest pillar" in summary_text(app)
        in_rows = sorted(agenda.views, key=lambda v: row_ids(app).index(v.client.id))
        weakest = [v.scores[v.weakest].score for v in in_rows]
        assert weakest == sorted(weakest)

        await pilot.press("S")  # reversed: the strongest weakest pillar first
        await settle(pilot)
        assert "sorted by weakest pillar, reversed" in summary_text(app)
        in_rows = sorted(agenda.views, key=lambda v: row_ids(app).index(v.client.id))
        assert [v.scores[v.weakest].score for v in in_rows] == sorted(weakest, reverse=True)
        assert "Weakest ▴" in screen_text(app)

        await pilot.press("s")  # the next sort stays reversed until S again
        await settle(pilot)
        assert row_ids(app) == urgency[::-1] and "sorted by urgency, reversed" in summary_text(app)
        await pilot.press("S")
        await settle(pilot)
        assert row_ids(app) == urgency and "sorted by urgency" in summary_text(app)
        assert "reversed" not in summary_text(app) and "Status ▾" in screen_text(app)


@sync
async def test_g_and_G_jump_to_the_first_and_last_client(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = row_ids(app)
        await pilot.press("G")
        await settle(pilot)
        assert table(app).selected_id == ids[-1]
        assert app.dashboard.selected() is not None and app.dashboard.selected().client.id == ids[-1]
        await pilot.press("g")
        await settle(pilot)
        assert table(app).selected_id == ids[0]
        await pilot.press("end")
        await settle(pilot)
        assert table(app).cursor_row == len(ids) - 1
        await pilot.press("home")
        await settle(pilot)
        assert table(app).cursor_row == 0


@sync
async def test_filter_tokens_and_accents(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    agenda = demo_coach.portfolio.agenda()
    overdue = [v.client.id for v in agenda.views if v.cadence.status == "overdue"]
    overdue_a = [v.client.id for v in agenda.views if v.cadence.status == "overdue" and v.client.tier == "A"]
    assert 0 < len(overdue_a) < len(overdue) < 11
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "status:overdue")
        assert row_ids(app) == overdue
        await type_text(pilot, " tier:a")
        assert row_ids(app) == overdue_a
        await type_text(pilot, " muller")  # accents and case folded: Müller Präzision GmbH
        assert [row_cells(app, cid)[0] for cid in row_ids(app)] == ["A Müller Präzision GmbH"]
        await pilot.press(*["backspace"] * len("status:overdue tier:a muller"))
        await type_text(pilot, "status:late")
        no_match = app.dashboard.query_one("#no-match", Static)
        assert no_match.display and "unknown status 'late': use overdue, due, ok, new or archived" in str(no_match.content)
        assert len(row_ids(app)) == 11
        await pilot.press(*["backspace"] * len("late"))
        await type_text(pilot, "new")
        assert row_ids(app) == [v.client.id for v in agenda.views if v.cadence.status == "new"]
        assert not no_match.display


@sync
async def test_the_filter_finds_archived_clients_with_status_archived_or_when_they_are_shown(demo_coach: Coach) -> None:
    northwind = client_id(demo_coach, "Northwind")
    demo_coach.clients.archive(northwind)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        no_match = app.dashboard.query_one("#no-match", Static)
        await type_text(pilot, "baltic")  # in Northwind's cards and notes alone
        await until(lambda: no_match.display)
        assert row_ids(app) == [] and "No active client matches 'baltic'" in str(no_match.content)
        # status:archived: the archived clients alone, their text searched as the others'.
        await type_text(pilot, " status:archived")
        await until(lambda: row_ids(app) == [northwind])
        assert "archived" in row_cells(app, northwind)[1]
        matched = app.dashboard.query_one("#filter-match", Static)
        assert str(matched.content).startswith("matched: ")
        await pilot.press(*["backspace"] * len("baltic status:archived"))
        await type_text(pilot, "status:archived")
        archived = [v.client.id for v in demo_coach.portfolio.agenda().archived]  # the demo's own too
        assert northwind in archived and row_ids(app) == archived
        await pilot.press("escape")
        await settle(pilot)
        assert northwind not in row_ids(app)
        # With the archived clients shown (`A`), the filter's words are looked for in theirs too.
        await pilot.press("A")
        await settle(pilot)
        assert northwind in row_ids(app)
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "baltic")
        await until(lambda: row_ids(app) == [northwind])
        await pilot.press(*["backspace"] * len("baltic"))
        await type_text(pilot, "status:overdue")  # any other status leaves them out
        assert northwind not in row_ids(app) and row_ids(app)


# -- keeping up with the store ----------------------------------------------------------------


@sync
async def test_a_write_from_another_process_shows_up(demo_coach: Coach, data_dir: Path) -> None:
    halvorsen = client_id(demo_coach, "Halvorsen")
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert row_cells(app, halvorsen)[1] == "▲ overdue 2d"
        coach("log", "Halvorsen", "Hull coating trial results", data=data_dir, check=True)  # from the shell
        await until(lambda: row_cells(app, halvorsen)[1] == "on track")
        await settle(pilot)  # the reload's last step (the commitment line) too


@sync
async def test_coming_back_from_a_board_keeps_the_cursor(demo_coach: Coach) -> None:
    pelican = client_id(demo_coach, "Pelican")
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, pelican)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "BoardScreen"
        assert getattr(app.screen, "client_id", None) == pelican
        app.pop_screen()
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and table(app).selected_id == pelican


# -- user text is shown literally -------------------------------------------------------------

HOSTILE = ["[red]Acme[/]", "[@click=app.quit]x", "Bidi\u202eevil", "[b]Bold[/b] & co"]


@sync
async def test_hostile_names_are_shown_literally(coach: Coach) -> None:
    for name in HOSTILE:
        coach.clients.add(name)
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = {row_cells(app, cid)[0][2:] for cid in row_ids(app)}
        assert names == {"[red]Acme[/]", "[@click=app.quit]x", "Bidi\\u202eevil", "[b]Bold[/b] & co"}
        shown = screen_text(app)
        assert "[red]Acme[/]" in shown and "[@click=app.quit]x" in shown

        # The log form's client list shows them literally too.
        acme = client_id(coach, "[red]Acme")
        await select_row(pilot, acme)
        await pilot.press("l")
        await settle(pilot)
        assert "[red]Acme[/]" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)

        # So does the archive question, and clicking the name runs nothing.
        await pilot.press("a")
        await settle(pilot)
        question = app.screen.query_one("#confirm-question", Static)
        assert str(question.content) == "Archive [red]Acme[/]?"
        await pilot.press("n")
        await settle(pilot)

        # And the command palette.
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "click"
        await pilot.pause(0.3)
        await settle(pilot)
        assert "Open client: [@click=app.quit]x" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


# -- app-wide ---------------------------------------------------------------------------------


@sync
async def test_theme_is_remembered(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert demo_coach.settings.get()["theme"] == "nord"
    again = make_app(demo_coach)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


@sync
async def test_help_lists_every_binding_of_every_screen(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        # The words of every group (a long description wraps onto lines of its own).
        text = " ".join(" ".join(str(s.content).split()) for s in app.screen.query(".help-keys, .help-title").results(Static))
        from textual.binding import Binding

        groups = binding_groups(CoachApp.BINDINGS)
        titles = [title for title, _ in groups]
        assert {"Everywhere", "Dashboard: the daily review", "Log a delivery", "New or edited client"} <= set(titles)
        for title, bindings in groups:
            assert title in text
            for binding in Binding.make_bindings(bindings):
                assert " ".join((binding.tooltip or binding.description).split()) in text, (title, binding)
        await pilot.press("escape")  # esc closes help (q quits, as everywhere)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and app.is_running


@sync
async def test_palette_opens_forms_and_clients(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "new client"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientFormScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "log a delivery"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogDeliveryScreen)
        assert app.screen.query_one("#client", Select).value == table(app).selected_id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "open client: kestrel"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "BoardScreen"
        assert getattr(app.screen, "client_id", None) == client_id(demo_coach, "Kestrel")


@sync
async def test_palette_finds_client_names_without_accents(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "open client: muller prazision"
        # The highlighted letters are drawn apart: compare without spaces.
        await until(lambda: "Openclient:MüllerPräzisionGmbH" in screen_text(app).replace(" ", ""))
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "BoardScreen"
        assert getattr(app.screen, "client_id", None) == client_id(demo_coach, "Müller")


@sync
async def test_weekly_prompt_opens_once_a_week(coach: Coach) -> None:
    weekly = pytest.importorskip("coach_tui.screens.weekly")
    coach.clients.add("Acme")  # an empty portfolio gets the first-run panel instead
    app = CoachApp(coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, weekly.WeeklyScreen)
    assert coach.settings.get()["last_prompted_week"] == "2026-11-23"
    again = CoachApp(coach)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, DashboardScreen)


@sync
async def test_start_weekly_opens_the_weekly_screen(coach: Coach) -> None:
    weekly = pytest.importorskip("coach_tui.screens.weekly")
    app = CoachApp(coach, start="weekly", weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, weekly.WeeklyScreen)


def test_a_corrupt_store_stops_before_the_app_starts(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "coach.json").write_text("{ not json", encoding="utf-8")
    started = []
    monkeypatch.setattr(CoachApp, "run", lambda self, *a, **k: started.append(self))
    with pytest.raises(StoreError) as caught:
        run(open_coach(str(data_dir)), demo=False, start=None)
    assert "\n" not in str(caught.value)
    assert started == []


def test_damaged_facts_stop_before_the_app_starts(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    """Facts are decoded lazily; a damaged one must still stop `coach` in one line before
    the terminal is taken over, not crash the first screen."""
    import json

    acme = coach.clients.add("Acme")
    index = entry_file(coach.repo, acme.id)  # the index shard that holds Acme's facts
    data = json.loads(index.read_bytes())
    data["clients"]["1"]["facts"]["va"] = ["not a day"]
    index.write_text(json.dumps(data))
    started = []
    monkeypatch.setattr(CoachApp, "run", lambda self, *a, **k: started.append(self))
    with pytest.raises(StoreError) as caught:
        run(open_coach(str(coach.repo.root)), demo=False, start=None)
    assert "facts" in str(caught.value) and "\n" not in str(caught.value)
    assert started == []


@sync
async def test_damage_after_start_is_reported_not_a_crash(coach: Coach) -> None:
    """The index damaged after the start-up check: the next reload says so, and the app runs on."""
    import json

    acme = coach.clients.add("Acme")
    opening = coach.open()
    shard = entry_file(coach.repo, acme.id)
    data = json.loads(shard.read_bytes())
    data["clients"]["1"]["facts"]["va"] = ["not a day"]
    shard.write_text(json.dumps(data))
    app = recording_toasts(CoachApp(coach, weekly_prompt=False, opening=opening))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert table(app).row_count == 1  # the first screen shows what the start-up check read
        app.dashboard.reload()
        await settle(pilot)
        assert app.is_running
        assert any("facts" in t for t in toasts(app))


def test_run_builds_the_app_on_the_data_folder(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[CoachApp] = []
    monkeypatch.setattr(CoachApp, "run", lambda self, *a, **k: seen.append(self))
    assert run(open_coach(str(data_dir)), demo=False, start="weekly") == 0
    [app] = seen
    assert app.coach.repo.root == data_dir and app.start == "weekly" and not app.demo


@sync
async def test_filter_searches_names_until_the_index_is_read_then_everything(
    demo_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coach_tui.screens.dashboard as dashboard_module

    monkeypatch.setattr(dashboard_module, "INDEX_STEP", 2)  # 11 clients: six steps
    steps: list[int] = []
    build = demo_coach.search.build

    def counted(limit: int | None = None):
        progress = build(limit)
        steps.append(progress.left)
        return progress

    monkeypatch.setattr(demo_coach.search, "build", counted)
    northwind = client_id(demo_coach, "Northwind")
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "baltic")  # in Northwind's cards and notes, in no name
        await settle(pilot)
        assert steps[-1] == 0 and len(steps) == 6
        assert row_ids(app) == [northwind]
        count = str(app.dashboard.query_one("#filter-count", Static).content)
        assert count == "1 of 11 shown"
        # A write elsewhere is searched as soon as it lands, its file alone read again.
        kestrel = client_id(demo_coach, "Kestrel")
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "zeppelin")
        await settle(pilot)
        assert row_ids(app) == []
        steps.clear()
        coach("card", "add", "kestrel", "Zeppelin charter pilot", data=demo_coach.repo.root)
        await until(lambda: row_ids(app) == [kestrel])
        assert steps and steps[-1] == 0


@sync
async def test_what_the_filter_matched_is_shown_literally(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    coach.boards.add_card(acme.id, "plan", "[red]Audit[/] plan", notes="see [@click=app.quit]freight\u202e notes")
    app = make_app(coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "freight")
        await settle(pilot)
        assert row_ids(app) == [acme.id]
        matched = str(app.dashboard.query_one("#filter-match", Static).content)
        assert matched == "matched: notes of card '[red]Audit[/] plan': see [@click=app.quit]freight\\u202e notes"
        assert "[red]Audit[/]" in screen_text(app)
