"""Hearing of other writes: LISTEN coach_change on a connection of its own, in a thread.

Every committed write to a team database sends NOTIFY coach_change (a statement trigger,
migrations/001), with no payload: what changed is read afterwards, through the row-level
security of the role that reads. The watcher counts what it hears (`heard`), so a store that
watches can give a change token without asking the server, and calls `on_change` each time.

The connection is the watcher's own (a connection in a transaction would hold the notices
until it ends); when it drops, the watcher connects again, once a second at most, and calls
`on_change` once it is back: a write may have landed while it was away.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg

from .connect import store_error

CHANNEL = "coach_change"
WAKE_SECONDS = 0.2  # how often the thread looks whether it was asked to stop
RETRY_SECONDS = 1.0


class Watcher:
    """A thread listening for coach_change on `conninfo`'s server."""

    def __init__(
        self, conninfo: str, on_change: Callable[[], None], on_trouble: Callable[[str | None], None] | None = None
    ) -> None:
        self.conninfo = conninfo
        self.on_change = on_change
        # Told a line when the server is lost (once, not at every retry), None when it is back.
        self.on_trouble = on_trouble
        self.heard = 0  # notices heard, and reconnections (each may hide a write)
        self.listening = threading.Event()  # set while LISTEN is in force
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="coach-listen", daemon=True)

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the thread to end (within WAKE_SECONDS); no wait, so quitting the app is not
        held up: the thread is a daemon, and a process that exits takes it along."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; whether it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        missed = False
        troubled = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if troubled and self.on_trouble is not None:
                        troubled = False
                        self.on_trouble(None)
                    if missed:  # back after a drop: what landed meanwhile was not heard
                        self._tell()
                    while not self._stop.is_set():
                        told = any(True for _ in conn.notifies(timeout=WAKE_SECONDS))
                        if told:
                            self._tell()
            except psycopg.Error as error:
                # The server went away: say so once, and try again shortly.
                if not troubled and self.on_trouble is not None:
                    troubled = True
                    self.on_trouble(str(store_error(error, self.conninfo)))
            self.listening.clear()
            missed = True
            self._stop.wait(RETRY_SECONDS)

    def _tell(self) -> None:
        self.heard += 1
        self.on_change()


__all__ = ["CHANNEL", "Watcher"]
