"""The bundled demo portfolio (`data/demo.json`): its shape, and that it shows what it should.

The demo is the first thing a new user sees, so besides the schema the loader relies on, these
tests pin the story it tells: overdue, due-soon, new and on-track clients, stuck cards, untold
work, the account in depth (people on both sides, touches, plans, opportunities) and a week
left open for the weekly prompt. Dates are day offsets from today, so the
statuses are checked against two very different "todays" to prove the demo never goes stale.
"""

import json
import re
from datetime import date
from importlib.resources import files

import pytest

from coach_tui.coaching.tips import load_tips
from coach_tui.domain.account import CLIENT_ROLES, OUR_ROLES, STAGES, TOUCH_KINDS
from coach_tui.domain.models import COLUMNS, KINDS, PILLARS, STUCK_DAYS, TELL_WITHIN_DAYS, TIERS

TOP_KEYS = {"version", "clients", "assessments", "commitments", "tips_shown", "pillar_weeks"}
CLIENT_KEYS = {
    "name", "cadence", "tier", "archived", "added", "revenue", "renewal",
    "cards", "deliveries", "people", "touches", "plan", "opportunities",
}  # fmt: skip
CARD_KEYS = {"column", "title", "notes", "created", "entered", "need", "owner", "due"}
DELIVERY_KEYS = {"on", "kind", "summary", "need", "told"}
PERSON_KEYS = {"name", "role", "title"}  # and "ours": true for our account team
TOUCH_KEYS = {"on", "person", "kind", "note", "with"}
PLAN_KEYS = {"goals", "initiatives", "reviewed", "shares"}
GOAL_KEYS = {"text", "metric", "target", "by"}
OPPORTUNITY_KEYS = {"title", "value", "created", "stages", "need", "next", "next_date", "close"}
COMMITMENT_KEYS = {"weeks_ago", "text", "kept"}  # and optionally "client", "obstacle"
CADENCE = re.compile(r"^([1-9][0-9]*)([dwm])$")

# The state each client is meant to show, with today = 0: (status, days overdue or None).
# Monthly cadences vary with the month, so their overdue days are checked as a range.
INTENDED = {
    "Northwind Freight Partners": ("overdue", 20),
    "Müller Präzision GmbH": ("overdue", 5),
    "株式会社サクラ物流": ("overdue", range(48, 53)),
    "Halvorsen Marine Supply": ("overdue", 2),
    "Brightline Health Systems": ("due soon", None),
    "Cascade Fintech Ltd": ("due soon", None),
    "Orchard & Vine Foods": ("new", None),
    "Tessellate Software": ("new", None),
    "Redwood Civil Engineering": ("on track", None),
    "Pelican Pharma Distribution": ("on track", None),
    "Kestrel Energy Services": ("on track", None),
    "Atlas Retail Group": ("archived", None),
}

# A 31-day month before a 28-day February, and a 30-day month before a 31-day one.
TODAYS = (date(2026, 3, 3), date(2026, 8, 14))


@pytest.fixture(scope="module")
def demo() -> dict:
    return json.loads(files("coach_tui.data").joinpath("demo.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def clients(demo) -> list[dict]:
    return demo["clients"]


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def statuses(today: date, tmp_path_factory) -> dict[str, tuple[str, int | None]]:
    """Each demo client's status as coach itself computes it, loaded as of `today`."""
    from coach_tui.services import Coach
    from coach_tui.services.demo import populate
    from coach_tui.store.folder import FolderStore

    store = FolderStore(tmp_path_factory.mktemp("demo") / "data", today=lambda: today)
    populate(store, today)
    coach = Coach(store, today=lambda: today)
    found = {v.client.name: (v.cadence.status, v.cadence.days_over) for v in coach.portfolio.agenda().views}
    found.update({c.name: ("archived", None) for c in coach.portfolio.clients(include_archived=True) if c.archived})
    return found


def understand_cards(client: dict) -> dict[str, dict]:
    return {c["title"]: c for c in client["cards"] if c["column"] == "understand"}


class TestShape:
    def test_top_level(self, demo):
        assert set(demo) == TOP_KEYS
        assert demo["version"] == 2

    def test_clients(self, clients):
        assert 10 <= len(clients) <= 14
        names = [c["name"] for c in clients]
        assert len(names) == len(set(names))
        for c in clients:
            assert set(c) == CLIENT_KEYS, c["name"]
            assert isinstance(c["name"], str) and c["name"].strip()
            assert CADENCE.match(c["cadence"]), c["cadence"]
            assert c["tier"] in TIERS
            assert isinstance(c["archived"], bool)
            assert is_int(c["added"]) and c["added"] <= 0
            assert c["revenue"] is None or (is_int(c["revenue"]) and c["revenue"] > 0), c["name"]
            assert c["renewal"] is None or (is_int(c["renewal"]) and c["renewal"] > 0), c["name"]

    def test_cards(self, clients):
        for c in clients:
            for card in c["cards"]:
                where = (c["name"], card.get("title"))
                assert set(card) == CARD_KEYS, where
                assert card["column"] in COLUMNS, where
                assert isinstance(card["title"], str) and card["title"].strip(), where
                assert isinstance(card["notes"], str), where
                assert card["need"] is None or isinstance(card["need"], str), where
                assert isinstance(card["owner"], str), where
                assert card["due"] is None or (is_int(card["due"]) and card["column"] == "deliver"), where

    def test_deliveries(self, clients):
        for c in clients:
            for d in c["deliveries"]:
                where = (c["name"], d.get("summary"))
                assert set(d) == DELIVERY_KEYS, where
                assert d["kind"] in KINDS, where
                assert isinstance(d["summary"], str) and d["summary"].strip(), where
                assert isinstance(d["told"], bool), where

    def test_people(self, clients):
        for c in clients:
            names = [p["name"] for p in c["people"]]
            assert len(names) == len(set(names)), c["name"]
            for p in c["people"]:
                where = (c["name"], p.get("name"))
                assert PERSON_KEYS <= set(p) <= PERSON_KEYS | {"ours"}, where
                assert p["name"].strip() and isinstance(p["title"], str), where
                if p.get("ours"):
                    assert p["ours"] is True and p["role"] in OUR_ROLES, where
                else:
                    assert p["role"] in CLIENT_ROLES, where

    def test_touches(self, clients):
        for c in clients:
            people = {p["name"]: p for p in c["people"]}
            for t in c["touches"]:
                where = (c["name"], t.get("note"))
                assert set(t) == TOUCH_KEYS, where
                assert t["kind"] in TOUCH_KINDS and t["note"].strip(), where
                assert t["person"] in people and not people[t["person"]].get("ours"), where
                assert all(people.get(n, {}).get("ours") for n in t["with"]), where
                assert is_int(t["on"]) and c["added"] <= t["on"] <= 0, where

    def test_plans(self, clients):
        for c in clients:
            plan = c["plan"]
            if plan is None:
                continue
            people = {p["name"] for p in c["people"]}
            plan_cards = {card["title"] for card in c["cards"] if card["column"] == "plan"}
            assert set(plan) == PLAN_KEYS, c["name"]
            for g in plan["goals"]:
                assert set(g) == GOAL_KEYS and g["text"].strip(), (c["name"], g)
                assert is_int(g["by"]) and g["by"] > 0, (c["name"], g)
            for i in plan["initiatives"]:
                assert set(i) == {"text", "cards"} and i["text"].strip(), (c["name"], i)
                assert i["cards"] and set(i["cards"]) <= plan_cards, (c["name"], i)
            assert plan["reviewed"] is None or c["added"] <= plan["reviewed"] <= 0, c["name"]
            for share in plan["shares"]:
                assert set(share) == {"on", "with"} and share["with"], (c["name"], share)
                assert set(share["with"]) <= people, (c["name"], share)
                assert c["added"] <= share["on"] <= 0, (c["name"], share)

    def test_opportunities(self, clients):
        for c in clients:
            needs = understand_cards(c)
            for o in c["opportunities"]:
                where = (c["name"], o.get("title"))
                assert set(o) == OPPORTUNITY_KEYS and o["title"].strip(), where
                assert is_int(o["value"]) and o["value"] > 0, where
                assert o["need"] is None or o["need"] in needs, where
                days = [on for on, _stage in o["stages"]]
                assert o["stages"] and days == sorted(days) and days[0] == o["created"], where
                assert c["added"] <= o["created"] <= 0, where
                assert all(stage in STAGES for _on, stage in o["stages"]), where
                assert (o["next"] == "") == (o["next_date"] is None), where  # a next step comes with its date
                assert is_int(o["close"]), where

    def test_offsets_are_past_days_within_the_clients_records(self, clients):
        for c in clients:
            for card in c["cards"]:
                assert is_int(card["created"]) and is_int(card["entered"]), card
                assert c["added"] <= card["created"] <= card["entered"] <= 0, (c["name"], card["title"])
            for d in c["deliveries"]:
                assert is_int(d["on"]) and c["added"] <= d["on"] <= 0, (c["name"], d["summary"])

    def test_weekly_entries(self, demo):
        for entry in demo["assessments"]:
            assert set(entry) == {"weeks_ago", "scores"}
            assert set(entry["scores"]) == set(PILLARS)
            assert all(is_int(v) and 1 <= v <= 5 for v in entry["scores"].values())
        names = {c["name"] for c in demo["clients"]}
        for entry in demo["commitments"]:
            assert COMMITMENT_KEYS <= set(entry) <= COMMITMENT_KEYS | {"client", "obstacle"}
            assert entry["text"].strip() and entry["kept"] in (True, False, None)
            assert "client" not in entry or entry["client"] in names
            assert not entry.get("obstacle") or entry["kept"] is False  # only a commitment not kept has one
        for entry in demo["tips_shown"]:
            assert set(entry) == {"weeks_ago", "tip_id", "scope"}
            assert entry["scope"] == "portfolio"
        for key in ("assessments", "commitments", "tips_shown"):
            weeks = [e["weeks_ago"] for e in demo[key]]
            assert all(is_int(w) for w in weeks) and len(weeks) == len(set(weeks)), key


class TestReferences:
    def test_understand_titles_are_unique_per_client(self, clients):
        for c in clients:
            titles = [card["title"] for card in c["cards"] if card["column"] == "understand"]
            assert len(titles) == len(set(titles)), c["name"]

    def test_every_need_names_an_understand_card_recorded_earlier(self, clients):
        for c in clients:
            needs = understand_cards(c)
            for card in c["cards"]:
                if card["column"] == "understand":
                    assert card["need"] is None, card["title"]
                elif card["need"] is not None:
                    assert card["need"] in needs, (c["name"], card["title"])
                    assert needs[card["need"]]["created"] <= card["created"], card["title"]
            for d in c["deliveries"]:
                if d["need"] is not None:
                    assert d["need"] in needs, (c["name"], d["summary"])
                    assert needs[d["need"]]["created"] <= d["on"], d["summary"]

    def test_plan_cards_are_linked_to_needs(self, clients):
        plans = [card for c in clients for card in c["cards"] if card["column"] == "plan"]
        assert plans and all(card["need"] for card in plans)

    def test_untold_deliveries_have_no_duplicate_steward_card(self, clients):
        for c in clients:
            steward = {card["title"] for card in c["cards"] if card["column"] == "steward"}
            untold = {d["summary"] for d in c["deliveries"] if not d["told"]}
            assert not steward & untold, c["name"]

    def test_tip_history_names_real_tips(self, demo):
        ids = {t.id for t in load_tips()}
        assert all(e["tip_id"] in ids for e in demo["tips_shown"])

    def test_tip_history_never_repeats_back_to_back(self, demo):
        by_week = {e["weeks_ago"]: e["tip_id"] for e in demo["tips_shown"]}
        assert all(by_week[w] != by_week.get(w + 1) for w in by_week)


class TestStory:
    @pytest.mark.parametrize("today", TODAYS, ids=str)
    def test_each_client_shows_its_intended_status(self, clients, today, tmp_path_factory):
        assert {c["name"] for c in clients} == set(INTENDED)
        found = statuses(today, tmp_path_factory)
        for c in clients:
            expected, overdue_by = INTENDED[c["name"]]
            got, days = found[c["name"]]
            assert got == expected, c["name"]
            if isinstance(overdue_by, int):
                assert days == overdue_by, c["name"]
            elif overdue_by is not None:
                assert days in overdue_by, (c["name"], days)

    def test_names_include_non_ascii_and_japanese(self, clients):
        names = [c["name"] for c in clients]
        assert any(not n.isascii() and re.search("[A-Za-z]", n) for n in names)
        assert any(re.search("[\u3040-\u30ff\u4e00-\u9fff]", n) for n in names)

    def test_variety_of_cadences_tiers_and_sponsors(self, clients):
        assert {"1w", "10d", "2w", "3w", "1m"} <= {c["cadence"] for c in clients}
        assert {c["tier"] for c in clients} == set(TIERS)
        active = [c for c in clients if not c["archived"]]
        sponsored = {any(p["role"] == "exec-sponsor" for p in c["people"]) for c in active}
        assert sponsored == {True, False}
        shared = {bool(c["plan"] and c["plan"]["shares"]) for c in active}
        assert shared == {True, False}
        assert any(c["plan"] is None for c in active)
        assert sum(c["archived"] for c in clients) == 1

    def test_every_active_client_shows_its_account_in_depth(self, clients):
        for c in clients:
            if c["archived"]:
                continue
            assert any(not p.get("ours") for p in c["people"]), c["name"]
            assert any(p.get("ours") for p in c["people"]), c["name"]
            assert c["touches"] and c["renewal"] and c["revenue"], c["name"]
        active = [c for c in clients if not c["archived"]]
        opportunities = [o for c in active for o in c["opportunities"]]
        assert {o["stages"][-1][1] for o in opportunities} == set(STAGES)
        assert any(o["next_date"] is not None and o["next_date"] < 0 for o in opportunities)  # a next step gone by
        assert any(o["next"] == "" and o["stages"][-1][1] not in ("won", "lost") for o in opportunities)
        assert {t["kind"] for c in active for t in c["touches"]} == set(TOUCH_KINDS)
        roles = {p["role"] for c in active for p in c["people"]}
        assert set(CLIENT_ROLES) <= roles and {"exec-sponsor", "delivery-lead", "specialist"} <= roles
        dated = [card for c in active for card in c["cards"] if card["due"] is not None]
        assert any(card["due"] < 0 for card in dated) and any(card["due"] > 0 for card in dated)

    def test_people_names_include_japanese_and_apostrophes(self, clients):
        names = [p["name"] for c in clients for p in c["people"]]
        assert any(re.search("[\u3040-\u30ff\u4e00-\u9fff]", n) for n in names)
        assert any("'" in n for n in names)

    def test_new_clients_were_added_recently(self, clients):
        for c in clients:
            if INTENDED[c["name"]][0] == "new":
                assert c["added"] >= -30, c["name"]

    def test_established_clients_have_a_history_of_deliveries(self, clients):
        for c in clients:
            if c["added"] <= -180:
                assert 5 <= len(c["deliveries"]) <= 25, c["name"]
                assert min(d["on"] for d in c["deliveries"]) <= -120, c["name"]

    def test_every_column_has_cards(self, clients):
        active = [card for c in clients if not c["archived"] for card in c["cards"]]
        assert {card["column"] for card in active} == set(COLUMNS)

    def test_some_cards_are_stuck_and_some_work_is_untold(self, clients):
        active = [c for c in clients if not c["archived"]]
        stuck = [
            card for c in active for card in c["cards"] if card["column"] in ("plan", "deliver") and -card["entered"] > STUCK_DAYS
        ]
        assert {card["column"] for card in stuck} == {"plan", "deliver"}
        late_cards = [
            card for c in active for card in c["cards"] if card["column"] == "steward" and -card["entered"] > TELL_WITHIN_DAYS
        ]
        late_deliveries = [d for c in active for d in c["deliveries"] if not d["told"] and -d["on"] > TELL_WITHIN_DAYS]
        assert late_cards and late_deliveries

    def test_every_delivery_kind_appears(self, clients):
        assert {d["kind"] for c in clients for d in c["deliveries"]} == set(KINDS)

    def test_this_week_is_left_open_for_the_prompt(self, demo):
        for key in ("assessments", "commitments", "tips_shown"):
            assert all(e["weeks_ago"] >= 1 for e in demo[key]), key
        assert sorted(e["weeks_ago"] for e in demo["assessments"]) == [1, 2, 3, 4, 5, 6]
        assert sorted(e["weeks_ago"] for e in demo["commitments"]) == [1, 2, 3, 4, 5, 6]

    def test_commitments_were_sometimes_kept(self, demo):
        kept = [e["kept"] for e in demo["commitments"]]
        assert True in kept and False in kept
