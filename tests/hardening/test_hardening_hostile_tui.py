"""Hostile text in the app: typed into every form, stored byte for byte, shown literally.

Markup-like brackets must show as typed (a `[@click=app.quit]` name must not quit the app when
clicked), escape sequences and direction overrides must show as visible escapes (no raw ESC,
BEL, C1 or NUL ever reaches the terminal), and wide, combining and right-to-left names must
keep the dashboard's columns aligned. One snapshot pins the 80x24 dashboard with such names.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from hardening_support import terminal_hazards
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from tuikit import settle, sync

from coach_tui.app import CoachApp
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.card_form import CardFormScreen
from coach_tui.screens.client_form import ClientFormScreen
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.screens.log_delivery import LogDeliveryScreen
from coach_tui.services import Coach
from coach_tui.textsafe import visible
from coach_tui.widgets.card import BoardCard
from coach_tui.widgets.client_table import ClientTable

SIZE = (200, 60)

MARKUP = ["[red]VIP", "[/]", "x [/bold]", "[a [b] c]", "[@click=app.quit]Acme[/]"]
CONTROL = [
    "Evil\x1b[2J",
    "\x1b]0;pwned\x07Title",
    "\x1b]8;;https://e.example/\x1b\\Link\x1b]8;;\x1b\\",
    "\x1b]52;c;cm0gLXJm\x07Clip",
    "Nul\x00Byte",
    "C1\x9b31m",
    "Inv \u202egnp.exe",
]


def screen_svg(app: CoachApp) -> str:
    return app.export_screenshot()


def screen_text(app: CoachApp) -> str:
    """What the screen shows, as text (the SVG screenshot without its tags)."""
    return html.unescape(re.sub(r"<[^>]+>", "", screen_svg(app))).replace("\xa0", " ")


def assert_no_raw_controls(app: CoachApp) -> None:
    """Nothing a user typed reaches the terminal as a control or a direction override."""
    svg = html.unescape(screen_svg(app))
    assert not terminal_hazards(svg.replace("\n", "")), terminal_hazards(svg.replace("\n", ""))


async def type_or_set(pilot: Pilot, field: Input, text: str, typed: str = "") -> None:
    """Type `text` key by key, as a user would, when it is `typed`; else set the field's value
    (no key sends ESC+[, and typing costs ~80 ms a key, so each form types one string)."""
    field.focus()
    await settle(pilot)
    if text == typed:
        await pilot.press(*text)
        await settle(pilot)
    else:
        field.value = text
    await settle(pilot)
    assert field.value == text


@pytest.mark.slow
@sync
async def test_client_form_keeps_hostile_names_literal(coach: Coach) -> None:
    names = MARKUP + CONTROL
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for name in names:
            await pilot.press("n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ClientFormScreen)
            await type_or_set(pilot, form.query_one("#name", Input), name, typed="[@click=app.quit]Acme[/]")
            await type_or_set(pilot, form.query_one("#sponsor", Input), name)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen), name
        stored = {c.name: [p.name for p in coach.repo.read_client(c.id).people] for c in coach.portfolio.clients()}
        assert stored == {name: [name] for name in names}

        # Each name whole in the detail pane when its row is under the cursor (a long one is
        # cut in its row): brackets and escapes, exactly as typed.
        table = app.dashboard.query_one(ClientTable)
        for name in names:
            table.move_cursor(row=table.row_keys.index(coach.portfolio.find_client(name).id))
            await settle(pilot)
            assert visible(name) in screen_text(app), name
        assert_no_raw_controls(app)

        # Click each markup-like name where it shows (its row, the brief under the table, the
        # board's header): no markup action runs (`@click=app.quit` would end the app).
        table = app.dashboard.query_one(ClientTable)
        rows = table.row_keys
        for name in [*MARKUP, CONTROL[0]]:
            index = rows.index(coach.portfolio.find_client(name).id)
            table.move_cursor(row=index)
            await settle(pilot)
            if name == MARKUP[-1]:
                await pilot.click("#brief", offset=(3, 1))  # the name, on the identity line
            await pilot.click(ClientTable, offset=(6, 1 + index))  # a click on the row opens it
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, BoardScreen), name
            await pilot.click("#board-client", offset=(1, 0))
            assert visible(name) in screen_text(app)
            assert_no_raw_controls(app)
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running and isinstance(app.screen, DashboardScreen)


@pytest.mark.slow
@sync
async def test_log_form_and_board_keep_hostile_summaries_literal(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    summaries = MARKUP + CONTROL
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for summary in summaries:
            await pilot.press("l")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, LogDeliveryScreen)
            await type_or_set(pilot, form.query_one("#summary", Input), summary, typed="[red]VIP")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen), summary
        history = coach.repo.read_client(acme.id)
        assert [d.summary for d in history.deliveries] == summaries
        assert sorted(c.title for c in history.cards) == sorted(summaries)  # the Steward cards
        assert_no_raw_controls(app)  # the notifications quote the client, not the summary

        app.open_board(acme.id)
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        shown = {card.card.title: card.render().plain.replace("\n", "") for card in board.query(BoardCard)}
        for summary in summaries:
            assert visible(summary).replace(" ", "") in shown[summary].replace(" ", ""), summary
        panel = screen_text(app)
        assert visible(summaries[-1]) in panel  # the latest value-adds, in the side panel
        assert_no_raw_controls(app)
        for card in board.query(BoardCard):
            if card.card.title in MARKUP:
                await pilot.click(f"#{card.id}")
                await settle(pilot)
                assert app.is_running


@pytest.mark.slow
@sync
async def test_card_form_keeps_hostile_titles_and_notes_literal(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    titles = MARKUP + CONTROL
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_board(acme.id)
        await settle(pilot)
        for title in titles:
            await pilot.press("a")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, CardFormScreen)
            await type_or_set(pilot, form.query_one("#title", Input), title, typed="[a [b] c]")
            notes = f"{title}\nsecond line {title}\n\tindented"
            form.query_one("#notes", TextArea).text = notes
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, BoardScreen), title
        cards = {c.title: c.notes for c in coach.repo.read_client(acme.id).cards}
        assert cards == {t: f"{t}\nsecond line {t}\n\tindented" for t in titles}
        board = app.screen
        for widget in board.query(BoardCard):
            plain = widget._describe().plain  # the card's tooltip: title, age and notes
            assert visible(widget.card.title) in plain and visible(widget.card.notes.strip(), keep_newlines=True) in plain
            assert not terminal_hazards(plain.replace("\n", ""))
        assert_no_raw_controls(app)

        # Edit one back through the form: what it shows is what was stored, not a rendering.
        widget = next(w for w in board.query(BoardCard) if w.card.title == "[@click=app.quit]Acme[/]")
        widget.focus()
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardFormScreen)
        assert form.query_one("#title", Input).value == "[@click=app.quit]Acme[/]"
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


EDITED = "Evil\x1b[2J\x1b]52;c;cm0gLXJm\x07 \x9b31m \u202eCo\x00"


@pytest.mark.parametrize("form", ["client", "log", "card"])
@sync
async def test_form_fields_show_controls_as_visible_marks(coach: Coach, form: str) -> None:
    """A form showing stored hostile text (editing a client or a card) or text being typed
    must not send it raw to the terminal either."""
    client = coach.clients.add(EDITED, sponsor=EDITED)
    coach.boards.add_card(client.id, "plan", EDITED, notes=f"{EDITED}\n{EDITED}")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if form == "client":
            await pilot.press("e")  # the form opens with the stored name and sponsor
            await settle(pilot)
        elif form == "log":
            await pilot.press("l")
            await settle(pilot)
            app.screen.query_one("#summary", Input).value = EDITED
        else:
            app.open_board(client.id)
            await settle(pilot)
            await pilot.press("l", "e")  # onto the Plan card, and edit it
        await settle(pilot)
        assert isinstance(app.screen, (ClientFormScreen, LogDeliveryScreen, CardFormScreen))
        assert_no_raw_controls(app)


# -- wide and tricky Unicode ----------------------------------------------------------------------

TRICKY = {
    "cjk": "株式会社サクラ商事グループ",
    "zwj": "Family 👩‍👩‍👧 Office",
    "combining": "Cafe\u0301 Ame\u0301lie",
    "zero width": "Zero\u200bWidth\u200dCo",
    "rtl": "شركة الأمل للتجارة",
    "long": "Very Long Name " * 13 + "End",
    "plain": "Acme Logistics",
}


def tricky_portfolio(coach: Coach) -> None:
    today = coach.today()
    for n, (label, name) in enumerate(TRICKY.items()):
        client = coach.clients.add(name, cadence=f"{7 + n}d", added=today - timedelta(days=60))
        if n % 3:
            coach.deliveries.log(client.id, f"value {label}", on=today - timedelta(days=3 * n), told=n % 2 == 0)


@sync
async def test_tricky_names_keep_the_dashboard_aligned(coach: Coach) -> None:
    tricky_portfolio(coach)
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        assert table.row_count == len(TRICKY)
        lines = table.render_lines(table.region.reset_offset)
        rows = [line.text for line in lines[1 : 1 + table.row_count]]
        widths = {cell_len(r.rstrip()) for r in rows}
        # Every row is as wide as the table: a wide character never pushes a column along.
        assert {cell_len(r) for r in rows} == {table.size.width}, widths
        # The status column starts at the same cell in every row.
        statuses = ("▲ overdue", "due soon", "new", "on track")
        starts = set()
        for text in rows:
            index = min(text.find(s) for s in statuses if s in text)
            starts.add(cell_len(text[:index]))
        assert len(starts) == 1, rows
        assert "…" in next(r for r in rows if "Very Long" in r)  # cut, not wrapped
    for name in TRICKY.values():
        assert coach.portfolio.find_client(name).name == name


def test_tricky_names_dashboard_snapshot(coach: Coach, snap_compare) -> None:
    """The 80x24 dashboard with CJK, a ZWJ family emoji, combining accents, zero-width
    characters, Arabic and a 200-character name: one row each, columns aligned, the long
    name cut with an ellipsis."""
    tricky_portfolio(coach)

    async def ready(pilot: Pilot) -> None:
        await settle(pilot)

    assert snap_compare(CoachApp(coach, weekly_prompt=False), terminal_size=(80, 24), run_before=ready)
