"""The web server of `coach serve`: textual-serve (the Textual project's own server), which runs
one `coach` process per browser tab and relays its screen and keys over a websocket.

Only `cli_serve.cmd_serve` imports this module, inside the command: textual-serve brings
aiohttp and Rich, which no other command should pay for (import-linter holds the CLI to it).

What this adds to textual-serve's `Server`, through the hooks it documents for subclasses:
- its log is one plain line per warning or error on stderr (no banner, no line per request);
- the line saying where to point the browser is coach's own;
- on stopping, the browser sessions still open are ended first, as when their tab closes:
  each app process is told to quit and waited for, so none outlives the server, even when the
  signal reached the server alone (a `kill`, a service manager) rather than the whole job
  (Ctrl+C in a terminal).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable

from aiohttp import web
from textual_serve.server import Server


class CoachServer(Server):
    """textual-serve's server, quiet, and ending its sessions when it stops."""

    def __init__(self, command: str, host: str, port: int, public_url: str, say: Callable[[str], None]) -> None:
        super().__init__(command, host=host, port=port, title="coach", public_url=public_url)
        self.say = say
        self.sessions: dict[asyncio.Task[web.WebSocketResponse], web.Request] = {}

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("coach serve: %(message)s"))
        logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)

    async def on_startup(self, app: web.Application) -> None:
        self.say(f"serving coach on {self.public_url} (Ctrl+C stops the server and every session)")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: textual-serve's session, run as a task of its own that
        `on_shutdown` can wait for."""
        session = asyncio.ensure_future(super().handle_websocket(request))
        self.sessions[session] = request
        try:
            return await session
        finally:
            del self.sessions[session]

    async def on_shutdown(self, app: web.Application) -> None:
        """End the sessions still open as a closed tab ends its own: the connection goes, so
        textual-serve tells the app process to quit and waits for its output to end. Then
        wait for every app process to be gone and reaped, which asyncio does a moment later
        in a thread of its own, before the loop closes under it."""
        for request in self.sessions.values():
            if request.transport is not None:
                request.transport.close()
        if self.sessions:
            await asyncio.wait(list(self.sessions), timeout=10)
        loop = asyncio.get_running_loop()
        until = loop.time() + 5
        while loop.time() < until and children_left():
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.05)  # for asyncio's callbacks on the last ones reaped


def children_left() -> bool:
    """Whether a process this one started is still running or not yet reaped (asking
    without reaping it: asyncio's watcher does that)."""
    try:
        os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return False
    return True


__all__ = ["CoachServer"]
