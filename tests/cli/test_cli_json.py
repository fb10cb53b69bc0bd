"""`--json` on every command that prints a result, run as real processes: one JSON document on
stdout and nothing else there, the keys the README lists with the right values, and errors
still one line on stderr with the same exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from clikit import coach, one_line_error

from coach_tui.cli import quick_args
from coach_tui.store.folder import FolderStore

CLIENT_KEYS = ["id", "name", "added", "cadence", "tier", "archived", "revenue", "renewal"]
LOG_KEYS = ["id", "client", "kind", "value_add", "on", "summary", "need", "told", "card", "logged", "notes"]
CHANGE_KEYS = ["client", "did", "card", "move"]


def printed(result: subprocess.CompletedProcess[str]) -> Any:
    """The one JSON document a command printed, after checking it succeeded."""
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def shop(data_dir: Path) -> Path:
    """Müller (tier A, every 2 weeks): a benchmark answering a need, untold (its Steward card
    on the board), and service work, told; a card in Deliver."""
    coach("client", "add", "Müller Präzision GmbH", "--tier", "A", "--cadence", "2w", data=data_dir, check=True)
    coach(
        "log",
        "muller",
        "Peer benchmark",
        "--kind",
        "industry",
        "--date",
        "3d ago",
        "--need",
        "Cut freight",
        data=data_dir,
        check=True,
    )
    coach("log", "muller", "Fixed the invoice", "--kind", "service", "--told", data=data_dir, check=True)
    coach("card", "add", "muller", "Audit the lanes", "--column", "deliver", data=data_dir, check=True)
    return data_dir


def client_id(data: Path) -> str:
    [(cid, _name, _archived)] = FolderStore(data).names()
    return cid


# -- log ------------------------------------------------------------------------------------


def test_log_json_takes_the_quick_road_and_says_what_was_logged(shop: Path) -> None:
    argv = ["log", "muller", "Lane study", "--need", "cut freight", "--json"]
    assert quick_args(argv) is not None  # read without argparse, as the plain form is
    result = coach(*argv, data=shop)
    data = printed(result)
    assert result.stderr == ""
    assert list(data) == LOG_KEYS
    assert data["client"] == {"id": client_id(shop), "name": "Müller Präzision GmbH"}
    assert (data["kind"], data["value_add"], data["on"], data["summary"], data["told"]) == (
        "idea",
        True,
        "2026-11-25",
        "Lane study",
        False,
    )
    assert data["need"]["title"] == "Cut freight" and data["need"]["new"] is False  # the recorded need
    history = FolderStore(shop).read_client(client_id(shop))
    [steward] = [c for c in history.cards if c.delivery_id == data["id"]]
    assert data["card"] == steward.id and steward.column == "steward"
    assert data["notes"] == ["a Steward card is on the board until you tell them what you did (coach card tell)"]
    assert data["logged"].startswith("2026-11-25T")


def test_log_json_service_told_and_a_new_need(shop: Path) -> None:
    data = printed(
        coach("log", "muller", "Re-ran the EDI feed", "--kind=service", "--told", "--need", "Stable EDI", "--json", data=shop)
    )
    assert (data["value_add"], data["told"], data["card"]) == (False, True, None)
    assert data["need"]["title"] == "Stable EDI" and data["need"]["new"] is True
    assert data["notes"] == ["service work is logged but does not reset the value-add clock"]


def test_log_json_of_a_steward_card(shop: Path) -> None:
    coach("card", "move", "muller", "audit", "--forward", data=shop, check=True)
    data = printed(coach("log", "muller", "Lane audit", "--card", "audit", "--json", data=shop))
    card = next(c for c in FolderStore(shop).read_client(client_id(shop)).cards if c.title == "Audit the lanes")
    assert data["card"] == card.id and card.delivery_id == data["id"]
    assert data["notes"] == ["its Steward card is now this delivery: telling the card (coach card tell) marks it told"]


# -- report ---------------------------------------------------------------------------------


def test_report_json_mirrors_the_markdown(shop: Path) -> None:
    markdown = coach("report", "muller", data=shop, check=True).stdout
    result = coach("report", "muller", "--json", data=shop)
    data = printed(result)
    assert list(data) == ["client", "from", "to", "period", "items", "groups", "untold_card_ids"]
    assert data["client"] == {"id": client_id(shop), "name": "Müller Präzision GmbH"}
    assert (data["from"], data["to"], data["period"], data["items"]) == (
        "2026-08-27",
        "2026-11-25",
        "between 27 Aug and 25 Nov 2026",
        2,
    )
    # The groups in the Markdown's order, with its headings and the kinds as it shows them.
    assert [g["title"] for g in data["groups"]] == ["Cut freight", "Other"]
    assert "## Cut freight" in markdown and markdown.index("## Cut freight") < markdown.index("## Other")
    need, other = data["groups"]
    assert need["need"]["title"] == "Cut freight" and other["need"] is None
    [benchmark] = need["items"]
    assert list(benchmark) == ["on", "kind", "label", "summary", "delivery_id", "card_id", "untold"]
    assert (benchmark["on"], benchmark["kind"], benchmark["label"], benchmark["summary"], benchmark["untold"]) == (
        "2026-11-22",
        "industry",
        "Industry information",
        "Peer benchmark",
        True,
    )
    assert f"- 22 Nov 2026 · {benchmark['label']}: Peer benchmark" in markdown
    assert [(i["kind"], i["label"], i["untold"], i["card_id"]) for i in other["items"]] == [("service", "Service", False, None)]
    assert data["untold_card_ids"] == [benchmark["card_id"]]
    # Nothing asked: the hint goes to stderr, and nothing is marked.
    assert "1 Steward card not marked told" in result.stderr
    assert printed(coach("report", "muller", "--json", data=shop))["untold_card_ids"] == data["untold_card_ids"]


def test_report_json_marks_told_and_writes_a_file(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = coach("report", "muller", "--json", "--mark-told", "--output", str(out), data=shop)
    assert result.returncode == 0 and result.stdout == ""
    assert "marked 1 Steward card told" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["groups"][0]["items"][0]["untold"] is True  # as it was when the report was made
    assert printed(coach("report", "muller", "--json", data=shop))["untold_card_ids"] == []


def test_report_json_of_an_empty_period(shop: Path) -> None:
    data = printed(coach("report", "muller", "--since", "today", "--json", data=shop))
    assert data["items"] == 1 and [g["title"] for g in data["groups"]] == ["Other"]  # today's service work
    coach("client", "add", "Globex", data=shop, check=True)
    data = printed(coach("report", "globex", "--json", data=shop))
    assert (data["items"], data["groups"], data["untold_card_ids"]) == (0, [], [])


# -- config, restore, undo ------------------------------------------------------------------


def test_config_json_all_settings_before_and_after_a_change(shop: Path) -> None:
    assert printed(coach("config", "--json", data=shop)) == {"week_start": "monday", "currency": "€", "theme": "default"}
    after = printed(coach("config", "currency", "usd", "--json", data=shop))
    assert after == {"week_start": "monday", "currency": "USD", "theme": "default"}
    after = printed(coach("config", "week-start", "sun", "--json", data=shop))
    assert after["week_start"] == "sunday"
    assert printed(coach("config", "currency", "--json", data=shop)) == after  # reading one: every setting


def test_restore_list_json_files_and_backups(shop: Path) -> None:
    data = printed(coach("restore", "--list", "--json", data=shop))
    index, client = data["files"]
    cid = client_id(shop)
    assert list(index) == ["name", "path", "kind", "state", "reads", "damaged_shard", "backups"]
    assert (index["name"], index["kind"], index["state"], index["reads"]) == ("coach.json", "index", "ok", True)
    assert (client["name"], client["kind"], client["path"]) == (f"{cid}.json", "client", str(shop / "clients" / f"{cid}.json"))
    assert client["backups"], client
    for backup in client["backups"]:
        assert list(backup) == ["name", "path", "time", "size", "reads"]
        assert backup["reads"] is True and backup["size"] == Path(backup["path"]).stat().st_size
        assert backup["name"].startswith(f"{cid}.json.") and backup["time"][:4].isdigit()
    # A damaged file and a damaged backup say so.
    (shop / "clients" / f"{cid}.json").write_text("{not json", encoding="utf-8")
    Path(client["backups"][0]["path"]).write_text("[]", encoding="utf-8")
    data = printed(coach("restore", "--list", "--json", data=shop))
    damaged = data["files"][1]
    assert (damaged["state"], damaged["reads"]) == ("damaged", False)
    assert [b["reads"] for b in damaged["backups"]][0] is False
    restored = printed(coach("restore", "--json", data=shop))
    assert restored["complete"] is True and restored["done"], restored


def test_undo_list_undo_and_redo_json(shop: Path) -> None:
    listed = printed(coach("undo", "--list", "--json", data=shop))
    assert list(listed) == ["done", "undone"] and listed["undone"] == []
    newest = listed["done"][0]
    assert list(newest) == ["id", "at", "what"] and newest["what"] == "added card 'Audit the lanes' to Deliver"
    undid = printed(coach("undo", "--json", data=shop))
    assert undid == {"undid": newest}
    assert printed(coach("undo", "--list", "--json", data=shop))["undone"] == [newest]
    assert printed(coach("redo", "--json", data=shop)) == {"redid": newest}


# -- cards, clients, deliveries --------------------------------------------------------------


def test_card_add_move_tell_json(shop: Path) -> None:
    added = printed(coach("card", "add", "muller", "Rate review", "--column", "plan", "--json", data=shop))
    assert list(added) == CHANGE_KEYS
    assert added["did"] == "added 'Rate review' to Plan" and added["move"] is None
    assert (added["card"]["title"], added["card"]["column"]) == ("Rate review", "plan")

    moved = printed(coach("card", "move", "muller", "audit", "--forward", "--json", data=shop))
    assert list(moved) == [*CHANGE_KEYS, "delivery", "hint"]
    assert moved["move"] == {"from": "deliver", "to": "steward"} and moved["card"]["column"] == "steward"
    assert moved["delivery"] is None
    assert moved["hint"] == f"coach log muller 'Audit the lanes' --card {moved['card']['id']} --kind idea"

    logged = printed(coach("card", "move", "muller", "rate review", "--to", "steward", "--log", "strategy", "--json", data=shop))
    assert logged["move"] == {"from": "plan", "to": "steward"} and logged["hint"] is None
    delivery = logged["delivery"]
    assert list(delivery) == LOG_KEYS
    assert (delivery["kind"], delivery["summary"], delivery["card"]) == ("strategy", "Rate review", logged["card"]["id"])
    assert logged["card"]["delivery_id"] == delivery["id"]

    told = printed(coach("card", "tell", "muller", "rate review", "--json", data=shop))
    assert told["did"] == "told the client about 'Rate review'" and told["card"]["closed"] is not None


def test_client_add_edit_archive_unarchive_json(data_dir: Path) -> None:
    added = printed(
        coach("client", "add", "Globex", "--tier", "A", "--revenue", "1.2m", "--renewal", "2027-03-31", "--json", data=data_dir)
    )
    assert list(added) == CLIENT_KEYS
    assert (added["name"], added["tier"], added["revenue"], added["renewal"], added["archived"]) == (
        "Globex",
        "A",
        1_200_000,
        "2027-03-31",
        False,
    )
    edited = printed(coach("client", "edit", "globex", "--cadence", "3w", "--json", data=data_dir))
    assert edited == {**added, "cadence": "3w"}
    assert printed(coach("client", "archive", "globex", "--json", data=data_dir)) == {**edited, "archived": True}
    assert printed(coach("client", "unarchive", "globex", "--json", data=data_dir)) == edited
    assert printed(coach("client", "unarchive", "globex", "--json", data=data_dir)) == edited  # not archived: as it is


def test_delivery_edit_and_delete_json(shop: Path) -> None:
    edited = printed(coach("delivery", "edit", "muller", "invoice", "--summary", "Fixed the May invoice", "--json", data=shop))
    assert list(edited) == ["client", "edited"] and edited["client"]["name"] == "Müller Präzision GmbH"
    assert (edited["edited"]["summary"], edited["edited"]["kind"], edited["edited"]["value_add"]) == (
        "Fixed the May invoice",
        "service",
        False,
    )
    deleted = printed(coach("delivery", "delete", "muller", "benchmark", "--json", data=shop))
    assert deleted["deleted"]["summary"] == "Peer benchmark" and deleted["deleted"]["need"] == "Cut freight"
    assert [d["summary"] for d in printed(coach("delivery", "list", "muller", "--json", data=shop))] == ["Fixed the May invoice"]


# -- text that is no plain text, and errors --------------------------------------------------


def test_json_keeps_non_ascii_and_escapes_what_a_terminal_acts_on(data_dir: Path) -> None:
    name = "Evil\x1b[2J Corp \u202egnp"
    result = coach("client", "add", name, "--json", data=data_dir)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\u001b[2J" in result.stdout and "\\u202e" in result.stdout
    assert printed(result)["name"] == name  # the very text, read back
    logged = coach("log", "evil", "Café für Müller", "--json", data=data_dir)
    assert '"Café für Müller"' in logged.stdout  # as it is, not \\u escapes
    assert printed(logged)["client"]["name"] == name


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["log", "nobody", "x", "--json"], 2),  # the quick road
        (["log", "muller", "x", "--kind", "gossip", "--json"], 2),
        (["report", "nobody", "--json"], 2),
        (["config", "week-start", "blursday", "--json"], 2),
        (["card", "tell", "muller", "audit", "--json"], 2),
        (["restore", "--list", "--json", "--demo"], 2),
        (["restore", "nothing.json", "--json"], 2),
        (["redo", "--json"], 2),
        (["client", "add", "Müller Präzision GmbH", "--json"], 2),
    ],
)
def test_errors_stay_one_line_with_json(shop: Path, argv: list[str], code: int) -> None:
    result = coach(*argv, data=shop)
    one_line_error(result, code)
    assert result.stdout == ""


def test_a_damaged_store_is_a_data_error_with_json(shop: Path) -> None:
    (shop / "clients" / f"{client_id(shop)}.json").write_text("{not json", encoding="utf-8")
    result = coach("log", "muller", "x", "--json", data=shop)
    one_line_error(result, 1)
    assert result.stdout == ""


# -- the account: people, touches, plan, opportunities ---------------------------------------


def test_account_commands_json(data_dir: Path) -> None:
    coach("client", "add", "Acme", data=data_dir, check=True)
    acme = {"id": client_id(data_dir), "name": "Acme"}
    added = printed(coach("person", "add", "acme", "Dana Ortiz", "--role", "champion", "--title", "COO", "--json", data=data_dir))
    assert added["client"] == acme and list(added) == ["client", "person"]
    dana = added["person"]
    assert (dana["name"], dana["role"], dana["title"], dana["ours"]) == ("Dana Ortiz", "champion", "COO", False)
    sam = printed(coach("person", "add", "acme", "Sam Reed", "--role", "exec-sponsor", "--json", data=data_dir))["person"]
    assert sam["ours"] is True
    edited = printed(coach("person", "edit", "acme", "dana", "--title", "CFO", "--json", data=data_dir))
    assert edited["person"] == {**dana, "title": "CFO"}

    touch = printed(
        coach("touch", "acme", "dana", "--kind", "meeting", "--note", "Agreed a pilot", "--with", "sam", "--json", data=data_dir)
    )
    assert list(touch) == ["client", "touch", "person", "ours"]
    assert (touch["touch"]["kind"], touch["touch"]["note"], touch["touch"]["on"]) == ("meeting", "Agreed a pilot", "2026-11-25")
    assert touch["person"] == {"id": dana["id"], "name": "Dana Ortiz"} and touch["ours"] == [
        {"id": sam["id"], "name": "Sam Reed"}
    ]

    goal = printed(
        coach("plan", "goal", "add", "acme", "Cut freight cost", "--target=-8%", "--by", "2027-03-31", "--json", data=data_dir)
    )
    assert {k: goal["goal"][k] for k in ("text", "target", "by")} == {
        "text": "Cut freight cost",
        "target": "-8%",
        "by": "2027-03-31",
    }
    assert printed(coach("plan", "goal", "edit", "acme", "1", "--metric", "cost per pallet", "--json", data=data_dir))[
        "goal"
    ] == {**goal["goal"], "metric": "cost per pallet"}
    initiative = printed(coach("plan", "initiative", "add", "acme", "Pilot shared warehousing", "--json", data=data_dir))
    assert initiative["initiative"]["text"] == "Pilot shared warehousing" and initiative["initiative"]["card_ids"] == []
    assert printed(coach("plan", "review", "acme", "--date", "yesterday", "--json", data=data_dir)) == {
        "client": acme,
        "reviewed": "2026-11-24",
    }
    shared = printed(coach("plan", "share", "acme", "--with", "dana", "--with", "sam", "--json", data=data_dir))
    assert shared["share"]["person_ids"] == [dana["id"], sam["id"]] and shared["with"] == ["Dana Ortiz", "Sam Reed"]
    assert (shared["share"]["with_client"], shared["share"]["with_team"]) == (True, True)

    opp = printed(
        coach("opp", "add", "acme", "EU warehousing", "--value", "120k", "--need", "lower cost", "--json", data=data_dir)
    )
    assert list(opp) == ["client", "opportunity", "need_created"] and opp["need_created"] is True
    assert (opp["opportunity"]["value"], opp["opportunity"]["stage"], opp["opportunity"]["need"]) == (
        120_000,
        "identified",
        "lower cost",
    )
    staged = printed(coach("opp", "stage", "acme", "eu", "qualified", "--json", data=data_dir))
    assert (staged["opportunity"]["stage"], staged["was"]) == ("qualified", "identified")
    assert printed(coach("opp", "edit", "acme", "eu", "--next", "Send the proposal", "--json", data=data_dir))["opportunity"][
        "next_step"
    ] == ("Send the proposal")
    assert printed(coach("opp", "remove", "acme", "eu", "--json", data=data_dir))["removed"]["title"] == "EU warehousing"

    removed = printed(coach("plan", "initiative", "remove", "acme", "pilot", "--json", data=data_dir))
    assert removed["removed"] == initiative["initiative"]
    assert printed(coach("plan", "goal", "remove", "acme", "1", "--json", data=data_dir))["removed"]["text"] == "Cut freight cost"
    gone = printed(coach("person", "remove", "acme", "dana", "--json", data=data_dir))
    assert gone["removed"]["name"] == "Dana Ortiz" and gone["touches"] == 1
    one_line_error(coach("opp", "stage", "acme", "nothing", "won", "--json", data=data_dir), 2)
    plan = coach("plan", "show", "acme", "--json", data=data_dir, check=True).stdout
    assert plan == coach("plan", "show", "acme", "--format", "json", data=data_dir, check=True).stdout
    assert json.loads(plan)["people"][0]["name"] == "Sam Reed"


# -- importing --------------------------------------------------------------------------------

SAMPLES = Path(__file__).parent / "samples"


def test_import_csv_json_dry_run_import_and_bad_rows(data_dir: Path, tmp_path: Path) -> None:
    coach("client", "add", "Globex Corporation", "--tier", "A", data=data_dir, check=True)
    sample = str(SAMPLES / "salesforce_accounts.csv")
    dry = printed(coach("import", "csv", sample, "--dry-run", "--json", data=data_dir))
    keys = "file kind source encoding separator rows columns ignored dry_run outcomes created updated skipped"
    assert list(dry) == keys.split()
    assert (dry["kind"], dry["source"], dry["encoding"], dry["separator"], dry["rows"], dry["dry_run"]) == (
        "clients",
        "salesforce",
        "UTF-8 with a BOM",
        "comma",
        3,
        True,
    )
    assert dry["columns"] == {"name": "Account Name", "id": "Account ID", "revenue": "Annual Revenue"}
    assert dry["ignored"] == ["Account Owner", "Type", "Industry", "Billing City"]
    assert [(o["line"], o["action"], o["name"]) for o in dry["outcomes"]] == [
        (2, "create", "Acme Logistics"),
        (3, "create", "Northwind Freight"),
        (4, "update", "Globex Corporation"),
    ]
    assert (dry["created"], dry["updated"], dry["skipped"]) == (2, 1, 0)
    assert len(FolderStore(data_dir).names()) == 1  # nothing written

    done = printed(coach("import", "csv", sample, "--json", data=data_dir))
    assert done["dry_run"] is False and done["outcomes"] == dry["outcomes"]
    assert len(FolderStore(data_dir).names()) == 3
    again = printed(coach("import", "csv", sample, "--json", data=data_dir))
    assert (again["created"], again["updated"]) == (0, 0)

    bad = tmp_path / "accounts.csv"
    bad.write_text("Account Name,Annual Revenue\nInitech,twelve\n", encoding="utf-8")
    result = coach("import", "csv", str(bad), "--json", data=data_dir)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"coach: {bad} line 2, column 'Annual Revenue', value 'twelve'")


def test_import_json_json(data_dir: Path, tmp_path: Path) -> None:
    coach("client", "add", "Acme", data=data_dir, check=True)
    coach("log", "acme", "Rate benchmark", data=data_dir, check=True)
    backup = tmp_path / "backup.json"
    coach("export", "json", "--output", str(backup), data=data_dir, check=True)
    fresh = tmp_path / "fresh"
    done = printed(coach("import", "json", str(backup), "--json", data=fresh))
    assert list(done) == ["file", "changed", "tables", "settings_changed"]
    assert done["file"] == str(backup) and done["changed"] is True
    assert done["tables"]["clients"] == {"added": 1, "updated": 0, "unchanged": 0}
    assert done["tables"]["deliveries"]["added"] == 1
    again = printed(coach("import", "json", str(backup), "--merge", "--json", data=fresh))
    assert again["changed"] is False and again["tables"]["clients"] == {"added": 0, "updated": 0, "unchanged": 1}
    refused = coach("import", "json", str(backup), "--json", data=data_dir)  # holds data, no --merge
    one_line_error(refused, 2)
    assert refused.stdout == ""
