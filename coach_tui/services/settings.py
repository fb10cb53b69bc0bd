"""Settings: the day the week starts, the currency, the theme, the week last prompted."""

from __future__ import annotations

from typing import Any

from ..domain.errors import InputError
from ..textsafe import visible
from .base import UseCases


class Settings(UseCases):
    """Reading and changing settings."""

    def get(self) -> dict[str, Any]:
        return self.repo.head().settings

    def save(self, **values: Any) -> None:
        with self.repo.transaction() as txn:
            txn.put_settings(**values)

    def first_weekday(self) -> int:
        """The first day of the user's week (0 = Monday)."""
        from ..coaching.schedule import first_weekday

        return first_weekday(self.get())

    def currency(self) -> str:
        """The currency amounts are shown in (a symbol or a three-letter code)."""
        from ..domain.money import DEFAULT_CURRENCY

        return str(self.get().get("currency", DEFAULT_CURRENCY))

    def set_currency(self, typed: str) -> str:
        """Set the currency from what was typed (`€`, `$`, `usd`)."""
        from ..domain.money import clean_currency

        currency = clean_currency(typed)
        self.save(currency=currency)
        return currency

    def set_week_start(self, typed: str) -> int:
        """Set the first day of the week from a typed weekday (`sunday`, `sun`)."""
        from ..domain.dates import weekday_index

        day = weekday_index(typed.strip().lower())
        if day is None:
            raise InputError(f"{visible(typed)!r} is not a weekday: use monday ... sunday (or mon ... sun)", "week-start")
        self.save(first_weekday=day)
        return day


__all__ = ["Settings"]
