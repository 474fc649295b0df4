"""The owner's password and recovery code: salted scrypt hashes, never the text itself; the seal key
they unlock; the delay after a wrong password.

A stored hash reads ``scrypt$n=16384,r=8,p=1$<salt base64>$<hash base64>``: the parameters travel
with the hash, so stronger ones can be used later and old hashes still verify.

The seal key (see ``domain.audit.seal``) is random and stored only *wrapped*: XOR-ed with a second,
independently salted scrypt derivation of the password (or of the recovery code), in the same
format. Only someone who types the password can unwrap it, and it stays the same when the password
changes, so seals made under an earlier password still verify.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from arddesk.domain.problems import R_, Problem

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 8
MAX_DELAY = 60
# No 0/O, 1/I/L: a recovery code is read off paper and typed back.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_GROUPS, _CODE_GROUP_LENGTH = 5, 4


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * n * r * p, dklen=length)


def _stored(salt: bytes, data: bytes) -> str:
    return f"{SCHEME}$n={N},r={R},p={P}${_b64(salt)}${_b64(data)}"


def _derived_for(secret: str, stored: str) -> tuple[bytes, bytes] | None:
    """(scrypt of ``secret`` with the stored salt and parameters, the stored data); None when malformed."""
    try:
        scheme, params, salt_text, data_text = stored.split("$")
        if scheme != SCHEME:
            return None
        values = dict(part.split("=") for part in params.split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        salt = base64.b64decode(salt_text, validate=True)
        data = base64.b64decode(data_text, validate=True)
    except (ValueError, KeyError):
        return None
    if not data:
        return None
    return _derive(secret, salt, n, r, p, len(data)), data


def hash_secret(secret: str) -> str:
    """A salted scrypt hash of a password or recovery code, with its parameters, for storage."""
    salt = secrets.token_bytes(SALT_BYTES)
    return _stored(salt, _derive(secret, salt, N, R, P, KEY_BYTES))


def verify_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` matches a hash made by :func:`hash_secret` (constant-time comparison).

    A malformed stored hash never matches.
    """
    found = _derived_for(secret, stored)
    return found is not None and hmac.compare_digest(*found)


def new_seal_key() -> bytes:
    """A random key for the owner's seals."""
    return secrets.token_bytes(KEY_BYTES)


def wrap_key(secret: str, key: bytes) -> str:
    """``key`` wrapped with a password or recovery code, for storage (see the module's text)."""
    salt = secrets.token_bytes(SALT_BYTES)
    pad = _derive(secret, salt, N, R, P, len(key))
    return _stored(salt, bytes(a ^ b for a, b in zip(key, pad, strict=True)))


def unwrap_key(secret: str, stored: str) -> bytes | None:
    """The key :func:`wrap_key` wrapped, given the same secret (another secret gives other bytes).

    Returns None when the stored text is malformed. Whether the key is the right one is told by
    a seal made with it, never by this function.
    """
    found = _derived_for(secret, stored)
    if found is None:
        return None
    pad, wrapped = found
    return bytes(a ^ b for a, b in zip(wrapped, pad, strict=True))


def retry_delay(wrong_tries: int) -> float:
    """Seconds to wait before the next try after ``wrong_tries`` wrong passwords in a row: 0, 1, 2, 4… up to 60."""
    if wrong_tries <= 0:
        return 0.0
    return float(min(2 ** (wrong_tries - 1), MAX_DELAY))


def password_problems(password: str) -> list[Problem]:
    """What is wrong with a new password: too short or only blanks."""
    if len(password) < MIN_LENGTH or not password.strip():
        return [Problem(None, "password", "", R_("at least {count} characters"), {"count": MIN_LENGTH})]
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
