"""Database passwords never reach the terminal, a log or an error message.

Two layers: `redact_url` hides the password of anything shaped like a URL or a libpq connection
string (a `user:password@` part, however many `@` the password holds unencoded, and `password=`
parameters), and `redact` also replaces, anywhere in a text, every password seen in a database
URL this process opened (`remember`), so a driver's message that quotes one is covered too.
Every QuizError message passes through `redact` (quizapp.errors).
"""

from __future__ import annotations

import re
import threading
from urllib.parse import quote, unquote

MASK = "***"
_LOCK = threading.Lock()
_SECRETS: set[str] = set()

# scheme://user:password@host...: the password runs to the LAST "@" of the URL (up to the next
# space), since an unencoded "@" in a password is common and would otherwise leave its tail
# showing; not to the last "@" of the line, which may be in the words after the URL. (A password
# holding a space is covered by the second layer: quizapp.store.database remembers it.)
_USERINFO = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/?#@\s]*:)\S*@")
# password=value: an unquoted value ends at a separator, or at a colon that ends the URL in a
# message ("...?password=***: connection failed"); a colon inside the value is part of it.
_PARAM = re.compile(
    r"(?P<head>\b(?:password|passwd|pwd|pass)\s*=\s*)(?:'(?:[^'\\]|\\.)*'|(?:[^&\s;,)\"':]|:(?!\s|$))*)",
    re.IGNORECASE,
)


def remember(password: str | None) -> None:
    """Note a password (as written and URL-encoded) so `redact` hides it wherever it appears."""
    if not password:
        return
    with _LOCK:
        _SECRETS.update(s for s in (password, quote(password, safe=""), unquote(password)) if s)


def redact_url(text: str) -> str:
    """`text` with the password of every URL and `password=` parameter in it replaced by ***."""
    text = _USERINFO.sub(lambda m: f"{m['head']}{MASK}@", text)
    return _PARAM.sub(lambda m: f"{m['head']}{MASK}", text)


def redact(text: str) -> str:
    """`text` with every password hidden: URL-shaped ones and every remembered one."""
    with _LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)  # longest first: one may contain another
    for secret in secrets:
        text = text.replace(secret, MASK)
    return redact_url(text)
