"""`python -m coach_tui`: the `coach` command."""

from .cli import main

raise SystemExit(main())
