"""The search matcher: folding, query tokens, where a query matched, and the index kept per
change of the store."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from coach_tui.domain.account import Goal, Person, Plan
from coach_tui.domain.errors import InputError
from coach_tui.domain.folding import fold
from coach_tui.domain.models import Card, Client, Delivery, History
from coach_tui.domain.search import Query, client_text, parse_query, snippet
from coach_tui.domain.validation import match_names
from coach_tui.services import Coach

AT = datetime(2026, 11, 1, 9, 0)


def history() -> History:
    client = Client("c1", "Müller Präzision GmbH", date(2026, 1, 5))
    need = Card("k1", "c1", "understand", "Spindle downtime on the 5-axis line", AT)
    card = Card("k2", "c1", "plan", "Freight audit", AT, notes="Compare Baltic lanes with the Straße quote", need_id="k1")
    delivery = Delivery("d1", "c1", date(2026, 10, 20), "idea", "Sent a benchmark of predictive maintenance", AT, need_id="k1")
    person = Person("p1", "c1", "Jürgen Weiß", "decision-maker", title="Head of Operations")
    plan = Plan("c1", goals=(Goal("g1", "Cut scrap rate", metric="scrap %", target="2%"),))
    return History(client, [need, card], [delivery], people=[person], plan=plan)


def test_fold_drops_accents_and_case() -> None:
    assert fold("Müller Präzision") == "muller prazision"
    assert fold("STRASSE") == fold("Straße") == "strasse"
    assert fold("Café") == fold("cafe") == "cafe"
    assert fold("株式会社サクラ物流") == "株式会社サクラ物流"


def test_tokens_and_free_text() -> None:
    q = parse_query('freight status:overdue tier:a "Baltic lanes" status:due,ok')
    assert q.terms == ("freight", "baltic lanes")
    assert q.statuses == {"overdue", "due soon", "on track"}
    assert q.tiers == {"A"}
    assert q.keeps("overdue", "A") and not q.keeps("new", "A") and not q.keeps("overdue", "B")
    assert parse_query("status:") == Query()  # being typed: no filter yet
    assert parse_query("re:freight").terms == ("re:freight",)  # another key is text
    assert parse_query("status:new").statuses == {"new"}


def test_status_archived_keeps_the_archived_clients_alone() -> None:
    q = parse_query("status:archived")
    assert q.archived and q.statuses == {"archived"}
    assert q.keeps("overdue", "A", archived=True)  # whatever its cadence
    assert not q.keeps("overdue", "A") and not q.keeps("new", "B")  # no active client
    # Beside another status it is an alternative: the overdue active clients, or the archived.
    q = parse_query("status:overdue,archived tier:b")
    assert q.keeps("overdue", "B") and q.keeps("new", "B", archived=True)
    assert not q.keeps("new", "B") and not q.keeps("overdue", "A", archived=True)
    # Any other status leaves the archived out; with none, a list that holds them keeps them.
    assert not parse_query("status:overdue").keeps("overdue", "A", archived=True)
    assert not parse_query("status:overdue").archived
    assert parse_query("freight tier:a").keeps("new", "A", archived=True)
    assert parse_query("STATUS:Archived").archived


def test_a_search_leaves_archived_clients_out_unless_asked(coach: Coach) -> None:
    acme = coach.clients.add("Acme Freight", tier="A")
    coach.clients.add("Globex Freight", tier="A")
    coach.clients.archive(acme.id)
    assert [f.client.name for f in coach.search.search("freight")] == ["Globex Freight"]
    assert [f.client.name for f in coach.search.search("tier:a")] == ["Globex Freight"]
    found = coach.search.search("freight status:archived")
    assert [f.client.name for f in found] == ["Acme Freight"] and found[0].hit is not None
    assert [f.client.name for f in coach.search.search("status:new,archived")] == ["Globex Freight", "Acme Freight"]
    assert coach.search.search("status:archived tier:b") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("status:late", "unknown status 'late': use overdue, due, ok, new or archived"),
        ("tier:D", "unknown tier 'D': use A, B or C"),
    ],
)
def test_a_bad_token_says_what_is_accepted(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_query(text)


def test_where_a_query_matched() -> None:
    text = client_text(history())
    assert text.hit(parse_query("muller").terms).describe() == "name"  # accents folded
    hit = text.hit(parse_query("FREIGHT").terms)
    assert hit.describe() == "card 'Freight audit'" and hit.snippet == "Freight audit"
    assert text.hit(parse_query("strasse").terms).describe() == "notes of card 'Freight audit'"
    assert text.hit(parse_query("predictive").terms).describe() == "delivery of 2026-10-20"
    assert text.hit(parse_query("spindle").terms).describe() == "need 'Spindle downtime on the 5-axis line'"
    assert text.hit(parse_query("juergen").terms) is None
    assert text.hit(parse_query("weiss operations").terms).describe() == "person 'Jürgen Weiß'"
    assert text.hit(parse_query("scrap").terms).describe() == "goal 'Cut scrap rate'"
    # Every word must be found, each anywhere in the client's text.
    assert text.matches(parse_query("muller baltic").terms)
    assert not text.matches(parse_query("muller pharma").terms)
    # A phrase is found as it is.
    assert text.matches(parse_query('"baltic lanes"').terms)
    assert not text.matches(parse_query('"lanes baltic"').terms)


def test_snippet_cuts_around_the_match_at_word_boundaries() -> None:
    long = "word " * 30 + "needle in the haystack " + "tail " * 30
    cut = snippet(long, long.index("needle"), len("needle"), width=40)
    assert "needle" in cut and cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= 42 and " wor…" not in cut and "…ord" not in cut


def test_client_names_match_without_accents() -> None:
    names = ["Müller Präzision GmbH", "Muller AG", "Acme", "Straße Co"]
    assert match_names("müller", names, str) == ["Müller Präzision GmbH"]  # as typed first
    assert match_names("muller", names, str) == ["Müller Präzision GmbH", "Muller AG"]  # both: type more
    assert match_names("muller ag", names, str) == ["Muller AG"]
    assert match_names("muller p", names, str) == ["Müller Präzision GmbH"]
    assert match_names("PRAZISION", names, str) == ["Müller Präzision GmbH"]
    assert match_names("strasse", names, str) == ["Straße Co"]
    assert match_names("mul", names, str) == ["Müller Präzision GmbH", "Muller AG"]


def test_the_index_is_kept_until_a_write_and_reads_only_what_changed(demo_coach: Coach) -> None:
    repo = demo_coach.repo
    first = demo_coach.search.index()
    assert demo_coach.search.index() is first  # no write: the same index, nothing read
    reads: list[str] = []
    read_client = repo.read_client

    def counting(client_id: str) -> History:
        reads.append(client_id)
        return read_client(client_id)

    repo.read_client = counting  # type: ignore[method-assign]
    muller = demo_coach.portfolio.find_client("muller")
    assert not demo_coach.search.search("zeppelin")
    demo_coach.deliveries.log(muller.id, "Zeppelin hangar logistics idea", "idea", demo_coach.today(), told=True)
    reads.clear()
    found = demo_coach.search.search("zeppelin")
    assert [f.client.name for f in found] == ["Müller Präzision GmbH"]
    assert found[0].hit is not None and found[0].hit.field.kind == "delivery"
    assert reads == [muller.id]  # the one client whose file changed


def test_the_index_is_built_a_step_at_a_time(demo_coach: Coach) -> None:
    search = demo_coach.search
    clients = len(demo_coach.repo.names())
    steps = []
    while (progress := search.build(limit=4)).done is None:
        steps.append(progress.left)
    assert steps == [clients - 4, clients - 8]  # 11 clients: three calls of at most 4 reads
    assert set(progress.done.texts) == {cid for cid, _n, _a in demo_coach.repo.names()}
    # After a write, only the changed client's file is read again: one read finishes the build.
    kestrel = demo_coach.portfolio.find_client("kestrel")
    demo_coach.boards.add_card(kestrel.id, "plan", "Zeppelin charter pilot")
    assert search.build(limit=0).done is None
    progress = search.build(limit=1)
    assert progress.done is not None and progress.done.text(kestrel.id).matches(parse_query("zeppelin").terms)


def test_a_name_typed_with_accents_finds_only_names_that_hold_them() -> None:
    """Without accents a query finds accented names; a letter typed with its accent is meant,
    so a name without it is not found by folding (the fuzz test found 'Ò' linking a need to
    'lower cost' through its 'o')."""
    from coach_tui.domain.validation import match_names

    names = ["Müller Präzision GmbH", "Muller Prazis", "lower cost"]
    assert match_names("muller", names, str) == ["Müller Präzision GmbH", "Muller Prazis"]
    assert match_names("müller", names, str) == ["Müller Präzision GmbH"]
    assert match_names("Muller Präz", names, str) == ["Müller Präzision GmbH"]
    assert match_names("Ò", names, str) == []
    assert match_names("lö", names, str) == []
    assert match_names("lo", names, str) == ["lower cost"]
