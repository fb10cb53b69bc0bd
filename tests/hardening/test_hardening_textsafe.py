"""`textsafe`, the one place user text is made safe to print: whatever goes in, nothing a
terminal acts on comes out, and text with nothing to escape comes out unchanged."""

from __future__ import annotations

import json

from hardening_support import terminal_hazards
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coach_tui.textsafe import json_text, stand_in, visible

anything = st.text(st.characters(codec=None, categories=None), max_size=60)


@settings(max_examples=500, deadline=None)
@given(anything)
@example("\x1b]52;c;ZXZpbA==\x07 \x9b31m \u202e \u2028 \udcff \x00")
def test_visible_leaves_nothing_for_a_terminal_to_act_on(text: str) -> None:
    shown = visible(text)
    assert terminal_hazards(shown) == []
    assert "\u2028" not in shown and "\u2029" not in shown  # one line stays one line
    shown.encode("utf-8")  # printable by a strict UTF-8 terminal
    if not terminal_hazards(text) and not set(text) & {"\n", "\u2028", "\u2029"}:
        assert shown == text  # nothing to escape: nothing changed
    assert "\n" in visible(text, keep_newlines=True) or "\n" not in text


@settings(max_examples=500, deadline=None)
@given(anything)
@example("Evil\x1b[2J\x00\x7f\x9b\u202e\u2028\udcff")
def test_stand_in_keeps_the_length_and_shows_every_control(text: str) -> None:
    shown = stand_in(text)
    assert len(shown) == len(text)  # an editing cursor still counts the same characters
    assert terminal_hazards(shown) == []
    shown.encode("utf-8")


@settings(max_examples=500, deadline=None)
@given(anything, anything)
@example("\x1b]52;c;ZXZpbA==\x07 \x9b31m \u202e \u2028 \udcff \x00", "Family \U0001f469\u200d\U0001f467 \U000e0001")
def test_json_text_reads_back_and_leaves_nothing_for_a_terminal(key: str, text: str) -> None:
    data = {key: [text, {"n": 1}], "plain": "Müller €"}
    printed = json_text(data)
    assert json.loads(printed) == data  # the very text, read back
    assert terminal_hazards(printed) == []
    printed.encode("utf-8")  # printable by a strict UTF-8 terminal
    assert '"Müller €"' in printed  # non-ASCII as it is


def test_stand_in_marks() -> None:
    assert stand_in("a\x1b[2J\x00\x7f\x9b\u202e") == "a\u241b[2J\u2400\u2421\ufffd\ufffd"


def test_visible_escapes_exactly_the_hazards_one_character_at_a_time() -> None:
    """The fast paths (printable text as it is, one regex for the rest) give what the rule
    gives character by character, over every code point."""
    from coach_tui.textsafe import _escape, _escaped, _hazard

    for code in range(0x110000):
        ch = chr(code)
        assert bool(_escaped(False).fullmatch(ch)) == _hazard(code), hex(code)
        assert bool(_escaped(True).fullmatch(ch)) == (_hazard(code) and ch != "\n"), hex(code)
        if ch.isprintable():
            assert not _hazard(code), hex(code)  # the fast path never skips a hazard
        expected = _escape(ch) if _hazard(code) else ch
        assert visible(f"a{ch}b") == f"a{expected}b", hex(code)
    assert visible("a\nb", keep_newlines=True) == "a\nb"
    assert visible("a\nb") == "a\\x0ab"
