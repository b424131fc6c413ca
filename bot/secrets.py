"""Tokens at rest: sealed with Fernet under DRILLBOT_SECRET_KEY before they reach the
database, so a copied database or backup holds no usable token.

DRILLBOT_SECRET_KEY is one or more Fernet keys separated by commas (MultiFernet): the
first seals, every one opens. Rotation is: put the new key first, run
`drillbot secrets rotate` (re-seals every token under it), then drop the old key.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

SEALED_PREFIX = "gAAAAA"  # every Fernet token starts with version 0x80 and a timestamp


class SecretKeyError(Exception):
    """The key setting is missing or wrong, or a stored token was sealed under another key."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def parse_keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


def check_keys(value: str) -> str:
    """Raise ValueError naming the bad key's position (never the key itself)."""
    for n, key in enumerate(parse_keys(value), 1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ValueError(
                f"key {n} is not a Fernet key (32 url-safe base64 bytes); `drillbot secrets new-key` makes one"
            ) from None
    return value


def is_sealed(value: str | None) -> bool:
    return value is not None and value.startswith(SEALED_PREFIX)


class Sealer:
    def __init__(self, keys: str) -> None:
        parsed = parse_keys(keys)
        if not parsed:
            raise SecretKeyError("DRILLBOT_SECRET_KEY is not set")
        check_keys(keys)
        self._fernet = MultiFernet([Fernet(k) for k in parsed])

    def seal(self, value: str | None) -> str | None:
        if value is None or value == "":
            return value
        return self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        if value is None or value == "":
            return value
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken:
            raise SecretKeyError(
                "a stored token does not open with DRILLBOT_SECRET_KEY (was it sealed under a key you removed?)"
            ) from None

    def reseal(self, value: str | None) -> str | None:
        """Under the first key: a sealed value is rotated, a plaintext one (from before
        encryption) is sealed."""
        if value is None or value == "":
            return value
        if not is_sealed(value):
            return self.seal(value)
        try:
            return self._fernet.rotate(value.encode()).decode()
        except InvalidToken:
            raise SecretKeyError("a stored token does not open with any key in DRILLBOT_SECRET_KEY") from None
