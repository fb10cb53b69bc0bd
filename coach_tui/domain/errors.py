"""Errors that carry a message fit to show a user as it is: what was wrong, and what is accepted.

Every error coach reports is a `CoachError` and its message is one line. Two kinds:

- `InputError`: something the user typed (a date, a cadence, a name, a CLI argument) that
  cannot be accepted. It names the `field` it concerns (`"name"`, `"date"`, `"summary"`...),
  so a form puts the message under that field without reading the message; None when it
  concerns no one field. The CLI exits 2 on it.
- `DataError`: the stored data cannot be read or written safely (a damaged file, a busy
  store, a failed write). The store's errors derive from it, so the UI and the CLI tell the
  two kinds apart without importing the store. The CLI exits 1 on it.
"""

from __future__ import annotations


class CoachError(Exception):
    """Anything coach reports to the user: the message is one line, ready to show."""


class InputError(CoachError, ValueError):
    """User input that cannot be accepted; `field` names the field it concerns, if one."""

    default_field: str | None = None

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field if field is not None else self.default_field


class DateError(InputError):
    """A date that cannot be understood or is out of range."""

    default_field = "date"


class CadenceError(InputError):
    """A cadence that cannot be understood or is out of range."""

    default_field = "cadence"


class NotFound(InputError):
    """A client, card or need the user named does not exist."""


class DataError(CoachError):
    """Stored data that cannot be read or written safely; nothing was changed by it."""


__all__ = ["CoachError", "InputError", "DateError", "CadenceError", "NotFound", "DataError"]
