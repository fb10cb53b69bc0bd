"""Invisible characters in user text: two different names never print alike.

"Globex" and "Glo\\u200bbex" are two clients; shown as they are, they look the same in every
list, message and report. `visible()` escapes every invisible format character, and the two
zero-width joiners wherever they would hide (next to ASCII text, at either end), keeping them
where emoji sequences and some scripts need them.
"""

from __future__ import annotations

import unicodedata

import pytest
from hardening_support import main_in_process, run_cli, terminal_hazards

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore
from coach_tui.textsafe import _FORMAT, _JOINERS, stand_in, visible


def test_every_invisible_format_character_is_escaped() -> None:
    """The table in textsafe is exactly Unicode's format characters (but the joiners) in the
    running Python: a newer Unicode adding one makes this fail rather than let it through."""
    format_chars = {code for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"}
    assert format_chars - _JOINERS == _FORMAT
    for code in format_chars:
        assert visible(f"Glo{chr(code)}bex") != "Globex", hex(code)
        assert stand_in(f"Glo{chr(code)}bex") != "Globex", hex(code)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Glo\u200bbex", "Glo\\u200bbex"),
        ("Glo\u00adbex", "Glo\\xadbex"),
        ("\ufeffGlobex", "\\ufeffGlobex"),
        ("Globex\u2060", "Globex\\u2060"),
        ("Glo\U000e0041bex", "Glo\\U000e0041bex"),
        ("Glo\u200dbex", "Glo\\u200dbex"),  # a joiner between ASCII letters hides
        ("\u200cGlobex", "\\u200cGlobex"),
        ("Family \U0001f469\u200d\U0001f469\u200d\U0001f467 Office", "Family \U0001f469\u200d\U0001f469\u200d\U0001f467 Office"),
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),  # Persian
        ("\u0915\u094d\u200d\u0937", "\u0915\u094d\u200d\u0937"),  # Devanagari
        ("\u00e9\u200d\u200b\u00e9", "\u00e9\\u200d\\u200b\u00e9"),  # next to a hidden character, it hides too
    ],
)
def test_invisible_characters_show_as_escapes(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert len(stand_in(text)) == len(text)
    assert not terminal_hazards(visible(text)) and not terminal_hazards(stand_in(text))


def test_look_alike_clients_print_differently_and_still_match(store: FolderStore) -> None:
    coach = Coach(store)
    coach.clients.add("Globex")
    coach.clients.add("Glo\u200bbex")
    listed = main_in_process(["client", "list", "--data", str(store.root)])
    assert listed.code == 0, listed.stderr
    assert listed.stdout.splitlines() == ["Globex: tier B, every 14 days", "Glo\\u200bbex: tier B, every 14 days"]
    # Typed normally, the plain name is found (the other is no match for it).
    assert coach.portfolio.find_client("globex").name == "Globex"
    logged = run_cli("log", "globex", "benchmark", "--told", data=store.root)
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.decode().startswith("logged idea for Globex on ")
    ambiguous = run_cli("log", "glo", "x", data=store.root)
    assert ambiguous.returncode == 2
    assert "Glo\\u200bbex" in ambiguous.stderr.decode()
