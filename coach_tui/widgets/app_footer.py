"""The footer of every screen: the keys the focused place can use, as Textual's Footer shows
them (the same order, grouping, styles and spacing; the command palette's key on the right),
drawn as one widget.

Why not Textual's Footer: it composes a FooterKey widget per key again on every change of the
focus or of what a key can do, and data-binds each one to the footer; the footer keeps a
watcher for every key it ever made (they are only dropped when `compact` changes), so every
FooterKey stays alive after it left the screen: about 55 widgets per card moved on the board,
1,100 after 20 moves, and the app slowed with each. This footer holds no child widget: a
change of bindings only reads them again and redraws one line.

A click on a key presses it (a disabled key rings the bell), and hovering a key highlights it
and shows its tooltip, as on Textual's footer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

# Textual draws the command palette key's left border as a `vkey` border.
BORDER = "▏"

# The keys the footer never leaves out for lack of room: help, quit, and esc (back, close,
# cancel), whatever the screen.
PINNED_KEYS = frozenset({"question_mark", "q", "escape"})


@dataclass(frozen=True)
class FooterItem:
    """A clickable place on the footer line: cells [start, end) press `key`."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


class AppFooter(Widget, can_focus=False):
    """One line of key bindings for the screen it is on. `compact` spaces them as
    `Footer(compact=True)` does."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "app-footer--key",
        "app-footer--description",
        "app-footer--item",
        "app-footer--hover",
        "app-footer--label",
        "app-footer--border",
    }

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id, classes="-compact" if compact else "")
        self.compact = compact
        self.show_command_palette = show_command_palette
        self.footer_items: list[FooterItem] = []
        self.hovered: FooterItem | None = None
        self.bindings: list[tuple[Binding, bool, str]] = []
        self.palette: tuple[Binding, bool, str] | None = None
        self.bindings_ready = False

    # -- what to show -------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Read the screen's bindings again (as Textual's Footer does, only once they are
        ready and while the app has the terminal's focus) and redraw."""
        self.bindings_ready = True
        if not screen.app.app_focus or screen is not self.screen:
            return
        active = screen.active_bindings
        self.bindings = [(binding, enabled, tooltip) for (_, binding, enabled, tooltip) in active.values() if binding.show]
        self.palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                self.palette = (binding, enabled, binding.tooltip or binding.description)
        self.refresh()

    # -- drawing ------------------------------------------------------------------------------
    def _footer_styles(self) -> dict[str, Style]:
        return {name: self.get_component_rich_style(f"app-footer--{name}") for name in ("key", "description", "label")}

    def _footer_item(
        self, line: Text, items: list[FooterItem], binding: Binding, enabled: bool, tooltip: str, parts: list[tuple[str, Style]]
    ) -> None:
        """Append one key (its text `parts`) to `line`, styled as a FooterKey is."""
        start = len(line)
        item_style = self.get_component_rich_style("app-footer--item")
        if not enabled:
            item_style += Style(dim=True)
        for text, style in parts:
            line.append(text, item_style + style)
        items.append(FooterItem(start, len(line), binding.key, enabled, tooltip))

    def _left_side(self, bindings: list[tuple[Binding, bool, str]], compact: bool) -> tuple[Text, list[FooterItem]]:
        """The keys from the left, grouped by action and by binding group as Textual does."""
        styles = self._footer_styles()
        key, description = styles["key"], styles["description"]
        line = Text(no_wrap=True, end="")
        items: list[FooterItem] = []
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for binding, enabled, tooltip in bindings:
            by_action[binding.action].append((binding, enabled, tooltip))
        for group, same_group in groupby(by_action.values(), lambda found: found[0][0].group):
            bunch = list(same_group)
            if group is not None and len(bunch) > 1:
                # A KeyGroup: keys without descriptions side by side, then the group's label.
                line.append(" " if group.compact and not compact else "")
                for binding, enabled, tooltip in (found[0] for found in bunch):
                    margin = "" if group.compact else " "
                    line.append(margin)
                    self._footer_item(
                        line, items, binding, enabled, tooltip or binding.description, [(self.app.get_key_display(binding), key)]
                    )
                    line.append(margin)
                line.append(" " if group.compact else "")
                line.append(group.description, styles["label"])
                line.append(" ")  # a compact footer's margin after a key, or the padding
                continue
            for found in bunch:
                binding, enabled, tooltip = found[0]
                shown = self.app.get_key_display(binding)
                if compact:
                    parts = [(shown, key), (f" {binding.description}", description)] if binding.description else [(shown, key)]
                else:
                    parts = (
                        [(f" {shown} ", key), (f"{binding.description} ", description)] if binding.description else [(shown, key)]
                    )
                self._footer_item(line, items, binding, enabled, tooltip, parts)
                if compact:
                    line.append(" ")
        return line, items

    def _right_side(self, compact: bool) -> tuple[Text, FooterItem | None]:
        """The command palette's key, drawn after a thin border."""
        line = Text(no_wrap=True, end="")
        if self.palette is None:
            return line, None
        binding, enabled, tooltip = self.palette
        styles = self._footer_styles()
        line.append(BORDER, self.get_component_rich_style("app-footer--border"))
        shown = self.app.get_key_display(binding)
        # Textual's Footer leaves this key compact whatever the footer (it is not bound to the
        # footer's `compact`): key and description without padding, then one space (padding,
        # or a margin on a compact footer).
        parts = [(shown, styles["key"]), (f" {binding.description}", styles["description"])]
        if not compact:
            parts.append((" ", Style()))
        items: list[FooterItem] = []
        self._footer_item(line, items, binding, enabled, tooltip, parts)
        if compact:
            line.append(" ")
        return line, items[0]

    def render(self) -> Text:
        width = self.size.width
        if not self.bindings_ready:
            self.footer_items = []
            return Text("", end="")
        left, items, right, palette = self._fitted(width)
        room = max(0, width - len(right))
        left.truncate(room, pad=True)
        items = [item for item in items if item.start < room]
        if palette is not None:
            palette = FooterItem(palette.start + room, palette.end + room, palette.key, palette.enabled, palette.tooltip)
            items.append(palette)
        line = left + right
        line.truncate(width)
        hovered = self.hovered
        if hovered is not None and hovered in items:
            hover = self.get_component_rich_style("app-footer--hover")
            end = min(hovered.end, width if hovered == palette else room)
            line.stylize_before(hover, hovered.start, end)
            line.stylize(Style(bgcolor=hover.bgcolor), hovered.start, end)
        self.footer_items = items
        return line

    def _fitted(self, width: int) -> tuple[Text, list[FooterItem], Text, FooterItem | None]:
        """The keys as they fit in `width`: as they are if they fit; else spaced compactly;
        else without the palette's key (ctrl+p works all the same, and help lists it); else
        without the keys listed last, one action at a time, but never `?` help, `q` quit or
        `esc`: those always show (the screen's first keys are its most used)."""
        bindings = self.bindings
        attempts = [(self.compact, True)] if self.compact else [(False, True), (True, True)]
        attempts.append((True, False))
        for compact, with_palette in attempts:
            left, items = self._left_side(bindings, compact)
            right, palette = self._right_side(compact) if with_palette else (Text(no_wrap=True, end=""), None)
            if len(left) + len(right) <= width:
                return left, items, right, palette
        droppable = [action for action in dict.fromkeys(b.action for b, _, _ in bindings) if not self._pinned(action)]
        while droppable:
            gone = droppable.pop()
            bindings = [found for found in bindings if found[0].action != gone]
            left, items = self._left_side(bindings, True)
            if len(left) <= width:
                break
        return left, items, Text(no_wrap=True, end=""), None

    def _pinned(self, action: str) -> bool:
        """Whether the footer always shows the keys of `action` (help, quit, and esc)."""
        return any(binding.key in PINNED_KEYS for binding, _, _ in self.bindings if binding.action == action)

    # -- the mouse ----------------------------------------------------------------------------
    def _item_at(self, x: int) -> FooterItem | None:
        return next((item for item in self.footer_items if item.start <= x < item.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        if item != self.hovered:
            self.hovered = item
            self.tooltip = item.tooltip if item is not None and item.tooltip else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()


__all__ = ["AppFooter", "FooterItem"]
