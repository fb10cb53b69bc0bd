"""What the store does by itself (an index rebuilt, a folder upgraded) is said in the app, not
only on stderr before the terminal is taken over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tuikit import settle, sync

import coach_tui.app as app_module
from coach_tui.app import CoachApp
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore


class Recording(CoachApp):
    """The app, keeping every notification it shows."""

    CSS_PATH = [Path(app_module.__file__).parent / path for path in CoachApp.CSS_PATH]  # beside the app, not the test

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.told: list[str] = []

    def notify(self, message: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.told.append(str(message))
        super().notify(message, **kwargs)


@sync
async def test_a_rebuilt_index_is_told_in_the_app(store: FolderStore) -> None:
    Coach(store).clients.add("Acme")
    store.index_path.unlink()
    coach = Coach(FolderStore(store.root))
    app = Recording(coach, weekly_prompt=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("was missing: rebuilt it from the 1 client file" in m for m in app.told), app.told
        assert [v.client.name for v in coach.portfolio.agenda().views] == ["Acme"]


@sync
async def test_the_apps_own_bookkeeping_is_not_taken_for_an_outside_change(store: FolderStore) -> None:
    """Saving the theme writes the settings: the poll must not read everything again for it
    (it did, a tenth of a second later, and took the focus back from wherever it was)."""
    Coach(store).clients.add("Acme")
    app = Recording(Coach(FolderStore(store.root)), weekly_prompt=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reloads: list[object] = []
        dashboard = app.dashboard
        original = dashboard.reload

        def counted(*args: Any, **kwargs: Any) -> None:
            reloads.append(args)
            original(*args, **kwargs)

        dashboard.reload = counted  # type: ignore[method-assign]
        app.theme = "textual-light"
        await settle(pilot)
        assert Coach(FolderStore(store.root)).settings.get()["theme"] == "textual-light"
        app._poll()  # the poll's next tick, now rather than in a tenth of a second
        await settle(pilot)
        assert reloads == []
        # A write from elsewhere is still seen.
        Coach(FolderStore(store.root)).clients.add("Globex")
        app._poll()
        await settle(pilot)
        assert len(reloads) == 1
