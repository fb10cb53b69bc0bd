"""Ending the process at once, once the TUI has closed and restored the terminal.

Python frees every object one by one at exit, which keeps the shell waiting a few hundred
milliseconds after a session with thousands of clients; the app ends with `end_now` instead
(see `app.run`, which first waits for every call to the store to finish). No Textual here.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def end_now(code: int) -> NoReturn:
    """Flush standard output and error, then end the process with `code` without running
    the interpreter's teardown (atexit handlers included: not for a process that needs them)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


__all__ = ["end_now"]
