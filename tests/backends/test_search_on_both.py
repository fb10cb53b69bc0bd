"""tests/unit/test_search.py over both stores (pgkit.OVER_BOTH): the search index is kept
until a write and reads again only the client whose stamp moved (`client_stamp`)."""

from __future__ import annotations

from pgkit import borrow

globals().update(borrow("unit/test_search.py"))
