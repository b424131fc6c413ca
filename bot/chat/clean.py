"""Text from a platform, made safe to store before the core sees it.

PostgreSQL rejects a NUL character in text columns, so an answer carrying one would be
acknowledged to the platform and then lost when it is written. Removing it at the edge
keeps the rest of the answer (what the person meant) and works the same on SQLite.
"""

from __future__ import annotations

from dataclasses import replace

from bot.chat.ports import UserRef

NUL = "\x00"


def clean(text: str) -> str:
    return text.replace(NUL, "") if NUL in text else text


def clean_user(user: UserRef) -> UserRef:
    return replace(user, id=clean(user.id), name=clean(user.name)) if NUL in user.id + user.name else user
