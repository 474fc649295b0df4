"""The owner's password: salted scrypt hashes, constant-time checks, recovery codes."""

from __future__ import annotations

from arddesk.domain.password import (
    hash_secret,
    new_recovery_code,
    new_seal_key,
    normalize_recovery_code,
    password_problems,
    retry_delay,
    unwrap_key,
    verify_secret,
    wrap_key,
)


def test_hash_verifies_the_right_password_only() -> None:
    stored = hash_secret("correct horse")
    assert verify_secret("correct horse", stored)
    assert not verify_secret("correct horsE", stored)
    assert not verify_secret("", stored)


def test_hash_is_salted_carries_its_parameters_and_not_the_password() -> None:
    first, second = hash_secret("correct horse"), hash_secret("correct horse")
    assert first != second
    assert first.startswith("scrypt$n=16384,r=8,p=1$")
    assert "correct horse" not in first


def test_malformed_stored_hash_never_matches() -> None:
    for stored in ("", "plain", "md5$x$y$z", "scrypt$n=16384,r=8,p=1$!!$!!", "scrypt$n=16384$AA==$AA=="):
        assert not verify_secret("anything", stored)


def test_password_rules() -> None:
    assert password_problems("short") != []
    assert password_problems("        ") != []
    assert password_problems("long enough") == []


def test_recovery_code_shape_and_normalization() -> None:
    code = new_recovery_code()
    assert len(code) == 24 and code.count("-") == 4
    assert not set(code.replace("-", "")) & set("01OIL")
    assert normalize_recovery_code(code.lower().replace("-", " ")) == code
    assert new_recovery_code() != code


def test_a_wrapped_seal_key_comes_back_only_with_the_same_secret() -> None:
    key = new_seal_key()
    stored = wrap_key("correct horse", key)
    assert stored.startswith("scrypt$n=16384,r=8,p=1$") and key.hex() not in stored
    assert unwrap_key("correct horse", stored) == key
    other = unwrap_key("correct horsE", stored)
    assert other is not None and other != key and len(other) == len(key)
    assert wrap_key("correct horse", key) != stored  # a fresh salt each time
    assert unwrap_key("correct horse", "scrypt$n=16384$AA==$AA==") is None


def test_the_delay_doubles_after_each_wrong_try_up_to_a_minute() -> None:
    assert [retry_delay(n) for n in range(9)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]
