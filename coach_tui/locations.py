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
