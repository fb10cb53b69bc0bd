"""Benchmark: `coach log` and `coach status` as whole processes, against `python -c pass`.

Not a test (nothing here is collected by pytest): run it by hand and read the ratios.

    python tests/bench/bench_cli.py            # 1,000 / 10,000 / 100,000 deliveries, 500 clients
    python tests/bench/bench_cli.py --runs 30  # more runs per figure
    python tests/bench/bench_cli.py --bytecode # from compiled bytecode, as an installed package runs

Targets (issue #2): at 100,000 deliveries the median `coach log` is at most 5x the median
`python -c pass` measured in the same run, and grows by at most 20 % from 1,000 to 100,000;
`coach status` is at most 10x the floor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coach_tui.domain.models import COLUMNS, KINDS, Cadence, Card, CardMove, Client, Delivery  # noqa: E402
from coach_tui.store.files import encode  # noqa: E402
from coach_tui.store.folder import FolderStore  # noqa: E402
from coach_tui.store.schema import SCHEMA  # noqa: E402

TODAY = date(2026, 11, 25)
CLIENTS = 500
CARDS_PER_CLIENT = 12


def _table(docs: list[dict]) -> dict[str, dict]:
    return {str(n + 1): d for n, d in enumerate(docs)}


def generate(root: Path, deliveries: int, seed: int = 7) -> None:
    """A store of CLIENTS clients sharing `deliveries` deliveries over three years, written
    in the store's own file format; the index is then rebuilt by the store itself."""
    rng = random.Random(seed)
    store = FolderStore(root)
    store.ensure()
    ids = []
    per_client = deliveries // CLIENTS
    for n in range(CLIENTS):
        cid = f"bench{n:04d}"
        ids.append(cid)
        added = TODAY - timedelta(days=1100)
        client = Client(
            cid,
            f"Client {n:04d} {rng.choice(['Logistics', 'Foods', 'Pharma', 'Retail'])}",
            added,
            Cadence(rng.choice([7, 10, 14, 21, 30]), "d"),
            rng.choice("ABC"),
        )
        moment = datetime.combine(added, datetime.min.time())
        cards = [
            Card(f"{cid}k{k}", cid, col, f"card {k}", moment, moves=[CardMove(moment, None, col)]).to_dict()
            for k, col in ((k, COLUMNS[k % 4]) for k in range(CARDS_PER_CLIENT))
        ]
        docs = []
        for k in range(per_client):
            on = TODAY - timedelta(days=rng.randrange(0, 1095))
            docs.append(
                Delivery(
                    f"{cid}d{k}",
                    cid,
                    on,
                    rng.choice(KINDS),
                    f"delivery {k} for {cid}",
                    datetime.combine(on, datetime.min.time()),
                    told=True,
                ).to_dict()
            )
        data = {
            "_meta": {"1": {"schema": SCHEMA, "kind": "client"}},
            "client": _table([client.to_dict()]),
            "cards": _table(cards),
            "deliveries": _table(docs),
        }
        store.client_path(cid).write_bytes(encode(data))
    store.intent_path.write_text(__import__("json").dumps(ids))
    with store.transaction():
        pass  # rebuilds every index entry from the client files


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--bytecode",
        action="store_true",
        help="run from compiled bytecode, as an installed package does (pip compiles on "
        "install); by default Python runs as the environment says, and with "
        "PYTHONDONTWRITEBYTECODE set it compiles coach from source at every run",
    )
    args = parser.parse_args()
    coach = str(Path(sys.executable).with_name("coach"))
    env = {**os.environ, "COACH_TODAY": TODAY.isoformat()}
    with tempfile.TemporaryDirectory() as tmp:
        if args.bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            subprocess.run([coach, "--demo", "status"], check=True, stdout=subprocess.DEVNULL, env=env)  # compiles, untimed
        print(
            "from bytecode"
            if args.bytecode
            else f"as the environment runs Python (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})"
        )
        floor = timed([sys.executable, "-c", "pass"], args.runs, env)
        print(f"floor: python -c pass  median {floor * 1000:.1f} ms")
        print(f"{'deliveries':>11} {'log ms':>8} {'log x':>6} {'status ms':>10} {'status x':>9}")
        logs = {}
        for size in (int(s) for s in args.sizes.split(",")):
            root = Path(tmp) / f"s{size}"
            generate(root, size)
            log = timed([coach, "log", "client 0042", "benchmark delivery", "--data", str(root)], args.runs, env)
            status = timed([coach, "status", "--data", str(root)], args.runs, env)
            logs[size] = log
            print(f"{size:>11,} {log * 1000:>8.1f} {log / floor:>6.2f} {status * 1000:>10.1f} {status / floor:>9.2f}")
        # The floor again, to show the machine's noise over the run.
        floor2 = timed([sys.executable, "-c", "pass"], args.runs, env)
        print(f"floor again: {floor2 * 1000:.1f} ms")
        sizes = sorted(logs)
        if len(sizes) > 1:
            growth = logs[sizes[-1]] / logs[sizes[0]] - 1
            print(f"log growth {sizes[0]:,} -> {sizes[-1]:,}: {growth * 100:+.0f} %")


if __name__ == "__main__":
    main()
