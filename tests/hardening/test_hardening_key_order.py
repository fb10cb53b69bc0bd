"""Keys pressed on the board while a change is being written are applied in order, none lost.

`]` and `[` pressed fast while the store is slow: each press becomes one move, in the order
pressed, whether it came while a write was held up (queued behind it) or while the board was
being rebuilt after one (the card in hand moves, not whatever has the focus then)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from tuikit import settle, sync, until

from coach_tui.app import CoachApp
from coach_tui.screens.board import BoardScreen
from coach_tui.services import Change, Coach

SIZE = (120, 40)
PRESSES = 150


class HeldWrites:
    """Wraps `coach.boards.move_card`: every move waits in the data thread until released,
    as a store held by another process's lock would."""

    def __init__(self, move: Callable[..., Change]) -> None:
        self.move = move
        self.gate = threading.Event()
        self.arrived = threading.Semaphore(0)
        self.calls = 0

    def __call__(self, *args: Any) -> Change:
        self.calls += 1
        self.arrived.release()
        assert self.gate.wait(timeout=60), "the test never released the writes"
        return self.move(*args)


async def _open_board(pilot: Pilot, coach: Coach, client_id: str, card_id: str) -> BoardScreen:
    app = pilot.app
    assert isinstance(app, CoachApp)
    await settle(pilot)
    app.open_board(client_id)
    await settle(pilot)
    board = app.screen
    assert isinstance(board, BoardScreen)
    board.query_one(f"#card-{card_id}").focus()
    await pilot.pause()
    return board


def _moves(coach: Coach, client_id: str, card_id: str) -> list[tuple[str | None, str]]:
    card = next(c for c in coach.repo.read_client(client_id).cards if c.id == card_id)
    return [(m.from_column, m.to_column) for m in card.moves]


ALTERNATING = [("understand", "plan") if i % 2 == 0 else ("plan", "understand") for i in range(PRESSES)]


@sync
async def test_keys_pressed_while_a_move_is_held_up_are_applied_in_order(coach: Coach) -> None:
    """The first `]` is held up in the store; 149 more alternating presses come meanwhile.
    Once the store lets go, all 150 moves land in the order pressed: the card is back in
    Understand, its history alternates, and the board shows it there, focused."""
    acme = coach.clients.add("Acme")
    card_id = coach.boards.add_card(acme.id, "understand", "pilot study").card_id
    assert card_id is not None
    held = HeldWrites(coach.boards.move_card)
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        board = await _open_board(pilot, coach, acme.id, card_id)
        coach.boards.move_card = held  # type: ignore[method-assign]
        await pilot.press("]")
        assert held.arrived.acquire(timeout=10)  # the first move is in the store, held
        for i in range(1, PRESSES):
            app.simulate_key("right_square_bracket" if i % 2 == 0 else "left_square_bracket")
        # Every key was taken: one change waiting per press.
        await until(lambda: sum(w.group == "board-change" and w.is_running for w in app.workers) == PRESSES, timeout=30)
        held.gate.set()
        await settle(pilot)
        assert held.calls == PRESSES
        assert _moves(coach, acme.id, card_id) == [(None, "understand"), *ALTERNATING]
        assert [w.card_id for w in board.query("#col-understand .card")] == [card_id]
        assert board.focused is not None and board.focused.id == f"card-{card_id}"


@sync
async def test_keys_pressed_while_the_board_is_rebuilt_are_applied_in_order(coach: Coach) -> None:
    """Each key after the first comes while the board is being rebuilt after the previous
    move (the cards replaced, the focus coming and going): none is lost or reordered."""
    acme = coach.clients.add("Acme")
    card_id = coach.boards.add_card(acme.id, "understand", "pilot study").card_id
    assert card_id is not None
    app = CoachApp(coach, weekly_prompt=False)
    presses = PRESSES // 3
    async with app.run_test(size=SIZE) as pilot:
        board = await _open_board(pilot, coach, acme.id, card_id)
        during_rebuild = 0
        for i in range(presses):
            if i:
                await until(lambda done=i: board._rebuilding or len(_moves(coach, acme.id, card_id)) == done + 1, timeout=30)
                during_rebuild += board._rebuilding
            app.simulate_key("right_square_bracket" if i % 2 == 0 else "left_square_bracket")
        await until(lambda: len(_moves(coach, acme.id, card_id)) == presses + 1 and not board._rebuilding, timeout=30)
        await settle(pilot)
        assert during_rebuild >= presses // 2, f"only {during_rebuild} keys came during a rebuild"
        assert _moves(coach, acme.id, card_id) == [(None, "understand"), *ALTERNATING[:presses]]
        assert [w.card_id for w in board.query("#col-understand .card")] == [card_id]
