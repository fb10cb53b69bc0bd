"""tests/unit/test_weekly_rules.py over both stores (pgkit.OVER_BOTH): a data folder, a team database."""

from __future__ import annotations

from pgkit import borrow

# The last test reopens the data folder itself: a new PostgresStore proves the same in
# test_postgres_store.py.
globals().update(borrow("unit/test_weekly_rules.py", but=("test_the_follow_through_survives_a_reopened_store",)))
