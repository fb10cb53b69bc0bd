"""The undo journal: every change the user makes is one entry that says what it did, undo puts
the records back as they were and redo as the change left them, both refuse when a record
changed since, and the journal and the data stay consistent whatever happens to the process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date

import pytest
from storekit import semantic

from coach_tui.domain.errors import InputError
from coach_tui.domain.journal import KEEP
from coach_tui.services import Coach
from coach_tui.store.errors import StoreError
from coach_tui.store.folder import FolderStore
from coach_tui.store.layout import shard_of


def last(coach: Coach) -> str:
    done, _undone = coach.journal.recent()
    return done[0].what


def state(store: FolderStore) -> dict[str, bytes]:
    """Every data file's bytes (not the journal, not the backups)."""
    files = [store.index_path, *store.client_files(), *(p for p in store.index_dir.glob("*.json"))]
    return {str(p.relative_to(store.root)): p.read_bytes() for p in files}


@pytest.fixture
def acme(coach: Coach) -> str:
    return coach.clients.add("Acme").id


def card_id(coach: Coach, client_id: str, title: str) -> str:
    return next(c.id for c in coach.repo.read_client(client_id).cards if c.title == title)


CHANGES: dict[str, tuple[Callable[[Coach, str], object], str]] = {
    "edit client": (lambda c, a: c.clients.edit(a, tier="A"), "edited client Acme"),
    "rename client": (lambda c, a: c.clients.edit(a, name="Acme Freight"), "renamed Acme to Acme Freight"),
    "archive": (lambda c, a: c.clients.archive(a), "archived Acme"),
    "unarchive": (lambda c, a: c.clients.unarchive(a), "unarchived Acme"),
    "add card": (lambda c, a: c.boards.add_card(a, "plan", "Pilot"), "added card 'Pilot' to Plan"),
    "edit card": (lambda c, a: c.boards.edit_card(a, card_id(c, a, "Route audit"), notes="n"), "edited card 'Route audit'"),
    "move card": (lambda c, a: c.boards.move_card(a, card_id(c, a, "Route audit"), 1), "moved card 'Route audit' to Deliver"),
    "move card to": (
        lambda c, a: c.boards.move_card_to(a, card_id(c, a, "Route audit"), "steward"),
        "moved card 'Route audit' to Steward",
    ),
    "delete card": (lambda c, a: c.boards.delete_card(a, card_id(c, a, "Route audit")), "deleted card 'Route audit'"),
    "tell card": (lambda c, a: c.boards.tell_card(a, card_id(c, a, "Benchmark")), "told the client about 'Benchmark'"),
    "mark told from the report": (
        lambda c, a: c.reports.mark_told(a, [card_id(c, a, "Benchmark")]),
        "told the client about 'Benchmark'",
    ),
    "mark two told from the report": (
        lambda c, a: c.reports.mark_told(a, [card_id(c, a, "Benchmark"), card_id(c, a, "Rate card")]),
        "told the client about 'Benchmark' (and 1 more)",
    ),
    "log delivery": (
        lambda c, a: c.deliveries.log(a, "Rate study", on=date(2026, 11, 3)),
        "logged a delivery for Acme on 3 Nov 2026",
    ),
    "log delivery for a new need": (
        lambda c, a: c.deliveries.log(a, "Rate study", need="Cheaper lanes", on=date(2026, 11, 3)),
        "logged a delivery for Acme on 3 Nov 2026",
    ),
    "log a Steward card's delivery": (
        lambda c, a: c.deliveries.log_card(a, card_id(c, a, "Handover"), "Handover pack"),
        "logged a delivery for Acme on 25 Nov 2026",
    ),
    "edit delivery": (
        lambda c, a: c.deliveries.edit(a, delivery_id(c, a, "Benchmark"), summary="Benchmark v2"),
        "edited the delivery of 25 Nov 2026 for Acme",
    ),
    "delivery marked told": (
        lambda c, a: c.deliveries.edit(a, delivery_id(c, a, "Benchmark"), told=True),
        "told the client about 'Benchmark'",
    ),
    "delivery marked not told": (
        lambda c, a: c.deliveries.edit(a, delivery_id(c, a, "Told already"), told=False),
        "marked not told the delivery of 20 Nov 2026 for Acme",
    ),
    "delete delivery": (
        lambda c, a: c.deliveries.delete(a, delivery_id(c, a, "Benchmark")),
        "deleted the delivery of 25 Nov 2026 for Acme",
    ),
    "add person": (lambda c, a: c.people.add(a, "Dana Reyes", "champion"), "added 'Dana Reyes' to Acme's people"),
    "edit person": (
        lambda c, a: c.people.edit(a, c.people.find(a, "Eve").id, title="CFO"),
        "edited 'Eve Stone' of Acme's people",
    ),
    "remove person": (lambda c, a: c.people.remove(a, c.people.find(a, "Eve").id), "removed 'Eve Stone' from Acme's people"),
    "log touch": (lambda c, a: c.people.log_touch(a, "Eve", "call"), "logged a touch with Acme on 25 Nov 2026"),
    "remove touch": (
        lambda c, a: c.people.remove_touch(a, c.repo.read_client(a).touches[0].id),
        "deleted the touch of 24 Nov 2026 with Acme",
    ),
    "plan goal": (
        lambda c, a: c.plans.add_goal(a, "Cut freight cost 10%"),
        "added goal 'Cut freight cost 10%' to Acme's account plan",
    ),
    "plan goal edited": (
        lambda c, a: c.plans.edit_goal(a, "Lower rates", target="8%"),
        "edited goal 'Lower rates' of Acme's account plan",
    ),
    "plan goal removed": (
        lambda c, a: c.plans.remove_goal(a, "Lower rates"),
        "removed goal 'Lower rates' from Acme's account plan",
    ),
    "plan initiative": (
        lambda c, a: c.plans.add_initiative(a, "Lane review", (card_id(c, a, "Route audit"),)),
        "added initiative 'Lane review' to Acme's account plan",
    ),
    "plan initiative edited": (
        lambda c, a: c.plans.edit_initiative(a, "Rate audit", text="Rate audit, phase 2"),
        "edited initiative 'Rate audit, phase 2' of Acme's account plan",
    ),
    "plan initiative removed": (
        lambda c, a: c.plans.remove_initiative(a, "Rate audit"),
        "removed initiative 'Rate audit' from Acme's account plan",
    ),
    "plan review": (lambda c, a: c.plans.review(a), "reviewed Acme's account plan"),
    "plan share": (lambda c, a: c.plans.share(a, ("Eve", "Ana")), "shared Acme's account plan"),
    "add opportunity": (lambda c, a: c.opportunities.add(a, "Baltic lanes", 120_000), "added opportunity 'Baltic lanes'"),
    "opportunity stage": (
        lambda c, a: c.opportunities.stage(a, "Warehouse", "qualified"),
        "moved opportunity 'Warehouse' to qualified",
    ),
    "remove opportunity": (lambda c, a: c.opportunities.remove(a, "Warehouse"), "deleted opportunity 'Warehouse'"),
    "edit opportunity": (
        lambda c, a: c.opportunities.edit(a, "Warehouse", value="60000", next_step="Site visit"),
        "edited opportunity 'Warehouse'",
    ),
    "add opportunity for a new need": (
        lambda c, a: c.opportunities.add(a, "Cold chain", need="Cold storage"),
        "added opportunity 'Cold chain'",
    ),
    "commitment": (
        lambda c, a: c.weekly.save_commitment(date(2026, 11, 23), "Call Acme's CFO"),
        'committed to "Call Acme\'s CFO"',
    ),
    "commitment kept": (lambda c, a: c.weekly.save_commitment(date(2026, 11, 16), kept=True), "marked 'Send the benchmark' kept"),
    "commitment not kept": (
        lambda c, a: c.weekly.save_commitment(date(2026, 11, 16), kept=False, obstacle="Travel"),
        "marked 'Send the benchmark' not kept",
    ),
    "commitment edited": (
        lambda c, a: c.weekly.save_commitment(date(2026, 11, 16), "Send the benchmark today"),
        "edited the commitment 'Send the benchmark today'",
    ),
    "commitment carried over": (
        lambda c, a: c.weekly.carry_over(date(2026, 11, 9), date(2026, 11, 23)),
        "carried 'Call the CFO' over to the week of 23 Nov 2026",
    ),
    "self-assessment rescored": (
        lambda c, a: c.weekly.save_assessment(date(2026, 11, 9), {"value": 4}),
        "scored the week of 9 Nov 2026",
    ),
    "self-assessment": (lambda c, a: c.weekly.save_assessment(date(2026, 11, 23), {"lead": 3}), "scored the week of 23 Nov 2026"),
}


def delivery_id(coach: Coach, client_id: str, summary: str) -> str:
    return next(d.id for d in coach.repo.read_client(client_id).deliveries if d.summary == summary)


def furnish(coach: Coach, client_id: str) -> None:
    """An account with something of every kind to change."""
    coach.boards.add_card(client_id, "plan", "Route audit")
    coach.boards.add_card(client_id, "steward", "Handover")  # moved there, not logged yet
    coach.deliveries.log(client_id, "Benchmark")  # untold: a Steward card
    coach.deliveries.log(client_id, "Rate card")
    coach.deliveries.log(client_id, "Told already", on=date(2026, 11, 20), told=True)
    coach.people.add(client_id, "Eve Stone", "decision-maker")
    coach.people.add(client_id, "Ana Lima", "exec-sponsor")
    coach.people.log_touch(client_id, "Eve", "meeting", on=date(2026, 11, 24), with_ours=("Ana",))
    coach.opportunities.add(client_id, "Warehouse", 50_000)
    coach.plans.add_goal(client_id, "Lower rates")
    coach.plans.add_initiative(client_id, "Rate audit")
    coach.weekly.save_commitment(date(2026, 11, 9), "Call the CFO", kept=False)
    coach.weekly.save_assessment(date(2026, 11, 9), {"value": 2})
    coach.weekly.save_commitment(date(2026, 11, 16), "Send the benchmark")


# What a change needs first, beyond `furnish`.
PREPARE: dict[str, Callable[[Coach, str], object]] = {"unarchive": lambda c, a: c.clients.archive(a)}


@pytest.mark.parametrize("name", list(CHANGES))
def test_each_change_is_one_entry_that_undo_and_redo_replay(coach: Coach, store: FolderStore, acme: str, name: str) -> None:
    make, what = CHANGES[name]
    furnish(coach, acme)
    PREPARE.get(name, lambda c, a: None)(coach, acme)
    before = semantic(store)
    entries = len(coach.journal.recent()[0])
    make(coach, acme)
    assert last(coach) == what
    assert len(coach.journal.recent()[0]) == entries + 1
    after = semantic(store)
    assert after != before
    assert coach.journal.undo().what == what
    assert semantic(store) == before
    assert coach.journal.recent()[1][0].what == what  # it can be redone
    assert coach.journal.redo().what == what
    assert semantic(store) == after
    assert coach.journal.recent()[1] == []


def test_bookkeeping_is_not_journaled(coach: Coach, acme: str) -> None:
    from coach_tui.domain.pillars import PillarScore

    entries = coach.journal.recent()
    coach.boards.record_tip(acme, "t-understand-1")
    coach.weekly.record_tip("t-understand-2", date(2026, 11, 23))
    coach.weekly.record_weekly(date(2026, 11, 23), {"lead": PillarScore("lead", 40, ())})
    coach.settings.save(theme="nord")
    assert coach.journal.recent() == entries


def test_undo_refuses_when_the_records_changed_since_and_writes_nothing(coach: Coach, store: FolderStore, acme: str) -> None:
    coach.boards.add_card(acme, "plan", "Pilot")
    cid = card_id(coach, acme, "Pilot")
    coach.boards.edit_card(acme, cid, title="Pilot, phase 1")
    with store.transaction() as txn:  # a change the journal does not know (an older coach)
        txn.unjournaled()
        card = next(c for c in txn.history(acme).cards if c.id == cid)
        card.notes = "added elsewhere"
        txn.put_card(card)
    files, journal = state(store), store.journal_path.read_bytes()
    with pytest.raises(InputError, match=r"can't undo \"edited card 'Pilot, phase 1'\": the card 'Pilot, phase 1' changed since"):
        coach.journal.undo()
    assert state(store) == files and store.journal_path.read_bytes() == journal
    # Redo refuses the same way when what the undo left changed since.
    coach.journal.recent()  # the journal still offers it: a later undo may be wanted once fixed


def test_redo_refuses_when_the_undone_records_changed_since(coach: Coach, store: FolderStore, acme: str) -> None:
    from coach_tui.domain.models import Card, CardMove

    coach.boards.add_card(acme, "plan", "Pilot")
    undone = coach.journal.undo()
    [step] = undone.steps
    with store.transaction() as txn:  # the same card, put back by something the journal does not know
        txn.unjournaled()
        moment = coach.now()
        txn.put_card(Card(step.key, acme, "deliver", "Pilot", moment, moves=[CardMove(moment, None, "deliver")]))
    files = state(store)
    with pytest.raises(InputError, match=r"can't redo \"added card 'Pilot' to Plan\": the card 'Pilot' changed since"):
        coach.journal.redo()
    assert state(store) == files


def test_a_new_change_forgets_what_could_be_redone(coach: Coach, acme: str) -> None:
    coach.boards.add_card(acme, "plan", "Pilot")
    coach.journal.undo()
    assert coach.journal.recent()[1]
    coach.boards.add_card(acme, "plan", "Other")
    assert coach.journal.recent()[1] == []
    with pytest.raises(InputError, match="nothing to redo"):
        coach.journal.redo()


def test_nothing_to_undo(coach: Coach) -> None:
    with pytest.raises(InputError, match="nothing to undo"):
        coach.journal.undo()


def test_undo_of_adding_a_client_removes_it_whole_and_redo_brings_it_back(coach: Coach, store: FolderStore) -> None:
    client = coach.clients.add("Initech", sponsor="Ana Lima")
    assert last(coach) == "added client Initech"
    coach.journal.undo()
    assert store.names() == [] and store.read().entries == []
    assert not store.client_path(client.id).exists()
    assert store.read_whole() is not None  # the index agrees with the files
    coach.journal.redo()
    assert store.names() == [(client.id, "Initech", False)]
    assert [p.name for p in store.read_client(client.id).people] == ["Ana Lima"]


def test_undo_of_adding_a_client_refuses_when_it_holds_records_added_since(coach: Coach, store: FolderStore) -> None:
    client = coach.clients.add("Initech")
    with store.transaction() as txn:
        txn.unjournaled()
        from coach_tui.domain.models import Card, CardMove

        moment = coach.now()
        txn.put_card(Card("card000001", client.id, "plan", "Kept", moment, moves=[CardMove(moment, None, "plan")]))
    with pytest.raises(InputError, match="records added since"):
        coach.journal.undo()
    assert store.names() == [(client.id, "Initech", False)]


def test_the_journal_keeps_the_last_changes_only(coach: Coach, acme: str) -> None:
    coach.boards.add_card(acme, "plan", "Pilot")
    cid = card_id(coach, acme, "Pilot")
    for n in range(KEEP + 20):
        coach.boards.edit_card(acme, cid, notes=f"note {n}")
    done, _ = coach.journal.recent()
    assert len(done) == KEEP
    assert done[0].what == "edited card 'Pilot'"


def test_a_big_journal_drops_its_oldest_entries(coach: Coach, store: FolderStore, acme: str) -> None:
    from coach_tui.store.journal import JOURNAL_BYTES

    coach.boards.add_card(acme, "plan", "Pilot")
    cid = card_id(coach, acme, "Pilot")
    for n in range(30):
        coach.boards.edit_card(acme, cid, notes=f"{n} " + "x" * 9_000)
    assert store.journal_path.stat().st_size <= JOURNAL_BYTES
    assert coach.journal.undo().what == "edited card 'Pilot'"  # the newest are kept


def test_a_damaged_journal_is_set_aside_and_never_stops_a_change(coach: Coach, store: FolderStore, acme: str) -> None:
    store.journal_path.write_text("{not json")
    with pytest.raises(StoreError, match="journal.jsonl: wrong shape.*sets it aside"):
        coach.journal.recent()
    with pytest.raises(StoreError, match="journal.jsonl"):
        coach.journal.undo()
    coach.boards.add_card(acme, "plan", "Pilot")
    assert (store.root / "journal.jsonl.damaged").read_text() == "{not json"
    assert any("began a new undo journal" in line for line in store.notices)
    assert [e.what for e in coach.journal.recent()[0]] == ["added card 'Pilot' to Plan"]


def test_a_damaged_record_in_the_journal_is_never_put_back(coach: Coach, store: FolderStore, acme: str) -> None:
    coach.boards.add_card(acme, "plan", "Pilot")
    cid = card_id(coach, acme, "Pilot")
    coach.boards.delete_card(acme, cid)
    lines = store.journal_path.read_text().splitlines()
    entry = json.loads(lines[-1])
    entry["steps"][0]["before"]["column"] = "nowhere"
    store.journal_path.write_text("\n".join([*lines[:-1], json.dumps(entry)]) + "\n")
    files = state(store)
    with pytest.raises(StoreError, match="damaged record"):
        coach.journal.undo()
    assert state(store) == files


def test_a_journal_of_the_wrong_shape_is_refused_in_one_line(coach: Coach, store: FolderStore, acme: str) -> None:
    header = json.dumps({"schema": 1, "done": 1, "undone": 0})
    store.journal_path.write_text(header + "\n" + json.dumps({"id": "x"}) + "\n")
    for call in (coach.journal.recent, coach.journal.undo):
        with pytest.raises(StoreError) as error:
            call()
        message = str(error.value)
        assert "\n" not in message and "entry 1: wrong shape" in message and "remove that file" in message
    # A header that does not count its lines is set aside by the next change.
    store.journal_path.write_text(json.dumps({"schema": 1, "done": 5, "undone": 0}) + "\n")
    with pytest.raises(StoreError, match="counts 5 and 0 entries, and 0 lines follow"):
        coach.journal.recent()
    coach.boards.add_card(acme, "plan", "Pilot")
    assert [e.what for e in coach.journal.recent()[0]] == ["added card 'Pilot' to Plan"]


def test_a_write_reads_no_entry_of_the_journal(coach: Coach, store: FolderStore, acme: str) -> None:
    """Only the header is read by a write: a damaged entry deep in the journal does not slow
    or stop a change, and is carried as it is (undo says so when it reaches it)."""
    coach.boards.add_card(acme, "plan", "Pilot")
    lines = store.journal_path.read_bytes().split(b"\n")
    lines[1] = b"{damaged"
    store.journal_path.write_bytes(b"\n".join(lines))
    coach.boards.add_card(acme, "plan", "Other")
    assert store.journal_path.read_bytes().split(b"\n")[1] == b"{damaged"
    assert coach.journal.undo().what == "added card 'Other' to Plan"
    assert coach.journal.undo().what == "added card 'Pilot' to Plan"
    with pytest.raises(StoreError, match="damaged entry 1"):
        coach.journal.undo()


def test_the_demo_is_not_journaled(demo_coach: Coach) -> None:
    assert demo_coach.journal.recent() == ([], [])


# -- a crash at each step of a journaled write ---------------------------------------------

CRASH = textwrap.dedent(
    """
    import os, sys
    from coach_tui.services import Coach
    from coach_tui.store import commit as store_mod, files
    from coach_tui.store.folder import FolderStore

    step, root, client_id = sys.argv[1], sys.argv[2], sys.argv[3]
    real_replace = os.replace

    def replace(src, dst):
        name = os.path.basename(str(dst))
        if step == "before-journal" and name == "journal.jsonl":
            os._exit(9)  # every data file in place, the journal not yet
        if step == "before-client" and "/clients/" in str(dst):
            os._exit(9)  # only the intent in place
        real_replace(src, dst)
        if step == "after-client" and "/clients/" in str(dst):
            os._exit(9)  # the client file in place, its shard and the journal not
        if step == "after-journal" and name == "journal.jsonl":
            os._exit(9)  # everything in place, the intent not yet removed

    files.os.replace = replace
    store_mod.os.replace = replace
    coach = Coach(FolderStore(root))
    coach.deliveries.log(client_id, "crash", told=True)
    """
)


@pytest.mark.parametrize("step", ["before-client", "after-client", "before-journal", "after-journal"])
def test_a_crash_never_leaves_an_entry_for_a_change_that_did_not_land(
    coach: Coach, store: FolderStore, acme: str, step: str
) -> None:
    coach.deliveries.log(acme, "kept", told=True)
    result = subprocess.run([sys.executable, "-c", CRASH, step, str(store.root), acme], capture_output=True, timeout=60)
    assert result.returncode == 9, result.stderr
    summaries = [d.summary for d in store.read_client(acme).deliveries]
    done, _ = coach.journal.recent()
    landed = summaries == ["kept", "crash"]
    assert landed or summaries == ["kept"]
    journaled = len(done) == 3
    assert journaled <= landed  # an entry only for a change that landed
    assert journaled == (step == "after-journal")
    # Undo works on what the journal says, and leaves the index agreeing with the files.
    coach.journal.undo()
    remaining = [d.summary for d in store.read_client(acme).deliveries]
    assert remaining == (["kept"] if journaled else [s for s in summaries if s != "kept"])
    assert store.read().entry(acme).facts.deliveries == len(remaining)  # type: ignore[union-attr]
    assert shard_of(acme) >= 0 and not store.intent_path.exists()
