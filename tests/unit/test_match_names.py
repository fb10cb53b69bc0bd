"""Finding a client by a typed name among thousands (`match_names`, `match_lines`): the names
are searched as one folded text, and must be found exactly as testing each name on its own
finds them (the rules as first written, kept here as the reference)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from coach_tui.domain.folding import fold
from coach_tui.domain.validation import match_lines, match_names


def reference(query: str, names: list[str]) -> list[int]:
    """The positions `match_names` found before it searched the names as one text: each name
    casefolded and folded on its own, then tested in turn."""
    typed = query.strip()
    if not typed:
        return []
    q, bare = typed.casefold(), fold(typed)
    pool = [(text.casefold(), text.casefold() if text.isascii() else fold(text), n) for n, text in enumerate(names)]
    accented = {c for c in q if not c.isascii()}

    def holds(n: str) -> bool:
        return all(c in n for c in accented)

    tests: list[Callable[[str, str], bool]] = [lambda n, b: n == q, lambda n, b: b == bare and holds(n)]
    if not typed.isascii():
        tests.append(lambda n, b: n.startswith(q))
    tests.append(lambda n, b: b.startswith(bare) and holds(n))
    if not typed.isascii():
        tests.append(lambda n, b: q in n)
    tests.append(lambda n, b: bare in b and holds(n))
    for test in tests:
        found = [n for cased, folded, n in pool if test(cased, folded)]
        if found:
            return found
    return []


NAMES = [
    "Müller Präzision GmbH",
    "Muller Prazis",
    "Muller AG",
    "muller ag",  # the same name twice but for case: both found
    "Straße Co",
    "STRASSE CO",
    "Café Noir",
    "Cafe",
    "ΟΔΟΣ",  # a final sigma: casefolded the same wherever it stands
    "İstanbul Lojistik",  # casefolds to an i and a combining dot
    "ﬀ Ligature",
    "Ǆemal",
    "e\u0301clair",  # an accent as a combining mark
    "\u0301mark first",
    "株式会社サクラ物流",
    "Acme",
    "Acme Holdings",
    "Client 0001 Foods",
    "Client 0010 Foods",
    "lower cost",
]

QUERIES = [
    "muller",
    "müller",
    "MÜLLER PRÄZISION GMBH",
    "muller ag",
    "Muller Präz",
    "präz",
    "strasse",
    "straße co",
    "cafe",
    "café",
    "οδος",
    "οδοσ",
    "istanbul",
    "i̇stanbul",
    "ff",
    "ﬀ",
    "dž",
    "eclair",
    "éclair",
    "\u0301",
    "mark",
    "サクラ",
    "acme",
    "ACME",
    "client 0001",
    "client 00",
    "0001",
    "foods",
    "Ò",
    "lö",
    "lo",
    "o",
    "zzz",
    "  acme  ",
    "",
    "   ",
]


def test_every_query_finds_what_testing_each_name_finds() -> None:
    for query in QUERIES:
        assert match_lines(query, NAMES) == reference(query, NAMES), query


def test_exact_prefix_part_and_ambiguity() -> None:
    assert match_names("acme", NAMES, str) == ["Acme"]  # exact wins over a prefix
    assert match_names("acme h", NAMES, str) == ["Acme Holdings"]
    assert match_names("muller ag", NAMES, str) == ["Muller AG", "muller ag"]  # two: ambiguous
    assert match_names("muller", NAMES, str) == ["Müller Präzision GmbH", "Muller Prazis", "Muller AG", "muller ag"]
    assert match_names("müller", NAMES, str) == ["Müller Präzision GmbH"]  # typed with its accent: meant
    assert match_names("0001", NAMES, str) == ["Client 0001 Foods"]  # part of a name
    assert match_names("client 00", NAMES, str) == ["Client 0001 Foods", "Client 0010 Foods"]
    assert match_names("Ò", NAMES, str) == []
    assert match_names("strasse", NAMES, str) == ["Straße Co", "STRASSE CO"]
    assert match_names("straße", NAMES, str) == ["Straße Co", "STRASSE CO"]  # ß casefolds to ss


def test_a_name_holding_a_line_break_is_tested_on_its_own() -> None:
    names = ["Acme\nHoldings", "Holdings Ltd", "Acme"]
    for query in ("holdings", "acme", "acme\nholdings", "me\nho", "\n"):
        assert match_lines(query, names) == reference(query, names), query
    assert match_names("holdings", names, str) == ["Holdings Ltd"]


def test_items_and_names_as_the_caller_reads_them() -> None:
    directory = [("c1", "Acme", False), ("c2", "Acme Holdings", True), ("c3", "Beta", False)]
    assert match_names("acme", directory, lambda n: n[1]) == [("c1", "Acme", False)]
    assert match_names("acme", iter(directory), lambda n: n[1]) == [("c1", "Acme", False)]  # any iterable
    assert match_names("ho", directory, lambda n: n[1]) == [("c2", "Acme Holdings", True)]
    assert match_names("acme", [], str) == []


# Names and queries drawn from letters that fold in every way: plain, accented (precomposed and
# as combining marks), expanding (ß, ﬀ), a final sigma, a dotted capital I, spaces and line
# breaks.
LETTERS = st.sampled_from(list("aAeEiIoOsSbB ") + ["é", "É", "\u0301", "ß", "ẞ", "ﬀ", "Σ", "σ", "ς", "İ", "ı", "Ò", "ö", "\n"])
NAME = st.lists(LETTERS, min_size=0, max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(NAME, max_size=12), NAME)
def test_drawn_names_are_found_as_testing_each_finds_them(names: list[str], query: str) -> None:
    assert match_lines(query, names) == reference(query, names)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAME, min_size=1, max_size=12), st.data())
def test_a_query_drawn_from_a_name_is_found_as_testing_each_finds_it(names: list[str], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(names))
    start = data.draw(st.integers(0, len(name)))
    query = name[start : data.draw(st.integers(start, len(name)))]
    assert match_lines(query, names) == reference(query, names)
