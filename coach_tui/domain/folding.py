"""Text as a search compares it: accents dropped and case folded, so "muller" finds
"Müller Präzision GmbH" and "CAFE" finds "Café". Pure; cheap for plain ASCII text (a name
is folded each time a typed client name is looked up)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """`text` without accents (NFKD, combining marks dropped), case-folded."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # casefold after dropping the marks ("ß" becomes "ss"), then compose what is left again
    return unicodedata.normalize("NFC", plain.casefold())


__all__ = ["fold"]
