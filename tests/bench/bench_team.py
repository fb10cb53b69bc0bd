"""Benchmark: a team on PostgreSQL (issue #15), against the folder store and a minimal Textual app.

Not a test (pytest does not collect tests/bench): run it by hand, against an INSTALLED,
non-editable coach, with that environment's interpreter (tmux, GNU time and a PostgreSQL
server the runner may create databases and roles on must be there):

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -q .
    /tmp/bench-venv/bin/python tests/bench/bench_team.py                     # 50 managers x 100 clients
    /tmp/bench-venv/bin/python tests/bench/bench_team.py --scale 10x20       # a quick run
    /tmp/bench-venv/bin/python tests/bench/bench_team.py --keep              # generate once, reuse

The team: `--scale MANAGERSxCLIENTS` (50x100: 5,000 clients), each client with 12 cards and
`--per-client` deliveries (200: 1,000,000 at full scale) spread over five years, in a fresh
database on `--server` (127.0.0.1:5432, connected to as `--admin`, postgres, with no password:
trust authentication). The database is made by `coach db upgrade`; its people by `coach team
add-member` (the managers in one team, a leader of it), each a login role named with a prefix
unique to the run; the data is written by COPY, as the JSON documents the store itself writes
(the records' `to_dict()`, each client's facts from the store's own `build_facts`), then read
back through the use cases as the first manager (every client there) before anything is timed.
The database and the roles are dropped at the end. With `--keep` they are kept instead (the
database's name and the roles' prefix say the scale) and reused by the next `--keep` run at
the same scale, which works on a copy of it (`CREATE DATABASE ... TEMPLATE`) so its writes
never reach the kept one; `--drop-kept` drops the kept database and its roles.

What it measures (each figure the median over the rounds, each ratio the median of the ratios
within a round, the two sides interleaved so the machine's load weighs on both alike):

- launch: one manager's `coach --db URL` in tmux, from exec to the first full dashboard (as
  bench_tui.py measures it), against the same manager's clients in a data folder (the same
  records, written with the store's own encoding) launched by `coach --data DIR`;
- log: `coach log CLIENT SUMMARY --db URL` against the same `coach log` on that data folder,
  and both against `python -c pass`;
- team view: the leader's `coach --db URL` from exec to the team view painted (its first
  manager's row and the line under the table: a leader with no client of their own opens on
  it) against a minimal Textual app's launch; then escape to their (empty) dashboard and `t`
  to the team view painted again, on its own;
- burst: `--burst-managers` managers (20) each running `coach log` on one of their clients,
  one after another, for `--burst-seconds` (30), all at once. Every log that exited 0 must be
  in the database afterwards (lost: must be 0); the median `coach log` of the burst against
  the median of the same logs run one at a time just before it on the idle server.

Targets (issue #15), printed beside the figures:
- launch on PostgreSQL at most 1.2x the folder store's, for the same manager's clients;
- `coach log --db` at most 2x the folder store's `coach log`;
- the leader's team view painted at most 1.5x a minimal Textual app's launch;
- 20 managers logging at once: no log lost, median `coach log` at most 3x an idle server's.

It measures, it does not judge: the exit status is 0 whatever the figures. On a loaded
machine (two cores shared with other work), every figure moves: compare ratios, rerun with
more `--runs`. The burst is CPU-bound on a small machine: 20 coach processes at once share its
cores with the server, so its ratio says as much about the cores as about the database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_tui import MINIMAL_APP, Session, Terminal, Timeout, dashboard_of, run_minimal, stamp
from benchkit import (
    DEFAULT_CACHE,
    GNU_TIME,
    TODAY,
    Row,
    _cards,
    _client,
    _deliveries,
    add_terminal_options,
    at,
    env_for_coach,
    installed,
    median,
    pairwise,
    parse_only,
    print_table,
    timed_process,
)

MEASURES = ("launch", "log", "team", "burst")
TEAM = "Bench"
FIVE_YEARS = 5 * 365
DATA_VERSION = 1  # bump when the generated data changes: a kept database is then made anew
SEED = 15


@dataclass(frozen=True)
class Scale:
    managers: int
    clients: int  # a manager's
    per_client: int  # deliveries

    @property
    def key(self) -> str:
        return f"{self.managers}x{self.clients}x{self.per_client}v{DATA_VERSION}"


def parse_scale(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"\s*(\d+)\s*x\s*(\d+)\s*", text)
    if not found or int(found[1]) < 2 or int(found[2]) < 2:
        sys.exit(f"--scale takes MANAGERSxCLIENTS, each at least 2 (50x100, 10x20), not {text!r}")
    return int(found[1]), int(found[2])


# -- the team's data -------------------------------------------------------------------------


def client_records(n: int, per_client: int) -> tuple[Any, list[Any], list[Any]]:
    """Client number `n` (across the team), its cards and deliveries: the same at every run
    (a generator of its own, seeded by `n`, so one manager's clients are made without the
    others')."""
    rng = random.Random(SEED * 1_000_003 + n)
    client = _client(n, rng)
    return client, _cards(client), _deliveries(client, per_client, rng, days=FIVE_YEARS)


def client_name(n: int) -> str:
    """Client number `n`'s name (what a user types to `coach log`)."""
    return str(client_records(n, 0)[0].name)


def manager_clients(manager: int, scale: Scale) -> range:
    return range(manager * scale.clients, (manager + 1) * scale.clients)


@dataclass
class Team:
    """A team database as the benchmark uses it: where it is, who is in it, what the first
    manager's dashboard opens on."""

    server: str
    admin: str
    database: str
    prefix: str
    scale: Scale
    meta: dict[str, Any] = field(default_factory=dict)

    def role(self, manager: int) -> str:
        return f"{self.prefix}_m{manager:02d}"

    @property
    def leader(self) -> str:
        return f"{self.prefix}_lead"

    def url(self, role: str | None = None, database: str | None = None) -> str:
        return f"postgresql://{role or self.admin}@{self.server}/{database or self.database}"

    def roles(self) -> list[str]:
        return [self.role(m) for m in range(self.scale.managers)] + [self.leader]


def admin_connect(server: str, admin: str, database: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(f"postgresql://{admin}@{server}/{database}", autocommit=True)


def coach_cli(me_coach: str, *args: str) -> str:
    done = subprocess.run([me_coach, *args], capture_output=True, text=True, env=env_for_coach())
    if done.returncode != 0:
        sys.exit(f"`coach {' '.join(args[:2])} ...` failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def build_team(team: Team, coach: str) -> None:
    """Create the database and its people with coach's own commands, then COPY the data."""
    from psycopg import sql

    from coach_tui.domain.facts import build_facts

    with admin_connect(team.server, team.admin) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(team.database)))
    coach_cli(coach, "db", "upgrade", "--db", team.url())
    for m in range(team.scale.managers):
        coach_cli(coach, "team", "add-member", team.role(m), "--team", TEAM, "--db", team.url())
    coach_cli(coach, "team", "add-member", team.leader, "--leader-of", TEAM, "--db", team.url())
    scale = team.scale
    with admin_connect(team.server, team.admin, team.database) as conn, conn.cursor() as cur:
        for m in range(scale.managers):
            owner = team.role(m)
            # One manager's clients a COPY each: their client rows, then their records in the
            # order the store adds them (coach_record.seq takes the next stamp as each row lands).
            clients, records = [], []
            for n in manager_clients(m, scale):
                client, cards, deliveries = client_records(n, scale.per_client)
                facts = build_facts(client, cards, deliveries).to_dict()
                clients.append((client.id, owner, client.name, client.archived, json.dumps(client.to_dict()), json.dumps(facts)))
                records += [(client.id, "card", c.id, json.dumps(c.to_dict())) for c in cards]
                records += [(client.id, "delivery", d.id, json.dumps(d.to_dict())) for d in deliveries]
            with conn.transaction():
                with cur.copy("copy coach_client (id, owner, name, archived, doc, facts) from stdin") as copy:
                    for row in clients:
                        copy.write_row(row)
                with cur.copy("copy coach_record (client_id, kind, id, doc) from stdin") as copy:
                    for row in records:
                        copy.write_row(row)
            if m % 10 == 9 or m == scale.managers - 1:
                print(f"  {m + 1}/{scale.managers} managers' clients written", flush=True)
        cur.execute("vacuum analyze")


def check_team(team: Team) -> dict[str, Any]:
    """Read the first manager's portfolio back through the use cases (every client there, the
    right number of deliveries in one); mark the weekly prompt shown for the managers the
    benchmark opens the app as (so it opens on the dashboard); the first dashboard rows."""
    from coach_tui.services import Coach
    from coach_tui.services.database import open_database

    os.environ["COACH_TODAY"] = TODAY.isoformat()
    store = open_database(team.url(team.role(0)))
    coach = Coach(store)
    agenda = coach.portfolio.agenda()
    if len(agenda.views) != team.scale.clients:
        sys.exit(
            f"team database {team.database}: {len(agenda.views)} clients read back as {team.role(0)}, "
            f"{team.scale.clients} written"
        )
    first = agenda.views[0].client
    got = len(store.read_client(first.id).deliveries)
    if got != team.scale.per_client:
        sys.exit(f"team database {team.database}: {got} deliveries read back for {first.id}, {team.scale.per_client} written")
    for role in (team.role(0), team.leader):
        Coach(open_database(team.url(role))).weekly.note_prompted()
    return {"rows": [v.client.name for v in agenda.views[:2]], "first_id": first.id}


def describe(scale: Scale) -> str:
    return f"{scale.managers} managers x {scale.clients} clients x {scale.per_client} deliveries"


def drop_team(server: str, admin: str, database: str, roles: list[str]) -> None:
    from psycopg import sql

    with admin_connect(server, admin) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(database)))
        for role in roles:
            conn.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(role)))


def exists(server: str, admin: str, database: str) -> bool:
    with admin_connect(server, admin) as conn:
        return conn.execute("select 1 from pg_database where datname = %s", (database,)).fetchone() is not None


@contextmanager
def team_database(args: argparse.Namespace, scale: Scale, coach: str) -> Iterator[Team]:
    """The team database the run works on, dropped afterwards (with its roles, unless kept)."""
    from psycopg import sql

    if not args.keep:
        token = uuid.uuid4().hex
        team = Team(args.server, args.admin, f"coach_b_{token[:10]}", f"cb{token[10:16]}", scale)
        try:
            print(f"generating {describe(scale)} into {team.database} ...", flush=True)
            started = time.perf_counter()
            build_team(team, coach)
            team.meta = {**check_team(team), "generate_seconds": time.perf_counter() - started}
            print(f"  generated in {team.meta['generate_seconds']:.1f} s", flush=True)
            yield team
        finally:
            drop_team(team.server, team.admin, team.database, team.roles())
        return
    kept = Team(args.server, args.admin, f"coach_bench_{scale.key}", f"cbk{scale.managers}x{scale.clients}", scale)
    meta_path = args.cache / f"team-{scale.key}.json"
    if not (meta_path.exists() and exists(kept.server, kept.admin, kept.database)):
        drop_team(kept.server, kept.admin, kept.database, kept.roles())  # a generation cut short
        print(f"generating {describe(scale)} into {kept.database} (kept) ...", flush=True)
        started = time.perf_counter()
        build_team(kept, coach)
        kept.meta = {**check_team(kept), "generate_seconds": time.perf_counter() - started}
        args.cache.mkdir(parents=True, exist_ok=True)
        meta_path.write_text(json.dumps(kept.meta))
        print(f"  generated in {kept.meta['generate_seconds']:.1f} s", flush=True)
    meta = json.loads(meta_path.read_text())
    team = Team(args.server, args.admin, f"coach_b_{uuid.uuid4().hex[:10]}", kept.prefix, scale, meta)
    with admin_connect(team.server, team.admin) as conn:
        conn.execute(
            sql.SQL("create database {} template {}").format(sql.Identifier(team.database), sql.Identifier(kept.database))
        )
    try:
        yield team
    finally:
        drop_team(team.server, team.admin, team.database, [])


def folder_for(team: Team, root: Path) -> Path:
    """The first manager's clients in a data folder: the same records, each client file in the
    store's own encoding, the index rebuilt by the store (as benchkit's `files` generator)."""
    from coach_tui.services import Coach
    from coach_tui.store.files import encode
    from coach_tui.store.folder import FolderStore
    from coach_tui.store.schema import new_file

    def table(items: list[Any]) -> dict[str, Any]:
        return {str(n + 1): item.to_dict() for n, item in enumerate(items)}

    store = FolderStore(root)
    store.ensure()
    for n in manager_clients(0, team.scale):
        client, cards, deliveries = client_records(n, team.scale.per_client)
        data = {**new_file("client"), "client": table([client]), "cards": table(cards), "deliveries": table(deliveries)}
        store.client_path(client.id).write_bytes(encode(data))
    with store.transaction():
        pass  # the index is missing: the transaction rebuilds it from the client files
    coach = Coach(FolderStore(root))
    coach.weekly.note_prompted()
    rows = [v.client.name for v in coach.portfolio.agenda().views[:2]]
    if rows != team.meta["rows"]:
        sys.exit(f"the data folder opens on {rows}, the database on {team.meta['rows']}: not the same portfolio")
    return root


# -- the app in tmux -------------------------------------------------------------------------

TEAM_LINE = "Kept 12w: commitments kept"


def launch(term: Terminal, cmd: list[str], shown: Callable[[str], bool], out: Session, name: str) -> None:
    """Exec `cmd` in the pane, time it to the screen `shown` accepts, settle, quit."""
    t0, _rss, t1 = term.start(cmd, name)
    try:
        seen, _ = term.wait(shown)
    except Timeout as timeout:
        sys.exit(f"{name}: the screen awaited did not show within a minute; the pane:\n{timeout}")
    out.add(name, (seen - stamp(t0)) / 1e6)
    term.settle()
    term.keys("q")
    stamp(t1)


def leader_dashboard(text: str) -> bool:
    """The leader's own dashboard, painted: they own no client, so its empty state."""
    return "No active clients yet" in text


class NoTeamView(Exception):
    """The leader's launch showed no team view (a build without it)."""


def leader(term: Terminal, coach: str, team: Team, out: Session) -> None:
    """The leader's launch to the team view painted (a leader with no client of their own
    opens on it), then escape to their dashboard, and `t` to the team view again."""
    first = team.role(0)

    def team_view(text: str) -> bool:
        return TEAM_LINE in text and first in text

    t0, _rss, t1 = term.start([coach, "--db", team.url(team.leader)], "leader")
    try:
        seen, _ = term.wait(team_view, timeout=300)
    except Timeout as timeout:
        term.keys("q")
        stamp(t1)
        raise NoTeamView(f"the team view did not show {first!r} within 5 minutes of the launch; the pane:\n{timeout}") from None
    out.add("team", (seen - stamp(t0)) / 1e6)
    term.settle()
    term.keys("Escape")  # back to the leader's own dashboard
    term.wait(leader_dashboard)
    term.settle()
    sent = time.time_ns()
    term.keys("t")
    seen, _ = term.wait(team_view, timeout=300)
    out.add("team key", (seen - sent) / 1e6)
    term.settle()
    term.keys("q")
    stamp(t1)


# -- the burst -------------------------------------------------------------------------------


@dataclass
class Burst:
    ok: list[str] = field(default_factory=list)  # the summaries of the logs that exited 0
    failed: list[str] = field(default_factory=list)  # the first line each failure printed
    ms: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def burst(coach: str, team: Team, managers: int, seconds: float, token: str) -> Burst:
    env = env_for_coach()
    result = Burst()
    deadline = time.monotonic() + seconds

    def worker(m: int) -> None:
        client = client_name(m * team.scale.clients)
        url = team.url(team.role(m))
        k = 0
        while time.monotonic() < deadline:
            summary = f"burst {token} m{m:02d} {k}"
            k += 1
            started = time.perf_counter()
            done = subprocess.run([coach, "log", client, summary, "--db", url], capture_output=True, text=True, env=env)
            ms = (time.perf_counter() - started) * 1000
            with result.lock:
                if done.returncode == 0:
                    result.ok.append(summary)
                    result.ms.append(ms)
                else:
                    said = (done.stderr.strip() or done.stdout.strip()).splitlines()
                    result.failed.append(said[0] if said else f"exit {done.returncode}")

    threads = [threading.Thread(target=worker, args=(m,)) for m in range(managers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def found_in_database(team: Team, token: str) -> set[str]:
    with admin_connect(team.server, team.admin, team.database) as conn:
        rows = conn.execute(
            "select doc->>'summary' from coach_record where kind = 'delivery' and doc->>'summary' like %s", (f"burst {token} %",)
        ).fetchall()
    return {r[0] for r in rows}


# -- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", default="50x100", help="MANAGERSxCLIENTS: managers, and clients each (default: %(default)s)")
    parser.add_argument("--per-client", type=int, default=200, help="deliveries a client, over five years (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="rounds of launches (default: %(default)s)")
    parser.add_argument("--log-runs", type=int, default=15, help="rounds of coach log (default: %(default)s)")
    parser.add_argument(
        "--burst-managers", type=int, default=20, help="managers logging at once, at most the team's (default: %(default)s)"
    )
    parser.add_argument("--burst-seconds", type=float, default=30.0, help="how long they log (default: %(default)s)")
    parser.add_argument("--server", default="127.0.0.1:5432", help="HOST:PORT of the PostgreSQL server (default: %(default)s)")
    parser.add_argument("--admin", default="postgres", help="a role that may create databases and roles (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the generated database and roles; reuse them next time")
    parser.add_argument("--drop-kept", action="store_true", help="drop the kept database and roles of --scale, and stop")
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="where --keep notes what it kept (default: %(default)s)"
    )
    add_terminal_options(parser, MEASURES)
    args = parser.parse_args()
    only = parse_only(args.only, MEASURES)
    managers, clients = parse_scale(args.scale)
    scale = Scale(managers, clients, args.per_client)
    if args.per_client < 1:
        sys.exit("--per-client: at least 1")
    if args.drop_kept:
        kept = Team(args.server, args.admin, f"coach_bench_{scale.key}", f"cbk{managers}x{clients}", scale)
        drop_team(kept.server, kept.admin, kept.database, kept.roles())
        (args.cache / f"team-{scale.key}.json").unlink(missing_ok=True)
        print(f"dropped {kept.database} and its {len(kept.roles())} roles")
        return
    if args.burst_managers < 1:
        sys.exit("--burst-managers: at least 1")
    args.burst_managers = min(args.burst_managers, managers)  # a smaller team: every manager logs
    if ({"launch", "team"} & only) and (shutil.which("tmux") is None or not os.path.exists(GNU_TIME)):
        sys.exit(f"launch and team need tmux and GNU time ({GNU_TIME})")
    me = installed()
    print(me.describe())
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    env = env_for_coach()
    sessions = Session()
    samples: dict[str, list[float]] = {}
    outcome: Burst | None = None
    lost: set[str] = set()
    idle: list[float] = []
    with tempfile.TemporaryDirectory(prefix="coach-bench-team-") as tmp, team_database(args, scale, me.coach) as team:
        work = Path(tmp)
        folder = folder_for(team, work / "folder")
        first = team.meta["rows"][0]
        second = team.meta["rows"][1]
        pg = ["--db", team.url(team.role(0))]
        data = ["--data", str(folder)]
        if {"launch", "team"} & only:
            minimal = work / "minimal_app.py"
            minimal.write_text(MINIMAL_APP)
            term = Terminal(work, args.width, args.height, args.poll_ms / 1000, env)
            try:
                warm = Session()  # one untimed launch of each: every file they read in the page cache
                run_minimal(term, me.python, minimal, warm)
                launch(term, [me.coach, *data], dashboard_of(first), warm, "folder")
                launch(term, [me.coach, *pg], dashboard_of(first), warm, "postgres")
                if "team" in only:
                    try:
                        leader(term, me.coach, team, warm)
                    except NoTeamView as missing:
                        print(f"team view not measured: {missing}", flush=True)
                        only.discard("team")
                for n in range(args.runs):
                    print(f"launch round {n + 1}/{args.runs}" if n == 0 else f" {n + 1}", end="", flush=True)
                    steps: list[Callable[[], None]] = [lambda: run_minimal(term, me.python, minimal, sessions)]
                    if "launch" in only:
                        steps.append(lambda: launch(term, [me.coach, *data], dashboard_of(first), sessions, "folder"))
                        steps.append(lambda: launch(term, [me.coach, *pg], dashboard_of(first), sessions, "postgres"))
                    if "team" in only:
                        steps.append(lambda: leader(term, me.coach, team, sessions))
                    for step in steps if n % 2 == 0 else steps[::-1]:
                        step()
                print()
            finally:
                term.close()
        if "log" in only:
            for n in range(args.log_runs):
                print(f"log round {n + 1}/{args.log_runs}" if n == 0 else f" {n + 1}", end="", flush=True)
                steps_log = [
                    ("floor", [me.python, "-c", "pass"]),
                    ("log folder", [me.coach, "log", second, f"bench delivery {n}", *data]),
                    ("log postgres", [me.coach, "log", second, f"bench delivery {n}", *pg]),
                ]
                for name, cmd in steps_log if n % 2 == 0 else steps_log[::-1]:
                    seconds, _kib = timed_process(cmd, env, work)
                    samples.setdefault(name, []).append(seconds * 1000)
            print()
        if "burst" in only:
            token = uuid.uuid4().hex[:8]
            print(f"idle server: {args.burst_managers} logs one at a time", flush=True)
            for m in range(args.burst_managers):
                client = client_name(m * scale.clients)
                seconds, _kib = timed_process(
                    [me.coach, "log", client, f"idle {token} m{m:02d}", "--db", team.url(team.role(m))], env, work
                )
                idle.append(seconds * 1000)
            print(f"burst: {args.burst_managers} managers logging at once for {args.burst_seconds:g} s ...", flush=True)
            load_before = os.getloadavg()[0]
            outcome = burst(me.coach, team, args.burst_managers, args.burst_seconds, token)
            print(f"  load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after", flush=True)
            lost = set(outcome.ok) - found_in_database(team, token)

    one = scale.managers * scale.clients  # the table has one column: the team's clients
    rows: list[Row] = []

    def med(name: str) -> dict[int, float | None]:
        return {one: median(sessions.samples.get(name, []) or samples.get(name, []))}

    def ratio(a: str, b: str) -> dict[int, float | None]:
        x = sessions.samples.get(a) or samples.get(a) or []
        y = sessions.samples.get(b) or samples.get(b) or []
        return {one: pairwise(x, y) if x and len(x) == len(y) else None}

    if {"launch", "team"} & only:
        rows.append(Row("minimal Textual app launch, ms", med("minimal launch"), "{:.0f}"))
    if "launch" in only:
        rows += [
            Row("launch, folder store (one manager), ms", med("folder"), "{:.0f}"),
            Row("launch, PostgreSQL (same manager), ms", med("postgres"), "{:.0f}"),
            Row("launch PostgreSQL / folder", ratio("postgres", "folder"), "{:.2f}", "<= 1.2", at(1.2)),
        ]
    if "team" in only:
        rows += [
            Row("leader's launch to the team view painted, ms", med("team"), "{:.0f}"),
            Row("team view painted / minimal app", ratio("team", "minimal launch"), "{:.2f}", "<= 1.5", at(1.5)),
            Row("  t from the dashboard to the team view, ms", med("team key"), "{:.0f}"),
        ]
    if "log" in only:
        rows += [
            Row("python -c pass (floor), ms", med("floor"), "{:.0f}"),
            Row("coach log, folder store, ms", med("log folder"), "{:.0f}"),
            Row("coach log --db, ms", med("log postgres"), "{:.0f}"),
            Row("coach log --db / folder", ratio("log postgres", "log folder"), "{:.2f}", "<= 2", at(2.0)),
            Row("coach log --db / floor", ratio("log postgres", "floor"), "{:.2f}"),
        ]
    if outcome is not None:
        burst_median = statistics.median(outcome.ms) if outcome.ms else None
        idle_median = statistics.median(idle) if idle else None
        rows += [
            Row("coach log --db, idle server, ms", {one: idle_median}, "{:.0f}"),
            Row(f"coach log --db, {args.burst_managers} at once, ms", {one: burst_median}, "{:.0f}"),
            Row(
                "  at once / idle",
                {one: burst_median / idle_median if burst_median and idle_median else None},
                "{:.2f}",
                "<= 3",
                at(3.0),
            ),
            Row("  logs that exited 0", {one: float(len(outcome.ok))}, "{:.0f}"),
            Row("  logs that failed", {one: float(len(outcome.failed))}, "{:.0f}"),
            Row("  lost (exited 0, not in the database)", {one: float(len(lost))}, "{:.0f}", "0", at(0.0)),
        ]
    parts = []
    if {"launch", "team"} & only:
        parts.append(f"medians of {args.runs} launch rounds (tmux {args.width}x{args.height}, polled every {args.poll_ms:g} ms)")
    if "log" in only:
        parts.append(f"{args.log_runs} log rounds")
    if outcome is not None:
        parts.append(f"a burst of {args.burst_managers} managers for {args.burst_seconds:g} s")
    title = (
        f"coach on PostgreSQL, {describe(scale)} ({scale.managers * scale.clients:,} clients, "
        f"{scale.managers * scale.clients * scale.per_client:,} deliveries): {', '.join(parts)}"
    )
    print_table(title, [one], rows)
    kept = " (kept)" if args.keep else ""
    print(f"the team: generated in {team.meta.get('generate_seconds', 0):.1f} s{kept}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    if outcome is not None and outcome.failed:
        print("burst failures (first lines, each once):")
        for line in sorted(set(outcome.failed)):
            print(f"  {outcome.failed.count(line)} x {line}")
    if lost:
        print(f"LOST: {', '.join(sorted(lost)[:10])}{' ...' if len(lost) > 10 else ''}")


if __name__ == "__main__":
    main()
