"""A write checks the facts of every entry of a shard it rewrites without decoding them
(`Entry.check_facts` runs `records.facts` alone): so whatever that check lets through must be
facts `ClientFacts.from_dict` decodes, and whatever it refuses the read refuses too."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach_tui.domain.facts import ClientFacts
from coach_tui.domain.models import Client
from coach_tui.store import records
from coach_tui.store.decode import Entry, decode_facts
from coach_tui.store.files import WrongShape

DAY = date(2026, 11, 2).toordinal()

GOOD: dict[str, Any] = {
    "va": [DAY * 2 + 1, (DAY - 9) * 2],
    "last": DAY,
    "cards": [[0, DAY, DAY - 3, 1, None], [2, DAY, DAY - 1, 0, DAY + 7]],
    "luc": DAY - 2,
    "n": 4,
    "pp": [3, 1, 1, 2],
    "ct": [DAY - 5, DAY],
    "xt": DAY - 5,
    "pl": [2, 1, DAY - 30, None, DAY - 20, None],
    "op": [[1, DAY + 3, 25000, DAY + 60], [0, None, 0, None]],
}


def test_the_sample_facts_are_whole() -> None:
    records.facts(GOOD, "c1")
    assert ClientFacts.from_dict(GOOD).deliveries == 4


# Values a damaged file may hold where a number, a list or a day belongs.
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.sampled_from([0, 1, 5, DAY, DAY * 2, -1, 10**9, 10**10, 3_652_060, 3_652_059 * 2 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
    st.lists(st.integers(-3, DAY + 1), max_size=6),
    st.lists(st.none(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the facts a value sits, nested lists included."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found += _paths(item, (*path, n))
    return found


PLACES = [p for p in _paths(GOOD) if p]


def _damaged(place: tuple[Any, ...], junk: Any, drop: bool) -> Any:
    raw = copy.deepcopy(GOOD)
    where: Any = raw
    for step in place[:-1]:
        where = where[step]
    if drop:
        del where[place[-1]]
    else:
        where[place[-1]] = junk
    return raw


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(PLACES), JUNK, st.booleans())
def test_facts_the_check_lets_through_always_decode(place: tuple[Any, ...], junk: Any, drop: bool) -> None:
    raw = _damaged(place, junk, drop)
    try:
        records.facts(raw, "c1")
    except WrongShape:
        return
    ClientFacts.from_dict(raw)  # never raises: the check is the whole test


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PLACES), JUNK, st.booleans())
def test_an_entry_is_refused_by_the_check_exactly_when_its_facts_do_not_decode(
    place: tuple[Any, ...], junk: Any, drop: bool
) -> None:
    raw = _damaged(place, junk, drop)
    client = Client("c1", "Acme", date(2026, 1, 5))
    try:
        decode_facts(client, copy.deepcopy(raw))
        decodes = True
    except ValueError:
        decodes = False
    entry = Entry(client, raw)
    if decodes:
        entry.check_facts()
    else:
        with pytest.raises(ValueError):
            entry.check_facts()
