"""Errors that carry a message fit to show a user as it is: what was wrong, and what is accepted."""


class InputError(ValueError):
    """User input (a date, a cadence, a name, a CLI argument) that cannot be accepted."""


class DateError(InputError):
    """A date that cannot be understood or is out of range."""


class CadenceError(InputError):
    """A cadence that cannot be understood or is out of range."""
