"""The leader's view from the shell: `coach team` with no action (`cli_team`'s group), and
`coach status --portfolio ROLE`'s read-only member.

`add_view(parser)` declares the view's options on a `team` command's parser and `run_view(args)`
runs it, so the `team` group (its actions add-member, remove-member, share, members) can take the view as
its no-action form. A row per manager of the teams the user leads: active clients, overdue
clients, untold Steward cards, the portfolio's weakest pillar and its score, and the
commitments of the last 12 weeks (kept of answered, and made), as `services.team` works
them out. Text only, aligned; `--json` for scripts. Never Textual, never a traceback; roles
and team names are printed through `visible()`.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TYPE_CHECKING

from .cli_account import _coach

if TYPE_CHECKING:
    import argparse

    from .services import Coach
    from .services.team import TeamOverview, TeamViews


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def add_view(parser: argparse.ArgumentParser) -> None:
    """The view's options, on the `team` command's parser."""
    parser.add_argument("--json", action="store_true", help="print the view as JSON, a member a row (keys in the README)")


def team_of(coach: Coach) -> TeamViews:
    """The leader's view of the store, or the one line saying this store has no team."""
    from .domain.errors import InputError
    from .services.team import leading, no_team_line

    views = leading(coach)
    if views is None:
        raise InputError(no_team_line(coach.team_store), "team")
    return views


def member_coach(coach: Coach, role: str) -> Coach:
    """`coach status --portfolio ROLE`: a read-only Coach over that member's portfolio."""
    return team_of(coach).open(role)


def run_view(args: argparse.Namespace) -> int:
    """Print the leader's view. Exit 1 when a member's portfolio could not be read (its row
    says why; the others are printed all the same)."""
    overview = team_of(_coach(args)).overview()
    if args.json:
        from .textsafe import json_text

        out(json_text(overview.to_json()))
    else:
        _print(overview)
    return 1 if any(row.problem is not None for row in overview.rows) else 0


def _width(text: str) -> int:
    """The columns `text` takes in a terminal (a wide character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def _print(overview: TeamOverview) -> None:
    from .services.team import COLUMNS, NUMERIC, cells
    from .textsafe import visible

    today = overview.today
    if not overview.rows:
        out(f"coach team · {today.strftime('%A')} {today.isoformat()} · you lead no team")
        return
    managers = len({row.role for row in overview.rows})
    out(f"coach team · {today.strftime('%A')} {today.isoformat()} · {managers} manager{'' if managers == 1 else 's'}")
    table = [COLUMNS, *(cells(row) for row in overview.rows)]
    widths = [max(_width(line[i]) for line in table) for i in range(len(COLUMNS))]
    for line in table:
        out("  ".join(_pad(cell, widths[i], COLUMNS[i] in NUMERIC) for i, cell in enumerate(line)).rstrip())
    problems = {row.role: row.problem for row in overview.rows if row.problem is not None}  # a role on two teams: once
    for role, problem in problems.items():
        out(f"{visible(role)}: can't read the portfolio: {visible(problem)}")
    out("Kept 12w: commitments kept of those answered in the last 12 weeks; Made 12w: commitments written")


__all__ = ["add_view", "run_view", "member_coach"]
