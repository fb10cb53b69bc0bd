"""What an undo says it undid: one line from the records a change touched (domain.journal)."""

from __future__ import annotations

import pytest

from coach_tui.domain.journal import Step, describe

NAMES = {"c1": "Acme"}
DELIVERY = {"id": "d1", "client_id": "c1", "on": "2026-11-03", "summary": "Rate study", "told": False}
CARD = {"id": "k1", "client_id": "c1", "title": "Pilot", "column": "plan", "closed": None}


def step(kind: str, before: dict | None, after: dict | None, client: str | None = "c1", key: str = "x") -> Step:
    return Step(kind, client, key, before, after)


@pytest.mark.parametrize(
    "steps, said",
    [
        ([step("delivery", None, DELIVERY)], "logged a delivery for Acme on 3 Nov 2026"),
        ([step("delivery", DELIVERY, {**DELIVERY, "summary": "Rate study v2"})], "edited the delivery of 3 Nov 2026 for Acme"),
        ([step("delivery", DELIVERY, None)], "deleted the delivery of 3 Nov 2026 for Acme"),
        ([step("delivery", DELIVERY, {**DELIVERY, "told": True})], "marked told the delivery of 3 Nov 2026 for Acme"),
        ([step("card", CARD, {**CARD, "column": "deliver"})], "moved card 'Pilot' to Deliver"),
        (
            [step("card", {**CARD, "column": "steward"}, {**CARD, "column": "steward", "closed": "2026-11-25T10:00:00"})],
            "told the client about 'Pilot'",
        ),
        ([step("card", CARD, {**CARD, "closed": "2026-11-25T10:00:00"})], "closed card 'Pilot'"),
        ([step("client", {"name": "Acme", "archived": True}, {"name": "Acme", "archived": False})], "unarchived Acme"),
        ([step("client", {"name": "Acme"}, None)], "removed client Acme"),
        ([step("plan", {"shares": []}, {"shares": [{"on": "2026-11-25"}]})], "shared Acme's account plan"),
        ([step("person", None, {"name": "Ana", "ours": True})], "added 'Ana' to our account team"),
        ([step("touch", {"on": "2026-11-20"}, None)], "deleted the touch of 20 Nov 2026 with Acme"),
        (
            [step("commitment", {"text": "Call", "kept": True}, {"text": "Call", "kept": None}, client=None, key="2026-11-23")],
            "marked 'Call' unanswered",
        ),
        (
            [step("opportunity", {"title": "Lanes", "stage": "qualified"}, {"title": "Lanes", "stage": "won"})],
            "moved opportunity 'Lanes' to won",
        ),
        # The first record says what the change was; the others of its kind are counted.
        (
            [
                step("card", CARD, {**CARD, "column": "deliver"}),
                step("card", CARD, None, key="y"),
                step("delivery", None, DELIVERY),
            ],
            "moved card 'Pilot' to Deliver (and 1 more)",
        ),
    ],
)
def test_a_change_is_said_from_what_it_changed(steps: list[Step], said: str) -> None:
    assert describe(steps, NAMES) == said


def test_an_unknown_client_is_a_client() -> None:
    assert describe([step("delivery", None, DELIVERY, client="zz")], NAMES) == "logged a delivery for a client on 3 Nov 2026"
