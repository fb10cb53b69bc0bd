"""The team database under faults, against the real server: writers killed mid-write, many
managers writing at once, a connection dropped inside a transaction, a server that is not
there.

1. Two hundred `coach log` processes (the installed `coach`, `--db`), several at a time, each
   connecting as one of a few member roles and logging for its own client or for one client
   they all share, are killed with SIGKILL: some at a random moment of their run, the others
   once the server shows their connection, or once they hold their write transaction's lock
   (the conditions waited on: a socket in /proc, then the server's pg_stat_activity and
   pg_locks; a small random jitter follows). After them every client's facts are those its records make, every delivery a
   process acknowledged (exit 0, printed) is there, every record has its client, every
   journal reads, and `coach status` works.
2. Twenty managers, each logging for their own client, and two more writing one shared client,
   all at once for a few seconds: every acknowledged delivery is there, none other, and no
   error reaches anyone (the CLI among them).
3. A writer whose connection the server drops while it holds the client's row lock leaves
   nothing written, and `coach log` says so in one line without the password; a server that
   is not there is one line naming host:port and what to check.

Every wait is on a condition (a process's connection, a lock held, an event); a busy machine
only makes the tests slower. The database and the roles are the test's own (unique names),
dropped at the end. The kill test's time is that of 200 `coach` starts (about 0.45 s of CPU
each, mostly imports): some 50 s on two idle cores.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hardening_support import assert_one_line_error, main_in_process
from pgkit import fresh_database
from pgrights_kit import SERVER, TeamDb, admin_connect

from coach_tui.domain.facts import build_facts
from coach_tui.services import Coach

psycopg = pytest.importorskip("psycopg")
from psycopg.conninfo import conninfo_to_dict  # noqa: E402

from coach_tui.store.postgres.store import PostgresStore  # noqa: E402
from coach_tui.store.postgres.transaction import PostgresTransaction  # noqa: E402

KILLS = 200
SLOTS = 6  # processes alive at once, one member role each
MANAGERS = 20
BURST = 6.0  # seconds the managers write for
PASSWORD = "s3cret-pg-h4rd"

_server = conninfo_to_dict(SERVER)
HOST, PORT = str(_server.get("host", "127.0.0.1")), str(_server.get("port", "5432"))


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches processes in /proc (Linux)")


@pytest.fixture
def team_db() -> Iterator[TeamDb]:
    """A fresh database at this coach's schema (`coach db upgrade`'s, via pgkit's template)
    and the roles a test makes in it (`TeamDb.role`, a prefix unique to the run), all dropped
    after. (pgrights_kit's own `team_db` runs the migrations' SQL without recording schema 3,
    which `coach --db` then refuses.)"""
    try:
        admin_connect().close()
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at {SERVER!r}: {error}")
    with fresh_database() as dsn:
        name = dsn.rpartition("/")[2]
        db = TeamDb(name, f"ph{uuid.uuid4().hex[:8]}", admin_connect(name, autocommit=True))
        try:
            yield db
        finally:
            db.admin.close()
            with admin_connect(autocommit=True) as server:
                server.execute(psycopg.sql.SQL("drop database if exists {} with (force)").format(psycopg.sql.Identifier(name)))
                for role in db.roles:
                    server.execute(psycopg.sql.SQL("drop role if exists {}").format(psycopg.sql.Identifier(role)))


def coach_command() -> list[str]:
    """The installed `coach` (the venv's script beside this Python), else the module."""
    script = Path(sys.executable).with_name("coach")
    if script.exists():
        return [str(script)]
    found = shutil.which("coach")
    return [found] if found else [sys.executable, "-m", "coach_tui.cli"]


def url(db: TeamDb, role: str, password: str | None = None) -> str:
    """The address `coach --db` takes, connecting as `role`."""
    user = role if password is None else f"{role}:{password}"
    return f"postgresql://{user}@{HOST}:{PORT}/{db.name}"


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COACH_DB"}
    env["COACH_CONFIG"] = str(tmp_path / "config")  # no saved backend of the user's
    return env


def coach_as(db: TeamDb, role: str) -> Coach:
    return Coach(PostgresStore(url(db, role)))


def wait_for(found: Callable[[], Any], proc: subprocess.Popen[bytes], pause: float) -> Any:
    """`found()` once it is truthy; None if the process ended first (it finished: fine)."""
    while proc.poll() is None:
        value = found()
        if value:
            return value
        if pause:
            time.sleep(pause)  # a polling interval, not a point the test syncs on
    return None


def check_consistent(db: TeamDb, roles: list[str]) -> dict[str, set[str]]:
    """Every client's facts are those its records make (rebuilt by the store's own code,
    `build_facts` over the history it reads); every record has its client; every role's
    journal reads. Gives back each client's delivery ids."""
    orphans = db.admin.execute(
        "select count(*) from coach_record r where not exists (select from coach_client c where c.id = r.client_id)"
    ).fetchone()
    assert orphans == (0,)
    rows = db.admin.execute("select id, owner, facts from coach_client").fetchall()
    raw = dict(db.admin.execute("select client_id, count(*) from coach_record where kind = 'delivery' group by 1").fetchall())
    deliveries: dict[str, set[str]] = {}
    for role in roles:
        store = PostgresStore(url(db, role))
        try:
            for cid, _owner, facts in (r for r in rows if r[1] == role):
                history = store.read_client(cid)
                assert build_facts(*history).to_dict() == facts, f"client {cid}: its facts are not those of its records"
                deliveries[cid] = {d.id for d in history.deliveries}
                assert raw.get(cid, 0) == len(deliveries[cid])
            done, undone = store.journal()  # every entry decodes
            assert all(entry.steps for entry in done + undone)
        finally:
            store.close()
    assert set(deliveries) == {r[0] for r in rows}, "a client owned by no role of the test"
    return deliveries


# -- 1. killed mid-write ---------------------------------------------------------------------


def _backend(mon: Any, role: str, since: Any, old: set[int]) -> int | None:
    """The backend of `role`'s process started after `since` (None: not connected yet)."""
    rows = mon.execute(
        "select pid from pg_stat_activity where usename = %s and backend_start >= %s and datname = current_database()",
        (role, since),
    ).fetchall()
    new = [r[0] for r in rows if r[0] not in old]
    return new[0] if new else None


def _has_socket(pid: int) -> bool:
    """The process has opened a socket: libpq is connecting (it opens no other). Asked of
    /proc, not of the server, so that waiting through a process's imports costs the server
    nothing."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                return True
        except OSError:
            continue
    return False


def _locked(mon: Any, pid: int) -> bool:
    """The backend holds its role's write lock: it is inside its write transaction."""
    row = mon.execute(
        "select exists (select from pg_locks where pid = %s and locktype = 'advisory' and granted)", (pid,)
    ).fetchone()
    return bool(row and row[0])


class Runs:
    """What the slots share: kills left, processes acknowledged, failures seen."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kills = 0
        self.started = 0
        self.acked: list[tuple[str, str]] = []  # (client id, delivery id)
        self.failed: list[str] = []
        self.stages: Counter[str] = Counter()

    def take(self) -> bool:
        with self.lock:
            if self.kills >= KILLS or self.started >= 3 * KILLS or self.failed:
                return False
            self.started += 1
            return True


def _slot(db: TeamDb, role: str, clients: list[str], runs: Runs, rng: random.Random, env: dict[str, str]) -> None:
    mon = psycopg.connect(db.dsn(), autocommit=True)
    try:
        seen: set[int] = set()
        n = 0
        while runs.take():
            name = rng.choice(clients)
            since = mon.execute("select clock_timestamp()").fetchone()[0]
            args = ["log", name, f"{role}-{n}", "--json", "--db", url(db, role)]
            if rng.random() < 0.3:
                args.append("--told")
            proc = subprocess.Popen(
                [*coach_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
            )
            stage = rng.choices(["anywhere", "connected", "locked"], weights=[2, 3, 5])[0]
            if stage == "anywhere":  # somewhere in its run, imports and connecting included
                time.sleep(rng.uniform(0, 0.6))
            else:
                wait_for(partial(_has_socket, proc.pid), proc, 0.002)
                pid = wait_for(partial(_backend, mon, role, since, seen), proc, 0.001)
                if pid is not None:
                    seen.add(pid)
                    if stage == "locked" and wait_for(partial(_locked, mon, pid), proc, 0):
                        stage = "in its transaction"
                time.sleep(rng.uniform(0, 0.01))  # jitter: then wherever it is
            proc.send_signal(signal.SIGKILL)  # no-op for a process that already ended
            out, err = proc.communicate()
            with runs.lock:
                if proc.returncode in (0, -signal.SIGKILL) and out.rstrip().endswith(b"}"):
                    # Printed whole: the user saw it logged (a kill after that changes nothing).
                    printed = json.loads(out)
                    runs.acked.append((printed["client"]["id"], printed["id"]))
                if proc.returncode == -signal.SIGKILL:
                    runs.kills += 1
                    runs.stages[stage] += 1
                elif proc.returncode == 0:
                    runs.stages["finished"] += 1
                else:
                    runs.failed.append(f"exit {proc.returncode}: {err.decode(errors='replace')}")
            n += 1
    finally:
        mon.close()


@pytest.mark.slow
@needs_proc
def test_two_hundred_coach_log_processes_killed_mid_write_leave_nothing_half_written(team_db: TeamDb, tmp_path: Path) -> None:
    db = team_db
    roles = [db.role(f"s{i}", team="north") for i in range(SLOTS)]
    names: dict[str, list[str]] = {}
    ids: dict[str, str] = {}
    for i, role in enumerate(roles):
        coach = coach_as(db, role)
        own = coach.clients.add(f"Own {i}")
        ids[own.name] = own.id
        names[role] = [own.name, "Common"]
        if i == 0:
            common = coach.clients.add("Common")
            ids["Common"] = common.id
        coach.repo.close()  # type: ignore[attr-defined]
    with db.connect(roles[0]) as conn:  # the shared client: every slot writes it, under its row lock
        for role in roles[1:]:
            conn.execute("insert into coach_share (client_id, role, access) values (%s, %s, 'write')", (ids["Common"], role))

    runs = Runs()
    env = cli_env(tmp_path)
    rng = random.Random(20261201)
    threads = [
        threading.Thread(target=_slot, args=(db, role, names[role], runs, random.Random(rng.random()), env)) for role in roles
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    assert runs.failed == [], runs.failed[:3]
    assert runs.kills >= KILLS, f"only {runs.kills} kills in {runs.started} runs"
    # Some were killed inside their write transaction (holding the role's lock, maybe the row's).
    assert runs.stages["in its transaction"] > 0 and runs.stages["connected"] > 0, runs.stages

    # The server ends the backend of every killed process (rolling back what it began): none
    # lives on holding a lock. Waited on, with a bound that only a hung server reaches.
    bound = time.monotonic() + 120
    while db.admin.execute("select count(*) from pg_stat_activity where usename = any(%s)", (roles,)).fetchone() != (0,):
        assert time.monotonic() < bound, "a killed process's backend lives on"
        time.sleep(0.01)
    # Nothing half-written, nothing acknowledged lost.
    deliveries = check_consistent(db, roles)
    assert set(deliveries) == set(ids.values())
    missing = [(cid, did) for cid, did in runs.acked if did not in deliveries[cid]]
    assert missing == [], f"acknowledged but lost: {missing[:5]}"
    for role in (roles[0], roles[-1]):  # the owner of the shared client, and one it is shared with
        status = subprocess.run(
            [*coach_command(), "status", "--json", "--db", url(db, role)],
            capture_output=True,
            env=env,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert status.returncode == 0 and status.stderr == b"", status.stderr
        assert json.loads(status.stdout)["active_clients"] == 2  # its own and the shared one


# -- 2. many managers at once ------------------------------------------------------------------

# A writer process of its own for each role of the shared client: two Pythons really at once
# (threads of one process take turns under the GIL, and rarely overlap two transactions).
SHARED_WRITER = textwrap.dedent(
    """
    import sys, time
    from coach_tui.services import Coach
    from coach_tui.store.postgres.store import PostgresStore

    dsn, cid, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    coach = Coach(PostgresStore(dsn))
    coach.repo.read()  # connected, the schema checked
    print("ready", flush=True)
    sys.stdin.readline()  # go
    end, n = time.monotonic() + seconds, 0
    while n == 0 or time.monotonic() < end:
        print("ack", coach.deliveries.log(cid, f"shared {n}", told=n % 2 == 0).delivery.id, flush=True)
        n += 1
    """
)


def test_twenty_managers_and_a_shared_client_lose_no_acknowledged_write(team_db: TeamDb, tmp_path: Path) -> None:
    db = team_db
    managers = [db.role(f"m{i}", team="north") for i in range(MANAGERS)]
    pair = [db.role("p", team="north"), db.role("q", team="north")]
    writers: list[tuple[str, str]] = []  # (role, client id)
    for role in managers:
        coach = coach_as(db, role)
        writers.append((role, coach.clients.add(f"Client of {role}").id))
        coach.repo.close()  # type: ignore[attr-defined]
    owner = coach_as(db, pair[0])
    shared = owner.clients.add("Shared Account").id
    owner.repo.close()  # type: ignore[attr-defined]
    with db.connect(pair[0]) as conn:
        conn.execute("insert into coach_share (client_id, role, access) values (%s, %s, 'write')", (shared, pair[1]))
    writers += [(pair[0], shared), (pair[1], shared)]

    acked: Counter[str] = Counter()
    errors: list[str] = []
    lock = threading.Lock()

    def in_process(role: str, cid: str) -> None:
        coach = coach_as(db, role)
        try:
            start.wait()
            n = 0
            while n == 0 or time.monotonic() < deadline[0]:
                coach.deliveries.log(cid, f"{role} {n}", told=n % 3 == 0)
                with lock:
                    acked[cid] += 1
                n += 1
        except Exception as error:  # noqa: BLE001 (every error is the finding)
            with lock:
                errors.append(f"{role}: {type(error).__name__}: {error}")
        finally:
            coach.repo.close()  # type: ignore[attr-defined]

    def by_cli(role: str) -> None:
        """`coach log` processes on the shared client, beside the threads."""
        env = cli_env(tmp_path)
        start.wait()
        n = 0
        while n == 0 or time.monotonic() < deadline[0]:
            done = subprocess.run(
                [*coach_command(), "log", "shared account", f"{role} cli {n}", "--json", "--db", url(db, role)],
                capture_output=True,
                env=env,
                timeout=60,
                stdin=subprocess.DEVNULL,
            )
            with lock:
                if done.returncode == 0:
                    acked[json.loads(done.stdout)["client"]["id"]] += 1
                else:
                    errors.append(f"{role} (cli): exit {done.returncode}: {done.stderr.decode(errors='replace')}")
            n += 1

    shared_writers = [
        subprocess.Popen(
            [sys.executable, "-c", SHARED_WRITER, url(db, role), shared, str(BURST)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for role in pair
    ]
    for proc in shared_writers:
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n", proc.stderr
    deadline: list[float] = []

    def go() -> None:
        """All start together (the barrier's action), and write for BURST seconds from then."""
        deadline.append(time.monotonic() + BURST)
        for proc in shared_writers:
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            proc.stdin.flush()

    start = threading.Barrier(len(writers) + len(pair), action=go)
    threads = [threading.Thread(target=in_process, args=w) for w in writers]
    threads += [threading.Thread(target=by_cli, args=(role,)) for role in pair]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    for proc in shared_writers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode(errors="replace")
        acked[shared] += sum(1 for line in out.splitlines() if line.startswith(b"ack "))
    assert errors == [], errors[:3]

    deliveries = check_consistent(db, [*managers, *pair])
    assert {cid: len(found) for cid, found in deliveries.items()} == dict(acked)
    assert acked[shared] >= 6  # both roles wrote it: in-process, in a process of their own, by the CLI


# -- 3. a connection dropped, a server not there ------------------------------------------------


@pytest.fixture
def paused_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[threading.Event, threading.Event, threading.Event, list[Any]]]:
    """Once armed (the first event set), a PostgresTransaction pauses after writing a client's
    rows, holding its row lock, before the rest (the journal) and the commit: `held` is set,
    the transaction's connection put in the list, and it goes on when `go` is set."""
    armed, held, go, conns = threading.Event(), threading.Event(), threading.Event(), []
    original = PostgresTransaction._write_client

    def write_client(self: PostgresTransaction, cid: str, written: Any) -> None:
        original(self, cid, written)
        if armed.is_set():
            conns.append(self.conn)
            held.set()
            assert go.wait(60)

    monkeypatch.setattr(PostgresTransaction, "_write_client", write_client)
    yield armed, held, go, conns
    go.set()


def _state(db: TeamDb) -> tuple[Any, ...]:
    """Everything a write could leave behind."""
    return (
        db.admin.execute("select id, name, doc, facts, stamp from coach_client order by id").fetchall(),
        db.admin.execute("select client_id, kind, id, doc from coach_record order by 1, 2, 3").fetchall(),
        db.admin.execute("select owner, part, entry from coach_journal order by owner, seq").fetchall(),
        db.admin.execute("select owner, kind, key, doc from coach_weekly order by 1, 2, 3").fetchall(),
    )


def test_a_connection_dropped_mid_transaction_writes_nothing_and_says_so_in_one_line(
    team_db: TeamDb, paused_writer: tuple[threading.Event, threading.Event, threading.Event, list[Any]]
) -> None:
    db = team_db
    ann = db.role("ann", team="north")
    coach = coach_as(db, ann)
    cid = coach.clients.add("Acme").id
    coach.deliveries.log(cid, "before the drop")
    coach.repo.close()  # type: ignore[attr-defined]
    armed, held, go, conns = paused_writer
    armed.set()
    before = _state(db)

    result: list[Any] = []
    cli = threading.Thread(
        target=lambda: result.append(main_in_process(["log", "acme", "lost in transit", "--db", url(db, ann, PASSWORD)]))
    )
    cli.start()
    assert held.wait(60), "the writer never reached its commit"
    pid = conns[-1].info.backend_pid
    # It holds the client's row: another writer can't take it.
    with psycopg.connect(db.dsn(), autocommit=True) as other:
        other.execute("begin")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute("select from coach_client where id = %s for update nowait", (cid,))
        other.execute("rollback")
        assert db.admin.execute("select pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)
        # The server has rolled it back once the backend is gone.
        while other.execute("select exists (select from pg_stat_activity where pid = %s)", (pid,)).fetchone() == (True,):
            time.sleep(0.005)
    go.set()
    cli.join(timeout=60)
    assert not cli.is_alive()
    done = result[0]
    line = assert_one_line_error(done.err, done.code, 1)
    assert PASSWORD not in line + done.stdout
    assert "lost the connection" in line and "nothing was written" in line, line
    assert f"{HOST}:{PORT}" in line, line
    assert _state(db) == before

    # The next write, on a new connection, goes through.
    armed.clear()
    again = coach_as(db, ann)
    try:
        again.deliveries.log(cid, "after the drop")
        assert [d.summary for d in again.repo.read_client(cid).deliveries] == ["before the drop", "after the drop"]
    finally:
        again.repo.close()  # type: ignore[attr-defined]


def _closed_port() -> int:
    """A local port nothing listens on (bound, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("args", [("log", "acme", "an idea"), ("status",)], ids=["log", "status"])
def test_a_server_not_there_is_one_line_naming_it_without_the_password(args: tuple[str, ...], tmp_path: Path) -> None:
    port = _closed_port()
    dsn = f"postgresql://ann:{PASSWORD}@127.0.0.1:{port}/team"
    done = subprocess.run(
        [*coach_command(), *args, "--db", dsn], capture_output=True, env=cli_env(tmp_path), timeout=60, stdin=subprocess.DEVNULL
    )
    line = assert_one_line_error(done.stderr, done.returncode, 1)
    assert f"127.0.0.1:{port}" in line and "check that the server runs" in line, line
    assert PASSWORD not in line and PASSWORD.encode() not in done.stdout
