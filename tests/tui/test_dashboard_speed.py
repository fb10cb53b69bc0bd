"""What keeps the dashboard fast with thousands of clients, checked on what it does: pillar
scores worked out only for the rows painted, a dashboard opened on the memo without reading any
client's facts, a reload that works out only the clients that changed, a change made in
another process shown within a poll period, and a quit that ends the process only once every
call to the store has finished.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from clikit import coach
from textual.app import App, ComposeResult
from tuikit import settle, sync, until

import coach_tui.app as app_module
import coach_tui.process as process
import coach_tui.screens.dashboard as dashboard_module
import coach_tui.services.portfolio as portfolio_module
import coach_tui.widgets.client_table as client_table_module
from coach_tui.app import CoachApp
from coach_tui.domain.models import PILLAR_TITLES
from coach_tui.screens.calls import in_background
from coach_tui.services import ClientView, Coach
from coach_tui.store.memo import CACHE_DIR
from coach_tui.widgets.client_table import ClientTable
from coach_tui.widgets.summary_line import SummaryLine

SIZE = (120, 40)


def many_views(coach: Coach, copies: int) -> tuple[list[ClientView], date]:
    """The demo portfolio's active clients, each `copies` times over (as clients of their
    own), none scored yet."""
    agenda = coach.portfolio.agenda()
    views = [
        ClientView(replace(v.client, id=f"{v.client.id}{n:04}", name=f"{v.client.name} {n}"), v.facts, v.cadence, v.today)
        for n in range(copies)
        for v in agenda.views
    ]
    return views, agenda.today


def shown(app: CoachApp) -> dict[str, ClientView]:
    """The views of the agenda the dashboard shows, by client id."""
    agenda = app.dashboard.agenda
    assert agenda is not None
    return {view.client.id: view for view in agenda.views}


class TableApp(App[None]):
    CSS_PATH = str(Path(client_table_module.__file__).with_suffix(".tcss"))

    def __init__(self, views: list[ClientView], today: date) -> None:
        super().__init__()
        self.views, self.today = views, today

    def compose(self) -> ComposeResult:
        yield ClientTable(id="clients")

    def on_mount(self) -> None:
        self.query_one(ClientTable).show(self.views, self.today, "urgency")


@sync
async def test_only_the_rows_painted_are_scored(demo_coach: Coach) -> None:
    views, today = many_views(demo_coach, 20)  # 220 rows, 39 on screen under the header
    app = TableApp(views, today)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(ClientTable)
        on_screen = table.size.height - 1
        scored = [index for index, view in enumerate(views) if view.scored]
        assert scored and max(scored) < on_screen <= 40
        await pilot.press("end")
        await pilot.pause()
        assert views[-1].scored and not views[on_screen + 10].scored
        # What the row shows is the client's weakest pillar, worked out when it was painted.
        assert table.row_texts(views[-1].client.id)[5] == client_table_module.PILLAR_SHORT[views[-1].weakest]


@sync
async def test_the_first_rows_are_built_once_at_the_width_the_table_gets(
    demo_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard shows its rows before the table is laid out (beside the detail pane, it
    gets less than the app's width): the first paint fits the columns to the width it has,
    so the Resize that follows builds nothing again (it used to build every row twice)."""
    built: list[int] = []
    line = ClientTable._ct_line

    def counted(self: ClientTable, row: int, *args: object) -> object:
        built.append(row)
        return line(self, row, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ClientTable, "_ct_line", counted)
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.dashboard.table
        assert table.size.width < SIZE[0] - 20  # beside the pane
        rows = [row for row in built if row >= 0]
        assert sorted(set(rows)) == list(range(table.row_count))
        assert len(rows) == len(set(rows))  # each row once


@sync
async def test_the_brief_follows_the_cursor_in_the_same_frame(demo_coach: Coach) -> None:
    """`j` and `k` move the cursor and the brief together, before anything else runs: one frame
    a key, not a second one for the table's message (that second frame doubled a cursor move)."""
    from coach_tui.widgets.client_brief import ClientBrief

    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        brief = app.dashboard.query_one(ClientBrief)
        names = {view.client.id: view.client.name for view in shown(app).values()}
        for step in ("down", "down", "up"):
            before = table.cursor_row
            getattr(app.dashboard, f"action_cursor_{step}")()  # no await: nothing else has run
            assert table.cursor_row == before + (1 if step == "down" else -1)
            assert str(brief.content).startswith(names[table.row_keys[table.cursor_row]])
            await pilot.pause()


@sync
async def test_the_dashboard_opens_on_the_memo_reading_no_clients_facts(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        summary = app.dashboard.query_one(SummaryLine)
        expected = Coach(demo_coach.repo).portfolio.agenda()  # worked out apart, start to end
        line = f"Weakest pillar: {PILLAR_TITLES[expected.weakest or '']} {expected.portfolio[expected.weakest or ''].score}/100"
        # In the first frame: the portfolio's weakest pillar, and every row's, from the memo.
        assert line in summary.text
        views = shown(app)
        assert all(view.ranked and not view.scored for view in views.values())
        table = app.dashboard.query_one(ClientTable)
        assert {row[5] for row in map(table.row_texts, table.row_keys)} == {
            client_table_module.PILLAR_SHORT[view.weakest] for view in expected.views
        }
        await pilot.press("j", "j", "k")  # the detail pane of three clients
        await settle(pilot)
        assert not any(view.has_facts for view in views.values())  # nobody's facts were read


@sync
async def test_a_first_launch_of_the_day_opens_on_the_index_then_on_the_memo(
    demo_coach: Coach, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # More clients to work out than the first frame waits for (a new day at thousands of
    # clients): the index's agenda first, the memo made in the background and shown after.
    monkeypatch.setattr(portfolio_module, "OPEN_BUDGET", 5)
    monkeypatch.setattr(dashboard_module, "SCORE_NOW", 0)
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        first = shown(app)
        assert all(view.has_facts for view in first.values())  # the index's (the rows painted scored)
        assert not (data_dir / CACHE_DIR).exists()
        expected = Coach(demo_coach.repo).portfolio.agenda()
        line = f"Weakest pillar: {PILLAR_TITLES[expected.weakest or '']} {expected.portfolio[expected.weakest or ''].score}/100"
        summary = app.dashboard.query_one(SummaryLine)
        await until(lambda: line in summary.text)
        await settle(pilot)
        now = shown(app)
        assert now.keys() == first.keys()
        assert all(view.ranked and not view.has_facts for view in now.values())  # the memo's
        assert not set(map(id, now.values())) & set(map(id, first.values()))
        assert sorted((data_dir / CACHE_DIR).glob("review-*.json"))


@sync
async def test_a_reload_works_out_only_the_clients_that_changed(demo_coach: Coach, data_dir: Path) -> None:
    halvorsen = demo_coach.portfolio.find_client("Halvorsen").id
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = shown(app)
        assert all(view.ranked for view in before.values())
        coach("log", "Halvorsen", "Hull coating trial results", data=data_dir, check=True)  # from the shell
        await until(lambda: shown(app)[halvorsen].cadence.status == "on track")
        await settle(pilot)
        after = shown(app)
        assert after.keys() == before.keys()
        assert after[halvorsen] is not before[halvorsen] and after[halvorsen].cadence.status == "on track"
        assert all(after[cid] is before[cid] for cid in after if cid != halvorsen)  # kept, scores and all


@sync
async def test_a_write_from_another_process_shows_within_a_poll(demo_coach: Coach, data_dir: Path) -> None:
    halvorsen = demo_coach.portfolio.find_client("Halvorsen").id
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        assert table.row_texts(halvorsen)[1] == "▲ overdue 2d"
        coach("log", "Halvorsen", "Hull coating trial results", data=data_dir, check=True)  # from the shell
        written = time.monotonic()
        await until(lambda: table.row_texts(halvorsen)[1] == "on track")
        # A poll every second (as before) would take half a second on average, a second at worst.
        assert time.monotonic() - written < 0.8
        await settle(pilot)  # the reload's last step (the commitment line) too


def test_the_tui_ends_the_process_only_once_every_store_call_has_finished(
    demo_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, finished = threading.Event(), threading.Event()
    ended: list[tuple[int, bool]] = []

    def slow_write() -> None:
        started.set()
        time.sleep(0.3)  # a write to the store still under way when the app closes
        finished.set()

    def run_and_quit(self: CoachApp) -> None:
        import asyncio

        async def queue_then_close() -> None:
            asyncio.ensure_future(in_background(slow_write))
            while not started.is_set():  # under way, not merely queued, when the app closes
                await asyncio.sleep(0.001)

        asyncio.run(queue_then_close())
        self.exit()  # as the app does when the user quits

    monkeypatch.setattr(CoachApp, "run", run_and_quit)
    monkeypatch.setattr(process, "end_now", lambda code: ended.append((code, finished.is_set())))
    app_module.run(demo_coach, demo=False, start=None)
    assert ended == [(0, True)]
    # The demo's temporary copy is removed at exit: its process ends the ordinary way.
    assert app_module.run(demo_coach, demo=True, start=None) == 0
    assert ended == [(0, True)]  # not called again


def board_sheets(coach: Coach) -> list[str]:
    """The board's stylesheets, as Textual names them when a board screen is made."""
    from coach_tui.screens.board import BoardScreen

    return [str(path) for path in BoardScreen(coach, "x").css_path]


def stylesheet_files(app: CoachApp) -> set[str]:
    """The stylesheet files the app has read (a widget's own CSS, read from its class, aside)."""
    return {path for path, class_var in app.stylesheet.source if not class_var}


async def first_board(app: CoachApp) -> str:
    """Open the first client's board from the dashboard (enter); the screen as drawn."""
    from coach_tui.screens.board import BoardScreen

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prepared = [path for path in board_sheets(app.coach) if app.stylesheet.has_source(path)]
        files = stylesheet_files(app)
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, BoardScreen))
        await settle(pilot)
        if app.prepares_ahead:
            assert prepared == board_sheets(app.coach)  # ready before the board was asked for
            assert stylesheet_files(app) == files  # the board read no stylesheet file
        else:
            assert not set(board_sheets(app.coach)) <= files  # the board has sheets of its own to read
            assert stylesheet_files(app) == files | set(board_sheets(app.coach))
        return app.export_screenshot()


@sync
async def test_a_settled_dashboard_gets_the_board_ready_and_it_opens_the_same(demo_coach: Coach) -> None:
    """Once the launch's dashboard is whole, the app imports the board and reads its
    stylesheets (in a terminal; a test asks for it): the first board then reads none, and
    looks exactly as it does when it reads them itself."""
    ready = CoachApp(demo_coach, weekly_prompt=False)
    ready.prepares_ahead = True
    as_always = CoachApp(demo_coach, weekly_prompt=False)
    assert as_always.prepares_ahead is None  # headless here: nothing prepared
    assert await first_board(ready) == await first_board(as_always)
