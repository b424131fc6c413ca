"""Private links to a workspace's web page.

A token is 128 random bits (`secrets.token_urlsafe(16)`); only its SHA-256 is stored, so
the database alone opens no page. Because the token cannot be read back, every `/drill
web` mints a fresh link for the person who asked (each one opens the same page);
`/drill web rotate` revokes every live link of the workspace and mints one new one.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.db.engine import rowcount
from bot.db.models import WebLink, Workspace

TOKEN_BYTES = 16  # 128 bits
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22}$")  # what token_urlsafe(16) produces


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mint(session: Session, workspace_id: int, member_id: int | None, now: datetime) -> str:
    """A new live link token for the workspace; the caller shows it once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(WebLink(workspace_id=workspace_id, token_hash=digest(token), created_by_id=member_id, created_at=now))
    session.flush()
    return token


def rotate(session: Session, workspace_id: int, member_id: int | None, now: datetime) -> tuple[str, int]:
    """Revoke every live link of the workspace and mint one new one; returns the new
    token and how many links were revoked."""
    revoked = rowcount(
        session.execute(
            update(WebLink)
            .where(col(WebLink.workspace_id) == workspace_id, col(WebLink.revoked_at).is_(None))
            .values(revoked_at=now)
        )
    )
    return mint(session, workspace_id, member_id, now), revoked


def workspace_of(session: Session, token: str) -> Workspace | None:
    """The workspace a live token opens (one query), or None: malformed, unknown and
    revoked tokens alike."""
    if not TOKEN_SHAPE.match(token):
        return None
    return session.exec(
        select(Workspace)
        .join(WebLink, col(WebLink.workspace_id) == col(Workspace.id))
        .where(WebLink.token_hash == digest(token), col(WebLink.revoked_at).is_(None))
    ).first()


def link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/t/{token}/"
