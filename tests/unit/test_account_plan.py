"""The one-page account plan (`coaching.account_plan`): Markdown, plain text and JSON, line for
line, from read models built through the services on a tmp folder."""

from __future__ import annotations

import json

import pytest

from coach_tui.coaching.account_plan import account_plan_json, render_account_plan
from coach_tui.domain.errors import InputError
from coach_tui.services import Coach


def _account(coach: Coach) -> str:
    client = coach.clients.add("Acme Logistics", revenue="1.2m", renewal="2027-03-31")
    cid = client.id
    coach.people.add(cid, "Dana Ortiz", "decision-maker", title="COO")
    coach.people.add(cid, "Lee Park", "champion")
    coach.people.add(cid, "Sam Reed", "exec-sponsor")
    coach.people.log_touch(cid, "dana", kind="meeting", on="2026-11-22", note="Agreed a pilot", with_ours=("sam",))
    coach.boards.add_card(cid, "plan", "Pilot shared warehousing")
    done = coach.boards.add_card(cid, "plan", "Map the EU lanes")
    coach.plans.add_goal(cid, "Cut freight cost", metric="cost per pallet", target="-8%", by="2027-06-30")
    coach.plans.add_goal(cid, "Grow EU volume")
    coach.plans.add_initiative(cid, "Shared warehousing pilot", cards=("pilot", "lanes"))
    assert done.card_id is not None
    coach.boards.move_card_to(cid, done.card_id, "steward")
    coach.boards.tell_card(cid, done.card_id)
    coach.plans.review(cid, "2026-11-02")
    coach.plans.share(cid, ("dana", "sam"), "2026-11-10")
    coach.plans.share(cid, ("lee",), "2026-11-20")
    coach.opportunities.add(
        cid, "EU warehousing", value="120k", need="lower freight cost", next_step="Send proposal",
        next_date="2026-12-02", close="2027-01-31",
    )  # fmt: skip
    coach.opportunities.add(cid, "Customs brokerage", value="€95,000", stage="qualified")
    late = coach.opportunities.add(cid, "Cold chain", next_step="Call Dana")[0]
    coach.opportunities.edit(cid, late.id, next_date="2026-11-20")
    won = coach.opportunities.add(cid, "Old deal", stage="proposed")[0]
    coach.opportunities.stage(cid, won.id, "won")
    return cid


MD = """\
# Account plan: Acme Logistics

As of 25 Nov 2026 · annual revenue €1.2m · renews 31 Mar 2027

## Client goals

1. Cut freight cost · metric: cost per pallet · target: -8% · by 30 Jun 2027
2. Grow EU volume

## Our initiatives

1. Shared warehousing pilot
   - Pilot shared warehousing (Plan)
   - Map the EU lanes (done)

## Review and shares

Last reviewed: 2 Nov 2026
- Shared 20 Nov 2026 with Lee Park
- Shared 10 Nov 2026 with Dana Ortiz, Sam Reed

## Key people

The client's people:
- Dana Ortiz, COO · Decision-maker · last touch 22 Nov 2026 (meeting)
- Lee Park · Champion · never touched

Our account team:
- Sam Reed · Executive sponsor · last touch 22 Nov 2026 (meeting) · briefed 10 Nov 2026

## Open opportunities

- Cold chain · identified · next: Call Dana by 20 Nov 2026 (overdue)
- EU warehousing · €120k · identified · answers: lower freight cost · next: Send proposal by 2 Dec 2026 · close 31 Jan 2027
- Customs brokerage · €95k · qualified · no next step
"""


def test_markdown_page(coach: Coach) -> None:
    cid = _account(coach)
    assert render_account_plan(coach.plans.view(cid), coach.opportunities.view(cid), "md") == MD


def test_plain_text_page(coach: Coach) -> None:
    cid = _account(coach)
    text = render_account_plan(coach.plans.view(cid), coach.opportunities.view(cid), "txt")
    lines = text.splitlines()
    assert lines[:3] == ["Account plan: Acme Logistics", "=" * len("Account plan: Acme Logistics"), ""]
    assert "Client goals\n------------\n1. Cut freight cost" in text
    assert "Open opportunities\n------------------\n- Cold chain" in text
    assert not any(line.startswith("#") for line in lines)
    # The same page as the Markdown one, but for the headings: underlined, no blank line under a section's.
    expected: list[str] = []
    md_lines = iter(MD.splitlines())
    for line in md_lines:
        if line.startswith("## "):
            expected += [line[3:], "-" * len(line[3:])]
            next(md_lines)  # the blank line Markdown wants under a heading
        elif line.startswith("# "):
            expected += [line[2:], "=" * len(line[2:])]
        else:
            expected.append(line)
    assert lines == expected


def test_json_page(coach: Coach) -> None:
    cid = _account(coach)
    plan, opps = coach.plans.view(cid), coach.opportunities.view(cid)
    text = render_account_plan(plan, opps, "json")
    data = json.loads(text)
    assert data == account_plan_json(plan, opps)
    assert data["client"] == "Acme Logistics" and data["date"] == "2026-11-25"
    assert (data["currency"], data["revenue"], data["renewal"]) == ("€", 1_200_000, "2027-03-31")
    assert [(g["text"], g["metric"], g["target"], g["by"]) for g in data["goals"]] == [
        ("Cut freight cost", "cost per pallet", "-8%", "2027-06-30"),
        ("Grow EU volume", "", "", None),
    ]
    [initiative] = data["initiatives"]
    assert [(c["title"], c["column"], c["open"]) for c in initiative["cards"]] == [
        ("Pilot shared warehousing", "plan", True),
        ("Map the EU lanes", "steward", False),
    ]
    assert data["reviewed"] == "2026-11-02"
    assert [(s["date"], s["with"], s["with_client"], s["with_team"]) for s in data["shares"]] == [
        ("2026-11-10", ["Dana Ortiz", "Sam Reed"], True, True),
        ("2026-11-20", ["Lee Park"], True, False),
    ]
    assert [(p["name"], p["role"], p["ours"]) for p in data["people"]] == [
        ("Dana Ortiz", "decision-maker", False),
        ("Lee Park", "champion", False),
        ("Sam Reed", "exec-sponsor", True),
    ]
    assert data["people"][0]["last_touch"] == {"date": "2026-11-22", "kind": "meeting", "note": "Agreed a pilot"}
    assert data["people"][2]["briefed"] == "2026-11-10"
    assert [(o["title"], o["value"], o["stage"], o["need"]) for o in data["opportunities"]] == [
        ("Cold chain", None, "identified", None),
        ("EU warehousing", 120_000, "identified", "lower freight cost"),
        ("Customs brokerage", 95_000, "qualified", None),
    ]
    # Non-ASCII as it is (controls would be JSON escapes: tests/unit/test_textsafe_json.py).
    assert "€" in text and "\\u20ac" not in text


def test_an_empty_plan(coach: Coach) -> None:
    cid = coach.clients.add("Globex").id
    md = render_account_plan(coach.plans.view(cid), coach.opportunities.view(cid))
    assert md == (
        "# Account plan: Globex\n\nAs of 25 Nov 2026\n\n"
        "## Client goals\n\nNo client goal written yet.\n\n"
        "## Our initiatives\n\nNo initiative yet.\n\n"
        "## Review and shares\n\nLast reviewed: never\nShared: not yet\n\n"
        "## Key people\n\nNobody recorded yet.\n\n"
        "## Open opportunities\n\nNo open opportunity.\n"
    )
    data = json.loads(render_account_plan(coach.plans.view(cid), coach.opportunities.view(cid), "json"))
    assert data["goals"] == data["initiatives"] == data["shares"] == data["people"] == data["opportunities"] == []
    assert data["revenue"] is None and data["renewal"] is None and data["reviewed"] is None


def test_a_removed_person_leaves_the_share_and_the_currency_follows_the_setting(coach: Coach) -> None:
    cid = _account(coach)
    coach.people.remove(cid, "lee")
    coach.settings.set_currency("usd")
    md = render_account_plan(coach.plans.view(cid), coach.opportunities.view(cid), "md")
    assert "- Shared 20 Nov 2026 with the client\n" in md  # who heard it, though their name is gone
    assert "Lee Park" not in md
    assert "annual revenue USD 1.2m" in md and "EU warehousing · USD 120k" in md


HOSTILE = "[red]x[/] \x1b[2J\u202egnp.exe\n# Heading\n- item"


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_user_text_is_literal_and_never_starts_a_line(coach: Coach, fmt: str) -> None:
    cid = coach.clients.add("Acme").id
    coach.people.add(cid, "Dana [bold]", "decision-maker", title="\x1b]0;t\x07COO")
    coach.people.log_touch(cid, "dana", note=HOSTILE)
    coach.plans.add_goal(cid, "[red]x[/] \x1b[2J\u202egnp.exe", metric="*m*", target="_t_")
    coach.opportunities.add(cid, "# not a heading", next_step="\u202eevil")
    text = render_account_plan(coach.plans.view(cid), coach.opportunities.view(cid), fmt)
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "1. [red]x[/] \\x1b[2J\\u202egnp.exe · metric: *m* · target: _t_" in text
    assert "- Dana [bold], \\x1b]0;t\\x07COO · Decision-maker" in text
    assert "- # not a heading · identified · next: \\u202eevil" in text
    assert not any(line.startswith(("# not", "- item")) for line in text.splitlines())


def test_json_keeps_the_text_as_stored(coach: Coach) -> None:
    cid = coach.clients.add("Acme").id
    coach.plans.add_goal(cid, "[red]x[/] \x1b[2J\u202egnp.exe")
    text = render_account_plan(coach.plans.view(cid), coach.opportunities.view(cid), "json")
    assert "\x1b" not in text and "\u202e" not in text
    assert json.loads(text)["goals"][0]["text"] == "[red]x[/] \x1b[2J\u202egnp.exe"


def test_an_unknown_format_names_what_was_typed(coach: Coach) -> None:
    cid = coach.clients.add("Acme").id
    with pytest.raises(InputError, match=r"'pdf'.*md, txt or json"):
        render_account_plan(coach.plans.view(cid), coach.opportunities.view(cid), "pdf")
