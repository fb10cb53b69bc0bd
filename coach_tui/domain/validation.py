"""What coach accepts from a user, checked in one place: names, free text, kinds, tiers,
columns, cadences, self-assessment answers, and matching a typed name against a list.

Forms, the CLI and the use cases all call these, so a value is judged the same way wherever it
was typed. Each check returns the cleaned value or raises `InputError` naming the `field` it
concerns and saying what is accepted; text a user typed is quoted through `visible()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from ..textsafe import has_letters, visible
from .account import CLIENT_ROLES, OUR_ROLES, ROLE_TITLES, STAGES, TOUCH_KINDS
from .errors import InputError
from .folding import fold
from .models import COLUMNS, KINDS, PILLARS, TIERS

if TYPE_CHECKING:
    from .models import Cadence

NAME_LIMIT = 200  # a client name, a card title, a need, a person, a goal
TEXT_LIMIT = 2000  # a delivery summary
NOTES_LIMIT = TEXT_LIMIT * 5  # a card's notes
COMMITMENT_LIMIT = 300  # the week's one-line commitment
SELF_SCALE = (1, 5)  # a self-assessment answer

T = TypeVar("T")


class Ambiguous(InputError):
    """A typed client name that matches several clients."""

    def __init__(self, query: str, names: list[str]) -> None:
        shown = ", ".join(visible(n) for n in names[:8])
        more = f" and {len(names) - 8} more" if len(names) > 8 else ""
        super().__init__(f"{visible(query)!r} matches {len(names)} clients: {shown}{more}; type more of the name", "client")
        self.names = names


def clean_name(name: str) -> str:
    """A client name: trimmed, not empty, one line, at most NAME_LIMIT characters."""
    name = name.strip()
    if not has_letters(name):
        raise InputError("a client name can't be empty", "name")
    if "\n" in name or "\r" in name:
        raise InputError("a client name must fit on one line", "name")
    if len(name) > NAME_LIMIT:
        raise InputError(f"a client name can be at most {NAME_LIMIT} characters (this one has {len(name)})", "name")
    return name


SOURCE_ID_LIMIT = 120
SOURCE_ID_RULE = "a source and its id, like salesforce:0015g00000AcmeAA (no spaces, at most 120 characters)"


def clean_source_id(text: str) -> str:
    """The id of a client's record in the CRM it came from: `<source>:<id>`, the source a word
    of lower-case letters and digits, the id printable characters without spaces."""
    typed = str(text).strip()
    source, colon, ident = typed.partition(":")
    if (
        colon
        and ident
        and source.isascii()
        and source.isalnum()
        and source == source.lower()
        and len(typed) <= SOURCE_ID_LIMIT
        and ident.isprintable()
        and not any(ch.isspace() for ch in ident)
    ):
        return typed
    shown = typed if len(typed) <= 40 else typed[:39] + "…"
    raise InputError(f"can't use {visible(shown)!r} as a CRM id: {SOURCE_ID_RULE}", "id")


def clean_text(text: str, what: str, field: str, limit: int = TEXT_LIMIT, required: bool = True) -> str:
    """Free text (`what` names it in the message): trimmed, not empty if `required`, at most
    `limit` characters."""
    text = text.strip()
    if required and not has_letters(text):
        raise InputError(f"the {what} can't be empty", field)
    if len(text) > limit:
        raise InputError(f"the {what} can be at most {limit} characters (this one has {len(text)})", field)
    return text


def clean_title(title: str) -> str:
    return clean_text(title, "card title", "title", NAME_LIMIT)


def clean_notes(notes: str) -> str:
    return clean_text(notes, "notes", "notes", NOTES_LIMIT, required=False)


def clean_summary(summary: str) -> str:
    return clean_text(summary, "summary", "summary")


def clean_person(name: str, field: str = "name") -> str:
    """A person's name: one line, not empty, at most NAME_LIMIT characters."""
    name = clean_text(name, "person's name", field, NAME_LIMIT)
    if "\n" in name or "\r" in name:
        raise InputError("a person's name must fit on one line", field)
    return name


def clean_line(text: str, what: str, field: str, required: bool = False) -> str:
    """A short one-line text (a title, a metric, a next step): at most NAME_LIMIT characters."""
    text = clean_text(text, what, field, NAME_LIMIT, required=required)
    if "\n" in text or "\r" in text:
        raise InputError(f"the {what} must fit on one line", field)
    return text


def clean_note(text: str) -> str:
    return clean_text(text, "note", "note", TEXT_LIMIT, required=False)


def _choice(text: str, choices: tuple[str, ...]) -> str | None:
    """`text` as one of `choices`: spaces and underscores read as `-`, case ignored, a unique
    prefix enough (`econ` is economic-buyer)."""
    key = "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    if key in choices:
        return key
    found = [c for c in choices if key and c.startswith(key)]
    return found[0] if len(found) == 1 else None


def parse_role(text: str, ours: bool | None = None) -> tuple[str, bool]:
    """A role (method.md) and which side it is on. `ours` None: the side the role says (our
    roles are ours; `other` is the client's); True or False: the role must exist on that side."""
    if ours is None:
        role = _choice(text, CLIENT_ROLES)
        if role is not None:
            return role, False
        role = _choice(text, OUR_ROLES)
        if role is not None:
            return role, True
    else:
        role = _choice(text, OUR_ROLES if ours else CLIENT_ROLES)
        if role is not None:
            return role, ours
        other = _choice(text, CLIENT_ROLES if ours else OUR_ROLES)
        if other is not None:
            side = "the client's side" if ours else "our side (the account team)"
            raise InputError(f"{ROLE_TITLES[other]} is a role on {side}: {_roles(ours)}", "role")
    raise InputError(f"unknown role {visible(text)!r}: {_roles(ours)}", "role")


def _roles(ours: bool | None) -> str:
    client = f"client roles are {', '.join(CLIENT_ROLES)}"
    team = f"our roles are {', '.join(OUR_ROLES)}"
    if ours is None:
        return f"{client}; {team}"
    return team if ours else client


def parse_touch_kind(text: str) -> str:
    kind = _choice(text, TOUCH_KINDS)
    if kind is None:
        raise InputError(f"unknown kind of touch {visible(text)!r}: use one of {', '.join(TOUCH_KINDS)}", "kind")
    return kind


def parse_stage(text: str) -> str:
    stage = _choice(text, STAGES)
    if stage is None:
        raise InputError(f"unknown stage {visible(text)!r}: use one of {', '.join(STAGES)}", "stage")
    return stage


def clean_commitment(text: str) -> str:
    return clean_text(text, "commitment", "commitment", COMMITMENT_LIMIT, required=False)


def as_cadence(value: str | Cadence) -> Cadence:
    """A cadence as typed (`2w`) or already read. The cadence rules are imported here, not at
    the top: `coach log` never needs them."""
    from .cadence import parse_cadence
    from .models import Cadence

    return value if isinstance(value, Cadence) else parse_cadence(value)


def parse_kind(text: str) -> str:
    kind = text.strip().lower()
    if kind not in KINDS:
        raise InputError(f"unknown kind {visible(text)!r}: use one of {', '.join(KINDS)}", "kind")
    return kind


def parse_tier(text: str) -> str:
    tier = text.strip().upper()
    if tier not in TIERS:
        raise InputError(f"unknown tier {visible(text)!r}: use A, B or C", "tier")
    return tier


def parse_column(text: str) -> str:
    key = text.strip().lower()
    for column in COLUMNS:
        if column.startswith(key) and key:
            return column
    raise InputError(f"unknown column {visible(text)!r}: use one of {', '.join(COLUMNS)}", "column")


def check_pillar(pillar: object, what: str = "a score") -> str:
    """One of the five pillars, named by its id; an error naming the bad one and the five."""
    if type(pillar) is not str or pillar not in PILLARS:
        shown = repr(visible(pillar)) if isinstance(pillar, str) else repr(pillar)
        raise InputError(f"{what} is for an unknown pillar {shown}: use one of {', '.join(PILLARS)}", "pillar")
    return pillar


def check_self_scores(scores: dict[str, int]) -> dict[str, int]:
    """A self-assessment: each answer, for one of the five pillars, a whole number from 1 to 5."""
    low, high = SELF_SCALE
    for pillar, score in scores.items():
        check_pillar(pillar, "a self-assessment score")
        if type(score) is not int or not low <= score <= high:
            raise InputError(f"a self-assessment score is {low} to {high} (got {score!r} for {pillar})", "assessment")
    return dict(scores)


def check_pillar_scores(scores: dict[str, int]) -> dict[str, int]:
    """A week's pillar scores as the coaching showed them: each, for one of the five pillars,
    a whole number from 0 to 100."""
    for pillar, score in scores.items():
        check_pillar(pillar, "a pillar score")
        if type(score) is not int or not 0 <= score <= 100:
            raise InputError(f"a pillar score is 0 to 100 (got {score!r} for {pillar})", "score")
    return dict(scores)


def match_names(query: str, items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """Items whose name matches `query`, in any case and with or without accents ("muller"
    finds "Müller"): an exact match wins, then prefixes, then substrings. A query typed with
    accents prefers, at each step, the names with those accents ("müller" means "Müller",
    not "Muller", when both exist), and never finds a name without them; one typed without
    accents treats both alike."""
    pool = list(items)
    return [pool[n] for n in match_lines(query, list(map(name, pool)))]


def match_lines(query: str, names: list[str]) -> list[int]:
    """The positions in `names` of those `query` matches, by `match_names`'s rules, in order.

    A `coach log` looks a name up among thousands, so the names are not folded one by one:
    they are put end to end, a line each, folded at once (case folding and dropping accents
    work a character at a time, and a line break is left as it is and never made), and each
    test is a search of that text (`str.find`, in C). Where that can't be done (a name or the
    query holding a line break), each name is tested on its own, as the rules say."""
    typed = query.strip()
    if not typed or not names:
        return []
    q, bare = typed.casefold(), fold(typed)
    # A letter typed with its accent is meant: a name matched without accents must hold each
    # such letter too ("Präz" finds "Müller Präzision", never "Prazis"; "ò" finds no "o").
    accented = {c for c in q if not c.isascii()}
    # Each test: which form of the names (as cased, or folded), how it must hold the needle
    # (be it, begin with it, or hold it), and whether the name must hold the accents typed.
    tests: list[tuple[bool, str, str, bool]]
    if typed.isascii():  # no accent typed: the tests below come down to these four
        tests = [(False, "is", q, False), (True, "is", bare, False), (True, "begins", bare, False), (True, "holds", bare, False)]
    else:
        tests = [
            (False, "is", q, False),
            (True, "is", bare, True),
            (False, "begins", q, False),
            (True, "begins", bare, True),
            (False, "holds", q, False),
            (True, "holds", bare, True),
        ]
    views = _lines_view(names, "\n" in q or "\n" in bare)
    for folded, how, needle, holds in tests:
        found = views.find(folded, how, needle)
        if holds:
            cased = views.cased()
            found = [n for n in found if all(c in cased[n] for c in accented)]
        if found:
            return found
    return []


class _Lines:
    """The names, casefolded and folded, tested one by one (the rules as written)."""

    def __init__(self, names: list[str]) -> None:
        self._cased = [text.casefold() for text in names]
        self._folded = [cased if text.isascii() else fold(text) for text, cased in zip(names, self._cased, strict=True)]

    def cased(self) -> list[str]:
        return self._cased

    def find(self, folded: bool, how: str, needle: str) -> list[int]:
        lines = self._folded if folded else self._cased
        if how == "is":
            return [n for n, line in enumerate(lines) if line == needle]
        if how == "begins":
            return [n for n, line in enumerate(lines) if line.startswith(needle)]
        return [n for n, line in enumerate(lines) if needle in line]


class _Text:
    """The names as one text, a line each (a line break before each and after the last),
    casefolded and folded whole: each test a search of that text."""

    def __init__(self, count: int, cased: str, folded: str) -> None:
        self._count = count
        self._texts = {False: cased, True: folded}
        self._cased: list[str] | None = None

    def cased(self) -> list[str]:
        if self._cased is None:
            self._cased = self._texts[False][1:-1].split("\n")
        return self._cased

    def find(self, folded: bool, how: str, needle: str) -> list[int]:
        text = self._texts[folded]
        if how == "is":
            pattern = f"\n{needle}\n"
        elif not needle:  # every name begins with and holds nothing
            return list(range(self._count))
        else:
            pattern = "\n" + needle if how == "begins" else needle
        found: list[int] = []
        breaks, counted = 0, 0  # the line breaks before `counted`
        at = text.find(pattern)
        while at != -1:
            breaks += text.count("\n", counted, at)
            counted = at
            # Found at the break before line n ("is", "begins"), or inside line n ("holds").
            found.append(breaks - 1 if how == "holds" else breaks)
            if how == "is":
                at = text.find(pattern, at + len(pattern) - 1)  # its last break begins the next line
            elif how == "begins":
                at = text.find(pattern, at + 1)
            else:
                at = text.find(pattern, text.find("\n", at))  # on from the end of this line
        return found


def _lines_view(names: list[str], broken: bool) -> _Lines | _Text:
    """The names as one text (`_Text`), or one by one (`_Lines`) when a name or the query
    (`broken`) holds a line break, which would read as the end of a name."""
    joined = "\n" + "\n".join(names) + "\n"
    breaks = len(names) + 1
    if broken or joined.count("\n") != breaks:
        return _Lines(names)
    cased = joined.casefold()
    if joined.isascii():  # plain ASCII: folding is casefolding, and only letters change
        return _Text(len(names), cased, cased)
    folded = fold(joined)
    if cased.count("\n") == breaks and folded.count("\n") == breaks:
        return _Text(len(names), cased, folded)
    return _Lines(names)


__all__ = [
    "NAME_LIMIT",
    "TEXT_LIMIT",
    "NOTES_LIMIT",
    "COMMITMENT_LIMIT",
    "SELF_SCALE",
    "Ambiguous",
    "clean_name",
    "clean_source_id",
    "SOURCE_ID_RULE",
    "clean_text",
    "clean_title",
    "clean_notes",
    "clean_summary",
    "clean_commitment",
    "clean_person",
    "clean_line",
    "clean_note",
    "parse_role",
    "parse_touch_kind",
    "parse_stage",
    "as_cadence",
    "parse_kind",
    "parse_tier",
    "parse_column",
    "check_pillar",
    "check_self_scores",
    "check_pillar_scores",
    "match_names",
    "match_lines",
]
