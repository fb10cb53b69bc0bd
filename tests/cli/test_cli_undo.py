"""`coach undo`, `coach undo --list` and `coach redo`: the last change made, from the shell or
the app, undone and said; refusals in one line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from clikit import coach as run
from clikit import one_line_error
from storekit import semantic

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore


def test_undo_takes_back_the_last_change_and_says_what_it_was(data_dir: Path) -> None:
    run("client", "add", "Acme", data=data_dir, check=True)
    run("log", "acme", "Rate benchmark", "--date", "2026-11-03", data=data_dir, check=True)
    undone = run("undo", data=data_dir, check=True)
    assert undone.stdout == "undid: logged a delivery for Acme on 3 Nov 2026\n"
    store = FolderStore(data_dir)
    [(client_id, _name, _archived)] = store.names()
    history = store.read_client(client_id)
    assert history.deliveries == [] and history.cards == []  # its Steward card went with it
    redone = run("redo", data=data_dir, check=True)
    assert redone.stdout == "redid: logged a delivery for Acme on 3 Nov 2026\n"
    assert [d.summary for d in store.read_client(client_id).deliveries] == ["Rate benchmark"]


def test_undo_reaches_a_change_made_in_the_app(coach: Coach, data_dir: Path) -> None:
    """The app writes through the same use cases: its changes are the shell's to undo too."""
    acme = coach.clients.add("Acme")
    coach.clients.archive(acme.id)
    assert run("undo", data=data_dir, check=True).stdout == "undid: archived Acme\n"
    assert FolderStore(data_dir).names() == [(acme.id, "Acme", False)]


def test_undo_list_shows_the_recent_changes_newest_first_and_those_undone(data_dir: Path) -> None:
    run("client", "add", "Acme", data=data_dir, check=True)
    run("card", "add", "acme", "Pilot", "--column", "plan", data=data_dir, check=True)
    run("card", "move", "acme", "pilot", "--forward", data=data_dir, check=True)
    run("undo", data=data_dir, check=True)
    listed = run("undo", "--list", data=data_dir, check=True).stdout.splitlines()
    assert listed[2] == "undone (coach redo puts back the first):"
    assert [line[18:] for line in listed[:2] + listed[3:]] == [
        "added card 'Pilot' to Plan",
        "added client Acme",
        "moved card 'Pilot' to Deliver",
    ]
    assert listed[0].startswith("2026-11-25 ")


def test_nothing_to_undo_is_one_line(data_dir: Path) -> None:
    assert "nothing to undo" in one_line_error(run("undo", data=data_dir), 2)
    assert "nothing to redo" in one_line_error(run("redo", data=data_dir), 2)
    assert run("undo", "--list", data=data_dir, check=True).stdout == "no changes to undo yet\n"


def test_an_undo_refused_is_one_line_and_changes_nothing(coach: Coach, store: FolderStore, data_dir: Path) -> None:
    acme = coach.clients.add("Acme")
    coach.clients.edit(acme.id, tier="A")
    with store.transaction() as txn:  # a change the journal does not know
        txn.unjournaled()
        client = txn.history(acme.id).client
        client.tier = "C"
        txn.put_client(client)
    error = one_line_error(run("undo", data=data_dir), 2)
    assert "can't undo 'edited client Acme': the client 'Acme' changed since" in error
    assert store.entry(acme.id).client.tier == "C"


def test_names_in_the_journal_are_shown_literally(data_dir: Path) -> None:
    run("client", "add", "Evil\x1b[31m", data=data_dir)
    listed = run("undo", "--list", data=data_dir)
    assert "\x1b" not in listed.stdout


def _furnish(coach: Coach) -> str:
    """An account with something of every kind to change from the shell."""
    acme = coach.clients.add("Acme").id
    coach.boards.add_card(acme, "plan", "Route audit")
    coach.deliveries.log(acme, "Benchmark")  # untold: a Steward card
    coach.deliveries.log(acme, "Rate card")
    coach.people.add(acme, "Eve Stone", "decision-maker")
    coach.people.add(acme, "Ana Lima", "exec-sponsor")
    coach.people.log_touch(acme, "Eve", "meeting", on=date(2026, 11, 24), with_ours=("Ana",))
    coach.opportunities.add(acme, "Warehouse", 50_000)
    coach.plans.add_goal(acme, "Lower rates")
    coach.plans.add_initiative(acme, "Rate audit")
    coach.weekly.save_commitment(date(2026, 11, 16), "Send the benchmark")
    return acme


# Each kind of change the issue names, made from the shell (or, for a week's commitment and
# self-assessment, which only the app makes, through its use cases), and what undo says.
SHELL_CHANGES: dict[str, tuple[tuple[str, ...], str]] = {
    "add client": (("client", "add", "Initech"), "added client Initech"),
    "edit client": (("client", "edit", "acme", "--tier", "A"), "edited client Acme"),
    "archive client": (("client", "archive", "acme"), "archived Acme"),
    "add card": (("card", "add", "acme", "Pilot", "--column", "plan"), "added card 'Pilot' to Plan"),
    "move card": (("card", "move", "acme", "route", "--forward"), "moved card 'Route audit' to Deliver"),
    "tell card": (("card", "tell", "acme", "benchmark"), "told the client about 'Benchmark'"),
    "report told": (("report", "acme", "--mark-told"), "told the client about 'Benchmark' (and 1 more)"),
    "log delivery": (("log", "acme", "Rate study", "--date", "2026-11-03"), "logged a delivery for Acme on 3 Nov 2026"),
    "edit delivery": (
        ("delivery", "edit", "acme", "Benchmark", "--summary", "Benchmark v2"),
        "edited the delivery of 25 Nov 2026 for Acme",
    ),
    "delete delivery": (("delivery", "delete", "acme", "Benchmark"), "deleted the delivery of 25 Nov 2026 for Acme"),
    "add person": (("person", "add", "acme", "Dana Reyes", "--role", "champion"), "added 'Dana Reyes' to Acme's people"),
    "edit person": (("person", "edit", "acme", "Eve", "--title", "CFO"), "edited 'Eve Stone' of Acme's people"),
    "remove person": (("person", "remove", "acme", "Eve"), "removed 'Eve Stone' from Acme's people"),
    "log touch": (("touch", "acme", "Eve", "--kind", "email"), "logged a touch with Acme on 25 Nov 2026"),
    "plan goal": (("plan", "goal", "add", "acme", "Cut cost"), "added goal 'Cut cost' to Acme's account plan"),
    "plan goal edit": (
        ("plan", "goal", "edit", "acme", "Lower", "--target", "8%"),
        "edited goal 'Lower rates' of Acme's account plan",
    ),
    "plan initiative": (
        ("plan", "initiative", "add", "acme", "Lane review"),
        "added initiative 'Lane review' to Acme's account plan",
    ),
    "plan review": (("plan", "review", "acme"), "reviewed Acme's account plan"),
    "plan share": (("plan", "share", "acme", "--with", "Eve", "--with", "Ana"), "shared Acme's account plan"),
    "add opportunity": (("opp", "add", "acme", "Baltic lanes"), "added opportunity 'Baltic lanes'"),
    "opportunity stage": (("opp", "stage", "acme", "Warehouse", "proposed"), "moved opportunity 'Warehouse' to proposed"),
    "edit opportunity": (("opp", "edit", "acme", "Warehouse", "--value", "60000"), "edited opportunity 'Warehouse'"),
    "remove opportunity": (("opp", "remove", "acme", "Warehouse"), "deleted opportunity 'Warehouse'"),
}
APP_CHANGES: dict[str, tuple[Callable[[Coach], object], str]] = {
    "commitment": (lambda c: c.weekly.save_commitment(date(2026, 11, 23), "Call the CFO"), "committed to 'Call the CFO'"),
    "commitment kept": (lambda c: c.weekly.save_commitment(date(2026, 11, 16), kept=True), "marked 'Send the benchmark' kept"),
    "self-assessment": (lambda c: c.weekly.save_assessment(date(2026, 11, 23), {"lead": 3}), "scored the week of 23 Nov 2026"),
    "unarchive": (lambda c: c.clients.unarchive(c.portfolio.find_client("Acme", include_archived=True).id), "unarchived Acme"),
}


def _undo_and_redo(store: FolderStore, data_dir: Path, before: object, what: str) -> None:
    after = semantic(store)
    assert after != before
    assert run("undo", data=data_dir, check=True).stdout == f"undid: {what}\n"
    assert semantic(store) == before  # exactly as it was
    assert run("redo", data=data_dir, check=True).stdout == f"redid: {what}\n"
    assert semantic(store) == after  # exactly as the change left it


@pytest.mark.parametrize("name", list(SHELL_CHANGES))
def test_coach_undo_and_redo_replay_each_change_made_in_the_shell(
    coach: Coach, store: FolderStore, data_dir: Path, name: str
) -> None:
    args, what = SHELL_CHANGES[name]
    _furnish(coach)
    before = semantic(store)
    run(*args, data=data_dir, check=True)
    _undo_and_redo(store, data_dir, before, what)


@pytest.mark.parametrize("name", list(APP_CHANGES))
def test_coach_undo_and_redo_replay_each_change_made_in_the_app(
    coach: Coach, store: FolderStore, data_dir: Path, name: str
) -> None:
    make, what = APP_CHANGES[name]
    acme = _furnish(coach)
    if name == "unarchive":
        coach.clients.archive(acme)
    before = semantic(store)
    make(coach)
    _undo_and_redo(store, data_dir, before, what)
