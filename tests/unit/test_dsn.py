"""A connection string as coach shows it: never the password, whatever form it takes."""

from __future__ import annotations

import pytest

from coach_tui.store.postgres.dsn import hide_password, password_of


@pytest.mark.parametrize(
    ("dsn", "shown", "secret"),
    [
        ("postgresql://ana:s3cret@db.example.com:5433/team", "postgresql://ana:***@db.example.com:5433/team", "s3cret"),
        ("postgres://ana:p%40ss@db/team", "postgres://ana:***@db/team", "p%40ss"),
        ("postgresql://ana:a@b@db/team", "postgresql://ana:***@db/team", "a@b"),
        (
            "postgresql://ana@db/team?password=s3cret&sslmode=require",
            "postgresql://ana@db/team?password=***&sslmode=require",
            "s3cret",
        ),
        ("postgresql://ana@db/team", "postgresql://ana@db/team", None),
        ("host=db password=s3cret dbname=team", "host=db password=*** dbname=team", "s3cret"),
        ("host=db password='with space' dbname=team", "host=db password=*** dbname=team", "with space"),
    ],
)
def test_the_password_is_hidden(dsn: str, shown: str, secret: str | None) -> None:
    assert hide_password(dsn) == shown
    assert password_of(dsn) == secret
    if secret:
        assert secret not in hide_password(dsn)
