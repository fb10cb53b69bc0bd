"""Regenerate the SVG screenshots in this folder from the real app.

    python screenshots/make_screenshots.py

The app runs headless on a fresh copy of the demo portfolio with the date frozen at
2026-11-25, so the pictures only change when the app does. Never edit the SVGs by hand.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TODAY = date(2026, 11, 25)
SIZE = (120, 40)


async def shoot() -> list[Path]:
    from coach_tui.app import CoachApp
    from coach_tui.messages import LogDelivery
    from coach_tui.services import Coach
    from coach_tui.services.demo import populate
    from coach_tui.store.folder import FolderStore

    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = FolderStore(Path(tmp) / "data")
        populate(store, TODAY)
        coach = Coach(store)
        app = CoachApp(coach, demo=True, weekly_prompt=False)

        async def save(name: str) -> None:
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.pause(0.1)
            path = HERE / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(HERE))
            written.append(path)

        async with app.run_test(size=SIZE) as pilot:
            await save("dashboard")
            await pilot.press("question_mark")
            await save("help")
            await pilot.press("escape")
            northwind = next(v.client for v in coach.portfolio.agenda().views if v.client.name.startswith("Northwind"))
            app.open_board(northwind.id)
            await save("board")
            await pilot.press("p")
            await save("people")
            await pilot.press("escape")
            await pilot.press("A")
            await save("account-plan")
            await pilot.press("escape")
            await pilot.press("O")
            await save("opportunities")
            await pilot.press("escape")
            await pilot.press("T")
            await save("timeline")
            await pilot.press("escape")
            await pilot.pause(0.2)
            app.post_message(LogDelivery(northwind.id))
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            for key in "Sent a freight benchmark for Baltic lanes":
                await pilot.press("space" if key == " " else key)
            await save("log-delivery")
            await pilot.press("escape")
            await pilot.pause(0.2)
            if app.screen.__class__.__name__ == "ConfirmScreen":
                await pilot.press("y")
            app.pop_screen()
            await pilot.pause(0.2)
            await pilot.press("w")
            await save("weekly")
    return written


def main() -> None:
    os.environ["COACH_TODAY"] = TODAY.isoformat()
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    for path in asyncio.run(shoot()):
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
