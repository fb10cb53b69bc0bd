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
from .errors import InputError
from .models import COLUMNS, KINDS, TIERS

if TYPE_CHECKING:
    from .models import Cadence

NAME_LIMIT = 200  # a client name, a card title, a need, a sponsor
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


def clean_sponsor(sponsor: str) -> str:
    return clean_text(sponsor, "sponsor", "sponsor", NAME_LIMIT, required=False)


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


def check_self_scores(scores: dict[str, int]) -> dict[str, int]:
    """A self-assessment: each answer a whole number from 1 to 5."""
    low, high = SELF_SCALE
    for pillar, score in scores.items():
        if type(score) is not int or not low <= score <= high:
            raise InputError(f"a self-assessment score is {low} to {high} (got {score!r} for {pillar})", "assessment")
    return dict(scores)


def match_names(query: str, items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """Items whose name matches `query`, case-insensitively: an exact match wins, then
    prefixes, then substrings."""
    q = query.strip().casefold()
    if not q:
        return []
    pool = list(items)
    tests: tuple[Callable[[str], bool], ...] = (lambda n: n == q, lambda n: n.startswith(q), lambda n: q in n)
    for test in tests:
        found = [item for item in pool if test(name(item).casefold())]
        if found:
            return found
    return []


__all__ = [
    "NAME_LIMIT",
    "TEXT_LIMIT",
    "NOTES_LIMIT",
    "COMMITMENT_LIMIT",
    "SELF_SCALE",
    "Ambiguous",
    "clean_name",
    "clean_text",
    "clean_title",
    "clean_notes",
    "clean_summary",
    "clean_sponsor",
    "clean_commitment",
    "as_cadence",
    "parse_kind",
    "parse_tier",
    "parse_column",
    "check_self_scores",
    "match_names",
]
