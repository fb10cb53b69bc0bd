"""At 80x24 the detail panes (the dashboard's client, the board's card) hold more than they
show: `J`/`K` (or `shift+↓/↑`) scroll them a page at a time from the keyboard, while the
table or the card keeps the focus."""

from __future__ import annotations

from tuikit import board_app, settle, sync

from coach_tui.app import CoachApp
from coach_tui.services import Coach
from coach_tui.widgets.card import BoardCard
from coach_tui.widgets.card_detail import CardDetail
from coach_tui.widgets.client_brief import ClientBrief
from coach_tui.widgets.client_table import ClientTable

NARROW = (80, 24)
NORTHWIND = "demo00"


def first_line(brief: ClientBrief) -> str:
    return "".join(segment.text for segment in brief.render_line(0)).strip()


@sync
async def test_the_dashboards_detail_pane_scrolls_from_the_keyboard(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        brief = app.dashboard.query_one(ClientBrief)
        assert app.focused is table
        names = {view.client.id: view.client.name for view in demo_coach.portfolio.agenda().views}
        top = first_line(brief)
        assert top.startswith(names[table.row_keys[0]])
        await pilot.press("J")
        await settle(pilot)
        assert brief.first_line > 0 and first_line(brief) != top
        assert app.focused is table and table.cursor_row == 0  # the cursor stayed
        await pilot.press("J", "J", "J")  # never past the end: the last line stays shown
        await settle(pilot)
        # The text's last line on the pane's last row.
        last = brief.content.wrap(brief.content_size.width)[-1].plain.strip()
        bottom = brief.content_size.height - 1
        assert brief.first_line > 0 and "".join(s.text for s in brief.render_line(bottom)).strip() == last
        await pilot.press("i")  # the pane takes the room: the text fits, from its top
        await settle(pilot)
        assert brief.first_line == 0 and first_line(brief) == top
        await pilot.press("i", "J")
        await settle(pilot)
        assert brief.first_line > 0
        await pilot.press("K", "K", "K", "K")
        await settle(pilot)
        assert brief.first_line == 0 and first_line(brief) == top
        await pilot.press("shift+down")
        await settle(pilot)
        assert brief.first_line > 0
        await pilot.press("j")  # another client: its text from the top
        await settle(pilot)
        assert brief.first_line == 0 and first_line(brief).startswith(names[table.row_keys[1]])


@sync
async def test_the_boards_card_detail_scrolls_from_the_keyboard(demo_coach: Coach) -> None:
    notes = "\n".join(f"note line {n}" for n in range(1, 31))
    demo_coach.boards.add_card(NORTHWIND, "understand", "A card with long notes", notes)
    card = next(c for c in demo_coach.repo.read_client(NORTHWIND).cards if c.title == "A card with long notes")
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        tile = app.screen.query_one(f"#card-{card.id}", BoardCard)
        tile.focus()
        await settle(pilot)
        pane = app.screen.query_one(CardDetail)
        assert pane.text.plain.startswith("A card with long notes")
        assert pane.max_scroll_y > 0 and pane.scroll_y == 0
        await pilot.press("J")
        await settle(pilot)
        assert pane.scroll_y > 0
        assert app.focused is tile  # the focus stays on the card
        down = pane.scroll_y
        await pilot.press("shift+down")
        await settle(pilot)
        assert pane.scroll_y > down
        await pilot.press("K", "shift+up")
        await settle(pilot)
        assert pane.scroll_y == 0 and app.focused is tile
