"""The owner's password and recovery code: salted scrypt hashes, never the text itself.

A stored hash reads ``scrypt$n=16384,r=8,p=1$<salt base64>$<hash base64>``: the parameters travel
with the hash, so stronger ones can be used later and old hashes still verify.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from arddesk.domain.problems import Problem

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 8
# No 0/O, 1/I/L: a recovery code is read off paper and typed back.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_GROUPS, _CODE_GROUP_LENGTH = 5, 4


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * n * r * p, dklen=length)


def hash_secret(secret: str) -> str:
    """A salted scrypt hash of a password or recovery code, with its parameters, for storage."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(secret, salt, N, R, P, KEY_BYTES)
    return f"{SCHEME}$n={N},r={R},p={P}${_b64(salt)}${_b64(key)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` matches a hash made by :func:`hash_secret` (constant-time comparison).

    A malformed stored hash never matches.
    """
    try:
        scheme, params, salt_text, key_text = stored.split("$")
        if scheme != SCHEME:
            return False
        values = dict(part.split("=") for part in params.split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        salt = base64.b64decode(salt_text, validate=True)
        expected = base64.b64decode(key_text, validate=True)
    except (ValueError, KeyError):
        return False
    if not expected:
        return False
    actual = _derive(secret, salt, n, r, p, len(expected))
    return hmac.compare_digest(actual, expected)


def password_problems(password: str) -> list[Problem]:
    """What is wrong with a new password: too short or only blanks."""
    if len(password) < MIN_LENGTH or not password.strip():
        return [Problem(None, "password", "", f"at least {MIN_LENGTH} characters")]
    return []


def new_recovery_code() -> str:
    """A random recovery code such as ``K7QF-M2XA-9PRT-H4WC-ZN3E`` (about 99 bits)."""
    groups = ("".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LENGTH)) for _ in range(_CODE_GROUPS))
    return "-".join(groups)


def normalize_recovery_code(text: str) -> str:
    """A recovery code as typed (any case, spaces or dashes) in its canonical form."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    size = _CODE_GROUP_LENGTH
    return "-".join(compact[i : i + size] for i in range(0, len(compact), size))
