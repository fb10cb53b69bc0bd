"""Hostile text through the shell commands: stored byte for byte, printed so that a terminal
never acts on it.

Markup-like brackets, escape sequences (clear screen, window title, hyperlinks, clipboard),
NUL, C1 controls, direction overrides, wide and combining Unicode, huge and multi-line text.
Every string goes in as a client name, a delivery summary, a need, a card title and notes, and
comes out of `client list`, `card list`, `status` and `report`; and as a person, a touch note,
a goal, an initiative and an opportunity, out of `person`, `opp`, `plan show` and `pillars`: no raw ESC, BEL, NUL or C1
byte, no bidi override, at most one line per record, and the stored value is exactly what was
typed.
"""

from __future__ import annotations

import json

import pytest
from hardening_support import assert_one_line_error, main_in_process, run_cli, terminal_hazards

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore
from coach_tui.textsafe import visible

MARKUP = ["[red]VIP", "[/]", "x [/bold]", "[a [b] c]", "[@click=app.quit]Acme[/]"]
CONTROL = {
    "csi clear": "Evil\x1b[2J Corp",
    "osc 0 title": "\x1b]0;pwned\x07Title Co",
    "osc 8 link": "\x1b]8;;https://evil.example/\x1b\\Click me\x1b]8;;\x1b\\",
    "osc 52 clipboard": "Clip\x1b]52;c;cm0gLXJmIH4=\x07board",
    "c1 csi": "C1\x9b31mred",
    "rlo": "Invoice \u202egnp.exe",
    "bell and backspace": "Ring\x07\x08\x08gone",
    "line separator": "one\u2028two",
}
UNICODE = {
    "cjk": "株式会社サクラ商事",
    "zwj emoji": "Family 👩‍👩‍👧 Office",
    "combining": "Cafe\u0301 Ame\u0301lie\u0327",
    "zero width": "Zero\u200bWidth\u200cJoin\u2060er",
    "rtl": "شركة الأمل للتجارة",
    "mixed": "Acme \u05d0\u05d1 ½ ﬁ Ω",
}
ALL = {**{f"markup {i}": s for i, s in enumerate(MARKUP)}, **CONTROL, **UNICODE}


def _printed(out: bytes) -> str:
    text = out.decode("utf-8")
    assert not terminal_hazards(text), terminal_hazards(text)
    return text


@pytest.fixture
def acme(data_dir) -> FolderStore:
    store = FolderStore(data_dir)
    Coach(store).clients.add("Acme")
    return store


def _cli(*args: str, data, real_process: bool):
    """The CLI as a process (bytes of stdout/stderr) or in-process: the same checks apply."""
    if real_process:
        proc = run_cli(*args, data=data)
        return proc.returncode, proc.stdout, proc.stderr
    result = main_in_process([*args, "--data", str(data)])
    return result.code, result.out, result.err


@pytest.mark.parametrize("label", list(ALL))
def test_hostile_text_round_trips_and_prints_escaped(acme: FolderStore, label: str) -> None:
    text = ALL[label]
    real = label in CONTROL  # escape sequences go through a real process and a real pipe
    data = acme.root

    code, out, err = _cli("client", "add", text, "--sponsor", text, data=data, real_process=real)
    assert code == 0, err
    assert visible(text) in _printed(out)
    code, out, err = _cli("log", text, text, "--need", text, data=data, real_process=real)
    assert code == 0, err
    assert _printed(out).count("\n") == 2  # the logged line, and the Steward card hint
    code, out, err = _cli(
        "card", "add", text, text, "--column", "plan", "--notes", f"{text}\n{text}", data=data, real_process=real
    )
    assert code == 0, err
    _printed(out)

    client = Coach(acme).portfolio.find_client(text)
    history = acme.read_client(client.id)
    assert client.name == text
    assert [(p.name, p.role, p.ours) for p in history.people] == [(text, "exec-sponsor", True)]
    assert [d.summary for d in history.deliveries] == [text]
    titles = sorted(c.title for c in history.cards)
    assert titles == [text, text, text]  # the need, the Steward card, the Plan card
    assert {c.notes for c in history.cards if c.column == "plan"} == {f"{text}\n{text}"}

    for args in (["client", "list"], ["card", "list", text], ["status"], ["report", text]):
        code, out, err = _cli(*args, data=data, real_process=real)
        assert code == 0, (args, err)
        printed = _printed(out)
        # The report folds each line's whitespace (a line separator is whitespace) by design.
        shown = visible(" ".join(text.split())) if args[0] == "report" else visible(text)
        assert shown in printed, args
        assert not terminal_hazards(err.decode())


def _strings(value: object) -> set[str]:
    """Every string in a JSON document."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*map(_strings, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(_strings, value)) if value else set()
    return set()


@pytest.mark.parametrize("label", list(ALL))
def test_hostile_text_through_the_account_commands(acme: FolderStore, label: str) -> None:
    """The same strings as people, titles, touch notes, goals, initiatives, shares and
    opportunities: stored exactly, printed escaped by `person`, `touch`, `plan`, `opp` and
    `pillars`, one line per record, and read back exactly from their JSON."""
    text = ALL[label]
    real = label in CONTROL
    data = acme.root
    ours = f"Sam {text}"
    folded = visible(" ".join(text.split()))  # the account plan folds each line's whitespace
    for args in (
        ["client", "add", text],
        ["person", "add", text, text, "--role", "decision-maker", "--title", text],
        ["person", "add", text, ours, "--role", "exec-sponsor"],
        ["touch", text, text, "--note", f"{text}\n{text}", "--with", ours],
        ["card", "add", text, text, "--column", "plan"],
        ["plan", "goal", "add", text, text, "--metric", text, "--target", text],
        ["plan", "initiative", "add", text, text, "--card", text],
        ["plan", "share", text, "--with", text, "--with", ours],
        ["opp", "add", text, text, "--need", text, "--next", text, "--value", "120k"],
    ):
        code, out, err = _cli(*args, data=data, real_process=real)
        assert code == 0, (args, err)
        printed = _printed(out)
        assert visible(text) in printed, args
        assert printed.count("\n") <= 2, args  # the record's line, and for a new need its hint

    client = Coach(acme).portfolio.find_client(text)
    history = acme.read_client(client.id)
    assert sorted((p.name, p.title) for p in history.people) == sorted([(text, text), (ours, "")])
    assert [t.note for t in history.touches] == [f"{text}\n{text}"]
    assert history.plan is not None
    assert [(g.text, g.metric, g.target) for g in history.plan.goals] == [(text, text, text)]
    assert [i.text for i in history.plan.initiatives] == [text]
    assert [(o.title, o.next_step) for o in history.opportunities] == [(text, text)]

    for args, shown, lines in (
        (["person", "list", text], visible(text), 4),
        (["opp", "list", text], visible(text), 1),
        (["plan", "show", text], folded, None),
        (["plan", "show", text, "--format", "txt"], folded, None),
        (["pillars", text], visible(text), None),
    ):
        code, out, err = _cli(*args, data=data, real_process=real)
        assert code == 0, (args, err)
        printed = _printed(out)
        assert shown in printed, args
        assert not terminal_hazards(err.decode())
        if lines is not None:
            assert printed.count("\n") == lines, (args, printed)
    plan_lines = _printed(_cli("plan", "show", text, data=data, real_process=real)[1]).splitlines()
    # Nothing typed starts a line: every line is the page's own (a heading, an item, a label).
    assert all(not line or line[0] in "#-=ALNOT123 " for line in plan_lines), plan_lines

    for args in (["person", "list", text, "--json"], ["opp", "list", text, "--json"], ["plan", "show", text, "--format", "json"]):
        code, out, err = _cli(*args, data=data, real_process=real)
        assert code == 0, (args, err)
        assert text in _strings(json.loads(_printed(out))), args  # the very text, read back
    code, out, err = _cli("pillars", text, "--json", data=data, real_process=real)
    assert code == 0, err
    json.loads(_printed(out))


def test_nul_and_other_argv_impossibles_in_process(acme: FolderStore) -> None:
    """NUL can't travel in a real argv; the CLI's `main` still takes it from a caller."""
    text = "Nul\x00Byte\x00Co"
    result = main_in_process(["client", "add", text, "--data", str(acme.root)])
    assert result.code == 0, result.stderr
    assert "Nul\\x00Byte\\x00Co" in _printed(result.out)
    result = main_in_process(["log", text, f"summary {text}", "--data", str(acme.root)])
    assert result.code == 0 and "\\x00" in _printed(result.out)
    client = Coach(acme).portfolio.find_client(text)
    assert client.name == text
    assert acme.read_client(client.id).deliveries[0].summary == f"summary {text}"
    assert "\\x00" in _printed(main_in_process(["status", "--data", str(acme.root)]).out)


def test_bytes_that_are_not_utf8_never_crash(acme: FolderStore) -> None:
    """A shell passes whatever bytes it is given; Python keeps invalid UTF-8 as lone
    surrogates. Refusing them or keeping them exactly are both fine; a traceback is not."""
    raw = b"Caf\xe9 \xff Co"
    added = run_cli(b"client", b"add", raw, data=acme.root)
    assert "Traceback" not in added.stderr.decode("utf-8", "replace")
    if added.returncode == 2:
        assert_one_line_error(added.stderr, added.returncode, 2)
        return
    assert added.returncode == 0, added.stderr
    _printed(added.stdout)
    name = raw.decode("utf-8", "surrogateescape")
    assert Coach(acme).portfolio.find_client(name).name == name  # the very bytes, kept
    for args in (["client", "list"], ["status"]):
        listed = run_cli(*args, data=acme.root)
        assert listed.returncode == 0, listed.stderr
        assert "Caf\\udce9 \\udcff Co" in _printed(listed.stdout)
    logged = run_cli(b"log", raw, raw, data=acme.root)
    assert logged.returncode == 0, logged.stderr
    _printed(logged.stdout)


def test_json_output_has_no_raw_controls(acme: FolderStore) -> None:
    coach = Coach(acme)
    for text in (CONTROL["c1 csi"], CONTROL["rlo"]):
        client = coach.clients.add(text)
        coach.boards.add_card(client.id, "plan", text)
    surrogate = run_cli(b"client", b"add", b"Caf\xe9", data=acme.root)
    assert surrogate.returncode in (0, 2)
    for args in (["client", "list", "--json"], ["card", "list", CONTROL["rlo"], "--json"], ["status", "--json"]):
        result = run_cli(*args, data=acme.root)
        assert result.returncode == 0, result.stderr
        printed = _printed(result.stdout)
        json.loads(printed)  # still JSON, the escapes read back as the same text


@pytest.mark.parametrize("extra", ["x\x1b[2Jy", "one\ntwo", "\x9b31m"])
def test_usage_errors_quote_hostile_arguments_on_one_line(acme: FolderStore, extra: str) -> None:
    result = run_cli("status", extra, data=acme.root)
    assert_one_line_error(result.stderr, result.returncode, 2)


# -- size ----------------------------------------------------------------------------------------


def test_a_ten_thousand_character_name_is_refused_in_one_line(acme: FolderStore) -> None:
    result = run_cli("client", "add", "N" * 10_000, data=acme.root)
    message = assert_one_line_error(result.stderr, result.returncode, 2)
    assert "at most 200 characters" in message and "10000" in message and len(message) < 200
    before = acme.index_path.read_bytes()
    edit = run_cli("client", "edit", "acme", "--name", "N" * 10_000, data=acme.root)
    assert_one_line_error(edit.stderr, edit.returncode, 2)
    assert acme.index_path.read_bytes() == before
    assert [c.name for c in Coach(acme).portfolio.clients()] == ["Acme"]


def test_long_and_multi_line_text_round_trips(acme: FolderStore) -> None:
    notes = "".join(f"line {n}: {ALL[label]}\n" for n, label in enumerate(ALL)) * 40
    notes = (notes + "x" * 10_000)[:10_000].rstrip() + "END"
    notes = notes[-10_000:]
    assert len(notes) == 10_000
    summary = ("Long summary 株式会社 👩‍👩‍👧 " * 200)[:1999] + "!"
    result = run_cli("card", "add", "acme", "Big notes", "--notes", notes, data=acme.root)
    assert result.returncode == 0, result.stderr
    result = run_cli("log", "acme", summary, data=acme.root)
    assert result.returncode == 0, result.stderr
    assert _printed(result.stdout).count("\n") == 2
    client = Coach(acme).portfolio.find_client("acme")
    history = acme.read_client(client.id)
    assert next(c.notes for c in history.cards if c.title == "Big notes") == notes
    assert history.deliveries[0].summary == summary
    # Past the limits: one line saying so, and nothing written.
    before = acme.client_path(client.id).read_bytes()
    too_long = run_cli("log", "acme", "S" * 10_000, data=acme.root)
    assert "at most 2000 characters" in assert_one_line_error(too_long.stderr, too_long.returncode, 2)
    too_long = run_cli("card", "add", "acme", "t", "--notes", "n" * 10_001, data=acme.root)
    assert_one_line_error(too_long.stderr, too_long.returncode, 2)
    assert acme.client_path(client.id).read_bytes() == before
