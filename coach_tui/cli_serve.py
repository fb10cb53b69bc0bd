"""`coach serve [--host HOST] [--port PORT] [--public-url URL]`: the app in a browser.

Each browser tab gets a `coach` process of its own, the same app as in a terminal, on the same
data folder: the user's (`--data`, `$COACH_DATA`, the default), or with `--demo` one temporary
copy of the demo portfolio that `serve` makes, every tab shares, and is removed when the server
stops. Two tabs are two processes on one folder, as two terminals are: the store's lock keeps
their writes apart, and each app sees the other's changes as it sees a shell's.

The server (`serve.py`, on textual-serve) has no login and no encryption: it listens on
127.0.0.1 unless `--host` says otherwise, and then a warning says that anyone who can reach
the address can use the app. A port in use or a host that does not resolve is one line and
exit 2; Ctrl+C (or SIGTERM) ends every session, then the server, with exit 0.

Nothing heavy at the top: the parser (cli_parser.py) imports this module for every command it
reads, and textual-serve (aiohttp, Rich) is imported inside `cmd_serve` alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cli_account import _coach

if TYPE_CHECKING:
    import argparse

# C-O-A-C-H on a phone's keypad; below the range Linux hands out to outgoing connections.
DEFAULT_PORT = 26224


def say(line: str) -> None:
    """A line about the server, on stderr: what a browser session shows is not in it."""
    sys.stderr.write(f"coach: {line}\n")
    sys.stderr.flush()


def _port(text: str) -> int:
    import argparse

    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port: {text!r} (use a number from 1 to 65535)")
    return int(text)


def _serve_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only); another one lets anyone who can reach it "
        "use the app, with no login",
    )
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"the port to listen on (default {DEFAULT_PORT})")
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach the server, when it is not http://HOST:PORT (a proxy, or --host 0.0.0.0)",
    )


SERVE_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "serve": ("the app in a browser: serve it on http://127.0.0.1:26224 (one app per browser tab, your data)", _serve_args)
}


def addresses(host: str, port: int) -> list[str]:
    """The addresses `host` stands for, each checked free to listen on at `port` (the server
    binds them the same way a moment later, after saying where it serves); an InputError
    when the host stands for none, or one is in use or refused."""
    import socket

    from .domain.errors import InputError
    from .textsafe import visible

    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError):
        raise InputError(
            f"can't serve on host {visible(host)!r}: no such address (use an IP address, or a name this machine resolves)", "host"
        ) from None
    for family, kind, proto, _name, address in found:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            try:
                probe.bind(address)
            except OSError as error:
                raise bind_error(error, host, port) from None
    return sorted({str(info[4][0]) for info in found})


def bind_error(error: OSError, host: str, port: int) -> Exception:
    """The one line for a failure to listen on `host` at `port`."""
    import errno

    from .domain.errors import InputError
    from .textsafe import visible

    if error.errno == errno.EADDRINUSE:
        return InputError(f"port {port} is in use on {visible(host)}: choose another with --port", "port")
    if error.errno == errno.EACCES:
        return InputError(
            f"not allowed to listen on port {port} (ports below 1024 need privileges): choose another with --port", "port"
        )
    return InputError(f"can't serve on {visible(host)} port {port}: {error.strerror or error}", "host")


def exposed(found: list[str]) -> bool:
    """Whether one of the addresses can be reached from another machine."""
    import ipaddress

    return not all(ipaddress.ip_address(address.partition("%")[0]).is_loopback for address in found)


def public_url(host: str, port: int) -> str:
    """What a browser on this machine or another types: the host, but a machine name for a
    wildcard address (0.0.0.0, ::), and an IPv6 address in brackets."""
    import socket

    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def session_command(folder: str) -> str:
    """The shell command textual-serve runs for each browser tab: coach's app on `folder`."""
    import shlex

    return shlex.join([sys.executable, "-m", "coach_tui", "--data", folder])


def cmd_serve(args: argparse.Namespace) -> int:
    from argparse import Namespace

    from . import clock
    from .textsafe import visible

    found = addresses(args.host, args.port)
    if args.demo:
        from .services.demo import demo_folder

        folder = demo_folder(clock.today())  # removed when this process exits
        say(f"the demo portfolio: one temporary copy for every browser tab, removed when the server stops ({folder})")
    else:
        from .services.database import folder_for

        folder = folder_for("serve", args.data, getattr(args, "db", None)).absolute()
        # Read now, as the terminal app reads it before it starts: a damaged or unreadable
        # store is one line here, not a blank page in the browser.
        _coach(Namespace(data=str(folder), demo=False)).portfolio.open()
        say(f"data folder: {visible(str(folder))}")
    if exposed(found):
        say(
            f"warning: listening on {visible(args.host)} ({', '.join(found)}): anyone who can reach this address can use "
            "the app and read and change your data; there is no login and no encryption"
        )
    from .serve import CoachServer

    url = args.public_url or public_url(args.host, args.port)
    server = CoachServer(session_command(str(folder)), args.host, args.port, url, say)
    try:
        server.serve()
    except OSError as error:  # taken between the check above and the server's own bind
        raise bind_error(error, args.host, args.port) from None
    say("server stopped")
    return 0


SERVE_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"serve": cmd_serve}

__all__ = ["SERVE_SUBCOMMANDS", "SERVE_COMMANDS", "DEFAULT_PORT", "cmd_serve"]
