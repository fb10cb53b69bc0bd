"""No write overwrites a change it did not see: a form left open, an undo, two shells moving
one card. Each case puts a shell write in the middle of what the app does, as a user in two
terminals would, and checks that every change either landed or was refused out loud."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hardening_support import cli_env, run_cli
from textual.widgets import Input
from tuikit import recording_toasts, settle, sync, toasts

from coach_tui.app import CoachApp
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.client_form import ClientFormScreen
from coach_tui.services import Coach

SIZE = (120, 40)


@sync
async def test_a_client_form_left_open_keeps_what_the_shell_changed(coach: Coach) -> None:
    """`e` on a client, then `coach client edit --tier A --revenue ...` in the shell, then a new
    cadence saved in the form: the tier and the revenue from the shell stay."""
    acme = coach.clients.add("Acme", cadence="2w", tier="B")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        shell = run_cli("client", "edit", "acme", "--tier", "A", "--revenue", "950k", data=coach.repo.root)
        assert shell.returncode == 0, shell.stderr
        form.query_one("#cadence", Input).value = "3w"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClientFormScreen)
    client = coach.portfolio.find_client("acme")
    assert (client.id, str(client.cadence), client.tier, client.revenue) == (acme.id, "3w", "A", 950_000)


def _card(coach: Coach, client_id: str, card_id: str):  # type: ignore[no-untyped-def]
    return next(c for c in coach.repo.read_client(client_id).cards if c.id == card_id)


@sync
async def test_u_after_the_shell_moved_the_card_undoes_the_shells_move_first(coach: Coach) -> None:
    """`]` on the board, the shell moves the card again, `u`: the last change made is the
    shell's, so it is the one undone (the journal is one, whoever wrote); `u` again undoes the
    board's move. Nothing is lost: each undo puts back what its own change replaced."""
    acme = coach.clients.add("Acme")
    pilot_card = coach.boards.add_card(acme.id, "understand", "pilot study").card_id
    assert pilot_card is not None
    app = recording_toasts(CoachApp(coach, weekly_prompt=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_board(acme.id)
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.query_one(f"#card-{pilot_card}").focus()
        await pilot.press("]")  # Understand -> Plan
        await settle(pilot)
        shell = run_cli("card", "move", "acme", "pilot", "--forward", data=coach.repo.root)  # Plan -> Deliver
        assert shell.returncode == 0, shell.stderr
        await pilot.press("u")
        await settle(pilot)
        card = _card(coach, acme.id, pilot_card)
        assert card.column == "plan"
        assert [(m.from_column, m.to_column) for m in card.moves] == [(None, "understand"), ("understand", "plan")]
        assert any("Undid: moved card 'pilot study' to Deliver" in t for t in toasts(app))
        assert [w.card_id for w in board.query("#col-plan .card")] == [pilot_card]
        await pilot.press("u")
        await settle(pilot)
        assert _card(coach, acme.id, pilot_card).column == "understand"


@sync
async def test_undo_of_a_move_takes_it_out_of_the_history_and_redo_puts_it_back(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    card_id = coach.boards.add_card(acme.id, "understand", "pilot study").card_id
    assert card_id is not None
    coach.boards.move_card(acme.id, card_id, 1)
    coach.journal.undo()
    card = _card(coach, acme.id, card_id)
    assert (card.column, [m.to_column for m in card.moves]) == ("understand", ["understand"])
    coach.journal.redo()
    card = _card(coach, acme.id, card_id)
    assert (card.column, [m.to_column for m in card.moves]) == ("plan", ["understand", "plan"])


@sync
async def test_undo_of_an_edit_refuses_when_the_card_changed_since_unjournaled(coach: Coach) -> None:
    """An edit undone after the card changed in a way the journal does not know (a journal
    set aside, a coach of an older version) would put the card back in its old column and drop
    that move: refused, nothing written."""
    acme = coach.clients.add("Acme")
    card_id = coach.boards.add_card(acme.id, "understand", "pilot study").card_id
    assert card_id is not None
    coach.boards.edit_card(acme.id, card_id, title="pilot study, phase 1")
    with coach.repo.transaction() as txn:
        txn.unjournaled()
        card = next(c for c in txn.history(acme.id).cards if c.id == card_id)
        card.column = "plan"
        txn.put_card(card)
    before = coach.repo.read_client(acme.id)
    try:
        coach.journal.undo()
    except ValueError as error:
        assert "changed since" in str(error)
    else:
        raise AssertionError("the undo overwrote a change it did not see")
    assert coach.repo.read_client(acme.id) == before


MOVE_TO = [sys.executable, "-m", "coach_tui.cli", "card", "move", "acme", "pilot", "--to", "deliver", "--data"]


@pytest.mark.slow
def test_two_shells_moving_one_card_to_a_column_both_land_once(coach: Coach) -> None:
    """Two `coach card move --to deliver` at once from Understand, twenty times: the card ends
    in Deliver every time, one command moved it and the other says it is already there."""
    acme = coach.clients.add("Acme")
    for run in range(20):
        card_id = coach.boards.add_card(acme.id, "understand", f"pilot {run}").card_id
        for other in coach.repo.read_client(acme.id).cards:  # only this run's card matches "pilot"
            if other.id != card_id and other.is_open and other.title.startswith("pilot"):
                coach.boards.edit_card(acme.id, other.id, title=f"done {other.title}")
        procs = [
            subprocess.Popen([*MOVE_TO, str(coach.repo.root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
            for _ in range(2)
        ]
        results = [(p.wait(timeout=60), p.stderr.read().decode() if p.stderr else "") for p in procs]
        card = _card(coach, acme.id, card_id)
        assert card.column == "deliver", (run, results)
        assert [m.to_column for m in card.moves] == ["understand", "plan", "deliver"], run
        assert sorted(code for code, _ in results) == [0, 2], results
        assert any("already in Deliver" in err for code, err in results if code == 2), results


@sync
async def test_keys_pressed_while_a_move_is_written_all_land_in_order(coach: Coach) -> None:
    """Forty `]` and `[` queued at once, far faster than the writes (keys at paste speed): none
    is lost or reordered, the card ends where it started, and its history holds every step."""
    acme = coach.clients.add("Acme")
    card_id = coach.boards.add_card(acme.id, "understand", "pilot study").card_id
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_board(acme.id)
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.query_one(f"#card-{card_id}").focus()
        for key in ["right_square_bracket", "left_square_bracket"] * 20:
            app.simulate_key(key)  # all queued at once, none waiting for the one before
        await settle(pilot)
        await settle(pilot)
    card = _card(coach, acme.id, card_id)
    assert card.column == "understand"
    assert [m.to_column for m in card.moves] == ["understand", *(["plan", "understand"] * 20)]


@sync
async def test_keys_pressed_while_the_board_rebuilds_are_not_lost(coach: Coach) -> None:
    """`]` and `[` pressed four times a second, each landing while the board is read again
    and rebuilt after the one before: every key moves the card, in order."""
    acme = coach.clients.add("Acme")
    card_id = coach.boards.add_card(acme.id, "understand", "pilot study").card_id
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_board(acme.id)
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.query_one(f"#card-{card_id}").focus()
        for delay in (0.0, 0.01, 0.02, 0.04, 0.08) * 4:
            app.simulate_key("right_square_bracket")
            await pilot.pause(delay)
            app.simulate_key("left_square_bracket")
            await pilot.pause(delay)
        await settle(pilot)
        await settle(pilot)
        assert getattr(board.focused, "card_id", None) == card_id
    card = _card(coach, acme.id, card_id)
    assert [m.to_column for m in card.moves] == ["understand", *(["plan", "understand"] * 20)]
