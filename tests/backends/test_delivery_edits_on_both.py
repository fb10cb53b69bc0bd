"""tests/unit/test_delivery_edits.py over both stores (pgkit.OVER_BOTH): a data folder, a team database."""

from __future__ import annotations

from pgkit import borrow

globals().update(borrow("unit/test_delivery_edits.py"))
