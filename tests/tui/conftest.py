"""Every TUI test sees a truecolor terminal unless it says otherwise: the app asks its console
how many colours the terminal has (overdue text is bright red in 16 colours), and the console
would otherwise read TERM, which differs from one machine to the next (`TERM=xterm` is 16
colours). A test of another colour system sets `textual.constants.COLOR_SYSTEM` itself, as
`TEXTUAL_COLOR_SYSTEM` would, before it builds the app."""

from __future__ import annotations

import pytest
from textual import constants


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "COLOR_SYSTEM", "truecolor")
