"""Writers killed with SIGKILL at random moments, hundreds of times: nothing acknowledged is
ever lost, and the store always opens.

Several writer processes log deliveries (and now and then add a card) in a loop. Each prints a
record's id only after the call that wrote it returned: that line is the acknowledgement a
user would see. The test waits until a writer is past its imports and has acknowledged 0 to 2
writes (conditions, not time: a busy machine only makes each run longer), kills it up to 30 ms
later (mid-write, mid-rename, mid-backup: wherever it is), restarts it, and counts kills
until 200.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from hardening_support import leftovers

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

KILLS = 200
WRITERS = 4

WRITER = textwrap.dedent(
    """
    import os, sys
    from coach_tui.services import Coach
    from coach_tui.store.folder import FolderStore

    root, tag, clients = sys.argv[1], sys.argv[2], sys.argv[3:]
    coach = Coach(FolderStore(root, lock_timeout=30))
    print("ready", flush=True)
    n = 0
    while True:
        client = clients[n % len(clients)]
        if n % 5 == 4:
            change = coach.boards.add_card(client, "plan", f"{tag}-card-{n}")
            print("card", client, change.cards[0][1]["id"], flush=True)
        else:
            logged = coach.deliveries.log(client, f"{tag}-{n}", told=n % 2 == 0)
            print("delivery", client, logged.delivery.id, flush=True)
        n += 1
    """
)


def _slot(
    root: Path,
    clients: list[str],
    index: int,
    budget: list[int],
    lock: threading.Lock,
    acked: list[tuple[str, str, str]],
    rng: random.Random,
    awaited: list[int],
) -> None:
    run = 0
    while True:
        with lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), f"w{index}r{run}", *clients],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        wait_for = rng.randint(0, 2)
        seen = [proc.stdout.readline() for _ in range(wait_for)]  # acknowledged writes, awaited
        with lock:
            awaited[0] += wait_for
        time.sleep(rng.uniform(0, 0.030))  # then somewhere in the next write, or later
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        for line in b"".join([*seen, out]).decode().splitlines(keepends=True):
            parts = line.split()
            # A line cut short by the kill was never an acknowledgement.
            if line.endswith("\n") and len(parts) == 3 and parts[0] in ("card", "delivery"):
                with lock:
                    acked.append((parts[0], parts[1], parts[2]))
        run += 1


@pytest.mark.slow
def test_two_hundred_kills_lose_nothing_acknowledged(store: FolderStore) -> None:
    coach = Coach(store)
    clients = [coach.clients.add(name).id for name in ("Acme", "Globex")]
    budget, lock, acked, awaited = [KILLS], threading.Lock(), [], [0]
    rng = random.Random(20261125)
    threads = [
        threading.Thread(target=_slot, args=(store.root, clients, i, budget, lock, acked, random.Random(rng.random()), awaited))
        for i in range(WRITERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    assert budget[0] == 0, "fewer than 200 kills"
    assert awaited[0] > KILLS // 2 and len(acked) >= awaited[0], "every awaited acknowledgement is counted"

    # Before any further write: the store opens, and the index as read (a pending intent
    # rebuilds its entries) agrees with every client file.
    snapshot = store.read()
    assert sorted(e.client.name for e in snapshot.entries) == ["Acme", "Globex"]
    for path in [store.index_path, *store.clients_dir.glob("*.json"), *(store.root / "backups").glob("*")]:
        if not path.name.endswith(".tmp"):
            json.loads(path.read_bytes())  # every data file and backup parses
    for entry in snapshot.entries:
        history = store.read_client(entry.client.id)
        assert entry.facts.deliveries == len(history.deliveries)

    # Every acknowledged record is there.
    for cid in clients:
        history = store.read_client(cid)
        have = {("delivery", cid, d.id) for d in history.deliveries} | {("card", cid, c.id) for c in history.cards}
        missing = [a for a in acked if a[1] == cid and a not in have]
        assert missing == [], f"acknowledged but lost: {missing[:5]}"

    # The next write clears what the killed writers left (temp files, the intent) and leaves
    # the index consistent with the client files.
    coach.deliveries.log(clients[0], "after the storm", told=True)
    assert leftovers(store.root) == []
    for entry in store.read().entries:
        assert entry.facts.deliveries == len(store.read_client(entry.client.id).deliveries)
