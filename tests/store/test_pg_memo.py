"""The team database's memos (005_memo.sql): a portfolio's status rows are made once and read
back until a client of that portfolio changes, one comes or goes, the day or the code changes;
each role keeps and reads only its own memos, so a leader never reads rows a member wrote."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from pgkit import forget, member, sql, unique

from coach_tui.services import Coach
from coach_tui.store.postgres.store import PostgresStore
from coach_tui.store.repository import IndexEntry


class Maker:
    """A memo's `make` that counts its calls and rows each client by name."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, entries: list[IndexEntry]) -> tuple[dict[str, Any], Any]:
        self.calls += 1
        return {e.client.id: [e.client.name] for e in entries}, {"clients": len(entries)}


@pytest.fixture
def store(pg_dsn: str) -> Iterator[PostgresStore]:
    opened = PostgresStore(pg_dsn)
    yield opened
    opened.close()


def test_a_memo_is_made_once_and_read_back_until_a_client_changes(store: PostgresStore) -> None:
    coach = Coach(store)
    acme = coach.clients.add("Acme").id
    coach.clients.add("Globex")
    make = Maker()
    _snap, rows, total = store.memo("status", "day-1", make)
    assert make.calls == 1 and sorted(r[0] for r in rows.values()) == ["Acme", "Globex"] and total == [{"clients": 2}]
    snap, again, total = store.memo("status", "day-1", make)
    assert make.calls == 1, "nothing changed: the kept memo is read"
    assert again == rows and total == [{"clients": 2}] and snap.entries == []
    coach.deliveries.log(acme, "a workshop")
    store.memo("status", "day-1", make)
    assert make.calls == 2, "a client changed: made again"
    store.memo("status", "day-2", make)
    assert make.calls == 3, "another tag (a day, the code): made again"
    store.memo("status", "day-2", make, fresh=True)
    assert make.calls == 4, "fresh: made again whatever is kept"
    store.memo("status", "day-2", make)
    assert make.calls == 4


def test_a_client_added_archived_or_removed_makes_the_memo_again(store: PostgresStore) -> None:
    coach = Coach(store)
    acme = coach.clients.add("Acme").id
    make = Maker()
    store.memo("status", "t", make)
    coach.clients.add("Globex")
    _s, rows, _t = store.memo("status", "t", make)
    assert make.calls == 2 and len(rows) == 2
    coach.journal.undo()  # the adding of Globex taken back: its row is gone
    _s, rows, _t = store.memo("status", "t", make)
    assert make.calls == 3 and [r[0] for r in rows.values()] == ["Acme"]
    coach.clients.archive(acme)
    store.memo("status", "t", make)
    assert make.calls == 4


def test_one_share_gone_and_another_come_makes_the_memo_again(pg_dsn: str, store: PostgresStore) -> None:
    coach = Coach(store)
    one = coach.clients.add("One").id
    two = coach.clients.add("Two").id
    sql(pg_dsn, "update coach_client set owner = 'coach_someone_else' where id in (%s, %s)", one, two)
    sql(pg_dsn, "insert into coach_share (client_id, role, access) values (%s, current_user, 'write')", one)
    make = Maker()
    _s, rows, _t = store.memo("status", "t", make)
    assert [r[0] for r in rows.values()] == ["One"]
    # The same number of clients, none of them written since: only the ids differ.
    sql(pg_dsn, "delete from coach_share where client_id = %s", one)
    sql(pg_dsn, "insert into coach_share (client_id, role, access) values (%s, current_user, 'write')", two)
    _s, rows, _t = store.memo("status", "t", make)
    assert make.calls == 2 and [r[0] for r in rows.values()] == ["Two"]


def test_the_status_memo_serves_coach_status_and_follows_a_log(store: PostgresStore) -> None:
    coach = Coach(store, today=lambda: date(2026, 11, 30))
    acme = coach.clients.add("Acme").id
    first, _head = coach.portfolio.status()
    kept = sql(store.dsn, "select kind, portfolio = current_user from coach_memo")
    assert kept == [("status", True)]
    again, _head = coach.portfolio.status()
    assert [v.client.name for v in again.views] == [v.client.name for v in first.views] == ["Acme"]
    assert again.views[0].cadence.status == "new"
    coach.deliveries.log(acme, "a workshop", on=date(2026, 11, 29))
    after, _head = coach.portfolio.status()
    assert after.views[0].cadence.last == date(2026, 11, 29)


Conn = Callable[[str], psycopg.Connection[Any]]


@pytest.fixture
def roles(pg_dsn: str) -> Iterator[tuple[str, str]]:
    ann, lea = unique("coach_t_ann_"), unique("coach_t_lea_")
    member(pg_dsn, ann)
    member(pg_dsn, lea)
    sql(pg_dsn, "insert into coach_team (name) values ('north')")
    sql(pg_dsn, "update coach_member set team = 'north' where role = %s", ann)
    sql(pg_dsn, "update coach_member set leader_of = 'north' where role = %s", lea)
    try:
        yield ann, lea
    finally:
        for role in (ann, lea):
            sql(pg_dsn, "delete from coach_memo where owner = %s", role)
            forget(pg_dsn, role)


def as_role(dsn: str, role: str) -> str:
    return dsn.replace("postgres@", f"{role}@", 1)


def test_each_role_reads_and_keeps_only_its_own_memos(pg_dsn: str, roles: tuple[str, str]) -> None:
    ann, lea = roles
    mine = PostgresStore(as_role(pg_dsn, ann))
    leader = PostgresStore(as_role(pg_dsn, lea))
    theirs = PostgresStore(as_role(pg_dsn, lea), portfolio=ann, connections=leader)
    try:
        Coach(mine).clients.add("Acme")
        made_by_ann, made_by_lea = Maker(), Maker()
        mine.memo("status", "t", made_by_ann)
        theirs.memo("status", "t", made_by_lea)
        assert made_by_ann.calls == made_by_lea.calls == 1, "the leader does not read the member's memo"
        owners = sorted(sql(pg_dsn, "select owner, portfolio from coach_memo where portfolio = %s", ann))
        assert owners == sorted([(ann, ann), (lea, ann)])
        with psycopg.connect(as_role(pg_dsn, ann), autocommit=True) as conn:
            assert [r[0] for r in conn.execute("select owner from coach_memo")] == [ann]
            # A member can't forge the leader's memo of their portfolio, nor rewrite it.
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "insert into coach_memo (owner, portfolio, kind, tag, version, rows, total) "
                    "values (%s, %s, 'status', 't', 'v', '{}', '{}')",
                    (lea, ann),
                )
            assert conn.execute("update coach_memo set rows = '{}' where owner = %s", (lea,)).rowcount == 0
        theirs.memo("status", "t", made_by_lea)
        assert made_by_lea.calls == 1, "the leader reads back its own memo"
    finally:
        theirs.close()
        leader.close()
        mine.close()


def test_a_portfolio_read_through_the_leaders_store_opens_no_connection_of_its_own(pg_dsn: str, roles: tuple[str, str]) -> None:
    ann, lea = roles
    Coach(PostgresStore(as_role(pg_dsn, ann))).clients.add("Acme")
    leader = PostgresStore(as_role(pg_dsn, lea))
    try:
        leader.names()
        name = pg_dsn.rsplit("/", 1)[1]
        count = "select count(*) from pg_stat_activity where datname = %s and usename = %s"
        before = sql(pg_dsn, count, name, lea)[0][0]
        for _ in range(3):
            theirs = PostgresStore(leader.dsn, portfolio=ann, connections=leader)
            assert [n for _i, n, _a in theirs.names()] == ["Acme"]
            theirs.close()
        assert sql(pg_dsn, count, name, lea)[0][0] == before == 1
        assert leader.names() == [], "the leader's own portfolio is still its own"
    finally:
        leader.close()


def test_a_leader_reads_a_members_portfolio_with_the_members_settings(pg_dsn: str, roles: tuple[str, str]) -> None:
    ann, lea = roles
    mine = PostgresStore(as_role(pg_dsn, ann))
    leader = PostgresStore(as_role(pg_dsn, lea))
    theirs = PostgresStore(leader.dsn, portfolio=ann, connections=leader)
    try:
        Coach(mine).settings.set_currency("EUR")
        Coach(mine).settings.set_week_start("sunday")
        Coach(leader).settings.set_currency("USD")
        read = Coach(theirs)
        assert (read.settings.currency(), read.settings.first_weekday()) == ("EUR", 6)
        assert Coach(leader).settings.currency() == "USD", "the leader's own are still the leader's"
        agenda, head = read.portfolio.status()
        assert agenda.currency == "EUR" and head.settings["currency"] == "EUR"
    finally:
        theirs.close()
        leader.close()
        mine.close()
