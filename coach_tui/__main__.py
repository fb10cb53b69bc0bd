"""`python -m coach_tui`: the `coach` command."""

from .cli import run

raise SystemExit(run())
