"""A connection string as coach shows it: the password never appears.

No psycopg here: `coach config backend` shows the chosen database, and the folder store's
commands may name it, without loading the driver. Both forms libpq reads are handled: a URL
(`postgresql://user:secret@host:5432/db?password=...`) and key=value pairs
(`host=db password=secret dbname=coach`).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

HIDDEN = "***"
_URL = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)
# key=value pairs: a value is a bare word or a single-quoted string with \' and \\ escapes.
_PAIR = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)")


def is_url(dsn: str) -> bool:
    """True for a postgresql:// (or postgres://) URL."""
    return bool(_URL.match(dsn))


def hide_password(dsn: str) -> str:
    """`dsn` with any password replaced by ***: what coach prints, in every message."""
    if is_url(dsn):
        try:
            parts = urlsplit(dsn)
        except ValueError:
            return re.sub(r"(://[^:/@]*:)[^@]*@", rf"\g<1>{HIDDEN}@", dsn)
        netloc = parts.netloc
        if "@" in netloc:
            user, _, host = netloc.rpartition("@")
            if ":" in user:
                user = user.split(":", 1)[0] + ":" + HIDDEN
            netloc = f"{user}@{host}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            query = urlencode([(k, HIDDEN if k == "password" else v) for k, v in pairs], safe="*")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return _PAIR.sub(lambda m: f"{m.group(1)}={HIDDEN}" if m.group(1) == "password" else m.group(0), dsn)


def password_of(dsn: str) -> str | None:
    """The password `dsn` holds, if any (so that a server's message can be cleaned of it)."""
    if is_url(dsn):
        try:
            parts = urlsplit(dsn)
        except ValueError:
            return None
        if parts.password:
            return parts.password
        found = dict(parse_qsl(parts.query)).get("password")
        return found or None
    for key, value in _PAIR.findall(dsn):
        if key == "password":
            return value.strip("'") or None
    return None


__all__ = ["HIDDEN", "is_url", "hide_password", "password_of"]
