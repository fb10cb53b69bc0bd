"""Dates and cadences at the edges, through `coach log --date` and `--cadence`: a friendly
one-line refusal for each (never another exception), nothing saved on a guess, and what is
accepted said in the message. tests/unit covers `parse_when` and `parse_cadence` themselves;
these cases add the calendar's far edges and the whole path through the CLI to the store.
"""

from __future__ import annotations

from datetime import date

import pytest
from hardening_support import assert_one_line_error, main_in_process, run_cli, tree

from coach_tui.domain.dates import parse_when
from coach_tui.domain.errors import DateError
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

TODAY = date(2026, 11, 25)

EDGES = [
    "0000-01-01",
    "10000-01-01",
    "January 1st, 9999999999",
    "12345678901234567890",
    "31/02/2024",
    "",
    "   ",
    "9999-12-31",
    "Dec 31, 9999",
    "Jan 1, 0001",
    "0001-01-01",
    "1e10",
    "\x00",
    "Nov \x1b[2J 20",
    "٢٠/١١/٢٠٢٦",
    "-1d ago",
    "99999999999999999999d ago",
    "last " * 30,
]


@pytest.mark.parametrize("text", EDGES)
def test_far_edges_are_a_date_error(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, TODAY, earliest=TODAY)
    message = str(caught.value)
    assert message and "\n" not in message
    assert all(ch.isprintable() for ch in message), message  # what was typed is quoted safely


@pytest.fixture
def acme(data_dir) -> FolderStore:
    store = FolderStore(data_dir)
    Coach(store).clients.add("Acme", added=date(2019, 1, 1))
    return store


@pytest.mark.parametrize("text", EDGES)
def test_far_edges_through_coach_log(acme: FolderStore, text: str) -> None:
    before = tree(acme.root)
    result = main_in_process(["log", "acme", "dated", "--date", text, "--data", str(acme.root)])
    message = assert_one_line_error(result.err, result.code, 2)
    assert "date" in message or "day" in message
    assert tree(acme.root) == before


def test_far_edges_through_a_real_process(acme: FolderStore) -> None:
    for text in ("10000-01-01", "January 1st, 9999999999", "31/02/2024", ""):
        result = run_cli("log", "acme", "dated", "--date", text, data=acme.root)
        assert_one_line_error(result.stderr, result.returncode, 2)


# Numbers without a month name, and dates missing a part: which day is meant would be a guess.
GUESSES = ["01/02/03", "12", "5/17", "17.05.19", "2019", "Nov 2026", "20th", "Nov 20 26", "May", "3/4/2025", "2025/11/20"]


@pytest.mark.parametrize("text", GUESSES)
def test_ambiguous_or_partial_dates_are_never_saved(acme: FolderStore, text: str) -> None:
    before = tree(acme.root)
    result = main_in_process(["log", "acme", "a guess?", "--date", text, "--data", str(acme.root)])
    message = assert_one_line_error(result.err, result.code, 2)
    assert repr(text) in message and "20 Nov 2026" in message  # what was typed, what is accepted
    assert tree(acme.root) == before


@pytest.mark.parametrize(
    "text, meant",
    [
        ("May 17,2019", date(2019, 5, 17)),
        ("May 17, 2019", date(2019, 5, 17)),
        ("17 May 2019", date(2019, 5, 17)),
        ("٢٠٢٦-١١-٢٠", date(2026, 11, 20)),  # Arabic-Indic digits
        ("20 Nov ٢٠٢٦", date(2026, 11, 20)),
        ("２０２６-１１-２０", date(2026, 11, 20)),  # fullwidth digits
        ("2026-11-20T10:00:00+99:00", date(2026, 11, 20)),  # a time (and zone) is ignored
    ],
)
def test_full_dates_are_read_exactly_not_guessed(acme: FolderStore, text: str, meant: date) -> None:
    """dateutil alone reads `17,2019` as the number 17.2019 and fills in the year itself; a
    year in other digits was once refused as "not in full" while its day was read."""
    result = main_in_process(["log", "acme", "dated", "--date", text, "--data", str(acme.root)])
    assert result.code == 0, result.stderr
    client = Coach(acme).portfolio.find_client("acme")
    assert [d.on for d in acme.read_client(client.id).deliveries] == [meant]


@pytest.mark.parametrize("text", ["0d", "-2w", "400d", "1.5w", "abc", "", "0", "53w", "13m", "1y", "2 fortnights", "1e3d", "٣d"])
@pytest.mark.parametrize("command", ["add", "edit"])
def test_bad_cadences_are_refused_saying_what_is_accepted(acme: FolderStore, text: str, command: str) -> None:
    before = tree(acme.root)
    args = ["client", "add", "Initech"] if command == "add" else ["client", "edit", "acme"]
    # `--cadence=VALUE`: a value starting with "-" is still the option's value.
    result = main_in_process([*args, f"--cadence={text}", "--data", str(acme.root)])
    message = assert_one_line_error(result.err, result.code, 2)
    assert "between 1 day and 1 year: 10d, 2w, 1m" in message
    assert tree(acme.root) == before


def test_bad_cadence_in_a_real_process(acme: FolderStore) -> None:
    for text in ("-2w", "400d"):
        result = run_cli("client", "add", "Initech", f"--cadence={text}", data=acme.root)
        assert "10d, 2w, 1m" in assert_one_line_error(result.stderr, result.returncode, 2)
