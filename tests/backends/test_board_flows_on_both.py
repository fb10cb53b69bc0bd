"""tests/tui/test_board_flows.py over both stores (pgkit.OVER_BOTH): the app's board, its cards
added, moved, edited and logged, over a data folder and over a team database."""

from __future__ import annotations

from pgkit import borrow

# The board of a client that does not exist names the missing file in its notice: the folder
# store's words ("no data file"); the team database says "no client with the id".
globals().update(borrow("tui/test_board_flows.py", but=("test_a_board_that_cannot_be_read_says_so",)))
