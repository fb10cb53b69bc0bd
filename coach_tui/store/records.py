"""The one check of every record coach stores: each field of the raw JSON document has its
type and a value coach can compute with, or the file is refused. Nothing is converted on the
way: `"archived": "false"` is not read as true (what `bool("false")` gives), `"14"` is not a
number, `"2026-W48-3"` is not a date, and an unknown field is not dropped at the next write.

- text is a JSON string; an id is text of letters, digits, `-` and `_`; an optional link
  (`need_id`, `delivery_id`) is null or an id; a flag is `true` or `false`;
- a count or a score is a whole number (not `true`, not `1.0`) within its range;
- a day is `YYYY-MM-DD` and a moment `YYYY-MM-DDTHH:MM:SS` (local, no time zone), exactly as
  coach writes them, from `clock.EARLIEST` to `clock.LATEST`: far enough from the ends of
  Python's calendar that adding a year and a cadence never overflows; a day in the index's
  facts is an ordinal of such a day;
- a client's cadence is `<amount><d|w|m>` within a year; a tier, a column, a kind and a pillar
  are one of coach's.

Each decoder returns the domain object built from the checked values (no second pass through
`from_dict`), or raises WrongShape naming the record, the field and what it must be. Decoding
stays fast: the index of thousands of clients is decoded at every launch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NoReturn, TypeGuard, TypeVar

from ..clock import EARLIEST, LATEST
from ..domain.account import (
    CLIENT_ROLES,
    OUR_ROLES,
    STAGES,
    TOUCH_KINDS,
    Goal,
    Initiative,
    Opportunity,
    Person,
    Plan,
    Share,
    Touch,
)
from ..domain.errors import InputError
from ..domain.models import (
    COLUMNS,
    KINDS,
    MAX_CADENCE,
    PILLARS,
    TIERS,
    Assessment,
    Cadence,
    Card,
    CardMove,
    Client,
    Commitment,
    Delivery,
    PillarWeek,
    TipShown,
)
from ..domain.money import CURRENCY_RULE, MAX_AMOUNT, clean_currency
from ..domain.validation import SOURCE_ID_RULE, clean_source_id
from .files import WrongShape

FIRST_DAY, LAST_DAY = EARLIEST.isoformat(), LATEST.isoformat()
LOW, HIGH = EARLIEST.toordinal(), LATEST.toordinal()
DAYS = f"a date from {FIRST_DAY} to {LAST_DAY} written YYYY-MM-DD"

CLIENT_FIELDS = frozenset(("id", "name", "added", "cadence", "tier", "archived", "revenue", "renewal", "source_id"))
CARD_FIELDS = frozenset(
    (
        "id",
        "client_id",
        "column",
        "title",
        "created",
        "notes",
        "need_id",
        "delivery_id",
        "moves",
        "closed",
        "updated",
        "owner",
        "due",
    )
)
DELIVERY_FIELDS = frozenset(("id", "client_id", "on", "kind", "summary", "logged", "need_id", "told"))
ENTRY_FIELDS = frozenset(("client", "facts"))
FACT_FIELDS = frozenset(("va", "last", "cards", "luc", "n", "pp", "ct", "xt", "pl", "op"))
ASSESSMENT_FIELDS = frozenset(("week", "scores", "at"))
PILLAR_WEEK_FIELDS = frozenset(("week", "scores"))
COMMITMENT_FIELDS = frozenset(("week", "text", "kept", "client_id", "tip_id", "obstacle", "carried"))
TIP_FIELDS = frozenset(("tip_id", "week", "scope"))
PERSON_FIELDS = frozenset(("id", "client_id", "name", "role", "title", "ours"))
TOUCH_FIELDS = frozenset(("id", "client_id", "person_id", "on", "kind", "note", "ours", "logged"))
PLAN_FIELDS = frozenset(("client_id", "goals", "initiatives", "reviewed", "shares"))
GOAL_FIELDS = frozenset(("id", "text", "metric", "target", "by"))
INITIATIVE_FIELDS = frozenset(("id", "text", "card_ids"))
SHARE_FIELDS = frozenset(("on", "person_ids", "with_client", "with_team"))
OPPORTUNITY_FIELDS = frozenset(
    ("id", "client_id", "title", "created", "value", "stage", "need_id", "next_step", "next_date", "close", "stages")
)
_ID_PUNCTUATION = str.maketrans("", "", "-_")


T = TypeVar("T")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _bad(what: str, field: str, value: Any, expected: str) -> NoReturn:
    raise WrongShape(f"wrong shape ({what} {field!r} is {_shown(value)}, not {expected})")


def fields(doc: Any, allowed: frozenset[str], what: str) -> dict[str, Any]:
    """`doc` if it is an object holding no field but `allowed` ones."""
    if type(doc) is not dict:
        raise WrongShape(f"wrong shape ({what} is {_shown(doc)}, not an object)")
    if not doc.keys() <= allowed:
        unknown = sorted(doc.keys() - allowed)[0]
        raise WrongShape(f"wrong shape ({what} holds a field coach does not know: {unknown[:40]!r})")
    return doc


def all_ids(joined: str) -> bool:
    """True if `joined` (ids put end to end) holds only the characters an id may hold: the
    check of thousands of ids at once, each known not to be empty."""
    rest = joined.translate(_ID_PUNCTUATION)
    return not rest or (rest.isascii() and rest.isalnum())


def is_id(value: Any) -> TypeGuard[str]:
    """Letters, digits, `-` and `_`, at least one of them (checked for every client at every
    read: str methods, not a loop over the characters)."""
    if type(value) is not str or not value:
        return False
    rest = value.translate(_ID_PUNCTUATION)
    return not rest or (rest.isascii() and rest.isalnum())


def ident(value: Any, what: str, field: str) -> str:
    if is_id(value):
        return value
    _bad(what, field, value, "an id (letters, digits, - and _)")


def link(value: Any, what: str, field: str) -> str | None:
    if value is None or is_id(value):
        return value
    _bad(what, field, value, "null or an id")


def text(value: Any, what: str, field: str) -> str:
    if type(value) is str:
        return value
    _bad(what, field, value, "text")


def flag(value: Any, what: str, field: str) -> bool:
    if value is True or value is False:
        return value
    _bad(what, field, value, "true or false")


def whole(value: Any, low: int, high: int, what: str, field: str) -> int:
    if type(value) is int and low <= value <= high:
        return value
    _bad(what, field, value, f"a whole number from {low} to {high}")


def one_of(value: Any, choices: tuple[str, ...], what: str, field: str) -> str:
    if type(value) is str and value in choices:
        # The choice itself, not the string the JSON parser made: a board of thousands of
        # card moves then holds one "understand", not one per move.
        return choices[choices.index(value)]
    _bad(what, field, value, "one of " + ", ".join(choices))


_DAY_CACHE: dict[str, date] = {}  # days repeat (every delivery of a day): parse each once


def day(value: Any, what: str, field: str) -> date:
    parsed = _DAY_CACHE.get(value) if type(value) is str else None
    if parsed is not None:
        return parsed
    if type(value) is str and len(value) == 10 and FIRST_DAY <= value <= LAST_DAY:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.isoformat() == value:
                if len(_DAY_CACHE) > 100_000:
                    _DAY_CACHE.clear()
                _DAY_CACHE[value] = parsed
                return parsed
    _bad(what, field, value, DAYS)


def moment(value: Any, what: str, field: str) -> datetime:
    if type(value) is str and FIRST_DAY <= value[:10] <= LAST_DAY:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None and parsed.isoformat() == value:
                return parsed
    _bad(what, field, value, f"a local time from {FIRST_DAY} to {LAST_DAY} written YYYY-MM-DDTHH:MM:SS")


def maybe_moment(value: Any, what: str, field: str) -> datetime | None:
    return None if value is None else moment(value, what, field)


def maybe_day(value: Any, what: str, field: str) -> date | None:
    return None if value is None else day(value, what, field)


def amount(value: Any, what: str, field: str) -> int | None:
    """An amount of money: null, or whole units from 0 to MAX_AMOUNT."""
    if value is None or (type(value) is int and 0 <= value <= MAX_AMOUNT):
        return value
    _bad(what, field, value, f"null or a whole amount from 0 to {MAX_AMOUNT}")


def ids(value: Any, what: str, field: str) -> tuple[str, ...]:
    if type(value) is list and all(is_id(v) for v in value):
        return tuple(value)
    _bad(what, field, value, "a list of ids")


# Every cadence coach accepts, as it is stored ("14d"), and its value (a named tuple: shared).
CADENCES = {str(c): c for unit, most in MAX_CADENCE.items() for c in (Cadence(n, unit) for n in range(1, most + 1))}


def cadence(value: Any, what: str) -> Cadence:
    found = CADENCES.get(value) if type(value) is str else None
    if found is None:
        _bad(what, "cadence", value, "a cadence from 1d, 1w or 1m to a year (365d, 52w, 12m)")
    return found


def source(value: Any, what: str) -> str | None:
    """A client's CRM id (`salesforce:0015g00000AcmeAA`): absent, or as `clean_source_id` takes it."""
    if value is None:
        return None
    if type(value) is str:
        try:
            if clean_source_id(value) == value:
                return value
        except InputError:
            pass
    _bad(what, "source_id", value, SOURCE_ID_RULE)


# -- the records -------------------------------------------------------------------------------


def client(doc: Any) -> Client:
    # The index decodes thousands of these at every launch: one test of every field at once,
    # the field-by-field path (which names what is wrong) only when it fails.
    if type(doc) is dict and doc.keys() <= CLIENT_FIELDS:
        cid, name, added, every = doc.get("id"), doc.get("name"), doc.get("added"), doc.get("cadence", "14d")
        tier, archived = doc.get("tier", "B"), doc.get("archived", False)
        revenue, renewal = doc.get("revenue"), doc.get("renewal")
        on = _DAY_CACHE.get(added) if type(added) is str else None
        found = CADENCES.get(every) if type(every) is str else None
        if (
            on is not None
            and found is not None
            and type(name) is str
            and tier in TIERS
            and (archived is True or archived is False)
            and revenue is None
            and renewal is None
            and "source_id" not in doc
            and is_id(cid)
        ):
            return Client(cid, name, on, found, tier, archived)
    d = fields(doc, CLIENT_FIELDS, "a client record")
    w = "a client's"
    return Client(
        ident(d["id"], w, "id"),
        text(d["name"], w, "name"),
        day(d["added"], w, "added"),
        cadence(d.get("cadence", "14d"), w),
        one_of(d.get("tier", "B"), TIERS, w, "tier"),
        flag(d.get("archived", False), w, "archived"),
        amount(d.get("revenue"), w, "revenue"),
        maybe_day(d.get("renewal"), w, "renewal"),
        source(d.get("source_id"), w),
    )


def _owner(value: Any, client_id: str, what: str) -> str:
    if value == client_id:
        return client_id
    _bad(what, "client_id", value, f"{client_id!r}, the client whose file holds it")


def _move(value: Any) -> CardMove:
    w = "a card move"
    if type(value) is not list or len(value) != 3:
        _bad(w, "entry", value, "[time, from column or null, to column]")
    at, source, target = value
    if source is not None:
        one_of(source, COLUMNS, w, "from")
    return CardMove(moment(at, w, "time"), source, one_of(target, COLUMNS, w, "to"))


def card(doc: Any, client_id: str) -> Card:
    d = fields(doc, CARD_FIELDS, "a card")
    w = "a card's"
    moves = d.get("moves", [])
    if type(moves) is not list:
        _bad(w, "moves", moves, "a list")
    return Card(
        ident(d["id"], w, "id"),
        _owner(d["client_id"], client_id, w),
        one_of(d["column"], COLUMNS, w, "column"),
        text(d["title"], w, "title"),
        moment(d["created"], w, "created"),
        text(d.get("notes", ""), w, "notes"),
        link(d.get("need_id"), w, "need_id"),
        link(d.get("delivery_id"), w, "delivery_id"),
        [_move(m) for m in moves],
        maybe_moment(d.get("closed"), w, "closed"),
        maybe_moment(d.get("updated"), w, "updated"),
        text(d.get("owner", ""), w, "owner"),
        maybe_day(d.get("due"), w, "due"),
    )


# A record's fields after its id and its client's, in the order its class takes them: each
# field's name, how it is checked (`reader(value, what, field)`), and its value when the
# document leaves it out (REQUIRED: it must be there).
REQUIRED: Any = object()
Reader = Callable[[Any, str, str], Any]
Spec = tuple[tuple[str, Reader, Any], ...]


def _among(choices: tuple[str, ...]) -> Reader:
    return lambda value, what, field: one_of(value, choices, what, field)


def _owned(doc: Any, client_id: str, allowed: frozenset[str], what: str, make: Callable[..., T], spec: Spec) -> T:
    """A record of the client `client_id` (`what`, e.g. "a touch"): its id, the client's (the
    file's), then the fields `spec` reads, in that order, given to `make`."""
    d = fields(doc, allowed, what)
    w = f"{what}'s"
    head = (ident(d["id"], w, "id"), _owner(d["client_id"], client_id, w))
    return make(*head, *(read(d[key] if default is REQUIRED else d.get(key, default), w, key) for key, read, default in spec))


_DELIVERY: Spec = (
    ("on", day, REQUIRED),
    ("kind", _among(KINDS), REQUIRED),
    ("summary", text, REQUIRED),
    ("logged", moment, REQUIRED),
    ("need_id", link, None),
    ("told", flag, False),
)


_KIND = {kind: kind for kind in KINDS}  # a kind as stored: the choice itself, shared


def delivery(doc: Any, client_id: str) -> Delivery:
    # A client file holds hundreds of these, read whole at every write to it (a `coach log`
    # reads its client's deliveries twice): one test of every field at once, the
    # field-by-field path (which names what is wrong, in the order `_DELIVERY` reads them)
    # only when it fails. The time is read last, by the same reader: if it is wrong, it is
    # the one wrong field, and the message is the one the field-by-field path gives.
    if type(doc) is dict and doc.keys() <= DELIVERY_FIELDS:
        did, on, kind, summary = doc.get("id"), doc.get("on"), doc.get("kind"), doc.get("summary")
        need, told, logged = doc.get("need_id"), doc.get("told", False), doc.get("logged")
        when = _DAY_CACHE.get(on) if type(on) is str else None
        kind = _KIND.get(kind) if type(kind) is str else None
        if (
            when is not None
            and kind is not None
            and doc.get("client_id") == client_id
            and type(summary) is str
            and logged is not None
            and (told is True or told is False)
            and (need is None or is_id(need))
            and is_id(did)
        ):
            return Delivery(did, client_id, when, kind, summary, moment(logged, "a delivery's", "logged"), need, told)
    return _owned(doc, client_id, DELIVERY_FIELDS, "a delivery", Delivery, _DELIVERY)


def person(doc: Any, client_id: str) -> Person:
    d = fields(doc, PERSON_FIELDS, "a person")
    w = "a person's"
    ours = flag(d.get("ours", False), w, "ours")
    return Person(
        ident(d["id"], w, "id"),
        _owner(d["client_id"], client_id, w),
        text(d["name"], w, "name"),
        one_of(d["role"], OUR_ROLES if ours else CLIENT_ROLES, w, "role"),
        text(d.get("title", ""), w, "title"),
        ours,
    )


_TOUCH: Spec = (
    ("person_id", ident, REQUIRED),
    ("on", day, REQUIRED),
    ("kind", _among(TOUCH_KINDS), "call"),
    ("note", text, ""),
    ("ours", ids, []),
    ("logged", maybe_moment, None),
)


def touch(doc: Any, client_id: str) -> Touch:
    return _owned(doc, client_id, TOUCH_FIELDS, "a touch", Touch, _TOUCH)


def _list(value: Any, what: str, field: str) -> list[Any]:
    if type(value) is list:
        return value
    _bad(what, field, value, "a list")


def _goal(doc: Any) -> Goal:
    d = fields(doc, GOAL_FIELDS, "a plan goal")
    w = "a plan goal's"
    return Goal(
        ident(d["id"], w, "id"),
        text(d["text"], w, "text"),
        text(d.get("metric", ""), w, "metric"),
        text(d.get("target", ""), w, "target"),
        maybe_day(d.get("by"), w, "by"),
    )


def _initiative(doc: Any) -> Initiative:
    d = fields(doc, INITIATIVE_FIELDS, "a plan initiative")
    w = "a plan initiative's"
    return Initiative(ident(d["id"], w, "id"), text(d["text"], w, "text"), ids(d.get("card_ids", []), w, "card_ids"))


def _share(doc: Any) -> Share:
    d = fields(doc, SHARE_FIELDS, "a plan share")
    w = "a plan share's"
    return Share(
        day(d["on"], w, "on"),
        ids(d.get("person_ids", []), w, "person_ids"),
        flag(d.get("with_client", False), w, "with_client"),
        flag(d.get("with_team", False), w, "with_team"),
    )


def plan(doc: Any, client_id: str) -> Plan:
    d = fields(doc, PLAN_FIELDS, "an account plan")
    w = "an account plan's"
    return Plan(
        _owner(d["client_id"], client_id, w),
        tuple(_goal(g) for g in _list(d.get("goals", []), w, "goals")),
        tuple(_initiative(i) for i in _list(d.get("initiatives", []), w, "initiatives")),
        maybe_day(d.get("reviewed"), w, "reviewed"),
        tuple(_share(s) for s in _list(d.get("shares", []), w, "shares")),
    )


def _stage(value: Any) -> tuple[datetime, str]:
    w = "an opportunity's stage change"
    if type(value) is not list or len(value) != 2:
        _bad(w, "entry", value, "[time, stage]")
    return moment(value[0], w, "time"), one_of(value[1], STAGES, w, "stage")


def _stages(value: Any, what: str, field: str) -> tuple[tuple[datetime, str], ...]:
    return tuple(_stage(s) for s in _list(value, what, field))


_OPPORTUNITY: Spec = (
    ("title", text, REQUIRED),
    ("created", moment, REQUIRED),
    ("value", amount, None),
    ("stage", _among(STAGES), "identified"),
    ("need_id", link, None),
    ("next_step", text, ""),
    ("next_date", maybe_day, None),
    ("close", maybe_day, None),
    ("stages", _stages, []),
)


def opportunity(doc: Any, client_id: str) -> Opportunity:
    return _owned(doc, client_id, OPPORTUNITY_FIELDS, "an opportunity", Opportunity, _OPPORTUNITY)


def currency_setting(value: Any, what: str) -> str:
    try:
        if type(value) is str and clean_currency(value) == value:
            return value
    except InputError:
        pass
    _bad(what, "currency", value, CURRENCY_RULE)


def _scores(value: Any, low: int, high: int, what: str) -> dict[str, int]:
    if type(value) is not dict:
        _bad(what, "scores", value, "an object of pillar scores")
    for pillar, score in value.items():
        one_of(pillar, PILLARS, what, "pillar")
        whole(score, low, high, what, pillar)
    return dict(value)


def assessment(doc: Any) -> Assessment:
    d = fields(doc, ASSESSMENT_FIELDS, "a self-assessment")
    w = "a self-assessment's"
    return Assessment(day(d["week"], w, "week"), _scores(d["scores"], 1, 5, w), moment(d["at"], w, "at"))


def pillar_week(doc: Any) -> PillarWeek:
    d = fields(doc, PILLAR_WEEK_FIELDS, "a week's pillar scores")
    w = "a week's pillar scores'"
    return PillarWeek(day(d["week"], w, "week"), _scores(d["scores"], 0, 100, w))


def commitment(doc: Any) -> Commitment:
    d = fields(doc, COMMITMENT_FIELDS, "a commitment")
    w = "a commitment's"
    kept = d.get("kept")
    return Commitment(
        day(d["week"], w, "week"),
        text(d["text"], w, "text"),
        None if kept is None else flag(kept, w, "kept"),
        link(d.get("client_id"), w, "client_id"),
        None if d.get("tip_id") is None else text(d["tip_id"], w, "tip_id"),
        text(d.get("obstacle", ""), w, "obstacle"),
        flag(d.get("carried", False), w, "carried"),
    )


def tip_shown(doc: Any) -> TipShown:
    d = fields(doc, TIP_FIELDS, "a shown tip")
    w = "a shown tip's"
    return TipShown(text(d["tip_id"], w, "tip_id"), day(d["week"], w, "week"), text(d["scope"], w, "scope"))


def settings(doc: Any) -> dict[str, Any]:
    """The settings coach reads have their types; others are kept as they are."""
    if type(doc) is not dict:
        _bad("the settings", "document", doc, "an object")
    w = "the settings'"
    if "first_weekday" in doc:
        whole(doc["first_weekday"], 0, 6, w, "first_weekday")
    if "theme" in doc:
        text(doc["theme"], w, "theme")
    if "last_prompted_week" in doc:
        day(doc["last_prompted_week"], w, "last_prompted_week")
    if "currency" in doc:
        currency_setting(doc["currency"], w)
    return dict(doc)


def entry(doc: Any) -> tuple[Client, Any]:
    """An index entry: the client's record, and its facts as stored (checked by `facts`)."""
    d = fields(doc, ENTRY_FIELDS, "an index entry")
    return client(d["client"]), d["facts"]


def _ordinals(values: list[Any], what: str, field: str) -> None:
    if values and (set(map(type, values)) != {int} or min(values) < LOW or max(values) > HIGH):
        bad = next((v for v in values if type(v) is not int or not LOW <= v <= HIGH), values[0])
        _bad(what, field, bad, f"the day number (ordinal) of {DAYS}")


_INT = {int}
_LIST = {list}
_FIVE = {5}
_LINKS = {0, 1}


def _facts_ok(d: Any) -> bool:
    """The facts' whole check at once, for the common case that they are right."""
    if type(d) is not dict or not d.keys() <= FACT_FIELDS:
        return False
    va, last, luc, n, cards = d.get("va", []), d.get("last"), d.get("luc"), d.get("n", 0), d.get("cards", [])
    if not (
        type(va) is list
        and type(cards) is list
        and type(n) is int
        and len(va) <= n <= 10**9
        and (last is None or (type(last) is int and LOW <= last <= HIGH))
        and (luc is None or (type(luc) is int and LOW <= luc <= HIGH))
        and (not va or (set(map(type, va)) == _INT and min(va) >= LOW * 2 and max(va) <= HIGH * 2 + 1))
    ):
        return False
    if not _account_ok(d):
        return False
    if not cards:
        return True
    if set(map(type, cards)) != _LIST or set(map(len, cards)) != _FIVE:
        return False
    columns, entered, created, linked, due = zip(*cards, strict=False)
    days = entered + created
    dues = [v for v in due if v is not None]
    return (
        set(map(type, columns + days + linked)) == _INT
        and min(columns) >= 0
        and max(columns) < len(COLUMNS)
        and min(days) >= LOW
        and max(days) <= HIGH
        and set(linked) <= _LINKS
        and (not dues or (set(map(type, dues)) == _INT and min(dues) >= LOW and max(dues) <= HIGH))
    )


def _account_ok(d: dict[str, Any]) -> bool:
    try:
        _account_facts(d, "")
    except WrongShape:
        return False
    return True


def _maybe_ordinal(value: Any, what: str, field: str) -> None:
    if value is not None:
        _ordinals([value], what, field)


def _counts(value: Any, length: int, what: str, field: str) -> list[int]:
    if type(value) is not list or len(value) != length or set(map(type, value)) - _INT or min(value, default=0) < 0:
        _bad(what, field, value, f"a list of {length} counts")
    return value


def _account_facts(d: dict[str, Any], w: str) -> None:
    """The facts of the account in depth: people counts (`pp`), each stakeholder's latest
    touch (`ct`), the latest executive touch (`xt`), the plan in brief (`pl`) and the open
    opportunities (`op`)."""
    if "pp" in d:
        people = _counts(d["pp"], 4, w, "pp")
        if people[2] > 1 or people[1] > people[0]:
            _bad(w, "pp", people, "[stakeholders, senior ones, sponsor 0 or 1, our team]")
    contacts = d.get("ct", [])
    if type(contacts) is not list:
        _bad(w, "ct", contacts, "a list")
    _ordinals(contacts, w, "ct")
    _maybe_ordinal(d.get("xt"), w, "xt")
    plan = d.get("pl")
    if plan is not None:
        if type(plan) is not list or len(plan) != 6:
            _bad(w, "pl", plan, "[goals, initiatives, reviewed, shared senior, shared client, shared team]")
        _counts(plan[:2], 2, w, "pl")
        for field in plan[2:]:
            _maybe_ordinal(field, w, "pl")
    opportunities = d.get("op", [])
    if type(opportunities) is not list:
        _bad(w, "op", opportunities, "a list")
    for opp in opportunities:
        if type(opp) is not list or len(opp) != 4 or type(opp[0]) is not int or opp[0] not in _LINKS:
            _bad(w, "op", opp, "[linked, next step day, value, close day]")
        _maybe_ordinal(opp[1], w, "op")
        amount(opp[2], w, "op")
        _maybe_ordinal(opp[3], w, "op")


def facts(raw: Any, client_id: str) -> None:
    """Check a client's facts as stored in the index (ClientFacts.to_dict's compact form: days
    as ordinals, a value-add as ordinal * 2 + linked, cards as [column index, entered,
    created, linked, due], the account in depth as counts and days), before
    ClientFacts.from_dict decodes them."""
    if _facts_ok(raw):
        return
    w = f"the facts of client {client_id}:"
    d = fields(raw, FACT_FIELDS, w[:-1])
    value_adds = d.get("va", [])
    if type(value_adds) is not list:
        _bad(w, "va", value_adds, "a list")
    _ordinals([v >> 1 if type(v) is int else v for v in value_adds], w, "va")
    for field in ("last", "luc"):
        if d.get(field) is not None:
            _ordinals([d[field]], w, field)
    cards = d.get("cards", [])
    if type(cards) is not list:
        _bad(w, "cards", cards, "a list")
    if cards:
        if set(map(type, cards)) != {list} or set(map(len, cards)) != {5}:
            _bad(w, "cards", cards, "a list of [column, entered, created, linked, due]")
        columns, entered, created, linked, due = zip(*cards, strict=True)
        if set(map(type, columns)) != {int} or min(columns) < 0 or max(columns) >= len(COLUMNS):
            _bad(w, "cards", list(columns), f"column indexes from 0 to {len(COLUMNS) - 1}")
        _ordinals([*entered, *created, *(v for v in due if v is not None)], w, "cards")
        if set(map(type, linked)) != {int} or not set(linked) <= {0, 1}:
            _bad(w, "cards", list(linked), "links of 0 or 1")
    whole(d.get("n", 0), len(value_adds), 10**9, w, "n")
    _account_facts(d, w)


__all__ = [
    "DAYS",
    "all_ids",
    "is_id",
    "fields",
    "client",
    "card",
    "delivery",
    "person",
    "touch",
    "plan",
    "opportunity",
    "assessment",
    "pillar_week",
    "commitment",
    "tip_shown",
    "settings",
    "entry",
    "facts",
]
