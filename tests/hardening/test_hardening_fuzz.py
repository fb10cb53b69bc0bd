"""Fuzzing with hypothesis: `parse_when` and `parse_cadence` over any text (controls, NUL,
surrogates, every script), and every shell command over generated arguments.

The CLI runs in-process (`coach_tui.cli.main`), each example on a fresh copy of a small
portfolio (so a failing example replays exactly, whatever ran before it). Whatever it is given,
the CLI returns 0 or 2 (1 is for a damaged or busy store, which a healthy folder never is),
writes at most one line to stderr, never prints a control character, and leaves a store that
still reads.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hardening_support import main_in_process, terminal_hazards
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from coach_tui.domain.cadence import ACCEPTED_CADENCES, parse_cadence
from coach_tui.domain.dates import parse_when
from coach_tui.domain.errors import CadenceError, DateError
from coach_tui.domain.models import COLUMNS, KINDS
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

TODAY = date(2026, 11, 25)

# Any character at all: controls, NUL, C1, bidi overrides, lone surrogates, every plane.
anything = st.text(st.characters(codec=None, categories=None), max_size=40)
some_text = st.one_of(st.text(max_size=40), anything)


@settings(max_examples=500, deadline=None)
@given(anything, st.one_of(st.none(), st.dates(max_value=TODAY)))
@example("\udcff 20 Nov 2026", None)
@example("Nov \x0020", None)
@example("٢٠ Nov ٢٠٢٦", None)
def test_parse_when_on_anything(text: str, earliest: date | None) -> None:
    try:
        day = parse_when(text, TODAY, earliest)
    except DateError as error:
        message = str(error)
        assert message and message.isprintable(), repr(message)
    else:
        assert day <= TODAY


@settings(max_examples=500, deadline=None)
@given(anything)
@example("\udcff2w")
@example("２w")
def test_parse_cadence_on_anything(text: str) -> None:
    try:
        parse_cadence(text)
    except CadenceError as error:
        message = str(error)
        assert message.isprintable() and message.endswith(ACCEPTED_CADENCES), repr(message)


# -- the CLI ------------------------------------------------------------------------------------


def positional(text: str) -> str:
    # argparse takes an argument starting with "-" for an option (a shell user would write
    # `-- -x`); a leading space keeps it a value, which the services then trim.
    return " " + text if text.startswith("-") else text


def near(*values: str) -> st.SearchStrategy[str]:
    """Mostly a real value, so that commands get past finding the client and run deep; a
    quarter of the time, fuzz."""
    real = st.sampled_from(values)
    return st.one_of(real, real, real, some_text)


clients = near("acme", "Acme Logistics", "GLOBEX", "glob", "a")
cards = near("pilot", "Pilot study", "benchmark", "p", "")
dates = near("today", "3d ago", "mon", "Nov 20", "2026-11-20", "tomorrow", "01/02/03", "May 17,2019")
cadences = near("2w", "10d", "1m", "0d", "-2w", "1.5w", "365d")
columns = near(*COLUMNS, "plan ", "Steward", "s", "")
kinds = near(*KINDS, "IDEA", " service ", "gift")


def opt(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """An optional `--name=value` (the `=` form: a value may start with "-")."""
    return st.one_of(st.just([]), values.map(lambda v: [f"--{name}={v}"]))


def flag(name: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [f"--{name}"]])


def command(head: list[str], *parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda groups: head + [arg for group in groups for arg in group])


def pos(values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return values.map(lambda v: [positional(v)])


commands = st.one_of(
    command(["log"], pos(clients), pos(some_text), opt("kind", kinds), opt("date", dates), opt("need", cards), flag("told")),
    command(
        ["client", "add"],
        pos(some_text),
        opt("cadence", cadences),
        opt("tier", near("A", "b", "Z")),
        opt("sponsor", some_text),
        flag("plan-shared"),
    ),
    command(
        ["client", "edit"],
        pos(clients),
        opt("name", some_text),
        opt("cadence", cadences),
        opt("tier", near("A", "c")),
        opt("sponsor", some_text),
        st.sampled_from([[], ["--plan-shared"], ["--no-plan-shared"]]),
        flag("unarchive"),
    ),
    command(["client", "archive"], pos(clients)),
    command(["client", "list"], flag("all")),
    command(["card", "add"], pos(clients), pos(some_text), opt("column", columns), opt("notes", some_text), opt("need", cards)),
    command(
        ["card", "move"],
        pos(clients),
        pos(cards),
        st.one_of(opt("to", columns).filter(bool), st.sampled_from([["--forward"], ["--back"]])),
    ),
    command(["card", "tell"], pos(clients), pos(cards)),
    command(["card", "list"], pos(clients)),
    command(
        ["report"],
        pos(clients),
        opt("since", near("90d", "12w", "3m", "2026-01-01", "99999999m")),
        opt("format", near("md", "txt")),
    ),
    st.just(["status"]),
    st.just(["export", "ics"]),
    st.just(["restore", "--list"]),
    command(["restore"], pos(near("coach.json", "clients", "../etc/passwd", ""))),
)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "seed"
    coach = Coach(FolderStore(root))
    acme = coach.clients.add("Acme Logistics", cadence="2w", tier="A")
    globex = coach.clients.add("Globex")
    coach.boards.add_card(acme.id, "plan", "Pilot study")
    coach.deliveries.log(acme.id, "benchmark", need="lower cost")
    coach.deliveries.log(globex.id, "service review", kind="service", told=True)
    return root


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(args=commands)
@example(args=["log", "acme", "x\x00y", "--date=\x1b[2J"])
@example(args=["client", "add", "\ud800 lone"])
@example(args=["card", "add", "acme", "t", "--column=\u202e"])
@example(args=["report", "acme", "--since=\x9b"])
def test_the_cli_never_crashes_and_says_one_line(seed: Path, args: list[str]) -> None:
    work = Path(tempfile.mkdtemp(dir=seed.parent))
    shared = work / "data"
    shutil.copytree(seed, shared)
    try:
        check_cli(shared, args)
    finally:
        shutil.rmtree(work)


def check_cli(shared: Path, args: list[str]) -> None:
    result = main_in_process([*args, "--data", str(shared)])
    err = result.err.decode("utf-8")
    out = result.out.decode("utf-8")
    if args[0] == "export":
        out = out.replace("\r\n", "\n")  # iCalendar lines end in CRLF by its standard
    event(f"{args[0]} exit {result.code}")
    assert result.code in (0, 2), (args, result.code, err)
    assert err.count("\n") <= 1, (args, err)
    if result.code:
        assert err.startswith("coach: ") and err.endswith("\n"), (args, err)
    assert not terminal_hazards(err), (args, err)
    # Output lines are the program's own: user text in them is escaped (a multi-line note
    # never adds a line).
    assert not terminal_hazards(out), (args, terminal_hazards(out))
    store = FolderStore(shared)
    for entry in store.read().entries:
        assert entry.facts.deliveries == len(store.read_client(entry.client.id).deliveries)


# Real commands carrying any text: whatever is accepted is stored exactly (the services trim
# surrounding whitespace, nothing else) and printed without a control character.
payloads = st.one_of(
    st.tuples(st.just("log"), anything),
    st.tuples(st.just("need"), anything),
    st.tuples(st.just("card"), anything),
    st.tuples(st.just("notes"), anything),
    st.tuples(st.just("client"), anything),
    st.tuples(st.just("sponsor"), anything),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(payload=payloads)
@example(payload=("log", "line one\nline two\r\n\x1b[2J\x00\u202e"))
@example(payload=("client", "[@click=app.quit]\udcff"))
@example(payload=("notes", "\x85\u2028\u2029\x9b"))
def test_accepted_text_is_stored_exactly(seed: Path, payload: tuple[str, str]) -> None:
    where, text = payload
    work = Path(tempfile.mkdtemp(dir=seed.parent))
    root = work / "data"
    shutil.copytree(seed, root)
    try:
        arg = positional(text)
        argv = {
            "log": ["log", "acme", arg],
            "need": ["log", "acme", "x", f"--need={text}"],
            "card": ["card", "add", "acme", arg],
            "notes": ["card", "add", "acme", "x", f"--notes={text}"],
            "client": ["client", "add", arg],
            "sponsor": ["client", "add", "New Co", f"--sponsor={text}"],
        }[where]
        result = main_in_process([*argv, "--data", str(root)])
        out, err = result.out.decode(), result.err.decode()
        assert result.code in (0, 2), (argv, err)
        assert not terminal_hazards(out) and not terminal_hazards(err), (out, err)
        if result.code:
            assert err.count("\n") == 1
            return
        store = FolderStore(root)
        coach = Coach(store)
        acme = coach.portfolio.find_client("acme")
        history = store.read_client(acme.id)
        stored = {
            "log": lambda: history.deliveries[-1].summary,
            "need": lambda: next((c.title for c in history.cards if c.id == history.deliveries[-1].need_id), ""),
            "card": lambda: history.cards[-1].title,
            "notes": lambda: history.cards[-1].notes,
            "client": lambda: next(c.name for c in coach.portfolio.clients() if c.name not in ("Acme Logistics", "Globex")),
            "sponsor": lambda: next(
                (p.name for p in store.read_client(coach.portfolio.find_client("New Co").id).people if p.role == "exec-sponsor"),
                "",
            ),
        }[where]()
        if where == "need" and stored == "lower cost":
            # Text found in a recorded need links to it rather than recording a new one.
            assert arg.strip().casefold() in stored
        else:
            assert stored == arg.strip()
    finally:
        shutil.rmtree(work)
