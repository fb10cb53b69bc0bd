"""`coach check`: the whole data folder verified, read-only, under the lock (so a write in
progress is not mistaken for damage), one finding a line.

What it verifies:

- every data file reads, as every command reads it: its shape, every record, the ranges of
  its values (`health.inspect`); a file coach may not read is a permission problem;
- the index agrees with the client files (`health.disagreements`): every client file has an
  index entry, every entry has its file, the record in the index is the record in the file,
  and the facts in the index are what the file gives (those that do not depend on the day
  they were built; see there). Clients named by a pending `.intent` are left out: every read
  rebuilds their entries from their files, and the next write completes the change;
- `.intent` pending or not, temp files left by a writer that was killed (the next write removes
  both), files in `clients/` that are no client file, backups of a client file that is gone;
- the backups of each data file: how many there are, and whether the newest one reads;
- the undo journal (`journal.jsonl`), read as undo reads it: its header, and each entry with
  the records it would put back (`store.journal.journal_faults`), a damaged one named by its
  line; it holds none of the user's data, so the way out is to remove it;
- kinds, owners and modes: data files and backups are regular files of the user's, mode 0600;
  `clients/` and `backups/` real folders of mode 0700; the lock and `.intent` regular files.

Problems make `coach check` exit 1; notes (a pending intent, temp files, orphan backups, a
data folder others can list) do not. `CheckReport.to_json()` is what `--json` prints (its
shape is in the README).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, NamedTuple

from ..domain.models import History
from .decode import validator
from .errors import CorruptFile, FolderRefused, PermissionDenied, WriteFailed
from .files import DIR_MODE, FILE_MODE, Lock, backup_state, backups_of, is_temp_name, kind_of, reads
from .folder import FolderStore
from .health import DENIED, MISSING, OK, client_ids_with_backups, data_files, disagreements, inspect
from .journal import journal_faults


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Finding(NamedTuple):
    """One thing found: its `kind` (a word, listed in the README), the file it concerns, and
    the line that says it."""

    kind: str
    path: str
    message: str


class FileReport(NamedTuple):
    """A data file: "index" or "client", its state ("ok", "missing", "damaged" or
    "permission denied"), its mode as octal text (None if it is missing), how many backups of
    it exist, the newest one, and whether that one reads (None when there is none)."""

    path: str
    kind: str
    state: str
    mode: str | None
    backups: int
    newest_backup: str | None
    newest_backup_reads: bool | None


class CheckReport(NamedTuple):
    root: str
    files: list[FileReport]
    problems: list[Finding]
    notes: list[Finding]
    intent: list[str] | None  # the clients a write cut short was writing; None when none was
    temp_files: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        clients = sum(1 for f in self.files if f.kind == "client")
        found = _count(len(self.problems), "problem")
        if self.notes:
            found += f", {_count(len(self.notes), 'note')}"
        if self.ok:
            verdict = "all is well"
        elif all(p.kind == "journal" for p in self.problems):
            verdict = "your data reads; only the undo journal does not (see above)"
        else:
            verdict = "`coach restore` puts back damaged files and brings the index up to date"
        backups = sum(f.backups for f in self.files)
        return (
            f"checked {self.root}: the index, {_count(clients, 'client file')}, {_count(backups, 'backup')}: {found}; {verdict}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "data": self.root,
            "ok": self.ok,
            "files": [f._asdict() for f in self.files],
            "problems": [f._asdict() for f in self.problems],
            "notes": [f._asdict() for f in self.notes],
            "intent": self.intent,
            "temp_files": self.temp_files,
            "summary": self.summary(),
        }


class _Checker:
    def __init__(self, store: FolderStore) -> None:
        self.store = store
        self.problems: list[Finding] = []
        self.notes: list[Finding] = []
        self.files: list[FileReport] = []
        self.uid = os.geteuid()

    def problem(self, kind: str, path: Path, message: str) -> None:
        self.problems.append(Finding(kind, str(path), message))

    def note(self, kind: str, path: Path, message: str) -> None:
        self.notes.append(Finding(kind, str(path), message))

    def mode(self, path: Path, wanted: int | None) -> str | None:
        """The mode of `path` as octal text (None if nothing is there); a problem if it is not
        a regular file (a folder for DIR_MODE), not the user's, or not of mode `wanted` (if
        given: the lock and the intent hold no data)."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as error:
            self.problem("unreadable", path, f"can't look at {path}: {error.strerror}")
            return None
        mode = stat.S_IMODE(st.st_mode)
        folder = wanted == DIR_MODE
        if not (stat.S_ISDIR(st.st_mode) if folder else stat.S_ISREG(st.st_mode)):
            kind = "a real folder" if folder else "a regular file"
            self.problem("not-regular", path, f"{path} is {kind_of(st.st_mode)}, not {kind}: coach opens no other kind")
        elif st.st_uid != self.uid:
            self.problem(
                "owner", path, f"{path} belongs to user id {st.st_uid}, not to you ({self.uid}): coach's files are yours alone"
            )
        elif wanted is not None and mode != wanted:
            self.problem("mode", path, f"{path} has mode {mode:04o}, not {wanted:04o}: run `chmod {wanted:o} {path}`")
        return f"{mode:04o}"

    def data_file(self, path: Path, kind: str) -> Any:
        """Inspect one data file and its backups; what it holds if it reads."""
        found = inspect(self.store, path)
        if found.state == MISSING:
            if kind == "index" and self.store.client_files():
                self.problem(
                    "missing", path, f"{path} is missing: the next command or `coach restore` rebuilds it from the client files"
                )
        elif found.error is not None:
            # The index reads with its shards: a damaged shard is named as itself.
            where = found.error.path if isinstance(found.error, CorruptFile) else path
            self.problem("permission" if found.state == DENIED else "damaged", where, str(found.error))
        try:
            regular = stat.S_ISREG(os.lstat(path).st_mode)
        except OSError:
            regular = False
        # A file that is no regular file is damage, said once; one coach may not read, too.
        mode = self.mode(path, FILE_MODE) if regular and found.state != DENIED else None
        backups = backups_of(path)
        newest = backups[0] if backups else None
        newest_reads = None if newest is None else reads(newest, validator(path))
        if newest is not None and not newest_reads:
            self.problem("backup", newest, f"{newest}, the newest backup of {path}, does not read")
        report = FileReport(str(path), kind, found.state, mode, len(backups), str(newest) if newest else None, newest_reads)
        self.files.append(report)
        return found.value if found.state == OK else None

    def journal(self) -> None:
        """The undo journal: a problem for each fault `journal_faults` finds (a file that is not
        regular, a header that does not count its lines, an entry that does not read), then
        for its kind, owner and mode; nothing when there is none."""
        path = self.store.journal_path
        try:
            regular = stat.S_ISREG(os.lstat(path).st_mode)
        except FileNotFoundError:
            return
        except OSError as error:
            self.problem("unreadable", path, f"can't look at {path}: {error.strerror}")
            return
        try:
            faults = journal_faults(path)
        except PermissionDenied as error:
            self.problem("permission", path, str(error))
            return
        way_out = f"remove {path} to begin a new undo journal (it holds none of your data)"
        for line, reason in faults:
            if line is None:
                self.problem("journal", path, f"can't read {path}, the undo journal: {reason}; {way_out}")
            elif line == 1:
                self.problem(
                    "journal", path, f"{path} line 1, the undo journal's header: {reason}; the next change sets it aside"
                )
            else:
                self.problem("journal", path, f"{path} line {line}, an undo journal entry: {reason}; undo stops there: {way_out}")
        if regular:
            self.mode(path, FILE_MODE)

    def others(self) -> tuple[list[str] | None, list[str]]:
        """`.intent`, the lock, temp files, strays and orphan backups: the pending intent and
        the temp files."""
        store, root = self.store, self.store.root
        intent: list[str] | None = None
        if os.path.lexists(store.intent_path) and not stat.S_ISREG(os.lstat(store.intent_path).st_mode):
            self.mode(store.intent_path, None)  # no intent coach wrote: a problem, ignored by every read
        elif os.path.lexists(store.intent_path):
            intent = store.pending_intent()
            self.note(
                "intent",
                store.intent_path,
                f"a write was cut short ({store.intent_path} names {_count(len(intent), 'client')}): every read "
                "rebuilds their index entries from their files, and the next write completes it",
            )
        lock = root / ".lock"
        if os.path.lexists(lock):
            self.mode(lock, None)
        temps = []
        for folder in (root, store.clients_dir, store.index_dir, root / "backups"):
            try:
                temps += [str(folder / n) for n in sorted(os.listdir(folder)) if is_temp_name(n)]
            except OSError:
                continue
        for temp in temps:
            self.note("temp", Path(temp), f"{temp} was left by a write cut short; the next write removes it")
        known = {p.name for p in store.client_files()}
        try:
            strays = sorted(n for n in os.listdir(store.clients_dir) if n not in known and not is_temp_name(n))
        except OSError:
            strays = []
        for name in strays:
            self.note(
                "stray", store.clients_dir / name, f"{store.clients_dir / name} is no client file (those are named <id>.json)"
            )
        for cid in client_ids_with_backups(store):
            path = store.client_path(cid)
            if not os.path.lexists(path):
                count = backup_state(path)[1]
                self.note("orphan-backups", path, f"{_count(count, 'backup')} of {path}, which does not exist")
        return intent, temps


def check(root: Path) -> CheckReport:
    """Verify the data folder at `root`, writing nothing (the lock aside)."""
    store = FolderStore(root)
    checker = _Checker(store)
    if not root.is_dir():
        return CheckReport(str(root), [], [], [], None, [])
    try:
        with Lock(root, store.lock_timeout):
            return _check(checker)
    except (WriteFailed, FolderRefused) as error:
        checker.note("lock", root / ".lock", f"checked without taking the lock ({error})")
        return _check(checker)


def _check(checker: _Checker) -> CheckReport:
    store = checker.store
    root = store.root
    root_mode = stat.S_IMODE(os.stat(root).st_mode)
    if root_mode & 0o077:
        checker.note("mode", root, f"the data folder {root} has mode {root_mode:04o}: others can list it (`chmod 700 {root}`)")
    for folder in (store.clients_dir, store.index_dir, root / "backups"):
        checker.mode(folder, DIR_MODE)
    for shard in store.shard_paths():
        checker.mode(shard, FILE_MODE)  # the shards read with the index (below)
    intent, temps = checker.others()
    snapshot = checker.data_file(store.index_path, "index")
    histories: dict[str, History] = {}
    for path in data_files(store)[1:]:
        history = checker.data_file(path, "client")
        if history is not None:
            histories[path.stem] = history
    if snapshot is not None:
        damaged = {Path(f.path).stem for f in checker.files if f.kind == "client" and f.state != OK}
        for found in disagreements(store, snapshot, histories):
            if found.client_id not in (intent or []) and found.client_id not in damaged:
                checker.problem(found.kind, found.path, f"{found.message}; `coach restore` rebuilds it from the client files")
    checker.journal()
    backups = root / "backups"
    if backups.is_dir() and not backups.is_symlink():
        for name in sorted(os.listdir(backups)):
            if not is_temp_name(name):
                checker.mode(backups / name, FILE_MODE)
    return CheckReport(str(root), checker.files, checker.problems, checker.notes, intent, temps)


__all__ = ["Finding", "FileReport", "CheckReport", "check"]
