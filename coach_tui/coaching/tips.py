"""The tip library (`data/tips.toml`) and which tip to show this week.

A tip coaches one pillar (what the scores measure) or one step of the job (a board column), and
names the scoring signals it answers. The library is validated when it is loaded, so a bad edit
to the TOML fails at start-up with a list of what is wrong instead of surfacing as a blank
coaching screen.

Selection follows the method: aim at the failing signal (the weakest pillar's lowest signal),
show the least recently shown tip whose premises hold for the client, never the same tip two
weeks running, and keep the choice stable for the rest of the week. `choose_tip` is pure: the
caller records a `TipShown(tip.id, week, scope)` after showing it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any, Protocol

from coach_tui.domain.models import COLUMNS, PILLARS, TipShown
from coach_tui.domain.pillars import WEIGHTS, Failing
from coach_tui.textsafe import visible

from .schedule import previous_week

TIPS_FILE = "tips.toml"

# The method asks for at least this many tips per pillar and per step, and the coaching aims
# at a signal, so every signal gets at least this many tips too.
MIN_PER_PILLAR = 6
MIN_PER_STEP = 3
MIN_PER_SIGNAL = 3

# The scoring engine's signals, pillar by pillar (domain.pillars.WEIGHTS), and `kept`, the
# portfolio's own: the manager's kept-commitment rate, in its lead score.
SIGNALS: dict[str, tuple[str, ...]] = {
    pillar: (*weights, *(("kept",) if pillar == "lead" else ())) for pillar, weights in WEIGHTS.items()
}
SIGNAL_PILLAR: dict[str, str] = {signal: pillar for pillar, signals in SIGNALS.items() for signal in signals}
# Signals that measure one step of the job (a board column): when the failing signal is one of
# these and neither it nor its pillar has a tip that fits, that step's tips are the last resort.
SIGNAL_STEPS: dict[str, tuple[str, ...]] = {
    "needs": ("understand",),
    "fresh": ("understand",),
    "linked": ("plan",),
    "flow": ("plan", "deliver"),
    "due": ("deliver",),
    "told": ("steward",),
}

# Facts about a client a tip may take for granted (`requires`) or rule out (`unless`), so a
# tip never contradicts the data: "ask your executive sponsor" needs a sponsor.
FLAGS: tuple[str, ...] = ("sponsor", "plan", "opportunities", "needs", "people", "team")

# What a tip may fill in when it is chosen, and where.
PLACEHOLDERS: tuple[str, ...] = ("client", "evidence")
FILLED_FIELDS: tuple[str, ...] = ("title", "body", "action")

# Length limits keep a tip readable in one glance on an 80-column terminal.
LIMITS: dict[str, int] = {"title": 60, "body": 420, "action": 160, "question": 160}
TEXT_FIELDS: tuple[str, ...] = ("id", "title", "body", "action", "question")
LIST_FIELDS: tuple[str, ...] = ("signals", "requires", "unless")
_ALLOWED_KEYS = frozenset(TEXT_FIELDS) | frozenset(LIST_FIELDS) | {"pillar", "step"}
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# "{client}'s" reads badly for a name that ends in s, or in a full stop ("Acme Ltd.'s").
_POSSESSIVE = re.compile(r"\{client\}['\u2019]")


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
    signals: tuple[str, ...] = ()  # the signals it answers
    requires: tuple[str, ...] = ()  # flags that must hold for it to make sense
    unless: tuple[str, ...] = ()  # flags that must not hold

    @property
    def topic(self) -> str:
        """The pillar or step this tip coaches (exactly one of them is set)."""
        return self.pillar or self.step or ""

    def fits(self, flags: Collection[str] | None) -> bool:
        """True when the tip's premises hold for a client with these flags; `None` (facts
        unknown) checks nothing."""
        if flags is None:
            return True
        return all(f in flags for f in self.requires) and not any(f in flags for f in self.unless)

    def uses(self, placeholder: str) -> bool:
        """True when the title, body or action names `{placeholder}`."""
        mark = "{" + placeholder + "}"
        return any(mark in getattr(self, name) for name in FILLED_FIELDS)


class FailingSignal(Protocol):
    """What the coaching aims at, as the scoring engine reports it."""

    @property
    def pillar(self) -> str: ...

    @property
    def signal(self) -> str | None: ...

    @property
    def evidence(self) -> str: ...


def _check_list(name: str, entry: Mapping[str, Any], key: str, valid: Collection[str], kind: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [f"{name}: {key!r} must be a list of strings"]
    problems = [f"{name}: unknown {kind} {v!r} in {key!r}" for v in value if v not in valid]
    problems += [f"{name}: {kind} {v!r} listed twice in {key!r}" for v in sorted(set(value)) if value.count(v) > 1]
    return problems


def _check_placeholders(name: str, entry: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    for key in TEXT_FIELDS:
        text = entry.get(key)
        if not isinstance(text, str):
            continue
        found = _PLACEHOLDER.findall(text)
        if found and key not in FILLED_FIELDS:
            problems.append(f"{name}: {key!r} cannot hold placeholders (only {', '.join(FILLED_FIELDS)} can)")
            continue
        for word in found:
            if word not in PLACEHOLDERS:
                problems.append(f"{name}: unknown placeholder {{{word}}} in {key!r}; use {{client}} or {{evidence}}")
        rest = _PLACEHOLDER.sub("", text)
        if "{" in rest or "}" in rest:
            problems.append(f"{name}: {key!r} has an unmatched brace")
        if _POSSESSIVE.search(text):
            problems.append(f"{name}: {key!r} uses {{client}} as a possessive, which reads badly for some names")
    return problems


def validate_tips(
    raw: Mapping[str, Any],
    *,
    min_per_pillar: int = MIN_PER_PILLAR,
    min_per_step: int = MIN_PER_STEP,
    min_per_signal: int = MIN_PER_SIGNAL,
) -> list[str]:
    """Every problem with a parsed tip library (`{"tip": [ {...}, ... ]}`); empty when it is fine."""
    entries = raw.get("tip") if isinstance(raw, Mapping) else None
    if not isinstance(entries, list) or not entries:
        return ["the library has no [[tip]] entries"]

    problems: list[str] = []
    seen: set[str] = set()
    per_topic: dict[str, int] = {}
    per_signal: dict[str, int] = {}
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
        problems += _check_placeholders(name, entry)

        tip_id = entry.get("id")
        if isinstance(tip_id, str):
            if tip_id in seen:
                problems.append(f"{name}: duplicate id")
            seen.add(tip_id)
            if not _KEBAB.match(tip_id):
                problems.append(f"{name}: id must be kebab-case (a-z, 0-9, single hyphens)")

        signal_problems = _check_list(name, entry, "signals", SIGNAL_PILLAR, "signal")
        problems += signal_problems
        listed = entry.get("signals", [])
        # The known signals still count, so one typo is reported once, not again as a shortage.
        signals = [s for s in listed if s in SIGNAL_PILLAR] if isinstance(listed, list) else []
        malformed = not isinstance(listed, list) or not all(isinstance(s, str) for s in listed)
        for signal in signals:
            per_signal[signal] = per_signal.get(signal, 0) + 1
        flag_problems = [p for key in ("requires", "unless") for p in _check_list(name, entry, key, FLAGS, "flag")]
        problems += flag_problems
        if not flag_problems:
            for flag in sorted(set(entry.get("requires", [])) & set(entry.get("unless", []))):
                problems.append(f"{name}: flag {flag!r} is both required and ruled out")
        quotes_evidence = any(isinstance(entry.get(k), str) and "{evidence}" in entry[k] for k in FILLED_FIELDS)
        if quotes_evidence and not signals and not malformed:
            problems.append(f"{name}: uses {{evidence}} but answers no signal, so it could never show")

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
        # A pillar tip falls back for any failing signal of its pillar, so it must answer one.
        if has_pillar and not malformed and not any(SIGNAL_PILLAR[s] == topic for s in signals):
            problems.append(f"{name}: a {topic} tip must answer at least one of the signals {', '.join(SIGNALS[topic])}")

    for topics, minimum, kind in ((PILLARS, min_per_pillar, "pillar"), (COLUMNS, min_per_step, "step")):
        for topic in topics:
            count = per_topic.get(topic, 0)
            if count < minimum:
                problems.append(f"{kind} {topic!r} has {count} tips, at least {minimum} needed")
    for signal in SIGNAL_PILLAR:
        count = per_signal.get(signal, 0)
        if count < min_per_signal:
            problems.append(f"signal {signal!r} has {count} tips, at least {min_per_signal} needed")
    return problems


def parse_tips(raw: Mapping[str, Any], **minimums: int) -> tuple[Tip, ...]:
    """Tips from a parsed library, in library order; raises TipLibraryError listing all problems.
    `minimums` go to `validate_tips` (`min_per_pillar`, `min_per_step`, `min_per_signal`)."""
    problems = validate_tips(raw, **minimums)
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
            signals=tuple(e.get("signals", ())),
            requires=tuple(e.get("requires", ())),
            unless=tuple(e.get("unless", ())),
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


def tips_for_signal(signal: str, tips: Iterable[Tip] | None = None) -> tuple[Tip, ...]:
    """The tips that answer `signal` (of its pillar or of a step), in library order."""
    if signal not in SIGNAL_PILLAR:
        raise ValueError(f"unknown signal {signal!r}; expected one of {', '.join(SIGNAL_PILLAR)}")
    return tuple(t for t in (load_tips() if tips is None else tips) if signal in t.signals)


def _filled(tip: Tip, values: Mapping[str, str]) -> Tip:
    """`tip` with its placeholders replaced, in one pass, so a client named "{evidence}" stays
    as typed."""
    if not any(tip.uses(word) for word in PLACEHOLDERS):
        return tip

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    return replace(tip, title=fill(tip.title), body=fill(tip.body), action=fill(tip.action))


def choose_tip(
    failing: FailingSignal | str,
    shown: Sequence[TipShown],
    week: date,
    scope: str = "portfolio",
    flags: Collection[str] | None = None,
    client_name: str = "",
    tips: Iterable[Tip] | None = None,
) -> Tip:
    """The tip to show in `scope` during the week starting on `week`, aimed at `failing`.

    `failing` is the weakest pillar with its failing signal and evidence (a `Failing`, or any
    object with `pillar`, `signal` and `evidence`); a bare pillar id means no signal is known.
    `flags` are the facts that hold for the client (`FLAGS`): a tip is eligible only when the
    flags it `requires` are all there and none it is `unless` is. `None` checks no premise
    (facts unknown, as for the old callers). For the portfolio, pass the flags that hold for
    every active client: a tip that needs a sponsor then shows only when all have one, and
    "name a sponsor" only while one lacks it. A tip naming `{client}` needs `client_name`; one naming `{evidence}` needs
    the evidence and must answer the failing signal itself, so the sentence it quotes is about
    what the tip says.

    The eligible tips come in tiers, most specific first: those that answer the failing signal,
    then the pillar's, then (for a signal of a step of the job, `SIGNAL_STEPS`) that step's.

    - A tip recorded for this scope this week that is still eligible in any tier is returned
      again, so the coaching shows the same tip however often it is opened that week (the
      latest such record wins). One that no longer fits (a sponsor was named since) is not.
    - Otherwise the first tier holding a tip not shown last week gives its least recently shown
      such tip; never-shown tips come first, and ties go to library order. Only when every
      eligible tip was shown last week does the least recent of the first tier repeat.

    Only history in the same scope counts: the portfolio and each client rotate on their own.
    `week` is the start of the current week (`schedule.week_of`). The tip comes back with its
    placeholders filled, the client's name and the evidence through `textsafe.visible()`.
    Raises ValueError for an unknown pillar, signal or flag, or when no tip is eligible.
    """
    aim: FailingSignal = Failing(failing) if isinstance(failing, str) else failing
    pillar, signal = aim.pillar, aim.signal
    if pillar not in PILLARS:
        raise ValueError(f"unknown pillar {pillar!r}; expected one of {', '.join(PILLARS)}")
    if signal is not None and signal not in SIGNALS[pillar]:
        raise ValueError(f"unknown signal {signal!r} for pillar {pillar!r}; expected one of {', '.join(SIGNALS[pillar])}")
    facts = None if flags is None else frozenset(flags)
    if facts is not None and not facts <= set(FLAGS):
        raise ValueError(f"unknown flag(s) {', '.join(sorted(facts - set(FLAGS)))}; expected some of {', '.join(FLAGS)}")

    name = visible(client_name.strip())
    evidence = visible(aim.evidence.strip().removesuffix(".").rstrip())
    library = tuple(load_tips() if tips is None else tips)

    def eligible(tip: Tip, on_signal: bool) -> bool:
        return (
            tip.fits(facts)
            and (bool(name) or not tip.uses("client"))
            and ((on_signal and bool(evidence)) or not tip.uses("evidence"))
        )

    tiers: list[list[Tip]] = []
    if signal is not None:
        tiers.append([t for t in library if signal in t.signals and eligible(t, True)])
    tiers.append([t for t in library if t.pillar == pillar and eligible(t, False)])
    steps = SIGNAL_STEPS.get(signal, ()) if signal is not None else ()
    if steps:
        tiers.append([t for t in library if t.step in steps and eligible(t, False)])
    if not any(tiers):
        if not any(t.pillar == pillar for t in library):
            raise ValueError(f"the tip library has no tip for pillar {pillar!r}")
        raise ValueError(f"the tip library has no tip for pillar {pillar!r} that fits this client's facts")

    values = {"client": name, "evidence": evidence}
    qualifying = {t.id: t for tier in tiers for t in tier}
    mine = [h for h in shown if h.scope == scope]
    for h in reversed(mine):
        if h.week == week and h.tip_id in qualifying:
            return _filled(qualifying[h.tip_id], values)

    last_shown: dict[str, date] = {}
    for h in mine:
        if h.tip_id not in last_shown or h.week > last_shown[h.tip_id]:
            last_shown[h.tip_id] = h.week
    # "Last week" is the seven days before this week's start rather than one exact date, so a
    # record made under a different first weekday still counts.
    last_week_start = previous_week(week)
    shown_last_week = {h.tip_id for h in mine if last_week_start <= h.week < week}

    order = {t.id: i for i, t in enumerate(library)}

    def least_recent(pool: list[Tip]) -> Tip:
        return min(pool, key=lambda t: (last_shown.get(t.id, date.min), order[t.id]))

    for tier in tiers:
        pool = [t for t in tier if t.id not in shown_last_week]
        if pool:
            return _filled(least_recent(pool), values)
    return _filled(least_recent(next(tier for tier in tiers if tier)), values)


__all__ = [
    "MIN_PER_PILLAR",
    "MIN_PER_STEP",
    "MIN_PER_SIGNAL",
    "SIGNALS",
    "SIGNAL_PILLAR",
    "SIGNAL_STEPS",
    "FLAGS",
    "PLACEHOLDERS",
    "LIMITS",
    "Tip",
    "Failing",
    "FailingSignal",
    "TipLibraryError",
    "validate_tips",
    "parse_tips",
    "load_tips",
    "tip_by_id",
    "tips_for_pillar",
    "tips_for_step",
    "tips_for_signal",
    "choose_tip",
]
