"""`coach completion bash|zsh|fish`: a completion script for the user's shell.

The script knows coach's commands, their actions (`client add`, `card move`...) and options,
read from the parser when the script is printed, so it never disagrees with `coach --help`.
Where an argument is a client, it asks coach for the active clients' names that start with what
is typed (`coach completion --names TYPED`: the directory alone is read, in the `--data`
folder typed on the line if any; any case, accents or not), so a name with spaces, quotes or
accents completes whole.

Install: `eval "$(coach completion bash)"` in ~/.bashrc, `eval "$(coach completion zsh)"` in
~/.zshrc (zsh runs the bash script through its `bashcompinit`), `coach completion fish >
~/.config/fish/completions/coach.fish`.
"""

from __future__ import annotations

import argparse
from typing import NamedTuple

SHELLS = ("bash", "zsh", "fish")


class Spot(NamedTuple):
    """What can be typed after a command (and its action, if it has actions)."""

    words: str  # "log", "client add"
    help: str
    options: tuple[str, ...]
    actions: tuple[tuple[str, str], ...]  # (action, help) when the command takes one
    client_at: int  # which positional argument is a client (0 the first), -1 if none
    valued: tuple[str, ...] = ()  # the options that take a value (the next word is theirs)


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:  # type: ignore[type-arg]
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return found[0] if found else None


def _spot(words: str, help: str, parser: argparse.ArgumentParser) -> Spot:
    options = tuple(sorted(o for a in parser._actions for o in a.option_strings if o.startswith("--")))
    positionals = [a for a in parser._actions if not a.option_strings and not isinstance(a, argparse._SubParsersAction)]
    client_at = next((i for i, a in enumerate(positionals) if a.dest == "client"), -1)
    actions: tuple[tuple[str, str], ...] = ()
    if (sub := _subparsers(parser)) is not None:
        helps = {c.dest: c.help or "" for c in sub._choices_actions}
        actions = tuple((name, helps.get(name, "")) for name in sub.choices)
    valued = tuple(sorted(o for a in parser._actions for o in a.option_strings if o.startswith("--") and a.nargs != 0))
    return Spot(words, help, options, actions, client_at, valued)


def spots() -> list[Spot]:
    """Every command, and every action of a command that has actions, as the parser has them."""
    from .cli_parser import SUBCOMMANDS, build_parser

    top = build_parser()
    sub = _subparsers(top)
    assert sub is not None
    found = []
    for name, parser in sub.choices.items():
        spot = _spot(name, SUBCOMMANDS[name][0], parser)
        found.append(spot)
        if (actions := _subparsers(parser)) is not None:
            found += [_spot(f"{name} {action}", spot.actions[i][1], p) for i, (action, p) in enumerate(actions.choices.items())]
    return found


def script(shell: str) -> str:
    """The completion script for `shell` (one of SHELLS)."""
    table = spots()
    if shell == "fish":
        return _fish(table)
    body = _bash(table)
    if shell == "zsh":
        return '# coach completion for zsh: eval "$(coach completion zsh)" in ~/.zshrc\n' + (
            "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + body
        )
    return '# coach completion for bash: eval "$(coach completion bash)" in ~/.bashrc\n' + body


def _quote(text: str) -> str:
    """Single-quoted for a POSIX shell or fish."""
    return "'" + text.replace("\\", "\\\\").replace("'", "'\\''") + "'"


def _bash(table: list[Spot]) -> str:
    commands = " ".join(s.words for s in table if " " not in s.words)
    cases = []
    for s in table:
        actions = " ".join(a for a, _ in s.actions)
        cases.append(
            f"        {_quote(s.words)}) opts={_quote(' '.join(s.options))}; valued={_quote(' '.join(s.valued))};"
            f" actions={_quote(actions)}; client_at={s.client_at} ;;"
        )
    return """_coach_spot() {
    opts=""; valued=""; actions=""; client_at=-1
    case $1 in
CASES
    esac
}
_coach_complete() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local cmd="" action="" data="" db="" positional=0 i word opts valued actions client_at takes_action=""
    if [[ $prev == --data ]]; then
        COMPREPLY=($(compgen -d -- "$cur"))
        return
    fi
    [[ $prev == --db ]] && return
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ $word == --data ]]; then
            data=${COMP_WORDS[i+1]}; ((i++))
        elif [[ $word == --db ]]; then
            db=${COMP_WORDS[i+1]}; ((i++))
        elif [[ $word == -* ]]; then
            [[ " $valued " == *" $word "* ]] && ((i++))
        elif [[ -z $cmd ]]; then
            cmd=$word; _coach_spot "$cmd"; takes_action=$actions
        elif [[ -n $takes_action && -z $action ]]; then
            action=$word; _coach_spot "$cmd $action"
        else
            ((positional++))
        fi
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "--data --db --demo --help --version COMMANDS" -- "$cur"))
        return
    fi
    _coach_spot "$cmd${action:+ $action}"
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
    elif [[ -n $actions && -z $action ]]; then
        COMPREPLY=($(compgen -W "$actions" -- "$cur"))
    elif [[ $client_at -eq $positional ]]; then
        local names name
        names=$(coach completion --names "${cur//\\\\/}" ${data:+--data "$data"} ${db:+--db "$db"} 2>/dev/null)
        while IFS= read -r name; do
            [[ -n $name ]] && COMPREPLY+=("$(printf '%q' "$name")")
        done <<< "$names"
    fi
}
complete -F _coach_complete coach
""".replace("COMMANDS", commands).replace("CASES", "\n".join(cases))


def _fish(table: list[Spot]) -> str:
    lines = [
        "# coach completion for fish: coach completion fish > ~/.config/fish/completions/coach.fish",
        "complete -c coach -f",
        "complete -c coach -l data -r -F -d 'data folder'",
        "complete -c coach -l db -r -d 'a team database, postgresql://...'",
        "complete -c coach -l demo -d 'work on a copy of the demo portfolio'",
        "function __coach_words",
        "    # The command, its action and how many arguments follow, as typed so far.",
        "    set -l tokens (commandline -opc)[2..-1]",
        "    set -l skip 0",
        "    set -l found",
        "    for t in $tokens",
        "        if test $skip = 1; set skip 0; continue; end",
        "        if contains -- $t --data --db; set skip 1; continue; end",
        "        if string match -q -- '-*' $t; continue; end",
        "        set found $found $t",
        "    end",
        "    string join ' ' -- $found",
        "end",
        "function __coach_data",
        "    set -l tokens (commandline -opc)",
        "    set -l i (contains -i -- --data $tokens)",
        "    and echo $tokens[(math $i + 1)]",
        "end",
        "function __coach_db",
        "    set -l tokens (commandline -opc)",
        "    set -l i (contains -i -- --db $tokens)",
        "    and echo $tokens[(math $i + 1)]",
        "end",
        "function __coach_names",
        "    set -l data (__coach_data)",
        "    set -l db (__coach_db)",
        "    set -l typed (commandline -ct)",
        '    if test -n "$data"; coach completion --names "$typed" --data $data 2>/dev/null',
        '    else if test -n "$db"; coach completion --names "$typed" --db $db 2>/dev/null',
        '    else; coach completion --names "$typed" 2>/dev/null; end',
        "end",
    ]
    for s in table:
        if " " not in s.words:
            lines.append(f"complete -c coach -n 'test -z (__coach_words)' -a {_quote(s.words)} -d {_quote(s.help)}")
    for s in table:
        depth = len(s.words.split())
        at = f"string match -q -- {_quote(s.words + '*')} (__coach_words)"
        for action, help in s.actions:
            lines.append(f"complete -c coach -n 'test (__coach_words) = {s.words}' -a {_quote(action)} -d {_quote(help)}")
        for option in s.options:
            lines.append(f"complete -c coach -n {_quote(at)} -l {option[2:]}")
        if s.client_at >= 0 and not s.actions:
            want = depth + s.client_at
            condition = at + f'; and test (count (string split " " (__coach_words))) = {want}'
            lines.append(f"complete -c coach -n {_quote(condition)} -a '(__coach_names)'")
    return "\n".join(lines) + "\n"


__all__ = ["SHELLS", "Spot", "script", "spots"]
