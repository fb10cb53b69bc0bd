"""Money as people type it, and as coach shows it: `120k`, `1.2m`, `95,000`, `€95000`.

Amounts are whole units of one currency (the user's setting: a symbol or a code shown before
the amount, `€` by default). Cents are not worth tracking for an opportunity's value or a
client's revenue; an amount with cents is rounded to the unit. Typed amounts may carry the
currency symbol or code, thousands separators (`,`, `.`, `'`, spaces), a decimal point with
`k` or `m`, and nothing else.
"""

from __future__ import annotations

import re

from .errors import InputError

MAX_AMOUNT = 10**12  # a trillion: past any account's revenue
ACCEPTED_MONEY = "type an amount like 120k, 1.2m, 95,000 or €95000"
DEFAULT_CURRENCY = "€"

_SYMBOLS = "€$£¥₹₩₽₺₪₫฿"
# Patterns as text, compiled (and cached by `re`) on first use: the store imports this module
# on every command, and most commands parse no amount.
_CODE = r"^[A-Za-z]{3}\s*(?=[\d" + _SYMBOLS + r"])|(?<=[\d\s])\s*[A-Za-z]{3}$"  # EUR 95k, 95k EUR
_SUFFIX = {"k": 10**3, "m": 10**6, "bn": 10**9, "b": 10**9}
_NUMBER = r"(?i)(\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?\s*(k|m|bn|b)?"


def parse_money(text: str, field: str = "value") -> int:
    """A typed amount in whole units (`1.2m` is 1200000); InputError naming what was typed."""
    from decimal import Decimal, InvalidOperation  # here: the commands that parse no amount never load decimal

    typed = " ".join(str(text).split())
    shown = repr(typed if len(typed) <= 40 else typed[:39] + "…")
    bare = re.sub(_CODE, "", typed.strip(_SYMBOLS + " ")).strip(_SYMBOLS + " ")
    match = re.fullmatch(_NUMBER, bare)
    if not match or not typed:
        raise InputError(f"can't read the amount {shown}: {ACCEPTED_MONEY}", field)
    whole, fraction, suffix = match.groups()
    digits = re.sub(r"\D", "", whole)
    try:
        amount = Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:
        raise InputError(f"can't read the amount {shown}: {ACCEPTED_MONEY}", field) from None
    if fraction and not suffix and len(fraction) == 3 and "," not in whole and "." not in whole:
        # "95,000" read above as 95 and a fraction: a thousands separator, not decimals.
        amount = Decimal(digits + fraction)
    amount *= _SUFFIX[suffix.lower()] if suffix else 1
    units = int(amount.to_integral_value())
    if not 0 <= units <= MAX_AMOUNT:
        raise InputError(f"the amount {shown} is out of range: up to a trillion", field)
    return units


CURRENCY_RULE = "a currency symbol like € or $, or a three-letter code like EUR"


def clean_currency(text: str) -> str:
    """The currency setting: one symbol (`€`) or a three-letter code (`EUR`, written upper
    case); InputError naming what was typed."""
    typed = str(text).strip()
    if typed in _SYMBOLS and len(typed) == 1:
        return typed
    if len(typed) == 3 and typed.isascii() and typed.isalpha():
        return typed.upper()
    shown = repr(typed if len(typed) <= 20 else typed[:19] + "…")
    raise InputError(f"can't use {shown} as the currency: {CURRENCY_RULE}", "currency")


def format_money(units: int | None, currency: str = DEFAULT_CURRENCY, short: bool = True) -> str:
    """`€120k`, `€1.2m`, `€950` (short), or `€1,200,000` in full; `—` for none."""
    if units is None:
        return "—"
    if len(currency) == 3:
        currency += " "  # EUR 120k, not EUR120k
    if not short or units < 1000:
        return f"{currency}{units:,}"
    for scale, letter in ((10**9, "bn"), (10**6, "m"), (10**3, "k")):
        if units >= scale:
            shown = f"{units / scale:.1f}".rstrip("0").rstrip(".")
            return f"{currency}{shown}{letter}"
    return f"{currency}{units:,}"


__all__ = ["MAX_AMOUNT", "ACCEPTED_MONEY", "DEFAULT_CURRENCY", "CURRENCY_RULE", "parse_money", "clean_currency", "format_money"]
