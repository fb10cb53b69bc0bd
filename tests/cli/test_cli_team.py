"""`coach team add-member | remove-member | share | unshare | members` on a real team database, run as `coach`
processes connecting as the admin or as a member; errors are one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from clikit import one_line_error
from pgrights_kit import BOTH_ADMINS, TeamDb, admin_connect, team_db  # noqa: F401

psycopg = pytest.importorskip("psycopg")


def team(db: TeamDb, *args: str, role: str | None = None, stdin: str | None = None, env: dict[str, str] | None = None):
    """`coach team ARGS --db DSN` as `role` (default: the admin)."""
    cmd = [sys.executable, "-m", "coach_tui.cli", "team", *args]
    if env is None:
        cmd += ["--db", db.url(role)]
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=60,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def scram_matches(verifier: str, password: str) -> bool:
    """Whether a stored SCRAM-SHA-256 verifier is that of `password` (RFC 7677: the stored key
    is SHA-256 of HMAC(PBKDF2(password, salt, iterations), "Client Key"))."""
    import base64
    import hashlib
    import hmac

    _scheme, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return base64.b64encode(hashlib.sha256(client_key).digest()).decode() == stored_key


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def role(db: TeamDb, name: str) -> str:
    """A role name for this run, dropped at the end whether or not coach creates it."""
    full = f"{db.prefix}_{name}"
    db.roles.append(full)
    return full


@BOTH_ADMINS
def test_add_member_creates_the_team_the_login_role_and_the_membership(team_db: TeamDb) -> None:  # noqa: F811
    ann = role(team_db, "ann")
    printed = ok(team(team_db, "add-member", ann, "--team", "north"))
    assert printed.splitlines() == [
        "created team north",
        f"created login role {ann} with no password (your server's authentication applies)",
        f"{ann} is now a member, in team north",
    ]
    admin = team_db.admin
    assert admin.execute("select rolcanlogin from pg_roles where rolname = %s", (ann,)).fetchone() == (True,)
    assert admin.execute("select pg_has_role(%s, 'coach_user', 'MEMBER')", (ann,)).fetchone() == (True,)
    assert admin.execute("select team, leader_of from coach_member where role = %s", (ann,)).fetchone() == ("north", None)
    # The new member connects and works under the rights: a client of their own.
    with team_db.connect(ann) as conn:
        conn.execute("insert into coach_client (id, name, doc, facts) values ('a1', 'Acme', '{}', '{}')")
        assert conn.execute("select owner from coach_client").fetchall() == [(ann,)]


def test_add_member_again_changes_only_what_is_given(team_db: TeamDb) -> None:  # noqa: F811
    ann = role(team_db, "ann")
    ok(team(team_db, "add-member", ann, "--team", "north"))
    assert ok(team(team_db, "add-member", ann, "--team", "north")) == f"{ann} is still a member, in team north\n"
    printed = ok(team(team_db, "add-member", ann, "--leader-of", "south", "--json"))
    assert json.loads(printed) == {
        "role": ann,
        "team": "north",
        "leader_of": "south",
        "created_role": False,
        "was_member": True,
        "created_teams": ["south"],
    }
    assert team_db.admin.execute("select count(*) from coach_member").fetchone() == (1,)


def test_add_member_takes_an_existing_login_role_and_leaves_its_password(team_db: TeamDb) -> None:  # noqa: F811
    bob = team_db.role("bob", member=False)
    printed = ok(team(team_db, "add-member", bob, "--password-stdin", stdin="hunter2-secret\n"))
    assert printed.splitlines() == [
        f"login role {bob} existed already: its password is left as it was",
        f"{bob} is now a member, in no team",
    ]
    assert "hunter2" not in printed
    assert team_db.admin.execute("select rolpassword from pg_authid where rolname = %s", (bob,)).fetchone() == (None,)


@BOTH_ADMINS
def test_a_password_from_stdin_is_set_and_never_printed(team_db: TeamDb) -> None:  # noqa: F811
    cat = role(team_db, "cat")
    result = team(team_db, "add-member", cat, "--password-stdin", stdin="hunter2-secret\n")
    assert ok(result).splitlines()[0] == f"created login role {cat} with the password given"
    assert "hunter2" not in result.stdout + result.stderr
    with admin_connect(team_db.name) as superuser:  # pg_authid is the superuser's to read
        stored = superuser.execute("select rolpassword from pg_authid where rolname = %s", (cat,)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and "hunter2" not in stored  # hashed, as the server's default
    assert scram_matches(stored, "hunter2-secret")
    empty = team(team_db, "add-member", role(team_db, "dan"), "--password-stdin", stdin="\n")
    assert "the password is empty" in one_line_error(empty, 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add-member", "bad-name"), "not a role name: 'bad-name' (use 1 to 63 letters, digits or underscores"),
        (("add-member", "x" * 64), "not a role name"),
        (("add-member", "pg_monitor2"), "pg_monitor2 is a name PostgreSQL or coach keeps for itself"),
        (("add-member", "coach_user"), "coach_user is a name PostgreSQL or coach keeps for itself"),
        (("add-member", "ok_name", "--team", "north;drop"), "not a team name: 'north;drop'"),
        (("add-member", 'a"; drop table coach_member; --'), "not a role name"),
    ],
)
def test_add_member_refuses_bad_names_before_touching_the_database(
    team_db: TeamDb,  # noqa: F811
    args: tuple[str, ...],
    message: str,
) -> None:
    assert message in one_line_error(team(team_db, *args), 2)
    assert team_db.admin.execute("select count(*) from coach_member").fetchone() == (0,)


def test_add_member_refuses_a_role_that_cannot_log_in(team_db: TeamDb) -> None:  # noqa: F811
    group = role(team_db, "group")
    team_db.admin.execute(f'create role "{group}" nologin')
    error = one_line_error(team(team_db, "add-member", group, "--team", "north"), 2)
    assert f"{group} is a role that cannot log in (a group): name a person's login role" in error
    assert team_db.admin.execute("select count(*) from coach_member").fetchone() == (0,)
    assert team_db.admin.execute("select count(*) from coach_team").fetchone() == (0,)


def test_only_the_admin_adds_members(team_db: TeamDb) -> None:  # noqa: F811
    ann = team_db.role("ann", team="north")
    intruder = role(team_db, "intruder")
    error = one_line_error(team(team_db, "add-member", intruder, "--leader-of", "north", role=ann), 1)
    assert f"{ann} is not this team database's admin" in error
    assert team_db.admin.execute("select count(*) from pg_roles where rolname = %s", (intruder,)).fetchone() == (0,)
    assert team_db.admin.execute("select leader_of from coach_member where role = %s", (ann,)).fetchone() == (None,)


def test_no_database_named_is_one_line(team_db: TeamDb) -> None:  # noqa: F811
    error = one_line_error(team(team_db, "members", env={"COACH_DB": ""}), 2)
    assert "coach team members works on a team database, and the store chosen (default) is a data folder" in error
    assert "give --db postgresql://ROLE@HOST/DATABASE, set $COACH_DB, or run `coach config backend URL`" in error


def test_the_database_given_before_the_action_is_kept(team_db: TeamDb) -> None:  # noqa: F811
    """--db is every command's option: given before `team` or after the action, it names the
    database (the action's own default does not overwrite it)."""
    ann = team_db.role("ann", team="north")
    before = [sys.executable, "-m", "coach_tui.cli", "--db", team_db.url(ann), "team", "members"]
    env = {**os.environ, "COACH_DB": ""}
    result = subprocess.run(before, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, env=env)
    assert ok(result) == f"north (no leader): {ann}\n"
    assert ok(team(team_db, "members", role=ann)) == f"north (no leader): {ann}\n"  # after the action


def test_coach_db_names_the_database_when_db_is_not_given(team_db: TeamDb) -> None:  # noqa: F811
    ann = team_db.role("ann", team="north")
    printed = ok(team(team_db, "members", env={"COACH_DB": team_db.url(ann)}))
    assert printed == f"north (no leader): {ann}\n"


def test_a_role_the_server_does_not_know_is_one_line(team_db: TeamDb) -> None:  # noqa: F811
    error = one_line_error(team(team_db, "members", role=f"{team_db.prefix}_ghost"), 1)
    assert error.startswith("coach: can't connect to the team database:")


def test_members_lists_teams_leaders_and_members(team_db: TeamDb) -> None:  # noqa: F811
    db = team_db
    ann, bob = db.role("ann", team="north"), db.role("bob", team="north")
    lee, sam = db.role("lee", leader_of="north"), db.role("sam")
    cal = db.role("cal", team="south")
    assert ok(team(db, "members", role=sam)).splitlines() == [
        f"north (led by {lee}): {ann}, {bob}",
        f"south (no leader): {cal}",
        f"in no team: {lee}, {sam}",
    ]
    data = json.loads(ok(team(db, "members", "--json", role=ann)))
    assert data["teams"] == [
        {"name": "north", "leaders": [lee], "members": [ann, bob]},
        {"name": "south", "leaders": [], "members": [cal]},
    ]
    assert [(m["role"], m["team"], m["leader_of"]) for m in data["members"]] == [
        (ann, "north", None),
        (bob, "north", None),
        (cal, "south", None),
        (lee, None, "north"),
        (sam, None, None),
    ]


def test_members_refuses_a_role_that_is_no_member(team_db: TeamDb) -> None:  # noqa: F811
    team_db.role("ann", team="north")
    stranger = team_db.role("stranger", member=False)
    error = one_line_error(team(team_db, "members", role=stranger), 1)
    assert f"{stranger} is no member of this team database: its admin adds it with `coach team add-member`" in error


@pytest.fixture
def shared(team_db: TeamDb) -> tuple[TeamDb, str, str, str]:  # noqa: F811
    """ann owns Acme Corp and Acme Labs; bob is another manager, sam an exec sponsor."""
    ann, bob, sam = team_db.role("ann", team="north"), team_db.role("bob", team="north"), team_db.role("sam")
    with team_db.connect(ann) as conn:
        conn.execute("insert into coach_client (id, name, doc, facts) values ('a1', 'Acme Corp', '{}', '{}')")
        conn.execute("insert into coach_client (id, name, doc, facts) values ('a2', 'Acme Labs', '{}', '{}')")
    return team_db, ann, bob, sam


def readable(db: TeamDb, who: str) -> set[str]:
    with db.connect(who) as conn:
        return {r[0] for r in conn.execute("select id from coach_client")}


@BOTH_ADMINS
def test_share_for_writing_then_read_only_then_unshare(shared: tuple[TeamDb, str, str, str]) -> None:
    db, ann, bob, sam = shared
    assert ok(team(db, "share", "acme corp", bob, role=ann)) == f"shared Acme Corp with {bob}: they read and write it\n"
    assert readable(db, bob) == {"a1"}
    with db.connect(bob) as conn:
        assert conn.execute("update coach_client set name = 'Acme Corp.' where id = 'a1'").rowcount == 1
    again = ok(team(db, "share", "a1", bob, role=ann))
    assert again == f"Acme Corp. was shared with {bob} already: they read and write it\n"
    printed = ok(team(db, "share", "labs", sam, "--read", role=ann))
    assert printed == f"shared Acme Labs with {sam}: they read it, never change it\n"
    assert readable(db, sam) == {"a2"}
    # Sharing again read-only takes the writing away.
    ok(team(db, "share", "a1", bob, "--read", role=ann))
    with db.connect(bob) as conn:
        assert conn.execute("update coach_client set name = 'mine' where id = 'a1'").rowcount == 0
    assert ok(team(db, "unshare", "a1", bob, role=ann)) == f"Acme Corp. is no longer shared with {bob}\n"
    assert readable(db, bob) == set()


def test_sharing_moves_the_clients_stamp_so_open_apps_notice(shared: tuple[TeamDb, str, str, str]) -> None:
    db, ann, bob, _sam = shared
    before = db.admin.execute("select stamp from coach_client where id = 'a1'").fetchone()[0]
    ok(team(db, "share", "a1", bob, role=ann))
    after = db.admin.execute("select stamp from coach_client where id = 'a1'").fetchone()[0]
    assert after > before


def test_share_errors_are_one_line(shared: tuple[TeamDb, str, str, str]) -> None:
    db, ann, bob, sam = shared
    ambiguous = one_line_error(team(db, "share", "acme", bob, role=ann), 2)
    assert "'acme' matches several of your clients (Acme Corp, Acme Labs): give more of the name, or the id" in ambiguous
    unknown = one_line_error(team(db, "share", "globex", bob, role=ann), 2)
    assert "no client of yours is named 'globex'" in unknown
    nobody = one_line_error(team(db, "share", "a1", f"{db.prefix}_nobody", role=ann), 2)
    assert "is no member of this team database: its admin adds it with `coach team add-member`" in nobody
    assert f"{ann} is you" in one_line_error(team(db, "share", "a1", ann, role=ann), 2)
    assert "not a role name" in one_line_error(team(db, "share", "a1", "bob; drop", role=ann), 2)
    not_shared = one_line_error(team(db, "unshare", "a1", sam, role=ann), 2)
    assert f"Acme Corp is not shared with {sam}: nothing to take back" in not_shared
    # Bob, though he may write Acme Corp, is not its owner: he shares it with no one.
    ok(team(db, "share", "a1", bob, role=ann))
    theirs = one_line_error(team(db, "share", "acme corp", sam, role=bob), 1)
    assert f"Acme Corp is {ann}'s client: only its owner shares it" in theirs
    assert readable(db, sam) == set()


def test_the_team_commands_import_no_psycopg_until_they_connect() -> None:
    code = (
        "import sys; import coach_tui.cli, coach_tui.cli_team, coach_tui.services.team_admin; "
        "assert 'psycopg' not in sys.modules and 'textual' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@BOTH_ADMINS
def test_remove_member_by_either_admin_gives_the_clients_away(shared: tuple[TeamDb, str, str, str]) -> None:
    db, ann, bob, _sam = shared
    ok(team(db, "share", "a1", bob, role=ann))
    printed = ok(team(db, "remove-member", ann, "--reassign-to", bob)).splitlines()
    assert printed[0] == (
        f"moved 2 clients of {ann} to {bob} (Acme Corp, Acme Labs), with 0 records; "
        f"1 share of them to {bob} removed (an owner needs none)"
    )
    assert printed[1].startswith(f"{ann} is no longer a member of this team database")
    assert readable(db, bob) == {"a1", "a2"}
    assert readable(db, ann) == set()
    assert db.admin.execute("select count(*) from coach_member where role = %s", (ann,)).fetchone() == (0,)
