"""`coach undo`, `coach undo --list` and `coach redo`: the last change made, from the shell or
the app, undone and said; refusals in one line."""

from __future__ import annotations

from pathlib import Path

from clikit import coach as run
from clikit import one_line_error

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
