"""The account in depth from the shell, run as real processes: `coach person`, `coach touch`,
`coach plan`, `coach opp`, `coach pillars` and `coach config currency`: what each prints, its
JSON, what it stored, and its one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clikit import coach, coach_into_closed_pipe, one_line_error

from coach_tui.domain.models import History
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore


def _history(data: Path, query: str = "acme") -> History:
    store = FolderStore(data)
    return store.read_client(Coach(store).portfolio.find_client(query).id)


@pytest.fixture
def acme(data_dir: Path) -> Path:
    coach("client", "add", "Acme Logistics", "--revenue", "1.2m", "--renewal", "2027-03-31", data=data_dir, check=True)
    coach("client", "add", "Globex", data=data_dir, check=True)
    return data_dir


@pytest.fixture
def account(acme: Path) -> Path:
    """Acme with people on both sides, a touch, a Plan card, a goal, an initiative and an opportunity."""
    for args in (
        ["person", "add", "acme", "Dana Ortiz", "--role", "decision-maker", "--title", "COO"],
        ["person", "add", "acme", "Lee Park", "--role", "champion"],
        ["person", "add", "acme", "Sam Reed", "--role", "exec-sponsor"],
        ["touch", "acme", "dana", "--kind", "meeting", "--date", "3d ago", "--note", "Agreed a pilot", "--with", "sam"],
        ["card", "add", "acme", "Pilot shared warehousing", "--column", "plan"],
        ["plan", "goal", "add", "acme", "Cut freight cost", "--metric", "cost per pallet", "--target=-8%", "--by", "2027-06-30"],
        ["plan", "initiative", "add", "acme", "Shared warehousing pilot", "--card", "pilot"],
        ["opp", "add", "acme", "EU warehousing", "--value", "120k", "--need", "lower freight cost",
         "--next", "Send proposal", "--next-date", "2026-12-02", "--close", "2027-01-31"],
    ):  # fmt: skip
        coach(*args, data=acme, check=True)
    return acme


# -- people and touches ---------------------------------------------------------------------


def test_person_add_list_edit_remove(acme: Path) -> None:
    added = coach("person", "add", "acme", "Dana Ortiz", "--role", "decision-maker", "--title", "COO", data=acme, check=True)
    assert added.stdout == "Acme Logistics: added Dana Ortiz, COO (Decision-maker, the client's people)\n"
    ours = coach("person", "add", "acme", "Kim Tan", "--role", "other", "--ours", data=acme, check=True)
    assert "Kim Tan (Other, our account team)" in ours.stdout
    sponsor = coach("person", "add", "acme", "Sam Reed", "--role", "exec", data=acme, check=True)
    assert "Sam Reed (Executive sponsor, our account team)" in sponsor.stdout

    listed = coach("person", "list", "acme", data=acme, check=True).stdout.splitlines()
    assert listed[0] == "the client's people (1)"
    assert listed[1] == "  1. Dana Ortiz, COO · Decision-maker · never touched"
    assert listed[2] == "our account team (2)"
    assert listed[3].startswith("  2. Sam Reed · Executive sponsor")  # roles in method order
    assert listed[4].startswith("  3. Kim Tan · Other")

    edited = coach("person", "edit", "acme", "1", "--name", "Dana Ortiz-Ruiz", "--role", "economic-buyer", data=acme)
    assert edited.returncode == 0, edited.stderr
    assert "Dana Ortiz-Ruiz, COO (Economic buyer" in edited.stdout
    moved = coach("person", "edit", "acme", "kim", "--theirs", "--title", "Analyst", data=acme, check=True)
    assert "Kim Tan, Analyst (Other, the client's people)" in moved.stdout

    coach("touch", "acme", "dana", data=acme, check=True)
    removed = coach("person", "remove", "acme", "dana", data=acme, check=True)
    assert removed.stdout == "Acme Logistics: removed Dana Ortiz-Ruiz and 1 touch with them\n"
    history = _history(acme)
    assert sorted((p.name, p.role, p.ours, p.title) for p in history.people) == [
        ("Kim Tan", "other", False, "Analyst"),
        ("Sam Reed", "exec-sponsor", True, ""),
    ]
    assert history.touches == []


def test_touch_and_last_touch_in_the_list(account: Path) -> None:
    touch = coach("touch", "acme", "lee", "--kind", "email", "--date", "yesterday", "--note", "Sent the deck", data=account)
    assert touch.returncode == 0, touch.stderr
    assert touch.stdout == "Acme Logistics: logged an email with Lee Park on Tue 24 Nov 2026: Sent the deck\n"
    listed = coach("person", "list", "acme", data=account, check=True).stdout
    assert "Dana Ortiz, COO · Decision-maker · last touch Nov 22 (meeting): Agreed a pilot" in listed
    assert "Lee Park · Champion · last touch yesterday (email): Sent the deck" in listed
    assert "Sam Reed · Executive sponsor · last touch Nov 22 (meeting) · not briefed" in listed

    rows = json.loads(coach("person", "list", "acme", "--json", data=account, check=True).stdout)
    assert [r["name"] for r in rows] == ["Dana Ortiz", "Lee Park", "Sam Reed"]
    dana = rows[0]
    assert dana["role"] == "decision-maker" and dana["title"] == "COO" and dana["ours"] is False
    assert dana["last_touch"] == {"date": "2026-11-22", "kind": "meeting", "note": "Agreed a pilot"}
    assert dana["touches"] == 1
    assert rows[2]["ours"] is True and rows[2]["briefed"] is None
    history = _history(account)
    sam = next(p for p in history.people if p.name == "Sam Reed")
    assert [t.ours for t in history.touches if t.kind == "meeting"] == [(sam.id,)]


def test_an_empty_account(acme: Path) -> None:
    assert "nobody on Acme Logistics's account yet" in coach("person", "list", "acme", data=acme, check=True).stdout
    assert json.loads(coach("person", "list", "acme", "--json", data=acme, check=True).stdout) == []
    assert "no opportunity on Acme Logistics's account yet" in coach("opp", "list", "acme", data=acme, check=True).stdout
    assert json.loads(coach("opp", "list", "acme", "--json", data=acme, check=True).stdout) == []
    shown = coach("plan", "show", "globex", data=acme, check=True).stdout
    assert "No client goal written yet." in shown and "Last reviewed: never" in shown and "No open opportunity." in shown


# -- the account plan -----------------------------------------------------------------------


def test_plan_goals_initiatives_review_and_share(account: Path) -> None:
    goal = coach("plan", "goal", "add", "acme", "Grow EU volume", "--by", "in 6m", data=account, check=True)
    assert goal.stdout == "Acme Logistics: added the goal 'Grow EU volume' (by 2027-05-25)\n"
    edited = coach("plan", "goal", "edit", "acme", "eu", "--metric", "pallets a month", data=account, check=True)
    assert "(metric: pallets a month, by 2027-05-25)" in edited.stdout
    assert "removed the goal 'Grow EU volume'" in coach("plan", "goal", "remove", "acme", "2", data=account, check=True).stdout

    reviewed = coach("plan", "review", "acme", "--date", "yesterday", data=account, check=True)
    assert reviewed.stdout == "Acme Logistics: the account plan was reviewed on Tue 24 Nov 2026\n"
    shared = coach("plan", "share", "acme", "--with", "dana", "--with", "sam", "--with", "Dana", data=account, check=True)
    assert shared.stdout == "Acme Logistics: the account plan was shared on Wed 25 Nov 2026 with Dana Ortiz, Sam Reed\n"

    plan = _history(account).plan
    assert plan is not None
    assert [(g.text, g.metric, g.target, str(g.by)) for g in plan.goals] == [
        ("Cut freight cost", "cost per pallet", "-8%", "2027-06-30")
    ]
    assert [i.text for i in plan.initiatives] == ["Shared warehousing pilot"]
    assert len(plan.initiatives[0].card_ids) == 1
    assert str(plan.reviewed) == "2026-11-24"
    assert [(str(s.on), s.with_client, s.with_team, len(s.person_ids)) for s in plan.shares] == [("2026-11-25", True, True, 2)]
    gone = coach("plan", "initiative", "remove", "acme", "pilot", data=account, check=True)
    assert "removed the initiative 'Shared warehousing pilot'" in gone.stdout
    plan = _history(account).plan
    assert plan is not None and plan.initiatives == ()


def test_plan_show_in_three_formats(account: Path) -> None:
    coach("plan", "share", "acme", "--with", "dana", "--with", "sam", data=account, check=True)
    md = coach("plan", "show", "acme", data=account, check=True).stdout
    assert md.startswith("# Account plan: Acme Logistics\n\nAs of 25 Nov 2026 · annual revenue €1.2m · renews 31 Mar 2027\n")
    assert "1. Cut freight cost · metric: cost per pallet · target: -8% · by 30 Jun 2027" in md
    assert "1. Shared warehousing pilot\n   - Pilot shared warehousing (Plan)" in md
    assert "- Shared 25 Nov 2026 with Dana Ortiz, Sam Reed" in md
    assert "- Dana Ortiz, COO · Decision-maker · last touch 22 Nov 2026 (meeting)" in md
    assert "- EU warehousing · €120k · identified · answers: lower freight cost · next: Send proposal by 2 Dec 2026" in md

    txt = coach("plan", "show", "acme", "--format", "txt", data=account, check=True).stdout
    assert txt.startswith("Account plan: Acme Logistics\n============================\n")
    assert "## " not in txt and "Client goals\n------------\n1. Cut freight cost" in txt

    data = json.loads(coach("plan", "show", "acme", "--format", "json", data=account, check=True).stdout)
    assert data["client"] == "Acme Logistics" and data["revenue"] == 1_200_000 and data["renewal"] == "2027-03-31"
    assert data["goals"][0]["target"] == "-8%" and data["goals"][0]["by"] == "2027-06-30"
    assert data["initiatives"][0]["cards"][0]["title"] == "Pilot shared warehousing"
    assert data["shares"][0]["with"] == ["Dana Ortiz", "Sam Reed"]
    assert [p["name"] for p in data["people"]] == ["Dana Ortiz", "Lee Park", "Sam Reed"]
    assert data["opportunities"][0]["value"] == 120_000

    bad = one_line_error(coach("plan", "show", "acme", "--format", "pdf", data=account), 2)
    assert "'pdf'" in bad and "md" in bad and "json" in bad


# -- opportunities --------------------------------------------------------------------------


@pytest.mark.parametrize("typed, units", [("120k", 120_000), ("1.2m", 1_200_000), ("95,000", 95_000), ("€95000", 95_000)])
def test_money_as_people_type_it(acme: Path, typed: str, units: int) -> None:
    coach("opp", "add", "acme", "Deal", "--value", typed, data=acme, check=True)
    assert [o.value for o in _history(acme).opportunities] == [units]


def test_opp_add_list_stage_edit_remove(account: Path) -> None:
    listed = coach("opp", "list", "acme", data=account, check=True).stdout
    assert listed == (
        "  1. EU warehousing · €120k · identified · answers: lower freight cost · "
        "next: Send proposal by 2026-12-02 · close 2027-01-31\n"
    )
    staged = coach("opp", "stage", "acme", "1", "qualified", data=account, check=True)
    assert staged.stdout == "Acme Logistics: 'EU warehousing' moved from identified to qualified\n"
    edited = coach("opp", "edit", "acme", "eu", "--value", "€95,000", "--next", "", "--next-date", "", data=account)
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout == (
        "Acme Logistics: updated 'EU warehousing': €95k · qualified · answers: lower freight cost · "
        "no next step · close 2027-01-31\n"
    )
    coach("opp", "add", "acme", "Customs brokerage", "--stage", "prop", data=account, check=True)
    rows = json.loads(coach("opp", "list", "acme", "--json", data=account, check=True).stdout)
    assert [(r["title"], r["stage"], r["value"], r["need"]) for r in rows] == [
        ("EU warehousing", "qualified", 95_000, "lower freight cost"),
        ("Customs brokerage", "proposed", None, None),
    ]
    assert [s for _, s in rows[0]["stages"]] == ["identified", "qualified"]
    removed = coach("opp", "remove", "acme", "customs", data=account, check=True)
    assert removed.stdout == "Acme Logistics: removed 'Customs brokerage'\n"
    assert [o.title for o in _history(account).opportunities] == ["EU warehousing"]


def test_currency_setting_shows_in_amounts(account: Path) -> None:
    assert coach("config", "currency", data=account, check=True).stdout == "€\n"
    assert coach("config", "currency", "usd", data=account, check=True).stdout == "amounts are now shown in USD\n"
    assert "currency    USD" in coach("config", data=account, check=True).stdout
    assert "USD 120k · identified" in coach("opp", "list", "acme", data=account, check=True).stdout
    assert "annual revenue USD 1.2m" in coach("plan", "show", "acme", data=account, check=True).stdout
    message = one_line_error(coach("config", "currency", "dollars", data=account), 2)
    assert "'dollars'" in message and "three-letter code" in message


# -- pillars --------------------------------------------------------------------------------


def test_pillars_json_has_the_board_reading_and_its_tip(account: Path) -> None:
    result = coach("pillars", "acme", "--json", data=account, check=True)
    data = json.loads(result.stdout)
    assert list(data) == ["client", "on", "scores", "evidence", "weakest", "failing_signal", "failing_evidence", "tip"]
    assert data["client"]["name"] == "Acme Logistics" and data["on"] == "2026-11-25"
    assert list(data["scores"]) == ["recognize", "lead", "strategy", "tactics", "value"]
    assert all(v is None or 0 <= v <= 100 for v in data["scores"].values())
    assert all(isinstance(lines, list) and lines for lines in data["evidence"].values())
    assert data["scores"][data["weakest"]] is not None
    assert set(data["tip"]) == {"id", "title", "action"}

    # The very reading the board makes, and the tip it chose for the failing signal.
    store = FolderStore(account)
    services = Coach(store)
    board = services.boards.read(services.portfolio.find_client("acme").id)
    assert data["weakest"] == board.view.weakest
    assert data["failing_signal"] == board.view.failing.signal
    assert {p: s.score for p, s in board.view.scores.items()} == data["scores"]
    assert board.tip is not None and data["tip"]["id"] == board.tip.id
    # Shown from the shell counts as shown this week, as on the board.
    assert any(t.tip_id == board.tip.id for t in store.read().tips_shown)


def test_pillars_text(account: Path) -> None:
    data = json.loads(coach("pillars", "acme", "--json", data=account, check=True).stdout)
    lines = coach("pillars", "acme", data=account, check=True).stdout.splitlines()
    assert lines[0] == "Acme Logistics · pillars on 2026-11-25"
    assert lines[1].startswith("Recognition of the opportunity: ")
    assert any(line.endswith("← weakest") for line in lines)
    assert f"  - {data['evidence']['lead'][0]}" in lines
    assert any(line.startswith(f"failing signal: {data['failing_signal']}: ") for line in lines)
    assert f"tip: {data['tip']['title']}" in lines
    assert f"  this week: {data['tip']['action']}" in lines


def test_pillars_score_is_null_where_no_signal_applies(acme: Path) -> None:
    data = json.loads(coach("pillars", "globex", "--json", data=acme, check=True).stdout)
    assert data["scores"]["value"] is not None  # the rhythm always applies
    for pillar, score in data["scores"].items():
        if score is None:
            assert data["weakest"] != pillar


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, words",
    [
        (["person", "add", "acme", "X"], ["--role", "required"]),
        (["person", "add", "acme", "X", "--role", "boss"], ["'boss'", "decision-maker", "exec-sponsor"]),
        (["person", "add", "acme", "X", "--role", "champion", "--ours"], ["Champion", "client's side"]),
        (["person", "add", "acme", "Dana Ortiz", "--role", "user"], ["already among", "Dana Ortiz"]),
        (["person", "add", "acme", "   ", "--role", "user"], ["name"]),
        (["person", "edit", "acme", "nobody", "--title", "x"], ["'nobody'", "no person"]),
        (["person", "remove", "acme", "9"], ["'9'"]),
        (["person", "list", "initech"], ["'initech'", "coach client add"]),
        (["touch", "acme", "sam"], ["Sam Reed", "account team", "--with"]),
        (["touch", "acme", "dana", "--kind", "fax"], ["'fax'", "call, meeting, email, event"]),
        (["touch", "acme", "dana", "--date", "tomorrow"], ["'tomorrow'", "future"]),
        (["touch", "acme", "dana", "--date", "31/02/2026"], ["31/02/2026", "2026-11-20"]),
        (["touch", "acme", "dana", "--with", "lee"], ["'lee'", "account team"]),
        (["plan", "goal", "add", "acme", ""], ["goal"]),
        (["plan", "goal", "add", "acme", "x", "--by", "someday"], ["'someday'"]),
        (["plan", "goal", "remove", "acme", "nothing"], ["'nothing'", "no goal"]),
        (["plan", "initiative", "add", "acme", "x", "--card", "nothing"], ["'nothing'", "no open card"]),
        (["plan", "review", "acme", "--date", "2027-01-01"], ["future"]),
        (["plan", "share", "acme"], ["--with", "required"]),
        (["plan", "share", "acme", "--with", "nobody"], ["'nobody'"]),
        (["plan"], ["required"]),
        (["opp", "add", "acme", "Deal", "--value", "12x"], ["'12x'", "120k", "1.2m", "95,000", "€95000"]),
        (["opp", "add", "acme", "Deal", "--value", "lots"], ["'lots'", "120k"]),
        (["opp", "add", "acme", "Deal", "--stage", "won-ish"], ["'won-ish'", "identified"]),
        (["opp", "add", "acme", "Deal", "--next-date", "2026-12-01"], ["next step"]),
        (["opp", "add", "acme", "Deal", "--close", "sometime"], ["'sometime'"]),
        (["opp", "stage", "acme", "eu", "bogus"], ["'bogus'", "identified, qualified, proposed, won, lost"]),
        (["opp", "stage", "acme", "eu", "identified"], ["already identified"]),
        (["opp", "edit", "acme", "eu", "--value", "1.2.3m"], ["'1.2.3m'", "120k"]),
        (["opp", "remove", "acme", "nothing"], ["'nothing'", "no opportunity"]),
        (["pillars", "initech"], ["'initech'"]),
        (["config", "currency", "12"], ["'12'", "€"]),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(account: Path, args: list[str], words: list[str]) -> None:
    before = {p.name: p.read_bytes() for p in sorted(account.rglob("*.json"))}
    message = one_line_error(coach(*args, data=account), 2)
    for word in words:
        assert word in message, (word, message)
    after = {p.name: p.read_bytes() for p in sorted(account.rglob("*.json"))}
    assert after == before


def test_help_for_every_new_command(data_dir: Path) -> None:
    top = coach("--help").stdout
    for name in ("person", "touch", "plan", "opp", "pillars"):
        assert f"\n  {name} " in top
    for args, words in (
        (["person", "add"], ["--role", "decision-maker", "exec-sponsor", "--ours"]),
        (["touch"], ["--kind", "--with OUR_PERSON", "2w ago"]),
        (["plan", "show"], ["--format", "md", "txt", "json"]),
        (["plan", "goal", "add"], ["--metric", "--target", "--by"]),
        (["plan", "share"], ["--with PERSON"]),
        (["opp", "add"], ["--value", "120k", "--stage", "--next-date"]),
        (["pillars"], ["--json"]),
        (["config"], ["currency"]),
    ):
        shown = coach(*args, "--help")
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.startswith(f"usage: coach {' '.join(args)}")
        for word in words:
            assert word in shown.stdout, (args, word)


def test_new_commands_do_not_import_textual(account: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from coach_tui.cli import main; code = 0\n"
        f"for args in (['person', 'list', 'acme'], ['plan', 'show', 'acme'], ['opp', 'list', 'acme'], ['pillars', 'acme']):\n"
        f"    code |= main([*args, '--data', {str(account)!r}])\n"
        "assert code == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("args", [["person", "list", "acme"], ["plan", "show", "acme"], ["opp", "list", "acme", "--json"]])
def test_a_reader_that_went_away_is_no_error(account: Path, args: list[str]) -> None:
    """`coach plan show acme | true`: the reader is gone before coach writes; exit 0, quiet."""
    result = coach_into_closed_pipe(*args, data=account)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args", [["person", "list", "acme"], ["touch", "acme", "dana"], ["plan", "show", "acme"], ["opp", "add", "acme", "X"]]
)
def test_a_damaged_client_file_is_exit_1_and_untouched(account: Path, args: list[str]) -> None:
    store = FolderStore(account)
    path = store.client_path(Coach(store).portfolio.find_client("acme").id)
    path.write_bytes(b"{oops")
    message = one_line_error(coach(*args, data=account), 1)
    assert str(path) in message
    assert path.read_bytes() == b"{oops"


def test_status_counts_next_steps_gone_past(account: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An open opportunity's next step dated 2026-12-02: on time until that day, then overdue in
    `coach status` (a line naming the client) and its JSON; a won one no longer counts."""
    monkeypatch.setenv("COACH_TODAY", "2026-12-02")
    assert "next steps overdue" not in coach("status", data=account, check=True).stdout
    assert json.loads(coach("status", "--json", data=account, check=True).stdout)["next_steps_overdue"] == {
        "count": 0,
        "clients": [],
    }
    monkeypatch.setenv("COACH_TODAY", "2026-12-05")
    assert "next steps overdue: 1 opportunity: Acme Logistics (1)\n" in coach("status", data=account, check=True).stdout
    late = json.loads(coach("status", "--json", data=account, check=True).stdout)["next_steps_overdue"]
    assert late == {"count": 1, "clients": [{"client": "Acme Logistics", "overdue": 1}]}
    coach("opp", "stage", "acme", "1", "won", data=account, check=True)
    assert json.loads(coach("status", "--json", data=account, check=True).stdout)["next_steps_overdue"]["count"] == 0
