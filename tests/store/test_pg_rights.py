"""The team database's rights, proven with raw SQL as each role (migration 002_rights.sql).

Each test connects as the role itself, not through coach: what a manager could type in psql
is what is checked. The team: managers A and B in north, L who leads north, S an exec sponsor
(a member of no team), C a manager in south; X is a login role that is no member at all, and
Y holds the coach_user group (as a member of another team's database would) but is not in
this database's coach_member.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pgrights_kit import BOTH_ADMINS, TeamDb, team_db  # noqa: F401

psycopg = pytest.importorskip("psycopg")
from psycopg import errors  # noqa: E402

# Migrated and administered by the superuser, and by a database owner who is no superuser.
pytestmark = BOTH_ADMINS


@dataclass
class Team:
    db: TeamDb
    a: Any
    b: Any
    lead: Any
    s: Any
    c: Any
    names: dict[str, str]


def add_client(conn: Any, cid: str, name: str) -> None:
    conn.execute("insert into coach_client (id, name, doc, facts) values (%s, %s, '{}', '{}')", (cid, name))
    conn.execute("insert into coach_record (client_id, kind, id, doc) values (%s, 'card', 'k1', '{}')", (cid,))


def client_ids(conn: Any) -> set[str]:
    return {r[0] for r in conn.execute("select id from coach_client")}


def record_clients(conn: Any) -> set[str]:
    return {r[0] for r in conn.execute("select client_id from coach_record")}


def weekly_owners(conn: Any) -> set[str]:
    return {r[0] for r in conn.execute("select owner from coach_weekly")}


def denied(conn: Any, query: str, params: tuple[Any, ...] = ()) -> None:
    """The statement is refused by the database (no privilege, or a row-level policy)."""
    with pytest.raises(errors.InsufficientPrivilege):
        conn.execute(query, params)


def changed(conn: Any, query: str, params: tuple[Any, ...] = ()) -> int:
    return int(conn.execute(query, params).rowcount)


@pytest.fixture
def team(team_db: TeamDb) -> Iterator[Team]:  # noqa: F811
    db = team_db
    names = {
        "a": db.role("a", team="north"),
        "b": db.role("b", team="north"),
        "lead": db.role("lead", leader_of="north"),
        "s": db.role("s"),
        "c": db.role("c", team="south"),
    }
    conns = {key: db.connect(role) for key, role in names.items()}
    for key, cid in (("a", "a1"), ("b", "b1"), ("c", "c1")):
        conn = conns[key]
        add_client(conn, cid, f"{key} client")
        conn.execute("insert into coach_weekly (kind, key, doc) values ('commitment', '2026-W48', '{}')")
    for key in names:
        conns[key].execute("insert into coach_settings (doc) values ('{}')")
        conns[key].execute("insert into coach_journal (part, entry) values ('done', '{}')")
    try:
        yield Team(db, conns["a"], conns["b"], conns["lead"], conns["s"], conns["c"], names)
    finally:
        for conn in conns.values():
            conn.close()


def test_a_manager_reads_and_writes_their_own_clients_and_records(team: Team) -> None:
    a = team.a
    assert client_ids(a) == {"a1"}
    assert record_clients(a) == {"a1"}
    assert changed(a, "update coach_client set name = 'renamed' where id = 'a1'") == 1
    assert changed(a, "update coach_record set doc = '{\"x\": 1}' where client_id = 'a1'") == 1
    a.execute("insert into coach_record (client_id, kind, id, doc) values ('a1', 'person', 'p1', '{}')")
    assert changed(a, "delete from coach_record where client_id = 'a1' and id = 'p1'") == 1
    owner = a.execute("select owner from coach_client where id = 'a1'").fetchone()[0]
    assert owner == team.names["a"]


def test_an_owner_deletes_a_client_with_its_records_and_shares(team: Team) -> None:
    a, b = team.a, team.b
    add_client(a, "a3", "going")
    a.execute("insert into coach_share (client_id, role, access) values ('a3', %s, 'write')", (team.names["b"],))
    assert "a3" in client_ids(b)
    assert changed(b, "delete from coach_client where id = 'a3'") == 0  # a write share is no ownership
    assert changed(a, "delete from coach_client where id = 'a3'") == 1
    assert team.db.admin.execute("select count(*) from coach_record where client_id = 'a3'").fetchone() == (0,)
    assert team.db.admin.execute("select count(*) from coach_share where client_id = 'a3'").fetchone() == (0,)


def test_a_manager_upserts_and_reads_back_what_they_write_in_one_statement(team: Team) -> None:
    """INSERT ... RETURNING and ON CONFLICT DO UPDATE check the new row for reading too: the
    rules must hold for a row the statement itself is writing (as the store writes)."""
    a, b = team.a, team.b
    upsert = (
        "insert into coach_client (id, name, doc, facts) values (%s, %s, '{}', '{}') "
        "on conflict (id) do update set name = excluded.name, stamp = nextval('coach_stamp') returning owner"
    )
    assert a.execute(upsert, ("a2", "new")).fetchone() == (team.names["a"],)
    assert a.execute(upsert, ("a2", "again")).fetchone() == (team.names["a"],)
    record = (
        "insert into coach_record (client_id, kind, id, doc) values (%s, 'card', 'k1', '{}') "
        "on conflict (client_id, kind, id) do update set doc = excluded.doc returning client_id"
    )
    assert a.execute(record, ("a2",)).fetchone() == ("a2",)
    # B, shared A's client for writing, upserts it: it stays A's.
    a.execute("insert into coach_share (client_id, role, access) values ('a2', %s, 'write')", (team.names["b"],))
    assert b.execute(upsert, ("a2", "by b")).fetchone() == (team.names["a"],)
    assert b.execute(record, ("a2",)).fetchone() == ("a2",)
    # C, who may not write it, is refused the upsert.
    denied(team.c, upsert, ("a2", "by c"))
    weekly = (
        "insert into coach_weekly (kind, key, doc) values ('commitment', '2026-W48', '{\"kept\": true}') "
        "on conflict (owner, kind, key) do update set doc = excluded.doc, stamp = nextval('coach_stamp') returning owner"
    )
    assert a.execute(weekly).fetchone() == (team.names["a"],)
    settings = (
        "insert into coach_settings (doc) values ('{}') on conflict (owner) do update set doc = excluded.doc returning owner"
    )
    assert a.execute(settings).fetchone() == (team.names["a"],)


def test_a_manager_cannot_read_or_touch_another_managers_clients(team: Team) -> None:
    a = team.a
    assert a.execute("select * from coach_client where id = 'b1'").fetchall() == []
    assert a.execute("select * from coach_record where client_id = 'b1'").fetchall() == []
    assert changed(a, "update coach_client set name = 'mine now' where id = 'b1'") == 0
    assert changed(a, "update coach_record set doc = '{}' where client_id = 'b1'") == 0
    assert changed(a, "delete from coach_record where client_id = 'b1'") == 0
    assert changed(a, "delete from coach_client where id = 'b1'") == 0
    denied(a, "insert into coach_record (client_id, kind, id, doc) values ('b1', 'card', 'k9', '{}')")
    # B's client is as B left it.
    assert team.b.execute("select name from coach_client where id = 'b1'").fetchone()[0] == "b client"
    assert record_clients(team.b) == {"b1"}


def test_nobody_creates_a_client_for_someone_else_or_changes_an_owner(team: Team) -> None:
    a, b = team.a, team.names["b"]
    denied(a, "insert into coach_client (id, owner, name, doc, facts) values ('a2', %s, 'x', '{}', '{}')", (b,))
    denied(a, "update coach_client set owner = %s where id = 'a1'", (b,))
    denied(a, "update coach_weekly set owner = %s", (b,))
    denied(a, "update coach_settings set owner = %s", (b,))
    denied(a, "update coach_journal set owner = %s", (b,))
    denied(a, "insert into coach_weekly (owner, kind, key, doc) values (%s, 'commitment', '2026-W49', '{}')", (b,))
    denied(a, "insert into coach_settings (owner, doc) values (%s, '{}')", (b,))
    # Moving a record onto a client A cannot write is refused too.
    denied(a, "update coach_record set client_id = 'b1' where client_id = 'a1'")


def test_a_client_shared_for_writing_can_be_written_not_deleted_nor_reshared(team: Team) -> None:
    a, b = team.a, team.b
    assert changed(b, "update coach_client set name = 'taken' where id = 'a1'") == 0
    a.execute("insert into coach_share (client_id, role, access) values ('a1', %s, 'write')", (team.names["b"],))
    assert client_ids(b) == {"a1", "b1"}
    assert changed(b, "update coach_client set name = 'helped' where id = 'a1'") == 1
    b.execute("insert into coach_record (client_id, kind, id, doc) values ('a1', 'touch', 't1', '{}')")
    assert changed(b, "update coach_record set doc = '{\"y\": 2}' where client_id = 'a1' and id = 'k1'") == 1
    assert a.execute("select name from coach_client where id = 'a1'").fetchone()[0] == "helped"
    # Only the owner deletes the client and decides who it is shared with.
    assert changed(b, "delete from coach_client where id = 'a1'") == 0
    denied(b, "insert into coach_share (client_id, role, access) values ('a1', %s, 'read')", (team.names["s"],))
    assert changed(b, "update coach_share set access = 'read' where client_id = 'a1'") == 0
    assert changed(b, "delete from coach_share where client_id = 'a1'") == 0
    # B sees the share (B can read the client); C sees none.
    assert b.execute("select role, access from coach_share").fetchall() == [(team.names["b"], "write")]
    assert team.c.execute("select * from coach_share").fetchall() == []
    # A takes it back: B sees the client no more.
    assert changed(a, "delete from coach_share where client_id = 'a1'") == 1
    assert client_ids(b) == {"b1"}
    assert changed(b, "update coach_client set name = 'again' where id = 'a1'") == 0


def test_an_exec_sponsor_reads_the_clients_they_sponsor_and_writes_none(team: Team) -> None:
    a, s = team.a, team.s
    assert client_ids(s) == set()
    a.execute("insert into coach_share (client_id, role, access) values ('a1', %s, 'read')", (team.names["s"],))
    assert client_ids(s) == {"a1"}
    assert record_clients(s) == {"a1"}
    assert changed(s, "update coach_client set name = 'sponsored' where id = 'a1'") == 0
    assert changed(s, "update coach_record set doc = '{}' where client_id = 'a1'") == 0
    assert changed(s, "delete from coach_record where client_id = 'a1'") == 0
    assert changed(s, "delete from coach_client where id = 'a1'") == 0
    denied(s, "insert into coach_record (client_id, kind, id, doc) values ('a1', 'touch', 't2', '{}')")
    assert a.execute("select name from coach_client where id = 'a1'").fetchone()[0] == "a client"


def test_a_leader_reads_the_teams_clients_records_and_weekly_rows_and_writes_none(team: Team) -> None:
    lead, n = team.lead, team.names
    assert client_ids(lead) == {"a1", "b1"}
    assert record_clients(lead) == {"a1", "b1"}
    assert weekly_owners(lead) == {n["a"], n["b"]}
    assert changed(lead, "update coach_client set name = 'led' where id in ('a1', 'b1')") == 0
    assert changed(lead, "update coach_record set doc = '{}'") == 0
    assert changed(lead, "delete from coach_record") == 0
    assert changed(lead, "delete from coach_client") == 0
    assert changed(lead, "update coach_weekly set doc = '{}'") == 0
    assert changed(lead, "delete from coach_weekly") == 0
    denied(lead, "insert into coach_record (client_id, kind, id, doc) values ('a1', 'touch', 't3', '{}')")
    # Another team's clients, weekly rows and settings stay out of sight; the team's settings
    # are read (a member's currency and week start), no one's journal.
    assert lead.execute("select * from coach_client where id = 'c1'").fetchall() == []
    assert lead.execute("select * from coach_weekly where owner = %s", (n["c"],)).fetchall() == []
    assert {r[0] for r in lead.execute("select owner from coach_settings")} == {n["lead"], n["a"], n["b"]}
    assert {r[0] for r in lead.execute("select owner from coach_journal")} == {n["lead"]}
    # A manager who is no leader sees no one else's weekly rows.
    assert weekly_owners(team.a) == {n["a"]}


def test_each_role_sees_and_changes_only_its_own_settings_and_journal(team: Team) -> None:
    n = team.names
    for key, role in n.items():
        conn = getattr(team, key)
        # A leader reads their team's settings too (a member's currency and week start).
        seen = {role, n["a"], n["b"]} if key == "lead" else {role}
        assert {r[0] for r in conn.execute("select owner from coach_settings")} == seen
        assert {r[0] for r in conn.execute("select owner from coach_journal")} == {role}
        assert changed(conn, "update coach_settings set doc = '{\"mine\": true}'") == 1
        assert changed(conn, "update coach_journal set part = 'undone'") == 1
    assert changed(team.a, "delete from coach_journal where owner = %s", (n["b"],)) == 0
    assert team.b.execute("select part from coach_journal").fetchall() == [("undone",)]
    # The leader reads them, and changes none of them.
    assert changed(team.lead, "update coach_settings set doc = '{}' where owner = %s", (n["a"],)) == 0
    assert changed(team.lead, "delete from coach_settings where owner = %s", (n["b"],)) == 0
    assert team.a.execute("select doc from coach_settings").fetchall() == [({"mine": True},)]


def test_every_member_reads_the_team_tables_and_only_the_admin_writes_them(team: Team) -> None:
    a = team.a
    members = {r[0] for r in a.execute("select role from coach_member")}
    assert members == set(team.names.values())
    assert {r[0] for r in a.execute("select name from coach_team")} == {"north", "south"}
    assert a.execute("select version from coach_schema").fetchone()[0] == 2
    denied(a, "insert into coach_team (name) values ('rogue')")
    denied(a, "update coach_member set leader_of = 'north' where role = %s", (team.names["a"],))
    denied(a, "insert into coach_member (role, leader_of) values (%s, 'south')", (team.names["a"],))
    denied(a, "delete from coach_member")
    # The admin (the tables' owner) writes them.
    team.db.admin.execute("insert into coach_team (name) values ('west')")


def test_a_role_outside_the_team_reads_nothing(team: Team) -> None:
    db = team.db
    stranger = db.connect(db.role("x", member=False))
    with stranger:
        for table in ("coach_client", "coach_record", "coach_share", "coach_weekly", "coach_member", "coach_settings"):
            denied(stranger, f"select * from {table}")  # noqa: S608 (a fixed table name)
        denied(stranger, "insert into coach_client (id, name, doc, facts) values ('x1', 'x', '{}', '{}')")
    # Holding the group (as a member of another team's database does) is not enough here.
    other = db.role("y", member=False)
    db.admin.execute(f'grant coach_user to "{other}"')
    outsider = db.connect(other)
    with outsider:
        for table in ("coach_client", "coach_record", "coach_share", "coach_weekly", "coach_member", "coach_team"):
            assert outsider.execute(f"select * from {table}").fetchall() == [], table  # noqa: S608
        denied(outsider, "insert into coach_client (id, name, doc, facts) values ('y1', 'y', '{}', '{}')")
        denied(outsider, "insert into coach_settings (doc) values ('{}')")


def test_a_share_goes_only_to_a_member_and_not_to_oneself(team: Team) -> None:
    a = team.a
    stranger = team.db.role("z", member=False)
    denied(a, "insert into coach_share (client_id, role, access) values ('a1', %s, 'read')", (stranger,))
    denied(a, "insert into coach_share (client_id, role, access) values ('a1', %s, 'write')", (team.names["a"],))
    denied(a, "insert into coach_share (client_id, role, access) values ('b1', %s, 'read')", (team.names["s"],))


def test_the_rights_migration_runs_again_over_itself(team: Team) -> None:
    from pgrights_kit import migrations

    with team.db.admin.transaction():
        team.db.admin.execute(migrations()[1])
    assert client_ids(team.a) == {"a1"}
    assert client_ids(team.lead) == {"a1", "b1"}
