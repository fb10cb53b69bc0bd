"""`coach team remove-member ROLE [--reassign-to OTHER] [--dry-run]` on a real team database:
the admin takes a member off, its clients move to another member in the same transaction, and
the removed role, connecting as itself, reads nothing any more; refusals are one line and leave
every table as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest
from clikit import one_line_error
from pgrights_kit import TeamDb
from pgteam_kit import coach, ok, team, team_db  # noqa: F401

psycopg = pytest.importorskip("psycopg")

from psycopg import sql  # noqa: E402

from coach_tui.store.postgres.team import remove_member  # noqa: E402

TABLES = (
    "coach_team",
    "coach_member",
    "coach_client",
    "coach_share",
    "coach_record",
    "coach_weekly",
    "coach_settings",
    "coach_journal",
    "coach_memo",
)


def snapshot(db: TeamDb) -> dict[str, Any]:
    """Every row of every coach table, as the admin reads them, and the stamp sequence."""
    seen: dict[str, Any] = {
        t: sorted(repr(r) for r in db.admin.execute(sql.SQL("select * from {}").format(sql.Identifier(t)))) for t in TABLES
    }
    seen["stamp"] = db.admin.execute("select last_value from coach_stamp").fetchone()
    return seen


def owned_by(db: TeamDb, role: str, table: str) -> int:
    column = "portfolio" if table == "coach_memo" else "owner"
    query = sql.SQL("select count(*) from {} where owner = %s or {} = %s").format(sql.Identifier(table), sql.Identifier(column))
    return int(db.admin.execute(query, (role, role)).fetchone()[0])


def records_of(db: TeamDb, role: str) -> int:
    query = "select count(*) from coach_record r join coach_client c on c.id = r.client_id where c.owner = %s"
    return int(db.admin.execute(query, (role,)).fetchone()[0])


def remove(db: TeamDb, *args: str, role: str | None = None) -> Any:
    return coach(db, role, "team", "remove-member", *args)


def test_a_member_who_owns_clients_is_refused_in_one_line_naming_how_many_and_the_way_out(
    team_db: TeamDb,  # noqa: F811
    team: dict[str, str],  # noqa: F811
) -> None:
    before = snapshot(team_db)
    error = one_line_error(remove(team_db, team["bob"]), 2)
    assert f"{team['bob']} still owns 2 clients: give them to another member with --reassign-to OTHER" in error
    one = one_line_error(remove(team_db, team["ann"], "--dry-run"), 2)
    assert f"{team['ann']} still owns 1 client: give it to another member with --reassign-to OTHER" in one
    assert snapshot(team_db) == before


def test_reassign_moves_the_clients_to_the_other_member_and_the_removed_role_reads_nothing(
    team_db: TeamDb,  # noqa: F811
    team: dict[str, str],  # noqa: F811
) -> None:
    db, ann, bob, lea, sam = team_db, team["ann"], team["bob"], team["lea"], team["sam"]
    ok(coach(db, ann, "team", "share", "Acme", bob))
    ok(coach(db, ann, "team", "share", "Acme", sam, "--read"))
    ok(coach(db, bob, "team", "share", "Borealis", ann))
    ok(coach(db, ann, "config", "week-start", "sunday"))
    ok(coach(db, ann, "status"))  # a memo of ann's own
    ok(coach(db, lea, "team"))  # the leader's memos, of ann's portfolio among them
    for table in ("coach_settings", "coach_journal", "coach_weekly", "coach_memo"):
        assert owned_by(db, ann, table) > 0, table
    (acme,) = db.admin.execute("select id from coach_client where owner = %s", (ann,)).fetchone()
    stamp = db.admin.execute("select stamp from coach_client where id = %s", (acme,)).fetchone()[0]
    records = db.admin.execute("select count(*) from coach_record where client_id = %s", (acme,)).fetchone()[0]
    assert records > 0

    done = json.loads(ok(remove(db, ann, "--reassign-to", bob, "--json")))
    assert done["role"] == ann and done["team"] == "north" and done["dry_run"] is False
    assert done["reassigned_to"] == bob
    assert done["clients"] == [{"id": acme, "name": "Acme"}]
    assert done["records"] == records
    assert done["removed"]["shares"] == 1  # Borealis, bob's, shared with ann
    assert done["removed"]["shares_to_new_owner"] == 1  # Acme to bob: he owns it now
    assert done["removed"]["settings"] == 1 and done["removed"]["journal"] > 0 and done["removed"]["memos"] > 0
    assert done["leaderless"] == [] and done["login_role_kept"] is True

    # bob owns Acme, its records with it, and writes it as his own.
    assert db.admin.execute("select owner from coach_client where id = %s", (acme,)).fetchone() == (bob,)
    assert db.admin.execute("select stamp from coach_client where id = %s", (acme,)).fetchone()[0] > stamp
    with db.connect(bob) as conn:
        assert conn.execute("select count(*) from coach_record where client_id = %s", (acme,)).fetchone() == (records,)
        assert conn.execute("select count(*) from coach_share where client_id = %s and role = %s", (acme, bob)).fetchone() == (0,)
    ok(coach(db, bob, "log", "Acme", "took the account over"))
    ok(coach(db, bob, "team", "unshare", "Acme", sam))  # only an owner unshares
    ok(coach(db, bob, "team", "share", "Acme", sam, "--read"))
    # The exec sponsor still reads it; the leader sees it in bob's portfolio.
    with db.connect(sam) as conn:
        assert conn.execute("select owner from coach_client").fetchall() == [(bob,)]
    view = json.loads(ok(coach(db, lea, "team", "--json")))
    assert [(m["role"], m["active_clients"]) for m in view["members"]] == [(lea, 0), (bob, 3)]

    # ann: no member, her own rows gone, reading and writing nothing, as herself.
    for table in ("coach_settings", "coach_journal", "coach_weekly", "coach_memo", "coach_share"):
        column = "role" if table == "coach_share" else "owner"
        query = sql.SQL("select count(*) from {} where {} = %s").format(sql.Identifier(table), sql.Identifier(column))
        assert db.admin.execute(query, (ann,)).fetchone() == (0,), table
    assert db.admin.execute("select count(*) from coach_memo where portfolio = %s", (ann,)).fetchone() == (0,)
    with db.connect(ann) as conn:
        for table in (*TABLES, "coach_schema"):
            query = sql.SQL("select count(*) from {}").format(sql.Identifier(table))
            assert conn.execute(query).fetchone() == (0,), table
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into coach_client (id, name, doc, facts) values ('x1', 'Mine', '{}', '{}')")
        assert conn.execute("update coach_client set name = 'Mine'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # not even a memo of its own
            conn.execute(
                "insert into coach_memo (portfolio, kind, tag, version, rows, total) "
                "values (current_user, 'status', 't', 'v', '{}', '{}')"
            )
    assert "no member of this team database" in one_line_error(coach(db, ann, "team", "members"), 1)
    # The login role itself is the server's, kept.
    assert db.admin.execute("select count(*) from pg_roles where rolname = %s", (ann,)).fetchone() == (1,)
    members = json.loads(ok(coach(db, None, "team", "members", "--json")))
    assert ann not in [m["role"] for m in members["members"]]


def test_the_text_output_says_what_went_and_that_the_login_role_is_kept(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    db, ann, bob = team_db, team["ann"], team["bob"]
    assert records_of(db, ann) == 2  # what `coach log` made for Acme
    printed = ok(remove(db, ann, "--reassign-to", bob)).splitlines()
    assert printed[0] == f"moved 1 client of {ann} to {bob} (Acme), with 2 records"
    assert printed[1].startswith(f"{ann} is no longer a member of this team database (")
    assert printed[1].endswith("); its PostgreSQL login role is kept, as other databases may use it")
    assert len(printed) == 2


def test_dry_run_says_what_would_happen_and_changes_nothing(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    db, ann, bob, lea = team_db, team["ann"], team["bob"], team["lea"]
    ok(coach(db, ann, "team", "share", "Acme", bob))
    ok(coach(db, ann, "status"))
    before = snapshot(db)
    printed = ok(remove(db, ann, "--reassign-to", bob, "--dry-run")).splitlines()
    assert printed[0] == (
        f"would move 1 client of {ann} to {bob} (Acme), with 2 records; 1 share of them to {bob} would go (an owner needs none)"
    )
    assert printed[1].startswith(f"{ann} would no longer be a member of this team database (")
    assert printed[-1] == "dry run: nothing was changed"
    as_json = json.loads(ok(remove(db, ann, "--reassign-to", bob, "--dry-run", "--json")))
    assert as_json["dry_run"] is True and as_json["clients"][0]["name"] == "Acme"
    leader = ok(remove(db, lea, "--dry-run")).splitlines()
    assert leader[-2] == "team north would have no leader: name one with `coach team add-member ROLE --leader-of north`"
    assert snapshot(db) == before
    with db.connect(ann) as conn:
        assert conn.execute("select count(*) from coach_client").fetchone() == (1,)


def test_removing_the_last_leader_leaves_the_team_without_one(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    db, lea = team_db, team["lea"]
    printed = ok(remove(db, lea)).splitlines()
    assert printed[0].startswith(f"{lea} is no longer a member of this team database")
    assert printed[1] == "team north now has no leader: name one with `coach team add-member ROLE --leader-of north`"
    assert "north (no leader)" in ok(coach(db, None, "team", "members"))
    # A member with no rows of their own and no clients needs no flag.
    assert ok(remove(db, team["sam"])).startswith(f"{team['sam']} is no longer a member of this team database (it had no rows")


def test_a_role_that_is_no_member_is_one_line_and_exits_as_not_found(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    db = team_db
    ok(remove(db, team["sam"]))
    again = one_line_error(remove(db, team["sam"]), 2)
    assert f"{team['sam']} is no member of this team database: there is nothing to remove" in again
    ghost = one_line_error(remove(db, f"{db.prefix}_ghost"), 2)
    assert "is no member of this team database: there is nothing to remove" in ghost


def test_bad_input_is_one_line_and_changes_nothing(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    db, ann, bob = team_db, team["ann"], team["bob"]
    stranger = f"{db.prefix}_stranger"
    db.admin.execute(sql.SQL("create role {} login").format(sql.Identifier(stranger)))
    db.roles.append(stranger)
    before = snapshot(db)
    nonmember = one_line_error(remove(db, ann, "--reassign-to", stranger), 2)
    assert f"{stranger} is no member of this team database: its admin adds it with `coach team add-member`" in nonmember
    unknown = one_line_error(remove(db, ann, "--reassign-to", f"{db.prefix}_nobody"), 2)
    assert "is no member of this team database" in unknown
    itself = one_line_error(remove(db, ann, "--reassign-to", ann), 2)
    assert f"{ann} is the member being removed: reassign its clients to another member" in itself
    assert "not a role name" in one_line_error(remove(db, "ann; drop"), 2)
    # A member is no admin: the database's owner (or a superuser) removes members.
    member = one_line_error(remove(db, ann, "--reassign-to", bob, role=bob), 1)
    assert f"{bob} is not this team database's admin: removing a member takes the owner of its tables" in member
    outsider = one_line_error(remove(db, ann, role=stranger), 1)
    assert f"{stranger} is no member of this team database" in outsider
    assert snapshot(db) == before


def test_a_failure_at_the_last_step_undoes_the_moves_and_deletions(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    """All or nothing: the membership goes last; when that fails, the clients moved before it
    and the rows deleted before it are back."""
    db, ann, bob = team_db, team["ann"], team["bob"]
    db.admin.execute("create function coach_t_refuse() returns trigger language plpgsql as $$ begin raise 'refused'; end $$")
    db.admin.execute("create trigger coach_t_refuse before delete on coach_member for each row execute function coach_t_refuse()")
    before = snapshot(db)
    with pytest.raises(psycopg.errors.RaiseException):
        remove_member(db.url(), ann, bob, False)
    after = snapshot(db)
    assert {t: after[t] for t in TABLES} == {t: before[t] for t in TABLES}


def test_help_and_completion_offer_remove_member_as_they_offer_add_member() -> None:
    import subprocess
    import sys

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "coach_tui.cli", *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "remove-member" in run("team", "--help")
    usage = run("team", "remove-member", "--help")
    assert "--reassign-to OTHER" in usage and "--dry-run" in usage and "--json" in usage
    bash = run("completion", "bash")
    assert "actions='add-member remove-member share unshare members'" in bash
    (line,) = [x for x in bash.splitlines() if x.strip().startswith("'team remove-member')")]
    assert "--reassign-to" in line and "--dry-run" in line and "valued='--data --db --reassign-to'" in line
