"""The tip library (`data/tips.toml`) and which tip to show this week.

A tip coaches one pillar (what the scores measure) or one step of the job (a board column).
The library is validated when it is loaded, so a bad edit to the TOML fails at start-up with a
list of what is wrong instead of surfacing as a blank coaching screen.

Selection follows the method: show the least recently shown tip of the weakest pillar, never the
same tip two weeks running, and keep the choice stable for the rest of the week. `choose_tip` is
pure: the caller records a `TipShown(tip.id, week, scope)` after showing it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from coach_tui.domain.models import COLUMNS, PILLARS, TipShown

from .schedule import previous_week

TIPS_FILE = "tips.toml"

# The method asks for at least this many tips per pillar and per step.
MIN_PER_PILLAR = 6
MIN_PER_STEP = 3

# Length limits keep a tip readable in one glance on an 80-column terminal.
LIMITS: dict[str, int] = {"title": 60, "body": 420, "action": 160, "question": 160}
TEXT_FIELDS: tuple[str, ...] = ("id", "title", "body", "action", "question")
_ALLOWED_KEYS = frozenset(TEXT_FIELDS) | {"pillar", "step"}
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class TipLibraryError(ValueError):
    """The tip library cannot be used; the message lists every problem found."""


@dataclass(frozen=True)
class Tip:
    """One piece of coaching: what to know, one thing to do this week, one question to ask oneself."""

    id: str
    title: str
    body: str
    action: str
    question: str
    pillar: str | None = None
    step: str | None = None

    @property
    def topic(self) -> str:
        """The pillar or step this tip coaches (exactly one of them is set)."""
        return self.pillar or self.step or ""


def validate_tips(raw: Mapping[str, Any], *, min_per_pillar: int = MIN_PER_PILLAR, min_per_step: int = MIN_PER_STEP) -> list[str]:
    """Every problem with a parsed tip library (`{"tip": [ {...}, ... ]}`); empty when it is fine."""
    entries = raw.get("tip") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list) or not entries:
        return ["the library has no [[tip]] entries"]

    problems: list[str] = []
    seen: set[str] = set()
    per_topic: dict[str, int] = {}
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            problems.append(f"tip #{n}: is not a table")
            continue
        name = f"tip {entry['id']!r}" if isinstance(entry.get("id"), str) else f"tip #{n}"

        for key in sorted(set(entry) - _ALLOWED_KEYS):
            problems.append(f"{name}: unknown field {key!r}")
        for key in TEXT_FIELDS:
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{name}: {key!r} is missing or empty")
            elif key in LIMITS and len(value) > LIMITS[key]:
                problems.append(f"{name}: {key!r} has {len(value)} characters, at most {LIMITS[key]}")
        if isinstance(entry.get("question"), str) and not entry["question"].rstrip().endswith("?"):
            problems.append(f"{name}: 'question' must end with '?'")

        tip_id = entry.get("id")
        if isinstance(tip_id, str):
            if tip_id in seen:
                problems.append(f"{name}: duplicate id")
            seen.add(tip_id)
            if not _KEBAB.match(tip_id):
                problems.append(f"{name}: id must be kebab-case (a-z, 0-9, single hyphens)")

        has_pillar, has_step = "pillar" in entry, "step" in entry
        if has_pillar == has_step:
            problems.append(f"{name}: needs exactly one of 'pillar' or 'step'")
            continue
        field, valid = ("pillar", PILLARS) if has_pillar else ("step", COLUMNS)
        topic = entry[field]
        if topic not in valid:
            problems.append(f"{name}: {field} {topic!r} is not one of {', '.join(valid)}")
            continue
        per_topic[topic] = per_topic.get(topic, 0) + 1
        # The prefix lets a reader of history or logs tell a tip's topic from its id alone.
        if isinstance(tip_id, str) and not tip_id.startswith(f"{topic}-"):
            problems.append(f"{name}: id must start with '{topic}-'")

    for topics, minimum, kind in ((PILLARS, min_per_pillar, "pillar"), (COLUMNS, min_per_step, "step")):
        for topic in topics:
            count = per_topic.get(topic, 0)
            if count < minimum:
                problems.append(f"{kind} {topic!r} has {count} tips, at least {minimum} needed")
    return problems


def parse_tips(
    raw: Mapping[str, Any], *, min_per_pillar: int = MIN_PER_PILLAR, min_per_step: int = MIN_PER_STEP
) -> tuple[Tip, ...]:
    """Tips from a parsed library, in library order; raises TipLibraryError listing all problems."""
    problems = validate_tips(raw, min_per_pillar=min_per_pillar, min_per_step=min_per_step)
    if problems:
        listing = "\n  - ".join(problems)
        raise TipLibraryError(f"the tip library {TIPS_FILE} has {len(problems)} problem(s):\n  - {listing}")
    return tuple(
        Tip(
            id=e["id"],
            title=e["title"].strip(),
            body=e["body"].strip(),
            action=e["action"].strip(),
            question=e["question"].strip(),
            pillar=e.get("pillar"),
            step=e.get("step"),
        )
        for e in raw["tip"]
    )


@cache
def load_tips() -> tuple[Tip, ...]:
    """The shipped tip library, validated, read once per process."""
    text = files("coach_tui.data").joinpath(TIPS_FILE).read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TipLibraryError(f"the tip library {TIPS_FILE} is not valid TOML: {exc}") from exc
    return parse_tips(raw)


def tip_by_id(tip_id: str, tips: Iterable[Tip] | None = None) -> Tip | None:
    """The tip with this id, or None (history may name a tip a later library dropped)."""
    return next((t for t in (load_tips() if tips is None else tips) if t.id == tip_id), None)


def tips_for_pillar(pillar: str, tips: Iterable[Tip] | None = None) -> tuple[Tip, ...]:
    """The tips that coach `pillar`, in library order."""
    if pillar not in PILLARS:
        raise ValueError(f"unknown pillar {pillar!r}; expected one of {', '.join(PILLARS)}")
    return tuple(t for t in (load_tips() if tips is None else tips) if t.pillar == pillar)


def tips_for_step(step: str, tips: Iterable[Tip] | None = None) -> tuple[Tip, ...]:
    """The tips for one step of the job (a board column), in library order."""
    if step not in COLUMNS:
        raise ValueError(f"unknown step {step!r}; expected one of {', '.join(COLUMNS)}")
    return tuple(t for t in (load_tips() if tips is None else tips) if t.step == step)


def choose_tip(
    pillar: str, history: Sequence[TipShown], week: date, scope: str = "portfolio", tips: Iterable[Tip] | None = None
) -> Tip:
    """The tip to show for `pillar` in `scope` during the week starting on `week`.

    - A tip of this pillar already recorded for this week and scope is returned again, so the
      coaching screen shows the same tip however often it is opened that week.
    - Otherwise the least recently shown tip wins; never-shown tips come first, and ties go to
      the earlier tip in the library.
    - A tip shown last week is skipped, so the same tip never shows two weeks running. The one
      exception: if every tip of the pillar was shown last week (a pillar with a single tip, in
      a custom library), the least recent of them repeats rather than showing nothing.

    Only history in the same scope counts: the portfolio and each client rotate on their own.
    `week` is the start of the current week (`schedule.week_of`).
    """
    candidates = tips_for_pillar(pillar, tips)
    if not candidates:
        raise ValueError(f"the tip library has no tip for pillar {pillar!r}")
    by_id = {t.id: t for t in candidates}
    mine = [h for h in history if h.scope == scope and h.tip_id in by_id]

    this_week = [h for h in mine if h.week == week]
    if this_week:
        # The last record wins should a week hold more than one (history is append-only).
        return by_id[this_week[-1].tip_id]

    last_shown: dict[str, date] = {}
    for h in mine:
        if h.tip_id not in last_shown or h.week > last_shown[h.tip_id]:
            last_shown[h.tip_id] = h.week

    # "Last week" is the seven days before this week's start rather than one exact date, so a
    # record made under a different first weekday still counts.
    last_week_start = previous_week(week)
    shown_last_week = {h.tip_id for h in mine if last_week_start <= h.week < week}
    pool = [t for t in candidates if t.id not in shown_last_week] or list(candidates)

    order = {t.id: i for i, t in enumerate(candidates)}
    return min(pool, key=lambda t: (last_shown.get(t.id, date.min), order[t.id]))


__all__ = [
    "MIN_PER_PILLAR",
    "MIN_PER_STEP",
    "LIMITS",
    "Tip",
    "TipLibraryError",
    "validate_tips",
    "parse_tips",
    "load_tips",
    "tip_by_id",
    "tips_for_pillar",
    "tips_for_step",
    "choose_tip",
]
