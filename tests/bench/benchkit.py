"""What bench_cli.py and bench_tui.py share: the installed coach, the generated stores (cached),
timed fresh processes with their own peak RSS, medians and pair-wise ratios, the table.

Not a test (pytest does not collect tests/bench). Both benchmarks run against an INSTALLED,
non-editable coach: the `coach_tui` the running interpreter imports (never the source tree:
nothing here puts the repository on sys.path) and the `coach` script beside that interpreter.

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -q .
    /tmp/bench-venv/bin/python tests/bench/bench_cli.py
    /tmp/bench-venv/bin/python tests/bench/bench_tui.py

Stores: `clients` active clients, 12 cards each, and deliveries spread over three years
(`PER_CLIENT`: 20 a client at 50 and 500 clients, 50 at 2,000, 200 at 5,000: 1,000 to
1,000,000 deliveries; any other size gets 20 a client). Two generators make the same data
(the same seeded draws, in the same order), and neither knows how the store lays out its
files:

- `public` (the default): the store's public write path, `FolderStore.transaction()` with
  `put_client`, `put_card` and `put_delivery`, 100 clients to a transaction. It depends on
  nothing but that API; TinyDB's upsert scans a client's table at every delivery, so 5,000
  clients of 200 deliveries took 6 to 18 minutes on a busy two-core machine (once: the store
  is cached); 2,000 clients, one to two minutes;
- `files`: each client file is written with the store's own `encode` (the client's record,
  cards and deliveries as their `to_dict()`, under `new_file("client")`), then the store
  rebuilds its missing index from the client files in one empty transaction: about a third
  of the time (3 minutes at 5,000 clients), but it knows what a client file holds.

Either way the store is then read back through the use cases (`Coach.portfolio`) and checked
(every client there, the right number of deliveries in one of them), so a generator the
store no longer understands stops the benchmark instead of measuring an empty dashboard. The
weekly prompt is marked as shown this week (`Coach.weekly.note_prompted`), so the app opens on
the dashboard. Stores are generated once into `--cache DIR` and reused; each benchmark works
on a copy (its `coach log` runs write), made fresh at every invocation.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 25)
DEFAULT_SIZES = (50, 500, 2_000, 5_000)
# Deliveries per client at each size; 20 a client at any size not named here.
PER_CLIENT = {50: 20, 500: 20, 2_000: 50, 5_000: 200}
CARDS_PER_CLIENT = 12
GENERATOR_VERSION = 2  # bump when the generated data changes: cached stores are then made anew (2: facts version 2)
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "coach-bench-stores"
GNU_TIME = "/usr/bin/time"


def deliveries_for(clients: int) -> int:
    return clients * PER_CLIENT.get(clients, 20)


def env_for_coach() -> dict[str, str]:
    """The environment every measured process runs in: the caller's, with the day fixed."""
    return {**os.environ, "COACH_TODAY": TODAY.isoformat()}


# -- the installed coach -------------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    python: str
    coach: str
    package: Path
    editable: bool
    compiled: bool

    def describe(self) -> str:
        how = "EDITABLE or source-tree install: these are not the figures of an installed build" if self.editable else "installed"
        code = "compiled bytecode present" if self.compiled else "NO compiled bytecode next to the package"
        return f"coach_tui {how} at {self.package} ({code}); python {self.python}"


def installed() -> Installed:
    """The coach this interpreter has installed, or exit with one line saying what to do."""
    coach = Path(sys.executable).with_name("coach")
    try:
        import coach_tui
    except ImportError:
        sys.exit(f"no coach_tui installed for {sys.executable}: pip install the repository into a venv first")
    if not coach.exists():
        sys.exit(f"no `coach` script beside {sys.executable}: pip install the repository into this venv first")
    package = Path(coach_tui.__file__).resolve().parent
    repo = Path(__file__).resolve().parents[2]
    editable = package.is_relative_to(repo)
    compiled = any((package / "__pycache__").glob("app.*.pyc"))
    return Installed(sys.executable, str(coach), package, editable, compiled)


# -- stores ----------------------------------------------------------------------------------


@dataclass
class Store:
    """A generated store as the benchmark uses it: where the working copy is, and what the
    generator says about it (the first two dashboard rows, the time it took)."""

    clients: int
    deliveries: int
    path: Path
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def first(self) -> str:
        return str(self.meta["rows"][0])

    @property
    def second(self) -> str:
        return str(self.meta["rows"][1])


def _client(n: int, rng: random.Random) -> Any:
    from coach_tui.domain.models import Cadence, Client

    added = TODAY - timedelta(days=1100)
    return Client(
        f"bench{n:04d}",
        f"Client {n:04d} {rng.choice(['Logistics', 'Foods', 'Pharma', 'Retail'])}",
        added,
        Cadence(rng.choice([7, 10, 14, 21, 30]), "d"),
        rng.choice("ABC"),
    )


def _cards(client: Any) -> list[Any]:
    from coach_tui.domain.models import COLUMNS, Card, CardMove

    moment = datetime.combine(client.added, datetime.min.time())
    return [
        Card(f"{client.id}k{k}", client.id, col, f"card {k}", moment, moves=[CardMove(moment, None, col)])
        for k, col in ((k, COLUMNS[k % 4]) for k in range(CARDS_PER_CLIENT))
    ]


def _deliveries(client: Any, count: int, rng: random.Random, days: int = 1095) -> list[Any]:
    """`count` deliveries over the last `days` days (three years unless told)."""
    from coach_tui.domain.models import KINDS, Delivery

    out = []
    for k in range(count):
        on = TODAY - timedelta(days=rng.randrange(1, days))  # never today: a change logged today shows
        out.append(
            Delivery(
                f"{client.id}d{k}",
                client.id,
                on,
                rng.choice(KINDS),
                f"delivery {k} for {client.id}",
                datetime.combine(on, datetime.min.time()),
                told=True,
            )
        )
    return out


def _spread(deliveries: int, clients: int) -> list[int]:
    base, extra = divmod(deliveries, clients)
    return [base + (1 if n < extra else 0) for n in range(clients)]


def generate_files(root: Path, clients: int, deliveries: int, seed: int = 7) -> None:
    """Client files in the store's own encoding, then the store rebuilds the missing index."""
    from coach_tui.store.files import encode
    from coach_tui.store.folder import FolderStore
    from coach_tui.store.schema import new_file

    def table(items: Iterable[Any]) -> dict[str, Any]:
        return {str(n + 1): item.to_dict() for n, item in enumerate(items)}

    rng = random.Random(seed)
    store = FolderStore(root)
    store.ensure()
    for n, count in enumerate(_spread(deliveries, clients)):
        client = _client(n, rng)
        data = {
            **new_file("client"),
            "client": table([client]),
            "cards": table(_cards(client)),
            "deliveries": table(_deliveries(client, count, rng)),
        }
        store.client_path(client.id).write_bytes(encode(data))
    with store.transaction():
        pass  # the index is missing: the transaction rebuilds it from the client files


def generate_public(root: Path, clients: int, deliveries: int, seed: int = 7, batch: int = 100) -> None:
    """Through the store's public write path, `batch` clients to a transaction."""
    from coach_tui.store.folder import FolderStore

    rng = random.Random(seed)
    store = FolderStore(root)
    counts = _spread(deliveries, clients)
    for start in range(0, clients, batch):
        with store.transaction() as txn:
            for n in range(start, min(clients, start + batch)):
                client = _client(n, rng)
                txn.put_client(client)
                for card in _cards(client):
                    txn.put_card(card)
                for delivery in _deliveries(client, counts[n], rng):
                    txn.put_delivery(delivery)


GENERATORS: dict[str, Callable[[Path, int, int], None]] = {"files": generate_files, "public": generate_public}


def _check_and_describe(root: Path, clients: int, deliveries: int) -> dict[str, Any]:
    """Read the store back through the use cases; the first dashboard rows (urgency order)."""
    from coach_tui.services import Coach
    from coach_tui.store.folder import FolderStore

    coach = Coach(FolderStore(root))
    coach.weekly.note_prompted()  # the app opens on the dashboard, not on the weekly coaching
    agenda = coach.portfolio.agenda()
    if len(agenda.views) != clients:
        sys.exit(f"generated store {root}: {len(agenda.views)} clients read back, {clients} written")
    first = agenda.views[0].client
    expected = _spread(deliveries, clients)[int(first.id[5:])]
    got = len(FolderStore(root).read_client(first.id).deliveries)
    if got != expected:
        sys.exit(f"generated store {root}: {got} deliveries read back for {first.id}, {expected} written")
    return {"rows": [v.client.name for v in agenda.views[:2]]}


def store_for(clients: int, cache: Path, generator: str, work: Path) -> Store:
    """A working copy of the store of `clients` clients: generated into `cache` the first time
    (timed), copied from there into `work`, and read once by `coach status` (untimed) so the
    copy is in the page cache and anything the store does once (an upgrade) is done."""
    deliveries = deliveries_for(clients)
    key = f"{clients}c-{deliveries}d-v{GENERATOR_VERSION}"  # either generator: the same data
    pristine = cache / key
    meta_path = cache / f"{key}.json"
    if not meta_path.exists():
        if pristine.exists():
            shutil.rmtree(pristine)  # a generation cut short
        cache.mkdir(parents=True, exist_ok=True)
        print(f"generating {clients:,} clients, {deliveries:,} deliveries ({generator}) into {pristine} ...", flush=True)
        os.environ["COACH_TODAY"] = TODAY.isoformat()
        started = time.perf_counter()
        GENERATORS[generator](pristine, clients, deliveries)
        seconds = time.perf_counter() - started
        meta = {**_check_and_describe(pristine, clients, deliveries), "generate_seconds": seconds, "generator": generator}
        meta_path.write_text(json.dumps(meta))
        print(f"  generated in {seconds:.1f} s", flush=True)
    meta = json.loads(meta_path.read_text())
    copy = work / key
    shutil.copytree(pristine, copy, symlinks=True)
    coach = str(Path(sys.executable).with_name("coach"))
    subprocess.run([coach, "status", "--data", str(copy)], check=True, stdout=subprocess.DEVNULL, env=env_for_coach())
    return Store(clients, deliveries, copy, meta)


# -- fresh processes: wall time and their own peak RSS --------------------------------------


def timed_process(cmd: Sequence[str], env: dict[str, str], tmp: Path) -> tuple[float, float]:
    """(seconds, peak RSS in KiB) of one run of `cmd`, a fresh process.

    The peak RSS is the process's own, read by GNU time (`/usr/bin/time -f %M`): time is a
    small process that forks and execs `cmd`, so the figure holds nothing of this (larger)
    Python process. (Linux keeps a process's peak RSS across exec: a child exec'ed straight
    from this process would report at least this process's size.) Without GNU time, the
    child's own rusage from `os.wait4`, which carries that caveat. The wall time includes
    GNU time's own fork and exec (about a millisecond), as does every figure it is compared
    with."""
    if os.path.exists(GNU_TIME):
        out = tmp / "rss"
        start = time.perf_counter()
        subprocess.run([GNU_TIME, "-f", "%M", "-o", str(out), *cmd], check=True, stdout=subprocess.DEVNULL, env=env)
        seconds = time.perf_counter() - start
        return seconds, float(out.read_text().split()[-1])
    start = time.perf_counter()
    child = subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, list(cmd))
    return seconds, float(usage.ru_maxrss)


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def pairwise(a: Sequence[float], b: Sequence[float]) -> float | None:
    """The median of a[i] / b[i]: each ratio between two figures of the same round."""
    ratios = [x / y for x, y in zip(a, b, strict=True) if y]
    return statistics.median(ratios) if ratios else None


# -- the table -------------------------------------------------------------------------------


@dataclass
class Row:
    """One measure: its figure per size, and the target it is held to (if any).

    `check(size, value)` returns True (met), False (missed) or None (the target does not
    speak of that size)."""

    name: str
    values: dict[int, float | None]
    fmt: str = "{:.1f}"
    target: str = ""
    check: Callable[[int, float], bool | None] | None = None


def at(limits: dict[int, float] | float, strict: bool = False) -> Callable[[int, float], bool | None]:
    """A check: value <= the limit for the size (`limits` per size, or one for every size);
    `strict`: value < limit."""

    def check(size: int, value: float) -> bool | None:
        limit = limits.get(size) if isinstance(limits, dict) else limits
        if limit is None:
            return None
        return value < limit if strict else value <= limit

    return check


def print_table(title: str, sizes: Sequence[int], rows: Sequence[Row]) -> None:
    """Rows = measures, columns = sizes (clients); a cell the target speaks of is marked
    `ok` or `MISS`; the last column is the target and, after it, the verdict."""
    cells: list[list[str]] = []
    verdicts: list[str] = []
    for row in rows:
        line = []
        marks: list[bool] = []
        for size in sizes:
            value = row.values.get(size)
            if value is None:
                line.append("-")
                continue
            text = row.fmt.format(value)
            verdict = row.check(size, value) if row.check else None
            if verdict is not None:
                marks.append(verdict)
                text += " ok" if verdict else " MISS"
            line.append(text)
        cells.append(line)
        if not row.check:
            verdicts.append("")
        elif not marks:
            verdicts.append("not measured")
        else:
            verdicts.append("pass" if all(marks) else "MISS")
    name_w = max(len("measure"), *(len(r.name) for r in rows))
    col_w = [max(len(f"{s:,} clients"), *(len(c[i]) for c in cells)) for i, s in enumerate(sizes)]
    target_w = max(len("target"), *(len(r.target) for r in rows))
    print()
    print(title)
    head = f"{'measure':<{name_w}}  " + "  ".join(f"{f'{s:,} clients':>{w}}" for s, w in zip(sizes, col_w, strict=True))
    print(f"{head}  {'target':<{target_w}}  verdict")
    print("-" * (len(head) + target_w + 11))
    for row, line, verdict in zip(rows, cells, verdicts, strict=True):
        body = "  ".join(f"{c:>{w}}" for c, w in zip(line, col_w, strict=True))
        print(f"{row.name:<{name_w}}  {body}  {row.target:<{target_w}}  {verdict}")


def add_terminal_options(parser: argparse.ArgumentParser, measures: Sequence[str]) -> None:
    """The options both tmux benchmarks take: which measures (`--only`), the terminal's size,
    how often its screen is captured."""
    parser.add_argument("--only", default=",".join(measures), help=f"any of {','.join(measures)} (default: all)")
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    parser.add_argument("--poll-ms", type=float, default=2.0, help="pause between two captures (default: %(default)s)")


def parse_only(text: str, measures: Sequence[str]) -> set[str]:
    """The measures `--only` names (exits with the ones it takes otherwise)."""
    only = {m.strip() for m in text.split(",") if m.strip()}
    if not only or only - set(measures):
        sys.exit(f"--only takes any of {','.join(measures)}")
    return only


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.strip().replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        sys.exit(f"--sizes takes client counts separated by commas (50,500,2000,5000), not {text!r}")
    if not sizes or min(sizes) < 2:
        sys.exit("--sizes: at least one size, each of at least 2 clients")
    return sizes


def store_lines(stores: Sequence[Store]) -> list[str]:
    return [
        f"  {s.clients:>6,} clients, {s.deliveries:>9,} deliveries "
        f"(generated by '{s.meta.get('generator')}' in {s.meta.get('generate_seconds', 0):.1f} s)"
        for s in stores
    ]
