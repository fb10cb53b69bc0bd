"""Many writers at once, and a long-running app beside the shell.

Two processes writing one TinyDB file corrupt it (tinydb#72, #341, #530), and a long-running
TinyDB reader keeps a stale cache and next id (#179). coach's answer is a lock around every
write and a fresh read under it; these tests prove it with real processes and a real app:
twenty `coach log` at once while the app logs and moves cards, a shell write that shows in the
app within two seconds and survives the app's next write, and a store busy for the app.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
import time

from hardening_support import cli_env, leftovers
from textual.pilot import Pilot
from textual.widgets import Input
from tuikit import settle, sync

from coach_tui.app import CoachApp
from coach_tui.messages import DataChanged
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.screens.log_delivery import LogDeliveryScreen
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore
from coach_tui.widgets.client_table import ClientTable
from coach_tui.widgets.field_error import FieldError

SIZE = (120, 40)
SHELL_WRITERS = 20


def shell(*args: str, data) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "coach_tui.cli", *args, "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )


def row(app: CoachApp, client_id: str) -> list[str]:
    return app.dashboard.query_one(ClientTable).row_texts(client_id)


async def wait_for(pilot: Pilot, condition, seconds: float) -> float:
    """Pause until `condition()` holds; how long it took (fails past `seconds`)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, f"not seen within {seconds}s"
        await pilot.pause(0.05)
    return time.monotonic() - started


@sync
async def test_twenty_shell_writers_and_the_app_at_once(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    globex = coach.clients.add("Globex")
    cards = [coach.boards.add_card(acme.id, "understand", f"card {n}").cards[0][1]["id"] for n in range(3)]
    app = CoachApp(coach, weekly_prompt=False)
    app_summaries: list[str] = []
    moves = 0
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        procs = [
            shell("log", "acme" if n % 2 else "globex", f"shell-{n}", *(["--told"] if n % 3 else []), data=coach.repo.root)
            for n in range(SHELL_WRITERS)
        ]
        n = 0
        # The app writes through its own long-lived Coach while the shell writers run, and
        # a few more times after, as a user would: deliveries, and cards moved back and forth.
        while any(p.poll() is None for p in procs) or n < 10:
            summary = f"app-{n}"
            await asyncio.to_thread(coach.deliveries.log, acme.id, summary, told=n % 2 == 0)
            app_summaries.append(summary)
            card = cards[n % len(cards)]
            step = 1 if (n // len(cards)) % 2 == 0 else -1
            await asyncio.to_thread(coach.boards.move_card, acme.id, card, step)
            moves += 1
            app.post_message(DataChanged(acme.id))
            await settle(pilot)
            n += 1
        results = [p.communicate(timeout=60) for p in procs]
        assert [p.returncode for p in procs] == [0] * SHELL_WRITERS, [err for _, err in results if err]
        await settle(pilot)
        # The app's own view caught up with every write, its own and the shell's.
        await wait_for(
            pilot,
            lambda: (
                app.dashboard._agenda is not None
                and sum(v.facts.deliveries for v in app.dashboard._agenda.views) == SHELL_WRITERS + len(app_summaries)
            ),
            3,
        )
        assert app.is_running

    shell_summaries = {f"shell-{n}" for n in range(SHELL_WRITERS)}
    kept = {d.summary for cid in (acme.id, globex.id) for d in coach.repo.read_client(cid).deliveries}
    assert kept == shell_summaries | set(app_summaries)
    history = coach.repo.read_client(acme.id)
    assert sum(len(c.moves) - 1 for c in history.cards if c.id in cards) == moves  # every move kept
    for entry in coach.repo.read().entries:
        assert entry.facts.deliveries == len(coach.repo.read_client(entry.client.id).deliveries)
    assert leftovers(coach.repo.root) == []


@sync
async def test_a_shell_write_shows_in_the_app_and_survives_its_next_write(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert row(app, acme.id)[1] == "new"
        proc = shell("log", "acme", "from the shell", "--told", data=coach.repo.root)
        assert proc.wait(timeout=30) == 0
        # The app polls the store's change token every second: the row moves on by itself
        # (how soon is measured by the benchmark, not asserted here: a busy machine is slower).
        await wait_for(pilot, lambda: row(app, acme.id)[1] == "on track", 10.0)

        # Now a write in the app, through its form: the shell's delivery must survive it.
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogDeliveryScreen)
        await pilot.press(*"from the app")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    summaries = [d.summary for d in coach.repo.read_client(acme.id).deliveries]
    assert summaries == ["from the shell", "from the app"]
    assert coach.repo.read().entries[0].facts.deliveries == 2


@sync
async def test_a_shell_card_shows_on_an_open_board_and_survives_a_move(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    coach.boards.add_card(acme.id, "plan", "from the app")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_board(acme.id)
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        proc = shell("card", "add", "acme", "from the shell", data=coach.repo.root)
        assert proc.wait(timeout=30) == 0

        def shown() -> bool:
            return board.board is not None and any(c.title == "from the shell" for c in board.board.columns["understand"])

        await wait_for(pilot, shown, 10.0)
        # The board holds the new card from the moment its reload reads it; the reload then
        # rebuilds the columns and puts the focus back where it was, over any focus given
        # in between: let it finish before focusing a card.
        await settle(pilot)
        board.query_one("#col-plan .card").focus()
        await pilot.press("]")  # the app's card moves on to Deliver
        await settle(pilot)
    cards = {c.title: c.column for c in coach.repo.read_client(acme.id).cards}
    assert cards == {"from the app": "deliver", "from the shell": "understand"}


HOLDER = textwrap.dedent(
    """
    import sys, time, pathlib
    from coach_tui.store.files import Lock
    with Lock(pathlib.Path(sys.argv[1]), 5):
        print("locked", flush=True)
        sys.stdin.readline()
    """
)


@sync
async def test_a_busy_store_is_reported_in_the_form_and_nothing_is_lost(data_dir) -> None:
    store = FolderStore(data_dir, lock_timeout=0.3)
    coach = Coach(store)
    acme = coach.clients.add("Acme")
    app = CoachApp(coach, weekly_prompt=False)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("l")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, LogDeliveryScreen)
            await pilot.press(*"while busy")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            error = form.query_one("#form-error", FieldError)
            assert app.screen is form and error.display and error.message.startswith("store busy")
            assert form.query_one("#summary", Input).value == "while busy"  # nothing typed is lost
            assert store.read_client(acme.id).deliveries == []

            holder.communicate(b"\n", timeout=10)  # the other process lets go
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)
    finally:
        if holder.poll() is None:
            holder.send_signal(signal.SIGKILL)
            holder.wait()
    assert [d.summary for d in store.read_client(acme.id).deliveries] == ["while busy"]


@sync
async def test_a_file_damaged_under_the_running_app_is_reported_not_fatal(coach: Coach) -> None:
    """Another tool writes valid JSON of the wrong shape into a client file while the app runs:
    the app's next write for that client reports it in the form and leaves the file alone."""
    acme = coach.clients.add("Acme")
    coach.deliveries.log(acme.id, "before", told=True)  # so the file has a backup to name
    path = coach.repo.client_path(acme.id)
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        damaged = b'{"_meta": {"1": {"schema": 1, "kind": "client"}}, "cards": {}}'
        path.write_bytes(damaged)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogDeliveryScreen)
        await pilot.press(*"into a damaged file")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = form.query_one("#form-error", FieldError)
        assert app.is_running and app.screen is form
        assert error.display and str(path) in error.message and "coach restore" in error.message
        await pilot.press("escape", "y")
        await settle(pilot)
        app.open_board(acme.id)  # the board says so too, and the app carries on
        await settle(pilot)
        assert app.is_running
    assert path.read_bytes() == damaged


@sync
async def test_a_held_lock_never_freezes_the_app(data_dir) -> None:
    """Another process holds the store's lock: a card move waits for it in the background
    while the board keeps taking keys and drawing; once the lock is let go the move lands,
    in order, and the board shows it."""
    store = FolderStore(data_dir, lock_timeout=30)
    coach = Coach(store)
    acme = coach.clients.add("Acme")
    first = coach.boards.add_card(acme.id, "plan", "first").card_id
    second = coach.boards.add_card(acme.id, "plan", "second").card_id
    app = CoachApp(coach, weekly_prompt=False)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.open_board(acme.id)
            await settle(pilot)  # reading needs no lock: the board opens
            board = app.screen
            assert isinstance(board, BoardScreen)
            board.query_one(f"#card-{first}").focus()
            await pilot.press("]")  # waits for the lock, in the background
            await pilot.press("down")  # ...while the board goes on taking keys
            await wait_for(pilot, lambda: getattr(board.focused, "card_id", None) == second, 10.0)
            assert {c.id: c.column for c in store.read_client(acme.id).cards}[first] == "plan"

            holder.communicate(b"\n", timeout=10)  # the other process lets go
            await wait_for(pilot, lambda: {c.id: c.column for c in store.read_client(acme.id).cards}[first] == "deliver", 10.0)
            await settle(pilot)
            assert [w.card_id for w in board.query("#col-deliver .card")] == [first]
            assert board.focused is not None and getattr(board.focused, "card_id", None) == first
    finally:
        if holder.poll() is None:
            holder.send_signal(signal.SIGKILL)
            holder.wait()
