"""Import from CSV: the command palette's way to `coach import csv`, with the same preview.

`ImportCsvScreen(coach)` asks for a file's path (`~` expanded), optionally what its rows are
(told from the columns, or clients, or people) and `--map`-style overrides, then reads the file
and previews the import through the same use case as the shell (`coach.csv_import`): which CRM
wrote it, which column is read as which field, the columns not imported, and one row per line
of the file: its line, name, action (create, update, skip, or error) and why. A file that
can't be read (missing, a folder, not allowed, no CSV) shows the use case's own message under
the field it is about, and the fields keep what was typed.

`ctrl+s` imports every row as previewed, in the background and as one change (`u` undoes it
whole), then closes with a toast; it is off while any row is bad, while nothing would change,
and while the fields differ from what was previewed. `esc` closes without writing. Dismisses
with the import's `Plan`, or None. Everything the file holds is shown literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Select, Static

from ..domain.crm_csv import DELIMITER_NAMES, SOURCES, Outcome, Plan
from ..domain.errors import CoachError, InputError
from ..services.csv_import import FilePreview, ImportRefused
from ..textsafe import visible
from ..widgets.app_footer import AppFooter
from ..widgets.field_error import FieldError
from ..widgets.row_table import JumpTable
from ..widgets.safe_input import SafeInput
from .calls import change, fetch
from .keys import HELP

if TYPE_CHECKING:
    from ..services import Coach

WHAT = [("told from the columns", "detect"), ("clients (accounts, companies)", "clients"), ("people (contacts)", "people")]
ACTION_STYLES = {"create": "green", "update": "yellow", "skip": "dim", "error": "bold red"}
PROBLEMS_SHOWN = 2  # bad rows spelled out above the table; the table lists every one


def plural(n: int, word: str) -> str:
    if word == "person":
        return f"{n} {'person' if n == 1 else 'people'}"
    return f"{n} {word}{'' if n == 1 else 's'}"


def fit(text: Text, width: int) -> Text:
    """`text` cut to `width` cells with an ellipsis."""
    if text.cell_len > width:
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
    return text


def column_widths(screen_width: int) -> dict[str, int]:
    """The widths of the rows' table on a screen `screen_width` wide: the line, the name (a
    third of the room, 12 to 32 cells), the action, and why (the rest)."""
    # The dialog's margins, border and padding (8), the table's scrollbar (2), and each of
    # the four columns' padding (2 each).
    room = max(40, screen_width - 8 - 2 - 4 * 2)
    name = min(32, max(12, room // 3))
    return {"Line": 5, "Name": name, "Action": 6, "Why": max(10, room - 5 - name - 6)}


def why_of(outcome: Outcome, plan: Plan) -> str:
    """Why a row does what it does; for a bad row its problem in full: the column, the value,
    and what is accepted."""
    if outcome.action == "error":
        problem = next((p for p in plan.problems if p.line == outcome.line), None)
        if problem is not None:
            return str(problem).removeprefix(f"line {outcome.line}").lstrip(",: ")
    return visible(outcome.why)


def tally(plan: Plan) -> str:
    noun = "client" if plan.kind == "clients" else "person"
    created, updated, skipped = plan.count("create"), plan.count("update"), plan.count("skip")
    return f"would create {plural(created, noun)}, update {updated}, skip {skipped}"


def imported_toast(plan: Plan) -> str:
    """What the toast says once an import landed: "Imported 3 clients (1 updated)"."""
    noun = "client" if plan.kind == "clients" else "person"
    return f"Imported {plural(plan.changes, noun)} ({plan.count('update')} updated). u undoes the import."


class ImportCsvScreen(ModalScreen[Plan | None]):
    """A file's path, what its rows are and how its columns are read; the preview of its import."""

    CSS_PATH = "import_csv.tcss"

    BINDINGS = [
        # priority: ctrl+s imports from any field, as a form's ctrl+s saves.
        Binding(
            "ctrl+s",
            "import",
            "Import",
            priority=True,
            tooltip="Import every row as previewed, as one change (u undoes it); off while a row is bad",
        ),
        Binding("ctrl+o", "preview", "Preview", tooltip="Read the file and show what importing it would do (or enter)"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without importing anything"),
        HELP,  # not while a field has the focus: there ? is typed (keys.py)
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        self.preview: FilePreview | None = None
        self.previewed: tuple[str, str, str] | None = None  # the fields the preview was read with
        self._busy = False  # a preview or an import is under way

    # -- building ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog") as dialog:
            dialog.border_title = "Import from CSV"
            dialog.border_subtitle = "enter preview · ctrl+s import · esc cancel"
            yield FieldError(id="form-error")
            yield row(
                "File",
                SafeInput("", id="path", compact=True, placeholder="a CRM's CSV export, e.g. ~/Downloads/accounts.csv"),
                field="path",
            )
            yield row("Rows are", Select[str](WHAT, value="detect", allow_blank=False, id="what", compact=True), field="what")
            yield row(
                "Map",
                SafeInput("", id="map", compact=True, placeholder="optional: Column=field, Column=field (as --map)"),
                field="map",
            )
            with Vertical(id="import-preview"):
                yield Static("", id="import-source", markup=False)
                yield Static("", id="import-columns", markup=False)
                yield Static("", id="import-problems", markup=False)
                yield JumpTable(id="import-rows", cursor_type="row", zebra_stripes=True)
            yield Static("", id="import-row", markup=False)
            yield Static("", id="import-tally", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self._show_preview(False)
        self.query_one("#path", Input).focus()

    # -- the fields --------------------------------------------------------------------------
    def fields(self) -> tuple[str, str, str]:
        """What the fields hold: the path, what the rows are, the overrides."""
        what = self.query_one("#what", Select).value
        return (self.query_one("#path", Input).value, str(what), self.query_one("#map", Input).value)

    @property
    def is_fresh(self) -> bool:
        """True when the preview shown was read with the fields as they are."""
        return self.preview is not None and self.previewed == self.fields()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id:
            self._error(event.input.id).show(None)
        self._show_tally()
        self.refresh_bindings()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_preview()

    @on(Select.Changed, "#what")
    def _what_changed(self) -> None:
        self._error("what").show(None)
        if self.query_one("#path", Input).value.strip():  # read again at once, as the rows now are
            self.action_preview()

    def _show_preview(self, shown: bool) -> None:
        for part in ("#import-preview", "#import-row", "#import-tally"):
            self.query_one(part).display = shown
        self.query_one("#import-dialog").set_class(shown, "-previewing")  # the dialog takes the screen

    def _error(self, field: str) -> FieldError:
        return self.query_one(f"#{field}-error", FieldError)

    def _show_problem(self, error: CoachError) -> None:
        """The use case's message, literally, under the field it is about (the path's for a
        refused input that names none, the dialog's for a data problem); the fields keep what
        was typed."""
        field = error.field if isinstance(error, InputError) else "form"
        where = {"file": "path", "what": "what", "map": "map", "form": "form"}.get(field or "", "path")
        self._error(where).show(str(error))
        if where != "form":
            self.query_one(f"#{where}").focus()

    def _clear_errors(self) -> None:
        for field in ("form", "path", "what", "map"):
            self._error(field).show(None)

    # -- the preview -------------------------------------------------------------------------
    def action_preview(self) -> None:
        if self._busy:
            return
        asked = self.fields()
        path, what, maps = asked
        self._clear_errors()
        if not path.strip():
            self._error("path").show("type the path of a CSV file, e.g. ~/Downloads/accounts.csv")
            self.query_one("#path").focus()
            return
        self._busy = True
        self._read(asked, path.strip(), None if what == "detect" else what, [m for m in maps.split(",") if m.strip()])

    @work(exclusive=True, group="csv-preview")
    async def _read(self, asked: tuple[str, str, str], path: str, what: str | None, maps: list[str]) -> None:
        """Read and preview the file in the background; `asked`: the fields as they were."""
        try:
            preview = await fetch(self, self.coach.csv_import.preview_file, path, what, maps, on_error=self._unreadable)
        finally:
            self._busy = False
        if preview is None:
            return
        self.preview, self.previewed = preview, asked
        self._show(preview.plan)

    def _unreadable(self, error: CoachError) -> None:
        self.preview = self.previewed = None
        self._show_preview(False)
        self._show_problem(error)
        self.refresh_bindings()

    def _show(self, plan: Plan) -> None:
        """The preview of `plan`: the file, its columns, its bad rows, a row per line."""
        assert self.preview is not None
        file, reading = self.preview.file, self.preview.file.reading
        table = reading.table
        self._show_preview(True)
        self.query_one("#import-source", Static).update(
            Content.assemble(
                (visible(str(file.path)), "bold"),
                f": {reading.kind} from {SOURCES[reading.source]} ({file.encoding}, "
                f"{DELIMITER_NAMES[table.delimiter]}-separated, {plural(len(table.rows), 'row')})",
            )
        )
        columns = [Content.styled("columns: ", "$text-muted")]
        columns.append(Content(", ".join(f"{visible(table.headers[i])!r} as {name}" for name, i in reading.columns.at.items())))
        if reading.columns.ignored:
            columns.append(Content.styled("\nnot imported: ", "$text-muted"))
            columns.append(Content(", ".join(repr(visible(h)) for h in reading.columns.ignored)))
        self.query_one("#import-columns", Static).update(Content.assemble(*columns))
        problems = self.query_one("#import-problems", Static)
        problems.display = bool(plan.problems)
        if plan.problems:
            n = len(plan.problems)
            lines = [
                Content.styled(
                    f"{plural(n, 'bad row')}: nothing can be imported until {'they are' if n != 1 else 'it is'} fixed", "bold"
                )
            ]
            lines += [Content(str(problem)) for problem in plan.problems[:PROBLEMS_SHOWN]]
            if n > PROBLEMS_SHOWN:
                lines.append(Content.styled(f"… and {n - PROBLEMS_SHOWN} more, marked error below", "$text-muted"))
            problems.update(Content("\n").join(lines))
        self._fill(plan)
        self._show_tally()
        self.refresh_bindings()

    def _fill(self, plan: Plan, keep: int | None = None) -> None:
        """A row per line of the file; the cursor on row `keep`, else on the first bad row."""
        rows = self.query_one("#import-rows", DataTable)
        rows.clear(columns=True)
        widths = column_widths(self.app.size.width)
        for label, width in widths.items():
            rows.add_column(label, width=width, key=label)
        for n, outcome in enumerate(plan.outcomes):
            cells = [
                Text(str(outcome.line)),
                Text(visible(outcome.name)) if outcome.name else Text("—", style="dim"),
                Text(outcome.action, style=ACTION_STYLES.get(outcome.action, "")),
                Text(why_of(outcome, plan)),
            ]
            rows.add_row(*[fit(cell, width) for cell, width in zip(cells, widths.values(), strict=True)], key=str(n))
        rows.display = bool(plan.outcomes)
        if keep is None:
            keep = next((n for n, o in enumerate(plan.outcomes) if o.action == "error"), 0)
        if plan.outcomes:
            rows.move_cursor(row=min(keep, len(plan.outcomes) - 1))
        self._show_row()

    @on(DataTable.RowHighlighted, "#import-rows")
    def _show_row(self) -> None:
        """The highlighted row in full under the table (the Why column cuts long text)."""
        detail = self.query_one("#import-row", Static)
        outcome = self.highlighted()
        detail.display = outcome is not None
        if outcome is None or self.preview is None:
            return
        plan = self.preview.plan
        style = ACTION_STYLES.get(outcome.action, "")
        detail.update(
            Content.assemble(
                (f"line {outcome.line} ", "$text-muted"),
                (visible(outcome.name) or "—", "bold"),
                " ",
                (outcome.action, style),
                f": {why_of(outcome, plan)}",
            )
        )

    def highlighted(self) -> Outcome | None:
        rows = self.query_one("#import-rows", DataTable)
        if self.preview is None or not rows.row_count:
            return None
        key = rows.coordinate_to_cell_key(Coordinate(rows.cursor_row, 0)).row_key.value
        outcomes = self.preview.plan.outcomes
        return outcomes[int(key)] if key is not None and int(key) < len(outcomes) else None

    def _show_tally(self) -> None:
        """What ctrl+s would do, or why it is off."""
        line = self.query_one("#import-tally", Static)
        if self.preview is None:
            return
        plan = self.preview.plan
        if not self.is_fresh:
            said = Content.styled("The fields changed since the preview: enter reads the file again.", "$text-warning")
        elif not plan.outcomes:
            said = Content.styled("No rows under the header: nothing to import.", "$text-muted")
        elif plan.problems:
            said = Content.styled("Import is off: fix the bad rows in the file, then enter reads it again.", "$text-error")
        elif not plan.changes:
            said = Content.styled(f"Nothing to change: every row is as stored ({tally(plan)}).", "$text-muted")
        else:
            said = Content.assemble(
                (tally(plan).capitalize(), "bold"), ("  ctrl+s imports it all as one change (u undoes it)", "$text-muted")
            )
        line.update(said)

    def on_resize(self, event: events.Resize) -> None:
        if self.preview is not None:
            self._fill(self.preview.plan, self.query_one("#import-rows", DataTable).cursor_row)

    # -- importing ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import":
            plan = self.preview.plan if self.preview is not None else None
            ready = plan is not None and self.is_fresh and not plan.problems and plan.changes > 0
            return True if ready and not self._busy else None  # shown, dimmed, while it can't
        return True

    def action_import(self) -> None:
        if self.check_action("import", ()) is not True or self.preview is None:
            return
        self._busy = True
        self.refresh_bindings()
        self._import(self.preview)

    @work(exclusive=True, group="csv-import")
    async def _import(self, preview: FilePreview) -> None:
        try:
            plan = await change(self, self.coach.csv_import.run, preview.file.reading, on_error=self._refused)
        finally:
            self._busy = False
        if plan is None:
            self.refresh_bindings()
            return
        self.app.notify(imported_toast(plan), title="Import from CSV", markup=False)
        self.dismiss(plan)

    def _refused(self, error: CoachError) -> None:
        """The import wrote nothing: a row went bad since the preview (the data changed
        meanwhile), or the store refused."""
        if isinstance(error, ImportRefused) and self.preview is not None:
            self.preview = FilePreview(self.preview.file, error.plan)
            self._show(error.plan)
        self._error("form").show(str(error))

    def action_cancel(self) -> None:
        self.dismiss(None)


def row(label: str, widget: Input | Select[str], *, field: str) -> Horizontal:
    """One labelled field, with the line `#<field>-error` under it for what it refused."""
    body = Vertical(widget, FieldError(id=f"{field}-error"), classes="import-body")
    return Horizontal(Label(label, classes="import-label"), body, classes="import-row")


__all__ = ["ImportCsvScreen"]
