"""The README's "For a team" section, followed as a new team would: its shell blocks run as
written (the admin's, then each manager's, then the leader's), against a fresh database on
the test server, with each person's own home folder. Only the server, the database's name and
the people's names differ (roles are the server's, shared with other tests: each run's are
its own), so a README that drifts from what coach does fails here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pgkit import ADMIN_DSN, admin, unique
from psycopg.conninfo import conninfo_to_dict

README = Path(__file__).parents[2] / "README.md"
PEOPLE = ("ana", "ben", "lea")


def block(name: str) -> str:
    """The shell block between `<!-- name -->` and `<!-- /name -->`."""
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {name} -->\n```sh\n(.*?)```\n<!-- /{name} -->", text, re.DOTALL)
    assert found, f"README.md has no {name} block"
    return found.group(1)


def run(script: str, env: dict[str, str]) -> str:
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{script}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def test_a_new_team_follows_the_readme_from_an_empty_server_to_a_leader_watching_two_managers(tmp_path: Path) -> None:
    server = conninfo_to_dict(ADMIN_DSN)
    host, port = server.get("host", "127.0.0.1"), server.get("port", "5432")
    prefix = unique("t")
    roles = {person: f"{prefix}_{person}" for person in PEOPLE}
    database = unique("coach_t_readme_")

    def as_written(script: str, person: str | None = None) -> str:
        """The block with this run's people (and, for a manager's block, `person` for ana)."""
        if person is not None:
            script = re.sub(r"\bana\b", person, script)
        return re.sub(r"\b(ana|ben|lea)\b", lambda m: roles[m.group(1)], script)

    def env_of(person: str) -> dict[str, str]:
        home = tmp_path / person
        home.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "XDG_"))}
        bin_dir = str(Path(sys.executable).parent)
        env.update(
            HOME=str(home),
            PATH=bin_dir + os.pathsep + env.get("PATH", ""),
            SERVER=f"{host}:{port}",
            TEAM_DB=database,
            COACH_TODAY="2026-11-25",
        )
        return env

    try:
        run(as_written(block("team-admin")).replace("SERVER=db.example.com:5432 TEAM_DB=coach\n", ""), env_of("admin"))
        for person in ("ana", "ben"):
            env = env_of(person)
            # What each had in their folder before the team moved: one client, Acme.
            run("coach client add Acme --cadence 2w", env)
            out = run(as_written(block("team-manager"), person), env)
            assert "Acme" in out
        leader = env_of("lea")
        shown = run(as_written(block("team-leader")), leader)
        assert roles["ana"] in shown and roles["ben"] in shown
        url = f"postgresql://{roles['lea']}@{host}:{port}/{database}"
        view = json.loads(run(f"coach team --json --db {url}", leader))
        rows = {row["role"]: row for row in view["members"]}
        for person in ("ana", "ben"):
            assert rows[roles[person]]["active_clients"] == 1
            assert rows[roles[person]]["problem"] is None
        # The leader's own portfolio holds no Acme: a log goes nowhere, said in one line.
        refused = subprocess.run(
            ["coach", "log", "Acme", "a leader's note", "--db", url], env=leader, capture_output=True, text=True, timeout=120
        )
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    finally:
        with admin() as conn:
            conn.execute(f'drop database if exists "{database}" with (force)')
            for role in roles.values():
                conn.execute(f'drop role if exists "{role}"')


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the README's blocks are POSIX shell")
