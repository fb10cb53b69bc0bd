"""The stewardship report in the TUI: read it, copy it, save it, and mark its Steward cards told.

`ReportScreen(coach, client_id)` is a modal over the board (which binds `R` to it). It shows
the report the reports use case builds (`coach.reports.build`, read in the background) for the
last 90 days by default, as literal text (a summary holding `[b]` shows `[b]`). Keys: `c`
copies it to the clipboard, `s` saves it to a file (asking for a path, and for confirmation
before replacing an existing file), `t` marks the
Steward cards it includes told, after a confirmation, `f` switches Markdown / plain text and
`p` steps through periods. Confirmations use the app's shared `ConfirmScreen`.

The screen dismisses with True when it marked cards told, so the board knows to reload.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..coaching.report import Report, default_filename
from ..services import Coach
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from .calls import change, fetch, in_background
from .confirm import ConfirmScreen
from .keys import HELP, QUIT

# The periods `p` steps through; the first is where the screen opens.
PERIODS: tuple[tuple[str, str], ...] = (
    ("90d", "last 90 days"),
    ("6m", "last 6 months"),
    ("12m", "last 12 months"),
    ("30d", "last 30 days"),
)
FORMAT_NAMES = {"md": "Markdown", "txt": "plain text"}


def _write_text(path: Path, text: str, overwrite: bool) -> None:
    # "x" refuses a file that appeared after the question: only replace what was confirmed.
    with open(path, "w" if overwrite else "x", encoding="utf-8") as handle:
        handle.write(text)


def _keep_copy(name: str, text: str) -> Path:
    """Write `text` as `name` in a new folder of the temporary directory that only this user
    can open (mkdtemp's 0700), and return the file's path."""
    path = Path(tempfile.mkdtemp(prefix="coach-report-")) / name
    _write_text(path, text, overwrite=False)
    return path


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class SavePathScreen(ModalScreen[Path | None]):
    """Asks where to save the report; dismisses with the path, or None when cancelled."""

    CSS_PATH = "report.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Don't save")]

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save the report to", classes="question")
            yield Input(value=self.suggestion, id="path", select_on_focus=False)
            yield Static(
                Content.styled(f"Enter to save · Esc to cancel · relative to {visible(str(Path.cwd()))}", "$foreground-muted"),
                classes="hint",
            )

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            self.notify("Type a file name to save to.", severity="warning")
            return
        self.dismiss(Path(typed).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportScreen(ModalScreen[bool]):
    """One client's stewardship report, ready to copy or save."""

    CSS_PATH = ["report.tcss", "../widgets/app_footer.tcss"]

    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Back to the board"),
        Binding("c", "copy", "Copy", tooltip="Copy the report to the clipboard, ready to paste into an email"),
        Binding("s", "save", "Save", tooltip="Save the report to a file (asks before replacing one)"),
        Binding("t", "mark_told", "Mark told", tooltip="Mark the report's Steward cards told, once it is sent (asks first)"),
        Binding("f", "toggle_format", "Format", tooltip="Switch between Markdown and plain text"),
        Binding("p", "next_period", "Period", tooltip="Step through the last 90 days, 6 months, 12 months, 30 days"),
        HELP,
        QUIT,
    ]

    def __init__(self, coach: Coach, client_id: str) -> None:
        super().__init__()
        self.coach = coach
        self.client_id = client_id
        self.fmt = "md"
        self.period = 0
        self.changed = False  # Steward cards were marked told: the board must reload
        self.report = Report("", ())
        self.client_name = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="report-dialog"):
            yield Static(id="report-title")
            yield Static(id="report-meta")
            with VerticalScroll(id="report-scroll"):
                yield Static(id="report-text", markup=False)
            yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()
        self._rebuild(first=True)

    # -- the report -------------------------------------------------------------------------------
    @work(exclusive=True, group="report")
    async def _rebuild(self, first: bool = False) -> None:
        """Build the report again (on opening, and after a period, format or told change)."""
        code, period_name = PERIODS[self.period]
        built = await fetch(self, self.coach.reports.build, self.client_id, code, self.fmt, error_title="Can't build the report")
        if built is None:
            if first:
                self.dismiss(False)
            return
        client, self.report = built
        self.client_name = client.name
        self.query_one("#report-title", Static).update(
            Content.assemble(("Stewardship report", "bold"), " · ", visible(client.name))
        )
        untold = len(self.report.steward_card_ids)
        meta: list[str | tuple[str, str]] = [
            (period_name, "bold"),
            f" · {FORMAT_NAMES[self.fmt]} · {_plural(self.report.items, 'item')}",
        ]
        if untold:
            meta.append((f" · {untold} untold Steward card{'' if untold == 1 else 's'}", "$text-warning"))
        self.query_one("#report-meta", Static).update(Content.assemble(*meta))
        # Content(...) is literal: nothing in a summary is read as markup.
        self.query_one("#report-text", Static).update(Content(self.report.text.rstrip("\n")))

    # -- actions ----------------------------------------------------------------------------------
    @work(group="report-copy")
    async def action_copy(self) -> None:
        """Hand the report to the terminal's clipboard and keep a copy in a file it names.

        Textual sends the text with OSC 52, which many terminals (and tmux, unless told to)
        ignore without a word: the message says where it went, and the copy in a file of the
        user's own (a new private folder in the temporary directory) is always there."""
        text = self.report.text
        self.app.copy_to_clipboard(text)
        lines = _plural(text.count("\n"), "line")
        name = default_filename(self.client_name, self.coach.today(), self.fmt)  # type: ignore[arg-type]
        try:
            path = await in_background(_keep_copy, name, text)
        except OSError as error:
            self.notify(
                f"Sent the report ({lines}) to the terminal's clipboard (OSC 52; some terminals ignore it). "
                f"Can't keep a copy in a file: {error.strerror or error}. s saves it where you choose.",
                severity="warning",
                markup=False,
            )
            return
        self.notify(
            f"Sent the report ({lines}) to the terminal's clipboard (OSC 52; some terminals ignore it). "
            f"It is also in {visible(str(path))}",
            markup=False,
            timeout=12,
        )

    def action_toggle_format(self) -> None:
        self.fmt = "txt" if self.fmt == "md" else "md"
        self._rebuild()

    def action_next_period(self) -> None:
        self.period = (self.period + 1) % len(PERIODS)
        self._rebuild()

    def action_save(self) -> None:
        suggestion = default_filename(self.client_name, self.coach.today(), self.fmt)  # type: ignore[arg-type]
        self.app.push_screen(SavePathScreen(suggestion), self._save_to)

    def _save_to(self, path: Path | None) -> None:
        if path is None:
            return
        if path.exists():
            if path.is_dir():
                self.notify(f"{visible(str(path))} is a folder: type a file name.", severity="error")
                return

            def answered(yes: bool | None) -> None:
                if yes:
                    self._write(path, overwrite=True)

            self.app.push_screen(
                ConfirmScreen(f"{visible(str(path))} already exists.", "Replace it with this report?", yes="Replace"), answered
            )
            return
        self._write(path, overwrite=False)

    @work(group="report-save")
    async def _write(self, path: Path, overwrite: bool) -> None:
        """Write the report where the user asked, in the background (a slow or network disk
        must not hold the screen)."""
        try:
            await in_background(_write_text, path, self.report.text, overwrite)
        except FileExistsError:
            self.notify(f"{visible(str(path))} appeared meanwhile; save again to replace it.", severity="warning")
        except OSError as error:
            self.notify(f"Can't save to {visible(str(path))}: {error.strerror or error}", severity="error")
        else:
            self.notify(f"Saved the report to {visible(str(path.resolve()))}.")

    def action_mark_told(self) -> None:
        ids = self.report.steward_card_ids
        if not ids:
            self.notify("No untold Steward cards in this report.")
            return
        question = f"Mark {_plural(len(ids), 'Steward card')} told?"
        detail = "Do it once the report is sent: the cards leave the board and stay in the history."

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_told(ids)

        self.app.push_screen(ConfirmScreen(question, detail, yes="Mark told"), answered)

    @work(group="report-told")
    async def _mark_told(self, ids: tuple[str, ...]) -> None:
        told = await change(self, self.coach.reports.mark_told, self.client_id, ids, client_id=self.client_id)
        if told is None:
            return
        self.changed = self.changed or told > 0
        self._rebuild()
        self.notify(f"Marked {_plural(told, 'Steward card')} told.")

    def action_close(self) -> None:
        self.dismiss(self.changed)


__all__ = ["ReportScreen", "SavePathScreen", "PERIODS"]
