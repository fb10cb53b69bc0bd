"""Where coach keeps its data: `--data PATH`, else `$COACH_DATA`, else the platform's user
data folder (e.g. ~/.local/share/coach on Linux). Nothing is created at import time."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("COACH_DATA")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("coach", appauthor=False))


def config_dir() -> Path:
    """Where coach keeps the user's own configuration (which store to open): `$COACH_CONFIG`,
    else the platform's user config folder (e.g. ~/.config/coach on Linux)."""
    env = os.environ.get("COACH_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("coach", appauthor=False))


def backend_file() -> Path:
    """The file `coach config backend` writes: the team database's connection string, which
    may hold a password (so it is the user's alone, mode 0600)."""
    return config_dir() / "backend"
