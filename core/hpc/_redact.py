"""The one redaction helper: every message that may quote a URL, a header or a server's answer
goes through :func:`redact` before it leaves footprintlab.hpc (exceptions, CLI messages)."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MASK", "redact", "split_userinfo"]

MASK = "***"

# scheme://user:password@host -> scheme://***@host
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]*@")
# "Bearer abc", "Basic abc=", "Authorization: xyz" (a header echoed in an answer)
_SCHEME_VALUE = re.compile(r"(?i)\b(bearer|basic)(\s+)[^\s,;\"'}\]]+")
_AUTH_HEADER = re.compile(r"(?i)\b(authorization|x-api-key|api-key)(\"?\s*[:=]\s*\"?)"
                          r"(?!bearer\b|basic\b)[^\s,;\"'}\]]+")
# ?token=... &access_token=... &api_key=... &password=...
_QUERY = re.compile(r"(?i)([?&;](?:token|access_token|api_key|apikey|password|secret)=)[^&\s#\"']+")


def redact(text: object, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with the given secrets, URL user-info and credentials in headers masked."""
    text = str(text)
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _USERINFO.sub(rf"\1{MASK}@", text)
    text = _SCHEME_VALUE.sub(rf"\1\2{MASK}", text)
    text = _AUTH_HEADER.sub(rf"\1\2{MASK}", text)
    return _QUERY.sub(rf"\1{MASK}", text)


def split_userinfo(url: str) -> tuple[str, str | None, str | None]:
    """``(url without user-info, user, password)``; user and password are None when absent."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return clean, unquote(user), (unquote(password) if password else None)
