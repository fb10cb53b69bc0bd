"""The dashboard's detail pane, archived clients and a new client's next due, driven with Pilot.

The pane shows the client under the cursor beside the table (under it below 120 columns):
it follows every cursor move in the same frame, from the agenda alone, and adds the last
value-add's summary and the sponsor's name once the client's file is read in the background.
`A` shows the archived clients in the review, where `a` brings one back. A new client is due
now, in the table, in `coach status` and in the calendar.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from clikit import coach as run_coach
from textual.geometry import Region
from textual.widgets import Static
from tuikit import settle, sync, until

from coach_tui.app import CoachApp
from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.services import Coach
from coach_tui.widgets.client_brief import ClientBrief
from coach_tui.widgets.client_table import ClientTable

NARROW = (80, 24)
MIDDLE = (120, 40)
WIDE = (200, 50)


def make_app(coach: Coach) -> CoachApp:
    return CoachApp(coach, weekly_prompt=False)


def table(app: CoachApp) -> ClientTable:
    return app.dashboard.query_one(ClientTable)


def pane(app: CoachApp) -> ClientBrief:
    return app.dashboard.query_one(ClientBrief)


def pane_text(app: CoachApp) -> str:
    return str(pane(app).content)


def client_id(coach: Coach, name: str) -> str:
    return coach.portfolio.find_client(name, include_archived=True).id


async def select(app: CoachApp, pilot, cid: str) -> None:
    table(app).move_cursor(row=table(app).row_keys.index(cid))
    await settle(pilot)


# -- the detail pane ---------------------------------------------------------------------------


@sync
async def test_the_pane_shows_everything_about_the_client_under_the_cursor(demo_coach: Coach) -> None:
    northwind = client_id(demo_coach, "Northwind")
    board = demo_coach.boards.read(northwind)  # what the board would show (read apart)
    last = board.value_adds(1)[0]
    sponsor = next((p.name for p in board.history.people if p.ours and p.role == "exec-sponsor"), None)
    app = make_app(demo_coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        await select(app, pilot, northwind)
        view = app.dashboard.selected()
        assert view is not None and view.client.id == northwind
        text = pane_text(app)
        assert text.startswith("Northwind Freight Partners")
        assert f"tier {view.client.tier}" in text
        assert f"Overdue by {view.cadence.days_over} days" in text
        assert "last value-add Oct 22 (34 days ago)" in text
        # Read from the client's file once the cursor rested: the summary and the sponsor.
        await until(lambda: last.summary in pane_text(app))
        if sponsor:
            assert f"sponsor {sponsor}" in pane_text(app)
        text = pane_text(app)
        assert "next due Nov 5 (20 days ago) · a value-add every 2 weeks" in text
        assert view.consistency.evidence in text
        counts = view.facts.column_counts()
        assert f"Understand {counts['understand']} · Plan {counts['plan']}" in text
        assert f"{view.untold} untold" in text
        # The weakest pillar with each piece of its evidence, and the tip the board shows.
        # (The evidence and the tip's action wrap under their bullets: compared word by word.)
        assert "weakest " in text
        words = " ".join(text.split())
        for line in view.scores[view.weakest].evidence:
            assert f"· {line}" in words
        assert board.tip is not None and board.tip.title in words and f"→ {board.tip.action}" in words


@sync
async def test_a_cursor_move_updates_the_pane_at_once_without_reading_the_store(demo_coach: Coach) -> None:
    """j and k redraw the pane in the same frame as the cursor, from the agenda alone: the
    event loop reads nothing from the store (the notes come later, from the data thread)."""
    app = make_app(demo_coach)
    loop_reads: list[str] = []
    repo = demo_coach.repo
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        main = threading.current_thread()
        for name in ("read", "read_client", "entry", "names"):
            real = getattr(repo, name)

            def spy(*args, _real=real, _name=name, **kwargs):
                if threading.current_thread() is main:
                    loop_reads.append(_name)
                return _real(*args, **kwargs)

            setattr(repo, name, spy)
        agenda = app.dashboard.agenda
        assert agenda is not None
        names = {v.client.id: v.client.name for v in agenda.views}
        for step in ("down", "down", "down", "up"):
            getattr(app.dashboard, f"action_cursor_{step}")()  # no await: nothing else ran
            cid = table(app).selected_id
            assert pane_text(app).startswith(names[cid])
            view = app.dashboard.selected()
            assert view is not None and view.cadence.label.split()[0].capitalize() in pane_text(app)
            tip = agenda.tip(view)
            assert tip is not None and tip.title in pane_text(app)  # the tip needs no read either
            await pilot.pause()
        await settle(pilot)
        assert loop_reads == []


def pane_on_screen(app: CoachApp) -> list[str]:
    """The pane's rows as the screen has them, stripped: the lines the widget last painted,
    which the compositor keeps until a row is refreshed (a row a cursor move changed but did
    not repaint would still hold the last client's text here)."""
    brief = pane(app)
    rows = brief.render_lines(Region(0, 0, *brief.region.size))
    top = brief.content_offset.y
    texts = ["".join(segment.text for segment in row) for row in rows[top : top + brief.content_size.height]]
    return [text.rsplit("▏", 1)[-1].strip() for text in texts]


def pane_should_show(app: CoachApp) -> list[str]:
    """The pane's text wrapped at its width, padded with blank rows to its height."""
    brief = pane(app)
    width, height = brief.content_size
    lines = [line.plain.strip() for line in brief.content.wrap(width)][:height]
    return lines + [""] * (height - len(lines))


@sync
async def test_the_pane_shows_the_client_under_the_cursor_after_fast_moves(demo_coach: Coach) -> None:
    """Keys faster than the frames (a held j, a burst of j and k), moves back to clients
    shown before (whose lines the pane keeps rendered) and the notes arriving once the cursor
    rests: every row the terminal shows is the client under the cursor's, none left from
    another client (the pane repaints only the rows that changed)."""
    app = make_app(demo_coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        agenda = app.dashboard.agenda
        assert agenda is not None
        names = {v.client.id: v.client.name for v in agenda.views}
        seen_notes = 0
        for burst in (["down"] * 5, ["up"] * 3, ["down", "up"] * 3 + ["down"], ["up"] * 9, ["down"] * 2):
            for step in burst:
                getattr(app.dashboard, f"action_cursor_{step}")()  # no frame in between
            await pilot.pause()  # one frame
            cid = table(app).selected_id
            assert cid is not None and pane_text(app).startswith(names[cid])
            assert pane_on_screen(app) == pane_should_show(app)
            await settle(pilot)  # the cursor rests: its notes are read and shown
            notes = demo_coach.clients.notes(cid)
            last = notes.last_value_add
            view = app.dashboard.selected()
            assert view is not None
            if last is not None and last.on == view.cadence.last:
                seen_notes += 1
                assert f"“{last.summary}”" in pane_text(app)
            assert pane_text(app).startswith(names[cid])
            assert pane_on_screen(app) == pane_should_show(app)
        assert seen_notes  # the notes were there to be shown


@sync
async def test_the_pane_names_this_weeks_commitment_for_its_client(demo_coach: Coach) -> None:
    kestrel = client_id(demo_coach, "Kestrel")
    northwind = client_id(demo_coach, "Northwind")
    week = demo_coach.weekly.week()
    demo_coach.weekly.save_commitment(week, "Ask Dana for 20 minutes with the COO", client_id=kestrel)
    app = make_app(demo_coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        await select(app, pilot, kestrel)
        assert "This week: Ask Dana for 20 minutes with the COO" in pane_text(app)
        await select(app, pilot, northwind)
        assert "This week:" not in pane_text(app)


@sync
async def test_the_pane_sits_beside_the_table_or_under_it(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        brief, rows = pane(app).region, table(app).region
        assert brief.x >= rows.right and brief.y == rows.y  # beside, at 120 columns
        assert brief.height > 20  # the whole height beside the table, not a 3-line strip
    app = make_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        # At 200 columns the names are whole but capped: the pane gets the rest.
        assert pane(app).region.width > 60
        assert "Northwind Freight Partners" in table(app).row_texts(client_id(demo_coach, "Northwind"))[0]
    app = make_app(demo_coach)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        brief, rows = pane(app).region, table(app).region
        assert brief.y >= rows.bottom and brief.width >= 78  # under the table
        assert pane_text(app).startswith(app.dashboard.selected().client.name)
        small = brief.height
        await pilot.press("i")  # the pane takes the room; the table keeps the cursor's row
        await settle(pilot)
        assert pane(app).region.height > small + 5
        assert table(app).region.height >= 3
        before = table(app).selected_id
        await pilot.press("j")
        await settle(pilot)
        assert table(app).selected_id != before
        assert pane_text(app).startswith(app.dashboard.selected().client.name)
        await pilot.press("i")
        await settle(pilot)
        assert pane(app).region.height == small


# -- archived clients --------------------------------------------------------------------------


@sync
async def test_archived_clients_show_on_A_and_come_back_on_a(demo_coach: Coach) -> None:
    kestrel = client_id(demo_coach, "Kestrel")
    demo_coach.clients.archive(kestrel)
    archived = [c.id for c in demo_coach.clients.archived()]  # the demo has one of its own
    assert kestrel in archived and len(archived) == 2
    app = make_app(demo_coach)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert kestrel not in table(app).row_keys and table(app).row_count == 10
        await pilot.press("A")
        await settle(pilot)
        assert table(app).row_count == 12
        assert table(app).row_keys[-2:] == archived  # after the active clients, by name
        for cid in archived:
            cells = table(app).row_texts(cid)
            assert cells[1] == "archived" and cells[3] == "—"  # the word reads without colour
        assert "2 archived shown" in app.sub_title and "10 active clients" in app.sub_title
        # The active clients' counts do not change.
        assert app.dashboard.agenda is not None and len(app.dashboard.agenda.views) == 10

        await select(app, pilot, kestrel)
        assert "Archived: out of the review" in pane_text(app)
        bindings = app.screen.active_bindings
        assert bindings["a"].binding.action == "unarchive"  # the footer offers Unarchive
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        detail = str(app.screen.query_one("#confirm-detail", Static).content)
        assert "`" not in detail
        await pilot.press("n")
        await settle(pilot)
        assert demo_coach.portfolio.find_client("Kestrel", include_archived=True).archived
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await until(lambda: not demo_coach.portfolio.find_client("Kestrel", include_archived=True).archived)
        await settle(pilot)
        assert table(app).row_texts(kestrel)[1] != "archived"
        assert app.dashboard.agenda is not None and len(app.dashboard.agenda.views) == 11
        assert "1 archived shown" in app.sub_title
        assert app.screen.active_bindings.get("a") is None or app.screen.active_bindings["a"].binding.action == "archive"

        await pilot.press("A")  # hidden again
        await settle(pilot)
        assert "archived shown" not in app.sub_title and table(app).row_count == 11


@sync
async def test_A_is_offered_only_while_there_is_an_archived_client(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    app = make_app(coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        assert "A" not in app.screen.active_bindings
        await pilot.press("A")
        await settle(pilot)
        assert table(app).row_count == 1 and "archived shown" not in app.sub_title
        coach.clients.archive(coach.clients.add("Beta").id)
        app.dashboard.reload()
        await settle(pilot)
        assert app.screen.active_bindings["A"].binding.action == "toggle_archived"
        await pilot.press("A")
        await settle(pilot)
        assert table(app).row_count == 2 and table(app).row_keys[0] == acme.id


@sync
async def test_a_portfolio_of_archived_clients_shows_them_on_A(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    coach.clients.archive(acme.id)
    app = make_app(coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        assert app.dashboard.query_one("#empty").display
        await pilot.press("A")
        await settle(pilot)
        assert table(app).display and table(app).row_keys == [acme.id]
        assert not app.dashboard.query_one("#empty").display
        await pilot.press("a", "y")
        await until(lambda: not coach.portfolio.find_client("Acme").archived)
        await settle(pilot)
        assert table(app).row_texts(acme.id)[1] == "new"


@sync
async def test_the_archive_question_names_the_keys_not_the_shell(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        detail = str(app.screen.query_one("#confirm-detail", Static).content)
        assert "`" not in detail and "A shows archived clients" in detail
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


def test_unarchive_from_the_shell(data_dir: Path) -> None:
    run_coach("client", "add", "Globex", data=data_dir, check=True)
    archived = run_coach("client", "archive", "globex", data=data_dir, check=True)
    assert "`coach client unarchive` brings it back" in archived.stdout
    back = run_coach("client", "unarchive", "globex", data=data_dir, check=True)
    assert back.stdout == "unarchived Globex: it is back in the review with its history\n"
    again = run_coach("client", "unarchive", "globex", data=data_dir, check=True)
    assert again.stdout == "Globex is not archived: it is in the review\n"


def test_the_service_lists_and_unarchives(coach: Coach) -> None:
    a = coach.clients.add("Acme")
    b = coach.clients.add("Beta")
    coach.clients.archive(b.id)
    assert [c.name for c in coach.clients.archived()] == ["Beta"]
    agenda = coach.portfolio.agenda()
    assert [v.client.id for v in agenda.views] == [a.id]
    assert [v.client.id for v in agenda.archived] == [b.id]
    coach.clients.unarchive(b.id)
    assert coach.clients.archived() == []
    assert {v.client.id for v in coach.portfolio.agenda().views} == {a.id, b.id}


# -- a new client is due now -------------------------------------------------------------------


@sync
async def test_a_new_client_is_due_now_in_the_table(coach: Coach, frozen_today: date) -> None:
    fresh = coach.clients.add("Fresh Co", cadence="2w")
    app = make_app(coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        assert table(app).row_texts(fresh.id)[3] == "now"
        assert "New: no value-add yet, so the first one is due now" in pane_text(app)
        assert "next due now" in pane_text(app)


def test_a_new_client_is_due_now_in_status_and_the_calendar(data_dir: Path, frozen_today: date) -> None:
    import json

    run_coach("client", "add", "Fresh Co", data=data_dir, check=True)
    text = run_coach("status", data=data_dir, check=True).stdout
    assert "  Fresh Co: first value-add due now (added today)" in text
    status = json.loads(run_coach("status", "--json", data=data_dir, check=True).stdout)
    assert status["new"] == [{"client": "Fresh Co", "added": frozen_today.isoformat(), "next_due": frozen_today.isoformat()}]
    assert status["due_this_week"] == [] and status["overdue"] == []
    ics = run_coach("export", "ics", data=data_dir, check=True).stdout
    assert f"DTSTART;VALUE=DATE:{frozen_today:%Y%m%d}" in ics
    assert "the first one is due now" in ics.replace("\r\n ", "")


@sync
async def test_an_archived_clients_board_and_log_wait_until_it_is_back(demo_coach: Coach) -> None:
    atlas = next(c.id for c in demo_coach.clients.archived())
    app = make_app(demo_coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        said: list[str] = []
        app.dashboard.notify = lambda message, **_kw: said.append(message)  # type: ignore[method-assign]
        await pilot.press("A")
        await settle(pilot)
        await select(app, pilot, atlas)
        for key in ("enter", "l"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen), key
        assert said == ["Atlas Retail Group is archived: a brings it back first."] * 2


# -- toasts ------------------------------------------------------------------------------------


@sync
async def test_toasts_cover_neither_the_pane_nor_the_cursor_row(demo_coach: Coach) -> None:
    for size in (NARROW, MIDDLE, WIDE):
        app = make_app(demo_coach)
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            app.dashboard.notify("Logged an idea for Northwind Freight Partners on Nov 25.", title="Logged")
            app.dashboard.notify("Saved Northwind Freight Partners.")
            await settle(pilot)
            toasts = list(app.screen.query("Toast"))  # by type name: Textual's own widget
            assert len(toasts) == 2, size
            rows = table(app)
            cursor_row = rows.region.y + 1 + rows.cursor_row - int(rows.scroll_offset.y)
            for toast in toasts:
                region = toast.region
                assert region.height and not region.overlaps(pane(app).region), size
                assert not region.y <= cursor_row < region.bottom, size
                assert region.bottom <= rows.region.y + 1, size  # over the header and summary lines


@sync
async def test_the_pane_moves_when_the_terminal_is_resized(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=MIDDLE) as pilot:
        await settle(pilot)
        name = app.dashboard.selected().client.name
        beside = pane_text(app)
        assert beside.startswith(f"{name}\n")  # the name on a line of its own
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        assert pane(app).has_class("-below") and pane(app).region.y >= table(app).region.bottom
        assert pane_text(app).startswith(f"{name} · tier")  # compact: the name and what it is
        assert "i" in app.screen.active_bindings
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        # The same text (wrapped at the pane's new width: evidence and tip under themselves).
        assert not pane(app).has_class("-below") and pane_text(app).split() == beside.split()
        assert "i" not in app.screen.active_bindings  # nothing to give room to beside the table
