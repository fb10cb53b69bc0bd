"""Calling the use cases from a screen: never on the event loop, every error shown one way,
one change message after every change.

Every call that can wait on the store's lock or the disk runs in one background thread
(`in_background`), first come first served: changes land in the order the user asked for
them, and the app keeps drawing and taking keys while the store is busy. Screens call
`fetch` for a read and `change` for a write, from a worker (so tests and the app can wait for
it) or an async handler:

- a `CoachError` becomes one toast (a refused input as a warning, a data problem as an error)
  and the call returns None; a form passes `on_error` to show it in the form instead, a
  refused value under its field;
- a change that landed posts one `DataChanged` to the app, which tells every screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from textual.app import App
from textual.widget import Widget

from ..domain.errors import CoachError, InputError
from ..messages import DataChanged

T = TypeVar("T")
Node = Widget | App[Any]  # what can show a toast and post a message: a screen, a widget, the app
OnError = Callable[[CoachError], None]

# One thread for every call into the store, so calls run one at a time, in the order made.
_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-data")


async def in_background(call: Callable[..., T], *args: Any) -> T:
    """`call(*args)` in the data thread, awaited without blocking the event loop (keyword
    arguments go in with `functools.partial`, so they never mix with the helpers' own)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_THREAD, partial(call, *args))


def wait_for_calls() -> None:
    """Return once every call handed to the data thread so far has finished (they run one at
    a time, in order: a call made now finishes after all of them)."""
    _THREAD.submit(lambda: None).result()


def show_error(node: Node, error: CoachError, title: str) -> None:
    """The one way a refused input or a data problem is shown: a toast, literal text."""
    if isinstance(error, InputError):
        node.notify(str(error), title=title, severity="warning", markup=False, timeout=8)
    else:
        node.notify(str(error), title=title, severity="error", markup=False, timeout=8)


def _gone(node: Node) -> bool:
    """Whether `node` left while its call ran (the app shutting down, or a screen closed): its
    widgets may be half removed, so nothing more is shown on it."""
    return not node.app.is_running or (isinstance(node, Widget) and not node.is_attached)


async def _attempt(
    node: Node, call: Callable[..., T], args: tuple[Any, ...], error_title: str, on_error: OnError | None
) -> tuple[bool, T | None]:
    """(True, the result), or (False, None) once a problem was shown."""
    try:
        return True, await in_background(call, *args)
    except CoachError as error:
        if on_error is not None:
            on_error(error)
        else:
            show_error(node, error, error_title)
        return False, None


async def fetch(
    node: Node, call: Callable[..., T], *args: Any, error_title: str = "Can't read the data", on_error: OnError | None = None
) -> T | None:
    """A read: its result, or None once a problem was shown (by `on_error`, if given) or
    once `node` is gone (the app quit or the screen closed while the store was read)."""
    _done, result = await _attempt(node, call, args, error_title, on_error)
    return None if _gone(node) else result


async def change(
    node: Node,
    call: Callable[..., T],
    *args: Any,
    client_id: str | Callable[[T], str] | None = None,
    error_title: str = "Not saved",
    on_error: OnError | None = None,
) -> T | None:
    """A write: its result once it landed (and every screen was told, `client_id` naming the
    client it was about, or reading it from the result), or None once a problem was shown (by
    `on_error`, if given) or once the app is shutting down (the change landed all the same)."""
    done, result = await _attempt(node, call, args, error_title, on_error)
    if done:
        about = client_id(result) if callable(client_id) and result is not None else client_id
        node.app.post_message(DataChanged(about if isinstance(about, str) else None))
    return None if not node.app.is_running else result


__all__ = ["in_background", "fetch", "change", "show_error", "wait_for_calls"]
