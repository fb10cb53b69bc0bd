"""Benchmark: `coach log` and `coach status` as whole processes, against `python -c pass`.

Not a test (pytest does not collect tests/bench): run it by hand, against an INSTALLED,
non-editable coach, with that environment's interpreter:

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -q .
    /tmp/bench-venv/bin/python tests/bench/bench_cli.py                  # 50, 500, 2,000, 5,000 clients
    /tmp/bench-venv/bin/python tests/bench/bench_cli.py --sizes 50,500 --runs 21
    /tmp/bench-venv/bin/python tests/bench/bench_cli.py --only log --cache ~/.cache/coach-bench

What it measures, per store size (clients; deliveries as benchkit.PER_CLIENT says: 1,000 at
50 clients to 1,000,000 at 5,000): the wall time of `coach log CLIENT SUMMARY` and of
`coach status`, each a fresh process, and of the floor `python -c pass` run by the same
interpreter, from bytecode (pip compiles the installed package); their peak RSS (GNU time).

How: the stores come from benchkit's generator (cached in --cache); each round runs, for
every size in turn, the floor, `coach log` and `coach status`, so a change in the machine's
load weighs on all of them alike. Figures are medians over the rounds; ratios are medians of
the ratios within a round (`coach log` / the floor run just before it; `coach log` at a size /
`coach log` at 50 clients in the same round).

Targets (issue #12), printed beside the figures:
- `coach log`: at most 2.5x the floor at 50 clients; at 5,000 clients at most 1.2x its own
  time at 50;
- `coach status`: at most 3x the floor at 500 clients, at most 5x at 5,000.

It measures, it does not judge: the exit status is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchkit import (
    DEFAULT_CACHE,
    DEFAULT_SIZES,
    GENERATORS,
    Row,
    at,
    env_for_coach,
    installed,
    median,
    pairwise,
    parse_sizes,
    print_table,
    store_for,
    store_lines,
    timed_process,
)

MEASURES = ("log", "status")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="client counts (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=15, help="rounds (default: %(default)s)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="generated stores (default: %(default)s)")
    parser.add_argument(
        "--generator", choices=sorted(GENERATORS), default="public", help="how a store missing from the cache is made (benchkit)"
    )
    parser.add_argument("--only", default=",".join(MEASURES), help="log,status (default: both)")
    args = parser.parse_args()
    only = {m.strip() for m in args.only.split(",") if m.strip()}
    if not only or only - set(MEASURES):
        sys.exit(f"--only takes {','.join(MEASURES)}")
    sizes = parse_sizes(args.sizes)
    me = installed()
    print(me.describe())
    env = env_for_coach()
    floor_cmd = [me.python, "-c", "pass"]
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        work = Path(tmp)
        stores = {size: store_for(size, args.cache, args.generator, work) for size in sizes}
        samples: dict[tuple[str, int], list[float]] = {}
        rss: dict[tuple[str, int], list[float]] = {}

        def run(name: str, size: int, cmd: list[str]) -> None:
            seconds, kib = timed_process(cmd, env, work)
            samples.setdefault((name, size), []).append(seconds * 1000)
            rss.setdefault((name, size), []).append(kib / 1024)

        for n in range(args.runs):
            print(f"round {n + 1}/{args.runs}" if n == 0 else f" {n + 1}", end="", flush=True)
            for size, store in stores.items():
                data = ["--data", str(store.path)]
                run("floor", size, floor_cmd)
                if "log" in only:
                    run("log", size, [me.coach, "log", store.second, f"bench delivery {n}", *data])
                if "status" in only:
                    run("status", size, [me.coach, "status", *data])
        print()

    def med(name: str) -> dict[int, float | None]:
        return {s: median(samples.get((name, s), [])) for s in sizes}

    def ratio(name: str, over: str) -> dict[int, float | None]:
        return {s: pairwise(samples[(name, s)], samples[(over, s)]) if (name, s) in samples else None for s in sizes}

    def peak(name: str) -> dict[int, float | None]:
        return {s: median(rss.get((name, s), [])) for s in sizes}

    rows = [Row("python -c pass (floor), ms", med("floor"))]
    if "log" in only:
        base = min(sizes)
        growth: dict[int, float | None] = {
            s: pairwise(samples[("log", s)], samples[("log", base)]) if base == 50 else None for s in sizes
        }
        rows += [
            Row("coach log, ms", med("log")),
            Row("coach log / floor", ratio("log", "floor"), "{:.2f}", "<= 2.5 at 50", at({50: 2.5})),
            Row("coach log / its time at 50", growth, "{:.2f}", "<= 1.2 at 5,000", at({5_000: 1.2})),
        ]
    if "status" in only:
        rows += [
            Row("coach status, ms", med("status")),
            Row("coach status / floor", ratio("status", "floor"), "{:.2f}", "<= 3 at 500, <= 5 at 5,000", at({500: 3, 5_000: 5})),
        ]
    rows.append(Row("peak RSS python -c pass, MiB", peak("floor")))
    rows += [Row(f"peak RSS coach {name}, MiB", peak(name)) for name in MEASURES if name in only]
    print_table(
        f"coach CLI: medians of {args.runs} interleaved rounds, from bytecode, COACH_TODAY={env['COACH_TODAY']}", sizes, rows
    )
    print("stores:")
    print("\n".join(store_lines(list(stores.values()))))


if __name__ == "__main__":
    main()
