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
        ([step("delivery", {**DELIVERY, "told": True}, DELIVERY)], "marked not told the delivery of 3 Nov 2026 for Acme"),
        # A plan's goals and initiatives, each added, edited or removed, are named.
        ([step("plan", None, {"goals": [{"id": "g1", "text": "Cut cost"}]})], "added goal 'Cut cost' to Acme's account plan"),
        (
            [step("plan", {"goals": [{"id": "g1", "text": "Cut cost"}]}, {"goals": [{"id": "g1", "text": "Cut cost 10%"}]})],
            "edited goal 'Cut cost 10%' of Acme's account plan",
        ),
        (
            [step("plan", {"initiatives": [{"id": "i1", "text": "Audit"}]}, {"initiatives": []})],
            "removed initiative 'Audit' from Acme's account plan",
        ),
        ([step("plan", {"reviewed": None}, {"reviewed": "2026-11-25"})], "reviewed Acme's account plan"),
        (
            [step("commitment", None, {"text": "Call", "kept": None, "carried": True}, client=None, key="2026-11-23")],
            "carried 'Call' over to the week of 23 Nov 2026",
        ),
        # The record that leads says what the change was, wherever it comes; the others of its
        # kind are counted: a deleted delivery, not the Steward card that went with it ...
        ([step("card", CARD, None, key="y"), step("delivery", DELIVERY, None)], "deleted the delivery of 3 Nov 2026 for Acme"),
        (
            [step("card", CARD, {**CARD, "column": "deliver"}), step("card", CARD, None, key="y")],
            "moved card 'Pilot' to Deliver (and 1 more)",
        ),
        # ... a removed person, not the touches with them; a new opportunity, not its need card ...
        ([step("touch", {"on": "2026-11-20"}, None), step("person", {"name": "Eve"}, None)], "removed 'Eve' from Acme's people"),
        (
            [step("card", None, {**CARD, "column": "understand"}), step("opportunity", None, {"title": "Lanes"})],
            "added opportunity 'Lanes'",
        ),
        # ... a card moved into Steward with its delivery logged in one go says both ...
        (
            [step("card", {**CARD, "column": "deliver"}, {**CARD, "column": "steward"}), step("delivery", None, DELIVERY)],
            "moved card 'Pilot' to Steward and logged its delivery",
        ),
        # ... and a delivery marked told with its Steward card closed is the client told.
        (
            [
                step("delivery", DELIVERY, {**DELIVERY, "told": True}),
                step("card", {**CARD, "column": "steward"}, {**CARD, "column": "steward", "closed": "2026-11-25T10:00:00"}),
            ],
            "told the client about 'Pilot'",
        ),
    ],
)
def test_a_change_is_said_from_what_it_changed(steps: list[Step], said: str) -> None:
    assert describe(steps, NAMES) == said


def test_an_unknown_client_is_a_client() -> None:
    assert describe([step("delivery", None, DELIVERY, client="zz")], NAMES) == "logged a delivery for a client on 3 Nov 2026"


def test_a_name_ending_in_s_owns_with_an_apostrophe() -> None:
    names = {"c1": "Northwind Partners"}
    assert describe([step("plan", None, {"reviewed": "2026-11-25"})], names) == "reviewed Northwind Partners' account plan"
    assert describe([step("person", None, {"name": "Eve"})], names) == "added 'Eve' to Northwind Partners' people"
