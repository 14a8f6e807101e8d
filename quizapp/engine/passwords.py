"""Passwords: salted, slow scrypt hashes (standard library), one-time passwords, and the wait
after wrong ones. Pure functions: the store keeps the hash and the count of wrong attempts.

A hash reads `scrypt$n$r$p$salt$digest` (salt and digest in hex), so the cost can be raised
later without invalidating stored hashes: each is checked with the cost it was made with.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

# scrypt's cost: n=2**14, r=8 takes about 16 MiB and 40-80 ms per check on the class server,
# which makes guessing offline expensive and online sign-in still instant.
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
DIGEST_BYTES = 32
MIN_LENGTH = 8
MAX_LENGTH = 256  # scrypt hashes any length; a bound keeps a hostile sign-in cheap

# Wrong passwords in a row before sign-in is slowed, and the longest wait.
FREE_ATTEMPTS = 3
MAX_WAIT = 15 * 60

# One-time passwords: four groups of four letters and digits, without look-alikes (0/O, 1/l/I).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A new salted scrypt hash of `password`, as stored."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=DIGEST_BYTES)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when `password` matches the stored hash. Without a hash, a dummy hash is computed
    anyway so that an unknown or password-less account takes as long to refuse as a known one."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            raise ValueError(scheme)
        expected = bytes.fromhex(digest)
        given = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                               dklen=len(expected))
    except ValueError:
        hash_password(password)  # the same work as a real check
        return False
    return hmac.compare_digest(given, expected)


def one_time_password() -> str:
    """A random password to hand out once (about 79 bits), easy to read aloud and type."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))


def check_new_password(password: str, name: str) -> str | None:
    """Why a chosen password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"a password has at most {MAX_LENGTH} characters"
    if password.strip().casefold() == name.strip().casefold():
        return "a password must not be the name"
    return None


def wait_after(failures: int) -> int:
    """Seconds before the next sign-in may be tried after `failures` wrong passwords in a row:
    none for the first few, then doubling from 2 s up to 15 minutes."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_WAIT, 2 ** (failures - FREE_ATTEMPTS + 1)))
