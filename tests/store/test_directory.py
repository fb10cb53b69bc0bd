"""The client directory in `coach.json` (every `coach log` reads it): each line is checked, a
column at a time, and any wrong one refused with a message naming it."""

from __future__ import annotations

from typing import Any

import pytest

from coach_tui.store.decode import decode_names


def _data(lines: Any) -> dict[str, Any]:
    return {"names": {"1": {"clients": lines}}}


GOOD = [["acme", "Acme", False], ["globex", "Globex", True]]


def test_a_good_directory_reads_line_by_line() -> None:
    assert decode_names(_data(GOOD)) == [("acme", "Acme", False), ("globex", "Globex", True)]
    assert decode_names(_data([])) == []
    assert decode_names({}) == []


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        ([["acme", "Acme", False], "globex"], "a directory line is not [id, name, archived]"),
        ([["acme", "Acme"]], "a directory line is not [id, name, archived]"),
        ([["acme", "Acme", False, 1]], "a directory line is not [id, name, archived]"),
        ([["acme", "Acme", False], ["../x", "X", False]], "line for '../x' is malformed"),
        ([["acme", "Acme", False], ["", "X", False]], "line for '' is malformed"),
        ([["acme", "Acme", False], [7, "X", False]], "line for '7' is malformed"),
        ([["acme", "Acme", False], ["globex", None, False]], "line for 'globex' is malformed"),
        ([["acme", "Acme", False], ["globex", "  ", False]], "line for 'globex' is malformed"),
        ([["acme", "Acme", False], ["globex", "Globex", "false"]], "line for 'globex' is malformed"),
        ([["acme", "Acme", 0]], "line for 'acme' is malformed"),
        ([["acme", "Acme", False], ["acme", "Acme again", False]], "two directory lines for client acme"),
    ],
)
def test_a_wrong_line_is_refused_by_name(lines: Any, says: str) -> None:
    with pytest.raises(ValueError, match="wrong shape") as refused:
        decode_names(_data(lines))
    assert says in str(refused.value)
