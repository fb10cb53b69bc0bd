"""Reading records out of the folder store's files: every document becomes a domain object
whose fields have the types and values the rest of coach relies on, or the file is refused.

JSON that parses into the wrong kind of value (a card in no known column, a name that is a
number, a moment with a time zone) is a wrong shape, refused like bad JSON with one line, rather
than a crash three screens later. `VALID_INDEX` and `VALID_CLIENT` are the whole test of a
readable file (its shape, then every record once migrated): the test a backup must pass to be
offered, and what `coach restore` calls readable. Reading checks the same things as it decodes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.facts import ClientFacts
from ..domain.models import (
    COLUMNS,
    KINDS,
    MAX_CADENCE,
    PILLARS,
    TIERS,
    Assessment,
    Card,
    Client,
    Commitment,
    Delivery,
    History,
    PillarWeek,
    TipShown,
)
from .errors import CorruptFile
from .files import newest_good_backup
from .schema import CHECK_CLIENT, CHECK_INDEX, migrate
from .snapshot import Snapshot

if TYPE_CHECKING:
    from .repository import IndexEntry

INDEX_NAME = "coach.json"
# What a malformed document raises while it is decoded: each is a wrong shape.
DECODING_ERRORS = (KeyError, TypeError, ValueError, IndexError, AttributeError)


def _require(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(what)


_ID_PUNCTUATION = str.maketrans("", "", "-_")


def is_id(value: Any) -> bool:
    """Letters, digits, `-` and `_`, at least one of them (checked for every client at every
    read: str methods, not a loop over the characters)."""
    if not isinstance(value, str) or not value:
        return False
    rest = value.translate(_ID_PUNCTUATION)
    return not rest or rest.isalnum()


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_ref(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _is_moment(value: Any) -> bool:
    # Moments are naive local times; one with a time zone can't be compared with the others.
    return value is None or value.tzinfo is None


def _checked_client(client: Client) -> Client:
    cadence = client.cadence
    _require(is_id(client.id), "a client id is not an id")
    _require(_is_text(client.name) and _is_text(client.sponsor), "a client name or sponsor is not text")
    _require(client.tier in TIERS, "a client tier is not A, B or C")
    _require(cadence.unit in MAX_CADENCE and 1 <= cadence.amount <= MAX_CADENCE[cadence.unit], "a client cadence is out of range")
    return client


def _checked_card(card: Card) -> Card:
    _require(_is_text(card.id) and _is_text(card.client_id), "a card id is not text")
    _require(card.column in COLUMNS, "a card is in no known column")
    _require(_is_text(card.title) and _is_text(card.notes), "a card title or notes are not text")
    _require(_is_ref(card.need_id) and _is_ref(card.delivery_id), "a card link is not an id")
    _require(all(_is_moment(m) for m in (card.created, card.closed, card.updated)), "a card time has a time zone")
    for move in card.moves:
        _require(
            move.to_column in COLUMNS and (move.from_column is None or move.from_column in COLUMNS),
            "a card move names no known column",
        )
        _require(_is_moment(move.at), "a card move time has a time zone")
    return card


def _checked_delivery(delivery: Delivery) -> Delivery:
    _require(_is_text(delivery.id) and _is_text(delivery.client_id), "a delivery id is not text")
    _require(delivery.kind in KINDS, "a delivery is of no known kind")
    _require(_is_text(delivery.summary) and _is_ref(delivery.need_id), "a delivery summary or need is not text")
    _require(_is_moment(delivery.logged), "a delivery time has a time zone")
    return delivery


def _checked_assessment(assessment: Assessment) -> Assessment:
    _require(
        all(_is_text(k) and type(v) is int and 1 <= v <= 5 for k, v in assessment.scores.items()),
        "a self-assessment score is not 1 to 5",
    )
    return assessment


def _checked_commitment(commitment: Commitment) -> Commitment:
    _require(_is_text(commitment.text) and commitment.kept in (None, True, False), "a commitment is malformed")
    return commitment


def _checked_tip(shown: TipShown) -> TipShown:
    _require(_is_text(shown.tip_id) and _is_text(shown.scope), "a shown tip is malformed")
    return shown


def _checked_pillar_week(week: PillarWeek) -> PillarWeek:
    _require(
        all(k in PILLARS and type(v) is int and 0 <= v <= 100 for k, v in week.scores.items()),
        "a weekly pillar score is not 0 to 100",
    )
    return week


def decode_facts(client: Client, raw: Any) -> ClientFacts:
    """A client's facts from the index; ValueError (a wrong shape) if they are malformed.
    Card columns need no check here: ClientFacts.from_dict looks each stored column index up
    strictly, and anything else is a KeyError."""
    try:
        facts = ClientFacts.from_dict(raw or {})
        _require(facts.deliveries >= 0, "a negative count of deliveries")
    except DECODING_ERRORS as error:
        raise ValueError(f"wrong shape (the facts of client {client.id}: {type(error).__name__})") from None
    return facts


class Entry:
    """A client as the index knows it (an `IndexEntry`): its record and its facts. Facts are
    decoded on first use: finding a client by name (every `coach log`) needs only the records."""

    __slots__ = ("client", "_facts", "_raw", "_source")

    def __init__(self, client: Client, facts: ClientFacts | dict[str, Any], source: Path | None = None) -> None:
        self.client = client
        self._facts = facts if isinstance(facts, ClientFacts) else None
        self._raw = None if isinstance(facts, ClientFacts) else facts
        self._source = source

    @property
    def facts(self) -> ClientFacts:
        if self._facts is None:
            try:
                self._facts = decode_facts(self.client, self._raw)
            except ValueError as error:
                path = self._source or Path(INDEX_NAME)
                raise CorruptFile(path, str(error), newest_good_backup(path, VALID_INDEX)) from None
        return self._facts

    def check_facts(self) -> None:
        """Decode the facts now, raising ValueError if they are malformed."""
        if self._facts is None:
            self._facts = decode_facts(self.client, self._raw)

    def __repr__(self) -> str:
        return f"Entry({self.client!r})"


def docs(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """A table's documents in key order."""
    found = data.get(table) or {}
    return [found[k] for k in sorted(found, key=int)]


def decode_snapshot(data: dict[str, Any], source: Path | None = None) -> Snapshot:
    """The index's data as a Snapshot; ValueError (a wrong shape) naming what is wrong."""
    try:
        settings_docs = docs(data, "settings")
        entries: list[IndexEntry] = [
            Entry(_checked_client(Client.from_dict(d["client"])), d["facts"], source) for d in docs(data, "clients")
        ]
        return Snapshot(
            entries=entries,
            assessments=[_checked_assessment(Assessment.from_dict(d)) for d in docs(data, "assessments")],
            commitments=[_checked_commitment(Commitment.from_dict(d)) for d in docs(data, "commitments")],
            tips_shown=[_checked_tip(TipShown.from_dict(d)) for d in docs(data, "tips_shown")],
            settings=dict(settings_docs[0]) if settings_docs else {},
            pillar_weeks=[_checked_pillar_week(PillarWeek.from_dict(d)) for d in docs(data, "pillar_weeks")],
        )
    except DECODING_ERRORS as error:
        raise ValueError(f"wrong shape ({type(error).__name__}: {error})") from None


def decode_history(data: dict[str, Any], source: Path | None = None) -> History:
    """A client file's data as its History; ValueError (a wrong shape) naming what is wrong."""
    try:
        clients = docs(data, "client")
        return History(
            client=_checked_client(Client.from_dict(clients[0])),
            cards=[_checked_card(Card.from_dict(d)) for d in docs(data, "cards")],
            deliveries=[_checked_delivery(Delivery.from_dict(d)) for d in docs(data, "deliveries")],
        )
    except DECODING_ERRORS as error:
        raise ValueError(f"wrong shape ({type(error).__name__}: {error})") from None


def _valid(kind: str) -> Callable[[Any], None]:
    check = CHECK_INDEX if kind == "index" else CHECK_CLIENT

    def valid(data: Any) -> None:
        check(data)
        migrated, _ = migrate(data, kind)
        if kind == "index":
            for entry in decode_snapshot(migrated).entries:
                if isinstance(entry, Entry):
                    entry.check_facts()
        else:
            decode_history(migrated)

    return valid


VALID_INDEX = _valid("index")
VALID_CLIENT = _valid("client")


__all__ = [
    "INDEX_NAME",
    "Entry",
    "is_id",
    "decode_facts",
    "decode_snapshot",
    "decode_history",
    "docs",
    "VALID_INDEX",
    "VALID_CLIENT",
]
