"""The terminal driver: Textual's own, but for quitting, which gives the shell back at once.

Textual's Linux driver stops its input thread by setting an event the thread looks at between
two waits for input of up to 100 ms each, and waits for the thread to end (plus one last wait
for input, of 100 ms too, when none comes): the shell gets its prompt back 100 to 200 ms after
`q`, whatever the app does. When the app is exiting, this driver does what Textual's does to
give the terminal back (window-size signal to its default, mouse reports off, pending input
discarded, then the terminal's modes and screen restored by `stop_application_mode`), tells
the input thread to stop, and does not wait for it: the process ends right after (`app.run`
ends it at once), or, where it does not (the demo), the thread ends on its own within 200 ms.

Suspending (the app is not exiting) keeps Textual's behaviour whole: the thread must have
ended before the terminal is handed over, since a new one starts on resuming.

Only public members of the driver are used: `exit_event`, `fileno`, `write`, `flush`.
"""

from __future__ import annotations

import signal
import termios
from typing import Any

from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

# What Textual writes to turn mouse reports off (the modes its driver turns on).
MOUSE_OFF = ("\x1b[?1000l", "\x1b[?1003l", "\x1b[?1015l", "\x1b[?1006l")


class QuickExitDriver(LinuxDriver):
    """Textual's Linux driver, which does not wait for its input thread when the app exits."""

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self.coach_app = app
        self.mouse_on = bool(options.get("mouse", True))

    def disable_input(self) -> None:
        if self.coach_app.return_code is None or self.exit_event.is_set():
            super().disable_input()  # suspending (or not started): the thread must end first
            return
        signal.signal(signal.SIGWINCH, signal.SIG_DFL)
        if self.mouse_on:
            for sequence in MOUSE_OFF:
                self.write(sequence)
            self.flush()
        self.exit_event.set()  # the input thread ends at its next look, not waited for
        try:
            termios.tcflush(self.fileno, termios.TCIFLUSH)
        except termios.error:
            pass  # not a terminal (input from a pipe)


__all__ = ["QuickExitDriver"]
