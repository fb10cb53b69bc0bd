"""The bundled demo portfolio: `data/demo.json`, with every date a day offset from today so it
never goes stale, materialised into a fresh temporary data folder that is removed at exit.
`--demo` never reads or writes the user's own data.

Each client in the file holds, besides its cards (`owner`, `due` in days) and deliveries, its
account in depth, every reference by name or title:
- `revenue`, `renewal` (days ahead);
- `people`: `name`, `role`, `title`, and `ours: true` for our account team;
- `touches`: `on`, `person` (a client stakeholder), `kind`, `note`, `with` (our people);
- `plan`: `goals` (`text`, `metric`, `target`, `by`), `initiatives` (`text`, `cards`: Plan
  card titles), `reviewed`, `shares` (`on`, `with`: people of either side);
- `opportunities`: `title`, `value`, `created`, `stages` ([day, stage] pairs, oldest first),
  `need` (an Understand card title), `next` and `next_date`, `close`.
Commitments may name their `client` and, when not kept, the `obstacle`."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from datetime import date, datetime, time, timedelta
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.account import Goal, Initiative, Opportunity, Person, Plan, Share, Touch
from ..domain.dates import week_start
from ..domain.models import COLUMNS, Assessment, Cadence, Card, CardMove, Client, Commitment, Delivery, PillarWeek, TipShown

if TYPE_CHECKING:
    from ..store.folder import FolderStore
    from ..store.repository import Repository


def load_demo() -> dict[str, Any]:
    demo: dict[str, Any] = json.loads(files("coach_tui.data").joinpath("demo.json").read_text(encoding="utf-8"))
    return demo


def _moment(today: date, offset: int, seq: int) -> datetime:
    # Spread the day's events over working hours, in file order, so history sorts stably.
    return datetime.combine(today + timedelta(days=offset), time(9, 0)) + timedelta(minutes=7 * seq)


def populate(store: Repository, today: date, demo: dict[str, Any] | None = None) -> None:
    """Write the demo portfolio into `store` as of `today`."""
    demo = demo or load_demo()
    this_week = week_start(today)
    clients: dict[str, str] = {}
    with store.transaction() as txn:
        txn.unjournaled()  # the demo's data is no change of the user's: nothing to undo
        for n, spec in enumerate(demo["clients"]):
            cid = f"demo{n:02d}"
            client = Client(
                id=cid,
                name=spec["name"],
                added=today + timedelta(days=spec["added"]),
                cadence=Cadence.from_str(spec["cadence"]),
                tier=spec.get("tier", "B"),
                archived=bool(spec.get("archived")),
                revenue=spec.get("revenue"),
                renewal=_day(today, spec.get("renewal")),
            )
            txn.put_client(client)
            needs: dict[str, str] = {}
            seq = 0
            for m, c in enumerate(spec.get("cards", [])):
                column = c["column"]
                created = _moment(today, c["created"], seq := seq + 1)
                entered = _moment(today, c.get("entered", c["created"]), seq := seq + 1)
                if entered > created and column != COLUMNS[0]:
                    came_from = COLUMNS[COLUMNS.index(column) - 1]
                    moves = [CardMove(created, None, came_from), CardMove(entered, came_from, column)]
                else:
                    moves = [CardMove(created, None, column)]
                card = Card(
                    id=f"{cid}c{m:03d}",
                    client_id=cid,
                    column=column,
                    title=c["title"],
                    created=created,
                    notes=c.get("notes") or "",
                    need_id=needs.get(c.get("need") or ""),
                    moves=moves,
                    owner=c.get("owner") or "",
                    due=_day(today, c.get("due")),
                )
                if column == "understand":
                    needs[card.title] = card.id
                txn.put_card(card)
            for m, d in enumerate(spec.get("deliveries", [])):
                moment = _moment(today, d["on"], seq := seq + 1)
                delivery = Delivery(
                    id=f"{cid}d{m:03d}",
                    client_id=cid,
                    on=moment.date(),
                    kind=d["kind"],
                    summary=d["summary"],
                    logged=moment,
                    need_id=needs.get(d.get("need") or ""),
                    told=bool(d.get("told", True)),
                )
                txn.put_delivery(delivery)
                if not delivery.told:
                    txn.put_card(
                        Card(
                            id=f"{cid}s{m:03d}",
                            client_id=cid,
                            column="steward",
                            title=delivery.summary,
                            created=moment,
                            need_id=delivery.need_id,
                            delivery_id=delivery.id,
                            moves=[CardMove(moment, None, "steward")],
                        )
                    )
            titles = {c["title"]: f"{cid}c{m:03d}" for m, c in enumerate(spec.get("cards", []))}
            seq = _account(txn, spec, cid, today, needs, titles, seq)
            clients[spec["name"]] = cid
        for a in demo.get("assessments", []):
            week = this_week - timedelta(weeks=a["weeks_ago"])
            txn.put_assessment(Assessment(week, dict(a["scores"]), _moment(week, 0, 0)))
        for c in demo.get("commitments", []):
            week = this_week - timedelta(weeks=c["weeks_ago"])
            txn.put_commitment(
                Commitment(
                    week,
                    c["text"],
                    c.get("kept"),
                    clients.get(c.get("client") or ""),
                    c.get("tip_id"),
                    c.get("obstacle") or "",
                    bool(c.get("carried")),
                )
            )
        for w in demo.get("pillar_weeks", []):
            txn.put_pillar_week(PillarWeek(this_week - timedelta(weeks=w["weeks_ago"]), dict(w["scores"])))
        for t in demo.get("tips_shown", []):
            txn.add_tip_shown(TipShown(t["tip_id"], this_week - timedelta(weeks=t["weeks_ago"]), t.get("scope", "portfolio")))


def _day(today: date, offset: int | None) -> date | None:
    return None if offset is None else today + timedelta(days=offset)


def _account(
    txn: Any, spec: dict[str, Any], cid: str, today: date, needs: dict[str, str], cards: dict[str, str], seq: int
) -> int:
    """A demo client's account in depth: people and touches, the plan, the opportunities
    (people, needs and cards named by their name or title in the file). The next `seq`."""
    people: dict[str, str] = {}
    for m, p in enumerate(spec.get("people", [])):
        person = Person(f"{cid}p{m:02d}", cid, p["name"], p["role"], p.get("title") or "", bool(p.get("ours")))
        people[person.name] = person.id
        txn.put_person(person)
    for m, t in enumerate(spec.get("touches", [])):
        moment = _moment(today, t["on"], seq := seq + 1)
        ours = tuple(people[n] for n in t.get("with", []))
        touch = Touch(
            f"{cid}t{m:03d}", cid, people[t["person"]], moment.date(), t.get("kind", "call"), t.get("note") or "", ours, moment
        )
        txn.put_touch(touch)
    plan = spec.get("plan")
    if plan is not None:
        goals = tuple(
            Goal(f"{cid}g{m:02d}", g["text"], g.get("metric") or "", g.get("target") or "", _day(today, g.get("by")))
            for m, g in enumerate(plan.get("goals", []))
        )
        initiatives = tuple(
            Initiative(f"{cid}i{m:02d}", i["text"], tuple(cards[t] for t in i.get("cards", [])))
            for m, i in enumerate(plan.get("initiatives", []))
        )
        shares = tuple(
            Share(
                today + timedelta(days=sh["on"]),
                tuple(people[n] for n in sh.get("with", [])),
                with_client=any(not _ours(spec, n) for n in sh.get("with", [])),
                with_team=any(_ours(spec, n) for n in sh.get("with", [])),
            )
            for sh in sorted(plan.get("shares", []), key=lambda sh: sh["on"])
        )
        txn.put_plan(Plan(cid, goals, initiatives, _day(today, plan.get("reviewed")), shares))
    for m, o in enumerate(spec.get("opportunities", [])):
        created = _moment(today, o.get("created", -30), seq := seq + 1)
        stages = tuple(
            (_moment(today, on, seq := seq + 1), stage) for on, stage in o.get("stages", [[o.get("created", -30), "identified"]])
        )
        txn.put_opportunity(
            Opportunity(
                f"{cid}o{m:02d}",
                cid,
                o["title"],
                created,
                o.get("value"),
                stages[-1][1] if stages else "identified",
                needs.get(o.get("need") or ""),
                o.get("next") or "",
                _day(today, o.get("next_date")),
                _day(today, o.get("close")),
                stages,
            )
        )
    return seq


def _ours(spec: dict[str, Any], name: str) -> bool:
    return any(p["name"] == name and p.get("ours") for p in spec.get("people", []))


def demo_store(today: date) -> FolderStore:
    """A fresh temporary copy of the demo portfolio, removed when the process exits."""
    from ..store.folder import FolderStore

    root = Path(tempfile.mkdtemp(prefix="coach-demo-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    store = FolderStore(root / "data", today=lambda: today)
    populate(store, today)
    return store


def demo_folder(today: date) -> Path:
    """The data folder of a fresh temporary copy of the demo portfolio, for other processes to
    open (`coach serve --demo` gives it to every browser tab); removed when this process exits."""
    return demo_store(today).root
