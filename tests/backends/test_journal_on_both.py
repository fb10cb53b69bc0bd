"""The undo journal over both stores (pgkit.OVER_BOTH): every change of test_journal's CHANGES
(logging and editing deliveries; adding, editing, archiving clients; cards added, moved, told;
people, touches, plans, opportunities; weekly commitments and self-assessments) is one entry
that undo and redo replay, on a data folder and on a team database alike."""

from __future__ import annotations

from pgkit import borrow

globals().update(
    borrow(
        "store/test_journal.py",
        "test_each_change_is_one_entry_that_undo_and_redo_replay",
        "test_bookkeeping_is_not_journaled",
        "test_a_new_change_forgets_what_could_be_redone",
        "test_nothing_to_undo",
        "test_undo_of_adding_a_client_refuses_when_it_holds_records_added_since",
        "test_the_journal_keeps_the_last_changes_only",
    )
)
