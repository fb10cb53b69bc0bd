"""A delivery is read by one test of every field at once (`records.delivery`), the
field-by-field reader only when that fails: both must take the same documents, read them
alike, and refuse the others with the same message."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coach_tui.store import records
from coach_tui.store.decode import DECODING_ERRORS

GOOD: dict[str, Any] = {
    "id": "c1d7",
    "client_id": "c1",
    "on": "2026-11-02",
    "kind": "industry",
    "summary": "Benchmark of lanes",
    "logged": "2026-11-02T09:30:00",
    "need_id": "c1k2",
    "told": True,
}

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            "c1",
            "c2",
            "c1 d",
            "idea",
            "industry",
            "IDEA",
            "2026-11-02",
            "2026-02-30",
            "9999-12-31",
            "0001-01-01",
            "2026-11-02T09:30:00",
            "2026-11-02T09:30:00+00:00",
            "2026-11-02 09:30:00",
            "x",
        ]
    ),
    st.text(max_size=6),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)
FIELDS = [*GOOD, "archived"]


def _field_by_field(doc: Any) -> Any:
    return records._owned(doc, "c1", records.DELIVERY_FIELDS, "a delivery", records.Delivery, records._DELIVERY)


def _outcome(read: Any, doc: Any) -> tuple[str, Any]:
    try:
        return "read", read(copy.deepcopy(doc))
    except DECODING_ERRORS as error:
        return type(error).__name__, str(error)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FIELDS), JUNK, st.booleans()), max_size=3))
def test_a_delivery_is_read_or_refused_as_field_by_field(changes: list[tuple[str, Any, bool]]) -> None:
    doc: Any = dict(GOOD)
    for field, junk, drop in changes:
        if drop:
            doc.pop(field, None)
        else:
            doc[field] = junk
    records.day("2026-11-02", "a delivery's", "on")  # a day already read, as most are
    assert _outcome(lambda d: records.delivery(d, "c1"), doc) == _outcome(_field_by_field, doc)


def test_the_whole_document_and_its_defaults() -> None:
    records.day("2026-11-02", "a delivery's", "on")
    read = records.delivery(dict(GOOD), "c1")
    assert read == _field_by_field(dict(GOOD))
    bare = {k: v for k, v in GOOD.items() if k not in ("need_id", "told")}
    assert records.delivery(bare, "c1") == _field_by_field(bare)
    assert records.delivery(bare, "c1").told is False and records.delivery(bare, "c1").need_id is None
    for doc in (None, [], "x", {**GOOD, "client_id": "c2"}):
        assert _outcome(lambda d: records.delivery(d, "c1"), doc) == _outcome(_field_by_field, doc)
