"""Helpers the hardening tests share: run the CLI as a process or in-process, take a byte-exact
picture of a data folder, and say what a terminal must never receive.

Not a test module (no `test_` prefix); the hardening test modules import it by name, since
pytest puts their folder on `sys.path`.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coach_tui.textsafe import _BIDI

# Bytes a terminal acts on: C0 controls (but newline), DEL, and C1 controls (raw, or as the
# UTF-8 encoding of U+0080..U+009F, which UTF-8 terminals may take for CSI, OSC...).
RAW_CONTROLS = {*range(0x0A), *range(0x0B, 0x20), 0x7F}
RAW_C1 = set(range(0x80, 0xA0))


def _invisible(text: str, i: int) -> bool:
    """True if `text[i]` is an invisible format character (category Cf) that would make two
    different strings print alike. The zero-width joiners are needed between the characters
    of emoji sequences and of some scripts (Persian, Indic): only one next to ASCII text, at
    either end, or next to another invisible character counts."""
    ch = text[i]
    if unicodedata.category(ch) != "Cf":
        return False
    if ch not in "\u200c\u200d":
        return True
    for j in (i - 1, i + 1):
        if not 0 <= j < len(text):
            return True
        near = text[j]
        if near.isascii() or unicodedata.category(near) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return True
    return False


def terminal_hazards(text: str) -> list[str]:
    """Characters in `text` that a terminal would act on, that reorder what follows, or that
    hide in it (controls, C1, bidi overrides, lone surrogates, invisible format characters),
    as escapes, for an assertion message."""
    bad = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if code in RAW_CONTROLS or code in RAW_C1 or code in _BIDI or 0xD800 <= code <= 0xDFFF or _invisible(text, i):
            bad.append(f"U+{code:04X}")
    return bad


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    # A strict encoder, as in a user's en_US.UTF-8 terminal (C.UTF-8 in CI would quietly
    # write lone surrogates back out as raw bytes).
    env.setdefault("PYTHONIOENCODING", "utf-8:strict")
    return env


def run_cli(
    *args: str | bytes, data: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """`coach ARGS --data DATA` as a real process; stdout and stderr as bytes."""
    cmd: list[str | bytes] = [sys.executable, "-m", "coach_tui.cli", *args]
    if data is not None:
        cmd += ["--data", str(data)]
    return subprocess.run(cmd, capture_output=True, timeout=timeout, env=env or cli_env())


def assert_one_line_error(stderr: bytes | str, returncode: int, expected: int) -> str:
    """One line on stderr, `coach: ...`, no traceback, the expected exit code."""
    text = stderr.decode("utf-8", "backslashreplace") if isinstance(stderr, bytes) else stderr
    assert returncode == expected, (returncode, text)
    assert text.startswith("coach: "), text
    assert text.count("\n") == 1 and text.endswith("\n"), text
    assert "Traceback" not in text
    assert not terminal_hazards(text), (terminal_hazards(text), text)
    return text


@dataclass
class Result:
    code: int
    out: bytes
    err: bytes

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8")

    @property
    def stderr(self) -> str:
        return self.err.decode("utf-8")


def _stream() -> io.TextIOWrapper:
    # Bytes underneath (export writes to sys.stdout.buffer); strict UTF-8 on top, like a
    # terminal in a UTF-8 locale.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="\n", write_through=True)


def main_in_process(argv: Sequence[str]) -> Result:
    """`coach_tui.cli.main(argv)` in this process, stdout and stderr captured as bytes.

    SystemExit escapes `main` only for --help and --version (argparse prints and exits 0):
    reported as its exit code."""
    from coach_tui.cli import main

    out, err = _stream(), _stream()
    stdin = sys.stdin
    sys.stdin = io.StringIO("")  # no terminal to ask questions on
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 0
        finally:
            sys.stdin = stdin
    out.flush()
    err.flush()
    return Result(code, out.buffer.getvalue(), err.buffer.getvalue())  # type: ignore[attr-defined]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (the lock file aside) and its bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != ".lock":
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


def leftovers(root: Path) -> list[str]:
    """Temp files and a pending intent: what a finished write must not leave behind."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.name.endswith(".tmp") or p.name == ".intent")
