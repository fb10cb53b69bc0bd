"""No leak: a long run of the app holds no more memory than a short one.

Card moves on the board, `]` and `[` alternating, as a user would press them, in one run of
the real app (the dashboard beneath the board, the store polled): after LATE changes, the
memory Python holds (tracemalloc, traced from before the app started, measured after a full
collection) is within 10 % of what it held after EARLY changes, and exactly as many widgets
are alive. Each move is a card leaving one column for another: its widget goes, a new one
comes, the empty slots swap, the focus follows (the board's costliest change).

Net of the data's own growth: every move adds a step to the card's history, which the board
on screen holds (LATE moves: about 200 bytes each). That is the data, not a leak; so at each
checkpoint the memory a freshly read board holds is measured the same way (tracemalloc,
before and after reading it) and taken off. The rest must stay flat.

What this caught: Textual's Footer kept every FooterKey it ever composed (about 55 per move:
5,572 after 100 moves, 11,138 after 200); the board's undo stack kept two copies of the whole
card per move, each copy holding every earlier move (memory grew with the square of the
moves); the board's queries (`query_one` after each rebuild) filled Textual's cache of
queries, 1,024 entries deep, which grew until about 300 changes before it levelled off.

Python's own table of interned strings doubles once somewhere between a few hundred and a
thousand changes (every write makes and drops path names): about 2 MB, Python's and not the
app's, so the table is grown before tracing starts. Measured so, 1,000 changes hold 0.4 %
more than 100 (4.64 MB and 4.66 MB net of the board's data, 41 widgets both times).

1,000 changes by default, as the issue asks: each is a real write, a read and an update of the
board under tracemalloc, about 90 s on a quiet 2-core machine (150 s on a busy one; nothing
here is timed). `COACH_LEAK_CHANGES=300` runs a shorter count. The data folder sits in memory
(/dev/shm) when the machine has one: the disk's fsyncs are not what is measured here.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget
from tuikit import settle, sync, until

from coach_tui.app import CoachApp
from coach_tui.screens.board import BoardScreen
from coach_tui.services import Change, Coach
from coach_tui.store.folder import FolderStore
from coach_tui.widgets.card import BoardCard

EARLY = 100
LATE = int(os.environ.get("COACH_LEAK_CHANGES", "1000"))
BURST = 50  # keys pressed before waiting for them all to land
PADDING = 200_000  # strings interned before tracing, so that Python's table of them is grown
SIZE = (80, 24)


@pytest.fixture
def fast_folder(tmp_path: Path) -> Iterator[Path]:
    """A data folder in memory if the machine has a tmpfs, else on tmp_path."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm, prefix="coach-leak-") as folder:
            yield Path(folder) / "data"
    else:
        yield tmp_path / "data"


@contextmanager
def traced() -> Iterator[None]:
    """Python's allocations traced for the block (left as they were if something traced them
    already)."""
    already = tracemalloc.is_tracing()
    if not already:
        tracemalloc.start(1)
    try:
        yield
    finally:
        if not already:
            tracemalloc.stop()


def _widgets_alive() -> Counter[str]:
    """The widgets alive, by class (a leak shows which kind piles up)."""
    return Counter(type(thing).__name__ for thing in gc.get_objects() if isinstance(thing, Widget))


@pytest.mark.slow
@sync
async def test_memory_and_widgets_stay_flat_over_many_card_moves(fast_folder: Path) -> None:
    assert LATE > EARLY
    # Python's table of interned strings grows by doubling, once, when enough strings have come
    # and gone (every write makes and drops path names): a step of about 2 MB somewhere between
    # a few hundred and a thousand changes, Python's own and not the app's. Grown first (the
    # padding stays alive, untraced), it does not step while the app is measured.
    padding = [sys.intern(f"coach-leak-padding-{n}") for n in range(PADDING)]
    with traced():
        coach = Coach(FolderStore(fast_folder, lock_timeout=5.0))
        acme = coach.clients.add("Acme")
        card_id = coach.boards.add_card(acme.id, "understand", "pilot study").card_id
        assert card_id is not None
        landed = 0
        move = coach.boards.move_card

        def counted(*args: Any) -> Change:
            nonlocal landed
            made = move(*args)
            landed += 1
            return made

        coach.boards.move_card = counted  # type: ignore[method-assign]
        app = CoachApp(coach, weekly_prompt=False)
        measured: dict[int, tuple[int, int, Counter[str]]] = {}
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.open_board(acme.id)
            await settle(pilot)
            board = app.screen
            assert isinstance(board, BoardScreen)
            board.query_one(f"#card-{card_id}").focus()
            await pilot.pause()
            pressed = 0
            for checkpoint in (EARLY, LATE):
                while pressed < checkpoint:
                    for _ in range(min(BURST, checkpoint - pressed)):
                        app.simulate_key("right_square_bracket" if pressed % 2 == 0 else "left_square_bracket")
                        pressed += 1
                    await until(
                        lambda done=pressed: (
                            landed == done and not board._rebuilding and not any(w.is_running for w in app.workers)
                        )
                    )
                await settle(pilot)
                assert app.screen is board
                # The app's poll of the store may have started one more rebuild: measure the
                # board whole (nothing below awaits, so nothing changes while measuring).
                await until(lambda: not board._rebuilding and len(board.query(BoardCard)) == 1)
                gc.collect()
                held = tracemalloc.get_traced_memory()[0]
                data = coach.boards.read(acme.id)  # the board's data, as the screen holds it
                gc.collect()
                data_bytes = tracemalloc.get_traced_memory()[0] - held
                del data
                measured[checkpoint] = (held - data_bytes, data_bytes, _widgets_alive())
        card = next(c for c in coach.repo.read_client(acme.id).cards if c.id == card_id)
        assert len(card.moves) == 1 + LATE  # every press landed
    del padding
    (early_bytes, early_data, early_widgets), (late_bytes, late_data, late_widgets) = measured[EARLY], measured[LATE]
    report = (
        f"after {EARLY} moves: {early_bytes / 1e6:.3f} MB net of the board's data ({early_data / 1e3:.0f} kB), "
        f"{early_widgets.total()} widgets; after {LATE}: {late_bytes / 1e6:.3f} MB net of its data "
        f"({late_data / 1e3:.0f} kB), {late_widgets.total()} widgets; "
        f"more: {dict(late_widgets - early_widgets)}, fewer: {dict(early_widgets - late_widgets)}"
    )
    print(report)  # shown with -s
    # Flat: the board's own widgets, give or take a replaced card something still points at
    # for a moment (Textual's Footer left 55 more per move).
    assert late_widgets.total() <= early_widgets.total() + 2, report
    assert late_bytes <= early_bytes * 1.10, report


BOARD_EARLY, BOARD_LATE = 5, 25
PER_BOARD = 100_000  # bytes a closed board may leave held, at most


@sync
async def test_closed_boards_let_go_of_what_they_rendered(fast_folder: Path) -> None:
    """Open a client's board, go back, again and again: what each closed board leaves held is
    a few kilobytes, not the lines it rendered.

    Textual keeps the styles cache of up to 1,024 removed widgets alive (Textualize/textual
    #6665), and with it every line each widget rendered: about 1.7 MB a board here, until some
    40 boards later. The app empties a screen's render caches as it closes it
    (`CoachApp.pop_screen`). Between the 5th and the 25th board (the 1,024 are not all taken
    yet), what is held grows by less than PER_BOARD a board (50 kB here), and no board is left
    behind."""
    with traced():
        coach = Coach(FolderStore(fast_folder, lock_timeout=5.0))
        acme = coach.clients.add("Acme")
        for column, title in (("understand", "pilot study"), ("plan", "rollout plan"), ("deliver", "training")):
            coach.boards.add_card(acme.id, column, title)
        coach.deliveries.log(acme.id, "benchmark of three lanes", told=True)
        app = CoachApp(coach, weekly_prompt=False)
        measured: dict[int, tuple[int, Counter[str]]] = {}
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            opened = 0
            for checkpoint in (BOARD_EARLY, BOARD_LATE):
                while opened < checkpoint:
                    await pilot.press("enter")
                    await until(lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query(BoardCard)))
                    await settle(pilot)
                    await pilot.press("escape")
                    await until(lambda: app.screen is app.dashboard)
                    await settle(pilot)
                    opened += 1
                gc.collect()
                measured[checkpoint] = (tracemalloc.get_traced_memory()[0], _widgets_alive())
    (early, early_widgets), (late, late_widgets) = measured[BOARD_EARLY], measured[BOARD_LATE]
    per_board = (late - early) / (BOARD_LATE - BOARD_EARLY)
    report = (
        f"after {BOARD_EARLY} boards: {early / 1e6:.2f} MB, {early_widgets.total()} widgets; after {BOARD_LATE}: "
        f"{late / 1e6:.2f} MB, {late_widgets.total()} widgets; {per_board / 1e3:.1f} kB a board; "
        f"more widgets: {dict(late_widgets - early_widgets)}"
    )
    print(report)  # shown with -s
    # The board closed last may still be referenced for a moment (so may be any widget of
    # its); none closed before it.
    assert late_widgets["BoardScreen"] <= 1 and late_widgets["BoardCard"] <= 3, report
    assert per_board < PER_BOARD, report
