"""tests/tui/test_board_flows.py over both stores (see conftest.py): the app's board, its cards
added, moved, edited and logged, over a data folder and over a team database."""

from __future__ import annotations

from pgkit import borrow

globals().update(borrow("tui/test_board_flows.py"))
